//! Fixture sites, valid and broken, checked end to end.
//!
//! Every folder under `tests/fixtures/invalid/` has a snapshot of its exact
//! diagnostics (one `Display` line per diagnostic, hints indented below). Inputs that
//! are large by design (oversized files, thousands of keys) are generated here at run
//! time instead of being committed.
#![allow(clippy::unwrap_used)] // tests may unwrap

use std::path::Path;

use chrono::{DateTime, Utc};
use impactwall_content::load::{load_and_check_at, Checked};
use impactwall_content::Severity;
use impactwall_model::Kind;

use crate::common::{binary, copy_tree, fixtures};

/// A fixed "now" so `expired` and `event-past` warnings are stable.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-06-15T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn check(dir: &Path) -> Checked {
    load_and_check_at(dir, now())
}

fn rendered(dir: &Path) -> String {
    let checked = check(dir);
    let lines: Vec<String> = checked
        .report
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    lines.join("\n")
}

fn errors(checked: &Checked) -> Vec<String> {
    checked
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn minimal_site_loads_cleanly() {
    let checked = check(&fixtures().join("valid/minimal"));
    assert!(
        checked.report.diagnostics.is_empty(),
        "{:#?}",
        checked.report.diagnostics
    );
    let project = checked.report.project.expect("project");
    assert_eq!(project.documents.len(), 3);
    let kinds: Vec<Kind> = project.documents.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, vec![Kind::Event, Kind::Story, Kind::Thanks]);
    assert_eq!(project.site.info.timezone, "Europe/Amsterdam");
    let story = &project.documents[1];
    let impactwall_content::Item::Story(s) = &story.item else {
        panic!()
    };
    assert_eq!(s.image.as_ref().unwrap().src, "media/desk.png");
    assert_eq!(s.meta.date.to_rfc3339(), "2027-02-02T23:00:00+00:00");
    assert_eq!(story.body_line, 11);
    let impactwall_content::Item::Thanks(t) = &project.documents[2].item else {
        panic!()
    };
    let audio = t.audio.as_ref().unwrap();
    assert_eq!(
        (audio.src.as_str(), audio.mime.as_str()),
        ("media/call.ogg", "audio/ogg")
    );
    assert!(t.transcript.as_deref().unwrap().contains("one evening"));
    let impactwall_content::Item::Event(e) = &project.documents[0].item else {
        panic!()
    };
    assert_eq!(e.starts_local, "2099-04-10T18:00");
    assert_eq!(e.ends_local, "2099-04-10T20:30");
    assert_eq!(e.utc_offset, "+02:00");
    assert_eq!(e.ics, "");
}

#[test]
fn multilingual_site_loads_cleanly() {
    let checked = check(&fixtures().join("valid/multilingual"));
    assert!(
        checked.report.diagnostics.is_empty(),
        "{:#?}",
        checked.report.diagnostics
    );
    let project = checked.report.project.expect("project");
    let site = &project.site.info;
    assert_eq!(site.languages, ["en", "es", "nl"]);
    assert_eq!(site.base_url, "https://puente.example.org");
    assert_eq!(site.theme.accent.as_deref(), Some("#f2a"));
    assert_eq!(site.wall.slide_seconds, 10);
    assert_eq!(site.wall.quiet_hours.len(), 2);
    assert_eq!(site.wall.playlists[0].kinds, [Kind::Story, Kind::Thanks]);
    assert!(!site.wall.playlists[0].evergreen);
    assert!(site.wall.playlists[1].evergreen);
    assert_eq!(site.translations.len(), 2);
    assert_eq!(
        site.mission_in("es"),
        "Respuestas en tu idioma, a la primera."
    );
    assert_eq!(project.site.limits.max_file_bytes, 256 * 1024);
    assert!(
        site.impact_html.contains("**people helped**"),
        "Markdown is kept for the build"
    );

    let by_slug = |slug: &str| {
        project
            .documents
            .iter()
            .find(|d| d.item.meta().slug == slug)
            .unwrap_or_else(|| panic!("{slug}"))
    };
    let es = by_slug("garden-plots-es").item.meta();
    assert_eq!(
        (es.lang.as_str(), es.translation_key.as_str()),
        ("es", "garden-plots")
    );
    let nl = by_slug("tuinen").item.meta();
    assert_eq!(
        (nl.lang.as_str(), nl.translation_key.as_str()),
        ("nl", "garden-plots")
    );
    let en = by_slug("garden-plots").item.meta();
    assert_eq!(en.translation_key, "garden-plots");
    assert_eq!(en.wall_seconds, Some(20));
    // 10:15 in New York in May is 14:15 UTC; publish_at is a date: midnight there.
    assert_eq!(en.date.to_rfc3339(), "2027-05-02T14:15:00+00:00");
    assert_eq!(
        en.schedule.publish_at.unwrap().to_rfc3339(),
        "2027-05-03T04:00:00+00:00"
    );

    let impactwall_content::Item::Event(info) = &by_slug("info-night").item else {
        panic!()
    };
    assert_eq!(info.timezone, "America/Chicago");
    assert_eq!(info.ends_local, "2099-03-14T20:30");
    assert!(info.meta.takeover);
    let impactwall_content::Item::Event(harvest) = &by_slug("harvest-day").item else {
        panic!()
    };
    // All-day, ends on the 19th inclusive: midnight at the start of the 20th.
    assert_eq!(harvest.ends_local, "2099-09-20T00:00");
    assert!(harvest.all_day);
}

