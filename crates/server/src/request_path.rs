//! Turning a request's URL path into a lookup key, refusing anything that tries to
//! leave the site: dot segments (plain or percent-encoded), encoded slashes,
//! backslashes, NUL and other control characters, invalid UTF-8, over-long paths.
//!
//! The server only answers from its in-memory file map, so a traversal could not
//! reach the disk anyway; refusing these outright keeps logs and caches honest.

use percent_encoding::percent_decode_str;

/// Longest URL path accepted (the site's longest real paths are ~120 bytes).
pub const MAX_PATH_BYTES: usize = 2048;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathRejection {
    #[error("the path is longer than {MAX_PATH_BYTES} bytes")]
    TooLong,
    #[error("the path does not start with /")]
    NotAbsolute,
    #[error("the path contains an encoded slash or backslash")]
    EncodedSeparator,
    #[error("the path is not valid UTF-8 once decoded")]
    NotUtf8,
    #[error("the path contains a control character")]
    ControlCharacter,
    #[error("the path contains a backslash")]
    Backslash,
    #[error("the path contains a `.` or `..` segment")]
    DotSegment,
    #[error("the path contains a percent sign after decoding")]
    DoubleEncoded,
}

/// Returns the decoded path without its leading slash (`""` for `/`), keeping a
/// trailing slash. Empty segments (`//`) are refused as dot segments are: no
/// legitimate link produces them.
pub fn sanitize(raw: &str) -> Result<String, PathRejection> {
    if raw.len() > MAX_PATH_BYTES {
        return Err(PathRejection::TooLong);
    }
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(PathRejection::NotAbsolute);
    };
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err(PathRejection::EncodedSeparator);
    }
    let decoded = percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| PathRejection::NotUtf8)?;
    if decoded.chars().any(char::is_control) {
        return Err(PathRejection::ControlCharacter);
    }
    if decoded.contains('\\') {
        return Err(PathRejection::Backslash);
    }
    if decoded.contains('%') {
        return Err(PathRejection::DoubleEncoded);
    }
    let body = decoded.strip_suffix('/').unwrap_or(&decoded);
    if !body.is_empty()
        && body
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(PathRejection::DotSegment);
    }
    Ok(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths_pass_decoded() {
        assert_eq!(sanitize("/").as_deref(), Ok(""));
        assert_eq!(
            sanitize("/data/index.json").as_deref(),
            Ok("data/index.json")
        );
        assert_eq!(sanitize("/stories/rosa").as_deref(), Ok("stories/rosa"));
        assert_eq!(sanitize("/stories/").as_deref(), Ok("stories/"));
        assert_eq!(sanitize("/caf%C3%A9").as_deref(), Ok("café"));
        assert_eq!(sanitize("/a.b..c").as_deref(), Ok("a.b..c"));
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for raw in [
            "/../etc/passwd",
            "/data/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/x",
            "/data/./index.json",
            "/data/..",
            "/data//index.json",
        ] {
            assert_eq!(sanitize(raw), Err(PathRejection::DotSegment), "{raw}");
        }
        assert_eq!(sanitize("/..%2fetc"), Err(PathRejection::EncodedSeparator));
        assert_eq!(sanitize("/..%2Fetc"), Err(PathRejection::EncodedSeparator));
        assert_eq!(sanitize("/..%5cetc"), Err(PathRejection::EncodedSeparator));
        assert_eq!(sanitize("/..\\etc"), Err(PathRejection::Backslash));
        assert_eq!(
            sanitize("/index.html%00.json"),
            Err(PathRejection::ControlCharacter)
        );
        assert_eq!(
            sanitize("/%0d%0aSet-Cookie:x"),
            Err(PathRejection::ControlCharacter)
        );
        assert_eq!(sanitize("/%252e%252e/x"), Err(PathRejection::DoubleEncoded));
        assert_eq!(sanitize("/%ff%fe"), Err(PathRejection::NotUtf8));
        assert_eq!(sanitize("data"), Err(PathRejection::NotAbsolute));
        let long = format!("/{}", "a".repeat(MAX_PATH_BYTES));
        assert_eq!(sanitize(&long), Err(PathRejection::TooLong));
    }

    proptest::proptest! {
        #[test]
        fn accepted_paths_never_contain_dot_segments_or_separators(raw in "/[a-z./%0-9A-F\\\\]{0,40}") {
            if let Ok(p) = sanitize(&raw) {
                proptest::prop_assert!(!p.split('/').any(|s| s == ".." || s == "."));
                proptest::prop_assert!(!p.contains('\\') && !p.contains('\0') && !p.contains('%'));
            }
        }
    }
}
