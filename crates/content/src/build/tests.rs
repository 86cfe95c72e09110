//! Compiler tests over hand-built projects (no loader involved).

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::{Document, Item, Limits, Project, SiteSource};
use impactwall_model::{
    Audio, EventSummary, Image, Index, ItemMeta, Medium, Schedule, SiteTranslation, StoryDetail,
    StorySummary, ThanksSummary, WallConfig, DATA_VERSION,
};

fn t(s: &str) -> Instant {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn meta(slug: &str, lang: &str, date: &str) -> ItemMeta {
    ItemMeta {
        slug: slug.into(),
        lang: lang.into(),
        translation_key: slug.trim_end_matches("-es").into(),
        date: t(date),
        wall: true,
        consent: true,
        ..Default::default()
    }
}

pub(super) fn site() -> SiteSource {
    SiteSource {
        info: SiteInfo {
            name: "Harbourline Helpdesk".into(),
            mission: "Every call answered like it matters".into(),
            mission_html: "We **listen** first. <script>alert(1)</script>".into(),
            impact_html: "We count [people helped](https://impact.example.org/about).".into(),
            logo: Some(Image {
                src: "media/logo.png".into(),
                alt: "Harbourline logo".into(),
            }),
            languages: vec!["en".into(), "es".into()],
            default_language: "en".into(),
            timezone: "Europe/Amsterdam".into(),
            base_url: "https://impact.example.org/".into(),
            search_engines: true,
            theme: impactwall_model::Theme {
                primary: Some("#123456".into()),
                accent: None,
            },
            wall: WallConfig::default(),
            translations: vec![SiteTranslation {
                lang: "es".into(),
                name: Some("Harbourline Ayuda".into()),
                mission: None,
                mission_html: Some("Primero *escuchamos*.".into()),
                impact_html: None,
            }],
        },
        limits: Limits::default(),
        digest: None,
    }
}

fn story(slug: &str, lang: &str, date: &str, body: &str) -> Document {
    Document {
        kind: Kind::Story,
        path: PathBuf::from(format!("stories/{slug}.md")),
        draft: false,
        item: Item::Story(StorySummary {
            meta: meta(slug, lang, date),
            title: format!("Story {slug}"),
            summary: "A short summary".into(),
            author: Some("Marta".into()),
            program: None,
            image: Some(Image {
                src: "media/rosa.jpg".into(),
                alt: "Rosa at her desk".into(),
            }),
            people_helped: 12,
            featured: false,
            talking_point: None,
            qr: None,
            reading_minutes: 0,
        }),
        body: body.into(),
        body_line: 12,
    }
}

fn thanks(slug: &str, date: &str, body: &str) -> Document {
    Document {
        kind: Kind::Thanks,
        path: PathBuf::from(format!("thanks/{slug}.md")),
        draft: false,
        item: Item::Thanks(ThanksSummary {
            meta: meta(slug, "en", date),
            from: "a family in Ohio".into(),
            to: "Billing team".into(),
            medium: Medium::Voicemail,
            quote: None,
            excerpt: String::new(),
            audio: Some(Audio {
                src: "voice.ogg".into(),
                mime: String::new(),
            }),
            transcript: Some("Thank you so much.".into()),
            image: None,
        }),
        body: body.into(),
        body_line: 10,
    }
}

fn event(slug: &str, starts: &str, ends: &str) -> Document {
    Document {
        kind: Kind::Event,
        path: PathBuf::from(format!("events/{slug}.md")),
        draft: false,
        item: Item::Event(EventSummary {
            meta: meta(slug, "en", starts),
            title: format!("Event {slug}"),
            summary: "Coffee, cake and a thank-you".into(),
            starts: t(starts),
            ends: t(ends),
            all_day: false,
            timezone: "Europe/Amsterdam".into(),
            starts_local: String::new(),
            ends_local: String::new(),
            utc_offset: "+01:00".into(),
            location: Some("Kade 4, Amsterdam".into()),
            online_url: None,
            rsvp_url: Some("https://impact.example.org/rsvp".into()),
            image: None,
            ics: String::new(),
        }),
        body: "Join us.".into(),
        body_line: 9,
    }
}

pub(super) fn content_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("media")).unwrap();
    std::fs::write(dir.path().join("media/rosa.jpg"), b"rosa jpeg").unwrap();
    std::fs::write(dir.path().join("media/logo.png"), b"logo png").unwrap();
    std::fs::write(dir.path().join("media/voice.ogg"), b"ogg audio").unwrap();
    dir
}

fn project(root: &Path, documents: Vec<Document>) -> Project {
    Project {
        root: root.to_path_buf(),
        site: site(),
        documents,
        impact: Default::default(),
    }
}

