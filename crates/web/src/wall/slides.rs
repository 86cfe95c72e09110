//! One view per slide kind. Plain functions of their data: no signals inside, so a
//! slide that leaves the screen leaves nothing behind.

use leptos::prelude::*;

use super::labels::WallLabels;
use super::zone::Zone;
use impactwall_model::rotation::{countdown, excerpt, Mission, Slide, SlideContent};
use impactwall_model::{Counters, EventSummary, Instant, Medium, StorySummary, ThanksSummary};

/// What every slide view may need besides its own data.
pub struct SlideContext<'a> {
    pub labels: WallLabels,
    pub zone: &'a Zone,
    pub now: Instant,
    /// Minutes east of UTC of the screen's zone at an instant.
    pub screen_offset: fn(Instant) -> i32,
}

pub fn render(slide: &Slide, cx: &SlideContext) -> AnyView {
    match &slide.content {
        SlideContent::Story(s) => story(s, cx).into_any(),
        SlideContent::Thanks(t) => thanks(t, cx).into_any(),
        SlideContent::Event(e) => event(e, cx).into_any(),
        SlideContent::Counters(c) => counters(c, cx).into_any(),
        SlideContent::Mission(m) => mission(m, cx).into_any(),
        SlideContent::TalkingPoint(p) => super::impact_slides::point(p, cx).into_any(),
        SlideContent::Metric(m) => super::impact_slides::metric(m, cx).into_any(),
    }
}

fn story(s: &StorySummary, cx: &SlideContext) -> impl IntoView {
    let eyebrow = match &s.program {
        Some(p) => format!("{} · {}", cx.labels.story, p),
        None => cx.labels.story.to_string(),
    };
    let has_image = s.image.is_some();
    view! {
        <article class="slide slide-story" class:slide-has-media=has_image lang=s.meta.lang.clone()>
            {s.image.clone().map(|img| view! {
                <figure class="slide-media"><img src=img.src alt=img.alt decoding="async"/></figure>
            })}
            <div class="slide-body">
                <p class="slide-eyebrow">{eyebrow}</p>
                <h2 class="slide-title">{s.title.clone()}</h2>
                {(!s.summary.is_empty()).then(|| view! {
                    <p class="slide-summary">{excerpt(&s.summary, 240)}</p>
                })}
                {s.qr.clone().map(|qr| view! {
                    <div class="slide-qr">
                        <img src=qr alt="" width="160" height="160"/>
                        <span>{cx.labels.scan_to_read}</span>
                    </div>
                })}
            </div>
        </article>
    }
}

fn thanks(t: &ThanksSummary, cx: &SlideContext) -> impl IntoView {
    let l = cx.labels;
    let eyebrow = if t.medium == Medium::Voicemail {
        format!("{} · {}", l.thank_you, l.voicemail)
    } else {
        l.thank_you.to_string()
    };
    let line = excerpt(t.wall_line(), 280);
    // Long lines get a smaller size so they still fit at reading distance.
    let size = match line.chars().count() {
        0..=90 => "quote-l",
        91..=170 => "quote-m",
        _ => "quote-s",
    };
    let transcript = t
        .transcript
        .as_deref()
        .filter(|_| t.medium == Medium::Voicemail)
        .map(|tr| excerpt(tr, 180))
        .filter(|tr| !tr.is_empty() && *tr != line);
    view! {
        <article class="slide slide-thanks" lang=t.meta.lang.clone()>
            <p class="slide-eyebrow">{eyebrow}</p>
            <blockquote class=format!("thanks-quote {size}")><p>{format!("“{line}”")}</p></blockquote>
            <p class="thanks-people">
                <span class="thanks-from"><span class="thanks-label">{l.from}</span>" "{t.from.clone()}</span>
                <span class="thanks-to"><span class="thanks-label">{l.to}</span>" "{t.to.clone()}</span>
            </p>
            {transcript.map(|tr| view! { <p class="thanks-transcript">{tr}</p> })}
        </article>
    }
}

fn event(e: &EventSummary, cx: &SlideContext) -> impl IntoView {
    let c = countdown(
        e,
        cx.now,
        (cx.screen_offset)(cx.now),
        (cx.screen_offset)(e.starts),
    );
    let badge = cx.labels.countdown(c);
    let has_image = e.image.is_some();
    view! {
        <article class="slide slide-event" class:slide-has-media=has_image lang=e.meta.lang.clone()>
            {e.image.clone().map(|img| view! {
                <figure class="slide-media"><img src=img.src alt=img.alt decoding="async"/></figure>
            })}
            <div class="slide-body">
                <p class="slide-eyebrow">{cx.labels.event}</p>
                <p class="event-countdown">{badge}</p>
                <h2 class="slide-title">{e.title.clone()}</h2>
                <p class="event-when">{cx.zone.event_when(e)}</p>
                {e.location.clone().map(|l| view! { <p class="event-where">{l}</p> })}
                {(!e.summary.is_empty()).then(|| view! {
                    <p class="slide-summary">{excerpt(&e.summary, 200)}</p>
                })}
            </div>
        </article>
    }
}

fn counters(c: &Counters, cx: &SlideContext) -> impl IntoView {
    let l = cx.labels;
    let figure = |n: u64, label: &'static str| {
        view! {
            <li class="counter">
                <span class="counter-value">{cx.zone.number(n)}</span>
                <span class="counter-label">{label}</span>
            </li>
        }
    };
    view! {
        <article class="slide slide-counters" lang=l.lang>
            <h2 class="slide-eyebrow">{l.our_impact}</h2>
            <ul class="counter-list">
                {figure(c.people_helped, l.people_helped)}
                {figure(c.stories as u64, l.stories)}
                {figure(c.thanks as u64, l.thanks)}
                {(c.upcoming_events > 0).then(|| figure(c.upcoming_events as u64, l.upcoming_events))}
            </ul>
        </article>
    }
}

fn mission(m: &Mission, cx: &SlideContext) -> impl IntoView {
    view! {
        <article class="slide slide-mission" lang=cx.labels.lang>
            {m.logo.clone().map(|img| view! { <img class="mission-logo" src=img.src alt=img.alt/> })}
            <p class="slide-eyebrow">{cx.labels.our_mission}</p>
            <p class="mission-text">{m.mission.clone()}</p>
            <p class="mission-name">{m.name.clone()}</p>
        </article>
    }
}
