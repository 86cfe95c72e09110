//! Quiet hours as a hook: whether the site's quiet hours apply at the schedule's
//! instant, in the site's time zone.

use leptos::prelude::*;

use super::zone;
use impactwall_model::rotation::is_quiet;
use impactwall_model::{Index, Instant};

pub fn use_quiet_hours(
    index: RwSignal<Option<Index>>,
    schedule_now: RwSignal<Instant>,
) -> Memo<bool> {
    Memo::new(move |_| {
        let at = schedule_now.get();
        index.with(|ix| quiet_at(ix.as_ref()?, at)).unwrap_or(false)
    })
}

fn quiet_at(ix: &Index, at: Instant) -> Option<bool> {
    if ix.site.wall.quiet_hours.is_empty() {
        return Some(false);
    }
    let z = zone::zone(&ix.site.default_language, &ix.site.timezone);
    z.local_moment(at).map(|m| is_quiet(&ix.site.wall, m))
}

/// Whether the site configures quiet hours at all (for the watchdog).
pub fn has_quiet_hours(index: RwSignal<Option<Index>>) -> bool {
    index.with_untracked(|ix| {
        ix.as_ref()
            .is_some_and(|ix| !ix.site.wall.quiet_hours.is_empty())
    })
}
