//! Rendering a loaded project into the static output, in memory first
//! ([`OutputSet`]), then written with [`write_atomic`].
//!
//! [`Compiler`] keeps each document's rendered form keyed by its path and a hash of
//! what it was rendered from, so after one file changes only that file is
//! rendered again; the aggregates (index, search, feed, calendar) are rebuilt
//! from the cached pieces, which is cheap.

mod aggregate;
mod cdn_headers;
mod document;
mod durable;
mod feed;
mod ics;
mod impact;
mod media;
mod output_guard;
mod parallel;
mod qr;
mod search;
mod theme;
mod wall_feed;
mod wall_impact;
mod write;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use sha2::{Digest, Sha256};

use super::markdown::{self, Rendered};
use super::{
    check_project, load_document, load_project, Diagnostic, Document, Item, Limits, Project,
    SiteSource,
};
use impactwall_model::{Instant, Kind, SiteInfo};

use aggregate::assemble;
use document::render_document;
pub use feed::FEED_SIZE;
pub use media::{MediaError, MediaStore, PublishedMedia};
pub use output_guard::{check_output, OutputRefused, MARKER};
pub use write::{write_atomic, write_guarded, WriteError, WriteStats};

/// Longest thank-you excerpt, in characters.
pub const EXCERPT_CHARS: usize = 280;
/// Longest text kept per search entry, in characters.
const SEARCH_TEXT_CHARS: usize = 4_000;

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub bytes: Arc<Vec<u8>>,
    /// Hex sha256 prefix of `bytes`, usable as a strong ETag.
    pub etag: String,
}

impl OutputFile {
    pub fn new(bytes: Vec<u8>) -> Self {
        let etag = hex::encode(&Sha256::digest(&bytes)[..8]);
        OutputFile {
            bytes: Arc::new(bytes),
            etag,
        }
    }
}

/// Every file the build produces, keyed by URL path without the leading slash
/// (`data/index.json`, `media/rosa.3f9a1c2e.jpg`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputSet {
    pub files: BTreeMap<String, OutputFile>,
}

impl OutputSet {
    pub fn get(&self, path: &str) -> Option<&OutputFile> {
        self.files.get(path.trim_start_matches('/'))
    }

    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|f| f.bytes.len() as u64).sum()
    }

    /// Paths added, removed or changed relative to `previous`, sorted.
    pub fn changed_since(&self, previous: &OutputSet) -> Vec<String> {
        let mut changed: Vec<String> = self
            .files
            .iter()
            .filter(|(k, f)| previous.files.get(*k).is_none_or(|p| p.etag != f.etag))
            .map(|(k, _)| k.clone())
            .collect();
        changed.extend(
            previous
                .files
                .keys()
                .filter(|k| !self.files.contains_key(*k))
                .cloned(),
        );
        changed.sort();
        changed
    }
}

/// The result of a successful (re)build.
#[derive(Clone, Debug)]
pub struct Update {
    pub output: OutputSet,
    /// Output paths added, removed or changed since the previous good build (every
    /// path after the first build).
    pub changed: Vec<String>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
}

/// Published items per kind and language, for the build summary.
pub type Counts = BTreeMap<(Kind, String), usize>;

/// Incremental compiler: keeps each document's parsed and rendered form keyed by its
/// path and content hash, so one changed file re-renders that file plus the index.
#[derive(Debug)]
pub struct Compiler {
    pub root: PathBuf,
    /// Fixed build time (tests); the wall clock otherwise.
    now: Option<Instant>,
    state: Option<State>,
    media: MediaStore,
    renders: HashMap<PathBuf, CachedRender>,
    last_good: Option<OutputSet>,
    counts: Counts,
    /// Documents reloaded since the last compile; the others reuse their rendering
    /// without even hashing their inputs again.
    dirty: HashSet<PathBuf>,
    /// Everything was reloaded: check every document's key.
    all_dirty: bool,
    /// Renders the reading site's pages from the output (see [`Pages`]).
    pages: Option<Arc<dyn Pages>>,
}

/// Renders the reading site's pages (HTML, sitemap) from the data files of a build.
/// The content compiler does not know the app; the command line plugs the app's
/// prerenderer in here, so `build` and `serve` write the same pages.
pub trait Pages: Send + Sync + std::fmt::Debug {
    /// The files to add to `files` (path, bytes), for the instant `now`.
    fn render(
        &self,
        files: &BTreeMap<String, OutputFile>,
        now: Instant,
    ) -> Result<Vec<(String, Vec<u8>)>, String>;

