//! The published content model: what `impactwall build` writes as JSON and what the
//! browser app reads. Shared by the native compiler and the wasm app, so it holds no
//! I/O, no Markdown and no time-zone database: instants are UTC, zone names are
//! carried as strings for display.
//!
//! Files in `dist/`:
//! - `data/index.json`            → [`Index`] (summaries of every published item, all languages)
//! - `data/stories/{slug}.json`   → [`StoryDetail`]
//! - `data/thanks/{slug}.json`    → [`ThanksDetail`]
//! - `data/events/{slug}.json`    → [`EventDetail`]
//! - `data/impact.json`           → [`impact::ImpactData`] (metrics per month, teams, talking points)
//! - `data/wall.json`, `data/wall/{playlist}.json` → [`wall_feed::WallFeed`] (wall screens)
//! - `pagefind/{lang}/…`          → the search index (Pagefind bundles, chunks fetched on demand)
//! - `calendar/{slug}.ics`, `calendar.ics`, `feed.xml` (Atom), `qr/{kind}/{slug}.svg`, `media/…` (hashed)

#![cfg_attr(test, allow(clippy::too_many_lines))]

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Impact metrics, equivalences, teams and talking points (`data/impact.json`).
pub mod impact;
/// Reading the published timestamps (serde helpers for the types below).
pub mod rfc3339;
/// Which slides a wall screen shows, in which order, for how long.
pub mod rotation;
/// What a wall screen downloads: its coming hours, not the archive.
pub mod wall_feed;

/// A point in time, always UTC in the published data.
pub type Instant = DateTime<Utc>;

/// Version of the published JSON layout; bumped on incompatible changes so an old
/// cached app shell can tell it must reload.
pub const DATA_VERSION: u32 = 1;

/// The three kinds of content item.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Story,
    Thanks,
    Event,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Story, Kind::Thanks, Kind::Event];

    /// Folder name under `content/` and `data/` (`stories`, `thanks`, `events`).
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Story => "stories",
            Kind::Thanks => "thanks",
            Kind::Event => "events",
        }
    }

    /// Parses a folder name or singular name (`stories`, `story`, …), as used in
    /// playlists and `/wall?kinds=`.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "story" | "stories" => Some(Kind::Story),
            "thanks" | "thank" | "thank-you" => Some(Kind::Thanks),
            "event" | "events" => Some(Kind::Event),
            _ => None,
        }
    }
}

/// How a thank-you message reached the organisation.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    Letter,
    Email,
    Card,
    Voicemail,
    Video,
    Message,
}

impl Medium {
    pub const ALL: [Medium; 6] = [
        Medium::Letter,
        Medium::Email,
        Medium::Card,
        Medium::Voicemail,
        Medium::Video,
        Medium::Message,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Medium::Letter => "letter",
            Medium::Email => "email",
            Medium::Card => "card",
            Medium::Voicemail => "voicemail",
            Medium::Video => "video",
            Medium::Message => "message",
        }
    }
}

/// Publication window. Drafts are never published, so they do not appear here.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Schedule {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::rfc3339::deserialize_option"
    )]
    pub publish_at: Option<Instant>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::rfc3339::deserialize_option"
    )]
    pub expires_at: Option<Instant>,
}

impl Schedule {
    /// Live from `publish_at` (inclusive) until `expires_at` (exclusive).
    pub fn is_live_at(&self, now: Instant) -> bool {
        self.publish_at.is_none_or(|p| now >= p) && self.expires_at.is_none_or(|e| now < e)
    }

    /// True once `expires_at` has passed.
    pub fn has_expired_at(&self, now: Instant) -> bool {
        self.expires_at.is_some_and(|e| now >= e)
    }

    /// The next instant after `now` at which liveness changes, if any: lets a screen
    /// schedule its next re-evaluation exactly instead of polling.
    pub fn next_change_after(&self, now: Instant) -> Option<Instant> {
        [self.publish_at, self.expires_at]
            .into_iter()
            .flatten()
            .filter(|t| *t > now)
            .min()
    }
}

