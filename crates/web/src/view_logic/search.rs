//! Search: the query in the URL (`/search?q=…&kind=…`), the results Pagefind returns,
//! which of them are live now, and their excerpts split into plain and highlighted
//! runs (rendered as text, never as HTML).

use std::collections::BTreeMap;

use impactwall_model::{Instant, Schedule};
use serde::Deserialize;

use super::{percent_encode, query_pairs};

/// What the reader searches for: the words and the filters, as in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub q: String,
    /// `stories`, `thanks` or `events`; empty for all.
    pub kind: String,
    pub team: String,
    pub program: String,
    /// Language of the items searched; empty for the reader's language.
    pub lang: String,
}

impl SearchQuery {
    /// Reads `?q=…&kind=…&team=…&program=…&lang=…` (unknown keys are ignored).
    pub fn from_query(search: &str) -> SearchQuery {
        let mut query = SearchQuery::default();
        for (k, v) in query_pairs(search) {
            let slot = match k.as_str() {
                "q" => &mut query.q,
                "kind" => &mut query.kind,
                "team" => &mut query.team,
                "program" => &mut query.program,
                "lang" => &mut query.lang,
                _ => continue,
            };
            if slot.is_empty() {
                *slot = v;
            }
        }
        query
    }

    /// The shareable URL of this search: `/search?q=…` plus the filters that are set.
    pub fn url(&self) -> String {
        let mut url = format!("/search?q={}", percent_encode(&self.q));
        for (key, value) in [
            ("kind", &self.kind),
            ("team", &self.team),
            ("program", &self.program),
            ("lang", &self.lang),
        ] {
            if !value.is_empty() {
                url.push_str(&format!("&{key}={}", percent_encode(value)));
            }
        }
        url
    }

    /// The same query with its words' spacing folded (`" ferry  night "` →
    /// `"ferry night"`): typing a space changes the URL but not what is searched, so
    /// it starts no new search.
    pub fn normalized(&self) -> SearchQuery {
        SearchQuery {
            q: self.q.split_whitespace().collect::<Vec<_>>().join(" "),
            ..self.clone()
        }
    }

    /// The words to search for, or `None` when there are none.
    pub fn term(&self) -> Option<&str> {
        Some(self.q.trim()).filter(|q| !q.is_empty())
    }

    /// Pagefind's filters for this query: `{"kind": "stories", …}`.
    pub fn filters(&self) -> BTreeMap<&'static str, String> {
        [
            ("kind", &self.kind),
            ("team", &self.team),
            ("program", &self.program),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect()
    }
}

/// One result as the search module returns it (crates/web/js/search.js).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SearchHit {
    pub url: String,
    /// Pagefind's excerpt: the content with `<` and `>` escaped and the matching
    /// words in `<mark>…</mark>`.
    #[serde(default)]
    pub excerpt: String,
    /// `title`, `summary`, `kind`, `date`, `publish_at`, `expires_at` (build/search.rs).
    #[serde(default)]
    pub meta: BTreeMap<String, String>,
}

/// What one search returned.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SearchFound {
    /// Matches in the index, live or not.
    pub total: usize,
    pub results: Vec<SearchHit>,
}

impl SearchHit {
    pub fn meta(&self, key: &str) -> &str {
        self.meta.get(key).map_or("", String::as_str)
    }

    /// Inside its publication window at `now`. The index holds scheduled and
    /// expiring items too, so a scheduled item is found once it goes live.
    pub fn is_live_at(&self, now: Instant) -> bool {
        let at = |key| impactwall_model::rfc3339::parse_datetime(self.meta(key));
        Schedule {
            publish_at: at("publish_at"),
            expires_at: at("expires_at"),
        }
        .is_live_at(now)
    }

    /// The path of the item's page, only when it is one of this site's item pages
    /// (the index is ours, but a link is never built from anything else).
    pub fn path(&self) -> Option<&str> {
        let path = self.url.split(['?', '#']).next()?;
        let mut parts = path.strip_prefix('/')?.split('/');
        let (kind, slug) = (parts.next()?, parts.next()?);
        let ok = matches!(kind, "stories" | "thanks" | "events")
            && !slug.is_empty()
            && parts.next().is_none();
        ok.then_some(path)
    }
}

