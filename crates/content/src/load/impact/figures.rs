//! The rules that tie impact files to the rest: `{metric.period}` figures in talking
//! points (and stories' `talking_point`), `source` stories, and team names.

use std::path::Path;

use super::super::cross_file::value_position;
use super::super::fields::{did_you_mean, Pos};
use super::super::site::{SiteContext, SITE_FILE};
use crate::diagnostics::Diagnostic;
use crate::{Document, Item};
use impactwall_model::impact::{pieces, Period, Piece};

/// Names other files may refer to.
pub struct Refs<'a> {
    pub root: &'a Path,
    pub ctx: &'a SiteContext,
    pub metrics: &'a [&'a str],
    pub teams: &'a [&'a str],
    /// Slugs of every story, any language.
    pub stories: Vec<&'a str>,
    /// Whether the site has a `teams/` folder: only then are team names checked.
    pub check_teams: bool,
}

fn suggestion(word: &str, candidates: &[&str], otherwise: String) -> String {
    match did_you_mean(word, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => otherwise,
    }
}

/// Reports every unknown `{metric.period}` in `text`, written at `pos` (the opening
/// quote of a one-line string).
pub fn check_text(refs: &Refs<'_>, file: &Path, pos: Pos, text: &str, diags: &mut Vec<Diagnostic>) {
    for piece in pieces(text) {
        let Piece::Figure {
            metric,
            period,
            raw,
            at,
        } = piece
        else {
            continue;
        };
        let col = pos.col + 1 + text[..at].chars().count();
        if !refs.metrics.contains(&metric) {
            let hint = suggestion(
                metric,
                refs.metrics,
                format!(
                    "known metrics: {} (declare others as [metrics.{metric}] in site.toml)",
                    refs.metrics.join(", ")
                ),
            );
            diags.push(
                Diagnostic::error(
                    "unknown-figure",
                    file,
                    format!("`{raw}`: `{metric}` is not a metric"),
                )
                .at(pos.line, col)
                .hint(hint),
            );
        } else if Period::parse(period).is_none() {
            let hint = suggestion(
                period,
                &Period::NAMES,
                format!("use one of: {}", Period::NAMES.join(", ")),
            );
            diags.push(
                Diagnostic::error(
                    "unknown-figure",
                    file,
                    format!("`{raw}`: `{period}` is not a period"),
                )
                .at(pos.line, col + metric.chars().count() + 2)
                .hint(hint),
            );
        }
    }
}

/// `source` must name a story.
pub fn check_source(
    refs: &Refs<'_>,
    file: &Path,
    pos: Pos,
    source: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if refs.stories.contains(&source) {
        return;
    }
    let hint = suggestion(
        source,
        &refs.stories,
        "write the slug of a story: its file name without .md".into(),
    );
    diags.push(
        Diagnostic::error(
            "unknown-source",
            file,
            format!("`source`: there is no story `{source}`"),
        )
        .at(pos.line, pos.col)
        .hint(hint),
    );
}

/// A team name used somewhere: a warning when `teams/` has no file for it.
pub fn check_team(refs: &Refs<'_>, file: &Path, pos: Pos, team: &str, diags: &mut Vec<Diagnostic>) {
    if !refs.check_teams || refs.teams.contains(&team) {
        return;
    }
    let hint = suggestion(
        team,
        refs.teams,
        format!("add teams/{team}.md so the team has a page"),
    );
    diags.push(
        Diagnostic::warning(
            "missing-team",
            file,
            format!("there is no team `{team}` in teams/"),
        )
        .at(pos.line, pos.col)
        .hint(hint),
    );
}

/// Figures in stories' `talking_point`, and the teams of stories and thank-you messages.
pub fn check_documents(refs: &Refs<'_>, documents: &[Document], diags: &mut Vec<Diagnostic>) {
    let max = refs.ctx.limits.max_file_bytes;
    for doc in documents {
        if let Item::Story(s) = &doc.item {
            if let Some(tp) = &s.talking_point {
                let pos = value_position(refs.root, &doc.path, "talking_point", max);
                check_text(refs, &doc.path, pos, tp, diags);
            }
        }
        if let Some(team) = &doc.item.meta().team {
            if refs.check_teams && !refs.teams.contains(&team.as_str()) {
                let pos = value_position(refs.root, &doc.path, "team", max);
                check_team(refs, &doc.path, Pos::new(pos.line, pos.col), team, diags);
            }
        }
    }
}

/// Teams named by wall playlists.
pub fn check_playlists(refs: &Refs<'_>, playlist_teams: &[String], diags: &mut Vec<Diagnostic>) {
    let file = Path::new(SITE_FILE);
    for team in playlist_teams {
        if refs.check_teams && !refs.teams.contains(&team.as_str()) {
            let pos = value_position(refs.root, file, "teams", refs.ctx.limits.max_file_bytes);
            check_team(refs, file, pos, team, diags);
        }
    }
}
