//! `content/site.toml`: the organisation, its languages, zone, theme, limits and wall.

use std::path::Path;

use chrono_tz::Tz;

use super::fields::{parse_toml, Pos, Reader, Table, Text};
use super::media::{self, MediaKind};
use super::urls;
use crate::content::diagnostics::Diagnostic;
use crate::content::front_matter::decode;
use crate::content::{dates, Limits, SiteSource};
use crate::model::{
    parse_hhmm, weekday_index, Image, Kind, Playlist, QuietHours, SiteInfo, SiteTranslation, Theme,
    WallConfig,
};

pub const SITE_FILE: &str = "site.toml";

const TOP_KEYS: [&str; 15] = [
    "name",
    "mission",
    "mission_long",
    "impact",
    "logo",
    "logo_alt",
    "languages",
    "default_language",
    "timezone",
    "base_url",
    "theme",
    "limits",
    "wall",
    "translations",
    "digest",
];
const THEME_KEYS: [&str; 2] = ["primary", "accent"];
const LIMIT_KEYS: [&str; 5] = [
    "max_file_kb",
    "max_media_mb",
    "max_field_chars",
    "max_keys",
    "max_nesting",
];
const WALL_KEYS: [&str; 4] = [
    "slide_seconds",
    "refresh_seconds",
    "quiet_hours",
    "playlists",
];
const QUIET_KEYS: [&str; 3] = ["days", "from", "to"];
const PLAYLIST_KEYS: [&str; 7] = [
    "name",
    "kinds",
    "tags",
    "teams",
    "lang",
    "slide_seconds",
    "evergreen",
];
const TRANSLATION_KEYS: [&str; 4] = ["name", "mission", "mission_long", "impact"];

/// Long Markdown fields (mission_long, impact) may be much longer than a title.
const LONG_TEXT_CHARS: usize = 100_000;

/// What the rest of loading needs from the site, even when `site.toml` is broken:
/// languages are `None` when unknown, so language rules are skipped instead of
/// reporting every file.
#[derive(Clone, Debug)]
pub struct SiteContext {
    pub languages: Option<Vec<String>>,
    pub default_language: String,
    pub zone: Tz,
    pub limits: Limits,
}

impl SiteContext {
    pub fn from_source(site: &SiteSource) -> Self {
        SiteContext {
            languages: Some(site.info.languages.clone()),
            default_language: site.info.default_language.clone(),
            zone: dates::parse_zone(&site.info.timezone).unwrap_or(Tz::UTC),
            limits: site.limits,
        }
    }
}

