//! Native stand-ins for the browser's `Intl` formats, used when the build prerenders the
//! pages: the same styles (`dateStyle` long and medium, event ranges, grouped numbers,
//! relative times) from chrono's locale tables, on the calendar of the given zone or,
//! where the browser would use the viewer's zone, the site's.

use chrono::{Locale, TimeZone};
use chrono_tz::Tz;

use crate::i18n::Lang;
use impactwall_model::Instant;

fn locale(lang: Lang) -> Locale {
    match lang.code() {
        "es" => Locale::es_ES,
        "nl" => Locale::nl_NL,
        _ => Locale::en_US,
    }
}

/// The zone `tz`, else the site's zone of the render under way, else UTC.
fn zone(tz: Option<&str>) -> Tz {
    tz.map(str::to_string)
        .or_else(|| crate::browser::env().map(|e| e.timezone))
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

fn local(at: Instant, tz: Option<&str>) -> chrono::DateTime<Tz> {
    at.with_timezone(&zone(tz))
}

fn strf(at: Instant, lang: Lang, tz: Option<&str>, pattern: &str) -> String {
    local(at, tz)
        .format_localized(pattern, locale(lang))
        .to_string()
        .trim()
        .trim_end_matches('.')
        .to_string()
}

/// The pattern for a pair of `Intl.DateTimeFormat` options this site uses.
fn pattern(lang: Lang, pairs: &[(&str, &str)]) -> &'static str {
    let en = lang.code() == "en";
    match pairs {
        [("day", "numeric")] => "%-d",
        [("month", "short")] => "%b",
        [("dateStyle", "long")] if en => "%B %-d, %Y",
        [("dateStyle", "long")] if lang.code() == "es" => "%-d de %B de %Y",
        [("dateStyle", "long")] => "%-d %B %Y",
        [("dateStyle", "full"), ..] if en => "%A, %B %-d, %Y at %H:%M",
        [("dateStyle", "full"), ..] => "%A, %-d %B %Y, %H:%M",
        _ if en => "%b %-d, %Y",
        _ => "%-d %b %Y",
    }
}

/// Formats `at` in the style the `Intl.DateTimeFormat` options `pairs` ask for.
pub fn date_with(at: Instant, lang: Lang, tz: Option<&str>, pairs: &[(&str, &str)]) -> String {
    strf(at, lang, tz, pattern(lang, pairs))
}

/// "February 15, 2027" / "15 de febrero de 2027" / "15 februari 2027".
pub fn long_date(at: Instant, lang: Lang, tz: Option<&str>) -> String {
    date_with(at, lang, tz, &[("dateStyle", "long")])
}

/// "Feb 15, 2027" / "15 feb 2027".
pub fn short_date(at: Instant, lang: Lang, tz: Option<&str>) -> String {
    date_with(at, lang, tz, &[("dateStyle", "medium")])
}

/// A start–end range: "Sat, May 1, 10:00 – 13:00 CEST"; all-day ranges show dates only.
pub fn event_range(
    starts: Instant,
    ends: Instant,
    all_day: bool,
    lang: Lang,
    tz: Option<&str>,
) -> String {
    if all_day {
        let last = ends - chrono::Duration::seconds(1);
        let day = "%a %-d %B %Y";
        let (a, b) = (strf(starts, lang, tz, day), strf(last, lang, tz, day));
        return if a == b { a } else { format!("{a} – {b}") };
    }
    let same_day = local(starts, tz).date_naive() == local(ends, tz).date_naive();
    let start = strf(starts, lang, tz, "%a %-d %b, %H:%M");
    let end = if same_day {
        strf(ends, lang, tz, "%H:%M")
    } else {
        strf(ends, lang, tz, "%a %-d %b, %H:%M")
    };
    format!("{start} – {end} {}", local(ends, tz).format("%Z"))
}

/// "1,234" / "12.345": digits grouped by three as each language writes them (Spanish
/// leaves four-digit numbers ungrouped).
pub fn number(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = match lang.code() {
        "en" => ',',
        "es" if digits.len() <= 4 => return digits,
        _ => '.',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// "in 3 days", "2 hours ago", from whole minutes ahead (negative: ago).
pub fn relative(minutes: i64, lang: Lang) -> String {
    let (value, unit) = if minutes.abs() < 60 {
        (minutes, 0)
    } else if minutes.abs() < 24 * 60 {
        (minutes / 60, 1)
    } else {
        (minutes / (24 * 60), 2)
    };
    let n = value.abs();
    let names: [[&str; 2]; 3] = match lang.code() {
        "es" => [["minuto", "minutos"], ["hora", "horas"], ["día", "días"]],
        "nl" => [["minuut", "minuten"], ["uur", "uur"], ["dag", "dagen"]],
        _ => [["minute", "minutes"], ["hour", "hours"], ["day", "days"]],
    };
    let name = names[unit][usize::from(n != 1)];
    match (lang.code(), value >= 0) {
        ("es", true) => format!("dentro de {n} {name}"),
        ("es", false) => format!("hace {n} {name}"),
        ("nl", true) => format!("over {n} {name}"),
        ("nl", false) => format!("{n} {name} geleden"),
        (_, true) => format!("in {n} {name}"),
        (_, false) => format!("{n} {name} ago"),
    }
}

/// Minutes east of UTC of the site's zone at `at` (natively there is no viewer).
pub fn viewer_offset_minutes(at: Instant) -> i32 {
    use chrono::Offset;
    let z = zone(None);
    z.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
        / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn dates_read_like_the_browsers() {
        let at = Utc.with_ymd_and_hms(2027, 2, 15, 9, 0, 0).unwrap();
        let tz = Some("Europe/Amsterdam");
        assert_eq!(long_date(at, Lang::En, tz), "February 15, 2027");
        assert_eq!(long_date(at, Lang::Es, tz), "15 de febrero de 2027");
        assert_eq!(long_date(at, Lang::Nl, tz), "15 februari 2027");
        assert_eq!(short_date(at, Lang::En, tz), "Feb 15, 2027");
    }

    #[test]
    fn numbers_are_grouped_per_language() {
        assert_eq!(number(1234, Lang::En), "1,234");
        assert_eq!(number(1234, Lang::Es), "1234");
        assert_eq!(number(12345, Lang::Es), "12.345");
        assert_eq!(number(1234567, Lang::Nl), "1.234.567");
        assert_eq!(number(12, Lang::En), "12");
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(3 * 24 * 60, Lang::En), "in 3 days");
        assert_eq!(relative(-120, Lang::Nl), "2 uur geleden");
        assert_eq!(relative(1, Lang::Es), "dentro de 1 minuto");
    }
}
