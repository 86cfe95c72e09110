//! `impactwall serve`: live preview for managers and a dependable static server for
//! wall screens.
//!
//! - [`assets`]: files in memory with content types, cache policy, ETags, gzip/brotli.
//! - [`request_path`]: refusing traversal and malformed paths.
//! - [`http`]: routing, conditional and range requests, security headers.
//! - [`live`]: the server-sent event stream open pages listen to.
//! - [`site`]: the published snapshot; broken builds never replace good ones.
//! - [`rebuild`]: watching the content folder and rebuilding incrementally.
//! - [`watch_guard`]: what the watcher may read (no links out, no huge files, no floods).
//! - [`exposure`]: the `Host` check, diagnostics only to this computer, response deadline.
//! - [`listener`]: connection limits and graceful shutdown.
//! - [`desk`]: the publishing desk's API (`--desk`).

#![cfg_attr(test, allow(clippy::too_many_lines))]

pub mod assets;
pub mod content_builder;
pub mod desk;
pub mod exposure;
pub mod http;
pub mod listener;
pub mod live;
pub mod pages;
pub mod rebuild;
pub mod request_path;
pub mod site;
pub mod watch_guard;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use assets::Shell;
pub use listener::ConnectionLimits;
pub use live::{LiveEvent, LiveHub};
pub use pages::PageAnswer;
pub use rebuild::{ContentChange, SiteBuilder};
pub use site::{BuildReport, LiveSite, Published};

/// Tunables; the defaults are what `impactwall serve` uses.
#[derive(Clone, Copy, Debug)]
pub struct ServerOptions {
    pub limits: ConnectionLimits,
    /// Concurrent live-update (SSE) clients; more get 503.
    pub max_live_clients: usize,
    pub heartbeat: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            limits: ConnectionLimits::default(),
            max_live_clients: live::DEFAULT_MAX_CLIENTS,
            heartbeat: live::DEFAULT_HEARTBEAT,
        }
    }
}

/// A site plus the means to serve it and stop serving it.
pub struct Server {
    site: Arc<LiveSite>,
    options: ServerOptions,
    stop_streams: watch::Sender<bool>,
    hosts: exposure::HostPolicy,
    desk: Option<Arc<desk::Desk>>,
}

impl Server {
    pub fn new(shell: Shell, options: ServerOptions) -> Server {
        let (stop_streams, stopped) = watch::channel(false);
        let hub = LiveHub::new(options.max_live_clients, options.heartbeat, stopped);
        Server {
            site: Arc::new(LiveSite::new(shell, hub)),
            options,
            stop_streams,
            hosts: exposure::HostPolicy::default(),
            desk: None,
        }
    }

    /// Also serves the publishing desk under `/desk` (otherwise every `/desk` URL is
    /// a 404).
    pub fn with_desk(mut self, config: desk::DeskConfig) -> Server {
        self.desk = Some(Arc::new(desk::Desk::new(config)));
        self
    }

    /// Also answers requests whose `Host` is one of `names` (besides this server's
    /// addresses and `localhost`).
    pub fn allow_hosts(mut self, names: impl IntoIterator<Item = String>) -> Server {
        self.hosts = exposure::HostPolicy::new(names);
        self
    }

    pub fn site(&self) -> Arc<LiveSite> {
        Arc::clone(&self.site)
    }

    pub fn router(&self) -> Router {
        let site = http::router_with(
            self.site(),
            self.hosts.clone(),
            self.options.limits.max_response_time,
        );
        match &self.desk {
            Some(d) => desk::router(Arc::clone(d), self.hosts.clone())
                .merge(desk::page::router(
                    Arc::clone(d),
                    self.hosts.clone(),
                    self.site(),
                ))
                .merge(site),
            None => site,
        }
    }

    /// Serves until `shutdown` resolves; then live streams are closed so that
    /// in-flight responses can finish within the grace period.
    pub async fn run(self, listener: TcpListener, shutdown: impl Future<Output = ()>) {
        let stop_streams = self.stop_streams.clone();
        let shutdown = async move {
            shutdown.await;
            let _ = stop_streams.send(true);
        };
        listener::serve(listener, self.router(), self.options.limits, shutdown).await;
    }
}
