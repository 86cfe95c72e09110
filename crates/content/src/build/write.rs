//! Writing a build to disk all at once: into a temporary sibling of the output
//! folder, then swapped in with renames, so a reader never sees half a site and a
//! failed build leaves the previous site exactly as it was.

use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::output_guard::{self, OutputRefused, MARKER, MARKER_TEXT};
use super::OutputSet;

/// Why a guarded write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Refused(#[from] OutputRefused),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How the files of a build reached the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written anew.
    pub written: usize,
    /// Files whose bytes the previous output already held: linked, not written.
    pub unchanged: usize,
}

/// [`write_atomic`] behind the output guard: `out` must be replaceable (see
/// [`output_guard::check_output`]), and the write holds the output's lock.
pub fn write_guarded(
    out: &Path,
    content: &Path,
    force: bool,
    set: &OutputSet,
    shell: Option<&Path>,
) -> Result<WriteStats, WriteError> {
    let (parent, name) = parent_and_name(out)?;
    let _lock = output_guard::lock_output(&parent, &name)?;
    // Checked under the lock: another build may have just created the folder.
    output_guard::check_output(out, content, force)?;
    Ok(write_atomic(out, set, shell)?)
}

fn parent_and_name(out: &Path) -> io::Result<(PathBuf, String)> {
    let name = out
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "output folder has no name"))?
        .to_string_lossy()
        .into_owned();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// Writes `set` (over the app shell copied from `shell`, when that folder exists)
/// to a temporary folder next to `out`, syncs it once, then replaces `out` with it.
/// Any failure before the swap removes the temporary folder and leaves `out`
/// untouched. Symbolic links in the shell are copied only when they resolve to a
/// file inside the shell folder.
///
/// When `out` holds a complete previous build, every file whose bytes it already has
/// is hard-linked from there instead of written (on a file system without hard links,
/// written): a rebuild after a small edit creates only the files that changed. Files
/// in the temporary folder are only ever created or removed, never written into, so
/// the previous output stays intact through a link until the swap.
pub fn write_atomic(out: &Path, set: &OutputSet, shell: Option<&Path>) -> io::Result<WriteStats> {
    let (parent, name) = parent_and_name(out)?;
    if let Ok(meta) = fs::symlink_metadata(out) {
        if !meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", out.display()),
            ));
        }
    }
    fs::create_dir_all(&parent)?;
    remove_stale_siblings(&parent, &name);
    let stamp = unique_suffix();
    let tmp = parent.join(format!(".{name}.tmp-{stamp}"));
    fs::create_dir(&tmp)?;
    // Only a complete build is a source of unchanged files.
    let previous = out.join(MARKER).is_file().then_some(out);
    let stats = match fill(&tmp, set, shell, previous) {
        Ok(stats) => stats,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    swap(out, &tmp, &parent.join(format!(".{name}.old-{stamp}")))?;
    Ok(stats)
}

fn fill(
    tmp: &Path,
    set: &OutputSet,
    shell: Option<&Path>,
    previous: Option<&Path>,
) -> io::Result<WriteStats> {
    use rayon::prelude::*;
    let shell = shell.filter(|s| s.is_dir());
    let from = Previous {
        tmp,
        dir: previous,
        written: AtomicUsize::new(0),
        unchanged: AtomicUsize::new(0),
    };
    if let Some(shell) = shell {
        // The shell's files the build replaces (its `index.html`) are not copied.
        copy_shell(shell, &from, |rel| set.files.contains_key(rel))?;
    }
    let targets = (set.files.iter())
        .map(|(rel, file)| Ok((tmp.join(safe_relative(rel)?), file.bytes.as_slice())))
        .collect::<io::Result<Vec<(PathBuf, &[u8])>>>()?;
    // Each folder once (parents first), then the files on every core: tens of
    // thousands of them at archive scale, where the file system's time dominates.
    let dirs: std::collections::BTreeSet<&Path> =
        targets.iter().filter_map(|(t, _)| t.parent()).collect();
    for dir in dirs {
        fs::create_dir_all(dir)?;
    }
    targets.par_iter().try_for_each(|(target, bytes)| {
        // Remove whatever the shell put there (a file, or a link we must not write through).
        if shell.is_some() && fs::symlink_metadata(target).is_ok() {
            fs::remove_file(target)?;
        }
        from.place(target, bytes).map(drop)
    })?;
    write_cache_rules(&from)?;
    // Written last: a folder carrying it is a complete build that may be replaced.
    from.place(&tmp.join(MARKER), MARKER_TEXT.as_bytes())?;
    // One flush of the whole folder before the swap, not one per file (the links
    // are new entries pointing at files the previous build already flushed).
    super::durable::sync_tree(tmp)?;
    Ok(WriteStats {
        written: from.written.into_inner(),
        unchanged: from.unchanged.into_inner(),
    })
}

