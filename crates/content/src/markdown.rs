//! Markdown to safe HTML, at build time.
//!
//! Two layers, so that a mistake in one is caught by the other:
//! 1. Event filtering over pulldown-cmark: raw HTML becomes text, links and images
//!    with a scheme other than `http`, `https` or `mailto` become text, relative
//!    media (`media/rosa.jpg`) is rewritten to its hashed URL, and nesting deeper
//!    than [`Limits::max_nesting`] is flattened so hostile input renders in bounded
//!    time and memory.
//! 2. `ammonia` with a strict allow-list over the generated HTML.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::Limits;

/// Markdown rendered to sanitised HTML, with what the renderer noticed on the way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Problems worth telling the author about (the output is still safe).
    pub notes: Vec<RenderNote>,
    /// Content-relative media paths (`media/rosa.jpg`) the body refers to, resolved
    /// or not; lets an incremental build re-render when one of them changes.
    pub media: Vec<String>,
}

/// Something the author should know about a rendered body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderNote {
    /// Stable code: `deep-nesting`, `unsafe-link`, `missing-media`.
    pub code: &'static str,
    /// Byte offset into the Markdown where it happened.
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RenderError {
    #[error("the text is {len} bytes, more than the limit of {max} bytes")]
    TooLarge { len: usize, max: usize },
}

/// Maps a content-relative media path (`media/rosa.jpg`, already checked to stay
/// inside `media/`) to the URL it is published at, or `None` when it does not exist.
pub type MediaResolver<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Renders Markdown without media rewriting (relative media links are kept as
/// written). See [`render_with_media`].
pub fn render(markdown: &str, limits: &Limits) -> Result<Rendered, RenderError> {
    render_with_media(markdown, limits, &|_| None::<String>)
}

/// Renders Markdown to sanitised HTML, rewriting `media/…` references through
/// `resolve_media`.
pub fn render_with_media(
    markdown: &str,
    limits: &Limits,
    resolve_media: &MediaResolver<'_>,
) -> Result<Rendered, RenderError> {
    let max = usize::try_from(limits.max_file_bytes).unwrap_or(usize::MAX);
    if markdown.len() > max {
        return Err(RenderError::TooLarge {
            len: markdown.len(),
            max,
        });
    }
    let mut filter = SafeEvents::new(limits.max_nesting, resolve_media);
    filter.allow_remote_images = limits.allow_remote_images;
    let mut events = Vec::new();
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        filter.push(event, range, &mut events);
    }
    let mut raw = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    let raw = alignment_to_classes(&raw);
    let html = SANITIZER.clean(&raw).to_string();
    Ok(Rendered {
        html,
        notes: filter.notes,
        media: filter.media,
    })
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The allow-list: only what the Markdown writer produces for the enabled syntax.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "del",
        "code",
        "pre",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sup",
        "div",
    ]
    .into_iter()
    .collect();
    let attrs: HashMap<&str, HashSet<&str>> = [
        ("a", ["href"].as_slice()),
        ("img", ["src", "alt"].as_slice()),
        ("ol", ["start"].as_slice()),
        ("div", ["id"].as_slice()),
    ]
    .into_iter()
    .map(|(t, a)| (t, a.iter().copied().collect()))
    .collect();
    let align: HashSet<&str> = ["align-left", "align-center", "align-right"].into();
    let classes: HashMap<&str, HashSet<&str>> = [
        ("th", align.clone()),
        ("td", align),
        ("div", ["footnote"].into()),
        ("sup", ["footnote-ref", "footnote-label"].into()),
    ]
    .into_iter()
    .collect();
    let mut b = ammonia::Builder::empty();
    // `Builder::empty()` empties only the tag list; every other list is set here.
    b.tags(tags)
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .tag_attribute_values(HashMap::new())
        .tag_attributes(attrs)
        .allowed_classes(classes)
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .set_tag_attribute_value("img", "loading", "lazy")
        .clean_content_tags(["script", "style"].into())
        .strip_comments(true);
    b
});

