//! The rules that span files: duplicate slugs (naming both files) and translations
//! (`translation_of` must name an existing original of the same kind in another
//! language; one translation per language).

use std::collections::BTreeMap;
use std::path::Path;

use super::fields::{self, Pos};
use super::read_limited;
use crate::diagnostics::{self, Diagnostic};
use crate::front_matter::split;
use crate::{Document, Project};
use impactwall_model::Kind;

/// Where `key`'s value is written in a file's header, for cross-file diagnostics
/// (documents do not keep positions). Falls back to the first line.
pub(super) fn value_position(root: &Path, rel: &Path, key: &str, max_bytes: u64) -> Pos {
    written_at(root, rel, key, max_bytes).unwrap_or(Pos::new(1, 1))
}

/// Where `key` is written in a file's header, if it is.
fn written_at(root: &Path, rel: &Path, key: &str, max_bytes: u64) -> Option<Pos> {
    let bytes = read_limited(root, &root.join(rel), max_bytes).ok()?;
    let parts = split(&bytes).ok()?;
    for (i, line) in parts.front.lines().enumerate() {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix(key) else {
            continue;
        };
        let after = rest.trim_start();
        if let Some(value) = after.strip_prefix('=').or_else(|| after.strip_prefix(':')) {
            let col = line.chars().count() - value.trim_start().chars().count() + 1;
            return Some(Pos::new(parts.front_line + i, col));
        }
    }
    None
}

fn kind_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Story => "story",
        Kind::Thanks => "thank-you message",
        Kind::Event => "event",
    }
}

/// Rules that span files: duplicate slugs (naming both files) and translations
/// (`translation_of` must name an existing original of the same kind in another
/// language; one translation per language).
pub fn check_project(project: &Project) -> Vec<Diagnostic> {
    check_documents(
        &project.root,
        &project.documents,
        project.site.limits.max_file_bytes,
    )
}

pub(super) fn check_documents(root: &Path, documents: &[Document], max: u64) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut docs: Vec<&Document> = documents.iter().collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let by_slug = check_slugs(root, &docs, max, &mut diags);
    check_translations(root, &docs, &by_slug, max, &mut diags);
    diagnostics::sort(&mut diags);
    diags
}

/// Each document by kind and slug: the first of each, in path order.
type BySlug<'d> = BTreeMap<(Kind, &'d str), &'d Document>;

/// Reports duplicate slugs of a kind, naming both files.
fn check_slugs<'d>(
    root: &Path,
    docs: &[&'d Document],
    max: u64,
    diags: &mut Vec<Diagnostic>,
) -> BySlug<'d> {
    let mut by_slug: BySlug<'d> = BTreeMap::new();
    for doc in docs {
        let meta = doc.item.meta();
        let Some(first) = by_slug.get(&(doc.kind, meta.slug.as_str())) else {
            by_slug.insert((doc.kind, meta.slug.as_str()), doc);
            continue;
        };
        // Report on the file that wrote the slug out, if only one did: that is
        // usually the copy that kept a slug it should have changed.
        let (here, other, pos) = match (
            written_at(root, &doc.path, "slug", max),
            written_at(root, &first.path, "slug", max),
        ) {
            (None, Some(pos)) => (*first, *doc, pos),
            (Some(pos), _) => (*doc, *first, pos),
            (None, None) => (*doc, *first, Pos::new(1, 1)),
        };
        diags.push(
            Diagnostic::error(
                "duplicate-slug",
                &here.path,
                format!(
                    "slug `{}` is also used by {}",
                    meta.slug,
                    other.path.display()
                ),
            )
            .at(pos.line, pos.col)
            .hint("every item of a kind needs its own slug: rename one file or set `slug`"),
        );
    }
    by_slug
}

/// `translation_of` must name an existing original of the same kind in another
/// language, and each language has one version of it.
fn check_translations<'d>(
    root: &Path,
    docs: &[&'d Document],
    by_slug: &BySlug<'d>,
    max: u64,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen_versions: BTreeMap<(Kind, &str, &str), &Document> = BTreeMap::new();
    for doc in docs {
        let meta = doc.item.meta();
        if meta.translation_key == meta.slug {
            continue;
        }
        let pos = value_position(root, &doc.path, "translation_of", max);
        let Some(original) = by_slug.get(&(doc.kind, meta.translation_key.as_str())) else {
            diags.push(no_original(doc, by_slug).at(pos.line, pos.col));
            continue;
        };
        let problem = version_problem(doc, original, &mut seen_versions);
        diags.extend(problem.map(|d| d.at(pos.line, pos.col)));
    }
}

/// What is wrong with `doc` as a version of `original`, if anything: the same
/// language, an original that is itself a translation, or a second version in one
/// language (`seen` holds the first of each).
fn version_problem<'d>(
    doc: &'d Document,
    original: &Document,
    seen: &mut BTreeMap<(Kind, &'d str, &'d str), &'d Document>,
) -> Option<Diagnostic> {
    let meta = doc.item.meta();
    let orig = original.item.meta();
    if orig.lang == meta.lang {
        Some(
            Diagnostic::error(
                "bad-translation",
                &doc.path,
                format!(
                    "this translates {}, which is in the same language (`{}`)",
                    original.path.display(),
                    meta.lang
                ),
            )
            .hint("set `lang` to the language this version is written in"),
        )
    } else if orig.translation_key != orig.slug {
        Some(Diagnostic::error(
            "bad-translation",
            &doc.path,
            format!(
                "{} is itself a translation; point at the original `{}`",
                original.path.display(),
                orig.translation_key
            ),
        ))
    } else {
        let key = (doc.kind, meta.translation_key.as_str(), meta.lang.as_str());
        match seen.get(&key) {
            Some(other) => Some(Diagnostic::error(
                "duplicate-translation",
                &doc.path,
                format!(
                    "{} is already the `{}` version of `{}`",
                    other.path.display(),
                    meta.lang,
                    meta.translation_key
                ),
            )),
            None => {
                seen.insert(key, doc);
                None
            }
        }
    }
}

/// A translation of a slug no item of its kind has, with the likely intended one.
fn no_original(doc: &Document, by_slug: &BySlug<'_>) -> Diagnostic {
    let meta = doc.item.meta();
    let noun = kind_noun(doc.kind);
    let slugs: Vec<&str> = by_slug
        .keys()
        .filter(|(k, s)| *k == doc.kind && *s != meta.slug)
        .map(|(_, s)| *s)
        .collect();
    let d = Diagnostic::error(
        "bad-translation",
        &doc.path,
        format!(
            "this translates `{}`, but there is no {noun} with that slug",
            meta.translation_key
        ),
    );
    match fields::did_you_mean(&meta.translation_key, &slugs) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None => d.hint(format!("`translation_of` names the original {noun}'s slug; a file named `x.es.md` translates `x`")),
    }
}