fn compiler(root: &Path, docs: Vec<Document>) -> Compiler {
    let mut c = Compiler::new(root).with_now(t("2027-03-01T12:00:00Z"));
    c.install(project(root, docs), Vec::new(), Vec::new());
    c
}

fn text(set: &OutputSet, path: &str) -> String {
    String::from_utf8(
        set.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .bytes
            .to_vec(),
    )
    .unwrap()
}

#[test]
fn builds_every_output_from_a_project() {
    let dir = content_dir();
    let mut draft = story("secret", "en", "2027-02-01T00:00:00Z", "Not yet.");
    draft.draft = true;
    let docs = vec![
        story(
            "rosa",
            "en",
            "2027-02-10T09:00:00Z",
            "Rosa **called**.\n\n![desk](media/rosa.jpg)\n\n<img src=x onerror=alert(1)>",
        ),
        story("rosa-es", "es", "2027-02-10T09:00:00Z", "Rosa *llamó*."),
        story("older", "en", "2026-12-01T09:00:00Z", "Older story."),
        draft,
        thanks(
            "ohio",
            "2027-02-20T00:00:00Z",
            &"Thank you for staying on the line with us. ".repeat(20),
        ),
        event("brunch", "2027-04-10T08:00:00Z", "2027-04-10T10:00:00Z"),
        event("earlier", "2027-03-20T08:00:00Z", "2027-03-20T10:00:00Z"),
    ];
    let mut c = compiler(dir.path(), docs);
    let update = c.compile().unwrap();
    let out = &update.output;
    for path in [
        "theme.css",
        "data/index.json",
        "data/wall.json",
        "pagefind/en/pagefind-entry.json",
        "pagefind/en/pagefind.js",
        "feed.xml",
        "calendar.ics",
        "data/stories/rosa.json",
        "data/stories/rosa-es.json",
        "data/thanks/ohio.json",
        "data/events/brunch.json",
        "calendar/brunch.ics",
        "qr/stories/rosa.svg",
    ] {
        assert!(out.get(path).is_some(), "missing {path}");
    }
    // Drafts appear nowhere.
    assert!(out.files.keys().all(|k| !k.contains("secret")));
    for (k, f) in &out.files {
        if !k.starts_with("media/") {
            assert!(
                !String::from_utf8_lossy(&f.bytes).contains("secret"),
                "draft in {k}"
            );
        }
    }
    let index: Index = serde_json::from_str(&text(out, "data/index.json")).unwrap();
    assert_eq!(index.version, DATA_VERSION);
    let slugs: Vec<&str> = index.stories.iter().map(|s| s.meta.slug.as_str()).collect();
    assert_eq!(slugs, ["rosa", "rosa-es", "older"]);
    let events: Vec<&str> = index.events.iter().map(|e| e.meta.slug.as_str()).collect();
    assert_eq!(events, ["earlier", "brunch"]);
    assert_eq!(index.events[1].ics, "/calendar/brunch.ics");
    assert_eq!(index.stories[0].qr.as_deref(), Some("/qr/stories/rosa.svg"));
    assert_eq!(index.stories[0].reading_minutes, 1);
    // Media hashed and referenced.
    let img = index.stories[0].image.as_ref().unwrap();
    assert!(
        img.src.starts_with("/media/rosa.") && img.src.ends_with(".jpg"),
        "{}",
        img.src
    );
    assert_eq!(&**out.get(&img.src).unwrap().bytes, b"rosa jpeg");
    let audio = index.thanks[0].audio.as_ref().unwrap();
    assert_eq!(audio.mime, "audio/ogg");
    assert!(out.get(&audio.src).is_some());
    assert!(index
        .site
        .logo
        .as_ref()
        .unwrap()
        .src
        .starts_with("/media/logo."));
    // Site Markdown rendered and sanitised, translations too.
    assert!(index.site.mission_html.contains("<strong>listen</strong>"));
    assert!(!index.site.mission_html.contains("<script"));
    assert_eq!(
        index.site.translations[0].mission_html.as_deref(),
        Some("<p>Primero <em>escuchamos</em>.</p>\n")
    );
    // Thanks excerpt: plain text, at most 280 characters, cut at a word.
    let excerpt = &index.thanks[0].excerpt;
    assert!(
        excerpt.chars().count() <= EXCERPT_CHARS && excerpt.ends_with('…'),
        "{excerpt}"
    );
    // Detail has the sanitised body with the hashed media URL.
    let detail: StoryDetail = serde_json::from_str(&text(out, "data/stories/rosa.json")).unwrap();
    assert!(detail.body_html.contains("<strong>called</strong>"));
    assert!(detail.body_html.contains(&format!("src=\"{}\"", img.src)));
    assert!(!detail.body_html.contains("<img src=\"x\""));
    assert!(detail.body_html.contains("&lt;img"));
    assert!(text(out, "theme.css").contains("--color-primary: #123456;"));
    assert_eq!(search_page_count(out), 6);
    let feed = text(out, "feed.xml");
    assert_eq!(feed.matches("<entry ").count(), 4);
    assert!(feed.contains("<entry xml:lang=\"es\">"));
    let cal = text(out, "calendar.ics");
    assert_eq!(cal.matches("BEGIN:VEVENT").count(), 2);
    assert!(cal.contains("UID:brunch@impact.example.org"));
    assert!(cal.find("UID:earlier").unwrap() < cal.find("UID:brunch").unwrap());
    assert_eq!(c.counts().get(&(Kind::Story, "en".into())), Some(&2));
    assert_eq!(update.changed.len(), out.files.len());
}

