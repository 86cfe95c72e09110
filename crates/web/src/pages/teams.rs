//! `/teams` (every team: name, intro, languages, time zone, hours) and
//! `/teams/<team>` (the team's profile, members, numbers, stories, thank-yous,
//! talking points and coming events).

use std::sync::Arc;

use leptos::prelude::*;

use super::impact_view::{
    default_lang, html_text, month_figures, on_copy_click, talking_point, with_impact, CopyStatus,
};
use super::{breadcrumb, list_page, use_page_title};
use crate::cards::{event_card, html_div, story_card, thanks_card, Ctx};
use crate::clock::use_app_clock;
use crate::components::SkeletonKind;
use crate::i18n::{use_i18n, Key};
use crate::markup::Html;
use crate::view_logic::{impact_pages, percent_encode};
use impactwall_model::impact::{view, ImpactData, Team};
use impactwall_model::{Index, Instant};

/// First characters of a team's introduction on the list.
const INTRO_CHARS: usize = 220;

#[component]
pub fn Teams() -> impl IntoView {
    list_page(
        "page teams",
        Key::TeamsTitle,
        Some(Key::TeamsLead),
        SkeletonKind::Cards,
        |_| {
            with_impact(
                Box::new(|im, _| {
                    html_div("card-grid team-grid", move |h, c| team_cards(h, c, &im))
                }),
                SkeletonKind::Cards,
            )
            .into_any()
        },
    )
}

fn team_cards(h: &mut Html, c: &Ctx, data: &ImpactData) {
    let default = default_lang(c);
    for team in view::team_list(data, c.lang.code(), &default) {
        let href = c.href(&format!("/teams/{}", percent_encode(&team.team)));
        h.open(
            "article",
            &[("class", Some("team-card")), ("lang", Some(&team.lang))],
        )
        .open_class("h2", "team-card__title")
        .open("a", &[("href", Some(&href))])
        .text(&team.name)
        .close("a")
        .close("h2");
        let intro =
            impactwall_model::rotation::excerpt(&html_text(&team.description_html), INTRO_CHARS);
        if !intro.is_empty() {
            h.el("p", "team-card__intro", &intro);
        }
        team_facts(h, c, team);
        h.close("article");
    }
}

/// Languages, time zone and hours, as a description list.
fn team_facts(h: &mut Html, c: &Ctx, team: &Team) {
    h.open_class("dl", "team-facts");
    let langs = team.languages.join(", ");
    let facts = [
        (
            Key::TeamLanguages,
            Some(langs.as_str()).filter(|l| !l.is_empty()),
        ),
        (Key::TeamTimezone, team.timezone.as_deref()),
        (Key::TeamHours, team.hours.as_deref()),
    ];
    for (key, value) in facts {
        if let Some(v) = value {
            h.open_class("div", "team-facts__row")
                .el("dt", "", c.t(key))
                .el("dd", "", v)
                .close("div");
        }
    }
    h.close("dl");
}

/// `/teams/<team>`.
#[component]
pub fn TeamPage(team: String) -> impl IntoView {
    let i18n = use_i18n();
    let impact = crate::impact_data::use_impact();
    let title_team = team.clone();
    use_page_title(move || {
        let lang = i18n.lang.get();
        impact
            .loaded()
            .and_then(|d| {
                let t = view::team_profile(&d, &title_team, lang.code(), "en")?;
                Some(t.name.clone())
            })
            .unwrap_or_default()
    });
    let render = move |im: Arc<ImpactData>, ix: Arc<Index>| {
        if im.teams.iter().any(|t| t.team == team) {
            view! { <TeamProfile data=im ix=ix team=team.clone()/> }.into_any()
        } else {
            view! { <super::NotFound/> }.into_any()
        }
    };
    view! {
        <div class="page team-page">{with_impact(Box::new(render), SkeletonKind::Article)}</div>
    }
}

#[component]
fn TeamProfile(data: Arc<ImpactData>, ix: Arc<Index>, team: String) -> impl IntoView {
    let (i18n, now) = (use_i18n(), use_app_clock().now);
    let status = RwSignal::new(String::new());
    let on_click =
        move |ev: leptos::ev::MouseEvent| on_copy_click(&ev, status, i18n.lang.get_untracked());
    view! {
        <div class="contents" on:click=on_click>
            {html_div("contents", move |h, c| {
                let default = default_lang(c);
                let Some(profile) = view::team_profile(&data, &team, c.lang.code(), &default) else {
                    return;
                };
                team_head(h, c, profile);
                team_members(h, c, profile);
                team_sections(h, c, &data, &ix, profile, now.get());
            })}
        </div>
        <CopyStatus status=status/>
    }
}

