//! The wall's browser-test data (`tests/e2e/fixtures/wall/`), built from the model
//! types so it always matches what `impactwall build` publishes. Items have windows at
//! fixed instants around Wednesday 2027-03-10 11:00 in Amsterdam, which the browser
//! tests reach with a controlled clock.
//!
//! `UPDATE_WALL_FIXTURE=1 cargo test --test wall_fixture` rewrites the files; without
//! it the test fails when they are stale.
#![allow(clippy::unwrap_used)] // test data: a failure should stop the test loudly

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use impactwall_model::rotation::{rotation_at, WallFilter, WallQuery};
use impactwall_model::*;

fn t(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Instant {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn meta(slug: &str, lang: &str, key: &str, date: DateTime<Utc>) -> ItemMeta {
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

fn image(name: &str, alt: &str) -> Option<Image> {
    Some(Image {
        src: format!("/media/{name}"),
        alt: alt.into(),
    })
}

#[allow(clippy::too_many_arguments)]
fn story(
    slug: &str,
    lang: &str,
    key: &str,
    title: &str,
    summary: &str,
    program: Option<&str>,
    img: Option<Image>,
    people: u64,
) -> StorySummary {
    StorySummary {
        meta: meta(slug, lang, key, t(2027, 3, 3, 9, 0)),
        title: title.into(),
        summary: summary.into(),
        author: Some("Communications team".into()),
        program: program.map(Into::into),
        image: img,
        people_helped: people,
        featured: false,
        talking_point: None,
        qr: Some(format!("/qr/stories/{slug}.svg")),
        reading_minutes: 3,
    }
}

fn thanks(
    slug: &str,
    lang: &str,
    key: &str,
    from: &str,
    to: &str,
    medium: Medium,
    quote: &str,
) -> ThanksSummary {
    ThanksSummary {
        meta: meta(slug, lang, key, t(2027, 3, 5, 15, 0)),
        from: from.into(),
        to: to.into(),
        medium,
        quote: Some(quote.into()),
        excerpt: quote.into(),
        audio: None,
        transcript: None,
        image: None,
    }
}

fn event(slug: &str, title: &str, starts: Instant, hours: i64, local: &str) -> EventSummary {
    let ends = starts + Duration::hours(hours);
    EventSummary {
        meta: meta(slug, "en", slug, starts),
        title: title.into(),
        summary: String::new(),
        starts,
        ends,
        all_day: false,
        timezone: "Europe/Amsterdam".into(),
        starts_local: local.into(),
        ends_local: local.into(),
        utc_offset: "+01:00".into(),
        location: None,
        online_url: None,
        rsvp_url: None,
        image: None,
        ics: format!("/calendar/{slug}.ics"),
    }
}

pub fn fixture_index() -> Index {
    let site = SiteInfo {
        name: "Brightwater Helpline".into(),
        mission: "Every call answered with patience, every caller one step further than when they rang.".into(),
        mission_html: "<p>Every call answered with patience.</p>".into(),
        impact_html: String::new(),
        logo: None,
        languages: vec!["en".into(), "es".into(), "nl".into()],
        default_language: "en".into(),
        timezone: "Europe/Amsterdam".into(),
        base_url: "https://help.brightwater.example".into(),
        search_engines: true,
        theme: Theme {
            primary: Some("#0b5d6b".into()),
            accent: Some("#c2571a".into()),
        },
        wall: WallConfig {
            slide_seconds: 10,
            refresh_seconds: 60,
            quiet_hours: vec![
                QuietHours {
                    days: vec![],
                    from: "20:00".into(),
                    to: "07:00".into(),
                },
                QuietHours {
                    days: vec!["sat".into(), "sun".into()],
                    from: "00:00".into(),
                    to: "24:00".into(),
                },
            ],
            playlists: vec![
                Playlist {
                    name: "lobby".into(),
                    kinds: vec![Kind::Story, Kind::Thanks],
                    lang: Some("es".into()),
                    slide_seconds: Some(15),
                    evergreen: true,
                    ..Default::default()
                },
                Playlist {
                    name: "events-board".into(),
                    kinds: vec![Kind::Event],
                    evergreen: false,
                    ..Default::default()
                },
            ],
        },
        translations: vec![
            SiteTranslation {
                lang: "es".into(),
                mission: Some("Cada llamada atendida con paciencia, cada persona un paso más lejos que cuando llamó.".into()),
                ..Default::default()
            },
            SiteTranslation {
                lang: "nl".into(),
                mission: Some("Elk gesprek met geduld beantwoord, elke beller een stap verder dan toen ze belden.".into()),
                ..Default::default()
            },
        ],
    };

    let mut night = story(
        "night-line-lifeline",
        "en",
        "night-line-lifeline",
        "The night line kept Samir company until the morning bus",
        "Stranded after a late shift with a dead phone battery and no money left on his travel card, Samir called from a petrol station. Our night volunteer stayed on the line, found him a warm place to wait and a seat on the first bus home.",
        Some("Night line"),
        image("night-line.5e1f0a2b.jpg", "A lit bus shelter on an empty street at night"),
        42,
    );
    night.meta.tags = vec!["night".into()];
    night.meta.team = Some("Night team".into());
    let mut night_es = story(
        "night-line-lifeline-es",
        "es",
        "night-line-lifeline",
        "La línea nocturna acompañó a Samir hasta el primer autobús",
        "Sin batería y sin saldo tras un turno tardío, Samir llamó desde una gasolinera. Nuestra voluntaria nocturna se quedó al teléfono hasta que encontró un lugar cálido donde esperar.",
        Some("Línea nocturna"),
        image("night-line.5e1f0a2b.jpg", "Una parada de autobús iluminada en una calle vacía de noche"),
        42,
    );
    night_es.meta.tags = vec!["night".into()];
    night_es.meta.team = Some("Night team".into());

    let mut coats = story(
        "winter-coat-drive",
        "en",
        "winter-coat-drive",
        "One hundred and twenty coats before the first frost",
        "Callers told us what they needed most this winter, and neighbours answered: the coat drive ends today at noon.",
        Some("Warm winter"),
        image("coats.7c3d9e41.jpg", "Rows of donated winter coats on a rail"),
        120,
    );
    coats.meta.schedule = Schedule {
        publish_at: None,
        expires_at: Some(t(2027, 3, 10, 12, 0)),
    };

    let garden = story(
        "garden-on-the-roof",
        "en",
        "garden-on-the-roof",
        "A rooftop garden where nobody eats lunch alone",
        "What began as a call about loneliness became a Tuesday gardening club on the library roof, with tomatoes, folding chairs and a kettle.",
        Some("Neighbourhood links"),
        image("garden.2b8f6d10.jpg", "Raised garden beds on a sunny rooftop"),
        17,
    );

    let mut board = story(
        "quarterly-board-report",
        "en",
        "quarterly-board-report",
        "Quarterly report to the board",
        "Figures and plans for the next quarter.",
        None,
        None,
        0,
    );
    board.meta.wall = false;
    let mut private = story(
        "ana-and-the-landlord",
        "en",
        "ana-and-the-landlord",
        "Ana and the landlord",
        "A story still waiting for the family's agreement.",
        None,
        None,
        3,
    );
    private.meta.consent = false;

    let mut maria = thanks(
        "voicemail-from-maria",
        "en",
        "voicemail-from-maria",
        "Maria, a caller from Utrecht",
        "the evening team",
        Medium::Voicemail,
        "You called me back when you said you would. Nobody ever does that.",
    );
    maria.audio = Some(Audio {
        src: "/media/maria.91ab23cd.ogg".into(),
        mime: "audio/ogg".into(),
    });
    maria.transcript = Some(
        "Hi, it's Maria, I spoke to someone on Thursday about my gas bill. I just wanted to say the payment plan went through, and you called me back when you said you would. Nobody ever does that. Thank you, really."
            .into(),
    );
    let okafor = thanks(
        "card-from-the-okafors",
        "en",
        "card-from-the-okafors",
        "the Okafor family",
        "the energy advice desk",
        Medium::Card,
        "Our kitchen is warm again this winter, and the children do their homework at the table instead of under blankets.",
    );
    let okafor_es = thanks(
        "card-from-the-okafors-es",
        "es",
        "card-from-the-okafors",
        "la familia Okafor",
        "el equipo de asesoría energética",
        Medium::Card,
        "Nuestra cocina vuelve a estar caliente este invierno, y los niños hacen los deberes en la mesa y no bajo las mantas.",
    );
    let mut unconsented = thanks(
        "email-from-a-landlord",
        "en",
        "email-from-a-landlord",
        "a landlord in Leiden",
        "the housing desk",
        Medium::Email,
        "Thanks for sorting this out.",
    );
    unconsented.meta.consent = false;

    let mut brunch = event(
        "annual-volunteer-brunch",
        "Annual volunteer brunch",
        t(2027, 3, 12, 9, 0),
        3,
        "2027-03-12T10:00",
    );
    brunch.meta.takeover = true;
    brunch.meta.schedule = Schedule {
        publish_at: Some(t(2027, 3, 12, 6, 0)),
        expires_at: Some(t(2027, 3, 12, 13, 0)),
    };
    brunch.location = Some("Harbour hall, second floor".into());
    brunch.summary = "Pastries, coffee and the year's thank-you cards read aloud. Everyone is welcome, bring a colleague.".into();
    let mut workshop = event(
        "listening-skills-workshop",
        "Listening skills workshop for new volunteers",
        t(2027, 3, 13, 13, 0),
        2,
        "2027-03-13T14:00",
    );
    workshop.location = Some("Room Oak and online".into());
    workshop.summary =
        "Two hours on silences, open questions and ending a difficult call well.".into();
    let open_day = event(
        "spring-open-day",
        "Spring open day",
        t(2027, 3, 1, 9, 0),
        4,
        "2027-03-01T10:00",
    );

    Index {
        version: DATA_VERSION,
        generated_at: t(2027, 3, 10, 8, 0),
        site,
        stories: vec![night, night_es, coats, garden, board, private],
        thanks: vec![maria, okafor, okafor_es, unconsented],
        events: vec![open_day, brunch, workshop],
    }
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fixtures/wall")
}

fn qr_svg(url: &str) -> String {
    let code = qrcode::QrCode::new(url.as_bytes()).unwrap();
    code.render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(false)
        .build()
}

/// Every file the fixture consists of, as (relative path, contents).
fn fixture_files() -> Vec<(PathBuf, String)> {
    let index = fixture_index();
    let mut files = vec![(
        PathBuf::from("data/index.json"),
        serde_json::to_string_pretty(&index).unwrap() + "\n",
    )];
    for s in &index.stories {
        if let Some(qr) = &s.qr {
            let url = format!("{}/stories/{}", index.site.base_url, s.meta.slug);
            files.push((PathBuf::from(qr.trim_start_matches('/')), qr_svg(&url)));
        }
    }
    files
}

#[test]
fn wall_fixture_is_current() {
    let dir = fixture_dir();
    let update = std::env::var_os("UPDATE_WALL_FIXTURE").is_some();
    let mut stale = Vec::new();
    for (rel, contents) in fixture_files() {
        let path = dir.join(&rel);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &contents).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            stale.push(rel.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale wall fixture files {stale:?}: run UPDATE_WALL_FIXTURE=1 cargo test --test wall_fixture"
    );
}

#[test]
fn fixture_round_trips_and_has_the_windows_the_browser_tests_expect() {
    let index = fixture_index();
    let json = serde_json::to_string(&index).unwrap();
    let back: Index = serde_json::from_str(&json).unwrap();
    assert_eq!(back, index);

    let keys = |at: Instant, pairs: &[(&str, &str)]| {
        let f = WallFilter::resolve(&index.site, &WallQuery::from_pairs(pairs.iter().copied()));
        let r = rotation_at(&index, &f, at);
        (
            r.takeover,
            r.slides.into_iter().map(|s| s.key).collect::<Vec<_>>(),
        )
    };
    let (takeover, before_noon) = keys(t(2027, 3, 10, 10, 0), &[]);
    assert!(!takeover);
    assert_eq!(
        before_noon,
        [
            "stories:night-line-lifeline",
            "thanks:voicemail-from-maria",
            "events:listening-skills-workshop",
            "stories:winter-coat-drive",
            "thanks:card-from-the-okafors",
            "stories:garden-on-the-roof",
            "counters",
            "mission"
        ]
    );
    let (_, after_noon) = keys(t(2027, 3, 10, 12, 0), &[]);
    assert!(!after_noon.contains(&"stories:winter-coat-drive".to_string()));
    let (takeover, brunch) = keys(t(2027, 3, 12, 6, 0), &[("kinds", "stories")]);
    assert!(takeover);
    assert_eq!(brunch, ["events:annual-volunteer-brunch"]);
    assert!(
        !keys(t(2027, 3, 12, 12, 0), &[]).0,
        "over when the brunch ends"
    );
    let (_, lobby) = keys(t(2027, 3, 10, 10, 0), &[("playlist", "lobby")]);
    assert!(lobby.contains(&"stories:night-line-lifeline-es".to_string()));
    assert!(lobby.contains(&"thanks:card-from-the-okafors-es".to_string()));
    assert!(!lobby.iter().any(|k| k.starts_with("events:")));
}
