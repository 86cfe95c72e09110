//! `/talking-points`: the live talking points grouped by program, filterable by team
//! (`?team=phones`), each with its figures resolved and a copy button.

use std::sync::Arc;

use leptos::prelude::*;

use super::impact_view::{default_lang, on_copy_click, talking_point, with_impact, CopyStatus};
use super::list_page;
use crate::cards::html_div;
use crate::clock::use_app_clock;
use crate::components::SkeletonKind;
use crate::i18n::{use_i18n, Key};
use crate::router::use_location;
use crate::view_logic::{impact_pages, percent_encode};
use impactwall_model::impact::{view, ImpactData};

#[component]
pub fn TalkingPoints() -> impl IntoView {
    list_page(
        "page talking-points",
        Key::TalkingPointsTitle,
        Some(Key::TalkingPointsLead),
        SkeletonKind::Cards,
        |_| {
            with_impact(
                Box::new(|im, _| view! { <PointsBody data=im/> }.into_any()),
                SkeletonKind::Cards,
            )
            .into_any()
        },
    )
}

#[component]
fn PointsBody(data: Arc<ImpactData>) -> impl IntoView {
    let (i18n, now) = (use_i18n(), use_app_clock().now);
    let location = use_location();
    let team = Memo::new(move |_| location.query("team").filter(|t| !t.is_empty()));
    let status = RwSignal::new(String::new());
    let on_click =
        move |ev: leptos::ev::MouseEvent| on_copy_click(&ev, status, i18n.lang.get_untracked());
    let tabs_data = data.clone();
    view! {
        {html_div("contents", move |h, c| {
            let current = team.get();
            let default = default_lang(c);
            h.open("nav", &[("class", Some("tabs")), ("aria-label", Some(c.t(Key::FilterByTeam)))])
                .open("ul", &[]);
            let teams = impact_pages::talking_point_teams(&tabs_data, now.get());
            let all = std::iter::once((None, c.t(Key::AllTeams).to_string()));
            let each = teams.into_iter().map(|t| {
                let name = view::team_profile(&tabs_data, &t, c.lang.code(), &default)
                    .map_or_else(|| t.clone(), |p| p.name.clone());
                (Some(t), name)
            });
            for (t, label) in all.chain(each) {
                let href = c.href(&match &t {
                    Some(t) => format!("/talking-points?team={}", percent_encode(t)),
                    None => "/talking-points".to_string(),
                });
                h.open("li", &[]).open(
                    "a",
                    &[("href", Some(&href)), ("class", Some("tab")), ("aria-current", (current == t).then_some("page"))],
                );
                h.text(&label).raw("</a></li>");
            }
            h.raw("</ul></nav>");
        })}
        <div class="points-groups" on:click=on_click>
            {html_div("contents", move |h, c| {
                let at = now.get();
                let default = default_lang(c);
                let current = team.get();
                let month = impact_pages::current_month(&data, at);
                let points = view::live_talking_points(&data, at, c.lang.code(), &default, current.as_deref());
                if points.is_empty() {
                    h.el("p", "empty", c.t(Key::NoTalkingPoints));
                    return;
                }
                for (i, (program, list)) in view::by_program(&points).into_iter().enumerate() {
                    let id = format!("program-{i}");
                    h.open("section", &[("class", Some("points-group")), ("aria-labelledby", Some(&id))])
                        .open("h2", &[("id", Some(&id)), ("class", Some("points-group__title"))])
                        .text(program.unwrap_or(c.t(Key::GeneralPoints)))
                        .close("h2")
                        .open_class("ul", "points");
                    for p in list {
                        talking_point(h, c, &data, p, month);
                    }
                    h.close("ul").close("section");
                }
            })}
        </div>
        <CopyStatus status=status/>
    }
}
