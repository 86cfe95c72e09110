//! The site being served: the current snapshot (swapped whole after each good build),
//! the live-update hub, and the rule that a broken build never replaces a good one.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::body::Bytes;

use super::assets::{compress_all, Asset, Shell, SiteSnapshot, LIVE_SCRIPT_PATH};
use super::live::{LiveEvent, LiveHub, LIVE_JS};
use super::pages::{is_page_path, OnRequestPages, PageAnswer};
use impactwall_content::build::Pages;
use impactwall_content::{Diagnostic, OutputSet};

/// What a build (full or incremental) produced.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// `None` when the content has errors: the last good build stays published.
    pub output: Option<OutputSet>,
    /// Every problem found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildReport {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// What publishing a build did.
#[derive(Debug, PartialEq, Eq)]
pub enum Published {
    /// A new snapshot is live; these URL paths changed.
    Updated {
        generation: u64,
        changed: Vec<String>,
    },
    /// The build had errors; the previous snapshot is still served.
    KeptLastGood { generation: u64, errors: usize },
}

pub struct LiveSite {
    shell: RwLock<Shell>,
    current: RwLock<Arc<SiteSnapshot>>,
    hub: LiveHub,
    live_script: Asset,
    /// Whether the content is currently broken (an `ok` is owed when it is fixed).
    broken: RwLock<bool>,
    /// The reading site's pages, rendered when asked for (none: the shell's
    /// `index.html` answers every page).
    pages: RwLock<Option<Arc<OnRequestPages>>>,
}

impl LiveSite {
    /// A site serving only the shell until the first build is published.
    pub fn new(shell: Shell, hub: LiveHub) -> LiveSite {
        let (empty, _) = SiteSnapshot::assemble(&shell, &OutputSet::default(), None);
        let empty = SiteSnapshot {
            generation: 0,
            ..empty
        };
        LiveSite {
            shell: RwLock::new(shell),
            current: RwLock::new(Arc::new(empty)),
            hub,
            live_script: Asset::from_bytes(
                LIVE_SCRIPT_PATH,
                Bytes::from_static(LIVE_JS.as_bytes()),
            ),
            broken: RwLock::new(false),
            pages: RwLock::new(None),
        }
    }

    /// Renders the reading site's pages with `pages` when they are asked for.
    pub fn set_pages(&self, pages: Arc<dyn Pages>) {
        let inject = self.shell().inject_live_script;
        let on_request = Arc::new(OnRequestPages::new(pages, inject));
        match self.pages.write() {
            Ok(mut p) => *p = Some(on_request),
            Err(poisoned) => *poisoned.into_inner() = Some(on_request),
        }
    }

