//! Requests to the desk's API (`/desk/api/`, docs/desk.md): the session cookie goes
//! with every request by itself (same origin), the CSRF token goes in `X-CSRF-Token`
//! on every change. Answers are read as text with their status; the callers decide.

use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::Session;
use crate::api::decode;

pub const SESSION_URL: &str = "/desk/api/session";
pub const ITEMS_URL: &str = "/desk/api/items";

/// An answer: its status and body.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub text: String,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The `message` of an error answer (`{"error": 403, "message": "…"}`).
    pub fn message(&self) -> String {
        #[derive(Deserialize)]
        struct Problem {
            message: String,
        }
        decode::<Problem>(&self.text)
            .map_or_else(|_| format!("HTTP {}", self.status), |p| p.message)
    }
}

fn js_text(e: JsValue) -> String {
    js_sys::Error::from(e).to_string().into()
}

/// Sends `method url` with an optional JSON `body` and, for changes, the CSRF token.
/// Only a network failure is an `Err`.
pub async fn send(
    method: &str,
    url: &str,
    body: Option<String>,
    csrf: Option<&str>,
) -> Result<Answer, String> {
    let window = crate::browser::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(js_text)?;
    headers.set("Accept", "application/json").map_err(js_text)?;
    if let Some(csrf) = csrf {
        headers.set("X-CSRF-Token", csrf).map_err(js_text)?;
    }
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(js_text)?;
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&headers);
    let resp: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(js_text)?
            .dyn_into()
            .map_err(js_text)?;
    let text = crate::api::body_text(&resp).await?;
    Ok(Answer {
        status: resp.status(),
        text,
    })
}

/// `value` as JSON text (through the browser's `JSON.stringify`; maps become objects
/// and `None` becomes `null`).
pub fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&js)
        .map(String::from)
        .map_err(js_text)
}

/// `POST /desk/api/media`: the file itself as the body. Answers the stored path.
pub async fn upload(file: &web_sys::File, folder: &str, csrf: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct Stored {
        path: String,
    }
    let window = crate::browser::window().ok_or("no window")?;
    let name: String = form_urlencoded::byte_serialize(file.name().as_bytes()).collect();
    let url = format!("/desk/api/media?name={name}&folder={folder}");
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(js_text)?;
    headers.set("X-CSRF-Token", csrf).map_err(js_text)?;
    init.set_headers(&headers);
    init.set_body(file);
    let resp: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(&url, &init))
            .await
            .map_err(js_text)?
            .dyn_into()
            .map_err(js_text)?;
    let answer = Answer {
        status: resp.status(),
        text: crate::api::body_text(&resp).await?,
    };
    if !answer.ok() {
        return Err(answer.message());
    }
    decode::<Stored>(&answer.text)
        .map(|s| s.path)
        .map_err(|e| e.to_string())
}

/// Why signing in did not work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInError {
    /// A wrong token (401).
    WrongToken,
    /// Any other refusal or failure, with what the server or browser said.
    Other(String),
}

/// `POST /desk/api/session` with the token and the editor's name.
pub async fn sign_in(token: &str, name: &str) -> Result<Session, SignInError> {
    #[derive(Serialize)]
    struct Body<'a> {
        token: &'a str,
        name: &'a str,
    }
    #[derive(Deserialize)]
    struct Answered {
        csrf: String,
        name: String,
    }
    let body = to_json(&Body { token, name }).map_err(SignInError::Other)?;
    let answer = send("POST", SESSION_URL, Some(body), None)
        .await
        .map_err(SignInError::Other)?;
    match answer.status {
        200 | 201 => decode::<Answered>(&answer.text)
            .map(|a| Session {
                name: a.name,
                csrf: a.csrf,
            })
            .map_err(|e| SignInError::Other(e.to_string())),
        401 => Err(SignInError::WrongToken),
        _ => Err(SignInError::Other(answer.message())),
    }
}
