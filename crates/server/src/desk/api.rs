//! The desk's routes under `/desk/api/` (documented in `docs/desk.md`).

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::{json, Map, Value as JsonValue};

use impactwall_model::Instant;

use super::auth::{self, Editor};
use super::check::validate;
use super::media::{self, UploadError};
use super::store::{self, DeskKind, StoreError};
use super::{git, Desk};
use crate::exposure::{ClientConn, HostPolicy, ResponseClock};
use crate::http::DEFAULT_MAX_RESPONSE_TIME;

#[derive(Clone)]
pub(super) struct DeskState {
    pub(super) desk: Arc<Desk>,
    pub(super) hosts: Arc<HostPolicy>,
}

/// The desk's routes, to be merged with the site's router. Item bodies may be four
/// times `[limits] max_file_kb` (JSON escaping) as read at start; uploads are limited
/// while they stream, by the limit in force at that moment.
pub fn router(desk: Arc<Desk>, hosts: HostPolicy) -> Router {
    let mut diags = Vec::new();
    let (_, ctx) = impactwall_content::load::site::load(desk.root(), &mut diags);
    let json_limit = usize::try_from(ctx.limits.max_file_bytes.saturating_mul(4))
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    let state = DeskState {
        desk,
        hosts: Arc::new(hosts),
    };
    let api = Router::new()
        .route("/desk/api/items", get(list))
        .route("/desk/api/items/{kind}", post(create))
        .route(
            "/desk/api/items/{kind}/{slug}",
            get(read).put(update).delete(remove),
        )
        .route("/desk/api/trash", get(trash_list))
        .route("/desk/api/trash/{name}/restore", post(restore))
        .layer(DefaultBodyLimit::max(json_limit))
        .route(
            "/desk/api/media",
            post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route_layer(middleware::from_fn_with_state(state.clone(), signed_in));
    // Signing out needs a session like any other change (cookie, CSRF token, Origin).
    let session = post(sign_in).merge(
        delete(sign_out).route_layer(middleware::from_fn_with_state(state.clone(), signed_in)),
    );
    Router::new()
        .route("/desk/api/session", session)
        .layer(DefaultBodyLimit::max(16 * 1024))
        .merge(api)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// What every desk response gets: the `Host` check, loopback-only unless
/// `--desk-allow-lan`, the response deadline, and headers that keep answers out of
/// caches and frames.
pub(super) async fn guard(State(state): State<DeskState>, req: Request, next: Next) -> Response {
    let conn = req.extensions().get::<ClientConn>().copied();
    if let Some(clock) = req.extensions().get::<ResponseClock>() {
        clock.start(Some(DEFAULT_MAX_RESPONSE_TIME));
    }
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{0}"));
    let local = conn.is_none() || ClientConn::is_loopback(conn.as_ref());
    let mut res = if !state.hosts.allows(host, conn.map(|c| c.local)) {
        problem(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers only to its own address",
        )
    } else if !local && !state.desk.config.allow_lan {
        problem(
            StatusCode::FORBIDDEN,
            "the desk answers only on the computer running impactwall serve (start it with --desk-allow-lan to change that)",
        )
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    // The desk's page brings the app shell's own policy; every other answer is data.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            ),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // The desk bundle's hashed files keep their own cache policy; the rest is no-store.
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

/// Refuses requests without valid credentials (401) or, for changes, without the
/// CSRF token or from another origin (403); passes the [`Editor`] on.
async fn signed_in(State(state): State<DeskState>, mut req: Request, next: Next) -> Response {
    let desk = &state.desk;
    match auth::authorize(
        &desk.config.token,
        &desk.sessions,
        req.method(),
        req.headers(),
    ) {
        Ok(editor) => {
            req.extensions_mut().insert(editor);
            next.run(req).await
        }
        Err(r) => problem(r.status, r.message),
    }
}

fn problem(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": status.as_u16(), "message": message })),
    )
        .into_response()
}

#[derive(Deserialize)]
struct SignIn {
    token: String,
    #[serde(default)]
    name: String,
}

async fn sign_in(
    State(state): State<DeskState>,
    extensions: axum::http::Extensions,
    headers: HeaderMap,
    req: Result<Json<SignIn>, JsonRejection>,
) -> Response {
    let client = extensions
        .get::<ClientConn>()
        .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.peer.ip());
    // Counted before anything else, so a limited client learns nothing about its guess.
    if let Err(wait) = state.desk.sign_ins.attempt(client) {
        let mut res = problem(
            StatusCode::TOO_MANY_REQUESTS,
            "too many sign-in attempts from this computer; wait a moment and try again",
        );
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return res;
    }
    let Json(req) = match req {
        Ok(r) => r,
        Err(e) => return problem(e.status(), &e.body_text()),
    };
    if auth::origin_matches(&headers) == Some(false) {
        return problem(StatusCode::FORBIDDEN, "sign in from the desk's own pages");
    }
    if !auth::same_secret(req.token.trim(), &state.desk.config.token) {
        return problem(StatusCode::UNAUTHORIZED, "the desk token is not valid");
    }
    match state.desk.sessions.start(&req.name) {
        Ok(s) => (
            [(header::SET_COOKIE, auth::session_cookie(Some(&s.id)))],
            Json(json!({ "csrf": s.csrf, "name": s.name })),
        )
            .into_response(),
        Err(e) => problem(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// Ends the browser's session (the [`signed_in`] layer has checked it and its CSRF
/// token). A bearer client has no session: nothing to end.
async fn sign_out(
    State(state): State<DeskState>,
    Extension(editor): Extension<Editor>,
) -> Response {
    if let Some(id) = &editor.session {
        state.desk.sessions.end(id);
    }
    (
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, auth::session_cookie(None))],
    )
        .into_response()
}

fn store_error(e: StoreError) -> Response {
    match e {
        StoreError::NotFound => problem(StatusCode::NOT_FOUND, "no such item"),
        StoreError::BadRequest(m) => problem(StatusCode::BAD_REQUEST, &m),
        StoreError::Exists(p) => problem(
            StatusCode::CONFLICT,
            &format!("`{p}` already exists; pick another title or slug, or edit that file"),
        ),
        StoreError::Conflict { version } => (
            StatusCode::CONFLICT,
            Json(json!({
                "error": 409,
                "message": "This item was changed on disk after you opened it, so your changes were not saved. Reload it to see the current version, then make your changes again.",
                "reload": true,
                "version": version,
            })),
        )
            .into_response(),
        StoreError::Invalid(diagnostics) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "error": 422, "message": "the item would not pass impactwall check; nothing was written", "diagnostics": diagnostics })),
        )
            .into_response(),
        StoreError::Io(m) => {
            tracing::warn!("desk: {m}");
            problem(StatusCode::INTERNAL_SERVER_ERROR, &m)
        }
    }
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(StoreError::Io(format!("the desk task failed: {e}"))))
}

