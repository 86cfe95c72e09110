//! Keeping a wall screen's copy of `data/index.json` current: conditional GETs
//! (`If-None-Match` / `If-Modified-Since`), and the last good copy in localStorage so a
//! reload without network (or a server hiccup) never blanks the screen.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::model::Index;

pub const INDEX_URL: &str = "/data/index.json";

/// Header the wall's service worker adds when it answers from its cache because the
/// network failed.
pub const FROM_CACHE_HEADER: &str = "x-impactwall-from-cache";

const SAVED_KEY: &str = "impactwall.wall.index";

/// What the server last said about the index, to ask "has it changed?".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The answer to a refresh.
pub enum Fetched {
    Changed {
        index: Box<Index>,
        raw: String,
        validators: Validators,
        /// Served from the offline cache: the network is down.
        from_cache: bool,
    },
    Unchanged {
        from_cache: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("offline ({0})")]
    Offline(String),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the data could not be read ({0})")]
    Decode(String),
}

impl FeedError {
    pub fn is_offline(&self) -> bool {
        matches!(self, FeedError::Offline(_))
    }
}

/// GETs the index unless it still matches `known`.
pub async fn fetch_index_if_changed(known: &Validators) -> Result<Fetched, FeedError> {
    let mut req = gloo_net::http::Request::get(INDEX_URL);
    if let Some(etag) = &known.etag {
        req = req.header("If-None-Match", etag);
    } else if let Some(lm) = &known.last_modified {
        req = req.header("If-Modified-Since", lm);
    }
    let resp = req
        .send()
        .await
        .map_err(|e| FeedError::Offline(e.to_string()))?;
    let headers = resp.headers();
    let from_cache = headers.get(FROM_CACHE_HEADER).is_some();
    if resp.status() == 304 {
        return Ok(Fetched::Unchanged { from_cache });
    }
    if !resp.ok() {
        return Err(FeedError::Status(resp.status()));
    }
    let validators = Validators {
        etag: headers.get("etag"),
        last_modified: headers.get("last-modified"),
    };
    if validators.etag.is_some() && validators == *known {
        return Ok(Fetched::Unchanged { from_cache });
    }
    let raw = resp
        .text()
        .await
        .map_err(|e| FeedError::Offline(e.to_string()))?;
    let index: Index = serde_json::from_str(&raw).map_err(|e| FeedError::Decode(e.to_string()))?;
    Ok(Fetched::Changed {
        index: Box::new(index),
        raw,
        validators,
        from_cache,
    })
}

#[derive(Serialize, Deserialize)]
struct Saved {
    validators: Validators,
    raw: String,
}

/// The last good index this screen saw, if any.
pub fn load_saved() -> Option<(Index, Validators)> {
    let saved: Saved = LocalStorage::get(SAVED_KEY).ok()?;
    let index = serde_json::from_str(&saved.raw).ok()?;
    Some((index, saved.validators))
}

/// Remembers a good index; a full storage only costs the offline start-up copy.
pub fn save(raw: &str, validators: &Validators) {
    let saved = Saved {
        validators: validators.clone(),
        raw: raw.to_string(),
    };
    if LocalStorage::set(SAVED_KEY, &saved).is_err() {
        LocalStorage::delete(SAVED_KEY);
    }
}
