//! What the reading site shows, decided without a browser: filters, facets, grouping,
//! related stories, pagination and small formatting helpers. The Leptos components in
//! `app` only render what these functions return, so the rules are tested natively.

use chrono::{Datelike, Duration, FixedOffset, TimeZone, Utc};

use impactwall_model::{
    localize, EventPhase, EventSummary, Index, Instant, ItemMeta, Kind, Localized, Medium,
    StorySummary, ThanksSummary,
};

/// Stories shown per "page" of the incremental list.
pub const STORIES_PAGE_SIZE: usize = 9;

/// Filters of the `/stories` list, mirrored in the query string so a filtered list is a
/// link that can be shared and the back button restores it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryFilter {
    pub program: Option<String>,
    pub tag: Option<String>,
    pub team: Option<String>,
    /// Content language: only stories written in it, no fallback.
    pub lang: Option<String>,
}

impl StoryFilter {
    /// Reads the filter from query parameters (`get("tag")` …); empty values are unset.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> StoryFilter {
        let read = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        StoryFilter {
            program: read("program"),
            tag: read("tag"),
            team: read("team"),
            lang: read("filter_lang"),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.program.is_none() && self.tag.is_none() && self.team.is_none() && self.lang.is_none()
    }

    /// Query string (`?tag=food&team=night-shift`), or empty; values percent-encoded.
    /// The content-language filter is `filter_lang` so it never clashes with `?lang=`
    /// (the interface language).
    pub fn to_query(&self) -> String {
        let pairs = [
            ("program", &self.program),
            ("tag", &self.tag),
            ("team", &self.team),
            ("filter_lang", &self.lang),
        ];
        let parts: Vec<String> = pairs
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", percent_encode(v))))
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Does the story pass the program, tag and team filters (language is applied
    /// when choosing versions, see [`visible_stories`])?
    pub fn matches(&self, s: &StorySummary) -> bool {
        let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        self.program
            .as_deref()
            .is_none_or(|p| s.program.as_deref().is_some_and(|sp| eq(sp, p)))
            && self
                .tag
                .as_deref()
                .is_none_or(|t| s.meta.tags.iter().any(|st| eq(st, t)))
            && self.team.as_deref().is_none_or(|t| story_is_for_team(s, t))
    }
}

/// Percent-encodes everything outside RFC 3986's unreserved set.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A story belongs to a team when its `team` is that team or it is tagged with it.
pub fn story_is_for_team(s: &StorySummary, team: &str) -> bool {
    s.meta
        .team
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case(team))
        || s.meta.tags.iter().any(|t| t.eq_ignore_ascii_case(team))
}

/// Live stories at `now`, one version per translation group (the reader's language,
/// else the site default, marked as fallback), filtered; newest first.
pub fn visible_stories<'a>(
    ix: &'a Index,
    now: Instant,
    lang: &str,
    filter: &StoryFilter,
) -> Vec<Localized<'a, StorySummary>> {
    let live = |s: &StorySummary| s.meta.schedule.is_live_at(now);
    let mut out: Vec<Localized<'a, StorySummary>> = match filter.lang.as_deref() {
        Some(wanted) => ix
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| live(s) && s.meta.lang == wanted)
            .map(|(index, item)| Localized {
                item,
                index,
                fallback: false,
            })
            .collect(),
        None => localize(&ix.stories, lang, &ix.site.default_language, live),
    };
    out.retain(|l| filter.matches(l.item));
    sort_by_i64(&mut out, |l| -l.item.meta.date.timestamp_millis());
    out
}

/// Choices for the story filters, taken from the live stories in every language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryFacets {
    pub programs: Vec<String>,
    pub tags: Vec<String>,
    pub teams: Vec<String>,
    pub langs: Vec<String>,
}

pub fn story_facets(ix: &Index, now: Instant) -> StoryFacets {
    let mut f = StoryFacets::default();
    for s in ix
        .stories
        .iter()
        .filter(|s| s.meta.schedule.is_live_at(now))
    {
        f.programs.extend(s.program.clone());
        f.tags.extend(s.meta.tags.iter().cloned());
        f.teams.extend(s.meta.team.clone());
        f.langs.push(s.meta.lang.clone());
    }
    for list in [&mut f.programs, &mut f.tags, &mut f.teams, &mut f.langs] {
        sort_dedup_ignoring_case(list);
    }
    f
}

/// Every team named by a live item, for the "your team" chooser.
pub fn all_teams(ix: &Index, now: Instant) -> Vec<String> {
    let mut teams: Vec<String> = ix
        .stories
        .iter()
        .map(|s| &s.meta)
        .chain(ix.thanks.iter().map(|t| &t.meta))
        .chain(ix.events.iter().map(|e| &e.meta))
        .filter(|m| m.schedule.is_live_at(now))
        .filter_map(|m| m.team.clone())
        .collect();
    sort_dedup_ignoring_case(&mut teams);
    teams
}

