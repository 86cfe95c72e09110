//! The story lists: filters mirrored in the query string, facets, the featured and
//! related stories, pagination.

use impactwall_model::{localize, Index, Instant, Localized, StorySummary};

use super::{percent_encode, sort_by_i64, sort_dedup_ignoring_case};

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
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
