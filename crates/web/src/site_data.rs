//! The site's shared data, provided as context: a prerendered page's slice of the index
//! (embedded in the page), replaced by the whole `data/index.json` when the reader asks
//! for more than the slice holds (a filter, "show more") or when `impactwall serve`
//! announces rebuilt content; the bare app shell fetches the whole index at once.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::FetchError;
use crate::load::{load, Loader, Request};
use crate::page_data::Aggregates;
use crate::view_logic::{self, StoryFacets};
use impactwall_model::Index;
use impactwall_model::{Counters, Instant, Medium};

/// The shared index (context).
#[derive(Clone, Copy)]
pub struct SiteData {
    pub loader: Loader,
    /// The aggregates of a page's slice; `None` once the whole index is loaded.
    slice: RwSignal<Option<Arc<Aggregates>>>,
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

impl SiteData {
    /// The aggregates computed at build time, while the index is a page's slice.
    pub fn aggregates(&self) -> Option<Arc<Aggregates>> {
        self.slice.get()
    }

    /// The counters at `now` (`since`: the start of the month they count from).
    pub fn counters(&self, ix: &Index, now: Instant, since: Instant) -> Counters {
        self.aggregates()
            .and_then(|a| a.counters_at(now))
            .unwrap_or_else(|| ix.counters_at(now, since))
    }

    /// The choices of the story filters.
    pub fn story_facets(&self, ix: &Index, now: Instant) -> StoryFacets {
        self.aggregates().map_or_else(
            || view_logic::story_facets(ix, now),
            |a| a.story_facets.clone(),
        )
    }

    /// Every team named by a live item.
    pub fn teams(&self, ix: &Index, now: Instant) -> Vec<String> {
        self.aggregates()
            .map_or_else(|| view_logic::all_teams(ix, now), |a| a.teams.clone())
    }

    /// Thank-you messages per medium in `lang`.
    pub fn thanks_media(&self, ix: &Index, now: Instant, lang: &str) -> Vec<(Medium, usize)> {
        self.aggregates().map_or_else(
            || view_logic::thanks_media_counts(ix, now, lang),
            |a| a.thanks_media.clone(),
        )
    }

    /// The full length of the story list, when the index is a page's slice.
    pub fn stories_total(&self) -> Option<usize> {
        self.aggregates().map(|a| a.totals.0)
    }

    /// Loads the whole index (once) in place of the page's slice.
    pub fn load_full(&self) {
        if self.slice.get_untracked().is_some() && !self.loader.is_pending() {
            let slice = self.slice;
            self.loader.refetch_then(move || slice.set(None));
        }
    }
}

pub fn provide_site_data() -> SiteData {
    let boot = crate::boot::use_boot();
    let data = match boot.payload {
        Some(p) => SiteData {
            loader: Loader::ready(
                Request::Index,
                Ok(crate::load::Data::Index(Arc::new(p.index.clone()))),
            ),
            slice: RwSignal::new(Some(Arc::new(p.aggregates.clone()))),
        },
        None => SiteData {
            loader: load(Request::Index),
            slice: RwSignal::new(None),
        },
    };
    provide_context(data);
    if crate::browser::window().is_none() {
        return data;
    }
    // A page opened with a query (filters, a preview) shows more than its slice, and
    // a page read long after its build needs the items that went live since.
    if !boot.hydrating {
        data.load_full();
    }
    if let Some(until) = data.slice.get_untracked().map(|a| a.valid_until) {
        let now = crate::clock::use_app_clock().now;
        Effect::new(move |_| {
            if now.get() > until {
                data.load_full();
            }
        });
    }
    // `impactwall serve` announces rebuilt content: refetch the index in place. Only
    // when the open page's own detail file changed is the event left to reload it.
    let live = window_event_listener_untyped("impactwall:data-changed", move |e| {
        if !live_update_needs_reload(&e) {
            e.prevent_default();
            let slice = data.slice;
            data.loader.refetch_then(move || slice.set(None));
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
    let page = crate::browser::window()
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