/// Fields every item has.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct ItemMeta {
    pub slug: String,
    /// BCP 47 language tag as written in `site.toml` (`en`, `es`, `nl`).
    pub lang: String,
    /// Items that are translations of each other share this key: the `translation_of`
    /// slug, or the item's own slug.
    pub translation_key: String,
    /// The item's date (story/thanks: when written or received; event: its start).
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub date: Instant,
    #[serde(default)]
    pub schedule: Schedule,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Show on wall screens (front matter `wall`, default true).
    pub wall: bool,
    /// While live, replaces the wall rotation (front matter `takeover`).
    #[serde(default)]
    pub takeover: bool,
    /// Seconds this item stays on a wall screen, overriding playlist and site defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall_seconds: Option<u32>,
    /// The people named agreed to publication (front matter `consent`, default false).
    #[serde(default)]
    pub consent: bool,
}

/// An image with its (required) alternative text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// URL path of the hashed copy, e.g. `/media/rosa.3f9a1c2e.jpg`.
    pub src: String,
    pub alt: String,
}

/// An audio recording (voicemail).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Audio {
    pub src: String,
    /// MIME type, e.g. `audio/ogg`.
    pub mime: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct StorySummary {
    #[serde(flatten)]
    pub meta: ItemMeta,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    #[serde(default)]
    pub people_helped: u64,
    #[serde(default)]
    pub featured: bool,
    /// One copy-ready line for calls and chats (front matter `talking_point`); may hold
    /// `{metric.period}` figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talking_point: Option<String>,
    /// URL path of a QR code (SVG) pointing at the story page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr: Option<String>,
    #[serde(default)]
    pub reading_minutes: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub summary: StorySummary,
    /// Sanitised HTML rendered at build time.
    pub body_html: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ThanksSummary {
    #[serde(flatten)]
    pub meta: ItemMeta,
    /// Who sent it; may be vague on purpose ("a family in Ohio").
    pub from: String,
    /// The person or team thanked.
    pub to: String,
    pub medium: Medium,
    /// The line to show large on the wall; falls back to the excerpt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Plain-text opening of the message body (≤ 280 chars).
    #[serde(default)]
    pub excerpt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<Audio>,
    /// Plain text, paragraphs separated by blank lines. Required with audio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

impl ThanksSummary {
    /// What a wall screen shows large.
    pub fn wall_line(&self) -> &str {
        self.quote.as_deref().unwrap_or(&self.excerpt)
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ThanksDetail {
    #[serde(flatten)]
    pub summary: ThanksSummary,
    pub body_html: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct EventSummary {
    #[serde(flatten)]
    pub meta: ItemMeta,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub starts: Instant,
    /// Always present in published data: the build fills a missing end (end of day
    /// for all-day events, start + 2 h otherwise).
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub ends: Instant,
    #[serde(default)]
    pub all_day: bool,
    /// IANA zone the event happens in, e.g. `Europe/Amsterdam`.
    pub timezone: String,
    /// Wall-clock start and end in the event's zone (`2027-03-14T09:30`), for display
    /// without a time-zone database in the browser.
    pub starts_local: String,
    pub ends_local: String,
    /// UTC offset of the event's zone at its start, e.g. `+01:00`.
    pub utc_offset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsvp_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// URL path of the event's `.ics` file.
    pub ics: String,
}

/// Where an event stands relative to a moment.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EventPhase {
    Upcoming,
    Ongoing,
    Past,
}

impl EventSummary {
    pub fn phase_at(&self, now: Instant) -> EventPhase {
        if now < self.starts {
            EventPhase::Upcoming
        } else if now < self.ends {
            EventPhase::Ongoing
        } else {
            EventPhase::Past
        }
    }

    /// Whole days until the start, counted in elapsed time (0 within 24 h).
    pub fn days_until(&self, now: Instant) -> i64 {
        (self.starts - now).num_days()
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct EventDetail {
    #[serde(flatten)]
    pub summary: EventSummary,
    pub body_html: String,
}

/// Theme colours from `site.toml` (CSS colour strings, validated at build time).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Theme {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
}

/// A recurring quiet period for wall screens, in the site's time zone.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct QuietHours {
    /// Days it applies to (`mon` … `sun`); empty means every day.
    #[serde(default)]
    pub days: Vec<String>,
    /// `HH:MM`, inclusive.
    pub from: String,
    /// `HH:MM`, exclusive. `to` earlier than `from` wraps past midnight; `24:00` ends the day.
    pub to: String,
}

/// Parses `HH:MM` (00:00–24:00) into minutes since midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    ((h < 24 && m < 60) || (h == 24 && m == 0)).then_some(h * 60 + m)
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Index 0 (Monday) … 6 (Sunday) of a weekday name (`mon`, `Monday`, …).
pub fn weekday_index(name: &str) -> Option<u32> {
    let n = name.trim().to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .position(|d| n.len() >= 3 && d.starts_with(&n[..3]) && n.is_ascii())
        .map(|i| i as u32)
}

impl QuietHours {
    /// Is the local moment (weekday 0 = Monday, minutes since local midnight) quiet?
    /// A window that wraps midnight belongs to the day it starts on.
    pub fn contains(&self, weekday: u32, minute: u32) -> bool {
        let (Some(from), Some(to)) = (parse_hhmm(&self.from), parse_hhmm(&self.to)) else {
            return false;
        };
        let applies = |day: u32| {
            self.days.is_empty() || self.days.iter().any(|d| weekday_index(d) == Some(day))
        };
        if from < to {
            applies(weekday) && minute >= from && minute < to
        } else if from > to {
            (applies(weekday) && minute >= from) || (applies((weekday + 6) % 7) && minute < to)
        } else {
            false
        }
    }
}

/// A named wall-screen playlist from `site.toml` (`/wall?playlist=lobby`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Playlist {
    pub name: String,
    /// Empty means all kinds.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slide_seconds: Option<u32>,
    /// Include the impact-counter and mission slides (default true).
    #[serde(default = "yes")]
    pub evergreen: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct WallConfig {
    pub slide_seconds: u32,
    /// How often a wall screen re-fetches `data/index.json`.
    pub refresh_seconds: u32,
    #[serde(default)]
    pub quiet_hours: Vec<QuietHours>,
    #[serde(default)]
    pub playlists: Vec<Playlist>,
}

impl Default for WallConfig {
    fn default() -> Self {
        WallConfig {
            slide_seconds: 12,
            refresh_seconds: 300,
            quiet_hours: Vec::new(),
            playlists: Vec::new(),
        }
    }
}

impl WallConfig {
    pub fn playlist(&self, name: &str) -> Option<&Playlist> {
        self.playlists.iter().find(|p| p.name == name)
    }

    pub fn is_quiet(&self, weekday: u32, minute: u32) -> bool {
        self.quiet_hours.iter().any(|q| q.contains(weekday, minute))
    }
}

/// Site-wide settings as published (from `content/site.toml`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SiteInfo {
    pub name: String,
    /// One-line mission statement (hero text).
    pub mission: String,
    /// Long mission statement, sanitised HTML.
    pub mission_html: String,
    /// How the organisation measures impact, sanitised HTML (shown on `/about`).
    #[serde(default)]
    pub impact_html: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Image>,
    pub languages: Vec<String>,
    pub default_language: String,
    /// IANA zone name of the organisation, e.g. `Europe/Amsterdam`.
    pub timezone: String,
    /// Absolute URL the site is published at (for QR codes, feeds, share links).
    pub base_url: String,
    #[serde(default)]
    pub theme: Theme,
    #[serde(default)]
    pub wall: WallConfig,
    /// Translations of `name`/`mission`/`mission_html`/`impact_html` per language.
    #[serde(default)]
    pub translations: Vec<SiteTranslation>,
    /// Whether search engines may index the site (`[privacy] search_engines`); written
    /// only when they may not.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub search_engines: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct SiteTranslation {
    pub lang: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission_html: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_html: Option<String>,
}

impl SiteInfo {
    fn translation(&self, lang: &str) -> Option<&SiteTranslation> {
        self.translations.iter().find(|t| t.lang == lang)
    }

    pub fn name_in(&self, lang: &str) -> &str {
        self.translation(lang)
            .and_then(|t| t.name.as_deref())
            .unwrap_or(&self.name)
    }

    pub fn mission_in(&self, lang: &str) -> &str {
        self.translation(lang)
            .and_then(|t| t.mission.as_deref())
            .unwrap_or(&self.mission)
    }

    pub fn mission_html_in(&self, lang: &str) -> &str {
        self.translation(lang)
            .and_then(|t| t.mission_html.as_deref())
            .unwrap_or(&self.mission_html)
    }

    pub fn impact_html_in(&self, lang: &str) -> &str {
        self.translation(lang)
            .and_then(|t| t.impact_html.as_deref())
            .unwrap_or(&self.impact_html)
    }
}

/// `data/index.json`: everything the first paint and a wall screen need.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Index {
    pub version: u32,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub generated_at: Instant,
    pub site: SiteInfo,
    /// Newest first.
    pub stories: Vec<StorySummary>,
    /// Newest first.
    pub thanks: Vec<ThanksSummary>,
    /// Soonest first.
    pub events: Vec<EventSummary>,
}

/// Impact counters shown on the home page and the wall.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Counters {
    /// Sum of `people_helped` over live stories (one count per translation group).
    pub people_helped: u64,
    /// Live stories (translation groups, not files).
    pub stories: usize,
    /// Live thank-you messages (translation groups).
    pub thanks: usize,
    /// Live thank-you messages dated at or after `since`.
    pub thanks_since: usize,
    /// Live events that have not started yet.
    pub upcoming_events: usize,
}

/// Anything with [`ItemMeta`].
pub trait HasMeta {
    fn meta(&self) -> &ItemMeta;
}

impl HasMeta for StorySummary {
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
}
impl HasMeta for ThanksSummary {
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
}
impl HasMeta for EventSummary {
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
}

/// One item chosen for display in a language.
#[derive(Debug, PartialEq)]
pub struct Localized<'a, T> {
    pub item: &'a T,
    /// Position of `item` in the list it was chosen from (`Index::stories` …), so
    /// views can keep a cheap `(index, fallback)` instead of a copy of the item.
    pub index: usize,
    /// True when the wanted language had no version and another was shown.
    pub fallback: bool,
}

