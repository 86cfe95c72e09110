//! Loading a content folder: `site.toml`, then every item file, each checked on its
//! own ([`load_project`]), then the rules that span files ([`check_project`]).
//!
//! Reads only inside the content folder, refuses oversized files before reading them,
//! and reports every problem it finds rather than stopping at the first.

pub mod fields;
pub mod item;
pub mod media;
pub mod site;
pub mod slug;
pub mod urls;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::Utc;

use self::fields::{estimate_keys, is_invisible, parse_toml, parse_yaml, Pos};
use self::site::{SiteContext, SITE_FILE};
use super::diagnostics::{self, Diagnostic};
use super::front_matter::{split, SplitError, Syntax};
use super::{Document, LoadReport, Project, SiteSource};
use crate::model::{Instant, Kind};

/// Loads `site.toml` and every item, with the per-file rules. Cross-file rules
/// (duplicate slugs, translations) are [`check_project`]; [`load_and_check`] does both.
pub fn load_project(root: &Path) -> LoadReport {
    load_project_at(root, Utc::now()).0
}

/// A loaded and fully checked folder, plus how many files were read.
#[derive(Debug, Default)]
pub struct Checked {
    pub report: LoadReport,
    /// Files checked: `site.toml` and every item file.
    pub files: usize,
}

/// [`load_project`] followed by [`check_project`], diagnostics sorted. What `check`,
/// `build` and `serve` want.
pub fn load_and_check(root: &Path) -> Checked {
    load_and_check_at(root, Utc::now())
}

/// [`load_and_check`] with a fixed "now" for the warnings that depend on it
/// (`expired`, `event-past`). Cross-file rules run even when `site.toml` is broken,
/// so one pass reports everything.
pub fn load_and_check_at(root: &Path, now: Instant) -> Checked {
    let loaded = load_all(root, now);
    let mut diags = loaded.diagnostics;
    diags.extend(check_documents(
        root,
        &loaded.documents,
        loaded.limits.max_file_bytes,
    ));
    diagnostics::sort(&mut diags);
    let project = loaded.site.map(|site| Project {
        root: root.to_path_buf(),
        site,
        documents: loaded.documents,
    });
    Checked {
        report: LoadReport {
            project,
            diagnostics: diags,
        },
        files: loaded.files,
    }
}

/// [`load_project`] with a fixed "now"; also returns the number of files read.
pub fn load_project_at(root: &Path, now: Instant) -> (LoadReport, usize) {
    let loaded = load_all(root, now);
    let project = loaded.site.map(|site| Project {
        root: root.to_path_buf(),
        site,
        documents: loaded.documents,
    });
    let report = LoadReport {
        project,
        diagnostics: loaded.diagnostics,
    };
    (report, loaded.files)
}

struct Loaded {
    site: Option<SiteSource>,
    limits: super::Limits,
    documents: Vec<Document>,
    diagnostics: Vec<Diagnostic>,
    files: usize,
}

fn load_all(root: &Path, now: Instant) -> Loaded {
    let mut diags = Vec::new();
    if !root.is_dir() {
        diags.push(
            Diagnostic::error(
                "unreadable",
                root,
                format!(
                    "the content folder `{}` does not exist or is not a folder",
                    root.display()
                ),
            )
            .hint(
                "run from your site's folder, or pass the content folder: impactwall check content",
            ),
        );
        return Loaded {
            site: None,
            limits: super::Limits::default(),
            documents: Vec::new(),
            diagnostics: diags,
            files: 0,
        };
    }
    let (site, ctx) = site::load(root, &mut diags);
    let mut files = 1;
    let mut documents = Vec::new();
    for rel in discover(root, &mut diags) {
        files += 1;
        let (doc, d) = load_file(root, &ctx, &rel, now);
        diags.extend(d);
        documents.extend(doc);
    }
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    diagnostics::sort(&mut diags);
    Loaded {
        site,
        limits: ctx.limits,
        documents,
        diagnostics: diags,
        files,
    }
}

/// Loads one item file (`rel` relative to `root`, e.g. `stories/rosa.md`) with the
/// per-file rules; for incremental rebuilds.
pub fn load_document(
    root: &Path,
    site: &SiteSource,
    rel: &Path,
) -> (Option<Document>, Vec<Diagnostic>) {
    load_file(root, &SiteContext::from_source(site), rel, Utc::now())
}

fn kind_of_dir(name: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.dir() == name)
}

fn ignored(name: &str) -> bool {
    name.starts_with('.') || name == "README.md"
}