/// The folder being filled, the previous output it may link unchanged files from,
/// and how many files went either way.
struct Previous<'a> {
    tmp: &'a Path,
    dir: Option<&'a Path>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl Previous<'_> {
    /// Creates `target` (in the temporary folder, where nothing is there yet) with
    /// `bytes`: a hard link to the previous output's file at the same place when that
    /// holds exactly these bytes (true), a new file otherwise (false).
    fn place(&self, target: &Path, bytes: &[u8]) -> io::Result<bool> {
        let old = (self.dir)
            .zip(target.strip_prefix(self.tmp).ok())
            .map(|(dir, rel)| dir.join(rel));
        if let Some(old) = old.filter(|old| holds_exactly(old, bytes)) {
            // Another file system, or no hard links there: write instead.
            if fs::hard_link(&old, target).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(true);
            }
        }
        fs::write(target, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(false)
    }
}

/// Whether `path` is a regular file (not a link to one) holding exactly `bytes`.
fn holds_exactly(path: &Path, bytes: &[u8]) -> bool {
    let same_size =
        fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && fs::read(path).is_ok_and(|old| old == bytes)
}

fn swap(out: &Path, tmp: &Path, old: &Path) -> io::Result<()> {
    if fs::symlink_metadata(out).is_ok() && exchange(tmp, out).is_ok() {
        // One atomic step: `out` is the new site, `tmp` holds the previous one. A kill
        // from here on leaves only a stale temporary folder for the next build to remove.
        let _ = fs::remove_dir_all(tmp);
    } else if fs::symlink_metadata(out).is_ok() {
        if let Err(e) = fs::rename(out, old) {
            let _ = fs::remove_dir_all(tmp);
            return Err(e);
        }
        if let Err(e) = fs::rename(tmp, out) {
            // Put the previous site back before reporting.
            let _ = fs::rename(old, out);
            let _ = fs::remove_dir_all(tmp);
            return Err(e);
        }
        // The new site is in place; a leftover old folder is only untidy.
        let _ = fs::remove_dir_all(old);
    } else if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::remove_dir_all(tmp);
        return Err(e);
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = sync_dir(parent);
    }
    Ok(())
}

/// Swaps two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`), so there is no
/// moment at which the output folder is missing.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// An output key as a relative path with only normal components.
fn safe_relative(rel: &str) -> io::Result<PathBuf> {
    let path = Path::new(rel);
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write output path `{rel}`"),
        ))
    }
}

/// The shell's folders a static site never gets: the publishing desk's bundle is
/// served only by `impactwall serve --desk`.
const SERVE_ONLY_SHELL_DIRS: &[&str] = &["desk"];

fn copy_shell(
    shell: &Path,
    from: &Previous<'_>,
    replaced: impl Fn(&str) -> bool,
) -> io::Result<()> {
    let tmp = from.tmp;
    let root = shell.canonicalize()?;
    let serve_only = |e: &walkdir::DirEntry| {
        e.depth() == 1
            && e.file_type().is_dir()
            && SERVE_ONLY_SHELL_DIRS.iter().any(|d| e.file_name() == *d)
    };
    for entry in walkdir::WalkDir::new(shell)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !serve_only(e))
    {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(shell)
            .map_err(io::Error::other)?
            .to_path_buf();
        let target = tmp.join(&rel);
        let ft = entry.file_type();
        if !ft.is_dir() && replaced(&rel.to_string_lossy().replace('\\', "/")) {
            continue;
        }
        if ft.is_dir() {
            fs::create_dir_all(&target)?;
        } else if ft.is_file() {
            copy_file(entry.path(), &target, from)?;
        } else if ft.is_symlink() {
            // Only links to files that stay inside the shell folder.
            if let Ok(resolved) = entry.path().canonicalize() {
                if resolved.starts_with(&root) && resolved.is_file() {
                    copy_file(&resolved, &target, from)?;
                }
            }
        }
    }
    Ok(())
}

