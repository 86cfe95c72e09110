//! Wall-screen rotation logic, pure and shared: which slides to show, in which order,
//! for how long, and when a takeover or quiet hours apply. Tested natively; the wasm
//! side only feeds it the index, the URL and the clock, and renders what it returns.
//!
//! Rules, in order:
//! - An item reaches a wall only when it is live (`Schedule::is_live_at`), marked
//!   `wall = true`, and — for stories and thank-you messages — has `consent = true`.
//!   Events are shown until they end.
//! - A playlist (`?playlist=lobby`) narrows by kind, tag, team and language; URL
//!   parameters (`kinds`, `tags`, `teams`, `lang`, `seconds`, `evergreen`) override it.
//! - A live item with `takeover = true` replaces the rotation (kind, tag and team
//!   filters do not hide it: the annual brunch reaches every screen).
//! - Evergreen slides (impact counters and the mission) join the rotation unless the
//!   playlist turns them off, and are the whole rotation when nothing else is live, so a
//!   screen is never blank.

use chrono::{Duration, FixedOffset};

use crate::{
    localize, Counters, EventPhase, EventSummary, HasMeta, Image, Index, Instant, ItemMeta, Kind,
    Localized, SiteInfo, StorySummary, ThanksSummary, WallConfig,
};

/// Shortest and longest time a slide may stay up, in seconds.
pub const MIN_SLIDE_SECONDS: u32 = 3;
pub const MAX_SLIDE_SECONDS: u32 = 600;

/// Shortest and longest interval between two fetches of the index, in seconds.
pub const MIN_REFRESH_SECONDS: u32 = 10;
pub const MAX_REFRESH_SECONDS: u32 = 86_400;

/// Wall options given in the URL, e.g. `/wall?playlist=lobby` or
/// `/wall?kinds=thanks,events&lang=es&seconds=8`. Absent fields leave the playlist's
/// (or the site's) choice in place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WallQuery {
    pub playlist: Option<String>,
    pub kinds: Option<Vec<Kind>>,
    pub tags: Option<Vec<String>>,
    pub teams: Option<Vec<String>>,
    pub lang: Option<String>,
    pub slide_seconds: Option<u32>,
    pub evergreen: Option<bool>,
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

impl WallQuery {
    /// Reads the wall's URL parameters. Unknown parameters (such as `at`) are left to
    /// others; values that cannot be understood are ignored rather than blanking a
    /// screen that nobody is watching.
    pub fn from_pairs<I, K, V>(pairs: I) -> WallQuery
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut q = WallQuery::default();
        for (key, value) in pairs {
            let value = value.as_ref().trim();
            match key.as_ref() {
                "playlist" if !value.is_empty() => q.playlist = Some(value.to_string()),
                "kinds" | "kind" => {
                    let kinds: Vec<Kind> = split_list(value)
                        .iter()
                        .filter_map(|k| Kind::parse(k))
                        .collect();
                    if !kinds.is_empty() {
                        q.kinds = Some(kinds);
                    }
                }
                "tags" | "tag" => q.tags = Some(split_list(value)),
                "teams" | "team" => q.teams = Some(split_list(value)),
                "lang" if !value.is_empty() => q.lang = Some(value.to_ascii_lowercase()),
                "seconds" | "slide_seconds" => {
                    if let Ok(s) = value.parse::<u32>() {
                        q.slide_seconds = Some(clamp_seconds(s));
                    }
                }
                "evergreen" => q.evergreen = parse_flag(value),
                _ => {}
            }
        }
        q
    }
}

/// Keeps a slide duration within the allowed range.
pub fn clamp_seconds(s: u32) -> u32 {
    s.clamp(MIN_SLIDE_SECONDS, MAX_SLIDE_SECONDS)
}

/// Keeps a refresh interval within the allowed range.
pub fn clamp_refresh_seconds(s: u32) -> u32 {
    s.clamp(MIN_REFRESH_SECONDS, MAX_REFRESH_SECONDS)
}

