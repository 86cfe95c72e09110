//! `content/site.toml`: the organisation, its languages, zone, theme, limits and wall.

use std::path::Path;

use chrono_tz::Tz;

use super::fields::{parse_toml, Pos, Reader, Table, Text};
use super::media::{self, MediaKind};
use super::urls;
use crate::diagnostics::Diagnostic;
use crate::front_matter::decode;
use crate::{dates, Limits, SiteSource};
use impactwall_model::{
    parse_hhmm, weekday_index, Image, Kind, Playlist, QuietHours, SiteInfo, SiteTranslation, Theme,
    WallConfig,
};

pub const SITE_FILE: &str = "site.toml";

const TOP_KEYS: [&str; 16] = [
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
    "privacy",
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
    let Some(table) = read_table(root, ctx.limits.max_file_bytes, diags) else {
        return (None, ctx);
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
    let mut limits = read_limits(&mut r);
    super::privacy::read_privacy(&mut r, &mut limits);
    ctx.limits = limits;
    r.max_chars = limits.max_field_chars;

    let texts = read_texts(&mut r);
    let languages = read_languages(&mut r);
    let default_language = read_default_language(&mut r, languages.as_deref());
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

    let base_url = read_base_url(&mut r);
    let logo = read_logo(&mut r, root, limits.max_media_bytes);
    let theme = read_theme(&mut r);
    let wall = read_wall(&mut r, languages.as_deref());
    let translations = read_translations(&mut r, languages.as_deref());
    let digest = r
        .table("digest")
        .and_then(|t| crate::digest::config::read(&mut sub(&mut r, t)));

    let ok = diags.len() == before || diags[before..].iter().all(|d| !d.is_error());
    let parts = SiteParts {
        texts,
        languages,
        default_language,
        zone: zone.map(|(_, name)| name),
        base_url,
        logo,
        theme,
        wall,
        translations,
        digest,
    };
    let site = if ok { parts.into_site(limits) } else { None };
    (site, ctx)
}

/// Reads and parses `site.toml`, reporting why it cannot be read; `None` when it
/// cannot.
fn read_table(root: &Path, max_file_bytes: u64, diags: &mut Vec<Diagnostic>) -> Option<Table> {
    let file = Path::new(SITE_FILE);
    let path = root.join(SITE_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        diags.push(
            Diagnostic::error("missing-site", file, "the content folder has no site.toml")
                .hint("create content/site.toml with name, mission, mission_long, languages, timezone and base_url"),
        );
        return None;
    }
    let bytes = match super::read_limited(root, &path, max_file_bytes) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d.into_diagnostic(file));
            return None;
        }
    };
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(crate::front_matter::SplitError::NotUtf8 { line, column }) => {
            diags.push(
                Diagnostic::error("not-utf8", file, "site.toml is not valid UTF-8 text")
                    .at(line, column)
                    .hint("save the file as UTF-8"),
            );
            return None;
        }
        Err(_) => return None,
    };
    match parse_toml(&text, 1) {
        Ok(t) => Some(t),
        Err(errors) => {
            for e in errors {
                diags.push(
                    Diagnostic::error("toml-syntax", file, e.message)
                        .at(e.pos.line, e.pos.col)
                        .hint("site.toml is TOML: key = \"value\", one per line"),
                );
            }
            None
        }
    }
}

/// The parts of [`SiteInfo`] read so far; `None` where a required part is unusable.
struct SiteParts {
    texts: SiteTexts,
    languages: Option<Vec<String>>,
    default_language: Option<String>,
    zone: Option<String>,
    base_url: Option<String>,
    logo: Option<Image>,
    theme: Theme,
    wall: WallConfig,
    translations: Vec<SiteTranslation>,
    digest: Option<crate::digest::DigestSettings>,
}

impl SiteParts {
    /// The site, when every required part is there.
    fn into_site(self, limits: Limits) -> Option<SiteSource> {
        let texts = self.texts;
        Some(SiteSource {
            info: SiteInfo {
                name: texts.name?.value,
                mission: texts.mission?.value,
                mission_html: texts.mission_long?.value,
                impact_html: texts.impact.map(|t| t.value).unwrap_or_default(),
                logo: self.logo,
                languages: self.languages?,
                default_language: self.default_language?,
                timezone: self.zone?,
                base_url: self.base_url?,
                theme: self.theme,
                wall: self.wall,
                translations: self.translations,
                search_engines: limits.allow_search_engines,
            },
            limits,
            digest: self.digest,
        })
    }
}

/// `[limits]`: sizes and counts accepted, each within a sane range.
fn read_limits(r: &mut Reader<'_>) -> Limits {
    let mut limits = Limits::default();
    let Some(t) = r.table("limits") else {
        return limits;
    };
    let mut lr = sub(r, t);
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
    limits
}

/// The organisation's own words: name, mission and the two long Markdown texts.
struct SiteTexts {
    name: Option<Text>,
    mission: Option<Text>,
    mission_long: Option<Text>,
    impact: Option<Text>,
}

