//! Item files as the desk reads and writes them. New files are written exactly as
//! `impactwall new` writes them ([`impactwall_content::new_item`]); edits go through
//! `toml_edit`, so comments, blank lines and key order stay as the author left them.
//! Every write is checked first ([`super::validate`]) and lands atomically: a
//! temporary file in the same folder, then a rename.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};
use thiserror::Error;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use impactwall_content::front_matter::{split, Syntax};
use impactwall_content::load::{site, slug};
use impactwall_content::new_item::{template_with, Template};
use impactwall_content::{dates, Diagnostic};
use impactwall_model::{Instant, Kind};

/// The kinds of file the desk edits, by their folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeskKind {
    Stories,
    Thanks,
    Events,
    TalkingPoints,
    Teams,
}

impl DeskKind {
    pub const ALL: [DeskKind; 5] = [
        DeskKind::Stories,
        DeskKind::Thanks,
        DeskKind::Events,
        DeskKind::TalkingPoints,
        DeskKind::Teams,
    ];

    /// The folder, which is also the kind's name in URLs.
    pub fn dir(self) -> &'static str {
        match self {
            DeskKind::Stories => "stories",
            DeskKind::Thanks => "thanks",
            DeskKind::Events => "events",
            DeskKind::TalkingPoints => "talking-points",
            DeskKind::Teams => "teams",
        }
    }

    pub fn parse(s: &str) -> Option<DeskKind> {
        DeskKind::ALL.into_iter().find(|k| k.dir() == s)
    }

    /// The item kind `impactwall new` writes, if it writes this one.
    pub fn item_kind(self) -> Option<Kind> {
        match self {
            DeskKind::Stories => Some(Kind::Story),
            DeskKind::Thanks => Some(Kind::Thanks),
            DeskKind::Events => Some(Kind::Event),
            DeskKind::TalkingPoints | DeskKind::Teams => None,
        }
    }

    /// The field a new file's name is made from.
    fn title_field(self) -> &'static str {
        match self {
            DeskKind::Stories | DeskKind::Events => "title",
            DeskKind::Thanks => "from",
            DeskKind::TalkingPoints => "text",
            DeskKind::Teams => "name",
        }
    }
}

/// A problem as the desk shows it: next to `field` (a front-matter key, `body`, or
/// `None` for the file as a whole).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: Option<String>,
    pub code: &'static str,
    pub severity: impactwall_content::Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The file it is about, content-relative.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// Why a desk operation did not happen.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("no such item")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("`{0}` already exists; pick another title or slug, or edit that file")]
    Exists(String),
    #[error("the file changed on disk since it was loaded")]
    Conflict { version: String },
    #[error("the item would not pass `impactwall check`")]
    Invalid(Vec<FieldProblem>),
    #[error("{0}")]
    Io(String),
}

fn io(what: &str, path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Io(format!("{what} `{}`: {e}", path.display()))
}

/// A file name (without `.md`) the desk may address: lower-case letters, digits,
/// hyphens, and dots between them (`rosa.es`), so no path can leave the folder.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// `stories/rosa.md` for (`Stories`, `rosa`).
pub fn rel_path(kind: DeskKind, slug: &str) -> String {
    format!("{}/{slug}.md", kind.dir())
}

/// The version the desk hands out with a file and expects back with an edit.
pub fn version_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// An item file as the desk shows it.
#[derive(Debug, Serialize)]
pub struct Loaded {
    pub path: String,
    /// Front-matter values (`null` for YAML headers, which the desk does not edit).
    pub fields: Json,
    pub body: String,
    pub version: String,
    pub syntax: &'static str,
}

