//! Prerendering: every page of the reading site rendered to HTML at build time by the
//! same components the browser runs (Leptos SSR), inside the app shell, with the page's
//! own title, description, canonical and language links, link-preview tags and the
//! payload the browser hydrates from.
//!
//! Pages: `/`, `/stories`, `/thanks`, `/events`, `/about` and `404.html` in every
//! language of the site (the default language at the root, the others under `/<lang>/`),
//! and one page per item live at build time, in the item's language. Items that are not
//! live yet get their page on the next build; until then the browser shows them from
//! the data once they are live (the static host answers with `404.html`, whose app reads
//! the item's data file).

mod head;
mod impact_pages;
mod related;
mod slice;

use leptos::prelude::*;
use rayon::prelude::*;

use crate::boot::Boot;
use crate::browser::{with_env, RenderEnv};
use crate::page_data::{PageDetail, PagePayload, ELEMENT_ID};
use impactwall_model::{HasMeta, Index, Instant, Kind};

pub use head::Head;
pub use slice::{payload, Shared};

/// Why the pages could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PrerenderError {
    #[error("the app shell's index.html has no {0}")]
    Shell(&'static str),
    #[error("reading {path}: {message}")]
    Data { path: String, message: String },
}

/// One page to render: its URL path, language and item.
#[derive(Clone, Debug)]
pub struct PageSpec {
    pub path: String,
    pub lang: String,
    pub detail: Option<PageDetail>,
}

impl PageSpec {
    /// The output file: `stories/index.html`, `es/index.html`, `404.html`.
    pub fn file(&self) -> String {
        if let Some(stem) = self.path.strip_suffix(".html") {
            return format!("{}.html", stem.trim_start_matches('/'));
        }
        let dir = self.path.trim_matches('/');
        if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        }
    }
}

/// The app shell's `index.html`, split where a page's parts go.
#[derive(Clone, Debug)]
pub struct Shell {
    /// Up to and including `<html`.
    before_lang: String,
    /// From the `lang` attribute's end up to `<title>`.
    head_start: String,
    /// After `</title>` up to `</head>`.
    head_rest: String,
    /// `</head>` up to and including `<body>`.
    body_open: String,
    /// `</body>` to the end.
    tail: String,
}

impl Shell {
    /// Reads the shell written by the app build (`<html lang=…>`, one `<title>`, an
    /// empty `<body></body>`).
    pub fn parse(html: &str) -> Result<Shell, PrerenderError> {
        let cut = |hay: &str, needle: &'static str| {
            hay.find(needle)
                .map(|i| (hay[..i].to_string(), hay[i + needle.len()..].to_string()))
                .ok_or(PrerenderError::Shell(needle))
        };
        let (before, rest) = cut(html, "<html lang=\"")?;
        let rest = rest
            .split_once('"')
            .map(|(_, r)| r.to_string())
            .ok_or(PrerenderError::Shell("<html lang=\"…\">"))?;
        let (head_start, rest) = cut(&rest, "<title>")?;
        let (_, rest) = cut(&rest, "</title>")?;
        let (head_rest, rest) = cut(&rest, "</head>")?;
        let (between, rest) = cut(&rest, "<body>")?;
        let (_, tail) = cut(&rest, "</body>")?;
        Ok(Shell {
            before_lang: format!("{before}<html lang=\""),
            head_start,
            head_rest,
            body_open: format!("</head>{between}<body>"),
            tail: format!("</body>{tail}"),
        })
    }

    /// The whole document of one page. The payload goes last in `<body>`: the browser
    /// paints the content before it has read the data (measured: first paint of `/`
    /// 900 → 550 ms at 4x CPU throttle), and the app only reads it after parsing.
    fn document(&self, lang: &str, head: &str, payload_json: &str, body: &str) -> String {
        format!(
            "{}{lang}\"{}{head}{}{}{body}<script type=\"application/json\" id=\"{ELEMENT_ID}\">{payload_json}</script>{}",
            self.before_lang, self.head_start, self.head_rest, self.body_open, self.tail
        )
    }
}

/// Every page of the site at `now`: `(output file, HTML)`. `read` gives the bytes of a
/// file of the build output (`data/index.json`, `data/stories/rosa.json`).
pub fn render_site(
    shell: &Shell,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    now: Instant,
) -> Result<Vec<(String, String)>, PrerenderError> {
    let index: Index = decode(read, "data/index.json")?;
    let impact = impact_pages::read_impact(read)?;
    let mut specs = page_specs(&index, read, now)?;
    specs.extend(impact_specs(&index, impact.as_ref()));
    let shared = slice::Shared::new(&index, now).with_impact(impact);
    let mut files: Vec<(String, String)> = specs
        .par_iter()
        .map(|spec| (spec.file(), render_page(shell, &index, &shared, spec)))
        .collect();
    files.push(("sitemap.xml".into(), shared.sitemap(&index, &specs)));
    files.push(("robots.txt".into(), robots(&index)));
    Ok(files)
}

