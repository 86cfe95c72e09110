//! The reading site's browser-test fixture (`tests/e2e/fixtures/site/`): a small
//! published site built from `model` values, so it always matches the JSON contract.
//!
//! `IMPACTWALL_WRITE_FIXTURE=1 cargo test --test site_fixture` rewrites the files;
//! a plain run fails when the committed files drift from the model.
//!
//! The fixture's "now" is 2027-02-15T10:00:00Z (Monday, 11:00 in Amsterdam).
// Test support code: a failure here should stop the test loudly.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Duration, TimeZone, Utc};
use impactwall_model::*;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Instant {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
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

fn img(file: &str, alt: &str) -> Option<Image> {
    Some(Image {
        src: format!("/media/{file}"),
        alt: alt.into(),
    })
}

struct StorySpec {
    slug: &'static str,
    lang: &'static str,
    key: &'static str,
    date: Instant,
    title: &'static str,
    summary: &'static str,
    author: &'static str,
    program: &'static str,
    team: &'static str,
    tags: &'static [&'static str],
    image: Option<(&'static str, &'static str)>,
    people: u64,
    featured: bool,
    schedule: Schedule,
    body: &'static str,
}

fn story(s: &StorySpec) -> StoryDetail {
    let mut m = meta(s.slug, s.lang, s.key, s.date);
    m.team = Some(s.team.into());
    m.tags = s.tags.iter().map(|t| t.to_string()).collect();
    m.schedule = s.schedule.clone();
    StoryDetail {
        summary: StorySummary {
            meta: m,
            title: s.title.into(),
            summary: s.summary.into(),
            author: Some(s.author.into()),
            program: Some(s.program.into()),
            image: s.image.and_then(|(f, a)| img(f, a)),
            people_helped: s.people,
            featured: s.featured,
            qr: Some(format!("/qr/stories/{}.svg", s.slug)),
            reading_minutes: (s.body.split_whitespace().count() as u32 / 200).max(1),
        },
        body_html: s.body.into(),
    }
}

const ROSA_BODY: &str = "<p>When Rosa called in November, the letter from her landlord was already three weeks old. She had read it so many times the folds had gone soft.</p><p>Dana, on the evening line, stayed with her for forty minutes. Together they found the emergency rent fund, filled in the form and booked a call with a housing adviser for the next morning.</p><blockquote><p>She never once made me feel like I was a case number.</p></blockquote><p>Rosa and her two children are still in the flat by the harbour. She now volunteers at the Saturday help desk.</p><h2>What made the difference</h2><ul><li>A warm hand-off to the housing team the same evening</li><li>A follow-up call a week later</li><li>Plain-language help with the paperwork</li></ul>";

