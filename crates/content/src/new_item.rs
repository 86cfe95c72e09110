//! The text of a new item, as `impactwall new` and the desk write it: every common
//! field present, the optional ones commented out, each explained in a comment.

use chrono::{Duration, NaiveDate};

use impactwall_model::Kind;

/// A TOML basic string.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub struct Template<'a> {
    pub kind: Kind,
    pub title: &'a str,
    pub today: NaiveDate,
    pub lang: Option<&'a str>,
    pub default_language: &'a str,
    pub languages: &'a [String],
}

/// Appends `code`, with `comment` aligned in a column after it.
pub fn line(s: &mut String, code: &str, comment: &str) {
    s.push_str(code);
    if !comment.is_empty() {
        let pad = 34usize.saturating_sub(code.chars().count()).max(1);
        s.push_str(&" ".repeat(pad));
        s.push_str("# ");
        s.push_str(comment);
    }
    s.push('\n');
}

/// One header line of a new item: the code and the comment aligned after it. In the
/// code, `{day}` is today, `{starts}` a week from today and `{title}` the quoted title.
type Field = (&'static str, &'static str);

const STORY_FIELDS: &[Field] = &[
    ("title = {title}", ""),
    (
        "date = {day}",
        "when it happened: 2027-03-14 or 2027-03-14T09:30 (site time zone)",
    ),
    (
        "summary = \"\"",
        "one or two sentences for lists and wall screens",
    ),
    ("# author = \"\"", "who wrote it"),
    ("# program = \"\"", "the programme it belongs to"),
    (
        "# image = \"media/photo.jpg\"",
        "a file in content/media/ (jpg, png, webp, gif, avif)",
    ),
    (
        "# image_alt = \"\"",
        "required with an image: what the photo shows",
    ),
    ("people_helped = 0", "added to the impact counters"),
    ("featured = false", ""),
];

const THANKS_FIELDS: &[Field] = &[
    (
        "from = {title}",
        "who sent it; may be vague (\"a family in Ohio\")",
    ),
    ("to = \"our team\"", "required: the person or team thanked"),
    ("date = {day}", "when it arrived"),
    (
        "medium = \"letter\"",
        "letter | email | card | voicemail | video | message",
    ),
    (
        "# quote = \"\"",
        "the line shown large on wall screens (at most 280 characters)",
    ),
    (
        "# audio = \"media/call.mp3\"",
        "a voicemail recording (mp3, ogg, oga, opus, m4a, wav)",
    ),
    (
        "# transcript = \"\"\"",
        "required with audio: what was said, as plain text",
    ),
    ("# \"\"\"", ""),
    ("# image = \"media/card.jpg\"", ""),
    ("# image_alt = \"\"", "required with an image"),
];

const EVENT_FIELDS: &[Field] = &[
    ("title = {title}", ""),
    (
        "starts = {starts}T09:00",
        "a week from today: change it (event time zone)",
    ),
    (
        "# ends = 2027-03-14T11:00",
        "default: 2 hours after starts, or the end of the day when all_day",
    ),
    ("all_day = false", ""),
    (
        "# timezone = \"Europe/Amsterdam\"",
        "default: the site's time zone",
    ),
    ("# location = \"\"", ""),
    ("# online_url = \"https://\"", "http or https only"),
    ("# rsvp_url = \"https://\"", "http or https only"),
    ("summary = \"\"", "one or two sentences"),
    ("# image = \"media/poster.jpg\"", ""),
    ("# image_alt = \"\"", "required with an image"),
];

/// The fields every item has, after `slug` and `lang`, before `consent`.
const COMMON_FIELDS: &[Field] = &[
    (
        "# translation_of = \"\"",
        "slug of the item this one translates",
    ),
    ("tags = []", ""),
    (
        "# team = \"\"",
        "the team it belongs to (\"your team\" links, wall filters)",
    ),
    (
        "draft = true",
        "checked but never published; set to false to publish",
    ),
    (
        "# publish_at = 2027-03-14T09:00",
        "hidden before this moment",
    ),
    ("# expires_at = 2027-04-14", "hidden from this moment on"),
    ("wall = true", "show on wall screens"),
    ("takeover = false", "while live, replaces the wall rotation"),
    ("# wall_seconds = 12", "seconds on a wall screen (3 to 600)"),
];

