//! `impactwall serve` over real loopback connections, in process: files, SPA fallback,
//! 404s, headers, ETags, compression, ranges, hostile requests, limits, live events,
//! graceful shutdown.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use std::time::{Duration, Instant};

use crate::common::server::*;
use impactwall_content::Diagnostic;
use impactwall_server::{BuildReport, ConnectionLimits, ServerOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn server() -> TestServer {
    TestServer::start(ServerOptions::default(), sample_output()).await
}

#[tokio::test]
async fn index_has_security_headers_live_script_and_revalidates() {
    let s = server().await;
    let r = get(s.addr, "/", &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert!(r.header("etag").is_some_and(|e| e.starts_with('"')));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        r.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-dGVzdHNoZWxs';"),
        "{csp}"
    );
    for directive in [
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(r
        .text()
        .contains("<script src=\"/_impactwall/live.js\" defer></script>\n</head>"));
    let js = get(s.addr, "/_impactwall/live.js", &[]).await;
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("impactwall:data-changed"));
    s.shutdown().await;
}

#[tokio::test]
async fn app_routes_fall_back_to_the_shell_and_missing_data_is_404() {
    let s = server().await;
    let index = get(s.addr, "/", &[]).await;
    for route in [
        "/stories/rosa",
        "/wall",
        "/wall?playlist=lobby",
        "/es/thanks",
        "/about/",
    ] {
        let r = get(s.addr, route, &[]).await;
        assert_eq!(r.status, 200, "{route}");
        assert_eq!(r.body, index.body, "{route} serves the shell");
    }
    for missing in [
        "/data/stories/nobody.json",
        "/data/nothing",
        "/media/missing.jpg",
        "/media/x",
        "/qr/stories/x.svg",
        "/calendar/x.ics",
        "/favicon.png",
        "/_impactwall/nothing",
    ] {
        let r = get(s.addr, missing, &[]).await;
        assert_eq!(r.status, 404, "{missing}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{missing}"
        );
        assert!(r.header("content-security-policy").is_some());
    }
    s.shutdown().await;
}

#[tokio::test]
async fn content_types_and_cache_policies() {
    let s = server().await;
    let cases = [
        (
            format!("/{WASM_NAME}"),
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/impactwall-app-0123456789abcdef.js".into(),
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        ("/data/index.json".into(), "application/json", "no-cache"),
        (
            "/feed.xml".into(),
            "application/atom+xml; charset=utf-8",
            "no-cache",
        ),
        (
            "/calendar.ics".into(),
            "text/calendar; charset=utf-8",
            "no-cache",
        ),
        (
            "/calendar/picnic.ics".into(),
            "text/calendar; charset=utf-8",
            "no-cache",
        ),
        (
            "/media/voicemail.1a2b3c4d.mp3".into(),
            "audio/mpeg",
            "public, max-age=31536000, immutable",
        ),
        (
            "/media/voicemail.5e6f7a8b.ogg".into(),
            "audio/ogg",
            "public, max-age=31536000, immutable",
        ),
        (
            "/media/rosa.3f9a1c2e.jpg".into(),
            "image/jpeg",
            "public, max-age=31536000, immutable",
        ),
        ("/theme.css".into(), "text/css; charset=utf-8", "no-cache"),
        ("/favicon.svg".into(), "image/svg+xml", "no-cache"),
    ];
    for (path, ctype, cache) in cases {
        let r = get(s.addr, &path, &[]).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ctype), "{path}");
        assert_eq!(r.header("cache-control"), Some(cache), "{path}");
        assert!(r.header("etag").is_some(), "{path}");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn etags_give_304_and_change_with_content() {
    let s = server().await;
    let first = get(s.addr, "/data/index.json", &[]).await;
    let etag = first.header("etag").unwrap().to_string();
    let again = get(
        s.addr,
        "/data/index.json",
        &[&format!("If-None-Match: {etag}")],
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(again.header("cache-control"), Some("no-cache"));
    let weak = get(
        s.addr,
        "/data/index.json",
        &[&format!("If-None-Match: W/{etag}")],
    )
    .await;
    assert_eq!(weak.status, 304);
    let other = get(s.addr, "/data/index.json", &["If-None-Match: \"deadbeef\""]).await;
    assert_eq!(other.status, 200);
    // A compressed response's ETag also revalidates.
    let br = get(s.addr, "/data/index.json", &["Accept-Encoding: br"]).await;
    let br_etag = br.header("etag").unwrap().to_string();
    assert_ne!(br_etag, etag);
    let again = get(
        s.addr,
        "/data/index.json",
        &["Accept-Encoding: br", &format!("If-None-Match: {br_etag}")],
    )
    .await;
    assert_eq!(again.status, 304);

    // New content, new ETag: the old one no longer matches.
    s.site.publish(BuildReport {
        output: Some(output(&[("data/index.json", b"{\"stories\":[]}")])),
        diagnostics: vec![],
    });
    let changed = get(
        s.addr,
        "/data/index.json",
        &[&format!("If-None-Match: {etag}")],
    )
    .await;
    assert_eq!(changed.status, 200);
    assert_eq!(changed.text(), "{\"stories\":[]}");
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
    s.shutdown().await;
}

#[tokio::test]
async fn precompressed_gzip_and_brotli_decode_to_the_original() {
    let s = server().await;
    let plain = get(s.addr, "/data/index.json", &[]).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    let br = get(
        s.addr,
        "/data/index.json",
        &["Accept-Encoding: gzip, deflate, br"],
    )
    .await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert!(br.body.len() < plain.body.len() / 3);
    assert_eq!(unbrotli(&br.body), plain.body);
    let gz = get(s.addr, "/data/index.json", &["Accept-Encoding: gzip"]).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&gz.body), plain.body);
    let wasm_plain = get(s.addr, &format!("/{WASM_NAME}"), &[]).await;
    let wasm = get(s.addr, &format!("/{WASM_NAME}"), &["Accept-Encoding: br"]).await;
    assert_eq!(wasm.header("content-encoding"), Some("br"));
    assert_eq!(unbrotli(&wasm.body), wasm_plain.body);
    // Audio is already compressed: sent as is.
    let mp3 = get(
        s.addr,
        "/media/voicemail.1a2b3c4d.mp3",
        &["Accept-Encoding: br, gzip"],
    )
    .await;
    assert_eq!(mp3.header("content-encoding"), None);
    assert_eq!(mp3.body.len(), 10_000);
    s.shutdown().await;
}

#[tokio::test]
async fn range_requests_for_audio() {
    let s = server().await;
    let full = get(s.addr, "/media/voicemail.1a2b3c4d.mp3", &[]).await;
    assert_eq!(full.header("accept-ranges"), Some("bytes"));
    let r = get(
        s.addr,
        "/media/voicemail.1a2b3c4d.mp3",
        &["Range: bytes=100-199"],
    )
    .await;
    assert_eq!(r.status, 206);
    assert_eq!(r.header("content-range"), Some("bytes 100-199/10000"));
    assert_eq!(r.header("content-length"), Some("100"));
    assert_eq!(r.body, full.body[100..200]);
    let tail = get(
        s.addr,
        "/media/voicemail.1a2b3c4d.mp3",
        &["Range: bytes=-500"],
    )
    .await;
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, full.body[9500..]);
    let open = get(
        s.addr,
        "/media/voicemail.1a2b3c4d.mp3",
        &["Range: bytes=9990-"],
    )
    .await;
    assert_eq!(open.header("content-range"), Some("bytes 9990-9999/10000"));
    let beyond = get(
        s.addr,
        "/media/voicemail.1a2b3c4d.mp3",
        &["Range: bytes=20000-"],
    )
    .await;
    assert_eq!(beyond.status, 416);
    assert_eq!(beyond.header("content-range"), Some("bytes */10000"));
    let etag = full.header("etag").unwrap();
    let fresh = get(
        s.addr,
        "/media/voicemail.1a2b3c4d.mp3",
        &["Range: bytes=0-9", &format!("If-Range: {etag}")],
    )
    .await;
    assert_eq!(fresh.status, 206);
    let stale = get(
        s.addr,
        "/media/voicemail.1a2b3c4d.mp3",
        &["Range: bytes=0-9", "If-Range: \"old\""],
    )
    .await;
    assert_eq!(stale.status, 200);
    assert_eq!(stale.body.len(), 10_000);
    // A ranged request is never compressed.
    let json = get(
        s.addr,
        "/data/index.json",
        &["Range: bytes=0-1", "Accept-Encoding: br"],
    )
    .await;
    assert_eq!(json.status, 206);
    assert_eq!(json.text(), "{\"");
    assert_eq!(json.header("content-encoding"), None);
    s.shutdown().await;
}

