//! Components and schedule rendering in a real browser (wasm-bindgen-test):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use gloo_timers::future::TimeoutFuture;
use impactwall_model::Instant;
use impactwall_model::*;
use impactwall_web::cards::{fallback_marker, html_div, story_card, thanks_card};
use impactwall_web::clock::Clock;
use impactwall_web::i18n::{t, I18n, Key, Lang};
use impactwall_web::load::{Data, Loader, Request};
use impactwall_web::pages;
use impactwall_web::site_data::SiteData;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn at(y: i32, mo: u32, d: u32, h: u32) -> Instant {
    Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
}

fn story(slug: &str, lang: &str, key: &str, title: &str, schedule: Schedule) -> StorySummary {
    StorySummary {
        meta: ItemMeta {
            slug: slug.into(),
            lang: lang.into(),
            translation_key: key.into(),
            date: at(2027, 2, 1, 9),
            schedule,
            wall: true,
            consent: true,
            ..Default::default()
        },
        title: title.into(),
        summary: "A short summary.".into(),
        author: None,
        program: Some("Housing".into()),
        image: None,
        people_helped: 3,
        featured: false,
        qr: None,
        reading_minutes: 2,
    }
}

fn voicemail() -> ThanksSummary {
    ThanksSummary {
        meta: ItemMeta {
            slug: "vm".into(),
            lang: "en".into(),
            translation_key: "vm".into(),
            date: at(2027, 2, 1, 9),
            wall: true,
            consent: true,
            ..Default::default()
        },
        from: "A caller in Leeds".into(),
        to: "Evening line".into(),
        medium: Medium::Voicemail,
        quote: Some("Thank you for staying on the line.".into()),
        excerpt: String::new(),
        audio: Some(Audio {
            src: "/media/vm.ogg".into(),
            mime: "audio/ogg".into(),
        }),
        transcript: Some("Hello there.\n\nThank you for staying on the line.".into()),
        image: None,
    }
}

fn index(stories: Vec<StorySummary>) -> Index {
    Index {
        version: DATA_VERSION,
        generated_at: at(2027, 1, 1, 0),
        site: SiteInfo {
            name: "Test org".into(),
            mission: "Help".into(),
            mission_html: "<p>Help</p>".into(),
            impact_html: String::new(),
            logo: None,
            languages: vec!["en".into(), "es".into()],
            default_language: "en".into(),
            timezone: "Europe/Amsterdam".into(),
            base_url: "https://impact.example.org".into(),
            search_engines: true,
            theme: Theme::default(),
            wall: WallConfig::default(),
            translations: vec![],
        },
        stories,
        thanks: vec![],
        events: vec![],
    }
}

/// A fresh container in the document.
fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

async fn settle() {
    TimeoutFuture::new(30).await;
}

#[wasm_bindgen_test]
fn every_key_has_text_in_every_language() {
    use Key::*;
    let keys = [
        SkipToContent,
        NavHome,
        NavStories,
        NavThanks,
        NavEvents,
        NavAbout,
        Loading,
        LoadFailed,
        Retry,
        NotFoundTitle,
        PreviewBanner,
        InOtherLanguage,
        PeopleHelped,
        ThanksThisMonth,
        WhyItMatters,
        TeamStoriesLead,
        ResultsCount,
        ShowMore,
        Transcript,
        ListenVoicemail,
        AddToCalendar,
        YourTime,
        EventTime,
        HowWeMeasure,
        Footer,
    ];
    for key in keys {
        for lang in Lang::ALL {
            assert!(!t(lang, key).trim().is_empty(), "{key:?} in {lang:?}");
        }
    }
    assert_ne!(t(Lang::Es, NavStories), t(Lang::En, NavStories));
    assert_eq!(Lang::negotiate(["fr-FR", "nl-BE", "en"]), Some(Lang::Nl));
    assert_eq!(Lang::from_tag("ES-mx"), Some(Lang::Es));
    assert_eq!(Lang::from_tag("de"), None);
}

#[wasm_bindgen_test]
fn language_options_name_every_language_in_itself() {
    let expected: String = Lang::ALL
        .iter()
        .map(|l| {
            format!(
                r#"<option value="{0}" lang="{0}">{1}</option>"#,
                l.code(),
                l.native_name()
            )
        })
        .collect();
    assert_eq!(impactwall_web::i18n::LANGUAGE_OPTIONS, expected);
}

#[wasm_bindgen_test]
async fn story_card_renders_title_link_and_fallback_marker() {
    let root = container();
    let s = story(
        "rosa",
        "en",
        "rosa",
        "Rosa keeps her home",
        Schedule::default(),
    );
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n {
            lang: RwSignal::new(Lang::Es),
        });
        let s = s.clone();
        html_div("t", move |h, c| story_card(h, c, &s, true, false))
    });
    settle().await;
    let html = root.inner_html();
    assert!(html.contains("Rosa keeps her home"), "{html}");
    assert!(html.contains("href=\"/stories/rosa\""), "{html}");
    // Spanish interface, English story: marked as untranslated.
    assert!(html.contains("Aún sin traducir"), "{html}");
    assert!(html.contains("lang=\"en\""), "{html}");
    assert!(html.contains("Housing"));
    drop(handle);
}

