//! The `/wall` kiosk: a rotation of slides for office screens that run unattended for
//! weeks. The decisions (which slides, how long, takeover, quiet hours) live in
//! [`crate::rotation`]; this module wires them to the clock, the network and the DOM.
//!
//! One interval drives everything (clock, slide timer, schedule edges, refresh,
//! heartbeat) and is cleared on cleanup, so a screen's memory stays flat.

mod feed;
mod kiosk;
mod slides;
mod zone;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::clock;
use crate::model::{Index, Instant};
use crate::rotation::{
    self, burn_in_offset, clamp_refresh_seconds, next_position, previous_position, reconcile,
    wall_labels, Rotation, WallFilter, WallQuery,
};
use feed::Fetched;
use slides::SlideContext;

/// How often the wall's single timer runs.
const TICK_MS: u64 = 500;
/// Retry interval while nothing could be loaded yet, and the longest wait between
/// attempts while the network is down.
const FIRST_LOAD_RETRY_MS: f64 = 10_000.0;
const TROUBLE_RETRY_MS: f64 = 60_000.0;

/// The state of the screen's link to the server.
#[derive(Clone, Debug, Default, PartialEq)]
struct Health {
    /// Last time the server confirmed the screen's data is current.
    last_ok: Option<Instant>,
    /// Since when refreshes fail, and whether because the network is down.
    trouble: Option<(Instant, bool)>,
}

