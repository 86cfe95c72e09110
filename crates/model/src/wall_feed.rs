//! `data/wall.json` and `data/wall/{playlist}.json`: what a wall screen downloads
//! every refresh. The same layout as [`Index`] (so the wall's rotation code reads
//! either), holding only the items a wall may show in the coming hours, with only
//! the text a slide draws, plus the impact counters of the whole archive, which the
//! wall can no longer count itself.

use serde::{Deserialize, Serialize};

use crate::{Counters, Index, Instant};

/// A wall feed: an [`Index`] cut down to the wall's coming hours, and the counters.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct WallFeed {
    #[serde(flatten)]
    pub index: Index,
    /// The end of the hours the feed covers (for people reading the file; the wall
    /// only needs the items).
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub until: Option<Instant>,
    /// The archive's counters from the build on, one entry per change inside the
    /// horizon, oldest first. Empty in a plain index: the wall then counts the items
    /// it holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counters: Vec<CountersFrom>,
    /// Metrics, equivalences and the talking points the screen may show (no team
    /// profiles), for the talking-point and metric slides. The build adds it to each
    /// feed it has written (`build/wall_impact.rs`); a plain index has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<crate::impact::ImpactData>,
}

/// The counters that hold from `from` until the next entry.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct CountersFrom {
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub from: Instant,
    pub counters: Counters,
}

/// The counters at `now` from a feed's list: the last entry that has started, or the
/// first one before the feed's start (a screen whose clock runs a little behind).
pub fn counters_at(list: &[CountersFrom], now: Instant) -> Option<Counters> {
    list.iter()
        .rev()
        .find(|c| c.from <= now)
        .or(list.first())
        .map(|c| c.counters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn t(h: u32) -> Instant {
        Utc.with_ymd_and_hms(2027, 3, 10, h, 0, 0).unwrap()
    }

    fn step(h: u32, stories: usize) -> CountersFrom {
        CountersFrom {
            from: t(h),
            counters: Counters {
                stories,
                ..Counters::default()
            },
        }
    }

    #[test]
    fn counters_follow_the_steps() {
        let list = [step(10, 1), step(12, 2), step(15, 3)];
        let at = |h| counters_at(&list, t(h)).map(|c| c.stories);
        assert_eq!(at(9), Some(1), "before the build: the first entry");
        assert_eq!(at(10), Some(1));
        assert_eq!(at(12), Some(2));
        assert_eq!(at(14), Some(2));
        assert_eq!(at(20), Some(3));
        assert_eq!(counters_at(&[], t(10)), None);
    }

    #[test]
    fn a_plain_index_reads_as_a_feed_without_counters() {
        let json = include_str!("../../../tests/e2e/fixtures/wall/data/index.json");
        let index: Index = serde_json::from_str(json).expect("the fixture index reads");
        let feed: WallFeed = serde_json::from_str(json).expect("an index reads as a feed");
        assert_eq!(feed.index, index);
        assert!(feed.counters.is_empty());
        let back: WallFeed = serde_json::from_str(&serde_json::to_string(&feed).expect("writes"))
            .expect("reads back");
        assert_eq!(back, feed);
    }
}
