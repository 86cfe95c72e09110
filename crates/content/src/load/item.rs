//! Mapping one file's front matter onto a story, thank-you message or event.

use std::path::Path;

use chrono::Duration;
use chrono_tz::Tz;

use super::fields::{describe_invisible, did_you_mean, is_invisible, Pos, Reader, Table, Text};
use super::media::{self, MediaKind};
use super::site::{check_lang, zone_of, SiteContext};
use super::{slug, urls};
use crate::dates::{self, WrittenDate};
use crate::diagnostics::Diagnostic;
use crate::Item;
use impactwall_model::{
    default_event_length, Audio, EventSummary, Image, Instant, ItemMeta, Kind, Medium, Schedule,
    StorySummary, ThanksSummary,
};

pub const COMMON_KEYS: [&str; 12] = [
    "slug",
    "lang",
    "translation_of",
    "tags",
    "team",
    "draft",
    "publish_at",
    "expires_at",
    "wall",
    "takeover",
    "wall_seconds",
    "consent",
];
pub const STORY_KEYS: [&str; 10] = [
    "title",
    "date",
    "summary",
    "author",
    "program",
    "image",
    "image_alt",
    "people_helped",
    "featured",
    "talking_point",
];
pub const THANKS_KEYS: [&str; 9] = [
    "from",
    "to",
    "date",
    "medium",
    "quote",
    "audio",
    "transcript",
    "image",
    "image_alt",
];
pub const EVENT_KEYS: [&str; 11] = [
    "title",
    "starts",
    "ends",
    "all_day",
    "timezone",
    "location",
    "online_url",
    "rsvp_url",
    "summary",
    "image",
    "image_alt",
];

/// Longest `quote` (it is shown large on wall screens).
pub const MAX_QUOTE_CHARS: usize = 280;
/// Transcripts are long by nature; the file size limit bounds them.
const MAX_TRANSCRIPT_CHARS: usize = 100_000;

pub fn known_keys(kind: Kind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        Kind::Story => &STORY_KEYS,
        Kind::Thanks => &THANKS_KEYS,
        Kind::Event => &EVENT_KEYS,
    };
    COMMON_KEYS.iter().chain(own).copied().collect()
}

fn other_kind_keys(kind: Kind) -> Vec<(&'static str, &'static str)> {
    let own = known_keys(kind);
    let mut out: Vec<(&str, &str)> = Vec::new();
    for (keys, owner) in [
        (&STORY_KEYS[..], "stories"),
        (&THANKS_KEYS[..], "thank-you messages"),
        (&EVENT_KEYS[..], "events"),
    ] {
        for k in keys {
            if !own.contains(k) && !out.iter().any(|(o, _)| o == k) {
                out.push((k, owner));
            }
        }
    }
    out
}

/// Everything needed to read one file's fields.
pub struct ItemInput<'a> {
    pub root: &'a Path,
    pub ctx: &'a SiteContext,
    pub rel: &'a Path,
    pub kind: Kind,
    pub table: &'a Table,
    /// Position of the opening fence, where missing fields are reported.
    pub fence: Pos,
    pub body: &'a str,
    pub now: Instant,
}

/// The typed item (when its required fields are usable) and whether it is a draft.
pub fn read(input: &ItemInput<'_>, diags: &mut Vec<Diagnostic>) -> Option<(Item, bool)> {
    let mut r = Reader {
        table: input.table,
        file: input.rel,
        anchor: input.fence,
        max_chars: input.ctx.limits.max_field_chars,
        diags,
    };
    let kind = input.kind;
    r.unknown_keys(&known_keys(kind), &other_kind_keys(kind));
    let meta = read_meta(input, &mut r);
    let item = match kind {
        Kind::Story => read_story(input, &mut r, meta.as_ref()).map(Item::Story),
        Kind::Thanks => read_thanks(input, &mut r, meta.as_ref()).map(Item::Thanks),
        Kind::Event => read_event(input, &mut r, meta.as_ref()).map(Item::Event),
    };
    let draft = r.bool("draft").unwrap_or(false);
    item.map(|i| (i, draft))
}

