//! `digest.eml`: one RFC 5322 message built with `lettre`: `multipart/alternative` with
//! the text part first and the HTML part second (clients show the last one they can),
//! UTF-8 throughout, the subject in the digest's language, `Date`, `Message-ID`,
//! `From`/`To` from `[digest]` and `List-Unsubscribe` when configured.
//!
//! The MIME boundary and the `Message-ID` are derived from the content, so the same
//! digest gives the same bytes (apart from `Date`), and `--send` delivers exactly the
//! bytes written to `digest.eml`.

use std::time::SystemTime;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{MultiPart, SinglePart};
use lettre::Message;
use sha2::{Digest as _, Sha256};

use super::{DigestContent, DigestError, DigestSettings};
use impactwall_model::Instant;

const CONTENT_LANGUAGE: HeaderName = HeaderName::new_from_ascii_str("Content-Language");
const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");

/// The formatted message (CRLF line ends), ready to write or send.
pub fn build(
    d: &DigestContent,
    settings: &DigestSettings,
    text: &str,
    html: &str,
    at: Instant,
) -> Result<Vec<u8>, DigestError> {
    Ok(message(d, settings, text, html, at)?.formatted())
}

/// The message as `lettre` holds it.
pub fn message(
    d: &DigestContent,
    settings: &DigestSettings,
    text: &str,
    html: &str,
    at: Instant,
) -> Result<Message, DigestError> {
    let subject = d.subject();
    let mut hash = Sha256::new();
    for part in [subject.as_str(), text, html] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    for to in &settings.to {
        hash.update(to.email.to_string().as_bytes());
        hash.update([0]);
    }
    let fingerprint = hex::encode(&hash.finalize()[..12]);
    let mut builder = Message::builder()
        .from(settings.from.clone())
        .subject(subject)
        .date(SystemTime::from(at))
        .message_id(Some(format!(
            "<digest.{fingerprint}@{}>",
            settings.from.email.domain()
        )))
        .raw_header(HeaderValue::new(
            CONTENT_LANGUAGE,
            d.strings.code.to_owned(),
        ));
    for to in &settings.to {
        builder = builder.to(to.clone());
    }
    if let Some(url) = &d.unsubscribe {
        builder = builder.raw_header(HeaderValue::new(LIST_UNSUBSCRIBE, format!("<{url}>")));
    }
    let body = MultiPart::alternative()
        .boundary(format!("=_impactwall_{fingerprint}"))
        .singlepart(SinglePart::plain(text.to_owned()))
        .singlepart(SinglePart::html(html.to_owned()));
    builder
        .multipart(body)
        .map_err(|e| DigestError::Message(e.to_string()))
}