pub fn read(root: &Path, kind: DeskKind, slug: &str) -> Result<(Loaded, String), StoreError> {
    let rel = rel_path(kind, slug);
    let path = root.join(&rel);
    let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound,
        _ => io("cannot read", &path, &e),
    })?;
    let version = version_of(&bytes);
    let parts = split(&bytes).map_err(|e| StoreError::BadRequest(format!("{rel}: {e}")))?;
    let (fields, syntax) = match parts.syntax {
        Syntax::Toml => {
            let doc: DocumentMut = parts
                .front
                .parse()
                .map_err(|e| StoreError::BadRequest(format!("{rel}: {e}")))?;
            (table_to_json(doc.as_table()), "toml")
        }
        Syntax::Yaml => (Json::Null, "yaml"),
    };
    let body = parts
        .body
        .strip_prefix('\n')
        .unwrap_or(&parts.body)
        .to_owned();
    let text = impactwall_content::front_matter::decode(&bytes).unwrap_or_default();
    Ok((
        Loaded {
            path: rel,
            fields,
            body,
            version,
            syntax,
        },
        text,
    ))
}

fn table_to_json(t: &Table) -> Json {
    Json::Object(
        t.iter()
            .map(|(k, v)| (k.to_owned(), item_to_json(v)))
            .collect(),
    )
}

fn item_to_json(item: &Item) -> Json {
    match item {
        Item::Value(v) => value_to_json(v),
        Item::Table(t) => table_to_json(t),
        Item::ArrayOfTables(a) => Json::Array(a.iter().map(table_to_json).collect()),
        Item::None => Json::Null,
    }
}

fn value_to_json(v: &Value) -> Json {
    match v {
        Value::String(s) => Json::String(s.value().clone()),
        Value::Integer(i) => Json::from(*i.value()),
        Value::Float(f) => Json::from(*f.value()),
        Value::Boolean(b) => Json::Bool(*b.value()),
        Value::Datetime(d) => Json::String(d.value().to_string()),
        Value::Array(a) => Json::Array(a.iter().map(value_to_json).collect()),
        Value::InlineTable(t) => Json::Object(
            t.iter()
                .map(|(k, v)| (k.to_owned(), value_to_json(v)))
                .collect(),
        ),
    }
}

/// Keys written as TOML dates when their text is one (`2027-03-14`, `…T09:30`).
const DATE_KEYS: [&str; 5] = ["date", "starts", "ends", "publish_at", "expires_at"];

fn bad_field(key: &str, message: String) -> StoreError {
    StoreError::Invalid(vec![FieldProblem {
        field: Some(key.to_owned()),
        code: "wrong-type",
        severity: impactwall_content::Severity::Error,
        message,
        hint: None,
        file: String::new(),
        line: 1,
        column: 1,
    }])
}

/// A TOML string. Multi-line text is written as a `"""` block, as people write it,
/// unless a line of it would read as the header's closing fence; then it stays on one
/// line with `\n` escapes.
fn string_value(s: &str) -> Value {
    let fence_like = s.lines().any(|l| {
        let l = l.trim_end();
        l.starts_with("+++") || l.starts_with("---")
    });
    if !fence_like {
        return Value::from(s);
    }
    let mut encoded = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => encoded.push_str("\\\""),
            '\\' => encoded.push_str("\\\\"),
            '\n' => encoded.push_str("\\n"),
            '\t' => encoded.push_str("\\t"),
            c if c.is_control() => encoded.push_str(&format!("\\u{:04X}", c as u32)),
            c => encoded.push(c),
        }
    }
    encoded.push('"');
    encoded.parse().unwrap_or_else(|_| Value::from(s))
}

/// A JSON value as a TOML value (dates for the date keys).
fn json_to_value(key: &str, v: &Json) -> Result<Value, StoreError> {
    Ok(match v {
        Json::String(s) if DATE_KEYS.contains(&key) => {
            match s.trim().parse::<toml_edit::Datetime>() {
                Ok(d) => Value::from(d),
                Err(_) => string_value(s),
            }
        }
        Json::String(s) => string_value(s),
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Value::from(i),
            (None, Some(f)) => Value::from(f),
            _ => {
                return Err(bad_field(
                    key,
                    format!("`{key}`: {n} is not a number TOML can hold"),
                ))
            }
        },
        Json::Array(items) => {
            let mut a = toml_edit::Array::new();
            for item in items {
                a.push(json_to_value(key, item)?);
            }
            Value::Array(a)
        }
        Json::Object(map) => {
            let mut t = toml_edit::InlineTable::new();
            for (k, v) in map {
                t.insert(k, json_to_value(k, v)?);
            }
            Value::InlineTable(t)
        }
        Json::Null => return Err(bad_field(key, format!("`{key}` has no value"))),
    })
}

