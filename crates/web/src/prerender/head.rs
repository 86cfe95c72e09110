//! A prerendered page's `<head>` parts: title, description, canonical URL, the links to
//! the same page in the site's other languages, and the link-preview tags (Open Graph
//! and Twitter cards) that chat apps read when a link is pasted.

use super::{lang_prefix, PageSpec};
use crate::i18n::{t, Key, Lang};
use crate::markup::escape;
use crate::page_data::PageDetail;
use impactwall_model::{HasMeta, Index};

/// What one page says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// `<title>`: "{page} · {site}", or the site's name on the home page.
    pub title: String,
    pub description: String,
    /// Absolute URL of the picture shown in link previews.
    pub image: Option<String>,
    /// `article` for an item, `website` for the site's pages.
    pub og_type: &'static str,
}

/// Longest description: what search results and link previews show.
const DESCRIPTION_CHARS: usize = 200;

impl Head {
    pub fn of(index: &Index, spec: &PageSpec) -> Head {
        let site = &index.site;
        let lang = Lang::from_tag(&spec.lang).unwrap_or_default();
        let name = site.name_in(&spec.lang);
        let logo = site.logo.as_ref().map(|l| l.src.clone());
        let page = |key: Key, lead: Option<Key>| Head {
            title: format!("{} · {name}", t(lang, key)),
            description: lead.map_or_else(
                || site.mission_in(&spec.lang).to_string(),
                |k| t(lang, k).to_string(),
            ),
            image: logo.clone(),
            og_type: "website",
        };
        let mut head = match &spec.detail {
            Some(PageDetail::Story(d)) => item(name, &d.summary.title, &d.summary.summary),
            Some(PageDetail::Thanks(d)) => {
                let text = d.summary.quote.as_deref().unwrap_or(&d.summary.excerpt);
                item(name, &d.summary.from, text)
            }
            Some(PageDetail::Event(d)) => item(name, &d.summary.title, &d.summary.summary),
            None => match spec
                .path
                .trim_start_matches(&lang_prefix(index, &spec.lang))
            {
                "/stories" => page(Key::StoriesTitle, Some(Key::StoriesLead)),
                "/thanks" => page(Key::ThanksTitle, Some(Key::ThanksLead)),
                "/events" => page(Key::EventsTitle, Some(Key::EventsLead)),
                "/about" => page(Key::AboutTitle, None),
                "/search" => page(Key::SearchTitle, None),
                "/404.html" => page(Key::NotFoundTitle, None),
                _ => Head {
                    title: name.to_string(),
                    description: site.mission_in(&spec.lang).to_string(),
                    image: logo.clone(),
                    og_type: "website",
                },
            },
        };
        let picture = match &spec.detail {
            Some(PageDetail::Story(d)) => d.summary.image.as_ref(),
            Some(PageDetail::Thanks(d)) => d.summary.image.as_ref(),
            Some(PageDetail::Event(d)) => d.summary.image.as_ref(),
            None => None,
        };
        head.image = picture.map(|i| i.src.clone()).or(logo);
        head.image = head.image.map(|src| absolute(&site.base_url, &src));
        head.description = clip(&head.description);
        head
    }

    /// The tags, ready to go into `<head>`.
    pub fn to_html(&self, index: &Index, spec: &PageSpec) -> String {
        let base = index.site.base_url.trim_end_matches('/');
        let url = format!("{base}{}", spec.path);
        let mut h = String::new();
        let mut tag = |open: &str, pairs: &[(&str, &str)]| {
            h.push('<');
            h.push_str(open);
            for (k, v) in pairs {
                h.push(' ');
                h.push_str(k);
                h.push_str("=\"");
                escape(&mut h, v);
                h.push('"');
            }
            h.push_str(">\n");
        };
        let name = index.site.name_in(&spec.lang);
        tag(
            "meta",
            &[("name", "description"), ("content", &self.description)],
        );
        if spec.path.ends_with("404.html") || !index.site.search_engines {
            tag("meta", &[("name", "robots"), ("content", "noindex")]);
        } else {
            tag("link", &[("rel", "canonical"), ("href", &url)]);
            for (lang, href) in alternates(index, spec) {
                let href = format!("{base}{href}");
                tag(
                    "link",
                    &[("rel", "alternate"), ("hreflang", &lang), ("href", &href)],
                );
            }
        }
        tag(
            "meta",
            &[("property", "og:type"), ("content", self.og_type)],
        );
        tag(
            "meta",
            &[("property", "og:title"), ("content", &self.title)],
        );
        tag(
            "meta",
            &[
                ("property", "og:description"),
                ("content", &self.description),
            ],
        );
        tag("meta", &[("property", "og:url"), ("content", &url)]);
        tag("meta", &[("property", "og:site_name"), ("content", name)]);
        tag(
            "meta",
            &[("property", "og:locale"), ("content", &spec.lang)],
        );
        let card = if self.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        };
        tag("meta", &[("name", "twitter:card"), ("content", card)]);
        tag(
            "meta",
            &[("name", "twitter:title"), ("content", &self.title)],
        );
        tag(
            "meta",
            &[
                ("name", "twitter:description"),
                ("content", &self.description),
            ],
        );
        if let Some(img) = &self.image {
            tag("meta", &[("property", "og:image"), ("content", img)]);
            tag("meta", &[("name", "twitter:image"), ("content", img)]);
        }
        let mut title = String::new();
        escape(&mut title, &self.title);
        format!("<title>{title}</title>\n{h}")
    }
}

