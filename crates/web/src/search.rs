//! Search in the browser: the field in every page's header and the bridge to
//! Pagefind's runtime (crates/web/js/search.js, a same-origin module). The results
//! page is [`crate::pages::Search`]; the query rules are in [`crate::view_logic`].
//!
//! Nothing here touches the browser while rendering: listeners are added in effects,
//! the runtime is called from handlers and tasks.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::clock::use_app_clock;
use crate::components::tr;
use crate::i18n::{use_i18n, Key};
use crate::router::use_location;
use crate::view_logic::{SearchFound, SearchQuery};

#[wasm_bindgen(module = "/js/search.js")]
extern "C" {
    #[wasm_bindgen(js_name = search, catch)]
    async fn pagefind_search(
        lang: &str,
        term: &str,
        filters: JsValue,
        limit: u32,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = preload)]
    fn pagefind_preload(lang: &str);
}

/// Results shown at first, and added by "Show more": about a screenful, as in
/// Pagefind's own interface. Each costs a fragment download (up to a few KB) before
/// the results show, and those downloads are most of a keystroke's time: ten took
/// ~70 ms of a 4x-throttled key, where the whole key may take 100.
pub const PAGE_SIZE: u32 = 5;

/// Runs `query` in `lang`'s index for its best `limit` results; `None` when a newer
/// search started meanwhile (the runtime then leaves this one's results unloaded).
pub async fn run(
    lang: &str,
    query: &SearchQuery,
    limit: u32,
) -> Result<Option<SearchFound>, String> {
    let term = query.term().unwrap_or_default();
    // A plain object, as Pagefind reads filters (a map would become a JS `Map`).
    let filters = serde::Serialize::serialize(
        &query.filters(),
        &serde_wasm_bindgen::Serializer::json_compatible(),
    )
    .map_err(|e| e.to_string())?;
    let value = pagefind_search(lang, term, filters, limit)
        .await
        .map_err(|e| format!("{e:?}"))?;
    if value.is_null() {
        return Ok(None);
    }
    serde_wasm_bindgen::from_value(value)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Starts loading `lang`'s search runtime before the first keystroke: when the search
/// page opens or the header's field gets focus.
pub fn preload(lang: &str) {
    pagefind_preload(lang);
}

/// The language searched for `query`: its `lang`, else the reader's.
pub fn search_lang(query: &SearchQuery, reader: &str) -> String {
    if query.lang.is_empty() {
        reader.to_owned()
    } else {
        query.lang.clone()
    }
}

/// `<form role="search">` with `<input type="search">`: `/` focuses it, Escape clears
/// it, typing shows results on `/search?q=…` (the URL follows the words, so it can be
/// shared and the back button brings the search back). Without JavaScript the form
/// still goes to `/search?q=…`.
#[component]
pub fn HeaderSearch() -> impl IntoView {
    let location = use_location();
    let clock = use_app_clock();
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    let on_page = move || location.path.get() == "/search";
    let value = move || {
        if on_page() {
            SearchQuery::from_query(&location.search.get()).q
        } else {
            String::new()
        }
    };
    // Go to the results for `q`, keeping the filters; in place while on the page.
    let go = move |q: String| {
        let mut query = SearchQuery::default();
        if location.path.get_untracked() == "/search" {
            query = SearchQuery::from_query(&location.search.get_untracked());
        }
        query.q = q;
        let url = clock.href(&query.url());
        if location.path.get_untracked() == "/search" {
            location.follow(&url);
        } else {
            location.navigate(&url, true);
        }
    };
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if let Some(el) = input.get_untracked() {
                focus_on_slash(&ev, &el);
            }
        });
        on_cleanup(move || handle.remove());
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            if let Some(el) = input.get_untracked() {
                el.set_value("");
            }
            if location.path.get_untracked() == "/search" {
                go(String::new());
            }
        }
        "ArrowDown" => {
            ev.prevent_default();
            focus_result(None, 1);
        }
        _ => {}
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(el) = input.get_untracked() {
            go(el.value());
        }
    };
    view! {
        <form class="site-search" role="search" action="/search" method="get" on:submit=on_submit>
            <label class="visually-hidden" for="site-search-q">{tr(Key::SearchLabel)}</label>
            <input
                id="site-search-q"
                node_ref=input
                type="search"
                name="q"
                autocomplete="off"
                enterkeyhint="search"
                aria-keyshortcuts="/"
                placeholder=tr(Key::Search)
                prop:value=value
                on:input=move |ev| go(event_target_value(&ev))
                on:keydown=on_keydown
                on:focus=move |_| preload(i18n.lang.get_untracked().code())
            />
        </form>
    }
}

/// `/` anywhere but in a field focuses the search field (as on many sites).
fn focus_on_slash(ev: &web_sys::KeyboardEvent, input: &web_sys::HtmlInputElement) {
    if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        });
    if !typing {
        ev.prevent_default();
        let _ = input.focus();
    }
}

/// Moves focus `step` results down (or up) from `from` (a result link), or to the
/// first result when `from` is `None`. Above the first result is the search field.
pub fn focus_result(from: Option<web_sys::Element>, step: i32) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let item = from.and_then(|el| el.closest(".search-result").ok().flatten());
    let target = match item {
        None => doc.query_selector(".search-result").ok().flatten(),
        Some(li) if step > 0 => li.next_element_sibling(),
        Some(li) => li.previous_element_sibling(),
    };
    let link = match target {
        Some(li) => li.query_selector("a[href]").ok().flatten(),
        None if step < 0 => doc.get_element_by_id("site-search-q"),
        None => None,
    };
    if let Some(el) = link.and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