/// pulldown-cmark writes table alignment as inline `style`, which the site's CSP
/// forbids; turn it into classes. User text never contains a literal `<th ` here:
/// the writer escapes `<` in text and attribute values.
fn alignment_to_classes(html: &str) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html.to_owned();
    }
    let mut out = html.to_owned();
    for cell in ["th", "td"] {
        for side in ["left", "center", "right"] {
            out = out.replace(
                &format!("<{cell} style=\"text-align: {side}\">"),
                &format!("<{cell} class=\"align-{side}\">"),
            );
        }
    }
    out
}

/// True for `http:`, `https:`, `mailto:` and relative URLs. Browsers ignore ASCII
/// tabs and newlines anywhere and strip leading control characters and spaces, so
/// those are removed before looking for the scheme (`java\tscript:`).
pub fn is_allowed_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && *c != '\u{feff}')
        .collect();
    match url_scheme(&cleaned) {
        None => true,
        Some(scheme) => matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto"
        ),
    }
}

/// The scheme of an absolute URL (`https` in `https://…`), or `None` for a relative
/// one. A colon after `/`, `?` or `#` is part of a path, query or fragment.
fn url_scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    let scheme = &url[..end];
    // Anything before the colon counts as a scheme (and is refused unless allowed),
    // even if it is not shaped like one: safer than guessing how a browser reads it.
    if scheme.is_empty() {
        return None;
    }
    Some(scheme)
}