/// The order keys are written in for the kinds `impactwall new` does not write: as
/// `docs/content.md` lists them; other keys follow in alphabetical order.
fn kind_order(kind: DeskKind) -> &'static [&'static str] {
    use impactwall_content::load::impact::{TALKING_POINT_KEYS, TEAM_KEYS};
    match kind {
        DeskKind::Teams => &TEAM_KEYS,
        DeskKind::TalkingPoints => &TALKING_POINT_KEYS,
        DeskKind::Stories | DeskKind::Thanks | DeskKind::Events => &[],
    }
}

/// The non-null entries of `map`, `order`'s keys first.
fn in_order<'m>(map: &'m Map<String, Json>, order: &[&str]) -> Vec<(&'m String, &'m Json)> {
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
    let mut entries: Vec<(&String, &Json)> = map.iter().filter(|(_, v)| !v.is_null()).collect();
    entries.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0)));
    entries
}

/// Lists of objects (`members`) become `[[key]]` tables, as people write them.
fn json_to_item(key: &str, v: &Json) -> Result<Item, StoreError> {
    match v {
        Json::Array(items) if !items.is_empty() && items.iter().all(Json::is_object) => {
            let mut tables = ArrayOfTables::new();
            for item in items {
                let mut t = Table::new();
                if let Json::Object(map) = item {
                    for (k, v) in in_order(map, &impactwall_content::load::impact::MEMBER_KEYS) {
                        check_key(k)?;
                        t.insert(k, Item::Value(json_to_value(k, v)?));
                    }
                }
                tables.push(t);
            }
            Ok(Item::ArrayOfTables(tables))
        }
        _ => Ok(Item::Value(json_to_value(key, v)?)),
    }
}

fn check_key(key: &str) -> Result<(), StoreError> {
    let ok = !key.is_empty()
        && key.len() <= 64
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(StoreError::BadRequest(format!(
            "`{key}` is not a front-matter key (letters, digits, `_` and `-` only)"
        )))
    }
}

/// Sets `fields` in an existing header, keeping each replaced value's comments and
/// position; `null` removes a key. Keys not named are left as they are.
pub fn edit_front(front: &str, fields: &Map<String, Json>) -> Result<String, StoreError> {
    let mut doc: DocumentMut = front
        .parse()
        .map_err(|e| StoreError::BadRequest(format!("the header does not parse: {e}")))?;
    for (key, v) in fields {
        check_key(key)?;
        if v.is_null() {
            doc.remove(key);
            continue;
        }
        let new = json_to_item(key, v)?;
        match (doc.get_mut(key), new) {
            (Some(Item::Value(old)), Item::Value(mut value)) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            (_, new) => {
                doc.insert(key, new);
            }
        }
    }
    Ok(doc.to_string())
}

/// The edited file: new values in the old header, the new body (or the old one).
pub fn edited_text(
    old: &str,
    fields: &Map<String, Json>,
    body: Option<&str>,
) -> Result<String, StoreError> {
    let parts = split(old.as_bytes()).map_err(|e| StoreError::BadRequest(e.to_string()))?;
    if parts.syntax == Syntax::Yaml {
        return Err(StoreError::BadRequest(
            "this file has a YAML (---) header, which the desk does not edit; edit it in a text editor or rewrite its header in TOML (+++)".into(),
        ));
    }
    let front = edit_front(&parts.front, fields)?;
    let mut text = format!("+++\n{front}");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("+++\n");
    match body {
        Some(b) => {
            text.push('\n');
            text.push_str(b);
            if !b.ends_with('\n') {
                text.push('\n');
            }
        }
        None => text.push_str(&parts.body),
    }
    Ok(text)
}