/// Common fields; `date` is filled by the kind. `None` when the slug is unusable.
fn read_meta(input: &ItemInput<'_>, r: &mut Reader<'_>) -> Option<ItemMeta> {
    let ctx = input.ctx;
    let stem = input
        .rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".md").unwrap_or(&stem).to_owned();
    let from_name = slug::from_file_stem(&stem, ctx.languages.as_deref().unwrap_or(&[]));

    let slug = read_slug(input, r, &stem, &from_name);
    let lang = read_lang(r, &from_name, ctx);
    let translation_of = read_translation_of(input, r, slug.as_deref(), &from_name);

    let tags = r.string_values("tags");
    let team = r.text("team").map(|t| t.value);
    let wall = r.bool("wall").unwrap_or(true);
    let takeover = r.bool("takeover").unwrap_or(false);
    let wall_seconds = r.int("wall_seconds", 3, 600).map(|n| n as u32);
    let consent = r.bool("consent");
    let schedule = read_schedule(input, r);
    warn_without_consent(input, r, consent);

    // Without a usable slug or language the item cannot take part in cross-file
    // rules without causing follow-on errors; its own problems are already reported.
    let slug = slug?;
    let lang = lang?;
    let translation_key = translation_of.unwrap_or_else(|| slug.clone());
    Some(ItemMeta {
        slug,
        lang,
        translation_key,
        date: Instant::default(),
        schedule,
        tags,
        team,
        wall,
        takeover,
        wall_seconds,
        consent: consent.unwrap_or(false),
    })
}

/// `slug`, or the one the file name makes.
fn read_slug(
    input: &ItemInput<'_>,
    r: &mut Reader<'_>,
    stem: &str,
    from_name: &slug::FileName,
) -> Option<String> {
    match r.text("slug") {
        Some(t) => check_slug(r, &t, "slug"),
        None if stem.chars().any(is_invisible) => None, // reported with the file name
        None if slug::is_valid(&from_name.slug) => Some(from_name.slug.clone()),
        None => {
            report_bad_file_name(input, r, stem);
            None
        }
    }
}

/// Why a file name without a `slug` does not make one.
fn report_bad_file_name(input: &ItemInput<'_>, r: &mut Reader<'_>, stem: &str) {
    // `rosa.fr.md` on a site without `fr`: say that, not "bad slug".
    let unknown_suffix = stem
        .rsplit_once('.')
        .filter(|(base, suffix)| {
            // Two letters (`fr`) or a tag with a region (`pt-BR`); `report.new.md`
            // is a naming slip, not a language.
            slug::is_valid(base)
                && super::site::is_language_tag(suffix)
                && (suffix.len() == 2 || suffix.contains('-'))
        })
        .map(|(_, suffix)| suffix.to_owned());
    if let Some(suffix) = unknown_suffix {
        let langs = input
            .ctx
            .languages
            .as_deref()
            .map(|l| l.join(", "))
            .unwrap_or_default();
        r.diags.push(
            Diagnostic::error(
                "bad-lang",
                input.rel,
                format!("the file name ends in `.{suffix}`, but `{suffix}` is not one of the site's languages"),
            )
            .hint(format!("use one of: {langs}, or add `{suffix}` to `languages` in site.toml")),
        );
        return;
    }
    let suggestion = slug::slugify(stem);
    let mut d = Diagnostic::error(
        "bad-slug",
        input.rel,
        format!("the file name `{stem}` does not make a valid slug"),
    )
    .expected("lower-case letters, digits and single hyphens, at most 80 characters");
    if !suggestion.is_empty() {
        d = d.hint(format!(
            "rename the file to `{suggestion}.md`, or set `slug = \"{suggestion}\"`"
        ));
    }
    r.diags.push(d);
}

/// `lang`, which must agree with a language suffix in the file name; the suffix or
/// the site's default language when not given.
fn read_lang(r: &mut Reader<'_>, from_name: &slug::FileName, ctx: &SiteContext) -> Option<String> {
    let Some(t) = r.text("lang") else {
        return Some(
            from_name
                .lang
                .clone()
                .unwrap_or_else(|| ctx.default_language.clone()),
        );
    };
    match &from_name.lang {
        Some(suffix) if *suffix != t.value => {
            let d = r.error(
                "bad-lang",
                t.pos,
                format!(
                    "the file name says `{suffix}`, but `lang` says `{}`",
                    t.value
                ),
            );
            d.hint = Some(format!(
                "remove `lang`, or rename the file to end in .{}.md",
                t.value
            ));
            None
        }
        _ => check_lang(r, &t, ctx.languages.as_deref()),
    }
}

