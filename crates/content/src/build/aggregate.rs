//! The files made from all documents together: the index, the feed and the calendar,
//! next to each document's own files; and the search index, built on a thread of its
//! own beside the pages (see [`search_index`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use super::search::{self, SearchRecord};
use super::{feed, ics, OutputFile, RenderedDoc, RenderedSite};
use crate::{Diagnostic, Item};
use impactwall_model::{Index, Instant, ItemMeta, DATA_VERSION};

/// Builds every output file from the rendered site and documents.
pub(super) fn assemble(
    site: &RenderedSite,
    docs: &[Arc<RenderedDoc>],
    now: Instant,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, OutputFile> {
    let mut files: BTreeMap<String, OutputFile> = site.files.iter().cloned().collect();
    add_document_files(docs, &mut files, diags);
    Aggregates::collect(site, docs, now).write(site, now, &mut files, diags);
    files
}

/// Adds each document's own files. Media are shared by content; anything else must
/// have one author.
fn add_document_files(
    docs: &[Arc<RenderedDoc>],
    files: &mut BTreeMap<String, OutputFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut owner: HashMap<&str, &Path> = HashMap::new();
    for doc in docs {
        let source = doc.source.as_path();
        for (path, file) in &doc.files {
            if !path.starts_with("media/") {
                if let Some(other) = owner.insert(path, source) {
                    diags.push(
                        Diagnostic::error(
                            "duplicate-slug",
                            source,
                            format!("`{path}` is also produced by {}", other.display()),
                        )
                        .hint("give one of them a different `slug`"),
                    );
                }
            }
            files.insert(path.clone(), file.clone());
        }
    }
}

/// The Pagefind bundles of every document's search record, in a fixed order (kind,
/// then slug) so the index does not depend on the order the files were read in.
/// Indexing is one long single-threaded task: the build runs it beside the page
/// rendering, which keeps the other cores busy meanwhile.
pub(super) fn search_index(docs: &[Arc<RenderedDoc>]) -> Result<Vec<(String, OutputFile)>, String> {
    let mut records: Vec<&SearchRecord> = docs.iter().map(|d| &d.search).collect();
    records.sort_by(|a, b| (a.kind, &a.slug).cmp(&(b.kind, &b.slug)));
    search::bundles_unless_off(&records)
}

/// The files made from every document together: index, feed and calendar.
struct Aggregates<'d> {
    index: Index,
    feed: Vec<&'d feed::FeedEntry>,
    /// Sorted by start, then slug.
    ics: Vec<(Instant, &'d str, &'d ics::EventEntry)>,
}

impl<'d> Aggregates<'d> {
    fn collect(site: &RenderedSite, docs: &'d [Arc<RenderedDoc>], now: Instant) -> Self {
        let mut a = Aggregates {
            index: Index {
                version: DATA_VERSION,
                generated_at: now,
                site: site.info.clone(),
                stories: Vec::new(),
                thanks: Vec::new(),
                events: Vec::new(),
            },
            feed: Vec::new(),
            ics: Vec::new(),
        };
        for doc in docs {
            a.feed.extend(doc.feed.as_ref());
            match &doc.item {
                Item::Story(s) => a.index.stories.push(s.clone()),
                Item::Thanks(t) => a.index.thanks.push(t.clone()),
                Item::Event(e) => {
                    a.index.events.push(e.clone());
                    if let Some(entry) = &doc.ics {
                        a.ics.push((e.starts, &e.meta.slug, entry));
                    }
                }
            }
        }
        let index = &mut a.index;
        index.stories.sort_by(|a, b| newest_first(&a.meta, &b.meta));
        index.thanks.sort_by(|a, b| newest_first(&a.meta, &b.meta));
        index.events.sort_by(|a, b| {
            a.starts
                .cmp(&b.starts)
                .then_with(|| a.meta.slug.cmp(&b.meta.slug))
        });
        a.ics.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        a
    }

    fn write(
        self,
        site: &RenderedSite,
        now: Instant,
        files: &mut BTreeMap<String, OutputFile>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut json = |path: &str, value: Result<Vec<u8>, serde_json::Error>| match value {
            Ok(bytes) => {
                files.insert(path.to_owned(), OutputFile::new(bytes));
            }
            Err(e) => diags.push(Diagnostic::error(
                "build-failed",
                "site.toml",
                format!("could not write {path}: {e}"),
            )),
        };
        json("data/index.json", serde_json::to_vec(&self.index));
        for (path, feed) in super::wall_feed::wall_feeds(&self.index, now) {
            json(&path, serde_json::to_vec(&feed));
        }
        files.insert(
            "feed.xml".to_owned(),
            OutputFile::new(feed::atom(&site.info, &self.feed, now)),
        );
        let entries: Vec<&ics::EventEntry> = self.ics.iter().map(|(_, _, e)| *e).collect();
        files.insert(
            "calendar.ics".to_owned(),
            OutputFile::new(ics::calendar(
                &site.info.name,
                &site.info.timezone,
                &entries,
            )),
        );
    }
}

/// Newest first; the slug settles ties so the order never depends on the files'.
fn newest_first(a: &ItemMeta, b: &ItemMeta) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug))
}