/// Sorts by `key`, smallest first, keeping the original order among equal keys. Every
/// list of the site goes through this one sort of `(i64, usize)`: each `sort_by_key`
/// with its own closure and item type is a separate few KB of wasm.
pub fn sort_by_i64<T>(items: &mut Vec<T>, key: impl Fn(&T) -> i64) {
    let mut order: Vec<(i64, usize)> = items.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    heap_sort(&mut order);
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|(_, i)| slots[i].take()));
}

/// Sorts names ignoring ASCII case and drops case-insensitive duplicates (the first
/// spelling stays).
pub fn sort_dedup_ignoring_case(list: &mut Vec<String>) {
    let mut order: Vec<(String, usize)> = list
        .iter()
        .enumerate()
        .map(|(i, v)| (v.to_ascii_lowercase(), i))
        .collect();
    heap_sort(&mut order);
    let mut slots: Vec<Option<String>> = std::mem::take(list).into_iter().map(Some).collect();
    list.extend(order.into_iter().filter_map(|(_, i)| slots[i].take()));
    list.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
}

/// In-place heapsort, O(n log n) with no allocation. The lists here are keyed by their
/// position, so no two keys are equal and an unstable sort gives the stable order.
/// The standard library's sorts are faster on big inputs but cost about 6 KB of wasm
/// per element type; these lists are hundreds of items long.
pub fn heap_sort<T: Ord>(v: &mut [T]) {
    fn sift_down<T: Ord>(v: &mut [T], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child] < v[child + 1] {
                child += 1;
            }
            if v[root] >= v[child] {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// The first `shown` items and whether more remain (incremental "show more").
pub fn first_page<T>(items: &[T], shown: usize) -> (&[T], bool) {
    let n = shown.min(items.len());
    (&items[..n], items.len() > n)
}

/// The featured story: the newest live one marked `featured`, else the newest.
pub fn featured_story<'a, 'b>(
    stories: &'b [Localized<'a, StorySummary>],
) -> Option<&'b Localized<'a, StorySummary>> {
    stories
        .iter()
        .find(|s| s.item.featured)
        .or_else(|| stories.first())
}

/// Up to `n` stories related to `current`: same program, shared tags, same team
/// weigh in that order; ties go to the newer story. Other translations of `current`
/// are never "related".
pub fn related_stories<'a>(
    ix: &'a Index,
    current: &StorySummary,
    now: Instant,
    lang: &str,
    n: usize,
) -> Vec<Localized<'a, StorySummary>> {
    let score = |s: &StorySummary| {
        let program = match (&s.program, &current.program) {
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => 3,
            _ => 0,
        };
        let tags = s
            .meta
            .tags
            .iter()
            .filter(|t| current.meta.tags.iter().any(|c| c.eq_ignore_ascii_case(t)))
            .count()
            * 2;
        let team = match (&s.meta.team, &current.meta.team) {
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => 1,
            _ => 0,
        };
        program + tags + team
    };
    let mut candidates: Vec<Localized<'a, StorySummary>> =
        visible_stories(ix, now, lang, &StoryFilter::default())
            .into_iter()
            .filter(|s| s.item.meta.translation_key != current.meta.translation_key)
            .collect();
    // Higher score first, then newer: the score above the date's 36 bits of seconds
    // (dates before 1970 or after year 4147 tie among themselves).
    sort_by_i64(&mut candidates, |s| {
        let seconds = s.item.meta.date.timestamp().clamp(0, (1 << 36) - 1);
        -(((score(s.item) as i64) << 36) | seconds)
    });
    candidates.truncate(n);
    candidates
}

/// Live thank-you messages at `now` in the reader's language, optionally of one
/// medium; newest first.
pub fn visible_thanks<'a>(
    ix: &'a Index,
    now: Instant,
    lang: &str,
    medium: Option<Medium>,
) -> Vec<Localized<'a, ThanksSummary>> {
    let mut out = localize(&ix.thanks, lang, &ix.site.default_language, |t| {
        t.meta.schedule.is_live_at(now)
    });
    out.retain(|t| medium.is_none_or(|m| t.item.medium == m));
    sort_by_i64(&mut out, |l| -l.item.meta.date.timestamp_millis());
    out
}