#[test]
fn impact_site_loads_cleanly() {
    use impactwall_model::impact::Month;
    let checked = check(&fixtures().join("valid/impact"));
    assert!(
        checked.report.diagnostics.is_empty(),
        "{:#?}",
        checked.report.diagnostics
    );
    let impact = checked.report.project.expect("project").impact;
    let names: Vec<&str> = impact.metrics.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["people_helped", "calls_answered", "volunteer_hours"]
    );
    assert_eq!(impact.metrics[1].label["nl"], "beantwoorde gesprekken");
    assert_eq!(
        impact.equivalences[0].many["nl"],
        "{count} gezinnen met een warm huis"
    );
    let nov = Month::parse("2026-11").unwrap();
    // Day rows are summed into their month.
    assert_eq!(
        impact.values[&("calls_answered".into(), Some("evenings".into()), nov)],
        40.0
    );
    assert_eq!(impact.values[&("volunteer_hours".into(), None, nov)], 36.5);
    let teams: Vec<(&str, &str)> = impact
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t.lang.as_str()))
        .collect();
    assert_eq!(
        teams,
        [("days", "en"), ("evenings", "en"), ("evenings", "nl")]
    );
    assert_eq!(impact.teams[1].members.len(), 2);
    assert!(!impact.teams[1].members[1].consent);
    let tp = &impact.talking_points[1];
    assert_eq!(
        (
            tp.slug.as_str(),
            tp.lang.as_str(),
            tp.translation_key.as_str()
        ),
        ("calls-last-month-nl", "nl", "calls-last-month")
    );
}

#[test]
fn a_hundred_thousand_csv_rows_check_cleanly() {
    let dir = temp_site();
    let mut csv = String::from("date,team,metric,value\n");
    for i in 0..100_000u32 {
        let (day, team) = (i % 3000, i / 3000);
        let date =
            chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(day.into());
        csv.push_str(&format!("{date},t{team},calls_answered,{}\n", i % 97));
    }
    std::fs::create_dir(dir.path().join("metrics")).unwrap();
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    for team in 0..34 {
        std::fs::write(
            dir.path().join(format!("teams/t{team}.md")),
            "+++\nname = \"T\"\n+++\n",
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("metrics/all.csv"), csv).unwrap();
    let mut site = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    site.push_str("[metrics.calls_answered]\nlabel = \"calls answered\"\n");
    std::fs::write(dir.path().join("site.toml"), site).unwrap();
    let checked = check(dir.path());
    assert!(
        checked.report.diagnostics.is_empty(),
        "{:?}",
        &checked.report.diagnostics[..3.min(checked.report.diagnostics.len())]
    );
    let impact = checked.report.project.unwrap().impact;
    let total: f64 = impact.values.values().sum();
    let expected: u32 = (0..100_000u32).map(|i| i % 97).sum();
    assert_eq!(total, f64::from(expected));
}

/// One snapshot test per broken fixture folder.
macro_rules! invalid_fixtures {
    ($($name:ident => $dir:literal),* $(,)?) => {
        const INVALID_FIXTURES: &[&str] = &[$($dir),*];
        $(
            #[test]
            fn $name() {
                let dir = fixtures().join("invalid").join($dir);
                let out = rendered(&dir);
                if $dir != "warnings" {
                    assert!(check(&dir).report.has_errors(), "{} has no errors", $dir);
                }
                insta::assert_snapshot!($dir, out);
            }
        )*
    };
}

invalid_fixtures! {
    audio_without_transcript => "audio-without-transcript",
    bad_date => "bad-date",
    bad_equivalence => "bad-equivalence",
    bad_metrics_csv => "bad-metrics-csv",
    bad_team => "bad-team",
    bad_lang => "bad-lang",
    bad_medium => "bad-medium",
    bad_site_toml => "bad-site-toml",
    bad_slug => "bad-slug",
    bad_translation_of => "bad-translation-of",
    bad_url_scheme => "bad-url-scheme",
    duplicate_slug => "duplicate-slug",
    empty_file => "empty-file",
    ends_before_starts => "ends-before-starts",
    expires_before_publish => "expires-before-publish",
    invisible_char_in_slug => "invisible-char-in-slug",
    media_outside => "media-outside",
    missing_alt => "missing-alt",
    missing_media => "missing-media",
    missing_title => "missing-title",
    no_front_matter => "no-front-matter",
    nonexistent_local_time => "nonexistent-local-time",
    not_utf8 => "not-utf8",
    out_of_range => "out-of-range",
    svg_media => "svg-media",
    ten_mistakes => "ten-mistakes",
    toml_error => "toml-error",
    translation_same_language => "translation-same-language",
    unclosed_front_matter => "unclosed-front-matter",
    unknown_figure => "unknown-figure",
    unknown_key => "unknown-key",
    unknown_timezone => "unknown-timezone",
    warnings => "warnings",
    wrong_type => "wrong-type",
    yaml_error => "yaml-error",
    xss_front_matter_urls => "xss-front-matter-urls",
}

#[test]
fn every_invalid_fixture_folder_has_a_snapshot_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = INVALID_FIXTURES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

/// A small valid site in a temporary folder, for inputs generated at run time.
fn temp_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "name = \"Generated\"\nmission = \"M\"\nmission_long = \"L\"\nlanguages = [\"en\"]\n\
         timezone = \"Europe/Amsterdam\"\nbase_url = \"https://gen.example.org\"\n",
    )
    .unwrap();
    for kind in ["stories", "thanks", "events", "media"] {
        std::fs::create_dir(dir.path().join(kind)).unwrap();
    }
    dir
}

