//! The desk's list: every item, team and talking point with its state now, whether it
//! shows on wall screens (and why not), its language versions and its problems.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use impactwall_content::load::load_and_check_at;
use impactwall_content::{Diagnostic, Item};
use impactwall_model::{Instant, Schedule};

use super::store::{self, DeskKind, FieldProblem};

/// One row of the desk's list.
#[derive(Debug, Serialize)]
pub struct Row {
    pub kind: DeskKind,
    /// The file name without `.md`: what `/desk/api/items/{kind}/{slug}` takes.
    pub slug: String,
    pub path: String,
    pub title: String,
    pub lang: String,
    /// Every language version of the item (this one included).
    pub languages: Vec<Version>,
    /// `draft`, `scheduled`, `live` or `expired`, now.
    pub state: &'static str,
    pub on_wall: bool,
    /// Why it is not on wall screens: `draft`, `not live`, `no consent`, `wall = false`.
    pub not_on_wall: Vec<&'static str>,
    pub problems: Vec<FieldProblem>,
}

/// One language version of an item.
#[derive(Clone, Debug, Serialize)]
pub struct Version {
    pub lang: String,
    pub slug: String,
}

/// What a row is made from.
struct Source<'a> {
    kind: DeskKind,
    path: &'a Path,
    title: String,
    lang: &'a str,
    /// Shared by the language versions of one item.
    translation_key: &'a str,
    state: &'static str,
    not_on_wall: Vec<&'static str>,
}

/// `draft`, `scheduled`, `live` or `expired` at `at`.
pub fn state_at(draft: bool, schedule: &Schedule, at: Instant) -> &'static str {
    if draft {
        "draft"
    } else if schedule.publish_at.is_some_and(|p| p > at) {
        "scheduled"
    } else if schedule.has_expired_at(at) {
        "expired"
    } else {
        "live"
    }
}

fn item_source(doc: &impactwall_content::Document, at: Instant) -> Source<'_> {
    let meta = doc.item.meta();
    let (kind, title) = match &doc.item {
        Item::Story(s) => (DeskKind::Stories, s.title.clone()),
        Item::Thanks(t) => (DeskKind::Thanks, t.from.clone()),
        Item::Event(e) => (DeskKind::Events, e.title.clone()),
    };
    let state = state_at(doc.draft, &meta.schedule, at);
    let mut not_on_wall = Vec::new();
    if state != "live" {
        not_on_wall.push(if doc.draft { "draft" } else { "not live" });
    }
    // Events name no one, so they need no consent (as on the wall itself).
    if kind != DeskKind::Events && !meta.consent {
        not_on_wall.push("no consent");
    }
    if !meta.wall {
        not_on_wall.push("wall = false");
    }
    Source {
        kind,
        path: &doc.path,
        title,
        lang: &meta.lang,
        translation_key: &meta.translation_key,
        state,
        not_on_wall,
    }
}

/// Every item, team and talking point of `root`, as `check` sees it at `at`.
pub fn rows(root: &Path, at: Instant) -> Vec<Row> {
    let checked = load_and_check_at(root, at);
    let diags = checked.report.diagnostics;
    let Some(project) = checked.report.project else {
        return Vec::new();
    };
    let mut sources: Vec<Source<'_>> = project
        .documents
        .iter()
        .map(|d| item_source(d, at))
        .collect();
    sources.extend(project.impact.talking_points.iter().map(|t| Source {
        kind: DeskKind::TalkingPoints,
        path: &t.path,
        title: t.text.clone(),
        lang: &t.lang,
        translation_key: &t.translation_key,
        state: state_at(t.draft, &t.schedule, at),
        not_on_wall: vec!["talking points are not shown on wall screens"],
    }));
    sources.extend(project.impact.teams.iter().map(|t| Source {
        kind: DeskKind::Teams,
        path: &t.path,
        title: t.name.clone(),
        lang: &t.lang,
        translation_key: &t.team,
        state: "live",
        not_on_wall: vec!["teams are not shown on wall screens"],
    }));
    let mut versions: BTreeMap<(&str, &str), Vec<Version>> = BTreeMap::new();
    for s in &sources {
        versions
            .entry((s.kind.dir(), s.translation_key))
            .or_default()
            .push(Version {
                lang: s.lang.to_owned(),
                slug: slug_of(s.path),
            });
    }
    sources
        .iter()
        .map(|s| {
            let languages = versions
                .get(&(s.kind.dir(), s.translation_key))
                .cloned()
                .unwrap_or_default();
            row(root, s, languages, &diags)
        })
        .collect()
}

fn slug_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .map(|n| n.strip_suffix(".md").unwrap_or(&n).to_owned())
        .unwrap_or_default()
}

fn row(root: &Path, s: &Source<'_>, languages: Vec<Version>, diags: &[Diagnostic]) -> Row {
    let rel = s.path.to_string_lossy().replace('\\', "/");
    let mine: Vec<&Diagnostic> = diags.iter().filter(|d| d.file == s.path).collect();
    // The file's text places each problem next to its field.
    let text = if mine.is_empty() {
        None
    } else {
        std::fs::read_to_string(root.join(&rel)).ok()
    };
    Row {
        kind: s.kind,
        slug: slug_of(s.path),
        path: rel,
        title: s.title.clone(),
        lang: s.lang.to_owned(),
        languages,
        state: s.state,
        on_wall: s.not_on_wall.is_empty(),
        not_on_wall: s.not_on_wall.clone(),
        problems: mine
            .iter()
            .map(|d| store::place(d, text.as_deref()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_follow_draft_and_the_publication_window() {
        let at = |s: &str| impactwall_model::rfc3339::parse_datetime(s).expect("instant");
        let window = Schedule {
            publish_at: Some(at("2027-03-01T09:00:00Z")),
            expires_at: Some(at("2027-04-01T00:00:00Z")),
        };
        assert_eq!(state_at(true, &window, at("2027-03-10T00:00:00Z")), "draft");
        assert_eq!(
            state_at(false, &window, at("2027-02-28T00:00:00Z")),
            "scheduled"
        );
        assert_eq!(state_at(false, &window, at("2027-03-01T09:00:00Z")), "live");
        assert_eq!(
            state_at(false, &window, at("2027-04-01T00:00:00Z")),
            "expired"
        );
        let always = Schedule::default();
        assert_eq!(state_at(false, &always, at("2000-01-01T00:00:00Z")), "live");
    }
}
