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
    /// A list of short texts, written comma-separated (`tags`, `teams`, `languages`).
    List,
}

/// One front-matter key of the form.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub key: &'static str,
    pub input: Input,
    pub label: Key,
    pub required: bool,
    /// A yes/no whose default, when the file leaves it out, is yes (`wall`).
    pub default_on: bool,
}

const fn f(key: &'static str, input: Input, label: Key, required: bool) -> Spec {
    Spec {
        key,
        input,
        label,
        required,
        default_on: false,
    }
}

/// A yes/no that is yes unless the file says otherwise.
const fn on(key: &'static str, label: Key) -> Spec {
    Spec {
        key,
        input: Input::Bool,
        label,
        required: false,
        default_on: true,
    }
}

const SCHEDULE: [Spec; 3] = [
    f("draft", Input::Bool, Key::DeskFieldDraft, false),
    f("publish_at", Input::Date, Key::DeskFieldPublishAt, false),
    f("expires_at", Input::Date, Key::DeskFieldExpiresAt, false),
];

/// The wall-screen and language fields stories, thank-you messages and events share
/// (docs/content.md, "Fields every item has").
const COMMON: [Spec; 6] = [
    f("tags", Input::List, Key::DeskFieldTags, false),
    on("wall", Key::DeskFieldWall),
    f("takeover", Input::Bool, Key::DeskFieldTakeover, false),
    f("wall_seconds", Input::Int, Key::DeskFieldWallSeconds, false),
    f("lang", Input::Text, Key::DeskFieldLang, false),
    f(
        "translation_of",
        Input::Text,
        Key::DeskFieldTranslationOf,
        false,
    ),
];