/// Extends the shell's `_headers` (or starts one) with cache rules for what is in the
/// temporary folder.
fn write_cache_rules(from: &Previous<'_>) -> io::Result<()> {
    let tmp = from.tmp;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(tmp).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            if let Ok(rel) = entry.path().strip_prefix(tmp) {
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let path = tmp.join("_headers");
    let existing = fs::read_to_string(&path).ok();
    let headers =
        super::cdn_headers::with_cache_rules(existing.as_deref(), files.iter().map(String::as_str));
    // The shell's copy may be a link into the previous output: replaced, never written into.
    if existing.is_some() {
        fs::remove_file(&path)?;
    }
    from.place(&path, headers.as_bytes()).map(drop)
}

/// Copies without syncing ([`fill`] makes the whole folder durable at the end), or
/// links the previous output's copy when it is the same.
fn copy_file(src: &Path, to: &Path, from: &Previous<'_>) -> io::Result<()> {
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir)?;
    }
    let bytes = fs::read(src)?;
    if to == from.tmp.join("_headers") {
        // Only the start of the output's `_headers` (see [`write_cache_rules`]): not
        // an output file of its own, so neither linked nor counted.
        return fs::write(to, bytes);
    }
    from.place(to, &bytes).map(drop)
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    // Directories can be opened and synced on Unix; elsewhere this is best effort.
    match File::open(dir) {
        Ok(f) => f.sync_all().or(Ok(())),
        Err(_) => Ok(()),
    }
}

