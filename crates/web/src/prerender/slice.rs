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
    /// `data/impact.json`, when the build wrote one.
    impact: Option<impactwall_model::impact::ImpactData>,
    /// Related stories and translation groups, looked up once for all detail pages.
    lookups: super::related::Lookups,
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
            impact: None,
            lookups: super::related::Lookups::new(full, now),
        }
    }

    /// The same, with the impact data the talking-point, team and home pages carry.
    pub fn with_impact(mut self, impact: Option<impactwall_model::impact::ImpactData>) -> Shared {
        self.impact = impact;
        self
    }

    pub fn impact(&self) -> Option<&impactwall_model::impact::ImpactData> {
        self.impact.as_ref()
    }

    /// The payload of the page at `path` in `lang`.
    pub fn payload(
        &self,
        full: &Index,
        path: &str,
        lang: &str,
        detail: Option<PageDetail>,
    ) -> PagePayload {
        let mut index = self.for_route(path);
        if let Some(d) = &detail {
            add_detail_neighbours(full, &mut index, d, &self.lookups, self.now);
        }
        let route = view_logic::Route::from_path(path);
        if let view_logic::Route::Team(team) = &route {
            let names: Vec<String> = (self.impact.iter())
                .flat_map(|i| i.teams.iter())
                .filter(|t| &t.team == team)
                .map(|t| t.name.clone())
                .collect();
            add_team_items(full, &mut index, team, &names, self.now);
        }
        let impact = self
            .impact
            .clone()
            .filter(|_| !path.ends_with(".html"))
            .filter(|_| view_logic::impact_pages::route_uses_impact(&route));
        PagePayload {
            path: path.to_string(),
            lang: lang.to_string(),
            built_at: self.now,
            index,
            aggregates: self.aggregates.get(lang).cloned().unwrap_or_default(),
            detail,
            impact,
            body_in_page: false,
        }
    }
}

impl Shared {
    /// `sitemap.xml` (see [`super::sitemap`]), each item's translations taken from the
    /// lookups instead of a search of the whole index per page.
    pub fn sitemap(&self, full: &Index, specs: &[super::PageSpec]) -> String {
        let mut group = Index {
            stories: Vec::new(),
            thanks: Vec::new(),
            events: Vec::new(),
            ..self.slice.clone()
        };
        group.generated_at = full.generated_at;
        super::sitemap_with(full, specs, |spec| {
            let Some(detail) = &spec.detail else {
                return super::head::alternates(full, spec);
            };
            let key = detail.meta().translation_key.as_str();
            group.stories.clear();
            group.thanks.clear();
            group.events.clear();
            match detail {
                PageDetail::Story(_) => merge_at(
                    &mut group.stories,
                    &full.stories,
                    self.lookups.stories.get(key).to_vec(),
                ),
                PageDetail::Thanks(_) => merge_at(
                    &mut group.thanks,
                    &full.thanks,
                    self.lookups.thanks.get(key).to_vec(),
                ),
                PageDetail::Event(_) => merge_at(
                    &mut group.events,
                    &full.events,
                    self.lookups.events.get(key).to_vec(),
                ),
            }
            super::head::alternates(&group, spec)
        })
    }

    /// The part of the slice the page at `path` shows: every list on the home page,
    /// its own list on a list page, none on the other pages (an item's page gets its
    /// item's neighbours).
    fn for_route(&self, path: &str) -> Index {
        use view_logic::Route;
        let route = if path.ends_with("404.html") {
            Route::NotFound
        } else {
            Route::from_path(path)
        };
        let mut index = Index {
            stories: Vec::new(),
            thanks: Vec::new(),
            events: Vec::new(),
            ..self.slice.clone()
        };
        match route {
            Route::Home => return self.slice.clone(),
            Route::Stories => index.stories.clone_from(&self.slice.stories),
            Route::Thanks => index.thanks.clone_from(&self.slice.thanks),
            Route::Events => index.events.clone_from(&self.slice.events),
            _ => {}
        }
        index
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
fn add_detail_neighbours(
    full: &Index,
    index: &mut Index,
    detail: &PageDetail,
    lookups: &super::related::Lookups,
    now: Instant,
) {
    let meta = detail.meta();
    let key = meta.translation_key.as_str();
    match detail {
        PageDetail::Story(d) => {
            let mut wanted = lookups.related(full, &d.summary, now, &meta.lang, RELATED);
            wanted.extend_from_slice(lookups.stories.get(key));
            merge_at(&mut index.stories, &full.stories, wanted);
        }
        PageDetail::Thanks(_) => merge_at(
            &mut index.thanks,
            &full.thanks,
            lookups.thanks.get(key).to_vec(),
        ),
        PageDetail::Event(_) => merge_at(
            &mut index.events,
            &full.events,
            lookups.events.get(key).to_vec(),
        ),
    }
}

/// [`merge`] for the items of `all` at the positions `wanted`.
fn merge_at<T: Clone + impactwall_model::HasMeta>(
    list: &mut Vec<T>,
    all: &[T],
    mut wanted: Vec<usize>,
) {
    wanted.sort_unstable();
    wanted.dedup();
    if list.is_empty() {
        *list = wanted
            .iter()
            .filter_map(|&at| all.get(at))
            .cloned()
            .collect();
        return;
    }
    let slugs: std::collections::HashSet<&str> = (wanted.iter())
        .filter_map(|&at| all.get(at))
        .map(|i| i.meta().slug.as_str())
        .collect();
    merge(list, all, |i| slugs.contains(i.meta().slug.as_str()));
}

/// A team's page also needs the team's stories, thank-you messages and events, live
/// now or soon, wherever they sit in the archive.
fn add_team_items(full: &Index, index: &mut Index, team: &str, names: &[String], now: Instant) {
    let of_team = |m: &ItemMeta| {
        live_or_soon(m, now)
            && m.team
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(team))
    };
    merge(&mut index.stories, &full.stories, |s| {
        live_or_soon(&s.meta, now) && view_logic::story_is_for_team(s, team)
    });
    merge(&mut index.thanks, &full.thanks, |t| {
        live_or_soon(&t.meta, now)
            && (std::iter::once("").chain(names.iter().map(String::as_str)))
                .any(|n| view_logic::impact_pages::thanks_is_for_team(t, team, n))
    });
    merge(&mut index.events, &full.events, |e| {
        of_team(&e.meta) && e.ends > now
    });
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
