//! Cards and other plain-content pieces written as HTML text (see [`crate::markup`]
//! for why), and [`html_div`], the one view that shows such text.
//!
//! The markup here is the markup the styles and the browser tests expect: class names,
//! `lang` on each card, `<time datetime>`, visually hidden labels, decorative icons
//! hidden from screen readers.

use std::sync::Arc;

use leptos::prelude::*;

use super::clock::{use_app_clock, Clock};
use super::format;
use super::i18n::{fill, t, use_i18n, I18n, Key, Lang};
use super::site_data::SiteData;
use crate::markup::Html;
use crate::view_logic;
use impactwall_model::{
    EventPhase, EventSummary, Index, Instant, Medium, StorySummary, ThanksSummary,
};

/// What a piece of content needs to know about the reader: language, the site's time
/// zone (dates fall on the site's calendar), the clock and the preview moment links
/// carry along.
pub struct Ctx {
    /// The loaded index (`None` while it loads or when it failed).
    pub ix: Option<Arc<Index>>,
    pub lang: Lang,
    pub zone: Option<String>,
    pub clock: Clock,
}

/// The reactive sources of a [`Ctx`], looked up once where a piece of content is
/// placed.
#[derive(Clone, Copy)]
pub struct Sources {
    i18n: I18n,
    data: Option<SiteData>,
    clock: Clock,
}

impl Sources {
    pub fn here() -> Sources {
        Sources {
            i18n: use_i18n(),
            data: use_context::<SiteData>(),
            clock: use_app_clock(),
        }
    }

    /// The context now. Inside a view it tracks the language and the index, so the
    /// content is written again when either changes (not on every clock tick).
    pub fn read(&self) -> Ctx {
        let ix = self.data.and_then(|d| d.index()).and_then(Result::ok);
        let zone = ix
            .as_ref()
            .map(|ix| ix.site.timezone.clone())
            .filter(|z| !z.is_empty());
        Ctx {
            ix,
            lang: self.i18n.lang.get(),
            zone,
            clock: self.clock,
        }
    }
}

impl Ctx {
    pub fn t(&self, key: Key) -> &'static str {
        t(self.lang, key)
    }

    /// A link to `path` on this language's version of the site, carrying a `?at=`
    /// preview along.
    pub fn href(&self, path: &str) -> String {
        let default = self
            .ix
            .as_ref()
            .map_or("en", |ix| ix.site.default_language.as_str());
        let local = crate::view_logic::localized_path(path, self.lang.code(), default);
        self.clock.href(&local)
    }

    fn now(&self) -> Instant {
        self.clock.now.get_untracked()
    }

    /// `<time datetime="…">` with the date in the reader's language on the site's
    /// calendar, in `style` (`format::short_date` or `format::long_date`).
    pub fn time(
        &self,
        h: &mut Html,
        at: Instant,
        style: fn(Instant, Lang, Option<&str>) -> String,
    ) {
        h.open("time", &[("datetime", Some(&at.to_rfc3339()))])
            .text(&style(at, self.lang, self.zone.as_deref()))
            .close("time");
    }
}

/// A labelled `<select id=…>` in a `.field`: `options` are `(value, label)` pairs, the
/// one whose value is `current` selected (the filters of the lists and of search).
pub fn select_field(
    h: &mut Html,
    id: &str,
    label: &str,
    options: &[(String, String)],
    current: &str,
) {
    h.open_class("div", "field")
        .open(
            "label",
            &[("class", Some("field__label")), ("for", Some(id))],
        )
        .text(label)
        .close("label")
        .open("select", &[("id", Some(id))]);
    for (value, text) in options {
        h.open(
            "option",
            &[
                ("value", Some(value)),
                ("selected", (value == current).then_some("")),
            ],
        )
        .text(text)
        .close("option");
    }
    h.close("select").close("div");
}

/// A `<div class=…>` showing what `render` writes. Written again when what `render`
/// reads changes, and always with the reader's language and the index.
pub fn html_div(
    class: &'static str,
    render: impl Fn(&mut Html, &Ctx) + Send + Sync + 'static,
) -> AnyView {
    html_div_boxed(class, Box::new(render))
}

/// Writes a piece of content.
type Render = Box<dyn Fn(&mut Html, &Ctx) + Send + Sync>;