/// Picks, per translation group, the version in `lang`, else in `default_lang`, else
/// the first one; keeps the input order of the chosen items. Only items for which
/// `keep` holds are considered (e.g. live at a moment).
pub fn localize<'a, T: HasMeta>(
    items: &'a [T],
    lang: &str,
    default_lang: &str,
    keep: impl Fn(&T) -> bool,
) -> Vec<Localized<'a, T>> {
    // One pass into groups (in the order of their first kept item), then one choice
    // per group: linear in the number of items, which reach the tens of thousands.
    let mut order: Vec<&str> = Vec::new();
    let mut groups: std::collections::HashMap<&str, Vec<(usize, &T)>> =
        std::collections::HashMap::new();
    for (at, item) in items.iter().enumerate().filter(|(_, i)| keep(i)) {
        let key = item.meta().translation_key.as_str();
        groups
            .entry(key)
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push((at, item));
    }
    let choose = |group: &[(usize, &'a T)]| {
        let &(at, item) = group.first()?;
        let chosen = group
            .iter()
            .find(|(_, i)| i.meta().lang == lang)
            .map(|&(n, i)| (n, i, false))
            .or_else(|| {
                group
                    .iter()
                    .find(|(_, i)| i.meta().lang == default_lang)
                    .map(|&(n, i)| (n, i, true))
            })
            .unwrap_or((at, item, item.meta().lang != lang));
        Some(Localized {
            item: chosen.1,
            index: chosen.0,
            fallback: chosen.2,
        })
    };
    order
        .iter()
        .filter_map(|key| groups.get(key).and_then(|g| choose(g)))
        .collect()
}

