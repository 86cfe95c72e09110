//! Fetching the published JSON.

use serde::de::DeserializeOwned;

use crate::model::Index;

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

/// GET `url` and decode its JSON body.
pub async fn fetch_json<T: DeserializeOwned>(url: &str) -> Result<T, FetchError> {
    let resp = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    if !resp.ok() {
        return Err(FetchError::Status(resp.status()));
    }
    let text = resp
        .text()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| FetchError::Decode(e.to_string()))
}

pub async fn fetch_index() -> Result<Index, FetchError> {
    fetch_json("/data/index.json").await
}