#[tokio::test]
async fn head_and_other_methods() {
    let s = server().await;
    let head = request(s.addr, "HEAD", "/data/index.json", &[]).await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let full = get(s.addr, "/data/index.json", &[]).await;
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string().as_str())
    );
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE"] {
        let r = request(s.addr, method, "/data/index.json", &["Content-Length: 0"]).await;
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }
    s.shutdown().await;
}

#[tokio::test]
async fn traversal_attempts_are_refused() {
    let s = server().await;
    for target in [
        "/../../etc/passwd",
        "/data/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc%2Fpasswd",
        "/data%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cwindows%5cwin.ini",
        "/data\\..\\..\\etc\\passwd",
        "/index.html%00.json",
        "/data/%252e%252e/x",
        "/data/./index.json",
        "//etc/passwd",
        "/%c0%ae%c0%ae/etc/passwd",
    ] {
        let r = get(s.addr, target, &[]).await;
        assert!(
            r.status == 400 || r.status == 404,
            "{target} answered {}",
            r.status
        );
        assert!(!r.text().contains("root:"), "{target}");
    }
    // Absolute-form and garbage request targets never reach a file either (a foreign
    // Host is refused before the path is even looked at).
    let r = raw_request(
        s.addr,
        b"GET http://evil.example/../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!([400, 404, 421].contains(&r.status), "{}", r.status);
    s.shutdown().await;
}

#[tokio::test]
async fn long_urls_and_headers_are_refused() {
    let s = server().await;
    let long = format!("/stories/{}", "a".repeat(4000));
    assert_eq!(get(s.addr, &long, &[]).await.status, 414);
    let huge = format!("/{}", "b".repeat(40_000));
    let r = get(s.addr, &huge, &[]).await;
    assert!(
        r.status == 414 || r.status == 431 || r.status == 400,
        "{}",
        r.status
    );
    let big_header = format!("X-Filler: {}", "c".repeat(40_000));
    let r = get(s.addr, "/", &[&big_header]).await;
    assert_eq!(r.status, 431);
    let many: Vec<String> = (0..200).map(|i| format!("X-H{i}: v")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let r = get(s.addr, "/", &many).await;
    assert_eq!(r.status, 431);
    // The server is fine afterwards.
    assert_eq!(get(s.addr, "/", &[]).await.status, 200);
    s.shutdown().await;
}

#[tokio::test]
async fn slow_clients_are_cut_off_without_affecting_others() {
    let options = ServerOptions {
        limits: ConnectionLimits {
            header_read_timeout: Duration::from_secs(1),
            ..ConnectionLimits::default()
        },
        ..ServerOptions::default()
    };
    let s = TestServer::start(options, sample_output()).await;
    // 100 clients trickle a request line and never finish their headers.
    let mut slow = Vec::new();
    for _ in 0..100 {
        let mut c = TcpStream::connect(s.addr).await.unwrap();
        c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(c);
    }
    for c in &mut slow {
        c.write_all(b"a").await.unwrap();
    }
    let t = Instant::now();
    let r = get(s.addr, "/data/index.json", &[]).await;
    assert_eq!(r.status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "normal request took {:?}",
        t.elapsed()
    );
    // After the header deadline every slow connection has been closed.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    for mut c in slow {
        let mut buf = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(2), c.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "slow connection still open");
        let text = String::from_utf8_lossy(&buf);
        assert!(buf.is_empty() || text.starts_with("HTTP/1.1 408"), "{text}");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn connections_beyond_the_cap_are_closed_and_others_recover() {
    let options = ServerOptions {
        limits: ConnectionLimits {
            max_connections: 8,
            ..ConnectionLimits::default()
        },
        ..ServerOptions::default()
    };
    let s = TestServer::start(options, sample_output()).await;
    let mut idle = Vec::new();
    for _ in 0..8 {
        idle.push(TcpStream::connect(s.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut extra = TcpStream::connect(s.addr).await.unwrap();
    let _ = extra.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), extra.read_to_end(&mut buf)).await;
    assert!(buf.is_empty(), "over-cap connection was served");
    drop(idle);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(get(s.addr, "/", &[]).await.status, 200);
    s.shutdown().await;
}

#[tokio::test]
async fn live_events_flood_is_capped_and_updates_reach_clients() {
    let options = ServerOptions {
        max_live_clients: 16,
        ..ServerOptions::default()
    };
    let s = TestServer::start(options, sample_output()).await;
    let mut clients = Vec::new();
    for _ in 0..16 {
        let mut c = SseClient::connect(s.addr).await;
        assert_eq!(c.status, 200);
        let first = c
            .next_event(Duration::from_secs(2))
            .await
            .expect("initial state");
        assert_eq!(first.name, "ok");
        clients.push(c);
    }
    let refused = SseClient::connect(s.addr).await;
    assert_eq!(refused.status, 503);
    // Ordinary requests are unaffected by the flood.
    assert_eq!(get(s.addr, "/data/index.json", &[]).await.status, 200);

    // A good build reaches every client with the changed paths.
    s.site.publish(BuildReport {
        output: Some(output(&[
            ("data/index.json", b"{\"stories\":[1]}"),
            ("data/stories/new.json", b"{}"),
        ])),
        diagnostics: vec![],
    });
    for c in &mut clients {
        let ev = c
            .wait_for("update", Duration::from_secs(2))
            .await
            .expect("update");
        let paths: Vec<&str> = ev.data["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(
            paths.contains(&"data/index.json") && paths.contains(&"data/stories/new.json"),
            "{paths:?}"
        );
    }
    // A broken build sends diagnostics and keeps the last good files.
    s.site.publish(BuildReport {
        output: None,
        diagnostics: vec![Diagnostic::error(
            "unknown-key",
            "stories/new.md",
            "unknown key `titel`",
        )
        .at(3, 1)
        .hint("did you mean `title`?")],
    });
    let ev = clients[0]
        .wait_for("diagnostics", Duration::from_secs(2))
        .await
        .expect("diagnostics");
    let d = &ev.data["diagnostics"][0];
    assert_eq!(d["file"], "stories/new.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 1);
    assert_eq!(d["hint"], "did you mean `title`?");
    assert_eq!(get(s.addr, "/data/stories/new.json", &[]).await.status, 200);
    // Freed slots are reusable; a new client starts with the current (broken) state.
    drop(clients.pop());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut late = SseClient::connect(s.addr).await;
    assert_eq!(late.status, 200);
    assert_eq!(
        late.next_event(Duration::from_secs(2)).await.unwrap().name,
        "diagnostics"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn graceful_shutdown_ends_live_streams_and_stops_accepting() {
    let s = server().await;
    let addr = s.addr;
    let mut live = SseClient::connect(addr).await;
    assert_eq!(
        live.next_event(Duration::from_secs(2)).await.unwrap().name,
        "ok"
    );
    let took = s.shutdown().await;
    assert!(took < Duration::from_secs(3), "shutdown took {took:?}");
    assert!(
        live.next_event(Duration::from_secs(2)).await.is_none(),
        "stream ended"
    );
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no longer accepting"
    );
}
