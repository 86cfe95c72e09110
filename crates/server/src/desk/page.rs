//! The desk's page for people: `/desk` and the desk's own page addresses under it
//! (`/desk/edit/…`, `/desk/trash`) answer the app shell, marked `data-desk` on its
//! `<body>` so the browser app shows the desk there and nowhere else (a static host
//! has no such page). `/desk/api/…` stays the API: an unknown API path is a 404.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

use super::api::{guard, DeskState};
use super::Desk;
use crate::exposure::HostPolicy;
use crate::site::LiveSite;

/// The marker the browser app looks for before it shows the desk.
pub const DESK_MARK: &str = "data-desk";

const DESK_STYLES: &str = "<link rel=\"stylesheet\" href=\"/desk.css\"></head>";

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
        return (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": 404, "message": "no such desk API route"})),
        )
            .into_response();
    }
    let snapshot = site.snapshot();
    let Some(shell) = snapshot.files.get("index.html") else {
        return (
            StatusCode::NOT_FOUND,
            "the desk's page needs the app shell: start serve with --shell DIR\n",
        )
            .into_response();
    };
    let html = String::from_utf8_lossy(&shell.identity);
    // The desk's styles (`desk.css`, copied by trunk) load on this page only.
    let marked = html.replacen("</head>", DESK_STYLES, 1).replacen(
        "<body",
        &format!("<body {DESK_MARK}"),
        1,
    );
    let csp = crate::http::content_security_policy(&site.script_hashes());
    let mut res = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], marked).into_response();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}
