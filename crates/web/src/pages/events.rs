use std::sync::Arc;

use crate::components::{rows, Row};
use leptos::prelude::*;

use super::list_page;
use crate::components::SkeletonKind;

use crate::clock::use_app_clock;

use crate::cards::{event_actions, event_card, event_when, html_div, Ctx};
use crate::markup::Html;
use crate::page_data::BODY_ELEMENT_ID;

use super::{breadcrumb, figure};
use crate::i18n::{use_i18n, Key};
use crate::view_logic;
use impactwall_model::{EventDetail, EventPhase, Index};

use super::use_page_title;

/// `/events`: happening now, upcoming, past. Phases follow the clock, so an event
/// moves to "past" while the page is open.
#[component]
pub fn Events() -> impl IntoView {
    let groups = |ix| view! { <EventGroups ix=ix/> }.into_any();
    list_page(
        "page",
        Key::EventsTitle,
        Some(Key::EventsLead),
        SkeletonKind::Cards,
        groups,
    )
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
    html_div("contents", move |h, c| {
        let (ongoing, upcoming, past) = groups.get();
        let groups = [
            ("ongoing", Key::Ongoing, None, EventPhase::Ongoing, ongoing),
            (
                "upcoming",
                Key::Upcoming,
                Some(Key::NoUpcoming),
                EventPhase::Upcoming,
                upcoming,
            ),
            ("past", Key::Past, Some(Key::NoPast), EventPhase::Past, past),
        ];
        for (id, title, empty, phase, rows) in groups {
            if rows.is_empty() && empty.is_none() {
                continue;
            }
            let title_id = format!("{id}-title");
            h.open(
                "section",
                &[
                    ("class", Some(&format!("section events-{id}"))),
                    ("aria-labelledby", Some(&title_id)),
                ],
            )
            .open(
                "h2",
                &[("id", Some(&title_id)), ("class", Some("section__title"))],
            )
            .text(c.t(title))
            .close("h2");
            if let (true, Some(k)) = (rows.is_empty(), empty) {
                h.el("p", "empty", c.t(k));
            } else {
                h.open_class("div", "event-list");
                for (i, f) in rows {
                    event_card(h, c, &ix.events[i], f, phase);
                }
                h.close("div");
            }
            h.close("section");
        }
    })
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
    h.open(
        "div",
        &[("class", Some("prose")), ("id", Some(BODY_ELEMENT_ID))],
    )
    .sanitized(&event.body_html)
    .close("div");
}
