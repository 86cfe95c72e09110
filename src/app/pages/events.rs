use std::sync::Arc;

use crate::app::components::tr;
use crate::app::components::{rows, Row};
use leptos::prelude::*;

use crate::app::clock::use_app_clock;
use crate::app::components::{EventActions, EventCard, EventWhen, WithIndex};
use crate::app::i18n::{use_i18n, Key};
use crate::model::{EventDetail, EventPhase, Index};
use crate::view_logic;

use super::{use_key_title, use_page_title};

/// `/events`: happening now, upcoming, past. Phases follow the clock, so an event
/// moves to "past" while the page is open.
#[component]
pub fn Events() -> impl IntoView {
    use_key_title(Key::EventsTitle);
    view! {
        <div class="page">
            <header class="page-head">
                <h1>{tr(Key::EventsTitle)}</h1>
                <p class="lead">{tr(Key::EventsLead)}</p>
            </header>
            <WithIndex render=|ix| view! { <EventGroups ix=ix/> }/>
        </div>
    }
}

type EventRows = Vec<Row>;

#[component]
fn EventGroups(ix: Arc<Index>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let groups_ix = ix.clone();
    let groups = Memo::new(move |_| -> (EventRows, EventRows, EventRows) {
        let g = view_logic::group_events(&groups_ix, clock.now.get(), i18n.lang.get().code());
        (rows(g.ongoing), rows(g.upcoming), rows(g.past))
    });
    let section = move |id: &'static str,
                        title: Key,
                        empty: Option<Key>,
                        phase: EventPhase,
                        rows: EventRows| {
        if rows.is_empty() && empty.is_none() {
            return None;
        }
        Some(view! {
            <section class=format!("section events-{id}") aria-labelledby=format!("{id}-title")>
                <h2 id=format!("{id}-title") class="section__title">{tr(title)}</h2>
                {if rows.is_empty() {
                    empty.map(|k| view! { <p class="empty">{tr(k)}</p> }).into_any()
                } else {
                    view! {
                        <div class="event-list">
                            {rows.into_iter().map(|(i, f)| view! { <EventCard event=ix.events[i].clone() fallback=f phase=phase/> }).collect_view()}
                        </div>
                    }
                    .into_any()
                }}
            </section>
        })
    };
    move || {
        let (ongoing, upcoming, past) = groups.get();
        view! {
            {section("ongoing", Key::Ongoing, None, EventPhase::Ongoing, ongoing)}
            {section("upcoming", Key::Upcoming, Some(Key::NoUpcoming), EventPhase::Upcoming, upcoming)}
            {section("past", Key::Past, Some(Key::NoPast), EventPhase::Past, past)}
        }
    }
}

#[component]
pub(super) fn EventArticle(event: Arc<EventDetail>, phase: EventPhase) -> impl IntoView {
    let clock = use_app_clock();
    let e = event.summary.clone();
    let title = e.title.clone();
    use_page_title(move || title.clone());
    view! {
        <article class="event-detail page page--narrow" lang=e.meta.lang.clone()>
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=clock.href("/events")><span aria-hidden="true">"← "</span>{tr(Key::BackToEvents)}</a>
            </nav>
            <p class="story__kicker">
                {match phase {
                    EventPhase::Ongoing => view! { <span class="badge badge--live">{tr(Key::HappeningNow)}</span> }.into_any(),
                    EventPhase::Upcoming => view! { <span class="badge">{tr(Key::Upcoming)}</span> }.into_any(),
                    EventPhase::Past => view! { <span class="badge">{tr(Key::Past)}</span> }.into_any(),
                }}
            </p>
            <h1 class="story__title">{e.title.clone()}</h1>
            {(!e.summary.is_empty()).then(|| view! { <p class="lead">{e.summary.clone()}</p> })}
            <div class="event-detail__facts">
                <EventWhen event=e.clone()/>
                {e.location.clone().map(|l| view! { <p class="event-where"><strong>{tr(Key::Location)}": "</strong>{l}</p> })}
                <EventActions event=e.clone() phase=phase/>
            </div>
            {e.image.clone().map(|img| view! { <figure class="story__image"><img src=img.src alt=img.alt/></figure> })}
            <div class="prose" inner_html=event.body_html.clone()></div>
        </article>
    }
}