/// `translation_of`, or the original the file name points at; never the item itself.
fn read_translation_of(
    input: &ItemInput<'_>,
    r: &mut Reader<'_>,
    slug: Option<&str>,
    from_name: &slug::FileName,
) -> Option<String> {
    let translation_of = match r.text("translation_of") {
        Some(t) => check_slug(r, &t, "translation_of"),
        None => from_name.translation_of.clone(),
    };
    if slug.is_some() && slug == translation_of.as_deref() {
        let pos = r.node("translation_of").map_or(input.fence, |n| n.pos);
        r.error(
            "bad-translation",
            pos,
            "an item cannot be a translation of itself",
        )
        .hint = Some("point `translation_of` at the original item's slug".into());
    }
    translation_of
}

/// `publish_at` and `expires_at`, in order, with a warning once the item expired.
fn read_schedule(input: &ItemInput<'_>, r: &mut Reader<'_>) -> Schedule {
    let zone = input.ctx.zone;
    let publish_at = date_field(r, "publish_at", zone).map(|(i, _, _)| i);
    let expires = date_field(r, "expires_at", zone);
    if let (Some(p), Some((e, pos, _))) = (publish_at, &expires) {
        if *e <= p {
            r.error(
                "expires-before-publish",
                *pos,
                "`expires_at` must be after `publish_at`",
            )
            .hint = Some("an item is shown from publish_at until expires_at".into());
        }
    }
    if let Some((e, pos, _)) = &expires {
        if *e <= input.now {
            r.diags.push(
                Diagnostic::warning(
                    "expired",
                    input.rel,
                    "this item has expired and is no longer shown",
                )
                .at(pos.line, pos.col)
                .hint("remove `expires_at` or move it into the future to show it again"),
            );
        }
    }
    Schedule {
        publish_at,
        expires_at: expires.map(|(e, _, _)| e),
    }
}

/// Stories and thank-you messages name people: without their consent they stay off
/// wall screens, and the writer is told so.
fn warn_without_consent(input: &ItemInput<'_>, r: &mut Reader<'_>, consent: Option<bool>) {
    if !matches!(input.kind, Kind::Story | Kind::Thanks) || consent == Some(true) {
        return;
    }
    let pos = r.node("consent").map_or(input.fence, |n| n.pos);
    // A `consent` of the wrong type is already reported.
    if consent.is_some() || r.node("consent").is_none() {
        r.diags.push(
            Diagnostic::warning(
                "no-consent",
                input.rel,
                "no recorded consent from the people named, so this is never shown on wall screens",
            )
            .at(pos.line, pos.col)
            .hint("once they agree, add `consent = true`"),
        );
    }
}

fn check_slug(r: &mut Reader<'_>, t: &Text, key: &str) -> Option<String> {
    if t.value.chars().any(is_invisible) {
        r.error(
            "invisible-char",
            t.pos,
            format!(
                "`{key}` contains invisible characters ({})",
                describe_invisible(&t.value)
            ),
        )
        .hint = Some("retype it using only a-z, 0-9 and hyphens".into());
        return None;
    }
    if slug::is_valid(&t.value) {
        return Some(t.value.clone());
    }
    let suggestion = slug::slugify(&t.value);
    let d = r.error(
        "bad-slug",
        t.pos,
        format!("`{}` is not a valid slug", t.value),
    );
    d.expected =
        Some("lower-case letters, digits and single hyphens, at most 80 characters".into());
    if !suggestion.is_empty() {
        d.hint = Some(format!("write `{suggestion}`"));
    }
    None
}

/// A date's instant, where it is written, and the form it was written in.
pub(super) type DateField = (Instant, Pos, WrittenDate);

