//! Live updates for open pages: a server-sent event stream at `/_impactwall/events`.
//!
//! - `event: update` — `{"generation":n,"paths":["data/index.json",…]}` after a build
//!   changed files (`"resync":true` when a slow client missed events).
//! - `event: diagnostics` — `{"generation":n,"diagnostics":[…]}` while the content has
//!   errors (the last good build keeps being served).
//! - `event: ok` — `{"generation":n}` when the content is clean.
//!
//! A new client first receives the current state (`ok` or `diagnostics`). Clients are
//! capped (503 beyond); heartbeats keep proxies and idle timeouts from dropping them.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::{broadcast, watch, OwnedSemaphorePermit, Semaphore};
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;

use impactwall_content::Diagnostic;

/// The client script, served at `/_impactwall/live.js`.
pub const LIVE_JS: &str = include_str!("live.js");

/// Default cap on concurrent event-stream clients.
pub const DEFAULT_MAX_CLIENTS: usize = 256;
/// Default heartbeat interval.
pub const DEFAULT_HEARTBEAT: Duration = Duration::from_secs(15);

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum LiveEvent {
    Update {
        generation: u64,
        paths: Vec<String>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        resync: bool,
    },
    Diagnostics {
        generation: u64,
        diagnostics: Vec<Diagnostic>,
    },
    Ok {
        generation: u64,
    },
}

impl LiveEvent {
    fn name(&self) -> &'static str {
        match self {
            LiveEvent::Update { .. } => "update",
            LiveEvent::Diagnostics { .. } => "diagnostics",
            LiveEvent::Ok { .. } => "ok",
        }
    }

    fn to_sse(&self) -> Event {
        // The payload without the tag: the SSE event name already says what it is.
        let data = match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(mut map)) => {
                map.remove("event");
                serde_json::Value::Object(map).to_string()
            }
            _ => "{}".to_string(),
        };
        Event::default().event(self.name()).data(data)
    }
}

/// Fans build results out to every open page.
pub struct LiveHub {
    sender: broadcast::Sender<LiveEvent>,
    slots: Arc<Semaphore>,
    heartbeat: Duration,
    /// The event a newly connected client starts with.
    status: Mutex<LiveEvent>,
    shutdown: watch::Receiver<bool>,
}

impl LiveHub {
    pub fn new(max_clients: usize, heartbeat: Duration, shutdown: watch::Receiver<bool>) -> Self {
        let (sender, _) = broadcast::channel(64);
        LiveHub {
            sender,
            slots: Arc::new(Semaphore::new(max_clients)),
            heartbeat,
            status: Mutex::new(LiveEvent::Ok { generation: 0 }),
            shutdown,
        }
    }

    /// Sends `event` to every client; `ok` and `diagnostics` also become the state new
    /// clients start with.
    pub fn publish(&self, event: LiveEvent) {
        if matches!(event, LiveEvent::Ok { .. } | LiveEvent::Diagnostics { .. }) {
            if let Ok(mut s) = self.status.lock() {
                *s = event.clone();
            }
        }
        // No receivers is fine: nobody is watching.
        let _ = self.sender.send(event);
    }

    pub fn status(&self) -> LiveEvent {
        match self.status.lock() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn connected_clients(&self, max_clients: usize) -> usize {
        max_clients.saturating_sub(self.slots.available_permits())
    }

    /// The `/_impactwall/events` response: a stream, or 503 when full.
    pub fn subscribe(&self) -> Response {
        self.subscribe_for(true)
    }

    /// [`LiveHub::subscribe`] for a client on this computer (`local`) or elsewhere,
    /// whose diagnostics are reduced to a count (see [`super::exposure::redact`]).
    pub fn subscribe_for(&self, local: bool) -> Response {
        let Ok(permit) = Arc::clone(&self.slots).try_acquire_owned() else {
            let mut res = (
                StatusCode::SERVICE_UNAVAILABLE,
                "too many live-update connections\n",
            )
                .into_response();
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
            return res;
        };
        let stream = self.event_stream(permit, local);
        let mut res = Sse::new(stream)
            .keep_alive(KeepAlive::new().interval(self.heartbeat))
            .into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        res.headers_mut().insert(
            header::HeaderName::from_static("x-accel-buffering"),
            HeaderValue::from_static("no"),
        );
        res
    }

    fn event_stream(
        &self,
        permit: OwnedSemaphorePermit,
        local: bool,
    ) -> impl Stream<Item = Result<Event, Infallible>> + Send + 'static {
        let receiver = self.sender.subscribe();
        let first = self.status();
        let updates = BroadcastStream::new(receiver).map(|item| match item {
            Ok(event) => event,
            Err(BroadcastStreamRecvError::Lagged(_)) => LiveEvent::Update {
                generation: 0,
                paths: Vec::new(),
                resync: true,
            },
        });
        let mut shutdown = self.shutdown.clone();
        let stopped = async move {
            // Ends when shutdown is signalled or the sender is gone.
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        stream::once(async move { first })
            .chain(updates)
            .map(move |event| {
                // The permit lives as long as the stream: dropping the connection frees
                // the slot.
                let _held = &permit;
                if local {
                    Ok(event.to_sse())
                } else {
                    Ok(super::exposure::redact(event).to_sse())
                }
            })
            .take_until(Box::pin(stopped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_carry_everything_but_the_tag() {
        let e = LiveEvent::Update {
            generation: 3,
            paths: vec!["data/index.json".into()],
            resync: false,
        };
        let v = serde_json::to_value(&e).expect("json");
        assert_eq!(v["event"], "update");
        assert_eq!(v["paths"][0], "data/index.json");
        assert!(v.get("resync").is_none());
    }

    #[test]
    fn status_remembers_the_last_ok_or_diagnostics() {
        let (_tx, rx) = watch::channel(false);
        let hub = LiveHub::new(2, DEFAULT_HEARTBEAT, rx);
        hub.publish(LiveEvent::Diagnostics {
            generation: 1,
            diagnostics: vec![Diagnostic::error("x", "stories/a.md", "broken").at(2, 3)],
        });
        hub.publish(LiveEvent::Update {
            generation: 2,
            paths: vec![],
            resync: false,
        });
        assert!(matches!(hub.status(), LiveEvent::Diagnostics { .. }));
        hub.publish(LiveEvent::Ok { generation: 3 });
        assert_eq!(hub.status(), LiveEvent::Ok { generation: 3 });
    }

    #[tokio::test]
    async fn clients_beyond_the_cap_get_503() {
        let (_tx, rx) = watch::channel(false);
        let hub = LiveHub::new(2, DEFAULT_HEARTBEAT, rx);
        let a = hub.subscribe();
        let b = hub.subscribe();
        assert_eq!(a.status(), StatusCode::OK);
        assert_eq!(b.status(), StatusCode::OK);
        assert_eq!(hub.subscribe().status(), StatusCode::SERVICE_UNAVAILABLE);
        drop(a);
        assert_eq!(hub.subscribe().status(), StatusCode::OK);
    }
}
