//! `impactwall serve`: build the content, serve it with the app shell, rebuild on
//! change and push updates to open pages.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use impactwall_server::content_builder::ContentBuilder;
use impactwall_server::listener::shutdown_signal;
use impactwall_server::rebuild::{self, log_report, SiteBuilder};
use impactwall_server::{LiveSite, Published, Server, ServerOptions, Shell};

use super::ServeArgs;

pub fn run(args: &ServeArgs) -> ExitCode {
    init_logging();
    match serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Builds, then serves until stopped. `Err` carries the message of what kept it
/// from serving.
fn serve(args: &ServeArgs) -> Result<(), String> {
    let (host, shell) = check_args(args)?;
    let mut builder = ContentBuilder::new(&args.dir);
    let mut server =
        Server::new(shell, ServerOptions::default()).allow_hosts(args.allow_host.clone());
    if args.desk {
        server = server.with_desk(super::desk::config(args, host)?);
    }
    let site = server.site();
    // Pages are rendered when asked for, from the current build. A shell that cannot
    // hold them (a stand-in without `<html lang>`, `<title>` and `<body>`) is served
    // as it is, every route answered by its index.html.
    match super::pages::Prerender::from_shell(&args.shell) {
        Ok(Some(pages)) => site.set_pages(pages),
        Ok(None) => {}
        Err(e) => eprintln!("warning: {e}; serving the pages without prerendering"),
    }
    first_build(args, &mut builder, &site)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting the server runtime: {e}"))?;
    let addr = SocketAddr::new(host, args.port);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            format!(
                "cannot listen on {addr}: {e}\n  hint: another program may use port {}; try --port {}",
                args.port,
                args.port.wrapping_add(1).max(1024)
            )
        })?;
        let bound = listener.local_addr().unwrap_or(addr);
        announce(bound, &args.dir);
        // Watching stops when the handle is dropped, after serving.
        let _watch = if args.no_watch {
            None
        } else {
            start_watching(&args.dir, builder, &site)
        };
        compress_shell_in_background(&site);
        if args.open {
            open_browser(&format!("http://{}/", browsable(bound)));
        }
        server.run(listener, shutdown_signal()).await;
        tracing::info!("stopped");
        Ok(())
    })
}

/// The address to listen on and the app shell, or why they are unusable.
fn check_args(args: &ServeArgs) -> Result<(IpAddr, Shell), String> {
    let host: IpAddr = args.host.parse().map_err(|_| {
        format!(
            "--host {:?} is not an IP address\n  hint: use 127.0.0.1 (this machine only) or 0.0.0.0 (the office network)",
            args.host
        )
    })?;
    if !args.dir.is_dir() {
        return Err(format!(
            "the content folder {} does not exist\n  hint: pass the folder that holds site.toml, e.g. `impactwall serve content`",
            args.dir.display()
        ));
    }
    let shell = Shell::load(&args.shell, true).map_err(|e| {
        format!(
            "{e}\n  hint: build the app shell first with `trunk build --release` (or pass --shell)"
        )
    })?;
    Ok((host, shell))
}

/// Builds the content once and publishes it. Content with errors is served
/// without data (and fixed while watching), unless nothing watches for the fix.
fn first_build(
    args: &ServeArgs,
    builder: &mut ContentBuilder,
    site: &LiveSite,
) -> Result<(), String> {
    let started = std::time::Instant::now();
    let report = builder.full_build();
    log_report(&report);
    match site.publish(report) {
        Published::Updated { changed, .. } => tracing::info!(
            "built {} files from {} in {} ms",
            changed.len(),
            args.dir.display(),
            started.elapsed().as_millis()
        ),
        Published::KeptLastGood { errors, .. } if args.no_watch => {
            return Err(format!(
                "the content has {errors} error(s); fix them and serve again"
            ));
        }
        Published::KeptLastGood { errors, .. } => tracing::warn!(
            "the content has {errors} error(s); serving the app without data until they are fixed"
        ),
    }
    Ok(())
}

/// Rebuilds on every change under `dir`; serving goes on without it if watching
/// cannot start.
fn start_watching(
    dir: &Path,
    builder: ContentBuilder,
    site: &Arc<LiveSite>,
) -> Option<rebuild::WatchHandle> {
    match rebuild::watch(
        dir,
        Box::new(builder),
        Arc::clone(site),
        rebuild::DEFAULT_DEBOUNCE,
    ) {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::warn!("not watching {} for changes: {e}", dir.display());
            None
        }
    }
}

/// Compresses the app shell off the serving path; it is served uncompressed until
/// then.
fn compress_shell_in_background(site: &Arc<LiveSite>) {
    let compressing = Arc::clone(site);
    let _ = std::thread::Builder::new()
        .name("impactwall-compress".into())
        .spawn(move || {
            let started = std::time::Instant::now();
            compressing.compress_shell();
            tracing::debug!("app shell compressed in {:?}", started.elapsed());
        });
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("IMPACTWALL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("impactwall=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

/// An address a browser on this machine can open (`0.0.0.0` is not one).
fn browsable(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        let local: IpAddr = if addr.is_ipv4() {
            IpAddr::from([127, 0, 0, 1])
        } else {
            IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1])
        };
        SocketAddr::new(local, addr.port())
    } else {
        addr
    }
}

fn announce(addr: SocketAddr, dir: &Path) {
    let url = format!("http://{}/", browsable(addr));
    // stdout, one line, so scripts can find the port when started with --port 0.
    println!("impactwall serve: listening on {url} (wall screens: {url}wall)");
    tracing::info!("serving {} — reading site {url}", dir.display());
    if addr.ip().is_loopback() {
        tracing::info!("only this computer can connect; use --host 0.0.0.0 to serve wall screens on the office network");
    } else {
        tracing::warn!(
            "listening on {} — reachable from the network, not just this computer",
            addr
        );
    }
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        tracing::warn!("could not open a browser ({program}: {e}); open {url} yourself");
    }
}
