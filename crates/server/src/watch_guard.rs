//! What the watcher may do with a changed path before the loader sees it: never read
//! through a link that leaves the content folder, never read a file whole (a 6 GB
//! sparse "photo" must cost no memory), and never handle a flood of events one by one.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

/// More changed files than this in one batch (a checkout, an unpacked archive, a
/// `touch` over the whole folder) are handled as one full rebuild.
pub const FLOOD: usize = 256;

/// Files larger than this are never hashed to detect unchanged saves: they count as
/// changed and the loader's size limits decide.
pub const MAX_HASHED_BYTES: u64 = 32 * 1024 * 1024;

/// Where a changed path leads, judged without following it out of the content folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    File,
    Folder,
    /// A symlink whose target is outside the content folder (or missing).
    LinkOutside,
    Other,
    Missing,
}

/// What `path` is. A symlink counts as its target only when the target resolves
/// inside `root` (which must be canonical).
pub fn path_kind(root: &Path, path: &Path) -> PathKind {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(_) => return PathKind::Missing,
    };
    let meta = if meta.file_type().is_symlink() {
        match path.canonicalize() {
            Ok(target) if target.starts_with(root) => match std::fs::metadata(&target) {
                Ok(m) => m,
                Err(_) => return PathKind::LinkOutside,
            },
            _ => return PathKind::LinkOutside,
        }
    } else {
        meta
    };
    if meta.is_file() {
        PathKind::File
    } else if meta.is_dir() {
        PathKind::Folder
    } else {
        PathKind::Other
    }
}

/// The sha256 of a regular file of at most [`MAX_HASHED_BYTES`], read in pieces;
/// `None` for links, anything else, larger files and read errors.
pub fn small_file_hash(path: &Path) -> Option<[u8; 32]> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_HASHED_BYTES {
        return None;
    }
    let mut hasher = Sha256::new();
    let file = File::open(path).ok()?;
    // `take`: a file that grows while it is read still stops at the limit.
    let copied = io::copy(&mut file.take(MAX_HASHED_BYTES + 1), &mut hasher).ok()?;
    (copied <= MAX_HASHED_BYTES).then(|| hasher.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_root_are_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("media")).expect("mkdir");
        std::fs::write(dir.path().join("secret.txt"), "s").expect("write");
        std::fs::write(root.join("media/a.jpg"), "a").expect("write");
        let root = root.canonicalize().expect("canon");
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink("/", root.join("media/all")).expect("link");
            symlink(dir.path().join("secret.txt"), root.join("media/s.jpg")).expect("link");
            symlink(root.join("media/a.jpg"), root.join("media/b.jpg")).expect("link");
            assert_eq!(
                path_kind(&root, &root.join("media/all")),
                PathKind::LinkOutside
            );
            assert_eq!(
                path_kind(&root, &root.join("media/s.jpg")),
                PathKind::LinkOutside
            );
            assert_eq!(path_kind(&root, &root.join("media/b.jpg")), PathKind::File);
            assert_eq!(small_file_hash(&root.join("media/s.jpg")), None);
        }
        assert_eq!(path_kind(&root, &root.join("media")), PathKind::Folder);
        assert_eq!(path_kind(&root, &root.join("nope")), PathKind::Missing);
        assert!(small_file_hash(&root.join("media/a.jpg")).is_some());
    }

    #[test]
    fn large_files_are_not_hashed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = dir.path().join("big.jpg");
        let f = File::create(&big).expect("create");
        f.set_len(MAX_HASHED_BYTES + 1).expect("sparse");
        assert_eq!(small_file_hash(&big), None);
    }
}
