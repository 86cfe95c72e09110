//! Hashed copies of media files (`media/{stem}.{hash8}.{ext}`), cached by
//! (path, length, modification time) so an unchanged file is not read again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use super::OutputFile;

pub const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "webp", "gif", "avif"];
pub const AUDIO_EXTENSIONS: [&str; 6] = ["mp3", "ogg", "oga", "opus", "m4a", "wav"];

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
    #[error("`{0}` is not a file inside content/media/")]
    Outside(String),
    #[error("`{0}` does not exist in content/media/")]
    Missing(String),
    #[error("`{0}` is not an accepted media type (images: jpg jpeg png webp gif avif; audio: mp3 ogg oga opus m4a wav)")]
    Extension(String),
    #[error("`{path}` is {len} bytes, more than the limit of {max} bytes")]
    TooLarge { path: String, len: u64, max: u64 },
    #[error("could not read `{path}`: {message}")]
    Read { path: String, message: String },
}

impl MediaError {
    /// Diagnostic code, matching the loader's codes where they overlap.
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::Outside(_) => "media-outside",
            MediaError::Missing(_) | MediaError::Read { .. } => "missing-media",
            MediaError::Extension(_) => "media-type",
            MediaError::TooLarge { .. } => "too-large",
        }
    }
}

/// Content-relative media (`media/…`) to published copies.
#[derive(Debug)]
pub struct MediaStore {
    root: PathBuf,
    entries: HashMap<String, Entry>,
}

impl MediaStore {
    pub fn new(root: &Path) -> Self {
        MediaStore {
            root: root.to_path_buf(),
            entries: HashMap::new(),
        }
    }

    /// Drops the cached copy of `rel` (after it changed or was removed).
    pub fn forget(&mut self, rel: &str) {
        self.entries.remove(rel);
    }

    /// The published copy of `rel` (`media/rosa.jpg`), hashing the file only when its
    /// length or modification time changed since the last call.
    pub fn publish(&mut self, rel: &str, max_bytes: u64) -> Result<PublishedMedia, MediaError> {
        let rel = normalise(rel)?;
        let ext = extension(&rel).ok_or_else(|| MediaError::Extension(rel.clone()))?;
        if !IMAGE_EXTENSIONS.contains(&ext.as_str()) && !AUDIO_EXTENSIONS.contains(&ext.as_str()) {
            return Err(MediaError::Extension(rel));
        }
        let path = self.root.join(&rel);
        let meta =
            std::fs::symlink_metadata(&path).map_err(|_| MediaError::Missing(rel.clone()))?;
        let meta = if meta.file_type().is_symlink() {
            // A link is fine as long as it resolves inside content/media.
            let media_dir = self
                .root
                .join("media")
                .canonicalize()
                .map_err(|_| MediaError::Missing(rel.clone()))?;
            let target = path
                .canonicalize()
                .map_err(|_| MediaError::Missing(rel.clone()))?;
            if !target.starts_with(&media_dir) {
                return Err(MediaError::Outside(rel));
            }
            std::fs::metadata(&target).map_err(|_| MediaError::Missing(rel.clone()))?
        } else {
            meta
        };
        if !meta.is_file() {
            return Err(MediaError::Missing(rel));
        }
        if meta.len() > max_bytes {
            return Err(MediaError::TooLarge {
                path: rel,
                len: meta.len(),
                max: max_bytes,
            });
        }
        let modified = meta.modified().ok();
        if let Some(e) = self.entries.get(&rel) {
            if e.len == meta.len() && e.modified == modified && modified.is_some() {
                return Ok(e.published.clone());
            }
        }
        let bytes = std::fs::read(&path).map_err(|e| MediaError::Read {
            path: rel.clone(),
            message: e.to_string(),
        })?;
        if bytes.len() as u64 > max_bytes {
            return Err(MediaError::TooLarge {
                path: rel,
                len: bytes.len() as u64,
                max: max_bytes,
            });
        }
        let digest = hex::encode(Sha256::digest(&bytes));
        let stem = stem(&rel);
        let out_path = format!("media/{stem}.{}.{ext}", &digest[..8]);
        let published = PublishedMedia {
            url: format!("/{out_path}"),
            out_path,
            file: OutputFile {
                etag: digest[..16].to_owned(),
                bytes: Arc::new(bytes),
            },
        };
        self.entries.insert(
            rel,
            Entry {
                len: meta.len(),
                modified,
                published: published.clone(),
            },
        );
        Ok(published)
    }
}

/// `media/a/b.jpg` or `a/b.jpg` → `media/a/b.jpg`; refuses anything that could
/// leave the media folder.
fn normalise(written: &str) -> Result<String, MediaError> {
    let outside = || MediaError::Outside(written.to_owned());
    let s = written.trim();
    let s = s.strip_prefix("./").unwrap_or(s);
    let s = s.strip_prefix("media/").unwrap_or(s);
    if s.is_empty() || s.starts_with('/') || s.contains(['\\', '\0', '%', ':']) {
        return Err(outside());
    }
    if s.split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Err(outside());
    }
    Ok(format!("media/{s}"))
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

/// MIME type of an audio file by extension.
pub fn audio_mime(path: &str) -> &'static str {
    match extension(path).as_deref() {
        Some("mp3") => "audio/mpeg",
        Some("ogg" | "oga") => "audio/ogg",
        Some("opus") => "audio/ogg; codecs=opus",
        Some("m4a") => "audio/mp4",
        Some("wav") => "audio/wav",
        _ => "application/octet-stream",
    }
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
        let mut store = MediaStore::new(dir.path());
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
            "too-large"
        );
        std::fs::write(dir.path().join("media/x.svg"), b"<svg/>").unwrap();
        assert_eq!(
            store.publish("media/x.svg", 1000).unwrap_err().code(),
            "media-type"
        );
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
        let mut store = MediaStore::new(dir.path());
        assert_eq!(
            store.publish("media/link.jpg", 1000).unwrap_err().code(),
            "media-outside"
        );
    }
}
