#![no_main]

use impactwall_content::markdown::{is_allowed_url, plain_text, render_with_media};
use impactwall_content::Limits;
use libfuzzer_sys::fuzz_target;

const TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "div",
    "span",
    "input",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
];

/// Panics when the sanitised HTML holds a tag outside the allow-list, an event
/// handler, a style attribute or a URL with a scheme other than http(s)/mailto.
fn assert_inert(html: &str, input: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let tag = rest.strip_prefix('/').unwrap_or(rest);
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(tag.len(), |(i, _)| i);
        let inner = &tag[..end];
        let name: String = inner
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(TAGS.contains(&name.as_str()), "<{name}> from {input:?}");
        let mut attrs = &inner[name.len()..];
        while let Some(eq) = attrs.find("=\"") {
            let attr = attrs[..eq].trim().to_ascii_lowercase();
            let start = eq + 2;
            let len = attrs[start..].find('"').unwrap_or(attrs.len() - start);
            let value = &attrs[start..start + len];
            assert!(
                !attr.starts_with("on") && attr != "style",
                "{attr} from {input:?}"
            );
            if matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                // The serializer writes only these references; any other `&…;` would be
                // decoded by the browser into something the scheme check never saw.
                const WRITTEN: [&str; 5] = ["&amp;", "&quot;", "&lt;", "&gt;", "&#39;"];
                for (at, _) in value.match_indices('&') {
                    assert!(
                        WRITTEN.iter().any(|r| value[at..].starts_with(r)),
                        "character reference in {attr}={value:?} from {input:?}"
                    );
                }
                // What the browser follows.
                let url = value
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&");
                assert!(is_allowed_url(&url), "{attr}={url:?} from {input:?}");
            }
            attrs = &attrs[(start + len + 1).min(attrs.len())..];
        }
        rest = &tag[end..];
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = Limits::default();
    let resolve = |path: &str| Some(format!("/media/{}", path.trim_start_matches("media/")));
    if let Ok(rendered) = render_with_media(text, &limits, &resolve) {
        assert_inert(&rendered.html, text);
    }
    let _ = plain_text(text);
});
