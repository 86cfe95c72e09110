//! `/search?q=…`: results as you type (the words come from the header's search
//! field), filters by kind, team, program and language, the count announced to screen
//! readers, arrow keys between results. Without JavaScript: a note and the lists.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::use_key_title;
use crate::clock::use_app_clock;
use crate::components::tr;
use crate::format;
use crate::i18n::{fill, use_i18n, Key};
use crate::router::use_location;
use crate::search::{focus_result, run, search_lang, PAGE_SIZE};
use crate::site_data::use_site_data;
use crate::view_logic::{excerpt_runs, live_hits, SearchFound, SearchHit, SearchQuery};

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Idle,
    Searching,
    /// The words answered (the field may already hold newer ones) and the answer.
    Found(String, SearchFound),
    Failed,
}

#[component]
pub fn Search() -> impl IntoView {
    use_key_title(Key::SearchTitle);
    let location = use_location();
    let i18n = use_i18n();
    let query = Memo::new(move |_| SearchQuery::from_query(&location.search.get()));
    let lang = Memo::new(move |_| search_lang(&query.get(), i18n.lang.get().code()));
    let limit = RwSignal::new(PAGE_SIZE);
    let outcome = RwSignal::new(Outcome::Idle);
    // A search is under way (`aria-busy` on the results while the last answer shows).
    let busy = RwSignal::new(false);
    // A new query starts from the first page again.
    Effect::new(move |_| {
        query.track();
        limit.set(PAGE_SIZE);
    });
    // The latest search wins: an answer to an older one is dropped.
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (q, lang, n) = (query.get(), lang.get(), limit.get());
        latest.update_value(|g| *g += 1);
        if q.term().is_none() {
            outcome.set(Outcome::Idle);
            busy.set(false);
            return;
        }
        let mine = latest.get_value();
        busy.set(true);
        if !matches!(outcome.get_untracked(), Outcome::Found(..)) {
            outcome.set(Outcome::Searching);
        }
        leptos::task::spawn_local(async move {
            let result = run(&lang, &q, n).await;
            if latest.get_value() == mine {
                let answered = q.q.trim().to_owned();
                outcome.set(result.map_or(Outcome::Failed, |f| Outcome::Found(answered, f)));
                busy.set(false);
            }
        });
    });
    view! {
        <section class="search page">
            <header class="page-head">
                <h1>{tr(Key::SearchTitle)}</h1>
            </header>
            <noscript>
                <p class="search__nojs">{tr(Key::SearchNeedsJs)}</p>
                <ul class="search__lists">
                    <li><a href="/stories">{tr(Key::NavStories)}</a></li>
                    <li><a href="/thanks">{tr(Key::NavThanks)}</a></li>
                    <li><a href="/events">{tr(Key::NavEvents)}</a></li>
                </ul>
            </noscript>
            <SearchFilters query=query lang=lang/>
            <Results outcome=outcome limit=limit busy=busy/>
        </section>
    }
}

/// The count (a live region), the result cards and "Show more".
#[component]
fn Results(
    outcome: RwSignal<Outcome>,
    limit: RwSignal<u32>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let live = Memo::new(move |_| match outcome.get() {
        Outcome::Found(_, found) => Some(live_hits(&found, clock.now.get())),
        _ => None,
    });
    let status = move || {
        let q = match outcome.get() {
            Outcome::Found(q, _) => q,
            _ => String::new(),
        };
        match (outcome.get(), live.get()) {
            (Outcome::Idle, _) => i18n.t(Key::SearchPrompt).to_owned(),
            (Outcome::Searching, _) => i18n.t(Key::SearchSearching).to_owned(),
            (Outcome::Failed, _) => i18n.t(Key::SearchFailed).to_owned(),
            (_, Some((_, 0))) => fill(i18n.t(Key::SearchNoResults), 0, &q),
            (_, Some((_, 1))) => fill(i18n.t(Key::SearchOneResult), 1, &q),
            (_, Some((_, n))) => fill(i18n.t(Key::SearchResults), n, &q),
            (_, None) => String::new(),
        }
    };
    let hits = move || live.get().map(|(hits, _)| hits).unwrap_or_default();
    let more = move || {
        live.get()
            .is_some_and(|(hits, count)| hits.len() < count && hits.len() as u32 >= limit.get())
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        ev.prevent_default();
        let from = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        focus_result(from, step);
    };
    view! {
        <p class="search__status" role="status" aria-live="polite">{status}</p>
        <ol class="search__results" aria-busy=move || busy.get().to_string() on:keydown=on_keydown>
            <For each=hits key=|h| h.url.clone() let:hit>
                <ResultCard hit=hit/>
            </For>
        </ol>
        <Show when=more>
            <button type="button" class="button search__more" on:click=move |_| limit.update(|n| *n += PAGE_SIZE)>
                {tr(Key::SearchMore)}
            </button>
        </Show>
    }
}

