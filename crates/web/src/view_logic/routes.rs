//! Pages and their URLs: routes from paths, query strings, detail data files, share
//! links.

use impactwall_model::{EventPhase, Index, Instant, ItemMeta, Kind};

/// Percent-encodes everything outside RFC 3986's unreserved set.
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, NOT_UNRESERVED).to_string()
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const NOT_UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Absolute share link of a story (`{base_url}/stories/{slug}`).
pub fn share_url(base_url: &str, slug: &str) -> String {
    format!("{}/stories/{}", base_url.trim_end_matches('/'), slug)
}

/// Is the item `kind`/`slug` published at `now`? `None` if not (unknown, scheduled or
/// expired); for an event its phase, `Some(Some(phase))`; otherwise `Some(None)`.
pub fn live_item(ix: &Index, kind: Kind, slug: &str, now: Instant) -> Option<Option<EventPhase>> {
    let live = |m: &ItemMeta| m.slug == slug && m.schedule.is_live_at(now);
    match kind {
        Kind::Story => ix.stories.iter().any(|s| live(&s.meta)).then_some(None),
        Kind::Thanks => ix.thanks.iter().any(|t| live(&t.meta)).then_some(None),
        Kind::Event => ix
            .events
            .iter()
            .find(|e| live(&e.meta))
            .map(|e| Some(e.phase_at(now))),
    }
}

/// The data file behind a detail page: `/stories/rosa` → `data/stories/rosa.json`.
pub fn detail_path_for_page(pathname: &str) -> Option<String> {
    let mut parts = pathname.trim_matches('/').split('/');
    let (kind, slug) = (parts.next()?, parts.next()?);
    if parts.next().is_some() || slug.is_empty() {
        return None;
    }
    matches!(kind, "stories" | "thanks" | "events").then(|| format!("data/{kind}/{slug}.json"))
}

/// A page of the reading site, read from a URL path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Stories,
    Story(String),
    Thanks,
    ThanksMessage(String),
    Events,
    Event(String),
    About,
    TalkingPoints,
    Teams,
    Team(String),
    Search,
    NotFound,
}

/// `path` without its language prefix (`/es/stories` → `/stories`, `/nl/` → `/`) and
/// the prefix's language code, if it has one.
pub fn split_lang(path: &str) -> (Option<&'static str>, &str) {
    let rest = path.strip_prefix('/').unwrap_or(path);
    let first = rest.split('/').next().unwrap_or_default();
    let Some(lang) = crate::i18n::Lang::ALL
        .into_iter()
        .find(|l| !first.is_empty() && l.code() == first)
    else {
        return (None, path);
    };
    let tail = &rest[first.len()..];
    (Some(lang.code()), if tail.is_empty() { "/" } else { tail })
}

/// `path` on the `lang` version of the site: the default language at the root, the
/// others under `/<lang>`. Only the site's own pages (home, the lists, about) have a
/// version per language; an item's page and files keep their path.
pub fn localized_path(path: &str, lang: &str, default_lang: &str) -> String {
    let (page, query) = path.split_at(path.find(['?', '#']).unwrap_or(path.len()));
    let (_, page) = split_lang(page);
    let per_language = matches!(page, "/" | "/stories" | "/thanks" | "/events" | "/about")
        || crate::view_logic::impact_pages::is_impact_page(page);
    if !per_language || lang == default_lang {
        return format!("{page}{query}");
    }
    match page {
        "/" => format!("/{lang}/{query}"),
        p => format!("/{lang}{p}{query}"),
    }
}

/// The address of the page at `path` in `lang`: the site's pages under the language's
/// prefix, an item's page its live translation; `?lang=` on an item without one (the
/// app then shows the item with the interface in `lang`). `None` without an index.
pub fn language_version(ix: Option<&Index>, path: &str, lang: &str) -> Option<String> {
    let ix = ix?;
    let default = ix.site.default_language.as_str();
    let (kind, slug) = match Route::from_path(path) {
        Route::Story(s) => (Kind::Story, s),
        Route::ThanksMessage(s) => (Kind::Thanks, s),
        Route::Event(s) => (Kind::Event, s),
        Route::NotFound => return Some(format!("{path}?lang={lang}")),
        _ => return Some(localized_path(path, lang, default)),
    };
    let metas: Vec<&ItemMeta> = match kind {
        Kind::Story => ix.stories.iter().map(|s| &s.meta).collect(),
        Kind::Thanks => ix.thanks.iter().map(|t| &t.meta).collect(),
        Kind::Event => ix.events.iter().map(|e| &e.meta).collect(),
    };
    let key = metas
        .iter()
        .find(|m| m.slug == slug)?
        .translation_key
        .clone();
    let now = ix.generated_at.max(chrono::Utc::now());
    Some(
        match metas
            .iter()
            .find(|m| m.translation_key == key && m.lang == lang && m.schedule.is_live_at(now))
        {
            Some(m) => format!("/{}/{}", kind.dir(), m.slug),
            None => format!("/{}/{slug}?lang={lang}", kind.dir()),
        },
    )
}

impl Route {
    /// The page for `path` (no query, no fragment), with or without a language prefix.
    /// A trailing slash is ignored and segments are percent-decoded, so
    /// `/stories/rosa/` is the story `rosa`.
    pub fn from_path(path: &str) -> Route {
        let (_, path) = split_lang(path);
        let trimmed = path.trim_end_matches('/');
        let segments: Vec<String> = trimmed.split('/').skip(1).map(percent_decode).collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        match seg.as_slice() {
            [] => Route::Home,
            ["stories"] => Route::Stories,
            ["stories", slug] if !slug.is_empty() => Route::Story(slug.to_string()),
            ["thanks"] => Route::Thanks,
            ["thanks", slug] if !slug.is_empty() => Route::ThanksMessage(slug.to_string()),
            ["events"] => Route::Events,
            ["events", slug] if !slug.is_empty() => Route::Event(slug.to_string()),
            ["about"] => Route::About,
            ["talking-points"] => Route::TalkingPoints,
            ["teams"] => Route::Teams,
            ["teams", team] if !team.is_empty() => Route::Team(team.to_string()),
            ["search"] => Route::Search,
            _ => Route::NotFound,
        }
    }
}

/// Decodes a percent-encoded path segment (invalid UTF-8 is replaced, never an error).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The pairs of a query string (`?a=1&b=x%20y`, leading `?` optional) in order, keys
/// and values decoded as form values (`+` is a space), as `URLSearchParams` reads
/// them. A part without `=` has an empty value; empty parts are skipped.
pub fn query_pairs(search: &str) -> Vec<(String, String)> {
    let search = search.strip_prefix('?').unwrap_or(search);
    form_urlencoded::parse(search.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The value of `key` in a query string (see [`query_pairs`]); the first occurrence
/// wins.
pub fn query_value(search: &str, key: &str) -> Option<String> {
    query_pairs(search)
        .into_iter()
        .find_map(|(k, v)| (k == key).then_some(v))
}