/// [`html_div`] without type parameters: one copy of the view code for every use.
///
/// Writing the text again replaces the elements. If the reader's focus was on one of
/// them that has an `id` (a select they are changing with the keyboard), focus goes
/// back to its new copy right after.
fn html_div_boxed(class: &'static str, render: Render) -> AnyView {
    let sources = Sources::here();
    let node = NodeRef::<leptos::html::Div>::new();
    let text = move || {
        let mut h = Html::new();
        render(&mut h, &sources.read());
        if let Some(id) = focused_id_inside(node) {
            leptos::task::spawn_local(async move { focus_by_id(&id) });
        }
        h.finish()
    };
    view! { <div class=class node_ref=node inner_html=text></div> }.into_any()
}

/// The id of the focused element, if it is inside `node` and has one.
fn focused_id_inside(node: NodeRef<leptos::html::Div>) -> Option<String> {
    let div = node.get_untracked()?;
    let active = crate::browser::window()?.document()?.active_element()?;
    let id = active.id();
    (!id.is_empty() && div.contains(Some(&active))).then_some(id)
}

fn focus_by_id(id: &str) {
    let el = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// "Not yet translated · Nederlands" next to content shown in another language.
pub fn fallback_marker(h: &mut Html, c: &Ctx, lang: &str) {
    let name = Lang::from_tag(lang)
        .map(|l| l.native_name().to_string())
        .unwrap_or_else(|| lang.to_ascii_uppercase());
    let label = c.t(Key::InOtherLanguage);
    h.open(
        "span",
        &[
            ("class", Some("badge badge--fallback")),
            ("title", Some(label)),
        ],
    )
    .text(label)
    .raw(" · ")
    .text(&name)
    .close("span");
}

/// Story teaser for lists and grids.
pub fn story_card(h: &mut Html, c: &Ctx, s: &StorySummary, fallback: bool, large: bool) {
    let class = if large {
        "story-card story-card--large"
    } else {
        "story-card"
    };
    h.open(
        "article",
        &[("class", Some(class)), ("lang", Some(&s.meta.lang))],
    );
    if let Some(img) = &s.image {
        h.open_class("div", "story-card__media")
            .open(
                "img",
                &[
                    ("src", Some(&img.src)),
                    ("alt", Some(&img.alt)),
                    ("loading", Some("lazy")),
                    ("decoding", Some("async")),
                ],
            )
            .close("div");
    }
    h.open_class("div", "story-card__body")
        .open_class("p", "story-card__kicker");
    if let Some(p) = &s.program {
        h.el("span", "chip", p);
    }
    if fallback {
        fallback_marker(h, c, &s.meta.lang);
    }
    h.close("p")
        .open_class("h3", "story-card__title")
        .open(
            "a",
            &[
                ("href", Some(&c.href(&format!("/stories/{}", s.meta.slug)))),
                ("class", Some("stretched-link")),
            ],
        )
        .text(&s.title)
        .close("a")
        .close("h3");
    if !s.summary.is_empty() {
        h.el("p", "story-card__summary", &s.summary);
    }
    h.open_class("p", "story-card__meta");
    c.time(h, s.meta.date, format::short_date);
    h.dot()
        .open("span", &[])
        .text(&fill(c.t(Key::MinutesRead), s.reading_minutes.max(1), ""));
    h.close("span");
    if s.people_helped > 0 {
        let label = if s.people_helped == 1 {
            Key::PersonHelpedShort
        } else {
            Key::PeopleHelpedShort
        };
        let text = format!("{} {}", format::number(s.people_helped, c.lang), c.t(label));
        h.dot().el("span", "story-card__people", &text);
    }
    h.close("p").close("div").close("article");
}

/// Label of a medium, plural ("Letters").
pub fn medium_label(m: Medium) -> Key {
    match m {
        Medium::Letter => Key::MediumLetter,
        Medium::Email => Key::MediumEmail,
        Medium::Card => Key::MediumCard,
        Medium::Voicemail => Key::MediumVoicemail,
        Medium::Video => Key::MediumVideo,
        Medium::Message => Key::MediumMessage,
    }
}

/// Path data of a medium's line icon.
pub fn medium_icon_path(medium: Medium) -> &'static str {
    match medium {
        Medium::Letter => "M4 6h16v12H4zM4 6l8 7 8-7",
        Medium::Email => "M3 5h18v14H3zM3 5l9 8 9-8M3 19l7-7M21 19l-7-7",
        Medium::Card => {
            "M5 3h14v18H5zM9 9a3 3 0 0 1 3 2 3 3 0 0 1 3-2c2 0 2 3 0 5l-3 3-3-3c-2-2-2-5 0-5"
        }
        Medium::Voicemail => {
            "M7 16a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm10 0a4 4 0 1 1 0-8 4 4 0 0 1 0 8zM7 16h10"
        }
        Medium::Video => "M3 6h13v12H3zM16 10l5-3v10l-5-3",
        Medium::Message => "M4 4h16v12H8l-4 4z",
    }
}

