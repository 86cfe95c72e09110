use std::sync::Arc;

use crate::app::components::tr;
use crate::app::components::{rows, Row};
use leptos::prelude::*;

use crate::app::clock::use_app_clock;

use crate::app::cards::{event_actions, event_card, event_when, html_div, Ctx};
use crate::app::components::WithIndex;
use crate::markup::Html;

use super::{breadcrumb, figure};
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
                    let ix = ix.clone();
                    html_div("event-list", move |h, c| {
                        for &(i, f) in &rows {
                            event_card(h, c, &ix.events[i], f, phase);
                        }
                    })
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
    let title = event.summary.title.clone();
    use_page_title(move || title.clone());
    let lang = event.summary.meta.lang.clone();
    view! {
        <article class="event-detail page page--narrow" lang=lang>
            {html_div("contents", move |h, c| event_article(h, c, &event, phase))}
        </article>
    }
}

/// The event: phase, title, when and where, actions, image, text.
fn event_article(h: &mut Html, c: &Ctx, event: &EventDetail, phase: EventPhase) {
    let e = &event.summary;
    breadcrumb(h, c, "/events", Key::BackToEvents);
    let (badge, label) = match phase {
        EventPhase::Ongoing => ("badge badge--live", Key::HappeningNow),
        EventPhase::Upcoming => ("badge", Key::Upcoming),
        EventPhase::Past => ("badge", Key::Past),
    };
    h.open_class("p", "story__kicker")
        .el("span", badge, c.t(label))
        .close("p")
        .el("h1", "story__title", &e.title);
    if !e.summary.is_empty() {
        h.el("p", "lead", &e.summary);
    }
    h.open_class("div", "event-detail__facts");
    event_when(h, c, e);
    if let Some(place) = &e.location {
        h.open_class("p", "event-where")
            .raw("<strong>")
            .text(c.t(Key::Location))
            .raw(": </strong>")
            .text(place)
            .close("p");
    }
    event_actions(h, c, e, phase);
    h.close("div");
    if let Some(img) = &e.image {
        figure(h, img);
    }
    h.open_class("div", "prose")
        .sanitized(&event.body_html)
        .close("div");
}