/// The live results at `now`, and how many matches are left out of the count because
/// they are outside their window (among the ones loaded).
pub fn live_hits(found: &SearchFound, now: Instant) -> (Vec<SearchHit>, usize) {
    let live: Vec<SearchHit> = found
        .results
        .iter()
        .filter(|h| h.is_live_at(now) && h.path().is_some())
        .cloned()
        .collect();
    let hidden = found.results.len() - live.len();
    (live, found.total.saturating_sub(hidden))
}

/// The excerpt as runs of text, `true` for a matching word: Pagefind's `<mark>` tags
/// become the flag and its `&lt;`/`&gt;` become the characters again, so the runs are
/// rendered as text nodes and nothing in an item can become markup.
pub fn excerpt_runs(excerpt: &str) -> Vec<(String, bool)> {
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">");
    let mut runs = Vec::new();
    let mut rest = excerpt;
    while let Some(start) = rest.find("<mark>") {
        if start > 0 {
            runs.push((unescape(&rest[..start]), false));
        }
        let after = &rest[start + "<mark>".len()..];
        let end = after.find("</mark>").unwrap_or(after.len());
        runs.push((unescape(&after[..end]), true));
        rest = after.get(end + "</mark>".len()..).unwrap_or("");
    }
    if !rest.is_empty() {
        runs.push((unescape(rest), false));
    }
    runs
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typed_space_does_not_change_the_search() {
        let typed = SearchQuery::from_query("?q=ferry%20&kind=stories");
        let done = SearchQuery::from_query("?q=ferry&kind=stories");
        assert_ne!(typed, done);
        assert_eq!(typed.normalized(), done.normalized());
        let two = SearchQuery::from_query("?q=%20ferry%20%20night");
        assert_eq!(two.normalized().q, "ferry night");
    }

    use super::*;
    use chrono::TimeZone;

    fn hit(url: &str, meta: &[(&str, &str)]) -> SearchHit {
        SearchHit {
            url: url.into(),
            excerpt: String::new(),
            meta: meta
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn query_round_trips_through_its_url() {
        let q = SearchQuery {
            q: "café & niño".into(),
            kind: "stories".into(),
            team: "Night shift".into(),
            program: String::new(),
            lang: "es".into(),
        };
        let url = q.url();
        assert_eq!(
            url,
            "/search?q=caf%C3%A9%20%26%20ni%C3%B1o&kind=stories&team=Night%20shift&lang=es"
        );
        let back = SearchQuery::from_query(url.trim_start_matches("/search"));
        assert_eq!(back, q);
        assert_eq!(back.filters().len(), 2);
        assert_eq!(SearchQuery::from_query("?q=+").term(), None);
        assert_eq!(
            super::super::Route::from_path("/search"),
            super::super::Route::Search
        );
    }

    #[test]
    fn excerpt_marks_become_flags_and_markup_stays_text() {
        let runs = excerpt_runs("a &lt;img src=x onerror=alert(1)&gt; <mark>café</mark> b");
        assert_eq!(
            runs,
            vec![
                ("a <img src=x onerror=alert(1)> ".to_owned(), false),
                ("café".to_owned(), true),
                (" b".to_owned(), false),
            ]
        );
        assert_eq!(excerpt_runs("<mark>open"), vec![("open".to_owned(), true)]);
    }

    #[test]
    fn results_outside_their_window_are_dropped_and_not_counted() {
        let now = chrono::Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap();
        let found = SearchFound {
            total: 5,
            results: vec![
                hit("/stories/live", &[]),
                hit(
                    "/stories/later",
                    &[("publish_at", "2027-03-02T09:00:00+00:00")],
                ),
                hit("/stories/gone", &[("expires_at", "2027-03-01T00:00:00Z")]),
                hit("https://evil.example/x", &[]),
            ],
        };
        let (live, count) = live_hits(&found, now);
        let urls: Vec<&str> = live.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(urls, vec!["/stories/live"]);
        assert_eq!(count, 2);
        let later = now + chrono::Duration::days(1);
        assert!(found.results[1].is_live_at(later));
    }
}
