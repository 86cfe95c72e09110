//! Cache rules for static hosts that read a `_headers` file (Netlify, Cloudflare
//! Pages): files whose name carries a content hash never change under that name,
//! so they are cached for a year as immutable; everything else (HTML, JSON, the
//! QR codes, feeds) is revalidated on every use.
//!
//! The app shell may already bring a `_headers` (the security policy written by
//! `scripts/csp.py`); the rules are appended to it, never a second file. Each path
//! gets exactly one `Cache-Control`: hosts combine the headers of every rule that
//! matches, so no catch-all `/*` rule carries one.

use std::collections::BTreeMap;

/// For files named with a content hash (`media/rosa.4ea8ce3c.jpg`,
/// `impactwall-1a2b3c4d5e6f7a8b_bg.wasm`).
pub(super) const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else: cached, but checked with the server before each use.
pub(super) const REVALIDATE: &str = "public, max-age=0, must-revalidate";

const BEGIN: &str = "# impactwall: cache rules";

/// `existing` (the shell's `_headers`, if any; an earlier copy of these rules is
/// replaced) followed by one cache rule per top-level folder whose files all share a
/// policy, and per file otherwise. `files` are output paths relative to the root.
pub(super) fn with_cache_rules<'a>(
    existing: Option<&str>,
    files: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut out = existing
        .map(|e| e.split(BEGIN).next().unwrap_or(e).trim_end().to_owned())
        .unwrap_or_default();
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(BEGIN);
    out.push('\n');
    for (path, policy) in rules(files) {
        out.push_str(&format!("{path}\n  Cache-Control: {policy}\n"));
    }
    out
}

