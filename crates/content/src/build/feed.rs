//! `feed.xml`: an Atom 1.0 feed of stories and thank-you messages.

use std::fmt::Write as _;

use chrono::SecondsFormat;

use impactwall_model::{Instant, SiteInfo};

/// Newest entries kept in the feed.
pub const FEED_SIZE: usize = 50;

/// What the feed needs of one item.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedEntry {
    pub title: String,
    /// Absolute URL of the item's page (also its Atom id).
    pub url: String,
    pub lang: String,
    /// `publish_at`, or the item's date when it has none.
    pub published: Instant,
    /// `publish_at`: the entry is left out until then.
    pub publish_at: Option<Instant>,
    pub updated: Instant,
    /// When the entry stops being live, if ever.
    pub expires: Option<Instant>,
    pub author: Option<String>,
    /// A recording to offer with the entry (a voicemail).
    pub enclosure: Option<Enclosure>,
    pub summary: String,
    /// Sanitised HTML.
    pub content_html: String,
    pub categories: Vec<String>,
}

/// A file attached to an entry (`<link rel="enclosure">`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enclosure {
    /// Absolute URL.
    pub url: String,
    pub mime: String,
    pub length: u64,
}

/// The feed at `now`: entries not yet published or already expired are left out,
/// newest [`FEED_SIZE`] kept.
pub fn atom(site: &SiteInfo, entries: &[&FeedEntry], now: Instant) -> Vec<u8> {
    let live = live_entries(entries, now);
    let updated = live
        .iter()
        .map(|e| e.updated.max(e.published))
        .max()
        .unwrap_or(now);
    let mut x = String::with_capacity(4096 + live.len() * 2048);
    write_head(&mut x, site, updated);
    for e in live {
        write_entry(&mut x, e);
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

/// The entries live at `now`, newest first, at most [`FEED_SIZE`].
fn live_entries<'e>(entries: &[&'e FeedEntry], now: Instant) -> Vec<&'e FeedEntry> {
    let mut live: Vec<&FeedEntry> = entries
        .iter()
        .copied()
        .filter(|e| e.publish_at.is_none_or(|p| p <= now) && e.expires.is_none_or(|x| x > now))
        .collect();
    live.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then_with(|| a.url.cmp(&b.url))
    });
    live.truncate(FEED_SIZE);
    live
}

/// The XML declaration and the feed's own elements, up to its first entry.
fn write_head(x: &mut String, site: &SiteInfo, updated: Instant) {
    let base = site.base_url.trim_end_matches('/');
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\" xml:base=\"{}/\">",
        escape(&site.default_language),
        escape(base)
    );
    let _ = writeln!(x, "  <title>{}</title>", escape(&site.name));
    if !site.mission.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape(&site.mission));
    }
    let _ = writeln!(x, "  <id>{}/</id>", escape(base));
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}/\"/>",
        escape(base)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/feed.xml\"/>",
        escape(base)
    );
    let _ = writeln!(x, "  <updated>{}</updated>", date(updated));
    let _ = writeln!(x, "  <author><name>{}</name></author>", escape(&site.name));
    let _ = writeln!(
        x,
        "  <generator version=\"{}\">impactwall</generator>",
        env!("CARGO_PKG_VERSION")
    );
}

/// One `<entry>`.
fn write_entry(x: &mut String, e: &FeedEntry) {
    let _ = writeln!(x, "  <entry xml:lang=\"{}\">", escape(&e.lang));
    let _ = writeln!(x, "    <title>{}</title>", escape(&e.title));
    let _ = writeln!(x, "    <id>{}</id>", escape(&e.url));
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&e.url)
    );
    let _ = writeln!(x, "    <published>{}</published>", date(e.published));
    let _ = writeln!(
        x,
        "    <updated>{}</updated>",
        date(e.updated.max(e.published))
    );
    if let Some(enc) = &e.enclosure {
        let _ = writeln!(
            x,
            "    <link rel=\"enclosure\" type=\"{}\" length=\"{}\" href=\"{}\"/>",
            escape(&enc.mime),
            enc.length,
            escape(&enc.url)
        );
    }
    if let Some(author) = &e.author {
        let _ = writeln!(x, "    <author><name>{}</name></author>", escape(author));
    }
    for c in &e.categories {
        let _ = writeln!(x, "    <category term=\"{}\"/>", escape(c));
    }
    if !e.summary.is_empty() {
        let _ = writeln!(x, "    <summary>{}</summary>", escape(&e.summary));
    }
    let _ = writeln!(
        x,
        "    <content type=\"html\">{}</content>",
        escape(&e.content_html)
    );
    x.push_str("  </entry>\n");
}

fn date(t: Instant) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// XML text/attribute escaping; characters XML 1.0 forbids are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn site() -> SiteInfo {
        SiteInfo {
            name: "Harbour & Line".into(),
            mission: "Help <fast>".into(),
            mission_html: String::new(),
            impact_html: String::new(),
            logo: None,
            languages: vec!["en".into()],
            default_language: "en".into(),
            timezone: "Europe/Amsterdam".into(),
            base_url: "https://impact.example.org/".into(),
            search_engines: true,
            theme: Default::default(),
            wall: Default::default(),
            translations: vec![],
        }
    }

    fn entry(n: u32, published: Instant) -> FeedEntry {
        FeedEntry {
            title: format!("Story {n} \u{1}"),
            url: format!("https://impact.example.org/stories/s{n}"),
            lang: "es".into(),
            published,
            publish_at: Some(published),
            updated: published,
            expires: None,
            author: Some("Ana".into()),
            enclosure: (n == 1).then(|| Enclosure {
                url: "https://impact.example.org/media/v.1234abcd.ogg".into(),
                mime: "audio/ogg".into(),
                length: 42,
            }),
            summary: "A & B".into(),
            content_html: "<p>Hi</p>".into(),
            categories: vec!["care".into()],
        }
    }

    #[test]
    fn feed_keeps_newest_live_entries() {
        let now = Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap();
        let mut entries: Vec<FeedEntry> = (0..60)
            .map(|n| entry(n, now - chrono::Duration::days(i64::from(n))))
            .collect();
        entries.push(entry(99, now + chrono::Duration::days(1)));
        let mut expired = entry(98, now - chrono::Duration::hours(1));
        expired.expires = Some(now - chrono::Duration::minutes(1));
        entries.push(expired);
        let refs: Vec<&FeedEntry> = entries.iter().collect();
        let xml = String::from_utf8(atom(&site(), &refs, now)).unwrap();
        assert_eq!(xml.matches("<entry ").count(), FEED_SIZE);
        assert!(!xml.contains("/s99<"));
        assert!(!xml.contains("/s98<"));
        assert!(xml.contains("<id>https://impact.example.org/stories/s0</id>"));
        assert!(!xml.contains("/s50<"));
        assert!(xml.contains("<title>Harbour &amp; Line</title>"));
        assert!(xml.contains("<entry xml:lang=\"es\">"));
        assert!(xml.contains("<content type=\"html\">&lt;p&gt;Hi&lt;/p&gt;</content>"));
        assert!(xml.contains("<published>2027-06-01T00:00:00Z</published>"));
        assert!(!xml.contains('\u{1}'));
        assert!(xml.contains(
            "<link rel=\"enclosure\" type=\"audio/ogg\" length=\"42\" href=\"https://impact.example.org/media/v.1234abcd.ogg\"/>"
        ));
        assert!(xml.find("/s0<").unwrap() < xml.find("/s1<").unwrap());
    }
}