#[test]
fn unchanged_documents_are_not_rendered_again() {
    let dir = content_dir();
    let docs = vec![
        story("rosa", "en", "2027-02-10T09:00:00Z", "Rosa called."),
        story("ana", "en", "2027-02-11T09:00:00Z", "Ana called."),
    ];
    let mut c = compiler(dir.path(), docs);
    c.compile().unwrap();
    let before = c
        .renders
        .get(Path::new("stories/ana.md"))
        .unwrap()
        .doc
        .clone();
    // Edit one document in place, as a reload would.
    if let Some(state) = c.state.as_mut() {
        state.project.documents[0].body = "Rosa called twice.".into();
    }
    c.dirty.insert(PathBuf::from("stories/rosa.md"));
    let update = c.compile().unwrap();
    let after = c
        .renders
        .get(Path::new("stories/ana.md"))
        .unwrap()
        .doc
        .clone();
    assert!(Arc::ptr_eq(&before, &after), "ana was rendered again");
    assert!(update
        .changed
        .contains(&"data/stories/rosa.json".to_owned()));
    // Only the body changed and the clock is fixed: the summaries stay the same.
    assert!(!update.changed.contains(&"data/index.json".to_owned()));
    assert!(update
        .changed
        .iter()
        .any(|p| p.starts_with("pagefind/en/fragment/")));
    assert!(!update.changed.contains(&"data/stories/ana.json".to_owned()));
    assert!(!update.changed.contains(&"qr/stories/ana.svg".to_owned()));
}

#[test]
fn changed_media_file_re_renders_its_users() {
    let dir = content_dir();
    let docs = vec![story(
        "rosa",
        "en",
        "2027-02-10T09:00:00Z",
        "![x](media/rosa.jpg)",
    )];
    let mut c = compiler(dir.path(), docs);
    let first = c.compile().unwrap().output;
    std::fs::write(dir.path().join("media/rosa.jpg"), b"a different jpeg").unwrap();
    c.media.forget("media/rosa.jpg");
    c.dirty.insert(PathBuf::from("stories/rosa.md"));
    let update = c.compile().unwrap();
    assert!(update.changed.iter().any(|p| p == "data/stories/rosa.json"));
    let old_media: Vec<&String> = first
        .files
        .keys()
        .filter(|k| k.starts_with("media/rosa."))
        .collect();
    assert_eq!(old_media.len(), 1);
    assert!(update.output.get(old_media[0]).is_none());
}

#[test]
fn errors_keep_the_last_good_build() {
    let dir = content_dir();
    let docs = vec![story("rosa", "en", "2027-02-10T09:00:00Z", "Hello")];
    let mut c = compiler(dir.path(), docs);
    let good = c.compile().unwrap().output;
    std::fs::remove_file(dir.path().join("media/rosa.jpg")).unwrap();
    c.media.forget("media/rosa.jpg");
    c.dirty.insert(PathBuf::from("stories/rosa.md"));
    let errs = c.compile().unwrap_err();
    assert!(errs
        .iter()
        .any(|d| d.code == "missing-media" && d.file == Path::new("stories/rosa.md")));
    assert_eq!(c.last_good(), Some(&good));
}

#[test]
fn duplicate_outputs_are_an_error() {
    let dir = content_dir();
    let mut a = story("same", "en", "2027-02-10T09:00:00Z", "A");
    a.path = PathBuf::from("stories/a.md");
    let mut b = story("same", "en", "2027-02-10T09:00:00Z", "B");
    b.path = PathBuf::from("stories/b.md");
    let mut c = compiler(dir.path(), vec![a, b]);
    let errs = c.compile().unwrap_err();
    assert!(errs.iter().any(|d| d.code == "duplicate-slug"), "{errs:?}");
}

