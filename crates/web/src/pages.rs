//! Pages of the reading site, one per file.

mod about;
mod detail;
mod events;
mod home;
mod home_impact;
pub(crate) mod impact_view;
mod not_found;
mod search;
mod stories;
mod story;
mod talking_points;
mod teams;
mod thanks;

pub use about::About;
pub use detail::Detail;
pub use events::Events;
pub use home::Home;
pub use not_found::NotFound;
pub use search::Search;
pub use stories::Stories;
pub use talking_points::TalkingPoints;
pub use teams::{TeamPage, Teams};
pub use thanks::Thanks;

use leptos::prelude::*;

use std::sync::Arc;

use super::cards::{html_div, Ctx};
use super::components::{with_index, SkeletonKind};
use super::i18n::{use_i18n, Key};
use super::site_data::use_site_data;
use crate::markup::Html;
use impactwall_model::{Image, Index};

/// A list page: `<div class=…>` with the page head (title and lead) and the content
/// `render` makes from the index (a skeleton while it loads, the error state if it
/// fails). One view for the four list pages.
pub(crate) fn list_page(
    class: &'static str,
    title: Key,
    lead: Option<Key>,
    skeleton: SkeletonKind,
    render: impl Fn(Arc<Index>) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    use_key_title(title);
    view! {
        <div class=class>
            {html_div("contents", move |h, c| {
                h.open_class("header", "page-head").el("h1", "", c.t(title));
                if let Some(lead) = lead {
                    h.el("p", "lead", c.t(lead));
                }
                h.close("header");
            })}
            {with_index(Box::new(render), skeleton, false)}
        </div>
    }
}

/// `<nav class="breadcrumb">`: the way back to a list from an item.
pub(crate) fn breadcrumb(h: &mut Html, c: &Ctx, path: &str, key: Key) {
    h.open(
        "nav",
        &[
            ("class", Some("breadcrumb")),
            ("aria-label", Some("Breadcrumb")),
        ],
    )
    .open("a", &[("href", Some(&c.href(path)))])
    .raw(r#"<span aria-hidden="true">← </span>"#)
    .text(c.t(key))
    .close("a")
    .close("nav");
}

/// An item's picture at full width.
pub(crate) fn figure(h: &mut Html, img: &Image) {
    h.open_class("figure", "story__image")
        .open("img", &[("src", Some(&img.src)), ("alt", Some(&img.alt))])
        .close("figure");
}

/// Keeps `document.title` as "{page} · {site}" while the page is shown.
pub(crate) fn use_page_title(page: impl Fn() -> String + Send + Sync + 'static) {
    let data = use_site_data();
    let i18n = use_i18n();
    Effect::new(move |_| {
        let site = data
            .index()
            .and_then(|r| r.ok())
            .map(|ix| ix.site.name_in(i18n.lang.get().code()).to_string());
        let title = match (page(), site) {
            (p, Some(s)) if !p.is_empty() => format!("{p} · {s}"),
            (p, None) => p,
            (_, Some(s)) => s,
        };
        if let Some(doc) = crate::browser::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
}

/// The page title for a UI key.
pub(crate) fn use_key_title(key: Key) {
    let i18n = use_i18n();
    use_page_title(move || i18n.t(key).to_string());
}