/// The file name (without `.md`) for a new item: the asked-for slug, else one made
/// from the title, plus `.xx` for a language other than the site's default.
fn new_slug(
    kind: DeskKind,
    asked: Option<&str>,
    fields: &Map<String, Json>,
    lang: Option<&str>,
    default_lang: &str,
) -> Result<String, StoreError> {
    let title = fields
        .get(kind.title_field())
        .and_then(Json::as_str)
        .unwrap_or("");
    let base = match asked {
        Some(s) => slug::slugify(s),
        None => slug::slugify(title).chars().take(80).collect(),
    };
    let base = base.trim_end_matches('-').to_owned();
    if base.is_empty() {
        return Err(bad_field(
            kind.title_field(),
            format!("`{}` is required to name the new file", kind.title_field()),
        ));
    }
    Ok(match lang {
        Some(l) if l != default_lang => format!("{base}.{}", l.to_ascii_lowercase()),
        _ => base,
    })
}

/// The text of a new file of `kind`: `impactwall new`'s template with `fields` set
/// for stories, thank-you messages and events; the fields in the given order for
/// teams and talking points (which `new` does not write).
pub fn new_text(
    root: &Path,
    kind: DeskKind,
    asked_slug: Option<&str>,
    fields: &Map<String, Json>,
    body: Option<&str>,
    now: Instant,
) -> Result<(String, String), StoreError> {
    let mut diags = Vec::new();
    let (_, ctx) = site::load(root, &mut diags);
    let lang = fields.get("lang").and_then(Json::as_str);
    let slug = new_slug(kind, asked_slug, fields, lang, &ctx.default_language)?;
    if !valid_slug(&slug) {
        return Err(StoreError::BadRequest(format!(
            "`{slug}` cannot be a file name"
        )));
    }
    let rel = rel_path(kind, &slug);
    let Some(item_kind) = kind.item_kind() else {
        let mut doc = DocumentMut::new();
        for (key, v) in in_order(fields, kind_order(kind)) {
            check_key(key)?;
            doc.insert(key, json_to_item(key, v)?);
        }
        let body = body.unwrap_or("");
        let nl = if body.is_empty() || body.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        return Ok((rel, format!("+++\n{doc}+++\n\n{body}{nl}")));
    };
    let mut values = Vec::new();
    for (key, v) in fields.iter().filter(|(_, v)| !v.is_null()) {
        check_key(key)?;
        // `lang` is the template's own line; the other keys are replaced in place.
        if key != "lang" {
            values.push((
                key.clone(),
                json_to_value(key, v)?.to_string().trim().to_owned(),
            ));
        }
    }
    let languages = ctx.languages.clone().unwrap_or_default();
    let title = fields
        .get(kind.title_field())
        .and_then(Json::as_str)
        .unwrap_or("");
    let text = template_with(
        &Template {
            kind: item_kind,
            title,
            today: dates::today_in(ctx.zone, now),
            lang,
            default_language: &ctx.default_language,
            languages: &languages,
        },
        &values,
        body,
    );
    Ok((rel, text))
}

/// Writes `text` to `path` through a hidden temporary file in the same folder and
/// a rename; with `create`, refuses to replace an existing file.
pub fn write_atomic(path: &Path, text: &str, create: bool) -> Result<(), StoreError> {
    let dir = path
        .parent()
        .ok_or_else(|| StoreError::Io(format!("`{}` has no folder", path.display())))?;
    std::fs::create_dir_all(dir).map_err(|e| io("cannot create", dir, &e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".desk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io("cannot write in", dir, &e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io("cannot write", path, &e))?;
    if create {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Exists(path.display().to_string())
            } else {
                io("cannot write", path, &e.error)
            }
        })?;
    } else {
        tmp.persist(path)
            .map_err(|e| io("cannot write", path, &e.error))?;
    }
    Ok(())
}

/// The folder deleted items wait in.
pub const TRASH: &str = ".trash";

/// One file in the trash: `<kind>+<unix seconds>+<slug>.md`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Trashed {
    pub name: String,
    pub kind: DeskKind,
    pub slug: String,
    pub deleted_at: i64,
}

fn parse_trash_name(name: &str) -> Option<Trashed> {
    let stem = name.strip_suffix(".md")?;
    let mut parts = stem.splitn(3, '+');
    let kind = DeskKind::parse(parts.next()?)?;
    let deleted_at = parts.next()?.parse().ok()?;
    let slug = parts.next()?;
    valid_slug(slug).then(|| Trashed {
        name: name.to_owned(),
        kind,
        slug: slug.to_owned(),
        deleted_at,
    })
}

