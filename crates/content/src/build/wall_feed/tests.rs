use std::io::Write;

use chrono::{TimeZone, Utc};
use flate2::write::GzEncoder;
use flate2::Compression;

use super::*;
use impactwall_model::rotation::{rotation_at, rotation_with_counters};
use impactwall_model::wall_feed::counters_at;

/// The wall browser tests' site: six stories, four thank-you messages, three events,
/// playlists `lobby` (stories and thanks, Spanish) and `events-board` (events).
fn fixture() -> Index {
    let json = include_str!("../../../../../tests/e2e/fixtures/wall/data/index.json");
    serde_json::from_str(json).expect("the wall fixture reads")
}

/// Wednesday 10 March 2027, 11:00 in Amsterdam.
fn now() -> Instant {
    Utc.with_ymd_and_hms(2027, 3, 10, 10, 0, 0).unwrap()
}

fn slugs<T: HasMeta>(items: &[T]) -> Vec<&str> {
    items.iter().map(|i| i.meta().slug.as_str()).collect()
}

fn main_feed(index: &Index) -> WallFeed {
    wall_feeds(index, now())
        .remove("data/wall.json")
        .expect("a main feed")
}

#[test]
fn only_what_a_wall_may_show_in_the_coming_hours() {
    let mut index = fixture();
    // Goes live inside the horizon: in, with its publish time. Beyond it: not yet.
    let mut soon = index.stories[3].clone();
    soon.meta.slug = "soon".into();
    soon.meta.translation_key = "soon".into();
    soon.meta.schedule.publish_at = Some(now() + Duration::hours(30));
    let mut later = soon.clone();
    later.meta.slug = "later".into();
    later.meta.translation_key = "later".into();
    later.meta.schedule.publish_at = Some(now() + HORIZON + Duration::minutes(1));
    let mut gone = soon.clone();
    gone.meta.slug = "gone".into();
    gone.meta.translation_key = "gone".into();
    gone.meta.schedule = impactwall_model::Schedule {
        publish_at: None,
        expires_at: Some(now()),
    };
    index.stories.extend([soon, later, gone]);
    let feed = main_feed(&index);
    assert_eq!(
        slugs(&feed.index.stories),
        // Not `quarterly-board-report` (wall = false) nor `ana-and-the-landlord` (no consent).
        vec![
            "night-line-lifeline",
            "night-line-lifeline-es",
            "winter-coat-drive",
            "garden-on-the-roof",
            "soon"
        ],
    );
    assert_eq!(
        feed.index.stories[4].meta.schedule.publish_at,
        Some(now() + Duration::hours(30)),
        "the wall's own clock shows it on time"
    );
    assert_eq!(
        slugs(&feed.index.thanks),
        vec![
            "voicemail-from-maria",
            "card-from-the-okafors",
            "card-from-the-okafors-es"
        ]
    );
    // The open day is over; the brunch (a takeover on Friday) and the workshop are ahead.
    assert_eq!(
        slugs(&feed.index.events),
        vec!["annual-volunteer-brunch", "listening-skills-workshop"]
    );
    assert_eq!(feed.until, Some(now() + HORIZON));
}

#[test]
fn only_the_text_a_slide_draws() {
    let mut index = fixture();
    index.stories[0].summary = "word ".repeat(400);
    let feed = main_feed(&index);
    let s = &feed.index.stories[0];
    assert!(s.summary.chars().count() <= STORY_SUMMARY_CHARS);
    assert_eq!(s.author, None);
    assert!(feed.index.thanks.iter().all(|t| t.audio.is_none()));
    assert!(feed
        .index
        .events
        .iter()
        .all(|e| e.ics.is_empty() && e.rsvp_url.is_none()));
    assert!(feed.index.site.mission_html.is_empty());
    // What the wall draws from the feed is what it drew from the index.
    let filter = WallFilter::resolve(&index.site, &WallQuery::default());
    let from_index = rotation_at(&index, &filter, now());
    let from_feed = rotation_with_counters(
        &feed.index,
        &filter,
        now(),
        counters_at(&feed.counters, now()),
    );
    let keys = |r: &impactwall_model::rotation::Rotation| {
        r.slides.iter().map(|s| s.key.clone()).collect::<Vec<_>>()
    };
    assert_eq!(keys(&from_feed), keys(&from_index));
    let counters = |r: &impactwall_model::rotation::Rotation| {
        r.slides
            .iter()
            .find(|s| s.key == "counters")
            .map(|s| s.content.clone())
    };
    assert_eq!(counters(&from_feed), counters(&from_index));
}

/// `n` copies of the fixture's first story, newest first, each its own group.
fn many_stories(index: &mut Index, n: usize) {
    let template = index.stories[0].clone();
    index.stories = (0..n)
        .map(|i| {
            let mut s = template.clone();
            s.meta.slug = format!("story-{i:05}");
            s.meta.translation_key = s.meta.slug.clone();
            s.meta.date = now() - Duration::hours(i as i64);
            s
        })
        .collect();
}

