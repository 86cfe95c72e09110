//! Decoding the published JSON into the model, as the browser bundles do.
//!
//! The native compiler writes the JSON with serde; the browser reads it back through
//! [`crate::json`] and the [`FromJson`] impls here, which follow the serde attributes
//! on the model types field by field:
//!
//! - a field without `#[serde(default)]` must be present; a missing `default` field
//!   takes its default (`default = "yes"`: true), but a present one must have the
//!   right type (`null` is refused, as serde refuses it);
//! - `Option` fields are `None` when missing or `null`;
//! - `#[serde(flatten)]` reads the inner struct's fields from the same object;
//! - `rename_all = "snake_case"` enums are their lower-case variant names;
//! - timestamps are RFC 3339 strings ([`crate::rfc3339::parse_datetime`]);
//! - unknown fields are ignored.
//!
//! Small differences from serde_json, none of which the compiler's output shows:
//! - a key given twice is read from its last occurrence (serde refuses duplicates);
//! - a struct must be an object and an enum a string: serde also reads a struct
//!   from an array of its fields in order, and a variant from `{"story": null}`.
//!
//! The helpers are small and mostly not generic on purpose: this code is in the
//! browser bundles, and size matters more there than speed.

use std::fmt;

use crate::json::{self, JsonError, Value};
use crate::model::{
    Audio, EventDetail, EventSummary, Image, Index, Instant, ItemMeta, Kind, Medium, Playlist,
    QuietHours, Schedule, SiteInfo, SiteTranslation, StoryDetail, StorySummary, ThanksDetail,
    ThanksSummary, Theme, WallConfig,
};

/// A type read from a [`Value`]. Takes the value by value so strings are moved out
/// of the tree, not copied.
pub trait FromJson: Sized {
    fn from_json(v: Value) -> Result<Self, DecodeError>;
}

/// Parses `text` and decodes it as a `T`.
pub fn decode<T: FromJson>(text: &str) -> Result<T, DecodeError> {
    T::from_json(parse(text)?)
}

fn parse(text: &str) -> Result<Value, DecodeError> {
    json::parse(text).map_err(DecodeError::from)
}

/// Why a text could not be decoded, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Path of the offending value, e.g. `stories[3].slug`; empty for the whole
    /// document.
    pub path: String,
    pub msg: &'static str,
    /// Line and column of a syntax error: the text is not JSON at all.
    pub at: Option<(usize, usize)>,
}

impl DecodeError {
    fn new(msg: &'static str) -> Self {
        DecodeError {
            path: String::new(),
            msg,
            at: None,
        }
    }

    /// The error, seen from the object holding it under `key`.
    fn in_field(self, key: &str) -> Self {
        self.under(key)
    }

    /// The error, seen from the array holding it at `index`.
    fn in_item(self, index: usize) -> Self {
        self.under(&format!("[{index}]"))
    }

    /// `step` put in front of the path: `slug` under `[3]` is `[3].slug`, `[3].slug`
    /// under `stories` is `stories[3].slug`.
    fn under(mut self, step: &str) -> Self {
        let dot = if self.path.is_empty() || self.path.starts_with('[') {
            ""
        } else {
            "."
        };
        self.path = [step, dot, &self.path].concat();
        self
    }
}

impl From<JsonError> for DecodeError {
    fn from(e: JsonError) -> Self {
        DecodeError {
            path: String::new(),
            msg: e.msg,
            at: Some((e.line, e.col)),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        if let Some((line, col)) = self.at {
            write!(f, "line {line} column {col}: ")?;
        }
        f.write_str(self.msg)
    }
}

impl std::error::Error for DecodeError {}

type Res<T> = Result<T, DecodeError>;

/// Reads one kind of value; a plain function pointer, so the field helpers below are
/// instantiated once per field type, not once per field.
type Read<T> = fn(Value) -> Res<T>;

fn string(v: Value) -> Res<String> {
    match v {
        Value::Str(s) => Ok(s),
        _ => Err(DecodeError::new("expected a string")),
    }
}

fn boolean(v: Value) -> Res<bool> {
    match v {
        Value::Bool(b) => Ok(b),
        _ => Err(DecodeError::new("expected true or false")),
    }
}

/// A whole number in `0..=max`, written as one (`12`, not `12.0` or `1.2e1`, as
/// serde_json wants for integer fields).
fn unsigned(v: Value, max: u64) -> Res<u64> {
    let Value::Num(text) = v else {
        return Err(DecodeError::new("expected a number"));
    };
    let digits = text.strip_prefix('-').unwrap_or(&text);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::new("expected a whole number"));
    }
    match text.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(DecodeError::new("number out of range")),
    }
}

