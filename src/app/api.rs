//! Fetching the published JSON.
//!
//! Every fetch returns `Result<_, FetchError>`: a failed request, an error status or a
//! body that is not the JSON we expect all become a `FetchError` the page can show with
//! a retry button, never a panic.

use std::future::Future;
use std::pin::Pin;

use crate::model::Kind;

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

/// What went wrong with a request, as text. Not `gloo_net::Error`'s `Display`: that
/// also covers its serde_json variant (never produced here, as nothing asks gloo-net
/// for JSON) and would link serde_json's error messages into the bundle.
pub(crate) fn network_error(e: gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) => js.to_string(),
        gloo_net::Error::GlooError(s) => s,
        // gloo-net's `json` feature, switched on by Leptos, adds the serde_json variant.
        #[allow(unreachable_patterns)]
        _ => String::from("unreadable response"),
    }
}

type TextFuture = Pin<Box<dyn Future<Output = Result<String, FetchError>>>>;

/// GET `url` and return the body of a successful response. Boxed so the request
/// machinery is compiled once, not once per JSON type.
pub fn fetch_text(url: String) -> TextFuture {
    Box::pin(async move {
        let resp = gloo_net::http::Request::get(&url)
            .send()
            .await
            .map_err(|e| FetchError::Network(network_error(e)))?;
        if !resp.ok() {
            return Err(FetchError::Status(resp.status()));
        }
        resp.text()
            .await
            .map_err(|e| FetchError::Network(network_error(e)))
    })
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
