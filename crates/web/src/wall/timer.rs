//! The slide timer as a hook: which slide is up, since when, paused or not, and the
//! place kept when the rotation changes under it.

use leptos::prelude::*;

use super::now_ms;
use impactwall_model::rotation::{next_position, previous_position, reconcile, Rotation};

#[derive(Clone, Copy)]
pub struct SlideTimer {
    pub position: RwSignal<usize>,
    /// Bumped at every slide start, so the same slide shown again restarts its progress.
    pub step: RwSignal<u64>,
    pub paused: RwSignal<bool>,
    rotation: Memo<Option<Rotation>>,
    started_ms: StoredValue<f64>,
    paused_elapsed_ms: StoredValue<f64>,
    current_key: StoredValue<Option<String>>,
    changes: StoredValue<u64>,
}

/// A timer over `rotation`. When the slide list changes, the current slide keeps its
/// place (and its elapsed time) if it is still there; otherwise the nearest one starts.
pub fn use_slide_timer(rotation: Memo<Option<Rotation>>) -> SlideTimer {
    let timer = SlideTimer {
        position: RwSignal::new(0),
        step: RwSignal::new(0),
        paused: RwSignal::new(false),
        rotation,
        started_ms: StoredValue::new(now_ms()),
        paused_elapsed_ms: StoredValue::new(0.0),
        current_key: StoredValue::new(None),
        changes: StoredValue::new(0),
    };
    Effect::new(move |_| rotation.with(|r| timer.keep_place(r.as_ref())));
    timer
}

impl SlideTimer {
    fn keep_place(self, rotation: Option<&Rotation>) {
        let Some(r) = rotation else { return };
        let key = self.current_key.get_value();
        let here = self.position.get_untracked();
        let (pos, kept) = reconcile(&r.slides, key.as_deref(), here);
        if !kept {
            self.start(pos, r.slides.get(pos).map(|s| s.key.clone()));
        } else if pos != here {
            self.position.set(pos);
        }
    }

    fn start(self, pos: usize, key: Option<String>) {
        self.position.set(pos);
        self.step.update(|s| *s += 1);
        self.started_ms.set_value(now_ms());
        self.current_key.set_value(key);
    }

    /// Shows the slide at `pos` from its start.
    pub fn show(self, pos: usize) {
        let key = self.rotation.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.slides.get(pos))
                .map(|s| s.key.clone())
        });
        self.paused_elapsed_ms.set_value(0.0);
        self.start(pos, key);
    }

    /// The next (or previous) slide, wrapping around.
    pub fn step_by(self, forward: bool) {
        let len = self
            .rotation
            .with_untracked(|r| r.as_ref().map_or(0, |r| r.slides.len()));
        let pos = self.position.get_untracked();
        self.show(if forward {
            next_position(pos, len)
        } else {
            previous_position(pos, len)
        });
    }

    /// Pauses, or resumes with the time the slide had left.
    pub fn toggle_pause(self) {
        let was = self.paused.get_untracked();
        if was {
            self.started_ms
                .set_value(now_ms() - self.paused_elapsed_ms.get_value());
        } else {
            self.paused_elapsed_ms
                .set_value(now_ms() - self.started_ms.get_value());
        }
        self.paused.set(!was);
    }

    /// Moves on when the current slide's time is up (not while paused or `held`).
    pub fn advance_if_due(self, ms: f64, held: bool) {
        if held || self.paused.get_untracked() {
            return;
        }
        let seconds = self.rotation.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.slides.get(self.position.get_untracked()))
                .map(|s| s.seconds)
        });
        if seconds.is_some_and(|s| ms - self.started_ms.get_value() >= f64::from(s) * 1000.0) {
            self.step_by(true);
            self.changes.update_value(|n| *n += 1);
        }
    }

    /// How many slides the timer moved on by itself (for the watchdog).
    pub fn changes(self) -> u64 {
        self.changes.get_value()
    }
}
