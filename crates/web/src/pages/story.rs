use std::sync::Arc;

use crate::components::tr;
use crate::components::{rows, Row};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::cards::{fallback_marker, html_div, story_card, Ctx};
use crate::clock::use_app_clock;
use crate::markup::Html;
use crate::page_data::BODY_ELEMENT_ID;
use crate::view_logic::StoryFilter;

use super::{breadcrumb, figure};
use crate::format;
use crate::i18n::{fill, use_i18n, Key, Lang};
use crate::view_logic;
use impactwall_model::{Index, StoryDetail, StorySummary};

use super::use_page_title;

#[component]
pub(super) fn StoryArticle(ix: Arc<Index>, story: Arc<StoryDetail>) -> impl IntoView {
    let s: StorySummary = story.summary.clone();
    let title = s.title.clone();
    use_page_title(move || title.clone());
    let share = view_logic::share_url(&ix.site.base_url, &s.meta.slug);
    let translations = use_live_translations(ix.clone(), &s);
    let lang = s.meta.lang.clone();
    view! {
        <article class="story page page--narrow" lang=lang>
            {html_div("contents", move |h, c| story_article(h, c, &story, &translations.get()))}
            <ShareBox url=share qr=s.qr.clone()/>
        </article>
        <RelatedStories ix=ix story=s/>
    }
}

/// Other language versions of the story that are live now: `(slug, lang)`.
fn use_live_translations(ix: Arc<Index>, s: &StorySummary) -> Memo<Vec<(String, String)>> {
    let clock = use_app_clock();
    let key = s.meta.translation_key.clone();
    let slug = s.meta.slug.clone();
    Memo::new(move |_| {
        let now = clock.now.get();
        ix.stories
            .iter()
            .filter(|o| o.meta.translation_key == key && o.meta.slug != slug)
            .filter(|o| o.meta.schedule.is_live_at(now))
            .map(|o| (o.meta.slug.clone(), o.meta.lang.clone()))
            .collect()
    })
}

/// The story's address to copy or scan, and "Copied" announced to screen readers.
#[component]
fn ShareBox(url: String, qr: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let text = url.clone();
    let copy = move |_| {
        if copy_to_clipboard(&text) {
            copied.set(true);
        }
    };
    view! {
        <aside class="share" aria-labelledby="share-title">
            <div>
                <h2 id="share-title" class="share__title">{tr(Key::ShareLink)}</h2>
                <div class="share__row">
                    <label for="share-url" class="visually-hidden">{tr(Key::ShareLink)}</label>
                    <input id="share-url" class="share__url" type="url" readonly value=url.clone()/>
                    <button type="button" class="button" on:click=copy>{tr(Key::CopyLink)}</button>
                </div>
                <p class="share__status" role="status">{move || copied.get().then(|| i18n.t(Key::Copied))}</p>
            </div>
            {qr.map(|qr| view! { <img class="share__qr" src=qr alt=url width="112" height="112"/> })}
        </aside>
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`); false where the
/// browser offers no clipboard.
fn copy_to_clipboard(text: &str) -> bool {
    let Some(w) = crate::browser::window() else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")).ok();
    let write = clipboard.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &JsValue::from_str("writeText"))
            .ok()
            .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
            .map(|f| (c.clone(), f))
    });
    let Some((c, f)) = write else {
        return false;
    };
    f.call1(&c, &JsValue::from_str(text)).is_ok()
}

/// Up to three live stories like this one, in the reader's language.
#[component]
fn RelatedStories(ix: Arc<Index>, story: StorySummary) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let rel_ix = ix.clone();
    let related = Memo::new(move |_| -> Vec<Row> {
        let lang = i18n.lang.get();
        rows(view_logic::related_stories(
            &rel_ix,
            &story,
            clock.now.get(),
            lang.code(),
            3,
        ))
    });
    move || {
        let list = related.get();
        let ix = ix.clone();
        (!list.is_empty()).then(|| {
            view! {
                <section class="section page" aria-labelledby="related-title">
                    <h2 id="related-title" class="section__title">{tr(Key::RelatedStories)}</h2>
                    {html_div("card-grid", move |h, c| {
                        for &(i, f) in &list {
                            story_card(h, c, &ix.stories[i], f, false);
                        }
                    })}
                </section>
            }
        })
    }
}

/// Everything of the story above the share box: the way back, kicker (program, tags,
/// language marker), title, summary, byline, other languages, picture, impact, text.
fn story_article(h: &mut Html, c: &Ctx, story: &StoryDetail, translations: &[(String, String)]) {
    let s = &story.summary;
    breadcrumb(h, c, "/stories", Key::BackToStories);
    h.open_class("header", "story__head");
    story_kicker(h, c, s);
    h.el("h1", "story__title", &s.title);
    if !s.summary.is_empty() {
        h.el("p", "lead", &s.summary);
    }
    story_byline(h, c, s);
    story_translations(h, c, translations);
    h.close("header");
    if let Some(img) = &s.image {
        figure(h, img);
    }
    if s.people_helped > 0 {
        h.open_class("p", "story__impact")
            .el("strong", "", &format::number(s.people_helped, c.lang))
            .raw(" ")
            .text(c.t(Key::PeopleHelpedShort))
            .close("p");
    }
    h.open(
        "div",
        &[("class", Some("prose")), ("id", Some(BODY_ELEMENT_ID))],
    )
    .sanitized(&story.body_html)
    .close("div");
}

/// Program, tags (each a link to the stories with that tag) and the language marker.
fn story_kicker(h: &mut Html, c: &Ctx, s: &StorySummary) {
    h.open_class("p", "story__kicker");
    if let Some(p) = &s.program {
        h.el("span", "chip", p);
    }
    for t in &s.meta.tags {
        let filter = StoryFilter {
            tag: Some(t.clone()),
            ..Default::default()
        };
        let href = c.href(&format!("/stories{}", filter.to_query()));
        h.open("a", &[("href", Some(&href)), ("class", Some("tag"))])
            .raw("#")
            .text(t)
            .close("a");
    }
    if s.meta.lang != c.lang.code() {
        fallback_marker(h, c, &s.meta.lang);
    }
    h.close("p");
}

/// Author, date and reading time.
fn story_byline(h: &mut Html, c: &Ctx, s: &StorySummary) {
    h.open_class("p", "story__meta");
    if let Some(a) = &s.author {
        h.open("span", &[])
            .text(c.t(Key::By))
            .raw(" <strong>")
            .text(a)
            .raw("</strong></span>")
            .dot();
    }
    c.time(h, s.meta.date, format::long_date);
    let minutes = fill(c.t(Key::MinutesRead), s.reading_minutes.max(1), "");
    h.dot().el("span", "", &minutes).close("p");
}

/// Links to the story's other live language versions, each named in its language.
fn story_translations(h: &mut Html, c: &Ctx, translations: &[(String, String)]) {
    if translations.is_empty() {
        return;
    }
    h.open_class("p", "story__translations");
    for (slug, l) in translations {
        let name = Lang::from_tag(l).map_or(l.as_str(), |x| x.native_name());
        let href = c.href(&format!("/stories/{slug}"));
        h.open(
            "a",
            &[
                ("href", Some(&href)),
                ("class", Some("chip chip--link")),
                ("hreflang", Some(l)),
            ],
        )
        .text(name)
        .close("a");
    }
    h.close("p");
}
