//! The search index: one Pagefind bundle per language under `pagefind/{lang}/`, built
//! from custom records (one per item), so the browser downloads only the chunks a
//! query needs (docs/architecture.md, "Search").
//!
//! A bundle per language rather than one bundle: Pagefind stems with the language of
//! the index it loaded, and picks that index from the page's `lang`; separate bundles
//! let the reader search any language with its own stemmer.
//!
//! Publication windows travel as meta (`publish_at`, `expires_at`, RFC 3339): the
//! browser drops results outside their window, so a scheduled item becomes findable
//! when it goes live, without a rebuild. Drafts never get here; items whose people
//! did not consent are left out.

use std::collections::BTreeMap;

use impactwall_model::{Instant, Kind, Schedule};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::OutputFile;

/// What one item gives the search index.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SearchRecord {
    pub kind: Kind,
    pub slug: String,
    pub lang: String,
    pub title: String,
    /// Summary (stories, events: with the location) or excerpt (thanks).
    pub summary: String,
    pub team: Option<String>,
    pub program: Option<String>,
    pub tags: Vec<String>,
    pub date: Instant,
    pub schedule: Schedule,
    /// Stories and thanks name people: without consent they are never found.
    pub consent: bool,
    /// Whitespace-folded plain text of the body, capped.
    pub text: String,
}

impl SearchRecord {
    fn findable(&self) -> bool {
        self.consent || self.kind == Kind::Event
    }

    fn content(&self) -> String {
        // Team, program and tags too: agents look for "billing" or "storm" as often
        // as for words of the story.
        let mut parts: Vec<&str> = vec![&self.title, &self.summary];
        parts.extend(self.team.as_deref());
        parts.extend(self.program.as_deref());
        parts.extend(self.tags.iter().map(String::as_str));
        parts.push(&self.text);
        strip_markers(&parts.join(" "))
    }

    fn meta(&self) -> BTreeMap<String, String> {
        let mut meta = BTreeMap::from([
            ("title".to_owned(), strip_markers(&self.title)),
            ("summary".to_owned(), strip_markers(&self.summary)),
            ("kind".to_owned(), self.kind.dir().to_owned()),
            ("date".to_owned(), self.date.to_rfc3339()),
        ]);
        if let Some(at) = self.schedule.publish_at {
            meta.insert("publish_at".to_owned(), at.to_rfc3339());
        }
        if let Some(at) = self.schedule.expires_at {
            meta.insert("expires_at".to_owned(), at.to_rfc3339());
        }
        meta
    }

    fn filters(&self) -> BTreeMap<String, Vec<String>> {
        let mut filters = BTreeMap::from([("kind".to_owned(), vec![self.kind.dir().to_owned()])]);
        if let Some(team) = &self.team {
            filters.insert("team".to_owned(), vec![team.clone()]);
        }
        if let Some(program) = &self.program {
            filters.insert("program".to_owned(), vec![program.clone()]);
        }
        filters
    }
}

