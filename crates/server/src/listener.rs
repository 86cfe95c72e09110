//! Accepting connections with bounds, so one bad client cannot starve the others:
//! a cap on open connections, a deadline for request headers (slowloris), a cap on
//! header bytes, a deadline on stalled writes (clients that stop reading), and
//! graceful shutdown that lets in-flight responses finish.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{sleep, Sleep};
use tower::ServiceExt;

use super::exposure::{ClientConn, ResponseClock};

/// Per-connection bounds.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// Open connections beyond this are closed on accept.
    pub max_connections: usize,
    /// A request's headers must arrive within this time (also closes idle keep-alive
    /// connections).
    pub header_read_timeout: Duration,
    /// Request line plus headers, in bytes (hyper answers 431 beyond).
    pub max_header_bytes: usize,
    /// A write that makes no progress for this long closes the connection.
    pub write_stall_timeout: Duration,
    /// How long shutdown waits for in-flight responses.
    pub shutdown_grace: Duration,
    /// Longest time one response may take to send, however steadily the client reads
    /// (the live-update stream excepted).
    pub max_response_time: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 1024,
            header_read_timeout: Duration::from_secs(10),
            max_header_bytes: 16 * 1024,
            write_stall_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(5),
            max_response_time: super::http::DEFAULT_MAX_RESPONSE_TIME,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting and waits
/// (up to the grace period) for open connections to finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // hyper's floor is 8 KiB.
        .max_buf_size(limits.max_header_bytes.max(8192))
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => (stream, peer),
                Err(e) => {
                    // Out of file descriptors and similar: back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&slots).try_acquire_owned() else {
            tracing::warn!(
                "refusing a connection: {} connections open",
                limits.max_connections
            );
            drop(stream);
            continue;
        };
        let (stream, peer) = stream;
        let _ = stream.set_nodelay(true);
        let conn = ClientConn {
            peer,
            local: stream.local_addr().unwrap_or(peer),
        };
        let clock = ResponseClock::default();
        let io = TokioIo::new(
            StallGuard::new(stream, limits.write_stall_timeout).with_clock(clock.clone()),
        );
        // Every request learns who sent it (diagnostics stay on this computer), where
        // it arrived (the Host check) and the clock its response is written against.
        let service = TowerToHyperService::new(app.clone().map_request(
            move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(conn);
                req.extensions_mut().insert(clock.clone());
                req
            },
        ));
        let connection = graceful.watch(builder.serve_connection(io, service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection ended: {e}");
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = sleep(limits.shutdown_grace) => tracing::warn!("closing connections still open after {:?}", limits.shutdown_grace),
    }
}

/// A TCP stream whose writes fail with `TimedOut` after making no progress for the
/// stall timeout: a client that stops reading cannot hold a connection forever.
pub struct StallGuard {
    inner: TcpStream,
    timeout: Duration,
    stalled_since: Option<Pin<Box<Sleep>>>,
    /// The current response's deadline, and a timer that wakes a blocked write at it.
    clock: Option<ResponseClock>,
    response_timer: Option<Pin<Box<Sleep>>>,
}

impl StallGuard {
    pub fn new(inner: TcpStream, timeout: Duration) -> Self {
        StallGuard {
            inner,
            timeout,
            stalled_since: None,
            clock: None,
            response_timer: None,
        }
    }

    /// Also fails writes once the deadline on `clock` has passed.
    pub fn with_clock(mut self, clock: ResponseClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// `Ready(error)` once the response deadline has passed; otherwise arms a timer
    /// so that a write blocked on a slow reader is woken at the deadline.
    fn check_deadline(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let Some(deadline) = self.clock.as_ref().and_then(ResponseClock::deadline) else {
            self.response_timer = None;
            return Poll::Pending;
        };
        let timer = self
            .response_timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if timer.deadline() != deadline {
            timer.as_mut().reset(deadline);
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(io::Error::new(
                io::ErrorKind::TimedOut,
                "the response took longer than the limit",
            )),
            Poll::Pending => Poll::Pending,
        }
    }

    fn check_stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let timeout = self.timeout;
        let deadline = self
            .stalled_since
            .get_or_insert_with(|| Box::pin(sleep(timeout)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(io::Error::new(
                io::ErrorKind::TimedOut,
                "client stopped reading",
            )),
            Poll::Pending => Poll::Pending,
        }
    }

    fn progressed(&mut self) {
        self.stalled_since = None;
    }
}

impl AsyncRead for StallGuard {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for StallGuard {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Poll::Ready(e) = self.check_deadline(cx) {
            return Poll::Ready(Err(e));
        }
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Ready(r) => {
                self.progressed();
                Poll::Ready(r)
            }
            Poll::Pending => self.check_stall(cx).map(Err),
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if let Poll::Ready(e) = self.check_deadline(cx) {
            return Poll::Ready(Err(e));
        }
        match Pin::new(&mut self.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(r) => {
                self.progressed();
                Poll::Ready(r)
            }
            Poll::Pending => self.check_stall(cx).map(Err),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Ready(r) => {
                self.progressed();
                Poll::Ready(r)
            }
            Poll::Pending => self.check_stall(cx).map(Err),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