fn u32_(v: Value) -> Res<u32> {
    // In range by the check in `unsigned`.
    unsigned(v, u64::from(u32::MAX)).map(|n| n as u32)
}

fn u64_(v: Value) -> Res<u64> {
    unsigned(v, u64::MAX)
}

fn time(v: Value) -> Res<Instant> {
    crate::rfc3339::parse_datetime(&string(v)?)
        .ok_or_else(|| DecodeError::new("not an RFC 3339 time"))
}

/// The members of an object, for taking fields out one by one.
struct Obj(Vec<(String, Value)>);

impl Obj {
    fn new(v: Value) -> Res<Obj> {
        match v {
            Value::Obj(members) => Ok(Obj(members)),
            _ => Err(DecodeError::new("expected an object")),
        }
    }

    /// Removes and returns the value of `key`, its last occurrence if repeated.
    fn take(&mut self, key: &str) -> Option<Value> {
        let i = self.0.iter().rposition(|(k, _)| k == key)?;
        Some(self.0.swap_remove(i).1)
    }

    /// A required field.
    fn req<T>(&mut self, key: &str, read: Read<T>) -> Res<T> {
        match self.take(key) {
            Some(v) => read(v).map_err(|e| e.in_field(key)),
            None => Err(DecodeError::new("missing").in_field(key)),
        }
    }

    /// A `#[serde(default)]` field: `default` when missing.
    fn or<T>(&mut self, key: &str, default: T, read: Read<T>) -> Res<T> {
        match self.take(key) {
            Some(v) => read(v).map_err(|e| e.in_field(key)),
            None => Ok(default),
        }
    }

    /// An `Option` field: `None` when missing or `null`.
    fn opt<T>(&mut self, key: &str, read: Read<T>) -> Res<Option<T>> {
        match self.take(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => read(v).map(Some).map_err(|e| e.in_field(key)),
        }
    }

    fn str(&mut self, key: &str) -> Res<String> {
        self.req(key, string)
    }

    fn str_or_empty(&mut self, key: &str) -> Res<String> {
        self.or(key, String::new(), string)
    }

    fn opt_str(&mut self, key: &str) -> Res<Option<String>> {
        self.opt(key, string)
    }

    fn bool_or(&mut self, key: &str, default: bool) -> Res<bool> {
        self.or(key, default, boolean)
    }

    fn strings(&mut self, key: &str) -> Res<Vec<String>> {
        self.or(key, Vec::new(), Vec::from_json)
    }
}

impl FromJson for String {
    fn from_json(v: Value) -> Res<Self> {
        string(v)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value) -> Res<Self> {
        let Value::Arr(items) = v else {
            return Err(DecodeError::new("expected an array"));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| e.in_item(i))?);
        }
        Ok(out)
    }
}

impl FromJson for Kind {
    fn from_json(v: Value) -> Res<Self> {
        match string(v)?.as_str() {
            "story" => Ok(Kind::Story),
            "thanks" => Ok(Kind::Thanks),
            "event" => Ok(Kind::Event),
            _ => Err(DecodeError::new("expected story, thanks or event")),
        }
    }
}

impl FromJson for Medium {
    fn from_json(v: Value) -> Res<Self> {
        let s = string(v)?;
        Medium::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                DecodeError::new("expected letter, email, card, voicemail, video or message")
            })
    }
}

