//! Watching the content folder and rebuilding on change: file-system events are
//! debounced, turned into per-file changes, handed to a [`SiteBuilder`] and the result
//! published to the [`LiveSite`].

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, EventKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, DebouncedEvent, NoCache};

use super::watch_guard::{self, PathKind, FLOOD};

use super::site::{BuildReport, LiveSite, Published};

/// One change to the content folder, relative to its root.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContentChange {
    /// Added or modified file.
    Changed(PathBuf),
    /// Deleted (or renamed away) file.
    Removed(PathBuf),
    /// Something the watcher could not follow file by file (a folder moved, events
    /// dropped): rebuild everything.
    Rescan,
}

/// Produces the site's output, fully or incrementally. The content compiler implements
/// this; tests use simple stand-ins.
pub trait SiteBuilder: Send + 'static {
    fn full_build(&mut self) -> BuildReport;
    /// Applies `changes` (never empty) to the previous build.
    fn apply(&mut self, changes: &[ContentChange]) -> BuildReport;
}

/// Debounce window: long enough to merge an editor's write-rename-chmod burst, short
/// enough to keep save-to-preview well under the 300 ms target.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(40);

/// Keeps the watcher and the rebuild thread alive; dropping it stops both.
pub struct WatchHandle {
    debouncer: Option<notify_debouncer_full::Debouncer<notify::RecommendedWatcher, NoCache>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        if let Some(d) = self.debouncer.take() {
            d.stop();
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts watching `root` and rebuilding with `builder`, publishing to `site`.
pub fn watch(
    root: &Path,
    mut builder: Box<dyn SiteBuilder>,
    site: Arc<LiveSite>,
    debounce: Duration,
) -> Result<WatchHandle, notify::Error> {
    let root = root.canonicalize().map_err(notify::Error::io)?;
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    // Links are never followed (one to `/` must not make the watcher walk the disk),
    // and no file-id cache: it walks new folders following links. Renames still pair
    // up on Linux by inotify's cookies; elsewhere they arrive as remove + create.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut debouncer =
        new_debouncer_opt(debounce, Some(debounce / 4), tx, NoCache::new(), config)?;
    debouncer.watch(&root, RecursiveMode::Recursive)?;
    let thread_root = root.clone();
    let mut unchanged_files = ContentHashes::default();
    let thread = std::thread::Builder::new()
        .name("impactwall-rebuild".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batches = vec![first];
                // Merge whatever else arrived while we were building.
                while let Ok(more) = rx.try_recv() {
                    batches.push(more);
                }
                let changes = unchanged_files.filter(&thread_root, classify(&thread_root, &batches));
                if changes.is_empty() {
                    continue;
                }
                let started = Instant::now();
                let report = if changes.contains(&ContentChange::Rescan) {
                    builder.full_build()
                } else {
                    builder.apply(&changes)
                };
                let built = started.elapsed();
                log_report(&report);
                match site.publish(report) {
                    Published::Updated { generation, changed } => tracing::info!(
                        "rebuilt {} in {} ms (build {} ms, publish {} ms): {} output files changed (generation {generation})",
                        describe(&changes),
                        started.elapsed().as_millis(),
                        built.as_millis(),
                        started.elapsed().saturating_sub(built).as_millis(),
                        changed.len()
                    ),
                    Published::KeptLastGood { errors, .. } => tracing::warn!(
                        "{} has {errors} error(s) (checked in {} ms); still serving the last good build",
                        describe(&changes),
                        built.as_millis()
                    ),
                }
            }
        })
        .map_err(notify::Error::io)?;
    Ok(WatchHandle {
        debouncer: Some(debouncer),
        thread: Some(thread),
    })
}

/// The content hash of each file as last built, so that events which change nothing
/// (a save without edits, `touch`, an editor writing twice) trigger no rebuild and no
/// update event.
#[derive(Debug, Default)]
pub struct ContentHashes {
    seen: HashMap<PathBuf, [u8; 32]>,
}

