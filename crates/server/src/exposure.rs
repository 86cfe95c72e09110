//! What `serve` shows to whom: requests must name this server (no DNS rebinding),
//! content diagnostics go only to clients on this computer, and no response may take
//! longer than a fixed time to send (see [`ResponseClock`]).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use std::sync::{Arc, Mutex};
use tokio::time::Instant;

use super::live::LiveEvent;
use impactwall_content::Diagnostic;

/// The two ends of the connection a request came on; the listener attaches it to
/// every request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientConn {
    pub peer: SocketAddr,
    pub local: SocketAddr,
}

impl ClientConn {
    /// Whether the client runs on this computer.
    pub fn is_loopback(conn: Option<&ClientConn>) -> bool {
        conn.is_some_and(|c| c.peer.ip().is_loopback() || c.peer.ip() == c.local.ip())
    }
}

/// Which `Host` header values the server answers. A web page that rebinds its own
/// domain name to 127.0.0.1 still sends that name, so names are refused unless they
/// are `localhost` or given with `--allow-host`; IP addresses are what they say.
#[derive(Clone, Debug, Default)]
pub struct HostPolicy {
    names: Vec<String>,
}

impl HostPolicy {
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        HostPolicy {
            names: names.into_iter().map(|n| normalize(&n)).collect(),
        }
    }

    /// Whether a request with this `Host` header, arriving at `local`, is for us.
    /// Requests without the header (not from a browser) are answered.
    pub fn allows(&self, host: Option<&str>, local: Option<SocketAddr>) -> bool {
        let Some(host) = host else {
            return true;
        };
        let name = normalize(strip_port(host));
        if let Ok(ip) = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            return local.is_none_or(|l| {
                l.ip().is_unspecified()
                    || l.ip() == ip
                    || (l.ip().is_loopback() && ip.is_loopback())
            });
        }
        let local_name = name == "localhost" || name.ends_with(".localhost");
        let local_listener = local.is_none_or(|l| l.ip().is_loopback() || l.ip().is_unspecified());
        (local_name && local_listener) || self.names.contains(&name)
    }
}

fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// `example.org:8080` → `example.org`, `[::1]:80` → `[::1]`.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.contains(':') => {
            name
        }
        _ => host,
    }
}

/// The event as a client elsewhere on the network sees it: diagnostics name files and
/// quote drafts, so only their number goes out.
pub fn redact(event: LiveEvent) -> LiveEvent {
    match event {
        LiveEvent::Diagnostics {
            generation,
            diagnostics,
        } => {
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == impactwall_content::Severity::Error)
                .count();
            let summary = Diagnostic::error(
                "content-errors",
                "content",
                format!(
                    "the content has {errors} error(s); the details are shown only on the computer running impactwall serve"
                ),
            );
            LiveEvent::Diagnostics {
                generation,
                diagnostics: vec![summary],
            }
        }
        other => other,
    }
}

/// When the response being written on a connection must be finished. The HTTP layer
/// sets it as each request starts (none for the live-update stream); the
/// connection's writer fails once it has passed, however steadily the client reads.
#[derive(Clone, Debug, Default)]
pub struct ResponseClock(Arc<Mutex<Option<Instant>>>);

impl ResponseClock {
    /// Starts the clock for a response that may take `limit`, or stops it (`None`).
    pub fn start(&self, limit: Option<Duration>) {
        if let Ok(mut d) = self.0.lock() {
            *d = limit.map(|l| Instant::now() + l);
        }
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.0.lock().ok().and_then(|d| *d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(addr: &str) -> Option<SocketAddr> {
        Some(addr.parse().expect("address"))
    }

    #[test]
    fn foreign_names_are_refused_addresses_and_localhost_accepted() {
        let p = HostPolicy::new(["Wall.Office.lan".to_owned()]);
        let local = at("127.0.0.1:8080");
        assert!(p.allows(Some("127.0.0.1:8080"), local));
        assert!(p.allows(Some("localhost:8080"), local));
        assert!(p.allows(Some("[::1]:8080"), local));
        assert!(p.allows(Some("wall.office.lan."), local));
        assert!(p.allows(None, local));
        assert!(!p.allows(Some("evil.example:8080"), local));
        assert!(!p.allows(Some("127.0.0.1.evil.example"), local));
        assert!(!p.allows(Some("10.0.0.5:8080"), local));
        let lan = at("0.0.0.0:8080");
        assert!(p.allows(Some("192.168.1.20:8080"), lan));
        assert!(!p.allows(Some("rebind.evil.example"), lan));
        let exact = at("192.168.1.20:8080");
        assert!(!p.allows(Some("localhost"), exact));
        assert!(!p.allows(Some("192.168.1.21"), exact));
    }

    #[test]
    fn diagnostics_are_reduced_to_a_count() {
        let event = LiveEvent::Diagnostics {
            generation: 3,
            diagnostics: vec![
                Diagnostic::error("x", "stories/draft.md", "secret draft text").at(2, 3),
            ],
        };
        let shown = serde_json::to_string(&redact(event)).expect("json");
        assert!(!shown.contains("draft"), "{shown}");
        assert!(shown.contains("1 error"), "{shown}");
    }
}
