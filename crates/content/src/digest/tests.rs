//! The digest of `tests/fixtures/digest`: a week across the spring daylight-saving
//! change in Amsterdam, with items each rule must keep out.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::diagnostics::Diagnostic;

fn fixture() -> PathBuf {
    // The fixture sites live at the repository root, two levels above this crate.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/digest")
}

fn at(s: &str) -> Instant {
    DateTime::parse_from_rfc3339(s)
        .expect("test instant")
        .with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test day")
}

/// 22–31 March 2027 (the clocks go forward on the 28th), written on 1 April.
fn dst_week(lang: Option<&str>, team: Option<&str>) -> DigestRequest {
    DigestRequest {
        since: Some(day("2027-03-22")),
        until: Some(day("2027-03-31")),
        lang: lang.map(str::to_owned),
        team: team.map(str::to_owned),
        at: Some(at("2027-04-01T08:00:00+02:00")),
    }
}

fn digest(request: &DigestRequest) -> Digest {
    match prepare(&fixture(), request) {
        Ok(d) => d,
        Err(e) => panic!("digest failed: {e}"),
    }
}

#[test]
fn text_for_a_fixed_clock() {
    let d = digest(&dst_week(None, None));
    insta::assert_snapshot!("digest_txt_en", d.text);
}

#[test]
fn a_period_across_the_dst_change_ends_at_local_midnight() {
    let zone = chrono_tz::Europe::Amsterdam;
    let p = Period::resolve(
        Some(day("2027-03-22")),
        Some(day("2027-03-31")),
        zone,
        at("2027-04-01T08:00:00+02:00"),
    )
    .expect("period");
    // Starts at midnight CET (+01:00) and ends at midnight CEST (+02:00).
    assert_eq!(p.start, at("2027-03-22T00:00:00+01:00"));
    assert_eq!(p.end, at("2027-04-01T00:00:00+02:00"));
    let d = digest(&dst_week(None, None));
    assert!(d.text.contains("Half past eleven on the last day"));
    assert!(
        !d.text.contains("Half past midnight on the next day"),
        "an item after local midnight belongs to the next digest"
    );
    // The brunch is after the change: 10:30 summer time, as written.
    assert!(d
        .text
        .contains("Friday 2 April 2027, 10:30–13:00 (Europe/Amsterdam)"));
    // New York moved to summer time on 14 March: six hours apart again by April.
    assert!(d
        .text
        .contains("Thursday 8 April 2027, 15:00–16:00 (Europe/Amsterdam)"));
    assert!(d
        .text
        .contains("Local time in America/New_York: Thursday 8 April 2027, 09:00–10:00"));
}

#[test]
fn an_empty_period_gives_a_short_kind_message() {
    let d = digest(&DigestRequest {
        since: Some(day("2027-02-01")),
        until: Some(day("2027-02-07")),
        at: Some(at("2027-02-08T07:00:00+01:00")),
        ..Default::default()
    });
    assert!(d.content.is_empty());
    assert!(d.text.contains("A QUIET WEEK"));
    assert!(d.html.contains("A quiet week"));
    insta::assert_snapshot!("digest_txt_empty", d.text);
}

#[test]
fn drafts_missing_consent_and_schedules_keep_items_out() {
    let d = digest(&dst_week(None, None));
    for absent in [
        "A draft",
        "A story without consent",
        "Scheduled for April",
        "Taken down mid-week",
        "Last month's story",
        "Summer party",
    ] {
        assert!(
            !d.text.contains(absent),
            "{absent} must not be in the digest"
        );
        assert!(!d.html.contains(absent), "{absent} must not be in the HTML");
    }
    assert_eq!(d.content.stories.len(), 2);
    assert_eq!(d.content.thanks.len(), 2);
    assert_eq!(d.content.events.len(), 3);
}

#[test]
fn a_team_digest_keeps_that_team_and_items_for_everyone() {
    let d = digest(&dst_week(None, Some("chat")));
    assert!(d.text.contains("For the chat team"));
    assert!(d.text.contains("Half past eleven on the last day"));
    assert!(d
        .text
        .contains("Thank you for finding our lost class trip bus!"));
    assert!(
        !d.text.contains("The lighthouse keeper's night call"),
        "phones"
    );
    assert!(!d.text.contains("worst week of our year"), "billing");
    assert!(d.text.contains("Spring brunch"), "an event for everyone");
}

