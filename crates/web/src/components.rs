//! Building blocks shared by the pages: loading and error states, counters, section
//! heads. The cards are written as HTML text in [`super::cards`].

use std::sync::Arc;

use leptos::prelude::*;

use super::api::FetchError;
use super::cards::{html_div, Ctx};
use super::i18n::{use_i18n, Key};
use super::site_data::use_site_data;
use crate::markup::Html;
use impactwall_model::Index;

/// Reactive UI text for `key`. One helper (one closure type) for every label keeps the
/// wasm small: each distinct closure in a view is compiled into its own render code.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Send + Sync + Copy + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// A list entry as the views keep it: the item's position in its `Index` list and
/// whether it is shown in another language. Cheap to compare, so a memoised list
/// re-renders only when what is visible changes, and one type for every list.
pub type Row = (usize, bool);

/// The rows of a chosen list (see [`Row`]).
pub fn rows<T>(list: Vec<impactwall_model::Localized<'_, T>>) -> Vec<Row> {
    list.into_iter().map(|l| (l.index, l.fallback)).collect()
}

/// Which placeholder shape to show while loading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SkeletonKind {
    #[default]
    Cards,
    Article,
    Hero,
}

impl SkeletonKind {
    /// The grey blocks, hidden from screen readers.
    fn blocks(self) -> &'static str {
        match self {
            SkeletonKind::Hero => concat!(
                r#"<div class="skeleton skeleton--hero"></div><div class="skeleton-row">"#,
                r#"<div class="skeleton skeleton--stat"></div><div class="skeleton skeleton--stat"></div>"#,
                r#"<div class="skeleton skeleton--stat"></div><div class="skeleton skeleton--stat"></div>"#,
                r#"</div><div class="skeleton skeleton--card"></div>"#,
            ),
            SkeletonKind::Article => concat!(
                r#"<div class="skeleton skeleton--title"></div><div class="skeleton skeleton--image"></div>"#,
                r#"<div class="skeleton skeleton--line"></div><div class="skeleton skeleton--line"></div>"#,
                r#"<div class="skeleton skeleton--line skeleton--short"></div>"#,
            ),
            SkeletonKind::Cards => concat!(
                r#"<div class="card-grid"><div class="skeleton skeleton--card"></div>"#,
                r#"<div class="skeleton skeleton--card"></div><div class="skeleton skeleton--card"></div></div>"#,
            ),
        }
    }
}

/// Grey placeholder blocks in the page's shape, announced once as "Loading…".
#[component]
pub fn Skeleton(#[prop(optional)] kind: SkeletonKind) -> impl IntoView {
    view! {
        <div class="skeleton-wrap" aria-busy="true">
            {html_div("contents", move |h, c| {
                h.open("p", &[("class", Some("visually-hidden")), ("role", Some("status"))])
                    .text(c.t(Key::Loading))
                    .close("p")
                    .raw(r#"<div aria-hidden="true">"#)
                    .raw(kind.blocks())
                    .close("div");
            })}
        </div>
    }
}

/// A failed load: what happened, in plain words, and a retry button.
#[component]
pub fn ErrorState(
    error: FetchError,
    #[prop(into)] on_retry: Callback<()>,
    /// The page has no other h1 while this is shown.
    #[prop(optional)]
    page_title: bool,
) -> impl IntoView {
    let detail = error.to_string();
    view! {
        <section class="error-state" role="alert">
            {html_div("contents", move |h, c| {
                h.raw(concat!(
                    r#"<svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false" class="error-state__icon">"#,
                    r#"<circle cx="24" cy="24" r="22"></circle><path d="M24 13v14M24 33v2"></path></svg>"#,
                ));
                let heading = if page_title { "h1" } else { "h2" };
                h.el(heading, "", c.t(Key::LoadFailed))
                    .el("p", "", c.t(Key::LoadFailedHint))
                    .open_class("p", "error-state__detail")
                    .el("code", "", &detail)
                    .close("p");
            })}
            <button type="button" class="button button--primary" on:click=move |_| on_retry.run(())>
                {tr(Key::Retry)}
            </button>
        </section>
    }
}

/// Renders `render` with the loaded index: a skeleton while it loads, the error state
/// with a retry if it fails.
#[component]
pub fn WithIndex<F, V>(
    render: F,
    #[prop(optional)] skeleton: SkeletonKind,
    #[prop(optional)] page_title_on_error: bool,
) -> impl IntoView
where
    F: Fn(Arc<Index>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    with_index(
        Box::new(move |ix| render(ix).into_any()),
        skeleton,
        page_title_on_error,
    )
}

/// [`WithIndex`] without type parameters: compiled once for every page.
pub(crate) fn with_index(
    render: Box<dyn Fn(Arc<Index>) -> AnyView + Send + Sync>,
    skeleton: SkeletonKind,
    page_title_on_error: bool,
) -> impl IntoView {
    let data = use_site_data();
    move || {
        match data.index() {
        None => view! { <Skeleton kind=skeleton/> }.into_any(),
        Some(Ok(ix)) => render(ix),
        Some(Err(e)) => view! {
            <ErrorState error=e on_retry=move |_| data.loader.refetch() page_title=page_title_on_error/>
        }
        .into_any(),
    }
    }
}

/// Big numbers with their labels: `<dl class=…>` of `(label, value)`.
pub fn counters(h: &mut Html, c: &Ctx, class: &str, items: &[(Key, u64)]) {
    h.open_class("dl", class);
    for &(label, value) in items {
        h.open_class("div", "counter")
            .el("dt", "counter__label", c.t(label))
            .el(
                "dd",
                "counter__value",
                &super::format::number(value, c.lang),
            )
            .close("div");
    }
    h.close("dl");
}

/// Section heading with a "see all" link.
pub fn section_head(h: &mut Html, c: &Ctx, title: Key, link: &str, link_label: Key, id: &str) {
    h.open_class("div", "section-head")
        .open("h2", &[("id", Some(id))])
        .text(c.t(title))
        .close("h2")
        .open(
            "a",
            &[
                ("href", Some(&c.href(link))),
                ("class", Some("section-head__link")),
            ],
        )
        .text(c.t(link_label))
        .raw(r#"<span aria-hidden="true"> →</span>"#)
        .close("a")
        .close("div");
}