    /// One page, for a server that renders pages when they are asked for: the HTML of
    /// the page at the URL path `path` (`/`, `/es/stories`, `/stories/rosa`,
    /// `/404.html`), `Ok(None)` when the site has no such page. `read` gives the bytes
    /// of a file of the build output.
    fn render_page(
        &self,
        read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
        path: &str,
        now: Instant,
    ) -> Result<Option<Vec<u8>>, String>;
}

#[derive(Debug)]
struct State {
    project: Project,
    site: RenderedSite,
    /// Diagnostics from loading, per file (replaced when that file is reloaded).
    file_diags: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Cross-file diagnostics from `check_project`, recomputed on every change.
    cross_diags: Vec<Diagnostic>,
}

#[derive(Debug)]
struct RenderedSite {
    info: SiteInfo,
    files: Vec<(String, OutputFile)>,
    diags: Vec<Diagnostic>,
}

#[derive(Debug)]
struct CachedRender {
    key: [u8; 32],
    /// Media paths used and the URL each had, to notice a changed media file.
    media: Vec<(String, Option<String>)>,
    doc: Arc<RenderedDoc>,
}

/// One document, rendered: everything the output needs of it.
#[derive(Debug)]
struct RenderedDoc {
    /// Content file it came from.
    source: PathBuf,
    item: Item,
    files: Vec<(String, OutputFile)>,
    search: search::SearchRecord,
    feed: Option<feed::FeedEntry>,
    ics: Option<ics::EventEntry>,
    diags: Vec<Diagnostic>,
}

