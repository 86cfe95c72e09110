//! Loading a content folder: `site.toml`, then every item file, each checked on its
//! own ([`load_project`]), then the rules that span files ([`check_project`]).
//!
//! Reads only inside the content folder, refuses oversized files before reading them,
//! and reports every problem it finds rather than stopping at the first.

mod cross_file;
pub mod fields;
pub mod impact;
pub mod item;
pub mod media;
pub mod nesting;
mod privacy;
pub mod site;
pub mod slug;
pub mod urls;
pub mod yaml;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::Utc;

use self::cross_file::check_documents;
pub use self::cross_file::check_project;
use self::fields::{estimate_keys, is_invisible, parse_toml, parse_yaml_within, Pos};
use self::site::{SiteContext, SITE_FILE};
use super::diagnostics::{self, Diagnostic};
use super::front_matter::{split, Split, SplitError, Syntax};
use super::{Document, Limits, LoadReport, Project, SiteSource};
use impactwall_model::{Instant, Kind};

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
        impact: loaded.impact,
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
        impact: loaded.impact,
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
    impact: impact::ImpactSource,
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
            impact: impact::ImpactSource::default(),
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
    let playlist_teams: Vec<String> = site
        .iter()
        .flat_map(|s| &s.info.wall.playlists)
        .flat_map(|p| p.teams.iter().cloned())
        .collect();
    let impact = impact::load(root, &ctx, &documents, &playlist_teams, &mut diags);
    files += impact.files;
    diagnostics::sort(&mut diags);
    Loaded {
        site,
        limits: ctx.limits,
        documents,
        impact,
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
        if ignored(&name) || name == SITE_FILE || impact::DIRS.contains(&name.as_str()) {
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
        let strays = discover_kind(kind, &entry.path(), &mut out, diags);
        diags.extend(summarise_strays(kind, strays));
    }
    out
}

/// Adds the item files of one kind's folder to `out`; returns the warnings about
/// what else is in it.
fn discover_kind(
    kind: Kind,
    dir: &Path,
    out: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut strays = Vec::new();
    for file in sorted_entries(dir) {
        let Some(fname) = file.file_name().to_str().map(str::to_owned) else {
            let shown = file.file_name().to_string_lossy().into_owned();
            diags.push(
                Diagnostic::error(
                    "bad-file-name",
                    format!("{}/{shown}", kind.dir()),
                    "the file name is not valid UTF-8",
                )
                .hint("rename the file using only a-z, 0-9 and hyphens"),
            );
            continue;
        };
        // Always `/`-separated, whatever the platform.
        let frel = PathBuf::from(format!("{}/{fname}", kind.dir()));
        if ignored(&fname) {
            continue;
        }
        if file.path().is_dir() {
            strays.push(stray(
                &frel,
                &format!("the folder `{}/{fname}/`", kind.dir()),
            ));
        } else if fname.ends_with(".md") {
            out.push(frel);
        } else {
            let d = stray(&frel, &format!("`{}/{fname}`", kind.dir()));
            let d = if fname.to_ascii_lowercase().ends_with(".md") || fname.ends_with(".markdown") {
                d.hint("item files must end in .md (lower case)")
            } else {
                d
            };
            strays.push(d);
        }
    }
    strays
}

/// A folder of photos dropped in the wrong place should be one warning's worth of
/// noise, not thousands.
fn summarise_strays(kind: Kind, mut strays: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if strays.len() > MAX_STRAY_WARNINGS_PER_FOLDER {
        let more = strays.len() - MAX_STRAY_WARNINGS_PER_FOLDER;
        strays.truncate(MAX_STRAY_WARNINGS_PER_FOLDER);
        strays.push(
            Diagnostic::warning(
                "stray-file",
                kind.dir(),
                format!(
                    "and {more} more files in `{}/` that are not read",
                    kind.dir()
                ),
            )
            .hint("media go in media/"),
        );
    }
    strays
}

/// Stray-file warnings listed one by one per folder before they are summarised.
const MAX_STRAY_WARNINGS_PER_FOLDER: usize = 20;

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
    check_file_name(rel, &mut diags);
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
            diags.push(split_diagnostic(&e, rel, kind));
            return (None, diags);
        }
    };
    let fence = Pos::new(parts.fence_line, 1);
    let Some(table) = parse_header(&parts, rel, &ctx.limits, &mut diags) else {
        return (None, diags);
    };
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

/// Invisible characters in a file name make a slug that reads as another.
fn check_file_name(rel: &Path, diags: &mut Vec<Diagnostic>) {
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
}

