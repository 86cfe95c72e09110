//! The home page's impact figures: the organisation's metrics this month with what
//! they mean, and the way to the talking points, the teams and the reader's team.

use leptos::prelude::*;

use super::impact_view::month_figures;
use crate::cards::{html_div, Ctx};
use crate::clock::use_app_clock;
use crate::i18n::Key;
use crate::impact_data::use_impact;
use crate::markup::Html;
use crate::view_logic::{impact_pages, percent_encode};
use impactwall_model::impact::ImpactData;

/// "What this month meant": every metric with a value this month, with its
/// equivalence. Nothing while the data loads or when it has no figures.
#[component]
pub(super) fn HomeMonthImpact() -> impl IntoView {
    let impact = use_impact();
    let now = use_app_clock().now;
    view! {
        <section class="section month-impact" aria-labelledby="month-impact-title">
            {html_div("contents", move |h, c| {
                h.open("h2", &[("id", Some("month-impact-title")), ("class", Some("section__title"))])
                    .text(c.t(Key::MonthImpactTitle))
                    .close("h2");
                if let Some(data) = impact.loaded() {
                    let month = impact_pages::current_month(&data, now.get());
                    month_figures(h, c, &data, None, month);
                }
                h.open_class("p", "month-impact__links");
                link(h, c, "/talking-points", Key::SeeTalkingPoints);
                link(h, c, "/teams", Key::SeeAllTeams);
                h.close("p");
            })}
        </section>
    }
}

fn link(h: &mut Html, c: &Ctx, path: &str, key: Key) {
    h.open(
        "a",
        &[
            ("href", Some(&c.href(path))),
            ("class", Some("button button--ghost")),
        ],
    )
    .text(c.t(key))
    .raw(r#"<span aria-hidden="true"> →</span></a>"#);
}

/// "Meet the team →" under the team picker, when the chosen team has a profile.
pub(super) fn meet_team_link(h: &mut Html, c: &Ctx, data: Option<&ImpactData>, team: &str) {
    if !data.is_some_and(|d| d.teams.iter().any(|t| t.team == team)) {
        return;
    }
    h.open(
        "a",
        &[
            (
                "href",
                Some(&c.href(&format!("/teams/{}", percent_encode(team)))),
            ),
            ("class", Some("section-head__link matters__team-link")),
        ],
    )
    .text(c.t(Key::MeetTheTeam))
    .raw(r#"<span aria-hidden="true"> →</span></a>"#);
}
