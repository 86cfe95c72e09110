//! Helpers shared by the serve integration tests: an in-process server on an ephemeral
//! loopback port, a raw HTTP/1.1 client (so tests can send exactly the bytes an
//! attacker would) and a server-sent-events reader.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use impactwall_content::{OutputFile, OutputSet};
use impactwall_server::assets::etag_of;
use impactwall_server::{BuildReport, LiveSite, Server, ServerOptions, Shell};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const SHELL_INDEX: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-dGVzdHNoZWxs'; object-src 'none'\">\n<title>shell</title>\n</head>\n<body></body>\n</html>\n";
pub const WASM_NAME: &str = "impactwall-app-0123456789abcdef_bg.wasm";

/// A tiny app shell: index.html, a "wasm" file with a trunk-style hashed name, a css.
pub fn fake_shell_files() -> HashMap<String, Vec<u8>> {
    let mut files = HashMap::new();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(b"impact wall ".as_slice(), 500).flatten());
    files.insert(WASM_NAME.to_string(), wasm);
    files.insert(
        "impactwall-app-0123456789abcdef.js".to_string(),
        b"export default function init() {}\n".to_vec(),
    );
    files.insert(
        "favicon.svg".to_string(),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
    );
    files
}

/// Writes the fake shell to `dir` (for the spawned-binary tests).
pub fn write_fake_shell(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("index.html"), SHELL_INDEX).unwrap();
    for (name, bytes) in fake_shell_files() {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

pub fn output(files: &[(&str, &[u8])]) -> OutputSet {
    OutputSet {
        files: files
            .iter()
            .map(|(p, b)| {
                (
                    p.to_string(),
                    OutputFile {
                        bytes: Arc::new(b.to_vec()),
                        etag: etag_of(b),
                    },
                )
            })
            .collect::<BTreeMap<_, _>>(),
    }
}

/// A build output resembling the real one.
pub fn sample_output() -> OutputSet {
    let index = format!(
        "{{\"stories\":[{}]}}",
        (0..40)
            .map(|i| format!("{{\"slug\":\"story-{i}\",\"title\":\"Story number {i}\"}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let audio: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    output(&[
        ("data/index.json", index.as_bytes()),
        (
            "data/stories/rosa.json",
            b"{\"slug\":\"rosa\",\"body_html\":\"<p>Hi</p>\"}",
        ),
        (
            "feed.xml",
            b"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>",
        ),
        ("calendar.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        (
            "calendar/picnic.ics",
            b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        ),
        ("media/voicemail.1a2b3c4d.mp3", &audio),
        ("media/voicemail.5e6f7a8b.ogg", &audio[..5000]),
        ("media/rosa.3f9a1c2e.jpg", &audio[..3000]),
        ("theme.css", b":root { --color-primary: #0b5d6b; }"),
    ])
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub site: Arc<LiveSite>,
    stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<()>,
}

impl TestServer {
    pub async fn start(options: ServerOptions, first: OutputSet) -> TestServer {
        let shell = Shell::from_files(SHELL_INDEX.as_bytes().to_vec(), fake_shell_files(), true);
        let server = Server::new(shell, options);
        let site = server.site();
        site.compress_shell();
        site.publish(BuildReport {
            output: Some(first),
            diagnostics: vec![],
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(listener, async move {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            site,
            stop: Some(stop),
            task,
        }
    }

    /// Signals shutdown and waits for the server to finish.
    pub async fn shutdown(mut self) -> Duration {
        let started = std::time::Instant::now();
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        tokio::time::timeout(Duration::from_secs(15), &mut self.task)
            .await
            .expect("server stops")
            .unwrap();
        started.elapsed()
    }
}

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `raw` (a complete request) and reads the response until the server closes.
pub async fn raw_request(addr: SocketAddr, raw: &[u8]) -> HttpResponse {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(raw).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut buf))
        .await
        .expect("response in time")
        .ok();
    parse_response(&buf)
}

pub fn parse_response(buf: &[u8]) -> HttpResponse {
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(buf)));
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    HttpResponse {
        status,
        headers,
        body: buf[split + 4..].to_vec(),
    }
}

/// GET `target` with extra header lines (`"Name: value"`).
pub async fn get(addr: SocketAddr, target: &str, headers: &[&str]) -> HttpResponse {
    request(addr, "GET", target, headers).await
}

pub async fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[&str],
) -> HttpResponse {
    let mut raw = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for h in headers {
        raw.push_str(h);
        raw.push_str("\r\n");
    }
    raw.push_str("\r\n");
    raw_request(addr, raw.as_bytes()).await
}

/// A server-sent-events client over a raw connection.
pub struct SseClient {
    reader: BufReader<TcpStream>,
    pub status: u16,
}

#[derive(Debug, Clone)]
pub struct SseEvent {
    pub name: String,
    pub data: serde_json::Value,
}

impl SseClient {
    pub async fn connect(addr: SocketAddr) -> SseClient {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(
                format!("GET /_impactwall/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n")
                    .as_bytes(),
            )
            .await
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line).await.unwrap();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        // Skip headers.
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.unwrap() == 0 || line == "\r\n" {
                break;
            }
        }
        SseClient { reader, status }
    }

    /// The next named event (skipping heartbeat comments and chunk-size lines), or
    /// `None` at end of stream or after `within`.
    pub async fn next_event(&mut self, within: Duration) -> Option<SseEvent> {
        tokio::time::timeout(within, async {
            let mut name = None;
            let mut data = String::new();
            loop {
                let mut line = String::new();
                let n = self.reader.read_line(&mut line).await.ok()?;
                if n == 0 {
                    return None;
                }
                let line = line.trim_end_matches(['\r', '\n']);
                if let Some(v) = line.strip_prefix("event:") {
                    name = Some(v.trim().to_string());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                } else if line.is_empty() && name.is_some() {
                    let data = serde_json::from_str(&data).unwrap_or(serde_json::Value::Null);
                    return Some(SseEvent {
                        name: name.take().unwrap_or_default(),
                        data,
                    });
                }
            }
        })
        .await
        .ok()
        .flatten()
    }

    /// Waits for an event called `name`, skipping others.
    pub async fn wait_for(&mut self, name: &str, within: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return None;
            }
            let ev = self.next_event(left).await?;
            if ev.name == name {
                return Some(ev);
            }
        }
    }
}

pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap();
    out
}

pub fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
    out
}
