//! Impact metrics, equivalences, teams and talking points: `[metrics.*]` and
//! `[[equivalences]]` in `site.toml`, `metrics/*.csv`, `teams/*.md` and
//! `talking-points/*.md`, each checked with positions, then the rules that tie them
//! to the stories (figures in text, team names, `source`).

mod declared;
mod figures;
mod header;
pub mod rows;
mod talking_points;
mod teams;

/// The keys each file kind accepts, in the documented order.
pub use talking_points::KEYS as TALKING_POINT_KEYS;
pub use teams::{MEMBER_KEYS, TEAM_KEYS};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::site::SiteContext;
use crate::diagnostics::Diagnostic;
use crate::{Document, Item};
use impactwall_model::impact::{Equivalence, MetricInfo, Month};
use impactwall_model::{Image, Schedule};

/// Folders read by this module rather than as items.
pub const DIRS: [&str; 3] = ["metrics", "teams", "talking-points"];

/// Everything this module loads, before rendering.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ImpactSource {
    /// Declared in `site.toml`, plus the built-in `people_helped`.
    pub metrics: Vec<MetricInfo>,
    pub equivalences: Vec<Equivalence>,
    /// CSV values summed per (metric, team, month); team `None` is the organisation.
    pub values: BTreeMap<(String, Option<String>, Month), f64>,
    pub teams: Vec<TeamSource>,
    pub talking_points: Vec<TalkingPointSource>,
    /// Files read: teams, talking points and CSV files.
    pub files: usize,
}

/// A member as written; only those with `consent = true` are published.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberSource {
    pub name: String,
    pub role: Option<String>,
    pub about: Option<String>,
    /// Content-relative path until the build hashes it.
    pub photo: Option<Image>,
    pub consent: bool,
}

/// `teams/<team>.md` (or `<team>.<lang>.md`). The description is the Markdown body.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamSource {
    pub path: PathBuf,
    pub team: String,
    pub lang: String,
    pub name: String,
    pub description: String,
    pub languages: Vec<String>,
    pub timezone: Option<String>,
    pub hours: Option<String>,
    pub photo: Option<Image>,
    pub members: Vec<MemberSource>,
}

/// `talking-points/<slug>.md`. The background is the Markdown body.
#[derive(Clone, Debug, PartialEq)]
pub struct TalkingPointSource {
    pub path: PathBuf,
    pub slug: String,
    pub lang: String,
    pub translation_key: String,
    pub text: String,
    pub program: Option<String>,
    pub teams: Vec<String>,
    pub source: Option<String>,
    pub schedule: Schedule,
    pub draft: bool,
    pub background: String,
}

/// Loads and checks the impact files of `root`; `documents` are the items already
/// loaded (for figures in stories' talking points and the team names they use).
pub fn load(
    root: &Path,
    ctx: &SiteContext,
    documents: &[Document],
    playlist_teams: &[String],
    diags: &mut Vec<Diagnostic>,
) -> ImpactSource {
    let (metrics, equivalences) = declared::read(root, ctx, diags);
    let teams = teams::load_all(root, ctx, diags);
    let team_names: Vec<&str> = teams.iter().map(|t| t.team.as_str()).collect();
    let metric_names: Vec<&str> = metrics.iter().map(|m| m.name.as_str()).collect();
    let (values, csv_files) = rows::load_all(root, ctx, &metric_names, &team_names, diags);
    let refs = figures::Refs {
        root,
        ctx,
        metrics: &metric_names,
        teams: &team_names,
        stories: documents
            .iter()
            .filter(|d| matches!(d.item, Item::Story(_)))
            .map(|d| d.item.meta().slug.as_str())
            .collect(),
        check_teams: root.join("teams").is_dir(),
    };
    let talking_points = talking_points::load_all(&refs, diags);
    check_translations(root, ctx, &talking_points, diags);
    figures::check_documents(&refs, documents, diags);
    figures::check_playlists(&refs, playlist_teams, diags);
    let files = csv_files
        + ["teams", "talking-points"]
            .iter()
            .map(|d| header::files_in(root, d, &mut Vec::new()).len())
            .sum::<usize>();
    ImpactSource {
        metrics,
        equivalences,
        values,
        teams,
        talking_points,
        files,
    }
}

/// A translated talking point must have its original (`<slug>.md`, or the one
/// `translation_of` names).
fn check_translations(
    root: &Path,
    ctx: &SiteContext,
    points: &[TalkingPointSource],
    diags: &mut Vec<Diagnostic>,
) {
    let slugs: Vec<&str> = points.iter().map(|p| p.slug.as_str()).collect();
    for p in points.iter().filter(|p| p.translation_key != p.slug) {
        if slugs.contains(&p.translation_key.as_str()) {
            continue;
        }
        let pos = super::cross_file::value_position(
            root,
            &p.path,
            "translation_of",
            ctx.limits.max_file_bytes,
        );
        let others: Vec<&str> = slugs.iter().copied().filter(|s| *s != p.slug).collect();
        let hint = match super::fields::did_you_mean(&p.translation_key, &others) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "add talking-points/{}.md in the site's default language",
                p.translation_key
            ),
        };
        diags.push(
            Diagnostic::error(
                "bad-translation",
                &p.path,
                format!(
                    "there is no talking point `{}` to translate",
                    p.translation_key
                ),
            )
            .at(pos.line, pos.col)
            .hint(hint),
        );
    }
}

/// The stories' own talking points, as talking points.
pub fn story_talking_points(documents: &[Document]) -> Vec<TalkingPointSource> {
    documents
        .iter()
        .filter(|d| !d.draft)
        .filter_map(|d| match &d.item {
            Item::Story(s) => s.talking_point.as_ref().map(|text| TalkingPointSource {
                path: d.path.clone(),
                slug: format!("story-{}", s.meta.slug),
                lang: s.meta.lang.clone(),
                translation_key: format!("story-{}", s.meta.translation_key),
                text: text.clone(),
                program: s.program.clone(),
                teams: s.meta.team.iter().cloned().collect(),
                source: Some(s.meta.slug.clone()),
                schedule: s.meta.schedule.clone(),
                draft: false,
                background: String::new(),
            }),
            _ => None,
        })
        .collect()
}
