//! `talking-points/<slug>.md`: one copy-ready line (`text`, at most 280 characters)
//! and optional background for the agent in the body.

use std::path::Path;

use super::super::fields::Reader;
use super::super::item::{date_field, MAX_QUOTE_CHARS};
use super::super::site::SiteContext;
use super::super::slug;
use super::figures::{self, Refs};
use super::header;
use super::TalkingPointSource;
use crate::diagnostics::Diagnostic;
use impactwall_model::Schedule;

/// A talking point's keys, in the order `docs/content.md` lists them.
pub const KEYS: [&str; 8] = [
    "text",
    "program",
    "teams",
    "source",
    "publish_at",
    "expires_at",
    "translation_of",
    "draft",
];
const START: &str = "a line `+++`, then `text = \"What to say\"`, then `+++`";

pub fn load_all(refs: &Refs<'_>, diags: &mut Vec<Diagnostic>) -> Vec<TalkingPointSource> {
    let mut out = Vec::new();
    for rel in header::files_in(refs.root, "talking-points", diags) {
        if let Some(t) = load_one(refs, &rel, diags) {
            out.push(t);
        }
    }
    out
}

fn load_one(
    refs: &Refs<'_>,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<TalkingPointSource> {
    let (root, ctx) = (refs.root, refs.ctx);
    let parsed = header::read(root, ctx, rel, START, diags)?;
    let (base, lang) = header::stem_and_lang(rel, ctx);
    let slug = match &lang {
        Some(l) => format!("{base}-{l}"),
        None => base.clone(),
    };
    if !slug::is_valid(&base) {
        diags.push(
            Diagnostic::error("bad-slug", rel, format!("`{base}` cannot be a slug"))
                .hint("name the file with lower-case letters, digits and hyphens"),
        );
        return None;
    }
    let mut r = Reader {
        table: &parsed.table,
        file: rel,
        anchor: parsed.fence,
        max_chars: ctx.limits.max_field_chars,
        diags,
    };
    r.unknown_keys(&KEYS, &[]);
    let text = r.required_text("text", "Every call you take helps someone home");
    if let Some(t) = &text {
        let n = t.value.chars().count();
        if n > MAX_QUOTE_CHARS {
            r.error(
                "too-long",
                t.pos,
                format!("`text` is {n} characters long; the limit is {MAX_QUOTE_CHARS}"),
            )
            .hint =
                Some("a talking point is one or two sentences; move the rest into the body".into());
        }
    }
    if let Some(t) = &text {
        figures::check_text(refs, rel, t.pos, &t.value, r.diags);
    }
    let program = r.text("program").map(|t| t.value);
    let teams = r.strings("teams").unwrap_or_default();
    for t in &teams {
        figures::check_team(refs, rel, t.pos, &t.value, r.diags);
    }
    let teams = teams.into_iter().map(|t| t.value).collect();
    let source = r.text("source");
    if let Some(s) = &source {
        figures::check_source(refs, rel, s.pos, &s.value, r.diags);
    }
    let source = source.map(|t| t.value);
    let translation_of = r.text("translation_of").map(|t| t.value);
    let draft = r.bool("draft").unwrap_or(false);
    let schedule = read_schedule(&mut r, ctx);
    let text = text.filter(|t| t.value.chars().count() <= MAX_QUOTE_CHARS)?;
    Some(TalkingPointSource {
        path: rel.to_path_buf(),
        translation_key: translation_of.unwrap_or_else(|| base.clone()),
        slug,
        lang: lang.unwrap_or_else(|| ctx.default_language.clone()),
        text: text.value,
        program,
        teams,
        source,
        schedule,
        draft,
        background: parsed.body,
    })
}

fn read_schedule(r: &mut Reader<'_>, ctx: &SiteContext) -> Schedule {
    let publish = date_field(r, "publish_at", ctx.zone);
    let expires = date_field(r, "expires_at", ctx.zone);
    if let (Some((p, _, _)), Some((e, pos, _))) = (&publish, &expires) {
        if e <= p {
            r.error(
                "expires-before-publish",
                *pos,
                "`expires_at` must be after `publish_at`",
            )
            .hint = Some("a talking point is shown from publish_at until expires_at".into());
        }
    }
    Schedule {
        publish_at: publish.map(|(i, _, _)| i),
        expires_at: expires.map(|(i, _, _)| i),
    }
}