const STORY: [Spec; 12] = [
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
    f("featured", Input::Bool, Key::DeskFieldFeatured, false),
    f(
        "talking_point",
        Input::LongText,
        Key::DeskFieldTalkingPoint,
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

const EVENT: [Spec; 13] = [
    f("title", Input::Text, Key::DeskFieldTitle, true),
    f("starts", Input::Date, Key::DeskFieldStarts, true),
    f("ends", Input::Date, Key::DeskFieldEnds, false),
    f("all_day", Input::Bool, Key::DeskFieldAllDay, false),
    f("timezone", Input::Text, Key::DeskFieldTimezone, false),
    f("location", Input::Text, Key::DeskFieldLocation, false),
    f("online_url", Input::Url, Key::DeskFieldOnlineUrl, false),
    f("rsvp_url", Input::Url, Key::DeskFieldRsvpUrl, false),
    f("summary", Input::LongText, Key::DeskFieldSummary, false),
    f("image", Input::Image, Key::DeskFieldImage, false),
    f("image_alt", Input::Text, Key::DeskFieldImageAlt, false),
    f("team", Input::Text, Key::DeskFieldTeam, false),
    f("consent", Input::Bool, Key::DeskFieldConsent, false),
];

/// A talking point (`load::impact::TALKING_POINT_KEYS`; its schedule follows).
const TALKING_POINT: [Spec; 5] = [
    f("text", Input::LongText, Key::DeskFieldText, true),
    f("program", Input::Text, Key::DeskFieldProgram, false),
    f("teams", Input::List, Key::DeskFieldTeams, false),
    f("source", Input::Text, Key::DeskFieldSource, false),
    f(
        "translation_of",
        Input::Text,
        Key::DeskFieldTranslationOf,
        false,
    ),
];

/// A team profile (`load::impact::TEAM_KEYS`; `members` is the repeated group below).
const TEAM: [Spec; 6] = [
    f("name", Input::Text, Key::DeskFieldName, true),
    f("languages", Input::List, Key::DeskFieldLanguages, false),
    f("timezone", Input::Text, Key::DeskFieldTimezone, false),
    f("hours", Input::Text, Key::DeskFieldHours, false),
    f("photo", Input::Image, Key::DeskFieldPhoto, false),
    f("photo_alt", Input::Text, Key::DeskFieldPhotoAlt, false),
];

/// A team member, one `[[members]]` table (`load::impact::MEMBER_KEYS`).
pub const MEMBER: [Spec; 6] = [
    f("name", Input::Text, Key::DeskFieldName, true),
    f("role", Input::Text, Key::DeskFieldRole, false),
    f("about", Input::LongText, Key::DeskFieldAbout, false),
    f("photo", Input::Image, Key::DeskFieldPhoto, false),
    f("photo_alt", Input::Text, Key::DeskFieldPhotoAlt, false),
    f("consent", Input::Bool, Key::DeskFieldMemberConsent, false),
];

/// The media a thank-you message can arrive by.
pub const MEDIA: [&str; 6] = ["letter", "email", "card", "voicemail", "video", "message"];

/// The kinds the form edits (every kind the desk lists).
pub const EDITABLE: [&str; 5] = ["stories", "thanks", "events", "talking-points", "teams"];

/// The form's fields for `kind` (none for a kind the form does not edit): its own,
/// the shared item fields, then the schedule (teams have neither).
pub fn specs(kind: &str) -> Vec<Spec> {
    const NONE: &[Spec] = &[];
    let (own, common, schedule): (&[Spec], &[Spec], &[Spec]) = match kind {
        "stories" => (&STORY[..], &COMMON[..], &SCHEDULE[..]),
        "thanks" => (&THANKS[..], &COMMON[..], &SCHEDULE[..]),
        "events" => (&EVENT[..], &COMMON[..], &SCHEDULE[..]),
        "talking-points" => (&TALKING_POINT[..], NONE, &SCHEDULE[..]),
        "teams" => (&TEAM[..], NONE, NONE),
        _ => (NONE, NONE, NONE),
    };
    own.iter().chain(common).chain(schedule).copied().collect()
}

/// Whether `kind`'s form has the team members' repeated group.
pub fn has_members(kind: &str) -> bool {
    kind == "teams"
}

/// The values a new item's form starts with: a draft (as with `impactwall new`) where
/// the kind has drafts, and the yes/no fields whose default is yes.
pub fn new_values(kind: &str) -> Values {
    specs(kind)
        .iter()
        .filter_map(|s| match s.key {
            "draft" => Some(("draft".to_owned(), "true".to_owned())),
            _ if s.default_on => Some((s.key.to_owned(), "true".to_owned())),
            _ => None,
        })
        .collect()
}

/// A front-matter value as the API answers it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Answered {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<String>),
    /// `[[members]]`: a list of tables.
    Tables(Vec<BTreeMap<String, Answered>>),
    Other(serde::de::IgnoredAny),
}

/// The form's text for an answered value (`None` for one the form cannot show).
fn as_text(v: &Answered) -> Option<String> {
    Some(match v {
        Answered::Bool(b) => if *b { "true" } else { "" }.to_owned(),
        Answered::Int(n) => n.to_string(),
        Answered::Float(x) => x.to_string(),
        Answered::Text(t) => t.clone(),
        Answered::List(items) => items.join(", "),
        Answered::Tables(_) | Answered::Other(_) => return None,
    })
}

/// The form's values, by key, as text (`"true"`/`""` for yes/no).
pub type Values = BTreeMap<String, String>;

/// The form's values for `specs` from an answered header; a yes/no left out of the
/// file shows its default.
fn values_for(specs: &[Spec], fields: &BTreeMap<String, Answered>) -> Values {
    specs
        .iter()
        .filter_map(|s| {
            let v = match fields.get(s.key) {
                Some(v) => as_text(v)?,
                None if s.default_on => "true".to_owned(),
                None => return None,
            };
            Some((s.key.to_owned(), v))
        })
        .collect()
}

/// The form's values for the fields of `kind` from an answered header.
pub fn values_from(kind: &str, fields: &BTreeMap<String, Answered>) -> Values {
    values_for(&specs(kind), fields)
}

/// A team's members from an answered header, one set of values each.
pub fn members_from(fields: &BTreeMap<String, Answered>) -> Vec<Values> {
    match fields.get("members") {
        Some(Answered::Tables(tables)) => tables.iter().map(|t| values_for(&MEMBER, t)).collect(),
        _ => Vec::new(),
    }
}

/// A front-matter value to send: `Null` removes the key.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Sent {
    Null(Option<()>),
    Bool(bool),
    Int(i64),
    Text(String),
    List(Vec<String>),
    /// `[[members]]`, written as tables.
    Tables(Vec<BTreeMap<String, Sent>>),
}