/// A BCP 47-ish language tag: `en`, `es`, `pt-BR`, `zh-Hant`.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    primary_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|hex| {
        (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Loads `root/site.toml`. Returns the site when every required part is usable, and
/// always a context for loading the items.
pub fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> (Option<SiteSource>, SiteContext) {
    let file = Path::new(SITE_FILE);
    let mut ctx = SiteContext {
        languages: None,
        default_language: "en".into(),
        zone: Tz::UTC,
        limits: Limits::default(),
    };
    let path = root.join(SITE_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        diags.push(
            Diagnostic::error("missing-site", file, "the content folder has no site.toml")
                .hint("create content/site.toml with name, mission, mission_long, languages, timezone and base_url"),
        );
        return (None, ctx);
    }
    let bytes = match super::read_limited(root, &path, ctx.limits.max_file_bytes) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d.into_diagnostic(file));
            return (None, ctx);
        }
    };
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(crate::content::front_matter::SplitError::NotUtf8 { line, column }) => {
            diags.push(
                Diagnostic::error("not-utf8", file, "site.toml is not valid UTF-8 text")
                    .at(line, column)
                    .hint("save the file as UTF-8"),
            );
            return (None, ctx);
        }
        Err(_) => return (None, ctx),
    };
    let table = match parse_toml(&text, 1) {
        Ok(t) => t,
        Err(errors) => {
            for e in errors {
                diags.push(
                    Diagnostic::error("toml-syntax", file, e.message)
                        .at(e.pos.line, e.pos.col)
                        .hint("site.toml is TOML: key = \"value\", one per line"),
                );
            }
            return (None, ctx);
        }
    };
    let before = diags.len();
    let mut r = Reader {
        table: &table,
        file,
        anchor: Pos::new(1, 1),
        max_chars: ctx.limits.max_field_chars,
        diags,
    };
    r.unknown_keys(&TOP_KEYS, &[]);

    // Limits first: they apply to everything after.
    let mut limits = Limits::default();
    if let Some(t) = r.table("limits") {
        let mut lr = sub(&mut r, t);
        lr.unknown_keys(&LIMIT_KEYS, &[]);
        if let Some(kb) = lr.int("max_file_kb", 1, 100 * 1024) {
            limits.max_file_bytes = kb as u64 * 1024;
        }
        if let Some(mb) = lr.int("max_media_mb", 1, 4096) {
            limits.max_media_bytes = mb as u64 * 1024 * 1024;
        }
        if let Some(n) = lr.int("max_field_chars", 1, 1_000_000) {
            limits.max_field_chars = n as usize;
        }
        if let Some(n) = lr.int("max_keys", 1, 10_000) {
            limits.max_keys = n as usize;
        }
        if let Some(n) = lr.int("max_nesting", 1, 1_000) {
            limits.max_nesting = n as usize;
        }
    }
    ctx.limits = limits;
    r.max_chars = limits.max_field_chars;

    let name = r.required_text("name", "Your organisation");
    let mission = r.required_text("mission", "One sentence on why you exist");
    let mission_long = {
        let found = r.node("mission_long").is_some();
        if found {
            r.text_limited("mission_long", LONG_TEXT_CHARS)
        } else {
            r.required_text("mission_long", "A few paragraphs of Markdown")
        }
    };
    let impact = r.text_limited("impact", LONG_TEXT_CHARS);

    let languages = read_languages(&mut r);
    let default_language = match r.text("default_language") {
        Some(t) => match &languages {
            Some(langs) if !langs.contains(&t.value) => {
                r.error(
                    "bad-lang",
                    t.pos,
                    format!(
                        "default_language `{}` is not one of the site's languages",
                        t.value
                    ),
                )
                .hint = Some(format!("use one of: {}", langs.join(", ")));
                None
            }
            _ => Some(t.value),
        },
        None => languages.as_ref().and_then(|l| l.first().cloned()),
    };
    if let Some(d) = &default_language {
        ctx.default_language = d.clone();
    }
    ctx.languages = languages.clone();

    let zone = r
        .required_text("timezone", "Europe/Amsterdam")
        .and_then(|t| zone_of(&mut r, &t));
    if let Some((tz, _)) = &zone {
        ctx.zone = *tz;
    }

    let base_url = r
        .required_text("base_url", "https://impact.example.org")
        .and_then(|t| match urls::check_absolute_http(&t.value) {
            Ok(()) => Some(t.value.trim_end_matches('/').to_owned()),
            Err(why) => {
                r.error("bad-url", t.pos, format!("base_url {why}")).hint =
                    Some("write the full address, e.g. https://impact.example.org".into());
                None
            }
        });

    let logo = match (r.text("logo"), r.text("logo_alt")) {
        (Some(logo), alt) => {
            let src =
                match media::resolve(root, &logo.value, MediaKind::Image, limits.max_media_bytes) {
                    Ok(src) => Some(src),
                    Err(p) => {
                        let d = r.error(p.code, logo.pos, p.message);
                        d.hint = p.hint;
                        None
                    }
                };
            if alt.is_none() {
                let pos = r.key_pos("logo").unwrap_or(logo.pos);
                r.error(
                    "missing-alt",
                    pos,
                    "`logo` needs `logo_alt`: a short description for screen readers",
                )
                .expected = Some("logo_alt = \"Harbourline logo\"".into());
            }
            src.zip(alt).map(|(src, alt)| Image {
                src,
                alt: alt.value,
            })
        }
        (None, _) => None,
    };

    let mut theme = Theme::default();
    if let Some(t) = r.table("theme") {
        let mut tr = sub(&mut r, t);
        tr.unknown_keys(&THEME_KEYS, &[]);
        for key in THEME_KEYS {
            if let Some(c) = tr.text(key) {
                if is_colour(&c.value) {
                    let v = Some(c.value.to_ascii_lowercase());
                    if key == "primary" {
                        theme.primary = v
                    } else {
                        theme.accent = v
                    }
                } else {
                    tr.error(
                        "bad-colour",
                        c.pos,
                        format!("`{key}` must be a colour like #0b5d6b, found `{}`", c.value),
                    )
                    .expected = Some("#rgb or #rrggbb".into());
                }
            }
        }
    }

    let wall = read_wall(&mut r, languages.as_deref());
    let translations = read_translations(&mut r, languages.as_deref());
    let digest = r
        .table("digest")
        .and_then(|t| crate::content::digest::config::read(&mut sub(&mut r, t)));

    let ok = diags.len() == before || diags[before..].iter().all(|d| !d.is_error());
    let site = match (
        name,
        mission,
        mission_long,
        languages,
        default_language,
        zone,
        base_url,
    ) {
        (
            Some(name),
            Some(mission),
            Some(mission_long),
            Some(languages),
            Some(default_language),
            Some((_, zone)),
            Some(base_url),
        ) if ok => Some(SiteSource {
            info: SiteInfo {
                name: name.value,
                mission: mission.value,
                mission_html: mission_long.value,
                impact_html: impact.map(|t| t.value).unwrap_or_default(),
                logo,
                languages,
                default_language,
                timezone: zone,
                base_url,
                theme,
                wall,
                translations,
            },
            limits,
            digest,
        }),
        _ => None,
    };
    (site, ctx)
}