/// Moves an item file to `content/.trash/`; returns the trash entry's name.
pub fn trash(root: &Path, kind: DeskKind, slug: &str, now: Instant) -> Result<String, StoreError> {
    let from = root.join(rel_path(kind, slug));
    if !from.is_file() {
        return Err(StoreError::NotFound);
    }
    let dir = root.join(TRASH);
    std::fs::create_dir_all(&dir).map_err(|e| io("cannot create", &dir, &e))?;
    let mut stamp = now.timestamp();
    loop {
        let name = format!("{}+{stamp}+{slug}.md", kind.dir());
        let to = dir.join(&name);
        if !to.exists() {
            std::fs::rename(&from, &to).map_err(|e| io("cannot move", &from, &e))?;
            return Ok(name);
        }
        stamp += 1;
    }
}

pub fn list_trash(root: &Path) -> Vec<Trashed> {
    let mut out: Vec<Trashed> = std::fs::read_dir(root.join(TRASH))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str().and_then(parse_trash_name))
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| b.deleted_at.cmp(&a.deleted_at).then(a.name.cmp(&b.name)));
    out
}

/// Moves a trashed file back where it was, unless another file took its place.
pub fn restore(root: &Path, name: &str) -> Result<(Trashed, String), StoreError> {
    let entry = parse_trash_name(name).ok_or(StoreError::NotFound)?;
    let from = root.join(TRASH).join(name);
    if !from.is_file() {
        return Err(StoreError::NotFound);
    }
    let rel = rel_path(entry.kind, &entry.slug);
    let to = root.join(&rel);
    if to.exists() {
        return Err(StoreError::Exists(rel));
    }
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io("cannot create", dir, &e))?;
    }
    std::fs::rename(&from, &to).map_err(|e| io("cannot move", &from, &e))?;
    Ok((entry, rel))
}

/// A diagnostic placed next to the field it is about in `text` (the file it names).
pub fn place(d: &Diagnostic, text: Option<&str>) -> FieldProblem {
    FieldProblem {
        field: text.and_then(|t| field_at(t, d)),
        code: d.code,
        severity: d.severity,
        message: d.message.clone(),
        hint: d.hint.clone().or_else(|| type_hint(d)),
        file: d.file.to_string_lossy().replace('\\', "/"),
        line: d.line,
        column: d.column,
    }
}

/// How to write a value of the type a `wrong-type` diagnostic asks for ("`people_helped`
/// must be an integer, found a string" → "write a whole number, e.g. 12"), for the
/// diagnostics `check` gives no hint of its own: a form field or an API client's JSON
/// value is fixed by the value, not by TOML syntax.
fn type_hint(d: &Diagnostic) -> Option<String> {
    if d.code != "wrong-type" {
        return None;
    }
    let (_, rest) = d.message.split_once(" must be ")?;
    let (expected, _found) = rest.rsplit_once(", found ")?;
    let hint = match expected {
        "an integer" => "write a whole number, e.g. 12".to_owned(),
        "true/false" => "choose yes or no (true or false)".to_owned(),
        "a string" => "write it as text, e.g. \"Ana Lima\"".to_owned(),
        "a list of strings" => "write a list of words, e.g. [\"food\", \"winter\"]".to_owned(),
        "strings" => "write each entry as text, e.g. [\"food\", \"winter\"]".to_owned(),
        date if date.starts_with("a date") => {
            "write a date such as 2027-03-14, or a time such as 2027-03-14T09:30".to_owned()
        }
        _ => return None,
    };
    Some(hint)
}