/// One (URL pattern, policy) per rule, sorted by pattern.
fn rules<'a>(files: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, &'static str> {
    let files: Vec<(&str, &'static str)> = files
        .into_iter()
        .filter(|path| *path != "_headers")
        .map(|path| (path, policy_for(path)))
        .collect();
    let mut rules = BTreeMap::new();
    rules.insert("/".to_owned(), REVALIDATE);
    group("", &files, &mut rules);
    rules
}

/// The rules for `files`, all under `dir` ("" or a folder path ending in `/`): one
/// for each folder whose files all share a policy, else the folder's own files one by
/// one and its subfolders the same way. A search index's thousands of hashed chunks
/// are then one rule (`/pagefind/en/fragment/*`), not one each: hosts limit the
/// number of rules (Cloudflare Pages: 100).
fn group(dir: &str, files: &[(&str, &'static str)], rules: &mut BTreeMap<String, &'static str>) {
    let mut folders: BTreeMap<&str, Vec<(&str, &'static str)>> = BTreeMap::new();
    for &(path, policy) in files {
        match path[dir.len()..].split_once('/') {
            Some((folder, _)) => folders
                .entry(&path[..dir.len() + folder.len() + 1])
                .or_default()
                .push((path, policy)),
            None => {
                rules.insert(format!("/{path}"), policy);
            }
        }
    }
    for (folder, files) in folders {
        let first = files[0].1;
        if files.iter().all(|(_, p)| *p == first) {
            rules.insert(format!("/{folder}*"), first);
        } else {
            group(folder, &files, rules);
        }
    }
}

/// Published media are always named by their hash, and so are the search index's
/// chunks; elsewhere a name part of at least eight hex digits (with a digit in it)
/// marks a hashed file.
fn policy_for(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let hashed = name.split(['.', '-', '_']).any(|part| {
        part.len() >= 8
            && part.chars().all(|c| c.is_ascii_hexdigit())
            && part.chars().any(|c| c.is_ascii_digit())
    });
    // Pagefind names its chunks by their content with seven hex digits
    // (`pagefind/en/fragment/en_d8d8823.pf_fragment`); its entry file says which to load.
    let search_chunk = path.starts_with("pagefind/")
        && ["/fragment/", "/index/", "/filter/"]
            .iter()
            .any(|dir| path.contains(dir));
    if path.starts_with("media/") || hashed || search_chunk {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: [&str; 8] = [
        "index.html",
        "impactwall-1a2b3c4d5e6f7a8b_bg.wasm",
        "impactwall-1a2b3c4d5e6f7a8b.js",
        "theme.css",
        "data/index.json",
        "data/stories/rosa.json",
        "media/rosa.4ea8ce3c.jpg",
        "qr/stories/rosa.svg",
    ];

    fn policy_of<'a>(headers: &'a str, pattern: &str) -> Vec<&'a str> {
        let mut lines = headers.lines();
        let mut found = Vec::new();
        while let Some(line) = lines.next() {
            if line == pattern {
                if let Some(next) = lines.next() {
                    found.push(next.trim().trim_start_matches("Cache-Control: "));
                }
            }
        }
        found
    }

    #[test]
    fn hashed_assets_are_immutable_and_the_rest_revalidates() {
        let h = with_cache_rules(None, FILES);
        assert_eq!(policy_of(&h, "/media/*"), [IMMUTABLE]);
        assert_eq!(
            policy_of(&h, "/impactwall-1a2b3c4d5e6f7a8b_bg.wasm"),
            [IMMUTABLE]
        );
        assert_eq!(
            policy_of(&h, "/impactwall-1a2b3c4d5e6f7a8b.js"),
            [IMMUTABLE]
        );
        for p in ["/", "/index.html", "/theme.css", "/data/*", "/qr/*"] {
            assert_eq!(policy_of(&h, p), [REVALIDATE], "{p}\n{h}");
        }
        // No catch-all rule: hosts would add its Cache-Control to every other one.
        assert!(h.lines().all(|l| l != "/*"), "{h}");
        assert_eq!(h.matches("Cache-Control").count(), 8, "{h}");
    }

    #[test]
    fn extends_the_shells_headers_once_and_stays_so_when_run_again() {
        let shell = "/*\n  Content-Security-Policy: default-src 'self'\n  X-Frame-Options: DENY\n";
        let once = with_cache_rules(Some(shell), FILES);
        assert!(once.starts_with(shell.trim_end()), "{once}");
        assert_eq!(once.matches("Content-Security-Policy").count(), 1);
        let twice = with_cache_rules(Some(&once), FILES);
        assert_eq!(once, twice);
    }

    #[test]
    fn a_folder_with_mixed_files_gets_one_rule_per_file() {
        let h = with_cache_rules(None, ["assets/app-0a1b2c3d4e5f6a7b.js", "assets/logo.svg"]);
        assert_eq!(
            policy_of(&h, "/assets/app-0a1b2c3d4e5f6a7b.js"),
            [IMMUTABLE]
        );
        assert_eq!(policy_of(&h, "/assets/logo.svg"), [REVALIDATE]);
        assert!(policy_of(&h, "/assets/*").is_empty());
    }

    #[test]
    fn a_mixed_folder_splits_into_its_uniform_subfolders() {
        let mut files = vec![
            "pagefind/en/pagefind.js",
            "pagefind/en/pagefind-entry.json",
            "pagefind/en/pagefind.en_14ce52e6eb.pf_meta",
        ];
        let chunks: Vec<String> = (0..500)
            .map(|i| format!("pagefind/en/fragment/en_{:07x}.pf_fragment", 0x1000000 + i))
            .collect();
        files.extend(chunks.iter().map(String::as_str));
        files.push("pagefind/en/index/en_d8d8823.pf_index");
        let h = with_cache_rules(None, files);
        assert_eq!(policy_of(&h, "/pagefind/en/fragment/*"), [IMMUTABLE], "{h}");
        assert_eq!(policy_of(&h, "/pagefind/en/index/*"), [IMMUTABLE], "{h}");
        assert_eq!(
            policy_of(&h, "/pagefind/en/pagefind.js"),
            [REVALIDATE],
            "{h}"
        );
        assert_eq!(
            policy_of(&h, "/pagefind/en/pagefind.en_14ce52e6eb.pf_meta"),
            [IMMUTABLE],
            "{h}"
        );
        // "/", three files and two folders: not one rule per chunk.
        assert_eq!(h.matches("Cache-Control").count(), 6, "{h}");
    }
}