fn stories() -> Vec<StoryDetail> {
    let none = Schedule::default;
    let specs = [
        StorySpec { slug: "rosa-keeps-her-home", lang: "en", key: "rosa-keeps-her-home", date: at(2027, 2, 10, 9, 0), title: "Rosa keeps her home by the harbour", summary: "A forty-minute evening call turned an eviction letter into a plan, and a family stayed put.", author: "Noor Haddad", program: "Housing", team: "Evening line", tags: &["housing", "family"], image: Some(("harbour-dawn.png", "Sunrise over a calm harbour, hills in teal")), people: 3, featured: true, schedule: none(), body: ROSA_BODY },
        StorySpec { slug: "rosa-keeps-her-home-es", lang: "es", key: "rosa-keeps-her-home", date: at(2027, 2, 10, 9, 0), title: "Rosa conserva su casa junto al puerto", summary: "Una llamada de cuarenta minutos convirtió una carta de desalojo en un plan.", author: "Noor Haddad", program: "Housing", team: "Evening line", tags: &["housing", "family"], image: Some(("harbour-dawn.png", "Amanecer sobre un puerto en calma")), people: 3, featured: true, schedule: none(), body: "<p>Cuando Rosa llamó en noviembre, la carta de su casero ya tenía tres semanas.</p><p>Dana, en la línea de tarde, se quedó con ella cuarenta minutos.</p>" },
        StorySpec { slug: "a-kitchen-table-budget", lang: "en", key: "a-kitchen-table-budget", date: at(2027, 2, 3, 14, 0), title: "A budget drawn up at the kitchen table", summary: "Samuel thought the debt letters would never stop. One patient call later, he had a plan he could keep.", author: "Ines Vidal", program: "Money advice", team: "Billing", tags: &["debt", "family"], image: Some(("kitchen-table.png", "Warm afternoon light over rolling hills")), people: 1, featured: false, schedule: none(), body: "<p>Samuel kept the letters in a shoebox. When he finally rang, he apologised for taking our time.</p><p>We built his first budget together, line by line.</p>" },
        StorySpec { slug: "the-night-the-boiler-broke", lang: "en", key: "the-night-the-boiler-broke", date: at(2027, 1, 28, 20, 0), title: "The night the boiler broke", summary: "Minus four outside, a toddler with a fever, and an agent who did not hang up until the engineer was booked.", author: "Dana Okafor", program: "Housing", team: "Evening line", tags: &["winter", "family"], image: Some(("night-window.png", "A moonlit night sky over dark hills")), people: 4, featured: false, schedule: none(), body: "<p>At 23:10 on a Sunday, Amira rang with her daughter asleep on her shoulder.</p>" },
        StorySpec { slug: "a-garden-for-the-block", lang: "en", key: "a-garden-for-the-block", date: at(2027, 1, 20, 10, 0), title: "A garden for the whole block", summary: "A question about a noisy courtyard became a vegetable garden that feeds twelve households.", author: "Pieter de Vries", program: "Community", team: "Outreach", tags: &["community", "food"], image: Some(("garden-rows.png", "Rows of green hills under a bright sun")), people: 12, featured: false, schedule: none(), body: "<p>It started with a complaint about noise.</p>" },
        StorySpec { slug: "een-tuin-voor-het-hele-blok", lang: "nl", key: "a-garden-for-the-block", date: at(2027, 1, 20, 10, 0), title: "Een tuin voor het hele blok", summary: "Een vraag over een lawaaierige binnenplaats werd een moestuin voor twaalf huishoudens.", author: "Pieter de Vries", program: "Community", team: "Outreach", tags: &["community", "food"], image: Some(("garden-rows.png", "Groene heuvels onder een heldere zon")), people: 12, featured: false, schedule: none(), body: "<p>Het begon met een klacht over geluid.</p>" },
        StorySpec { slug: "the-bus-pass", lang: "en", key: "the-bus-pass", date: at(2027, 1, 12, 9, 0), title: "The bus pass that got Leo to work", summary: "A new job forty minutes away and no way to get there, until a travel grant came through.", author: "Ines Vidal", program: "Employment", team: "Day line", tags: &["work", "travel"], image: Some(("bus-stop.png", "A clear blue morning over distant hills")), people: 1, featured: false, schedule: none(), body: "<p>Leo got the job on a Thursday and panicked on the Friday.</p>" },
        StorySpec { slug: "learning-to-weld-at-fifty", lang: "en", key: "learning-to-weld-at-fifty", date: at(2026, 12, 15, 9, 0), title: "Learning to weld at fifty", summary: "After the plant closed, Marek found a course, a mentor and a new trade.", author: "Noor Haddad", program: "Employment", team: "Day line", tags: &["work", "training"], image: Some(("workshop.png", "Soft pink evening light over hills")), people: 1, featured: false, schedule: none(), body: "<p>Marek had never sent an e-mail before he called us.</p>" },
        StorySpec { slug: "a-card-from-grandma-june", lang: "en", key: "a-card-from-grandma-june", date: at(2026, 12, 2, 9, 0), title: "Grandma June's hundred phone calls", summary: "June called every week for a year. Not for help, in the end, but for company, and that was fine.", author: "Dana Okafor", program: "Community", team: "Day line", tags: &["loneliness", "community"], image: None, people: 1, featured: false, schedule: none(), body: "<p>June always started with the weather.</p>" },
        StorySpec { slug: "food-parcels-before-payday", lang: "en", key: "food-parcels-before-payday", date: at(2026, 11, 20, 9, 0), title: "Food parcels before payday", summary: "How a referral on a Tuesday put dinner on the table for a family of five by Wednesday.", author: "Pieter de Vries", program: "Food", team: "Evening line", tags: &["food", "family"], image: Some(("postcard.png", "A golden sun above warm orange hills")), people: 5, featured: false, schedule: none(), body: "<p>The cupboard was empty by the twentieth of every month.</p>" },
        StorySpec { slug: "a-ramp-for-tomas", lang: "en", key: "a-ramp-for-tomas", date: at(2026, 11, 5, 9, 0), title: "A ramp for Tomás", summary: "Three months of forms, one determined agent, and Tomás can leave his house on his own again.", author: "Ines Vidal", program: "Housing", team: "Billing", tags: &["housing", "access"], image: None, people: 1, featured: false, schedule: none(), body: "<p>The council said six months. Tomás did not have six months of patience left.</p>" },
        StorySpec { slug: "homework-club", lang: "en", key: "homework-club", date: at(2026, 10, 18, 9, 0), title: "The homework club on the third floor", summary: "Parents asked for somewhere quiet for their kids to study. The neighbours found a room.", author: "Noor Haddad", program: "Community", team: "Outreach", tags: &["community", "children"], image: None, people: 18, featured: false, schedule: none(), body: "<p>Six tables, a kettle and a lot of pencils.</p>" },
        StorySpec { slug: "first-winter-in-a-new-country", lang: "en", key: "first-winter-in-a-new-country", date: at(2026, 10, 2, 9, 0), title: "First winter in a new country", summary: "Coats, a GP appointment and a Dutch class: what one call set in motion for a newly arrived family.", author: "Dana Okafor", program: "Community", team: "Day line", tags: &["winter", "welcome"], image: None, people: 4, featured: false, schedule: none(), body: "<p>They arrived in October with summer clothes.</p>" },
        // Scheduled: appears on 1 March 2027 at 08:00 Amsterdam time.
        StorySpec { slug: "spring-garden-opens", lang: "en", key: "spring-garden-opens", date: at(2027, 3, 1, 7, 0), title: "The spring garden opens its gates", summary: "The block garden starts its second season with forty new planters.", author: "Pieter de Vries", program: "Community", team: "Outreach", tags: &["community", "food"], image: Some(("garden-rows.png", "Rows of green hills under a bright sun")), people: 40, featured: false, schedule: Schedule { publish_at: Some(at(2027, 3, 1, 7, 0)), expires_at: None }, body: "<p>Forty new planters, built by the homework club.</p>" },
        // Expired on 10 February 2027.
        StorySpec { slug: "winter-coat-drive", lang: "en", key: "winter-coat-drive", date: at(2027, 1, 5, 9, 0), title: "The winter coat drive", summary: "Two hundred coats in two weeks.", author: "Ines Vidal", program: "Community", team: "Outreach", tags: &["winter"], image: None, people: 200, featured: false, schedule: Schedule { publish_at: None, expires_at: Some(at(2027, 2, 10, 0, 0)) }, body: "<p>Two hundred coats.</p>" },
    ];
    specs.iter().map(story).collect()
}

