use std::sync::Arc;

use crate::app::components::tr;
use leptos::prelude::*;

use crate::app::clock::use_app_clock;
use crate::app::components::{Counter, SkeletonKind, WithIndex};
use crate::app::format;
use crate::app::i18n::{use_i18n, Key};
use crate::model::Index;
use crate::view_logic;

use super::use_key_title;

/// `/about`: the long mission statement and how impact is measured.
#[component]
pub fn About() -> impl IntoView {
    use_key_title(Key::AboutTitle);
    view! {
        <div class="page page--narrow about">
            <header class="page-head">
                <h1>{tr(Key::AboutTitle)}</h1>
            </header>
            <WithIndex skeleton=SkeletonKind::Article render=|ix| view! { <AboutContent ix=ix/> }/>
        </div>
    }
}

#[component]
fn AboutContent(ix: Arc<Index>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let site = ix.clone();
    let mission = move || site.site.mission_in(i18n.lang.get().code()).to_string();
    let site = ix.clone();
    let mission_html = move || {
        site.site
            .mission_html_in(i18n.lang.get().code())
            .to_string()
    };
    let site = ix.clone();
    let impact_html = move || site.site.impact_html_in(i18n.lang.get().code()).to_string();
    let has_impact = !ix.site.impact_html.trim().is_empty();
    let counters = Memo::new(move |_| {
        let now = clock.now.get();
        ix.counters_at(
            now,
            view_logic::start_of_month(now, format::viewer_offset_minutes(now)),
        )
    });
    let people =
        Signal::derive(move || format::number(counters.get().people_helped, i18n.lang.get()));
    let stories =
        Signal::derive(move || format::number(counters.get().stories as u64, i18n.lang.get()));
    let thanks =
        Signal::derive(move || format::number(counters.get().thanks as u64, i18n.lang.get()));
    view! {
        <p class="about__mission">{mission}</p>
        <div class="prose" inner_html=mission_html></div>
        {has_impact.then(|| view! {
            <section class="section about__impact" aria-labelledby="measure-title">
                <h2 id="measure-title" class="section__title">{tr(Key::HowWeMeasure)}</h2>
                <dl class="counters counters--compact">
                    <Counter value=people label=Key::PeopleHelped/>
                    <Counter value=stories label=Key::StoriesCount/>
                    <Counter value=thanks label=Key::NavThanks/>
                </dl>
                <div class="prose" inner_html=impact_html></div>
            </section>
        })}
        <p>
            <a href=clock.href("/stories") class="button button--primary">
                {tr(Key::ReadTheStories)}<span aria-hidden="true">" →"</span>
            </a>
        </p>
    }
}
