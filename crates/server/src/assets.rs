//! What the server hands out: every file of the site held in memory with its content
//! type, cache policy, strong ETag and precompressed gzip and brotli forms, computed
//! once per build (and reused across builds for files whose bytes did not change).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use sha2::{Digest, Sha256};

use impactwall_content::OutputSet;

/// URL path (no leading slash) of the client script injected into served pages.
pub const LIVE_SCRIPT_PATH: &str = "_impactwall/live.js";
/// The tag injected into the served `index.html` (never into `dist/`).
pub const LIVE_SCRIPT_TAG: &str = "<script src=\"/_impactwall/live.js\" defer></script>";

/// How long browsers and proxies may keep a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CachePolicy {
    /// Content-hashed names (`app-<hash>.wasm`, `media/rosa.3f9a1c2e.jpg`): never change.
    Immutable,
    /// Everything else (index, data, feeds): revalidate with the ETag every time.
    Revalidate,
}

impl CachePolicy {
    pub fn header_value(self) -> &'static str {
        match self {
            CachePolicy::Immutable => "public, max-age=31536000, immutable",
            CachePolicy::Revalidate => "no-cache",
        }
    }
}

/// One file ready to send.
#[derive(Clone, Debug)]
pub struct Asset {
    pub content_type: &'static str,
    pub cache: CachePolicy,
    /// Strong validator without quotes; encoded forms append `-br` / `-gz`.
    pub etag: String,
    pub identity: Bytes,
    pub gzip: Option<Bytes>,
    pub brotli: Option<Bytes>,
}

/// Compression effort: precomputing once per build lets us pay for better ratios, but
/// data files sit on the save-to-preview path, so they get a faster setting.
#[derive(Clone, Copy, Debug)]
pub enum Effort {
    /// Hashed shell assets and media: compressed once per server start.
    Thorough,
    /// Files that change on every edit (index, shards, feeds).
    Fast,
}

impl Asset {
    /// An asset with its compressed forms computed now.
    pub fn new(url_path: &str, bytes: Bytes, etag: String) -> Asset {
        Asset::uncompressed(url_path, bytes, etag).compressed()
    }

    /// An asset served as is until [`Asset::compressed`] is called: publishing a
    /// rebuild does not wait for compression.
    pub fn uncompressed(url_path: &str, bytes: Bytes, etag: String) -> Asset {
        Asset {
            content_type: content_type_for(url_path),
            cache: cache_policy_for(url_path),
            etag,
            identity: bytes,
            gzip: None,
            brotli: None,
        }
    }

    /// An asset whose ETag is computed from its bytes.
    pub fn from_bytes(url_path: &str, bytes: Bytes) -> Asset {
        let etag = etag_of(&bytes);
        Asset::new(url_path, bytes, etag)
    }

    /// Whether compressing would (probably) pay and has not been done yet.
    pub fn wants_compression(&self) -> bool {
        self.gzip.is_none()
            && self.brotli.is_none()
            && is_compressible(self.content_type)
            && self.identity.len() >= MIN_COMPRESS_BYTES
    }

    /// This asset with gzip and brotli forms (kept only when smaller).
    pub fn compressed(self) -> Asset {
        if !self.wants_compression() {
            return self;
        }
        let effort = match self.cache {
            CachePolicy::Immutable => Effort::Thorough,
            CachePolicy::Revalidate => Effort::Fast,
        };
        let (gzip, brotli) = compress_both(&self.identity, effort);
        Asset {
            gzip,
            brotli,
            ..self
        }
    }

    /// Whether clients should see `Vary: Accept-Encoding`.
    pub fn varies_by_encoding(&self) -> bool {
        self.gzip.is_some() || self.brotli.is_some()
    }
}

