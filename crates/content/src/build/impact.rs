//! `data/impact.json`: metrics summed per team and month, equivalences, the instants
//! the site's months start, teams (Markdown rendered, photos hashed, members only
//! with consent) and live-able talking points (the files' and the stories').

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Tz;

use super::{render_markdown, MediaStore, OutputFile};
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::load::impact::{story_talking_points, MemberSource, TalkingPointSource, TeamSource};
use crate::{Item, Limits, Project};
use impactwall_model::impact::{
    ImpactData, Member, Month, MonthStart, MonthValue, TalkingPoint, Team, PEOPLE_HELPED,
};
use impactwall_model::{Image, Instant};

/// Months published after the build's own: the figures stay right this long
/// without a rebuild.
const MONTHS_AHEAD: u32 = 36;

/// The output path of the impact data.
pub const IMPACT_JSON: &str = "data/impact.json";

/// The impact data and the media it publishes.
pub(super) fn files(
    project: &Project,
    media: &MediaStore,
    now: Instant,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, OutputFile)> {
    let zone = dates::parse_zone(&project.site.info.timezone).unwrap_or(Tz::UTC);
    let source = &project.impact;
    let mut out = Vec::new();
    let mut r = Renderer {
        limits: &project.site.limits,
        media,
        files: &mut out,
        diags,
    };
    let values = month_values(project, zone);
    let month_starts = month_starts(&values, now, zone);
    let mut points: Vec<&TalkingPointSource> =
        source.talking_points.iter().filter(|t| !t.draft).collect();
    let from_stories = story_talking_points(&project.documents);
    points.extend(from_stories.iter());
    let data = ImpactData {
        metrics: source.metrics.clone(),
        equivalences: source.equivalences.clone(),
        month_starts,
        values,
        teams: source.teams.iter().map(|t| r.team(t)).collect(),
        talking_points: points.into_iter().map(|t| r.talking_point(t)).collect(),
    };
    match serde_json::to_vec(&data) {
        Ok(bytes) => out.push((IMPACT_JSON.to_owned(), OutputFile::new(bytes))),
        Err(e) => diags.push(Diagnostic::error("internal", IMPACT_JSON, e.to_string())),
    }
    out
}

/// The local month of an instant in the site's zone.
fn month_of(at: Instant, zone: Tz) -> Month {
    let local = at.with_timezone(&zone);
    Month {
        year: local.year(),
        month: local.month(),
    }
}

/// The CSV values, plus `people_helped` from the published stories: per team, and
/// for the organisation as a whole (every story, with a team or without).
fn month_values(project: &Project, zone: Tz) -> Vec<MonthValue> {
    let mut sums: BTreeMap<(String, Option<String>, Month), f64> = project.impact.values.clone();
    let mut stories: BTreeMap<(Option<String>, Month), f64> = BTreeMap::new();
    for doc in project.documents.iter().filter(|d| !d.draft) {
        if let Item::Story(s) = &doc.item {
            let month = month_of(s.meta.date, zone);
            let n = s.people_helped as f64;
            *stories.entry((None, month)).or_default() += n;
            if let Some(team) = &s.meta.team {
                *stories.entry((Some(team.clone()), month)).or_default() += n;
            }
        }
    }
    for ((team, month), n) in stories {
        *sums
            .entry((PEOPLE_HELPED.to_owned(), team, month))
            .or_default() += n;
    }
    sums.into_iter()
        .map(|((metric, team, month), value)| MonthValue {
            metric,
            team,
            month,
            value,
        })
        .collect()
}

/// The instant each month starts in `zone`, from the first month with data (or the
/// build's) to [`MONTHS_AHEAD`] months after the build's.
fn month_starts(values: &[MonthValue], now: Instant, zone: Tz) -> Vec<MonthStart> {
    let current = month_of(now, zone);
    let first = values
        .iter()
        .map(|v| v.month)
        .min()
        .unwrap_or(current)
        .min(current);
    let Some(mut day) = NaiveDate::from_ymd_opt(first.year, first.month, 1) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    loop {
        let month = Month {
            year: day.year(),
            month: day.month(),
        };
        out.push(MonthStart {
            month,
            starts: dates::start_of_day(day, zone).with_timezone(&chrono::Utc),
        });
        let ahead = (month.year - current.year) * 12 + month.month as i32 - current.month as i32;
        match day.checked_add_months(Months::new(1)) {
            Some(next) if ahead <= MONTHS_AHEAD as i32 => day = next,
            _ => break,
        }
    }
    out
}

/// Renders Markdown and publishes photos, collecting files and problems.
struct Renderer<'a> {
    limits: &'a Limits,
    media: &'a MediaStore,
    files: &'a mut Vec<(String, OutputFile)>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Renderer<'_> {
    fn markdown(&mut self, file: &Path, text: &str) -> String {
        let (rendered, published, _) = render_markdown(text, self.limits, self.media);
        self.files
            .extend(published.into_iter().map(|p| (p.out_path, p.file)));
        match rendered {
            Ok(r) => r.html,
            Err(e) => {
                self.diags
                    .push(Diagnostic::error("too-long", file, e.to_string()));
                String::new()
            }
        }
    }

    fn photo(&mut self, file: &Path, image: &Option<Image>) -> Option<Image> {
        let image = image.as_ref()?;
        match self.media.publish(&image.src, self.limits.max_media_bytes) {
            Ok(p) => {
                self.files.push((p.out_path, p.file));
                Some(Image {
                    src: p.url,
                    alt: image.alt.clone(),
                })
            }
            Err(e) => {
                self.diags
                    .push(Diagnostic::error(e.code(), file, format!("photo: {e}")));
                None
            }
        }
    }

    fn member(&mut self, file: &Path, m: &MemberSource) -> Member {
        Member {
            name: m.name.clone(),
            role: m.role.clone(),
            about: m.about.clone(),
            photo: self.photo(file, &m.photo),
        }
    }

    fn team(&mut self, t: &TeamSource) -> Team {
        Team {
            team: t.team.clone(),
            lang: t.lang.clone(),
            name: t.name.clone(),
            description_html: self.markdown(&t.path, &t.description),
            languages: t.languages.clone(),
            timezone: t.timezone.clone(),
            hours: t.hours.clone(),
            photo: self.photo(&t.path, &t.photo),
            // Only people who agreed are named.
            members: t
                .members
                .iter()
                .filter(|m| m.consent)
                .map(|m| self.member(&t.path, m))
                .collect(),
        }
    }

    fn talking_point(&mut self, t: &TalkingPointSource) -> TalkingPoint {
        TalkingPoint {
            slug: t.slug.clone(),
            lang: t.lang.clone(),
            translation_key: t.translation_key.clone(),
            text: t.text.clone(),
            program: t.program.clone(),
            teams: t.teams.clone(),
            source: t.source.clone(),
            schedule: t.schedule.clone(),
            background_html: self.markdown(&t.path, &t.background),
        }
    }
}