/// The front-matter key written on or above `d`'s line, `body` below the header, or
/// the key quoted in the message of a missing field (reported where its partner is:
/// `image` for `image_alt`, `[[members]]` for a member's `name`).
fn field_at(text: &str, d: &Diagnostic) -> Option<String> {
    // Warnings about a field left out, reported for the whole file.
    let about = match d.code {
        "no-consent" => Some("consent"),
        "no-summary" => Some("summary"),
        "voicemail-without-audio" => Some("audio"),
        _ => None,
    };
    if let Some(key) = about {
        return Some(key.to_owned());
    }
    let named = d
        .message
        .split('`')
        .skip(1)
        .step_by(2)
        .find(|k| check_key(k).is_ok())
        .map(str::to_owned);
    let parts = split(text.as_bytes()).ok()?;
    if d.line >= parts.body_line {
        return Some("body".to_owned());
    }
    let (current, table) = key_on_line(&parts.front, parts.front_line, d.line);
    match (d.code.starts_with("missing-"), named) {
        (true, Some(k)) => Some(match table {
            Some(t) => format!("{t}.{k}"),
            None => k,
        }),
        (_, named) => current.or(named),
    }
}

/// The key set on or above `line` of a header starting at `first_line`, and the
/// `[table]` it is in. Inside `[[members]]`, keys are `members.name`.
fn key_on_line(front: &str, first_line: usize, line: usize) -> (Option<String>, Option<String>) {
    let mut current = None;
    let mut table: Option<String> = None;
    for (n, text) in (first_line..).zip(front.lines()) {
        if n > line {
            break;
        }
        let t = text.trim_start();
        if let Some(name) = t.strip_prefix('[').map(|r| r.trim_matches(['[', ']', ' '])) {
            table = Some(name.to_owned());
            current = table.clone();
        } else if let Some((key, _)) = t.split_once('=') {
            let key = key.trim();
            if check_key(key).is_ok() {
                current = Some(match &table {
                    Some(tb) => format!("{tb}.{key}"),
                    None => key.to_owned(),
                });
            }
        }
    }
    (current, table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_never_closes_the_header_early() {
        let text = "first\n+++\n---\n\"quoted\" \\ end";
        let v = string_value(text);
        let shown = v.to_string();
        assert!(!shown.contains('\n'), "{shown}");
        let back: Value = shown.trim().parse().expect("valid TOML");
        assert_eq!(back.as_str(), Some(text));
        // Ordinary multi-line text keeps toml_edit's readable form and its value.
        let plain = string_value("line one\nline two");
        assert_eq!(plain.as_str(), Some("line one\nline two"));
    }

    #[test]
    fn type_errors_say_how_to_write_the_value() {
        let wrong = |message: &str| Diagnostic::error("wrong-type", "stories/rosa.md", message);
        let hint = |d: Diagnostic| place(&d, None).hint;
        assert_eq!(
            hint(wrong("`people_helped` must be an integer, found a string")).as_deref(),
            Some("write a whole number, e.g. 12")
        );
        assert_eq!(
            hint(wrong("`consent` must be true/false, found an integer")).as_deref(),
            Some("choose yes or no (true or false)")
        );
        assert!(
            hint(wrong("entries of `tags` must be strings, found an integer"))
                .is_some_and(|h| h.contains("[\"food\""))
        );
        assert!(hint(wrong(
            "`publish_at` must be a date such as 2027-03-14 or 2027-03-14T09:30, found true"
        ))
        .is_some_and(|h| h.contains("2027-03-14")));
        // The check's own hint stays; other problems get none made up.
        assert_eq!(
            hint(
                wrong("`people_helped` must be an integer, found a string")
                    .hint("write people_helped = 3 without quotes")
            )
            .as_deref(),
            Some("write people_helped = 3 without quotes")
        );
        assert_eq!(
            hint(wrong("`members` must be a table, found a string")),
            None
        );
        assert_eq!(
            hint(Diagnostic::error(
                "missing-alt",
                "stories/rosa.md",
                "`people_helped` must be an integer, found a string"
            )),
            None
        );
    }

    #[test]
    fn slugs_cannot_name_paths() {
        for ok in ["rosa", "rosa.es", "a-1.pt-br"] {
            assert!(valid_slug(ok), "{ok}");
        }
        for bad in [
            "", ".", "..", "../x", "a/b", ".trash", "a..b", "Rosa", "a\\b", "a.", "x%2f",
        ] {
            assert!(!valid_slug(bad), "{bad}");
        }
    }
}
