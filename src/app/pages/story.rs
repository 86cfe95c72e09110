use std::sync::Arc;

use crate::app::components::{date_text, tr};
use crate::app::components::{rows, Row};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::app::clock::use_app_clock;
use crate::app::components::{FallbackMarker, StoryCard};
use crate::app::format;
use crate::app::i18n::{fill, use_i18n, Key, Lang};
use crate::model::{Index, StoryDetail, StorySummary};
use crate::view_logic;

use super::use_page_title;

#[component]
pub(super) fn StoryArticle(ix: Arc<Index>, story: Arc<StoryDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let s: StorySummary = story.summary.clone();
    let title = s.title.clone();
    use_page_title(move || title.clone());
    let date = s.meta.date;
    let share = view_logic::share_url(&ix.site.base_url, &s.meta.slug);
    let wanted = i18n.lang.get_untracked();
    let fallback = s.meta.lang != wanted.code();

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
    let people = s.people_helped;
    let lang = s.meta.lang.clone();

    view! {
        <article class="story page page--narrow" lang=lang.clone()>
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=clock.href("/stories")><span aria-hidden="true">"← "</span>{tr(Key::BackToStories)}</a>
            </nav>
            <header class="story__head">
                <p class="story__kicker">
                    {s.program.clone().map(|p| view! { <span class="chip">{p}</span> })}
                    {s.meta.tags.clone().into_iter().map(|t| {
                        let href = clock.href(&format!("/stories{}", view_logic::StoryFilter { tag: Some(t.clone()), ..Default::default() }.to_query()));
                        view! { <a href=href class="tag">"#"{t.clone()}</a> }
                    }).collect_view()}
                    {fallback.then(|| view! { <FallbackMarker lang=lang.clone()/> })}
                </p>
                <h1 class="story__title">{s.title.clone()}</h1>
                {(!s.summary.is_empty()).then(|| view! { <p class="lead">{s.summary.clone()}</p> })}
                <p class="story__meta">
                    {s.author.clone().map(|a| view! { <span>{tr(Key::By)}" "<strong>{a}</strong></span><span aria-hidden="true">" · "</span> })}
                    <time datetime=date.to_rfc3339()>{date_text(date, format::long_date)}</time>
                    <span aria-hidden="true">" · "</span>
                    <span>{move || fill(i18n.t(Key::MinutesRead), s.reading_minutes.max(1), "")}</span>
                </p>
                {move || {
                    let list = translations.get();
                    (!list.is_empty()).then(|| view! {
                        <p class="story__translations">
                            {list.into_iter().map(|(slug, l)| {
                                let name = Lang::from_tag(&l).map(|x| x.native_name().to_string()).unwrap_or(l.clone());
                                view! { <a href=clock.href(&format!("/stories/{slug}")) class="chip chip--link" hreflang=l.clone()>{name}</a> }
                            }).collect_view()}
                        </p>
                    })
                }}
            </header>
            {s.image.clone().map(|img| view! {
                <figure class="story__image">
                    <img src=img.src alt=img.alt/>
                </figure>
            })}
            {(people > 0).then(|| view! {
                <p class="story__impact">
                    <strong>{move || format::number(people, i18n.lang.get())}</strong>" "{tr(Key::PeopleHelpedShort)}
                </p>
            })}
            <div class="prose" inner_html=story.body_html.clone()></div>
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
            (!list.is_empty()).then(|| view! {
                <section class="section page" aria-labelledby="related-title">
                    <h2 id="related-title" class="section__title">{tr(Key::RelatedStories)}</h2>
                    <div class="card-grid">
                        {list.into_iter().map(|(i, f)| view! { <StoryCard story=ix.stories[i].clone() fallback=f/> }).collect_view()}
                    </div>
                </section>
            })
        }}
    }
}
