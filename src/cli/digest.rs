//! `impactwall digest`: writes `digest.txt`, `digest.html` and `digest.eml` for a
//! period, and with `--send` delivers the `.eml` bytes over SMTP. Without `--send`
//! nothing leaves the machine.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};

use impactwall_content::digest::{self, DigestError, DigestRequest, PASSWORD_ENV};

use super::{report, DigestArgs, Format};

/// `YYYY-MM-DD`, with a message that says so.
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a day; write it as YYYY-MM-DD, e.g. 2027-03-14"))
}

/// An RFC 3339 instant (`2027-03-15T08:00:00+01:00`).
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("`{s}` is not a moment; write it as 2027-03-15T08:00:00+01:00"))
}

pub fn run(args: &DigestArgs) -> ExitCode {
    if !args.dir.join("site.toml").is_file() {
        eprintln!(
            "error: {} has no site.toml; pass the content folder (e.g. `impactwall digest content --out digest`)",
            args.dir.display()
        );
        return ExitCode::from(2);
    }
    let request = DigestRequest {
        since: args.since,
        until: args.until,
        lang: args.lang.clone(),
        team: args.team.clone(),
        at: args.at,
    };
    let digest = match digest::prepare(&args.dir, &request) {
        Ok(d) => d,
        Err(e) => return fail(&args.dir, &e),
    };
    if let Err(e) = write_files(&args.out, &digest) {
        eprintln!("error: could not write {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    let c = &digest.content;
    println!(
        "Digest {} ({}): {} stories, {} thanks, {} events, HTML {:.1} KB, written to {}",
        c.period_text,
        c.strings.code,
        c.stories.len(),
        c.thanks.len(),
        c.events.len(),
        digest.html.len() as f64 / 1024.0,
        args.out.display()
    );
    if !args.send {
        return ExitCode::SUCCESS;
    }
    let password = std::env::var(PASSWORD_ENV).ok();
    match digest::send::send(&digest.settings, &digest.eml, password) {
        Ok(reply) => {
            println!("Sent to {} recipient(s): {reply}", digest.settings.to.len());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&args.dir, &e),
    }
}

fn write_files(out: &Path, d: &digest::Digest) -> std::io::Result<()> {
    fs::create_dir_all(out)?;
    fs::write(out.join("digest.txt"), &d.text)?;
    fs::write(out.join("digest.html"), &d.html)?;
    fs::write(out.join("digest.eml"), &d.eml)
}

fn fail(dir: &Path, e: &DigestError) -> ExitCode {
    if let DigestError::Content(diags) = e {
        report::print(dir, diags, Format::Human);
    }
    eprintln!("error: {e}");
    if let Some(hint) = e.hint() {
        eprintln!("  hint: {hint}");
    }
    ExitCode::FAILURE
}