fn now() -> Instant {
    chrono::Utc::now()
}

fn kind_of(kind: &str) -> Option<DeskKind> {
    DeskKind::parse(kind)
}

/// The kind of `/desk/api/items/{kind}/{slug}`, when both name something possible.
fn item_of(kind: &str, slug: &str) -> Option<DeskKind> {
    DeskKind::parse(kind).filter(|_| store::valid_slug(slug))
}

fn no_such_item() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "no such item; kinds are stories, thanks, events, talking-points and teams",
    )
}

/// Commits `paths` when `--desk-git` is on: the outcome for the answer.
fn commit(desk: &Desk, paths: &[&str], message: &str) -> Option<JsonValue> {
    if !desk.config.git {
        return None;
    }
    Some(match git::commit(desk.root(), paths, message) {
        Ok(hash) => json!({ "commit": hash }),
        Err(e) => {
            tracing::warn!("desk: git commit failed: {e}");
            json!({ "error": e })
        }
    })
}

#[derive(Deserialize)]
struct NewItem {
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    fields: Map<String, JsonValue>,
    #[serde(default)]
    body: Option<String>,
}

async fn create(
    State(state): State<DeskState>,
    UrlPath(kind): UrlPath<String>,
    Extension(editor): Extension<Editor>,
    req: Result<Json<NewItem>, JsonRejection>,
) -> Response {
    let Json(req) = match req {
        Ok(r) => r,
        Err(e) => return problem(e.status(), &e.body_text()),
    };
    let Some(kind) = kind_of(&kind) else {
        return no_such_item();
    };
    let desk = Arc::clone(&state.desk);
    let _writing = desk.writing.lock().await;
    let d = Arc::clone(&desk);
    let done = blocking(move || {
        let root = d.root();
        let at = now();
        let (rel, text) = store::new_text(
            root,
            kind,
            req.slug.as_deref(),
            &req.fields,
            req.body.as_deref(),
            at,
        )?;
        if root.join(&rel).exists() {
            return Err(StoreError::Exists(rel));
        }
        let warnings = validate(root, &rel, &text, at)?;
        store::write_atomic(&root.join(&rel), &text, true)?;
        let title = req.fields.get(title_key(kind)).and_then(JsonValue::as_str);
        let git = commit(&d, &[&rel], &git::message("add", &rel, title, &editor.name));
        Ok(json!({
            "path": rel,
            "slug": slug_of(&rel),
            "version": store::version_of(text.as_bytes()),
            "warnings": warnings,
            "git": git,
        }))
    })
    .await;
    match done {
        Ok(v) => (StatusCode::CREATED, Json(v)).into_response(),
        Err(e) => store_error(e),
    }
}

