//! The payload of one prerendered page: the slice of the whole index it shows and the
//! aggregates computed from the whole index at build time (see [`crate::page_data`]).

use crate::page_data::{Aggregates, CounterStep, PageDetail, PagePayload, SLICE_PER_LANGUAGE};
use crate::view_logic;
use impactwall_model::{Index, Instant, ItemMeta};

/// Items that go live this soon after the build travel with the page, so the first
/// clock ticks in the browser can show them on time.
pub const SOON_DAYS: i64 = 7;
/// How far ahead the counters are computed (one value per change).
pub const COUNTER_DAYS: i64 = 14;
/// Related stories under a story (as many as the story page shows).
const RELATED: usize = 3;

/// What every page of one build shares: the slice of the index and, per language,
/// the aggregates (computed once, not once per page).
#[derive(Clone, Debug)]
pub struct Shared {
    slice: Index,
    aggregates: std::collections::HashMap<String, Aggregates>,
    now: Instant,
}

impl Shared {
    pub fn new(full: &Index, now: Instant) -> Shared {
        let counters = counter_steps(full, now);
        let story_facets = view_logic::story_facets(full, now);
        let teams = view_logic::all_teams(full, now);
        let aggregates = full
            .site
            .languages
            .iter()
            .map(|lang| {
                let a = Aggregates {
                    valid_until: now + chrono::Duration::days(SOON_DAYS),
                    counters: counters.clone(),
                    story_facets: story_facets.clone(),
                    teams: teams.clone(),
                    thanks_media: view_logic::thanks_media_counts(full, now, lang),
                    totals: (
                        view_logic::visible_stories(full, now, lang, &Default::default()).len(),
                        view_logic::visible_thanks(full, now, lang, None).len(),
                    ),
                };
                (lang.clone(), a)
            })
            .collect();
        Shared {
            slice: slice(full, now),
            aggregates,
            now,
        }
    }

    /// The payload of the page at `path` in `lang`.
    pub fn payload(
        &self,
        full: &Index,
        path: &str,
        lang: &str,
        detail: Option<PageDetail>,
    ) -> PagePayload {
        let mut index = self.slice.clone();
        if let Some(d) = &detail {
            add_detail_neighbours(full, &mut index, d, self.now);
        }
        PagePayload {
            path: path.to_string(),
            lang: lang.to_string(),
            built_at: self.now,
            index,
            aggregates: self.aggregates.get(lang).cloned().unwrap_or_default(),
            detail,
        }
    }
}

/// The payload of the page at `path` in `lang` from the whole index at `now` (for one
/// page; a whole site goes through [`Shared`]).
pub fn payload(
    full: &Index,
    path: &str,
    lang: &str,
    now: Instant,
    detail: Option<PageDetail>,
) -> PagePayload {
    Shared::new(full, now).payload(full, path, lang, detail)
}

/// Is the item shown now, or does it go live within [`SOON_DAYS`]?
fn live_or_soon(m: &ItemMeta, now: Instant) -> bool {
    let soon = now + chrono::Duration::days(SOON_DAYS);
    m.schedule.is_live_at(now)
        || m.schedule
            .next_change_after(now)
            .is_some_and(|t| t <= soon && m.schedule.is_live_at(t))
}

/// The first screen of every list: per language, the newest stories and thank-you
/// messages and the events that have not ended, live now or soon.
fn slice(full: &Index, now: Instant) -> Index {
    fn take<T: Clone>(
        items: &[T],
        meta: impl Fn(&T) -> &ItemMeta,
        keep: impl Fn(&T) -> bool,
    ) -> Vec<T> {
        let mut per_lang: std::collections::HashMap<&str, usize> = Default::default();
        items
            .iter()
            .filter(|i| keep(i))
            .filter(|i| {
                let n = per_lang.entry(meta(i).lang.as_str()).or_default();
                *n += 1;
                *n <= SLICE_PER_LANGUAGE
            })
            .cloned()
            .collect()
    }
    Index {
        version: full.version,
        generated_at: full.generated_at,
        site: full.site.clone(),
        stories: take(&full.stories, |s| &s.meta, |s| live_or_soon(&s.meta, now)),
        thanks: take(&full.thanks, |t| &t.meta, |t| live_or_soon(&t.meta, now)),
        events: take(
            &full.events,
            |e| &e.meta,
            |e| live_or_soon(&e.meta, now) && e.ends > now,
        ),
    }
}