/// "✉ Letters": a medium's icon and name, as on the cards and the thank-you page.
pub fn medium_line(h: &mut Html, c: &Ctx, medium: Medium) {
    h.icon("icon medium-icon", "20", medium_icon_path(medium))
        .el("span", "", c.t(medium_label(medium)));
}

/// Thank-you card; a voicemail carries its player and transcript.
pub fn thanks_card(h: &mut Html, c: &Ctx, t: &ThanksSummary, fallback: bool) {
    let mut class = format!("thanks-card thanks-card--{}", t.medium.as_str());
    if t.audio.is_some() {
        class.push_str(" thanks-card--audio");
    }
    h.open(
        "article",
        &[("class", Some(&class)), ("lang", Some(&t.meta.lang))],
    )
    .open_class("p", "thanks-card__medium");
    medium_line(h, c, t.medium);
    if fallback {
        fallback_marker(h, c, &t.meta.lang);
    }
    h.close("p")
        .open_class("blockquote", "thanks-card__quote")
        .el("p", "", t.wall_line())
        .close("blockquote");
    voicemail(h, c, t);
    h.open_class("footer", "thanks-card__footer")
        .open_class("p", "thanks-card__from")
        .open_class("span", "visually-hidden")
        .text(c.t(Key::From))
        .raw(" </span>— ")
        .text(&t.from)
        .close("p")
        .open_class("p", "thanks-card__to")
        .text(c.t(Key::To))
        .raw(": <strong>")
        .text(&t.to)
        .close("strong")
        .dot();
    c.time(h, t.meta.date, format::short_date);
    h.close("p")
        .open(
            "a",
            &[
                ("href", Some(&c.href(&format!("/thanks/{}", t.meta.slug)))),
                ("class", Some("thanks-card__more")),
            ],
        )
        .text(c.t(Key::ReadFull))
        .close("a")
        .close("footer")
        .close("article");
}

/// A voicemail's native audio controls (keyboard and screen-reader friendly) with the
/// transcript beside it, linked by `aria-describedby`. Nothing for other media.
pub fn voicemail(h: &mut Html, c: &Ctx, t: &ThanksSummary) {
    let Some(audio) = &t.audio else { return };
    let id = format!("transcript-{}", t.meta.slug);
    let label = format!("{} — {}", c.t(Key::ListenVoicemail), t.from);
    h.open_class("figure", "voicemail")
        .open_class("div", "voicemail__player")
        .open(
            "audio",
            &[
                ("controls", Some("")),
                ("preload", Some("none")),
                ("aria-label", Some(&label)),
                ("aria-describedby", Some(&id)),
            ],
        )
        .open(
            "source",
            &[("src", Some(&audio.src)), ("type", Some(&audio.mime))],
        )
        .close("audio")
        .close("div")
        .open(
            "figcaption",
            &[("class", Some("voicemail__transcript")), ("id", Some(&id))],
        )
        .el("h4", "voicemail__heading", c.t(Key::Transcript));
    for p in view_logic::paragraphs(t.transcript.as_deref().unwrap_or_default()) {
        h.el("p", "", &p);
    }
    h.close("figcaption").close("figure");
}

const CALENDAR_ICON: &str = "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5";

/// When an event happens, in the viewer's time and, if different, the event's own.
pub fn event_when(h: &mut Html, c: &Ctx, e: &EventSummary) {
    let (starts, ends, all_day) = (e.starts, e.ends, e.all_day);
    let differs = view_logic::event_zone_differs(e, format::viewer_offset_minutes(starts));
    let own = Some(e.timezone.as_str());
    h.open_class("p", "event-when")
        .icon("icon", "18", CALENDAR_ICON)
        .open("span", &[])
        .open("time", &[("datetime", Some(&starts.to_rfc3339()))])
        .text(&format::event_range(
            starts,
            ends,
            all_day,
            c.lang,
            if all_day { own } else { None },
        ))
        .close("time");
    if all_day {
        h.raw(" · ").text(c.t(Key::AllDay));
    } else if differs {
        h.open_class("span", "event-when__mine")
            .raw(" (")
            .text(c.t(Key::YourTime))
            .raw(")</span><br>")
            .open_class("span", "event-when__zone")
            .text(&format::event_range(starts, ends, false, c.lang, own))
            .raw(" (")
            .text(&e.timezone)
            .raw(", ")
            .text(c.t(Key::EventTime))
            .raw(")</span>");
    }
    h.close("span").close("p");
}

