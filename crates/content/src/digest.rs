//! The weekly digest e-mail (`impactwall digest`): the period's new stories and
//! thank-you messages and the coming events, as `digest.txt`, `digest.html` and a
//! complete message, `digest.eml`, that `--send` delivers over SMTP unchanged.
//!
//! One way, like the build: the site is built in memory ([`Compiler`]) so the digest
//! sees exactly what the site publishes (drafts left out, hashed media URLs, `.ics`
//! files); [`select`] picks what was new and live in the period; [`text`] and
//! [`html`] render it; [`message`] wraps both parts in one RFC 5322 message; [`send`]
//! delivers those bytes.
//!
//! Talking points and period metrics are not in the content model yet: the digest has
//! a place for them ([`MissionDepth`]) that stays empty until the model carries them.

pub mod config;
pub mod html;
pub mod message;
pub mod select;
pub mod send;
pub mod strings;
pub mod text;

#[cfg(test)]
mod tests;

use std::path::Path;

use chrono::NaiveDate;

use crate::{Compiler, Diagnostic, OutputSet, SiteSource};
use impactwall_model::{Index, Instant, Medium};

pub use config::{DigestSettings, Security, SmtpSettings, PASSWORD_ENV};
pub use select::Period;
pub use strings::Strings;

/// Gmail clips messages whose HTML is larger than this; the digest must stay below.
pub const MAX_HTML_BYTES: usize = 102 * 1024;

/// How far ahead the events section looks.
pub const EVENT_DAYS: i64 = 30;

#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error("the content has errors; fix them first (`impactwall check`)")]
    Content(Vec<Diagnostic>),
    #[error("site.toml has no usable [digest] section")]
    NoSettings,
    #[error("the digest has no strings in `{0}`")]
    Language(String),
    #[error("`{0}` is not one of the site's languages ({1})")]
    NotASiteLanguage(String, String),
    #[error("the period is empty: {0}")]
    Period(String),
    #[error("the HTML part is {0} bytes; mail clients clip messages over {MAX_HTML_BYTES} bytes")]
    TooLarge(usize),
    #[error("could not inline the e-mail's CSS: {0}")]
    Css(String),
    #[error("could not build the message: {0}")]
    Message(String),
    #[error("could not send: {0}")]
    Send(String),
    #[error("{0}")]
    Config(String),
}

impl DigestError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            DigestError::NoSettings => Some(
                "add to site.toml:\n  [digest]\n  from = \"Your team <digest@example.org>\"\n  to = [\"everyone@example.org\"]".into(),
            ),
            DigestError::Language(_) => Some("use --lang en, es or nl".into()),
            DigestError::NotASiteLanguage(_, langs) => Some(format!("use one of: {langs}")),
            DigestError::Period(_) => Some(
                "--since and --until are days in the site's time zone, since ≤ until, not in the future".into(),
            ),
            DigestError::TooLarge(_) => {
                Some("choose a shorter period (--since) or one team (--team)".into())
            }
            DigestError::Send(_) => Some(format!(
                "check smtp_host, smtp_port, smtp_security and smtp_user in [digest], and {PASSWORD_ENV}"
            )),
            _ => None,
        }
    }
}

/// What to put in the digest.
#[derive(Clone, Debug, Default)]
pub struct DigestRequest {
    /// First day, in the site's zone (default: seven days before `until`).
    pub since: Option<NaiveDate>,
    /// Last day, inclusive (default: yesterday).
    pub until: Option<NaiveDate>,
    /// Language (default: the site's default language).
    pub lang: Option<String>,
    /// Only this team's items (plus items for everyone, which name no team).
    pub team: Option<String>,
    /// The moment the digest is written (the clock, or a preview moment).
    pub at: Option<Instant>,
}