impl ContentHashes {
    /// Drops `Changed` entries whose bytes equal the last built version.
    pub fn filter(&mut self, root: &Path, changes: Vec<ContentChange>) -> Vec<ContentChange> {
        if changes.contains(&ContentChange::Rescan) {
            self.seen.clear();
            return changes;
        }
        changes
            .into_iter()
            .filter(|change| match change {
                ContentChange::Changed(rel) => {
                    // Links and large files are not read here: they count as changed.
                    let Some(hash) = watch_guard::small_file_hash(&root.join(rel)) else {
                        self.seen.remove(rel);
                        return true;
                    };
                    self.seen.insert(rel.clone(), hash) != Some(hash)
                }
                ContentChange::Removed(rel) => {
                    self.seen.remove(rel);
                    true
                }
                ContentChange::Rescan => true,
            })
            .collect()
    }
}

fn describe(changes: &[ContentChange]) -> String {
    match changes {
        [ContentChange::Changed(p)] => p.display().to_string(),
        [ContentChange::Removed(p)] => format!("{} (removed)", p.display()),
        _ if changes.contains(&ContentChange::Rescan) => "the whole content folder".into(),
        _ => format!("{} files", changes.len()),
    }
}

/// Prints diagnostics for the person at the terminal.
pub fn log_report(report: &BuildReport) {
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
}

/// Turns debounced events into the set of changed files (relative paths), ignoring
/// editor droppings and hidden files.
pub fn classify(root: &Path, batches: &[DebounceEventResult]) -> Vec<ContentChange> {
    let mut out = BTreeSet::new();
    for batch in batches {
        let events: &[DebouncedEvent] = match batch {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    tracing::warn!("watching the content folder: {e}");
                }
                out.insert(ContentChange::Rescan);
                continue;
            }
        };
        for event in events {
            if event.need_rescan() {
                out.insert(ContentChange::Rescan);
                continue;
            }
            // Reads and metadata-only changes (chmod, touch -a) change no content.
            if matches!(
                event.kind,
                EventKind::Access(AccessKind::Open(_) | AccessKind::Read | AccessKind::Any)
                    | EventKind::Modify(ModifyKind::Metadata(_))
            ) {
                continue;
            }
            for path in &event.paths {
                if let Some(change) = change_for(root, path) {
                    out.insert(change);
                }
            }
        }
    }
    if out.len() > FLOOD {
        // Thousands of files at once: one full rebuild, not thousands of reads.
        return vec![ContentChange::Rescan];
    }
    out.into_iter().collect()
}

fn change_for(root: &Path, path: &Path) -> Option<ContentChange> {
    let rel = path.strip_prefix(root).ok()?;
    if rel.as_os_str().is_empty() {
        return Some(ContentChange::Rescan);
    }
    if rel.components().any(|c| match c {
        Component::Normal(s) => s.to_str().is_none_or(is_ignored_name),
        _ => true,
    }) {
        return None;
    }
    match watch_guard::path_kind(root, path) {
        PathKind::File => Some(ContentChange::Changed(rel.to_path_buf())),
        // A new or renamed-in folder: its files may not have produced events.
        PathKind::Folder => {
            let has_files = std::fs::read_dir(path)
                .map(|mut d| d.next().is_some())
                .unwrap_or(false);
            has_files.then_some(ContentChange::Rescan)
        }
        PathKind::LinkOutside => {
            tracing::warn!(
                "{} is a link that leaves the content folder; it is not followed (`impactwall check` reports it)",
                rel.display()
            );
            None
        }
        PathKind::Other => None,
        // Gone: a file, or a whole folder when it had no extension.
        PathKind::Missing if rel.extension().is_none() => Some(ContentChange::Rescan),
        PathKind::Missing => Some(ContentChange::Removed(rel.to_path_buf())),
    }
}