    /// The page at `path` of `snapshot` (no leading slash), when pages are rendered
    /// here and `path` names a page rather than a file of the shell (`wall`).
    pub fn page(&self, snapshot: &SiteSnapshot, path: &str) -> Option<PageAnswer> {
        let pages = match self.pages.read() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }?;
        let folder = path.trim_end_matches('/');
        let shell_file = !folder.is_empty()
            && (snapshot.files.contains_key(folder)
                || snapshot.files.contains_key(&format!("{folder}/index.html")));
        if shell_file || !is_page_path(path) {
            return None;
        }
        pages.answer(snapshot, path)
    }

    pub fn snapshot(&self) -> Arc<SiteSnapshot> {
        match self.current.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn hub(&self) -> &LiveHub {
        &self.hub
    }

    pub fn live_script(&self) -> &Asset {
        &self.live_script
    }

    pub fn script_hashes(&self) -> Vec<String> {
        self.shell().script_hashes.clone()
    }

    fn shell(&self) -> std::sync::RwLockReadGuard<'_, Shell> {
        match self.shell.read() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Adds gzip and brotli forms to the shell's files (the wasm bundle takes a while),
    /// then to the snapshot being served. Until then the shell is served uncompressed.
    pub fn compress_shell(&self) {
        let originals: HashMap<String, Arc<Asset>> = self
            .shell()
            .files
            .iter()
            .map(|(p, a)| (p.clone(), Arc::clone(a)))
            .collect();
        let compressed = compress_all(
            originals
                .iter()
                .map(|(p, a)| (p.clone(), Arc::clone(a)))
                .collect(),
        );
        if compressed.is_empty() {
            return;
        }
        {
            let mut shell = match self.shell.write() {
                Ok(s) => s,
                Err(poisoned) => poisoned.into_inner(),
            };
            shell.files.extend(compressed.iter().cloned());
        }
        self.swap_in(&originals, compressed);
    }

    /// Publishes a build: a good one replaces the snapshot and tells open pages what
    /// changed; a broken one keeps the snapshot and sends the diagnostics.
    pub fn publish(&self, report: BuildReport) -> Published {
        let started = Instant::now();
        let previous = self.snapshot();
        let error_count = report.errors().count();
        let Some(output) = report.output.filter(|_| error_count == 0) else {
            self.set_broken(true);
            let generation = previous.generation;
            self.hub.publish(LiveEvent::Diagnostics {
                generation,
                diagnostics: report.diagnostics,
            });
            return Published::KeptLastGood {
                generation,
                errors: error_count,
            };
        };
        let (next, changed) = SiteSnapshot::assemble(&self.shell(), &output, Some(&previous));
        let generation = next.generation;
        match self.current.write() {
            Ok(mut cur) => *cur = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
        tracing::debug!(
            "published generation {generation}: {} files changed, assembled in {:?}",
            changed.len(),
            started.elapsed()
        );
        if !changed.is_empty() {
            self.hub.publish(LiveEvent::Update {
                generation,
                paths: changed.clone(),
                resync: false,
            });
        }
        self.compress_published(&changed);
        let was_broken = self.set_broken(false);
        if was_broken || generation == 1 {
            self.hub.publish(LiveEvent::Ok { generation });
        }
        Published::Updated {
            generation,
            changed,
        }
    }

    /// Adds gzip and brotli forms to the just-published `paths`, after the update event
    /// went out, so compression never delays new data. Assets replaced by a newer build
    /// in the meantime are left alone.
    fn compress_published(&self, paths: &[String]) {
        let current = self.snapshot();
        let pending: Vec<(String, Arc<Asset>)> = paths
            .iter()
            .filter_map(|p| current.files.get(p).map(|a| (p.clone(), Arc::clone(a))))
            .collect();
        let originals: HashMap<String, Arc<Asset>> = pending.iter().cloned().collect();
        let compressed = compress_all(pending);
        self.swap_in(&originals, compressed);
    }

    /// Replaces assets with their compressed forms in the served snapshot, unless a
    /// newer build replaced them meanwhile.
    fn swap_in(
        &self,
        originals: &HashMap<String, Arc<Asset>>,
        compressed: Vec<(String, Arc<Asset>)>,
    ) {
        if compressed.is_empty() {
            return;
        }
        let mut guard = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut next = SiteSnapshot::clone(&guard);
        for (path, asset) in compressed {
            let unchanged = matches!(
                (next.files.get(&path), originals.get(&path)),
                (Some(now), Some(before)) if Arc::ptr_eq(now, before)
            );
            if unchanged {
                next.files.insert(path, asset);
            }
        }
        *guard = Arc::new(next);
    }

    /// Sets the broken flag, returning the previous value.
    fn set_broken(&self, value: bool) -> bool {
        match self.broken.write() {
            Ok(mut b) => std::mem::replace(&mut *b, value),
            Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::{etag_of, Lookup};
    use impactwall_content::OutputFile;
    use std::collections::HashMap;
    use std::time::Duration;
    use tokio::sync::watch;

    fn site() -> LiveSite {
        let (_tx, rx) = watch::channel(false);
        let shell = Shell::from_files(b"<head></head>".to_vec(), HashMap::new(), true);
        LiveSite::new(shell, LiveHub::new(4, Duration::from_secs(15), rx))
    }

    fn good(files: &[(&str, &str)]) -> BuildReport {
        BuildReport {
            output: Some(OutputSet {
                files: files
                    .iter()
                    .map(|(p, b)| {
                        let bytes = b.as_bytes().to_vec();
                        let etag = etag_of(&bytes);
                        (
                            p.to_string(),
                            OutputFile {
                                bytes: Arc::new(bytes),
                                etag,
                            },
                        )
                    })
                    .collect(),
            }),
            diagnostics: vec![],
        }
    }

    #[test]
    fn a_broken_build_keeps_the_last_good_snapshot() {
        let site = site();
        assert!(matches!(
            site.publish(good(&[("data/index.json", "[1]")])),
            Published::Updated { generation: 1, .. }
        ));
        let broken = BuildReport {
            output: None,
            diagnostics: vec![Diagnostic::error("bad-date", "stories/a.md", "not a date").at(3, 8)],
        };
        assert_eq!(
            site.publish(broken),
            Published::KeptLastGood {
                generation: 1,
                errors: 1
            }
        );
        let Lookup::File(index) = site.snapshot().lookup("data/index.json") else {
            panic!("last good index gone")
        };
        assert_eq!(&index.identity[..], b"[1]");
        assert!(matches!(site.hub().status(), LiveEvent::Diagnostics { .. }));
        site.publish(good(&[("data/index.json", "[1,2]")]));
        assert_eq!(site.hub().status(), LiveEvent::Ok { generation: 2 });
    }

    #[test]
    fn published_data_is_compressed_after_the_swap() {
        let site = site();
        let big = "{\"title\":\"A story\"}".repeat(200);
        site.publish(good(&[("data/index.json", big.as_str())]));
        let Lookup::File(index) = site.snapshot().lookup("data/index.json") else {
            panic!("index missing")
        };
        assert!(index.brotli.is_some() && index.gzip.is_some());
        assert_eq!(&index.identity[..], big.as_bytes());
    }

    #[test]
    fn the_shell_is_compressed_in_place_after_start() {
        let (_tx, rx) = watch::channel(false);
        let mut others = HashMap::new();
        others.insert(
            "app-0123456789abcdef_bg.wasm".to_string(),
            b"wasm ".repeat(1000),
        );
        let shell = Shell::from_files(b"<head></head>".to_vec(), others, true);
        let site = LiveSite::new(shell, LiveHub::new(4, Duration::from_secs(15), rx));
        site.publish(good(&[("data/index.json", "[1]")]));
        let wasm = |site: &LiveSite| match site.snapshot().lookup("app-0123456789abcdef_bg.wasm") {
            Lookup::File(a) => a,
            _ => panic!("wasm missing"),
        };
        assert!(wasm(&site).brotli.is_none(), "served at once, uncompressed");
        site.compress_shell();
        assert!(wasm(&site).brotli.is_some());
        // Later builds keep the compressed shell.
        site.publish(good(&[("data/index.json", "[2]")]));
        assert!(wasm(&site).brotli.is_some());
    }

    #[test]
    fn output_with_errors_is_not_published_even_if_present() {
        let site = site();
        let mut report = good(&[("data/index.json", "[9]")]);
        report
            .diagnostics
            .push(Diagnostic::error("x", "stories/a.md", "broken"));
        assert!(matches!(
            site.publish(report),
            Published::KeptLastGood { .. }
        ));
        assert!(matches!(
            site.snapshot().lookup("data/index.json"),
            Lookup::NotFound
        ));
    }
}
