//! `--send`: delivers the bytes of `digest.eml` over SMTP with `lettre`, unchanged.
//! STARTTLS or TLS to any server; an unencrypted connection only to this machine
//! (checked when `site.toml` is read). The password only ever comes from the
//! environment.

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::SmtpTransport;
use lettre::Transport;

use super::{DigestError, DigestSettings, Security, PASSWORD_ENV};

/// Sends `eml` to every recipient in `[digest] to`; returns the server's reply.
pub fn send(
    settings: &DigestSettings,
    eml: &[u8],
    password: Option<String>,
) -> Result<String, DigestError> {
    let smtp = settings.smtp.as_ref().ok_or_else(|| {
        DigestError::Config(
            "[digest] has no smtp_host, so there is nowhere to send the digest to".into(),
        )
    })?;
    let failed = |e: lettre::transport::smtp::Error| {
        DigestError::Send(format!("{}:{}: {e}", smtp.host, smtp.port))
    };
    let mut builder = match smtp.security {
        Security::StartTls => SmtpTransport::starttls_relay(&smtp.host).map_err(failed)?,
        Security::Tls => SmtpTransport::relay(&smtp.host).map_err(failed)?,
        Security::None => SmtpTransport::builder_dangerous(&smtp.host),
    }
    .port(smtp.port)
    .timeout(Some(Duration::from_secs(60)));
    match (&smtp.user, password.filter(|p| !p.is_empty())) {
        (Some(user), Some(password)) => {
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        (Some(user), None) => {
            return Err(DigestError::Config(format!(
                "smtp_user = \"{user}\" needs its password in the environment variable {PASSWORD_ENV}"
            )));
        }
        (None, _) => {}
    }
    let envelope = Envelope::new(
        Some(settings.from.email.clone()),
        settings.to.iter().map(|m| m.email.clone()).collect(),
    )
    .map_err(|e| DigestError::Message(e.to_string()))?;
    // lettre ends DATA with CRLF "." CRLF after the bytes it is given, but the first
    // CRLF of that sequence ends the message's last line (RFC 5321 4.1.1.4): handing
    // over the message without its final CRLF makes the server store digest.eml's
    // bytes exactly, not with an empty line added.
    let data = eml.strip_suffix(b"\r\n").unwrap_or(eml);
    let response = builder.build().send_raw(&envelope, data).map_err(failed)?;
    Ok(response.message().collect::<Vec<_>>().join(" "))
}
