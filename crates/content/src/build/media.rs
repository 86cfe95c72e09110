//! Hashed copies of media files (`media/{stem}.{hash8}.{ext}`), cached by
//! (path, length, modification time) so an unchanged file is not read again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use super::OutputFile;
use crate::load::media::{resolve, MediaKind, MediaProblem, AUDIO_EXTENSIONS};

/// A media file ready to publish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedMedia {
    /// Output path without leading slash: `media/rosa.3f9a1c2e.jpg`.
    pub out_path: String,
    /// URL path: `/media/rosa.3f9a1c2e.jpg`.
    pub url: String,
    pub file: OutputFile,
}

#[derive(Clone, Debug)]
struct Entry {
    len: u64,
    modified: Option<SystemTime>,
    published: PublishedMedia,
}

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum MediaError {
    /// Refused by the loader's rules (outside `media/`, missing, wrong type, too large).
    #[error("{}", .0.message)]
    Refused(MediaProblem),
    #[error("could not read `{path}`: {message}")]
    Read { path: String, message: String },
}

impl MediaError {
    /// Diagnostic code, the same as `impactwall check` reports.
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::Refused(p) => p.code,
            MediaError::Read { .. } => "missing-media",
        }
    }
}

/// Content-relative media (`media/…`) to published copies.
#[derive(Debug)]
pub struct MediaStore {
    root: PathBuf,
    /// Behind a lock so documents can be rendered on several threads at once.
    entries: Mutex<HashMap<String, Entry>>,
}

impl MediaStore {
    pub fn new(root: &Path) -> Self {
        MediaStore {
            root: root.to_path_buf(),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Drops the cached copy of `rel` (after it changed or was removed).
    pub fn forget(&mut self, rel: &str) {
        self.entries
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(rel);
    }

    /// The published copy of `written` (`media/rosa.jpg` or `rosa.jpg`), checked with
    /// the loader's rules (inside `content/media/`, accepted type, size) and hashed
    /// only when its length or modification time changed since the last call.
    pub fn publish(&self, written: &str, max_bytes: u64) -> Result<PublishedMedia, MediaError> {
        let kind = match extension(written) {
            Some(ext) if AUDIO_EXTENSIONS.contains(&ext.as_str()) => MediaKind::Audio,
            _ => MediaKind::Image,
        };
        let rel = resolve(&self.root, written, kind, max_bytes).map_err(MediaError::Refused)?;
        let path = self.root.join(&rel);
        let read_error = |e: std::io::Error| MediaError::Read {
            path: rel.clone(),
            message: e.to_string(),
        };
        let meta = std::fs::metadata(&path).map_err(read_error)?;
        let modified = meta.modified().ok();
        if let Some(e) = self.entries().get(&rel) {
            if e.len == meta.len() && e.modified == modified && modified.is_some() {
                return Ok(e.published.clone());
            }
        }
        // Never more than the limit in memory, even if the file grew after the check.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(
                std::fs::File::open(&path).map_err(read_error)?,
                max_bytes + 1,
            ),
            &mut bytes,
        )
        .map_err(read_error)?;
        if bytes.len() as u64 > max_bytes {
            // It grew after the check.
            return Err(MediaError::Read {
                path: rel,
                message: format!("it is larger than the limit of {max_bytes} bytes"),
            });
        }
        let digest = hex::encode(Sha256::digest(&bytes));
        let ext = extension(&rel).unwrap_or_default();
        let out_path = format!("media/{}.{}.{ext}", stem(&rel), &digest[..8]);
        let published = PublishedMedia {
            url: format!("/{out_path}"),
            out_path,
            file: OutputFile {
                etag: digest[..16].to_owned(),
                bytes: Arc::new(bytes),
            },
        };
        // Hashed without the lock held; two threads hashing one file store one result.
        self.entries().insert(
            rel,
            Entry {
                len: meta.len(),
                modified,
                published: published.clone(),
            },
        );
        Ok(published)
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // The map stays consistent even if a holder panicked: each insert is whole.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn extension(rel: &str) -> Option<String> {
    let name = rel.rsplit('/').next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// File stem made URL-safe: letters, digits, `-`, `_`; anything else `-`.
fn stem(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let mut out: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    out.truncate(80);
    if out.is_empty() {
        out.push_str("file");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_is_hashed_cached_and_confined() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("media/team")).unwrap();
        std::fs::write(dir.path().join("media/team/Rosa Photo.JPG"), b"jpeg bytes").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"no").unwrap();
        let store = MediaStore::new(dir.path());
        let p = store.publish("media/team/Rosa Photo.JPG", 1000).unwrap();
        assert!(
            p.out_path.starts_with("media/Rosa-Photo."),
            "{}",
            p.out_path
        );
        assert!(p.out_path.ends_with(".jpg"));
        assert_eq!(p.url, format!("/{}", p.out_path));
        assert_eq!(p.out_path.len(), "media/Rosa-Photo.12345678.jpg".len());
        assert_eq!(&**p.file.bytes, b"jpeg bytes");
        assert_eq!(store.publish("team/Rosa Photo.JPG", 1000).unwrap(), p);
        for bad in [
            "../secret.txt",
            "media/../secret.txt",
            "/etc/passwd",
            "media/%2e%2e/x.jpg",
            "media\\..\\x.jpg",
        ] {
            assert_eq!(
                store.publish(bad, 1000).unwrap_err().code(),
                "media-outside",
                "{bad}"
            );
        }
        assert_eq!(
            store.publish("media/none.jpg", 1000).unwrap_err().code(),
            "missing-media"
        );
        assert_eq!(
            store
                .publish("media/team/Rosa Photo.JPG", 3)
                .unwrap_err()
                .code(),
            "media-too-large"
        );
        std::fs::write(dir.path().join("media/x.svg"), b"<svg/>").unwrap();
        assert_eq!(
            store.publish("media/x.svg", 1000).unwrap_err().code(),
            "bad-media-type"
        );
        std::fs::write(dir.path().join("media/talk.ogg"), b"ogg").unwrap();
        assert!(store.publish("media/talk.ogg", 1000).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_out_of_media_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("media")).unwrap();
        std::fs::write(dir.path().join("outside.jpg"), b"x").unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("outside.jpg"),
            dir.path().join("media/link.jpg"),
        )
        .unwrap();
        let store = MediaStore::new(dir.path());
        assert_eq!(
            store.publish("media/link.jpg", 1000).unwrap_err().code(),
            "media-outside"
        );
    }
}
