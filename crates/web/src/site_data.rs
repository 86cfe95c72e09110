//! The site's shared data: `data/index.json`, loaded once, provided as context and
//! refetched in place when `impactwall serve` announces rebuilt content.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::FetchError;
use crate::load::{load, Loader, Request};
use impactwall_model::Index;

/// The shared `data/index.json` (context).
#[derive(Clone, Copy)]
pub struct SiteData {
    pub loader: Loader,
}

impl SiteData {
    /// The index, `None` while it loads (reactive).
    pub fn index(&self) -> Option<Result<Arc<Index>, FetchError>> {
        self.loader.get().map(|r| {
            r.and_then(|d| {
                d.index()
                    .ok_or_else(|| FetchError::Decode("not an index".into()))
            })
        })
    }
}

pub fn provide_site_data() -> SiteData {
    let data = SiteData {
        loader: load(Request::Index),
    };
    provide_context(data);
    // `impactwall serve` announces rebuilt content: refetch the index in place. Only
    // when the open page's own detail file changed is the event left to reload it.
    let live = window_event_listener_untyped("impactwall:data-changed", move |e| {
        if !live_update_needs_reload(&e) {
            e.prevent_default();
            data.loader.refetch();
        }
    });
    on_cleanup(move || live.remove());
    data
}

/// Does a live update touch the detail file of the page being read?
fn live_update_needs_reload(e: &web_sys::Event) -> bool {
    let Some(ce) = wasm_bindgen::JsCast::dyn_ref::<web_sys::CustomEvent>(e) else {
        return false;
    };
    let paths = js_sys::Reflect::get(&ce.detail(), &"paths".into())
        .ok()
        .map(|p| js_sys::Array::from(&p))
        .unwrap_or_default();
    let page = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    paths
        .iter()
        .filter_map(|p| p.as_string())
        .any(|p| crate::view_logic::detail_path_for_page(&page).is_some_and(|d| d == p))
}

pub fn use_site_data() -> SiteData {
    use_context::<SiteData>().unwrap_or_else(provide_site_data)
}