/// Hidden files and editor temporaries never reach the build.
fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".part")
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, MetadataKind, RemoveKind};
    use notify::Event;

    fn ev(kind: EventKind, path: PathBuf) -> DebouncedEvent {
        DebouncedEvent::new(Event::new(kind).add_path(path), std::time::Instant::now())
    }

    #[test]
    fn events_become_file_changes_and_temporaries_are_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().canonicalize().expect("canon");
        std::fs::create_dir_all(root.join("stories")).expect("mkdir");
        std::fs::write(root.join("stories/a.md"), "x").expect("write");
        std::fs::write(root.join("stories/.a.md.swp"), "x").expect("write");
        let batch = Ok(vec![
            ev(
                EventKind::Modify(ModifyKind::Any),
                root.join("stories/a.md"),
            ),
            ev(
                EventKind::Create(CreateKind::File),
                root.join("stories/a.md"),
            ),
            ev(
                EventKind::Create(CreateKind::File),
                root.join("stories/.a.md.swp"),
            ),
            ev(
                EventKind::Create(CreateKind::File),
                root.join("stories/a.md~"),
            ),
            ev(
                EventKind::Remove(RemoveKind::File),
                root.join("stories/gone.md"),
            ),
            ev(
                EventKind::Access(AccessKind::Read),
                root.join("stories/a.md"),
            ),
            ev(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
                root.join("stories/b.md"),
            ),
        ]);
        assert_eq!(
            classify(&root, &[batch]),
            vec![
                ContentChange::Changed("stories/a.md".into()),
                ContentChange::Removed("stories/gone.md".into()),
            ]
        );
    }

    #[test]
    fn saving_identical_bytes_again_is_not_a_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("stories")).expect("mkdir");
        std::fs::write(root.join("stories/a.md"), "one").expect("write");
        let mut hashes = ContentHashes::default();
        let changed = || vec![ContentChange::Changed("stories/a.md".into())];
        assert_eq!(hashes.filter(root, changed()), changed(), "first sight");
        assert!(hashes.filter(root, changed()).is_empty(), "same bytes");
        std::fs::write(root.join("stories/a.md"), "two").expect("write");
        assert_eq!(hashes.filter(root, changed()), changed(), "new bytes");
        let removed = vec![ContentChange::Removed("stories/a.md".into())];
        assert_eq!(hashes.filter(root, removed.clone()), removed);
        assert_eq!(hashes.filter(root, changed()), changed(), "re-added");
    }

    #[test]
    fn a_flood_of_changes_is_one_full_rebuild_and_links_out_are_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().canonicalize().expect("canon");
        std::fs::create_dir_all(root.join("media")).expect("mkdir");
        let events: Vec<DebouncedEvent> = (0..=FLOOD)
            .map(|i| {
                let path = root.join(format!("media/scan-{i}.png"));
                std::fs::write(&path, "png").expect("write");
                ev(EventKind::Create(CreateKind::File), path)
            })
            .collect();
        assert_eq!(classify(&root, &[Ok(events)]), vec![ContentChange::Rescan]);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/", root.join("media/all")).expect("link");
            let batch = Ok(vec![ev(
                EventKind::Create(CreateKind::Folder),
                root.join("media/all"),
            )]);
            assert!(classify(&root, &[batch]).is_empty());
        }
    }

    #[test]
    fn removed_folders_and_watch_errors_ask_for_a_full_rebuild() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().canonicalize().expect("canon");
        let batch = Ok(vec![ev(
            EventKind::Remove(RemoveKind::Folder),
            root.join("media/photos"),
        )]);
        assert_eq!(classify(&root, &[batch]), vec![ContentChange::Rescan]);
        let failed: DebounceEventResult = Err(vec![notify::Error::generic("overflow")]);
        assert_eq!(classify(&root, &[failed]), vec![ContentChange::Rescan]);
    }
}
