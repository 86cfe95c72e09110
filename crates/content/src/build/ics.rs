//! iCalendar (RFC 5545) for events: `calendar.ics` and `calendar/{slug}.ics`.
//!
//! Timed events carry `DTSTART;TZID=…` plus a `VTIMEZONE` built from the time-zone
//! database (explicit transitions around the events' years), so a client shows the
//! event in its own zone correctly across daylight-saving changes. All-day events
//! are `VALUE=DATE`. Lines end in CRLF and are folded at 75 octets.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use impactwall_model::{EventSummary, Instant};

/// One event's calendar component, with what the calendar needs around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventEntry {
    /// Unfolded content lines of the `VEVENT` (without CRLF).
    pub lines: Vec<String>,
    /// The same lines folded and CRLF-terminated, ready to concatenate.
    pub folded: String,
    /// Zone to describe in a `VTIMEZONE`, with the year of the event (none for
    /// all-day and UTC events).
    pub zone: Option<(String, i32)>,
}

/// The `VEVENT` for one event. `description` is plain text.
pub fn event_entry(
    event: &EventSummary,
    description: &str,
    page_url: &str,
    host: &str,
    stamp: Instant,
) -> EventEntry {
    let tz: Option<Tz> = event.timezone.parse().ok();
    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@{}", event.meta.slug, host),
        format!("DTSTAMP:{}", utc_stamp(stamp)),
    ];
    let mut zone = None;
    match tz {
        Some(tz) if event.all_day => {
            let start = event.starts.with_timezone(&tz).date_naive();
            let end_local = event.ends.with_timezone(&tz);
            // DTEND of an all-day event is exclusive: the day after the last day.
            let mut end = end_local.date_naive();
            if end_local.naive_local().time() != chrono::NaiveTime::MIN || end <= start {
                end = end.succ_opt().unwrap_or(end);
            }
            lines.push(format!("DTSTART;VALUE=DATE:{}", ymd(start)));
            lines.push(format!("DTEND;VALUE=DATE:{}", ymd(end)));
        }
        Some(tz) if !is_utc(&event.timezone) => {
            let name = tz.name();
            lines.push(format!(
                "DTSTART;TZID={name}:{}",
                local(event.starts.with_timezone(&tz).naive_local())
            ));
            lines.push(format!(
                "DTEND;TZID={name}:{}",
                local(event.ends.with_timezone(&tz).naive_local())
            ));
            zone = Some((name.to_owned(), event.starts.with_timezone(&tz).year()));
        }
        _ => {
            lines.push(format!("DTSTART:{}", utc_stamp(event.starts)));
            lines.push(format!("DTEND:{}", utc_stamp(event.ends)));
        }
    }
    lines.push(format!("SUMMARY:{}", escape_text(&event.title)));
    if !description.trim().is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(description.trim())));
    }
    if let Some(location) = &event.location {
        lines.push(format!("LOCATION:{}", escape_text(location)));
    } else if let Some(online) = &event.online_url {
        lines.push(format!("LOCATION:{}", escape_text(online)));
    }
    lines.push(format!("URL:{}", uri_value(page_url)));
    if !event.meta.lang.is_empty() {
        // Language of the text fields, for clients that show it.
        lines.push(format!(
            "X-IMPACTWALL-LANG:{}",
            escape_text(&event.meta.lang)
        ));
    }
    for tag in &event.meta.tags {
        lines.push(format!("CATEGORIES:{}", escape_text(tag)));
    }
    lines.push("STATUS:CONFIRMED".to_owned());
    lines.push("END:VEVENT".to_owned());
    let mut folded = String::new();
    for line in &lines {
        fold_into(&mut folded, line);
    }
    EventEntry {
        lines,
        folded,
        zone,
    }
}

/// A complete calendar with the given events (in order) and their time zones.
/// `timezone` is the calendar's default zone (`X-WR-TIMEZONE`), which some clients
/// use to show all-day events.
pub fn calendar(name: &str, timezone: &str, entries: &[&EventEntry]) -> Vec<u8> {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!(
            "PRODID:-//impactwall//impactwall {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
        format!("X-WR-TIMEZONE:{}", escape_text(timezone)),
    ];
    let mut zones: BTreeSet<&str> = BTreeSet::new();
    let mut years: Vec<i32> = Vec::new();
    for (zone, year) in entries.iter().filter_map(|e| e.zone.as_ref()) {
        zones.insert(zone);
        years.push(*year);
    }
    for zone in zones {
        let zone_years = entries
            .iter()
            .filter_map(|e| e.zone.as_ref())
            .filter(|(z, _)| z == zone)
            .map(|(_, y)| *y);
        let (min, max) =
            zone_years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        if let Ok(tz) = zone.parse::<Tz>() {
            lines.extend(vtimezone(tz, min - 1, max + 1));
        }
    }
    let mut out = String::new();
    for line in &lines {
        fold_into(&mut out, line);
    }
    for entry in entries {
        out.push_str(&entry.folded);
    }
    fold_into(&mut out, "END:VCALENDAR");
    out.into_bytes()
}