fn read_texts(r: &mut Reader<'_>) -> SiteTexts {
    let name = r.required_text("name", "Your organisation");
    let mission = r.required_text("mission", "One sentence on why you exist");
    let mission_long = if r.node("mission_long").is_some() {
        r.text_limited("mission_long", LONG_TEXT_CHARS)
    } else {
        r.required_text("mission_long", "A few paragraphs of Markdown")
    };
    let impact = r.text_limited("impact", LONG_TEXT_CHARS);
    SiteTexts {
        name,
        mission,
        mission_long,
        impact,
    }
}

/// `default_language`, which must be one of `languages`; the first language when
/// not given.
fn read_default_language(r: &mut Reader<'_>, languages: Option<&[String]>) -> Option<String> {
    let Some(t) = r.text("default_language") else {
        return languages.and_then(|l| l.first().cloned());
    };
    match languages {
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
    }
}

/// `base_url`, an absolute http(s) address, without its trailing slash.
fn read_base_url(r: &mut Reader<'_>) -> Option<String> {
    let t = r.required_text("base_url", "https://impact.example.org")?;
    match urls::check_absolute_http(&t.value) {
        Ok(()) => Some(t.value.trim_end_matches('/').to_owned()),
        Err(why) => {
            r.error("bad-url", t.pos, format!("base_url {why}")).hint =
                Some("write the full address, e.g. https://impact.example.org".into());
            None
        }
    }
}

/// `logo` and its required `logo_alt`.
fn read_logo(r: &mut Reader<'_>, root: &Path, max_media_bytes: u64) -> Option<Image> {
    // Both are read (and checked) even without a logo.
    let (logo, alt) = (r.text("logo"), r.text("logo_alt"));
    let logo = logo?;
    let src = match media::resolve(root, &logo.value, MediaKind::Image, max_media_bytes) {
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

/// `[theme]`: the two brand colours.
fn read_theme(r: &mut Reader<'_>) -> Theme {
    let mut theme = Theme::default();
    let Some(t) = r.table("theme") else {
        return theme;
    };
    let mut tr = sub(r, t);
    tr.unknown_keys(&THEME_KEYS, &[]);
    for key in THEME_KEYS {
        let Some(c) = tr.text(key) else { continue };
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
    theme
}

/// A reader for a table nested in `r`'s, reporting missing keys at its first key.
fn sub<'a, 'b>(r: &'b mut Reader<'a>, table: &'b Table) -> Reader<'b> {
    let anchor = table.entries.first().map_or(r.anchor, |(k, _)| k.pos);
    nested(r, table, anchor)
}

/// A reader for a table nested in `r`'s, reporting missing keys at `anchor`.
fn nested<'a, 'b>(r: &'b mut Reader<'a>, table: &'b Table, anchor: Pos) -> Reader<'b> {
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
        let mut qr = nested(&mut wr, qt, pos);
        wall.quiet_hours.extend(read_quiet_hours(&mut qr));
    }
    let mut names: Vec<String> = Vec::new();
    for (pt, pos) in wr.tables("playlists").unwrap_or_default() {
        let mut pr = nested(&mut wr, pt, pos);
        wall.playlists
            .extend(read_playlist(&mut pr, &mut names, languages));
    }
    wall
}

/// One `[[wall.quiet_hours]]` table: days and a time span when the wall rests.
fn read_quiet_hours(qr: &mut Reader<'_>) -> Option<QuietHours> {
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
    let (from, to) = (time_of_day(qr, "from"), time_of_day(qr, "to"));
    Some(QuietHours {
        days,
        from: from?,
        to: to?,
    })
}

/// A required `HH:MM` time of day.
fn time_of_day(qr: &mut Reader<'_>, key: &str) -> Option<String> {
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
}

/// One `[[wall.playlists]]` table. `names` holds the names seen so far, to report a
/// playlist named twice.
fn read_playlist(
    pr: &mut Reader<'_>,
    names: &mut Vec<String>,
    languages: Option<&[String]>,
) -> Option<Playlist> {
    pr.unknown_keys(&PLAYLIST_KEYS, &[]);
    let name = pr.required_text("name", "lobby");
    if let Some(n) = &name {
        check_playlist_name(pr, n, names);
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
    let tags = pr.string_values("tags");
    let teams = pr.string_values("teams");
    let lang = pr.text("lang").and_then(|l| check_lang(pr, &l, languages));
    let slide_seconds = pr.int("slide_seconds", 3, 600).map(|n| n as u32);
    let evergreen = pr.bool("evergreen").unwrap_or(true);
    Some(Playlist {
        name: name?.value,
        kinds,
        tags,
        teams,
        lang,
        slide_seconds,
        evergreen,
    })
}

/// A playlist name goes in the address, and names one playlist only.
fn check_playlist_name(pr: &mut Reader<'_>, n: &Text, names: &[String]) {
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
        let crate::load::fields::Val::Table(tt) = &node.val else {
            r.error(
                "wrong-type",
                node.pos,
                format!("`translations.{}` must be a table", key.name),
            )
            .expected = Some(format!("[translations.{}]", key.name));
            continue;
        };
        let mut tr = nested(r, tt, key.pos);
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
