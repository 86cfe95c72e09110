//! The talking-point and metric slides of a screen (chosen by
//! [`impactwall_model::impact::wall`]), with figures in the screen's language.

use leptos::prelude::*;

use crate::i18n::{t, Key, Lang};
use impactwall_model::impact::{wall, ImpactData};
use impactwall_model::rotation::{Slide, WallFilter};
use impactwall_model::{Index, Instant};

/// The impact slides for the screen at `at`; none without impact data.
pub fn for_screen(
    data: Option<&ImpactData>,
    ix: &Index,
    filter: &WallFilter,
    at: Instant,
) -> Vec<Slide> {
    let Some(data) = data else {
        return Vec::new();
    };
    let lang = Lang::from_tag(&filter.lang).unwrap_or_default();
    let number = move |v: f64| crate::format::number(v.round().max(0.0) as u64, lang);
    wall::impact_slides(data, filter, at, &ix.site.default_language, &number)
}

/// A talking point, large, with its program.
pub fn point(p: &wall::WallPoint, cx: &super::slides::SlideContext) -> impl IntoView {
    let lang = Lang::from_tag(cx.labels.lang).unwrap_or_default();
    let eyebrow = match &p.program {
        Some(program) => format!("{} · {program}", t(lang, Key::WallTalkingPoint)),
        None => t(lang, Key::WallTalkingPoint).to_string(),
    };
    let size = match p.text.chars().count() {
        0..=110 => "quote-l",
        111..=200 => "quote-m",
        _ => "quote-s",
    };
    view! {
        <article class="slide slide-talking-point" lang=p.lang.clone()>
            <p class="slide-eyebrow">{eyebrow}</p>
            <p class=format!("point-text {size}")>{p.text.clone()}</p>
        </article>
    }
}

/// One figure this month, with what it means.
pub fn metric(m: &wall::WallMetric, cx: &super::slides::SlideContext) -> impl IntoView {
    let lang = Lang::from_tag(cx.labels.lang).unwrap_or_default();
    let eyebrow = match &m.team {
        Some(team) => format!("{} · {team}", t(lang, Key::WallThisMonth)),
        None => t(lang, Key::WallThisMonth).to_string(),
    };
    let meaning = m
        .equivalence
        .clone()
        .map(|e| format!("{} {e}", t(lang, Key::ThatIs)));
    view! {
        <article class="slide slide-metric" lang=cx.labels.lang data-metric=m.metric.clone()>
            <p class="slide-eyebrow">{eyebrow}</p>
            <p class="metric-value">{m.value.clone()}</p>
            <p class="metric-label">{m.label.clone()}</p>
            {meaning.map(|e| view! { <p class="metric-meaning">{e}</p> })}
        </article>
    }
}