/// Compresses every asset of `assets` that wants it, spread over the available cores.
/// Returns `(path, compressed asset)` for those that changed.
pub fn compress_all(assets: Vec<(String, Arc<Asset>)>) -> Vec<(String, Arc<Asset>)> {
    let work: Vec<(String, Arc<Asset>)> = assets
        .into_iter()
        .filter(|(_, a)| a.wants_compression())
        .collect();
    if work.is_empty() {
        return work;
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(work.len());
    let chunk = work.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = work
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(p, a)| (p.clone(), Arc::new(Asset::clone(a).compressed())))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Smaller bodies fit in one packet anyway.
const MIN_COMPRESS_BYTES: usize = 256;

/// Hex sha256 prefix, the same shape the build uses for its ETags.
pub fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    hex::encode(&digest[..12])
}

fn compress_both(bytes: &[u8], effort: Effort) -> (Option<Bytes>, Option<Bytes>) {
    let (gzip_level, brotli_quality) = match effort {
        // Development wasm builds run to megabytes: keep their start-up cost bounded.
        Effort::Thorough => match bytes.len() {
            n if n > 4 * 1024 * 1024 => (6, 5),
            n if n > 256 * 1024 => (9, 9),
            _ => (9, 11),
        },
        Effort::Fast => (6, 5),
    };
    let gzip = gzip_bytes(bytes, gzip_level).filter(|z| z.len() < bytes.len());
    let brotli = brotli_bytes(bytes, brotli_quality).filter(|b| b.len() < bytes.len());
    (gzip.map(Bytes::from), brotli.map(Bytes::from))
}

fn gzip_bytes(bytes: &[u8], level: u32) -> Option<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(level),
    );
    enc.write_all(bytes).ok()?;
    enc.finish().ok()
}

fn brotli_bytes(bytes: &[u8], quality: u32) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut enc = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        enc.write_all(bytes).ok()?;
        enc.flush().ok()?;
    }
    Some(out)
}

/// Content type by file extension (lower-cased); unknown types are sent as opaque bytes
/// so browsers never guess (`nosniff` is always set).
pub fn content_type_for(url_path: &str) -> &'static str {
    let name = url_path.rsplit('/').next().unwrap_or(url_path);
    let ext = match name.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    };
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "m4a" => "audio/mp4",
        "wav" => "audio/wav",
        "ics" => "text/calendar; charset=utf-8",
        "xml" if name == "feed.xml" => "application/atom+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/wasm")
        || content_type.starts_with("application/xml")
        || content_type.starts_with("application/atom+xml")
        || content_type.starts_with("application/manifest+json")
        || content_type.starts_with("image/svg+xml")
        || content_type.starts_with("image/x-icon")
}

/// Hashed names never change content: trunk's `name-<16 hex>[_bg].ext` and the build's
/// `media/{stem}.{hash8}.{ext}`.
pub fn cache_policy_for(url_path: &str) -> CachePolicy {
    let name = url_path.rsplit('/').next().unwrap_or(url_path);
    if url_path.starts_with("media/") && has_media_hash(name) {
        return CachePolicy::Immutable;
    }
    if has_trunk_hash(name) {
        return CachePolicy::Immutable;
    }
    CachePolicy::Revalidate
}

fn is_lower_hex(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `stem.3f9a1c2e.ext`
fn has_media_hash(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && {
        let hash = parts[parts.len() - 2];
        hash.len() == 8 && is_lower_hex(hash)
    }
}

/// `impactwall-app-0123456789abcdef_bg.wasm`, `main-0123456789abcdef.css`
fn has_trunk_hash(name: &str) -> bool {
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((base, hash)) => !base.is_empty() && hash.len() == 16 && is_lower_hex(hash),
        None => false,
    }
}