fn story(extra: &str) -> String {
    format!("+++\ntitle = \"Generated\"\ndate = 2027-01-01\nsummary = \"S\"\nconsent = true\n{extra}+++\nBody\n")
}

#[test]
fn too_long_title() {
    let dir = temp_site();
    let title = "a".repeat(100_000);
    let text = story("").replace("\"Generated\"", &format!("\"{title}\""));
    std::fs::write(dir.path().join("stories/long.md"), text).unwrap();
    insta::assert_snapshot!("too-long-title", rendered(dir.path()));
}

#[test]
fn too_many_keys_is_refused_before_parsing() {
    let dir = temp_site();
    let keys: String = (0..10_000).map(|i| format!("key{i} = {i}\n")).collect();
    std::fs::write(dir.path().join("stories/keys.md"), story(&keys)).unwrap();
    let started = std::time::Instant::now();
    let out = rendered(dir.path());
    assert!(started.elapsed().as_secs() < 5);
    insta::assert_snapshot!("too-many-keys", out);
}

#[test]
fn too_many_keys_hidden_in_an_inline_table_is_still_counted() {
    let dir = temp_site();
    let keys: Vec<String> = (0..500).map(|i| format!("k{i} = {i}")).collect();
    let extra = format!("wall = {{ {} }}\n", keys.join(", "));
    std::fs::write(dir.path().join("stories/inline.md"), story(&extra)).unwrap();
    let checked = check(dir.path());
    let codes: Vec<&str> = checked.report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["too-many-keys"]);
}

#[test]
fn oversized_file_is_refused_before_reading() {
    let dir = temp_site();
    let body = "word ".repeat(130_000);
    std::fs::write(dir.path().join("stories/huge.md"), story("") + &body).unwrap();
    insta::assert_snapshot!("oversized-file", rendered(dir.path()));
}

#[test]
fn oversized_media_is_refused() {
    let dir = temp_site();
    std::fs::write(
        dir.path().join("site.toml"),
        std::fs::read_to_string(dir.path().join("site.toml")).unwrap()
            + "[limits]\nmax_media_mb = 1\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("media/big.png"), vec![0u8; 1024 * 1024 + 1]).unwrap();
    let extra = "image = \"big.png\"\nimage_alt = \"Big\"\n";
    std::fs::write(dir.path().join("stories/big.md"), story(extra)).unwrap();
    let checked = check(dir.path());
    let codes: Vec<&str> = checked.report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["media-too-large"]);
}