/// `sitemap.xml`: every page, with its versions in the other languages.
pub fn sitemap(index: &Index, specs: &[PageSpec]) -> String {
    sitemap_with(index, specs, |spec| head::alternates(index, spec))
}

/// [`sitemap`] with the pages' language versions from `alternates`.
fn sitemap_with(
    index: &Index,
    specs: &[PageSpec],
    mut alternates: impl FnMut(&PageSpec) -> Vec<(String, String)>,
) -> String {
    let base = index.site.base_url.trim_end_matches('/');
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    for spec in specs.iter().filter(|s| !s.path.ends_with(".html")) {
        out.push_str("<url><loc>");
        crate::markup::escape(&mut out, &format!("{base}{}", spec.path));
        out.push_str("</loc>");
        for (lang, path) in alternates(spec) {
            out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            crate::markup::escape(&mut out, &lang);
            out.push_str("\" href=\"");
            crate::markup::escape(&mut out, &format!("{base}{path}"));
            out.push_str("\"/>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything allowed with the sitemap's address, or, for an internal
/// site (`[privacy] search_engines = "block"`), nothing.
pub fn robots(index: &Index) -> String {
    if index.site.search_engines {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
            index.site.base_url.trim_end_matches('/')
        )
    } else {
        "User-agent: *\nDisallow: /\n".to_string()
    }
}

/// The one page at the URL path `path` (see [`render_site`] for the pages there are),
/// `Ok(None)` when the site has no such page at `now`.
pub fn render_one(
    shell: &Shell,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    path: &str,
    now: Instant,
) -> Result<Option<String>, PrerenderError> {
    let index: Index = decode(read, "data/index.json")?;
    let impact = impact_pages::read_impact(read)?;
    let Some(spec) = spec_for(&index, impact.as_ref(), read, path, now)? else {
        return Ok(None);
    };
    let shared = slice::Shared::new(&index, now).with_impact(impact);
    Ok(Some(render_page(shell, &index, &shared, &spec)))
}

/// The page at `path`, if the site has it at `now`.
fn spec_for(
    index: &Index,
    impact: Option<&impactwall_model::impact::ImpactData>,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    path: &str,
    now: Instant,
) -> Result<Option<PageSpec>, PrerenderError> {
    use crate::view_logic::{split_lang, Route};
    let (prefix, rest) = split_lang(path);
    let lang = prefix.map_or_else(|| index.site.default_language.clone(), str::to_string);
    if !index.site.languages.contains(&lang) {
        return Ok(None);
    }
    let site_page = |path: String| {
        Ok(Some(PageSpec {
            path,
            lang: lang.clone(),
            detail: None,
        }))
    };
    let canonical = match prefix {
        Some(p) if rest == "/" => format!("/{p}/"),
        Some(p) => format!("/{p}{}", rest.trim_end_matches('/')),
        None if rest == "/" => "/".to_string(),
        None => rest.trim_end_matches('/').to_string(),
    };
    if rest == "/404.html" {
        return site_page(canonical);
    }
    let (kind, slug) = match Route::from_path(rest) {
        Route::Home
        | Route::Stories
        | Route::Thanks
        | Route::Events
        | Route::About
        | Route::Search => return site_page(canonical),
        Route::Story(s) => (Kind::Story, s),
        Route::ThanksMessage(s) => (Kind::Thanks, s),
        Route::Event(s) => (Kind::Event, s),
        Route::TalkingPoints | Route::Teams | Route::Team(_) => {
            return if impact_pages::has_page(impact, rest) {
                site_page(canonical)
            } else {
                Ok(None)
            };
        }
        Route::NotFound => return Ok(None),
    };
    if prefix.is_some() {
        return Ok(None);
    }
    let live = |m: &impactwall_model::ItemMeta| m.slug == slug && m.schedule.is_live_at(now);
    let meta = match kind {
        Kind::Story => index.stories.iter().map(HasMeta::meta).find(|m| live(m)),
        Kind::Thanks => index.thanks.iter().map(HasMeta::meta).find(|m| live(m)),
        Kind::Event => index.events.iter().map(HasMeta::meta).find(|m| live(m)),
    };
    let Some(meta) = meta else {
        return Ok(None);
    };
    let detail = read_detail(read, kind, &meta.slug)?;
    Ok(Some(PageSpec {
        path: format!("/{}/{}", kind.dir(), meta.slug),
        lang: meta.lang.clone(),
        detail: Some(detail),
    }))
}

/// An item's detail file from the build output.
fn read_detail(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    kind: Kind,
    slug: &str,
) -> Result<PageDetail, PrerenderError> {
    let file = format!("data/{}/{slug}.json", kind.dir());
    Ok(match kind {
        Kind::Story => PageDetail::Story(decode(read, &file)?),
        Kind::Thanks => PageDetail::Thanks(decode(read, &file)?),
        Kind::Event => PageDetail::Event(decode(read, &file)?),
    })
}

fn decode<T: serde::de::DeserializeOwned>(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    path: &str,
) -> Result<T, PrerenderError> {
    let bytes = read(path).ok_or_else(|| PrerenderError::Data {
        path: path.to_string(),
        message: "missing from the build".into(),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| PrerenderError::Data {
        path: path.to_string(),
        message: e.to_string(),
    })
}

/// The URL prefix of a language: none for the default language, `/es` for the others.
pub fn lang_prefix(index: &Index, lang: &str) -> String {
    if lang == index.site.default_language {
        String::new()
    } else {
        format!("/{lang}")
    }
}

/// The pages to render: the site's pages per language and the live items' pages.
pub fn page_specs(
    index: &Index,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    now: Instant,
) -> Result<Vec<PageSpec>, PrerenderError> {
    let mut specs = Vec::new();
    for lang in &index.site.languages {
        let prefix = lang_prefix(index, lang);
        for page in [
            "/",
            "/stories",
            "/thanks",
            "/events",
            "/about",
            "/search",
            "/404.html",
        ] {
            let path = match (prefix.is_empty(), page) {
                (false, "/") => format!("{prefix}/"),
                _ => format!("{prefix}{page}"),
            };
            specs.push(PageSpec {
                path,
                lang: lang.clone(),
                detail: None,
            });
        }
    }
    let live = |m: &impactwall_model::ItemMeta| m.schedule.is_live_at(now);
    let items = (index.stories.iter().map(|s| (Kind::Story, s.meta())))
        .chain(index.thanks.iter().map(|t| (Kind::Thanks, t.meta())))
        .chain(index.events.iter().map(|e| (Kind::Event, e.meta())))
        .filter(|(_, m)| live(m));
    for (kind, meta) in items {
        let detail = read_detail(read, kind, &meta.slug)?;
        specs.push(PageSpec {
            path: format!("/{}/{}", kind.dir(), meta.slug),
            lang: meta.lang.clone(),
            detail: Some(detail),
        });
    }
    Ok(specs)
}

/// The talking-point and team pages in every language of the site.
fn impact_specs(
    index: &Index,
    impact: Option<&impactwall_model::impact::ImpactData>,
) -> Vec<PageSpec> {
    let pages = impact_pages::pages(impact);
    let mut specs = Vec::new();
    for lang in &index.site.languages {
        let prefix = lang_prefix(index, lang);
        specs.extend(pages.iter().map(|page| PageSpec {
            path: format!("{prefix}{page}"),
            lang: lang.clone(),
            detail: None,
        }));
    }
    specs
}

/// One page: the app rendered natively from the page's payload, inside the shell.
pub fn render_page(
    shell: &Shell,
    index: &Index,
    shared: &slice::Shared,
    spec: &PageSpec,
) -> String {
    let mut payload = shared.payload(index, &spec.path, &spec.lang, spec.detail.clone());
    let now = payload.built_at;
    let head =
        impact_pages::head(index, shared.impact(), spec).unwrap_or_else(|| Head::of(index, spec));
    // The item's text is in the page's HTML: the payload says so instead of repeating it.
    let body_html = payload.take_body();
    let json = serde_json::to_string(&payload)
        .unwrap_or_default()
        // Never `</script>` or `<!--` inside the element: `<` as a JSON escape.
        .replace('<', "\\u003c");
    payload.restore_body(body_html);
    // The payload holds the page's translations: no need to search the whole index.
    let head = head.to_html(&payload.index, spec);
    let body = render_body(payload, &index.site.timezone, now);
    shell.document(&spec.lang, &head, &json, &body)
}

/// The app's HTML for `payload`.
pub fn render_body(payload: PagePayload, timezone: &str, now: Instant) -> String {
    let env = RenderEnv {
        now,
        timezone: timezone.to_string(),
    };
    with_env(env, move || {
        let owner = Owner::new_root(Some(std::sync::Arc::new(
            hydration_context::SsrSharedContext::new(),
        )));
        let boot = Boot::prerender(payload);
        let html = owner.with(move || view! { <crate::App boot=boot/> }.to_html());
        owner.unset();
        html
    })
}
