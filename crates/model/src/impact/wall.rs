//! The wall's talking-point and metric slides: what a screen with a given filter
//! shows from the impact data at a moment, figures formatted by the caller.

use super::{month_at, view, ImpactData, Period};
use crate::rotation::{Slide, SlideContent, WallFilter};
use crate::Instant;

/// A talking point on the wall, its figures resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct WallPoint {
    pub text: String,
    pub lang: String,
    pub program: Option<String>,
}

/// One metric this month, with what it means.
#[derive(Clone, Debug, PartialEq)]
pub struct WallMetric {
    /// The metric's name (`contacts_answered`).
    pub metric: String,
    /// The formatted figure ("1,234").
    pub value: String,
    /// The metric's label in the screen's language.
    pub label: String,
    /// "that is 5 full buses …", when an equivalence applies.
    pub equivalence: Option<String>,
    /// The team the figure is for; `None`: the whole organisation.
    pub team: Option<String>,
}

/// The slides the impact data gives a screen with `filter` at `now`: each live
/// talking point for the screen's teams (points without teams are for everyone), and
/// each metric with a value this month, for the screen's teams (a team's playlist
/// shows its own numbers) or else the organisation. None on a screen without
/// evergreen slides.
pub fn impact_slides(
    data: &ImpactData,
    filter: &WallFilter,
    now: Instant,
    default_lang: &str,
    number: &dyn Fn(f64) -> String,
) -> Vec<Slide> {
    if !filter.evergreen {
        return Vec::new();
    }
    let month = month_at(now, &data.month_starts).or_else(|| {
        let last = data.month_starts.last()?;
        (last.starts <= now).then_some(last.month)
    });
    let lang = filter.lang.as_str();
    let teams: Vec<Option<&str>> = if filter.teams.is_empty() {
        vec![None]
    } else {
        filter.teams.iter().map(|t| Some(t.as_str())).collect()
    };
    let mut out: Vec<Slide> = Vec::new();
    for team in &teams {
        for p in view::live_talking_points(data, now, lang, default_lang, *team) {
            let key = format!("point:{}", p.translation_key);
            if out.iter().any(|s| s.key == key) {
                continue;
            }
            let text = match month {
                Some(m) => data.resolve(&p.text, None, m, number),
                None => p.text.clone(),
            };
            out.push(slide(
                key,
                filter,
                SlideContent::TalkingPoint(WallPoint {
                    text,
                    lang: p.lang.clone(),
                    program: p.program.clone(),
                }),
            ));
        }
    }
    let Some(month) = month else {
        return out;
    };
    for team in teams {
        for f in view::figures(
            data,
            team,
            Period::ThisMonth,
            month,
            lang,
            default_lang,
            number,
        ) {
            let key = format!("metric:{}:{}", f.metric.name, team.unwrap_or(""));
            out.push(slide(
                key,
                filter,
                SlideContent::Metric(WallMetric {
                    metric: f.metric.name.clone(),
                    value: number(f.value),
                    label: f.label.to_string(),
                    equivalence: f.equivalence,
                    team: team.map(str::to_string),
                }),
            ));
        }
    }
    out
}

fn slide(key: String, filter: &WallFilter, content: SlideContent) -> Slide {
    Slide {
        key,
        seconds: filter.slide_seconds,
        content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::impact::{MetricInfo, Month, MonthStart, MonthValue, TalkingPoint};
    use crate::rfc3339::parse_datetime;

    fn filter(teams: &[&str], evergreen: bool) -> WallFilter {
        WallFilter {
            kinds: Vec::new(),
            tags: Vec::new(),
            teams: teams.iter().map(|t| t.to_string()).collect(),
            lang: "en".into(),
            slide_seconds: 12,
            evergreen,
            unknown_playlist: None,
        }
    }

    fn data() -> ImpactData {
        let month = |m| Month::new(2026, m).expect("month");
        let value = |team: &str, v| MonthValue {
            metric: "calls".into(),
            team: Some(team.into()),
            month: month(11),
            value: v,
        };
        let point = |key: &str, teams: &[&str]| TalkingPoint {
            slug: key.into(),
            lang: "en".into(),
            translation_key: key.into(),
            text: format!("{key}: {{calls.this_month}} calls"),
            program: None,
            teams: teams.iter().map(|t| t.to_string()).collect(),
            source: None,
            schedule: Default::default(),
            background_html: String::new(),
        };
        ImpactData {
            metrics: vec![MetricInfo {
                name: "calls".into(),
                label: [("en".to_string(), "calls".to_string())].into(),
                unit: Default::default(),
            }],
            month_starts: [(11, "2026-10-31T23:00:00Z"), (12, "2026-11-30T23:00:00Z")]
                .into_iter()
                .map(|(m, s)| MonthStart {
                    month: month(m),
                    starts: parse_datetime(s).expect("instant"),
                })
                .collect(),
            values: vec![value("phones", 1200.0), value("chat", 34.0)],
            talking_points: vec![point("all", &[]), point("chat-only", &["chat"])],
            ..Default::default()
        }
    }

    fn now() -> Instant {
        parse_datetime("2026-11-25T10:00:00Z").expect("instant")
    }

    #[test]
    fn a_screen_shows_points_and_this_months_figures() {
        let number = |v: f64| format!("{v}");
        let slides = impact_slides(&data(), &filter(&[], true), now(), "en", &number);
        let keys: Vec<&str> = slides.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["point:all", "point:chat-only", "metric:calls:"]);
        match &slides[0].content {
            SlideContent::TalkingPoint(p) => assert_eq!(p.text, "all: 1234 calls"),
            other => panic!("a talking point, not {other:?}"),
        }
        match &slides[2].content {
            SlideContent::Metric(m) => {
                assert_eq!((m.value.as_str(), m.team.as_deref()), ("1234", None))
            }
            other => panic!("a metric, not {other:?}"),
        }
    }

    #[test]
    fn a_teams_screen_shows_its_own_numbers_and_points() {
        let number = |v: f64| format!("{v}");
        let slides = impact_slides(&data(), &filter(&["phones"], true), now(), "en", &number);
        let keys: Vec<&str> = slides.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["point:all", "metric:calls:phones"]);
        match &slides[1].content {
            SlideContent::Metric(m) => assert_eq!(m.value, "1200"),
            other => panic!("a metric, not {other:?}"),
        }
        assert!(impact_slides(&data(), &filter(&[], false), now(), "en", &number).is_empty());
    }
}
