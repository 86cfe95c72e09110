//! What the talking-point, team and impact views show, decided without a browser:
//! the reading site's pages and the wall call these and only render the result.

use super::{pick, Equivalence, ImpactData, MetricInfo, Month, Period, TalkingPoint, Team};
use crate::Instant;

/// Live talking points in the reader's language (else the default language's
/// version), for `team` when given (points without teams are for everyone), in
/// file order.
pub fn live_talking_points<'a>(
    data: &'a ImpactData,
    now: Instant,
    lang: &str,
    default: &str,
    team: Option<&str>,
) -> Vec<&'a TalkingPoint> {
    let live: Vec<&TalkingPoint> = data
        .talking_points
        .iter()
        .filter(|t| t.schedule.is_live_at(now))
        .filter(|t| team.is_none_or(|team| t.teams.is_empty() || t.teams.iter().any(|x| x == team)))
        .collect();
    let mut out: Vec<&TalkingPoint> = Vec::new();
    for t in &live {
        if out.iter().any(|o| o.translation_key == t.translation_key) {
            continue;
        }
        let group = || {
            live.iter()
                .filter(|x| x.translation_key == t.translation_key)
        };
        let chosen = group()
            .find(|x| x.lang == lang)
            .or_else(|| group().find(|x| x.lang == default))
            .unwrap_or(t);
        out.push(chosen);
    }
    out
}

/// Talking points grouped by program, programs in alphabetical order and points
/// without a program last.
pub fn by_program<'a>(
    points: &[&'a TalkingPoint],
) -> Vec<(Option<&'a str>, Vec<&'a TalkingPoint>)> {
    let mut groups: Vec<(Option<&str>, Vec<&TalkingPoint>)> = Vec::new();
    for p in points {
        let program = p.program.as_deref();
        match groups.iter_mut().find(|(g, _)| *g == program) {
            Some((_, list)) => list.push(p),
            None => groups.push((program, vec![p])),
        }
    }
    groups.sort_by(|a, b| match (a.0, b.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => caseless(x).cmp(caseless(y)),
    });
    groups
}

/// `s` compared without ASCII case. Not `to_lowercase`: its Unicode tables would be
/// the largest part of these views in the browser's bundle, for names that sort the
/// same either way.
fn caseless(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.bytes().map(|b| b.to_ascii_lowercase())
}

/// A team's profile in the reader's language, else the default language's, else any.
pub fn team_profile<'a>(
    data: &'a ImpactData,
    team: &str,
    lang: &str,
    default: &str,
) -> Option<&'a Team> {
    let versions = || data.teams.iter().filter(|t| t.team == team);
    versions()
        .find(|t| t.lang == lang)
        .or_else(|| versions().find(|t| t.lang == default))
        .or_else(|| versions().next())
}

/// Every team once (its name in the reader's language), sorted by name.
pub fn team_list<'a>(data: &'a ImpactData, lang: &str, default: &str) -> Vec<&'a Team> {
    let mut names: Vec<&str> = data.teams.iter().map(|t| t.team.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut out: Vec<&Team> = names
        .into_iter()
        .filter_map(|n| team_profile(data, n, lang, default))
        .collect();
    out.sort_by(|a, b| caseless(&a.name).cmp(caseless(&b.name)));
    out
}

/// One metric's figure for a period, with what it means.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure<'a> {
    pub metric: &'a MetricInfo,
    pub value: f64,
    /// The metric's label in the reader's language.
    pub label: &'a str,
    /// "5 full buses of travellers home safe", when an equivalence applies.
    pub equivalence: Option<String>,
}

/// The figures of every metric with a value above 0 in `period`, for a team or the
/// organisation, in the order `site.toml` declares them (`people_helped` first).
pub fn figures<'a>(
    data: &'a ImpactData,
    team: Option<&str>,
    period: Period,
    current: Month,
    lang: &str,
    default: &str,
    number: &dyn Fn(f64) -> String,
) -> Vec<Figure<'a>> {
    data.metrics
        .iter()
        .filter_map(|m| {
            let value = data.value(&m.name, team, period, current);
            (value > 0.0).then(|| Figure {
                metric: m,
                value,
                label: pick(&m.label, lang, default),
                equivalence: first_equivalence(
                    &data.equivalences,
                    &m.name,
                    value,
                    lang,
                    default,
                    number,
                ),
            })
        })
        .collect()
}

fn first_equivalence(
    all: &[Equivalence],
    metric: &str,
    value: f64,
    lang: &str,
    default: &str,
    number: &dyn Fn(f64) -> String,
) -> Option<String> {
    all.iter()
        .filter(|e| e.metric == metric)
        .find_map(|e| e.sentence(value, lang, default, number))
}
