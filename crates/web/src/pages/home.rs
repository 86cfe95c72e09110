use std::sync::Arc;

use crate::components::{rows, Row};
use leptos::prelude::*;

use crate::cards::{event_card, html_div, story_card, thanks_card};
use crate::clock::use_app_clock;
use crate::components::{self, section_head, SkeletonKind, WithIndex};
use crate::format;
use crate::i18n::{fill, use_i18n, Key};
use crate::view_logic::{self, StoryFilter};
use impactwall_model::{EventPhase, Index};

use super::use_page_title;
use crate::site_data::use_site_data;

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
    view! {
        <HomeHero ix=ix.clone()/>
        <HomeImpact ix=ix.clone()/>
        <div class="home-grid">
            <HomeFeatured ix=ix.clone()/>
            <TeamMatters ix=ix.clone()/>
        </div>
        <HomeThanks ix=ix.clone()/>
        <HomeEvents ix=ix/>
    }
}

/// The organisation's name, its mission and the way to the mission page.
#[component]
fn HomeHero(ix: Arc<Index>) -> impl IntoView {
    view! {
        <section class="hero" aria-labelledby="hero-title">
            {html_div("hero__inner", move |h, c| {
                let site = &ix.site;
                h.el("p", "hero__eyebrow", site.name_in(c.lang.code()))
                    .open("h1", &[("id", Some("hero-title")), ("class", Some("hero__mission"))])
                    .text(site.mission_in(c.lang.code()))
                    .close("h1")
                    .open("a", &[("href", Some(&c.href("/about"))), ("class", Some("hero__link"))])
                    .text(c.t(Key::NavAbout))
                    .raw(r#"<span aria-hidden="true"> →</span></a>"#);
            })}
        </section>
    }
}

/// The impact counters, live against the clock (this month in the viewer's zone).
#[component]
fn HomeImpact(ix: Arc<Index>) -> impl IntoView {
    let now = use_app_clock().now;
    let data = use_site_data();
    let counters = Memo::new(move |_| {
        let at = now.get();
        let since = view_logic::start_of_month(at, format::viewer_offset_minutes(at));
        data.counters(&ix, at, since)
    });
    view! {
        <section class="section impact" aria-labelledby="impact-title">
            {html_div("contents", move |h, c| {
                let n = counters.get();
                h.open("h2", &[("id", Some("impact-title")), ("class", Some("section__title"))])
                    .text(c.t(Key::ImpactHeading))
                    .close("h2");
                components::counters(h, c, "counters", &[
                    (Key::PeopleHelped, n.people_helped),
                    (Key::StoriesCount, n.stories as u64),
                    (Key::ThanksThisMonth, n.thanks_since as u64),
                    (Key::UpcomingEventsCount, n.upcoming_events as u64),
                ]);
            })}
        </section>
    }
}

// Lists are memoised so a clock tick re-renders only when what is visible changes.

#[component]
fn HomeFeatured(ix: Arc<Index>) -> impl IntoView {
    let (i18n, now) = (use_i18n(), use_app_clock().now);
    let stories_ix = ix.clone();
    let featured = Memo::new(move |_| {
        let lang = i18n.lang.get();
        let list = view_logic::visible_stories(
            &stories_ix,
            now.get(),
            lang.code(),
            &StoryFilter::default(),
        );
        view_logic::featured_story(&list).map(|s| (s.index, s.fallback))
    });
    view! {
        <section class="section featured" aria-labelledby="featured-title">
            {html_div("contents", move |h, c| {
                section_head(h, c, Key::FeaturedStory, "/stories", Key::SeeAllStories, "featured-title");
                if let Some((i, fallback)) = featured.get() {
                    story_card(h, c, &ix.stories[i], fallback, true);
                }
            })}
        </section>
    }
}

#[component]
fn HomeThanks(ix: Arc<Index>) -> impl IntoView {
    let (i18n, now) = (use_i18n(), use_app_clock().now);
    let thanks_ix = ix.clone();
    let latest = Memo::new(move |_| -> Vec<Row> {
        let lang = i18n.lang.get();
        let mut list = view_logic::visible_thanks(&thanks_ix, now.get(), lang.code(), None);
        list.truncate(3);
        rows(list)
    });
    view! {
        <section class="section" aria-labelledby="thanks-title">
            {html_div("contents", move |h, c| {
                section_head(h, c, Key::LatestThanks, "/thanks", Key::SeeAllThanks, "thanks-title");
                h.open_class("div", "card-grid card-grid--thanks card-grid--home");
                for (i, f) in latest.get() {
                    thanks_card(h, c, &ix.thanks[i], f);
                }
                h.close("div");
            })}
        </section>
    }
}

#[component]
fn HomeEvents(ix: Arc<Index>) -> impl IntoView {
    let (i18n, now) = (use_i18n(), use_app_clock().now);
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
        <section class="section" aria-labelledby="events-title">
            {html_div("contents", move |h, c| {
                section_head(h, c, Key::NextEvents, "/events", Key::SeeAllEvents, "events-title");
                let list = next_events.get();
                if list.is_empty() {
                    h.el("p", "empty", c.t(Key::NoEventsSoon));
                } else {
                    h.open_class("div", "event-list");
                    for (i, f, p) in list {
                        event_card(h, c, &ix.events[i], f, p);
                    }
                    h.close("div");
                }
            })}
        </section>
    }
}

