//! `/search?q=…`: results as you type (the words come from the header's search
//! field), filters by kind, team, program and language, the count announced to screen
//! readers, arrow keys between results. Without JavaScript: a note and the lists.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::use_key_title;
use crate::cards::{html_div, Ctx};
use crate::clock::use_app_clock;
use crate::components::tr;
use crate::format;
use crate::i18n::{fill, use_i18n, Key, Lang};
use crate::markup::Html;
use crate::router::use_location;
use crate::search::{focus_result, run, search_lang, PAGE_SIZE};
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
    let clock = use_app_clock();
    let i18n = use_i18n();
    // Normalized: a typed space leaves the memo (and so the search) as it was.
    let query = Memo::new(move |_| SearchQuery::from_query(&location.search.get()).normalized());
    let lang = Memo::new(move |_| search_lang(&query.get(), i18n.lang.get().code()));
    // The filters without the words: typing does not write the selects again.
    let facets = Memo::new(move |_| SearchQuery {
        q: String::new(),
        ..query.get()
    });
    let limit = RwSignal::new(PAGE_SIZE);
    let outcome = RwSignal::new(Outcome::Idle);
    // A search is under way (`aria-busy` on the results while the last answer shows).
    let busy = RwSignal::new(false);
    // A new query starts from the first page again. Setting a signal notifies even
    // when the value is the same, and that would start every search twice.
    Effect::new(move |_| {
        query.track();
        if limit.get_untracked() != PAGE_SIZE {
            limit.set(PAGE_SIZE);
        }
    });
    // The reader came to search: the runtime loads now, not at the first key.
    Effect::new(move |_| crate::search::preload(&lang.get()));
    run_searches(query, lang, limit, outcome, busy);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(select) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
        else {
            return;
        };
        let mut q = query.get_untracked();
        let Some(slot) = Facet::ALL
            .into_iter()
            .find(|f| f.id() == select.id())
            .map(|f| f.slot(&mut q))
        else {
            return;
        };
        *slot = select.value();
        location.navigate(&clock.href(&q.url()), false);
    };
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
            <form class="filters search__filters" on:submit=|ev| ev.prevent_default() on:change=on_change>
                {html_div("contents", move |h, c| filters(h, c, &facets.get(), &lang.get()))}
            </form>
            <Results outcome=outcome limit=limit busy=busy/>
        </section>
    }
}

/// Runs the search for each query (and "Show more"), showing the latest answer: an
/// answer to an older query is dropped. `busy` is set while one runs.
fn run_searches(
    query: Memo<SearchQuery>,
    lang: Memo<String>,
    limit: RwSignal<u32>,
    outcome: RwSignal<Outcome>,
    busy: RwSignal<bool>,
) {
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
                match result {
                    Ok(Some(found)) => outcome.set(Outcome::Found(answered, found)),
                    // Overtaken by a newer search, which answers instead.
                    Ok(None) => return,
                    Err(_) => outcome.set(Outcome::Failed),
                }
                busy.set(false);
            }
        });
    });
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
    // A memo: the button is built again only when it comes or goes, not per answer.
    let more = Memo::new(move |_| {
        live.get()
            .is_some_and(|(hits, count)| hits.len() < count && hits.len() as u32 >= limit.get())
    });
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
        <div class="search__results" aria-busy=move || busy.get().to_string() on:keydown=on_keydown>
            {html_div("contents", move |h, c| {
                h.open_class("ol", "search__list");
                for hit in live.get().map(|(hits, _)| hits).unwrap_or_default() {
                    result_card(h, c, &hit);
                }
                h.close("ol");
            })}
        </div>
        {move || more.get().then(|| view! {
            <button type="button" class="button search__more" on:click=move |_| limit.update(|n| *n += PAGE_SIZE)>
                {tr(Key::SearchMore)}
            </button>
        })}
    }
}

