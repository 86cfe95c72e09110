//! Keeping a wall screen's copy of its feed (`data/wall.json`, or its playlist's
//! `data/wall/{name}.json`; see `impactwall_model::wall_feed`) current: conditional GETs
//! (`If-None-Match` / `If-Modified-Since`), and the last good copy in localStorage so a
//! reload without network (or a server hiccup) never blanks the screen.

use crate::api::{body_text, decode, get};

pub use impactwall_model::wall_feed::WallFeed;

/// The feed of every screen without a playlist (and of a playlist with no feed).
pub const FEED_URL: &str = "/data/wall.json";

/// The feed a screen asks for: its playlist's, when the name can be one.
pub fn feed_url(playlist: Option<&str>) -> String {
    match playlist {
        Some(name)
            if !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
        {
            format!("/data/wall/{name}.json")
        }
        _ => FEED_URL.to_string(),
    }
}

/// Header the wall's service worker adds when it answers from its cache because the
/// network failed.
pub const FROM_CACHE_HEADER: &str = "x-impactwall-from-cache";

const SAVED_KEY: &str = "impactwall.wall.index";

/// First line of the saved copy. What an older version saved there (JSON) does not
/// start with it and is ignored until the next good fetch replaces it.
const SAVED_HEADER: &str = "impactwall saved index 1";

/// What the server last said about the index, to ask "has it changed?".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The answer to a refresh.
pub enum Fetched {
    Changed {
        feed: Box<WallFeed>,
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

/// GETs the feed at `url` unless it still matches `known`.
pub async fn fetch_feed_if_changed(url: &str, known: &Validators) -> Result<Fetched, FeedError> {
    let condition = match (&known.etag, &known.last_modified) {
        (Some(etag), _) => Some(("If-None-Match", etag.as_str())),
        (None, Some(lm)) => Some(("If-Modified-Since", lm.as_str())),
        (None, None) => None,
    };
    let resp = get(url, condition.as_slice())
        .await
        .map_err(FeedError::Offline)?;
    let headers = resp.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let from_cache = header(FROM_CACHE_HEADER).is_some();
    if resp.status() == 304 {
        return Ok(Fetched::Unchanged { from_cache });
    }
    if !resp.ok() {
        return Err(FeedError::Status(resp.status()));
    }
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    if validators.etag.is_some() && validators == *known {
        return Ok(Fetched::Unchanged { from_cache });
    }
    let raw = body_text(&resp).await.map_err(FeedError::Offline)?;
    let feed: WallFeed = decode(&raw).map_err(|e| FeedError::Decode(e.to_string()))?;
    Ok(Fetched::Changed {
        feed: Box::new(feed),
        raw,
        validators,
        from_cache,
    })
}

fn storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok().flatten()
}

/// The saved copy as text: the header line, the ETag and Last-Modified lines (`=`
/// and the value, or empty when there was none; header values hold no line breaks),
/// then the index exactly as served.
fn saved_text(raw: &str, validators: &Validators) -> String {
    let line = |v: &Option<String>| v.as_deref().map_or(String::new(), |v| ["=", v].concat());
    [
        SAVED_HEADER,
        "\n",
        &line(&validators.etag),
        "\n",
        &line(&validators.last_modified),
        "\n",
        raw,
    ]
    .concat()
}

/// Reads [`saved_text`] back: the validators and the raw index.
fn read_saved(text: &str) -> Option<(Validators, &str)> {
    let rest = text.strip_prefix(SAVED_HEADER)?.strip_prefix('\n')?;
    let (etag, rest) = rest.split_once('\n')?;
    let (last_modified, raw) = rest.split_once('\n')?;
    let value = |line: &str| line.strip_prefix('=').map(str::to_string);
    let validators = Validators {
        etag: value(etag),
        last_modified: value(last_modified),
    };
    Some((validators, raw))
}

/// The last good feed this screen saw, if any (a copy of the index saved by an
/// earlier version reads as a feed too).
pub fn load_saved() -> Option<(WallFeed, Validators)> {
    let text = storage()?.get_item(SAVED_KEY).ok()??;
    let (validators, raw) = read_saved(&text)?;
    let feed = decode(raw).ok()?;
    Some((feed, validators))
}

/// Remembers a good index; a full storage only costs the offline start-up copy.
pub fn save(raw: &str, validators: &Validators) {
    let Some(storage) = storage() else {
        return;
    };
    if storage
        .set_item(SAVED_KEY, &saved_text(raw, validators))
        .is_err()
    {
        let _ = storage.remove_item(SAVED_KEY);
    }
}
