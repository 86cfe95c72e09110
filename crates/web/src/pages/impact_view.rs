//! Pieces shared by the talking-point, team and home pages: waiting for the impact
//! data, figures with their equivalences, a talking point with its copy button.

use std::sync::Arc;

use leptos::prelude::*;

use crate::cards::Ctx;
use crate::components::{ErrorState, Skeleton, SkeletonKind};
use crate::format;
use crate::i18n::{Key, Lang};
use crate::impact_data::use_impact;
use crate::markup::Html;
use crate::site_data::use_site_data;
use crate::view_logic::impact_pages;
use impactwall_model::impact::{view, ImpactData, Month, Period, TalkingPoint};
use impactwall_model::Index;

/// What a page made from the impact data and the index renders.
pub(crate) type RenderImpact = Box<dyn Fn(Arc<ImpactData>, Arc<Index>) -> AnyView + Send + Sync>;

/// `render` with the impact data and the index: a skeleton while either loads, the
/// error state with a retry if one fails.
pub(crate) fn with_impact(render: RenderImpact, skeleton: SkeletonKind) -> impl IntoView {
    let data = use_site_data();
    let impact = use_impact();
    move || match (impact.get(), data.index()) {
        (Some(Ok(im)), Some(Ok(ix))) => render(im, ix),
        (Some(Err(e)), _) => view! {
            <ErrorState error=e on_retry=move |_| impact.refetch()/>
        }
        .into_any(),
        (_, Some(Err(e))) => view! {
            <ErrorState error=e on_retry=move |_| data.loader.refetch()/>
        }
        .into_any(),
        _ => view! { <Skeleton kind=skeleton/> }.into_any(),
    }
}

/// A figure as the reader's language writes it ("1,234" / "1.234"); metrics count
/// whole things.
pub(crate) fn number(lang: Lang) -> impl Fn(f64) -> String {
    move |v: f64| format::number(v.round().max(0.0) as u64, lang)
}

/// "212 people helped this month: that is 5 full buses of travellers home safe", one
/// line per metric with a value this month, for `team` or the organisation.
pub(crate) fn month_figures(
    h: &mut Html,
    c: &Ctx,
    data: &ImpactData,
    team: Option<&str>,
    month: Option<Month>,
) -> usize {
    let Some(month) = month else {
        return 0;
    };
    let (lang, default) = (c.lang.code(), default_lang(c));
    let number = number(c.lang);
    let figures = view::figures(
        data,
        team,
        Period::ThisMonth,
        month,
        lang,
        &default,
        &number,
    );
    if figures.is_empty() {
        return 0;
    }
    h.open_class("ul", "figures");
    for f in &figures {
        h.open(
            "li",
            &[
                ("class", Some("figure")),
                ("data-metric", Some(&f.metric.name)),
            ],
        )
        .el("span", "figure__value", &number(f.value))
        .raw(" ")
        .el("span", "figure__label", f.label)
        .raw(" ")
        .text(c.t(Key::ThisMonth));
        if let Some(eq) = &f.equivalence {
            h.raw(": ").open_class("span", "figure__equivalence");
            h.text(c.t(Key::ThatIs)).raw(" ").text(eq).close("span");
        }
        h.close("li");
    }
    h.close("ul");
    figures.len()
}

/// The site's default language.
pub(crate) fn default_lang(c: &Ctx) -> String {
    c.ix.as_ref()
        .map_or_else(|| "en".to_string(), |ix| ix.site.default_language.clone())
}

/// One talking point: its text with live figures, a copy button carrying that text,
/// and the story it comes from.
pub(crate) fn talking_point(
    h: &mut Html,
    c: &Ctx,
    data: &ImpactData,
    point: &TalkingPoint,
    month: Option<Month>,
) {
    let text = impact_pages::resolved_text(data, point, month, &number(c.lang));
    h.open(
        "li",
        &[
            ("class", Some("point")),
            ("lang", Some(&point.lang)),
            ("data-slug", Some(&point.translation_key)),
        ],
    )
    .el("p", "point__text", &text)
    .open_class("div", "point__actions")
    .open(
        "button",
        &[
            ("type", Some("button")),
            ("class", Some("button button--ghost point__copy")),
            ("data-copy", Some(&text)),
        ],
    )
    .text(c.t(Key::CopyPoint))
    .close("button");
    if let Some(source) = &point.source {
        h.open(
            "a",
            &[
                ("href", Some(&c.href(&format!("/stories/{source}")))),
                ("class", Some("point__source")),
            ],
        )
        .text(c.t(Key::FromTheStory))
        .raw(r#"<span aria-hidden="true"> →</span></a>"#);
    }
    h.close("div").close("li");
}

/// Copies the text of the clicked copy button (`data-copy`) to the clipboard and
/// says how it went in `status` (an `aria-live` region).
pub(crate) fn on_copy_click(ev: &leptos::ev::MouseEvent, status: RwSignal<String>, lang: Lang) {
    use wasm_bindgen::JsCast;
    let Some(text) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("button[data-copy]").ok().flatten())
        .and_then(|b| b.get_attribute("data-copy"))
    else {
        return;
    };
    let Some(window) = crate::browser::window() else {
        return;
    };
    status.set(String::new());
    let navigator = window.navigator();
    // No clipboard outside a secure context (plain http to another host): say so
    // rather than call into `undefined`.
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        status.set(crate::i18n::t(lang, Key::CopyFailed).to_string());
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    leptos::task::spawn_local(async move {
        let done = wasm_bindgen_futures::JsFuture::from(promise).await;
        let key = if done.is_ok() {
            Key::PointCopied
        } else {
            Key::CopyFailed
        };
        status.try_set(crate::i18n::t(lang, key).to_string());
    });
}

/// The `aria-live` region a copy button reports to.
#[component]
pub(crate) fn CopyStatus(status: RwSignal<String>) -> impl IntoView {
    view! {
        <p
            class="copy-status"
            class:copy-status--shown=move || status.with(|s| !s.is_empty())
            role="status"
            aria-live="polite"
        >
            {move || status.get()}
        </p>
    }
}

/// The text of sanitised HTML (tags dropped, the build's entities decoded).
pub(crate) fn html_text(html: &str) -> String {
    // Block elements end a word; inline ones (`<strong>`) do not.
    const BLOCKS: [&str; 10] = [
        "p",
        "br",
        "li",
        "div",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "ul",
        "ol",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or_default();
        if BLOCKS.contains(&name) {
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::html_text;

    #[test]
    fn an_introduction_is_its_html_text() {
        assert_eq!(
            html_text("<p>We own the <strong>queue</strong>: &amp; more</p><p>Two<br>lines</p>"),
            "We own the queue: & more Two lines"
        );
    }
}