#[test]
fn a_spanish_digest_uses_translations_and_spanish_words() {
    let d = digest(&dst_week(Some("es"), None));
    assert!(d.text.contains("La llamada nocturna del farero"));
    assert!(!d.text.contains("The lighthouse keeper's night call"));
    assert!(d.text.contains("HISTORIAS NUEVAS"));
    assert!(d.text.contains("viernes 2 de abril de 2027, 10:30–13:00"));
    assert!(d.html.starts_with("<!DOCTYPE html>"));
    assert!(d.html.contains("<html lang=\"es\">"));
    assert!(d
        .content
        .subject()
        .starts_with("Harbourline Ayuda: historias"));
    let nl = digest(&dst_week(Some("nl"), None));
    assert!(nl.text.contains("NIEUWE VERHALEN"));
    assert!(nl.text.contains("vrijdag 2 april 2027"));
}

#[test]
fn a_language_the_site_does_not_have_is_refused() {
    let err = prepare(&fixture(), &dst_week(Some("fr"), None)).expect_err("fr");
    assert!(matches!(err, DigestError::NotASiteLanguage(..)), "{err}");
    assert_eq!(err.hint().as_deref(), Some("use one of: en, es, nl"));
}

#[test]
fn the_default_period_is_the_seven_days_before_today() {
    let zone = chrono_tz::Europe::Amsterdam;
    let p = Period::resolve(None, None, zone, at("2027-04-01T08:00:00+02:00")).expect("period");
    assert_eq!(
        (p.first_day, p.last_day),
        (day("2027-03-25"), day("2027-03-31"))
    );
    let only_since = Period::resolve(
        Some(day("2027-03-29")),
        None,
        zone,
        at("2027-04-01T08:00:00+02:00"),
    )
    .expect("period");
    assert_eq!(only_since.end, at("2027-04-01T08:00:00+02:00"), "until now");
    let backwards = Period::resolve(
        Some(day("2027-03-29")),
        Some(day("2027-03-22")),
        zone,
        at("2027-04-01T08:00:00+02:00"),
    );
    assert!(matches!(backwards, Err(DigestError::Period(_))));
}

