use std::sync::Arc;

use crate::app::components::tr;
use crate::app::components::{rows, Row};
use leptos::prelude::*;

use crate::app::clock::use_app_clock;
use crate::app::components::{
    Counter, EventCard, SectionHead, SkeletonKind, StoryCard, ThanksCard, WithIndex,
};
use crate::app::format;
use crate::app::i18n::{fill, use_i18n, Key};
use crate::model::{EventPhase, Index};
use crate::view_logic::{self, StoryFilter};

use super::use_page_title;

const TEAM_STORAGE_KEY: &str = "impactwall.team";

#[component]
pub fn Home() -> impl IntoView {
    use_page_title(String::new);
    view! {
        <WithIndex
            skeleton=SkeletonKind::Hero
            page_title_on_error=true
            render=|ix| view! { <HomeContent ix=ix/> }
        />
    }
}

#[component]
fn HomeContent(ix: Arc<Index>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let now = clock.now;

    let site = ix.clone();
    let mission = move || site.site.mission_in(i18n.lang.get().code()).to_string();
    let site = ix.clone();
    let org = move || site.site.name_in(i18n.lang.get().code()).to_string();

    let counters_ix = ix.clone();
    let counters = Memo::new(move |_| {
        let at = now.get();
        let since = view_logic::start_of_month(at, format::viewer_offset_minutes(at));
        counters_ix.counters_at(at, since)
    });
    let num = move |f: fn(&crate::model::Counters) -> u64| {
        Signal::derive(move || format::number(f(&counters.get()), i18n.lang.get()))
    };

    // Lists are memoised so a clock tick re-renders only when what is visible changes.
    let (featured_ix, thanks_cards_ix, event_cards_ix) = (ix.clone(), ix.clone(), ix.clone());
    let stories_ix = ix.clone();
    let featured = Memo::new(move |_| {
        let list = view_logic::visible_stories(
            &stories_ix,
            now.get(),
            i18n.lang.get().code(),
            &StoryFilter::default(),
        );
        view_logic::featured_story(&list).map(|s| (s.index, s.fallback))
    });
    let thanks_ix = ix.clone();
    let latest_thanks = Memo::new(move |_| -> Vec<Row> {
        let mut list =
            view_logic::visible_thanks(&thanks_ix, now.get(), i18n.lang.get().code(), None);
        list.truncate(3);
        rows(list)
    });
    let events_ix = ix.clone();
    let next_events = Memo::new(move |_| -> Vec<(usize, bool, EventPhase)> {
        let at = now.get();
        let g = view_logic::group_events(&events_ix, at, i18n.lang.get().code());
        g.ongoing
            .into_iter()
            .chain(g.upcoming)
            .take(3)
            .map(|e| (e.index, e.fallback, e.item.phase_at(at)))
            .collect()
    });

    view! {
        <section class="hero" aria-labelledby="hero-title">
            <div class="hero__inner">
                <p class="hero__eyebrow">{org}</p>
                <h1 id="hero-title" class="hero__mission">{mission}</h1>
                <a href=clock.href("/about") class="hero__link">
                    {tr(Key::NavAbout)}<span aria-hidden="true">" →"</span>
                </a>
            </div>
        </section>

        <section class="section impact" aria-labelledby="impact-title">
            <h2 id="impact-title" class="section__title">{tr(Key::ImpactHeading)}</h2>
            <dl class="counters">
                <Counter value=num(|c| c.people_helped) label=Key::PeopleHelped/>
                <Counter value=num(|c| c.stories as u64) label=Key::StoriesCount/>
                <Counter value=num(|c| c.thanks_since as u64) label=Key::ThanksThisMonth/>
                <Counter value=num(|c| c.upcoming_events as u64) label=Key::UpcomingEventsCount/>
            </dl>
        </section>

        <div class="home-grid">
            <section class="section featured" aria-labelledby="featured-title">
                <SectionHead title=Key::FeaturedStory link="/stories" link_label=Key::SeeAllStories id="featured-title"/>
                {move || featured.get().map(|(i, fallback)| view! { <StoryCard story=featured_ix.stories[i].clone() fallback=fallback large=true/> })}
            </section>
            <TeamMatters ix=ix.clone()/>
        </div>

        <section class="section" aria-labelledby="thanks-title">
            <SectionHead title=Key::LatestThanks link="/thanks" link_label=Key::SeeAllThanks id="thanks-title"/>
            <div class="card-grid card-grid--thanks card-grid--home">
                {move || latest_thanks.get().into_iter().map(|(i, f)| view! { <ThanksCard thanks=thanks_cards_ix.thanks[i].clone() fallback=f/> }).collect_view()}
            </div>
        </section>

        <section class="section" aria-labelledby="events-title">
            <SectionHead title=Key::NextEvents link="/events" link_label=Key::SeeAllEvents id="events-title"/>
            {move || {
                let list = next_events.get();
                if list.is_empty() {
                    view! { <p class="empty">{tr(Key::NoEventsSoon)}</p> }.into_any()
                } else {
                    view! {
                        <div class="event-list">
                            {list.into_iter().map(|(i, f, p)| view! { <EventCard event=event_cards_ix.events[i].clone() fallback=f phase=p/> }).collect_view()}
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

fn saved_team() -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(TEAM_STORAGE_KEY)
        .ok()?
        .filter(|t| !t.is_empty())
}

fn save_team(team: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if team.is_empty() {
            s.remove_item(TEAM_STORAGE_KEY)
        } else {
            s.set_item(TEAM_STORAGE_KEY, team)
        };
    }
}

/// "Why your work matters": the reader picks their team once; the stories that team
/// made possible are counted and linked.
#[component]
fn TeamMatters(ix: Arc<Index>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let now = clock.now;
    let teams_ix = ix.clone();
    let teams = Memo::new(move |_| view_logic::all_teams(&teams_ix, now.get()));
    let team = RwSignal::new(saved_team());
    let team_ix = ix.clone();
    let team_stories = Memo::new(move |_| -> Vec<Row> {
        let Some(team) = team.get() else {
            return Vec::new();
        };
        let filter = StoryFilter {
            team: Some(team),
            ..Default::default()
        };
        rows(view_logic::visible_stories(
            &team_ix,
            now.get(),
            i18n.lang.get().code(),
            &filter,
        ))
    });
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        save_team(&v);
        team.set(Some(v).filter(|v| !v.is_empty()));
    };
    view! {
        <section class="section matters" aria-labelledby="matters-title">
            <h2 id="matters-title" class="section__title">{tr(Key::WhyItMatters)}</h2>
            <label class="field">
                <span class="field__label">{tr(Key::YourTeam)}</span>
                <select class="matters__team" on:change=on_change prop:value=move || team.get().unwrap_or_default()>
                    <option value="">{tr(Key::ChooseTeam)}</option>
                    {move || teams.get().into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                </select>
            </label>
            {move || team.get().is_none().then(|| view! { <p class="matters__prompt">{tr(Key::TeamPrompt)}</p> })}
            {move || team.get().map(|name| {
                let list = team_stories.get();
                let n = list.len();
                let line = if n == 0 { fill(i18n.t(Key::TeamStoriesNone), n, &name) } else { fill(i18n.t(Key::TeamStoriesLead), n, &name) };
                let all = clock.href(&format!("/stories{}", StoryFilter { team: Some(name.clone()), ..Default::default() }.to_query()));
                view! {
                    <p class="matters__line">{line}</p>
                    <ul class="matters__list">
                        {list.into_iter().take(3).map(|(i, _)| {
                            let s = &ix.stories[i];
                            let href = clock.href(&format!("/stories/{}", s.meta.slug));
                            view! { <li><a href=href>{s.title.clone()}</a></li> }
                        }).collect_view()}
                    </ul>
                    {(n > 0).then(|| view! {
                        <a href=all class="section-head__link">{tr(Key::SeeAllStories)}<span aria-hidden="true">" →"</span></a>
                    })}
                }
            })}
        </section>
    }
}