#[allow(clippy::too_many_arguments)]
fn thank(
    slug: &str,
    lang: &str,
    key: &str,
    date: Instant,
    from: &str,
    to: &str,
    team: &str,
    medium: Medium,
    quote: &str,
    body: &str,
) -> ThanksDetail {
    let mut m = meta(slug, lang, key, date);
    m.team = Some(team.into());
    ThanksDetail {
        summary: ThanksSummary {
            meta: m,
            from: from.into(),
            to: to.into(),
            medium,
            quote: Some(quote.into()),
            excerpt: quote.chars().take(280).collect(),
            audio: None,
            transcript: None,
            image: None,
        },
        body_html: body.into(),
    }
}

fn thanks() -> Vec<ThanksDetail> {
    let mut voicemail = thank(
        "marta-voicemail",
        "en",
        "marta-voicemail",
        at(2027, 2, 12, 16, 0),
        "Marta from Riverside",
        "Evening line",
        "Evening line",
        Medium::Voicemail,
        "You stayed on the line until the repair was booked. I just wanted to say thank you.",
        "<p>Left on the thank-you line on a Friday afternoon.</p>",
    );
    voicemail.summary.audio = Some(Audio {
        src: "/media/voicemail.ogg".into(),
        mime: "audio/ogg".into(),
    });
    voicemail.summary.transcript = Some(
        "Hi, this is Marta from Riverside.\n\nI called last winter when the heating broke and I had the kids at home. You stayed on the line until the repair was booked.\n\nI just wanted to say thank you."
            .into(),
    );
    let mut postcard = thank(
        "a-postcard-from-the-coast",
        "en",
        "a-postcard-from-the-coast",
        at(2027, 2, 8, 9, 0),
        "A family in Zeeland",
        "Day line",
        "Day line",
        Medium::Card,
        "We finally took the holiday we had been saving for. None of it would have happened without your help last spring.",
        "<p>A postcard with a lighthouse on the front.</p>",
    );
    postcard.summary.image = img("postcard.png", "A golden sun above warm orange hills");
    let mut scheduled = thank(
        "thanks-from-the-garden",
        "en",
        "thanks-from-the-garden",
        at(2027, 3, 1, 7, 0),
        "The block garden volunteers",
        "Outreach",
        "Outreach",
        Medium::Letter,
        "Forty planters and not one argument about tomatoes.",
        "<p>Signed by twenty-two neighbours.</p>",
    );
    scheduled.summary.meta.schedule.publish_at = Some(at(2027, 3, 1, 7, 0));
    vec![
        voicemail,
        thank(
            "samuel-email",
            "en",
            "samuel-email",
            at(2027, 2, 14, 8, 30),
            "Samuel",
            "Ines and the billing team",
            "Billing",
            Medium::Email,
            "For the first time in two years I opened my post without shaking.",
            "<p>For the first time in two years I opened my post without shaking. Thank you for the budget and for never rushing me.</p>",
        ),
        thank(
            "samuel-email-es",
            "es",
            "samuel-email",
            at(2027, 2, 14, 8, 30),
            "Samuel",
            "Ines y el equipo de facturación",
            "Billing",
            Medium::Email,
            "Por primera vez en dos años abrí mi correo sin temblar.",
            "<p>Por primera vez en dos años abrí mi correo sin temblar.</p>",
        ),
        postcard,
        thank(
            "letter-from-amira",
            "en",
            "letter-from-amira",
            at(2027, 2, 2, 9, 0),
            "Amira",
            "Dana",
            "Evening line",
            Medium::Letter,
            "My daughter drew you a picture. She says you are the lady who fixed the cold.",
            "<p>My daughter drew you a picture. She says you are the lady who fixed the cold. We are warm now, and we think of you.</p>",
        ),
        thank(
            "brief-van-meneer-jansen",
            "nl",
            "brief-van-meneer-jansen",
            at(2027, 1, 25, 9, 0),
            "Meneer Jansen",
            "Daglijn",
            "Day line",
            Medium::Letter,
            "Dankzij jullie kan ik weer zelf boodschappen doen.",
            "<p>Dankzij jullie kan ik weer zelf boodschappen doen.</p>",
        ),
        thank(
            "leo-message",
            "en",
            "leo-message",
            at(2027, 1, 18, 9, 0),
            "Leo",
            "Day line",
            "Day line",
            Medium::Message,
            "First week done. The bus is never on time but I am!",
            "<p>First week done. The bus is never on time but I am!</p>",
        ),
        thank(
            "video-from-the-homework-club",
            "en",
            "video-from-the-homework-club",
            at(2026, 12, 20, 9, 0),
            "The homework club",
            "Outreach",
            "Outreach",
            Medium::Video,
            "Eighteen kids, one song, slightly out of tune and completely sincere.",
            "<p>Eighteen kids, one song.</p>",
        ),
        scheduled,
    ]
}

