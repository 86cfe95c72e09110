//! The view logic against hand-built indexes.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use impactwall_model::{
    Audio, EventPhase, EventSummary, Index, Instant, ItemMeta, Kind, Localized, Medium, Schedule,
    SiteInfo, StorySummary, ThanksSummary, Theme, WallConfig, DATA_VERSION,
};

fn t(y: i32, mo: u32, d: u32, h: u32) -> Instant {
    Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
}

fn meta(slug: &str, lang: &str, key: &str, date: Instant) -> ItemMeta {
    ItemMeta {
        slug: slug.into(),
        lang: lang.into(),
        translation_key: key.into(),
        date,
        wall: true,
        consent: true,
        ..Default::default()
    }
}

fn story(slug: &str, lang: &str, key: &str, date: Instant) -> StorySummary {
    StorySummary {
        meta: meta(slug, lang, key, date),
        title: slug.into(),
        summary: String::new(),
        author: None,
        program: None,
        image: None,
        people_helped: 1,
        featured: false,
        talking_point: None,
        qr: None,
        reading_minutes: 2,
    }
}

fn thanks(slug: &str, medium: Medium, date: Instant) -> ThanksSummary {
    ThanksSummary {
        meta: meta(slug, "en", slug, date),
        from: "a neighbour".into(),
        to: "Night shift".into(),
        medium,
        quote: None,
        excerpt: "Thank you".into(),
        audio: (medium == Medium::Voicemail).then(|| Audio {
            src: "/media/v.ogg".into(),
            mime: "audio/ogg".into(),
        }),
        transcript: None,
        image: None,
    }
}

fn event(slug: &str, starts: Instant, hours: i64) -> EventSummary {
    EventSummary {
        meta: meta(slug, "en", slug, starts),
        title: slug.into(),
        summary: String::new(),
        starts,
        ends: starts + Duration::hours(hours),
        all_day: false,
        timezone: "Europe/Amsterdam".into(),
        starts_local: String::new(),
        ends_local: String::new(),
        utc_offset: "+01:00".into(),
        location: None,
        online_url: None,
        rsvp_url: None,
        image: None,
        ics: format!("/calendar/{slug}.ics"),
    }
}

fn index(
    stories: Vec<StorySummary>,
    thanks: Vec<ThanksSummary>,
    events: Vec<EventSummary>,
) -> Index {
    Index {
        version: DATA_VERSION,
        generated_at: t(2027, 1, 1, 0),
        site: SiteInfo {
            name: "Org".into(),
            mission: "Help".into(),
            mission_html: "<p>Help</p>".into(),
            impact_html: String::new(),
            logo: None,
            languages: vec!["en".into(), "es".into(), "nl".into()],
            default_language: "en".into(),
            timezone: "Europe/Amsterdam".into(),
            base_url: "https://impact.example.org/".into(),
            search_engines: true,
            theme: Theme::default(),
            wall: WallConfig::default(),
            translations: vec![],
        },
        stories,
        thanks,
        events,
    }
}

#[test]
fn filter_round_trips_through_the_query_string() {
    let f = StoryFilter {
        program: Some("Food & shelter".into()),
        tag: None,
        team: Some("night-shift".into()),
        lang: Some("es".into()),
    };
    let q = f.to_query();
    assert_eq!(
        q,
        "?program=Food%20%26%20shelter&team=night-shift&filter_lang=es"
    );
    let decoded = [
        ("program", "Food & shelter"),
        ("team", "night-shift"),
        ("filter_lang", "es"),
        ("tag", "  "),
    ];
    let back = StoryFilter::from_lookup(|k| {
        decoded
            .iter()
            .find(|(dk, _)| *dk == k)
            .map(|(_, v)| v.to_string())
    });
    assert_eq!(back, f);
    assert_eq!(StoryFilter::default().to_query(), "");
    assert!(StoryFilter::default().is_empty());
}

