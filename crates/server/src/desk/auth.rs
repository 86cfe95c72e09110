//! Who may use the desk. One token (from the environment or random at start) opens
//! it: browsers exchange it for an `HttpOnly`, `SameSite=Strict` session cookie plus a
//! CSRF token that every state-changing request repeats in `X-CSRF-Token`; other tools
//! send it as `Authorization: Bearer`. A state-changing request from a browser must
//! come from this origin (`Origin` equal to the `Host` it was sent to).

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::{header, HeaderMap, Method, StatusCode};
use subtle::ConstantTimeEq;

use super::DeskError;

/// The session cookie's name.
pub const COOKIE: &str = "impactwall_desk";
/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The header naming the editor for `Authorization: Bearer` clients (commit messages).
pub const EDITOR_HEADER: &str = "x-desk-editor";
/// Shortest token accepted from `IMPACTWALL_DESK_TOKEN`.
pub const MIN_TOKEN_CHARS: usize = 16;
/// Sessions kept at once; signing in beyond that ends the oldest.
const MAX_SESSIONS: usize = 256;
/// How long a sign-in lasts.
pub const SESSION_LIFETIME: std::time::Duration = std::time::Duration::from_secs(12 * 60 * 60);
/// Longest editor name kept (it ends up in commit messages).
const MAX_NAME_CHARS: usize = 80;

/// `bytes` random bytes as lower-case hex (`bytes` = 16 is 128 bits).
pub fn random_hex(bytes: usize) -> Result<String, DeskError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| DeskError::Random(e.to_string()))?;
    Ok(hex::encode(buf))
}

/// Equal strings, compared in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[derive(Clone, Debug)]
struct Session {
    name: String,
    csrf: String,
    started: u64,
    since: std::time::Instant,
}

/// Signed-in browsers, by session id.
#[derive(Debug, Default)]
pub struct Sessions {
    by_id: Mutex<HashMap<String, Session>>,
    counter: Mutex<u64>,
}

/// A signed-in browser's new session: the cookie value and the CSRF token.
#[derive(Debug)]
pub struct NewSession {
    pub id: String,
    pub csrf: String,
    pub name: String,
}

impl Sessions {
    pub fn start(&self, name: &str) -> Result<NewSession, DeskError> {
        let id = random_hex(32)?;
        let csrf = random_hex(32)?;
        let name = clean_name(name);
        let started = {
            let mut c = self.counter.lock().unwrap_or_else(|p| p.into_inner());
            *c += 1;
            *c
        };
        let mut map = self.by_id.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_SESSIONS {
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.started)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        map.insert(
            id.clone(),
            Session {
                name: name.clone(),
                csrf: csrf.clone(),
                started,
                since: std::time::Instant::now(),
            },
        );
        Ok(NewSession { id, csrf, name })
    }

    pub fn end(&self, id: &str) {
        self.by_id
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }

    /// The session's editor name and CSRF token. Ids are random 256-bit values, so
    /// a map lookup leaks nothing useful through timing.
    fn get(&self, id: &str) -> Option<Session> {
        let mut map = self.by_id.lock().unwrap_or_else(|p| p.into_inner());
        let session = map.get(id)?;
        if session.since.elapsed() > SESSION_LIFETIME {
            map.remove(id);
            return None;
        }
        Some(session.clone())
    }
}

/// Sign-in attempts a client address may make at once; then one more every
/// [`SIGN_IN_EVERY`]. Every attempt counts, right or wrong, and a limited client is
/// refused before its token is compared, so guessing gets no faster by ignoring 429s.
pub const SIGN_IN_BURST: u32 = 10;
/// How often a limited client gets one more sign-in attempt.
pub const SIGN_IN_EVERY: std::time::Duration = std::time::Duration::from_secs(3);
/// Client addresses remembered before the idle ones are forgotten.
const SIGN_IN_KEYS: usize = 4096;

/// Sign-in attempts per client address (`governor`'s keyed GCRA limiter).
pub struct SignInLimiter {
    limiter: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
}

impl Default for SignInLimiter {
    fn default() -> Self {
        let burst = std::num::NonZeroU32::new(SIGN_IN_BURST).unwrap_or(std::num::NonZeroU32::MIN);
        let quota = governor::Quota::with_period(SIGN_IN_EVERY)
            .unwrap_or_else(|| governor::Quota::per_second(std::num::NonZeroU32::MIN))
            .allow_burst(burst);
        SignInLimiter {
            limiter: governor::RateLimiter::keyed(quota),
        }
    }
}

impl std::fmt::Debug for SignInLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInLimiter").finish_non_exhaustive()
    }
}

impl SignInLimiter {
    /// Counts an attempt from `client`: `Err(seconds)` to wait when it has made too
    /// many (at least 1, for `Retry-After`).
    pub fn attempt(&self, client: std::net::IpAddr) -> Result<(), u64> {
        use governor::clock::{Clock, DefaultClock};
        if self.limiter.len() > SIGN_IN_KEYS {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
        })
    }
}