/// `media/x.jpg` or `./media/x.jpg` (percent-decoded), when it stays inside `media/`.
/// Whether a URL loads from another site (`https://…`, `http://…`, `//host/…`).
pub fn is_remote_url(url: &str) -> bool {
    // Browsers drop tabs and newlines anywhere in a URL, and leading spaces.
    let t: String = url
        .trim_start_matches(|c: char| c.is_whitespace() || c.is_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(8)
        .collect();
    let lower = t.to_ascii_lowercase();
    lower.starts_with("http:")
        || lower.starts_with("https:")
        || t.starts_with("//")
        || t.starts_with("\\\\")
        || t.starts_with("/\\")
        || t.starts_with("\\/")
}

fn relative_media_path(url: &str) -> Option<String> {
    let trimmed = url.trim();
    let path = trimmed.strip_prefix("./").unwrap_or(trimmed);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    if !path.starts_with("media/") {
        return None;
    }
    let decoded = percent_decode(path)?;
    let inside = decoded
        .split('/')
        .skip(1)
        .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && !seg.contains(['\\', '\0']));
    inside.then_some(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Filters parser events into safe ones (see the module docs).
struct SafeEvents<'r, 'm> {
    max_nesting: usize,
    /// Bound on every kind of nesting together (emphasis inside links inside …).
    max_depth: usize,
    resolve_media: &'r MediaResolver<'m>,
    /// One flag per open tag: was its start emitted?
    open: Vec<bool>,
    containers: usize,
    depth: usize,
    flattened: bool,
    footnotes: HashMap<String, usize>,
    notes: Vec<RenderNote>,
    media: Vec<String>,
    allow_remote_images: bool,
}

impl<'r, 'm> SafeEvents<'r, 'm> {
    fn new(max_nesting: usize, resolve_media: &'r MediaResolver<'m>) -> Self {
        let max_nesting = max_nesting.max(1);
        SafeEvents {
            max_nesting,
            max_depth: max_nesting.saturating_mul(4).saturating_add(16),
            resolve_media,
            open: Vec::new(),
            containers: 0,
            depth: 0,
            flattened: false,
            footnotes: HashMap::new(),
            notes: Vec::new(),
            media: Vec::new(),
            allow_remote_images: false,
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_owned()).or_insert(next)
    }

    fn push<'a>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut Vec<Event<'a>>) {
        match event {
            Event::Start(tag) => self.start(tag, range, out),
            Event::End(end) => {
                let emitted = self.open.pop().unwrap_or(false);
                if emitted {
                    self.depth -= 1;
                    if is_container_end(&end) {
                        self.containers -= 1;
                    }
                    match end {
                        TagEnd::FootnoteDefinition => out.push(Event::Html("</div>".into())),
                        TagEnd::HtmlBlock => out.push(Event::End(TagEnd::Paragraph)),
                        other => out.push(Event::End(other)),
                    }
                } else if end == TagEnd::Item {
                    // Keep flattened list items apart.
                    out.push(Event::HardBreak);
                }
            }
            // Raw HTML is shown as the text it is, never interpreted.
            Event::Html(s) | Event::InlineHtml(s) => out.push(Event::Text(s)),
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                out.push(Event::Html(
                    format!(
                        "<sup class=\"footnote-ref\"><a href=\"#fn-{}\">{n}</a></sup>",
                        footnote_id(&label)
                    )
                    .into(),
                ));
            }
            other => out.push(other),
        }
    }

    fn start<'a>(&mut self, tag: Tag<'a>, range: Range<usize>, out: &mut Vec<Event<'a>>) {
        let is_container = matches!(
            tag,
            Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)
        );
        let within_depth = self.depth < self.max_depth;
        let emit = match &tag {
            _ if is_container => within_depth && self.containers < self.max_nesting,
            // An item lives or goes with its list.
            Tag::Item => self.open.last().copied().unwrap_or(false),
            _ => within_depth,
        };
        if !emit && is_container && !self.flattened {
            self.note_flattened(range.start);
        }
        let Some(tag) = self.checked_tag(tag, range.start, emit) else {
            self.open.push(false);
            return;
        };
        self.open.push(true);
        self.depth += 1;
        if is_container {
            self.containers += 1;
        }
        match tag {
            Tag::FootnoteDefinition(label) => {
                let n = self.footnote_number(&label);
                out.push(Event::Html(
                    format!(
                        "<div class=\"footnote\" id=\"fn-{}\"><sup class=\"footnote-label\">{n}</sup>",
                        footnote_id(&label)
                    )
                    .into(),
                ));
            }
            // A raw HTML block is shown as a paragraph of text.
            Tag::HtmlBlock => out.push(Event::Start(Tag::Paragraph)),
            other => out.push(Event::Start(other)),
        }
    }

    /// Says once that nesting beyond the limit is shown flat.
    fn note_flattened(&mut self, offset: usize) {
        self.flattened = true;
        self.notes.push(RenderNote {
            code: "deep-nesting",
            offset,
            message: format!(
                "quotes or lists are nested more than {} levels deep; deeper levels are shown flat",
                self.max_nesting
            ),
            hint: Some("use fewer `>` or list levels".into()),
        });
    }

    /// The tag to open, with a link's or image's URL checked; `None` when it is
    /// not emitted (too deep) or its URL must be shown as text.
    fn checked_tag<'a>(&mut self, tag: Tag<'a>, offset: usize, emit: bool) -> Option<Tag<'a>> {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest_url = self.check_url(&dest_url, offset, "link")?;
                emit.then_some(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest_url = self.check_url(&dest_url, offset, "image")?;
                emit.then_some(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => emit.then_some(other),
        }
    }

    /// The URL to use for a link or image, or `None` when it must be shown as text.
    fn check_url<'a>(&mut self, url: &CowStr<'a>, offset: usize, what: &str) -> Option<CowStr<'a>> {
        if what == "image" && !self.allow_remote_images && is_remote_url(url) {
            // A remote image tells its host who read the page (and the feed).
            self.notes.push(RenderNote {
                code: "remote-image",
                offset,
                message: format!(
                    "image `{}` is on another site; it is not published",
                    preview(url)
                ),
                hint: Some(
                    "copy the image into content/media/ and write media/<name>, or set remote_images = \"allow\" under [privacy] in site.toml".into(),
                ),
            });
            return None;
        }
        if !is_allowed_url(url) {
            self.notes.push(RenderNote {
                code: "unsafe-link",
                offset,
                message: format!("{what} to `{}` is shown as plain text", preview(url)),
                hint: Some("only http:, https:, mailto: and relative links are kept".into()),
            });
            return None;
        }
        let Some(path) = relative_media_path(url) else {
            return Some(url.clone());
        };
        if !self.media.contains(&path) {
            self.media.push(path.clone());
        }
        match (self.resolve_media)(&path) {
            Some(published) => Some(published.into()),
            None => {
                self.notes.push(RenderNote {
                    code: "missing-media",
                    offset,
                    message: format!("{what} `{}` is not in content/media", preview(url)),
                    hint: Some(
                        "put the file under content/media/ and refer to it as media/<name>".into(),
                    ),
                });
                None
            }
        }
    }
}