/// What one screen shows: the site's defaults, narrowed by its playlist and URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WallFilter {
    /// Empty means every kind.
    pub kinds: Vec<Kind>,
    /// Empty means any tag; otherwise an item needs one of these (case-insensitive).
    pub tags: Vec<String>,
    /// Empty means any team; otherwise the item's team must be one of these.
    pub teams: Vec<String>,
    /// Language the screen prefers; other languages stand in when an item has no
    /// version in it.
    pub lang: String,
    pub slide_seconds: u32,
    /// Include impact counters and the mission statement in the rotation.
    pub evergreen: bool,
    /// A `?playlist=` name that `site.toml` does not define (the screen then shows
    /// the unfiltered rotation and the set-up person can see why).
    pub unknown_playlist: Option<String>,
}

impl WallFilter {
    pub fn resolve(site: &SiteInfo, query: &WallQuery) -> WallFilter {
        let playlist = query
            .playlist
            .as_deref()
            .and_then(|name| site.wall.playlist(name));
        let unknown_playlist = match (&query.playlist, playlist) {
            (Some(name), None) => Some(name.clone()),
            _ => None,
        };
        let known_lang = |l: &String| site.languages.iter().any(|s| s.eq_ignore_ascii_case(l));
        let lang = query
            .lang
            .clone()
            .filter(known_lang)
            .or_else(|| playlist.and_then(|p| p.lang.clone()).filter(known_lang))
            .unwrap_or_else(|| site.default_language.clone());
        WallFilter {
            kinds: query
                .kinds
                .clone()
                .or_else(|| playlist.map(|p| p.kinds.clone()))
                .unwrap_or_default(),
            tags: query
                .tags
                .clone()
                .or_else(|| playlist.map(|p| p.tags.clone()))
                .unwrap_or_default(),
            teams: query
                .teams
                .clone()
                .or_else(|| playlist.map(|p| p.teams.clone()))
                .unwrap_or_default(),
            lang,
            slide_seconds: clamp_seconds(
                query
                    .slide_seconds
                    .or_else(|| playlist.and_then(|p| p.slide_seconds))
                    .unwrap_or(site.wall.slide_seconds),
            ),
            evergreen: query
                .evergreen
                .or_else(|| playlist.map(|p| p.evergreen))
                .unwrap_or(true),
            unknown_playlist,
        }
    }

    fn wants_kind(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    fn wants_meta(&self, meta: &ItemMeta) -> bool {
        let tag_ok = self.tags.is_empty()
            || meta
                .tags
                .iter()
                .any(|t| self.tags.iter().any(|w| w.eq_ignore_ascii_case(t)));
        let team_ok = self.teams.is_empty()
            || meta
                .team
                .as_ref()
                .is_some_and(|t| self.teams.iter().any(|w| w.eq_ignore_ascii_case(t)));
        tag_ok && team_ok
    }

    /// How long an item's slide stays up: the item's own `wall_seconds`, else this
    /// screen's duration.
    pub fn seconds_for(&self, meta: &ItemMeta) -> u32 {
        clamp_seconds(meta.wall_seconds.unwrap_or(self.slide_seconds))
    }
}

/// Whether an item may appear on a wall screen at `now` at all (before filters).
pub fn allowed_on_wall(meta: &ItemMeta, kind: Kind, now: Instant) -> bool {
    let consent_ok = kind == Kind::Event || meta.consent;
    meta.wall && consent_ok && meta.schedule.is_live_at(now)
}

fn event_not_over(e: &EventSummary, now: Instant) -> bool {
    e.phase_at(now) != EventPhase::Past
}

/// The mission slide's content.
#[derive(Clone, Debug, PartialEq)]
pub struct Mission {
    pub name: String,
    pub mission: String,
    pub logo: Option<Image>,
}

/// What a slide shows.
#[derive(Clone, Debug, PartialEq)]
pub enum SlideContent {
    Story(StorySummary),
    Thanks(ThanksSummary),
    Event(EventSummary),
    Counters(Counters),
    Mission(Mission),
}

/// One slide of the rotation.
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    /// Stable identity across refreshes (`story:rosa-finds-her-voice`, `counters`), so
    /// a screen keeps its place when the content around the current slide changes.
    pub key: String,
    pub seconds: u32,
    pub content: SlideContent,
}

