//! The wall feeds: `data/wall.json` and one `data/wall/{playlist}.json` per playlist.
//! A wall screen refreshes every few minutes, all day; what it downloads must not grow
//! with the archive. A feed holds the items a wall may show within [`HORIZON`] of the
//! build (wall-eligible, windows meeting the horizon, capped per kind), only the text
//! a slide draws, and the whole archive's counters for the same hours.
//!
//! The horizon is 72 hours: a weekend plus a working day, so a site built on Friday
//! afternoon still shows on Monday the items scheduled for Monday, each at its own
//! `publish_at` (the wall evaluates windows against its own clock). Rebuilding at least
//! daily keeps a screen's feed ahead of the clock; items scheduled further out arrive
//! with a later build.

use std::collections::{BTreeMap, HashSet};

use chrono::Duration;
use impactwall_model::rotation::{excerpt, WallFilter, WallQuery};
use impactwall_model::wall_feed::{CountersFrom, WallFeed};
use impactwall_model::{
    EventSummary, HasMeta, Index, Instant, ItemMeta, Kind, StorySummary, ThanksSummary,
};

/// How far ahead of the build a feed reaches (see the module documentation).
pub const HORIZON: Duration = Duration::hours(72);

/// Most translation groups per kind in one feed. At the default 12 seconds a slide,
/// 60 + 60 + 30 slides are a rotation of half an hour: every item returns twice an
/// hour, and a screen could not show more in a day's glance anyway. Stories and
/// thank-you messages go newest first, events soonest first (the index's order);
/// takeover items are always in, beyond the cap.
pub const MAX_STORIES: usize = 60;
pub const MAX_THANKS: usize = 60;
pub const MAX_EVENTS: usize = 30;

/// Most counter changes listed inside the horizon; later ones wait for the next build.
const MAX_COUNTER_STEPS: usize = 48;

/// The characters of a text a wall slide draws at most (as in the wall's slides).
const STORY_SUMMARY_CHARS: usize = 240;
const THANKS_LINE_CHARS: usize = 280;
const TRANSCRIPT_CHARS: usize = 180;
const EVENT_SUMMARY_CHARS: usize = 200;

/// Every wall feed of `index` built at `now`, by output path.
pub fn wall_feeds(index: &Index, now: Instant) -> BTreeMap<String, WallFeed> {
    let until = now + HORIZON;
    let counters = counter_steps(index, now, until);
    let mut out = BTreeMap::new();
    let feed = |filter: Option<&WallFilter>| WallFeed {
        index: feed_index(index, now, until, filter),
        until: Some(until),
        counters: counters.clone(),
        // Added once `data/impact.json` is built (`wall_impact::add_to_feeds`).
        impact: None,
    };
    out.insert("data/wall.json".to_owned(), feed(None));
    for playlist in &index.site.wall.playlists {
        let query = WallQuery {
            playlist: Some(playlist.name.clone()),
            ..WallQuery::default()
        };
        let filter = WallFilter::resolve(&index.site, &query);
        out.insert(
            format!("data/wall/{}.json", playlist.name),
            feed(Some(&filter)),
        );
    }
    out
}

/// The index cut to the horizon, the caps and (for a playlist) the playlist's filter.
fn feed_index(index: &Index, now: Instant, until: Instant, filter: Option<&WallFilter>) -> Index {
    let wanted = |meta: &ItemMeta, kind: Kind| {
        eligible(meta, kind, now, until)
            && (meta.takeover || filter.is_none_or(|f| f.wants_kind(kind) && f.wants_meta(meta)))
    };
    let mut site = index.site.clone();
    // The wall draws the plain mission and name, never the pages' HTML.
    site.mission_html.clear();
    site.impact_html.clear();
    for t in &mut site.translations {
        t.mission_html = None;
        t.impact_html = None;
    }
    Index {
        version: index.version,
        generated_at: index.generated_at,
        site,
        stories: pick(
            &index.stories,
            MAX_STORIES,
            |s| wanted(&s.meta, Kind::Story),
            trim_story,
        ),
        thanks: pick(
            &index.thanks,
            MAX_THANKS,
            |t| wanted(&t.meta, Kind::Thanks),
            trim_thanks,
        ),
        events: pick(
            &index.events,
            MAX_EVENTS,
            |e| wanted(&e.meta, Kind::Event) && e.ends > now,
            trim_event,
        ),
    }
}

/// May show on a wall at some moment between `from` and `until`: shown on walls,
/// consented (events name no one), and a window that meets the horizon.
fn eligible(meta: &ItemMeta, kind: Kind, from: Instant, until: Instant) -> bool {
    let consent_ok = kind == Kind::Event || meta.consent;
    let s = &meta.schedule;
    meta.wall
        && consent_ok
        && s.publish_at.is_none_or(|p| p < until)
        && s.expires_at.is_none_or(|e| e > from)
}

/// The items `keep` accepts, whole translation groups, the first `cap` groups in
/// list order plus every group with a takeover item.
fn pick<T: HasMeta + Clone>(
    items: &[T],
    cap: usize,
    keep: impl Fn(&T) -> bool,
    trim: fn(T) -> T,
) -> Vec<T> {
    let mut groups: HashSet<&str> = HashSet::new();
    let mut capped = 0;
    for item in items.iter().filter(|i| keep(i)) {
        let meta = item.meta();
        let key = meta.translation_key.as_str();
        if groups.contains(key) {
            continue;
        }
        if meta.takeover {
            groups.insert(key);
        } else if capped < cap {
            groups.insert(key);
            capped += 1;
        }
    }
    // A group whose takeover version came after the cap filled is in all the same.
    items
        .iter()
        .filter(|i| keep(i) && groups.contains(i.meta().translation_key.as_str()))
        .map(|i| trim(i.clone()))
        .collect()
}

fn trim_story(mut s: StorySummary) -> StorySummary {
    s.summary = excerpt(&s.summary, STORY_SUMMARY_CHARS);
    s.author = None;
    s.reading_minutes = 0;
    s
}

fn trim_thanks(mut t: ThanksSummary) -> ThanksSummary {
    t.quote = t.quote.map(|q| excerpt(&q, THANKS_LINE_CHARS));
    t.excerpt = excerpt(&t.excerpt, THANKS_LINE_CHARS);
    t.transcript = t.transcript.map(|tr| excerpt(&tr, TRANSCRIPT_CHARS));
    t.audio = None;
    t
}

fn trim_event(mut e: EventSummary) -> EventSummary {
    e.summary = excerpt(&e.summary, EVENT_SUMMARY_CHARS);
    e.online_url = None;
    e.rsvp_url = None;
    e.ics.clear();
    e
}

/// The archive's counters at `now` and at each change up to `until` (the wall's
/// counters slide counts the whole archive, which the feed no longer holds).
fn counter_steps(index: &Index, now: Instant, until: Instant) -> Vec<CountersFrom> {
    let at = |t: Instant| CountersFrom {
        from: t,
        counters: index.counters_at(t, t - Duration::days(30)),
    };
    let mut steps = vec![at(now)];
    let mut t = now;
    while steps.len() < MAX_COUNTER_STEPS {
        match index.next_change_after(t) {
            Some(next) if next <= until => {
                let step = at(next);
                if steps.last().map(|s| s.counters) != Some(step.counters) {
                    steps.push(step);
                }
                t = next;
            }
            _ => break,
        }
    }
    steps
}

#[cfg(test)]
mod tests;
