use std::sync::Arc;

use crate::app::components::tr;
use crate::app::components::{rows, Row};
use crate::app::router::use_location;
use leptos::prelude::*;

use crate::app::cards::{html_div, story_card};
use crate::app::clock::use_app_clock;
use crate::app::components::WithIndex;
use crate::app::i18n::{fill, use_i18n, Key, Lang};
use crate::model::Index;
use crate::view_logic::{self, StoryFilter, STORIES_PAGE_SIZE};

use super::use_key_title;

#[component]
pub fn Stories() -> impl IntoView {
    use_key_title(Key::StoriesTitle);
    view! {
        <div class="page">
            <header class="page-head">
                <h1>{tr(Key::StoriesTitle)}</h1>
                <p class="lead">{tr(Key::StoriesLead)}</p>
            </header>
            <WithIndex render=|ix| view! { <StoryList ix=ix/> }/>
        </div>
    }
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
    let i18n = use_i18n();
    let clock = use_app_clock();
    let now = clock.now;
    let location = use_location();
    let filter = Memo::new(move |_| StoryFilter::from_lookup(|k| location.query(k)));
    let shown = RwSignal::new(STORIES_PAGE_SIZE);
    // A new filter starts again from the first page.
    Effect::new(move |_| {
        filter.track();
        shown.set(STORIES_PAGE_SIZE);
    });

    let list_ix = ix.clone();
    let visible = Memo::new(move |_| -> Vec<Row> {
        rows(view_logic::visible_stories(
            &list_ix,
            now.get(),
            i18n.lang.get().code(),
            &filter.get(),
        ))
    });
    let facets_ix = ix.clone();
    let facets = Memo::new(move |_| view_logic::story_facets(&facets_ix, now.get()));

    let set_facet = move |facet: Facet, value: String| {
        let mut f = filter.get_untracked();
        *facet.slot(&mut f) = Some(value).filter(|v| !v.is_empty());
        let url = clock.href(&format!("/stories{}", f.to_query()));
        location.navigate(&url, false);
    };

    let select = move |facet: Facet| {
        let options = move || {
            let f = facets.get();
            let values = match facet {
                Facet::Program => f.programs,
                Facet::Tag => f.tags,
                Facet::Team => f.teams,
                Facet::Lang => f.langs,
            };
            values
                .into_iter()
                .map(|v| {
                    let label = if facet == Facet::Lang {
                        Lang::from_tag(&v)
                            .map(|l| l.native_name().to_string())
                            .unwrap_or_else(|| v.to_ascii_uppercase())
                    } else {
                        v.clone()
                    };
                    view! { <option value=v>{label}</option> }
                })
                .collect_view()
        };
        let current = move || {
            let mut f = filter.get();
            facet.slot(&mut f).clone().unwrap_or_default()
        };
        let id = match facet {
            Facet::Program => "filter-program",
            Facet::Tag => "filter-tag",
            Facet::Team => "filter-team",
            Facet::Lang => "filter-lang",
        };
        view! {
            <div class="field">
                <label class="field__label" for=id>{tr(facet.label())}</label>
                <select id=id on:change=move |ev| set_facet(facet, event_target_value(&ev)) prop:value=current>
                    <option value="">{tr(Key::FilterAll)}</option>
                    {options}
                </select>
            </div>
        }
    };

    let clear_href = move || clock.href("/stories");
    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            {select(Facet::Program)}
            {select(Facet::Tag)}
            {select(Facet::Team)}
            {select(Facet::Lang)}
            <Show when=move || !filter.get().is_empty()>
                <a class="button button--ghost filters__clear" href=clear_href>{tr(Key::ClearFilters)}</a>
            </Show>
        </form>
        <p class="results-count" aria-live="polite">
            {move || fill(i18n.t(Key::ResultsCount), visible.get().len(), "")}
        </p>
        {move || {
            let all = visible.get();
            if all.is_empty() {
                return view! { <p class="empty">{tr(Key::NoStories)}</p> }.into_any();
            }
            let (page, more) = view_logic::first_page(&all, shown.get());
            let (page, ix) = (page.to_vec(), ix.clone());
            view! {
                {html_div("card-grid", move |h, c| {
                    for &(i, f) in &page {
                        story_card(h, c, &ix.stories[i], f, false);
                    }
                })}
                {more.then(|| view! {
                    <div class="more">
                        <button type="button" class="button button--primary" on:click=move |_| shown.update(|n| *n += STORIES_PAGE_SIZE)>
                            {tr(Key::ShowMore)}
                        </button>
                    </div>
                })}
            }
            .into_any()
        }}
    }
}
