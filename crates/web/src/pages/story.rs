use std::sync::Arc;

use crate::components::tr;
use crate::components::{rows, Row};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::cards::{fallback_marker, html_div, story_card, Ctx};
use crate::clock::use_app_clock;
use crate::markup::Html;
use crate::view_logic::StoryFilter;

use super::{breadcrumb, figure};
use crate::format;
use crate::i18n::{fill, use_i18n, Key, Lang};
use crate::view_logic;
use impactwall_model::{Index, StoryDetail, StorySummary};

use super::use_page_title;

#[component]
pub(super) fn StoryArticle(ix: Arc<Index>, story: Arc<StoryDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let s: StorySummary = story.summary.clone();
    let title = s.title.clone();
    use_page_title(move || title.clone());
    let share = view_logic::share_url(&ix.site.base_url, &s.meta.slug);

    // Other language versions of this story that are live now.
    let tr_ix = ix.clone();
    let key = s.meta.translation_key.clone();
    let slug = s.meta.slug.clone();
    let translations = Memo::new(move |_| -> Vec<(String, String)> {
        let now = clock.now.get();
        tr_ix
            .stories
            .iter()
            .filter(|o| o.meta.translation_key == key && o.meta.slug != slug)
            .filter(|o| o.meta.schedule.is_live_at(now))
            .map(|o| (o.meta.slug.clone(), o.meta.lang.clone()))
            .collect()
    });
    let rel_ix = ix.clone();
    let current = s.clone();
    let related = Memo::new(move |_| -> Vec<Row> {
        rows(view_logic::related_stories(
            &rel_ix,
            &current,
            clock.now.get(),
            i18n.lang.get().code(),
            3,
        ))
    });

    let copied = RwSignal::new(false);
    let share_for_copy = share.clone();
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let clipboard =
                js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")).ok();
            let write = clipboard.as_ref().and_then(|c| {
                js_sys::Reflect::get(c, &JsValue::from_str("writeText"))
                    .ok()
                    .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
                    .map(|f| (c.clone(), f))
            });
            if let Some((c, f)) = write {
                let _ = f.call1(&c, &JsValue::from_str(&share_for_copy));
                copied.set(true);
            }
        }
    };
    let lang = s.meta.lang.clone();
    let article = story.clone();

    view! {
        <article class="story page page--narrow" lang=lang>
            {html_div("contents", move |h, c| story_article(h, c, &article, &translations.get()))}
            <aside class="share" aria-labelledby="share-title">
                <div>
                    <h2 id="share-title" class="share__title">{tr(Key::ShareLink)}</h2>
                    <div class="share__row">
                        <label for="share-url" class="visually-hidden">{tr(Key::ShareLink)}</label>
                        <input id="share-url" class="share__url" type="url" readonly value=share.clone()/>
                        <button type="button" class="button" on:click=copy>{tr(Key::CopyLink)}</button>
                    </div>
                    <p class="share__status" role="status">{move || copied.get().then(|| i18n.t(Key::Copied))}</p>
                </div>
                {s.qr.clone().map(|qr| view! { <img class="share__qr" src=qr alt=share.clone() width="112" height="112"/> })}
            </aside>
        </article>
        {move || {
            let list = related.get();
            let ix = ix.clone();
            (!list.is_empty()).then(|| view! {
                <section class="section page" aria-labelledby="related-title">
                    <h2 id="related-title" class="section__title">{tr(Key::RelatedStories)}</h2>
                    {html_div("card-grid", move |h, c| {
                        for &(i, f) in &list {
                            story_card(h, c, &ix.stories[i], f, false);
                        }
                    })}
                </section>
            })
        }}
    }
}

/// Everything of the story above the share box: the way back, kicker (program, tags,
/// language marker), title, summary, byline, other languages, picture, impact, text.
fn story_article(h: &mut Html, c: &Ctx, story: &StoryDetail, translations: &[(String, String)]) {
    let s = &story.summary;
    breadcrumb(h, c, "/stories", Key::BackToStories);
    h.open_class("header", "story__head")
        .open_class("p", "story__kicker");
    if let Some(p) = &s.program {
        h.el("span", "chip", p);
    }
    for t in &s.meta.tags {
        let filter = StoryFilter {
            tag: Some(t.clone()),
            ..Default::default()
        };
        h.open(
            "a",
            &[
                (
                    "href",
                    Some(&c.href(&format!("/stories{}", filter.to_query()))),
                ),
                ("class", Some("tag")),
            ],
        )
        .raw("#")
        .text(t)
        .close("a");
    }
    if s.meta.lang != c.lang.code() {
        fallback_marker(h, c, &s.meta.lang);
    }
    h.close("p").el("h1", "story__title", &s.title);
    if !s.summary.is_empty() {
        h.el("p", "lead", &s.summary);
    }
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
    h.dot()
        .el(
            "span",
            "",
            &fill(c.t(Key::MinutesRead), s.reading_minutes.max(1), ""),
        )
        .close("p");
    if !translations.is_empty() {
        h.open_class("p", "story__translations");
        for (slug, l) in translations {
            let name = Lang::from_tag(l).map_or(l.as_str(), |x| x.native_name());
            h.open(
                "a",
                &[
                    ("href", Some(&c.href(&format!("/stories/{slug}")))),
                    ("class", Some("chip chip--link")),
                    ("hreflang", Some(l)),
                ],
            )
            .text(name)
            .close("a");
        }
        h.close("p");
    }
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
    h.open_class("div", "prose")
        .sanitized(&story.body_html)
        .close("div");
}
