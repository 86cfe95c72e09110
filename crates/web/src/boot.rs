//! How the reading site starts: from a prerendered page's payload or from nothing.
//!
//! Hydration only works when the browser's first render is the build's render: same
//! payload, same language, same instant, same (empty) query, same default theme. So
//! while hydrating, every piece of state starts where the build left it, and the
//! browser-only state (the real clock, the saved theme and team, the query string)
//! is applied right after, by `Effect`s, which run once hydration is complete.
//!
//! A URL with a query string (`?team=…`, `?at=…`, `?lang=…`) asks for a page the build
//! did not render; the app then renders in the browser over the static page (the static
//! page stays readable until then).

use std::sync::Arc;

use crate::page_data::PagePayload;

/// What the app starts from (context).
#[derive(Clone, Debug, Default)]
pub struct Boot {
    /// The embedded payload of a prerendered page.
    pub payload: Option<Arc<PagePayload>>,
    /// Rendering as the build did: natively, or hydrating its HTML.
    pub hydrating: bool,
}

impl Boot {
    /// A native render of `payload` (the build's prerender).
    pub fn prerender(payload: PagePayload) -> Boot {
        Boot {
            payload: Some(Arc::new(payload)),
            hydrating: true,
        }
    }

    /// In the browser: the page's payload, hydrating when the URL is the one the page
    /// was built for.
    #[cfg(target_arch = "wasm32")]
    pub fn in_browser() -> Boot {
        let payload = crate::page_data::embedded().map(Arc::new);
        let location = crate::browser::window().map(|w| w.location());
        let search = location
            .as_ref()
            .and_then(|l| l.search().ok())
            .unwrap_or_default();
        let path = location
            .as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_default();
        let hydrating = payload
            .as_ref()
            .is_some_and(|p| search.is_empty() && same_page(&p.path, &path));
        Boot { payload, hydrating }
    }

    /// The payload's language, when there is a payload.
    pub fn lang(&self) -> Option<&str> {
        self.payload.as_ref().map(|p| p.lang.as_str())
    }
}

/// The context provided by `App` (none in isolated component tests).
pub fn use_boot() -> Boot {
    leptos::prelude::use_context::<Boot>().unwrap_or_default()
}

/// Whether two paths name the same page (a trailing slash aside).
pub fn same_page(a: &str, b: &str) -> bool {
    let norm = |p: &str| {
        let t = p.trim_end_matches('/');
        if t.is_empty() {
            "/".to_string()
        } else {
            t.to_string()
        }
    };
    norm(a) == norm(b)
}

/// Removes the prerendered content before the app renders over it in the browser.
#[cfg(target_arch = "wasm32")]
pub fn clear_prerendered_body() {
    if let Some(body) = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        body.set_inner_html("");
    }
}

/// Sets `data-app` on `<body>`: `hydrated` or `rendered`.
#[cfg(target_arch = "wasm32")]
pub fn mark_body(how: &str) {
    if let Some(body) = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-app", how);
    }
}

#[cfg(test)]
mod tests {
    use super::same_page;

    #[test]
    fn pages_compare_without_their_trailing_slash() {
        assert!(same_page("/es/", "/es"));
        assert!(same_page("/", ""));
        assert!(same_page("/stories/rosa", "/stories/rosa/"));
        assert!(!same_page("/stories", "/es/stories"));
    }
}
