//! The desk's API through the real router: access, every status code, what ends up on
//! disk (format, comments, trash, uploads) and the git commits.

#![allow(clippy::unwrap_used, clippy::too_many_lines)] // tests may unwrap

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

use impactwall_server::desk::DeskConfig;
use impactwall_server::{Server, ServerOptions, Shell};

const TOKEN: &str = "correct-horse-battery-staple";
const HOST: &str = "127.0.0.1:8080";
const ORIGIN: &str = "http://127.0.0.1:8080";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/valid/minimal")
}

/// A copy of the minimal fixture site in a temporary folder.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture()).min_depth(1) {
        let entry = entry.unwrap();
        let to = tmp
            .path()
            .join(entry.path().strip_prefix(fixture()).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    tmp
}

fn server() -> Server {
    // The desk's own shell beside the site's (`make shell-release` builds both).
    let desk_shell = HashMap::from([("desk/index.html".to_owned(), b"<head></head>".to_vec())]);
    let shell = Shell::from_files(b"<head></head>".to_vec(), desk_shell, false);
    Server::new(shell, ServerOptions::default())
}

fn desk(root: &Path, git: bool) -> Router {
    server()
        .with_desk(DeskConfig {
            root: root.to_path_buf(),
            token: TOKEN.to_owned(),
            git,
            allow_lan: false,
        })
        .router()
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    json: Value,
}

async fn send(app: &Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        json,
    }
}

/// A request with the bearer token (and the host header a browser or curl sends).
fn api(method: Method, uri: &str, body: Option<Value>) -> axum::http::request::Builder {
    let b = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header("x-desk-editor", "Ana Lima");
    if body.is_some() {
        b.header(header::CONTENT_TYPE, "application/json")
    } else {
        b
    }
}

