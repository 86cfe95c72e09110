//! The desk's page: `/desk` and its page addresses answer the desk's own app shell
//! (`desk/index.html`, a bundle of its own), with the shell's Content-Security-Policy,
//! and `/desk/<file>` its bundle's files; `/desk/api/…` stays the API; without
//! `--desk` all of it is a 404.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

use impactwall_server::desk::DeskConfig;
use impactwall_server::{Server, ServerOptions, Shell};

const SHELL: &str = "<!doctype html><html><head><title>app</title></head><body></body></html>";
const DESK_SHELL: &str = "<!doctype html><html><head><title>desk</title>\
    <script type=\"module\">import init from '/desk/impactwall-desk-0123456789abcdef.js';</script>\
    </head><body></body></html>";
const DESK_JS: &str = "export default function init() {}";

fn server() -> Server {
    let others = HashMap::from([
        ("desk/index.html".to_owned(), DESK_SHELL.as_bytes().to_vec()),
        (
            "desk/impactwall-desk-0123456789abcdef.js".to_owned(),
            DESK_JS.as_bytes().to_vec(),
        ),
    ]);
    let shell = Shell::from_files(SHELL.as_bytes().to_vec(), others, false);
    Server::new(shell, ServerOptions::default())
}

fn with_desk(root: &std::path::Path) -> Router {
    server()
        .with_desk(DeskConfig {
            root: root.to_path_buf(),
            token: "correct-horse-battery-staple".to_owned(),
            git: false,
            allow_lan: false,
        })
        .router()
}

/// Status, Content-Security-Policy and body of `GET uri`.
async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    let req = Request::get(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let csp = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, csp, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn desk_pages_answer_the_desk_shell_and_the_api_stays_the_api() {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/valid/minimal");
    let app = with_desk(&root);
    for uri in ["/desk", "/desk/", "/desk/edit/stories/rosa", "/desk/trash"] {
        let (status, csp, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(body.contains("<title>desk</title>"), "{uri}: {body}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{uri}: {csp}");
    }
    // The desk bundle's own files, and a 404 (not the page) for a missing one.
    let (status, _, body) = get(&app, "/desk/impactwall-desk-0123456789abcdef.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, DESK_JS);
    let (status, _, body) = get(&app, "/desk/impactwall-desk-ffffffffffffffff.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("<title>desk</title>"));
    let (status, csp, _) = get(&app, "/desk/api/items").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    let (status, _, body) = get(&app, "/desk/api/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("<title>desk</title>"));
    // The reading site's pages are never the desk's.
    let (_, _, body) = get(&app, "/stories").await;
    assert!(!body.contains("<title>desk</title>"), "{body}");
}

#[tokio::test]
async fn without_desk_the_page_is_a_404() {
    let app = server().router();
    for uri in [
        "/desk",
        "/desk/",
        "/desk/trash",
        "/desk/index.html",
        "/desk/impactwall-desk-0123456789abcdef.js",
    ] {
        let (status, _, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!body.contains("<title>desk</title>"), "{uri}");
        assert!(!body.contains("export default"), "{uri}");
    }
}
