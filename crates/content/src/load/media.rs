//! Media references (`image`, `audio`, `logo`): always files inside `content/media/`.

use std::path::{Component, Path, PathBuf};

use super::fields::is_invisible;

pub const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "webp", "gif", "avif"];
pub const AUDIO_EXTENSIONS: [&str; 6] = ["mp3", "ogg", "oga", "opus", "m4a", "wav"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Audio,
}

impl MediaKind {
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            MediaKind::Image => &IMAGE_EXTENSIONS,
            MediaKind::Audio => &AUDIO_EXTENSIONS,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            MediaKind::Image => "an image",
            MediaKind::Audio => "an audio recording",
        }
    }
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

fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next()?;
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// A problem with a media reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaProblem {
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

fn problem(code: &'static str, message: String, hint: Option<&str>) -> MediaProblem {
    MediaProblem {
        code,
        message,
        hint: hint.map(str::to_owned),
    }
}

/// Checks a written reference and returns its content-relative path (`media/rosa.jpg`).
/// Never touches anything outside `root/media`: the path is checked lexically first,
/// then symlinks are resolved and the result must still be inside the media folder.
pub fn resolve(
    root: &Path,
    written: &str,
    kind: MediaKind,
    max_bytes: u64,
) -> Result<String, MediaProblem> {
    let clean = inside_media(written)?;
    let content_path = format!("media/{}", clean.to_string_lossy().replace('\\', "/"));
    check_type(written.trim(), &content_path, kind)?;
    check_file(root, written, &clean, &content_path, max_bytes)?;
    Ok(content_path)
}

/// Refuses a reference that points outside the media folder.
fn outside(written: &str, why: &str) -> MediaProblem {
    problem(
        "media-outside",
        format!("`{written}` {why}; media must be files inside content/media/"),
        Some("copy the file into content/media/ and write `media/name.ext`"),
    )
}

/// The path inside the media folder that `written` names, checked by its text alone.
fn inside_media(written: &str) -> Result<PathBuf, MediaProblem> {
    let w = written.trim();
    if w.chars().any(is_invisible) {
        return Err(problem(
            "invisible-char",
            format!(
                "the file name contains invisible characters ({})",
                super::fields::describe_invisible(w)
            ),
            Some("retype the file name"),
        ));
    }
    if w.contains('\\') {
        return Err(outside(written, "contains a backslash"));
    }
    let lower = w.to_ascii_lowercase();
    if ["%2e", "%2f", "%5c", "%00"]
        .iter()
        .any(|e| lower.contains(e))
    {
        return Err(outside(written, "contains an encoded path character"));
    }
    if w.contains("://") || lower.starts_with("data:") || lower.starts_with("file:") {
        return Err(outside(written, "is a URL"));
    }
    if w.starts_with('/') || w.chars().nth(1) == Some(':') || w.chars().any(char::is_control) {
        return Err(outside(written, "is an absolute path"));
    }
    let inner = w.strip_prefix("media/").unwrap_or(w);
    let mut clean = PathBuf::new();
    for comp in Path::new(inner).components() {
        match comp {
            Component::Normal(c) => clean.push(c),
            Component::CurDir => {}
            _ => return Err(outside(written, "leaves the media folder")),
        }
    }
    if clean.as_os_str().is_empty() {
        return Err(problem(
            "missing-media",
            format!("`{w}` is not a file name"),
            None,
        ));
    }
    Ok(clean)
}

/// The extension must be one of `kind`'s; never SVG.
fn check_type(w: &str, content_path: &str, kind: MediaKind) -> Result<(), MediaProblem> {
    match extension(content_path) {
        Some(ext) if ext == "svg" || ext == "svgz" => Err(problem(
            "bad-media-type",
            format!("`{w}` is an SVG; SVG files can carry scripts and are not accepted as content media"),
            Some("export it as PNG or WebP"),
        )),
        Some(ext) if kind.extensions().contains(&ext.as_str()) => Ok(()),
        _ => Err(problem(
            "bad-media-type",
            format!("`{w}` is not {} file", kind.noun()),
            Some(&format!("use one of: {}", kind.extensions().join(", "))),
        )),
    }
}