async fn call(app: &Router, method: Method, uri: &str, body: Option<Value>) -> Answer {
    let payload = body.as_ref().map(Value::to_string).unwrap_or_default();
    send(
        app,
        api(method, uri, body).body(Body::from(payload)).unwrap(),
    )
    .await
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn without_desk_every_desk_url_is_a_404() {
    let tmp = site();
    let app = server().router();
    for (method, uri) in [
        (Method::GET, "/desk"),
        (Method::GET, "/desk/"),
        (Method::GET, "/desk/api/items"),
        (Method::POST, "/desk/api/session"),
        (Method::POST, "/desk/api/items/stories"),
        (Method::PUT, "/desk/api/items/stories/first-call-back"),
    ] {
        let a = call(&app, method.clone(), uri, None).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{method} {uri}");
    }
    // With the desk on, the same URLs answer.
    let app = desk(tmp.path(), false);
    assert_eq!(
        call(&app, Method::GET, "/desk", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, Method::GET, "/desk/api/items", None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn credentials_csrf_and_origin_are_checked() {
    let tmp = site();
    let app = desk(tmp.path(), false);
    let anonymous = |method: Method, uri: &str| {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/json")
    };
    // 401 without credentials, with a wrong token, and for a wrong sign-in.
    let a = send(
        &app,
        anonymous(Method::GET, "/desk/api/items")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let wrong = anonymous(Method::GET, "/desk/api/items")
        .header(
            header::AUTHORIZATION,
            "Bearer correct-horse-battery-stapler",
        )
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);
    let bad_sign_in = anonymous(Method::POST, "/desk/api/session")
        .body(Body::from(
            json!({"token": "nope", "name": "Eve"}).to_string(),
        ))
        .unwrap();
    assert_eq!(
        send(&app, bad_sign_in).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Signing in sets a strict, script-proof cookie and answers the CSRF token.
    let sign_in = anonymous(Method::POST, "/desk/api/session")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(
            json!({"token": TOKEN, "name": "Ana"}).to_string(),
        ))
        .unwrap();
    let a = send(&app, sign_in).await;
    assert_eq!(a.status, StatusCode::OK);
    let cookie = a.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/desk"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    let csrf = a.json["csrf"].as_str().unwrap().to_owned();
    assert!(csrf.len() >= 32);
    let session = cookie.split(';').next().unwrap().to_owned();

    let story = json!({"fields": {"title": "Cookie story", "summary": "s"}, "body": "Hi."});
    let with_cookie = |origin: Option<&str>, csrf: Option<&str>| {
        let mut b =
            anonymous(Method::POST, "/desk/api/items/stories").header(header::COOKIE, &session);
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        if let Some(c) = csrf {
            b = b.header("x-csrf-token", c);
        }
        b.body(Body::from(story.to_string())).unwrap()
    };
    // Reading needs only the cookie.
    let read = anonymous(Method::GET, "/desk/api/items")
        .header(header::COOKIE, &session)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, read).await.status, StatusCode::OK);
    // 403: missing CSRF header, wrong CSRF header, foreign origin, no origin.
    let a = send(&app, with_cookie(Some(ORIGIN), None)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.json);
    let a = send(&app, with_cookie(Some(ORIGIN), Some("0000"))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, with_cookie(Some("http://evil.example"), Some(&csrf))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, with_cookie(None, Some(&csrf))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(!tmp.path().join("stories/cookie-story.md").exists());
    // All three: created.
    let a = send(&app, with_cookie(Some(ORIGIN), Some(&csrf))).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    assert_eq!(a.json["path"], "stories/cookie-story.md");

    // Bearer clients: a foreign Origin is refused too.
    let foreign = api(Method::DELETE, "/desk/api/items/stories/cookie-story", None)
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, foreign).await.status, StatusCode::FORBIDDEN);
    assert!(tmp.path().join("stories/cookie-story.md").exists());
    // Signing out is a change like any other: without the CSRF token it is refused.
    let forged = anonymous(Method::DELETE, "/desk/api/session")
        .header(header::COOKIE, &session)
        .header(header::ORIGIN, ORIGIN)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, forged).await.status, StatusCode::FORBIDDEN);
    // Signing out ends the session.
    let out = anonymous(Method::DELETE, "/desk/api/session")
        .header(header::COOKIE, &session)
        .header(header::ORIGIN, ORIGIN)
        .header("x-csrf-token", &csrf)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, out).await.status, StatusCode::NO_CONTENT);
    let read = anonymous(Method::GET, "/desk/api/items")
        .header(header::COOKIE, &session)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, read).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_sign_ins_are_limited_with_retry_after() {
    let tmp = site();
    let app = desk(tmp.path(), false);
    let attempt = |token: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/desk/api/session")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(
                json!({"token": token, "name": "Eve"}).to_string(),
            ))
            .unwrap()
    };
    for n in 0..impactwall_server::desk::auth::SIGN_IN_BURST {
        let a = send(&app, attempt(&format!("wrong-token-number-{n}"))).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let a = send(&app, attempt("yet-another-wrong-token")).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.json);
    let wait: u64 = a.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=impactwall_server::desk::auth::SIGN_IN_EVERY.as_secs()).contains(&wait),
        "Retry-After: {wait}"
    );
    assert!(a.json["message"].as_str().unwrap().contains("wait"));
    // Even the right token waits: a limited client learns nothing about its guesses.
    let a = send(&app, attempt(TOKEN)).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    // Bearer clients are not signing in: their requests go on.
    assert_eq!(
        call(&app, Method::GET, "/desk/api/items", None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_new_item_is_written_as_impactwall_new_writes_it() {
    let tmp = site();
    let app = desk(tmp.path(), false);
    let a = call(
        &app,
        Method::POST,
        "/desk/api/items/thanks",
        Some(json!({
            "fields": {
                "from": "A family in Ohio",
                "to": "the night shift",
                "date": "2027-03-14",
                "medium": "voicemail",
                "audio": "media/call.ogg",
                "transcript": "Thank you.\nYou stayed on the line.",
                "consent": true
            },
            "body": "They called back to say thanks."
        })),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    assert_eq!(a.json["path"], "thanks/a-family-in-ohio.md");
    let text = std::fs::read_to_string(tmp.path().join("thanks/a-family-in-ohio.md")).unwrap();
    insta::assert_snapshot!("new_voicemail", text);
    // Read back: the values as sent, a version to edit with.
    let a = call(
        &app,
        Method::GET,
        "/desk/api/items/thanks/a-family-in-ohio",
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        a.json["fields"]["transcript"],
        "Thank you.\nYou stayed on the line."
    );
    assert_eq!(a.json["fields"]["date"], "2027-03-14");
    assert_eq!(a.json["body"], "They called back to say thanks.\n");
    assert_eq!(a.json["version"].as_str().unwrap().len(), 64);
    // The same title again: 409, the first file untouched.
    let again = call(
        &app,
        Method::POST,
        "/desk/api/items/thanks",
        Some(json!({"fields": {"from": "A family in Ohio", "to": "x"}})),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let list = call(&app, Method::GET, "/desk/api/items", None).await;
    let row = list.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "thanks/a-family-in-ohio.md")
        .unwrap()
        .clone();
    assert_eq!(row["state"], "draft");
    assert_eq!(row["on_wall"], false);
    assert_eq!(row["not_on_wall"], json!(["draft"]));
    let bakery = list.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "thanks/from-the-corner-bakery.md")
        .unwrap()
        .clone();
    assert_eq!(bakery["kind"], "thanks");
    assert_eq!(
        bakery["languages"],
        json!([{"lang": "en", "slug": "from-the-corner-bakery"}])
    );
}

#[tokio::test]
async fn an_item_that_would_fail_check_is_refused_with_field_diagnostics() {
    let tmp = site();
    let app = desk(tmp.path(), false);
    let before = files_under(tmp.path());
    let a = call(
        &app,
        Method::POST,
        "/desk/api/items/stories",
        Some(json!({
            "fields": {
                "title": "Broken story",
                "image": "media/desk.png",
                "people_helped": "many",
                "wall_seconds": 9000
            },
            "body": "Text."
        })),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.json);
    let diags = a.json["diagnostics"].as_array().unwrap();
    let fields: Vec<&str> = diags.iter().filter_map(|d| d["field"].as_str()).collect();
    for f in ["image_alt", "people_helped", "wall_seconds"] {
        assert!(fields.contains(&f), "{f} missing in {}", a.json);
    }
    for d in diags {
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
    }
    // A value of the wrong type says how to write it.
    let people = diags
        .iter()
        .find(|d| d["field"] == "people_helped")
        .unwrap();
    assert_eq!(people["code"], "wrong-type", "{people}");
    assert_eq!(people["hint"], "write a whole number, e.g. 12", "{people}");
    assert_eq!(files_under(tmp.path()), before, "nothing written");

    // An edit that breaks the file: 422, the file as it was.
    let path = tmp.path().join("stories/first-call-back.md");
    let original = std::fs::read_to_string(&path).unwrap();
    let got = call(
        &app,
        Method::GET,
        "/desk/api/items/stories/first-call-back",
        None,
    )
    .await;
    let a = call(
        &app,
        Method::PUT,
        "/desk/api/items/stories/first-call-back",
        Some(json!({"version": got.json["version"], "fields": {"date": "next tuesday"}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.json);
    assert_eq!(a.json["diagnostics"][0]["field"], "date");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // A duplicate slug is an error in another file's terms: refused too.
    let a = call(
        &app,
        Method::POST,
        "/desk/api/items/stories",
        Some(json!({"slug": "another-name", "fields": {"title": "T", "slug": "first-call-back"}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.json);
    assert!(!tmp.path().join("stories/another-name.md").exists());
}

#[tokio::test]
async fn an_edit_keeps_comments_and_order_and_a_stale_version_is_a_conflict() {
    let tmp = site();
    let app = desk(tmp.path(), false);
    let path = tmp.path().join("stories/first-call-back.md");
    std::fs::write(
        &path,
        "+++\n# Told by Milan on the phone; check the date with Femke.\ntitle = \"The first call back\"   # keep it short\n\
         date = 2027-02-03\n\n# The line for the wall:\nsummary = \"A caller rang again.\"\nauthor = \"Femke\"\n\
         image = \"media/desk.png\"\nimage_alt = \"An empty help desk\"  # what the photo shows\n\
         people_helped = 1\nconsent = true\n+++\n\nMilan phoned on a cold Tuesday.\n",
    )
    .unwrap();
    let got = call(
        &app,
        Method::GET,
        "/desk/api/items/stories/first-call-back",
        None,
    )
    .await;
    let version = got.json["version"].as_str().unwrap().to_owned();
    let a = call(
        &app,
        Method::PUT,
        "/desk/api/items/stories/first-call-back",
        Some(json!({
            "version": version,
            "fields": {"title": "The second call back", "people_helped": 2, "author": null, "tags": ["heating"]},
            "body": "Milan phoned again.\n"
        })),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    let text = std::fs::read_to_string(&path).unwrap();
    insta::assert_snapshot!("edited_with_comments", text);

    // The old version again: 409, with the current version to reload.
    let stale = call(
        &app,
        Method::PUT,
        "/desk/api/items/stories/first-call-back",
        Some(json!({"version": version, "fields": {"title": "Lost update"}})),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json["reload"], true);
    assert_eq!(stale.json["version"], a.json["version"]);
    // Changed on disk by someone else since it was read: 409 as well.
    let fresh = call(
        &app,
        Method::GET,
        "/desk/api/items/stories/first-call-back",
        None,
    )
    .await;
    std::fs::write(
        &path,
        text.replace("Milan phoned again.", "Edited in a text editor."),
    )
    .unwrap();
    let a = call(
        &app,
        Method::PUT,
        "/desk/api/items/stories/first-call-back",
        Some(json!({"version": fresh.json["version"], "fields": {"title": "Lost update"}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.json["message"].as_str().unwrap().contains("Reload"));
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.contains("Edited in a text editor.") && !now.contains("Lost update"));
    // Without a version: a conflict too, never a blind overwrite.
    let a = call(
        &app,
        Method::PUT,
        "/desk/api/items/stories/first-call-back",
        Some(json!({"fields": {"title": "Lost update"}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    // Not JSON: 400 with a message, in JSON like every desk error.
    let req = api(
        Method::PUT,
        "/desk/api/items/stories/first-call-back",
        Some(Value::Null),
    )
    .body(Body::from("{\"version\": "))
    .unwrap();
    let a = send(&app, req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.json["message"].is_string(), "{}", a.json);
    assert!(!std::fs::read_to_string(&path)
        .unwrap()
        .contains("Lost update"));
    // No temporary files left beside it.
    assert_eq!(
        files_under(&tmp.path().join("stories")),
        vec!["first-call-back.md".to_owned()]
    );
}

#[tokio::test]
async fn delete_moves_to_the_trash_and_restore_brings_it_back() {
    let tmp = site();
    let app = desk(tmp.path(), false);
    let path = tmp.path().join("events/open-evening.md");
    let original = std::fs::read(&path).unwrap();
    let a = call(
        &app,
        Method::DELETE,
        "/desk/api/items/events/open-evening",
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert!(!path.exists());
    let name = a.json["trashed"].as_str().unwrap().to_owned();
    assert_eq!(
        std::fs::read(tmp.path().join(".trash").join(&name)).unwrap(),
        original
    );
    let list = call(&app, Method::GET, "/desk/api/trash", None).await;
    assert_eq!(list.json["trash"][0]["name"], name.as_str());
    assert_eq!(list.json["trash"][0]["kind"], "events");
    assert_eq!(list.json["trash"][0]["slug"], "open-evening");
    // Gone from the list, 404 to read.
    let a = call(
        &app,
        Method::GET,
        "/desk/api/items/events/open-evening",
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = call(
        &app,
        Method::POST,
        &format!("/desk/api/trash/{name}/restore"),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert_eq!(std::fs::read(&path).unwrap(), original);
    let a = call(
        &app,
        Method::POST,
        &format!("/desk/api/trash/{name}/restore"),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // Paths that try to leave the folder address nothing.
    for uri in [
        "/desk/api/items/events/..%2Fsite",
        "/desk/api/items/events/.trash",
        "/desk/api/items/secrets/open-evening",
    ] {
        assert_eq!(
            call(&app, Method::GET, uri, None).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
}

fn png() -> Vec<u8> {
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec()
}

async fn upload(app: &Router, uri: &str, body: Body) -> Answer {
    let req = api(Method::POST, uri, None)
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(body)
        .unwrap();
    send(app, req).await
}

#[tokio::test]
async fn uploads_are_typed_by_content_and_stopped_at_the_limit() {
    let tmp = site();
    let site_toml = tmp.path().join("site.toml");
    let mut toml = std::fs::read_to_string(&site_toml).unwrap();
    toml.push_str("\n[limits]\nmax_media_mb = 1\n");
    std::fs::write(&site_toml, toml).unwrap();
    let app = desk(tmp.path(), false);
    let media = tmp.path().join("media");
    let before = files_under(&media);

    // A real PNG: saved under its kind's folder, path for the front matter.
    let a = upload(
        &app,
        "/desk/api/media?name=Team%20Photo.PNG&folder=stories",
        Body::from(png()),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    assert_eq!(a.json["path"], "media/stories/team-photo.png");
    assert_eq!(a.json["content_type"], "image/png");
    assert_eq!(
        std::fs::read(media.join("stories/team-photo.png")).unwrap(),
        png()
    );
    // The same name again gets a new one.
    let a = upload(
        &app,
        "/desk/api/media?name=team-photo.png&folder=stories",
        Body::from(png()),
    )
    .await;
    assert_eq!(a.json["path"], "media/stories/team-photo-2.png");

    // Text named .png: refused by its bytes, nothing left.
    let a = upload(
        &app,
        "/desk/api/media?name=evil.png",
        Body::from("<svg onload=alert(1)>"),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", a.json);
    // A PNG named .jpg: refused, it would be served with the wrong type.
    let a = upload(&app, "/desk/api/media?name=photo.jpg", Body::from(png())).await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A PNG renamed to a recording: refused the same way, with the right extension named.
    let a = upload(
        &app,
        "/desk/api/media?name=call.mp3&folder=thanks",
        Body::from(png()),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", a.json);
    assert!(
        a.json["message"].as_str().unwrap().contains(".png"),
        "{}",
        a.json
    );

    // Over the limit without a length announced: the stream is cut, the file removed.
    let chunk = Bytes::from(vec![0u8; 64 * 1024]);
    let mut first = png();
    first.resize(64 * 1024, 0);
    let chunks: Vec<Result<Bytes, std::io::Error>> = std::iter::once(Bytes::from(first))
        .chain(std::iter::repeat_n(chunk, 40))
        .map(Ok)
        .collect();
    let a = upload(
        &app,
        "/desk/api/media?name=huge.png",
        Body::from_stream(futures::stream::iter(chunks)),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.json);
    // Announced as too large: refused before reading.
    let req = api(Method::POST, "/desk/api/media?name=huge.png", None)
        .header(header::CONTENT_LENGTH, (5 * 1024 * 1024).to_string())
        .body(Body::from(png()))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::PAYLOAD_TOO_LARGE);

    let mut expected = before.clone();
    expected.push("stories/team-photo-2.png".to_owned());
    expected.push("stories/team-photo.png".to_owned());
    expected.sort();
    assert_eq!(
        files_under(&media),
        expected,
        "no partial or refused file left"
    );
}

#[tokio::test]
async fn item_bodies_are_size_limited() {
    let tmp = site();
    let app = desk(tmp.path(), false);
    let huge = "x".repeat(3 * 1024 * 1024);
    let a = call(
        &app,
        Method::POST,
        "/desk/api/items/stories",
        Some(json!({"fields": {"title": "Huge"}, "body": huge})),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!tmp.path().join("stories/huge.md").exists());
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn with_git_each_save_is_a_commit_naming_item_and_editor() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("git is not installed; skipped");
        return;
    }
    let tmp = site();
    let root = tmp.path();
    git(root, &["init", "--quiet"]);
    git(root, &["config", "user.name", "Site keeper"]);
    git(root, &["config", "user.email", "keeper@example.org"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "--quiet", "-m", "Start"]);
    // Something else changed but not saved through the desk stays uncommitted.
    std::fs::write(root.join("notes.txt"), "private").unwrap();
    let app = desk(root, true);
    let a = call(
        &app,
        Method::POST,
        "/desk/api/items/events",
        Some(json!({"fields": {"title": "Spring brunch", "starts": "2027-04-01T10:00"}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    assert!(a.json["git"]["commit"].is_string(), "{}", a.json);
    let log = git(root, &["log", "-1", "--format=%s", "--name-only"]);
    assert!(
        log.starts_with("Desk: add events/spring-brunch.md (\"Spring brunch\") by Ana Lima"),
        "{log}"
    );
    assert!(
        log.contains("events/spring-brunch.md") && !log.contains("notes.txt"),
        "{log}"
    );
    let a = call(
        &app,
        Method::DELETE,
        "/desk/api/items/events/spring-brunch",
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let log = git(root, &["log", "-1", "--format=%s"]);
    assert_eq!(
        log.trim(),
        "Desk: delete events/spring-brunch.md by Ana Lima"
    );
    assert!(git(root, &["status", "--porcelain"]).contains("notes.txt"));
}

#[tokio::test]
async fn teams_and_talking_points_are_created_and_edited_too() {
    let tmp = site();
    let app = desk(tmp.path(), false);
    let a = call(
        &app,
        Method::POST,
        "/desk/api/items/teams",
        Some(json!({
            "slug": "night-shift",
            "fields": {
                "name": "The night shift",
                "hours": "Every night 22:00–02:00",
                "members": [
                    {"name": "Joost", "role": "Night agent", "consent": true},
                    {"name": "Sanne", "consent": false}
                ]
            },
            "body": "Four agents."
        })),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    let text = std::fs::read_to_string(tmp.path().join("teams/night-shift.md")).unwrap();
    assert!(text.contains("[[members]]\nname = \"Joost\""), "{text}");
    // A member without a name: 422 next to `members.name`.
    let got = call(&app, Method::GET, "/desk/api/items/teams/night-shift", None).await;
    assert_eq!(got.json["fields"]["members"][0]["name"], "Joost");
    let a = call(
        &app,
        Method::PUT,
        "/desk/api/items/teams/night-shift",
        Some(json!({"version": got.json["version"], "fields": {"members": [{"role": "Lead"}]}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.json);
    let fields: Vec<&str> = a.json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["field"].as_str())
        .collect();
    assert!(
        fields.iter().any(|f| f.starts_with("members")),
        "{}",
        a.json
    );

    let a = call(
        &app,
        Method::POST,
        "/desk/api/items/talking-points",
        Some(json!({
            "slug": "stay-on-the-line",
            "fields": {"text": "We stay on the line until there is a next step.", "teams": ["night-shift"]}
        })),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    let list = call(&app, Method::GET, "/desk/api/items", None).await;
    let kinds: Vec<&str> = list.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"teams") && kinds.contains(&"talking-points"),
        "{kinds:?}"
    );
}