/// One result: the title linking to the item, its kind and date, and the excerpt with
/// the matching words in `<mark>`; every piece of the item is written as escaped text.
fn result_card(h: &mut Html, c: &Ctx, hit: &SearchHit) {
    let kind = match hit.meta("kind") {
        "thanks" => Key::NavThanks,
        "events" => Key::NavEvents,
        _ => Key::NavStories,
    };
    let date = impactwall_model::rfc3339::parse_datetime(hit.meta("date"))
        .map(|d| format::short_date(d, c.lang, None))
        .unwrap_or_default();
    h.open_class("li", "search-result")
        .open_class("article", "card search-result__card")
        .open_class("h2", "search-result__title")
        .open("a", &[("href", Some(&c.href(hit.path().unwrap_or("/"))))])
        .text(hit.meta("title"))
        .close("a")
        .close("h2")
        .el(
            "p",
            "search-result__meta",
            &format!("{} · {date}", c.t(kind)),
        )
        .open_class("p", "search-result__excerpt");
    for (text, marked) in excerpt_runs(&hit.excerpt) {
        if marked {
            h.open("mark", &[]).text(&text).close("mark");
        } else {
            h.text(&text);
        }
    }
    h.close("p").close("article").close("li");
}

/// Which filter a `<select>` drives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Facet {
    Kind,
    Team,
    Program,
    Lang,
}

impl Facet {
    const ALL: [Facet; 4] = [Facet::Kind, Facet::Team, Facet::Program, Facet::Lang];

    fn id(self) -> &'static str {
        match self {
            Facet::Kind => "search-kind",
            Facet::Team => "search-team",
            Facet::Program => "search-program",
            Facet::Lang => "search-lang",
        }
    }

    fn label(self) -> Key {
        match self {
            Facet::Kind => Key::SearchFilterKind,
            Facet::Team => Key::SearchFilterTeam,
            Facet::Program => Key::SearchFilterProgram,
            Facet::Lang => Key::Language,
        }
    }

    fn slot(self, q: &mut SearchQuery) -> &mut String {
        match self {
            Facet::Kind => &mut q.kind,
            Facet::Team => &mut q.team,
            Facet::Program => &mut q.program,
            Facet::Lang => &mut q.lang,
        }
    }
}

/// The four selects, written as text with the current choice marked. Teams and
/// programs come from the site's index; the language is the one searched.
fn filters(h: &mut Html, c: &Ctx, query: &SearchQuery, lang: &str) {
    let mut teams = BTreeSet::new();
    let mut programs = BTreeSet::new();
    let mut langs = Vec::new();
    if let Some(ix) = &c.ix {
        let metas = ix.stories.iter().map(|s| &s.meta);
        let metas = metas.chain(ix.thanks.iter().map(|t| &t.meta));
        let metas = metas.chain(ix.events.iter().map(|e| &e.meta));
        teams.extend(metas.filter_map(|m| m.team.clone()));
        programs.extend(ix.stories.iter().filter_map(|s| s.program.clone()));
        langs.clone_from(&ix.site.languages);
    }
    let any = || (String::new(), c.t(Key::SearchAny).to_owned());
    let kinds = [
        ("stories", Key::NavStories),
        ("thanks", Key::NavThanks),
        ("events", Key::NavEvents),
    ];
    let kinds = std::iter::once(any()).chain(kinds.map(|(v, k)| (v.to_owned(), c.t(k).to_owned())));
    let named = |values: BTreeSet<String>| {
        std::iter::once(any())
            .chain(values.into_iter().map(|v| (v.clone(), v)))
            .collect::<Vec<_>>()
    };
    let langs = langs.into_iter().map(|l| {
        let name =
            Lang::from_tag(&l).map_or(l.to_ascii_uppercase(), |x| x.native_name().to_owned());
        (l, name)
    });
    h.open("fieldset", &[("class", Some("contents"))]).el(
        "legend",
        "visually-hidden",
        c.t(Key::SearchFilters),
    );
    select(h, c, Facet::Kind, &kinds.collect::<Vec<_>>(), &query.kind);
    select(h, c, Facet::Team, &named(teams), &query.team);
    select(h, c, Facet::Program, &named(programs), &query.program);
    select(h, c, Facet::Lang, &langs.collect::<Vec<_>>(), lang);
    h.close("fieldset");
}

fn select(h: &mut Html, c: &Ctx, facet: Facet, options: &[(String, String)], current: &str) {
    crate::cards::select_field(h, facet.id(), c.t(facet.label()), options, current);
}