/// Removes temporary and old folders left next to the output by a build that was
/// killed half-way (their process is gone), so they do not pile up.
fn remove_stale_siblings(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let (tmp, old) = (format!(".{name}.tmp-"), format!(".{name}.old-"));
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name
            .strip_prefix(&tmp)
            .or_else(|| file_name.strip_prefix(&old))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if let Some(pid) = pid {
            if is_dir && pid != std::process::id() && !process_alive(pid) {
                // A build killed between its two renames (where the atomic exchange is
                // unavailable) left the previous site here and no output: put it back.
                let out = parent.join(name);
                let restorable = file_name.starts_with(&old) && entry.path().join(MARKER).is_file();
                if restorable && fs::symlink_metadata(&out).is_err() {
                    let _ = fs::rename(entry.path(), &out);
                } else {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
    }
}

/// Whether a process id is running; assumed so where that cannot be told.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

fn unique_suffix() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::super::OutputFile;
    use super::*;
    use std::sync::Arc;

    fn set(files: &[(&str, &str)]) -> OutputSet {
        let mut s = OutputSet::default();
        for (k, v) in files {
            s.files
                .insert((*k).into(), OutputFile::new(v.as_bytes().to_vec()));
        }
        s
    }

    #[test]
    fn writes_shell_then_output_and_replaces_previous() {
        let dir = tempfile::tempdir().unwrap();
        let shell = dir.path().join("shell");
        fs::create_dir_all(shell.join("assets")).unwrap();
        fs::write(shell.join("index.html"), "shell").unwrap();
        fs::write(shell.join("assets/app.js"), "js").unwrap();
        // The desk's bundle is for `serve --desk` only: a static site has no desk.
        fs::create_dir_all(shell.join("desk")).unwrap();
        fs::write(shell.join("desk/index.html"), "desk").unwrap();
        fs::write(shell.join("desk/impactwall-desk.js"), "js").unwrap();
        fs::write(dir.path().join("secret"), "outside").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret"), shell.join("leak")).unwrap();
        let out = dir.path().join("dist");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.json"), "old").unwrap();
        write_atomic(
            &out,
            &set(&[("data/index.json", "{}"), ("index.html", "over")]),
            Some(&shell),
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(out.join("data/index.json")).unwrap(),
            "{}"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "over");
        assert_eq!(fs::read_to_string(out.join("assets/app.js")).unwrap(), "js");
        assert!(!out.join("stale.json").exists());
        assert!(!out.join("leak").exists());
        assert!(!out.join("desk").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".dist"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn failure_leaves_output_untouched_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("keep.txt"), "keep").unwrap();
        let bad = set(&[("a.txt", "a"), ("../escape.txt", "x")]);
        assert!(write_atomic(&out, &bad, None).is_err());
        assert_eq!(fs::read_to_string(out.join("keep.txt")).unwrap(), "keep");
        assert!(!dir.path().join("escape.txt").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // A file where a folder is needed also fails cleanly.
        let clash = set(&[("x", "file"), ("x/y", "nested")]);
        assert!(write_atomic(&out, &clash, None).is_err());
        assert_eq!(fs::read_to_string(out.join("keep.txt")).unwrap(), "keep");
        let _ = Arc::new(());
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        // Linux pids never reach this value.
        let stale = dir.path().join(".dist.tmp-999999999-1");
        fs::create_dir_all(stale.join("data")).unwrap();
        let unrelated = dir.path().join(".other.tmp-999999999-1");
        fs::create_dir_all(&unrelated).unwrap();
        write_atomic(&out, &set(&[("a.txt", "a")]), None).unwrap();
        if cfg!(target_os = "linux") {
            assert!(!stale.exists());
        }
        assert!(unrelated.exists());
    }

    #[test]
    fn creates_missing_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/dist");
        write_atomic(
            &out,
            &set(&[("theme.css", ":root{}")]),
            Some(&dir.path().join("no-shell")),
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(out.join("theme.css")).unwrap(),
            ":root{}"
        );
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_links_unchanged_files_and_writes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let shell = dir.path().join("shell");
        fs::create_dir_all(&shell).unwrap();
        fs::write(shell.join("app.js"), "js").unwrap();
        let out = dir.path().join("dist");
        let first = [
            ("a/same.html", "same"),
            ("b.json", "old"),
            ("gone.txt", "x"),
        ];
        let stats = write_atomic(&out, &set(&first), Some(&shell)).unwrap();
        // Into an empty place: everything written (3 files, the shell's, _headers, marker).
        assert_eq!(
            stats,
            WriteStats {
                written: 6,
                unchanged: 0
            }
        );
        let (same, changed, js) = (
            inode(&out.join("a/same.html")),
            inode(&out.join("b.json")),
            inode(&out.join("app.js")),
        );
        let second = [("a/same.html", "same"), ("b.json", "new!")];
        let stats = write_atomic(&out, &set(&second), Some(&shell)).unwrap();
        assert_eq!(inode(&out.join("a/same.html")), same);
        assert_eq!(inode(&out.join("app.js")), js);
        assert_ne!(inode(&out.join("b.json")), changed);
        assert_eq!(fs::read_to_string(out.join("b.json")).unwrap(), "new!");
        assert!(!out.join("gone.txt").exists());
        // b.json and _headers (its rules list other files) are new; the rest linked.
        assert_eq!(
            stats,
            WriteStats {
                written: 2,
                unchanged: 3
            }
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_never_writes_into_the_previous_outputs_files() {
        let dir = tempfile::tempdir().unwrap();
        let shell = dir.path().join("shell");
        fs::create_dir_all(&shell).unwrap();
        let shell_headers = "/*\n  X-Frame-Options: DENY\n";
        fs::write(shell.join("_headers"), shell_headers).unwrap();
        let out = dir.path().join("dist");
        write_atomic(&out, &set(&[("a.json", "{}")]), Some(&shell)).unwrap();
        // Another name for each file of the previous output, to read them afterwards.
        let keep = dir.path().join("keep");
        fs::create_dir_all(&keep).unwrap();
        let names = ["_headers", "a.json", MARKER];
        for name in names {
            fs::hard_link(out.join(name), keep.join(name)).unwrap();
        }
        let before: Vec<String> = names
            .iter()
            .map(|n| fs::read_to_string(keep.join(n)).unwrap())
            .collect();
        // The shell's `_headers` is the same, but the rules written into it are not.
        let next = set(&[("a.json", "{}"), ("media/x.4ea8ce3c.jpg", "j")]);
        write_atomic(&out, &next, Some(&shell)).unwrap();
        let after: Vec<String> = names
            .iter()
            .map(|n| fs::read_to_string(keep.join(n)).unwrap())
            .collect();
        assert_eq!(before, after);
        assert!(fs::read_to_string(out.join("_headers"))
            .unwrap()
            .contains("/media/*"));
    }

    #[cfg(unix)]
    #[test]
    fn only_a_complete_build_lends_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("a.json"), "{}").unwrap();
        let foreign = inode(&out.join("a.json"));
        let stats = write_atomic(&out, &set(&[("a.json", "{}")]), None).unwrap();
        assert_eq!(stats.unchanged, 0);
        assert_ne!(inode(&out.join("a.json")), foreign);
    }

    #[test]
    fn the_shells_headers_gain_cache_rules() {
        let dir = tempfile::tempdir().unwrap();
        let shell = dir.path().join("shell");
        fs::create_dir_all(&shell).unwrap();
        fs::write(shell.join("_headers"), "/*\n  X-Frame-Options: DENY\n").unwrap();
        fs::write(shell.join("app-0a1b2c3d4e5f6a7b.js"), "js").unwrap();
        let out = dir.path().join("dist");
        let files = [("data/index.json", "{}"), ("media/a.4ea8ce3c.jpg", "j")];
        write_atomic(&out, &set(&files), Some(&shell)).unwrap();
        let h = fs::read_to_string(out.join("_headers")).unwrap();
        assert!(h.starts_with("/*\n  X-Frame-Options: DENY\n"), "{h}");
        for rule in [
            "/app-0a1b2c3d4e5f6a7b.js\n  Cache-Control: public, max-age=31536000, immutable",
            "/media/*\n  Cache-Control: public, max-age=31536000, immutable",
            "/data/*\n  Cache-Control: public, max-age=0, must-revalidate",
        ] {
            assert!(h.contains(rule), "{rule} in\n{h}");
        }
        assert!(!h.contains(MARKER), "{h}");
    }
}