#[allow(clippy::too_many_arguments)]
fn event(
    slug: &str,
    lang: &str,
    key: &str,
    title: &str,
    summary: &str,
    starts: Instant,
    ends: Instant,
    all_day: bool,
    timezone: &str,
    offset_hours: i64,
) -> EventDetail {
    let local = |t: Instant| {
        (t + Duration::hours(offset_hours))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    EventDetail {
        summary: EventSummary {
            meta: meta(slug, lang, key, starts),
            title: title.into(),
            summary: summary.into(),
            starts,
            ends,
            all_day,
            timezone: timezone.into(),
            starts_local: local(starts),
            ends_local: local(ends),
            utc_offset: format!(
                "{}{:02}:00",
                if offset_hours < 0 { "-" } else { "+" },
                offset_hours.abs()
            ),
            location: None,
            online_url: None,
            rsvp_url: None,
            image: None,
            ics: format!("/calendar/{slug}.ics"),
        },
        body_html: format!("<p>{summary}</p>"),
    }
}

fn events() -> Vec<EventDetail> {
    let ams = "Europe/Amsterdam";
    // Ongoing at the fixture's now; ends 30 minutes later.
    let mut breakfast = event(
        "team-breakfast",
        "en",
        "team-breakfast",
        "Monday team breakfast",
        "Coffee, pastries and this month's thank-you letters read aloud.",
        at(2027, 2, 15, 9, 30),
        at(2027, 2, 15, 10, 30),
        false,
        ams,
        1,
    );
    breakfast.summary.location = Some("Harbour office, 2nd floor kitchen".into());
    let mut new_york = event(
        "listening-session-new-york",
        "en",
        "listening-session-new-york",
        "Listening session with the New York office",
        "Hear how the Brooklyn team runs its evening line, and share what works for us.",
        at(2027, 2, 24, 17, 0),
        at(2027, 2, 24, 18, 30),
        false,
        "America/New_York",
        -5,
    );
    new_york.summary.location = Some("Brooklyn office and online".into());
    new_york.summary.online_url = Some("https://meet.example.org/listening".into());
    new_york.summary.rsvp_url = Some("https://forms.example.org/listening".into());
    let mut review = event(
        "quarterly-impact-review",
        "en",
        "quarterly-impact-review",
        "Quarterly impact review",
        "The numbers behind the stories: what changed for callers this quarter.",
        at(2027, 3, 4, 14, 0),
        at(2027, 3, 4, 15, 30),
        false,
        ams,
        1,
    );
    review.summary.online_url = Some("https://meet.example.org/impact-review".into());
    let mut review_es = event(
        "quarterly-impact-review-es",
        "es",
        "quarterly-impact-review",
        "Revisión trimestral de impacto",
        "Las cifras detrás de las historias: qué cambió este trimestre.",
        at(2027, 3, 4, 14, 0),
        at(2027, 3, 4, 15, 30),
        false,
        ams,
        1,
    );
    review_es.summary.online_url = review.summary.online_url.clone();
    let mut volunteer = event(
        "spring-volunteer-day",
        "en",
        "spring-volunteer-day",
        "Spring volunteer day",
        "A day in the block garden: planting, painting and a long lunch.",
        at(2027, 3, 19, 23, 0),
        at(2027, 3, 20, 23, 0),
        true,
        ams,
        1,
    );
    volunteer.summary.location = Some("Block garden, Havenstraat".into());
    volunteer.summary.rsvp_url = Some("https://forms.example.org/volunteer".into());
    volunteer.summary.image = img("garden-rows.png", "Rows of green hills under a bright sun");
    let mut picnic = event(
        "summer-picnic",
        "en",
        "summer-picnic",
        "Summer picnic",
        "Bring your family; we bring the food.",
        at(2027, 6, 12, 10, 0),
        at(2027, 6, 12, 15, 0),
        false,
        ams,
        2,
    );
    picnic.summary.meta.schedule.publish_at = Some(at(2027, 3, 1, 7, 0));
    let mut gathering = event(
        "winter-gathering",
        "en",
        "winter-gathering",
        "Winter gathering",
        "Soup, stories and the year in numbers.",
        at(2027, 1, 20, 16, 0),
        at(2027, 1, 20, 19, 0),
        false,
        ams,
        1,
    );
    gathering.summary.location = Some("Harbour office".into());
    let mut out = vec![
        breakfast, new_york, review, review_es, volunteer, picnic, gathering,
    ];
    out.sort_by_key(|e| e.summary.starts);
    out
}

fn site() -> SiteInfo {
    SiteInfo {
        name: "Lanternway Support".into(),
        mission: "Every call is a chance to leave someone better off than we found them.".into(),
        mission_html: "<p>Lanternway Support answers the phone for people in a tight spot: a letter they cannot pay, a home that has gone cold, a first winter in a new country.</p><p>We measure ourselves by what happens <strong>after</strong> the call ends: the family that stays in its home, the job that is kept, the neighbour who is no longer alone.</p>".into(),
        impact_html: "<p>Each story counts the people whose situation changed because of it, confirmed in a follow-up call four weeks later. We count a household once, however many calls it took.</p><ul><li><strong>People helped</strong>: confirmed changes, not calls taken.</li><li><strong>Stories</strong>: told with the consent of the people in them.</li><li><strong>Thank-yous</strong>: every letter, card and voicemail that reaches us.</li></ul>".into(),
        logo: img("logo.png", "Lanternway Support"),
        languages: vec!["en".into(), "es".into(), "nl".into()],
        default_language: "en".into(),
        timezone: "Europe/Amsterdam".into(),
        base_url: "https://impact.example.org".into(),
        search_engines: true,
        theme: Theme {
            primary: Some("#0b5d6b".into()),
            accent: Some("#c2571a".into()),
        },
        wall: WallConfig::default(),
        translations: vec![
            SiteTranslation {
                lang: "es".into(),
                name: None,
                mission: Some("Cada llamada es una oportunidad para dejar a alguien mejor de como lo encontramos.".into()),
                mission_html: Some("<p>Lanternway Support atiende el teléfono para personas en apuros.</p><p>Nos medimos por lo que pasa <strong>después</strong> de la llamada.</p>".into()),
                impact_html: None,
            },
            SiteTranslation {
                lang: "nl".into(),
                name: None,
                mission: Some("Elk gesprek is een kans om iemand beter achter te laten dan we hem vonden.".into()),
                mission_html: Some("<p>Lanternway Support neemt de telefoon op voor mensen die vastzitten.</p><p>We meten ons aan wat er <strong>na</strong> het gesprek gebeurt.</p>".into()),
                impact_html: None,
            },
        ],
    }
}

fn ics(e: &EventSummary) -> String {
    let f = |t: Instant| t.format("%Y%m%dT%H%M%SZ").to_string();
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lanternway Support//fixture//EN",
        "BEGIN:VEVENT",
        &format!("UID:{}@impact.example.org", e.meta.slug),
        &format!("DTSTAMP:{}", f(at(2027, 2, 1, 0, 0))),
        &format!("DTSTART:{}", f(e.starts)),
        &format!("DTEND:{}", f(e.ends)),
        &format!("SUMMARY:{}", e.title.replace(',', "\\,")),
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n")
}

/// Every fixture file: relative path → contents.
fn fixture_files() -> Vec<(PathBuf, String)> {
    let stories = stories();
    let thanks = thanks();
    let events = events();
    let index = Index {
        version: DATA_VERSION,
        generated_at: at(2027, 2, 1, 0, 0),
        site: site(),
        stories: stories.iter().map(|s| s.summary.clone()).collect(),
        thanks: thanks.iter().map(|t| t.summary.clone()).collect(),
        events: events.iter().map(|e| e.summary.clone()).collect(),
    };
    let json = |v: &dyn erased::Json| v.to_pretty();
    let mut files = vec![(PathBuf::from("data/index.json"), json(&index))];
    for s in &stories {
        files.push((
            PathBuf::from(format!("data/stories/{}.json", s.summary.meta.slug)),
            json(s),
        ));
    }
    for s in &stories {
        files.push((
            PathBuf::from(format!("qr/stories/{}.svg", s.summary.meta.slug)),
            qr_placeholder(&s.summary.meta.slug),
        ));
    }
    for t in &thanks {
        files.push((
            PathBuf::from(format!("data/thanks/{}.json", t.summary.meta.slug)),
            json(t),
        ));
    }
    for e in &events {
        files.push((
            PathBuf::from(format!("data/events/{}.json", e.summary.meta.slug)),
            json(e),
        ));
        files.push((
            PathBuf::from(format!("calendar/{}.ics", e.summary.meta.slug)),
            ics(&e.summary),
        ));
    }
    files.push((
        PathBuf::from("theme.css"),
        ":root { --color-primary: #0b5d6b; --color-accent: #c2571a; }\n".into(),
    ));
    files
}

/// A QR-like SVG (the real build writes scannable codes; the browser tests only need
/// an image at the URL the model names).
fn qr_placeholder(seed: &str) -> String {
    let mut h: u32 = 2166136261;
    let mut cells = String::new();
    for y in 0..21u32 {
        for x in 0..21u32 {
            let finder = |cx: u32, cy: u32| x >= cx && x < cx + 7 && y >= cy && y < cy + 7;
            let on = if finder(0, 0) || finder(14, 0) || finder(0, 14) {
                let (fx, fy) = (x % 14 % 7, y % 14 % 7);
                !(fx == 1 || fx == 5 || fy == 1 || fy == 5)
                    || (fx == 0 || fx == 6 || fy == 0 || fy == 6)
            } else {
                for b in seed.bytes().chain([x as u8, y as u8]) {
                    h = (h ^ b as u32).wrapping_mul(16777619);
                }
                h.is_multiple_of(2)
            };
            if on {
                cells.push_str(&format!(
                    "<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\"/>"
                ));
            }
        }
    }
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-2 -2 25 25\" shape-rendering=\"crispEdges\"><rect x=\"-2\" y=\"-2\" width=\"25\" height=\"25\" fill=\"#fff\"/><g fill=\"#000\">{cells}</g></svg>\n")
}