impl Index {
    /// Counters at `now`; `thanks_since` counts messages dated at or after `since`
    /// (the viewer's start of the month).
    pub fn counters_at(&self, now: Instant, since: Instant) -> Counters {
        let live = |m: &ItemMeta| m.schedule.is_live_at(now);
        let lang = &self.site.default_language;
        let stories = localize(&self.stories, lang, lang, |s| live(&s.meta));
        let thanks = localize(&self.thanks, lang, lang, |t| live(&t.meta));
        let events = localize(&self.events, lang, lang, |e| live(&e.meta));
        Counters {
            people_helped: stories.iter().map(|s| s.item.people_helped).sum(),
            stories: stories.len(),
            thanks: thanks.len(),
            thanks_since: thanks.iter().filter(|t| t.item.meta.date >= since).count(),
            upcoming_events: events
                .iter()
                .filter(|e| e.item.phase_at(now) == EventPhase::Upcoming)
                .count(),
        }
    }

    /// The next instant after `now` when any item's visibility or event phase changes.
    pub fn next_change_after(&self, now: Instant) -> Option<Instant> {
        let schedules = self
            .stories
            .iter()
            .map(|s| &s.meta)
            .chain(self.thanks.iter().map(|t| &t.meta))
            .chain(self.events.iter().map(|e| &e.meta))
            .filter_map(|m| m.schedule.next_change_after(now));
        let phases = self
            .events
            .iter()
            .flat_map(|e| [e.starts, e.ends])
            .filter(|t| *t > now);
        schedules.chain(phases).min()
    }
}