fn title_key(kind: DeskKind) -> &'static str {
    match kind {
        DeskKind::Thanks => "from",
        DeskKind::TalkingPoints => "text",
        DeskKind::Teams => "name",
        DeskKind::Stories | DeskKind::Events => "title",
    }
}

fn slug_of(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".md").unwrap_or(name)
}

async fn read(
    State(state): State<DeskState>,
    UrlPath((kind, slug)): UrlPath<(String, String)>,
) -> Response {
    let Some(kind) = item_of(&kind, &slug) else {
        return no_such_item();
    };
    let desk = Arc::clone(&state.desk);
    match blocking(move || store::read(desk.root(), kind, &slug)).await {
        Ok((loaded, _)) => Json(loaded).into_response(),
        Err(e) => store_error(e),
    }
}

#[derive(Deserialize)]
struct Edit {
    /// The version the edit was made on; without it the edit is a conflict.
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    fields: Map<String, JsonValue>,
    #[serde(default)]
    body: Option<String>,
}

async fn update(
    State(state): State<DeskState>,
    UrlPath((kind, slug)): UrlPath<(String, String)>,
    Extension(editor): Extension<Editor>,
    req: Result<Json<Edit>, JsonRejection>,
) -> Response {
    let Json(req) = match req {
        Ok(r) => r,
        Err(e) => return problem(e.status(), &e.body_text()),
    };
    let Some(kind) = item_of(&kind, &slug) else {
        return no_such_item();
    };
    let desk = Arc::clone(&state.desk);
    let _writing = desk.writing.lock().await;
    let d = Arc::clone(&desk);
    let done = blocking(move || {
        let root = d.root();
        let (current, old_text) = store::read(root, kind, &slug)?;
        let same = req
            .version
            .as_deref()
            .is_some_and(|v| auth::same_secret(v, &current.version));
        if !same {
            return Err(StoreError::Conflict {
                version: current.version,
            });
        }
        let text = store::edited_text(&old_text, &req.fields, req.body.as_deref())?;
        let rel = current.path;
        let warnings = validate(root, &rel, &text, now())?;
        store::write_atomic(&root.join(&rel), &text, false)?;
        let title = req
            .fields
            .get(title_key(kind))
            .or_else(|| current.fields.get(title_key(kind)))
            .and_then(JsonValue::as_str);
        let git = commit(
            &d,
            &[&rel],
            &git::message("update", &rel, title, &editor.name),
        );
        Ok(json!({
            "path": rel,
            "version": store::version_of(text.as_bytes()),
            "warnings": warnings,
            "git": git,
        }))
    })
    .await;
    match done {
        Ok(v) => Json(v).into_response(),
        Err(e) => store_error(e),
    }
}

