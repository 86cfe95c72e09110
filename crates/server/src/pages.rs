//! Pages rendered when they are asked for. `impactwall serve` does not prerender the
//! whole site after every edit (at 10,000 items that is seconds of work for one saved
//! file): the data files are rebuilt, and a page is rendered from the current data
//! when a browser asks for it, then kept until the next build or the next minute.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use chrono::{DurationRound, TimeDelta, Utc};

use super::assets::{inject_script_tag, Asset, SiteSnapshot};
use impactwall_content::build::Pages;
use impactwall_model::Instant;

/// What a page path resolved to.
pub enum PageAnswer {
    Page(Arc<Asset>),
    /// The site has no such page: its 404 page.
    Missing(Arc<Asset>),
}

/// The renderer and the pages rendered for one build and minute.
pub struct OnRequestPages {
    pages: Arc<dyn Pages>,
    inject_live_script: bool,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    generation: u64,
    minute: Instant,
    pages: HashMap<String, Option<Arc<Asset>>>,
}

impl OnRequestPages {
    pub fn new(pages: Arc<dyn Pages>, inject_live_script: bool) -> OnRequestPages {
        OnRequestPages {
            pages,
            inject_live_script,
            cache: Mutex::new(Cache::default()),
        }
    }

    /// The page at `path` (no leading slash, as the router gives it), or the 404
    /// page; `None` when neither can be rendered (no data yet, or a broken shell).
    pub fn answer(&self, snapshot: &SiteSnapshot, path: &str) -> Option<PageAnswer> {
        let url = format!("/{path}");
        if let Some(page) = self.get(snapshot, &url) {
            return Some(PageAnswer::Page(page));
        }
        let (lang, _) = language_prefix(path);
        let not_found = match lang {
            Some(l) => format!("/{l}/404.html"),
            None => "/404.html".to_string(),
        };
        self.get(snapshot, &not_found)
            .or_else(|| self.get(snapshot, "/404.html"))
            .map(PageAnswer::Missing)
    }

    fn get(&self, snapshot: &SiteSnapshot, url: &str) -> Option<Arc<Asset>> {
        let minute = Utc::now()
            .duration_trunc(TimeDelta::minutes(1))
            .unwrap_or_else(|_| Utc::now());
        {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if cache.generation != snapshot.generation || cache.minute != minute {
                *cache = Cache {
                    generation: snapshot.generation,
                    minute,
                    pages: HashMap::new(),
                };
            }
            if let Some(hit) = cache.pages.get(url) {
                return hit.clone();
            }
        }
        let read = |p: &str| snapshot.files.get(p).map(|a| a.identity.to_vec());
        let page = match self.pages.render_page(&read, url, minute) {
            Ok(Some(html)) => Some(self.asset(url, html)),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!("rendering {url}: {e}");
                None
            }
        };
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.generation == snapshot.generation && cache.minute == minute {
            cache.pages.insert(url.to_string(), page.clone());
        }
        page
    }

    fn asset(&self, url: &str, html: Vec<u8>) -> Arc<Asset> {
        let html = if self.inject_live_script {
            inject_script_tag(&String::from_utf8_lossy(&html)).into_bytes()
        } else {
            html
        };
        let bytes = Bytes::from(html);
        let etag = super::assets::etag_of(&bytes);
        let name = if url.ends_with(".html") {
            url.trim_start_matches('/').to_string()
        } else {
            format!("{}/index.html", url.trim_matches('/'))
        };
        Arc::new(Asset::uncompressed(&name, bytes, etag))
    }
}

/// Is `path` (no leading slash) a page rather than a file: no extension in its last
/// segment, or a `404.html`?
pub fn is_page_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    !last.contains('.') || last == "404.html"
}

/// `es/stories` → (`Some("es")`, `stories`) for a two-letter first segment.
fn language_prefix(path: &str) -> (Option<&str>, &str) {
    match path.split_once('/') {
        Some((first, rest))
            if first.len() == 2 && first.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            (Some(first), rest)
        }
        _ if path.len() == 2 && path.bytes().all(|b| b.is_ascii_lowercase()) => (Some(path), ""),
        _ => (None, path),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_page_path, language_prefix};

    #[test]
    fn pages_and_files() {
        assert!(is_page_path(""));
        assert!(is_page_path("stories/rosa"));
        assert!(is_page_path("es/"));
        assert!(is_page_path("404.html"));
        assert!(!is_page_path("data/index.json"));
        assert!(!is_page_path("app-0123.wasm"));
        assert_eq!(language_prefix("es/stories"), (Some("es"), "stories"));
        assert_eq!(language_prefix("nl"), (Some("nl"), ""));
        assert_eq!(language_prefix("stories/es"), (None, "stories/es"));
    }
}