fn saved_team() -> Option<String> {
    crate::browser::window()?
        .local_storage()
        .ok()??
        .get_item(TEAM_STORAGE_KEY)
        .ok()?
        .filter(|t| !t.is_empty())
}

fn save_team(team: &str) {
    if let Some(s) = crate::browser::window().and_then(|w| w.local_storage().ok().flatten()) {
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
    let data = use_site_data();
    let teams_ix = ix.clone();
    let teams = Memo::new(move |_| data.teams(&teams_ix, now.get()));
    // The saved team is the reader's: a page being hydrated starts without one, as it
    // was built, and picks it up right after (with the whole index, to count them all).
    let hydrating = crate::boot::use_boot().hydrating;
    let team = RwSignal::new(if hydrating { None } else { saved_team() });
    if hydrating {
        Effect::new(move |_| {
            if let Some(t) = saved_team() {
                data.load_full();
                team.set(Some(t));
            }
        });
    }
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
        data.load_full();
        team.set(Some(v).filter(|v| !v.is_empty()));
    };
    view! {
        <section class="section matters" aria-labelledby="matters-title" on:change=on_change>
            {html_div("contents", move |h, c| {
                let chosen = team.get();
                let current = chosen.as_deref().unwrap_or_default();
                h.open("h2", &[("id", Some("matters-title")), ("class", Some("section__title"))])
                    .text(c.t(Key::WhyItMatters))
                    .close("h2")
                    .open_class("label", "field")
                    .el("span", "field__label", c.t(Key::YourTeam))
                    .open("select", &[("id", Some("matters-team")), ("class", Some("matters__team"))])
                    .open("option", &[("value", Some("")), ("selected", current.is_empty().then_some(""))])
                    .text(c.t(Key::ChooseTeam))
                    .close("option");
                for t in teams.get() {
                    h.open("option", &[("value", Some(&t)), ("selected", (t == current).then_some(""))])
                        .text(&t)
                        .close("option");
                }
                h.close("select").close("label");
                let Some(name) = chosen else {
                    h.el("p", "matters__prompt", c.t(Key::TeamPrompt));
                    return;
                };
                let list = team_stories.get();
                let n = list.len();
                let lead = if n == 0 { Key::TeamStoriesNone } else { Key::TeamStoriesLead };
                h.el("p", "matters__line", &fill(c.t(lead), n, &name))
                    .open_class("ul", "matters__list");
                for (i, _) in list.into_iter().take(3) {
                    let s = &ix.stories[i];
                    h.open("li", &[])
                        .open("a", &[("href", Some(&c.href(&format!("/stories/{}", s.meta.slug))))])
                        .text(&s.title)
                        .raw("</a></li>");
                }
                h.close("ul");
                if n > 0 {
                    let filter = StoryFilter { team: Some(name), ..Default::default() };
                    h.open("a", &[("href", Some(&c.href(&format!("/stories{}", filter.to_query())))), ("class", Some("section-head__link"))])
                        .text(c.t(Key::SeeAllStories))
                        .raw(r#"<span aria-hidden="true"> →</span></a>"#);
                }
            })}
        </section>
    }
}
