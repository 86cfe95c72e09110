use std::sync::Arc;

use crate::app::components::{date_text, tr};
use crate::app::components::{rows, Row};
use crate::app::router::use_location;
use leptos::prelude::*;

use crate::app::clock::use_app_clock;
use crate::app::components::{medium_label, MediumIcon, ThanksCard, VoicemailPlayer, WithIndex};
use crate::app::format;
use crate::app::i18n::{use_i18n, Key};
use crate::model::{Index, Medium, ThanksDetail};
use crate::view_logic;

use super::{use_key_title, use_page_title};

/// `/thanks`: the wall of thank-you cards, filterable by medium (`?medium=voicemail`).
#[component]
pub fn Thanks() -> impl IntoView {
    use_key_title(Key::ThanksTitle);
    view! {
        <div class="page">
            <header class="page-head">
                <h1>{tr(Key::ThanksTitle)}</h1>
                <p class="lead">{tr(Key::ThanksLead)}</p>
            </header>
            <WithIndex render=|ix| view! { <ThanksWall ix=ix/> }/>
        </div>
    }
}

#[component]
fn ThanksWall(ix: Arc<Index>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let now = clock.now;
    let location = use_location();
    let medium = Memo::new(move |_| {
        location
            .query("medium")
            .and_then(|m| view_logic::parse_medium(&m))
    });
    let counts_ix = ix.clone();
    let counts = Memo::new(move |_| {
        view_logic::thanks_media_counts(&counts_ix, now.get(), i18n.lang.get().code())
    });
    let list_ix = ix.clone();
    // Memoised: a clock tick must not rebuild the cards (it would stop a playing voicemail).
    let cards = Memo::new(move |_| -> Vec<Row> {
        rows(view_logic::visible_thanks(
            &list_ix,
            now.get(),
            i18n.lang.get().code(),
            medium.get(),
        ))
    });
    let tab = move |m: Option<Medium>, label: Signal<String>| {
        let href = clock.href(&match m {
            Some(m) => format!("/thanks?medium={}", m.as_str()),
            None => "/thanks".to_string(),
        });
        let current = move || (medium.get() == m).then_some("page");
        view! {
            <li>
                <a href=href class="tab" aria-current=current>
                    {m.map(|m| view! { <MediumIcon medium=m/> })}
                    <span>{move || label.get()}</span>
                </a>
            </li>
        }
    };
    view! {
        <nav class="tabs" aria-label=move || i18n.t(Key::ThanksTitle)>
            <ul>
                {tab(None, Signal::derive(move || i18n.t(Key::AllMedia).to_string()))}
                {move || counts.get().into_iter().map(|(m, n)| {
                    tab(Some(m), Signal::derive(move || format!("{} ({n})", i18n.t(medium_label(m)))))
                }).collect_view()}
            </ul>
        </nav>
        {move || {
            let list = cards.get();
            if list.is_empty() {
                view! { <p class="empty">{tr(Key::NoThanks)}</p> }.into_any()
            } else {
                view! {
                    <div class="card-grid card-grid--thanks">
                        {list.into_iter().map(|(i, f)| view! { <ThanksCard thanks=ix.thanks[i].clone() fallback=f/> }).collect_view()}
                    </div>
                }
                .into_any()
            }
        }}
    }
}

#[component]
pub(super) fn ThanksArticle(thanks: Arc<ThanksDetail>) -> impl IntoView {
    let clock = use_app_clock();
    let t = thanks.summary.clone();
    let from = t.from.clone();
    use_page_title(move || from.clone());
    let date = t.meta.date;
    let medium = t.medium;
    view! {
        <article class="thanks-detail page page--narrow" lang=t.meta.lang.clone()>
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=clock.href("/thanks")><span aria-hidden="true">"← "</span>{tr(Key::BackToThanks)}</a>
            </nav>
            <p class="thanks-card__medium"><MediumIcon medium=medium/><span>{tr(medium_label(medium))}</span></p>
            <h1 class="thanks-detail__quote">{t.wall_line().to_string()}</h1>
            <p class="story__meta">
                {tr(Key::From)}" "<strong>{t.from.clone()}</strong>
                <span aria-hidden="true">" · "</span>
                {tr(Key::To)}" "<strong>{t.to.clone()}</strong>
                <span aria-hidden="true">" · "</span>
                <time datetime=date.to_rfc3339()>{date_text(date, format::long_date)}</time>
            </p>
            {t.image.clone().map(|img| view! { <figure class="story__image"><img src=img.src alt=img.alt/></figure> })}
            {t.audio.clone().map(|a| view! {
                <VoicemailPlayer slug=t.meta.slug.clone() src=a.src mime=a.mime transcript=t.transcript.clone().unwrap_or_default() from=t.from.clone()/>
            })}
            <div class="prose" inner_html=thanks.body_html.clone()></div>
        </article>
    }
}