fn sorted_entries(dir: &Path) -> Vec<std::fs::DirEntry> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).collect())
        .unwrap_or_default();
    entries.sort_by_key(|e| e.file_name());
    entries
}

fn stray(rel: &Path, what: &str) -> Diagnostic {
    Diagnostic::warning("stray-file", rel, format!("{what} is not read"))
        .hint("items go in stories/, thanks/ or events/ as .md files; media go in media/")
}

/// The item files of a content folder, content-relative, sorted; warns about
/// everything else that looks like it was meant to be content.
fn discover(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in sorted_entries(root) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = PathBuf::from(&name);
        if ignored(&name) || name == SITE_FILE {
            continue;
        }
        let is_dir = entry.path().is_dir();
        if name == "media" && is_dir {
            if let Err(d) = inside_root(root, &entry.path()) {
                diags.push(d.into_diagnostic(&rel));
            }
            continue;
        }
        let Some(kind) = kind_of_dir(&name).filter(|_| is_dir) else {
            let what = if is_dir {
                format!("the folder `{name}/`")
            } else {
                format!("`{name}`")
            };
            diags.push(stray(&rel, &what));
            continue;
        };
        if let Err(d) = inside_root(root, &entry.path()) {
            diags.push(d.into_diagnostic(&rel));
            continue;
        }
        for file in sorted_entries(&entry.path()) {
            let fname = file.file_name().to_string_lossy().into_owned();
            // Always `/`-separated, whatever the platform.
            let frel = PathBuf::from(format!("{}/{fname}", kind.dir()));
            if ignored(&fname) {
                continue;
            }
            if file.path().is_dir() {
                diags.push(stray(
                    &frel,
                    &format!("the folder `{}/{fname}/`", kind.dir()),
                ));
            } else if fname.ends_with(".md") {
                out.push(frel);
            } else {
                let d = stray(&frel, &format!("`{}/{fname}`", kind.dir()));
                let d = if fname.to_ascii_lowercase().ends_with(".md")
                    || fname.ends_with(".markdown")
                {
                    d.hint("item files must end in .md (lower case)")
                } else {
                    d
                };
                diags.push(d);
            }
        }
    }
    out
}

/// A problem reading a file, before its content is looked at.
#[derive(Debug)]
pub struct ReadProblem {
    code: &'static str,
    message: String,
    hint: Option<String>,
}

impl ReadProblem {
    pub fn into_diagnostic(self, rel: &Path) -> Diagnostic {
        let d = Diagnostic::error(self.code, rel, self.message);
        match self.hint {
            Some(h) => d.hint(h),
            None => d,
        }
    }
}

/// Refuses paths (symlinks included) that resolve outside the content folder.
fn inside_root(root: &Path, path: &Path) -> Result<(), ReadProblem> {
    let (Ok(base), Ok(target)) = (std::fs::canonicalize(root), std::fs::canonicalize(path)) else {
        return Err(ReadProblem {
            code: "unreadable",
            message: "cannot be read (a broken link?)".into(),
            hint: None,
        });
    };
    if target.starts_with(&base) {
        Ok(())
    } else {
        Err(ReadProblem {
            code: "outside-content",
            message: "is a link to something outside the content folder".into(),
            hint: Some("copy the file into the content folder instead of linking to it".into()),
        })
    }
}

/// Reads a file inside `root`, refusing links out of it, non-files (a pipe would block
/// forever) and files over `max_bytes` (checked before reading, and again while
/// reading in case the file grows).
pub fn read_limited(root: &Path, path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadProblem> {
    let link = std::fs::symlink_metadata(path).map_err(|e| ReadProblem {
        code: if e.kind() == std::io::ErrorKind::NotFound {
            "missing-file"
        } else {
            "unreadable"
        },
        message: format!("cannot be read: {e}"),
        hint: None,
    })?;
    if link.file_type().is_symlink() {
        inside_root(root, path)?;
    }
    let meta = std::fs::metadata(path).map_err(|e| ReadProblem {
        code: "unreadable",
        message: format!("cannot be read: {e}"),
        hint: None,
    })?;
    if !meta.is_file() {
        return Err(ReadProblem {
            code: "unreadable",
            message: "is not a regular file".into(),
            hint: None,
        });
    }
    let too_large = |len: u64| ReadProblem {
        code: "file-too-large",
        message: format!(
            "the file is {} KB; the limit is {} KB",
            len.div_ceil(1024),
            max_bytes / 1024
        ),
        hint: Some(
            "split it, move long text out, or raise [limits] max_file_kb in site.toml".into(),
        ),
    };
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| ReadProblem {
        code: "unreadable",
        message: format!("cannot be read: {e}"),
        hint: None,
    })?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadProblem {
            code: "unreadable",
            message: format!("cannot be read: {e}"),
            hint: None,
        })?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn minimal_header(kind: Kind) -> &'static str {
    match kind {
        Kind::Story => "a line `+++`, then `title = \"…\"` and `date = 2027-03-14` on lines of their own, then `+++`",
        Kind::Thanks => "a line `+++`, then `from = \"…\"`, `to = \"…\"`, `date = 2027-03-14` and `medium = \"letter\"` on lines of their own, then `+++`",
        Kind::Event => "a line `+++`, then `title = \"…\"` and `starts = 2027-04-10T10:00` on lines of their own, then `+++`",
    }
}

