//! The decoder against serde: on compiled sites, on the browser-test fixtures, on
//! hand-built values with every optional field present and absent, and on every
//! field of those values removed, nulled or given a value of the wrong type.

#![allow(clippy::unwrap_used)]

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value as J};

use super::*;
use crate::content::{Compiler, OutputSet};
use crate::model::DATA_VERSION;

/// Decodes `text` with ours and with serde_json: both accept it and agree on the
/// value, or both refuse it (then our message is returned).
fn both<T>(text: &str) -> Result<T, String>
where
    T: FromJson + DeserializeOwned + PartialEq + Debug,
{
    match (decode::<T>(text), serde_json::from_str::<T>(text)) {
        (Ok(ours), Ok(theirs)) => {
            assert_eq!(ours, theirs, "{text}");
            Ok(ours)
        }
        (Err(ours), Err(_)) => Err(ours.to_string()),
        (ours, theirs) => {
            panic!("the readers disagree on {text}\nours: {ours:?}\nserde: {theirs:?}")
        }
    }
}

/// Serialised the way the compiler does (compact and pretty), read back equal.
fn round_trip<T>(value: &T)
where
    T: FromJson + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let text = serde_json::to_string(value).unwrap();
    assert_eq!(&both::<T>(&text).unwrap(), value);
    let pretty = serde_json::to_string_pretty(value).unwrap();
    assert_eq!(&decode::<T>(&pretty).unwrap(), value);
}

/// Decodes one published data file by its path; returns false for files the
/// browser does not decode.
fn check_data_file(path: &str, text: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    if path.ends_with("data/index.json") {
        round_trip(&both::<Index>(text).unwrap());
    } else if !name.ends_with(".json") || name == "search.json" {
        return false;
    } else if path.contains("data/stories/") {
        round_trip(&both::<StoryDetail>(text).unwrap());
    } else if path.contains("data/thanks/") {
        round_trip(&both::<ThanksDetail>(text).unwrap());
    } else if path.contains("data/events/") {
        round_trip(&both::<EventDetail>(text).unwrap());
    } else {
        return false;
    }
    true
}

fn check_build(set: &OutputSet) -> usize {
    set.files
        .iter()
        .filter(|(path, _)| path.starts_with("data/"))
        .filter(|(path, file)| check_data_file(path, std::str::from_utf8(&file.bytes).unwrap()))
        .count()
}

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn reads_every_data_file_of_the_sample_and_fixture_sites_as_serde_does() {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
    for dir in [
        "content",
        "tests/fixtures/valid/build-small",
        "tests/fixtures/valid/minimal",
        "tests/fixtures/valid/multilingual",
    ] {
        let (set, _warnings) = Compiler::new(root(dir))
            .with_now(now)
            .full_build()
            .unwrap_or_else(|d| panic!("{dir}: {d:?}"));
        let n = check_build(&set);
        assert!(n >= 2, "{dir}: only {n} data files");
    }
}

#[test]
fn reads_the_browser_test_fixtures_as_serde_does() {
    let mut n = 0;
    let mut stack = vec![root("tests/e2e/fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let rel = path.to_string_lossy().replace('\\', "/");
                if check_data_file(&rel, &text) {
                    n += 1;
                }
            }
        }
    }
    assert!(n >= 10, "only {n} fixture files");
}

fn at(d: u32, h: u32) -> Instant {
    Utc.with_ymd_and_hms(2027, 3, d, h, 0, 0).unwrap()
}

fn image(name: &str) -> Option<Image> {
    Some(Image {
        src: format!("/media/{name}.jpg"),
        alt: format!("Photo \"{name}\" \\ ✓ 😀\n"),
    })
}

/// Every optional field set (and every default field off its default).
fn full_meta(slug: &str) -> ItemMeta {
    ItemMeta {
        slug: slug.into(),
        lang: "es".into(),
        translation_key: "key".into(),
        date: at(1, 9),
        schedule: Schedule {
            publish_at: Some(at(2, 8)),
            expires_at: Some(at(30, 17)),
        },
        tags: vec!["housing".into(), "ünïcode".into()],
        team: Some("Night shift".into()),
        wall: false,
        takeover: true,
        wall_seconds: Some(45),
        consent: true,
    }
}