fn is_utc(zone: &str) -> bool {
    matches!(
        zone,
        "UTC"
            | "Etc/UTC"
            | "Etc/UCT"
            | "UCT"
            | "Zulu"
            | "Etc/Zulu"
            | "Universal"
            | "Etc/Universal"
            | "GMT"
            | "Etc/GMT"
    )
}

/// `VTIMEZONE` for `tz` covering `from_year`..=`to_year`: the offset in force at
/// the start, then every transition in the range.
pub fn vtimezone(tz: Tz, from_year: i32, to_year: i32) -> Vec<String> {
    let mut lines = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{}", tz.name())];
    let Some(start) = Utc.with_ymd_and_hms(from_year, 1, 1, 0, 0, 0).single() else {
        lines.push("END:VTIMEZONE".to_owned());
        return lines;
    };
    let end = Utc
        .with_ymd_and_hms(to_year + 1, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(start + Duration::days(366));
    let first = tz.offset_from_utc_datetime(&start.naive_utc());
    let first_fixed = first.fix();
    component(
        &mut lines,
        first.dst_offset().is_zero(),
        start.with_timezone(&first_fixed).naive_local(),
        first_fixed.local_minus_utc(),
        first_fixed.local_minus_utc(),
        first.abbreviation(),
    );
    for (at, before, after) in transitions(tz, start, end) {
        let before_fixed = before.fix();
        let after_fixed = after.fix();
        component(
            &mut lines,
            after.dst_offset().is_zero(),
            at.with_timezone(&before_fixed).naive_local(),
            before_fixed.local_minus_utc(),
            after_fixed.local_minus_utc(),
            after.abbreviation(),
        );
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

fn component(
    lines: &mut Vec<String>,
    standard: bool,
    onset: NaiveDateTime,
    from: i32,
    to: i32,
    abbreviation: Option<&str>,
) {
    let kind = if standard { "STANDARD" } else { "DAYLIGHT" };
    lines.push(format!("BEGIN:{kind}"));
    lines.push(format!("DTSTART:{}", local(onset)));
    lines.push(format!("TZOFFSETFROM:{}", utc_offset(from)));
    lines.push(format!("TZOFFSETTO:{}", utc_offset(to)));
    if let Some(name) = abbreviation.filter(|n| !n.is_empty()) {
        lines.push(format!("TZNAME:{}", escape_text(name)));
    }
    lines.push(format!("END:{kind}"));
}

type TzOffset = <Tz as TimeZone>::Offset;

/// Instants in `[start, end)` where the zone's offset or abbreviation changes, found
/// by a daily scan refined to the minute (zones change at most a few times a year).
fn transitions(
    tz: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, TzOffset, TzOffset)> {
    let at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let differs = |a: &TzOffset, b: &TzOffset| {
        a.fix() != b.fix()
            || a.dst_offset() != b.dst_offset()
            || a.abbreviation() != b.abbreviation()
    };
    let mut out = Vec::new();
    let mut t = start;
    let mut current = at(t);
    while t < end {
        let next = t + Duration::days(1);
        let off = at(next);
        if differs(&current, &off) {
            // Narrow down to the first minute with the new offset.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::minutes(1) {
                let mid = lo + (hi - lo) / 2;
                let mid = mid - Duration::seconds(mid.timestamp().rem_euclid(60));
                if mid <= lo {
                    break;
                }
                if differs(&current, &at(mid)) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            out.push((hi, current, off));
            current = off;
        }
        t = next;
    }
    out
}

fn ymd(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_stamp(t: Instant) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `+0100`, `-0330`, `+053730` (seconds only when present).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// TEXT value escaping (RFC 5545 §3.3.11); other control characters are dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value must not contain control characters or spaces.
fn uri_value(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() && *c != ' ').collect()
}

/// Appends `line` folded at 75 octets (never inside a UTF-8 sequence), CRLF-ended.
pub fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// Host of a base URL (`impact.example.org` from `https://impact.example.org:8443/x`).
pub fn host_of(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.split(':').next().unwrap_or(authority)
    };
    let mut host = host.to_ascii_lowercase();
    host.retain(|c| !c.is_control() && c != ' ');
    if host.is_empty() {
        "impactwall.invalid".to_owned()
    } else {
        host
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use impactwall_model::ItemMeta;

    fn t(s: &str) -> Instant {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn event(slug: &str, starts: &str, ends: &str, zone: &str, all_day: bool) -> EventSummary {
        EventSummary {
            meta: ItemMeta {
                slug: slug.into(),
                lang: "en".into(),
                translation_key: slug.into(),
                date: t(starts),
                wall: true,
                ..Default::default()
            },
            title: "Team brunch; bring food, please".into(),
            summary: String::new(),
            starts: t(starts),
            ends: t(ends),
            all_day,
            timezone: zone.into(),
            starts_local: String::new(),
            ends_local: String::new(),
            utc_offset: String::new(),
            location: Some("Kade 4, Amsterdam".into()),
            online_url: None,
            rsvp_url: None,
            image: None,
            ics: format!("/calendar/{slug}.ics"),
        }
    }

    fn text(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn timed_event_uses_tzid_and_vtimezone() {
        let e = event(
            "brunch",
            "2027-03-28T08:30:00Z",
            "2027-03-28T10:30:00Z",
            "Europe/Amsterdam",
            false,
        );
        let entry = event_entry(
            &e,
            "Line one\nline two",
            "https://x.example/events/brunch",
            "x.example",
            t("2027-01-01T00:00:00Z"),
        );
        let cal = text(&calendar("Harbourline", "Europe/Amsterdam", &[&entry]));
        assert!(
            cal.contains("DTSTART;TZID=Europe/Amsterdam:20270328T103000\r\n"),
            "{cal}"
        );
        assert!(cal.contains("DTEND;TZID=Europe/Amsterdam:20270328T123000\r\n"));
        assert!(cal.contains("UID:brunch@x.example\r\n"));
        assert!(cal.contains("DTSTAMP:20270101T000000Z\r\n"));
        assert!(cal.contains("SUMMARY:Team brunch\\; bring food\\, please\r\n"));
        assert!(cal.contains("DESCRIPTION:Line one\\nline two\r\n"));
        assert!(cal.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"));
        // The 2027 spring change: 02:00 CET becomes 03:00 CEST.
        assert!(
            cal.contains("BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT"),
            "{cal}"
        );
        assert!(cal.contains("DTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"));
        for line in cal.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
            assert!(!line.contains('\n'));
        }
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn all_day_event_uses_dates_with_exclusive_end() {
        let e = event(
            "open-day",
            "2027-05-01T22:00:00Z",
            "2027-05-02T22:00:00Z",
            "Europe/Amsterdam",
            true,
        );
        let entry = event_entry(
            &e,
            "",
            "https://x.example/events/open-day",
            "x.example",
            t("2027-01-01T00:00:00Z"),
        );
        assert!(entry
            .lines
            .contains(&"DTSTART;VALUE=DATE:20270502".to_owned()));
        assert!(entry
            .lines
            .contains(&"DTEND;VALUE=DATE:20270503".to_owned()));
        assert_eq!(entry.zone, None);
    }

    #[test]
    fn utc_event_uses_z_times() {
        let e = event(
            "call",
            "2027-05-01T09:00:00Z",
            "2027-05-01T10:00:00Z",
            "UTC",
            false,
        );
        let entry = event_entry(
            &e,
            "",
            "https://x.example/events/call",
            "x.example",
            t("2027-01-01T00:00:00Z"),
        );
        assert!(entry.lines.contains(&"DTSTART:20270501T090000Z".to_owned()));
        assert_eq!(entry.zone, None);
    }

    #[test]
    fn folding_respects_octets_and_utf8() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "ñ".repeat(100));
        fold_into(&mut out, &line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn new_york_zone_has_both_2027_changes() {
        let lines = vtimezone("America/New_York".parse().unwrap(), 2027, 2027).join("\n");
        assert!(
            lines.contains(
                "DTSTART:20270314T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT"
            ),
            "{lines}"
        );
        assert!(
            lines.contains(
                "DTSTART:20271107T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST"
            ),
            "{lines}"
        );
        let tokyo = vtimezone("Asia/Tokyo".parse().unwrap(), 2027, 2027).join("\n");
        assert!(
            tokyo.contains("TZOFFSETFROM:+0900\nTZOFFSETTO:+0900"),
            "{tokyo}"
        );
    }

    #[test]
    fn hosts_and_escaping() {
        assert_eq!(
            host_of("https://Impact.example.org:8443/x?y"),
            "impact.example.org"
        );
        assert_eq!(host_of("http://user@h.example"), "h.example");
        assert_eq!(escape_text("a\\b;c,d\r\ne\u{7}"), "a\\\\b\\;c\\,d\\ne");
        assert_eq!(utc_offset(-12_600), "-0330");
    }
}
