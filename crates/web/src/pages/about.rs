use std::sync::Arc;

use leptos::prelude::*;

use super::list_page;
use crate::components::SkeletonKind;

use crate::cards::html_div;
use crate::clock::use_app_clock;
use crate::components;
use crate::format;
use crate::i18n::Key;
use crate::view_logic;
use impactwall_model::Index;

/// `/about`: the long mission statement and how impact is measured.
#[component]
pub fn About() -> impl IntoView {
    let content = |ix| view! { <AboutContent ix=ix/> }.into_any();
    list_page(
        "page page--narrow about",
        Key::AboutTitle,
        None,
        SkeletonKind::Article,
        content,
    )
}

#[component]
fn AboutContent(ix: Arc<Index>) -> impl IntoView {
    let clock = use_app_clock();
    let site = ix.clone();
    let has_impact = !ix.site.impact_html.trim().is_empty();
    let counters = Memo::new(move |_| {
        let now = clock.now.get();
        ix.counters_at(
            now,
            view_logic::start_of_month(now, format::viewer_offset_minutes(now)),
        )
    });
    view! {
        {html_div("contents", move |h, c| {
            let code = c.lang.code();
            h.el("p", "about__mission", site.site.mission_in(code))
                .open_class("div", "prose")
                .sanitized(site.site.mission_html_in(code))
                .close("div");
            if has_impact {
                let n = counters.get();
                h.open(
                    "section",
                    &[
                        ("class", Some("section about__impact")),
                        ("aria-labelledby", Some("measure-title")),
                    ],
                )
                .open("h2", &[("id", Some("measure-title")), ("class", Some("section__title"))])
                .text(c.t(Key::HowWeMeasure))
                .close("h2");
                components::counters(
                    h,
                    c,
                    "counters counters--compact",
                    &[
                        (Key::PeopleHelped, n.people_helped),
                        (Key::StoriesCount, n.stories as u64),
                        (Key::NavThanks, n.thanks as u64),
                    ],
                );
                h.open_class("div", "prose")
                    .sanitized(site.site.impact_html_in(code))
                    .close("div")
                    .close("section");
            }
            h.open("p", &[])
                .open(
                    "a",
                    &[
                        ("href", Some(&c.href("/stories"))),
                        ("class", Some("button button--primary")),
                    ],
                )
                .text(c.t(Key::ReadTheStories))
                .raw(r#"<span aria-hidden="true"> →</span></a></p>"#);
        })}
    }
}