mod erased {
    pub trait Json {
        fn to_pretty(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_pretty(&self) -> String {
            serde_json::to_string_pretty(self).unwrap() + "\n"
        }
    }
}

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fixtures/site")
}

#[test]
fn fixture_site_matches_the_model() {
    let root = fixture_root();
    let write = std::env::var_os("IMPACTWALL_WRITE_FIXTURE").is_some();
    let mut stale = Vec::new();
    for (rel, contents) in fixture_files() {
        let path = root.join(&rel);
        if write {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &contents).unwrap();
        } else if fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            stale.push(rel.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "fixture files out of date (run IMPACTWALL_WRITE_FIXTURE=1 cargo test --test site_fixture): {stale:?}"
    );
}

#[test]
fn fixture_index_reads_back_and_has_the_schedules_the_browser_tests_need() {
    let files = fixture_files();
    let (_, json) = files
        .iter()
        .find(|(p, _)| p == Path::new("data/index.json"))
        .unwrap();
    let ix: Index = serde_json::from_str(json).unwrap();
    let now = at(2027, 2, 15, 10, 0);
    let live = |slug: &str, t: Instant| {
        ix.stories
            .iter()
            .find(|s| s.meta.slug == slug)
            .unwrap()
            .meta
            .schedule
            .is_live_at(t)
    };
    assert!(!live("spring-garden-opens", now));
    assert!(live("spring-garden-opens", at(2027, 3, 1, 8, 0)));
    assert!(!live("winter-coat-drive", now));
    let breakfast = ix
        .events
        .iter()
        .find(|e| e.meta.slug == "team-breakfast")
        .unwrap();
    assert_eq!(breakfast.phase_at(now), EventPhase::Ongoing);
    assert_eq!(
        breakfast.phase_at(now + Duration::minutes(31)),
        EventPhase::Past
    );
    // More live English stories than one page, so "show more" is exercised.
    let c = ix.counters_at(now, at(2027, 2, 1, 0, 0));
    assert!(c.stories > 9, "{c:?}");
}