/// `"a, b ,,c"` → `["a", "b", "c"]`.
pub fn list_items(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
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
        Input::List => Sent::List(list_items(t)),
        _ => Sent::Text(t.to_owned()),
    }
}

/// Every filled-in field of one member, typed.
fn member_fields(values: &Values) -> BTreeMap<String, Sent> {
    MEMBER
        .iter()
        .filter_map(|s| {
            let v = values.get(s.key).map(String::as_str).unwrap_or_default();
            match (v.trim().is_empty(), s.input) {
                (true, Input::Bool) => Some((s.key.to_owned(), Sent::Bool(false))),
                (true, _) => None,
                _ => Some((s.key.to_owned(), to_sent(s.input, v))),
            }
        })
        .collect()
}

/// The members to send, if they changed (or, for a new team, if there are any): the
/// whole list, as the file's `[[members]]` tables are replaced together; `null` when
/// the last one was removed.
pub fn member_changes(now: &[Values], before: Option<&[Values]>) -> Option<Sent> {
    let typed = |list: &[Values]| list.iter().map(member_fields).collect::<Vec<_>>();
    let sent = typed(now);
    match before {
        Some(b) if typed(b) == sent => None,
        None if sent.is_empty() => None,
        Some(_) if sent.is_empty() => Some(Sent::Null(None)),
        _ => Some(Sent::Tables(sent)),
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
/// `/es/stories/rosa-es` (a `.xx` file suffix is the language). A team's page keeps
/// the team's name in every language; talking points share one page.
pub fn page_path(kind: &str, file_slug: &str) -> String {
    let split = file_slug.rsplit_once('.');
    let prefix = split
        .map(|(_, lang)| format!("/{lang}"))
        .unwrap_or_default();
    let base = split.map_or(file_slug, |(base, _)| base);
    match (kind, split) {
        ("talking-points", _) => format!("{prefix}/talking-points"),
        ("teams", _) => format!("{prefix}/teams/{base}"),
        (_, Some((_, lang))) => format!("{prefix}/{kind}/{base}-{lang}"),
        (_, None) => format!("/{kind}/{file_slug}"),
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
            r#"{"title":"Rosa","consent":true,"draft":false,"people_helped":7,"tags":["a"],"members":[{"name":"x"}]}"#,
        )
        .unwrap();
        let v = values_from("stories", &fields);
        assert_eq!(v["title"], "Rosa");
        assert_eq!(v["consent"], "true");
        assert_eq!(v["draft"], "");
        assert_eq!(v["people_helped"], "7");
        assert_eq!(v["tags"], "a");
        assert!(!v.contains_key("members"));
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
        assert_eq!(
            page_path("teams", "night-shift.es"),
            "/es/teams/night-shift"
        );
        assert_eq!(
            page_path("talking-points", "offer-a-callback"),
            "/talking-points"
        );
        assert_eq!(specs("secrets").len(), 0);
        assert!(specs("thanks").iter().any(|s| s.key == "transcript"));
    }

    #[test]
    fn every_documented_key_has_a_field() {
        let keys = |kind: &str| specs(kind).iter().map(|s| s.key).collect::<Vec<_>>();
        // docs/content.md, field by field (`slug` is the file name, chosen on creation).
        let common = [
            "lang",
            "translation_of",
            "tags",
            "team",
            "draft",
            "publish_at",
            "expires_at",
            "wall",
            "takeover",
            "wall_seconds",
        ];
        let story = [
            "title",
            "date",
            "summary",
            "author",
            "program",
            "image",
            "image_alt",
            "people_helped",
            "featured",
            "talking_point",
            "consent",
        ];
        let thanks = [
            "from",
            "to",
            "date",
            "medium",
            "quote",
            "audio",
            "transcript",
            "image",
            "image_alt",
            "consent",
        ];
        let event = [
            "title",
            "starts",
            "ends",
            "all_day",
            "timezone",
            "location",
            "online_url",
            "rsvp_url",
            "summary",
            "image",
            "image_alt",
        ];
        for (kind, own) in [
            ("stories", &story[..]),
            ("thanks", &thanks[..]),
            ("events", &event[..]),
        ] {
            for k in own.iter().chain(&common) {
                assert!(keys(kind).contains(k), "{kind}: {k}");
            }
        }
        let tp = [
            "text",
            "program",
            "teams",
            "source",
            "publish_at",
            "expires_at",
            "translation_of",
            "draft",
        ];
        assert_eq!(keys("talking-points").len(), tp.len());
        for k in tp {
            assert!(keys("talking-points").contains(&k), "talking point: {k}");
        }
        // A team: its keys but `members`, which is the repeated group.
        let team = [
            "name",
            "languages",
            "timezone",
            "hours",
            "photo",
            "photo_alt",
        ];
        assert_eq!(keys("teams"), team);
        assert!(has_members("teams") && !has_members("stories"));
        let member: Vec<&str> = MEMBER.iter().map(|s| s.key).collect();
        assert_eq!(
            member,
            ["name", "role", "about", "photo", "photo_alt", "consent"]
        );
    }

    #[test]
    fn lists_are_comma_separated_and_wall_defaults_to_yes() {
        let fields: BTreeMap<String, Answered> =
            serde_json::from_str(r#"{"title":"Rosa","tags":["night", "food"]}"#).unwrap();
        let v = values_from("stories", &fields);
        assert_eq!(v["tags"], "night, food");
        // `wall` left out of the file is on; an edit that keeps it sends nothing.
        assert_eq!(v["wall"], "true");
        let mut now = v.clone();
        now.insert("tags".into(), "night, , food ,winter".into());
        let sent = changes("stories", &now, Some(&v));
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            r#"{"tags":["night","food","winter"]}"#
        );
        now.insert("wall".into(), String::new());
        assert_eq!(
            changes("stories", &now, Some(&v))["wall"],
            Sent::Bool(false)
        );
        // A new story starts as an on-wall draft; teams have no drafts.
        let fresh = new_values("stories");
        assert_eq!(fresh["draft"], "true");
        assert_eq!(fresh["wall"], "true");
        assert!(new_values("teams").is_empty());
        assert_eq!(new_values("talking-points")["draft"], "true");
    }

    #[test]
    fn members_are_sent_as_a_whole_list_when_they_change() {
        let fields: BTreeMap<String, Answered> = serde_json::from_str(
            r#"{"name":"Night shift","members":[{"name":"Joost","role":"Agent","consent":true},{"name":"Mei"}]}"#,
        )
        .unwrap();
        let before = members_from(&fields);
        assert_eq!(before.len(), 2);
        assert_eq!(before[0]["name"], "Joost");
        assert_eq!(before[0]["consent"], "true");
        assert!(!before[1].contains_key("consent"));
        assert_eq!(values_from("teams", &fields)["name"], "Night shift");
        // Unchanged: nothing sent.
        assert_eq!(member_changes(&before, Some(&before)), None);
        // A member removed, another given consent: the whole list.
        let mut now = vec![before[1].clone()];
        now[0].insert("consent".into(), "true".into());
        let sent = member_changes(&now, Some(&before)).unwrap();
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            r#"[{"consent":true,"name":"Mei"}]"#
        );
        // The last one removed: the key goes.
        assert_eq!(member_changes(&[], Some(&before)), Some(Sent::Null(None)));
        // A new team without members sends none.
        assert_eq!(member_changes(&[], None), None);
    }
}
