//! Events by phase, and the time zones and month boundaries they are shown in.

use chrono::{Datelike, Duration, FixedOffset, TimeZone, Utc};

use impactwall_model::{localize, EventPhase, EventSummary, Index, Instant, Localized};

use super::sort_by_i64;

/// Live events split by phase at `now`: ongoing and upcoming soonest first, past most
/// recent first.
#[derive(Debug, Default)]
pub struct EventGroups<'a> {
    pub ongoing: Vec<Localized<'a, EventSummary>>,
    pub upcoming: Vec<Localized<'a, EventSummary>>,
    pub past: Vec<Localized<'a, EventSummary>>,
}

pub fn group_events<'a>(ix: &'a Index, now: Instant, lang: &str) -> EventGroups<'a> {
    let mut all = localize(&ix.events, lang, &ix.site.default_language, |e| {
        e.meta.schedule.is_live_at(now)
    });
    sort_by_i64(&mut all, |e| e.item.starts.timestamp_millis());
    let mut g = EventGroups::default();
    for e in all {
        match e.item.phase_at(now) {
            EventPhase::Ongoing => g.ongoing.push(e),
            EventPhase::Upcoming => g.upcoming.push(e),
            EventPhase::Past => g.past.push(e),
        }
    }
    g.past.reverse();
    g
}

/// Parses a UTC offset such as `+01:00`, `-05:30` or `Z` into minutes east of UTC.
pub fn parse_utc_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 18 && m < 60).then_some(sign * (h * 60 + m))
}

/// Should an event also show its own zone's time? Yes when the viewer's offset at the
/// event's start differs from the event zone's offset.
pub fn event_zone_differs(event: &EventSummary, viewer_offset_minutes: i32) -> bool {
    parse_utc_offset(&event.utc_offset).is_some_and(|o| o != viewer_offset_minutes)
}

/// The start of the viewer's current month as an instant, given the viewer's offset
/// from UTC (minutes east) at `now`. Used for "thank-yous this month".
pub fn start_of_month(now: Instant, offset_minutes: i32) -> Instant {
    let Some(offset) = FixedOffset::east_opt(offset_minutes * 60) else {
        return now;
    };
    let local = now.with_timezone(&offset);
    offset
        .with_ymd_and_hms(local.year(), local.month(), 1, 0, 0, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
}

/// Whole minutes from `now` until `at`, never negative; lets the clock wake up exactly
/// when the next schedule edge passes.
pub fn minutes_until(now: Instant, at: Instant) -> i64 {
    (at - now).max(Duration::zero()).num_minutes()
}