impl FromJson for Schedule {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(Schedule {
            publish_at: o.opt("publish_at", time)?,
            expires_at: o.opt("expires_at", time)?,
        })
    }
}

impl FromJson for Image {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(Image {
            src: o.str("src")?,
            alt: o.str("alt")?,
        })
    }
}

impl FromJson for Audio {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(Audio {
            src: o.str("src")?,
            mime: o.str("mime")?,
        })
    }
}

/// [`ItemMeta`] is flattened into every summary: its fields sit in the summary's object.
fn item_meta(o: &mut Obj) -> Res<ItemMeta> {
    Ok(ItemMeta {
        slug: o.str("slug")?,
        lang: o.str("lang")?,
        translation_key: o.str("translation_key")?,
        date: o.req("date", time)?,
        schedule: o.or("schedule", Schedule::default(), Schedule::from_json)?,
        tags: o.strings("tags")?,
        team: o.opt_str("team")?,
        wall: o.req("wall", boolean)?,
        takeover: o.bool_or("takeover", false)?,
        wall_seconds: o.opt("wall_seconds", u32_)?,
        consent: o.bool_or("consent", false)?,
    })
}

fn story_summary(o: &mut Obj) -> Res<StorySummary> {
    Ok(StorySummary {
        meta: item_meta(o)?,
        title: o.str("title")?,
        summary: o.str_or_empty("summary")?,
        author: o.opt_str("author")?,
        program: o.opt_str("program")?,
        image: o.opt("image", Image::from_json)?,
        people_helped: o.or("people_helped", 0, u64_)?,
        featured: o.bool_or("featured", false)?,
        qr: o.opt_str("qr")?,
        reading_minutes: o.or("reading_minutes", 0, u32_)?,
    })
}

fn thanks_summary(o: &mut Obj) -> Res<ThanksSummary> {
    Ok(ThanksSummary {
        meta: item_meta(o)?,
        from: o.str("from")?,
        to: o.str("to")?,
        medium: o.req("medium", Medium::from_json)?,
        quote: o.opt_str("quote")?,
        excerpt: o.str_or_empty("excerpt")?,
        audio: o.opt("audio", Audio::from_json)?,
        transcript: o.opt_str("transcript")?,
        image: o.opt("image", Image::from_json)?,
    })
}

fn event_summary(o: &mut Obj) -> Res<EventSummary> {
    Ok(EventSummary {
        meta: item_meta(o)?,
        title: o.str("title")?,
        summary: o.str_or_empty("summary")?,
        starts: o.req("starts", time)?,
        ends: o.req("ends", time)?,
        all_day: o.bool_or("all_day", false)?,
        timezone: o.str("timezone")?,
        starts_local: o.str("starts_local")?,
        ends_local: o.str("ends_local")?,
        utc_offset: o.str("utc_offset")?,
        location: o.opt_str("location")?,
        online_url: o.opt_str("online_url")?,
        rsvp_url: o.opt_str("rsvp_url")?,
        image: o.opt("image", Image::from_json)?,
        ics: o.str("ics")?,
    })
}

impl FromJson for StorySummary {
    fn from_json(v: Value) -> Res<Self> {
        story_summary(&mut Obj::new(v)?)
    }
}

impl FromJson for ThanksSummary {
    fn from_json(v: Value) -> Res<Self> {
        thanks_summary(&mut Obj::new(v)?)
    }
}

impl FromJson for EventSummary {
    fn from_json(v: Value) -> Res<Self> {
        event_summary(&mut Obj::new(v)?)
    }
}

impl FromJson for StoryDetail {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(StoryDetail {
            summary: story_summary(&mut o)?,
            body_html: o.str("body_html")?,
        })
    }
}

impl FromJson for ThanksDetail {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(ThanksDetail {
            summary: thanks_summary(&mut o)?,
            body_html: o.str("body_html")?,
        })
    }
}

impl FromJson for EventDetail {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(EventDetail {
            summary: event_summary(&mut o)?,
            body_html: o.str("body_html")?,
        })
    }
}

