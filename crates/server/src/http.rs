//! The HTTP surface: files from the current snapshot with ETags, precompressed
//! encodings and byte ranges, the SPA fallback, the live-update endpoints, and the
//! security headers every response carries.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::assets::{Asset, Lookup, LIVE_SCRIPT_PATH};
use super::exposure::{ClientConn, HostPolicy, ResponseClock};
use super::pages::PageAnswer;
use super::request_path::{self, PathRejection, MAX_PATH_BYTES};
use super::site::LiveSite;

/// Longest request target (path + query) accepted.
pub const MAX_URI_BYTES: usize = MAX_PATH_BYTES + 1024;

/// The Content-Security-Policy header for a shell whose inline scripts have `hashes`.
pub fn content_security_policy(hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for h in hashes {
        script_src.push(' ');
        script_src.push_str(h);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[derive(Clone)]
struct AppState {
    site: Arc<LiveSite>,
    csp: HeaderValue,
    hosts: Arc<HostPolicy>,
    max_response_time: std::time::Duration,
}

/// Longest time a response (other than the live-update stream) may take to send.
pub const DEFAULT_MAX_RESPONSE_TIME: std::time::Duration = std::time::Duration::from_secs(300);

/// The whole application: `site` supplies files and live events.
pub fn router(site: Arc<LiveSite>) -> Router {
    router_with(site, HostPolicy::default(), DEFAULT_MAX_RESPONSE_TIME)
}

/// [`router`] answering the `Host` names `hosts` allows, each response sent within
/// `max_response_time`.
pub fn router_with(
    site: Arc<LiveSite>,
    hosts: HostPolicy,
    max_response_time: std::time::Duration,
) -> Router {
    let csp = HeaderValue::from_str(&content_security_policy(&site.script_hashes()))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let state = AppState {
        site,
        csp,
        hosts: Arc::new(hosts),
        max_response_time,
    };
    Router::new()
        .route("/_impactwall/events", get(events))
        .route(&format!("/{LIVE_SCRIPT_PATH}"), get(live_script))
        .fallback(serve_file)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Refuses what no file request needs (other methods, huge targets) before routing,
/// and stamps the security headers on every response, errors included.
async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let conn = req.extensions().get::<ClientConn>().copied();
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{0}"));
    let is_stream = req.uri().path() == "/_impactwall/events";
    if let Some(clock) = req.extensions().get::<ResponseClock>() {
        clock.start((!is_stream).then_some(state.max_response_time));
    }
    let mut res = if !state.hosts.allows(host, conn.map(|c| c.local)) {
        // A page on another site that rebinds its name to this address lands here.
        plain(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers only to its own address; start it with --allow-host NAME to use another name\n",
        )
    } else if is_desk_path(req.uri().path()) {
        // The desk's own routes are answered before this router when `--desk` is on.
        plain(StatusCode::NOT_FOUND, "not found\n")
    } else if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        r
    } else if req.uri().path_and_query().map_or(0, |pq| pq.as_str().len()) > MAX_URI_BYTES {
        plain(StatusCode::URI_TOO_LONG, "URI too long\n")
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// `/desk` and everything under it: the publishing desk's, never a site page.
fn is_desk_path(path: &str) -> bool {
    path.strip_prefix("/desk")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut res = (status, text).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn events(State(state): State<AppState>, req: Request) -> Response {
    let local = ClientConn::is_loopback(req.extensions().get::<ClientConn>());
    state.site.hub().subscribe_for(local)
}

async fn live_script(State(state): State<AppState>, headers: HeaderMap) -> Response {
    respond(state.site.live_script(), &headers)
}

async fn serve_file(State(state): State<AppState>, req: Request) -> Response {
    let path = match request_path::sanitize(req.uri().path()) {
        Ok(p) => p,
        Err(PathRejection::TooLong) => return plain(StatusCode::URI_TOO_LONG, "URI too long\n"),
        Err(_) => return plain(StatusCode::BAD_REQUEST, "bad request path\n"),
    };
    let snapshot = state.site.snapshot();
    match state.site.page(&snapshot, &path) {
        Some(PageAnswer::Page(asset)) => return respond(&asset, req.headers()),
        Some(PageAnswer::Missing(asset)) => return not_found_page(&asset, req.headers()),
        None => {}
    }
    match snapshot.lookup(&path) {
        Lookup::File(asset) | Lookup::AppRoute(asset) => respond(&asset, req.headers()),
        Lookup::NotFoundPage(asset) => not_found_page(&asset, req.headers()),
        Lookup::NotFound => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// The site's 404 page, with status 404.
fn not_found_page(asset: &Asset, headers: &HeaderMap) -> Response {
    let mut res = respond(asset, headers);
    if res.status() == StatusCode::OK {
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    res
}

/// The chosen representation of an asset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    fn etag(self, base: &str) -> String {
        match self {
            Encoding::Identity => format!("\"{base}\""),
            Encoding::Gzip => format!("\"{base}-gz\""),
            Encoding::Brotli => format!("\"{base}-br\""),
        }
    }
}

/// Builds the response for `asset` honouring If-None-Match, Range/If-Range and
/// Accept-Encoding. HEAD is handled by the HTTP layer (headers only).
pub fn respond(asset: &Asset, req: &HeaderMap) -> Response {
    let range_header = req.get(header::RANGE).and_then(|v| v.to_str().ok());
    // Ranges address the identity bytes, so a ranged request is never compressed.
    let encoding = if range_header.is_some() {
        Encoding::Identity
    } else {
        negotiate(asset, req.get(header::ACCEPT_ENCODING))
    };
    let builder = asset_headers(asset, &encoding.etag(&asset.etag));

    if let Some(inm) = req.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        if if_none_match_hits(inm, &asset.etag) {
            return finish(builder.status(StatusCode::NOT_MODIFIED), Body::empty());
        }
    }

    if let Some(range) = range_header.filter(|_| if_range_ok(asset, req)) {
        let len = asset.identity.len() as u64;
        match parse_range(range, len) {
            RangeRequest::Satisfiable(start, end) => {
                let body = asset.identity.slice(start as usize..=end as usize);
                return finish(
                    builder
                        .status(StatusCode::PARTIAL_CONTENT)
                        .header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}")),
                    Body::from(body),
                );
            }
            RangeRequest::Unsatisfiable => {
                return finish(
                    builder
                        .status(StatusCode::RANGE_NOT_SATISFIABLE)
                        .header(header::CONTENT_RANGE, format!("bytes */{len}")),
                    Body::empty(),
                );
            }
            RangeRequest::Ignore => {}
        }
    }
    whole(asset, encoding, builder)
}

/// The headers every response for `asset` carries.
fn asset_headers(asset: &Asset, etag: &str) -> axum::http::response::Builder {
    let builder = Response::builder()
        .header(header::CONTENT_TYPE, asset.content_type)
        .header(header::CACHE_CONTROL, asset.cache.header_value())
        .header(header::ETAG, etag)
        .header(header::ACCEPT_RANGES, "bytes");
    if asset.varies_by_encoding() {
        builder.header(header::VARY, "accept-encoding")
    } else {
        builder
    }
}

/// Whether a Range may be served: no If-Range, or one naming the current bytes.
fn if_range_ok(asset: &Asset, req: &HeaderMap) -> bool {
    match req.get(header::IF_RANGE).and_then(|v| v.to_str().ok()) {
        None => true,
        // Only strong ETags validate a range (dates are not tracked).
        Some(v) => v.trim() == Encoding::Identity.etag(&asset.etag),
    }
}

/// The whole asset in `encoding`, or as it is when that form is not there.
fn whole(asset: &Asset, encoding: Encoding, builder: axum::http::response::Builder) -> Response {
    let body = match encoding {
        Encoding::Brotli => asset.brotli.clone(),
        Encoding::Gzip => asset.gzip.clone(),
        Encoding::Identity => None,
    };
    match (encoding, body) {
        (Encoding::Brotli, Some(b)) => finish(
            builder.header(header::CONTENT_ENCODING, "br"),
            Body::from(b),
        ),
        (Encoding::Gzip, Some(b)) => finish(
            builder.header(header::CONTENT_ENCODING, "gzip"),
            Body::from(b),
        ),
        _ => finish(builder, Body::from(asset.identity.clone())),
    }
}

fn finish(builder: axum::http::response::Builder, body: Body) -> Response {
    builder
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Picks brotli, then gzip, when the client accepts them (q > 0) and we have them.
fn negotiate(asset: &Asset, accept: Option<&HeaderValue>) -> Encoding {
    let Some(accept) = accept.and_then(|v| v.to_str().ok()) else {
        return Encoding::Identity;
    };
    let mut br = false;
    let mut gzip = false;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if refused {
            continue;
        }
        match coding.as_str() {
            "br" => br = true,
            "gzip" | "x-gzip" => gzip = true,
            "*" => {
                br = true;
                gzip = true;
            }
            _ => {}
        }
    }
    if br && asset.brotli.is_some() {
        Encoding::Brotli
    } else if gzip && asset.gzip.is_some() {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Weak comparison (RFC 9110 §13.1.2): `W/` prefixes are ignored and any encoding
/// variant of the current ETag counts as a match.
fn if_none_match_hits(header_value: &str, base: &str) -> bool {
    header_value.split(',').any(|tag| {
        let tag = tag.trim();
        if tag == "*" {
            return true;
        }
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        let Some(inner) = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
            return false;
        };
        inner == base
            || inner
                .strip_prefix(base)
                .is_some_and(|rest| rest == "-gz" || rest == "-br")
    })
}

#[derive(Debug, PartialEq, Eq)]
enum RangeRequest {
    /// Inclusive byte positions.
    Satisfiable(u64, u64),
    Unsatisfiable,
    /// Malformed or multi-range: answered with the whole file, as RFC 9110 allows.
    Ignore,
}

fn parse_range(value: &str, len: u64) -> RangeRequest {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return RangeRequest::Ignore;
    };
    if spec.contains(',') {
        return RangeRequest::Ignore;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeRequest::Ignore;
    };
    let (first, last) = (first.trim(), last.trim());
    let parse = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            s.parse().ok()
        }
    };
    match (first.is_empty(), last.is_empty()) {
        (true, true) => RangeRequest::Ignore,
        // Suffix: the last N bytes.
        (true, false) => match parse(last) {
            Some(0) => RangeRequest::Unsatisfiable,
            Some(n) if len > 0 => RangeRequest::Satisfiable(len.saturating_sub(n), len - 1),
            Some(_) => RangeRequest::Unsatisfiable,
            None => RangeRequest::Ignore,
        },
        (false, _) => {
            let Some(start) = parse(first) else {
                return RangeRequest::Ignore;
            };
            let end = if last.is_empty() {
                Some(len.saturating_sub(1))
            } else {
                parse(last)
            };
            let Some(end) = end else {
                return RangeRequest::Ignore;
            };
            if start >= len {
                RangeRequest::Unsatisfiable
            } else if end < start {
                RangeRequest::Ignore
            } else {
                RangeRequest::Satisfiable(start, end.min(len - 1))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;

    #[test]
    fn ranges_follow_rfc_9110() {
        assert_eq!(
            parse_range("bytes=0-99", 1000),
            RangeRequest::Satisfiable(0, 99)
        );
        assert_eq!(
            parse_range("bytes=900-", 1000),
            RangeRequest::Satisfiable(900, 999)
        );
        assert_eq!(
            parse_range("bytes=-100", 1000),
            RangeRequest::Satisfiable(900, 999)
        );
        assert_eq!(
            parse_range("bytes=-5000", 1000),
            RangeRequest::Satisfiable(0, 999)
        );
        assert_eq!(
            parse_range("bytes=990-5000", 1000),
            RangeRequest::Satisfiable(990, 999)
        );
        assert_eq!(
            parse_range("bytes=1000-", 1000),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(parse_range("bytes=-0", 1000), RangeRequest::Unsatisfiable);
        assert_eq!(parse_range("bytes=5-1", 1000), RangeRequest::Ignore);
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), RangeRequest::Ignore);
        assert_eq!(parse_range("items=0-1", 1000), RangeRequest::Ignore);
        assert_eq!(parse_range("bytes=+1-2", 1000), RangeRequest::Ignore);
        assert_eq!(parse_range("bytes=0-", 0), RangeRequest::Unsatisfiable);
    }

    #[test]
    fn if_none_match_uses_weak_comparison_across_encodings() {
        assert!(if_none_match_hits("\"abc\"", "abc"));
        assert!(if_none_match_hits("W/\"abc\"", "abc"));
        assert!(if_none_match_hits("\"x\", \"abc-br\"", "abc"));
        assert!(if_none_match_hits("*", "abc"));
        assert!(!if_none_match_hits("\"abcd\"", "abc"));
        assert!(!if_none_match_hits("abc", "abc"));
        assert!(!if_none_match_hits("\"abc-zz\"", "abc"));
    }

    #[test]
    fn negotiation_prefers_brotli_and_respects_q_zero() {
        let text = "impact ".repeat(200);
        let a = Asset::from_bytes("data/index.json", Bytes::from(text));
        let h = |s: &'static str| HeaderValue::from_static(s);
        assert_eq!(
            negotiate(&a, Some(&h("gzip, deflate, br"))),
            Encoding::Brotli
        );
        assert_eq!(negotiate(&a, Some(&h("gzip"))), Encoding::Gzip);
        assert_eq!(
            negotiate(&a, Some(&h("br;q=0, gzip;q=0.5"))),
            Encoding::Gzip
        );
        assert_eq!(negotiate(&a, Some(&h("identity"))), Encoding::Identity);
        assert_eq!(negotiate(&a, None), Encoding::Identity);
        let media = Asset::from_bytes("media/a.1234abcd.mp3", Bytes::from(vec![1u8; 999]));
        assert_eq!(negotiate(&media, Some(&h("br, gzip"))), Encoding::Identity);
    }

    #[test]
    fn csp_lists_the_shell_hashes() {
        let csp = content_security_policy(&["'sha256-abc='".to_string()]);
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; style-src 'self'")
        );
        assert!(csp.ends_with("frame-ancestors 'none'"));
    }
}