/// An item's head: its title (with the site's name) and text.
fn item(site: &str, title: &str, text: &str) -> Head {
    Head {
        title: format!("{title} · {site}"),
        description: text.to_string(),
        image: None,
        og_type: "article",
    }
}

/// `src` as an absolute URL on the site.
pub(super) fn absolute(base: &str, src: &str) -> String {
    if src.starts_with("https://") || src.starts_with("http://") {
        src.to_string()
    } else {
        format!(
            "{}/{}",
            base.trim_end_matches('/'),
            src.trim_start_matches('/')
        )
    }
}

/// `text` cut at a word to [`DESCRIPTION_CHARS`], with an ellipsis when cut.
pub(super) fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= DESCRIPTION_CHARS {
        return text;
    }
    let cut: String = text.chars().take(DESCRIPTION_CHARS).collect();
    let at_word = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '.']))
}

/// The same page in each language it exists in: `(lang, path)`, this page included.
/// An item's versions are its translations live at build time; the site's pages exist
/// in every language.
pub fn alternates(index: &Index, spec: &PageSpec) -> Vec<(String, String)> {
    let Some(detail) = &spec.detail else {
        let own = lang_prefix(index, &spec.lang);
        let rest = spec.path.strip_prefix(&own).unwrap_or(&spec.path);
        let rest = if rest.is_empty() { "/" } else { rest };
        return index
            .site
            .languages
            .iter()
            .map(|l| {
                let prefix = lang_prefix(index, l);
                let path = match (prefix.is_empty(), rest) {
                    (true, r) => r.to_string(),
                    (false, "/") => format!("{prefix}/"),
                    (false, r) => format!("{prefix}{r}"),
                };
                (l.clone(), path)
            })
            .collect();
    };
    let meta = detail.meta();
    let now = index.generated_at;
    let group: Vec<(String, String)> = match detail {
        PageDetail::Story(_) => versions(&index.stories, &meta.translation_key, now),
        PageDetail::Thanks(_) => versions(&index.thanks, &meta.translation_key, now),
        PageDetail::Event(_) => versions(&index.events, &meta.translation_key, now),
    };
    let dir = detail.kind().dir();
    group
        .into_iter()
        .map(|(lang, slug)| (lang, format!("/{dir}/{slug}")))
        .collect()
}

fn versions<T: HasMeta>(
    items: &[T],
    key: &str,
    now: impactwall_model::Instant,
) -> Vec<(String, String)> {
    items
        .iter()
        .map(HasMeta::meta)
        .filter(|m| m.translation_key == key && m.schedule.is_live_at(now))
        .map(|m| (m.lang.clone(), m.slug.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{absolute, clip};

    #[test]
    fn descriptions_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let c = clip(&long);
        assert!(c.ends_with("word…"), "{c}");
        assert!(c.chars().count() <= 201);
        assert_eq!(clip("  short\n text "), "short text");
    }

    #[test]
    fn images_get_absolute_urls() {
        assert_eq!(
            absolute("https://x.org/", "/media/a.jpg"),
            "https://x.org/media/a.jpg"
        );
        assert_eq!(
            absolute("https://x.org", "https://cdn/a.jpg"),
            "https://cdn/a.jpg"
        );
    }
}
