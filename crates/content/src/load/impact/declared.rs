//! `[metrics.<name>]` and `[[equivalences]]` in `site.toml`.
//!
//! `site.toml` is read again here (it is small) so the site loader stays as it is;
//! when it does not parse, the site loader has already said why.

use std::path::Path;

use super::super::fields::{parse_toml, Pos, Reader, Table, Val};
use super::super::site::{check_lang, SiteContext, SITE_FILE};
use crate::diagnostics::Diagnostic;
use crate::front_matter::decode;
use impactwall_model::impact::{Equivalence, MetricInfo, Translated, PEOPLE_HELPED};

const METRIC_KEYS: [&str; 3] = ["label", "unit", "translations"];
const METRIC_TRANSLATION_KEYS: [&str; 2] = ["label", "unit"];
const EQUIVALENCE_KEYS: [&str; 5] = ["metric", "per", "text", "text_plural", "translations"];
const EQUIVALENCE_TRANSLATION_KEYS: [&str; 2] = ["text", "text_plural"];

/// `people_helped` needs no declaration; these labels are used unless `site.toml`
/// declares its own.
fn people_helped() -> MetricInfo {
    let label = [
        ("en", "people helped"),
        ("es", "personas ayudadas"),
        ("nl", "geholpen mensen"),
    ];
    MetricInfo {
        name: PEOPLE_HELPED.into(),
        label: label
            .iter()
            .map(|(l, t)| ((*l).to_owned(), (*t).to_owned()))
            .collect(),
        unit: Translated::new(),
    }
}

/// A metric name is used in `{name.period}`: lower-case letters, digits, underscores.
pub fn is_metric_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

pub fn read(
    root: &Path,
    ctx: &SiteContext,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<MetricInfo>, Vec<Equivalence>) {
    let mut metrics = vec![people_helped()];
    let Some(table) = site_table(root) else {
        return (metrics, Vec::new());
    };
    let mut r = Reader {
        table: &table,
        file: Path::new(SITE_FILE),
        anchor: Pos::new(1, 1),
        max_chars: ctx.limits.max_field_chars,
        diags,
    };
    if let Some(t) = r.table("metrics") {
        for (key, node) in &t.entries {
            let Some(m) = read_metric(&mut r, ctx, &key.name, key.pos, node) else {
                continue;
            };
            match metrics.iter_mut().find(|x| x.name == m.name) {
                Some(existing) => *existing = m,
                None => metrics.push(m),
            }
        }
    }
    let names: Vec<String> = metrics.iter().map(|m| m.name.clone()).collect();
    let mut equivalences = Vec::new();
    for (t, pos) in r.tables("equivalences").unwrap_or_default() {
        let mut er = r.nested(t, pos);
        equivalences.extend(read_equivalence(&mut er, ctx, &names));
    }
    (metrics, equivalences)
}

fn site_table(root: &Path) -> Option<Table> {
    let bytes = std::fs::read(root.join(SITE_FILE)).ok()?;
    let text = decode(&bytes).ok()?;
    parse_toml(&text, 1).ok()
}

fn read_metric(
    r: &mut Reader<'_>,
    ctx: &SiteContext,
    name: &str,
    pos: Pos,
    node: &super::super::fields::Node,
) -> Option<MetricInfo> {
    if !is_metric_name(name) {
        r.error(
            "bad-metric",
            pos,
            format!("metric name `{name}` must be lower-case letters, digits and underscores"),
        )
        .hint = Some("it is written in text as {calls_answered.this_month}".into());
        return None;
    }
    let Val::Table(t) = &node.val else {
        r.error(
            "wrong-type",
            node.pos,
            format!("`metrics.{name}` must be a table"),
        )
        .expected = Some(format!("[metrics.{name}] with label = \"…\""));
        return None;
    };
    let mut mr = r.nested(t, pos);
    mr.unknown_keys(&METRIC_KEYS, &[]);
    let label = mr.required_text("label", "calls answered");
    let unit = mr.text("unit");
    let mut info = MetricInfo {
        name: name.to_owned(),
        ..MetricInfo::default()
    };
    info.label
        .insert(ctx.default_language.clone(), label?.value);
    if let Some(u) = unit {
        info.unit.insert(ctx.default_language.clone(), u.value);
    }
    for (lang, tt) in translations(&mut mr, ctx) {
        let mut tr = mr.nested(tt, Pos::new(1, 1));
        tr.unknown_keys(&METRIC_TRANSLATION_KEYS, &[]);
        if let Some(l) = tr.text("label") {
            info.label.insert(lang.clone(), l.value);
        }
        if let Some(u) = tr.text("unit") {
            info.unit.insert(lang, u.value);
        }
    }
    Some(info)
}

