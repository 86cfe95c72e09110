//! What a prerendered page carries for the app to take over: the slice of the index the
//! page shows, the item of a detail page, the build instant and the page's language.
//!
//! The build renders every page from exactly this payload and embeds it in the page as
//! `<script type="application/json" id="iw-page">` (data, never executed); the browser
//! hydrates from the same payload, so both sides render the same tree. What the page
//! downloads first therefore depends on the page, not on the size of the archive: a
//! list page carries its first screen ([`SLICE_PER_LANGUAGE`] items per kind and
//! language, see `prerender::slice`), and the aggregates (counters, filter choices) are computed at build time.
//! The whole `data/index.json` is fetched only when the reader asks for more (a filter,
//! "show more", a `?at=` preview, a live update from `impactwall serve`).

use serde::{Deserialize, Serialize};

use crate::view_logic::StoryFacets;
use impactwall_model::{
    Counters, EventDetail, Index, Instant, ItemMeta, Kind, Medium, StoryDetail, ThanksDetail,
};

/// Items per kind and language a page carries: the first screen of every list.
pub const SLICE_PER_LANGUAGE: usize = 24;

/// The id of the embedded payload's `<script>` element.
pub const ELEMENT_ID: &str = "iw-page";

/// The id of the element of a detail page that holds the item's text (its
/// `body_html`), which the payload then leaves out (see [`PagePayload::body_in_page`]).
pub const BODY_ELEMENT_ID: &str = "iw-body";

/// The item of a detail page.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "kind", content = "item", rename_all = "lowercase")]
pub enum PageDetail {
    Story(StoryDetail),
    Thanks(ThanksDetail),
    Event(EventDetail),
}

impl PageDetail {
    pub fn kind(&self) -> Kind {
        match self {
            PageDetail::Story(_) => Kind::Story,
            PageDetail::Thanks(_) => Kind::Thanks,
            PageDetail::Event(_) => Kind::Event,
        }
    }

    /// The item's text (sanitised HTML), the largest part of a detail page.
    fn body_html_mut(&mut self) -> &mut String {
        match self {
            PageDetail::Story(d) => &mut d.body_html,
            PageDetail::Thanks(d) => &mut d.body_html,
            PageDetail::Event(d) => &mut d.body_html,
        }
    }

    pub fn meta(&self) -> &ItemMeta {
        match self {
            PageDetail::Story(d) => &d.summary.meta,
            PageDetail::Thanks(d) => &d.summary.meta,
            PageDetail::Event(d) => &d.summary.meta,
        }
    }
}

/// Counters from `from` on (until the next step).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CounterStep {
    #[serde(deserialize_with = "impactwall_model::rfc3339::deserialize")]
    pub from: Instant,
    pub counters: Counters,
}

/// Values computed from the whole index at build time, for a page that carries only a
/// slice of it.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Aggregates {
    /// Until when the slice holds every item that can be live (items going live later
    /// are not in it): after that, the browser loads the whole index.
    #[serde(deserialize_with = "impactwall_model::rfc3339::deserialize")]
    pub valid_until: Instant,
    /// Counters over time, oldest step first (the first is the build instant).
    pub counters: Vec<CounterStep>,
    pub story_facets: StoryFacets,
    pub teams: Vec<String>,
    /// Thank-you messages per medium in the page's language.
    pub thanks_media: Vec<(Medium, usize)>,
    /// Live stories and thank-you messages shown in the page's language (the lists'
    /// full lengths, of which the page carries the first screen).
    pub totals: (usize, usize),
}

/// Everything a prerendered page was rendered from.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PagePayload {
    /// The page's path, with its language prefix (`/es/stories`).
    pub path: String,
    /// The page's language (interface and, for lists, content).
    pub lang: String,
    /// The instant the page was rendered for.
    #[serde(deserialize_with = "impactwall_model::rfc3339::deserialize")]
    pub built_at: Instant,
    /// The slice of the index the page shows.
    pub index: Index,
    pub aggregates: Aggregates,
    #[serde(default)]
    pub detail: Option<PageDetail>,
    /// `data/impact.json`, on the pages that show it (home, talking points, teams).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<impactwall_model::impact::ImpactData>,
    /// The detail's `body_html` is left out (empty) because the page already holds it,
    /// as the inner HTML of the element [`BODY_ELEMENT_ID`]: the item's text travels
    /// once, not twice. The browser puts it back before hydrating.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub body_in_page: bool,
}

impl PagePayload {
    /// Takes the detail's text out of the payload (marking it as in the page) and
    /// returns it, for [`PagePayload::restore_body`] after serialising.
    pub fn take_body(&mut self) -> String {
        let Some(detail) = self.detail.as_mut() else {
            return String::new();
        };
        let body = std::mem::take(detail.body_html_mut());
        self.body_in_page = !body.is_empty();
        body
    }

    /// Puts a detail's text back (read from the page, or kept by [`PagePayload::take_body`]).
    pub fn restore_body(&mut self, body: String) {
        if let Some(detail) = self.detail.as_mut() {
            *detail.body_html_mut() = body;
        }
        self.body_in_page = false;
    }
}

impl Aggregates {
    /// The counters in force at `now`, if `now` is within the computed steps.
    pub fn counters_at(&self, now: Instant) -> Option<Counters> {
        let last = self.counters.iter().rev().find(|s| s.from <= now)?;
        let end = self.counters.last()?.from + chrono::Duration::days(1);
        (now <= end.max(last.from)).then_some(last.counters)
    }
}

/// The payload embedded in the page, if this page has one (a prerendered page does;
/// the bare app shell does not).
///
/// A detail whose text is in the page gets it back from there; if the page has no
/// such element, the payload goes without its detail (the app then loads the item's
/// data file).
#[cfg(target_arch = "wasm32")]
pub fn embedded() -> Option<PagePayload> {
    let document = crate::browser::window()?.document()?;
    let text = document.get_element_by_id(ELEMENT_ID)?.text_content()?;
    let mut payload: PagePayload = crate::api::decode(&text).ok()?;
    if payload.body_in_page {
        match document.get_element_by_id(BODY_ELEMENT_ID) {
            Some(el) => payload.restore_body(el.inner_html()),
            None => payload.detail = None,
        }
    }
    Some(payload)
}
