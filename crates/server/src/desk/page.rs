//! The desk's page for people: `/desk` and the desk's own page addresses under it
//! (`/desk/edit/…`, `/desk/trash`) answer the desk's app shell (`desk/index.html`, a
//! wasm bundle of its own that `make shell-release` builds into the shell's `desk/`
//! folder), and `/desk/<file>` its bundle's files. `/desk/api/…` stays the API: an
//! unknown API path is a 404. A static host has no such page: `impactwall build` leaves
//! the shell's `desk/` folder out.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

use super::api::{guard, DeskState};
use super::Desk;
use crate::assets::Asset;
use crate::exposure::HostPolicy;
use crate::request_path;
use crate::site::LiveSite;

/// The desk's app shell inside the shell folder (its other files sit beside it).
pub const DESK_SHELL: &str = "desk/index.html";

/// The page routes, behind the same guard as the API (host, loopback, no caching).
pub fn router(desk: Arc<Desk>, hosts: HostPolicy, site: Arc<LiveSite>) -> Router {
    let state = DeskState {
        desk,
        hosts: Arc::new(hosts),
    };
    Router::new()
        .route("/desk", get(page))
        .route("/desk/", get(page))
        .route("/desk/{*rest}", get(page))
        .with_state(site)
        .layer(middleware::from_fn_with_state(state, guard))
}

async fn page(State(site): State<Arc<LiveSite>>, req: Request) -> Response {
    let path = req.uri().path();
    if path == "/desk/api" || path.starts_with("/desk/api/") {
        return not_found("no such desk API route");
    }
    let Ok(rel) = request_path::sanitize(path) else {
        return not_found("no such desk page");
    };
    let snapshot = site.snapshot();
    // The desk bundle's own files (script, wasm, styles), with their cache policy.
    if rel.starts_with("desk/") && rel != DESK_SHELL {
        if let Some(asset) = snapshot.files.get(&rel) {
            return crate::http::respond(asset, req.headers());
        }
        if rel
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
        {
            return not_found("no such desk file");
        }
    }
    match snapshot.files.get(DESK_SHELL) {
        Some(shell) => shell_page(shell, req.headers(), &site.script_hashes()),
        None => (
            StatusCode::NOT_FOUND,
            "the desk's page needs its app shell (desk/index.html): build it with make shell-release and start serve with --shell DIR\n",
        )
            .into_response(),
    }
}

/// The desk's shell page for every page address (its screens route in the browser),
/// with the shell's Content-Security-Policy (one policy covers every shell's inline
/// scripts: scripts/csp.py).
fn shell_page(shell: &Asset, headers: &HeaderMap, hashes: &[String]) -> Response {
    let mut res = crate::http::respond(shell, headers);
    let csp = crate::http::content_security_policy(hashes);
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn not_found(message: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"error": 404, "message": message})),
    )
        .into_response()
}