/// How many live messages each medium has (media without any are left out).
pub fn thanks_media_counts(ix: &Index, now: Instant, lang: &str) -> Vec<(Medium, usize)> {
    let all = visible_thanks(ix, now, lang, None);
    Medium::ALL
        .into_iter()
        .map(|m| (m, all.iter().filter(|t| t.item.medium == m).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Parses a medium name from the query string.
pub fn parse_medium(s: &str) -> Option<Medium> {
    Medium::ALL
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
}

/// Live events split by phase at `now`: ongoing and upcoming soonest first, past most
/// recent first.
#[derive(Debug, Default)]
pub struct EventGroups<'a> {
    pub ongoing: Vec<Localized<'a, EventSummary>>,
    pub upcoming: Vec<Localized<'a, EventSummary>>,
    pub past: Vec<Localized<'a, EventSummary>>,
}

pub fn group_events<'a>(ix: &'a Index, now: Instant, lang: &str) -> EventGroups<'a> {
    let mut all = localize(&ix.events, lang, &ix.site.default_language, |e| {
        e.meta.schedule.is_live_at(now)
    });
    sort_by_i64(&mut all, |e| e.item.starts.timestamp_millis());
    let mut g = EventGroups::default();
    for e in all {
        match e.item.phase_at(now) {
            EventPhase::Ongoing => g.ongoing.push(e),
            EventPhase::Upcoming => g.upcoming.push(e),
            EventPhase::Past => g.past.push(e),
        }
    }
    g.past.reverse();
    g
}

/// Parses a UTC offset such as `+01:00`, `-05:30` or `Z` into minutes east of UTC.
pub fn parse_utc_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 18 && m < 60).then_some(sign * (h * 60 + m))
}

/// Should an event also show its own zone's time? Yes when the viewer's offset at the
/// event's start differs from the event zone's offset.
pub fn event_zone_differs(event: &EventSummary, viewer_offset_minutes: i32) -> bool {
    parse_utc_offset(&event.utc_offset).is_some_and(|o| o != viewer_offset_minutes)
}

/// The start of the viewer's current month as an instant, given the viewer's offset
/// from UTC (minutes east) at `now`. Used for "thank-yous this month".
pub fn start_of_month(now: Instant, offset_minutes: i32) -> Instant {
    let Some(offset) = FixedOffset::east_opt(offset_minutes * 60) else {
        return now;
    };
    let local = now.with_timezone(&offset);
    offset
        .with_ymd_and_hms(local.year(), local.month(), 1, 0, 0, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
}

/// Absolute share link of a story (`{base_url}/stories/{slug}`).
pub fn share_url(base_url: &str, slug: &str) -> String {
    format!("{}/stories/{}", base_url.trim_end_matches('/'), slug)
}

/// Whole minutes from `now` until `at`, never negative; lets the clock wake up exactly
/// when the next schedule edge passes.
pub fn minutes_until(now: Instant, at: Instant) -> i64 {
    (at - now).max(Duration::zero()).num_minutes()
}

/// Paragraphs of a plain-text transcript (separated by blank lines).
pub fn paragraphs(text: &str) -> Vec<String> {
    let normalised = text.replace("\r\n", "\n");
    normalised
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Is the item `kind`/`slug` published at `now`? `None` if not (unknown, scheduled or
/// expired); for an event its phase, `Some(Some(phase))`; otherwise `Some(None)`.
pub fn live_item(ix: &Index, kind: Kind, slug: &str, now: Instant) -> Option<Option<EventPhase>> {
    let live = |m: &ItemMeta| m.slug == slug && m.schedule.is_live_at(now);
    match kind {
        Kind::Story => ix.stories.iter().any(|s| live(&s.meta)).then_some(None),
        Kind::Thanks => ix.thanks.iter().any(|t| live(&t.meta)).then_some(None),
        Kind::Event => ix
            .events
            .iter()
            .find(|e| live(&e.meta))
            .map(|e| Some(e.phase_at(now))),
    }
}

/// The data file behind a detail page: `/stories/rosa` → `data/stories/rosa.json`.
pub fn detail_path_for_page(pathname: &str) -> Option<String> {
    let mut parts = pathname.trim_matches('/').split('/');
    let (kind, slug) = (parts.next()?, parts.next()?);
    if parts.next().is_some() || slug.is_empty() {
        return None;
    }
    matches!(kind, "stories" | "thanks" | "events").then(|| format!("data/{kind}/{slug}.json"))
}

/// A page of the reading site, read from a URL path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Stories,
    Story(String),
    Thanks,
    ThanksMessage(String),
    Events,
    Event(String),
    About,
    NotFound,
}

impl Route {
    /// The page for `path` (no query, no fragment). A trailing slash is ignored and
    /// segments are percent-decoded, so `/stories/rosa/` is the story `rosa`.
    pub fn from_path(path: &str) -> Route {
        let trimmed = path.trim_end_matches('/');
        let segments: Vec<String> = trimmed.split('/').skip(1).map(percent_decode).collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        match seg.as_slice() {
            [] => Route::Home,
            ["stories"] => Route::Stories,
            ["stories", slug] if !slug.is_empty() => Route::Story(slug.to_string()),
            ["thanks"] => Route::Thanks,
            ["thanks", slug] if !slug.is_empty() => Route::ThanksMessage(slug.to_string()),
            ["events"] => Route::Events,
            ["events", slug] if !slug.is_empty() => Route::Event(slug.to_string()),
            ["about"] => Route::About,
            _ => Route::NotFound,
        }
    }
}

/// Decodes `%XX` escapes (and `+` when `plus_is_space`); invalid escapes and invalid
/// UTF-8 are kept as they are / replaced, never an error.
fn decode_component(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |c: u8| (c as char).to_digit(16);
        if b == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if plus_is_space && b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes a percent-encoded path segment.
pub fn percent_decode(s: &str) -> String {
    decode_component(s, false)
}

/// The pairs of a query string (`?a=1&b=x%20y`, leading `?` optional) in order, keys
/// and values decoded as form values (`+` is a space), as `URLSearchParams` reads
/// them. A part without `=` has an empty value; empty parts are skipped.
pub fn query_pairs(search: &str) -> Vec<(String, String)> {
    let search = search.strip_prefix('?').unwrap_or(search);
    search
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k, true), decode_component(v, true))
        })
        .collect()
}