/// A date field resolved in `zone`.
pub(super) fn date_field(r: &mut Reader<'_>, key: &str, zone: Tz) -> Option<DateField> {
    let t = r.date_text(key)?;
    let result = dates::parse(&t.value).and_then(|w| dates::resolve(w, zone).map(|i| (i, w)));
    match result {
        Ok((instant, written)) => Some((instant, t.pos, written)),
        Err(e) => {
            let d = r.error(e.code(), t.pos, format!("`{key}`: {e}"));
            d.hint = Some(e.hint().into());
            None
        }
    }
}

fn required_date(r: &mut Reader<'_>, key: &str, zone: Tz) -> Option<DateField> {
    if r.node(key).is_none() {
        let anchor = r.anchor;
        r.diags.push(
            Diagnostic::error("missing-field", r.file, format!("`{key}` is required"))
                .at(anchor.line, anchor.col)
                .expected(format!("{key} = 2027-03-14")),
        );
        return None;
    }
    date_field(r, key, zone)
}

fn read_image(input: &ItemInput<'_>, r: &mut Reader<'_>) -> Option<Image> {
    let image = r.text("image");
    let alt = r.text("image_alt");
    let image = image?;
    let src = media_ref(input, r, &image, MediaKind::Image);
    if alt.is_none() {
        let pos = r.key_pos("image").unwrap_or(image.pos);
        r.error(
            "missing-alt",
            pos,
            "an image needs `image_alt`: a short description for people who cannot see it",
        )
        .expected = Some("image_alt = \"Rosa at the help desk, smiling\"".into());
    }
    Some(Image {
        src: src?,
        alt: alt?.value,
    })
}

fn media_ref(
    input: &ItemInput<'_>,
    r: &mut Reader<'_>,
    t: &Text,
    kind: MediaKind,
) -> Option<String> {
    match media::resolve(input.root, &t.value, kind, input.ctx.limits.max_media_bytes) {
        Ok(src) => Some(src),
        Err(p) => {
            let d = r.error(p.code, t.pos, p.message);
            d.hint = p.hint;
            None
        }
    }
}

fn reading_minutes(body: &str) -> u32 {
    let words = body.split_whitespace().count();
    (words.div_ceil(200)).max(1) as u32
}

fn read_story(
    input: &ItemInput<'_>,
    r: &mut Reader<'_>,
    meta: Option<&ItemMeta>,
) -> Option<StorySummary> {
    let title = r.required_text("title", "What happened, in a few words");
    let date = required_date(r, "date", input.ctx.zone);
    let summary = r.text("summary");
    let summary_blank = match r.node("summary") {
        None => true,
        Some(n) => matches!(&n.val, super::fields::Val::Str(s) if s.trim().is_empty()),
    };
    if summary.is_none() && summary_blank {
        r.diags.push(
            Diagnostic::warning(
                "no-summary",
                input.rel,
                "no `summary`: lists and wall screens will show the title only",
            )
            .at(input.fence.line, input.fence.col)
            .hint("add `summary = \"One or two sentences\"`"),
        );
    }
    let author = r.text("author").map(|t| t.value);
    let program = r.text("program").map(|t| t.value);
    let image = read_image(input, r);
    let people_helped = r
        .int("people_helped", 0, i64::MAX)
        .map(|n| n as u64)
        .unwrap_or(0);
    let featured = r.bool("featured").unwrap_or(false);
    let talking_point = r
        .text_limited("talking_point", MAX_QUOTE_CHARS.min(r.max_chars))
        .map(|t| t.value);
    let mut meta = meta?.clone();
    meta.date = date?.0;
    Some(StorySummary {
        meta,
        title: title?.value,
        summary: summary.map(|t| t.value).unwrap_or_default(),
        author,
        program,
        image,
        people_helped,
        featured,
        talking_point,
        qr: None,
        reading_minutes: reading_minutes(input.body),
    })
}

