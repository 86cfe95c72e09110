//! Native content pipeline, one way: `load` (split front matter, typed parse, resolve
//! dates and media, per-file rules) → `check_project` (cross-file rules) → `build`
//! (render Markdown, write JSON, feeds, calendars, QR codes and hashed media).
//!
//! Never imports leptos; the browser never imports this.

#![cfg_attr(test, allow(clippy::too_many_lines))]

pub mod build;
pub mod dates;
pub mod diagnostics;
pub mod digest;
pub mod front_matter;
pub mod load;
pub mod markdown;
pub mod new_item;

use std::path::PathBuf;

use impactwall_model::{EventSummary, Kind, SiteInfo, StorySummary, ThanksSummary};

pub use build::{write_atomic, Compiler, OutputFile, OutputSet};
pub use diagnostics::{Diagnostic, Severity};
pub use load::{check_project, load_document, load_project};

/// One content item as loaded from its file, before rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub kind: Kind,
    /// Path relative to the content folder, `/`-separated (e.g. `stories/rosa.md`).
    pub path: PathBuf,
    pub draft: bool,
    /// The typed item. Media `src` fields still hold content-relative paths
    /// (`media/rosa.jpg`); the build rewrites them to hashed URLs. `qr` and `ics` are
    /// filled by the build.
    pub item: Item,
    /// Markdown after the front matter.
    pub body: String,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Story(StorySummary),
    Thanks(ThanksSummary),
    Event(EventSummary),
}

impl Item {
    pub fn meta(&self) -> &impactwall_model::ItemMeta {
        match self {
            Item::Story(s) => &s.meta,
            Item::Thanks(t) => &t.meta,
            Item::Event(e) => &e.meta,
        }
    }
}

/// `content/site.toml`, loaded. `info.mission_html` and `info.impact_html` (and their
/// translations) hold Markdown until the build renders them.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteSource {
    pub info: SiteInfo,
    pub limits: Limits,
    /// `[digest]`: sender, recipients and SMTP server of the e-mail digest.
    pub digest: Option<digest::DigestSettings>,
}

/// Input limits (configurable in `site.toml` under `[limits]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest Markdown file accepted.
    pub max_file_bytes: u64,
    /// Largest media file accepted.
    pub max_media_bytes: u64,
    /// Longest single front-matter string value (titles, quotes…) in characters.
    pub max_field_chars: usize,
    /// Most front-matter keys in one file.
    pub max_keys: usize,
    /// Deepest nesting of Markdown blocks (quotes, lists) rendered.
    pub max_nesting: usize,
    /// Whether Markdown may embed images from other sites (`[privacy] remote_images`);
    /// carried here because every renderer call already receives the limits.
    pub allow_remote_images: bool,
    /// Whether search engines may index the site (`[privacy] search_engines`).
    pub allow_search_engines: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024,
            max_media_bytes: 20 * 1024 * 1024,
            max_field_chars: 2_000,
            max_keys: 100,
            max_nesting: 32,
            allow_remote_images: false,
            allow_search_engines: true,
        }
    }
}

/// Everything loaded from a content folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub root: PathBuf,
    pub site: SiteSource,
    pub documents: Vec<Document>,
    /// Metrics, equivalences, teams and talking points.
    pub impact: load::impact::ImpactSource,
}

/// Result of loading: whatever could be loaded plus every problem found.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// `None` only when `site.toml` itself is unusable.
    pub project: Option<Project>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}