fn is_container_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition
    )
}

/// A footnote label made safe for an `id` (letters, digits, `-`; anything else hex).
fn footnote_id(label: &str) -> String {
    let mut id = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            id.push(c.to_ascii_lowercase());
        } else {
            let _ = write!(id, "_{:x}", u32::from(c));
        }
    }
    id
}

/// At most 60 characters of a URL for a message, control characters made visible.
fn preview(url: &str) -> String {
    let mut s: String = url
        .chars()
        .take(60)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if url.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// The readable text of a Markdown document, whitespace folded to single spaces:
/// for excerpts, search and reading time.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                for (i, word) in t.split_whitespace().enumerate() {
                    if i > 0 || t.starts_with(char::is_whitespace) {
                        space(&mut out);
                    }
                    out.push_str(word);
                }
                if t.ends_with(char::is_whitespace) {
                    space(&mut out);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => space(&mut out),
            Event::End(end) if is_block_end(&end) => space(&mut out),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::FootnoteDefinition
    )
}

/// Minutes a reader needs at about 200 words a minute; at least 1.
pub fn reading_minutes(markdown: &str) -> u32 {
    let words = plain_text(markdown).split_whitespace().count();
    u32::try_from(words.div_ceil(200))
        .unwrap_or(u32::MAX)
        .max(1)
}