fn read_thanks(
    input: &ItemInput<'_>,
    r: &mut Reader<'_>,
    meta: Option<&ItemMeta>,
) -> Option<ThanksSummary> {
    let from = r.required_text("from", "a family in Ohio");
    let to = r.required_text("to", "the evening team");
    let date = required_date(r, "date", input.ctx.zone);
    let medium = read_medium(r);
    let quote = r
        .text_limited("quote", MAX_QUOTE_CHARS.min(r.max_chars))
        .map(|t| t.value);
    let audio_text = r.text("audio");
    let transcript = r
        .text_limited("transcript", MAX_TRANSCRIPT_CHARS)
        .map(|t| t.value);
    let audio = audio_text
        .as_ref()
        .and_then(|t| read_audio(input, r, t, transcript.is_some()));
    if let Some((Medium::Voicemail, pos)) = medium {
        if audio_text.is_none() {
            r.diags.push(
                Diagnostic::warning(
                    "voicemail-without-audio",
                    input.rel,
                    "a voicemail without its recording",
                )
                .at(pos.line, pos.col)
                .hint("add `audio = \"media/voicemail.mp3\"` and a `transcript`"),
            );
        }
    }
    let image = read_image(input, r);
    let mut meta = meta?.clone();
    meta.date = date?.0;
    Some(ThanksSummary {
        meta,
        from: from?.value,
        to: to?.value,
        medium: medium?.0,
        quote,
        excerpt: excerpt(input.body, MAX_QUOTE_CHARS),
        audio,
        transcript,
        image,
    })
}

/// The required `medium`, one of [`Medium::ALL`] in any case, and where it is written.
fn read_medium(r: &mut Reader<'_>) -> Option<(Medium, Pos)> {
    let t = r.required_text("medium", "letter")?;
    let lower = t.value.to_lowercase();
    if let Some(m) = Medium::ALL.into_iter().find(|m| m.as_str() == lower) {
        return Some((m, t.pos));
    }
    let names: Vec<&str> = Medium::ALL.iter().map(|m| m.as_str()).collect();
    let d = r.error(
        "bad-medium",
        t.pos,
        format!("`{}` is not a medium", t.value),
    );
    d.expected = Some(names.join(" | "));
    if let Some(best) = did_you_mean(&lower, &names) {
        d.hint = Some(format!("did you mean `{best}`?"));
    }
    None
}

/// The recording `t` names; it needs a transcript for people who cannot listen.
fn read_audio(
    input: &ItemInput<'_>,
    r: &mut Reader<'_>,
    t: &Text,
    has_transcript: bool,
) -> Option<Audio> {
    let src = media_ref(input, r, t, MediaKind::Audio);
    if !has_transcript {
        let pos = r.key_pos("audio").unwrap_or(t.pos);
        r.error(
            "missing-transcript",
            pos,
            "a recording needs a `transcript` so people who cannot listen can read it",
        )
        .expected = Some("transcript = \"\"\"What the caller said…\"\"\"".into());
    }
    let src = src?;
    Some(Audio {
        mime: media::audio_mime(&src).to_owned(),
        src,
    })
}

fn read_event(
    input: &ItemInput<'_>,
    r: &mut Reader<'_>,
    meta: Option<&ItemMeta>,
) -> Option<EventSummary> {
    let title = r.required_text("title", "What is happening");
    let zone = match r.text("timezone") {
        Some(t) => zone_of(r, &t).map(|(tz, _)| tz),
        None => Some(input.ctx.zone),
    };
    let all_day = r.bool("all_day").unwrap_or(false);
    let (starts, ends) = match zone {
        Some(zone) => read_times(r, zone, all_day),
        None => (None, None),
    };
    let summary = r.text("summary").map(|t| t.value).unwrap_or_default();
    let location = r.text("location").map(|t| t.value);
    let online_url = url_field(r, "online_url");
    let rsvp_url = url_field(r, "rsvp_url");
    let image = read_image(input, r);

    let zone = zone?;
    let (starts, _, _) = starts?;
    let ends = event_end(input, r, zone, all_day, starts, ends)?;
    let mut meta = meta?.clone();
    meta.date = starts;
    debug_assert!(ends - starts > Duration::zero());
    Some(EventSummary {
        meta,
        title: title?.value,
        summary,
        starts,
        ends,
        all_day,
        timezone: zone.name().to_owned(),
        starts_local: dates::local_text(starts, zone),
        ends_local: dates::local_text(ends, zone),
        utc_offset: dates::offset_text(starts, zone),
        location,
        online_url: online_url?,
        rsvp_url: rsvp_url?,
        image,
        ics: String::new(),
    })
}