#[test]
fn the_html_is_what_mail_clients_need() {
    let d = digest(&dst_week(None, None));
    let html = &d.html;
    assert!(html.len() < MAX_HTML_BYTES, "{} bytes", html.len());
    assert!(html.contains("<html lang=\"en\">"));
    // A browser opening digest.html looks for the charset in the first 1024 bytes.
    let charset = html.find("<meta charset=\"utf-8\">").expect("charset");
    assert!(charset < 1024 - 24, "charset declared at byte {charset}");
    assert!(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"));
    assert!(
        html.contains("prefers-color-scheme: dark"),
        "dark mode kept in <style>"
    );
    assert!(
        html.contains("max-width: 480px"),
        "narrow-screen rules kept"
    );
    let lower = html.to_lowercase();
    for banned in ["<script", "<form", "<input", "<iframe", "javascript:"] {
        assert!(!lower.contains(banned), "{banned}");
    }
    // The stylesheet was inlined onto the elements by css-inline.
    let header = &html[html.find("<td class=\"header\"").expect("header cell")..];
    let header = &header[..header.find('>').unwrap_or(0)];
    assert!(
        header.contains("background: #0b5d6b;color: #ffffff;padding: 24px;"),
        "{header}"
    );
    // Every image: absolute, with alt, width and height at the e-mail's scale.
    let imgs: Vec<&str> = html.split("<img ").skip(1).collect();
    assert_eq!(imgs.len(), 1, "one story image");
    let img = imgs[0];
    assert!(img.contains("src=\"https://impact.example.org/media/harbour."));
    assert!(
        img.contains("alt=\"The harbour at dusk, the ferry's lights in the fog\"")
            || img.contains("alt=\"The harbour at dusk, the ferry&#39;s lights in the fog\"")
    );
    // 800×450 shown 552 wide keeps its ratio.
    assert!(img.contains("width=\"552\""), "{img}");
    assert!(img.contains("height=\"311\""), "{img}");
    // Every link absolute.
    for href in html.split("href=\"").skip(1) {
        let url = &href[..href.find('"').unwrap_or(0)];
        assert!(url.starts_with("https://"), "relative link {url}");
    }
}

#[test]
fn the_message_is_complete_and_reproducible() {
    let d = digest(&dst_week(None, None));
    let eml = String::from_utf8(d.eml.clone()).expect("the message is ASCII");
    let head = &eml[..eml.find("\r\n\r\n").expect("headers end")];
    for header in [
        "From: \"Harbourline Helpdesk\" <digest@impact.example.org>\r\n",
        "Date: Thu, 01 Apr 2027 06:00:00 +0000\r\n",
        "Content-Language: en\r\n",
        "List-Unsubscribe: <https://impact.example.org/about#digest>\r\n",
        "MIME-Version: 1.0\r\n",
        "Content-Type: multipart/alternative;",
    ] {
        assert!(head.contains(header), "missing {header:?} in\n{head}");
    }
    assert!(head.contains("Message-ID: <digest."));
    assert!(head.contains("@impact.example.org>"));
    assert!(head.contains("everyone@impact.example.org"));
    assert!(head.contains("\"Night Shift\" <night@impact.example.org>"));
    assert!(head.contains("Subject: Harbourline Helpdesk: stories and thanks"));
    assert!(eml.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(eml.contains("Content-Type: text/html; charset=utf-8"));
    assert_eq!(
        digest(&dst_week(None, None)).eml,
        d.eml,
        "same digest, same bytes"
    );
}

fn site_diags(digest_table: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = format!(
        "name = \"N\"\nmission = \"M\"\nmission_long = \"L\"\nlanguages = [\"en\"]\n\
         timezone = \"Europe/Amsterdam\"\nbase_url = \"https://x.example.org\"\n\n[digest]\n{digest_table}"
    );
    std::fs::write(dir.path().join("site.toml"), site).expect("write");
    let mut diags = Vec::new();
    let _ = crate::load::site::load(dir.path(), &mut diags);
    diags
}

fn codes_and_hints(diags: &[Diagnostic]) -> Vec<(String, Option<String>)> {
    diags
        .iter()
        .map(|d| (d.code.to_string(), d.hint.clone()))
        .collect()
}

#[test]
fn digest_settings_are_checked_like_the_rest_of_site_toml() {
    let ok = site_diags("from = \"a@x.example.org\"\nto = [\"b@x.example.org\"]\n");
    assert!(ok.is_empty(), "{ok:?}");
    let typo =
        site_diags("from = \"a@x.example.org\"\nto = [\"b@x.example.org\"]\nsmtp_hots = \"h\"\n");
    assert_eq!(
        codes_and_hints(&typo),
        [(
            "unknown-key".to_string(),
            Some("did you mean `smtp_host`?".to_string())
        )]
    );
    let secret = site_diags(
        "from = \"a@x.example.org\"\nto = [\"b@x.example.org\"]\nsmtp_password = \"hunter2\"\n",
    );
    assert_eq!(secret.len(), 1, "{secret:?}");
    assert_eq!(secret[0].code, "secret-in-file");
    assert!(secret[0]
        .hint
        .as_deref()
        .is_some_and(|h| h.contains(PASSWORD_ENV)));
    let plain = site_diags(
        "from = \"a@x.example.org\"\nto = [\"b@x.example.org\"]\nsmtp_host = \"smtp.example.org\"\nsmtp_security = \"none\"\n",
    );
    assert_eq!(plain.len(), 1);
    assert_eq!(plain[0].code, "insecure-smtp");
    let bad = site_diags("from = \"not an address\"\nto = []\n");
    let codes: Vec<&str> = bad.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["bad-address", "empty-field"]);
    assert_eq!(bad[0].line, 9, "reported where it is written");
}

#[test]
fn without_a_digest_section_the_user_is_told_what_to_add() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = std::fs::read_to_string(fixture().join("site.toml")).expect("read");
    let cut = site.find("[digest]").expect("fixture has [digest]");
    let rest = &site[cut..];
    let next = rest[1..].find("\n[").map_or(rest.len(), |i| i + 1);
    let without = format!("{}{}", &site[..cut], &rest[next..]);
    std::fs::write(dir.path().join("site.toml"), without).expect("write");
    for sub in ["stories", "thanks", "events"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
    }
    let err = prepare(dir.path(), &dst_week(None, None)).expect_err("no [digest]");
    assert!(matches!(err, DigestError::NoSettings));
    assert!(err.hint().is_some_and(|h| h.contains("[digest]")));
}