/// Every optional field absent, every default field at its default.
fn bare_meta(slug: &str) -> ItemMeta {
    ItemMeta {
        slug: slug.into(),
        lang: "en".into(),
        translation_key: slug.into(),
        date: Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap()
            + chrono::Duration::nanoseconds(123_456_789),
        wall: true,
        ..Default::default()
    }
}

fn stories() -> Vec<StoryDetail> {
    vec![
        StoryDetail {
            summary: StorySummary {
                meta: full_meta("full-story"),
                title: "Full".into(),
                summary: "Everything set".into(),
                author: Some("Marta".into()),
                program: Some("Housing".into()),
                image: image("rosa"),
                people_helped: 9_007_199_254_740_992,
                featured: true,
                qr: Some("/qr/stories/full-story.svg".into()),
                reading_minutes: u32::MAX,
            },
            body_html: "<p>Body</p>".into(),
        },
        StoryDetail {
            summary: StorySummary {
                meta: bare_meta("bare-story"),
                title: String::new(),
                summary: String::new(),
                author: None,
                program: None,
                image: None,
                people_helped: 0,
                featured: false,
                qr: None,
                reading_minutes: 0,
            },
            body_html: String::new(),
        },
    ]
}

fn thanks() -> Vec<ThanksDetail> {
    let mut out = vec![ThanksDetail {
        summary: ThanksSummary {
            meta: full_meta("full-thanks"),
            from: "a family in Ohio".into(),
            to: "Billing".into(),
            medium: Medium::Voicemail,
            quote: Some("Thank you!".into()),
            excerpt: "Thank you so much".into(),
            audio: Some(Audio {
                src: "/media/voice.ogg".into(),
                mime: "audio/ogg".into(),
            }),
            transcript: Some("Thank you so much.\n\nReally.".into()),
            image: image("card"),
        },
        body_html: "<p>Thanks</p>".into(),
    }];
    // One bare message per medium.
    for m in Medium::ALL {
        out.push(ThanksDetail {
            summary: ThanksSummary {
                meta: bare_meta(m.as_str()),
                from: "x".into(),
                to: "y".into(),
                medium: m,
                quote: None,
                excerpt: String::new(),
                audio: None,
                transcript: None,
                image: None,
            },
            body_html: String::new(),
        });
    }
    out
}

fn events() -> Vec<EventDetail> {
    vec![
        EventDetail {
            summary: EventSummary {
                meta: full_meta("full-event"),
                title: "Brunch".into(),
                summary: "Coffee".into(),
                starts: at(14, 9),
                ends: at(14, 12),
                all_day: true,
                timezone: "Europe/Amsterdam".into(),
                starts_local: "2027-03-14T10:00".into(),
                ends_local: "2027-03-14T13:00".into(),
                utc_offset: "+01:00".into(),
                location: Some("Kade 4".into()),
                online_url: Some("https://meet.example/x".into()),
                rsvp_url: Some("https://rsvp.example/x".into()),
                image: image("brunch"),
                ics: "/calendar/full-event.ics".into(),
            },
            body_html: "<p>Join us</p>".into(),
        },
        EventDetail {
            summary: EventSummary {
                meta: bare_meta("bare-event"),
                title: "Bare".into(),
                summary: String::new(),
                starts: at(20, 9),
                ends: at(20, 11),
                all_day: false,
                timezone: "UTC".into(),
                starts_local: "2027-03-20T09:00".into(),
                ends_local: "2027-03-20T11:00".into(),
                utc_offset: "+00:00".into(),
                location: None,
                online_url: None,
                rsvp_url: None,
                image: None,
                ics: "/calendar/bare-event.ics".into(),
            },
            body_html: String::new(),
        },
    ]
}

