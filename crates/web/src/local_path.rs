//! Internal links built from the browser's location must stay on this site. A
//! location whose path starts with `//` (`https://site.example//evil.example/`, which
//! a static host's catch-all answers with the app) would otherwise become a link to
//! `//evil.example/`, another origin. Browsers also read `\` as `/` in URLs.

/// `path` as a path on this site: one leading `/`, never `//` or `/\` at the start.
/// Everything after the first segment boundary is kept as it is.
pub fn same_site_path(path: &str) -> String {
    let rest = path.trim_start_matches(['/', '\\']);
    format!("/{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_start_with_two_slashes() {
        assert_eq!(same_site_path("/stories/a"), "/stories/a");
        assert_eq!(same_site_path("//evil.example/"), "/evil.example/");
        assert_eq!(same_site_path("///evil.example"), "/evil.example");
        assert_eq!(same_site_path("/\\evil.example"), "/evil.example");
        assert_eq!(same_site_path("\\/evil.example"), "/evil.example");
        assert_eq!(same_site_path(""), "/");
        assert_eq!(same_site_path("stories"), "/stories");
        assert_eq!(same_site_path("/a//b?x=//c"), "/a//b?x=//c");
    }
}
