//! The wall's data feed as a hook: the feed's index and counters (from the last saved
//! copy at first, then from the server), the health of the link to the server, and
//! when to ask again.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::feed::{self, Fetched, Validators};
use super::{now_ms, Moment};
use impactwall_model::impact::ImpactData;
use impactwall_model::rotation::clamp_refresh_seconds;
use impactwall_model::wall_feed::CountersFrom;
use impactwall_model::{Index, Instant};

/// Retry interval while nothing could be loaded yet, and the longest wait between
/// attempts while the network is down.
const FIRST_LOAD_RETRY_MS: f64 = 10_000.0;
const TROUBLE_RETRY_MS: f64 = 60_000.0;

/// The state of the screen's link to the server.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// Last time the server confirmed the screen's data is current.
    pub last_ok: Option<Instant>,
    /// Since when refreshes fail, and whether because the network is down.
    pub trouble: Option<(Instant, bool)>,
}

/// The feed: reactive index and health, and the refresh bookkeeping.
#[derive(Clone, Copy)]
pub struct WallFeed {
    pub index: RwSignal<Option<Index>>,
    /// The archive's counters over the feed's hours (empty: count the index).
    pub counters: RwSignal<Vec<CountersFrom>>,
    /// The talking points and metrics the screen may show.
    pub impact: RwSignal<Option<ImpactData>>,
    pub health: RwSignal<Health>,
    /// The playlist's feed, or the main one once the playlist's proved missing.
    url: StoredValue<String>,
    validators: StoredValue<Validators>,
    fetching: StoredValue<bool>,
    next_fetch_ms: StoredValue<f64>,
    moment: Moment,
}

/// Starts from the saved copy (a reload without network never blanks the screen) and
/// refreshes early when the browser comes back online or `impactwall serve` announces
/// rebuilt content.
pub fn use_wall_feed(moment: Moment, playlist: Option<&str>) -> WallFeed {
    let (saved, validators) = feed::load_saved().unzip();
    let (index, rest) = saved.map(|f| (f.index, (f.counters, f.impact))).unzip();
    let (counters, impact) = rest.unzip();
    let feed = WallFeed {
        index: RwSignal::new(index),
        counters: RwSignal::new(counters.unwrap_or_default()),
        impact: RwSignal::new(impact.flatten()),
        health: RwSignal::new(Health::default()),
        url: StoredValue::new(feed::feed_url(playlist)),
        validators: StoredValue::new(validators.unwrap_or_default()),
        fetching: StoredValue::new(false),
        next_fetch_ms: StoredValue::new(0.0),
        moment,
    };
    let online = window_event_listener(ev::online, move |_| feed.fetch_soon());
    // Cancelling the event tells the live-preview script that the page handled it.
    let live = window_event_listener_untyped("impactwall:data-changed", move |e| {
        e.prevent_default();
        feed.fetch_soon();
    });
    on_cleanup(move || {
        online.remove();
        live.remove();
    });
    feed
}

impl WallFeed {
    /// Fetch on the next tick instead of waiting for the interval.
    pub fn fetch_soon(self) {
        self.next_fetch_ms.set_value(0.0);
    }

    /// Starts a refresh when one is due and none is running.
    pub fn poll(self, ms: f64) {
        if !self.fetching.get_value() && ms >= self.next_fetch_ms.get_value() {
            self.refresh();
        }
    }

    fn refresh(self) {
        self.fetching.set_value(true);
        spawn_local(async move {
            let url = self.url.get_value();
            let known = self.validators.get_value();
            let mut outcome = feed::fetch_feed_if_changed(&url, &known).await;
            if outcome
                .as_ref()
                .is_err_and(|e| *e == feed::FeedError::Status(404))
                && url != feed::FEED_URL
            {
                // A playlist without a feed of its own (unknown, or an older build).
                self.url.try_set_value(feed::FEED_URL.to_string());
                outcome = feed::fetch_feed_if_changed(feed::FEED_URL, &known).await;
            }
            self.take(outcome, self.moment.now());
            let wait = self.wait_ms();
            self.next_fetch_ms.try_set_value(now_ms() + wait);
            self.fetching.try_set_value(false);
        });
    }

    /// Applies a refresh's outcome at instant `t`.
    fn take(self, outcome: Result<Fetched, feed::FeedError>, t: Instant) {
        match outcome {
            Ok(Fetched::Changed {
                feed,
                raw,
                validators,
                from_cache,
            }) => {
                if !from_cache {
                    feed::save(&raw, &validators);
                }
                self.validators.try_set_value(validators);
                let feed::WallFeed {
                    index,
                    counters,
                    impact,
                    ..
                } = *feed;
                if self.impact.try_with_untracked(|i| *i != impact) == Some(true) {
                    self.impact.try_set(impact);
                }
                let changed = self
                    .index
                    .try_with_untracked(|cur| cur.as_ref() != Some(&index));
                if changed == Some(true) {
                    self.index.try_set(Some(index));
                }
                if self.counters.try_with_untracked(|c| *c != counters) == Some(true) {
                    self.counters.try_set(counters);
                }
                self.confirmed(t, from_cache);
            }
            Ok(Fetched::Unchanged { from_cache }) => self.confirmed(t, from_cache),
            Err(e) => {
                let offline = e.is_offline();
                self.health.try_update(|h| {
                    h.trouble.get_or_insert((t, offline));
                });
            }
        }
    }

    /// The server answered (or, from its cache, the service worker did: offline).
    fn confirmed(self, t: Instant, from_cache: bool) {
        self.health.try_update(|h| {
            if from_cache {
                h.trouble.get_or_insert((t, true));
            } else {
                h.last_ok = Some(t);
                h.trouble = None;
            }
        });
    }

    /// The site's refresh interval; sooner while nothing is loaded or refreshes fail.
    fn wait_ms(self) -> f64 {
        let interval_ms = self
            .index
            .try_with_untracked(|ix| {
                ix.as_ref().map(|ix| {
                    f64::from(clamp_refresh_seconds(ix.site.wall.refresh_seconds)) * 1000.0
                })
            })
            .flatten();
        let troubled = self
            .health
            .try_with_untracked(|h| h.trouble.is_some())
            .unwrap_or(false);
        match interval_ms {
            None => FIRST_LOAD_RETRY_MS,
            Some(ms) if troubled => ms.min(TROUBLE_RETRY_MS),
            Some(ms) => ms,
        }
    }
}