/// Opens a link that leaves the site in a new tab (RSVP forms, meeting rooms).
fn open_external<'h>(h: &'h mut Html, class: &str, href: &str) -> &'h mut Html {
    h.open(
        "a",
        &[
            ("class", Some(class)),
            ("href", Some(href)),
            ("rel", Some("noopener")),
            ("target", Some("_blank")),
        ],
    )
}

/// RSVP, join-online and add-to-calendar links (not for past events, except the
/// calendar file).
pub fn event_actions(h: &mut Html, c: &Ctx, e: &EventSummary, phase: EventPhase) {
    let active = phase != EventPhase::Past;
    h.open_class("div", "event-actions");
    if let Some(u) = e.rsvp_url.as_deref().filter(|_| active) {
        open_external(h, "button button--primary", u)
            .text(c.t(Key::Rsvp))
            .open_class("span", "visually-hidden")
            .raw(": ")
            .text(&e.title)
            .close("span")
            .close("a");
    }
    if let Some(u) = e.online_url.as_deref().filter(|_| active) {
        open_external(h, "button", u)
            .text(c.t(Key::JoinOnline))
            .close("a");
    }
    h.open(
        "a",
        &[
            ("class", Some("button button--ghost")),
            ("href", Some(&e.ics)),
            ("download", Some(&format!("{}.ics", e.meta.slug))),
        ],
    )
    .icon(
        "icon",
        "18",
        "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5M12 13v5M9.5 15.5h5",
    )
    .text(c.t(Key::AddToCalendar))
    .close("a")
    .close("div");
}

/// `<p class="event-where">` with the place, after a visually hidden label.
fn event_where(h: &mut Html, c: &Ctx, place: &str) {
    h.open_class("p", "event-where")
        .icon(
            "icon",
            "18",
            "M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11zM12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
        )
        .open_class("span", "visually-hidden")
        .text(c.t(Key::Location))
        .raw(": </span>")
        .text(place)
        .close("p");
}

/// Event card with time, place, links and the calendar download. The countdown is
/// written with the card (a clock tick does not rewrite the list under the reader).
pub fn event_card(h: &mut Html, c: &Ctx, e: &EventSummary, fallback: bool, phase: EventPhase) {
    let class = if phase == EventPhase::Past {
        "event-card event-card--past"
    } else {
        "event-card"
    };
    let zone = Some(e.timezone.as_str());
    h.open(
        "article",
        &[("class", Some(class)), ("lang", Some(&e.meta.lang))],
    )
    .open(
        "div",
        &[
            ("class", Some("event-card__date")),
            ("aria-hidden", Some("true")),
        ],
    )
    .el(
        "span",
        "event-card__day",
        &format::date_with(e.starts, c.lang, zone, &[("day", "numeric")]),
    )
    .el(
        "span",
        "event-card__month",
        &format::date_with(e.starts, c.lang, zone, &[("month", "short")]),
    )
    .close("div")
    .open_class("div", "event-card__body")
    .open_class("p", "event-card__kicker");
    match phase {
        EventPhase::Ongoing => {
            h.el("span", "badge badge--live", c.t(Key::HappeningNow));
        }
        EventPhase::Upcoming => {
            let minutes = view_logic::minutes_until(c.now(), e.starts);
            h.el("span", "badge", &format::relative(minutes, c.lang));
        }
        EventPhase::Past => {}
    }
    if fallback {
        fallback_marker(h, c, &e.meta.lang);
    }
    h.close("p")
        .open_class("h3", "event-card__title")
        .open(
            "a",
            &[("href", Some(&c.href(&format!("/events/{}", e.meta.slug))))],
        )
        .text(&e.title)
        .close("a")
        .close("h3");
    event_when(h, c, e);
    if let Some(place) = &e.location {
        event_where(h, c, place);
    }
    if !e.summary.is_empty() {
        h.el("p", "event-card__summary", &e.summary);
    }
    event_actions(h, c, e, phase);
    h.close("div").close("article");
}