/// Lets an output file's shared buffer back a response body without copying.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// The app shell (trunk's output), read once at start.
#[derive(Clone, Debug, Default)]
pub struct Shell {
    /// Every shell file by URL path; `index.html` already carries the live script tag
    /// when the server injects it. Not compressed until `LiveSite::compress_shell`
    /// runs, so the server can start at once.
    pub files: HashMap<String, Arc<Asset>>,
    /// The script hashes from the shell's Content-Security-Policy meta tag (or of its
    /// inline scripts when it has none), e.g. `'sha256-…'`.
    pub script_hashes: Vec<String>,
    /// Whether served pages get the live-update script (the build's pages too).
    pub inject_live_script: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    #[error("the app shell folder {0} does not exist")]
    Missing(PathBuf),
    #[error("the app shell folder {0} has no index.html")]
    NoIndex(PathBuf),
    #[error("reading the app shell at {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Shell {
    /// Reads every file under `dir`. With `inject_live_script`, the served `index.html`
    /// gets the live-update script tag.
    pub fn load(dir: &Path, inject_live_script: bool) -> Result<Shell, ShellError> {
        if !dir.is_dir() {
            return Err(ShellError::Missing(dir.to_path_buf()));
        }
        let mut raw: HashMap<String, Vec<u8>> = HashMap::new();
        for entry in walkdir::WalkDir::new(dir).follow_links(false) {
            let entry = entry.map_err(|e| ShellError::Io {
                path: dir.to_path_buf(),
                source: e.into(),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let Some(key) = url_key(rel) else { continue };
            let bytes = std::fs::read(entry.path()).map_err(|source| ShellError::Io {
                path: entry.path().to_path_buf(),
                source,
            })?;
            raw.insert(key, bytes);
        }
        let Some(index) = raw.remove("index.html") else {
            return Err(ShellError::NoIndex(dir.to_path_buf()));
        };
        Ok(Shell::from_files(index, raw, inject_live_script))
    }

    /// Builds a shell from bytes already in memory (tests, embedded shells).
    pub fn from_files(
        index_html: Vec<u8>,
        others: HashMap<String, Vec<u8>>,
        inject_live_script: bool,
    ) -> Shell {
        let html = String::from_utf8_lossy(&index_html).into_owned();
        let script_hashes = script_hashes(&html);
        let served = if inject_live_script {
            inject_script_tag(&html)
        } else {
            html
        };
        let files: HashMap<String, Arc<Asset>> = others
            .into_iter()
            .map(|(k, v)| {
                // Other shell pages (the wall screen's `wall/index.html`) get the live
                // script too.
                if inject_live_script && k.ends_with("/index.html") {
                    let page = String::from_utf8_lossy(&v).into_owned();
                    (k, inject_script_tag(&page).into_bytes())
                } else {
                    (k, v)
                }
            })
            .chain(std::iter::once((
                "index.html".to_string(),
                served.into_bytes(),
            )))
            .map(|(k, v)| {
                let bytes = Bytes::from(v);
                let etag = etag_of(&bytes);
                let asset = Asset::uncompressed(&k, bytes, etag);
                (k, Arc::new(asset))
            })
            .collect();
        Shell {
            files,
            script_hashes,
            inject_live_script,
        }
    }
}

/// `a/b.css` from a relative file-system path; `None` for names a URL cannot carry.
fn url_key(rel: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            std::path::Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            _ => return None,
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

/// Puts the live script tag just before `</head>` (or at the end when there is none).
pub fn inject_script_tag(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    match lower.find("</head>") {
        Some(at) => format!("{}{}\n{}", &html[..at], LIVE_SCRIPT_TAG, &html[at..]),
        None => format!("{html}\n{LIVE_SCRIPT_TAG}\n"),
    }
}

/// The `'sha256-…'` sources of the page's CSP meta tag; without a meta tag, the hashes
/// of its inline scripts, so the header policy allows exactly what the page runs.
pub fn script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    if let Some(meta_at) = lower.find("http-equiv=\"content-security-policy\"") {
        let tag_start = lower[..meta_at].rfind('<').unwrap_or(meta_at);
        let tag_end = lower[meta_at..]
            .find('>')
            .map(|e| meta_at + e)
            .unwrap_or(html.len());
        let tag = &html[tag_start..tag_end];
        return tag
            .split(|c: char| c.is_whitespace() || c == ';' || c == '"')
            .filter(|t| {
                t.starts_with("'sha256-") || t.starts_with("'sha384-") || t.starts_with("'sha512-")
            })
            .filter(|t| t.len() > 9 && t.ends_with('\''))
            .map(str::to_string)
            .collect();
    }
    inline_scripts(html)
        .into_iter()
        .map(|body| {
            use base64::Engine as _;
            let digest = Sha256::digest(body.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect()
}

fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(rel) = lower[from..].find("<script") {
        let start = from + rel;
        let Some(open_end) = lower[start..].find('>').map(|e| start + e) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script>").map(|e| open_end + e) else {
            break;
        };
        if !lower[start..open_end].contains("src=") {
            found.push(&html[open_end + 1..close]);
        }
        from = close + "</script>".len();
    }
    found
}

/// One published version of the site: shell plus build output.
#[derive(Clone, Debug, Default)]
pub struct SiteSnapshot {
    pub generation: u64,
    pub files: HashMap<String, Arc<Asset>>,
}

/// What a request path resolves to.
#[derive(Debug)]
pub enum Lookup {
    File(Arc<Asset>),
    /// An app route (`/stories/rosa`) the build has no page for, with a shell but
    /// no prerendered pages: the shell's `index.html`.
    AppRoute(Arc<Asset>),
    /// A page the build has no file for: the prerendered `404.html` (status 404; its
    /// app still shows an item that went live after the build).
    NotFoundPage(Arc<Asset>),
    NotFound,
}

/// Folders whose files are data, never app routes: a miss there is a real 404.
const DATA_PREFIXES: &[&str] = &["data/", "media/", "qr/", "calendar/", "_impactwall/"];

impl SiteSnapshot {
    /// Combines the shell with `output`, reusing `previous` assets (and their compressed
    /// forms) whose ETag did not change; new assets are not compressed yet (see
    /// [`compress_all`]). Returns the snapshot and the URL paths that were added,
    /// changed or removed relative to `previous`.
    pub fn assemble(
        shell: &Shell,
        output: &OutputSet,
        previous: Option<&SiteSnapshot>,
    ) -> (SiteSnapshot, Vec<String>) {
        let mut files = shell.files.clone();
        let mut changed = Vec::new();
        for (path, file) in &output.files {
            // A prerendered page gets the live script like the shell's page.
            let live_page = shell.inject_live_script && path.ends_with(".html");
            let etag = if live_page {
                format!("{}-live", file.etag)
            } else {
                file.etag.clone()
            };
            let reused = previous
                .and_then(|p| p.files.get(path))
                .filter(|a| a.etag == etag)
                .cloned();
            let asset = match reused {
                Some(a) => a,
                None => {
                    changed.push(path.clone());
                    let bytes = if live_page {
                        let html = String::from_utf8_lossy(&file.bytes);
                        Bytes::from(inject_script_tag(&html).into_bytes())
                    } else {
                        Bytes::from_owner(SharedBytes(Arc::clone(&file.bytes)))
                    };
                    Arc::new(Asset::uncompressed(path, bytes, etag))
                }
            };
            files.insert(path.clone(), asset);
        }
        if let Some(prev) = previous {
            for path in prev.files.keys() {
                if !files.contains_key(path) {
                    changed.push(path.clone());
                }
            }
        }
        changed.sort();
        let generation = previous.map_or(1, |p| p.generation + 1);
        (SiteSnapshot { generation, files }, changed)
    }

    /// Resolves a sanitised path (no leading slash; empty for `/`).
    pub fn lookup(&self, path: &str) -> Lookup {
        let key = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        if let Some(a) = self.files.get(&key) {
            return Lookup::File(Arc::clone(a));
        }
        let last = path.rsplit('/').next().unwrap_or(path);
        let is_data = DATA_PREFIXES.iter().any(|p| path.starts_with(p));
        if is_data || last.contains('.') {
            return Lookup::NotFound;
        }
        // A folder with its own page (`/wall` is `wall/index.html`), served without
        // the redirect to `/wall/` a static host would answer with.
        if let Some(a) = self.files.get(&format!("{path}/index.html")) {
            return Lookup::File(Arc::clone(a));
        }
        if let Some(a) = self.files.get("404.html") {
            return Lookup::NotFoundPage(Arc::clone(a));
        }
        match self.files.get("index.html") {
            Some(a) => Lookup::AppRoute(Arc::clone(a)),
            None => Lookup::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use impactwall_content::OutputFile;

    fn output(files: &[(&str, &str)]) -> OutputSet {
        OutputSet {
            files: files
                .iter()
                .map(|(p, b)| {
                    (
                        p.to_string(),
                        OutputFile {
                            bytes: Arc::new(b.as_bytes().to_vec()),
                            etag: etag_of(b.as_bytes()),
                        },
                    )
                })
                .collect(),
        }
    }

    fn shell() -> Shell {
        let mut others = HashMap::new();
        others.insert(
            "impactwall-app-0123456789abcdef_bg.wasm".to_string(),
            vec![0u8; 10],
        );
        others.insert(
            "wall/index.html".to_string(),
            b"<html><head><title>wall</title></head><body></body></html>".to_vec(),
        );
        Shell::from_files(
            b"<html><head><title>x</title></head><body></body></html>".to_vec(),
            others,
            true,
        )
    }

    #[test]
    fn content_types_cover_the_site_formats() {
        assert_eq!(content_type_for("app_bg.wasm"), "application/wasm");
        assert_eq!(
            content_type_for("calendar/x.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(
            content_type_for("feed.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type_for("media/a.1234abcd.MP3"), "audio/mpeg");
        assert_eq!(content_type_for("media/a.1234abcd.ogg"), "audio/ogg");
        assert_eq!(content_type_for("data/index.json"), "application/json");
        assert_eq!(content_type_for("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn hashed_names_are_immutable_and_the_rest_revalidates() {
        assert_eq!(
            cache_policy_for("impactwall-app-0123456789abcdef_bg.wasm"),
            CachePolicy::Immutable
        );
        assert_eq!(
            cache_policy_for("main-0123456789abcdef.css"),
            CachePolicy::Immutable
        );
        assert_eq!(
            cache_policy_for("media/rosa.3f9a1c2e.jpg"),
            CachePolicy::Immutable
        );
        for p in [
            "index.html",
            "data/index.json",
            "feed.xml",
            "theme.css",
            "media/rosa.jpg",
            "media/rosa.3F9A1C2E.jpg",
            "data/stories/rosa-0123456789abcdef.json.bak",
            "-0123456789abcdef.js",
        ] {
            assert_eq!(cache_policy_for(p), CachePolicy::Revalidate, "{p}");
        }
    }

    #[test]
    fn compressible_files_get_smaller_gzip_and_brotli_forms() {
        let text = "{\"title\":\"A story worth telling\"}".repeat(100);
        let a = Asset::from_bytes("data/index.json", Bytes::from(text.clone()));
        let gz = a.gzip.as_ref().expect("gzip");
        let br = a.brotli.as_ref().expect("brotli");
        assert!(gz.len() < text.len() / 4);
        assert!(br.len() < text.len() / 4);
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
            .expect("gunzip");
        assert_eq!(back, text);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).expect("unbrotli");
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn media_and_tiny_files_are_not_compressed() {
        let jpg = Asset::from_bytes("media/a.1234abcd.jpg", Bytes::from(vec![7u8; 4096]));
        assert!(jpg.gzip.is_none() && jpg.brotli.is_none());
        let tiny = Asset::from_bytes("data/x.json", Bytes::from_static(b"{}"));
        assert!(!tiny.varies_by_encoding());
    }

    #[test]
    fn live_script_goes_before_head_end_and_hashes_come_from_the_meta_tag() {
        let html = "<html><HEAD><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; style-src 'self'\"></HEAD></html>";
        let out = inject_script_tag(html);
        assert!(out.contains(&format!("{LIVE_SCRIPT_TAG}\n</HEAD>")));
        assert_eq!(script_hashes(html), vec!["'sha256-abc='".to_string()]);
    }

    #[test]
    fn inline_scripts_are_hashed_when_there_is_no_meta_tag() {
        let html =
            "<head><script type=\"module\">init()</script><script src=\"/x.js\"></script></head>";
        let hashes = script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // sha256("init()") in base64
        use base64::Engine as _;
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn assemble_reuses_unchanged_assets_and_reports_changes() {
        let shell = shell();
        let v1 = output(&[("data/index.json", "[1]"), ("data/stories/a.json", "a")]);
        let (s1, changed1) = SiteSnapshot::assemble(&shell, &v1, None);
        assert_eq!(changed1, vec!["data/index.json", "data/stories/a.json"]);
        assert_eq!(s1.generation, 1);
        let v2 = output(&[("data/index.json", "[1,2]"), ("data/stories/b.json", "b")]);
        let (s2, changed2) = SiteSnapshot::assemble(&shell, &v2, Some(&s1));
        assert_eq!(
            changed2,
            vec![
                "data/index.json",
                "data/stories/a.json",
                "data/stories/b.json"
            ]
        );
        assert_eq!(s2.generation, 2);
        assert!(matches!(s2.lookup("data/stories/a.json"), Lookup::NotFound));
        let v3 = output(&[("data/index.json", "[1,2]"), ("data/stories/b.json", "b2")]);
        let (s3, changed3) = SiteSnapshot::assemble(&shell, &v3, Some(&s2));
        assert_eq!(changed3, vec!["data/stories/b.json"]);
        let (Some(old), Some(new)) = (
            s2.files.get("data/index.json"),
            s3.files.get("data/index.json"),
        ) else {
            panic!("index missing")
        };
        assert!(Arc::ptr_eq(old, new), "unchanged asset reused");
    }

    #[test]
    fn lookup_falls_back_to_the_shell_only_for_app_routes() {
        let (s, _) = SiteSnapshot::assemble(&shell(), &output(&[("data/index.json", "[]")]), None);
        assert!(matches!(s.lookup(""), Lookup::File(_)));
        assert!(matches!(s.lookup("data/index.json"), Lookup::File(_)));
        assert!(matches!(s.lookup("stories/rosa"), Lookup::AppRoute(_)));
        assert!(matches!(s.lookup("stories"), Lookup::AppRoute(_)));
        assert!(matches!(s.lookup("walls"), Lookup::AppRoute(_)));
        assert!(matches!(s.lookup("data/stories"), Lookup::NotFound));
        for wall in ["wall", "wall/"] {
            let Lookup::File(page) = s.lookup(wall) else {
                panic!("{wall} is the wall screen's own page")
            };
            let html = String::from_utf8_lossy(&page.identity).into_owned();
            assert!(html.contains("<title>wall</title>"), "{html}");
            assert!(
                html.contains(LIVE_SCRIPT_TAG),
                "live script in the wall page too"
            );
        }
        assert!(matches!(s.lookup("data/missing.json"), Lookup::NotFound));
        assert!(matches!(s.lookup("data/stories"), Lookup::NotFound));
        assert!(matches!(s.lookup("media/x"), Lookup::NotFound));
        assert!(matches!(s.lookup("favicon.png"), Lookup::NotFound));
        let Lookup::File(index) = s.lookup("") else {
            panic!()
        };
        let html = String::from_utf8_lossy(&index.identity).into_owned();
        assert!(html.contains(LIVE_SCRIPT_TAG));
    }
}