/// The required `starts` and the optional `ends`, in the event's zone.
fn read_times(
    r: &mut Reader<'_>,
    zone: Tz,
    all_day: bool,
) -> (Option<DateField>, Option<(Instant, Pos)>) {
    let starts = required_date(r, "starts", zone);
    let ends = date_field(r, "ends", zone).map(|(instant, pos, written)| {
        // An all-day event's end date is its last day, included.
        let instant = match written {
            WrittenDate::Day(_) if all_day => dates::end_of_local_day(instant, zone),
            _ => instant,
        };
        (instant, pos)
    });
    (starts, ends)
}

/// When the event ends: `ends` if after `starts`, else the end of its day (all
/// day) or the default length. Warns when it is over.
fn event_end(
    input: &ItemInput<'_>,
    r: &mut Reader<'_>,
    zone: Tz,
    all_day: bool,
    starts: Instant,
    ends: Option<(Instant, Pos)>,
) -> Option<Instant> {
    let ends = match ends {
        Some((e, pos)) if e <= starts => {
            r.error("ends-before-starts", pos, "`ends` must be after `starts`")
                .hint = Some("check the date and time; both are in the event's time zone".into());
            return None;
        }
        Some((e, _)) => e,
        None if all_day => dates::end_of_local_day(starts, zone),
        None => starts + default_event_length(false),
    };
    if ends <= input.now {
        let pos = r
            .node("ends")
            .or(r.node("starts"))
            .map_or(input.fence, |n| n.pos);
        r.diags.push(
            Diagnostic::warning("event-past", input.rel, "this event is over")
                .at(pos.line, pos.col)
                .hint("it stays listed under past events; delete the file or set `draft = true` to hide it"),
        );
    }
    Some(ends)
}

/// `Some(None)` when absent, `Some(Some(url))` when valid, `None` when invalid.
fn url_field(r: &mut Reader<'_>, key: &str) -> Option<Option<String>> {
    let Some(t) = r.text(key) else {
        return Some(None);
    };
    match urls::check_absolute_http(&t.value) {
        Ok(()) => Some(Some(t.value)),
        Err(why) => {
            let code = if urls::scheme(&t.value).is_some() {
                "bad-url-scheme"
            } else {
                "bad-url"
            };
            r.error(code, t.pos, format!("`{key}` {why}")).hint =
                Some("write a full web address starting with https://".into());
            None
        }
    }
}

/// Plain-text opening of a Markdown body, at most `max` characters, cut at a word.
/// A light reading of Markdown: enough for a wall line, not a renderer.
pub fn excerpt(body: &str, max: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if t.is_empty() {
            // A salutation ("Dear night shift,") is too short on its own: keep going
            // until the excerpt says something.
            let chars: usize = words.iter().map(|w| w.chars().count() + 1).sum();
            if chars >= 60 {
                break;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("<") || t.starts_with("|") || t.starts_with("![") {
            continue;
        }
        let t = t.trim_start_matches(['#', '>', '-', '*', '+', ' ']);
        let mut plain = String::new();
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' | '_' | '`' | '[' => {}
                ']' if chars.peek() == Some(&'(') => {
                    for c in chars.by_ref() {
                        if c == ')' {
                            break;
                        }
                    }
                }
                c => plain.push(c),
            }
        }
        words.extend(plain.split_whitespace().map(str::to_owned));
    }
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() + 1 > max {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_plain_text() {
        assert_eq!(
            excerpt(
                "\n**Thank you** for [the call](https://x.org)!\nIt helped.\n\nLater para.",
                280
            ),
            "Thank you for the call! It helped. Later para."
        );
        assert_eq!(excerpt("one two three four", 9), "one two…");
        assert_eq!(
            excerpt("Dear night shift,\n\nThank you for the late bus information, every single night.\n\nMore.", 280),
            "Dear night shift, Thank you for the late bus information, every single night."
        );
        assert_eq!(excerpt("", 10), "");
    }

    #[test]
    fn keys_of_other_kinds_are_named() {
        let other = other_kind_keys(Kind::Story);
        assert!(other.contains(&("starts", "events")));
        assert!(other.contains(&("medium", "thank-you messages")));
        assert!(!other.iter().any(|(k, _)| *k == "title"));
    }

    #[test]
    fn reading_time() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"w ".repeat(401)), 3);
    }
}