/// At most `max_chars` characters of `text`, cut at a word boundary with `…` when
/// shortened.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let budget = max_chars.saturating_sub(1);
    let cut = text
        .char_indices()
        .nth(budget)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let head = &text[..cut];
    // Cut at the last space if the cut fell inside a word.
    let next_is_space = text[cut..].starts_with(char::is_whitespace);
    let head = if next_is_space {
        head
    } else {
        match head.rfind(char::is_whitespace) {
            Some(i) if i > 0 => &head[..i],
            _ => head,
        }
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn limits() -> Limits {
        Limits::default()
    }

    fn html(md: &str) -> String {
        render(md, &limits()).unwrap().html
    }

    /// What must never appear in rendered output. Text is escaped (`&lt;`), so every
    /// literal `<` starts a real tag; attribute checks look inside tags, where
    /// `javascript:` would be live (as escaped text it is harmless words).
    fn assert_safe(md: &str) {
        let out = html(md);
        let lower = out.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "script in {out:?} from {md:?}");
        for tag in [
            "<svg", "<math", "<iframe", "<object", "<form", "<style", "<embed", "<base", "<meta",
        ] {
            assert!(!lower.contains(tag), "{tag} in {out:?} from {md:?}");
        }
        for tag in lower.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            for (name, value) in attributes(tag) {
                assert!(
                    !name.starts_with("on"),
                    "event handler in <{tag}> from {md:?}"
                );
                assert_ne!(name, "style", "style in <{tag}> from {md:?}");
                for bad in ["javascript:", "vbscript:", "data:"] {
                    assert!(!value.contains(bad), "{bad} in <{tag}> from {md:?}");
                }
            }
        }
    }

    /// Attribute names and values of one tag's source (`a href="x" rel="y"`).
    fn attributes(tag: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut rest = tag.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '/');
        loop {
            rest = rest.trim_start_matches([' ', '\t', '\n', '/']);
            if rest.is_empty() {
                return out;
            }
            let name_len = rest.find(['=', ' ', '\t', '\n', '/']).unwrap_or(rest.len());
            let name = rest[..name_len].to_string();
            rest = &rest[name_len..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                if let Some(q) = after.strip_prefix('"') {
                    let end = q.find('"').unwrap_or(q.len());
                    value = q[..end].to_string();
                    rest = q.get(end + 1..).unwrap_or("");
                } else {
                    let end = after.find([' ', '\t', '\n']).unwrap_or(after.len());
                    value = after[..end].to_string();
                    rest = &after[end..];
                }
            }
            out.push((name, value));
        }
    }

    const HOSTILE: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)><circle/></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"x.swf\"></object>",
        "<form action=\"https://evil.example\"><input name=a></form>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click]( javascript:alert(1) )",
        "[click](<java\tscript:alert(1)>)",
        "[click](java&#x09;script:alert(1))",
        "[click](jav&#x61;script:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](javascript&colon;alert(1))",
        "[click](\u{1}javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](javascript:alert(1))",
        "![x](data:text/html,<script>alert(1)</script>)",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p onclick=\"alert(1)\">hi</p>",
        "**<b onmouseover=alert(1)>bold</b>**",
        "[x](https://ok.example \"a\\\" onmouseover=\\\"alert(1)\")",
        "![a\" onerror=\"alert(1)](x.png)",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "<!-- <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<style>body{background:red}</style>",
        "| a |\n|---|\n| <script>alert(1)</script> |",
        "> <img src=x onerror=alert(1)>",
        "- [x](javascript:alert(1))\n  - <svg/onload=alert(1)>",
        "Footnote[^1]\n\n[^1]: <script>alert(1)</script>",
        "[^\"><script>alert(1)</script>]\n\n[^\"><script>alert(1)</script>]: x",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "[a](javas\u{0}cript:alert(1))",
        "[a](java\nscript:alert(1))",
        "<embed src=\"javascript:alert(1)\">",
    ];

    #[test]
    fn hostile_inputs_render_without_active_content() {
        assert!(HOSTILE.len() >= 30);
        for md in HOSTILE {
            assert_safe(md);
        }
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = html("<b>bold</b> and <script>x</script>");
        assert!(out.contains("&lt;b&gt;bold&lt;/b&gt;"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        let block = html("Text.\n\n<div onclick=\"x()\">\nhi\n</div>\n\nMore.");
        assert_eq!(
            block,
            "<p>Text.</p>\n<p>&lt;div onclick=\"x()\"&gt;\nhi\n&lt;/div&gt;\n</p>\n<p>More.</p>\n"
        );
    }

    #[test]
    fn bad_link_becomes_text_with_a_note() {
        let r = render("see [the site](javascript:alert(1)) now", &limits()).unwrap();
        assert_eq!(r.html, "<p>see the site now</p>\n");
        assert_eq!(r.notes.len(), 1);
        assert_eq!(r.notes[0].code, "unsafe-link");
        assert_eq!(r.notes[0].offset, 4);
    }

    #[test]
    fn remote_images_are_dropped_with_a_note_unless_allowed() {
        let md = "A\n\n![pixel](https://tracker.example/p.gif) ![b](//cdn.example/b.png) ![c](HTTPS://x.example/c.png)";
        let r = render(md, &limits()).unwrap();
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("pixel"), "the alt text stays: {}", r.html);
        let codes: Vec<_> = r.notes.iter().map(|n| (n.code, n.offset)).collect();
        assert_eq!(
            codes,
            [
                ("remote-image", 3),
                ("remote-image", 43),
                ("remote-image", 69)
            ]
        );
        let allowed = Limits {
            allow_remote_images: true,
            ..limits()
        };
        let r = render(md, &allowed).unwrap();
        assert!(
            r.html.contains("src=\"https://tracker.example/p.gif\""),
            "{}",
            r.html
        );
        assert!(r.notes.is_empty());
        // Links to other sites are not images: kept.
        assert!(html("[site](https://example.org/)").contains("href=\"https://example.org/\""));
    }

    #[test]
    fn links_get_rel_and_images_lazy_loading() {
        let out = html("[a](https://example.org/x) ![pic](/images/p.jpg)");
        assert!(
            out.contains("<a href=\"https://example.org/x\" rel=\"noopener noreferrer\">a</a>"),
            "{out}"
        );
        assert!(out.contains("loading=\"lazy\""), "{out}");
        assert!(out.contains("alt=\"pic\""), "{out}");
        let mail = html("[write](mailto:hello@example.org) [rel](/stories/rosa)");
        assert!(mail.contains("href=\"mailto:hello@example.org\""), "{mail}");
        assert!(mail.contains("href=\"/stories/rosa\""), "{mail}");
    }

    #[test]
    fn allowed_url_rules() {
        for ok in [
            "https://x.example",
            "HTTP://x.example",
            "mailto:a@b.example",
            "/a/b",
            "a/b:c",
            "#top",
            "?q=1",
            "media/x.jpg",
        ] {
            assert!(is_allowed_url(ok), "{ok}");
        }
        for bad in [
            "javascript:x",
            " JavaScript:x",
            "java\tscript:x",
            "java\nscript:x",
            "\u{0}javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "ja\u{feff}vascript:x",
        ] {
            assert!(!is_allowed_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn media_is_rewritten_and_recorded() {
        let resolve = |p: &str| (p == "media/rosa.jpg").then(|| "/media/rosa.1a2b3c4d.jpg".into());
        let r = render_with_media(
            "![Rosa](media/rosa.jpg) ![b](./media/gone.png) [c](media/../site.toml)",
            &limits(),
            &resolve,
        )
        .unwrap();
        assert!(
            r.html.contains("src=\"/media/rosa.1a2b3c4d.jpg\""),
            "{}",
            r.html
        );
        assert!(!r.html.contains("gone.png"), "{}", r.html);
        assert_eq!(r.media, vec!["media/rosa.jpg", "media/gone.png"]);
        assert_eq!(r.notes.len(), 1);
        assert_eq!(r.notes[0].code, "missing-media");
        assert!(relative_media_path("media/%2e%2e/x").is_none());
        assert!(relative_media_path("media/a\\..\\x").is_none());
        assert_eq!(
            relative_media_path("media/my%20photo.jpg").as_deref(),
            Some("media/my photo.jpg")
        );
    }

    #[test]
    fn tables_strikethrough_and_footnotes() {
        let out = html("| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n~~old~~ text[^n]\n\n[^n]: The note.");
        assert!(out.contains("<th class=\"align-center\">a</th>"), "{out}");
        assert!(out.contains("<td class=\"align-right\">2</td>"), "{out}");
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains("<a href=\"#fn-n\""), "{out}");
        assert!(
            out.contains("<div class=\"footnote\" id=\"fn-n\">"),
            "{out}"
        );
    }

    #[test]
    fn deep_nesting_is_flattened_with_a_note() {
        let md = format!("{}deep", ">".repeat(10_000));
        let r = render(&md, &limits()).unwrap();
        assert_eq!(r.html.matches("<blockquote>").count(), 32);
        assert!(r.html.contains("deep"));
        assert_eq!(r.notes.len(), 1);
        assert_eq!(r.notes[0].code, "deep-nesting");
        let lists: String = (0..200)
            .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
            .collect();
        let r = render(&lists, &limits()).unwrap();
        assert_eq!(r.html.matches("<ul>").count(), 32);
        assert!(r.html.contains("item 199"));
    }

    /// Prints the time for 100 KB pathological inputs; asserts a generous bound so a
    /// quadratic regression fails.
    #[test]
    fn pathological_inputs_render_in_bounded_time() {
        const SIZE: usize = 100 * 1024;
        let inputs: Vec<(&str, String)> = vec![
            ("quotes", ">".repeat(SIZE)),
            ("quotes-spaced", "> ".repeat(SIZE / 2)),
            ("lists", "- ".repeat(SIZE / 2)),
            ("numbered", "1. ".repeat(SIZE / 3)),
            (
                "indented-lists",
                (0..2_000)
                    .map(|i| format!("{}- x\n", " ".repeat(i % 400)))
                    .collect(),
            ),
            ("emphasis", "*a **b ".repeat(SIZE / 7)),
            ("underscores", "_".repeat(SIZE)),
            ("brackets", "[".repeat(SIZE)),
            ("links", "[a](".repeat(SIZE / 4)),
            ("images", "![a](b ".repeat(SIZE / 7)),
            ("backticks", "`a``".repeat(SIZE / 4)),
            ("html", "<a ".repeat(SIZE / 3)),
            (
                "table",
                format!("|a|b|\n|-|-|\n{}", "|x|y|\n".repeat(SIZE / 6)),
            ),
            ("footnotes", "[^a]".repeat(SIZE / 4)),
            ("mixed", "> - > 1. *[`".repeat(SIZE / 12)),
        ];
        let lim = Limits {
            max_file_bytes: 1024 * 1024,
            ..Limits::default()
        };
        for (name, md) in &inputs {
            let start = Instant::now();
            let r = render(md, &lim).unwrap();
            let elapsed = start.elapsed();
            println!(
                "pathological {name}: {} bytes in, {} bytes out, {:?}",
                md.len(),
                r.html.len(),
                elapsed
            );
            // Generous: debug builds on a busy machine; quadratic blow-ups take minutes.
            assert!(elapsed.as_secs() < 60, "{name} took {elapsed:?}");
            let _ = plain_text(md);
        }
    }

    #[test]
    fn rich_document_snapshot() {
        let md = "# A night on the storm desk\n\n\
            The line opened at **06:00** and _never_ went quiet. ~~Nine~~ Ten agents came in.\n\n\
            > One caller said: \"you sound calm, so I am calm\".\n>\n> > Quoted twice.\n\n\
            1. Rebook the ferries\n2. Call everyone back\n   - even the voicemails\n\n\
            | Crossing | Rebooked |\n|:--|--:|\n| 06:10 | 52 |\n\n\
            ```text\nnot <b>bold</b>\n```\n\n\
            See [the report](https://impact.example.org/report \"Report\"), \
            [write to us](mailto:team@impact.example.org) or [not this](javascript:void(0)).\n\n\
            ![The desk at night](media/desk.jpg)[^1]\n\n---\n\n[^1]: Photo by the night shift.\n";
        let resolve = |p: &str| (p == "media/desk.jpg").then(|| "/media/desk.0badcafe.jpg".into());
        let r = render_with_media(md, &limits(), &resolve).unwrap();
        insta::assert_snapshot!(r.html);
    }

    #[test]
    fn too_large_input_is_an_error() {
        let lim = Limits {
            max_file_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            render("01234567890", &lim),
            Err(RenderError::TooLarge { len: 11, max: 10 })
        );
    }

    #[test]
    fn plain_text_folds_whitespace_and_drops_markup() {
        let md = "# Title\n\nA *warm*   thank-you\nfrom [the team](https://x.example).\n\n- one\n- two\n\n`code`";
        assert_eq!(
            plain_text(md),
            "Title A warm thank-you from the team. one two code"
        );
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn reading_minutes_rounds_up() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"word ".repeat(200)), 1);
        assert_eq!(reading_minutes(&"word ".repeat(201)), 2);
    }

    #[test]
    fn excerpt_cuts_on_word_boundary() {
        assert_eq!(excerpt("short text", 280), "short text");
        let long = "alpha beta gamma delta";
        assert_eq!(excerpt(long, 12), "alpha beta…");
        assert_eq!(excerpt(long, 11), "alpha beta…");
        assert_eq!(excerpt(long, 10), "alpha…");
        let text = "word ".repeat(100);
        let e = excerpt(&text, 280);
        assert!(e.chars().count() <= 280);
        assert!(e.ends_with("word…"));
        assert_eq!(excerpt("ñandú ñandú ñandú", 8), "ñandú…");
        assert!(excerpt(&"x".repeat(500), 280).chars().count() <= 280);
    }

    proptest::proptest! {
        #[test]
        fn render_never_panics(md in "\\PC{0,400}") {
            let _ = render(&md, &limits());
            let _ = plain_text(&md);
        }

        #[test]
        fn render_never_panics_on_markup_soup(md in "[>\\-*_`\\[\\]()!<&#;:/a-z0-9 \n\t|^~]{0,600}") {
            let r = render(&md, &Limits { max_nesting: 4, ..Limits::default() }).unwrap();
            proptest::prop_assert!(!r.html.to_ascii_lowercase().contains("<script"));
            proptest::prop_assert!(!r.html.to_ascii_lowercase().contains("javascript:"));
        }
    }
}