#[test]
fn invisible_char_in_file_name() {
    let dir = temp_site();
    std::fs::write(dir.path().join("stories/ro\u{202E}sa.md"), story("")).unwrap();
    insta::assert_snapshot!("invisible-char-in-file-name", rendered(dir.path()));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_content_folder_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), story("")).unwrap();
    std::fs::write(outside.path().join("secret.png"), b"png").unwrap();
    let dir = temp_site();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        dir.path().join("stories/linked.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        dir.path().join("media/linked.png"),
    )
    .unwrap();
    let extra = "image = \"linked.png\"\nimage_alt = \"x\"\n";
    std::fs::write(dir.path().join("stories/uses-link.md"), story(extra)).unwrap();
    insta::assert_snapshot!("symlink-outside", rendered(dir.path()));
}

#[test]
fn missing_site_toml_still_checks_the_items() {
    let dir = temp_site();
    std::fs::remove_file(dir.path().join("site.toml")).unwrap();
    std::fs::write(dir.path().join("stories/a.md"), story("imag = \"x\"\n")).unwrap();
    let checked = check(dir.path());
    assert!(checked.report.project.is_none());
    let errs = errors(&checked);
    assert!(
        errs.iter()
            .any(|e| e.contains("site.toml") && e.contains("missing-site")),
        "{errs:?}"
    );
    assert!(errs.iter().any(|e| e.contains("unknown-key")), "{errs:?}");
}

#[test]
fn check_command_prints_all_ten_mistakes_and_exits_1() {
    let dir = fixtures().join("invalid/ten-mistakes");
    let out = binary()
        .arg("check")
        .arg(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (place, code) in [
        ("site.toml:9:11", "bad-colour"),
        ("stories/kitchen-table.md:5:1", "unknown-key"),
        ("stories/kitchen-table-copy.md:3:8", "duplicate-slug"),
        ("stories/winter-help.md:3:8", "bad-date"),
        ("stories/winter-help.md:5:16", "out-of-range"),
        ("thanks/bakery-voicemail.md:5:10", "bad-medium"),
        ("thanks/bakery-voicemail.md:6:1", "missing-transcript"),
        ("events/workshop.md:4:8", "ends-before-starts"),
        ("events/workshop.md:5:12", "bad-url-scheme"),
        ("events/remote-hour.md:4:12", "unknown-timezone"),
    ] {
        assert!(
            stderr.contains(place),
            "missing {place} ({code}) in:\n{stderr}"
        );
        assert!(stderr.contains(code), "missing {code} in:\n{stderr}");
    }
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    assert!(
        stderr.contains("10 errors, 0 warnings in 7 files"),
        "{stderr}"
    );
}

#[test]
fn check_command_json_format() {
    let dir = fixtures().join("invalid/ten-mistakes");
    let out = binary()
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], 10);
    assert_eq!(v["warnings"], 0);
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 10);
    assert_eq!(diags[0]["file"], "events/remote-hour.md");
    assert_eq!(diags[0]["line"], 4);
    assert_eq!(diags[0]["column"], 12);
    assert_eq!(diags[0]["severity"], "error");
    assert_eq!(diags[0]["code"], "unknown-timezone");
    assert_eq!(
        diags[0]["hint"],
        "use an IANA name such as Europe/Amsterdam or America/New_York"
    );
    // Deterministic: a second run prints the same bytes.
    let again = binary()
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn check_command_exit_codes() {
    let ok = binary()
        .arg("check")
        .arg(fixtures().join("valid/minimal"))
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stderr).contains("no problems in 4 files"));
    let warn = binary()
        .arg("check")
        .arg(fixtures().join("invalid/warnings"))
        .output()
        .unwrap();
    assert_eq!(warn.status.code(), Some(0), "warnings only");
    let missing = binary()
        .args(["check", "/nonexistent/content"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let usage = binary()
        .args(["check", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn new_command_writes_a_file_that_passes_check_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&fixtures().join("valid/minimal"), &content);
    for (kind, title) in [
        ("story", "Café Ñandú!"),
        ("thanks", "a family in Ohio"),
        ("event", "Spring brunch"),
    ] {
        let out = binary()
            .args(["new", kind, title, "--dir"])
            .arg(&content)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(Path::new(printed.trim()).is_file(), "{printed}");
    }
    assert!(content.join("stories/cafe-nandu.md").is_file());
    let check = binary().arg("check").arg(&content).output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let again = binary()
        .args(["new", "story", "Café Ñandú!", "--dir"])
        .arg(&content)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let es = binary()
        .args(["new", "story", "Hola", "--lang", "xx", "--dir"])
        .arg(&content)
        .output()
        .unwrap();
    assert_eq!(es.status.code(), Some(2));
}
