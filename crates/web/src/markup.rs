//! A small HTML writer for the parts of a page that are plain content (cards, article
//! headers, voicemail transcripts): built as one string and set as the `innerHTML` of
//! one element.
//!
//! Why not a reactive view per element: each distinct view shape is compiled into its
//! own build, update and teardown code, which made the cards and pages most of the
//! browser bundle. Content that only changes as a whole (with the language, the data or
//! the list) costs far less as text. Interactive parts (buttons, selects, the share
//! box) stay reactive views.
//!
//! Safety: every text and attribute value goes through [`escape`]. Markup that is not
//! escaped is either a `&'static str` written in this crate ([`Html::raw`]) or HTML the
//! content build already sanitised ([`Html::sanitized`]).

/// Appends `s` to `out` with `&`, `<`, `>`, `"` and `'` escaped: safe as element text
/// and as a double-quoted attribute value.
pub fn escape(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// An HTML fragment being written. Methods chain; [`Html::finish`] returns the text.
#[derive(Default)]
pub struct Html(String);

impl Html {
    pub fn new() -> Html {
        Html(String::with_capacity(1024))
    }

    /// `<tag name="value" …>`. A `None` value leaves the attribute out; an empty one
    /// writes it bare (`controls`, `download`).
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, Option<&str>)]) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            let Some(value) = value else { continue };
            self.0.push(' ');
            self.0.push_str(name);
            if !value.is_empty() {
                self.0.push_str("=\"");
                escape(&mut self.0, value);
                self.0.push('"');
            }
        }
        self.0.push('>');
        self
    }

    /// `<tag class="class">`: the most common opening.
    /// An empty `class` writes no attribute.
    pub fn open_class(&mut self, tag: &'static str, class: &str) -> &mut Self {
        self.open(tag, &[("class", Some(class).filter(|c| !c.is_empty()))])
    }

    pub fn close(&mut self, tag: &'static str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Escaped text.
    pub fn text(&mut self, s: &str) -> &mut Self {
        escape(&mut self.0, s);
        self
    }

    /// `<tag class="class">text</tag>`.
    pub fn el(&mut self, tag: &'static str, class: &str, text: &str) -> &mut Self {
        self.open_class(tag, class).text(text).close(tag)
    }

    /// Markup written in this crate (icons, separators). Static, so never reader data.
    pub fn raw(&mut self, s: &'static str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    /// HTML the content build produced from Markdown and sanitised (story bodies).
    pub fn sanitized(&mut self, html: &str) -> &mut Self {
        self.0.push_str(html);
        self
    }

    /// `<span aria-hidden="true"> · </span>`, the separator between facts on a line.
    pub fn dot(&mut self) -> &mut Self {
        self.raw(r#"<span aria-hidden="true"> · </span>"#)
    }

    /// A decorative line icon (24×24 viewBox) with path data `d`.
    pub fn icon(&mut self, class: &'static str, size: &'static str, d: &'static str) -> &mut Self {
        self.raw(r#"<svg class=""#)
            .raw(class)
            .raw(r#"" viewBox="0 0 24 24" width=""#)
            .raw(size)
            .raw(r#"" height=""#)
            .raw(size)
            .raw(r#"" aria-hidden="true" focusable="false"><path d=""#)
            .raw(d)
            .raw(r#""></path></svg>"#)
    }

    pub fn finish(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_attribute_specials() {
        let mut s = String::new();
        escape(&mut s, r#"Tom & "Jerry" <b>'s</b>"#);
        assert_eq!(s, "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt;");
        let mut plain = String::new();
        escape(&mut plain, "ñandú · 日本");
        assert_eq!(plain, "ñandú · 日本");
    }

    #[test]
    fn attributes_are_escaped_skipped_or_bare() {
        let mut h = Html::new();
        h.open(
            "a",
            &[
                ("href", Some("/x?a=1&b=\"2\"")),
                ("title", None),
                ("download", Some("")),
            ],
        )
        .text("<script>")
        .close("a");
        assert_eq!(
            h.finish(),
            r#"<a href="/x?a=1&amp;b=&quot;2&quot;" download>&lt;script&gt;</a>"#
        );
    }

    #[test]
    fn an_attribute_value_cannot_end_the_attribute() {
        let mut h = Html::new();
        h.open("img", &[("alt", Some("\" onerror=\"alert(1)"))]);
        let out = h.finish();
        assert_eq!(out, r#"<img alt="&quot; onerror=&quot;alert(1)">"#);
        assert_eq!(out.matches('"').count(), 2);
    }

    #[test]
    fn elements_icons_and_separators() {
        let mut h = Html::new();
        h.el("p", "lead", "a < b")
            .el("span", "", "x")
            .dot()
            .icon("icon", "18", "M0 0h1");
        assert_eq!(
            h.finish(),
            concat!(
                r#"<p class="lead">a &lt; b</p><span>x</span><span aria-hidden="true"> · </span>"#,
                r#"<svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"><path d="M0 0h1"></path></svg>"#
            )
        );
    }
}
