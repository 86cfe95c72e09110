//! The `/wall` kiosk: a rotation of slides for office screens that run unattended for
//! weeks. The decisions (which slides, how long, takeover, quiet hours) live in
//! [`impactwall_model::rotation`]; this module wires them to the clock, the network and
//! the DOM through small hooks: the feed ([`sync`]), the slide timer ([`timer`]), quiet
//! hours ([`quiet`]), keys ([`keys`]) and the media offered to the service worker
//! ([`media`]); [`view`] draws the screen.
//!
//! One interval drives everything (clock, slide timer, schedule edges, refresh,
//! heartbeat) and is cleared on cleanup, so a screen's memory stays flat.

mod feed;
mod keys;
mod kiosk;
mod labels;
mod media;
mod quiet;
mod slides;
mod sync;
mod timer;
mod view;
mod zone;

use leptos::prelude::*;

use super::clock;
use impactwall_model::rotation::{self, burn_in_offset, Rotation, WallFilter, WallQuery};
use impactwall_model::Instant;
use view::{WallBody, WallState};

/// How often the wall's single timer runs.
const TICK_MS: u64 = 500;

fn url_pairs() -> Vec<(String, String)> {
    crate::browser::window()
        .and_then(|w| w.location().search().ok())
        .map(|search| crate::view_logic::query_pairs(&search))
        .unwrap_or_default()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The moment the screen shows: the real clock, or the `?at=` preview moment moved on
/// by the time since the screen started.
#[derive(Clone, Copy)]
pub(crate) struct Moment {
    preview: Option<Instant>,
    boot: Instant,
}

impl Moment {
    fn from_location() -> Moment {
        Moment {
            preview: clock::preview_from_location(),
            boot: clock::real_now(),
        }
    }

    pub(crate) fn now(self) -> Instant {
        match self.preview {
            Some(p) => p + (clock::real_now() - self.boot),
            None => clock::real_now(),
        }
    }
}

#[component]
pub fn Wall() -> impl IntoView {
    kiosk::install_panic_hook();
    let pairs = url_pairs();
    let query = WallQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // `?selftest=panic`: lets whoever installs a screen check that the watchdog
    // recovers from a crash.
    let selftest_panic = pairs.iter().any(|(k, v)| k == "selftest" && v == "panic");
    let moment = Moment::from_location();
    let feed = sync::use_wall_feed(moment);
    let index = feed.index;
    let now = RwSignal::new(moment.now());
    let schedule_now = RwSignal::new(moment.now());
    let filter = Memo::new(move |_| {
        index.with(|ix| ix.as_ref().map(|ix| WallFilter::resolve(&ix.site, &query)))
    });
    let rotation: Memo<Option<Rotation>> = Memo::new(move |_| {
        let at = schedule_now.get();
        let f = filter.get()?;
        index.with(|ix| ix.as_ref().map(|ix| rotation::rotation_at(ix, &f, at)))
    });
    let timer = timer::use_slide_timer(rotation);
    keys::use_wall_keys(timer);
    let state = WallState {
        moment,
        index,
        health: feed.health,
        filter,
        rotation,
        lang: Memo::new(move |_| filter.with(|f| f.as_ref().map(|f| f.lang.clone()))),
        quiet: quiet::use_quiet_hours(index, schedule_now),
        now,
        timer,
        current: Memo::new(move |_| {
            let (s, p) = (timer.step.get(), timer.position.get());
            rotation.with(|r| {
                r.as_ref()
                    .and_then(|r| r.slides.get(p).cloned())
                    .map(|slide| (s, slide))
            })
        }),
    };
    let ticker = Ticker {
        moment,
        state,
        schedule_now,
        feed,
        media: media::use_media_offer(rotation),
        boot_ms: now_ms(),
        selftest_panic,
    };
    ticker.start();
    wall_view(state)
}

fn wall_view(state: WallState) -> impl IntoView {
    let takeover = Memo::new(move |_| {
        state
            .rotation
            .with(|r| r.as_ref().is_some_and(|r| r.takeover))
    });
    let quiet = state.quiet;
    let paused = state.timer.paused;
    view! {
        <main
            class="wall"
            class:wall-is-quiet=move || quiet.get()
            class:wall-is-paused=move || paused.get()
            class:wall-is-takeover=move || takeover.get()
            data-takeover=move || takeover.get().to_string()
            data-quiet=move || quiet.get().to_string()
            data-slide=move || state.current.with(|c| c.as_ref().map(|(_, s)| s.key.clone()))
            style:transform=move || {
                let (x, y) = burn_in_offset(state.now.get());
                format!("translate({x}px, {y}px)")
            }
        >
            <WallBody state=state/>
        </main>
    }
}

/// What the wall's single interval does every tick.
#[derive(Clone, Copy)]
struct Ticker {
    moment: Moment,
    state: WallState,
    /// The instant the rotation is computed for: moved each minute and at window edges.
    schedule_now: RwSignal<Instant>,
    feed: sync::WallFeed,
    media: media::MediaOffer,
    boot_ms: f64,
    selftest_panic: bool,
}

impl Ticker {
    fn start(self) {
        self.tick();
        let interval = set_interval_with_handle(
            move || self.tick(),
            std::time::Duration::from_millis(TICK_MS),
        )
        .ok();
        on_cleanup(move || {
            if let Some(i) = interval {
                i.clear();
            }
        });
    }

    fn tick(self) {
        let t = self.moment.now();
        // The clock shows minutes: a new value once a minute, not every tick, so the
        // screen has nothing to redo between slides.
        if t.timestamp().div_euclid(60) != self.state.now.get_untracked().timestamp().div_euclid(60)
        {
            self.state.now.set(t);
        }
        self.move_schedule(t);
        let ms = now_ms();
        let is_quiet = self.state.quiet.get_untracked();
        self.state.timer.advance_if_due(ms, is_quiet);
        self.media.deliver();
        self.feed.poll(ms);
        let has_quiet = quiet::has_quiet_hours(self.state.index);
        kiosk::heartbeat(ms, is_quiet, has_quiet, self.state.timer.changes());
        if self.selftest_panic && ms - self.boot_ms > 2_000.0 {
            panic!("watchdog self-test: panicking on purpose");
        }
    }

    /// Re-evaluates the schedule each minute and exactly at item window edges.
    fn move_schedule(self, t: Instant) {
        let sched = self.schedule_now.get_untracked();
        let edge = self
            .state
            .index
            .with_untracked(|ix| ix.as_ref().and_then(|ix| ix.next_change_after(sched)));
        let new_minute = t.timestamp() / 60 != sched.timestamp() / 60;
        if new_minute || edge.is_some_and(|e| t >= e) || t < sched {
            self.schedule_now.set(t);
        }
    }
}