/// The value of `key` in a query string (see [`query_pairs`]); the first occurrence
/// wins.
pub fn query_value(search: &str, key: &str) -> Option<String> {
    query_pairs(search)
        .into_iter()
        .find_map(|(k, v)| (k == key).then_some(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use impactwall_model::{Audio, ItemMeta, Schedule, SiteInfo, Theme, WallConfig, DATA_VERSION};

    fn t(y: i32, mo: u32, d: u32, h: u32) -> Instant {
        Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
    }

    fn meta(slug: &str, lang: &str, key: &str, date: Instant) -> ItemMeta {
        ItemMeta {
            slug: slug.into(),
            lang: lang.into(),
            translation_key: key.into(),
            date,
            wall: true,
            consent: true,
            ..Default::default()
        }
    }

    fn story(slug: &str, lang: &str, key: &str, date: Instant) -> StorySummary {
        StorySummary {
            meta: meta(slug, lang, key, date),
            title: slug.into(),
            summary: String::new(),
            author: None,
            program: None,
            image: None,
            people_helped: 1,
            featured: false,
            qr: None,
            reading_minutes: 2,
        }
    }

    fn thanks(slug: &str, medium: Medium, date: Instant) -> ThanksSummary {
        ThanksSummary {
            meta: meta(slug, "en", slug, date),
            from: "a neighbour".into(),
            to: "Night shift".into(),
            medium,
            quote: None,
            excerpt: "Thank you".into(),
            audio: (medium == Medium::Voicemail).then(|| Audio {
                src: "/media/v.ogg".into(),
                mime: "audio/ogg".into(),
            }),
            transcript: None,
            image: None,
        }
    }

    fn event(slug: &str, starts: Instant, hours: i64) -> EventSummary {
        EventSummary {
            meta: meta(slug, "en", slug, starts),
            title: slug.into(),
            summary: String::new(),
            starts,
            ends: starts + Duration::hours(hours),
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

    fn index(
        stories: Vec<StorySummary>,
        thanks: Vec<ThanksSummary>,
        events: Vec<EventSummary>,
    ) -> Index {
        Index {
            version: DATA_VERSION,
            generated_at: t(2027, 1, 1, 0),
            site: SiteInfo {
                name: "Org".into(),
                mission: "Help".into(),
                mission_html: "<p>Help</p>".into(),
                impact_html: String::new(),
                logo: None,
                languages: vec!["en".into(), "es".into(), "nl".into()],
                default_language: "en".into(),
                timezone: "Europe/Amsterdam".into(),
                base_url: "https://impact.example.org/".into(),
                theme: Theme::default(),
                wall: WallConfig::default(),
                translations: vec![],
            },
            stories,
            thanks,
            events,
        }
    }

    #[test]
    fn filter_round_trips_through_the_query_string() {
        let f = StoryFilter {
            program: Some("Food & shelter".into()),
            tag: None,
            team: Some("night-shift".into()),
            lang: Some("es".into()),
        };
        let q = f.to_query();
        assert_eq!(
            q,
            "?program=Food%20%26%20shelter&team=night-shift&filter_lang=es"
        );
        let decoded = [
            ("program", "Food & shelter"),
            ("team", "night-shift"),
            ("filter_lang", "es"),
            ("tag", "  "),
        ];
        let back = StoryFilter::from_lookup(|k| {
            decoded
                .iter()
                .find(|(dk, _)| *dk == k)
                .map(|(_, v)| v.to_string())
        });
        assert_eq!(back, f);
        assert_eq!(StoryFilter::default().to_query(), "");
        assert!(StoryFilter::default().is_empty());
    }

    #[test]
    fn visible_stories_hide_unpublished_and_expired_and_sort_newest_first() {
        let mut future = story("future", "en", "future", t(2027, 3, 1, 0));
        future.meta.schedule = Schedule {
            publish_at: Some(t(2027, 3, 1, 9)),
            expires_at: None,
        };
        let mut expired = story("expired", "en", "expired", t(2027, 1, 1, 0));
        expired.meta.schedule = Schedule {
            publish_at: None,
            expires_at: Some(t(2027, 2, 1, 0)),
        };
        let old = story("old", "en", "old", t(2026, 6, 1, 0));
        let new = story("new", "en", "new", t(2027, 2, 10, 0));
        let ix = index(vec![old, future, expired, new], vec![], vec![]);
        let slugs = |now| {
            visible_stories(&ix, now, "en", &StoryFilter::default())
                .iter()
                .map(|s| s.item.meta.slug.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(slugs(t(2027, 2, 15, 0)), ["new", "old"]);
        assert_eq!(slugs(t(2027, 3, 1, 9)), ["future", "new", "old"]);
        // `date` is not a schedule: a story dated later is still shown.
        assert_eq!(slugs(t(2027, 1, 15, 0)), ["new", "expired", "old"]);
    }

    #[test]
    fn language_choice_falls_back_with_a_marker_and_language_filter_is_strict() {
        let d = t(2027, 1, 1, 0);
        let ix = index(
            vec![
                story("a", "en", "a", d),
                story("a-es", "es", "a", d),
                story("b", "en", "b", d - Duration::days(1)),
            ],
            vec![],
            vec![],
        );
        let now = t(2027, 2, 1, 0);
        let es = visible_stories(&ix, now, "es", &StoryFilter::default());
        assert_eq!(es.len(), 2);
        assert_eq!(es[0].item.meta.slug, "a-es");
        assert!(!es[0].fallback);
        assert!(es[1].fallback);
        let only_es = StoryFilter {
            lang: Some("es".into()),
            ..Default::default()
        };
        let strict = visible_stories(&ix, now, "nl", &only_es);
        assert_eq!(strict.len(), 1);
        assert_eq!(strict[0].item.meta.slug, "a-es");
        // Each choice knows its place in the index (views keep only that).
        let en = visible_stories(&ix, now, "en", &StoryFilter::default());
        for list in [&es, &strict, &en] {
            for l in list.iter() {
                assert!(
                    std::ptr::eq(&ix.stories[l.index], l.item),
                    "{}",
                    l.item.meta.slug
                );
            }
        }
        assert_eq!(
            en.iter().map(|l| l.index).collect::<Vec<_>>(),
            [0, 2],
            "a (en) and b"
        );
        assert_eq!(es.iter().map(|l| l.index).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn program_tag_and_team_filters_combine() {
        let d = t(2027, 1, 1, 0);
        let mut a = story("a", "en", "a", d);
        a.program = Some("Housing".into());
        a.meta.tags = vec!["winter".into()];
        a.meta.team = Some("Night shift".into());
        let mut b = story("b", "en", "b", d);
        b.program = Some("Housing".into());
        b.meta.tags = vec!["night shift".into()];
        let mut c = story("c", "en", "c", d);
        c.program = Some("Food".into());
        c.meta.tags = vec!["winter".into()];
        let ix = index(vec![a, b, c], vec![], vec![]);
        let now = t(2027, 2, 1, 0);
        let run = |f: StoryFilter| {
            let mut v: Vec<String> = visible_stories(&ix, now, "en", &f)
                .iter()
                .map(|s| s.item.meta.slug.clone())
                .collect();
            v.sort();
            v
        };
        let housing = StoryFilter {
            program: Some("housing".into()),
            ..Default::default()
        };
        assert_eq!(run(housing.clone()), ["a", "b"]);
        let winter_housing = StoryFilter {
            tag: Some("Winter".into()),
            ..housing
        };
        assert_eq!(run(winter_housing), ["a"]);
        // A team matches the `team` field or a tag with the team's name.
        let team = StoryFilter {
            team: Some("night shift".into()),
            ..Default::default()
        };
        assert_eq!(run(team), ["a", "b"]);
        let facets = story_facets(&ix, now);
        assert_eq!(facets.programs, ["Food", "Housing"]);
        assert_eq!(facets.tags, ["night shift", "winter"]);
        assert_eq!(facets.teams, ["Night shift"]);
        assert_eq!(facets.langs, ["en"]);
    }

    #[test]
    fn first_page_reports_whether_more_remain() {
        let items: Vec<u32> = (0..20).collect();
        let (page, more) = first_page(&items, STORIES_PAGE_SIZE);
        assert_eq!(page.len(), 9);
        assert!(more);
        let (page, more) = first_page(&items, 27);
        assert_eq!(page.len(), 20);
        assert!(!more);
    }

    #[test]
    fn featured_prefers_flagged_story_then_newest() {
        let d = t(2027, 1, 1, 0);
        let mut flagged = story("flagged", "en", "flagged", d - Duration::days(30));
        flagged.featured = true;
        let ix = index(vec![story("new", "en", "new", d), flagged], vec![], vec![]);
        let list = visible_stories(&ix, d, "en", &StoryFilter::default());
        assert_eq!(featured_story(&list).unwrap().item.meta.slug, "flagged");
        let ix = index(vec![story("new", "en", "new", d)], vec![], vec![]);
        let list = visible_stories(&ix, d, "en", &StoryFilter::default());
        assert_eq!(featured_story(&list).unwrap().item.meta.slug, "new");
        assert!(featured_story(&[]).is_none());
    }

    #[test]
    fn related_stories_rank_program_then_tags_and_skip_translations() {
        let d = t(2027, 1, 1, 0);
        let mut cur = story("cur", "en", "cur", d);
        cur.program = Some("Housing".into());
        cur.meta.tags = vec!["winter".into(), "family".into()];
        let mut cur_es = cur.clone();
        cur_es.meta.slug = "cur-es".into();
        cur_es.meta.lang = "es".into();
        let mut same_program = story("same-program", "en", "same-program", d - Duration::days(9));
        same_program.program = Some("Housing".into());
        let mut two_tags = story("two-tags", "en", "two-tags", d - Duration::days(5));
        two_tags.meta.tags = vec!["family".into(), "winter".into()];
        let unrelated_new = story("unrelated", "en", "unrelated", d);
        let ix = index(
            vec![cur.clone(), cur_es, same_program, two_tags, unrelated_new],
            vec![],
            vec![],
        );
        let rel = related_stories(&ix, &cur, d, "en", 3);
        let slugs: Vec<&str> = rel.iter().map(|s| s.item.meta.slug.as_str()).collect();
        assert_eq!(slugs, ["two-tags", "same-program", "unrelated"]);
    }

    #[test]
    fn thanks_filter_by_medium_and_count_media() {
        let d = t(2027, 1, 1, 0);
        let ix = index(
            vec![],
            vec![
                thanks("l1", Medium::Letter, d),
                thanks("v1", Medium::Voicemail, d + Duration::days(1)),
                thanks("l2", Medium::Letter, d - Duration::days(1)),
            ],
            vec![],
        );
        let now = t(2027, 2, 1, 0);
        let letters = visible_thanks(&ix, now, "en", Some(Medium::Letter));
        assert_eq!(letters.len(), 2);
        assert_eq!(letters[0].item.meta.slug, "l1");
        assert_eq!(visible_thanks(&ix, now, "en", None)[0].item.meta.slug, "v1");
        assert_eq!(
            thanks_media_counts(&ix, now, "en"),
            [(Medium::Letter, 2), (Medium::Voicemail, 1)]
        );
        assert_eq!(parse_medium(" Voicemail"), Some(Medium::Voicemail));
        assert_eq!(parse_medium("fax"), None);
    }

    #[test]
    fn events_move_from_upcoming_to_ongoing_to_past() {
        let start = t(2027, 5, 1, 10);
        let ix = index(
            vec![],
            vec![],
            vec![
                event("later", start + Duration::days(7), 2),
                event("brunch", start, 3),
                event("old", start - Duration::days(30), 2),
                event("older", start - Duration::days(60), 2),
            ],
        );
        let names = |v: &[Localized<EventSummary>]| {
            v.iter()
                .map(|e| e.item.meta.slug.clone())
                .collect::<Vec<_>>()
        };
        let before = group_events(&ix, start - Duration::hours(1), "en");
        assert_eq!(names(&before.upcoming), ["brunch", "later"]);
        assert!(before.ongoing.is_empty());
        assert_eq!(names(&before.past), ["old", "older"]);
        let during = group_events(&ix, start + Duration::hours(1), "en");
        assert_eq!(names(&during.ongoing), ["brunch"]);
        assert_eq!(names(&during.upcoming), ["later"]);
        let after = group_events(&ix, start + Duration::hours(3), "en");
        assert_eq!(names(&after.past), ["brunch", "old", "older"]);
    }

    #[test]
    fn utc_offsets_and_zone_difference() {
        assert_eq!(parse_utc_offset("+01:00"), Some(60));
        assert_eq!(parse_utc_offset("-05:30"), Some(-330));
        assert_eq!(parse_utc_offset("Z"), Some(0));
        assert_eq!(parse_utc_offset("+0100x"), None);
        assert_eq!(parse_utc_offset("01:00"), None);
        let e = event("e", t(2027, 1, 1, 0), 1);
        assert!(!event_zone_differs(&e, 60));
        assert!(event_zone_differs(&e, -300));
    }

    #[test]
    fn start_of_month_is_in_the_viewers_zone() {
        // 1 March 00:30 in UTC+2 is still February in UTC.
        let now = t(2027, 2, 28, 22) + Duration::minutes(30);
        assert_eq!(start_of_month(now, 120), t(2027, 2, 28, 22));
        assert_eq!(start_of_month(now, 0), t(2027, 2, 1, 0));
        assert_eq!(start_of_month(now, -300), t(2027, 2, 1, 5));
    }

    #[test]
    fn teams_share_links_and_transcripts() {
        let d = t(2027, 1, 1, 0);
        let mut s = story("s", "en", "s", d);
        s.meta.team = Some("Billing".into());
        let mut th = thanks("th", Medium::Card, d);
        th.meta.team = Some("billing".into());
        let mut e = event("e", d, 1);
        e.meta.team = Some("Night shift".into());
        let ix = index(vec![s], vec![th], vec![e]);
        assert_eq!(all_teams(&ix, d), ["Billing", "Night shift"]);
        assert_eq!(
            share_url(&ix.site.base_url, "rosa"),
            "https://impact.example.org/stories/rosa"
        );
        assert_eq!(
            paragraphs("Hi there.\r\nIt's me.\r\n\r\n\r\n  Thanks!  "),
            ["Hi there. It's me.", "Thanks!"]
        );
        assert_eq!(minutes_until(d, d + Duration::minutes(90)), 90);
        assert_eq!(minutes_until(d, d - Duration::minutes(5)), 0);
    }

    #[test]
    fn paths_map_to_pages() {
        assert_eq!(Route::from_path("/"), Route::Home);
        assert_eq!(Route::from_path(""), Route::Home);
        assert_eq!(Route::from_path("/stories"), Route::Stories);
        assert_eq!(Route::from_path("/stories/"), Route::Stories);
        assert_eq!(
            Route::from_path("/stories/rosa"),
            Route::Story("rosa".into())
        );
        assert_eq!(
            Route::from_path("/stories/rosa/"),
            Route::Story("rosa".into())
        );
        assert_eq!(Route::from_path("/thanks"), Route::Thanks);
        assert_eq!(
            Route::from_path("/thanks/card-1"),
            Route::ThanksMessage("card-1".into())
        );
        assert_eq!(Route::from_path("/events"), Route::Events);
        assert_eq!(
            Route::from_path("/events/brunch"),
            Route::Event("brunch".into())
        );
        assert_eq!(Route::from_path("/about"), Route::About);
        assert_eq!(Route::from_path("/about/x"), Route::NotFound);
        assert_eq!(Route::from_path("/stories/a/b"), Route::NotFound);
        assert_eq!(Route::from_path("/nowhere"), Route::NotFound);
        assert_eq!(Route::from_path("//stories"), Route::NotFound);
        // Decoded, so the page can refuse it (slugs are [a-z0-9-]).
        assert_eq!(
            Route::from_path("/stories/a%2Fb"),
            Route::Story("a/b".into())
        );
    }

    #[test]
    fn query_values_are_form_decoded() {
        let q = "?program=Food%20%26%20shelter&team=night+shift&empty=&flag&at=2027-03-01T09%3A00";
        assert_eq!(query_value(q, "program").as_deref(), Some("Food & shelter"));
        assert_eq!(query_value(q, "team").as_deref(), Some("night shift"));
        assert_eq!(query_value(q, "empty").as_deref(), Some(""));
        assert_eq!(query_value(q, "flag").as_deref(), Some(""));
        assert_eq!(query_value(q, "at").as_deref(), Some("2027-03-01T09:00"));
        assert_eq!(query_value(q, "tag"), None);
        assert_eq!(query_value("", "tag"), None);
        assert_eq!(query_value("a=1&a=2", "a").as_deref(), Some("1"));
        assert_eq!(
            query_pairs("?a=1&&b+c=d%3De&flag"),
            [
                ("a".to_string(), "1".to_string()),
                ("b c".to_string(), "d=e".to_string()),
                ("flag".to_string(), String::new()),
            ]
        );
        // Only one leading `?` is syntax, as for URLSearchParams.
        assert_eq!(query_value("??a=1", "?a").as_deref(), Some("1"));
        // Bad escapes stay as written; invalid UTF-8 becomes U+FFFD.
        assert_eq!(query_value("a=100%&b=%zz", "a").as_deref(), Some("100%"));
        assert_eq!(query_value("a=100%&b=%zz", "b").as_deref(), Some("%zz"));
        assert_eq!(
            query_value("a=%C3%A9%FF", "a").as_deref(),
            Some("é\u{FFFD}")
        );
        let f = StoryFilter {
            program: Some("Food & shelter".into()),
            tag: Some("día".into()),
            team: None,
            lang: Some("es".into()),
        };
        let q = f.to_query();
        assert_eq!(StoryFilter::from_lookup(|k| query_value(&q, k)), f);
    }

    #[test]
    fn detail_pages_show_only_live_items_and_an_events_phase() {
        let start = t(2027, 5, 1, 10);
        let mut later = story("later", "en", "later", start);
        later.meta.schedule.publish_at = Some(start + Duration::days(1));
        let ix = index(
            vec![story("rosa", "en", "rosa", start), later],
            vec![thanks("card", Medium::Card, start)],
            vec![event("brunch", start, 3)],
        );
        let at = start - Duration::hours(1);
        assert_eq!(live_item(&ix, Kind::Story, "rosa", at), Some(None));
        assert_eq!(live_item(&ix, Kind::Story, "later", at), None, "scheduled");
        assert_eq!(
            live_item(&ix, Kind::Story, "later", start + Duration::days(2)),
            Some(None),
            "published by then (?at= preview)"
        );
        assert_eq!(live_item(&ix, Kind::Story, "card", at), None, "wrong kind");
        assert_eq!(live_item(&ix, Kind::Thanks, "card", at), Some(None));
        assert_eq!(live_item(&ix, Kind::Story, "nope", at), None);
        assert_eq!(
            live_item(&ix, Kind::Event, "brunch", at),
            Some(Some(EventPhase::Upcoming))
        );
        assert_eq!(
            live_item(&ix, Kind::Event, "brunch", start + Duration::hours(1)),
            Some(Some(EventPhase::Ongoing))
        );
        assert_eq!(
            live_item(&ix, Kind::Event, "brunch", start + Duration::hours(4)),
            Some(Some(EventPhase::Past))
        );
    }

    #[test]
    fn detail_pages_map_to_their_data_file() {
        assert_eq!(
            detail_path_for_page("/stories/rosa").as_deref(),
            Some("data/stories/rosa.json")
        );
        assert_eq!(
            detail_path_for_page("/events/brunch/").as_deref(),
            Some("data/events/brunch.json")
        );
        assert_eq!(detail_path_for_page("/stories"), None);
        assert_eq!(detail_path_for_page("/about/x"), None);
        assert_eq!(detail_path_for_page("/stories/a/b"), None);
    }

    #[test]
    fn heap_sort_matches_the_standard_sort() {
        // Sizes around the heap's level boundaries, with repeats and reverse runs.
        for n in [0usize, 1, 2, 3, 7, 8, 9, 31, 64, 100, 257] {
            let mut v: Vec<i64> = (0..n as i64)
                .map(|i| (i * 7919) % 13 - (i % 5) * 3)
                .collect();
            let mut expected = v.clone();
            expected.sort();
            heap_sort(&mut v);
            assert_eq!(v, expected, "n = {n}");
            let mut rev: Vec<usize> = (0..n).rev().collect();
            heap_sort(&mut rev);
            assert_eq!(rev, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn sort_by_i64_is_stable_and_ascending() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (-5, 'f')];
        let mut expected = v.clone();
        expected.sort_by_key(|x| x.0);
        sort_by_i64(&mut v, |x| x.0);
        assert_eq!(v, expected);
        let mut empty: Vec<u8> = Vec::new();
        sort_by_i64(&mut empty, |x| i64::from(*x));
        assert!(empty.is_empty());
    }

    #[test]
    fn names_sort_and_dedup_ignoring_case() {
        let mut v: Vec<String> = [
            "billing", "Arrears", "billing", "Billing", "arrears", "care",
        ]
        .map(String::from)
        .to_vec();
        sort_dedup_ignoring_case(&mut v);
        assert_eq!(v, ["Arrears", "billing", "care"]);
    }
}
