//! The talking-point and team pages: which exist (one per team with a profile, in
//! every language), what their `<head>` says, and the impact data they are built from.

use super::{decode, lang_prefix, Head, PageSpec, PrerenderError};
use crate::i18n::{t, Key, Lang};
use impactwall_model::impact::{view, ImpactData};
use impactwall_model::Index;

/// `data/impact.json`, if the build wrote it (a site without talking points, teams or
/// metrics still has one; an older build output may not).
pub fn read_impact(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Result<Option<ImpactData>, PrerenderError> {
    const FILE: &str = "data/impact.json";
    if read(FILE).is_none() {
        return Ok(None);
    }
    decode(read, FILE).map(Some)
}

/// The pages' paths without a language prefix: `/talking-points`, `/teams` and one
/// `/teams/<team>` per team with a profile.
pub fn pages(impact: Option<&ImpactData>) -> Vec<String> {
    let Some(impact) = impact else {
        return Vec::new();
    };
    let mut teams: Vec<&str> = impact.teams.iter().map(|t| t.team.as_str()).collect();
    teams.sort_unstable();
    teams.dedup();
    ["/talking-points".to_string(), "/teams".to_string()]
        .into_iter()
        .chain(teams.into_iter().map(|t| format!("/teams/{t}")))
        .collect()
}

/// Does the site have the page `rest` (a path without language prefix)?
pub fn has_page(impact: Option<&ImpactData>, rest: &str) -> bool {
    let rest = rest.trim_end_matches('/');
    pages(impact).iter().any(|p| p == rest)
}

/// The head of a talking-point or team page; `None` for any other page.
pub fn head(index: &Index, impact: Option<&ImpactData>, spec: &PageSpec) -> Option<Head> {
    if spec.detail.is_some() {
        return None;
    }
    let site = &index.site;
    let lang = Lang::from_tag(&spec.lang).unwrap_or_default();
    let name = site.name_in(&spec.lang);
    let rest = spec
        .path
        .strip_prefix(&lang_prefix(index, &spec.lang))
        .unwrap_or(&spec.path);
    let (title, description) = match rest {
        "/talking-points" => (
            t(lang, Key::TalkingPointsTitle).to_string(),
            t(lang, Key::TalkingPointsLead).to_string(),
        ),
        "/teams" => (
            t(lang, Key::TeamsTitle).to_string(),
            t(lang, Key::TeamsLead).to_string(),
        ),
        r => {
            let team = r.strip_prefix("/teams/")?;
            let profile = view::team_profile(impact?, team, &spec.lang, &site.default_language)?;
            let text = crate::pages::impact_view::html_text(&profile.description_html);
            (profile.name.clone(), text)
        }
    };
    Some(Head {
        title: format!("{title} · {name}"),
        description: super::head::clip(&description),
        image: (site.logo.as_ref()).map(|l| super::head::absolute(&site.base_url, &l.src)),
        og_type: "website",
    })
}