fn url_pairs() -> Vec<(String, String)> {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .map(|search| crate::view_logic::query_pairs(&search))
        .unwrap_or_default()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[component]
pub fn Wall() -> impl IntoView {
    kiosk::install_panic_hook();
    let pairs = url_pairs();
    let query = WallQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // `?selftest=panic`: lets whoever installs a screen check that the watchdog
    // recovers from a crash.
    let selftest_panic = pairs.iter().any(|(k, v)| k == "selftest" && v == "panic");

    let preview = clock::preview_from_location();
    let boot = clock::real_now();
    let boot_ms = now_ms();
    let moment = move || match preview {
        Some(p) => p + (clock::real_now() - boot),
        None => clock::real_now(),
    };

    let saved = feed::load_saved();
    let index: RwSignal<Option<Index>> = RwSignal::new(saved.as_ref().map(|(ix, _)| ix.clone()));
    let validators = StoredValue::new(saved.map(|(_, v)| v).unwrap_or_default());
    let health = RwSignal::new(Health::default());
    let now = RwSignal::new(moment());
    let schedule_now = RwSignal::new(moment());
    let paused = RwSignal::new(false);
    let position = RwSignal::new(0usize);
    let step = RwSignal::new(0u64);
    let slide_started_ms = StoredValue::new(now_ms());
    let paused_elapsed_ms = StoredValue::new(0.0f64);
    let current_key = StoredValue::new(None::<String>);
    let fetching = StoredValue::new(false);
    let next_fetch_ms = StoredValue::new(0.0f64);
    // None until the first rotation exists: an empty list would empty the cache.
    let media_wanted = StoredValue::new(None::<Vec<String>>);
    let media_sent = StoredValue::new(None::<Vec<String>>);

    let filter = Memo::new(move |_| {
        index.with(|ix| ix.as_ref().map(|ix| WallFilter::resolve(&ix.site, &query)))
    });
    let rotation: Memo<Option<Rotation>> = Memo::new(move |_| {
        let at = schedule_now.get();
        let f = filter.get()?;
        index.with(|ix| ix.as_ref().map(|ix| rotation::rotation_at(ix, &f, at)))
    });
    let site_zone =
        Memo::new(move |_| index.with(|ix| ix.as_ref().map(|ix| ix.site.timezone.clone())));
    let lang = Memo::new(move |_| filter.with(|f| f.as_ref().map(|f| f.lang.clone())));
    let quiet = Memo::new(move |_| {
        let at = schedule_now.get();
        index
            .with(|ix| {
                let ix = ix.as_ref()?;
                if ix.site.wall.quiet_hours.is_empty() {
                    return Some(false);
                }
                let z = zone::zone(&ix.site.default_language, &ix.site.timezone);
                z.local_moment(at)
                    .map(|m| rotation::is_quiet(&ix.site.wall, m))
            })
            .unwrap_or(false)
    });

    // Shows the slide at `pos` from its start.
    let show = move |pos: usize| {
        position.set(pos);
        step.update(|s| *s += 1);
        slide_started_ms.set_value(now_ms());
        paused_elapsed_ms.set_value(0.0);
        current_key.set_value(rotation.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.slides.get(pos))
                .map(|s| s.key.clone())
        }));
    };
    let step_by = move |forward: bool| {
        let len = rotation.with_untracked(|r| r.as_ref().map_or(0, |r| r.slides.len()));
        let pos = position.get_untracked();
        show(if forward {
            next_position(pos, len)
        } else {
            previous_position(pos, len)
        });
    };

    // Keep the place when the slide list changes; hand the media list to the service
    // worker when it changes.
    Effect::new(move |_| {
        rotation.with(|r| {
            let Some(r) = r.as_ref() else { return };
            let key = current_key.get_value();
            let (pos, kept) = reconcile(&r.slides, key.as_deref(), position.get_untracked());
            if kept {
                if pos != position.get_untracked() {
                    position.set(pos);
                }
            } else {
                position.set(pos);
                step.update(|s| *s += 1);
                slide_started_ms.set_value(now_ms());
                current_key.set_value(r.slides.get(pos).map(|s| s.key.clone()));
            }
            media_wanted.set_value(Some(r.media()));
        });
    });

    let refresh = move || {
        fetching.set_value(true);
        spawn_local(async move {
            let known = validators.get_value();
            let outcome = feed::fetch_index_if_changed(&known).await;
            let t = moment();
            let ok = |from_cache: bool| {
                health.try_update(|h| {
                    if from_cache {
                        h.trouble.get_or_insert((t, true));
                    } else {
                        h.last_ok = Some(t);
                        h.trouble = None;
                    }
                });
            };
            match outcome {
                Ok(Fetched::Changed {
                    index: fresh,
                    raw,
                    validators: v,
                    from_cache,
                }) => {
                    if !from_cache {
                        feed::save(&raw, &v);
                    }
                    validators.try_set_value(v);
                    let changed = index
                        .try_with_untracked(|cur| cur.as_ref() != Some(&*fresh))
                        .unwrap_or(false);
                    if changed {
                        index.try_set(Some(*fresh));
                    }
                    ok(from_cache);
                }
                Ok(Fetched::Unchanged { from_cache }) => ok(from_cache),
                Err(e) => {
                    let offline = e.is_offline();
                    health.try_update(|h| {
                        h.trouble.get_or_insert((t, offline));
                    });
                }
            }
            let interval_ms = index
                .try_with_untracked(|ix| {
                    ix.as_ref().map(|ix| {
                        f64::from(clamp_refresh_seconds(ix.site.wall.refresh_seconds)) * 1000.0
                    })
                })
                .flatten();
            let troubled = health
                .try_with_untracked(|h| h.trouble.is_some())
                .unwrap_or(false);
            let wait = match interval_ms {
                None => FIRST_LOAD_RETRY_MS,
                Some(ms) if troubled => ms.min(TROUBLE_RETRY_MS),
                Some(ms) => ms,
            };
            next_fetch_ms.try_set_value(now_ms() + wait);
            fetching.try_set_value(false);
        });
    };

    let slide_changes = StoredValue::new(0u64);
    let tick = move || {
        let t = moment();
        // The clock shows minutes: a new value once a minute, not every tick, so the
        // screen has nothing to redo between slides.
        if t.timestamp().div_euclid(60) != now.get_untracked().timestamp().div_euclid(60) {
            now.set(t);
        }
        // Re-evaluate the schedule each minute and exactly at item window edges.
        let sched = schedule_now.get_untracked();
        let edge =
            index.with_untracked(|ix| ix.as_ref().and_then(|ix| ix.next_change_after(sched)));
        if t.timestamp() / 60 != sched.timestamp() / 60 || edge.is_some_and(|e| t >= e) || t < sched
        {
            schedule_now.set(t);
        }
        let ms = now_ms();
        let is_quiet = quiet.get_untracked();
        if !paused.get_untracked() && !is_quiet {
            let seconds = rotation.with_untracked(|r| {
                r.as_ref()
                    .and_then(|r| r.slides.get(position.get_untracked()))
                    .map(|s| s.seconds)
            });
            if let Some(seconds) = seconds {
                if ms - slide_started_ms.get_value() >= f64::from(seconds) * 1000.0 {
                    step_by(true);
                    slide_changes.update_value(|n| *n += 1);
                }
            }
        }
        // The service worker may take control after the first slides: keep offering
        // the media list until it has been delivered.
        let unsent =
            media_sent.with_value(|sent| media_wanted.with_value(|w| w.is_some() && sent != w));
        if unsent {
            if let Some(wanted) = media_wanted.get_value() {
                if kiosk::keep_media_offline(&wanted) {
                    media_sent.set_value(Some(wanted));
                }
            }
        }
        if !fetching.get_value() && ms >= next_fetch_ms.get_value() {
            refresh();
        }
        let has_quiet = index.with_untracked(|ix| {
            ix.as_ref()
                .is_some_and(|ix| !ix.site.wall.quiet_hours.is_empty())
        });
        kiosk::heartbeat(ms, is_quiet, has_quiet, slide_changes.get_value());
        if selftest_panic && ms - boot_ms > 2_000.0 {
            panic!("watchdog self-test: panicking on purpose");
        }
    };
    tick();
    let interval = set_interval_with_handle(tick, std::time::Duration::from_millis(TICK_MS)).ok();

    let keys = window_event_listener(ev::keydown, move |e| {
        if e.ctrl_key() || e.alt_key() || e.meta_key() {
            return;
        }
        match e.key().as_str() {
            " " | "Spacebar" => {
                e.prevent_default();
                let was = paused.get_untracked();
                if was {
                    slide_started_ms.set_value(now_ms() - paused_elapsed_ms.get_value());
                } else {
                    paused_elapsed_ms.set_value(now_ms() - slide_started_ms.get_value());
                }
                paused.set(!was);
            }
            "ArrowRight" | "ArrowDown" | "PageDown" => {
                e.prevent_default();
                step_by(true);
            }
            "ArrowLeft" | "ArrowUp" | "PageUp" => {
                e.prevent_default();
                step_by(false);
            }
            _ => {}
        }
    });
    // Back online: refresh now instead of waiting for the next interval.
    let online = window_event_listener(ev::online, move |_| next_fetch_ms.set_value(0.0));
    // `impactwall serve` announces rebuilt content: fetch on the next tick. Cancelling
    // the event tells the live-preview script that the page handled it.
    let live = window_event_listener_untyped("impactwall:data-changed", move |e| {
        e.prevent_default();
        next_fetch_ms.set_value(0.0);
    });
    on_cleanup(move || {
        if let Some(i) = interval {
            i.clear();
        }
        keys.remove();
        online.remove();
        live.remove();
    });

    let labels = move || wall_labels(&lang.get().unwrap_or_default());
    let fmt = move || {
        let z = site_zone.get()?;
        Some(zone::zone(&lang.get().unwrap_or_default(), &z))
    };
    let clock_text = move || fmt().map(|z| z.time(now.get())).unwrap_or_default();
    let date_text = move || fmt().map(|z| z.date(now.get())).unwrap_or_default();

    let current = Memo::new(move |_| {
        let s = step.get();
        let p = position.get();
        rotation.with(|r| {
            r.as_ref()
                .and_then(|r| r.slides.get(p).cloned())
                .map(|slide| (s, slide))
        })
    });
    let takeover = Memo::new(move |_| rotation.with(|r| r.as_ref().is_some_and(|r| r.takeover)));
    let loaded = Memo::new(move |_| index.with(Option::is_some));
    let site_name = Memo::new(move |_| {
        index.with(|ix| {
            ix.as_ref().map(|ix| {
                let l = lang.get().unwrap_or_default();
                ix.site.name_in(&l).to_string()
            })
        })
    });

    let stage = move || {
        current.get().and_then(|(_, slide)| {
            let z = fmt();
            let z = z.as_deref()?;
            let cx = SlideContext {
                labels: labels(),
                zone: z,
                now: moment(),
                screen_offset: clock::local_offset_minutes_at,
            };
            Some(view! {
                <div class="wall-slide" data-key=slide.key.clone() data-kind=slide.kind_name()>
                    {slides::render(&slide, &cx)}
                </div>
            })
        })
    };

    let progress = move || {
        let pos = position.get();
        let secs = current.with(|c| c.as_ref().map_or(0, |(_, s)| s.seconds));
        let _restart = step.get();
        rotation.with(|r| {
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
    };

    let stamp = move || {
        let l = labels();
        let z = fmt()?;
        let h = health.get();
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
        if let Some(name) = filter.with(|f| f.as_ref().and_then(|f| f.unknown_playlist.clone())) {
            parts.push(format!("{}: {}", l.unknown_playlist, name));
        }
        Some(view! {
            <p class="wall-stamp">
                <span class="wall-updated">{parts.join(" · ")}</span>
                {trouble.map(|t| view! { <span class="wall-offline">{t}</span> })}
                {move || paused.get().then(|| view! { <span class="wall-paused-label">{labels().paused}</span> })}
            </p>
        })
    };

    let body = move || {
        if !loaded.get() {
            let l = wall_labels("en");
            return view! {
                <div class="wall-connecting">
                    <p class="wall-connecting-text">{l.connecting}</p>
                </div>
            }
            .into_any();
        }
        if quiet.get() {
            return view! {
                <div class="wall-quiet-screen">
                    <p class="wall-quiet-time">{clock_text}</p>
                    <p class="wall-quiet-date">{date_text}</p>
                </div>
            }
            .into_any();
        }
        view! {
            <header class="wall-top">
                <p class="wall-brand">{move || site_name.get()}</p>
                <p class="wall-clock">
                    <span class="wall-time">{clock_text}</span>
                    <span class="wall-date">{date_text}</span>
                </p>
            </header>
            <div class="wall-stage">{stage}</div>
            <footer class="wall-bottom">
                <ol class="wall-progress">{progress}</ol>
                {stamp}
            </footer>
        }
        .into_any()
    };

    view! {
        <main
            class="wall"
            class:wall-is-quiet=move || quiet.get()
            class:wall-is-paused=move || paused.get()
            class:wall-is-takeover=move || takeover.get()
            data-takeover=move || takeover.get().to_string()
            data-quiet=move || quiet.get().to_string()
            data-slide=move || current.with(|c| c.as_ref().map(|(_, s)| s.key.clone()))
            style:transform=move || {
                let (x, y) = burn_in_offset(now.get());
                format!("translate({x}px, {y}px)")
            }
        >
            {body}
        </main>
    }
}