impl Slide {
    /// `story`, `thanks`, `event`, `counters` or `mission` (CSS class and test hook).
    pub fn kind_name(&self) -> &'static str {
        match self.content {
            SlideContent::Story(_) => "story",
            SlideContent::Thanks(_) => "thanks",
            SlideContent::Event(_) => "event",
            SlideContent::Counters(_) => "counters",
            SlideContent::Mission(_) => "mission",
        }
    }

    /// URL paths of the images this slide displays (for offline caching).
    pub fn media(&self) -> Vec<&str> {
        let image = match &self.content {
            SlideContent::Story(s) => s.image.as_ref(),
            SlideContent::Thanks(t) => t.image.as_ref(),
            SlideContent::Event(e) => e.image.as_ref(),
            SlideContent::Mission(m) => m.logo.as_ref(),
            SlideContent::Counters(_) => None,
        };
        let qr = match &self.content {
            SlideContent::Story(s) => s.qr.as_deref(),
            _ => None,
        };
        image
            .map(|i| i.src.as_str())
            .into_iter()
            .chain(qr)
            .collect()
    }
}

/// The rotation for a moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Rotation {
    /// Never empty.
    pub slides: Vec<Slide>,
    /// True while a takeover item replaces the normal rotation.
    pub takeover: bool,
}

impl Rotation {
    /// Every media URL the rotation uses, without duplicates, in slide order.
    pub fn media(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.slides.iter().flat_map(|s| s.media()) {
            if !out.iter().any(|o| o == m) {
                out.push(m.to_string());
            }
        }
        out
    }

    pub fn position_of(&self, key: &str) -> Option<usize> {
        self.slides.iter().position(|s| s.key == key)
    }
}

fn item_slide<T: HasMeta + Clone>(
    kind: Kind,
    item: &T,
    filter: &WallFilter,
    wrap: fn(T) -> SlideContent,
) -> Slide {
    let meta = item.meta();
    Slide {
        key: format!("{}:{}", kind.dir(), meta.slug),
        seconds: filter.seconds_for(meta),
        content: wrap(item.clone()),
    }
}

/// Interleaves lists (first of each, then second of each, …) so one kind never
/// fills a whole stretch of the rotation.
fn interleave(lists: Vec<Vec<Slide>>) -> Vec<Slide> {
    let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
    let mut iters: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::new();
    for _ in 0..longest {
        for it in iters.iter_mut() {
            if let Some(s) = it.next() {
                out.push(s);
            }
        }
    }
    out
}

fn evergreen_slides(index: &Index, filter: &WallFilter, now: Instant) -> Vec<Slide> {
    let site = &index.site;
    let counters = index.counters_at(now, now - Duration::days(30));
    let mut out = Vec::new();
    if counters.people_helped > 0 || counters.stories > 0 || counters.thanks > 0 {
        out.push(Slide {
            key: "counters".into(),
            seconds: filter.slide_seconds,
            content: SlideContent::Counters(counters),
        });
    }
    out.push(Slide {
        key: "mission".into(),
        seconds: filter.slide_seconds,
        content: SlideContent::Mission(Mission {
            name: site.name_in(&filter.lang).to_string(),
            mission: site.mission_in(&filter.lang).to_string(),
            logo: site.logo.clone(),
        }),
    });
    out
}

/// The slides a screen with `filter` shows at `now`.
pub fn rotation_at(index: &Index, filter: &WallFilter, now: Instant) -> Rotation {
    let lang = filter.lang.as_str();
    let default_lang = index.site.default_language.as_str();

    let stories = localize(&index.stories, lang, default_lang, |s| {
        allowed_on_wall(&s.meta, Kind::Story, now)
    });
    let thanks = localize(&index.thanks, lang, default_lang, |t| {
        allowed_on_wall(&t.meta, Kind::Thanks, now)
    });
    let events = localize(&index.events, lang, default_lang, |e| {
        allowed_on_wall(&e.meta, Kind::Event, now) && event_not_over(e, now)
    });
    let (takeovers, wanted): (Vec<_>, Vec<_>) = [
        kind_slides(Kind::Story, &stories, filter, SlideContent::Story),
        kind_slides(Kind::Thanks, &thanks, filter, SlideContent::Thanks),
        kind_slides(Kind::Event, &events, filter, SlideContent::Event),
    ]
    .into_iter()
    .unzip();

    let takeovers: Vec<Slide> = takeovers.concat();
    if !takeovers.is_empty() {
        return Rotation {
            slides: takeovers,
            takeover: true,
        };
    }
    let mut slides = interleave(wanted);
    if filter.evergreen || slides.is_empty() {
        slides.extend(evergreen_slides(index, filter, now));
    }
    Rotation {
        slides,
        takeover: false,
    }
}