fn sub<'a, 'b>(r: &'b mut Reader<'a>, table: &'b Table) -> Reader<'b> {
    let anchor = table.entries.first().map_or(r.anchor, |(k, _)| k.pos);
    Reader {
        table,
        file: r.file,
        anchor,
        max_chars: r.max_chars,
        diags: r.diags,
    }
}

/// Resolves an IANA zone name, reporting `unknown-timezone` with a did-you-mean.
pub(super) fn zone_of(r: &mut Reader<'_>, t: &Text) -> Option<(Tz, String)> {
    match dates::parse_zone(&t.value) {
        Ok(tz) => Some((tz, tz.name().to_owned())),
        Err(suggestion) => {
            let d = r.error(
                "unknown-timezone",
                t.pos,
                format!("`{}` is not a time zone name", t.value),
            );
            d.hint = Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "use an IANA name such as Europe/Amsterdam or America/New_York".into(),
            });
            None
        }
    }
}

fn read_languages(r: &mut Reader<'_>) -> Option<Vec<String>> {
    let Some(list) = r.strings("languages") else {
        if r.node("languages").is_none() {
            let anchor = r.anchor;
            r.diags.push(
                Diagnostic::error("missing-field", r.file, "`languages` is required")
                    .at(anchor.line, anchor.col)
                    .expected("languages = [\"en\"]"),
            );
        }
        return None;
    };
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for t in &list {
        if !is_language_tag(&t.value) {
            r.error(
                "bad-lang",
                t.pos,
                format!("`{}` is not a language code", t.value),
            )
            .hint = Some("use a lower-case code such as en, es or nl".into());
            ok = false;
        } else if out.contains(&t.value) {
            r.error("bad-lang", t.pos, format!("`{}` is listed twice", t.value));
            ok = false;
        } else {
            out.push(t.value.clone());
        }
    }
    if list.is_empty() {
        let pos = r.node("languages").map_or(r.anchor, |n| n.pos);
        r.error(
            "empty-field",
            pos,
            "`languages` must list at least one language",
        )
        .expected = Some("languages = [\"en\"]".into());
        ok = false;
    }
    ok.then_some(out)
}

