//! Keys on a wall screen: Space pauses and resumes, the arrow and page keys step.

use leptos::ev;
use leptos::prelude::*;

use super::timer::SlideTimer;

pub fn use_wall_keys(timer: SlideTimer) {
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.ctrl_key() || e.alt_key() || e.meta_key() {
            return;
        }
        match e.key().as_str() {
            " " | "Spacebar" => timer.toggle_pause(),
            "ArrowRight" | "ArrowDown" | "PageDown" => timer.step_by(true),
            "ArrowLeft" | "ArrowUp" | "PageUp" => timer.step_by(false),
            _ => return,
        }
        e.prevent_default();
    });
    on_cleanup(move || keys.remove());
}
