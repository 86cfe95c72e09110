//! The stage: the slide on screen and, built ahead while nothing else happens, the one
//! after it. Both sit in the same grid cell, the one ahead laid out, painted on a layer
//! of its own and transparent (`inert`, `aria-hidden`), so a slide change is a class
//! swap: no new nodes, no layout, no paint, just a compositor fade. A slide left behind
//! stays (`visibility: hidden`) until the next one is built, so the change removes
//! nothing either.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::time::Duration;

use leptos::prelude::*;

use super::slides::{self, SlideContext};
use super::view::WallState;
use crate::clock;
use impactwall_model::rotation::{next_position, Slide};

/// How long after a slide change the next slide is built: after the entrance has
/// started and away from the change's own frame.
const BUILD_AHEAD_DELAY: Duration = Duration::from_millis(1_200);

/// A slide as drawn at one timer step. Its `id` changes with anything that changes
/// the drawing, so an edited item or another language is drawn afresh.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub id: u64,
    pub step: u64,
    pub slide: Slide,
}

impl Slot {
    fn new(step: u64, slide: Slide, drawn_with: &str) -> Slot {
        let mut h = DefaultHasher::new();
        step.hash(&mut h);
        drawn_with.hash(&mut h);
        format!("{slide:?}").hash(&mut h);
        Slot {
            id: h.finish(),
            step,
            slide,
        }
    }
}

/// What decides how a slide is drawn besides itself: the language and the site zone.
fn drawn_with(state: WallState) -> String {
    let lang = state.lang.get().unwrap_or_default();
    let zone = state
        .index
        .with(|ix| ix.as_ref().map(|ix| ix.site.timezone.clone()))
        .unwrap_or_default();
    [lang, zone].join(" ")
}

/// The slots in the stage, oldest step first, and the one on screen.
#[derive(Clone, Copy)]
pub struct Stage {
    pub slots: Memo<Vec<Slot>>,
    pub shown: Memo<Option<u64>>,
    /// The step of the slide on screen: a slot with a later one is the one ahead.
    pub shown_step: Memo<Option<u64>>,
}

/// A slide change moves `shown` to the slot built ahead; a moment later the slot
/// left behind goes and the next one is built.
pub fn use_stage(state: WallState) -> Stage {
    let on_screen = Memo::new(move |_| {
        let with = drawn_with(state);
        state
            .current
            .get()
            .map(|(step, slide)| Slot::new(step, slide, &with))
    });
    // The step whose follow-up may be built (set a moment after each change).
    let ready = RwSignal::new(None::<u64>);
    Effect::new(move |_| {
        let step = state.timer.step.get();
        set_timeout(
            move || {
                ready.try_set(Some(step));
            },
            BUILD_AHEAD_DELAY,
        );
    });
    let ahead = Memo::new(move |_| {
        let step = on_screen.with(|s| s.as_ref().map(|s| s.step))?;
        if ready.get() != Some(step) {
            return None;
        }
        let pos = state.timer.position.get();
        let slide = state.rotation.with(|r| {
            let r = r.as_ref()?;
            r.slides.get(next_position(pos, r.slides.len())).cloned()
        })?;
        Some(Slot::new(step + 1, slide, &drawn_with(state)))
    });
    let slots = Memo::new(move |prev: Option<&Vec<Slot>>| {
        let shown = on_screen.get();
        let ahead = ahead.get();
        let mut out = Vec::new();
        if let (None, Some(prev), Some(s)) = (&ahead, prev, &shown) {
            out.extend(prev.iter().rfind(|p| p.step < s.step).cloned());
        }
        out.extend(shown);
        out.extend(ahead);
        out
    });
    Stage {
        slots,
        shown: Memo::new(move |_| on_screen.with(|s| s.as_ref().map(|s| s.id))),
        shown_step: Memo::new(move |_| on_screen.with(|s| s.as_ref().map(|s| s.step))),
    }
}

/// The stage's slides, each kept as the same DOM node for as long as its slot lives.
pub fn stage_view(state: WallState) -> impl IntoView {
    let stage = use_stage(state);
    view! {
        <For each=move || stage.slots.get() key=|slot| slot.id let:slot>
            {slot_view(state, stage, slot)}
        </For>
    }
}

fn slot_view(state: WallState, stage: Stage, slot: Slot) -> Option<impl IntoView> {
    let id = slot.id;
    let hidden = Memo::new(move |_| stage.shown.get() != Some(id));
    let step = slot.step;
    let class = Memo::new(move |_| {
        if !hidden.get() {
            "wall-slot wall-slide"
        } else if stage.shown_step.get().is_some_and(|shown| step > shown) {
            "wall-slot wall-slide-ahead"
        } else {
            "wall-slot wall-slide-hidden"
        }
    });
    let z = state.zone()?;
    let cx = SlideContext {
        labels: state.labels(),
        zone: &z,
        now: state.moment.now(),
        screen_offset: clock::local_offset_minutes_at,
    };
    let slide = &slot.slide;
    Some(view! {
        <div
            class=class
            data-key=slide.key.clone()
            data-kind=slide.kind_name()
            data-step=slot.step
            aria-hidden=move || hidden.get().then_some("true")
            inert=move || hidden.get()
        >
            {slides::render(slide, &cx)}
        </div>
    })
}
