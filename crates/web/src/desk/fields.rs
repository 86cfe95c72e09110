//! The form's fields per kind (the content format of docs/content.md), the values as
//! the form holds them (text), and the conversions to and from the API's JSON. Pure,
//! tested natively.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Key;

/// How a field is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Text,
    LongText,
    /// A date, or a date and time (`2027-03-14`, `2027-03-14T09:30`).
    Date,
    Bool,
    Int,
    Url,
    /// One of the thank-you message media.
    Medium,
    /// A media path, filled by an upload.
    Image,
    Audio,
}

/// One front-matter key of the form.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub key: &'static str,
    pub input: Input,
    pub label: Key,
    pub required: bool,
}

const fn f(key: &'static str, input: Input, label: Key, required: bool) -> Spec {
    Spec {
        key,
        input,
        label,
        required,
    }
}

const SCHEDULE: [Spec; 3] = [
    f("draft", Input::Bool, Key::DeskFieldDraft, false),
    f("publish_at", Input::Date, Key::DeskFieldPublishAt, false),
    f("expires_at", Input::Date, Key::DeskFieldExpiresAt, false),
];

const STORY: [Spec; 10] = [
    f("title", Input::Text, Key::DeskFieldTitle, true),
    f("date", Input::Date, Key::DeskFieldDate, true),
    f("summary", Input::LongText, Key::DeskFieldSummary, false),
    f("author", Input::Text, Key::DeskFieldAuthor, false),
    f("program", Input::Text, Key::DeskFieldProgram, false),
    f("image", Input::Image, Key::DeskFieldImage, false),
    f("image_alt", Input::Text, Key::DeskFieldImageAlt, false),
    f(
        "people_helped",
        Input::Int,
        Key::DeskFieldPeopleHelped,
        false,
    ),
    f("team", Input::Text, Key::DeskFieldTeam, false),
    f("consent", Input::Bool, Key::DeskFieldConsent, false),
];

const THANKS: [Spec; 11] = [
    f("from", Input::Text, Key::DeskFieldFrom, true),
    f("to", Input::Text, Key::DeskFieldTo, true),
    f("date", Input::Date, Key::DeskFieldDate, true),
    f("medium", Input::Medium, Key::DeskFieldMedium, true),
    f("quote", Input::Text, Key::DeskFieldQuote, false),
    f("audio", Input::Audio, Key::DeskFieldAudio, false),
    f(
        "transcript",
        Input::LongText,
        Key::DeskFieldTranscript,
        false,
    ),
    f("image", Input::Image, Key::DeskFieldImage, false),
    f("image_alt", Input::Text, Key::DeskFieldImageAlt, false),
    f("team", Input::Text, Key::DeskFieldTeam, false),
    f("consent", Input::Bool, Key::DeskFieldConsent, false),
];

const EVENT: [Spec; 11] = [
    f("title", Input::Text, Key::DeskFieldTitle, true),
    f("starts", Input::Date, Key::DeskFieldStarts, true),
    f("ends", Input::Date, Key::DeskFieldEnds, false),
    f("all_day", Input::Bool, Key::DeskFieldAllDay, false),
    f("location", Input::Text, Key::DeskFieldLocation, false),
    f("online_url", Input::Url, Key::DeskFieldOnlineUrl, false),
    f("rsvp_url", Input::Url, Key::DeskFieldRsvpUrl, false),
    f("summary", Input::LongText, Key::DeskFieldSummary, false),
    f("image", Input::Image, Key::DeskFieldImage, false),
    f("image_alt", Input::Text, Key::DeskFieldImageAlt, false),
    f("team", Input::Text, Key::DeskFieldTeam, false),
];

/// The media a thank-you message can arrive by.
pub const MEDIA: [&str; 6] = ["letter", "email", "card", "voicemail", "video", "message"];

/// The kinds the form edits.
pub const EDITABLE: [&str; 3] = ["stories", "thanks", "events"];

/// The form's fields for `kind` (none for kinds the form does not edit), then the
/// schedule fields every kind has.
pub fn specs(kind: &str) -> Vec<Spec> {
    let own: &[Spec] = match kind {
        "stories" => &STORY,
        "thanks" => &THANKS,
        "events" => &EVENT,
        _ => &[],
    };
    if own.is_empty() {
        return Vec::new();
    }
    own.iter().chain(SCHEDULE.iter()).copied().collect()
}

/// A front-matter value as the API answers it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Answered {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Other(serde::de::IgnoredAny),
}

/// The form's values, by key, as text (`"true"`/`""` for yes/no).
pub type Values = BTreeMap<String, String>;

/// The form's values for the fields of `kind` from an answered header.
pub fn values_from(kind: &str, fields: &BTreeMap<String, Answered>) -> Values {
    specs(kind)
        .iter()
        .filter_map(|s| {
            let v = match fields.get(s.key)? {
                Answered::Bool(b) => if *b { "true" } else { "" }.to_owned(),
                Answered::Int(n) => n.to_string(),
                Answered::Float(x) => x.to_string(),
                Answered::Text(t) => t.clone(),
                Answered::Other(_) => return None,
            };
            Some((s.key.to_owned(), v))
        })
        .collect()
}

/// A front-matter value to send: `Null` removes the key.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Sent {
    Null(Option<()>),
    Bool(bool),
    Int(i64),
    Text(String),
}

