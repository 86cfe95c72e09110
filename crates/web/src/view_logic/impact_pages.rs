//! What the talking-point and team pages show, decided without a browser: which pages
//! carry the impact data, the month "now" falls in, and a team's own items.

use impactwall_model::impact::{self, view, ImpactData, Month, TalkingPoint};
use impactwall_model::{Index, Instant, Localized, StorySummary, ThanksSummary};

use super::{group_events, visible_stories, visible_thanks, Route, StoryFilter};

/// Is `page` (without its language prefix) a talking-point or team page?
pub fn is_impact_page(page: &str) -> bool {
    match page.trim_end_matches('/') {
        "/talking-points" | "/teams" => true,
        p => p
            .strip_prefix("/teams/")
            .is_some_and(|t| !t.is_empty() && !t.contains('/')),
    }
}

/// Does the page at `route` show impact data (and so carry it in its payload)?
pub fn route_uses_impact(route: &Route) -> bool {
    matches!(
        route,
        Route::Home | Route::TalkingPoints | Route::Teams | Route::Team(_)
    )
}

/// The site-calendar month `now` falls in; past the published month starts, the last
/// one (figures then stay those of the last known month rather than vanish).
pub fn current_month(data: &ImpactData, now: Instant) -> Option<Month> {
    impact::month_at(now, &data.month_starts).or_else(|| {
        let last = data.month_starts.last()?;
        (last.starts <= now).then_some(last.month)
    })
}

/// A talking point's text with its figures resolved for the organisation.
pub fn resolved_text(
    data: &ImpactData,
    point: &TalkingPoint,
    month: Option<Month>,
    number: &dyn Fn(f64) -> String,
) -> String {
    match month {
        Some(m) => data.resolve(&point.text, None, m, number),
        None => point.text.clone(),
    }
}

/// The talking points written for `team` (naming it in `teams`), live at `now`.
pub fn team_talking_points<'a>(
    data: &'a ImpactData,
    now: Instant,
    lang: &str,
    default: &str,
    team: &str,
) -> Vec<&'a TalkingPoint> {
    view::live_talking_points(data, now, lang, default, Some(team))
        .into_iter()
        .filter(|t| t.teams.iter().any(|x| x == team))
        .collect()
}

/// Every team a live talking point names, sorted, for the team filter.
pub fn talking_point_teams(data: &ImpactData, now: Instant) -> Vec<String> {
    let mut teams: Vec<String> = data
        .talking_points
        .iter()
        .filter(|t| t.schedule.is_live_at(now))
        .flat_map(|t| t.teams.iter().cloned())
        .collect();
    teams.sort_unstable();
    teams.dedup();
    teams
}

/// The live stories `team` was part of, in the reader's language.
pub fn team_stories<'a>(
    ix: &'a Index,
    now: Instant,
    lang: &str,
    team: &str,
) -> Vec<Localized<'a, StorySummary>> {
    let filter = StoryFilter {
        team: Some(team.to_string()),
        ..Default::default()
    };
    visible_stories(ix, now, lang, &filter)
}

/// Is a thank-you message addressed to `team` (its `team`, or `to` naming the team or
/// its display name)?
pub fn thanks_is_for_team(t: &ThanksSummary, team: &str, name: &str) -> bool {
    let to = t.to.trim();
    t.meta
        .team
        .as_deref()
        .is_some_and(|x| x.eq_ignore_ascii_case(team))
        || to.eq_ignore_ascii_case(team)
        || (!name.is_empty() && to.eq_ignore_ascii_case(name))
}

/// The live thank-you messages addressed to `team`.
pub fn team_thanks<'a>(
    ix: &'a Index,
    now: Instant,
    lang: &str,
    team: &str,
    name: &str,
) -> Vec<Localized<'a, ThanksSummary>> {
    visible_thanks(ix, now, lang, None)
        .into_iter()
        .filter(|t| thanks_is_for_team(t.item, team, name))
        .collect()
}

/// `team`'s ongoing and coming events (by their `team`), soonest first.
pub fn team_events<'a>(
    ix: &'a Index,
    now: Instant,
    lang: &str,
    team: &str,
) -> Vec<Localized<'a, impactwall_model::EventSummary>> {
    let g = group_events(ix, now, lang);
    g.ongoing
        .into_iter()
        .chain(g.upcoming)
        .filter(|e| {
            e.item
                .meta
                .team
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(team))
        })
        .collect()
}
