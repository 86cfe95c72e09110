//! What `build` may replace: a folder that is missing, empty, or marked as written by
//! impactwall — and never the content folder, a folder inside or above it, the home
//! folder or the filesystem root. One typo in `--out` must not delete an archive.
//!
//! Builds into one output are serialised with a lock (on the folder that holds it),
//! so two builds started at once cannot swap folders under each other.

use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file every output carries; its presence is what makes a folder replaceable.
pub const MARKER: &str = ".impactwall-output";

/// What the marker file says to a person who opens it.
pub const MARKER_TEXT: &str = "This folder is written by `impactwall build` and replaced as a whole by the next build.\nDo not keep your own files here.\n";

/// Why an output folder is refused.
#[derive(Debug, thiserror::Error)]
pub enum OutputRefused {
    #[error("refusing to replace {out}: it is {what}")]
    Protected { out: PathBuf, what: &'static str },
    #[error("refusing to replace {out}: it holds files that impactwall did not write (no {MARKER} file)")]
    Foreign { out: PathBuf },
    #[error("{out} exists and is not a folder")]
    NotAFolder { out: PathBuf },
    #[error("cannot inspect {out}: {source}")]
    Io { out: PathBuf, source: io::Error },
}

impl OutputRefused {
    /// What the person should do instead.
    pub fn hint(&self) -> &'static str {
        match self {
            OutputRefused::Protected { .. } => {
                "pass an output folder of its own, e.g. `--out dist` (--force does not apply here)"
            }
            OutputRefused::Foreign { .. } => {
                "pass an empty or new folder, e.g. `--out dist`; or add --force if everything in it may be deleted"
            }
            OutputRefused::NotAFolder { .. } => "pass a folder path, e.g. `--out dist`",
            OutputRefused::Io { .. } => "check the path and its permissions",
        }
    }
}

/// Checks that `out` may be replaced by a build of `content`. `force` allows an
/// existing folder with foreign files, never a protected one.
pub fn check_output(out: &Path, content: &Path, force: bool) -> Result<(), OutputRefused> {
    let io_err = |source| OutputRefused::Io {
        out: out.to_path_buf(),
        source,
    };
    let resolved = resolve(out).map_err(io_err)?;
    let content = resolve(content).map_err(io_err)?;
    let protected = |what| OutputRefused::Protected {
        out: out.to_path_buf(),
        what,
    };
    if resolved.parent().is_none() {
        return Err(protected("the filesystem root"));
    }
    if resolved == content {
        return Err(protected("the content folder"));
    }
    if content.starts_with(&resolved) {
        return Err(protected("a folder that contains the content folder"));
    }
    if resolved.starts_with(&content) {
        // `--out content/media` would replace the photos.
        return Err(protected("inside the content folder"));
    }
    if home().is_some_and(|h| h == resolved) {
        return Err(protected("your home folder"));
    }
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(e)),
    };
    if !meta.is_dir() {
        return Err(OutputRefused::NotAFolder {
            out: out.to_path_buf(),
        });
    }
    if out.join(MARKER).is_file() || force {
        return Ok(());
    }
    let mut entries = fs::read_dir(out).map_err(io_err)?;
    match entries.next() {
        None => Ok(()),
        Some(_) => Err(OutputRefused::Foreign {
            out: out.to_path_buf(),
        }),
    }
}

fn home() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    resolve(Path::new(&home)).ok()
}

/// An absolute path with symlinks resolved as far as the path exists and `.`/`..`
/// applied to the rest, so `dist/../content` and `./content/` both name the content
/// folder.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = PathBuf::new();
    let mut rest: Vec<Component<'_>> = Vec::new();
    for component in absolute.components() {
        if rest.is_empty() {
            let next = existing.join(component);
            if fs::symlink_metadata(&next).is_ok() {
                existing = next;
                continue;
            }
        }
        rest.push(component);
    }
    let mut out = existing.canonicalize()?;
    for component in rest {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => out.push(name),
            _ => {}
        }
    }
    Ok(out)
}

/// Holds the exclusive lock on an output folder while a build writes it.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// Takes an exclusive lock for writing `name` in `parent`, waiting for a build that
/// holds it. The lock is on the parent folder itself where the system allows that
/// (Unix), so nothing is left behind; elsewhere on a `.{name}.lock` file beside the
/// output. Either way it goes with the process: a killed build never leaves it taken.
pub fn lock_output(parent: &Path, name: &str) -> io::Result<OutputLock> {
    fs::create_dir_all(parent)?;
    let file = match File::open(parent) {
        Ok(dir) if cfg!(unix) => dir,
        _ => fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(parent.join(format!(".{name}.lock")))?,
    };
    file.lock()?;
    Ok(OutputLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_folders_are_refused_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("site/content");
        fs::create_dir_all(&content).unwrap();
        fs::write(content.join("site.toml"), "").unwrap();
        for out in [
            content.clone(),
            content.join("."),
            content.join("../content"),
            dir.path().join("site"),
            dir.path().to_path_buf(),
            content.join("media"),
            content.join("dist"),
            PathBuf::from("/"),
        ] {
            let refused = check_output(&out, &content, true);
            assert!(
                matches!(refused, Err(OutputRefused::Protected { .. })),
                "{}: {refused:?}",
                out.display()
            );
        }
    }

    #[test]
    fn missing_empty_and_marked_folders_are_accepted_foreign_ones_need_force() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        fs::create_dir_all(&content).unwrap();
        assert!(check_output(&dir.path().join("new/dist"), &content, false).is_ok());
        let out = dir.path().join("dist");
        fs::create_dir_all(&out).unwrap();
        assert!(check_output(&out, &content, false).is_ok());
        fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            check_output(&out, &content, false),
            Err(OutputRefused::Foreign { .. })
        ));
        assert!(check_output(&out, &content, true).is_ok());
        fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_output(&out, &content, false).is_ok());
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(matches!(
            check_output(&file, &content, true),
            Err(OutputRefused::NotAFolder { .. })
        ));
    }

    #[test]
    fn the_lock_is_exclusive_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_output(dir.path(), "dist").unwrap();
        let other = File::open(dir.path()).unwrap();
        if cfg!(unix) {
            assert!(other.try_lock().is_err(), "a second build must wait");
        }
        drop(held);
        assert!(other.try_lock().is_ok());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn resolve_applies_dot_dot_to_missing_parts() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(resolve(&base.join("a/b/../../c")).unwrap(), base.join("c"));
        assert_eq!(resolve(&base.join(".")).unwrap(), base);
    }
}
