//! Dates as managers write them, resolved to UTC instants with the IANA time-zone
//! database, daylight-saving correct:
//!
//! - `2027-03-14`: midnight in the zone (the day's first existing minute where a
//!   zone skips midnight);
//! - `2027-03-14T09:30` (seconds optional): wall-clock time in the zone; a time that
//!   does not exist (spring-forward gap) is an error, an ambiguous one (fall-back
//!   overlap) is the earlier instant;
//! - RFC 3339 with an offset (`2027-03-14T09:30:00+01:00`, `…Z`).
//!
//! TOML native dates arrive here in the same text forms.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use chrono_tz::Tz;

use impactwall_model::Instant;

/// A date as written, before a zone is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WrittenDate {
    /// A calendar day.
    Day(NaiveDate),
    /// A wall-clock time in the item's zone.
    Local(NaiveDateTime),
    /// An absolute instant.
    Fixed(DateTime<FixedOffset>),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date")]
    Invalid(String),
    #[error(
        "{local} does not exist in {zone}: clocks skip that hour when daylight saving time starts"
    )]
    Nonexistent { local: String, zone: String },
}

impl DateError {
    pub fn code(&self) -> &'static str {
        match self {
            DateError::Invalid(_) => "bad-date",
            DateError::Nonexistent { .. } => "nonexistent-time",
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            DateError::Invalid(_) => {
                "write 2027-03-14, 2027-03-14T09:30 or 2027-03-14T09:30:00+01:00"
            }
            DateError::Nonexistent { .. } => {
                "pick a time an hour later, or give the offset explicitly (…+02:00)"
            }
        }
    }
}

/// Parses the written forms; a bare time or a malformed value is an error.
pub fn parse(text: &str) -> Result<WrittenDate, DateError> {
    let t = text.trim();
    let invalid = || DateError::Invalid(t.to_owned());
    if t.len() > 64 {
        return Err(invalid());
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(WrittenDate::Day(d));
    }
    // RFC 3339 allows a space or lower-case `t` between date and time.
    let normalized = t.replacen([' ', 't'], "T", 1);
    if let Ok(dt) = DateTime::parse_from_rfc3339(&normalized) {
        return Ok(WrittenDate::Fixed(dt));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(&normalized, fmt) {
            return Ok(WrittenDate::Local(dt));
        }
    }
    Err(invalid())
}

/// The instant of a wall-clock time in `zone`: a gap is an error, an overlap resolves
/// to the earlier instant.
pub fn resolve_local(local: NaiveDateTime, zone: Tz) -> Result<DateTime<Tz>, DateError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier),
        LocalResult::None => Err(DateError::Nonexistent {
            local: local.format("%Y-%m-%dT%H:%M").to_string(),
            zone: zone.name().to_owned(),
        }),
    }
}

/// The first existing instant of a calendar day in `zone` (midnight, unless the zone
/// skips midnight that day).
pub fn start_of_day(day: NaiveDate, zone: Tz) -> DateTime<Tz> {
    let midnight = day.and_time(NaiveTime::MIN);
    // Gaps are at most a few hours; step by 15 minutes until a time exists.
    (0..=4 * 24)
        .find_map(|quarter| {
            let local = midnight + Duration::minutes(15 * quarter);
            resolve_local(local, zone).ok()
        })
        .unwrap_or_else(|| zone.from_utc_datetime(&midnight))
}

/// Resolves a written date to a UTC instant in `zone`.
pub fn resolve(written: WrittenDate, zone: Tz) -> Result<Instant, DateError> {
    match written {
        WrittenDate::Day(d) => Ok(start_of_day(d, zone).with_timezone(&Utc)),
        WrittenDate::Local(dt) => resolve_local(dt, zone).map(|t| t.with_timezone(&Utc)),
        WrittenDate::Fixed(dt) => Ok(dt.with_timezone(&Utc)),
    }
}

/// Parses and resolves in one step.
pub fn parse_in(text: &str, zone: Tz) -> Result<Instant, DateError> {
    resolve(parse(text)?, zone)
}

/// A time-zone name from the IANA database, or the closest names as a suggestion.
pub fn parse_zone(name: &str) -> Result<Tz, Option<&'static str>> {
    let name = name.trim();
    if let Ok(tz) = name.parse::<Tz>() {
        return Ok(tz);
    }
    // Case-insensitive match first, then the closest name by edit distance.
    let lower = name.to_lowercase().replace(' ', "_");
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().to_lowercase() == lower)
    {
        return Err(Some(tz.name()));
    }
    let best = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            (
                strsim::levenshtein(&lower, &tz.name().to_lowercase()),
                tz.name(),
            )
        })
        .min_by_key(|(d, _)| *d);
    Err(best.filter(|(d, _)| *d <= 4).map(|(_, n)| n))
}