#[test]
fn visible_stories_hide_unpublished_and_expired_and_sort_newest_first() {
    let mut future = story("future", "en", "future", t(2027, 3, 1, 0));
    future.meta.schedule = Schedule {
        publish_at: Some(t(2027, 3, 1, 9)),
        expires_at: None,
    };
    let mut expired = story("expired", "en", "expired", t(2027, 1, 1, 0));
    expired.meta.schedule = Schedule {
        publish_at: None,
        expires_at: Some(t(2027, 2, 1, 0)),
    };
    let old = story("old", "en", "old", t(2026, 6, 1, 0));
    let new = story("new", "en", "new", t(2027, 2, 10, 0));
    let ix = index(vec![old, future, expired, new], vec![], vec![]);
    let slugs = |now| {
        visible_stories(&ix, now, "en", &StoryFilter::default())
            .iter()
            .map(|s| s.item.meta.slug.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(slugs(t(2027, 2, 15, 0)), ["new", "old"]);
    assert_eq!(slugs(t(2027, 3, 1, 9)), ["future", "new", "old"]);
    // `date` is not a schedule: a story dated later is still shown.
    assert_eq!(slugs(t(2027, 1, 15, 0)), ["new", "expired", "old"]);
}

#[test]
fn language_choice_falls_back_with_a_marker_and_language_filter_is_strict() {
    let d = t(2027, 1, 1, 0);
    let ix = index(
        vec![
            story("a", "en", "a", d),
            story("a-es", "es", "a", d),
            story("b", "en", "b", d - Duration::days(1)),
        ],
        vec![],
        vec![],
    );
    let now = t(2027, 2, 1, 0);
    let es = visible_stories(&ix, now, "es", &StoryFilter::default());
    assert_eq!(es.len(), 2);
    assert_eq!(es[0].item.meta.slug, "a-es");
    assert!(!es[0].fallback);
    assert!(es[1].fallback);
    let only_es = StoryFilter {
        lang: Some("es".into()),
        ..Default::default()
    };
    let strict = visible_stories(&ix, now, "nl", &only_es);
    assert_eq!(strict.len(), 1);
    assert_eq!(strict[0].item.meta.slug, "a-es");
    // Each choice knows its place in the index (views keep only that).
    let en = visible_stories(&ix, now, "en", &StoryFilter::default());
    for list in [&es, &strict, &en] {
        for l in list.iter() {
            assert!(
                std::ptr::eq(&ix.stories[l.index], l.item),
                "{}",
                l.item.meta.slug
            );
        }
    }
    assert_eq!(
        en.iter().map(|l| l.index).collect::<Vec<_>>(),
        [0, 2],
        "a (en) and b"
    );
    assert_eq!(es.iter().map(|l| l.index).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn program_tag_and_team_filters_combine() {
    let d = t(2027, 1, 1, 0);
    let mut a = story("a", "en", "a", d);
    a.program = Some("Housing".into());
    a.meta.tags = vec!["winter".into()];
    a.meta.team = Some("Night shift".into());
    let mut b = story("b", "en", "b", d);
    b.program = Some("Housing".into());
    b.meta.tags = vec!["night shift".into()];
    let mut c = story("c", "en", "c", d);
    c.program = Some("Food".into());
    c.meta.tags = vec!["winter".into()];
    let ix = index(vec![a, b, c], vec![], vec![]);
    let now = t(2027, 2, 1, 0);
    let run = |f: StoryFilter| {
        let mut v: Vec<String> = visible_stories(&ix, now, "en", &f)
            .iter()
            .map(|s| s.item.meta.slug.clone())
            .collect();
        v.sort();
        v
    };
    let housing = StoryFilter {
        program: Some("housing".into()),
        ..Default::default()
    };
    assert_eq!(run(housing.clone()), ["a", "b"]);
    let winter_housing = StoryFilter {
        tag: Some("Winter".into()),
        ..housing
    };
    assert_eq!(run(winter_housing), ["a"]);
    // A team matches the `team` field or a tag with the team's name.
    let team = StoryFilter {
        team: Some("night shift".into()),
        ..Default::default()
    };
    assert_eq!(run(team), ["a", "b"]);
    let facets = story_facets(&ix, now);
    assert_eq!(facets.programs, ["Food", "Housing"]);
    assert_eq!(facets.tags, ["night shift", "winter"]);
    assert_eq!(facets.teams, ["Night shift"]);
    assert_eq!(facets.langs, ["en"]);
}

#[test]
fn first_page_reports_whether_more_remain() {
    let items: Vec<u32> = (0..20).collect();
    let (page, more) = first_page(&items, STORIES_PAGE_SIZE);
    assert_eq!(page.len(), 9);
    assert!(more);
    let (page, more) = first_page(&items, 27);
    assert_eq!(page.len(), 20);
    assert!(!more);
}

#[test]
fn featured_prefers_flagged_story_then_newest() {
    let d = t(2027, 1, 1, 0);
    let mut flagged = story("flagged", "en", "flagged", d - Duration::days(30));
    flagged.featured = true;
    let ix = index(vec![story("new", "en", "new", d), flagged], vec![], vec![]);
    let list = visible_stories(&ix, d, "en", &StoryFilter::default());
    assert_eq!(featured_story(&list).unwrap().item.meta.slug, "flagged");
    let ix = index(vec![story("new", "en", "new", d)], vec![], vec![]);
    let list = visible_stories(&ix, d, "en", &StoryFilter::default());
    assert_eq!(featured_story(&list).unwrap().item.meta.slug, "new");
    assert!(featured_story(&[]).is_none());
}

#[test]
fn related_stories_rank_program_then_tags_and_skip_translations() {
    let d = t(2027, 1, 1, 0);
    let mut cur = story("cur", "en", "cur", d);
    cur.program = Some("Housing".into());
    cur.meta.tags = vec!["winter".into(), "family".into()];
    let mut cur_es = cur.clone();
    cur_es.meta.slug = "cur-es".into();
    cur_es.meta.lang = "es".into();
    let mut same_program = story("same-program", "en", "same-program", d - Duration::days(9));
    same_program.program = Some("Housing".into());
    let mut two_tags = story("two-tags", "en", "two-tags", d - Duration::days(5));
    two_tags.meta.tags = vec!["family".into(), "winter".into()];
    let unrelated_new = story("unrelated", "en", "unrelated", d);
    let ix = index(
        vec![cur.clone(), cur_es, same_program, two_tags, unrelated_new],
        vec![],
        vec![],
    );
    let rel = related_stories(&ix, &cur, d, "en", 3);
    let slugs: Vec<&str> = rel.iter().map(|s| s.item.meta.slug.as_str()).collect();
    assert_eq!(slugs, ["two-tags", "same-program", "unrelated"]);
}

#[test]
fn thanks_filter_by_medium_and_count_media() {
    let d = t(2027, 1, 1, 0);
    let ix = index(
        vec![],
        vec![
            thanks("l1", Medium::Letter, d),
            thanks("v1", Medium::Voicemail, d + Duration::days(1)),
            thanks("l2", Medium::Letter, d - Duration::days(1)),
        ],
        vec![],
    );
    let now = t(2027, 2, 1, 0);
    let letters = visible_thanks(&ix, now, "en", Some(Medium::Letter));
    assert_eq!(letters.len(), 2);
    assert_eq!(letters[0].item.meta.slug, "l1");
    assert_eq!(visible_thanks(&ix, now, "en", None)[0].item.meta.slug, "v1");
    assert_eq!(
        thanks_media_counts(&ix, now, "en"),
        [(Medium::Letter, 2), (Medium::Voicemail, 1)]
    );
    assert_eq!(parse_medium(" Voicemail"), Some(Medium::Voicemail));
    assert_eq!(parse_medium("fax"), None);
}

#[test]
fn events_move_from_upcoming_to_ongoing_to_past() {
    let start = t(2027, 5, 1, 10);
    let ix = index(
        vec![],
        vec![],
        vec![
            event("later", start + Duration::days(7), 2),
            event("brunch", start, 3),
            event("old", start - Duration::days(30), 2),
            event("older", start - Duration::days(60), 2),
        ],
    );
    let names = |v: &[Localized<EventSummary>]| {
        v.iter()
            .map(|e| e.item.meta.slug.clone())
            .collect::<Vec<_>>()
    };
    let before = group_events(&ix, start - Duration::hours(1), "en");
    assert_eq!(names(&before.upcoming), ["brunch", "later"]);
    assert!(before.ongoing.is_empty());
    assert_eq!(names(&before.past), ["old", "older"]);
    let during = group_events(&ix, start + Duration::hours(1), "en");
    assert_eq!(names(&during.ongoing), ["brunch"]);
    assert_eq!(names(&during.upcoming), ["later"]);
    let after = group_events(&ix, start + Duration::hours(3), "en");
    assert_eq!(names(&after.past), ["brunch", "old", "older"]);
}

#[test]
fn utc_offsets_and_zone_difference() {
    assert_eq!(parse_utc_offset("+01:00"), Some(60));
    assert_eq!(parse_utc_offset("-05:30"), Some(-330));
    assert_eq!(parse_utc_offset("Z"), Some(0));
    assert_eq!(parse_utc_offset("+0100x"), None);
    assert_eq!(parse_utc_offset("01:00"), None);
    let e = event("e", t(2027, 1, 1, 0), 1);
    assert!(!event_zone_differs(&e, 60));
    assert!(event_zone_differs(&e, -300));
}

#[test]
fn start_of_month_is_in_the_viewers_zone() {
    // 1 March 00:30 in UTC+2 is still February in UTC.
    let now = t(2027, 2, 28, 22) + Duration::minutes(30);
    assert_eq!(start_of_month(now, 120), t(2027, 2, 28, 22));
    assert_eq!(start_of_month(now, 0), t(2027, 2, 1, 0));
    assert_eq!(start_of_month(now, -300), t(2027, 2, 1, 5));
}

#[test]
fn teams_share_links_and_transcripts() {
    let d = t(2027, 1, 1, 0);
    let mut s = story("s", "en", "s", d);
    s.meta.team = Some("Billing".into());
    let mut th = thanks("th", Medium::Card, d);
    th.meta.team = Some("billing".into());
    let mut e = event("e", d, 1);
    e.meta.team = Some("Night shift".into());
    let ix = index(vec![s], vec![th], vec![e]);
    assert_eq!(all_teams(&ix, d), ["Billing", "Night shift"]);
    assert_eq!(
        share_url(&ix.site.base_url, "rosa"),
        "https://impact.example.org/stories/rosa"
    );
    assert_eq!(
        paragraphs("Hi there.\r\nIt's me.\r\n\r\n\r\n  Thanks!  "),
        ["Hi there. It's me.", "Thanks!"]
    );
    assert_eq!(minutes_until(d, d + Duration::minutes(90)), 90);
    assert_eq!(minutes_until(d, d - Duration::minutes(5)), 0);
}

#[test]
fn paths_map_to_pages() {
    assert_eq!(Route::from_path("/"), Route::Home);
    assert_eq!(Route::from_path(""), Route::Home);
    assert_eq!(Route::from_path("/stories"), Route::Stories);
    assert_eq!(Route::from_path("/stories/"), Route::Stories);
    assert_eq!(
        Route::from_path("/stories/rosa"),
        Route::Story("rosa".into())
    );
    assert_eq!(
        Route::from_path("/stories/rosa/"),
        Route::Story("rosa".into())
    );
    assert_eq!(Route::from_path("/thanks"), Route::Thanks);
    assert_eq!(
        Route::from_path("/thanks/card-1"),
        Route::ThanksMessage("card-1".into())
    );
    assert_eq!(Route::from_path("/events"), Route::Events);
    assert_eq!(
        Route::from_path("/events/brunch"),
        Route::Event("brunch".into())
    );
    assert_eq!(Route::from_path("/about"), Route::About);
    assert_eq!(Route::from_path("/about/x"), Route::NotFound);
    assert_eq!(Route::from_path("/stories/a/b"), Route::NotFound);
    assert_eq!(Route::from_path("/nowhere"), Route::NotFound);
    assert_eq!(Route::from_path("//stories"), Route::NotFound);
    // Decoded, so the page can refuse it (slugs are [a-z0-9-]).
    assert_eq!(
        Route::from_path("/stories/a%2Fb"),
        Route::Story("a/b".into())
    );
}

#[test]
fn query_values_are_form_decoded() {
    let q = "?program=Food%20%26%20shelter&team=night+shift&empty=&flag&at=2027-03-01T09%3A00";
    assert_eq!(query_value(q, "program").as_deref(), Some("Food & shelter"));
    assert_eq!(query_value(q, "team").as_deref(), Some("night shift"));
    assert_eq!(query_value(q, "empty").as_deref(), Some(""));
    assert_eq!(query_value(q, "flag").as_deref(), Some(""));
    assert_eq!(query_value(q, "at").as_deref(), Some("2027-03-01T09:00"));
    assert_eq!(query_value(q, "tag"), None);
    assert_eq!(query_value("", "tag"), None);
    assert_eq!(query_value("a=1&a=2", "a").as_deref(), Some("1"));
    assert_eq!(
        query_pairs("?a=1&&b+c=d%3De&flag"),
        [
            ("a".to_string(), "1".to_string()),
            ("b c".to_string(), "d=e".to_string()),
            ("flag".to_string(), String::new()),
        ]
    );
    // Only one leading `?` is syntax, as for URLSearchParams.
    assert_eq!(query_value("??a=1", "?a").as_deref(), Some("1"));
    // Bad escapes stay as written; invalid UTF-8 becomes U+FFFD.
    assert_eq!(query_value("a=100%&b=%zz", "a").as_deref(), Some("100%"));
    assert_eq!(query_value("a=100%&b=%zz", "b").as_deref(), Some("%zz"));
    assert_eq!(
        query_value("a=%C3%A9%FF", "a").as_deref(),
        Some("é\u{FFFD}")
    );
    let f = StoryFilter {
        program: Some("Food & shelter".into()),
        tag: Some("día".into()),
        team: None,
        lang: Some("es".into()),
    };
    let q = f.to_query();
    assert_eq!(StoryFilter::from_lookup(|k| query_value(&q, k)), f);
}

#[test]
fn detail_pages_show_only_live_items_and_an_events_phase() {
    let start = t(2027, 5, 1, 10);
    let mut later = story("later", "en", "later", start);
    later.meta.schedule.publish_at = Some(start + Duration::days(1));
    let ix = index(
        vec![story("rosa", "en", "rosa", start), later],
        vec![thanks("card", Medium::Card, start)],
        vec![event("brunch", start, 3)],
    );
    let at = start - Duration::hours(1);
    assert_eq!(live_item(&ix, Kind::Story, "rosa", at), Some(None));
    assert_eq!(live_item(&ix, Kind::Story, "later", at), None, "scheduled");
    assert_eq!(
        live_item(&ix, Kind::Story, "later", start + Duration::days(2)),
        Some(None),
        "published by then (?at= preview)"
    );
    assert_eq!(live_item(&ix, Kind::Story, "card", at), None, "wrong kind");
    assert_eq!(live_item(&ix, Kind::Thanks, "card", at), Some(None));
    assert_eq!(live_item(&ix, Kind::Story, "nope", at), None);
    assert_eq!(
        live_item(&ix, Kind::Event, "brunch", at),
        Some(Some(EventPhase::Upcoming))
    );
    assert_eq!(
        live_item(&ix, Kind::Event, "brunch", start + Duration::hours(1)),
        Some(Some(EventPhase::Ongoing))
    );
    assert_eq!(
        live_item(&ix, Kind::Event, "brunch", start + Duration::hours(4)),
        Some(Some(EventPhase::Past))
    );
}

#[test]
fn detail_pages_map_to_their_data_file() {
    assert_eq!(
        detail_path_for_page("/stories/rosa").as_deref(),
        Some("data/stories/rosa.json")
    );
    assert_eq!(
        detail_path_for_page("/events/brunch/").as_deref(),
        Some("data/events/brunch.json")
    );
    assert_eq!(detail_path_for_page("/stories"), None);
    assert_eq!(detail_path_for_page("/about/x"), None);
    assert_eq!(detail_path_for_page("/stories/a/b"), None);
}

#[test]
fn sort_by_i64_is_stable_and_ascending() {
    let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (-5, 'f')];
    let mut expected = v.clone();
    expected.sort_by_key(|x| x.0);
    sort_by_i64(&mut v, |x| x.0);
    assert_eq!(v, expected);
    let mut empty: Vec<u8> = Vec::new();
    sort_by_i64(&mut empty, |x| i64::from(*x));
    assert!(empty.is_empty());
}

#[test]
fn names_sort_and_dedup_ignoring_case() {
    let mut v: Vec<String> = [
        "billing", "Arrears", "billing", "Billing", "arrears", "care",
    ]
    .map(String::from)
    .to_vec();
    sort_dedup_ignoring_case(&mut v);
    assert_eq!(v, ["Arrears", "billing", "care"]);
}

#[test]
fn language_prefixes_name_the_same_pages() {
    assert_eq!(split_lang("/es/stories"), (Some("es"), "/stories"));
    assert_eq!(split_lang("/nl"), (Some("nl"), "/"));
    assert_eq!(split_lang("/nl/"), (Some("nl"), "/"));
    assert_eq!(split_lang("/stories/es"), (None, "/stories/es"));
    assert_eq!(split_lang("/"), (None, "/"));
    assert_eq!(Route::from_path("/es/events"), Route::Events);
    assert_eq!(Route::from_path("/es/"), Route::Home);
    assert_eq!(
        Route::from_path("/nl/stories/rosa"),
        Route::Story("rosa".into())
    );
    assert_eq!(
        localized_path("/stories?team=x", "es", "en"),
        "/es/stories?team=x"
    );
    assert_eq!(localized_path("/", "nl", "en"), "/nl/");
    assert_eq!(localized_path("/es/about", "en", "en"), "/about");
    assert_eq!(localized_path("/stories/rosa", "es", "en"), "/stories/rosa");
    assert_eq!(localized_path("/feed.xml", "es", "en"), "/feed.xml");
}

/// `n` stories a day apart (newest first), with a thank-you and an event each.
#[cfg(not(target_arch = "wasm32"))]
fn archive(n: usize) -> Index {
    let start = t(2026, 6, 1, 9);
    let mut stories: Vec<StorySummary> = (0..n)
        .map(|i| {
            story(
                &format!("s{i}"),
                "en",
                &format!("s{i}"),
                start + Duration::days(i as i64),
            )
        })
        .collect();
    stories.reverse();
    let thanks = (0..n)
        .map(|i| {
            thanks(
                &format!("t{i}"),
                Medium::Letter,
                start + Duration::days(i as i64),
            )
        })
        .rev()
        .collect();
    let events = (0..n)
        .map(|i| event(&format!("e{i}"), start + Duration::days(i as i64), 2))
        .collect();
    let mut ix = index(stories, thanks, events);
    ix.generated_at = start + Duration::days(n as i64 / 2);
    ix
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_page_carries_its_first_screen_not_the_archive() {
    use crate::page_data::SLICE_PER_LANGUAGE;
    let full = archive(200);
    let now = full.generated_at;
    let p = crate::prerender::payload(&full, "/stories", "en", now, None);
    assert_eq!(p.index.stories.len(), SLICE_PER_LANGUAGE);
    assert_eq!(p.aggregates.totals.0, 200);
    // The newest stories live at `now` come first.
    let newest_live = full
        .stories
        .iter()
        .find(|s| s.meta.schedule.is_live_at(now))
        .unwrap();
    assert_eq!(p.index.stories[0].meta.slug, newest_live.meta.slug);
    // A list page carries its own list only; the events page the next events, not
    // those that ended; an item's page its item and nothing else of the archive.
    assert!(p.index.thanks.is_empty() && p.index.events.is_empty());
    let events = crate::prerender::payload(&full, "/events", "en", now, None);
    assert!(events.index.events.iter().all(|e| e.ends > now));
    assert_eq!(events.index.events.len(), SLICE_PER_LANGUAGE);
    let home = crate::prerender::payload(&full, "/es/", "es", now, None);
    assert!(!home.index.stories.is_empty() && !home.index.thanks.is_empty());
    assert!(crate::prerender::payload(&full, "/about", "en", now, None)
        .index
        .stories
        .is_empty());
    // The counters are the whole archive's.
    let since = crate::view_logic::start_of_month(now, 60);
    assert_eq!(
        p.aggregates.counters_at(now).map(|c| c.people_helped),
        Some(full.counters_at(now, since).people_helped)
    );
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn counters_change_with_the_schedule_in_the_payload() {
    let mut full = archive(3);
    let now = full.generated_at;
    // A story that goes live in two days and one that expires tomorrow.
    full.stories[0].meta.schedule.publish_at = Some(now + Duration::days(2));
    full.stories[1].meta.schedule.expires_at = Some(now + Duration::days(1));
    let p = crate::prerender::payload(&full, "/", "en", now, None);
    let at = |d: i64| {
        p.aggregates
            .counters_at(now + Duration::days(d) + Duration::minutes(1))
            .map(|c| c.stories)
    };
    let live_now = full.counters_at(now, now).stories;
    assert_eq!(at(0), Some(live_now));
    assert_eq!(at(1), Some(live_now - 1));
    assert_eq!(at(2), Some(live_now));
}

mod impact {
    use super::*;
    use impactwall_model::impact::{ImpactData, Month, MonthStart, TalkingPoint};

    fn point(slug: &str, teams: &[&str]) -> TalkingPoint {
        TalkingPoint {
            slug: slug.into(),
            lang: "en".into(),
            translation_key: slug.into(),
            text: format!("{slug} {{people_helped.this_month}}"),
            program: None,
            teams: teams.iter().map(|t| t.to_string()).collect(),
            source: None,
            schedule: Schedule::default(),
            background_html: String::new(),
        }
    }

    #[test]
    fn talking_point_and_team_pages_have_a_version_per_language() {
        assert_eq!(Route::from_path("/talking-points"), Route::TalkingPoints);
        assert_eq!(Route::from_path("/es/teams"), Route::Teams);
        assert_eq!(
            Route::from_path("/nl/teams/night-shift/"),
            Route::Team("night-shift".into())
        );
        assert_eq!(Route::from_path("/teams/a/b"), Route::NotFound);
        assert_eq!(
            localized_path("/teams/phones", "es", "en"),
            "/es/teams/phones"
        );
        assert_eq!(
            localized_path("/talking-points?team=chat", "nl", "en"),
            "/nl/talking-points?team=chat"
        );
        assert_eq!(localized_path("/es/teams", "en", "en"), "/teams");
        assert!(!impact_pages::is_impact_page("/teams/a/b"));
        assert!(!impact_pages::is_impact_page("/teamsx"));
        assert!(impact_pages::route_uses_impact(&Route::Home));
        assert!(!impact_pages::route_uses_impact(&Route::Stories));
    }

    #[test]
    fn a_teams_points_are_the_ones_naming_it() {
        let data = ImpactData {
            talking_points: vec![
                point("everyone", &[]),
                point("phones-only", &["phones"]),
                point("chat-only", &["chat"]),
            ],
            ..Default::default()
        };
        let now = t(2027, 2, 15, 10);
        let slugs = |v: Vec<&TalkingPoint>| v.iter().map(|p| p.slug.clone()).collect::<Vec<_>>();
        assert_eq!(
            slugs(impact_pages::team_talking_points(
                &data, now, "en", "en", "phones"
            )),
            ["phones-only"]
        );
        assert_eq!(
            impact_pages::talking_point_teams(&data, now),
            ["chat", "phones"]
        );
    }

    #[test]
    fn the_current_month_stays_the_last_known_one_past_the_data() {
        let starts: Vec<MonthStart> = [(1, 0), (2, 0), (3, 0)]
            .into_iter()
            .map(|(m, _)| MonthStart {
                month: Month::new(2027, m).unwrap(),
                starts: t(2027, m, 1, 0) - Duration::hours(1),
            })
            .collect();
        let data = ImpactData {
            month_starts: starts,
            ..Default::default()
        };
        let feb = Month::new(2027, 2);
        assert_eq!(impact_pages::current_month(&data, t(2027, 2, 15, 0)), feb);
        assert_eq!(
            impact_pages::current_month(&data, t(2027, 6, 1, 0)),
            Month::new(2027, 3)
        );
        assert_eq!(impact_pages::current_month(&data, t(2026, 6, 1, 0)), None);
    }

    #[test]
    fn a_teams_items_are_its_stories_thanks_and_coming_events() {
        let now = t(2027, 2, 15, 10);
        let mut ours = story("ours", "en", "ours", t(2027, 2, 1, 0));
        ours.meta.team = Some("phones".into());
        let theirs = story("theirs", "en", "theirs", t(2027, 2, 1, 0));
        let mut to_us = thanks("to-us", Medium::Card, t(2027, 2, 2, 0));
        to_us.to = "The phone team".into();
        let other = thanks("other", Medium::Card, t(2027, 2, 2, 0));
        let mut soon = event("soon", t(2027, 3, 1, 9), 2);
        soon.meta.team = Some("phones".into());
        let mut past = event("past", t(2027, 1, 1, 9), 2);
        past.meta.team = Some("phones".into());
        let ix = index(vec![ours, theirs], vec![to_us, other], vec![soon, past]);
        let slugs = |v: Vec<&ItemMeta>| v.iter().map(|m| m.slug.clone()).collect::<Vec<_>>();
        assert_eq!(
            slugs(
                impact_pages::team_stories(&ix, now, "en", "phones")
                    .iter()
                    .map(|s| &s.item.meta)
                    .collect()
            ),
            ["ours"]
        );
        assert_eq!(
            slugs(
                impact_pages::team_thanks(&ix, now, "en", "phones", "The phone team")
                    .iter()
                    .map(|s| &s.item.meta)
                    .collect()
            ),
            ["to-us"]
        );
        assert_eq!(
            slugs(
                impact_pages::team_events(&ix, now, "en", "phones")
                    .iter()
                    .map(|s| &s.item.meta)
                    .collect()
            ),
            ["soon"]
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_story_page_carries_its_text_once() {
    use crate::page_data::{PageDetail, PagePayload, BODY_ELEMENT_ID, ELEMENT_ID};
    use crate::prerender::{render_page, PageSpec, Shared, Shell};
    let full = archive(3);
    let now = full.generated_at;
    let summary = full.stories[0].clone();
    let body = "<p>The ferry <strong>waited</strong> for the last caller &amp; her dog.</p>";
    let spec = PageSpec {
        path: format!("/stories/{}", summary.meta.slug),
        lang: "en".into(),
        detail: Some(PageDetail::Story(impactwall_model::StoryDetail {
            summary,
            body_html: body.into(),
        })),
    };
    let shell = Shell::parse(
        "<!doctype html><html lang=\"en\"><head><title>t</title></head><body></body></html>",
    )
    .unwrap();
    let page = render_page(&shell, &full, &Shared::new(&full, now), &spec);
    assert_eq!(page.matches("waited").count(), 1, "{page}");
    let body_el = format!("<div class=\"prose\" id=\"{BODY_ELEMENT_ID}\">{body}</div>");
    assert!(page.contains(&body_el), "{page}");
    let open = format!("<script type=\"application/json\" id=\"{ELEMENT_ID}\">");
    let json = page
        .split(&open)
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .unwrap();
    let mut payload: PagePayload = serde_json::from_str(json).unwrap();
    assert!(payload.body_in_page);
    // What the browser does before hydrating: the text comes back from the element.
    payload.restore_body(body.into());
    let Some(PageDetail::Story(d)) = &payload.detail else {
        panic!("no story in {json}")
    };
    assert_eq!(d.body_html, body);
    assert!(!payload.body_in_page);
}
