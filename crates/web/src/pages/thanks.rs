use std::sync::Arc;

use crate::components::tr;
use crate::components::{rows, Row};
use crate::router::use_location;
use leptos::prelude::*;

use super::list_page;
use crate::components::SkeletonKind;

use crate::cards::{
    html_div, medium_icon_path, medium_label, medium_line, thanks_card, voicemail, Ctx,
};
use crate::clock::use_app_clock;
use crate::format;
use crate::i18n::{use_i18n, Key};
use crate::markup::Html;
use crate::page_data::BODY_ELEMENT_ID;
use impactwall_model::{Index, ThanksDetail};

use super::{breadcrumb, figure};
use crate::view_logic;

use super::use_page_title;

/// `/thanks`: the wall of thank-you cards, filterable by medium (`?medium=voicemail`).
#[component]
pub fn Thanks() -> impl IntoView {
    let wall = |ix| view! { <ThanksWall ix=ix/> }.into_any();
    list_page(
        "page",
        Key::ThanksTitle,
        Some(Key::ThanksLead),
        SkeletonKind::Cards,
        wall,
    )
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
    let data = crate::site_data::use_site_data();
    let counts =
        Memo::new(move |_| data.thanks_media(&counts_ix, now.get(), i18n.lang.get().code()));
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
    view! {
        {html_div("contents", move |h, c| {
            let current = medium.get();
            h.open("nav", &[("class", Some("tabs")), ("aria-label", Some(c.t(Key::ThanksTitle)))])
                .open("ul", &[]);
            let all = std::iter::once((None, c.t(Key::AllMedia).to_string()));
            let each = counts.get().into_iter().map(|(m, n)| {
                (Some(m), format!("{} ({n})", c.t(medium_label(m))))
            });
            for (m, label) in all.chain(each) {
                let href = c.href(&match m {
                    Some(m) => format!("/thanks?medium={}", m.as_str()),
                    None => "/thanks".to_string(),
                });
                h.open("li", &[]).open(
                    "a",
                    &[
                        ("href", Some(&href)),
                        ("class", Some("tab")),
                        ("aria-current", (current == m).then_some("page")),
                    ],
                );
                if let Some(m) = m {
                    h.icon("icon medium-icon", "20", medium_icon_path(m));
                }
                h.el("span", "", &label).raw("</a></li>");
            }
            h.raw("</ul></nav>");
        })}
        {move || {
            let list = cards.get();
            if list.is_empty() {
                view! { <p class="empty">{tr(Key::NoThanks)}</p> }.into_any()
            } else {
                let ix = ix.clone();
                html_div("card-grid card-grid--thanks", move |h, c| {
                    for &(i, f) in &list {
                        thanks_card(h, c, &ix.thanks[i], f);
                    }
                })
            }
        }}
    }
}

#[component]
pub(super) fn ThanksArticle(thanks: Arc<ThanksDetail>) -> impl IntoView {
    let from = thanks.summary.from.clone();
    use_page_title(move || from.clone());
    let lang = thanks.summary.meta.lang.clone();
    view! {
        <article class="thanks-detail page page--narrow" lang=lang>
            {html_div("contents", move |h, c| thanks_article(h, c, &thanks))}
        </article>
    }
}

/// The whole message: medium, quote, who to whom and when, image, voicemail, text.
fn thanks_article(h: &mut Html, c: &Ctx, thanks: &ThanksDetail) {
    let t = &thanks.summary;
    breadcrumb(h, c, "/thanks", Key::BackToThanks);
    h.open_class("p", "thanks-card__medium");
    medium_line(h, c, t.medium);
    h.close("p")
        .el("h1", "thanks-detail__quote", t.wall_line())
        .open_class("p", "story__meta")
        .text(c.t(Key::From))
        .raw(" <strong>")
        .text(&t.from)
        .close("strong")
        .dot()
        .text(c.t(Key::To))
        .raw(" <strong>")
        .text(&t.to)
        .close("strong")
        .dot();
    c.time(h, t.meta.date, format::long_date);
    h.close("p");
    if let Some(img) = &t.image {
        figure(h, img);
    }
    voicemail(h, c, t);
    h.open(
        "div",
        &[("class", Some("prose")), ("id", Some(BODY_ELEMENT_ID))],
    )
    .sanitized(&thanks.body_html)
    .close("div");
}