/// One kind's slides: its takeover items (whatever the filter), and the items the
/// screen's filter wants.
fn kind_slides<T: HasMeta + Clone>(
    kind: Kind,
    items: &[Localized<'_, T>],
    filter: &WallFilter,
    wrap: fn(T) -> SlideContent,
) -> (Vec<Slide>, Vec<Slide>) {
    let wants_kind = filter.wants_kind(kind);
    let mut takeovers = Vec::new();
    let mut wanted = Vec::new();
    for l in items {
        let meta = l.item.meta();
        if meta.takeover {
            takeovers.push(item_slide(kind, l.item, filter, wrap));
        }
        if wants_kind && filter.wants_meta(meta) {
            wanted.push(item_slide(kind, l.item, filter, wrap));
        }
    }
    (takeovers, wanted)
}

/// Where the rotation continues after its slide list changed (a refresh, an item
/// going live or expiring). Returns the new position and whether the slide on screen
/// is still the same one (then its timer keeps running).
pub fn reconcile(slides: &[Slide], current_key: Option<&str>, position: usize) -> (usize, bool) {
    if slides.is_empty() {
        return (0, false);
    }
    if let Some(p) = current_key.and_then(|k| slides.iter().position(|s| s.key == k)) {
        return (p, true);
    }
    // The slide on screen left: show the one that moved into its place.
    (position.min(slides.len() - 1), false)
}

pub fn next_position(position: usize, len: usize) -> usize {
    if len == 0 {
        0
    } else {
        (position + 1) % len
    }
}

pub fn previous_position(position: usize, len: usize) -> usize {
    if len == 0 {
        0
    } else {
        (position + len - 1) % len
    }
}

/// A moment as read on a wall clock in some zone: weekday (0 = Monday) and minutes
/// since midnight. Browsers compute it with `Intl.DateTimeFormat`, so the app needs
/// no time-zone database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalMoment {
    pub weekday: u32,
    pub minute: u32,
}

impl LocalMoment {
    /// From the parts `Intl.DateTimeFormat('en-US', {weekday: 'short', hour: '2-digit',
    /// minute: '2-digit', hourCycle: 'h23'})` produces; some engines write midnight as
    /// hour `24`.
    pub fn from_parts(weekday: &str, hour: &str, minute: &str) -> Option<LocalMoment> {
        let weekday = crate::weekday_index(weekday)?;
        let hour: u32 = hour.trim().parse().ok()?;
        let minute: u32 = minute.trim().parse().ok()?;
        if hour > 24 || minute > 59 {
            return None;
        }
        Some(LocalMoment {
            weekday,
            minute: (hour % 24) * 60 + minute,
        })
    }
}

/// Whether a screen should show its dimmed quiet-hours clock.
pub fn is_quiet(config: &WallConfig, local: LocalMoment) -> bool {
    config.is_quiet(local.weekday, local.minute)
}

/// When an event starts, as a wall says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Countdown {
    /// It has started and not yet ended.
    Now,
    Today,
    Tomorrow,
    InDays(i64),
    Over,
}

/// Counts calendar days in the screen's zone: on Monday evening, an event on Thursday
/// morning is "in 3 days". `offset_now`/`offset_start` are the screen zone's UTC
/// offsets (minutes east) at those instants, so a DST change in between is right.
pub fn countdown(
    event: &EventSummary,
    now: Instant,
    offset_now: i32,
    offset_start: i32,
) -> Countdown {
    match event.phase_at(now) {
        EventPhase::Ongoing => return Countdown::Now,
        EventPhase::Past => return Countdown::Over,
        EventPhase::Upcoming => {}
    }
    let local_date = |t: Instant, offset: i32| {
        FixedOffset::east_opt(offset * 60)
            .map(|o| t.with_timezone(&o).date_naive())
            .unwrap_or_else(|| t.date_naive())
    };
    let days = (local_date(event.starts, offset_start) - local_date(now, offset_now)).num_days();
    match days {
        i64::MIN..=0 => Countdown::Today,
        1 => Countdown::Tomorrow,
        n => Countdown::InDays(n),
    }
}