/// An image as the e-mail shows it: absolute URL and display size.
#[derive(Clone, Debug, PartialEq)]
pub struct EmailImage {
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoryEntry {
    pub title: String,
    pub summary: String,
    pub url: String,
    pub image: Option<EmailImage>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ThanksEntry {
    pub from: String,
    pub to: String,
    pub medium: Medium,
    /// The quote, else the excerpt of the message.
    pub quote: String,
    /// The start of a voicemail's transcript.
    pub transcript_excerpt: Option<String>,
    /// Absolute URL of the voicemail recording.
    pub listen_url: Option<String>,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventEntry {
    pub title: String,
    pub summary: String,
    /// When, in the site's zone (`Wednesday 17 February 2027, 16:00–17:00 (Europe/Amsterdam)`).
    pub when_site: String,
    /// When, in the event's own zone, if that is another zone.
    pub when_local: Option<String>,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub url: String,
    pub calendar_url: String,
}

/// A number of the period and what it means ("1,240 refunds paid: a full ferry").
#[derive(Clone, Debug, PartialEq)]
pub struct MetricLine {
    pub label: String,
    pub value: String,
    pub equivalence: Option<String>,
}

/// The talking point and the period's metrics. The content model has neither yet;
/// when it does, `select` fills this and both renderers already show it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MissionDepth {
    pub talking_point: Option<String>,
    pub metrics: Vec<MetricLine>,
}

/// Everything the digest says, resolved: ready for the text and HTML renderers.
#[derive(Clone, Debug)]
pub struct DigestContent {
    pub strings: &'static Strings,
    pub site_name: String,
    /// `https://impact.example.org`, without a trailing slash.
    pub base_url: String,
    /// Theme colours (`#rrggbb`) for the header, headings and buttons; both carry white text.
    pub primary: String,
    pub accent: String,
    pub period: Period,
    /// `1 – 7 November 2026`, in the digest's language.
    pub period_text: String,
    pub team: Option<String>,
    pub stories: Vec<StoryEntry>,
    pub thanks: Vec<ThanksEntry>,
    pub events: Vec<EventEntry>,
    pub depth: MissionDepth,
    pub unsubscribe: Option<String>,
}

impl DigestContent {
    /// Nothing new in the period (coming events alone do not make a digest).
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
            && self.thanks.is_empty()
            && self.depth.talking_point.is_none()
            && self.depth.metrics.is_empty()
    }

    /// The home page, in the digest's language.
    pub fn home_url(&self) -> String {
        format!("{}/?lang={}", self.base_url, self.strings.code)
    }

    pub fn subject(&self) -> String {
        strings::fill(
            self.strings.subject,
            &[("site", &self.site_name), ("period", &self.period_text)],
        )
    }
}

/// The three files of a digest.
#[derive(Clone, Debug)]
pub struct Digest {
    pub content: DigestContent,
    pub text: String,
    pub html: String,
    /// The complete message, exactly as `--send` delivers it.
    pub eml: Vec<u8>,
    pub settings: DigestSettings,
}

/// Builds the site in memory at `at` and returns it with its index.
fn build_site(root: &Path, at: Instant) -> Result<(OutputSet, Index, SiteSource), DigestError> {
    let mut compiler = Compiler::new(root).with_now(at);
    let (output, _warnings) = compiler.full_build().map_err(DigestError::Content)?;
    let index: Index = output
        .get("data/index.json")
        .ok_or_else(|| DigestError::Message("the build wrote no index".into()))
        .and_then(|f| {
            serde_json::from_slice(&f.bytes).map_err(|e| DigestError::Message(e.to_string()))
        })?;
    // The build succeeded, so site.toml loads; read it again for the `[digest]` part.
    let mut diags = Vec::new();
    let (site, _) = crate::load::site::load(root, &mut diags);
    let site = site.ok_or(DigestError::Content(diags))?;
    Ok((output, index, site))
}

/// Writes the digest for the content folder `root`.
pub fn prepare(root: &Path, request: &DigestRequest) -> Result<Digest, DigestError> {
    let at = request.at.unwrap_or_else(chrono::Utc::now);
    let (output, index, site) = build_site(root, at)?;
    let settings = site.digest.clone().ok_or(DigestError::NoSettings)?;
    let content = select::content(&index, &output, request, at, &settings)?;
    let text = text::render(&content);
    let html = html::render(&content)?;
    if html.len() > MAX_HTML_BYTES {
        return Err(DigestError::TooLarge(html.len()));
    }
    let eml = message::build(&content, &settings, &text, &html, at)?;
    Ok(Digest {
        content,
        text,
        html,
        eml,
        settings,
    })
}
