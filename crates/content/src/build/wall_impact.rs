//! The impact data in the wall feeds: each feed (`data/wall.json`, one per playlist)
//! gets the metrics, equivalences and the talking points its screens may show, so a
//! wall shows talking-point and metric slides from the one file it already fetches
//! (and keeps showing them offline, from its saved copy).

use std::collections::BTreeMap;

use impactwall_model::impact::ImpactData;
use impactwall_model::rotation::{WallFilter, WallQuery};
use impactwall_model::{Instant, SiteInfo};

use super::impact::IMPACT_JSON;
use super::OutputFile;
use crate::diagnostics::Diagnostic;

/// Adds each wall feed's share of `data/impact.json` to it (in place).
pub(super) fn add_to_feeds(
    files: &mut BTreeMap<String, OutputFile>,
    site: &SiteInfo,
    now: Instant,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(data) = files
        .get(IMPACT_JSON)
        .and_then(|f| serde_json::from_slice::<ImpactData>(&f.bytes).ok())
    else {
        return;
    };
    let feeds: Vec<(String, Option<String>)> = files
        .keys()
        .filter_map(|path| {
            if path == "data/wall.json" {
                return Some((path.clone(), None));
            }
            let name = path.strip_prefix("data/wall/")?.strip_suffix(".json")?;
            Some((path.clone(), Some(name.to_string())))
        })
        .collect();
    for (path, playlist) in feeds {
        let query = WallQuery {
            playlist,
            ..WallQuery::default()
        };
        let filter = WallFilter::resolve(site, &query);
        let share = for_screen(&data, &filter, now);
        let patched = files.get(&path).and_then(|f| with_impact(&f.bytes, &share));
        match patched {
            Some(bytes) => {
                files.insert(path, OutputFile::new(bytes));
            }
            None => diags.push(Diagnostic::error(
                "build-failed",
                "site.toml",
                format!("could not add the impact data to {path}"),
            )),
        }
    }
}

/// What a screen with `filter` may need: no team profiles, and only the talking
/// points for its teams that have not expired.
fn for_screen(data: &ImpactData, filter: &WallFilter, now: Instant) -> ImpactData {
    let for_teams = |teams: &[String]| {
        filter.teams.is_empty()
            || teams.is_empty()
            || teams.iter().any(|t| filter.teams.contains(t))
    };
    ImpactData {
        teams: Vec::new(),
        talking_points: data
            .talking_points
            .iter()
            .filter(|t| t.schedule.expires_at.is_none_or(|e| e > now) && for_teams(&t.teams))
            .map(|t| impactwall_model::impact::TalkingPoint {
                background_html: String::new(),
                ..t.clone()
            })
            .collect(),
        ..data.clone()
    }
}

/// The feed's JSON with an `impact` member (every other member as it was written).
fn with_impact(feed: &[u8], impact: &ImpactData) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(feed).ok()?;
    let object = value.as_object_mut()?;
    object.insert("impact".into(), serde_json::to_value(impact).ok()?);
    serde_json::to_vec(&value).ok()
}