/// Default end of an event with no `ends`.
pub fn default_event_length(all_day: bool) -> Duration {
    if all_day {
        Duration::days(1)
    } else {
        Duration::hours(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Instant {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn meta(slug: &str, lang: &str, key: &str) -> ItemMeta {
        ItemMeta {
            slug: slug.into(),
            lang: lang.into(),
            translation_key: key.into(),
            date: t(2027, 1, 1, 0, 0),
            wall: true,
            consent: true,
            ..Default::default()
        }
    }

    #[test]
    fn schedule_window_is_inclusive_start_exclusive_end() {
        let s = Schedule {
            publish_at: Some(t(2027, 3, 1, 9, 0)),
            expires_at: Some(t(2027, 3, 8, 9, 0)),
        };
        assert!(!s.is_live_at(t(2027, 3, 1, 8, 59)));
        assert!(s.is_live_at(t(2027, 3, 1, 9, 0)));
        assert!(s.is_live_at(t(2027, 3, 8, 8, 59)));
        assert!(!s.is_live_at(t(2027, 3, 8, 9, 0)));
        assert!(s.has_expired_at(t(2027, 3, 8, 9, 0)));
        assert!(Schedule::default().is_live_at(t(1990, 1, 1, 0, 0)));
    }

    #[test]
    fn next_change_is_the_nearest_future_edge() {
        let s = Schedule {
            publish_at: Some(t(2027, 3, 1, 9, 0)),
            expires_at: Some(t(2027, 3, 8, 9, 0)),
        };
        assert_eq!(s.next_change_after(t(2027, 2, 1, 0, 0)), s.publish_at);
        assert_eq!(s.next_change_after(t(2027, 3, 2, 0, 0)), s.expires_at);
        assert_eq!(s.next_change_after(t(2027, 4, 1, 0, 0)), None);
    }

    #[test]
    fn event_phases() {
        let e = EventSummary {
            meta: meta("brunch", "en", "brunch"),
            title: "Brunch".into(),
            summary: String::new(),
            starts: t(2027, 5, 1, 10, 0),
            ends: t(2027, 5, 1, 13, 0),
            all_day: false,
            timezone: "Europe/Amsterdam".into(),
            starts_local: "2027-05-01T12:00".into(),
            ends_local: "2027-05-01T15:00".into(),
            utc_offset: "+02:00".into(),
            location: None,
            online_url: None,
            rsvp_url: None,
            image: None,
            ics: "/calendar/brunch.ics".into(),
        };
        assert_eq!(e.phase_at(t(2027, 4, 28, 10, 0)), EventPhase::Upcoming);
        assert_eq!(e.days_until(t(2027, 4, 28, 10, 0)), 3);
        assert_eq!(e.phase_at(t(2027, 5, 1, 10, 0)), EventPhase::Ongoing);
        assert_eq!(e.phase_at(t(2027, 5, 1, 13, 0)), EventPhase::Past);
    }

    #[test]
    fn quiet_hours_wrap_midnight_and_respect_days() {
        let nights = QuietHours {
            days: vec![],
            from: "20:00".into(),
            to: "07:00".into(),
        };
        assert!(nights.contains(0, 20 * 60));
        assert!(nights.contains(1, 6 * 60 + 59));
        assert!(!nights.contains(1, 7 * 60));
        assert!(!nights.contains(1, 12 * 60));
        let weekend = QuietHours {
            days: vec!["sat".into(), "Sunday".into()],
            from: "00:00".into(),
            to: "24:00".into(),
        };
        assert!(weekend.contains(5, 0));
        assert!(weekend.contains(6, 23 * 60 + 59));
        assert!(!weekend.contains(4, 12 * 60));
        // Friday-night window spills into Saturday morning only.
        let friday_night = QuietHours {
            days: vec!["fri".into()],
            from: "22:00".into(),
            to: "06:00".into(),
        };
        assert!(friday_night.contains(5, 60));
        assert!(!friday_night.contains(6, 60));
    }

    #[test]
    fn hhmm_parsing() {
        assert_eq!(parse_hhmm("07:30"), Some(450));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:01"), None);
        assert_eq!(parse_hhmm("7"), None);
        assert_eq!(weekday_index("Sun"), Some(6));
        assert_eq!(weekday_index("xx"), None);
    }

    #[test]
    fn localize_prefers_wanted_then_default_language() {
        let items = vec![
            StorySummary {
                meta: meta("a-en", "en", "a"),
                title: "A".into(),
                summary: String::new(),
                author: None,
                program: None,
                image: None,
                people_helped: 3,
                featured: false,
                talking_point: None,
                qr: None,
                reading_minutes: 1,
            },
            StorySummary {
                meta: meta("a-es", "es", "a"),
                title: "A es".into(),
                summary: String::new(),
                author: None,
                program: None,
                image: None,
                people_helped: 3,
                featured: false,
                talking_point: None,
                qr: None,
                reading_minutes: 1,
            },
            StorySummary {
                meta: meta("b-en", "en", "b"),
                title: "B".into(),
                summary: String::new(),
                author: None,
                program: None,
                image: None,
                people_helped: 4,
                featured: false,
                talking_point: None,
                qr: None,
                reading_minutes: 1,
            },
        ];
        let es = localize(&items, "es", "en", |_| true);
        assert_eq!(es.len(), 2);
        assert_eq!(es[0].item.meta.slug, "a-es");
        assert!(!es[0].fallback);
        assert_eq!(es[1].item.meta.slug, "b-en");
        assert!(es[1].fallback);
        let nl = localize(&items, "nl", "en", |s| s.meta.slug != "a-en");
        assert_eq!(nl[0].item.meta.slug, "a-es");
        assert!(nl[0].fallback);
    }
}