#[test]
fn body_notes_carry_file_positions() {
    let dir = content_dir();
    let docs = vec![story(
        "rosa",
        "en",
        "2027-02-10T09:00:00Z",
        "Hi\n\nsee [x](javascript:alert(1))",
    )];
    let mut c = compiler(dir.path(), docs);
    let update = c.compile().unwrap();
    let d = update
        .diagnostics
        .iter()
        .find(|d| d.code == "unsafe-link")
        .unwrap();
    assert_eq!((d.line, d.column), (14, 5));
    assert_eq!(d.file, Path::new("stories/rosa.md"));
}

#[test]
fn future_items_stay_out_of_the_feed_but_in_the_index() {
    let dir = content_dir();
    let mut later = story("later", "en", "2027-02-10T09:00:00Z", "Soon");
    if let Item::Story(s) = &mut later.item {
        s.meta.schedule = Schedule {
            publish_at: Some(t("2027-05-01T00:00:00Z")),
            expires_at: None,
        };
    }
    let mut c = compiler(dir.path(), vec![later]);
    let out = c.compile().unwrap().output;
    assert!(!text(&out, "feed.xml").contains("/stories/later"));
    assert!(text(&out, "data/index.json").contains("\"later\""));
    let _ = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0);
}

#[test]
fn change_classification() {
    assert_eq!(classify(Path::new("site.toml")), Change::Site);
    assert_eq!(classify(Path::new("stories/a.md")), Change::Document);
    assert_eq!(classify(Path::new("stories/README.md")), Change::Ignored);
    assert_eq!(classify(Path::new("stories/.a.md.swp")), Change::Ignored);
    assert_eq!(
        classify(Path::new("media/x/y.jpg")),
        Change::Media("media/x/y.jpg".into())
    );
    assert_eq!(classify(Path::new("stories/notes.txt")), Change::Other);
    assert!(same_media("rosa.jpg", "media/rosa.jpg"));
    assert!(same_media("media/rosa.jpg", "media/rosa.jpg"));
    assert!(!same_media("media/other.jpg", "media/rosa.jpg"));
}

#[test]
fn cut_text_has_no_dangling_punctuation() {
    assert_eq!(
        tidy_ellipsis("so here is our voicemail,…"),
        "so here is our voicemail…"
    );
    assert_eq!(tidy_ellipsis("whole, untouched."), "whole, untouched.");
}

/// Rendering runs on a rayon pool; the output must not depend on how many threads
/// it has or in which order they finish.
#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    let dir = content_dir();
    let docs = || -> Vec<Document> {
        (0..40)
            .map(|i| {
                let body = format!("Story {i} **body**.\n\n![desk](media/rosa.jpg)");
                story(&format!("s{i:02}"), "en", "2027-02-10T09:00:00Z", &body)
            })
            .chain((0..10).map(|i| thanks(&format!("t{i}"), "2027-02-20T00:00:00Z", "Thank you.")))
            .chain((0..10).map(|i| {
                event(
                    &format!("e{i}"),
                    "2027-04-10T08:00:00Z",
                    "2027-04-10T10:00:00Z",
                )
            }))
            .collect()
    };
    let build_on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| compiler(dir.path(), docs()).compile().unwrap().output)
    };
    let (one, many) = (build_on(1), build_on(4));
    assert_eq!(one.files.len(), many.files.len());
    for (path, file) in &one.files {
        let other = many.files.get(path).unwrap_or_else(|| panic!("no {path}"));
        assert_eq!(file.bytes, other.bytes, "{path}");
    }
    assert!(one.get("qr/stories/s39.svg").is_some());
}

/// Items in the search index, over every language's Pagefind bundle.
fn search_page_count(out: &OutputSet) -> u64 {
    out.files
        .iter()
        .filter(|(path, _)| path.starts_with("pagefind/") && path.ends_with("/pagefind-entry.json"))
        .map(|(_, file)| {
            let entry: serde_json::Value = serde_json::from_slice(&file.bytes).unwrap();
            entry["languages"]
                .as_object()
                .unwrap()
                .values()
                .map(|l| l["page_count"].as_u64().unwrap())
                .sum::<u64>()
        })
        .sum()
}

#[test]
fn search_text_folds_whitespace_and_stops_at_the_cap() {
    assert_eq!(super::search_text(&["a  b\n", "c"]), "a b c");
    let long = "wörd ".repeat(2_000);
    let text = super::search_text(&[&long]);
    assert_eq!(text.chars().count(), super::SEARCH_TEXT_CHARS);
    assert!(text.starts_with("wörd wörd "), "{text}");
}
