//! Reading the header and body of a team or talking-point file, with the same limits
//! and diagnostics as items.

use std::path::{Path, PathBuf};

use super::super::fields::{Pos, Table};
use super::super::site::SiteContext;
use super::super::{check_file_name, inside_root, parse_header, read_limited, sorted_entries};
use crate::diagnostics::Diagnostic;
use crate::front_matter::{split, SplitError};

/// A parsed file: its header, where the header starts, and the body.
pub struct Parsed {
    pub table: Table,
    pub fence: Pos,
    pub body: String,
}

/// The `.md` files of `root/dir`, content-relative and sorted; anything else is a
/// stray-file warning.
pub fn files_in(root: &Path, dir: &str, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let path = root.join(dir);
    if !path.is_dir() {
        return Vec::new();
    }
    if let Err(p) = inside_root(root, &path) {
        diags.push(p.into_diagnostic(Path::new(dir)));
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in sorted_entries(&path) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        let rel = PathBuf::from(format!("{dir}/{name}"));
        if name.ends_with(".md") && entry.path().is_file() {
            out.push(rel);
        } else {
            diags.push(
                Diagnostic::warning("stray-file", &rel, format!("`{dir}/{name}` is not read"))
                    .hint(format!("{dir}/ holds .md files only")),
            );
        }
    }
    out
}

/// Reads and parses one file's header; `None` (with diagnostics) when unusable.
pub fn read(
    root: &Path,
    ctx: &SiteContext,
    rel: &Path,
    start: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed> {
    check_file_name(rel, diags);
    let bytes = match read_limited(root, &root.join(rel), ctx.limits.max_file_bytes) {
        Ok(b) => b,
        Err(p) => {
            diags.push(p.into_diagnostic(rel));
            return None;
        }
    };
    let parts = match split(&bytes) {
        Ok(p) => p,
        Err(e) => {
            let d = Diagnostic::error(split_code(&e), rel, e.to_string());
            let d = match e {
                SplitError::NotUtf8 { line, column } => d.at(line, column),
                SplitError::Unclosed { line, .. } => d.at(line, 1),
                _ => d,
            };
            diags.push(d.hint(format!("start the file with a header: {start}")));
            return None;
        }
    };
    let table = parse_header(&parts, rel, &ctx.limits, diags)?;
    Some(Parsed {
        table,
        fence: Pos::new(parts.fence_line, 1),
        body: parts.body,
    })
}

fn split_code(e: &SplitError) -> &'static str {
    match e {
        SplitError::NotUtf8 { .. } => "not-utf8",
        SplitError::Empty => "empty-file",
        SplitError::NoFrontMatter => "no-front-matter",
        SplitError::Unclosed { .. } => "unclosed-front-matter",
    }
}

/// The file's stem without `.md`, split into base name and a site-language suffix
/// (`phones.nl` → `phones`, `nl`).
pub fn stem_and_lang(rel: &Path, ctx: &SiteContext) -> (String, Option<String>) {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name).to_owned();
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if ctx
            .languages
            .as_deref()
            .is_some_and(|l| l.iter().any(|x| x == suffix))
        {
            return (base.to_owned(), Some(suffix.to_owned()));
        }
    }
    (stem, None)
}
