//! Media uploads: streamed to a hidden temporary file in the target folder, stopped
//! and removed as soon as they pass `[limits] max_media_mb`, typed by their first
//! bytes (never by the name they came with) and renamed into place.

use std::io::Write;
use std::path::Path;

use axum::body::Body;
use futures::StreamExt;
use serde::Serialize;
use thiserror::Error;

use impactwall_content::load::slug;

/// A type the site accepts, as recognised from a file's first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaType {
    pub mime: &'static str,
    /// The extension the saved file gets.
    pub ext: &'static str,
    /// Other extensions a file of this type may be named with.
    pub aliases: &'static [&'static str],
}

const fn t(mime: &'static str, ext: &'static str, aliases: &'static [&'static str]) -> MediaType {
    MediaType { mime, ext, aliases }
}

const JPEG: MediaType = t("image/jpeg", "jpg", &["jpeg"]);
const PNG: MediaType = t("image/png", "png", &[]);
const GIF: MediaType = t("image/gif", "gif", &[]);
const WEBP: MediaType = t("image/webp", "webp", &[]);
const AVIF: MediaType = t("image/avif", "avif", &[]);
const MP3: MediaType = t("audio/mpeg", "mp3", &[]);
const OGG: MediaType = t("audio/ogg", "ogg", &["oga", "opus"]);
const M4A: MediaType = t("audio/mp4", "m4a", &[]);
const WAV: MediaType = t("audio/wav", "wav", &[]);

/// An `infer` matcher: whether a file's first bytes are of one type.
type Matcher = fn(&[u8]) -> bool;

/// The types the site accepts, each with the `infer` matcher that recognises it.
const ACCEPTED: &[(MediaType, Matcher)] = &[
    (JPEG, infer::image::is_jpeg),
    (PNG, infer::image::is_png),
    (GIF, infer::image::is_gif),
    (WEBP, infer::image::is_webp),
    (AVIF, infer::image::is_avif),
    (MP3, infer::audio::is_mp3),
    (OGG, infer::audio::is_ogg),
    (M4A, infer::audio::is_m4a),
    (WAV, infer::audio::is_wav),
];

/// How many first bytes [`sniff`] is given: enough for an ISO media file's whole
/// `ftyp` box (AVIF, M4A name their brands there).
pub const HEAD_BYTES: usize = 256;

/// The type of a file from its first bytes (up to [`HEAD_BYTES`]), if the site
/// accepts it: JPEG, PNG, GIF, WebP, AVIF images; MP3, Ogg, M4A, WAV audio.
pub fn sniff(head: &[u8]) -> Option<MediaType> {
    ACCEPTED
        .iter()
        .find(|(_, matches)| matches(head))
        .map(|(kind, _)| *kind)
}

#[derive(Debug, Error)]
pub enum UploadError {
    #[error("the file is larger than {limit} bytes ([limits] max_media_mb in site.toml)")]
    TooLarge { limit: u64 },
    #[error("the file is not an image (jpg, png, webp, gif, avif) or a recording (mp3, ogg, m4a, wav) by its content")]
    UnknownType,
    #[error("the file's content is {mime} but its name ends in .{ext}; rename it to .{expected}")]
    WrongName {
        mime: &'static str,
        ext: String,
        expected: &'static str,
    },
    #[error("{0}")]
    BadName(String),
    #[error("{0}")]
    Io(String),
}

/// Where an upload ended up.
#[derive(Debug, Serialize)]
pub struct Saved {
    /// Content-relative, for front matter: `media/stories/rosa.jpg`.
    pub path: String,
    pub content_type: &'static str,
    pub bytes: u64,
}

/// The media subfolder uploads of a kind go to (`media/stories/`…), or `media/`.
pub fn subfolder(folder: Option<&str>) -> Result<String, UploadError> {
    match folder {
        None | Some("") => Ok("media".to_owned()),
        Some(f) if super::store::DeskKind::parse(f).is_some() => Ok(format!("media/{f}")),
        Some(f) => Err(UploadError::BadName(format!(
            "`{f}` is not a media folder; use stories, thanks, events, talking-points or teams"
        ))),
    }
}

fn io(e: &std::io::Error) -> UploadError {
    UploadError::Io(format!("cannot save the upload: {e}"))
}

/// Streams `body` into `root/folder/`, at most `limit` bytes; the temporary file is
/// removed whenever the upload is refused or fails.
pub async fn save(
    root: &Path,
    folder: &str,
    name: &str,
    body: Body,
    limit: u64,
) -> Result<Saved, UploadError> {
    let (stem, ext) = name
        .rsplit_once('.')
        .map(|(s, e)| (slug::slugify(s), e.to_ascii_lowercase()))
        .ok_or_else(|| UploadError::BadName(format!("`{name}` has no extension")))?;
    let stem: String = stem.chars().take(80).collect();
    if stem.is_empty() {
        return Err(UploadError::BadName(format!(
            "`{name}` cannot be a file name"
        )));
    }
    let dir = root.join(folder);
    std::fs::create_dir_all(&dir).map_err(|e| io(&e))?;
    // Dropping the temporary file on any early return removes it.
    let mut tmp = tempfile::Builder::new()
        .prefix(".upload-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(|e| io(&e))?;
    let mut written: u64 = 0;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| UploadError::Io(format!("the upload broke off: {e}")))?;
        written += chunk.len() as u64;
        if written > limit {
            return Err(UploadError::TooLarge { limit });
        }
        if head.len() < HEAD_BYTES {
            head.extend(chunk.iter().take(HEAD_BYTES - head.len()));
        }
        tmp.write_all(&chunk).map_err(|e| io(&e))?;
    }
    let kind = sniff(&head).ok_or(UploadError::UnknownType)?;
    if ext != kind.ext && !kind.aliases.contains(&ext.as_str()) {
        return Err(UploadError::WrongName {
            mime: kind.mime,
            ext,
            expected: kind.ext,
        });
    }
    tmp.as_file().sync_all().map_err(|e| io(&e))?;
    persist_unique(tmp, &dir, &stem, &ext, folder).map(|path| Saved {
        path,
        content_type: kind.mime,
        bytes: written,
    })
}

/// Renames the upload to `stem.ext`, or `stem-2.ext`… when that name is taken.
fn persist_unique(
    mut tmp: tempfile::NamedTempFile,
    dir: &Path,
    stem: &str,
    ext: &str,
    folder: &str,
) -> Result<String, UploadError> {
    for n in 1..1000 {
        let file = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        match tmp.persist_noclobber(dir.join(&file)) {
            Ok(_) => return Ok(format!("{folder}/{file}")),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(io(&e.error)),
        }
    }
    Err(UploadError::BadName(format!(
        "too many files named `{stem}.{ext}`; rename the upload"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01"), Some(JPEG));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(PNG));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(WEBP));
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVEfmt "), Some(WAV));
        // A whole `ftyp` box: major brand avif, compatible brands avif, mif1, miaf.
        assert_eq!(sniff(b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf"), Some(AVIF));
        assert_eq!(sniff(b"\0\0\0\x20ftypM4A \0\0"), Some(M4A));
        assert_eq!(sniff(b"OggS\0\x02\0\0\0\0\0\0"), Some(OGG));
        assert_eq!(sniff(b"ID3\x04\0\0\0\0\0\0\0\0"), Some(MP3));
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(sniff(b"just some text here"), None);
        assert_eq!(sniff(b""), None);
        // Other ISO media (a video) is not a recording.
        assert_eq!(sniff(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom"), None);
    }
}