/// Loads one item file with the per-file rules.
pub(crate) fn load_file(
    root: &Path,
    ctx: &SiteContext,
    rel: &Path,
    now: Instant,
) -> (Option<Document>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let kind = rel
        .components()
        .next()
        .and_then(|c| kind_of_dir(&c.as_os_str().to_string_lossy()));
    let Some(kind) = kind else {
        diags.push(stray(rel, &format!("`{}`", rel.display())));
        return (None, diags);
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.chars().any(is_invisible) {
        diags.push(
            Diagnostic::error(
                "invisible-char",
                rel,
                format!(
                    "the file name contains invisible characters ({})",
                    fields::describe_invisible(&name)
                ),
            )
            .hint("rename the file using only a-z, 0-9 and hyphens"),
        );
    }
    let bytes = match read_limited(root, &root.join(rel), ctx.limits.max_file_bytes) {
        Ok(b) => b,
        Err(p) => {
            diags.push(p.into_diagnostic(rel));
            return (None, diags);
        }
    };
    let parts = match split(&bytes) {
        Ok(p) => p,
        Err(e) => {
            let d = match e {
                SplitError::NotUtf8 { line, column } => {
                    Diagnostic::error("not-utf8", rel, e.to_string())
                        .at(line, column)
                        .hint("save the file as UTF-8 (most editors: File → Save with encoding)")
                }
                SplitError::Empty => Diagnostic::error("empty-file", rel, e.to_string())
                    .hint(format!("start it with a header: {}", minimal_header(kind))),
                SplitError::NoFrontMatter => {
                    Diagnostic::error("no-front-matter", rel, e.to_string())
                        .expected("a first line of +++ (TOML) or --- (YAML)")
                        .hint(format!(
                            "start the file with a header: {}",
                            minimal_header(kind)
                        ))
                }
                SplitError::Unclosed { syntax, line } => {
                    Diagnostic::error("unclosed-front-matter", rel, e.to_string())
                        .at(line, 1)
                        .hint(format!(
                            "end the header with a line containing only {}",
                            syntax.fence()
                        ))
                }
            };
            diags.push(d);
            return (None, diags);
        }
    };
    let fence = Pos::new(parts.fence_line, 1);
    let too_many = |count: usize| {
        Diagnostic::error(
            "too-many-keys",
            rel,
            format!(
                "the header has {count} keys; the limit is {}",
                ctx.limits.max_keys
            ),
        )
        .at(fence.line, fence.col)
        .hint("an item needs a few dozen keys at most; was something pasted in by mistake?")
    };
    let estimate = estimate_keys(&parts.front, parts.syntax);
    if estimate > ctx.limits.max_keys {
        diags.push(too_many(estimate));
        return (None, diags);
    }
    let parsed = match parts.syntax {
        Syntax::Toml => parse_toml(&parts.front, parts.front_line),
        Syntax::Yaml => parse_yaml(&parts.front, parts.front_line),
    };
    let table = match parsed {
        Ok(t) => t,
        Err(errors) => {
            let (code, hint) = match parts.syntax {
                Syntax::Toml => (
                    "toml-syntax",
                    "the +++ header is TOML: key = \"value\", one per line",
                ),
                Syntax::Yaml => (
                    "yaml-syntax",
                    "the --- header is YAML: key: value, one per line",
                ),
            };
            for e in errors {
                diags.push(
                    Diagnostic::error(code, rel, e.message)
                        .at(e.pos.line, e.pos.col)
                        .hint(hint),
                );
            }
            return (None, diags);
        }
    };
    let count = table.count_keys();
    if count > ctx.limits.max_keys {
        diags.push(too_many(count));
        return (None, diags);
    }
    let input = item::ItemInput {
        root,
        ctx,
        rel,
        kind,
        table: &table,
        fence,
        body: &parts.body,
        now,
    };
    let loaded = item::read(&input, &mut diags);
    let doc = loaded.map(|(item, draft)| Document {
        kind,
        path: rel.to_path_buf(),
        draft,
        item,
        body: parts.body,
        body_line: parts.body_line,
    });
    (doc, diags)
}

/// Where `key`'s value is written in a file's header, for cross-file diagnostics
/// (documents do not keep positions). Falls back to the first line.
fn value_position(root: &Path, rel: &Path, key: &str, max_bytes: u64) -> Pos {
    let fallback = Pos::new(1, 1);
    let Ok(bytes) = read_limited(root, &root.join(rel), max_bytes) else {
        return fallback;
    };
    let Ok(parts) = split(&bytes) else {
        return fallback;
    };
    for (i, line) in parts.front.lines().enumerate() {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix(key) else {
            continue;
        };
        let after = rest.trim_start();
        if let Some(value) = after.strip_prefix('=').or_else(|| after.strip_prefix(':')) {
            let col = line.chars().count() - value.trim_start().chars().count() + 1;
            return Pos::new(parts.front_line + i, col);
        }
    }
    fallback
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

fn check_documents(root: &Path, documents: &[Document], max: u64) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut docs: Vec<&Document> = documents.iter().collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));

    let mut by_slug: BTreeMap<(Kind, &str), &Document> = BTreeMap::new();
    for doc in &docs {
        let meta = doc.item.meta();
        match by_slug.get(&(doc.kind, meta.slug.as_str())) {
            Some(first) => {
                let pos = value_position(root, &doc.path, "slug", max);
                diags.push(
                    Diagnostic::error(
                        "duplicate-slug",
                        &doc.path,
                        format!(
                            "slug `{}` is also used by {}",
                            meta.slug,
                            first.path.display()
                        ),
                    )
                    .at(pos.line, pos.col)
                    .hint("every item of a kind needs its own slug: rename one file or set `slug`"),
                );
            }
            None => {
                by_slug.insert((doc.kind, meta.slug.as_str()), doc);
            }
        }
    }

    let mut seen_versions: BTreeMap<(Kind, &str, &str), &Document> = BTreeMap::new();
    for doc in &docs {
        let meta = doc.item.meta();
        if meta.translation_key == meta.slug {
            continue;
        }
        let pos = value_position(root, &doc.path, "translation_of", max);
        let noun = kind_noun(doc.kind);
        match by_slug.get(&(doc.kind, meta.translation_key.as_str())) {
            None => {
                let slugs: Vec<&str> = by_slug
                    .keys()
                    .filter(|(k, s)| *k == doc.kind && *s != meta.slug)
                    .map(|(_, s)| *s)
                    .collect();
                let mut d = Diagnostic::error(
                    "bad-translation",
                    &doc.path,
                    format!(
                        "this translates `{}`, but there is no {noun} with that slug",
                        meta.translation_key
                    ),
                )
                .at(pos.line, pos.col);
                d = match fields::did_you_mean(&meta.translation_key, &slugs) {
                    Some(best) => d.hint(format!("did you mean `{best}`?")),
                    None => d.hint(format!("`translation_of` names the original {noun}'s slug; a file named `x.es.md` translates `x`")),
                };
                diags.push(d);
            }
            Some(original) => {
                let orig = original.item.meta();
                if orig.lang == meta.lang {
                    diags.push(
                        Diagnostic::error(
                            "bad-translation",
                            &doc.path,
                            format!(
                                "this translates {}, which is in the same language (`{}`)",
                                original.path.display(),
                                meta.lang
                            ),
                        )
                        .at(pos.line, pos.col)
                        .hint("set `lang` to the language this version is written in"),
                    );
                } else if orig.translation_key != orig.slug {
                    diags.push(
                        Diagnostic::error(
                            "bad-translation",
                            &doc.path,
                            format!(
                                "{} is itself a translation; point at the original `{}`",
                                original.path.display(),
                                orig.translation_key
                            ),
                        )
                        .at(pos.line, pos.col),
                    );
                } else {
                    let key = (doc.kind, meta.translation_key.as_str(), meta.lang.as_str());
                    match seen_versions.get(&key) {
                        Some(other) => diags.push(
                            Diagnostic::error(
                                "duplicate-translation",
                                &doc.path,
                                format!(
                                    "{} is already the `{}` version of `{}`",
                                    other.path.display(),
                                    meta.lang,
                                    meta.translation_key
                                ),
                            )
                            .at(pos.line, pos.col),
                        ),
                        None => {
                            seen_versions.insert(key, doc);
                        }
                    }
                }
            }
        }
    }
    diagnostics::sort(&mut diags);
    diags
}
