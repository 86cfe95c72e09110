//! The XSS corpus (`tests/fixtures/xss/README.md`) posted through the desk's API:
//! every payload is stored verbatim in the files, and the built site carries it only
//! escaped or sanitised, as for files written by hand.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

use impactwall_server::desk::DeskConfig;
use impactwall_server::{Server, ServerOptions, Shell};

use super::hostile_content::{assert_safe_html, collect, find_html, run};
use crate::common::{copy_tree, fixtures};

const TOKEN: &str = "xss-corpus-token-0123456789";

/// The payloads of the corpus, by id (`p1` → `<script>xss(1)</script>`).
fn payloads() -> Vec<(u32, String)> {
    let readme = std::fs::read_to_string(fixtures().join("xss/README.md")).unwrap();
    readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let id = cells.first()?.strip_prefix("| p")?.parse().ok()?;
            let payload = cells.get(2)?.strip_prefix("`` ")?.strip_suffix(" `` |")?;
            Some((id, payload.to_owned()))
        })
        .collect()
}

async fn call(app: &Router, method: Method, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.map(|b| b.to_string()).unwrap_or_default()))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn corpus_payloads_posted_through_the_desk_are_stored_verbatim_and_built_escaped() {
    let all = payloads();
    assert!(all.len() >= 70, "only {} payloads read", all.len());
    let p = |id: u32| all.iter().find(|(i, _)| *i == id).unwrap().1.clone();
    let body: String = all
        .iter()
        .filter(|(id, _)| *id <= 56)
        .map(|(_, payload)| format!("{payload}\n\n"))
        .collect();

    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&fixtures().join("valid/minimal"), &content);
    let shell = Shell::from_files(b"<head></head>".to_vec(), HashMap::new(), false);
    let app = Server::new(shell, ServerOptions::default())
        .with_desk(DeskConfig {
            root: content.clone(),
            token: TOKEN.to_owned(),
            git: false,
            allow_lan: false,
        })
        .router();

    let items = [
        (
            "stories",
            json!({
                "title": p(57), "summary": p(58), "author": p(59), "program": p(60),
                "tags": [p(61)], "image": "media/desk.png", "image_alt": p(63),
                "date": "2027-02-01", "draft": false, "consent": true
            }),
            body.clone(),
        ),
        (
            "thanks",
            json!({
                "from": p(64), "to": p(65), "quote": p(66), "medium": "voicemail",
                "audio": "media/call.ogg", "transcript": format!("{}\nsecond line", p(67)),
                "date": "2027-02-01", "draft": false, "consent": true
            }),
            p(1),
        ),
        (
            "events",
            json!({
                "title": p(68), "location": p(69), "summary": p(70),
                "starts": "2027-05-01T10:00", "draft": false
            }),
            p(2),
        ),
    ];
    for (kind, fields, body) in &items {
        let (status, created) = call(
            &app,
            Method::POST,
            &format!("/desk/api/items/{kind}"),
            Some(json!({"slug": format!("xss-{kind}"), "fields": fields, "body": body})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{kind}: {created}");
        // Verbatim: every value reads back exactly as sent.
        let (_, got) = call(
            &app,
            Method::GET,
            &format!("/desk/api/items/{kind}/xss-{kind}"),
            None,
        )
        .await;
        for (key, value) in fields.as_object().unwrap() {
            assert_eq!(&got["fields"][key], value, "{kind}.{key}");
        }
        assert_eq!(
            got["body"].as_str().unwrap().trim_end(),
            body.trim_end(),
            "{kind} body"
        );
    }

    // The built site: the same assertions as for the corpus written by hand.
    let dist = tmp.path().join("dist");
    let build = run(&[
        "build".as_ref(),
        content.as_os_str(),
        "--out".as_ref(),
        dist.as_os_str(),
        "--shell".as_ref(),
        tmp.path().join("no-shell").as_os_str(),
        "--now".as_ref(),
        "2027-03-01T12:00:00Z".as_ref(),
    ]);
    assert!(build.success, "{}", build.stderr);
    let mut files = Vec::new();
    collect(&dist, &dist, &mut files);
    let mut bodies = 0;
    let mut seen_title = false;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".json") {
            let doc: Value = serde_json::from_slice(bytes).unwrap();
            let mut htmls = Vec::new();
            find_html(&doc, "", &mut htmls);
            for (key, html) in htmls {
                bodies += 1;
                assert_safe_html(&html, &format!("{path} {key}"));
            }
            seen_title |= text.contains("xss(57)");
        }
        if path.ends_with(".xml") || path.ends_with(".svg") {
            let lower = text.to_ascii_lowercase();
            for needle in ["<script", "<img", "<svg onload", "<iframe", "<details"] {
                assert!(!lower.contains(needle), "{path} holds raw {needle}");
            }
        }
    }
    assert!(bodies >= 3, "only {bodies} HTML fields checked");
    assert!(seen_title, "the story's title is published (as data)");
}
