use std::sync::Arc;

use crate::components::tr;
use crate::components::{rows, Row};
use crate::router::use_location;
use crate::site_data::use_site_data;
use leptos::prelude::*;

use super::list_page;
use crate::components::SkeletonKind;

use crate::cards::{html_div, story_card, Ctx};
use crate::clock::use_app_clock;
use crate::i18n::{fill, use_i18n, Key, Lang};
use crate::markup::Html;
use crate::view_logic::{self, StoryFilter, STORIES_PAGE_SIZE};
use impactwall_model::Index;

#[component]
pub fn Stories() -> impl IntoView {
    let list = |ix| view! { <StoryList ix=ix/> }.into_any();
    list_page(
        "page",
        Key::StoriesTitle,
        Some(Key::StoriesLead),
        SkeletonKind::Cards,
        list,
    )
}

/// Which filter a `<select>` drives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Facet {
    Program,
    Tag,
    Team,
    Lang,
}

impl Facet {
    const ALL: [Facet; 4] = [Facet::Program, Facet::Tag, Facet::Team, Facet::Lang];

    /// The select's id (and the label's `for`).
    fn id(self) -> &'static str {
        match self {
            Facet::Program => "filter-program",
            Facet::Tag => "filter-tag",
            Facet::Team => "filter-team",
            Facet::Lang => "filter-lang",
        }
    }

    fn label(self) -> Key {
        match self {
            Facet::Program => Key::FilterProgram,
            Facet::Tag => Key::FilterTag,
            Facet::Team => Key::FilterTeam,
            Facet::Lang => Key::FilterLanguage,
        }
    }

    fn slot(self, f: &mut StoryFilter) -> &mut Option<String> {
        match self {
            Facet::Program => &mut f.program,
            Facet::Tag => &mut f.tag,
            Facet::Team => &mut f.team,
            Facet::Lang => &mut f.lang,
        }
    }
}

#[component]
fn StoryList(ix: Arc<Index>) -> impl IntoView {
    let (i18n, clock, location) = (use_i18n(), use_app_clock(), use_location());
    let filter = Memo::new(move |_| StoryFilter::from_lookup(|k| location.query(k)));
    let data = use_site_data();
    let ix_for_href = ix.clone();
    let list_ix = ix.clone();
    let visible = Memo::new(move |_| -> Vec<Row> {
        let lang = i18n.lang.get();
        rows(view_logic::visible_stories(
            &list_ix,
            clock.now.get(),
            lang.code(),
            &filter.get(),
        ))
    });
    // One change listener for the four selects (the event bubbles to the form).
    let on_change = move |ev: leptos::ev::Event| {
        let Some(select) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
        else {
            return;
        };
        let Some(facet) = Facet::ALL.into_iter().find(|f| f.id() == select.id()) else {
            return;
        };
        let mut f = filter.get_untracked();
        *facet.slot(&mut f) = Some(select.value()).filter(|v| !v.is_empty());
        data.load_full();
        let default = ix_for_href.site.default_language.as_str();
        let path = format!("/stories{}", f.to_query());
        let path = view_logic::localized_path(&path, i18n.lang.get_untracked().code(), default);
        location.navigate(&clock.href(&path), false);
    };
    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default() on:change=on_change>
            <StoryFilters ix=ix.clone() filter=filter/>
        </form>
        <p class="results-count" aria-live="polite">
            {move || {
                // A page's slice holds the first screen; the count is the whole list's.
                let n = match data.stories_total() {
                    Some(total) if filter.with(StoryFilter::is_empty) => total,
                    _ => visible.get().len(),
                };
                fill(i18n.t(Key::ResultsCount), n, "")
            }}
        </p>
        <StoryPages ix=ix visible=visible filter=filter/>
    }
}

/// The four selects (written as text, the selected option marked) and "clear".
#[component]
fn StoryFilters(ix: Arc<Index>, filter: Memo<StoryFilter>) -> impl IntoView {
    let now = use_app_clock().now;
    let data = use_site_data();
    let facets = Memo::new(move |_| data.story_facets(&ix, now.get()));
    html_div("contents", move |h, c| {
        let mut f = filter.get();
        let facets = facets.get();
        for facet in Facet::ALL {
            let values = match facet {
                Facet::Program => &facets.programs,
                Facet::Tag => &facets.tags,
                Facet::Team => &facets.teams,
                Facet::Lang => &facets.langs,
            };
            let current = facet.slot(&mut f).clone().unwrap_or_default();
            facet_select(h, c, facet, values, &current);
        }
        if !f.is_empty() {
            h.open(
                "a",
                &[
                    ("class", Some("button button--ghost filters__clear")),
                    ("href", Some(&c.href("/stories"))),
                ],
            )
            .text(c.t(Key::ClearFilters))
            .close("a");
        }
    })
}

fn facet_select(h: &mut Html, c: &Ctx, facet: Facet, values: &[String], current: &str) {
    let label = |v: &String| {
        if facet == Facet::Lang {
            Lang::from_tag(v).map_or(v.to_ascii_uppercase(), |l| l.native_name().to_string())
        } else {
            v.clone()
        }
    };
    let options: Vec<(String, String)> =
        std::iter::once((String::new(), c.t(Key::FilterAll).to_owned()))
            .chain(values.iter().map(|v| (v.clone(), label(v))))
            .collect();
    crate::cards::select_field(h, facet.id(), c.t(facet.label()), &options, current);
}

/// The matching stories, a page at a time ("show more"); a new filter starts again
/// from the first page.
#[component]
fn StoryPages(ix: Arc<Index>, visible: Memo<Vec<Row>>, filter: Memo<StoryFilter>) -> impl IntoView {
    let shown = RwSignal::new(STORIES_PAGE_SIZE);
    Effect::new(move |_| {
        filter.track();
        shown.set(STORIES_PAGE_SIZE);
    });
    let data = use_site_data();
    move || {
        let all = visible.get();
        if all.is_empty() {
            return view! { <p class="empty">{tr(Key::NoStories)}</p> }.into_any();
        }
        let (page, more) = view_logic::first_page(&all, shown.get());
        // The slice ends before the list does: "show more" loads the rest.
        let more = more || data.stories_total().is_some_and(|total| total > all.len());
        let (page, ix) = (page.to_vec(), ix.clone());
        view! {
            {html_div("card-grid", move |h, c| {
                for &(i, f) in &page {
                    story_card(h, c, &ix.stories[i], f, false);
                }
            })}
            {more.then(|| view! {
                <div class="more">
                    <button type="button" class="button button--primary" on:click=move |_| { data.load_full(); shown.update(|n| *n += STORIES_PAGE_SIZE) }>
                        {tr(Key::ShowMore)}
                    </button>
                </div>
            })}
        }
        .into_any()
    }
}