/// An editor's name as kept: one line, no control characters, bounded length.
pub fn clean_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        "someone at the desk".to_owned()
    } else {
        cleaned.to_owned()
    }
}

/// Who made a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub name: String,
    /// The session id, for signing out (`None` for bearer clients).
    pub session: Option<String>,
}

/// Why a request is refused: 401 (who are you?) or 403 (not like this).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub message: &'static str,
}

fn refuse(status: StatusCode, message: &'static str) -> Refusal {
    Refusal { status, message }
}

/// Whether `method` changes something (and so needs the CSRF and origin checks).
pub fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `Origin` is absent (`None`), or whether it names the host the request was sent to.
pub fn origin_matches(headers: &HeaderMap) -> Option<bool> {
    let origin = headers.get(header::ORIGIN)?;
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return Some(false);
    };
    let origin = origin.to_str().unwrap_or("");
    let same = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|rest| rest.eq_ignore_ascii_case(host));
    Some(same)
}

fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Checks a request's credentials: a bearer token, or a session cookie (plus, for
/// state-changing methods, the CSRF header and a same-origin `Origin`).
pub fn authorize(
    token: &str,
    sessions: &Sessions,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Editor, Refusal> {
    let writes = changes_state(method);
    if writes && origin_matches(headers) == Some(false) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "this request comes from another site (Origin); the desk only accepts changes from its own pages",
        ));
    }
    if let Some(given) = bearer(headers) {
        if !same_secret(given, token) {
            return Err(refuse(
                StatusCode::UNAUTHORIZED,
                "the desk token is not valid",
            ));
        }
        let name = headers
            .get(EDITOR_HEADER)
            .and_then(|v| v.to_str().ok())
            .map_or_else(|| "an API client".to_owned(), clean_name);
        return Ok(Editor {
            name,
            session: None,
        });
    }
    let Some(session) =
        cookie_value(headers, COOKIE).and_then(|id| sessions.get(id).map(|s| (id.to_owned(), s)))
    else {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            "sign in first (POST /desk/api/session) or send Authorization: Bearer <token>",
        ));
    };
    let (id, session) = session;
    if writes {
        if origin_matches(headers).is_none() {
            return Err(refuse(
                StatusCode::FORBIDDEN,
                "a change from a browser must carry an Origin header",
            ));
        }
        let csrf = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if !csrf.is_some_and(|c| same_secret(c, &session.csrf)) {
            return Err(refuse(
                StatusCode::FORBIDDEN,
                "missing or wrong X-CSRF-Token header; sign in again to get a new one",
            ));
        }
    }
    Ok(Editor {
        name: session.name,
        session: Some(id),
    })
}

/// The `Set-Cookie` value that signs a browser in (`None`: signs it out).
pub fn session_cookie(id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/desk"),
        None => format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/desk; Max-Age=0"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn cookies_need_csrf_and_origin_for_changes_bearer_tokens_do_not() {
        let sessions = Sessions::default();
        let s = sessions.start("Ana").expect("session");
        let cookie = format!("other=1; {COOKIE}={}", s.id);
        let base = [("host", "127.0.0.1:8080"), ("cookie", cookie.as_str())];
        let read = authorize("t", &sessions, &Method::GET, &headers(&base));
        assert_eq!(read.expect("read").name, "Ana");
        let no_csrf = [base[0], base[1], ("origin", "http://127.0.0.1:8080")];
        let e = authorize("t", &sessions, &Method::PUT, &headers(&no_csrf));
        assert_eq!(e.expect_err("csrf").status, StatusCode::FORBIDDEN);
        let full = [
            no_csrf[0],
            no_csrf[1],
            no_csrf[2],
            ("x-csrf-token", &s.csrf),
        ];
        assert!(authorize("t", &sessions, &Method::PUT, &headers(&full)).is_ok());
        let no_origin = [base[0], base[1], ("x-csrf-token", &s.csrf)];
        let e = authorize("t", &sessions, &Method::PUT, &headers(&no_origin));
        assert_eq!(e.expect_err("origin").status, StatusCode::FORBIDDEN);
        let api = [("authorization", "Bearer tok"), ("host", "127.0.0.1:8080")];
        assert!(authorize("tok", &sessions, &Method::POST, &headers(&api)).is_ok());
        let e = authorize("tok2", &sessions, &Method::GET, &headers(&api));
        assert_eq!(e.expect_err("wrong").status, StatusCode::UNAUTHORIZED);
        let foreign = [api[0], api[1], ("origin", "http://evil.example")];
        let e = authorize("tok", &sessions, &Method::POST, &headers(&foreign));
        assert_eq!(e.expect_err("foreign").status, StatusCode::FORBIDDEN);
        sessions.end(&s.id);
        let e = authorize("t", &sessions, &Method::GET, &headers(&base));
        assert_eq!(e.expect_err("ended").status, StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn names_are_one_bounded_line() {
        assert_eq!(clean_name(" Ana\n\u{7}B "), "AnaB");
        assert_eq!(clean_name(""), "someone at the desk");
        assert_eq!(clean_name(&"x".repeat(500)).len(), 80);
    }
}