/// The end of the local day that contains `instant` in `zone` (next local midnight).
pub fn end_of_local_day(instant: Instant, zone: Tz) -> Instant {
    let local_day = instant.with_timezone(&zone).date_naive();
    match local_day.succ_opt() {
        Some(next) => start_of_day(next, zone).with_timezone(&Utc),
        None => instant + Duration::days(1),
    }
}

/// Wall-clock text (`2027-03-14T09:30`) of an instant in `zone`.
pub fn local_text(instant: Instant, zone: Tz) -> String {
    instant
        .with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// UTC offset (`+01:00`) of `zone` at `instant`.
pub fn offset_text(instant: Instant, zone: Tz) -> String {
    let seconds = instant
        .with_timezone(&zone)
        .offset()
        .fix()
        .local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Today's date in `zone`.
pub fn today_in(zone: Tz, now: Instant) -> NaiveDate {
    now.with_timezone(&zone).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use impactwall_model::Schedule;

    const AMS: Tz = chrono_tz::Europe::Amsterdam;
    const NYC: Tz = chrono_tz::America::New_York;

    fn utc(s: &str) -> Instant {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn three_written_forms() {
        assert_eq!(
            parse_in("2027-01-10", AMS).unwrap(),
            utc("2027-01-09T23:00:00Z")
        );
        assert_eq!(
            parse_in("2027-01-10T09:30", AMS).unwrap(),
            utc("2027-01-10T08:30:00Z")
        );
        assert_eq!(
            parse_in("2027-01-10T09:30:15", AMS).unwrap(),
            utc("2027-01-10T08:30:15Z")
        );
        assert_eq!(
            parse_in("2027-01-10T09:30:00-05:00", AMS).unwrap(),
            utc("2027-01-10T14:30:00Z")
        );
        assert_eq!(
            parse_in("2027-01-10T09:30:00Z", AMS).unwrap(),
            utc("2027-01-10T09:30:00Z")
        );
        assert_eq!(
            parse_in("2027-01-10 09:30", AMS).unwrap(),
            utc("2027-01-10T08:30:00Z")
        );
    }

    #[test]
    fn malformed_dates() {
        for bad in [
            "",
            "tomorrow",
            "2027-02-30",
            "2027-13-01",
            "09:30:00",
            "2027-03-14T25:00",
            "14/03/2027",
        ] {
            assert_eq!(parse(bad), Err(DateError::Invalid(bad.to_owned())), "{bad}");
        }
    }

    #[test]
    fn amsterdam_spring_2027_gap_is_an_error() {
        // 28 March 2027: 02:00 → 03:00 local.
        assert_eq!(
            parse_in("2027-03-28T01:59", AMS).unwrap(),
            utc("2027-03-28T00:59:00Z")
        );
        let err = parse_in("2027-03-28T02:30", AMS).unwrap_err();
        assert_eq!(err.code(), "nonexistent-time");
        assert!(err.to_string().contains("2027-03-28T02:30"));
        assert_eq!(
            parse_in("2027-03-28T03:00", AMS).unwrap(),
            utc("2027-03-28T01:00:00Z")
        );
    }

    #[test]
    fn amsterdam_autumn_2027_overlap_takes_the_earlier_instant() {
        // 31 October 2027: 03:00 → 02:00 local; 02:30 happens twice.
        assert_eq!(
            parse_in("2027-10-31T02:30", AMS).unwrap(),
            utc("2027-10-31T00:30:00Z")
        );
        assert_eq!(
            parse_in("2027-10-31T03:30", AMS).unwrap(),
            utc("2027-10-31T02:30:00Z")
        );
    }

    #[test]
    fn new_york_2027_changes() {
        // 14 March 2027: 02:00 → 03:00; 7 November 2027: 02:00 → 01:00.
        assert!(parse_in("2027-03-14T02:15", NYC).is_err());
        assert_eq!(
            parse_in("2027-03-14T03:15", NYC).unwrap(),
            utc("2027-03-14T07:15:00Z")
        );
        assert_eq!(
            parse_in("2027-03-14T01:15", NYC).unwrap(),
            utc("2027-03-14T06:15:00Z")
        );
        assert_eq!(
            parse_in("2027-11-07T01:30", NYC).unwrap(),
            utc("2027-11-07T05:30:00Z")
        );
        assert_eq!(
            parse_in("2027-11-07T02:30", NYC).unwrap(),
            utc("2027-11-07T07:30:00Z")
        );
        assert_eq!(offset_text(utc("2027-03-14T06:00:00Z"), NYC), "-05:00");
        assert_eq!(offset_text(utc("2027-03-14T08:00:00Z"), NYC), "-04:00");
    }

    #[test]
    fn schedule_across_spring_forward_is_one_real_hour() {
        // Live from 01:30 to 03:30 local on the night clocks jump: one hour of real time.
        let s = Schedule {
            publish_at: Some(parse_in("2027-03-28T01:30", AMS).unwrap()),
            expires_at: Some(parse_in("2027-03-28T03:30", AMS).unwrap()),
        };
        let (p, e) = (s.publish_at.unwrap(), s.expires_at.unwrap());
        assert_eq!(e - p, Duration::hours(1));
        assert!(!s.is_live_at(utc("2027-03-28T00:29:00Z")));
        assert!(s.is_live_at(utc("2027-03-28T00:30:00Z")));
        assert!(s.is_live_at(utc("2027-03-28T01:29:00Z")));
        assert!(!s.is_live_at(utc("2027-03-28T01:30:00Z")));
    }

    #[test]
    fn schedule_across_fall_back_is_three_real_hours() {
        // New York, 7 November 2027: 00:30 → 02:30 local spans 3 hours of real time.
        let s = Schedule {
            publish_at: Some(parse_in("2027-11-07T00:30", NYC).unwrap()),
            expires_at: Some(parse_in("2027-11-07T02:30", NYC).unwrap()),
        };
        let (p, e) = (s.publish_at.unwrap(), s.expires_at.unwrap());
        assert_eq!(e - p, Duration::hours(3));
        assert!(s.is_live_at(utc("2027-11-07T06:45:00Z"))); // second 01:45 local
        assert!(!s.is_live_at(utc("2027-11-07T07:30:00Z")));
    }

    #[test]
    fn schedules_on_the_other_two_2027_changes() {
        // Amsterdam, 31 October 2027: 01:30 → 03:30 local is three real hours.
        let autumn = Schedule {
            publish_at: Some(parse_in("2027-10-31T01:30", AMS).unwrap()),
            expires_at: Some(parse_in("2027-10-31T03:30", AMS).unwrap()),
        };
        assert_eq!(
            autumn.expires_at.unwrap() - autumn.publish_at.unwrap(),
            Duration::hours(3)
        );
        assert!(autumn.is_live_at(utc("2027-10-31T01:45:00Z"))); // the second 02:45 local
        assert!(!autumn.is_live_at(utc("2027-10-31T02:30:00Z")));
        // New York, 14 March 2027: a daily 09:00 publish lands an hour earlier in UTC.
        let before = parse_in("2027-03-13T09:00", NYC).unwrap();
        let after = parse_in("2027-03-14T09:00", NYC).unwrap();
        assert_eq!(after - before, Duration::hours(23));
        let spring = Schedule {
            publish_at: Some(after),
            expires_at: None,
        };
        assert!(!spring.is_live_at(utc("2027-03-14T12:59:00Z")));
        assert!(spring.is_live_at(utc("2027-03-14T13:00:00Z")));
        assert_eq!(
            spring.next_change_after(utc("2027-03-14T06:00:00Z")),
            Some(after)
        );
    }

    #[test]
    fn days_are_23_and_25_hours_long_on_change_days() {
        let spring =
            start_of_day(NaiveDate::from_ymd_opt(2027, 3, 28).unwrap(), AMS).with_timezone(&Utc);
        assert_eq!(end_of_local_day(spring, AMS) - spring, Duration::hours(23));
        let autumn = parse_in("2027-10-31", AMS).unwrap();
        assert_eq!(end_of_local_day(autumn, AMS) - autumn, Duration::hours(25));
        assert_eq!(local_text(autumn, AMS), "2027-10-31T00:00");
    }

    #[test]
    fn a_zone_that_skips_midnight_starts_the_day_at_the_first_real_minute() {
        // Chile springs forward at 24:00: 2027-09-05 00:00 does not exist in Santiago.
        let zone = chrono_tz::America::Santiago;
        let day = NaiveDate::from_ymd_opt(2027, 9, 5).unwrap();
        let midnight = day.and_time(NaiveTime::MIN);
        if resolve_local(midnight, zone).is_err() {
            let start = start_of_day(day, zone);
            assert_eq!(start.format("%H:%M").to_string(), "01:00");
        }
    }

    #[test]
    fn zones_and_suggestions() {
        assert_eq!(parse_zone("Europe/Amsterdam"), Ok(AMS));
        assert_eq!(
            parse_zone("europe/amsterdam"),
            Err(Some("Europe/Amsterdam"))
        );
        assert_eq!(parse_zone("Europe/Amsterdm"), Err(Some("Europe/Amsterdam")));
        assert_eq!(parse_zone("Mars/Olympus_Mons_Base"), Err(None));
    }
}