/// Why a file could not be split into header and body, with how to start one.
fn split_diagnostic(e: &SplitError, rel: &Path, kind: Kind) -> Diagnostic {
    match *e {
        SplitError::NotUtf8 { line, column } => Diagnostic::error("not-utf8", rel, e.to_string())
            .at(line, column)
            .hint("save the file as UTF-8 (most editors: File → Save with encoding)"),
        SplitError::Empty => Diagnostic::error("empty-file", rel, e.to_string())
            .hint(format!("start it with a header: {}", minimal_header(kind))),
        SplitError::NoFrontMatter => Diagnostic::error("no-front-matter", rel, e.to_string())
            .expected("a first line of +++ (TOML) or --- (YAML)")
            .hint(format!(
                "start the file with a header: {}",
                minimal_header(kind)
            )),
        SplitError::Unclosed { syntax, line } => {
            Diagnostic::error("unclosed-front-matter", rel, e.to_string())
                .at(line, 1)
                .hint(format!(
                    "end the header with a line containing only {}",
                    syntax.fence()
                ))
        }
    }
}

/// Parses the header (TOML or YAML), refusing one with more than `max_keys` keys
/// before and after parsing.
fn parse_header(
    parts: &Split,
    rel: &Path,
    limits: &Limits,
    diags: &mut Vec<Diagnostic>,
) -> Option<fields::Table> {
    let max_keys = limits.max_keys;
    let too_many = |count: usize| {
        Diagnostic::error(
            "too-many-keys",
            rel,
            format!("the header has {count} keys; the limit is {max_keys}"),
        )
        .at(parts.fence_line, 1)
        .hint("an item needs a few dozen keys at most; was something pasted in by mistake?")
    };
    let estimate = estimate_keys(&parts.front, parts.syntax);
    if estimate > max_keys {
        diags.push(too_many(estimate));
        return None;
    }
    let (parsed, code, hint) = match parts.syntax {
        Syntax::Toml => (
            parse_toml(&parts.front, parts.front_line),
            "toml-syntax",
            "the +++ header is TOML: key = \"value\", one per line",
        ),
        Syntax::Yaml => (
            // Alias expansion is bounded by the same budget as the file itself.
            parse_yaml_within(
                &parts.front,
                parts.front_line,
                usize::try_from(limits.max_file_bytes).unwrap_or(usize::MAX),
            ),
            "yaml-syntax",
            "the --- header is YAML: key: value, one per line",
        ),
    };
    let table = match parsed {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors.into_iter().map(|e| {
                Diagnostic::error(code, rel, e.message)
                    .at(e.pos.line, e.pos.col)
                    .hint(hint)
            }));
            return None;
        }
    };
    let count = table.count_keys();
    if count > max_keys {
        diags.push(too_many(count));
        return None;
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    fn ctx() -> SiteContext {
        SiteContext {
            languages: Some(vec!["en".into(), "es".into()]),
            default_language: "en".into(),
            zone: chrono_tz::Europe::Amsterdam,
            limits: Limits::default(),
        }
    }

    fn site_with(rel: &str, bytes: &[u8]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        dir
    }

    fn load_one(bytes: &[u8]) -> (Option<Document>, Vec<Diagnostic>) {
        let dir = site_with("stories/x.md", bytes);
        load_file(dir.path(), &ctx(), Path::new("stories/x.md"), Utc::now())
    }

    fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
        diags.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_yaml_alias_bomb_is_refused_quickly() {
        let mut text = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            text.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        text.push_str("title: boom\n---\n");
        let started = std::time::Instant::now();
        let (doc, diags) = load_one(text.as_bytes());
        assert!(started.elapsed().as_secs() < 5);
        assert!(doc.is_none());
        assert!(diags.iter().any(|d| d.is_error()), "{diags:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for text in [
            format!("+++\ntitle = {}\n+++\n", "[".repeat(100_000)),
            format!("---\ntitle: {}\n---\n", "[".repeat(100_000)),
            format!(
                "+++\ntitle = {}1{}\n+++\n",
                "[".repeat(5_000),
                "]".repeat(5_000)
            ),
        ] {
            let (doc, diags) = load_one(text.as_bytes());
            assert!(doc.is_none());
            assert!(diags.iter().any(|d| d.is_error()), "{diags:?}");
        }
    }

    #[test]
    fn yaml_front_matter_gets_the_same_rules() {
        let (doc, diags) = load_one(
            "---\ntitle: Hola\ndate: 2027-02-01\nlang: fr\nimage: x.svg\nconsent: true\nsummary: s\n---\nBody\n".as_bytes(),
        );
        // An unusable language keeps the item out of cross-file rules.
        assert!(doc.is_none());
        let mut c = codes(&diags);
        c.sort();
        assert_eq!(c, ["bad-lang", "bad-media-type", "missing-alt"]);
        let lang = diags.iter().find(|d| d.code == "bad-lang").unwrap();
        assert_eq!((lang.line, lang.column), (4, 7));
    }

    #[test]
    fn a_file_with_many_problems_reports_them_all() {
        let text = "+++\ntitel = \"x\"\ndate = \"soon\"\npeople_helped = -1\nwall = \"no\"\nimage = \"a.png\"\n+++\n";
        let (_, diags) = load_one(text.as_bytes());
        let mut c = codes(&diags);
        c.sort();
        assert_eq!(
            c,
            [
                "bad-date",
                "missing-alt",
                "missing-field",
                "missing-media",
                "no-consent",
                "no-summary",
                "out-of-range",
                "unknown-key",
                "wrong-type"
            ]
        );
    }

    #[test]
    fn toml_native_dates_and_strings_resolve_alike() {
        let (doc, diags) = load_one(
            b"+++\ntitle = \"T\"\ndate = 2027-03-28T03:15:00\npublish_at = 2027-03-28T03:15:00+02:00\nexpires_at = \"2027-03-29\"\nconsent = true\nsummary = \"s\"\n+++\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let meta = doc.unwrap().item.meta().clone();
        assert_eq!(meta.date, meta.schedule.publish_at.unwrap());
        assert_eq!(meta.date.to_rfc3339(), "2027-03-28T01:15:00+00:00");
        assert_eq!(
            meta.schedule.expires_at.unwrap().to_rfc3339(),
            "2027-03-28T22:00:00+00:00"
        );
        let (_, diags) = load_one(b"+++\ntitle = \"T\"\ndate = 09:30:00\n+++\n");
        assert!(codes(&diags).contains(&"bad-date"), "{diags:?}");
        let (_, diags) = load_one(b"+++\ntitle = \"T\"\ndate = 2027-03-28T02:15:00\n+++\n");
        assert!(codes(&diags).contains(&"nonexistent-time"), "{diags:?}");
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_file_names_are_reported_not_mangled() {
        use std::os::unix::ffi::OsStrExt;
        let dir = site_with(
            "stories/ok.md",
            b"+++\ntitle = \"T\"\ndate = 2027-01-01\n+++\n",
        );
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        if std::fs::write(dir.path().join("stories").join(name), b"x").is_err() {
            return; // the file system refuses such names
        }
        let mut diags = Vec::new();
        let found = discover(dir.path(), &mut diags);
        assert_eq!(found, [PathBuf::from("stories/ok.md")]);
        assert_eq!(codes(&diags), ["bad-file-name"]);
    }

    #[test]
    fn many_stray_files_are_summarised() {
        let dir = site_with("stories/a.md", b"x");
        for i in 0..500 {
            std::fs::write(dir.path().join(format!("stories/photo-{i:03}.jpg")), b"").unwrap();
        }
        let mut diags = Vec::new();
        let found = discover(dir.path(), &mut diags);
        assert_eq!(found.len(), 1);
        assert_eq!(diags.len(), MAX_STRAY_WARNINGS_PER_FOLDER + 1);
        assert!(diags[MAX_STRAY_WARNINGS_PER_FOLDER]
            .message
            .contains("480 more"));
    }

    #[test]
    fn strings_are_trimmed_and_nfc_normalised() {
        let (doc, _) =
            load_one("+++\ntitle = \"  Cafe\u{301} talk \"\ndate = 2027-02-01\n+++\n".as_bytes());
        let Some(Document {
            item: crate::Item::Story(s),
            ..
        }) = doc
        else {
            panic!()
        };
        assert_eq!(s.title, "Café talk");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_not_read() {
        let dir = site_with("site.toml", b"");
        std::fs::create_dir(dir.path().join("stories")).unwrap();
        let fifo = dir.path().join("stories/pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this system
        }
        let (doc, diags) = load_file(dir.path(), &ctx(), Path::new("stories/pipe.md"), Utc::now());
        assert!(doc.is_none());
        assert_eq!(codes(&diags), ["unreadable"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn loading_never_panics(
            head in proptest::sample::select(vec!["+++\n", "---\n", "\u{feff}+++\r\n", ""]),
            lines in proptest::collection::vec("(title|date|slug|lang|tags|image|audio|starts|ends|publish_at|wall_seconds|medium|x)( = |: )(\"[^\"\n]{0,12}\"|[0-9T:-]{0,20}|\\[[^\n]{0,10}\\]|true|-?[0-9]{1,4}|\\PC{0,10})", 0..10),
            tail in proptest::sample::select(vec!["+++\n", "---\n", "", "+++\nbody\n"]),
        ) {
            let text = format!("{head}{}\n{tail}", lines.join("\n"));
            for rel in ["stories/x.md", "thanks/x.md", "events/x.es.md"] {
                let dir = site_with(rel, text.as_bytes());
                let _ = load_file(dir.path(), &ctx(), Path::new(rel), Utc::now());
            }
        }
    }
}
