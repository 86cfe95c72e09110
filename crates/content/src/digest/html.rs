//! The HTML part, written the way mail clients need it: nested tables for layout, one
//! stylesheet that `css-inline` copies onto every element (many clients drop `<style>`),
//! the `@media` rules kept in a `<style>` for the clients that honour them (dark mode,
//! narrow screens), no scripts or forms, absolute links, images with `alt`, `width`
//! and `height`.

use super::strings::fill;
use super::{DigestContent, DigestError, EmailImage, EventEntry, StoryEntry, ThanksEntry};

/// Inlined onto the elements. `{primary}` and `{accent}` are the site's theme colours.
const STYLE: &str = r#"
body, .body { margin: 0; padding: 0; background: #eef1f5; color: #1f2933; font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; -webkit-text-size-adjust: 100%; }
.outer { background: #eef1f5; width: 100%; }
.outer-cell { padding: 16px 8px; }
.container { width: 100%; max-width: 600px; background: #ffffff; border-collapse: collapse; }
.header { background: {primary}; color: #ffffff; padding: 24px; }
.header h1 { margin: 0; font-size: 24px; line-height: 1.25; color: #ffffff; }
.period { margin: 6px 0 0; font-size: 15px; color: #ffffff; }
.section { padding: 8px 24px 8px; }
h2 { margin: 20px 0 8px; font-size: 20px; line-height: 1.3; color: {primary}; }
h3 { margin: 12px 0 4px; font-size: 18px; line-height: 1.3; }
h3 a { color: #1f2933; text-decoration: none; }
p { margin: 0 0 8px; }
a { color: {primary}; }
td, p, h1, h2, h3, li { overflow-wrap: anywhere; word-break: break-word; }
.item { padding: 0 0 16px; border-bottom: 1px solid #d8dee6; }
.image { display: block; width: 100%; max-width: 552px; height: auto; border: 0; margin: 12px 0 0; }
.quote { margin: 12px 0 6px; font-size: 18px; font-style: italic; }
.meta { margin: 0 0 6px; font-size: 14px; color: #52606d; }
.transcript { margin: 0 0 8px; padding-left: 12px; border-left: 3px solid #d8dee6; font-size: 15px; color: #3e4c59; }
.links { margin: 8px 0 0; font-size: 15px; }
.button { display: inline-block; margin: 4px 8px 4px 0; padding: 8px 14px; background: {accent}; color: #ffffff; border-radius: 4px; font-weight: bold; text-decoration: none; }
.quiet { padding: 16px 0; font-size: 17px; }
.footer { padding: 16px 24px 24px; font-size: 13px; color: #52606d; }
.preheader { display: none; max-height: 0; overflow: hidden; mso-hide: all; }
"#;

/// Kept in the `<style>` element: clients that understand it override the inlined
/// light colours in dark mode and tighten the padding on narrow screens.
const MEDIA: &str = r#"
@media (prefers-color-scheme: dark) {
  body, .body, .outer { background: #101418 !important; color: #e4e7eb !important; }
  .container { background: #1c2127 !important; }
  h2, h3 a, p, td { color: #e4e7eb !important; }
  a { color: #9cc3ff !important; }
  .meta, .footer, .transcript { color: #c2c9d1 !important; }
  .item { border-color: #3a434d !important; }
  .header, .header h1, .period { color: #ffffff !important; }
  .button { color: #ffffff !important; }
}
@media (max-width: 480px) {
  .outer-cell { padding: 0 !important; }
  .header, .section, .footer { padding-left: 14px !important; padding-right: 14px !important; }
  .header h1 { font-size: 21px !important; }
}
"#;

/// `digest.html`: the document, CSS inlined.
pub fn render(d: &DigestContent) -> Result<String, DigestError> {
    let css = STYLE
        .replace("{primary}", &d.primary)
        .replace("{accent}", &d.accent);
    let doc = document(d, &css);
    let inliner = css_inline::CSSInliner::options()
        .keep_at_rules(true)
        .load_remote_stylesheets(false)
        .build();
    inliner
        .inline(&doc)
        .map_err(|e| DigestError::Css(e.to_string()))
}

/// Escaped text, safe as element text and as a quoted attribute value.
fn t(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

fn document(d: &DigestContent, css: &str) -> String {
    let s = d.strings;
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"supported-color-schemes\" content=\"light dark\">\n\
         <title>{}</title>\n<style>{css}{MEDIA}</style>\n</head>\n",
        s.code,
        t(&d.subject())
    ));
    let preview = if d.is_empty() {
        s.empty_title.to_owned()
    } else {
        fill(s.intro, &[("period", &d.period_text)])
    };
    out.push_str(&format!(
        "<body class=\"body\">\n<div class=\"preheader\">{}</div>\n\
         <table role=\"presentation\" class=\"outer\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">\
         <tr><td class=\"outer-cell\" align=\"center\">\n\
         <table role=\"presentation\" class=\"container\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">\n",
        t(&preview)
    ));
    header(&mut out, d);
    body_sections(&mut out, d);
    footer(&mut out, d);
    out.push_str("</table>\n</td></tr></table>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, d: &DigestContent) {
    let s = d.strings;
    out.push_str(&format!(
        "<tr><td class=\"header\"><h1>{}</h1><p class=\"period\">{}</p>",
        t(&fill(s.heading, &[("site", &d.site_name)])),
        t(&d.period_text)
    ));
    if let Some(team) = &d.team {
        out.push_str(&format!(
            "<p class=\"period\">{}</p>",
            t(&fill(s.for_team, &[("team", team)]))
        ));
    }
    out.push_str("</td></tr>\n");
}

fn body_sections(out: &mut String, d: &DigestContent) {
    let s = d.strings;
    if d.is_empty() {
        section(
            out,
            s.empty_title,
            &format!("<p class=\"quiet\">{}</p>", t(s.empty_body)),
        );
    }
    if let Some(point) = &d.depth.talking_point {
        section(out, s.talking_point, &format!("<p>{}</p>", t(point)));
    }
    if !d.depth.metrics.is_empty() {
        let lines: String = d
            .depth
            .metrics
            .iter()
            .map(|m| {
                let eq = m.equivalence.as_deref().map(|e| format!(" ({})", t(e)));
                format!(
                    "<p><strong>{}</strong> {}{}</p>",
                    t(&m.value),
                    t(&m.label),
                    eq.unwrap_or_default()
                )
            })
            .collect();
        section(out, s.metrics, &lines);
    }
    let stories: String = d.stories.iter().map(|x| story(d, x)).collect();
    let thanks: String = d.thanks.iter().map(|x| thanks(d, x)).collect();
    let events: String = d.events.iter().map(|x| event(d, x)).collect();
    for (title, html) in [(s.stories, stories), (s.thanks, thanks), (s.events, events)] {
        if !html.is_empty() {
            section(out, title, &html);
        }
    }
}

fn section(out: &mut String, title: &str, inner: &str) {
    out.push_str(&format!(
        "<tr><td class=\"section\"><h2>{}</h2>\n{inner}</td></tr>\n",
        t(title)
    ));
}

fn image(img: &EmailImage) -> String {
    format!(
        "<img class=\"image\" src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\">",
        t(&img.url),
        t(&img.alt),
        img.width,
        img.height
    )
}

fn button(url: &str, label: &str) -> String {
    format!("<a class=\"button\" href=\"{}\">{}</a>", t(url), t(label))
}

fn item(inner: &str) -> String {
    format!(
        "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">\
         <tr><td class=\"item\">{inner}</td></tr></table>\n"
    )
}

fn story(d: &DigestContent, x: &StoryEntry) -> String {
    let mut inner = x.image.as_ref().map(image).unwrap_or_default();
    inner.push_str(&format!(
        "<h3><a href=\"{}\">{}</a></h3>",
        t(&x.url),
        t(&x.title)
    ));
    if !x.summary.is_empty() {
        inner.push_str(&format!("<p>{}</p>", t(&x.summary)));
    }
    inner.push_str(&format!(
        "<p class=\"links\">{}</p>",
        button(&x.url, d.strings.read_story)
    ));
    item(&inner)
}

fn thanks(d: &DigestContent, x: &ThanksEntry) -> String {
    let s = d.strings;
    let mut inner = format!(
        "<p class=\"quote\">“{}”</p><p class=\"meta\">{}</p>",
        t(&x.quote),
        t(&fill(s.from_to, &[("from", &x.from), ("to", &x.to)]))
    );
    if let Some(excerpt) = &x.transcript_excerpt {
        inner.push_str(&format!(
            "<p class=\"transcript\"><strong>{}:</strong> “{}”</p>",
            t(s.voicemail),
            t(excerpt)
        ));
    }
    let mut links = String::new();
    if let Some(url) = &x.listen_url {
        links.push_str(&button(url, s.listen));
    }
    links.push_str(&button(&x.url, s.read_message));
    inner.push_str(&format!("<p class=\"links\">{links}</p>"));
    item(&inner)
}

fn event(d: &DigestContent, x: &EventEntry) -> String {
    let s = d.strings;
    let mut inner = format!(
        "<h3><a href=\"{}\">{}</a></h3><p class=\"meta\">{}</p>",
        t(&x.url),
        t(&x.title),
        t(&x.when_site)
    );
    if let Some(local) = &x.when_local {
        inner.push_str(&format!("<p class=\"meta\">{}</p>", t(local)));
    }
    if !x.summary.is_empty() {
        inner.push_str(&format!("<p>{}</p>", t(&x.summary)));
    }
    if let Some(place) = &x.location {
        inner.push_str(&format!(
            "<p class=\"meta\">{}: {}</p>",
            t(s.location),
            t(place)
        ));
    }
    let mut links = button(&x.calendar_url, s.add_to_calendar);
    links.push_str(&button(&x.url, s.event_details));
    if let Some(url) = &x.online_url {
        links.push_str(&button(url, s.online));
    }
    inner.push_str(&format!("<p class=\"links\">{links}</p>"));
    item(&inner)
}

fn footer(out: &mut String, d: &DigestContent) {
    let s = d.strings;
    out.push_str(&format!(
        "<tr><td class=\"footer\"><p><a href=\"{}\">{}</a></p><p>{}</p>",
        t(&d.home_url()),
        t(s.visit_site),
        t(&fill(s.why_you_get_this, &[("site", &d.site_name)]))
    ));
    if let Some(url) = &d.unsubscribe {
        out.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            t(url),
            t(s.unsubscribe)
        ));
    }
    out.push_str("</td></tr>\n");
}