/// A detail page also needs its item's summary, its translations and (for a story)
/// the related stories, wherever they sit in the archive.
fn add_detail_neighbours(full: &Index, index: &mut Index, detail: &PageDetail, now: Instant) {
    let meta = detail.meta();
    let group = |m: &ItemMeta| m.translation_key == meta.translation_key;
    match detail {
        PageDetail::Story(d) => {
            let related: Vec<String> =
                view_logic::related_stories(full, &d.summary, now, &meta.lang, RELATED)
                    .into_iter()
                    .map(|s| s.item.meta.slug.clone())
                    .collect();
            merge(&mut index.stories, &full.stories, |s| {
                group(&s.meta) || related.contains(&s.meta.slug)
            });
        }
        PageDetail::Thanks(_) => merge(&mut index.thanks, &full.thanks, |t| group(&t.meta)),
        PageDetail::Event(_) => merge(&mut index.events, &full.events, |e| group(&e.meta)),
    }
}

/// Adds the items of `all` that `wanted` picks and `list` lacks, keeping `all`'s order.
fn merge<T: Clone + impactwall_model::HasMeta>(
    list: &mut Vec<T>,
    all: &[T],
    wanted: impl Fn(&T) -> bool,
) {
    let have: std::collections::HashSet<String> =
        list.iter().map(|i| i.meta().slug.clone()).collect();
    if !all
        .iter()
        .any(|i| wanted(i) && !have.contains(&i.meta().slug))
    {
        return;
    }
    *list = all
        .iter()
        .filter(|i| have.contains(&i.meta().slug) || wanted(i))
        .cloned()
        .collect();
}

/// The counters at `now` and at every change within [`COUNTER_DAYS`]: a publish or
/// expiry, an event starting, the first of a month in the site's calendar.
fn counter_steps(full: &Index, now: Instant) -> Vec<CounterStep> {
    let until = now + chrono::Duration::days(COUNTER_DAYS);
    let mut at = now;
    let mut steps = Vec::new();
    loop {
        let since = month_start(&full.site.timezone, at);
        steps.push(CounterStep {
            from: at,
            counters: full.counters_at(at, since),
        });
        let next_month = next_month_start(&full.site.timezone, at);
        let next = [full.next_change_after(at), next_month]
            .into_iter()
            .flatten()
            .min();
        match next {
            Some(t) if t <= until && steps.len() < 500 => at = t,
            _ => break,
        }
    }
    steps
}

/// The first instant of `at`'s month on the calendar of the zone `tz` (UTC if unknown).
fn month_start(tz: &str, at: Instant) -> Instant {
    use chrono::{Datelike, TimeZone, Utc};
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    let local = at.with_timezone(&zone);
    zone.with_ymd_and_hms(local.year(), local.month(), 1, 0, 0, 0)
        .earliest()
        .map_or(at, |t| t.with_timezone(&Utc))
}

/// The first instant of the month after `at`'s, in the zone `tz`.
fn next_month_start(tz: &str, at: Instant) -> Option<Instant> {
    use chrono::{Datelike, TimeZone, Utc};
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    let local = at.with_timezone(&zone);
    let (y, m) = if local.month() == 12 {
        (local.year() + 1, 1)
    } else {
        (local.year(), local.month() + 1)
    };
    zone.with_ymd_and_hms(y, m, 1, 0, 0, 0)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}