impl Compiler {
    /// A compiler for the content folder `root` (the folder holding `site.toml`).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Compiler {
            media: MediaStore::new(&root),
            root,
            now: None,
            state: None,
            renders: HashMap::new(),
            last_good: None,
            counts: Counts::new(),
            dirty: HashSet::new(),
            all_dirty: true,
            pages: None,
        }
    }

    /// Renders the site's pages with `pages` after every build.
    pub fn with_pages(mut self, pages: Arc<dyn Pages>) -> Self {
        self.pages = Some(pages);
        self
    }

    /// Uses `now` as the build time instead of the clock (for reproducible output).
    pub fn with_now(mut self, now: Instant) -> Self {
        self.now = Some(now);
        self
    }

    fn now(&self) -> Instant {
        self.now.unwrap_or_else(Utc::now)
    }

    /// The last successful build, if any.
    pub fn last_good(&self) -> Option<&OutputSet> {
        self.last_good.as_ref()
    }

    /// Published items per kind and language in the last successful build.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// Loads and builds everything. `Err` holds every diagnostic when there is any
    /// error; nothing partial is produced and the last good build is kept.
    pub fn full_build(&mut self) -> Result<(OutputSet, Vec<Diagnostic>), Vec<Diagnostic>> {
        self.reload_all()?;
        self.compile().map(|u| (u.output, u.diagnostics))
    }

    /// Rebuilds after `rel_path` (relative to the content folder, or absolute inside
    /// it) was created or modified.
    pub fn file_changed(&mut self, rel_path: &Path) -> Result<Update, Vec<Diagnostic>> {
        self.apply(&[rel_path], &[])
    }

    /// Rebuilds after `rel_path` was deleted.
    pub fn file_removed(&mut self, rel_path: &Path) -> Result<Update, Vec<Diagnostic>> {
        self.apply(&[], &[rel_path])
    }

    /// Rebuilds once after a batch of changes (a watcher's debounced events):
    /// `changed` were created or modified, `removed` deleted. `Update::changed`
    /// covers the whole batch.
    pub fn apply(
        &mut self,
        changed: &[&Path],
        removed: &[&Path],
    ) -> Result<Update, Vec<Diagnostic>> {
        let mut full = self.state.is_none();
        let mut documents: Vec<(PathBuf, bool)> = Vec::new();
        let mut media: Vec<String> = Vec::new();
        let all = changed
            .iter()
            .map(|p| (*p, false))
            .chain(removed.iter().map(|p| (*p, true)));
        for (path, gone) in all {
            let Some(rel) = self.relative(path) else {
                continue;
            };
            match classify(&rel) {
                Change::Site | Change::Other => full = true,
                Change::Ignored => {}
                Change::Media(media_rel) => {
                    self.media.forget(&media_rel);
                    full |= self.site_uses_media(&media_rel);
                    media.push(media_rel);
                }
                Change::Document => documents.push((rel, gone)),
            }
        }
        if full {
            self.reload_all()?;
            return self.compile();
        }
        if documents.is_empty() && media.is_empty() {
            return self.unchanged();
        }
        for (rel, gone) in &documents {
            self.reload_document(rel, *gone);
        }
        for media_rel in &media {
            for doc in self.documents_affected_by(media_rel) {
                if !documents.iter().any(|(d, _)| *d == doc) {
                    self.reload_document(&doc, false);
                    documents.push((doc, false));
                }
            }
        }
        self.recheck();
        self.compile()
    }

    /// The last good output with nothing changed, or the current problems.
    fn unchanged(&mut self) -> Result<Update, Vec<Diagnostic>> {
        match (&self.last_good, self.current_errors()) {
            (Some(out), None) => Ok(Update {
                output: out.clone(),
                changed: Vec::new(),
                diagnostics: self.all_diagnostics(),
            }),
            (_, Some(errs)) => Err(errs),
            (None, None) => {
                self.reload_all()?;
                self.compile()
            }
        }
    }

    fn current_errors(&self) -> Option<Vec<Diagnostic>> {
        let all = self.all_diagnostics();
        all.iter().any(Diagnostic::is_error).then_some(all)
    }

    /// `rel_path` as a `/`-separated path relative to the content folder.
    fn relative(&self, rel_path: &Path) -> Option<PathBuf> {
        let rel = if rel_path.is_absolute() {
            let root = self
                .root
                .canonicalize()
                .unwrap_or_else(|_| self.root.clone());
            rel_path
                .strip_prefix(&root)
                .or_else(|_| rel_path.strip_prefix(&self.root))
                .ok()?
                .to_path_buf()
        } else {
            rel_path
                .strip_prefix(&self.root)
                .unwrap_or(rel_path)
                .to_path_buf()
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(Some(s.to_string_lossy().into_owned())),
                Component::CurDir => None,
                _ => Some(None),
            })
            .collect::<Option<Vec<_>>>()?;
        (!parts.is_empty()).then(|| PathBuf::from(parts.join("/")))
    }

    fn reload_all(&mut self) -> Result<(), Vec<Diagnostic>> {
        let report = load_project(&self.root);
        let Some(project) = report.project else {
            self.state = None;
            let mut diags = report.diagnostics;
            super::diagnostics::sort(&mut diags);
            return Err(diags);
        };
        let cross = check_project(&project);
        self.install(project, report.diagnostics, cross);
        Ok(())
    }

    /// Makes `project` (with its load and cross-file diagnostics) the current state.
    fn install(&mut self, project: Project, load_diags: Vec<Diagnostic>, cross: Vec<Diagnostic>) {
        let mut file_diags: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        for d in load_diags {
            if !cross.contains(&d) {
                file_diags.entry(d.file.clone()).or_default().push(d);
            }
        }
        // A changed site (base URL, limits…) changes every rendering.
        if self
            .state
            .as_ref()
            .is_some_and(|s| s.project.site != project.site)
        {
            self.renders.clear();
        }
        let site = render_site(&project.site, &self.media);
        let known: HashSet<&PathBuf> = project.documents.iter().map(|d| &d.path).collect();
        self.renders.retain(|p, _| known.contains(p));
        self.all_dirty = true;
        self.state = Some(State {
            project,
            site,
            file_diags,
            cross_diags: cross,
        });
    }

    fn reload_document(&mut self, rel: &Path, removed: bool) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        self.dirty.insert(rel.to_path_buf());
        let exists = !removed && self.root.join(rel).is_file();
        let (doc, diags) = if exists {
            load_document(&self.root, &state.project.site, rel)
        } else {
            (None, Vec::new())
        };
        state.project.documents.retain(|d| d.path != rel);
        if let Some(doc) = doc {
            state.project.documents.push(doc);
            state.project.documents.sort_by(|a, b| a.path.cmp(&b.path));
        }
        if diags.is_empty() {
            state.file_diags.remove(rel);
        } else {
            state.file_diags.insert(rel.to_path_buf(), diags);
        }
        if !exists {
            self.renders.remove(rel);
        }
    }

    fn recheck(&mut self) {
        if let Some(state) = self.state.as_mut() {
            state.cross_diags = check_project(&state.project);
        }
    }

    fn site_uses_media(&self, media_rel: &str) -> bool {
        self.state.as_ref().is_some_and(|s| {
            s.project
                .site
                .info
                .logo
                .as_ref()
                .is_some_and(|l| same_media(&l.src, media_rel))
        })
    }

    /// Documents whose front matter or body refer to `media_rel`, plus documents
    /// that currently have errors (a missing file may just have arrived).
    fn documents_affected_by(&self, media_rel: &str) -> Vec<PathBuf> {
        let Some(state) = &self.state else {
            return Vec::new();
        };
        let mut out: Vec<PathBuf> = state
            .project
            .documents
            .iter()
            .filter(|d| {
                item_media(&d.item).iter().any(|m| same_media(m, media_rel))
                    || self
                        .renders
                        .get(&d.path)
                        .is_some_and(|r| r.media.iter().any(|(m, _)| m == media_rel))
            })
            .map(|d| d.path.clone())
            .collect();
        for (file, diags) in &state.file_diags {
            if diags.iter().any(Diagnostic::is_error) && !out.contains(file) {
                out.push(file.clone());
            }
        }
        out.retain(|p| classify(p) == Change::Document);
        out
    }

    fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let Some(state) = &self.state else {
            return Vec::new();
        };
        let mut all: Vec<Diagnostic> = state.file_diags.values().flatten().cloned().collect();
        for d in state.cross_diags.iter().chain(&state.site.diags) {
            if !all.contains(d) {
                all.push(d.clone());
            }
        }
        for doc in &state.project.documents {
            if let Some(r) = self.renders.get(&doc.path) {
                all.extend(r.doc.diags.iter().cloned());
            }
        }
        super::diagnostics::sort(&mut all);
        all.dedup();
        all
    }

    /// Every output file: the documents' own, the aggregates, the impact data, the
    /// prerendered pages and, built beside them on a thread of its own, the search
    /// index (it needs only the documents).
    fn output_files(
        &self,
        state: &State,
        docs: &[Arc<RenderedDoc>],
        now: Instant,
        diags: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, OutputFile> {
        let mut files = assemble(&state.site, docs, now, diags);
        let search = std::thread::scope(|scope| {
            // The search index needs only the documents: it is built beside the pages.
            let search = scope.spawn(|| aggregate::search_index(docs));
            // Before the pages: a prerendered page may read the impact data.
            files.extend(impact::files(&state.project, &self.media, now, diags));
            wall_impact::add_to_feeds(&mut files, &state.site.info, now, diags);
            if let Some(pages) = &self.pages {
                match pages.render(&files, now) {
                    Ok(rendered) => files.extend(
                        rendered
                            .into_iter()
                            .map(|(path, bytes)| (path, OutputFile::new(bytes))),
                    ),
                    Err(e) => diags.push(Diagnostic::error(
                        "prerender-failed",
                        "site.toml",
                        format!("the pages could not be rendered: {e}"),
                    )),
                }
            }
            search
                .join()
                .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".to_owned()))
        });
        match search {
            Ok(bundles) => files.extend(bundles),
            Err(e) => diags.push(Diagnostic::error(
                "build-failed",
                "site.toml",
                format!("could not write the search index (pagefind/): {e}"),
            )),
        }
        files
    }

    /// Renders what changed and assembles the output from the current state.
    fn compile(&mut self) -> Result<Update, Vec<Diagnostic>> {
        let now = self.now();
        let Some(state) = self.state.as_ref() else {
            return Err(Vec::new());
        };
        let site_key = site_fingerprint(&state.project.site);
        let docs: Vec<&Document> = state
            .project
            .documents
            .iter()
            .filter(|d| !d.draft)
            .collect();
        let clean = docs
            .iter()
            .map(|d| !self.all_dirty && !self.dirty.contains(&d.path))
            .collect();
        let pending = parallel::Pending { docs, clean };
        let docs = parallel::renderings(
            &mut self.renders,
            &self.media,
            &state.project.site,
            &pending,
            &site_key,
            now,
        );
        // Drafts and removed documents leave the cache.
        let published: HashSet<&PathBuf> = state
            .project
            .documents
            .iter()
            .filter(|d| !d.draft)
            .map(|d| &d.path)
            .collect();
        self.renders.retain(|p, _| published.contains(p));
        self.dirty.clear();
        self.all_dirty = false;

        let mut diags = self.all_diagnostics();
        let files = self.output_files(state, &docs, now, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let output = OutputSet { files };
        let changed = match &self.last_good {
            Some(prev) => output.changed_since(prev),
            None => output.files.keys().cloned().collect(),
        };
        self.counts = counts_of(&docs);
        self.last_good = Some(output.clone());
        Ok(Update {
            output,
            changed,
            diagnostics: diags,
        })
    }
}

/// Published items per kind and language.
fn counts_of(docs: &[Arc<RenderedDoc>]) -> Counts {
    let mut counts = Counts::new();
    for d in docs {
        let meta = d.item.meta();
        *counts
            .entry((kind_of(&d.item), meta.lang.clone()))
            .or_default() += 1;
    }
    counts
}

#[derive(Debug, PartialEq, Eq)]
enum Change {
    Site,
    Document,
    Media(String),
    /// Editor swap files, dotfiles, READMEs: nothing to rebuild.
    Ignored,
    /// Anything else under the content folder: reload everything to stay exact.
    Other,
}

fn classify(rel: &Path) -> Change {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.iter().any(|p| p.starts_with('.') || p.ends_with('~')) {
        return Change::Ignored;
    }
    match parts.as_slice() {
        [f] if f == "site.toml" => Change::Site,
        [dir, file] if Kind::ALL.iter().any(|k| k.dir() == dir) => {
            if file.eq_ignore_ascii_case("README.md") {
                Change::Ignored
            } else if file.ends_with(".md") {
                Change::Document
            } else {
                Change::Other
            }
        }
        [first, ..] if first == "media" && parts.len() > 1 => Change::Media(parts.join("/")),
        _ => Change::Other,
    }
}

/// Do a written media reference (`rosa.jpg`, `media/rosa.jpg`) and a content-relative
/// path (`media/rosa.jpg`) name the same file?
fn same_media(written: &str, rel: &str) -> bool {
    let w = written.trim().trim_start_matches("./");
    let w = w.strip_prefix("media/").unwrap_or(w);
    rel.strip_prefix("media/") == Some(w)
}

fn item_media(item: &Item) -> Vec<&str> {
    let mut out = Vec::new();
    match item {
        Item::Story(s) => out.extend(s.image.as_ref().map(|i| i.src.as_str())),
        Item::Thanks(t) => {
            out.extend(t.image.as_ref().map(|i| i.src.as_str()));
            out.extend(t.audio.as_ref().map(|a| a.src.as_str()));
        }
        Item::Event(e) => out.extend(e.image.as_ref().map(|i| i.src.as_str())),
    }
    out
}

fn kind_of(item: &Item) -> Kind {
    match item {
        Item::Story(_) => Kind::Story,
        Item::Thanks(_) => Kind::Thanks,
        Item::Event(_) => Kind::Event,
    }
}

fn site_fingerprint(site: &SiteSource) -> Vec<u8> {
    format!(
        "{}\n{}\n{:?}\n{}",
        site.info.base_url, site.info.name, site.limits, site.info.timezone
    )
    .into_bytes()
}

/// Hash of everything a document's rendering depends on, besides media files.
fn document_key(doc: &Document, site_key: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(site_key);
    h.update(format!("{:?}\n{}\n{:?}\n", doc.path, doc.body_line, doc.item).as_bytes());
    h.update(doc.body.as_bytes());
    h.finalize().into()
}

fn base_url(site: &SiteInfo) -> &str {
    site.base_url.trim_end_matches('/')
}

/// A rendering, the media files it published and every media path it looked up.
type MarkdownOutcome = (
    Result<Rendered, markdown::RenderError>,
    Vec<PublishedMedia>,
    Vec<(String, Option<String>)>,
);

/// Renders Markdown with media rewritten through the store; returns the rendering,
/// the media files it published and every media path it looked up (with its URL).
fn render_markdown(text: &str, limits: &Limits, media: &MediaStore) -> MarkdownOutcome {
    let store = RefCell::new(media);
    let published: RefCell<Vec<PublishedMedia>> = RefCell::new(Vec::new());
    let looked_up: RefCell<Vec<(String, Option<String>)>> = RefCell::new(Vec::new());
    let resolve = |rel: &str| -> Option<String> {
        let result = store.borrow_mut().publish(rel, limits.max_media_bytes).ok();
        let url = result.as_ref().map(|p| p.url.clone());
        looked_up.borrow_mut().push((rel.to_owned(), url.clone()));
        if let Some(p) = result {
            published.borrow_mut().push(p);
        }
        url
    };
    let rendered = markdown::render_with_media(text, limits, &resolve);
    (rendered, published.into_inner(), looked_up.into_inner())
}

/// Diagnostic for a note at byte `offset` of a body starting at file line `first_line`.
fn note_diagnostic(
    file: &Path,
    text: &str,
    first_line: usize,
    note: &markdown::RenderNote,
) -> Diagnostic {
    let offset = note.offset.min(text.len());
    let before = text.get(..offset).unwrap_or("");
    let line = first_line + before.matches('\n').count();
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count() + 1)
        .unwrap_or(1);
    let mut d = Diagnostic::warning(note.code, file, note.message.clone()).at(line, column);
    if let Some(h) = &note.hint {
        d = d.hint(h.clone());
    }
    d
}