/// Pagefind reads words starting with `___PAGEFIND_` in a record as instructions
/// (weights, anchors); content must not be able to give any.
fn strip_markers(text: &str) -> String {
    if !text.contains("___") {
        return text.to_owned();
    }
    text.split_whitespace()
        .filter(|w| !w.starts_with("___"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bundle files a page never loads (Pagefind's own UIs and highlighter).
fn unused_file(name: &str) -> bool {
    name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("pagefind-highlight.")
        || name.starts_with("playground")
}

/// [`bundles`], or none when `IMPACTWALL_SEARCH_INDEX=off`: bench/search measures the
/// index's share of the build time by building the same site without it.
pub(super) fn bundles_unless_off(
    records: &[&SearchRecord],
) -> Result<Vec<(String, OutputFile)>, String> {
    if std::env::var_os("IMPACTWALL_SEARCH_INDEX").is_some_and(|v| v == "off") {
        return Ok(Vec::new());
    }
    bundles(records)
}

/// The Pagefind bundles of `records`: `(path, file)` pairs under `pagefind/{lang}/`.
pub(super) fn bundles(records: &[&SearchRecord]) -> Result<Vec<(String, OutputFile)>, String> {
    let mut by_lang: BTreeMap<&str, Vec<&SearchRecord>> = BTreeMap::new();
    for r in records.iter().filter(|r| r.findable()) {
        by_lang.entry(&r.lang).or_default().push(r);
    }
    // Pagefind's API is async; a private runtime on a thread of its own drives it, so
    // a build may run inside `impactwall serve`'s runtime too.
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .map_err(|e| format!("could not start the search indexer: {e}"))?;
                let mut out = Vec::new();
                for (lang, recs) in &by_lang {
                    for (name, bytes) in rt.block_on(bundle(lang, recs))? {
                        out.push((format!("pagefind/{lang}/{name}"), OutputFile::new(bytes)));
                    }
                }
                Ok(out)
            })
            .join()
            .map_err(|_| "the search indexer stopped unexpectedly".to_owned())?
    })
}

/// One language's bundle: file names relative to the bundle and their bytes.
async fn bundle(lang: &str, records: &[&SearchRecord]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let config = PagefindServiceConfig::builder()
        .force_language(lang.to_owned())
        .write_playground(false)
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
    for r in records {
        index
            .add_custom_record(
                format!("/{}/{}", r.kind.dir(), r.slug),
                r.content(),
                lang.to_owned(),
                Some(r.meta()),
                Some(r.filters()),
                Some(BTreeMap::from([("date".to_owned(), r.date.to_rfc3339())])),
            )
            .await
            .map_err(|e| format!("{}/{}: {e}", r.kind.dir(), r.slug))?;
    }
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .filter(|(name, _)| !unused_file(name))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn record(slug: &str, lang: &str, title: &str, text: &str) -> SearchRecord {
        SearchRecord {
            kind: Kind::Story,
            slug: slug.into(),
            lang: lang.into(),
            title: title.into(),
            summary: String::new(),
            team: Some("Billing".into()),
            program: None,
            tags: vec![],
            date: chrono::Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
            schedule: Schedule::default(),
            consent: true,
            text: text.into(),
        }
    }

    #[test]
    fn one_bundle_per_language_with_runtime_and_chunks() {
        let en = record("cafe", "en", "The Café", "coffee for everyone");
        let es = record("nino", "es", "El niño", "viajando en autobús");
        let files = bundles(&[&en, &es]).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for lang in ["en", "es"] {
            for file in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"] {
                let path = format!("pagefind/{lang}/{file}");
                assert!(names.contains(&path.as_str()), "{path} missing: {names:?}");
            }
            let chunk = format!("pagefind/{lang}/index/");
            assert!(names.iter().any(|n| n.starts_with(&chunk)), "{names:?}");
            let frag = format!("pagefind/{lang}/fragment/");
            assert!(names.iter().any(|n| n.starts_with(&frag)), "{names:?}");
        }
        assert!(
            !names.iter().any(|n| n.contains("pagefind-ui")),
            "{names:?}"
        );
    }

    #[test]
    fn unconsented_stories_are_left_out() {
        let mut hidden = record("hidden", "nl", "Verborgen", "tekst");
        hidden.consent = false;
        let shown = record("shown", "en", "Shown", "text");
        let files = bundles(&[&hidden, &shown]).unwrap();
        assert!(files.iter().all(|(n, _)| !n.starts_with("pagefind/nl/")));
        assert!(files.iter().any(|(n, _)| n.starts_with("pagefind/en/")));
    }

    #[test]
    fn content_cannot_carry_pagefind_instructions() {
        let r = record("x", "en", "Title", "a ___PAGEFIND_WEIGHT___0 b");
        assert!(!r.content().contains("___PAGEFIND"));
        assert!(r.content().contains("a b"));
    }
}