/// One result: the title linking to the item, its kind and date, and the excerpt
/// with the matching words in `<mark>` (text nodes only).
#[component]
fn ResultCard(hit: SearchHit) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let href = clock.href(hit.path().unwrap_or("/"));
    let kind = match hit.meta("kind") {
        "thanks" => Key::NavThanks,
        "events" => Key::NavEvents,
        _ => Key::NavStories,
    };
    let date = impactwall_model::rfc3339::parse_datetime(hit.meta("date"));
    let date_text = move || date.map(|d| format::short_date(d, i18n.lang.get(), None));
    let runs = excerpt_runs(&hit.excerpt)
        .into_iter()
        .map(|(text, marked)| {
            if marked {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect::<Vec<_>>();
    view! {
        <li class="search-result">
            <article class="card search-result__card">
                <h2 class="search-result__title"><a href=href>{hit.meta("title").to_owned()}</a></h2>
                <p class="search-result__meta">{tr(kind)}" · "{date_text}</p>
                <p class="search-result__excerpt">{runs}</p>
            </article>
        </li>
    }
}

/// Selects for kind, team, program and language; a change goes to the new URL.
#[component]
fn SearchFilters(query: Memo<SearchQuery>, lang: Memo<String>) -> impl IntoView {
    let location = use_location();
    let clock = use_app_clock();
    let data = use_site_data();
    let i18n = use_i18n();
    let choices = Memo::new(move |_| {
        let ix = data.index().and_then(Result::ok);
        let mut teams = BTreeSet::new();
        let mut programs = BTreeSet::new();
        let mut langs = Vec::new();
        if let Some(ix) = ix {
            let metas = ix.stories.iter().map(|s| &s.meta);
            let metas = metas.chain(ix.thanks.iter().map(|t| &t.meta));
            teams.extend(
                metas
                    .chain(ix.events.iter().map(|e| &e.meta))
                    .filter_map(|m| m.team.clone()),
            );
            programs.extend(ix.stories.iter().filter_map(|s| s.program.clone()));
            langs.clone_from(&ix.site.languages);
        }
        (teams, programs, langs)
    });
    let set = move |apply: fn(&mut SearchQuery, String), value: String| {
        let mut q = query.get_untracked();
        apply(&mut q, value);
        location.navigate(&clock.href(&q.url()), false);
    };
    let any = move || i18n.t(Key::SearchAny).to_owned();
    let kinds = move || {
        [
            ("", any()),
            ("stories", i18n.t(Key::NavStories).to_owned()),
            ("thanks", i18n.t(Key::NavThanks).to_owned()),
            ("events", i18n.t(Key::NavEvents).to_owned()),
        ]
        .map(|(v, l)| (v.to_owned(), l))
        .to_vec()
    };
    let with_any = move |values: Vec<String>| {
        std::iter::once((String::new(), any()))
            .chain(values.into_iter().map(|v| (v.clone(), v)))
            .collect::<Vec<_>>()
    };
    let teams = move || with_any(choices.get().0.into_iter().collect());
    let programs = move || with_any(choices.get().1.into_iter().collect());
    let langs = move || {
        choices
            .get()
            .2
            .into_iter()
            .map(|l| (l.clone(), l))
            .collect::<Vec<_>>()
    };
    view! {
        <fieldset class="filters search__filters">
            <legend class="visually-hidden">{tr(Key::SearchFilters)}</legend>
            <Facet id="search-kind" label=Key::SearchFilterKind options=Signal::derive(kinds) value=Signal::derive(move || query.get().kind) on_pick=move |v| set(|q, v| q.kind = v, v)/>
            <Facet id="search-team" label=Key::SearchFilterTeam options=Signal::derive(teams) value=Signal::derive(move || query.get().team) on_pick=move |v| set(|q, v| q.team = v, v)/>
            <Facet id="search-program" label=Key::SearchFilterProgram options=Signal::derive(programs) value=Signal::derive(move || query.get().program) on_pick=move |v| set(|q, v| q.program = v, v)/>
            <Facet id="search-lang" label=Key::Language options=Signal::derive(langs) value=Signal::derive(move || lang.get()) on_pick=move |v| set(|q, v| q.lang = v, v)/>
        </fieldset>
    }
}

/// One labelled `<select>`.
#[component]
fn Facet(
    id: &'static str,
    label: Key,
    options: Signal<Vec<(String, String)>>,
    value: Signal<String>,
    on_pick: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="filter" for=id>
            <span class="filter__label">{tr(label)}</span>
            <select id=id prop:value=value on:change=move |ev| on_pick(event_target_value(&ev))>
                <For each=move || options.get() key=|(v, l)| (v.clone(), l.clone()) let:opt>
                    <option value=opt.0.clone() selected=move || value.get() == opt.0>{opt.1}</option>
                </For>
            </select>
        </label>
    }
}