fn full_site() -> SiteInfo {
    SiteInfo {
        name: "Harbourline".into(),
        mission: "Every call answered".into(),
        mission_html: "<p>We listen</p>".into(),
        impact_html: "<p>We count</p>".into(),
        logo: image("logo"),
        languages: vec!["en".into(), "es".into()],
        default_language: "en".into(),
        timezone: "Europe/Amsterdam".into(),
        base_url: "https://impact.example.org/".into(),
        theme: Theme {
            primary: Some("#123456".into()),
            accent: Some("rebeccapurple".into()),
        },
        wall: WallConfig {
            slide_seconds: 10,
            refresh_seconds: 60,
            quiet_hours: vec![
                QuietHours {
                    days: vec!["sat".into(), "sun".into()],
                    from: "00:00".into(),
                    to: "24:00".into(),
                },
                QuietHours {
                    days: vec![],
                    from: "20:00".into(),
                    to: "07:00".into(),
                },
            ],
            playlists: vec![
                Playlist {
                    name: "lobby".into(),
                    kinds: vec![Kind::Story, Kind::Thanks, Kind::Event],
                    tags: vec!["housing".into()],
                    teams: vec!["Night shift".into()],
                    lang: Some("es".into()),
                    slide_seconds: Some(8),
                    evergreen: false,
                },
                Playlist {
                    name: "bare".into(),
                    evergreen: true,
                    ..Default::default()
                },
            ],
        },
        translations: vec![
            SiteTranslation {
                lang: "es".into(),
                name: Some("Harbourline ES".into()),
                mission: Some("Cada llamada".into()),
                mission_html: Some("<p>Escuchamos</p>".into()),
                impact_html: Some("<p>Contamos</p>".into()),
            },
            SiteTranslation {
                lang: "nl".into(),
                ..Default::default()
            },
        ],
    }
}

fn bare_site() -> SiteInfo {
    SiteInfo {
        name: "Bare".into(),
        mission: String::new(),
        mission_html: String::new(),
        impact_html: String::new(),
        logo: None,
        languages: vec![],
        default_language: "en".into(),
        timezone: "UTC".into(),
        base_url: "http://localhost/".into(),
        theme: Theme::default(),
        wall: WallConfig::default(),
        translations: vec![],
    }
}

fn full_index() -> Index {
    Index {
        version: DATA_VERSION,
        generated_at: at(1, 12),
        site: full_site(),
        stories: stories().into_iter().map(|d| d.summary).collect(),
        thanks: thanks().into_iter().map(|d| d.summary).collect(),
        events: events().into_iter().map(|d| d.summary).collect(),
    }
}

#[test]
fn hand_built_values_round_trip() {
    round_trip(&full_index());
    round_trip(&Index {
        site: bare_site(),
        stories: vec![],
        thanks: vec![],
        events: vec![],
        ..full_index()
    });
    stories().iter().for_each(round_trip);
    thanks().iter().for_each(round_trip);
    events().iter().for_each(round_trip);
}

#[test]
fn enum_names_are_serdes() {
    for k in Kind::ALL {
        round_trip(&Playlist {
            kinds: vec![k],
            ..Default::default()
        });
    }
    for m in Medium::ALL {
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(text, format!("\"{}\"", m.as_str()));
        assert_eq!(decode::<Medium>(&text), Ok(m));
    }
}