/// `[….translations.<lang>]` tables whose language is one of the site's.
fn translations<'a>(r: &mut Reader<'a>, ctx: &SiteContext) -> Vec<(String, &'a Table)> {
    let mut out = Vec::new();
    let Some(t) = r.table("translations") else {
        return out;
    };
    for (key, node) in &t.entries {
        let lang = super::super::fields::Text {
            value: key.name.clone(),
            pos: key.pos,
        };
        let known = check_lang(r, &lang, ctx.languages.as_deref()).is_some();
        match &node.val {
            Val::Table(tt) if known => out.push((key.name.clone(), tt)),
            Val::Table(_) => {}
            _ => {
                r.error(
                    "wrong-type",
                    node.pos,
                    format!("`translations.{}` must be a table", key.name),
                );
            }
        }
    }
    out
}

fn read_equivalence(
    r: &mut Reader<'_>,
    ctx: &SiteContext,
    metrics: &[String],
) -> Option<Equivalence> {
    r.unknown_keys(&EQUIVALENCE_KEYS, &[]);
    let metric = r.required_text("metric", "people_helped");
    if let Some(m) = &metric {
        if !metrics.contains(&m.value) {
            let names: Vec<&str> = metrics.iter().map(String::as_str).collect();
            let d = r.error(
                "unknown-metric",
                m.pos,
                format!("`{}` is not a metric", m.value),
            );
            d.hint = Some(match super::super::fields::did_you_mean(&m.value, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "declare it as [metrics.{}] in site.toml, or use one of: {}",
                    m.value,
                    names.join(", ")
                ),
            });
        }
    }
    let per = read_per(r);
    let text = r.required_text("text", "a full bus of travellers home safe");
    let plural = r.required_text("text_plural", "{count} full buses of travellers home safe");
    if let Some(p) = &plural {
        if !p.value.contains("{count}") {
            r.error(
                "missing-count",
                p.pos,
                "`text_plural` must contain {count}, where the number goes",
            )
            .expected = Some("text_plural = \"{count} full buses of travellers home safe\"".into());
        }
    }
    let mut e = Equivalence {
        metric: metric.filter(|m| metrics.contains(&m.value))?.value,
        per: per?,
        ..Equivalence::default()
    };
    e.one.insert(ctx.default_language.clone(), text?.value);
    e.many.insert(ctx.default_language.clone(), plural?.value);
    for (lang, tt) in translations(r, ctx) {
        let mut tr = r.nested(tt, Pos::new(1, 1));
        tr.unknown_keys(&EQUIVALENCE_TRANSLATION_KEYS, &[]);
        if let Some(t) = tr.text("text") {
            e.one.insert(lang.clone(), t.value);
        }
        if let Some(t) = tr.text("text_plural") {
            e.many.insert(lang, t.value);
        }
    }
    Some(e)
}

/// `per`: a positive number, whole or decimal.
fn read_per(r: &mut Reader<'_>) -> Option<f64> {
    let Some(node) = r.node("per") else {
        let anchor = r.anchor;
        r.diags.push(
            Diagnostic::error("missing-field", r.file, "`per` is required")
                .at(anchor.line, anchor.col)
                .expected("per = 40: how much of the metric makes one"),
        );
        return None;
    };
    let value = match node.val {
        Val::Int(n) => n as f64,
        Val::Float(f) => f,
        _ => {
            r.error(
                "wrong-type",
                node.pos,
                format!("`per` must be a number, found {}", node.val.type_name()),
            );
            return None;
        }
    };
    if value.is_finite() && value > 0.0 {
        Some(value)
    } else {
        r.error(
            "out-of-range",
            node.pos,
            format!("`per` must be more than 0, found {value}"),
        );
        None
    }
}
