//! Where the reader is: one location signal (path and query) for the page being read.
//!
//! Every page is prerendered, so links are plain `<a href>` page loads that the app
//! takes over (see `boot`); what changes without a load is the query string of a list's
//! filters, a history entry that back and forward replay (`popstate`).

use std::cell::RefCell;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

pub use crate::view_logic::Route;

/// How long the address bar may lag behind typing (see [`Location::follow`]).
const FOLLOW_MS: u32 = 300;

thread_local! {
    /// The address [`Location::follow`] has yet to put in the history, and its timer.
    static PENDING: RefCell<Option<(String, Timeout)>> = const { RefCell::new(None) };
}

/// Puts a followed address in the history now, if one is waiting.
fn flush_pending() {
    if let Some((url, _timer)) = PENDING.with(|p| p.borrow_mut().take()) {
        replace_state(&url);
    }
}

fn replace_state(url: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.history().ok())
        .is_some_and(|h| {
            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
                .is_ok()
        })
}

/// The path and query (`?…` or empty) of a same-site `url`, without its fragment.
fn split_url(url: &str) -> (String, String) {
    let url = url.split('#').next().unwrap_or_default();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let search = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    (crate::local_path::same_site_path(path), search)
}

/// Where the reader is: the URL path and query string (with its `?`, or empty).
#[derive(Clone, Copy)]
pub struct Location {
    pub path: ReadSignal<String>,
    pub search: ReadSignal<String>,
    set_path: WriteSignal<String>,
    set_search: WriteSignal<String>,
}

impl Location {
    /// The value of a query parameter (reactive).
    pub fn query(&self, key: &str) -> Option<String> {
        self.search.with(|s| crate::view_logic::query_value(s, key))
    }

    /// Goes to `url` (path, query and fragment on this site) without reloading: a new
    /// history entry, then the page for it. `scroll` puts the reader back at the top
    /// (or at the fragment), as a page load would; filters keep their place.
    pub fn navigate(&self, url: &str, scroll: bool) {
        let Some(window) = crate::browser::window() else {
            return;
        };
        flush_pending();
        let pushed = window
            .history()
            .and_then(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)));
        if pushed.is_err() {
            let _ = window.location().set_href(url);
            return;
        }
        self.sync();
        if scroll {
            let hash = window.location().hash().unwrap_or_default();
            let target = hash
                .strip_prefix('#')
                .filter(|id| !id.is_empty())
                .and_then(|id| window.document()?.get_element_by_id(id));
            match target {
                Some(el) => el.scroll_into_view(),
                None => window.scroll_to_with_x_and_y(0.0, 0.0),
            }
        }
    }

    /// Goes to `url` in place of the current history entry.
    pub fn replace(&self, url: &str) {
        flush_pending();
        if replace_state(url) {
            self.sync();
        } else {
            self.navigate(url, false);
        }
    }

    /// Shows the page for `url` now and puts `url` in place of the current history
    /// entry once typing pauses for [`FOLLOW_MS`] (or before the next move or page
    /// load): typing in the search field, one entry per search, not per key. Writing
    /// the history costs more than a search at every key on a slow phone.
    pub fn follow(&self, url: &str) {
        let (path, search) = split_url(url);
        self.set(path, search);
        let later = url.to_owned();
        let timer = Timeout::new(FOLLOW_MS, flush_pending);
        PENDING.with(|p| *p.borrow_mut() = Some((later, timer)));
    }

    fn set(&self, path: String, search: String) {
        // Only notify when something changed, so a same-URL click re-renders nothing.
        if self.path.get_untracked() != path {
            self.set_path.set(path);
        }
        if self.search.get_untracked() != search {
            self.set_search.set(search);
        }
    }

    fn sync(&self) {
        let Some(loc) = crate::browser::window().map(|w| w.location()) else {
            return;
        };
        // Links are built from this path: never `//host` (see `local_path`).
        let path = crate::local_path::same_site_path(&loc.pathname().unwrap_or_default());
        let search = loc.search().unwrap_or_default();
        self.set(path, search);
    }
}

/// Provides [`Location`] as context and returns it, and follows history moves (a
/// filter change is a history entry). Links are plain page loads: every page is
/// prerendered, and the app takes the new page over.
pub fn provide_router() -> Location {
    let boot = crate::boot::use_boot();
    let loc = crate::browser::window().map(|w| w.location());
    let browser_path = crate::local_path::same_site_path(
        &loc.as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_default(),
    );
    let browser_search = loc
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    // While hydrating, the page is the one the build rendered (without a query).
    let (start_path, start_search) = match boot.payload.as_ref().filter(|_| boot.hydrating) {
        Some(p) => (p.path.clone(), String::new()),
        None => (browser_path, browser_search),
    };
    let (path, set_path) = signal(start_path);
    let (search, set_search) = signal(start_search);
    let location = Location {
        path,
        search,
        set_path,
        set_search,
    };
    provide_context(location);
    if loc.is_some() {
        // Back or forward: an address still waiting belongs to the entry left.
        let pop = window_event_listener_untyped("popstate", move |_| {
            PENDING.with(|p| p.borrow_mut().take());
            location.sync();
        });
        // Leaving the page (a result's link): the entry keeps the words typed.
        let hide = window_event_listener_untyped("pagehide", |_| flush_pending());
        on_cleanup(move || {
            pop.remove();
            hide.remove();
        });
    }
    location
}

/// The [`Location`] provided by [`provide_router`].
pub fn use_location() -> Location {
    use_context::<Location>().unwrap_or_else(provide_router)
}