/// Places in a document: the path of every object member and array element.
fn places(v: &J, here: &mut Vec<J>, out: &mut Vec<Vec<J>>) {
    match v {
        J::Object(m) => {
            for (k, x) in m {
                here.push(J::from(k.as_str()));
                out.push(here.clone());
                places(x, here, out);
                here.pop();
            }
        }
        J::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(J::from(i));
                out.push(here.clone());
                places(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

/// `doc` with the value at `path` replaced by `with`, or removed when `None`.
fn mutated(doc: &J, path: &[J], with: Option<&J>) -> J {
    let mut doc = doc.clone();
    let (last, parents) = path.split_last().unwrap();
    let mut cur = &mut doc;
    for p in parents {
        cur = match p {
            J::String(k) => cur.get_mut(k.as_str()).unwrap(),
            _ => cur.get_mut(p.as_u64().unwrap() as usize).unwrap(),
        };
    }
    match (cur, last, with) {
        (J::Object(m), J::String(k), None) => {
            m.remove(k);
        }
        (J::Object(m), J::String(k), Some(w)) => {
            m.insert(k.clone(), w.clone());
        }
        (J::Array(a), i, None) => {
            a.remove(i.as_u64().unwrap() as usize);
        }
        (J::Array(a), i, Some(w)) => a[i.as_u64().unwrap() as usize] = w.clone(),
        _ => unreachable!(),
    }
    doc
}

/// `v` with an unknown member added to every object in it.
fn with_unknown_members(mut v: J) -> J {
    match &mut v {
        J::Object(m) => {
            for x in m.values_mut() {
                *x = with_unknown_members(x.take());
            }
            m.insert("an_unknown_field".into(), json!([{"slug": 1}]));
        }
        J::Array(a) => {
            for x in a.iter_mut() {
                *x = with_unknown_members(x.take());
            }
        }
        _ => {}
    }
    v
}

/// Every member and element of `value` removed, nulled or replaced by values of
/// each JSON type: ours accepts exactly what serde accepts, with the same result.
/// This checks required fields, defaults, `Option`s, types and ranges of every field.
/// Returns how many of the variants were refused.
fn agrees_on_every_mutation<T>(value: &T) -> usize
where
    T: FromJson + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let doc = serde_json::to_value(value).unwrap();
    let replacements = [
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(7),
        json!(-1),
        json!(1.5),
        json!(4_294_967_296u64),
        json!(""),
        json!("story"),
        json!("voicemail"),
        json!("2027-03-01T09:00:00+01:00"),
        json!("2027-03-01"),
        json!([]),
        json!(["x"]),
        json!({}),
        json!({"src": "/a.jpg", "alt": "a", "mime": "audio/ogg"}),
    ];
    let mut paths = Vec::new();
    places(&doc, &mut Vec::new(), &mut paths);
    let mut refused = 0;
    for path in &paths {
        let removed = serde_json::to_string(&mutated(&doc, path, None)).unwrap();
        refused += usize::from(both::<T>(&removed).is_err());
        let was_object = path
            .iter()
            .try_fold(&doc, |v, p| match p {
                J::String(k) => v.get(k.as_str()),
                _ => v.get(p.as_u64().unwrap() as usize),
            })
            .unwrap()
            .is_object();
        for r in &replacements {
            let text = serde_json::to_string(&mutated(&doc, path, Some(r))).unwrap();
            if was_object && r.is_array() {
                // serde also reads a struct from an array of its fields in order; the
                // compiler never writes one, and ours wants an object.
                if let Ok(ours) = decode::<T>(&text) {
                    assert_eq!(ours, serde_json::from_str::<T>(&text).unwrap());
                }
                refused += 1;
                continue;
            }
            refused += usize::from(both::<T>(&text).is_err());
        }
    }
    let text = serde_json::to_string(&with_unknown_members(doc)).unwrap();
    assert_eq!(&both::<T>(&text).unwrap(), value, "{text}");
    refused
}

#[test]
fn agrees_with_serde_on_every_field_removed_nulled_or_mistyped() {
    assert!(agrees_on_every_mutation(&full_index()) > 0);
    for d in stories() {
        agrees_on_every_mutation(&d);
    }
    for d in thanks() {
        agrees_on_every_mutation(&d);
    }
    for d in events() {
        agrees_on_every_mutation(&d);
    }
}

fn index_doc() -> J {
    serde_json::to_value(full_index()).unwrap()
}

fn error_of(doc: &J) -> String {
    let text = serde_json::to_string(doc).unwrap();
    decode::<Index>(&text).unwrap_err().to_string()
}

#[test]
fn errors_name_the_path() {
    let mut doc = index_doc();
    doc["stories"][1].as_object_mut().unwrap().remove("slug");
    assert_eq!(error_of(&doc), "stories[1].slug: missing");

    let mut doc = index_doc();
    doc["thanks"][0]["audio"]["mime"] = json!(3);
    assert_eq!(error_of(&doc), "thanks[0].audio.mime: expected a string");

    let mut doc = index_doc();
    doc["generated_at"] = json!("next tuesday");
    assert_eq!(error_of(&doc), "generated_at: not an RFC 3339 time");

    let mut doc = index_doc();
    doc["events"][1]["schedule"] = json!({"publish_at": "2027-02-30T00:00:00Z"});
    assert_eq!(
        error_of(&doc),
        "events[1].schedule.publish_at: not an RFC 3339 time"
    );

    let mut doc = index_doc();
    doc["site"]["wall"]["playlists"][0]["kinds"][2] = json!("events");
    assert_eq!(
        error_of(&doc),
        "site.wall.playlists[0].kinds[2]: expected story, thanks or event"
    );

    let mut doc = index_doc();
    doc["site"]["wall"]["slide_seconds"] = json!(4_294_967_296u64);
    assert_eq!(
        error_of(&doc),
        "site.wall.slide_seconds: number out of range"
    );

    let mut doc = index_doc();
    doc["stories"][0]["people_helped"] = json!(-3);
    assert_eq!(
        error_of(&doc),
        "stories[0].people_helped: number out of range"
    );

    let mut doc = index_doc();
    doc["stories"][0]["reading_minutes"] = json!(2.5);
    assert_eq!(
        error_of(&doc),
        "stories[0].reading_minutes: expected a whole number"
    );

    let mut doc = index_doc();
    doc["thanks"][2]["medium"] = json!("fax");
    assert_eq!(
        error_of(&doc),
        "thanks[2].medium: expected letter, email, card, voicemail, video or message"
    );

    let mut doc = index_doc();
    doc["site"]["languages"] = json!(["en", null]);
    assert_eq!(error_of(&doc), "site.languages[1]: expected a string");

    let mut doc = index_doc();
    doc["stories"][0]["summary"] = json!(null);
    assert_eq!(error_of(&doc), "stories[0].summary: expected a string");

    let mut doc = index_doc();
    doc["stories"] = json!({});
    assert_eq!(error_of(&doc), "stories: expected an array");

    assert_eq!(error_of(&json!([])), "expected an object");
    assert_eq!(
        decode::<Index>("{\"version\": 1,\n \"site\": {]}")
            .unwrap_err()
            .to_string(),
        "line 2 column 11: expected a string key"
    );
    assert_eq!(
        decode::<StoryDetail>("").unwrap_err(),
        DecodeError {
            path: String::new(),
            msg: "unexpected end of input",
            at: Some((1, 1)),
        }
    );
}

#[test]
fn documented_differences_from_serde() {
    // A repeated key: the last one counts (serde refuses the document).
    let mut doc = serde_json::to_string(&index_doc()).unwrap();
    doc.insert_str(1, "\"version\":99,");
    assert!(serde_json::from_str::<Index>(&doc).is_err());
    assert_eq!(decode::<Index>(&doc).unwrap().version, DATA_VERSION);
    doc.insert_str(doc.len() - 1, ",\"version\":99");
    assert_eq!(decode::<Index>(&doc).unwrap().version, 99);
}

#[test]
fn integer_fields_want_integers_as_serde_does() {
    for (written, want) in [
        ("1", Ok(1)),
        ("4294967295", Ok(u32::MAX)),
        ("1.0", Err("version: expected a whole number")),
        ("1e0", Err("version: expected a whole number")),
        ("1e400", Err("version: expected a whole number")),
        ("-0", Err("version: number out of range")),
        ("-1", Err("version: number out of range")),
        ("4294967296", Err("version: number out of range")),
        ("18446744073709551616", Err("version: number out of range")),
    ] {
        // Keys come out sorted: `version` is the index's last one.
        let text = serde_json::to_string(&index_doc()).unwrap();
        let old = format!("\"version\":{DATA_VERSION}}}");
        let text = format!(
            "{}\"version\":{written}}}",
            text.strip_suffix(&old).expect("version last")
        );
        let ours = decode::<Index>(&text)
            .map(|ix| ix.version)
            .map_err(|e| e.to_string());
        assert_eq!(ours, want.map_err(String::from), "{written}");
        // serde_json accepts and refuses the same numbers.
        let theirs = serde_json::from_str::<Index>(&text).map(|ix| ix.version);
        assert_eq!(theirs.is_ok(), ours.is_ok(), "{written}");
    }
}

#[test]
fn the_site_index_is_the_index_without_the_wall() {
    let full = full_index();
    assert_ne!(
        full.site.wall,
        WallConfig::default(),
        "the fixture must have a wall"
    );
    let text = serde_json::to_string(&full).expect("serialises");
    let site = decode_site_index(&text).expect("decodes");
    let mut expected = full.clone();
    expected.site.wall = WallConfig::default();
    assert_eq!(site, expected);
    // A broken wall section is the wall's concern: the site still reads the rest.
    let mut doc: J = serde_json::from_str(&text).expect("json");
    doc["site"]["wall"] = json!("not a wall");
    let broken = doc.to_string();
    assert!(decode::<Index>(&broken).is_err());
    assert_eq!(decode_site_index(&broken).expect("site decodes"), expected);
    // Everything else is checked as before.
    doc["site"]["name"] = json!(7);
    let e = decode_site_index(&doc.to_string()).expect_err("bad name");
    assert_eq!(e.path, "site.name");
}