/// The text of a new item.
pub fn template(t: &Template<'_>) -> String {
    template_with(t, &[], None)
}

/// The key a template line sets (`title = …`) or offers commented out (`# image = …`).
fn key_of(code: &str) -> Option<&str> {
    let code = code.strip_prefix("# ").unwrap_or(code);
    let (key, _) = code.split_once(" = ")?;
    key.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        .then_some(key)
}

/// Writes template lines, replacing the value of every key in `values` (TOML values,
/// already encoded) and uncommenting it in place; keys the template lacks are added
/// before the closing fence.
struct Filler<'a> {
    values: &'a [(String, String)],
    used: Vec<bool>,
    /// The line after an uncommented `# transcript = """` closes the commented string.
    skip_close: bool,
}

impl Filler<'_> {
    fn line(&mut self, s: &mut String, code: &str, comment: &str) {
        if std::mem::take(&mut self.skip_close) && code == "# \"\"\"" {
            return;
        }
        let found = key_of(code).and_then(|key| self.values.iter().position(|(k, _)| k == key));
        match found {
            Some(i) => {
                self.used[i] = true;
                let (key, value) = &self.values[i];
                self.skip_close = code.ends_with("\"\"\"") && code.starts_with("# ");
                line(s, &format!("{key} = {value}"), comment);
            }
            None => line(s, code, comment),
        }
    }

    fn rest(&self, s: &mut String) {
        for ((key, value), used) in self.values.iter().zip(&self.used) {
            if !used {
                line(s, &format!("{key} = {value}"), "");
            }
        }
    }
}

/// [`template`] with some values set (`values`: key and TOML-encoded value, e.g.
/// `("summary", "\"A line\"")`) and `body` instead of the placeholder text.
pub fn template_with(t: &Template<'_>, values: &[(String, String)], body: Option<&str>) -> String {
    let fields = match t.kind {
        Kind::Story => STORY_FIELDS,
        Kind::Thanks => THANKS_FIELDS,
        Kind::Event => EVENT_FIELDS,
    };
    let day = t.today.format("%Y-%m-%d").to_string();
    let starts = (t.today + Duration::days(7)).format("%Y-%m-%d").to_string();
    // The title goes in last, so braces in it are never read as placeholders.
    let fill = |code: &str| {
        code.replace("{day}", &day)
            .replace("{starts}", &starts)
            .replace("{title}", &quoted(t.title))
    };
    let mut f = Filler {
        values,
        used: vec![false; values.len()],
        skip_close: false,
    };
    let mut s = String::from("+++\n");
    for (code, comment) in fields {
        f.line(&mut s, &fill(code), comment);
    }
    s.push_str("\n# Fields every item has\n");
    f.line(&mut s, "# slug = \"\"", "default: the file name");
    let langs = t.languages.join(", ");
    match t.lang {
        Some(l) if l != t.default_language => f.line(
            &mut s,
            &format!("lang = {}", quoted(l)),
            &format!("one of: {langs}"),
        ),
        _ => f.line(
            &mut s,
            &format!("# lang = {}", quoted(t.default_language)),
            &format!("one of: {langs} (default {})", t.default_language),
        ),
    }
    for (code, comment) in COMMON_FIELDS {
        f.line(&mut s, code, comment);
    }
    if t.kind == Kind::Event {
        f.line(&mut s, "# consent = false", "");
    } else {
        f.line(
            &mut s,
            "consent = false",
            "set to true once the people named agreed to publication",
        );
    }
    f.rest(&mut s);
    s.push_str("+++\n\n");
    s.push_str(body.unwrap_or("Write the text here, in Markdown.\n"));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