fn to_sent(input: Input, text: &str) -> Sent {
    let t = text.trim();
    match input {
        Input::Bool => Sent::Bool(t == "true"),
        // Not a number: sent as text, so the check's message lands next to the field.
        Input::Int => t
            .parse()
            .map_or_else(|_| Sent::Text(t.to_owned()), Sent::Int),
        Input::LongText => Sent::Text(text.to_owned()),
        _ => Sent::Text(t.to_owned()),
    }
}

/// The fields to send: for a new item (`before` is `None`) every filled-in field; for
/// an edit only those that changed, a cleared one as `null` (removed from the file).
pub fn changes(kind: &str, now: &Values, before: Option<&Values>) -> BTreeMap<String, Sent> {
    let mut out = BTreeMap::new();
    for s in specs(kind) {
        let value = now.get(s.key).map(String::as_str).unwrap_or_default();
        let was = before.map(|b| b.get(s.key).map(String::as_str).unwrap_or_default());
        if was == Some(value) {
            continue;
        }
        let empty = value.trim().is_empty();
        let sent = match (empty, s.input, was) {
            (true, Input::Bool, _) => Sent::Bool(false),
            (true, _, None) => continue,
            (true, _, Some(_)) => Sent::Null(None),
            _ => to_sent(s.input, value),
        };
        out.insert(s.key.to_owned(), sent);
    }
    out
}

/// A diagnostic of a 422 (or a warning of a save).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Diagnostic {
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub severity: String,
    pub message: String,
    #[serde(default)]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// The message with its hint.
    pub fn text(&self) -> String {
        match &self.hint {
            Some(h) if !h.is_empty() => format!("{} ({h})", self.message),
            _ => self.message.clone(),
        }
    }
}

/// The form field a diagnostic belongs to: its key when the form has that field,
/// `body` for the text, else none (shown in the summary only).
pub fn field_of<'a>(kind: &str, d: &'a Diagnostic) -> Option<&'a str> {
    let field = d.field.as_deref()?;
    let known = field == "body" || specs(kind).iter().any(|s| s.key == field);
    known.then_some(field)
}

/// The reading site's address of an item, for the preview: `stories/rosa.es` is
/// `/es/stories/rosa-es` (a `.xx` file suffix is the language).
pub fn page_path(kind: &str, file_slug: &str) -> String {
    match file_slug.rsplit_once('.') {
        Some((base, lang)) => format!("/{lang}/{kind}/{base}-{lang}"),
        None => format!("/{kind}/{file_slug}"),
    }
}

// Natively: the tests read and write JSON with serde_json.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn vals(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_new_item_sends_what_is_filled_in_typed() {
        let now = vals(&[
            ("title", " Rosa "),
            ("people_helped", "12"),
            ("draft", "true"),
            ("summary", ""),
        ]);
        let sent = changes("stories", &now, None);
        assert_eq!(sent["title"], Sent::Text("Rosa".into()));
        assert_eq!(sent["people_helped"], Sent::Int(12));
        assert_eq!(sent["draft"], Sent::Bool(true));
        assert_eq!(sent["consent"], Sent::Bool(false));
        assert!(!sent.contains_key("summary"));
        let json = serde_json::to_string(&sent).unwrap();
        assert!(json.contains(r#""people_helped":12"#), "{json}");
    }

    #[test]
    fn an_edit_sends_only_changes_and_null_for_a_cleared_field() {
        let before = vals(&[("title", "Rosa"), ("author", "Ana"), ("people_helped", "3")]);
        let now = vals(&[
            ("title", "Rosa"),
            ("author", ""),
            ("people_helped", "three"),
        ]);
        let sent = changes("stories", &now, Some(&before));
        assert_eq!(sent.len(), 2, "{sent:?}");
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            r#"{"author":null,"people_helped":"three"}"#
        );
    }

    #[test]
    fn answered_headers_become_form_values() {
        let fields: BTreeMap<String, Answered> = serde_json::from_str(
            r#"{"title":"Rosa","consent":true,"draft":false,"people_helped":7,"tags":["a"]}"#,
        )
        .unwrap();
        let v = values_from("stories", &fields);
        assert_eq!(v["title"], "Rosa");
        assert_eq!(v["consent"], "true");
        assert_eq!(v["draft"], "");
        assert_eq!(v["people_helped"], "7");
        assert!(!v.contains_key("tags"));
    }

    #[test]
    fn diagnostics_go_next_to_fields_the_form_has() {
        let d = |field: Option<&str>| Diagnostic {
            field: field.map(str::to_owned),
            severity: "error".into(),
            message: "m".into(),
            hint: None,
        };
        assert_eq!(
            field_of("stories", &d(Some("image_alt"))),
            Some("image_alt")
        );
        assert_eq!(field_of("stories", &d(Some("body"))), Some("body"));
        assert_eq!(field_of("stories", &d(Some("members.name"))), None);
        assert_eq!(field_of("stories", &d(None)), None);
        assert_eq!(field_of("events", &d(Some("transcript"))), None);
    }

    #[test]
    fn preview_addresses_follow_the_site_routes() {
        assert_eq!(page_path("stories", "rosa"), "/stories/rosa");
        assert_eq!(page_path("events", "open-day.es"), "/es/events/open-day-es");
        assert_eq!(specs("teams").len(), 0);
        assert!(specs("thanks").iter().any(|s| s.key == "transcript"));
    }
}