fn read_wall(r: &mut Reader<'_>, languages: Option<&[String]>) -> WallConfig {
    let mut wall = WallConfig::default();
    let Some(t) = r.table("wall") else {
        return wall;
    };
    let mut wr = sub(r, t);
    wr.unknown_keys(&WALL_KEYS, &[]);
    if let Some(n) = wr.int("slide_seconds", 3, 600) {
        wall.slide_seconds = n as u32;
    }
    if let Some(n) = wr.int("refresh_seconds", 10, 86_400) {
        wall.refresh_seconds = n as u32;
    }
    for (qt, pos) in wr.tables("quiet_hours").unwrap_or_default() {
        let mut qr = Reader {
            table: qt,
            file: wr.file,
            anchor: pos,
            max_chars: wr.max_chars,
            diags: wr.diags,
        };
        qr.unknown_keys(&QUIET_KEYS, &[]);
        let mut days = Vec::new();
        for d in qr.strings("days").unwrap_or_default() {
            if weekday_index(&d.value).is_some() && d.value.len() == 3 {
                days.push(d.value.to_ascii_lowercase());
            } else {
                qr.error("bad-day", d.pos, format!("`{}` is not a day", d.value))
                    .expected = Some("mon, tue, wed, thu, fri, sat or sun".into());
            }
        }
        let time = |key: &str, qr: &mut Reader<'_>| {
            let t = qr.required_text(key, "07:00")?;
            if parse_hhmm(&t.value).is_some() {
                Some(t.value)
            } else {
                qr.error(
                    "bad-time",
                    t.pos,
                    format!("`{key}` must be a time of day, found `{}`", t.value),
                )
                .expected = Some("HH:MM between 00:00 and 24:00".into());
                None
            }
        };
        let (from, to) = (time("from", &mut qr), time("to", &mut qr));
        if let (Some(from), Some(to)) = (from, to) {
            wall.quiet_hours.push(QuietHours { days, from, to });
        }
    }
    let mut names: Vec<String> = Vec::new();
    for (pt, pos) in wr.tables("playlists").unwrap_or_default() {
        let mut pr = Reader {
            table: pt,
            file: wr.file,
            anchor: pos,
            max_chars: wr.max_chars,
            diags: wr.diags,
        };
        pr.unknown_keys(&PLAYLIST_KEYS, &[]);
        let name = pr.required_text("name", "lobby");
        if let Some(n) = &name {
            if !super::slug::is_valid(&n.value) {
                pr.error(
                    "bad-playlist",
                    n.pos,
                    format!(
                        "playlist name `{}` must be lower-case letters, digits and hyphens",
                        n.value
                    ),
                )
                .hint = Some("it appears in the address: /wall?playlist=lobby".into());
            } else if names.contains(&n.value) {
                pr.error(
                    "bad-playlist",
                    n.pos,
                    format!("there are two playlists named `{}`", n.value),
                );
            }
            names.push(n.value.clone());
        }
        let mut kinds = Vec::new();
        for k in pr.strings("kinds").unwrap_or_default() {
            match Kind::parse(&k.value) {
                Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                Some(_) => {}
                None => {
                    pr.error(
                        "bad-playlist",
                        k.pos,
                        format!("`{}` is not a kind of item", k.value),
                    )
                    .expected = Some("stories, thanks or events".into());
                }
            }
        }
        let tags = pr
            .strings("tags")
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.value)
            .collect();
        let teams = pr
            .strings("teams")
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.value)
            .collect();
        let lang = pr
            .text("lang")
            .and_then(|l| check_lang(&mut pr, &l, languages));
        let slide_seconds = pr.int("slide_seconds", 3, 600).map(|n| n as u32);
        let evergreen = pr.bool("evergreen").unwrap_or(true);
        if let Some(name) = name {
            wall.playlists.push(Playlist {
                name: name.value,
                kinds,
                tags,
                teams,
                lang,
                slide_seconds,
                evergreen,
            });
        }
    }
    wall
}

/// A language that must be one of the site's.
pub fn check_lang(r: &mut Reader<'_>, t: &Text, languages: Option<&[String]>) -> Option<String> {
    match languages {
        Some(langs) if !langs.contains(&t.value) => {
            r.error(
                "bad-lang",
                t.pos,
                format!("`{}` is not one of the site's languages", t.value),
            )
            .hint = Some(format!(
                "use one of: {} (site.toml `languages`)",
                langs.join(", ")
            ));
            None
        }
        _ => Some(t.value.clone()),
    }
}

fn read_translations(r: &mut Reader<'_>, languages: Option<&[String]>) -> Vec<SiteTranslation> {
    let mut out = Vec::new();
    let Some(t) = r.table("translations") else {
        return out;
    };
    for (key, node) in &t.entries {
        let lang = Text {
            value: key.name.clone(),
            pos: key.pos,
        };
        let known = check_lang(r, &lang, languages).is_some();
        let crate::content::load::fields::Val::Table(tt) = &node.val else {
            r.error(
                "wrong-type",
                node.pos,
                format!("`translations.{}` must be a table", key.name),
            )
            .expected = Some(format!("[translations.{}]", key.name));
            continue;
        };
        let mut tr = Reader {
            table: tt,
            file: r.file,
            anchor: key.pos,
            max_chars: r.max_chars,
            diags: r.diags,
        };
        tr.unknown_keys(&TRANSLATION_KEYS, &[]);
        let name = tr.text("name").map(|t| t.value);
        let mission = tr.text("mission").map(|t| t.value);
        let mission_html = tr
            .text_limited("mission_long", LONG_TEXT_CHARS)
            .map(|t| t.value);
        let impact_html = tr.text_limited("impact", LONG_TEXT_CHARS).map(|t| t.value);
        if known {
            out.push(SiteTranslation {
                lang: key.name.clone(),
                name,
                mission,
                mission_html,
                impact_html,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_and_colours() {
        assert!(is_language_tag("en") && is_language_tag("pt-BR") && is_language_tag("zh-Hant"));
        assert!(!is_language_tag("EN") && !is_language_tag("e") && !is_language_tag("en_US"));
        assert!(is_colour("#0b5d6b") && is_colour("#FFF"));
        assert!(!is_colour("0b5d6b") && !is_colour("#12345") && !is_colour("red"));
    }
}
