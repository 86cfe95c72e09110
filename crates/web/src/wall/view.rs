//! The wall screen's parts: the top bar with the clock, the stage with the current
//! slide, the progress steps and the status line (stale data, offline, paused).

use leptos::prelude::*;

use super::labels::{wall_labels, WallLabels};
use super::sync::Health;
use super::timer::SlideTimer;
use super::zone::{self, Zone};
use impactwall_model::rotation::{Rotation, Slide, WallFilter};
use impactwall_model::{Index, Instant};

/// Everything the wall's views read, all of it reactive and `Copy`.
#[derive(Clone, Copy)]
pub struct WallState {
    /// The screen's moment, read when a slide is drawn (`now` moves once a minute).
    pub moment: super::Moment,
    pub index: RwSignal<Option<Index>>,
    pub health: RwSignal<Health>,
    pub filter: Memo<Option<WallFilter>>,
    pub rotation: Memo<Option<Rotation>>,
    pub lang: Memo<Option<String>>,
    pub quiet: Memo<bool>,
    pub now: RwSignal<Instant>,
    pub timer: SlideTimer,
    /// The slide on screen, with the timer step it started at.
    pub current: Memo<Option<(u64, Slide)>>,
}

impl WallState {
    pub(super) fn labels(self) -> WallLabels {
        wall_labels(&self.lang.get().unwrap_or_default())
    }

    /// Time and date formatters in the screen's language and the site's zone.
    pub(super) fn zone(self) -> Option<std::rc::Rc<Zone>> {
        let site_zone = self
            .index
            .with(|ix| ix.as_ref().map(|ix| ix.site.timezone.clone()))?;
        Some(zone::zone(&self.lang.get().unwrap_or_default(), &site_zone))
    }

    fn clock_text(self) -> String {
        self.zone()
            .map(|z| z.time(self.now.get()))
            .unwrap_or_default()
    }

    fn date_text(self) -> String {
        self.zone()
            .map(|z| z.date(self.now.get()))
            .unwrap_or_default()
    }
}

/// Connecting, the quiet-hours clock, or the rotation.
#[component]
pub fn WallBody(state: WallState) -> impl IntoView {
    let loaded = Memo::new(move |_| state.index.with(Option::is_some));
    move || {
        if !loaded.get() {
            let l = wall_labels("en");
            view! {
                <div class="wall-connecting">
                    <p class="wall-connecting-text">{l.connecting}</p>
                </div>
            }
            .into_any()
        } else if state.quiet.get() {
            view! {
                <div class="wall-quiet-screen">
                    <p class="wall-quiet-time">{move || state.clock_text()}</p>
                    <p class="wall-quiet-date">{move || state.date_text()}</p>
                </div>
            }
            .into_any()
        } else {
            view! { <WallRotation state=state/> }.into_any()
        }
    }
}

#[component]
fn WallRotation(state: WallState) -> impl IntoView {
    let site_name = Memo::new(move |_| {
        let l = state.lang.get().unwrap_or_default();
        state
            .index
            .with(|ix| ix.as_ref().map(|ix| ix.site.name_in(&l).to_string()))
    });
    view! {
        <header class="wall-top">
            <p class="wall-brand">{move || site_name.get()}</p>
            <p class="wall-clock">
                <span class="wall-time">{move || state.clock_text()}</span>
                <span class="wall-date">{move || state.date_text()}</span>
            </p>
        </header>
        <div class="wall-stage">{super::stage::stage_view(state)}</div>
        <footer class="wall-bottom">
            <ol class="wall-progress">{move || progress(state)}</ol>
            {move || stamp(state)}
        </footer>
    }
}

/// One step per slide: done, current (filling for the slide's seconds) or next.
fn progress(state: WallState) -> Option<impl IntoView> {
    let pos = state.timer.position.get();
    let secs = state
        .current
        .with(|c| c.as_ref().map_or(0, |(_, s)| s.seconds));
    let _restart = state.timer.step.get();
    state.rotation.with(|r| {
        r.as_ref().map(|r| {
            r.slides
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let state = match i.cmp(&pos) {
                        std::cmp::Ordering::Less => "done",
                        std::cmp::Ordering::Equal => "current",
                        std::cmp::Ordering::Greater => "next",
                    };
                    view! {
                        <li class=format!("wall-progress-step is-{state}") data-key=s.key.clone()>
                            <span class="wall-progress-fill"
                                style:animation-duration=(i == pos).then(|| format!("{secs}s"))></span>
                        </li>
                    }
                })
                .collect_view()
        })
    })
}

/// When the data was last confirmed, since when it is stale or offline, an unknown
/// playlist, and "Paused".
fn stamp(state: WallState) -> Option<impl IntoView> {
    let l = state.labels();
    let z = state.zone()?;
    let h = state.health.get();
    let mut parts = Vec::new();
    if let Some(t) = h.last_ok {
        parts.push(format!("{} {}", l.updated, z.time(t)));
    }
    let trouble = h.trouble.map(|(since, offline)| {
        let label = if offline {
            l.offline_since
        } else {
            l.not_updated_since
        };
        format!("{} {}", label, z.time(since))
    });
    let unknown = state
        .filter
        .with(|f| f.as_ref().and_then(|f| f.unknown_playlist.clone()));
    if let Some(name) = unknown {
        parts.push(format!("{}: {}", l.unknown_playlist, name));
    }
    let paused = state.timer.paused;
    Some(view! {
        <p class="wall-stamp">
            <span class="wall-updated">{parts.join(" · ")}</span>
            {trouble.map(|t| view! { <span class="wall-offline">{t}</span> })}
            {move || paused.get().then(|| view! { <span class="wall-paused-label">{l.paused}</span> })}
        </p>
    })
}
