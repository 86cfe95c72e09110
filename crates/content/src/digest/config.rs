//! The `[digest]` section of `site.toml`: who sends the weekly e-mail, to whom, and
//! through which SMTP server. The password is never read from a file: only from the
//! environment variable [`PASSWORD_ENV`].

use lettre::message::Mailbox;

use crate::load::fields::{Reader, Text};
use crate::load::urls;

/// The environment variable holding the SMTP password.
pub const PASSWORD_ENV: &str = "IMPACTWALL_SMTP_PASSWORD";

const DIGEST_KEYS: [&str; 7] = [
    "from",
    "to",
    "list_unsubscribe",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
];

/// Keys people reach for to store a password; refused with a pointer to the variable.
const PASSWORD_KEYS: [&str; 4] = ["password", "smtp_password", "pass", "smtp_pass"];

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (usually port 587). The default.
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption: only accepted for a server on this machine (tests, a local relay).
    None,
}

impl Security {
    pub fn default_port(self) -> u16 {
        match self {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// `[digest]`, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct DigestSettings {
    pub from: Mailbox,
    pub to: Vec<Mailbox>,
    /// `mailto:` or `https:` address for the `List-Unsubscribe` header and the footer.
    pub list_unsubscribe: Option<String>,
    pub smtp: Option<SmtpSettings>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Log-in name; the password comes from [`PASSWORD_ENV`].
    pub user: Option<String>,
}

/// Whether `host` is this machine (the only place an unencrypted connection may go).
pub fn is_loopback(host: &str) -> bool {
    matches!(
        host.trim_matches(['[', ']']),
        "localhost" | "127.0.0.1" | "::1"
    )
}

/// Reads the `[digest]` table. `None` when anything in it is wrong (every problem is
/// recorded in the reader's diagnostics).
pub fn read(r: &mut Reader<'_>) -> Option<DigestSettings> {
    let before = r.diags.len();
    let mut known: Vec<&str> = DIGEST_KEYS.to_vec();
    known.extend(PASSWORD_KEYS);
    r.unknown_keys(&known, &[]);
    for key in PASSWORD_KEYS {
        if let Some(pos) = r.key_pos(key) {
            r.error(
                "secret-in-file",
                pos,
                format!("`{key}`: the SMTP password must not be written in site.toml"),
            )
            .hint = Some(format!(
                "remove it and set the environment variable {PASSWORD_ENV} where the digest is sent"
            ));
        }
    }
    let from = r
        .required_text("from", "Kompaslijn <digest@example.org>")
        .and_then(|t| mailbox(r, "from", &t));
    let to = read_recipients(r);
    let list_unsubscribe = r.text("list_unsubscribe").and_then(|t| {
        let v = t.value.trim().to_owned();
        let ok = v.starts_with("mailto:") && v.contains('@')
            || urls::check_absolute_http(&v).is_ok() && v.starts_with("https://");
        if !ok {
            r.error(
                "bad-url",
                t.pos,
                format!("list_unsubscribe `{v}` is neither a mailto: nor an https: address"),
            )
            .hint = Some("e.g. list_unsubscribe = \"mailto:digest-leave@example.org\"".into());
        }
        ok.then_some(v)
    });
    let smtp = read_smtp(r);
    let ok = r.diags[before..].iter().all(|d| !d.is_error());
    match (from, to) {
        (Some(from), Some(to)) if ok => Some(DigestSettings {
            from,
            to,
            list_unsubscribe,
            smtp,
        }),
        _ => None,
    }
}

fn mailbox(r: &mut Reader<'_>, key: &str, t: &Text) -> Option<Mailbox> {
    match t.value.parse::<Mailbox>() {
        Ok(m) => Some(m),
        Err(e) => {
            r.error(
                "bad-address",
                t.pos,
                format!("`{key}`: `{}` is not an e-mail address ({e})", t.value),
            )
            .hint = Some("write `name@example.org` or `Name <name@example.org>`".into());
            None
        }
    }
}

fn read_recipients(r: &mut Reader<'_>) -> Option<Vec<Mailbox>> {
    let Some(list) = r.strings("to") else {
        if r.node("to").is_none() {
            let anchor = r.anchor;
            r.error("missing-field", anchor, "`[digest]` needs `to`")
                .expected = Some("to = [\"all-agents@example.org\"]".into());
        }
        return None;
    };
    if list.is_empty() {
        let pos = r.node("to").map_or(r.anchor, |n| n.pos);
        r.error("empty-field", pos, "`to` must list at least one address")
            .expected = Some("to = [\"all-agents@example.org\"]".into());
        return None;
    }
    let parsed: Vec<Option<Mailbox>> = list.iter().map(|t| mailbox(r, "to", t)).collect();
    parsed.into_iter().collect()
}

fn read_smtp(r: &mut Reader<'_>) -> Option<SmtpSettings> {
    let security = match r.text("smtp_security") {
        None => Security::StartTls,
        Some(t) => match t.value.to_ascii_lowercase().as_str() {
            "starttls" => Security::StartTls,
            "tls" => Security::Tls,
            "none" => Security::None,
            other => {
                r.error(
                    "bad-value",
                    t.pos,
                    format!("smtp_security `{other}` is not starttls, tls or none"),
                )
                .hint = Some("use starttls (port 587) or tls (port 465)".into());
                return None;
            }
        },
    };
    let port = r.int("smtp_port", 1, 65_535).map(|p| p as u16);
    let user = r.text("smtp_user").map(|t| t.value);
    let Some(host) = r.text("smtp_host") else {
        if let Some(pos) = ["smtp_port", "smtp_security", "smtp_user"]
            .iter()
            .find_map(|k| r.key_pos(k))
        {
            r.error("missing-field", pos, "SMTP settings without `smtp_host`")
                .expected = Some("smtp_host = \"smtp.example.org\"".into());
        }
        return None;
    };
    if security == Security::None && !is_loopback(&host.value) {
        let pos = r.key_pos("smtp_security").unwrap_or(host.pos);
        r.error(
            "insecure-smtp",
            pos,
            format!(
                "smtp_security = \"none\" would send the password and the e-mail unencrypted to {}",
                host.value
            ),
        )
        .hint = Some("use starttls or tls; \"none\" is only for a server on this machine".into());
        return None;
    }
    Some(SmtpSettings {
        port: port.unwrap_or(security.default_port()),
        host: host.value,
        security,
        user,
    })
}
