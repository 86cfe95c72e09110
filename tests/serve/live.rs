//! Watching and rebuilding, in process: a file written into the content folder reaches
//! open pages as an `update` event; a broken file keeps the last good build and sends
//! `diagnostics`; fixing it sends `ok`. Uses a small stand-in builder so the watcher,
//! publishing and events are tested on their own.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::server::*;
use impactwall_content::{Diagnostic, OutputFile, OutputSet};
use impactwall_server::assets::etag_of;
use impactwall_server::rebuild::{self, ContentChange, SiteBuilder};
use impactwall_server::{BuildReport, ServerOptions};

/// `stories/{slug}.md` → `data/stories/{slug}.json` plus `data/index.json` listing the
/// slugs. A line `BROKEN` is an error at that line. Incremental: only changed files are
/// re-read.
struct StandInBuilder {
    root: PathBuf,
    stories: BTreeMap<String, String>,
    errors: BTreeMap<String, Diagnostic>,
    reads: usize,
}

impl StandInBuilder {
    fn new(root: &Path) -> Self {
        StandInBuilder {
            root: root.to_path_buf(),
            stories: BTreeMap::new(),
            errors: BTreeMap::new(),
            reads: 0,
        }
    }

    fn read(&mut self, rel: &Path) {
        let Some(slug) = rel
            .strip_prefix("stories")
            .ok()
            .and_then(|r| r.to_str())
            .and_then(|r| r.strip_suffix(".md"))
        else {
            return;
        };
        self.reads += 1;
        let text = std::fs::read_to_string(self.root.join(rel)).unwrap_or_default();
        self.errors.remove(slug);
        if let Some(line) = text.lines().position(|l| l.trim() == "BROKEN") {
            self.errors.insert(
                slug.to_string(),
                Diagnostic::error("broken-line", rel, "this line says BROKEN")
                    .at(line + 1, 1)
                    .hint("delete the line"),
            );
        }
        self.stories.insert(slug.to_string(), text);
    }

    fn report(&self) -> BuildReport {
        let diagnostics: Vec<Diagnostic> = self.errors.values().cloned().collect();
        if !diagnostics.is_empty() {
            return BuildReport {
                output: None,
                diagnostics,
            };
        }
        let mut files = BTreeMap::new();
        let mut put = |path: String, bytes: Vec<u8>| {
            let etag = etag_of(&bytes);
            files.insert(
                path,
                OutputFile {
                    bytes: Arc::new(bytes),
                    etag,
                },
            );
        };
        let slugs: Vec<&String> = self.stories.keys().collect();
        put(
            "data/index.json".into(),
            serde_json::to_vec(&slugs).unwrap(),
        );
        for (slug, text) in &self.stories {
            put(
                format!("data/stories/{slug}.json"),
                serde_json::to_vec(&serde_json::json!({ "slug": slug, "body": text })).unwrap(),
            );
        }
        BuildReport {
            output: Some(OutputSet { files }),
            diagnostics: vec![],
        }
    }
}

impl SiteBuilder for StandInBuilder {
    fn full_build(&mut self) -> BuildReport {
        self.stories.clear();
        self.errors.clear();
        let dir = self.root.join("stories");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        names.sort();
        for p in names {
            if let Some(name) = p.file_name() {
                self.read(&Path::new("stories").join(name));
            }
        }
        self.report()
    }

    fn apply(&mut self, changes: &[ContentChange]) -> BuildReport {
        for c in changes {
            match c {
                ContentChange::Changed(p) => self.read(p),
                ContentChange::Removed(p) => {
                    if let Some(slug) = p.file_stem().and_then(|s| s.to_str()) {
                        self.stories.remove(slug);
                        self.errors.remove(slug);
                    }
                }
                ContentChange::Rescan => return self.full_build(),
            }
        }
        self.report()
    }
}

/// Writes through a temporary file and a rename, as most editors do.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_rebuild_and_reach_open_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("stories")).unwrap();
    std::fs::write(root.join("stories/rosa.md"), "Rosa found her voice.\n").unwrap();
    let mut builder = StandInBuilder::new(root);
    let first = builder.full_build().output.unwrap();
    let s = TestServer::start(ServerOptions::default(), first).await;
    let _watch = rebuild::watch(
        root,
        Box::new(builder),
        Arc::clone(&s.site),
        rebuild::DEFAULT_DEBOUNCE,
    )
    .unwrap();
    let mut page = SseClient::connect(s.addr).await;
    assert_eq!(
        page.next_event(Duration::from_secs(2)).await.unwrap().name,
        "ok"
    );

    // Added file.
    let t = Instant::now();
    save(&root.join("stories/amir.md"), "Amir's first week.\n");
    let ev = page
        .wait_for("update", Duration::from_secs(3))
        .await
        .expect("update after add");
    let latency = t.elapsed();
    let paths = ev.data["paths"].to_string();
    assert!(
        paths.contains("data/stories/amir.json") && paths.contains("data/index.json"),
        "{paths}"
    );
    assert!(
        !paths.contains("rosa"),
        "unchanged story not re-sent: {paths}"
    );
    let r = get(s.addr, "/data/stories/amir.json", &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Amir's first week."));
    eprintln!("save-to-event latency: {latency:?}");
    assert!(latency < Duration::from_millis(1000), "took {latency:?}");

    // Changed file: only its shard changes (the index lists slugs only).
    save(
        &root.join("stories/rosa.md"),
        "Rosa found her voice, again.\n",
    );
    let ev = page
        .wait_for("update", Duration::from_secs(3))
        .await
        .expect("update after edit");
    assert_eq!(
        ev.data["paths"],
        serde_json::json!(["data/stories/rosa.json"])
    );
    assert!(get(s.addr, "/data/stories/rosa.json", &[])
        .await
        .text()
        .contains("again"));

    // Broken file: diagnostics, last good build still served.
    save(&root.join("stories/rosa.md"), "Rosa\nBROKEN\n");
    let ev = page
        .wait_for("diagnostics", Duration::from_secs(3))
        .await
        .expect("diagnostics");
    let d = &ev.data["diagnostics"][0];
    assert_eq!(d["file"], "stories/rosa.md");
    assert_eq!(d["line"], 2);
    assert_eq!(d["hint"], "delete the line");
    assert!(get(s.addr, "/data/stories/rosa.json", &[])
        .await
        .text()
        .contains("again"));
    assert!(get(s.addr, "/data/stories/amir.json", &[]).await.status == 200);

    // Fixed: ok and the update.
    save(&root.join("stories/rosa.md"), "Rosa, fixed.\n");
    page.wait_for("ok", Duration::from_secs(3))
        .await
        .expect("ok after fix");
    assert!(get(s.addr, "/data/stories/rosa.json", &[])
        .await
        .text()
        .contains("fixed"));

    // Deleted file: its shard is gone.
    std::fs::remove_file(root.join("stories/amir.md")).unwrap();
    let ev = page
        .wait_for("update", Duration::from_secs(3))
        .await
        .expect("update after delete");
    assert!(ev.data["paths"]
        .to_string()
        .contains("data/stories/amir.json"));
    assert_eq!(
        get(s.addr, "/data/stories/amir.json", &[]).await.status,
        404
    );

    // Editor droppings do not trigger builds.
    std::fs::write(root.join("stories/.rosa.md.swp"), "x").unwrap();
    std::fs::write(root.join("stories/rosa.md~"), "x").unwrap();
    assert!(page
        .wait_for("update", Duration::from_millis(400))
        .await
        .is_none());
    s.shutdown().await;
}
