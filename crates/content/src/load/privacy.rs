//! `[privacy]` in `site.toml`: what published pages (and feeds) may load from other
//! sites. Today one key: `remote_images = "block" | "allow"` (default `block`).

use super::fields::{did_you_mean, Reader};
use crate::Limits;

pub(super) const PRIVACY_KEYS: [&str; 1] = ["remote_images"];
const REMOTE_IMAGES: [&str; 2] = ["block", "allow"];

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
    let Some(t) = pr.text("remote_images") else {
        return;
    };
    match t.value.to_ascii_lowercase().as_str() {
        "block" => limits.allow_remote_images = false,
        "allow" => limits.allow_remote_images = true,
        other => {
            let hint = did_you_mean(other, &REMOTE_IMAGES).map(|b| format!("did you mean `{b}`?"));
            let d = pr.error(
                "bad-remote-images",
                t.pos,
                format!(
                    "`remote_images` must be \"block\" or \"allow\", found `{}`",
                    t.value
                ),
            );
            d.expected = Some("\"block\" | \"allow\"".into());
            d.hint = hint;
        }
    }
}
