//! `teams/<team>.md`: who a team is, where and when it works, and (with consent) who
//! is in it. `<team>.<lang>.md` is the same team in another language.

use std::path::Path;

use super::super::fields::{Reader, Text};
use super::super::media::{self, MediaKind};
use super::super::site::{zone_of, SiteContext};
use super::super::slug;
use super::header;
use super::{MemberSource, TeamSource};
use crate::diagnostics::Diagnostic;
use impactwall_model::Image;

/// A team file's keys, in the order `docs/content.md` lists them (the desk writes them so).
pub const TEAM_KEYS: [&str; 7] = [
    "name",
    "languages",
    "timezone",
    "hours",
    "photo",
    "photo_alt",
    "members",
];
/// A `[[members]]` entry's keys, in the documented order.
pub const MEMBER_KEYS: [&str; 6] = ["name", "role", "about", "photo", "photo_alt", "consent"];
const START: &str =
    "a line `+++`, then `name = \"The phone team\"`, then `+++`, then a few lines about the team";

pub fn load_all(root: &Path, ctx: &SiteContext, diags: &mut Vec<Diagnostic>) -> Vec<TeamSource> {
    let mut out = Vec::new();
    for rel in header::files_in(root, "teams", diags) {
        if let Some(t) = load_one(root, ctx, &rel, diags) {
            out.push(t);
        }
    }
    out
}

fn load_one(
    root: &Path,
    ctx: &SiteContext,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<TeamSource> {
    let parsed = header::read(root, ctx, rel, START, diags)?;
    let (team, lang) = header::stem_and_lang(rel, ctx);
    if !slug::is_valid(&team) {
        diags.push(
            Diagnostic::error("bad-slug", rel, format!("`{team}` cannot be a team name"))
                .hint("name the file with lower-case letters, digits and hyphens, as the team is written in stories: teams/night-shift.md"),
        );
    }
    let mut r = Reader {
        table: &parsed.table,
        file: rel,
        anchor: parsed.fence,
        max_chars: ctx.limits.max_field_chars,
        diags,
    };
    r.unknown_keys(&TEAM_KEYS, &[]);
    let name = r.required_text("name", "The phone team");
    let languages = r.string_values("languages");
    let timezone = r
        .text("timezone")
        .and_then(|t| zone_of(&mut r, &t))
        .map(|(_, n)| n);
    let hours = r.text("hours").map(|t| t.value);
    let photo = read_photo(&mut r, root, ctx, "photo", "photo_alt");
    let mut members = Vec::new();
    for (t, pos) in r.tables("members").unwrap_or_default() {
        let mut mr = r.nested(t, pos);
        members.extend(read_member(&mut mr, root, ctx));
    }
    if !slug::is_valid(&team) {
        return None;
    }
    Some(TeamSource {
        path: rel.to_path_buf(),
        team,
        lang: lang.unwrap_or_else(|| ctx.default_language.clone()),
        name: name?.value,
        description: parsed.body,
        languages,
        timezone,
        hours,
        photo: photo?,
        members,
    })
}

fn read_member(r: &mut Reader<'_>, root: &Path, ctx: &SiteContext) -> Option<MemberSource> {
    r.unknown_keys(&MEMBER_KEYS, &[]);
    let name = r.required_text("name", "Joost");
    let role = r.text("role").map(|t| t.value);
    let about = r.text("about").map(|t| t.value);
    let photo = read_photo(r, root, ctx, "photo", "photo_alt");
    let consent = r.bool("consent").unwrap_or(false);
    Some(MemberSource {
        name: name?.value,
        role,
        about,
        photo: photo?,
        consent,
    })
}

/// An optional photo and its required alt text: `Some(None)` without a photo, `None`
/// when it is unusable.
fn read_photo(
    r: &mut Reader<'_>,
    root: &Path,
    ctx: &SiteContext,
    key: &str,
    alt_key: &str,
) -> Option<Option<Image>> {
    let (photo, alt): (Option<Text>, Option<Text>) = (r.text(key), r.text(alt_key));
    let Some(photo) = photo else {
        return Some(None);
    };
    let src = match media::resolve(
        root,
        &photo.value,
        MediaKind::Image,
        ctx.limits.max_media_bytes,
    ) {
        Ok(src) => Some(src),
        Err(p) => {
            r.error(p.code, photo.pos, p.message).hint = p.hint;
            None
        }
    };
    let Some(alt) = alt else {
        r.error(
            "missing-alt",
            photo.pos,
            format!("`{key}` needs `{alt_key}`: a short description for screen readers"),
        )
        .expected = Some(format!(
            "{alt_key} = \"The phone team around the big table\""
        ));
        return None;
    };
    src.map(|src| {
        Some(Image {
            src,
            alt: alt.value,
        })
    })
}
