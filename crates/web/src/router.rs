//! Client-side navigation for the reading site: the History API, one location signal
//! and one click listener for same-origin links.
//!
//! The site has eight fixed pages and no nested routes, so a router framework's
//! matching, nested outlets and per-link components are more code than the job needs
//! (the measurement is in docs/architecture.md). Links are plain `<a href>` elements, also
//! inside sanitised Markdown: a click on a same-origin page link becomes a
//! `pushState`; files (`/feed.xml`, `/calendar.ics`, media), downloads, new-tab and
//! modified clicks are left to the browser. Back and forward replay `popstate`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub use crate::view_logic::Route;

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
        let Some(window) = web_sys::window() else {
            return;
        };
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

    /// Goes to `url` in place of the current history entry (typing in the search
    /// field: one entry per search, not per keystroke).
    pub fn replace(&self, url: &str) {
        let replaced = web_sys::window()
            .and_then(|w| w.history().ok())
            .map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)));
        match replaced {
            Some(Ok(())) => self.sync(),
            _ => self.navigate(url, false),
        }
    }

    fn sync(&self) {
        let Some(loc) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        // Links are built from this path: never `//host` (see `local_path`).
        let path = crate::local_path::same_site_path(&loc.pathname().unwrap_or_default());
        let search = loc.search().unwrap_or_default();
        // Only notify when something changed, so a same-URL click re-renders nothing.
        if self.path.get_untracked() != path {
            self.set_path.set(path);
        }
        if self.search.get_untracked() != search {
            self.set_search.set(search);
        }
    }
}

/// Starts listening to link clicks and history moves, provides [`Location`] as context
/// and returns it.
pub fn provide_router() -> Location {
    let window = web_sys::window();
    let loc = window.as_ref().map(|w| w.location());
    let (path, set_path) = signal(crate::local_path::same_site_path(
        &loc.as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_default(),
    ));
    let (search, set_search) = signal(
        loc.as_ref()
            .and_then(|l| l.search().ok())
            .unwrap_or_default(),
    );
    let location = Location {
        path,
        search,
        set_path,
        set_search,
    };
    provide_context(location);

    let pop = window_event_listener_untyped("popstate", move |_| location.sync());
    let click = window_event_listener_untyped("click", move |ev| on_click(&ev, location));
    on_cleanup(move || {
        pop.remove();
        click.remove();
    });
    location
}

/// The [`Location`] provided by [`provide_router`].
pub fn use_location() -> Location {
    use_context::<Location>().unwrap_or_else(provide_router)
}

/// Turns a click on a same-origin page link into [`Location::navigate`].
fn on_click(ev: &web_sys::Event, location: Location) {
    let Some(ev) = ev.dyn_ref::<web_sys::MouseEvent>() else {
        return;
    };
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(a) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    let target = a.target();
    if a.has_attribute("download")
        || !(target.is_empty() || target == "_self")
        || a.get_attribute("rel")
            .is_some_and(|r| r.split_ascii_whitespace().any(|w| w == "external"))
    {
        return;
    }
    let Some(here) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    if a.origin() != here.origin().unwrap_or_default() {
        return;
    }
    let path = crate::local_path::same_site_path(&a.pathname());
    // Files (feed, calendar, media, data) are the server's, not pages.
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return;
    }
    let search = a.search();
    let hash = a.hash();
    // A fragment on the page being read: the browser scrolls to it.
    if !hash.is_empty()
        && path == location.path.get_untracked()
        && search == location.search.get_untracked()
    {
        return;
    }
    ev.prevent_default();
    location.navigate(&format!("{path}{search}{hash}"), true);
}
