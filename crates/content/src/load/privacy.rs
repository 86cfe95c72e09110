//! `[privacy]` in `site.toml`: what published pages (and feeds) may load from other
//! sites, `remote_images = "block" | "allow"` (default `block`), and whether search
//! engines may index the site, `search_engines = "allow" | "block"` (default `allow`;
//! `block` writes a `robots.txt` that disallows everything and `noindex` on every page,
//! for an internal site).

use super::fields::{did_you_mean, Reader};
use crate::Limits;

pub(super) const PRIVACY_KEYS: [&str; 2] = ["remote_images", "search_engines"];
const CHOICES: [&str; 2] = ["block", "allow"];

/// Reads the `[privacy]` table of `r` (if any) into `limits`.
pub(super) fn read_privacy(r: &mut Reader<'_>, limits: &mut Limits) {
    let Some(table) = r.table("privacy") else {
        return;
    };
    let anchor = table.entries.first().map_or(r.anchor, |(k, _)| k.pos);
    let mut pr = Reader {
        table,
        file: r.file,
        anchor,
        max_chars: r.max_chars,
        diags: r.diags,
    };
    pr.unknown_keys(&PRIVACY_KEYS, &[]);
    if let Some(allow) = read_choice(&mut pr, "remote_images", "bad-remote-images") {
        limits.allow_remote_images = allow;
    }
    if let Some(allow) = read_choice(&mut pr, "search_engines", "bad-search-engines") {
        limits.allow_search_engines = allow;
    }
}

/// `key = "block" | "allow"`: `Some(true)` for allow; a wrong value is reported.
fn read_choice(pr: &mut Reader<'_>, key: &str, code: &'static str) -> Option<bool> {
    let t = pr.text(key)?;
    match t.value.to_ascii_lowercase().as_str() {
        "block" => Some(false),
        "allow" => Some(true),
        other => {
            let hint = did_you_mean(other, &CHOICES).map(|b| format!("did you mean `{b}`?"));
            let d = pr.error(
                code,
                t.pos,
                format!(
                    "`{key}` must be \"block\" or \"allow\", found `{}`",
                    t.value
                ),
            );
            d.expected = Some("\"block\" | \"allow\"".into());
            d.hint = hint;
            None
        }
    }
}