/// The file must exist, stay inside the media folder through any link, and be no
/// larger than `max_bytes`.
fn check_file(
    root: &Path,
    written: &str,
    clean: &Path,
    content_path: &str,
    max_bytes: u64,
) -> Result<(), MediaProblem> {
    let media_dir = root.join("media");
    let full = media_dir.join(clean);
    let Ok(meta) = std::fs::symlink_metadata(&full) else {
        return Err(problem(
            "missing-media",
            format!("`{content_path}` does not exist"),
            Some("check the spelling, or add the file under content/media/"),
        ));
    };
    // Links (of the file or of a folder on its way) must still land inside both the
    // media folder and the content folder.
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    match (canonical(&full), canonical(&media_dir), canonical(root)) {
        (Some(target), Some(media_base), Some(root_base))
            if !target.starts_with(&media_base) || !target.starts_with(&root_base) =>
        {
            return Err(outside(written, "resolves outside the media folder"));
        }
        (Some(_), Some(_), Some(_)) => {}
        _ if meta.file_type().is_symlink() => {
            return Err(problem(
                "missing-media",
                format!("`{content_path}` is a link to a file that does not exist"),
                None,
            ))
        }
        _ => {}
    }
    let meta = std::fs::metadata(&full).map_err(|_| {
        problem(
            "missing-media",
            format!("`{content_path}` cannot be read"),
            None,
        )
    })?;
    if !meta.is_file() {
        return Err(problem(
            "missing-media",
            format!("`{content_path}` is not a file"),
            None,
        ));
    }
    if meta.len() > max_bytes {
        return Err(problem(
            "media-too-large",
            format!(
                "`{content_path}` is {:.1} MB; the limit is {:.1} MB",
                meta.len() as f64 / 1_048_576.0,
                max_bytes as f64 / 1_048_576.0
            ),
            Some("compress it, or raise [limits] max_media_mb in site.toml"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("media/people")).unwrap();
        std::fs::write(dir.path().join("media/rosa.jpg"), b"jpg").unwrap();
        std::fs::write(dir.path().join("media/people/ana.PNG"), b"png").unwrap();
        std::fs::write(dir.path().join("media/call.ogg"), b"ogg").unwrap();
        std::fs::write(dir.path().join("secret.jpg"), b"no").unwrap();
        dir
    }

    #[test]
    fn both_spellings_name_the_same_file() {
        let d = site();
        let r = |w| resolve(d.path(), w, MediaKind::Image, 1000);
        assert_eq!(r("media/rosa.jpg"), Ok("media/rosa.jpg".into()));
        assert_eq!(r("rosa.jpg"), Ok("media/rosa.jpg".into()));
        assert_eq!(r("./people/ana.PNG"), Ok("media/people/ana.PNG".into()));
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        let d = site();
        for w in [
            "../secret.jpg",
            "media/../../secret.jpg",
            "/etc/passwd.jpg",
            "..\\secret.jpg",
            "%2e%2e/secret.jpg",
            "media/%2E%2E%2Fsecret.jpg",
            "C:/x.jpg",
            "file:///etc/x.jpg",
        ] {
            let e = resolve(d.path(), w, MediaKind::Image, 1000).unwrap_err();
            assert_eq!(e.code, "media-outside", "{w}");
        }
    }

    #[test]
    fn kinds_sizes_and_existence() {
        let d = site();
        assert_eq!(
            resolve(d.path(), "call.ogg", MediaKind::Image, 1000)
                .unwrap_err()
                .code,
            "bad-media-type"
        );
        assert_eq!(
            resolve(d.path(), "logo.svg", MediaKind::Image, 1000)
                .unwrap_err()
                .code,
            "bad-media-type"
        );
        assert_eq!(
            resolve(d.path(), "call.ogg", MediaKind::Audio, 1000),
            Ok("media/call.ogg".into())
        );
        assert_eq!(
            resolve(d.path(), "gone.jpg", MediaKind::Image, 1000)
                .unwrap_err()
                .code,
            "missing-media"
        );
        assert_eq!(
            resolve(d.path(), "rosa.jpg", MediaKind::Image, 2)
                .unwrap_err()
                .code,
            "media-too-large"
        );
        assert_eq!(
            resolve(d.path(), "ro\u{200B}sa.jpg", MediaKind::Image, 9)
                .unwrap_err()
                .code,
            "invisible-char"
        );
        assert_eq!(audio_mime("media/a.MP3"), "audio/mpeg");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leading_outside_are_refused() {
        let d = site();
        std::os::unix::fs::symlink(d.path().join("secret.jpg"), d.path().join("media/link.jpg"))
            .unwrap();
        std::os::unix::fs::symlink(
            d.path().join("media/rosa.jpg"),
            d.path().join("media/inside.jpg"),
        )
        .unwrap();
        std::os::unix::fs::symlink(d.path(), d.path().join("media/up")).unwrap();
        assert_eq!(
            resolve(d.path(), "link.jpg", MediaKind::Image, 1000)
                .unwrap_err()
                .code,
            "media-outside"
        );
        assert_eq!(
            resolve(d.path(), "up/secret.jpg", MediaKind::Image, 1000)
                .unwrap_err()
                .code,
            "media-outside"
        );
        assert_eq!(
            resolve(d.path(), "inside.jpg", MediaKind::Image, 1000),
            Ok("media/inside.jpg".into())
        );
    }
}