/// Period of the burn-in shift.
pub const BURN_IN_PERIOD_SECONDS: i64 = 180;

/// Pixel offset of the whole layout at `now`: it walks through a few positions, a
/// step every three minutes, so static edges (clock, progress bar) never stay on the
/// same pixels for long.
pub fn burn_in_offset(now: Instant) -> (i32, i32) {
    const STEPS: [(i32, i32); 9] = [
        (0, 0),
        (3, -2),
        (-2, 3),
        (4, 2),
        (-3, -3),
        (2, 4),
        (-4, 1),
        (1, -4),
        (-1, 2),
    ];
    let step = now.timestamp().div_euclid(BURN_IN_PERIOD_SECONDS) as usize % STEPS.len();
    STEPS[step]
}

/// Shortens text to at most `max_chars` characters at a word boundary, adding `…`.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max_chars {
        return folded;
    }
    let cut: String = folded.chars().take(max_chars.saturating_sub(1)).collect();
    let trimmed = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        trimmed.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == ' ')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Medium, Playlist, QuietHours, Schedule, SiteInfo, Theme};
    use chrono::{TimeZone, Utc};

    fn t(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Instant {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn meta(slug: &str, lang: &str) -> ItemMeta {
        ItemMeta {
            slug: slug.into(),
            lang: lang.into(),
            translation_key: slug.trim_end_matches("-es").into(),
            date: t(2027, 3, 1, 9, 0),
            wall: true,
            consent: true,
            ..Default::default()
        }
    }

    fn story(slug: &str, lang: &str) -> StorySummary {
        StorySummary {
            meta: meta(slug, lang),
            title: format!("Story {slug}"),
            summary: "A summary.".into(),
            author: None,
            program: None,
            image: Some(Image {
                src: format!("/media/{slug}.abcd1234.jpg"),
                alt: "alt".into(),
            }),
            people_helped: 5,
            featured: false,
            qr: Some(format!("/qr/stories/{slug}.svg")),
            reading_minutes: 2,
        }
    }

    fn thanks(slug: &str) -> ThanksSummary {
        ThanksSummary {
            meta: meta(slug, "en"),
            from: "a caller".into(),
            to: "the night team".into(),
            medium: Medium::Card,
            quote: Some("You stayed on the line.".into()),
            excerpt: "Excerpt".into(),
            audio: None,
            transcript: None,
            image: None,
        }
    }

    fn event(slug: &str, starts: Instant) -> EventSummary {
        EventSummary {
            meta: meta(slug, "en"),
            title: format!("Event {slug}"),
            summary: String::new(),
            starts,
            ends: starts + Duration::hours(2),
            all_day: false,
            timezone: "Europe/Amsterdam".into(),
            starts_local: String::new(),
            ends_local: String::new(),
            utc_offset: "+01:00".into(),
            location: None,
            online_url: None,
            rsvp_url: None,
            image: None,
            ics: format!("/calendar/{slug}.ics"),
        }
    }

    fn site() -> SiteInfo {
        SiteInfo {
            name: "Test Line".into(),
            mission: "Help every caller.".into(),
            mission_html: "<p>Help every caller.</p>".into(),
            impact_html: String::new(),
            logo: None,
            languages: vec!["en".into(), "es".into(), "nl".into()],
            default_language: "en".into(),
            timezone: "Europe/Amsterdam".into(),
            base_url: "https://example.org".into(),
            search_engines: true,
            theme: Theme::default(),
            wall: WallConfig {
                slide_seconds: 12,
                refresh_seconds: 300,
                quiet_hours: vec![QuietHours {
                    days: vec![],
                    from: "20:00".into(),
                    to: "07:00".into(),
                }],
                playlists: vec![
                    Playlist {
                        name: "lobby".into(),
                        kinds: vec![Kind::Story, Kind::Thanks],
                        lang: Some("es".into()),
                        slide_seconds: Some(15),
                        evergreen: true,
                        ..Default::default()
                    },
                    Playlist {
                        name: "dev".into(),
                        teams: vec!["Platform".into()],
                        evergreen: false,
                        ..Default::default()
                    },
                ],
            },
            translations: vec![],
        }
    }

    fn index() -> Index {
        let mut hidden = story("hidden", "en");
        hidden.meta.wall = false;
        let mut no_consent = story("no-consent", "en");
        no_consent.meta.consent = false;
        let mut thanks_no_consent = thanks("thanks-no-consent");
        thanks_no_consent.meta.consent = false;
        let mut later = story("later", "en");
        later.meta.schedule = Schedule {
            publish_at: Some(t(2027, 4, 1, 0, 0)),
            expires_at: None,
        };
        let mut platform = thanks("platform-thanks");
        platform.meta.team = Some("platform".into());
        platform.meta.tags = vec!["Night".into()];
        let mut event_no_consent = event("open-day", t(2027, 3, 20, 9, 0));
        event_no_consent.meta.consent = false;
        Index {
            version: 1,
            generated_at: t(2027, 3, 1, 0, 0),
            site: site(),
            stories: vec![
                story("a", "en"),
                story("a-es", "es"),
                story("b", "en"),
                hidden,
                no_consent,
                later,
            ],
            thanks: vec![thanks("t1"), platform, thanks_no_consent],
            events: vec![event_no_consent, event("past", t(2027, 3, 1, 9, 0))],
        }
    }

    fn keys(r: &Rotation) -> Vec<&str> {
        r.slides.iter().map(|s| s.key.as_str()).collect()
    }

    fn now() -> Instant {
        t(2027, 3, 10, 10, 0)
    }

    #[test]
    fn query_parsing_reads_lists_and_ignores_nonsense() {
        let q = WallQuery::from_pairs([
            ("kinds", "thanks, events,bogus"),
            ("lang", "ES"),
            ("seconds", "1"),
            ("evergreen", "no"),
            ("at", "2027-03-10"),
            ("tags", ""),
        ]);
        assert_eq!(q.kinds, Some(vec![Kind::Thanks, Kind::Event]));
        assert_eq!(q.lang.as_deref(), Some("es"));
        assert_eq!(q.slide_seconds, Some(MIN_SLIDE_SECONDS));
        assert_eq!(q.evergreen, Some(false));
        assert_eq!(q.tags, Some(vec![]));
        let q = WallQuery::from_pairs([("kinds", "nothing"), ("seconds", "soon")]);
        assert_eq!(q.kinds, None);
        assert_eq!(q.slide_seconds, None);
    }

    #[test]
    fn filter_takes_url_over_playlist_over_site() {
        let s = site();
        let lobby = WallFilter::resolve(
            &s,
            &WallQuery {
                playlist: Some("lobby".into()),
                ..Default::default()
            },
        );
        assert_eq!(lobby.kinds, vec![Kind::Story, Kind::Thanks]);
        assert_eq!(lobby.lang, "es");
        assert_eq!(lobby.slide_seconds, 15);
        let adhoc = WallFilter::resolve(
            &s,
            &WallQuery::from_pairs([("playlist", "lobby"), ("lang", "nl"), ("seconds", "20")]),
        );
        assert_eq!(adhoc.lang, "nl");
        assert_eq!(adhoc.slide_seconds, 20);
        assert_eq!(adhoc.kinds, vec![Kind::Story, Kind::Thanks]);
        let plain = WallFilter::resolve(&s, &WallQuery::default());
        assert_eq!(plain.slide_seconds, 12);
        assert_eq!(plain.lang, "en");
        assert!(plain.evergreen);
        let unknown = WallFilter::resolve(
            &s,
            &WallQuery::from_pairs([("playlist", "roof"), ("lang", "de")]),
        );
        assert_eq!(unknown.unknown_playlist.as_deref(), Some("roof"));
        assert_eq!(unknown.lang, "en", "languages the site lacks are ignored");
    }

    #[test]
    fn rotation_respects_wall_consent_and_schedule() {
        let ix = index();
        let f = WallFilter::resolve(&ix.site, &WallQuery::default());
        let r = rotation_at(&ix, &f, now());
        let k = keys(&r);
        assert!(!r.takeover);
        assert!(k.contains(&"stories:a"));
        assert!(k.contains(&"stories:b"));
        assert!(!k.contains(&"stories:hidden"), "wall = false never shows");
        assert!(!k.contains(&"stories:no-consent"), "stories need consent");
        assert!(
            !k.contains(&"thanks:thanks-no-consent"),
            "thanks need consent"
        );
        assert!(k.contains(&"events:open-day"), "events need no consent");
        assert!(!k.contains(&"events:past"), "events that ended drop out");
        assert!(!k.contains(&"stories:later"), "not yet published");
        // Kinds interleave, evergreen slides close the cycle.
        assert_eq!(
            k,
            vec![
                "stories:a",
                "thanks:t1",
                "events:open-day",
                "stories:b",
                "thanks:platform-thanks",
                "counters",
                "mission"
            ]
        );
        let later = rotation_at(&ix, &f, t(2027, 4, 1, 0, 0));
        assert!(keys(&later).contains(&"stories:later"));
    }

    #[test]
    fn rotation_localizes_and_filters_by_kind_tag_team() {
        let ix = index();
        let lobby = WallFilter::resolve(&ix.site, &WallQuery::from_pairs([("playlist", "lobby")]));
        let k = keys(&rotation_at(&ix, &lobby, now()))
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        assert!(
            k.contains(&"stories:a-es".to_string()),
            "Spanish version preferred"
        );
        assert!(!k.contains(&"stories:a".to_string()));
        assert!(!k.iter().any(|s| s.starts_with("events:")));
        let dev = WallFilter::resolve(&ix.site, &WallQuery::from_pairs([("playlist", "dev")]));
        assert_eq!(
            keys(&rotation_at(&ix, &dev, now())),
            vec!["thanks:platform-thanks"]
        );
        let tagged = WallFilter::resolve(
            &ix.site,
            &WallQuery::from_pairs([("tags", "night"), ("evergreen", "0")]),
        );
        assert_eq!(
            keys(&rotation_at(&ix, &tagged, now())),
            vec!["thanks:platform-thanks"]
        );
    }

    #[test]
    fn never_blank_falls_back_to_evergreen() {
        let mut ix = index();
        let f = WallFilter::resolve(
            &ix.site,
            &WallQuery::from_pairs([("kinds", "events"), ("evergreen", "false")]),
        );
        ix.events.clear();
        let r = rotation_at(&ix, &f, now());
        assert_eq!(keys(&r), vec!["counters", "mission"]);
        ix.stories.clear();
        ix.thanks.clear();
        let r = rotation_at(&ix, &f, now());
        assert_eq!(keys(&r), vec!["mission"], "empty counters are not shown");
        match &r.slides[0].content {
            SlideContent::Mission(m) => assert_eq!(m.mission, "Help every caller."),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn takeover_replaces_rotation_only_inside_its_window() {
        let mut ix = index();
        let mut brunch = event("brunch", t(2027, 3, 12, 9, 0));
        brunch.meta.takeover = true;
        brunch.meta.schedule = Schedule {
            publish_at: Some(t(2027, 3, 12, 6, 0)),
            expires_at: Some(t(2027, 3, 12, 14, 0)),
        };
        ix.events.push(brunch);
        // A playlist that excludes events still gets the takeover.
        let f = WallFilter::resolve(&ix.site, &WallQuery::from_pairs([("kinds", "stories")]));
        assert!(!rotation_at(&ix, &f, t(2027, 3, 12, 5, 59)).takeover);
        let during = rotation_at(&ix, &f, t(2027, 3, 12, 6, 0));
        assert!(during.takeover);
        assert_eq!(keys(&during), vec!["events:brunch"]);
        assert!(rotation_at(&ix, &f, t(2027, 3, 12, 10, 59)).takeover);
        // The event ended at 11:00 even though the window runs to 14:00.
        assert!(!rotation_at(&ix, &f, t(2027, 3, 12, 11, 0)).takeover);
        assert!(!rotation_at(&ix, &f, t(2027, 3, 12, 14, 0)).takeover);
        // A takeover without consent never shows.
        let mut ix2 = index();
        let mut s = story("secret", "en");
        s.meta.takeover = true;
        s.meta.consent = false;
        ix2.stories.push(s);
        let f2 = WallFilter::resolve(&ix2.site, &WallQuery::default());
        assert!(!rotation_at(&ix2, &f2, now()).takeover);
    }

    #[test]
    fn durations_item_over_screen() {
        let mut ix = index();
        ix.stories[0].meta.wall_seconds = Some(30);
        ix.stories[2].meta.wall_seconds = Some(9000);
        let f = WallFilter::resolve(&ix.site, &WallQuery::from_pairs([("seconds", "8")]));
        let r = rotation_at(&ix, &f, now());
        let secs = |k: &str| r.slides[r.position_of(k).unwrap()].seconds;
        assert_eq!(secs("stories:a"), 30);
        assert_eq!(secs("stories:b"), MAX_SLIDE_SECONDS);
        assert_eq!(secs("thanks:t1"), 8);
        assert_eq!(secs("mission"), 8);
    }

    #[test]
    fn reconcile_keeps_the_slide_on_screen_or_takes_its_place() {
        let ix = index();
        let f = WallFilter::resolve(&ix.site, &WallQuery::default());
        let r = rotation_at(&ix, &f, now());
        assert_eq!(reconcile(&r.slides, Some("stories:b"), 0), (3, true));
        assert_eq!(reconcile(&r.slides, Some("stories:gone"), 4), (4, false));
        assert_eq!(reconcile(&r.slides, Some("stories:gone"), 99), (6, false));
        assert_eq!(reconcile(&[], Some("x"), 3), (0, false));
        assert_eq!(next_position(6, 7), 0);
        assert_eq!(previous_position(0, 7), 6);
        assert_eq!(next_position(0, 0), 0);
    }

    #[test]
    fn media_lists_images_and_qr_codes_once() {
        let ix = index();
        let f = WallFilter::resolve(&ix.site, &WallQuery::default());
        let m = rotation_at(&ix, &f, now()).media();
        assert_eq!(
            m,
            vec![
                "/media/a.abcd1234.jpg",
                "/qr/stories/a.svg",
                "/media/b.abcd1234.jpg",
                "/qr/stories/b.svg"
            ]
        );
    }

    #[test]
    fn local_moment_parts_and_quiet_hours() {
        assert_eq!(
            LocalMoment::from_parts("Wed", "24", "05"),
            Some(LocalMoment {
                weekday: 2,
                minute: 5
            })
        );
        assert_eq!(LocalMoment::from_parts("Xyz", "10", "00"), None);
        assert_eq!(LocalMoment::from_parts("Mon", "10", "61"), None);
        let cfg = site().wall;
        assert!(is_quiet(
            &cfg,
            LocalMoment {
                weekday: 2,
                minute: 20 * 60
            }
        ));
        assert!(!is_quiet(
            &cfg,
            LocalMoment {
                weekday: 2,
                minute: 19 * 60 + 59
            }
        ));
    }

    #[test]
    fn countdown_counts_calendar_days_in_the_screen_zone() {
        // Thursday 09:00 UTC = 10:00 in UTC+1.
        let e = event("x", t(2027, 3, 11, 9, 0));
        // Monday 22:30 UTC is already Tuesday 00:30 in UTC+2.
        assert_eq!(
            countdown(&e, t(2027, 3, 8, 22, 30), 0, 0),
            Countdown::InDays(3)
        );
        assert_eq!(
            countdown(&e, t(2027, 3, 8, 22, 30), 120, 120),
            Countdown::InDays(2)
        );
        assert_eq!(
            countdown(&e, t(2027, 3, 10, 23, 30), 0, 0),
            Countdown::Tomorrow
        );
        assert_eq!(countdown(&e, t(2027, 3, 11, 0, 30), 0, 0), Countdown::Today);
        assert_eq!(countdown(&e, t(2027, 3, 11, 9, 30), 0, 0), Countdown::Now);
        assert_eq!(countdown(&e, t(2027, 3, 11, 11, 0), 0, 0), Countdown::Over);
    }

    #[test]
    fn burn_in_moves_a_few_pixels_every_few_minutes() {
        let a = burn_in_offset(t(2027, 3, 10, 10, 0));
        let b = burn_in_offset(t(2027, 3, 10, 10, 2));
        let c = burn_in_offset(t(2027, 3, 10, 10, 3));
        assert_eq!(a, b, "stable within a period");
        assert_ne!(a, c, "moves at the next period");
        for m in 0..60 {
            let (x, y) = burn_in_offset(t(2027, 3, 10, 10, m));
            assert!(x.abs() <= 4 && y.abs() <= 4);
        }
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short  text", 50), "short text");
        let e = excerpt("Hello there, I wanted to say thank you for everything", 24);
        assert!(e.chars().count() <= 24, "{e}");
        assert_eq!(e, "Hello there, I wanted…");
    }
}