async fn remove(
    State(state): State<DeskState>,
    UrlPath((kind, slug)): UrlPath<(String, String)>,
    Extension(editor): Extension<Editor>,
) -> Response {
    let Some(kind) = item_of(&kind, &slug) else {
        return no_such_item();
    };
    let desk = Arc::clone(&state.desk);
    let _writing = desk.writing.lock().await;
    let d = Arc::clone(&desk);
    let done = blocking(move || {
        let rel = store::rel_path(kind, &slug);
        let name = store::trash(d.root(), kind, &slug, now())?;
        let git = commit(
            &d,
            &[&rel],
            &git::message("delete", &rel, None, &editor.name),
        );
        Ok(json!({ "path": rel, "trashed": name, "git": git }))
    })
    .await;
    match done {
        Ok(v) => Json(v).into_response(),
        Err(e) => store_error(e),
    }
}

async fn trash_list(State(state): State<DeskState>) -> Response {
    let desk = Arc::clone(&state.desk);
    match blocking(move || Ok(store::list_trash(desk.root()))).await {
        Ok(list) => Json(json!({ "trash": list })).into_response(),
        Err(e) => store_error(e),
    }
}

async fn restore(
    State(state): State<DeskState>,
    UrlPath(name): UrlPath<String>,
    Extension(editor): Extension<Editor>,
) -> Response {
    let desk = Arc::clone(&state.desk);
    let _writing = desk.writing.lock().await;
    let d = Arc::clone(&desk);
    let done = blocking(move || {
        let (_, rel) = store::restore(d.root(), &name)?;
        let git = commit(
            &d,
            &[&rel],
            &git::message("restore", &rel, None, &editor.name),
        );
        Ok(json!({ "path": rel, "git": git }))
    })
    .await;
    match done {
        Ok(v) => Json(v).into_response(),
        Err(e) => store_error(e),
    }
}

#[derive(Deserialize)]
struct UploadQuery {
    name: String,
    #[serde(default)]
    folder: Option<String>,
}

async fn upload(
    State(state): State<DeskState>,
    Query(q): Query<UploadQuery>,
    Extension(editor): Extension<Editor>,
    req: Request<Body>,
) -> Response {
    let root = state.desk.root().to_path_buf();
    let limit = media_limit(&root);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return upload_error(UploadError::TooLarge { limit });
    }
    let folder = match media::subfolder(q.folder.as_deref()) {
        Ok(f) => f,
        Err(e) => return upload_error(e),
    };
    match media::save(&root, &folder, &q.name, req.into_body(), limit).await {
        Ok(saved) => {
            let desk = Arc::clone(&state.desk);
            let path = saved.path.clone();
            let message = git::message("add", &path, None, &editor.name);
            let git = tokio::task::spawn_blocking(move || commit(&desk, &[&path], &message))
                .await
                .ok()
                .flatten();
            (
                StatusCode::CREATED,
                Json(json!({ "path": saved.path, "content_type": saved.content_type, "bytes": saved.bytes, "git": git })),
            )
                .into_response()
        }
        Err(e) => upload_error(e),
    }
}

fn media_limit(root: &Path) -> u64 {
    let mut diags = Vec::new();
    impactwall_content::load::site::load(root, &mut diags)
        .1
        .limits
        .max_media_bytes
}

fn upload_error(e: UploadError) -> Response {
    let status = match e {
        UploadError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        UploadError::UnknownType | UploadError::WrongName { .. } => {
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        }
        UploadError::BadName(_) => StatusCode::BAD_REQUEST,
        UploadError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    problem(status, &e.to_string())
}

async fn list(State(state): State<DeskState>) -> Response {
    let desk = Arc::clone(&state.desk);
    match blocking(move || Ok(super::list::rows(desk.root(), now()))).await {
        Ok(rows) => Json(json!({ "items": rows })).into_response(),
        Err(e) => store_error(e),
    }
}
