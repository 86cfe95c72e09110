//! Reading the timestamps of the published JSON (`2026-10-04T08:00:00Z`,
//! `2026-10-04T10:00:00.250+02:00`) and plain dates (`2026-10-04`).
//!
//! Hand-written instead of chrono's parser: chrono's `FromStr` and `parse_from_str`
//! pull its whole format machinery into the browser bundles for two fixed formats
//! (measured in docs/architecture.md). Accepts exactly RFC 3339 `date-time` (upper- or lower-case
//! `T`/`Z`, or a space between date and time as chrono does), nothing looser.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Deserializer};

/// `YYYY-MM-DD`, a real calendar date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(digits(&b[0..4])?).ok()?,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )
}

/// An RFC 3339 date-time with a `Z` or `±HH:MM` offset, as UTC.
pub fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let date = parse_date(&s[..10])?;
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, mi, sec) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let [b'.', frac @ ..] = rest {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        // Digits beyond nanoseconds are allowed and ignored.
        for (i, c) in frac[..n].iter().enumerate().take(9) {
            nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
        }
        rest = &frac[n..];
    }
    let offset_seconds = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let (oh, om) = (digits(&[*oh1, *oh2])?, digits(&[*om1, *om2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let seconds = i32::try_from(oh * 3600 + om * 60).ok()?;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    // A leap second (`:60`) is read as chrono reads it: the last second, +1 s of nanos.
    let (sec, nanos) = if sec == 60 {
        (59, nanos + 1_000_000_000)
    } else {
        (sec, nanos)
    };
    let naive = date.and_hms_nano_opt(h, mi, sec, nanos)?;
    FixedOffset::east_opt(offset_seconds)?
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
}

/// `#[serde(deserialize_with = "crate::rfc3339::deserialize")]`
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    parse_datetime(&s).ok_or_else(|| invalid(&s))
}

/// `#[serde(default, deserialize_with = "crate::rfc3339::deserialize_option")]`
pub fn deserialize_option<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_datetime(&s).map(Some).ok_or_else(|| invalid(&s)),
    }
}

fn invalid<E: serde::de::Error>(s: &str) -> E {
    E::invalid_value(
        serde::de::Unexpected::Str(s),
        &"an RFC 3339 timestamp such as 2026-10-04T08:00:00Z",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_reads(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn reads_what_chrono_reads() {
        for s in [
            "2026-10-04T08:00:00Z",
            "2026-10-04t08:00:00z",
            "2026-10-04 08:00:00Z",
            "2026-10-04T10:00:00+02:00",
            "2026-10-04T01:30:00-09:30",
            "2026-10-04T08:00:00.5Z",
            "2026-10-04T08:00:00.123456789Z",
            "2026-10-04T08:00:00.1234567891234+01:00",
            "2024-02-29T23:59:59+00:00",
            "2016-12-31T23:59:60Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59-23:59",
        ] {
            assert_eq!(parse_datetime(s), chrono_reads(s), "{s}");
            assert!(parse_datetime(s).is_some(), "{s}");
        }
    }

    #[test]
    fn refuses_what_is_not_rfc_3339() {
        for s in [
            "",
            "2026-10-04",
            "2026-10-04T08:00Z",
            "2026-10-04T08:00:00",
            "2026-10-04T08:00:00+0200",
            "2026-10-04T08:00:00+02",
            "2026-10-04T08:00:00.Z",
            "2026-10-04T08:00:00Z ",
            "2026-02-30T08:00:00Z",
            "2026-10-04T24:00:00Z",
            "2026-10-04T08:60:00Z",
            "2026-10-04T08:00:61Z",
            "2026-10-04T08:00:00+24:00",
            "2026-1-04T08:00:00Z",
            "+2026-10-04T08:00:00Z",
            "2026-10-04T08:00:00+02:0x",
            "2026-10-04T08:00:00\u{ff10}Z",
        ] {
            assert_eq!(parse_datetime(s), None, "{s:?}");
        }
    }

    #[test]
    fn agrees_with_chrono_on_every_offset_and_instant_sampled() {
        let base = Utc.with_ymd_and_hms(2026, 3, 29, 0, 0, 0).unwrap();
        for step in 0..2_000i64 {
            let t = base + chrono::Duration::seconds(step * 7_919 + step % 3);
            let offset = FixedOffset::east_opt(((step % 49) as i32 - 24) * 1_800).unwrap();
            let s = t.with_timezone(&offset).to_rfc3339();
            assert_eq!(parse_datetime(&s), Some(t), "{s}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2026-10-04"),
            NaiveDate::from_ymd_opt(2026, 10, 4)
        );
        for s in [
            "2026-10-4",
            "2026-13-01",
            "2026-02-29",
            "20261004",
            "2026-10-04T",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn serde_fields_read_timestamps_and_explain_bad_ones() {
        #[derive(Deserialize)]
        struct T {
            #[serde(deserialize_with = "deserialize")]
            at: DateTime<Utc>,
            #[serde(default, deserialize_with = "deserialize_option")]
            maybe: Option<DateTime<Utc>>,
        }
        let t: T = serde_json::from_str(r#"{"at":"2026-10-04T08:00:00Z"}"#).unwrap();
        assert_eq!(t.at, Utc.with_ymd_and_hms(2026, 10, 4, 8, 0, 0).unwrap());
        assert_eq!(t.maybe, None);
        let t: T = serde_json::from_str(r#"{"at":"2026-10-04T08:00:00Z","maybe":null}"#).unwrap();
        assert_eq!(t.maybe, None);
        let t: T = serde_json::from_str(
            r#"{"at":"2026-10-04T08:00:00Z","maybe":"2026-10-04T10:00:00+02:00"}"#,
        )
        .unwrap();
        assert_eq!(t.maybe, Some(t.at));
        let err = serde_json::from_str::<T>(r#"{"at":"next tuesday"}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("RFC 3339"), "{err}");
        // Escaped strings (no borrow possible) are read too.
        let t: T = serde_json::from_str(r#"{"at":"2026-10-04T08:00:00\u005a"}"#).unwrap();
        assert_eq!(t.at, Utc.with_ymd_and_hms(2026, 10, 4, 8, 0, 0).unwrap());
    }
}