/// Card text follows the language switch; reader data is text, never markup.
#[wasm_bindgen_test]
async fn card_follows_the_language_and_escapes_its_text() {
    let root = container();
    let lang = RwSignal::new(Lang::En);
    let mut s = story(
        "rosa",
        "es",
        "rosa",
        "<img src=x onerror=alert(1)> & \"more\"",
        Schedule::default(),
    );
    s.image = Some(Image {
        src: "/media/a.jpg".into(),
        alt: "\" onmouseover=\"alert(1)".into(),
    });
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n { lang });
        let s = s.clone();
        html_div("t", move |h, c| story_card(h, c, &s, true, false))
    });
    settle().await;
    let title = root.query_selector("h3 a").unwrap().expect("title link");
    assert_eq!(
        title.text_content().as_deref(),
        Some("<img src=x onerror=alert(1)> & \"more\"")
    );
    let html = root.inner_html();
    assert_eq!(html.matches("<img").count(), 1, "{html}");
    let img = root.query_selector("img").unwrap().unwrap();
    assert_eq!(
        img.get_attribute("alt").as_deref(),
        Some("\" onmouseover=\"alert(1)")
    );
    assert!(!img.has_attribute("onmouseover"));
    let marker = |root: &web_sys::HtmlElement| {
        root.query_selector(".badge--fallback")
            .unwrap()
            .and_then(|m| m.text_content())
            .unwrap_or_default()
    };
    assert!(marker(&root).starts_with(t(Lang::En, Key::InOtherLanguage)));
    lang.set(Lang::Nl);
    settle().await;
    assert!(marker(&root).starts_with(t(Lang::Nl, Key::InOtherLanguage)));
    let people = root.query_selector(".story-card__people").unwrap().unwrap();
    assert_eq!(
        people.text_content().unwrap_or_default(),
        format!("3 {}", t(Lang::Nl, Key::PeopleHelpedShort))
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn voicemail_card_has_player_and_transcript() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        html_div("t", |h, c| thanks_card(h, c, &voicemail(), false))
    });
    settle().await;
    let audio = root
        .query_selector("audio")
        .unwrap()
        .expect("audio element");
    assert!(audio.has_attribute("controls"));
    let described = audio.get_attribute("aria-describedby").unwrap();
    let transcript = root
        .query_selector(&format!("#{described}"))
        .unwrap()
        .expect("transcript linked by aria-describedby");
    let text = transcript.text_content().unwrap_or_default();
    assert!(text.contains("Hello there."), "{text}");
    assert_eq!(transcript.inner_html().matches("<p>").count(), 2);
    let source = root.query_selector("audio source").unwrap().unwrap();
    assert_eq!(
        source.get_attribute("src").as_deref(),
        Some("/media/vm.ogg")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn fallback_marker_names_the_language() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || {
        html_div("t", |h, c| fallback_marker(h, c, "nl"))
    });
    settle().await;
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("Nederlands"));
    drop(handle);
}

/// The stories page re-applies schedules when the clock moves: a story appears at its
/// `publish_at` and disappears at its `expires_at`, without a reload.
#[wasm_bindgen_test]
async fn stories_page_follows_the_clock() {
    let publish = at(2027, 3, 1, 8);
    let expire = at(2027, 2, 20, 0);
    let ix = Arc::new(index(vec![
        story(
            "spring",
            "en",
            "spring",
            "Spring garden opens",
            Schedule {
                publish_at: Some(publish),
                expires_at: None,
            },
        ),
        story(
            "coats",
            "en",
            "coats",
            "Winter coat drive",
            Schedule {
                publish_at: None,
                expires_at: Some(expire),
            },
        ),
        story("always", "en", "always", "Always here", Schedule::default()),
    ]));
    let root = container();
    let now = RwSignal::new(at(2027, 2, 15, 10));
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let ix = ix.clone();
        provide_context(Clock {
            now: now.into(),
            preview: None,
        });
        provide_context(SiteData {
            loader: Loader::ready(Request::Index, Ok(Data::Index(ix.clone()))),
        });
        view! { <pages::Stories/> }
    });
    settle().await;
    let text = || root.text_content().unwrap_or_default();
    assert!(text().contains("Winter coat drive"), "{}", text());
    assert!(text().contains("Always here"));
    assert!(!text().contains("Spring garden opens"));

    now.set(expire + Duration::minutes(1));
    settle().await;
    assert!(!text().contains("Winter coat drive"), "expired item hides");

    now.set(publish);
    settle().await;
    assert!(
        text().contains("Spring garden opens"),
        "scheduled item shows"
    );
    assert!(text().contains("2 stories"), "{}", text());
    drop(handle);
}

/// A failed index load shows the error state with a retry button, not a blank page.
#[wasm_bindgen_test]
async fn failed_index_shows_error_state() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(SiteData {
            loader: Loader::ready(
                Request::Index,
                Err(impactwall_web::api::FetchError::Status(500)),
            ),
        });
        view! { <pages::Thanks/> }
    });
    settle().await;
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("error state");
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains("We couldn't load this page"), "{text}");
    assert!(text.contains("500"), "{text}");
    assert!(alert.query_selector("button").unwrap().is_some());
    drop(handle);
}

/// A refetch keeps the previous answer on screen until the new one arrives, then
/// replaces it (here the runner's server has no `data/index.json`: a 404).
#[wasm_bindgen_test]
async fn loader_keeps_its_answer_until_the_new_one_arrives() {
    let owner = Owner::new();
    owner.set();
    let ix = Arc::new(index(vec![]));
    let loader = Loader::ready(Request::Index, Ok(Data::Index(ix)));
    assert!(matches!(loader.get(), Some(Ok(Data::Index(_)))));
    loader.refetch();
    assert!(
        matches!(loader.get(), Some(Ok(Data::Index(_)))),
        "the old answer stays while loading"
    );
    let mut waited = 0;
    while matches!(loader.get(), Some(Ok(_))) && waited < 100 {
        TimeoutFuture::new(20).await;
        waited += 1;
    }
    match loader.get() {
        Some(Err(e)) => assert!(e.is_not_found(), "{e}"),
        other => panic!(
            "expected the 404 answer, got ok={:?}",
            other.map(|r| r.is_ok())
        ),
    }
}