#[test]
fn the_cap_keeps_the_newest_groups_whole_and_every_takeover() {
    let mut index = fixture();
    many_stories(&mut index, 200);
    // The Spanish version of the newest story, listed far down: same group, kept.
    let mut es = index.stories[0].clone();
    es.meta.slug = "story-00000-es".into();
    es.meta.lang = "es".into();
    // An old takeover, past the cap: kept.
    index.stories[150].meta.takeover = true;
    index.stories.push(es);
    let feed = main_feed(&index);
    let got = slugs(&feed.index.stories);
    assert_eq!(got.len(), MAX_STORIES + 2, "{got:?}");
    assert_eq!(got[0], "story-00000");
    assert_eq!(
        got[MAX_STORIES - 1],
        format!("story-{:05}", MAX_STORIES - 1)
    );
    assert!(got.contains(&"story-00150"), "the takeover");
    assert!(got.contains(&"story-00000-es"), "the whole group");
}

#[test]
fn one_feed_per_playlist_with_its_items_and_every_takeover() {
    let feeds = wall_feeds(&fixture(), now());
    let paths: Vec<&str> = feeds.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        vec![
            "data/wall.json",
            "data/wall/events-board.json",
            "data/wall/lobby.json"
        ]
    );
    let lobby = &feeds["data/wall/lobby.json"].index;
    assert_eq!(lobby.stories.len(), 4);
    assert_eq!(lobby.thanks.len(), 3);
    assert_eq!(
        slugs(&lobby.events),
        vec!["annual-volunteer-brunch"],
        "only the takeover"
    );
    let board = &feeds["data/wall/events-board.json"].index;
    assert!(board.stories.is_empty() && board.thanks.is_empty());
    assert_eq!(board.events.len(), 2);
}

#[test]
fn counters_change_inside_the_horizon_when_items_go_live() {
    let mut index = fixture();
    let mut soon = index.stories[3].clone();
    soon.meta.slug = "soon".into();
    soon.meta.translation_key = "soon".into();
    soon.meta.wall = false; // counted, though not on walls
    soon.people_helped = 1000;
    soon.meta.schedule.publish_at = Some(now() + Duration::hours(5));
    index.stories.push(soon);
    let feed = main_feed(&index);
    assert_eq!(feed.counters[0].from, now());
    // At any moment of the horizon the feed's counters are the archive's (the coat
    // drive expires after two hours, the new story goes live after five, the
    // workshop starts on Saturday).
    for minutes in (0..HORIZON.num_minutes()).step_by(30) {
        let t = now() + Duration::minutes(minutes);
        assert_eq!(
            counters_at(&feed.counters, t),
            Some(index.counters_at(t, t - Duration::days(30))),
            "at {t}"
        );
    }
    let at = |h| counters_at(&feed.counters, now() + Duration::hours(h)).expect("counters");
    assert_eq!(at(5).people_helped, at(4).people_helped + 1000);
}

fn gzipped_len(bytes: &[u8]) -> usize {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).expect("gzip in memory");
    gz.finish().expect("gzip in memory").len()
}

/// Issue 13's budget: a wall's periodic refresh is at most 60 KB gzipped on a site of
/// 10,000 stories (with bench/content/gen.py's proportions: 2,500 thank-you messages
/// and 500 events), each with a long summary.
#[test]
fn a_wall_feed_stays_within_60_kb_gzipped_at_10_000_items() {
    let mut index = fixture();
    many_stories(&mut index, 10_000);
    let words = "call line bus tram ferry ticket refund night help agent caller neighbour route";
    for (i, s) in index.stories.iter_mut().enumerate() {
        s.summary = format!("{i} {}", words.repeat(8));
    }
    let thanks = index.thanks[0].clone();
    index.thanks = (0..2_500)
        .map(|i| {
            let mut t = thanks.clone();
            t.meta.slug = format!("thanks-{i:05}");
            t.meta.translation_key = t.meta.slug.clone();
            t.quote = Some(format!("{i} {}", words.repeat(4)));
            t
        })
        .collect();
    let event = index.events[2].clone();
    index.events = (0..500)
        .map(|i| {
            let mut e = event.clone();
            e.meta.slug = format!("event-{i:05}");
            e.meta.translation_key = e.meta.slug.clone();
            e.summary = words.repeat(6);
            e
        })
        .collect();
    let full = serde_json::to_vec(&index).expect("writes");
    for (path, feed) in wall_feeds(&index, now()) {
        let bytes = serde_json::to_vec(&feed).expect("writes");
        let gz = gzipped_len(&bytes);
        eprintln!(
            "{path}: {} bytes, {gz} gzipped (index: {} bytes, {} gzipped)",
            bytes.len(),
            full.len(),
            gzipped_len(&full)
        );
        assert!(gz <= 60 * 1024, "{path}: {gz} bytes gzipped");
    }
}