fn team_head(h: &mut Html, c: &Ctx, team: &Team) {
    breadcrumb(h, c, "/teams", Key::BackToTeams);
    h.open(
        "header",
        &[
            ("class", Some("page-head team-page__head")),
            ("lang", Some(&team.lang)),
        ],
    )
    .el("h1", "", &team.name);
    team_facts(h, c, team);
    h.close("header");
    if let Some(photo) = &team.photo {
        super::figure(h, photo);
    }
    if !team.description_html.is_empty() {
        h.open(
            "div",
            &[
                ("class", Some("prose team-page__intro")),
                ("lang", Some(&team.lang)),
            ],
        )
        .sanitized(&team.description_html)
        .close("div");
    }
}

/// The members who agreed to be shown (the build publishes no one else).
fn team_members(h: &mut Html, c: &Ctx, team: &Team) {
    if team.members.is_empty() {
        return;
    }
    section_open(h, c, "team-members", Key::TeamMembers);
    h.open_class("ul", "members");
    for m in &team.members {
        h.open(
            "li",
            &[("class", Some("member")), ("lang", Some(&team.lang))],
        );
        if let Some(photo) = &m.photo {
            h.open(
                "img",
                &[
                    ("src", Some(&photo.src)),
                    ("alt", Some(&photo.alt)),
                    ("class", Some("member__photo")),
                    ("loading", Some("lazy")),
                ],
            );
        }
        h.el("h3", "member__name", &m.name);
        if let Some(role) = &m.role {
            h.el("p", "member__role", role);
        }
        if let Some(about) = &m.about {
            h.el("p", "member__about", about);
        }
        h.close("li");
    }
    h.close("ul").close("section");
}

/// `<section>` with an `<h2>` whose id labels it.
fn section_open(h: &mut Html, c: &Ctx, id: &str, title: Key) {
    let head = format!("{id}-title");
    h.open(
        "section",
        &[
            ("class", Some("section team-section")),
            ("id", Some(id)),
            ("aria-labelledby", Some(&head)),
        ],
    )
    .open(
        "h2",
        &[("id", Some(&head)), ("class", Some("section__title"))],
    )
    .text(c.t(title))
    .close("h2");
}

/// Numbers, stories, thank-yous, talking points and events of the team.
fn team_sections(h: &mut Html, c: &Ctx, data: &ImpactData, ix: &Index, team: &Team, now: Instant) {
    let (lang, default) = (c.lang.code(), default_lang(c));
    let month = impact_pages::current_month(data, now);
    let mut figures = Html::new();
    if month_figures(&mut figures, c, data, Some(&team.team), month) > 0 {
        section_open(h, c, "team-numbers", Key::TeamThisMonth);
        h.sanitized(&figures.finish()).close("section");
    }
    let stories = impact_pages::team_stories(ix, now, lang, &team.team);
    section_open(h, c, "team-stories", Key::TeamStories);
    empty_or(h, c, stories.is_empty(), |h| {
        h.open_class("div", "card-grid");
        for s in &stories {
            story_card(h, c, s.item, s.fallback, false);
        }
        h.close("div");
    });
    let thanks = impact_pages::team_thanks(ix, now, lang, &team.team, &team.name);
    section_open(h, c, "team-thanks", Key::TeamThanks);
    empty_or(h, c, thanks.is_empty(), |h| {
        h.open_class("div", "card-grid card-grid--thanks");
        for t in &thanks {
            thanks_card(h, c, t.item, t.fallback);
        }
        h.close("div");
    });
    let points = impact_pages::team_talking_points(data, now, lang, &default, &team.team);
    section_open(h, c, "team-points", Key::TeamTalkingPoints);
    empty_or(h, c, points.is_empty(), |h| {
        h.open_class("ul", "points");
        for p in &points {
            talking_point(h, c, data, p, month);
        }
        h.close("ul");
    });
    let events = impact_pages::team_events(ix, now, lang, &team.team);
    section_open(h, c, "team-events", Key::TeamEvents);
    empty_or(h, c, events.is_empty(), |h| {
        h.open_class("div", "event-list");
        for e in &events {
            event_card(h, c, e.item, e.fallback, e.item.phase_at(now));
        }
        h.close("div");
    });
}

/// "Nothing here yet." or what `write` writes; then closes the section.
fn empty_or(h: &mut Html, c: &Ctx, empty: bool, write: impl FnOnce(&mut Html)) {
    if empty {
        h.el("p", "empty", c.t(Key::TeamNothingYet));
    } else {
        write(h);
    }
    h.close("section");
}
