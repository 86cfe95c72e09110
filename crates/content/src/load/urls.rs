//! URL scheme checks for front-matter links (`online_url`, `rsvp_url`, `base_url`).
//!
//! The scheme is read the way a browser would: ignoring case, whitespace and control
//! characters inside it, and with HTML character references decoded, so
//! `JaVa&#x53;cript:` or `java\tscript:` are recognised for what they are.

/// The scheme a browser would see, lower-cased, or `None` for a relative URL.
pub fn scheme(url: &str) -> Option<String> {
    let decoded = decode_char_refs(url);
    let cleaned: String = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if cleaned[end..].starts_with(':') && end > 0 {
        Some(cleaned[..end].to_ascii_lowercase())
    } else {
        None
    }
}

/// Decodes numeric (`&#58;`, `&#x3a;`) and the few named references that can hide a
/// scheme separator or letters (`&colon;`, `&Tab;`, `&NewLine;`).
fn decode_char_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "colon" => Some(':'),
                    "Tab" => Some('\t'),
                    "NewLine" => Some('\n'),
                    "sol" => Some('/'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Accepts only absolute `http:`/`https:` URLs with a host; says why not otherwise.
pub fn check_absolute_http(url: &str) -> Result<(), String> {
    match scheme(url).as_deref() {
        Some("http" | "https") => {}
        Some(other) => {
            return Err(format!(
                "uses the `{other}:` scheme; only http and https are allowed"
            ))
        }
        None => return Err("is not a full address (http:// or https://)".into()),
    }
    let t = url.trim();
    let after = t.split_once("://").map(|(_, a)| a).unwrap_or("");
    let host = after.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("is not a valid address".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_found_through_disguises() {
        assert_eq!(scheme("https://a.org").as_deref(), Some("https"));
        assert_eq!(scheme("JaVaScRiPt:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme(" java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("javascript&colon;x").as_deref(), Some("javascript"));
        assert_eq!(
            scheme("&#106;avascript&#x3A;x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("java\u{0}script:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("/events/x"), None);
        assert_eq!(scheme("page?x=a:b"), None);
        assert_eq!(scheme("&amp;"), None);
    }

    #[test]
    fn absolute_http_only() {
        assert!(check_absolute_http("https://impact.example.org").is_ok());
        assert!(check_absolute_http("HTTP://x.org/a?b").is_ok());
        assert!(check_absolute_http("javascript:alert(1)").is_err());
        assert!(check_absolute_http("mailto:a@b.org").is_err());
        assert!(check_absolute_http("/rsvp").is_err());
        assert!(check_absolute_http("https://").is_err());
        assert!(check_absolute_http("https://a b.org").is_err());
    }
}