impl FromJson for Theme {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(Theme {
            primary: o.opt_str("primary")?,
            accent: o.opt_str("accent")?,
        })
    }
}

impl FromJson for QuietHours {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(QuietHours {
            days: o.strings("days")?,
            from: o.str("from")?,
            to: o.str("to")?,
        })
    }
}

impl FromJson for Playlist {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(Playlist {
            name: o.str("name")?,
            kinds: o.or("kinds", Vec::new(), Vec::from_json)?,
            tags: o.strings("tags")?,
            teams: o.strings("teams")?,
            lang: o.opt_str("lang")?,
            slide_seconds: o.opt("slide_seconds", u32_)?,
            evergreen: o.bool_or("evergreen", true)?,
        })
    }
}

impl FromJson for WallConfig {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(WallConfig {
            slide_seconds: o.req("slide_seconds", u32_)?,
            refresh_seconds: o.req("refresh_seconds", u32_)?,
            quiet_hours: o.or("quiet_hours", Vec::new(), Vec::from_json)?,
            playlists: o.or("playlists", Vec::new(), Vec::from_json)?,
        })
    }
}

impl FromJson for SiteTranslation {
    fn from_json(v: Value) -> Res<Self> {
        let mut o = Obj::new(v)?;
        Ok(SiteTranslation {
            lang: o.str("lang")?,
            name: o.opt_str("name")?,
            mission: o.opt_str("mission")?,
            mission_html: o.opt_str("mission_html")?,
            impact_html: o.opt_str("impact_html")?,
        })
    }
}

/// Reads `site.wall` from the site object, or skips it (see [`decode_site_index`]).
type WallRead = fn(&mut Obj) -> Res<WallConfig>;

fn wall_config(o: &mut Obj) -> Res<WallConfig> {
    o.or("wall", WallConfig::default(), WallConfig::from_json)
}

fn skip_wall(_: &mut Obj) -> Res<WallConfig> {
    Ok(WallConfig::default())
}

fn site_info(v: Value, wall: WallRead) -> Res<SiteInfo> {
    let mut o = Obj::new(v)?;
    Ok(SiteInfo {
        name: o.str("name")?,
        mission: o.str("mission")?,
        mission_html: o.str("mission_html")?,
        impact_html: o.str_or_empty("impact_html")?,
        logo: o.opt("logo", Image::from_json)?,
        languages: o.req("languages", Vec::from_json)?,
        default_language: o.str("default_language")?,
        timezone: o.str("timezone")?,
        base_url: o.str("base_url")?,
        theme: o.or("theme", Theme::default(), Theme::from_json)?,
        wall: wall(&mut o)?,
        translations: o.or("translations", Vec::new(), Vec::from_json)?,
    })
}

fn index(v: Value, wall: WallRead) -> Res<Index> {
    let mut o = Obj::new(v)?;
    Ok(Index {
        version: o.req("version", u32_)?,
        generated_at: o.req("generated_at", time)?,
        site: match o.take("site") {
            Some(v) => site_info(v, wall).map_err(|e| e.in_field("site"))?,
            None => return Err(DecodeError::new("missing").in_field("site")),
        },
        stories: o.req("stories", Vec::from_json)?,
        thanks: o.req("thanks", Vec::from_json)?,
        events: o.req("events", Vec::from_json)?,
    })
}

impl FromJson for SiteInfo {
    fn from_json(v: Value) -> Res<Self> {
        site_info(v, wall_config)
    }
}

impl FromJson for Index {
    fn from_json(v: Value) -> Res<Self> {
        index(v, wall_config)
    }
}

/// The index as the reading site uses it: everything but `site.wall`, which is left
/// at its default without being read. The site has no use for the wall's playlists
/// and quiet hours, and not decoding them keeps that code (~6 KB) out of its bundle;
/// the wall screen reads them with [`decode`].
pub fn decode_site_index(text: &str) -> Result<Index, DecodeError> {
    index(parse(text)?, skip_wall)
}

// Native only: the tests compile sites with the content compiler.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
