//! The list: every item with its state, whether it shows on wall screens (and why
//! not), its languages and how many problems `check` finds; filters by kind and
//! state and a text filter; each row opens the item's form.

use leptos::prelude::*;

use super::filter::{error_count, Filter, Items, Row, KINDS, STATES};
use super::http::{send, ITEMS_URL};
use super::{use_desk, DeskView};
use crate::api::decode;
use crate::i18n::{fill, use_i18n, Key};

/// Where the list stands.
#[derive(Clone, Debug, PartialEq)]
enum Loaded {
    Loading,
    Rows(Vec<Row>),
    Failed(String),
}

/// The interface string for a kind of item (its folder name).
pub fn kind_key(kind: &str) -> Key {
    match kind {
        "stories" => Key::DeskKindStories,
        "thanks" => Key::DeskKindThanks,
        "events" => Key::DeskKindEvents,
        "talking-points" => Key::DeskKindTalkingPoints,
        _ => Key::DeskKindTeams,
    }
}

/// The interface string for a state.
pub fn state_key(state: &str) -> Key {
    match state {
        "draft" => Key::DeskStateDraft,
        "scheduled" => Key::DeskStateScheduled,
        "expired" => Key::DeskStateExpired,
        _ => Key::DeskStateLive,
    }
}

/// The interface string for a reason an item is not on wall screens.
fn reason_key(reason: &str) -> Key {
    match reason {
        "draft" => Key::DeskWhyDraft,
        "not live" => Key::DeskWhyNotLive,
        "no consent" => Key::DeskWhyNoConsent,
        _ => Key::DeskWhyWallOff,
    }
}

#[component]
pub fn ItemList() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let loaded = RwSignal::new(Loaded::Loading);
    let filter = RwSignal::new(Filter::default());
    Effect::new(move |_| {
        desk.changed.track();
        leptos::task::spawn_local(async move {
            let answer = send("GET", ITEMS_URL, None, None).await;
            loaded.set(match answer {
                Ok(a) if a.status == 401 => {
                    desk.session.set(None);
                    return;
                }
                Ok(a) if a.ok() => decode::<Items>(&a.text)
                    .map_or_else(|e| Loaded::Failed(e.to_string()), |i| Loaded::Rows(i.items)),
                Ok(a) => Loaded::Failed(a.message()),
                Err(e) => Loaded::Failed(e),
            });
        });
    });
    view! {
        <section class="desk-list-screen" aria-labelledby="desk-list-title">
            <div class="desk-title-row">
                <h1 id="desk-list-title">{move || i18n.t(Key::DeskListTitle)}</h1>
                <NewButtons/>
            </div>
            <Filters filter=filter/>
            {move || match loaded.get() {
                Loaded::Loading => view! { <p class="desk-note">{i18n.t(Key::Loading)}</p> }.into_any(),
                Loaded::Failed(m) => view! {
                    <p class="desk-error" role="alert">{format!("{} ({m})", i18n.t(Key::DeskLoadFailed))}</p>
                }.into_any(),
                Loaded::Rows(rows) => view! { <Rows rows=rows filter=filter/> }.into_any(),
            }}
        </section>
    }
}

/// "New story", "New thank-you", "New event", and the trash.
#[component]
fn NewButtons() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let new = |kind: &'static str, key: Key| {
        let href = DeskView::New(kind.to_owned()).path();
        view! {
            <a class="desk-button" href=href on:click=move |ev| super::follow(ev, desk, DeskView::New(kind.to_owned()))>
                {move || i18n.t(key)}
            </a>
        }
    };
    view! {
        <p class="desk-actions">
            {new("stories", Key::DeskNewStory)}
            {new("thanks", Key::DeskNewThanks)}
            {new("events", Key::DeskNewEvent)}
            {new("talking-points", Key::DeskNewTalkingPoint)}
            {new("teams", Key::DeskNewTeam)}
            <a class="desk-button secondary" href=DeskView::Trash.path()
                on:click=move |ev| super::follow(ev, desk, DeskView::Trash)>
                {move || i18n.t(Key::DeskTrash)}
            </a>
        </p>
    }
}

#[component]
fn Filters(filter: RwSignal<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let options = |values: &'static [&'static str], key: fn(&str) -> Key| {
        values
            .iter()
            .map(|v| view! { <option value=*v>{move || i18n.t(key(v))}</option> })
            .collect_view()
    };
    view! {
        <div class="desk-filters" role="search">
            <label class="desk-field">
                <span>{move || i18n.t(Key::DeskFilterKind)}</span>
                <select on:change=move |ev| filter.update(|f| f.kind = event_target_value(&ev))>
                    <option value="">{move || i18n.t(Key::DeskAll)}</option>
                    {options(&KINDS, kind_key)}
                </select>
            </label>
            <label class="desk-field">
                <span>{move || i18n.t(Key::DeskFilterState)}</span>
                <select on:change=move |ev| filter.update(|f| f.state = event_target_value(&ev))>
                    <option value="">{move || i18n.t(Key::DeskAll)}</option>
                    {options(&STATES, state_key)}
                </select>
            </label>
            <label class="desk-field desk-filter-text">
                <span>{move || i18n.t(Key::DeskFilterText)}</span>
                <input type="search" on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev))/>
            </label>
        </div>
    }
}

#[component]
fn Rows(rows: Vec<Row>, filter: RwSignal<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = StoredValue::new(rows);
    let shown = Memo::new(move |_| {
        let f = filter.get();
        rows.with_value(|r| f.apply(r).into_iter().cloned().collect::<Vec<_>>())
    });
    view! {
        <p class="desk-count" role="status">
            {move || fill(i18n.t(Key::DeskCount), shown.with(Vec::len), "")}
        </p>
        <ul class="desk-rows">
            {move || shown.get().into_iter().map(|r| view! { <RowView row=r/> }).collect_view()}
        </ul>
    }
}

#[component]
fn RowView(row: Row) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let target = DeskView::Edit(row.kind.clone(), row.slug.clone());
    let href = target.path();
    let problems_class = if error_count(&row) > 0 {
        "desk-meta desk-problems has-errors"
    } else {
        "desk-meta desk-problems"
    };
    let problems = row.problems.len();
    let languages = row
        .languages
        .iter()
        .map(|v| v.lang.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let reasons = row.not_on_wall.clone();
    let (kind, state) = (row.kind.clone(), row.state.clone());
    let state_class = format!("desk-state {state}");
    let wall = move || {
        if row.on_wall {
            i18n.t(Key::DeskOnWall).to_owned()
        } else {
            let why: Vec<&str> = reasons.iter().map(|r| i18n.t(reason_key(r))).collect();
            format!("{}: {}", i18n.t(Key::DeskNotOnWall), why.join(", "))
        }
    };
    view! {
        <li class="desk-row">
            <a class="desk-row-title" href=href on:click=move |ev| super::follow(ev, desk, target.clone())>
                {row.title.clone()}
            </a>
            <span class=state_class>{move || i18n.t(state_key(&state))}</span>
            <span class="desk-meta">{move || i18n.t(kind_key(&kind))}</span>
            <span class="desk-meta">{wall}</span>
            <span class="desk-meta">{format!("{}: {languages}", i18n.t(Key::DeskLanguages))}</span>
            <span class=problems_class>
                {move || fill(i18n.t(Key::DeskProblems), problems, "")}
            </span>
            <span class="desk-path">{row.path.clone()}</span>
        </li>
    }
}
