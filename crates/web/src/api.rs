//! Fetching the published JSON.
//!
//! Every fetch returns `Result<_, FetchError>`: a failed request, an error status or a
//! body that is not the JSON we expect all become a `FetchError` the page can show with
//! a retry button, never a panic.

use std::future::Future;
use std::pin::Pin;

use impactwall_model::Kind;

/// Why data could not be shown. Displayed to the reader, so messages are plain.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("the network request failed ({0})")]
    Network(String),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the data could not be read ({0})")]
    Decode(String),
}

impl FetchError {
    /// The item does not exist (a deep link to a removed or mistyped slug).
    pub fn is_not_found(&self) -> bool {
        matches!(self, FetchError::Status(404))
    }
}

/// What went wrong, as the browser says it ("TypeError: Failed to fetch").
fn js_text(e: wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(e).to_string().into()
}

/// GET `url` with the given request headers. Only a network failure is an error here;
/// the caller looks at the status. The browser's own `fetch`: one small request path
/// for the site and the wall, without an HTTP client crate in the bundle.
pub async fn get(url: &str, headers: &[(&str, &str)]) -> Result<web_sys::Response, String> {
    use wasm_bindgen::JsCast;
    let window = crate::browser::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    if !headers.is_empty() {
        let h = web_sys::Headers::new().map_err(js_text)?;
        for (name, value) in headers {
            h.set(name, value).map_err(js_text)?;
        }
        init.set_headers(&h);
    }
    let answer = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(js_text)?;
    answer.dyn_into().map_err(js_text)
}

/// The body of `resp` as text; an error if the connection breaks while reading it.
pub async fn body_text(resp: &web_sys::Response) -> Result<String, String> {
    let body = resp.text().map_err(js_text)?;
    let text = wasm_bindgen_futures::JsFuture::from(body)
        .await
        .map_err(js_text)?;
    text.as_string()
        .ok_or_else(|| String::from("the body is not text"))
}

type TextFuture = Pin<Box<dyn Future<Output = Result<String, FetchError>>>>;

/// GET `url` and return the body of a successful response. Boxed so the request
/// machinery is compiled once, not once per JSON type.
pub fn fetch_text(url: String) -> TextFuture {
    Box::pin(async move {
        let resp = get(&url, &[]).await.map_err(FetchError::Network)?;
        if !resp.ok() {
            return Err(FetchError::Status(resp.status()));
        }
        body_text(&resp).await.map_err(FetchError::Network)
    })
}

/// Reads published JSON into a model type: the model's own serde derives are the one
/// definition of the data contract, for the writer (the build) and this reader alike.
pub fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, FetchError> {
    let value = js_sys::JSON::parse(text).map_err(|e| FetchError::Decode(js_text(e)))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| FetchError::Decode(e.to_string()))
}

/// URL of the index every page starts from.
pub const INDEX_URL: &str = "/data/index.json";

/// URL of an item's detail JSON. Slugs are `[a-z0-9-]`, but a deep link can carry
/// anything, so anything else is refused rather than put into a URL.
pub fn detail_url(kind: Kind, slug: &str) -> Option<String> {
    let valid = !slug.is_empty()
        && slug.len() <= 80
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then(|| format!("/data/{}/{}.json", kind.dir(), slug))
}