fn render_site(site: &SiteSource, media: &MediaStore) -> RenderedSite {
    let file = Path::new("site.toml");
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let mut info = site.info.clone();
    let mut render_field =
        |md: &str, field: &str, files: &mut Vec<(String, OutputFile)>| -> String {
            let (rendered, published, _) = render_markdown(md, &site.limits, media);
            files.extend(published.into_iter().map(|p| (p.out_path, p.file)));
            match rendered {
                Ok(r) => {
                    for n in &r.notes {
                        diags.push(
                            Diagnostic::warning(n.code, file, format!("{field}: {}", n.message))
                                .hint(n.hint.clone().unwrap_or_default()),
                        );
                    }
                    r.html
                }
                Err(e) => {
                    diags.push(Diagnostic::error("too-long", file, format!("{field}: {e}")));
                    String::new()
                }
            }
        };
    info.mission_html = render_field(&site.info.mission_html, "mission_long", &mut files);
    info.impact_html = render_field(&site.info.impact_html, "impact", &mut files);
    for t in &mut info.translations {
        let lang = t.lang.clone();
        if let Some(md) = t.mission_html.take() {
            t.mission_html = Some(render_field(
                &md,
                &format!("translations.{lang}.mission_long"),
                &mut files,
            ));
        }
        if let Some(md) = t.impact_html.take() {
            t.impact_html = Some(render_field(
                &md,
                &format!("translations.{lang}.impact"),
                &mut files,
            ));
        }
    }
    if let Some(logo) = &mut info.logo {
        match media.publish(&logo.src, site.limits.max_media_bytes) {
            Ok(p) => {
                logo.src = p.url.clone();
                files.push((p.out_path, p.file));
            }
            Err(e) => diags.push(Diagnostic::error(e.code(), file, format!("logo: {e}"))),
        }
    }
    files.push((
        "theme.css".to_owned(),
        OutputFile::new(theme::css(&info.theme)),
    ));
    RenderedSite { info, files, diags }
}

/// `…, so here…` rather than `…, so here,…`: no dangling punctuation before a cut.
fn tidy_ellipsis(text: &str) -> String {
    match text.strip_suffix('…') {
        Some(head) => format!(
            "{}…",
            head.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c))
        ),
        None => text.to_owned(),
    }
}

/// Whitespace-folded text of the parts, at most [`SEARCH_TEXT_CHARS`].
fn search_text(parts: &[&str]) -> String {
    let mut out = String::new();
    // Counted as it grows: counting the whole text again for every word made this
    // quadratic in the length of an item.
    let mut chars = 0;
    for word in parts.iter().flat_map(|p| p.split_whitespace()) {
        if chars >= SEARCH_TEXT_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
    }
    if let Some((cut, _)) = out.char_indices().nth(SEARCH_TEXT_CHARS) {
        out.truncate(cut);
    }
    out
}

#[cfg(test)]
mod tests;
