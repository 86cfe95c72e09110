//! `impactwall build` end to end: fixture sites compiled and written to a temporary
//! folder, the published files checked, and a failing build shown to leave the
//! previous output untouched.
#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::common::copy_tree;
use impactwall_content::{write_atomic, Compiler, OutputSet};
use impactwall_model::{EventDetail, Index, StoryDetail, ThanksDetail, DATA_VERSION};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/valid")
        .join(name)
}

fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn build(root: &Path) -> OutputSet {
    let mut compiler = Compiler::new(root).with_now(fixed_now());
    match compiler.full_build() {
        Ok((set, _warnings)) => set,
        Err(diags) => panic!(
            "build of {} failed:\n{}",
            root.display(),
            diags
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file under `dir` with the sha256 of its bytes.
fn hash_tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    hex::encode(Sha256::digest(&bytes)),
                );
            }
        }
    }
    out
}

/// A minimal XML well-formedness check: every start tag closed in order, one root.
fn assert_well_formed_xml(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert!(!text.contains('>'), "stray > in text: {text}");
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "< inside tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
        } else if !tag.ends_with('/') {
            if stack.is_empty() {
                roots += 1;
            }
            stack.push(tag.split_whitespace().next().unwrap_or("").to_owned());
        } else if stack.is_empty() {
            roots += 1;
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1);
    // Every `&` starts an entity.
    for (i, _) in xml.match_indices('&') {
        let ent = &xml[i..xml.len().min(i + 8)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| ent.starts_with(e)),
            "bare & at {ent}"
        );
    }
}

/// RFC 5545 shape: CRLF line ends, lines of at most 75 octets, balanced components.
fn assert_valid_ics(ics: &str) {
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    assert!(!ics.replace("\r\n", "").contains('\r'), "bare CR");
    let mut stack = Vec::new();
    for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
        if let Some(c) = line.strip_prefix("BEGIN:") {
            stack.push(c.to_owned());
        } else if let Some(c) = line.strip_prefix("END:") {
            assert_eq!(stack.pop().as_deref(), Some(c));
        }
    }
    assert!(stack.is_empty());
    let unfolded = ics.replace("\r\n ", "");
    for needed in [
        "VERSION:2.0",
        "PRODID:",
        "UID:",
        "DTSTAMP:",
        "DTSTART",
        "SUMMARY:",
    ] {
        assert!(unfolded.contains(needed), "missing {needed}");
    }
}

#[test]
fn small_site_builds_every_published_file() {
    let root = fixture("build-small");
    let set = build(&root);
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    let shell = tmp.path().join("shell");
    fs::create_dir_all(&shell).unwrap();
    fs::write(
        shell.join("index.html"),
        "<!doctype html><title>shell</title>",
    )
    .unwrap();
    write_atomic(&dist, &set, Some(&shell)).unwrap();
    assert!(read(&dist, "index.html").contains("shell"));

    // The index: versioned, drafts absent, sorted.
    let index: Index = serde_json::from_str(&read(&dist, "data/index.json")).unwrap();
    assert_eq!(index.version, DATA_VERSION);
    let stories: Vec<&str> = index.stories.iter().map(|s| s.meta.slug.as_str()).collect();
    assert_eq!(
        stories,
        [
            "a-quiet-callback",
            "lighthouse-night-shift",
            "lighthouse-night-shift-es"
        ]
    );
    let events: Vec<&str> = index.events.iter().map(|e| e.meta.slug.as_str()).collect();
    assert_eq!(events, ["spring-brunch", "open-day"]);
    assert_eq!(index.thanks.len(), 1);
    assert!(index.site.mission_html.contains("<strong>every</strong>"));
    assert!(!index.site.mission_html.contains("<script"));
    assert!(index.site.translations[0]
        .mission_html
        .as_deref()
        .unwrap()
        .contains("<strong>cada</strong>"));

    // Drafts appear nowhere.
    for (path, _) in hash_tree(&dist) {
        assert!(!path.to_string_lossy().contains("unfinished-draft"));
        if let Ok(text) = fs::read_to_string(dist.join(&path)) {
            assert!(
                !text.contains("secret pilot"),
                "draft text in {}",
                path.display()
            );
        }
    }

    // Detail JSON: sanitised body with hashed media.
    let story: StoryDetail =
        serde_json::from_str(&read(&dist, "data/stories/lighthouse-night-shift.json")).unwrap();
    let html = &story.body_html;
    assert!(html.contains("<strong>23:40</strong>"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("<td class=\"align-right\">52</td>"), "{html}");
    let image = story.summary.image.as_ref().unwrap();
    assert!(
        image.src.starts_with("/media/storm-desk.") && image.src.ends_with(".png"),
        "{}",
        image.src
    );
    assert!(html.contains(&format!("src=\"{}\"", image.src)), "{html}");
    assert!(html.contains("loading=\"lazy\""));
    assert_eq!(
        fs::read(dist.join(image.src.trim_start_matches('/'))).unwrap(),
        fs::read(root.join("media/storm-desk.png")).unwrap()
    );
    // Every media URL in the index is a published file.
    let index_text = read(&dist, "data/index.json");
    for (i, _) in index_text.match_indices("\"/media/") {
        let url = index_text[i + 1..].split('"').next().unwrap();
        assert!(dist.join(url.trim_start_matches('/')).is_file(), "{url}");
    }
    let thanks: ThanksDetail = serde_json::from_str(&read(
        &dist,
        "data/thanks/voicemail-for-the-billing-team.json",
    ))
    .unwrap();
    let audio = thanks.summary.audio.as_ref().unwrap();
    assert!(audio.src.starts_with("/media/voicemail.") && audio.src.ends_with(".ogg"));
    assert_eq!(audio.mime, "audio/ogg");
    assert!(thanks.summary.excerpt.chars().count() <= 280);
    assert!(thanks.summary.excerpt.starts_with("We were charged twice"));
    let event: EventDetail =
        serde_json::from_str(&read(&dist, "data/events/spring-brunch.json")).unwrap();
    assert_eq!(event.summary.ics, "/calendar/spring-brunch.ics");

    // QR code.
    let qr = read(&dist, "qr/stories/lighthouse-night-shift.svg");
    assert!(qr.contains("<svg") && qr.contains("</svg>"), "{qr}");
    assert_eq!(
        story.summary.qr.as_deref(),
        Some("/qr/stories/lighthouse-night-shift.svg")
    );

    // Calendars.
    let cal = read(&dist, "calendar.ics");
    assert_valid_ics(&cal);
    let unfolded = cal.replace("\r\n ", "");
    assert!(unfolded.contains("UID:spring-brunch@impact.example.org"));
    assert!(unfolded.contains("DTSTART;TZID=Europe/Amsterdam:20270328T103000"));
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20270514"));
    assert!(unfolded.contains("TZID:Europe/Amsterdam"));
    assert!(unfolded.contains("LOCATION:Kade 4\\, Amsterdam\\; canteen\\, 2nd floor"));
    let one = read(&dist, "calendar/spring-brunch.ics");
    assert_valid_ics(&one);
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);

    // Feed: stories and thanks only, with languages.
    let feed = read(&dist, "feed.xml");
    assert_well_formed_xml(&feed);
    assert_eq!(feed.matches("<entry ").count(), 4);
    assert!(feed.contains("<entry xml:lang=\"es\">"));
    assert!(!feed.contains("spring-brunch"));

    // Search and theme.
    // Search: one Pagefind bundle per language, the runtime beside its chunks.
    let entry: serde_json::Value =
        serde_json::from_str(&read(&dist, "pagefind/en/pagefind-entry.json")).unwrap();
    assert!(entry["languages"]["en"]["page_count"].as_u64().unwrap() >= 1);
    assert!(read(&dist, "pagefind/en/pagefind.js").contains("export"));
    assert!(!dist.join("data/search.json").exists());
    assert!(read(&dist, "theme.css").contains("--color-primary: #0b5d6b;"));
}

#[test]
fn small_site_index_snapshot() {
    let set = build(&fixture("build-small"));
    let bytes = &set.get("data/index.json").unwrap().bytes;
    let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    value["generated_at"] = serde_json::Value::String("[generated_at]".into());
    insta::assert_json_snapshot!("build_small_index", value);
}

#[test]
fn failed_build_leaves_dist_byte_for_byte_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&fixture("build-small"), &content);
    let dist = tmp.path().join("dist");
    let bin = env!("CARGO_BIN_EXE_impactwall");
    let ok = Command::new(bin)
        .args(["build"])
        .arg(&content)
        .arg("--out")
        .arg(&dist)
        .arg("--shell")
        .arg(tmp.path().join("no-shell"))
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.contains("Built 3 stories, 1 thanks, 2 events"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&ok.stderr).contains("only the content was built"));
    let before = hash_tree(&dist);
    assert!(before.len() > 10);

    // Break one story: a required field goes missing, and an unknown key appears.
    let story = content.join("stories/a-quiet-callback.md");
    let text = fs::read_to_string(&story).unwrap();
    fs::write(
        &story,
        text.replace(
            "title = \"A quiet callback\"",
            "titel = \"A quiet callback\"",
        ),
    )
    .unwrap();
    let failed = Command::new(bin)
        .args(["build"])
        .arg(&content)
        .arg("--out")
        .arg(&dist)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("stories/a-quiet-callback.md"), "{stderr}");
    assert_eq!(hash_tree(&dist), before);
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Writes a site of `n` items (a third of each kind) into `root`.
fn generate_site(root: &Path, n: usize) {
    for dir in ["stories", "thanks", "events", "media"] {
        fs::create_dir_all(root.join(dir)).unwrap();
    }
    fs::write(
        root.join("site.toml"),
        "name = \"Generated\"\nmission = \"Testing at scale\"\nmission_long = \"Long *mission*.\"\n\
         languages = [\"en\", \"es\"]\ndefault_language = \"en\"\ntimezone = \"Europe/Amsterdam\"\n\
         base_url = \"https://impact.example.org\"\n",
    )
    .unwrap();
    let paragraph = "The caller had tried three times before reaching us, and each time the \
                     line dropped. Our agent stayed on, found the refund, and called back to \
                     confirm it had arrived. ";
    for i in 0..n {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let body = format!(
            "{}\n\n**Step {i}** of the [guide](https://impact.example.org/guide).\n",
            paragraph.repeat(4)
        );
        match i % 3 {
            0 => fs::write(
                root.join(format!("stories/story-{i}.md")),
                format!(
                    "+++\ntitle = \"Story number {i}\"\ndate = 2026-{month:02}-{day:02}\n\
                     summary = \"Summary {i}\"\npeople_helped = {i}\nconsent = true\n\
                     tags = [\"t{}\"]\n+++\n\n{body}",
                    i % 7
                ),
            ),
            1 => fs::write(
                root.join(format!("thanks/thanks-{i}.md")),
                format!(
                    "+++\nfrom = \"Caller {i}\"\nto = \"Team {}\"\ndate = 2026-{month:02}-{day:02}\n\
                     medium = \"email\"\nconsent = true\n+++\n\n{body}",
                    i % 5
                ),
            ),
            _ => fs::write(
                root.join(format!("events/event-{i}.md")),
                format!(
                    "+++\ntitle = \"Event {i}\"\nstarts = 2027-{month:02}-{day:02}T10:00\n\
                     summary = \"Gathering {i}\"\n+++\n\n{body}"
                ),
            ),
        }
        .unwrap();
    }
}

/// Prints timings of a full build and of one-file rebuilds of a 1,000-item site
/// (run with `--release --nocapture` for the figures that matter).
#[test]
fn thousand_item_site_rebuilds_one_file_incrementally() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("content");
    generate_site(&root, 1_000);
    let mut compiler = Compiler::new(&root);
    let started = Instant::now();
    let (set, _) = compiler.full_build().unwrap_or_else(|d| panic!("{d:?}"));
    println!(
        "1000 items: full build {:?}, {} files, {} bytes",
        started.elapsed(),
        set.files.len(),
        set.total_bytes()
    );
    let mut timings = Vec::new();
    for round in 0..5 {
        let rel = Path::new("stories/story-300.md");
        let text = fs::read_to_string(root.join(rel)).unwrap();
        fs::write(
            root.join(rel),
            text.replace(
                "Story number 300",
                &format!("Story number 300, edit {round}"),
            ),
        )
        .unwrap();
        let started = Instant::now();
        let update = compiler
            .file_changed(rel)
            .unwrap_or_else(|d| panic!("{d:?}"));
        timings.push(started.elapsed());
        assert!(update
            .changed
            .contains(&"data/stories/story-300.json".to_owned()));
        assert!(update.changed.contains(&"data/index.json".to_owned()));
        assert!(!update
            .changed
            .contains(&"data/stories/story-303.json".to_owned()));
        assert!(!update
            .changed
            .iter()
            .any(|p| p.starts_with("data/thanks/") || p.starts_with("calendar/")));
    }
    println!("1000 items: one-file rebuilds {timings:?}");

    // A new file and a removed file.
    fs::write(
        root.join("thanks/new-one.md"),
        "+++\nfrom = \"Someone new\"\nto = \"Everyone\"\ndate = 2026-05-05\nmedium = \"card\"\nconsent = true\n+++\n\nThanks!\n",
    )
    .unwrap();
    let started = Instant::now();
    let added = compiler
        .file_changed(Path::new("thanks/new-one.md"))
        .unwrap();
    println!("1000 items: added file {:?}", started.elapsed());
    assert!(added
        .changed
        .contains(&"data/thanks/new-one.json".to_owned()));
    fs::remove_file(root.join("events/event-2.md")).unwrap();
    let removed = compiler
        .file_removed(Path::new("events/event-2.md"))
        .unwrap();
    assert!(removed
        .changed
        .contains(&"data/events/event-2.json".to_owned()));
    assert!(removed.changed.contains(&"calendar/event-2.ics".to_owned()));
    assert!(removed.output.get("data/events/event-2.json").is_none());

    // A batch of edits is one rebuild covering both files.
    for slug in ["story-9", "story-12"] {
        let path = root.join(format!("stories/{slug}.md"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("Summary", "Batch summary")).unwrap();
    }
    let batch = compiler
        .apply(
            &[
                Path::new("stories/story-9.md"),
                Path::new("stories/story-12.md"),
            ],
            &[],
        )
        .unwrap();
    assert!(batch
        .changed
        .contains(&"data/stories/story-9.json".to_owned()));
    assert!(batch
        .changed
        .contains(&"data/stories/story-12.json".to_owned()));

    // A broken edit keeps the last good output and reports the file.
    fs::write(root.join("stories/story-0.md"), "+++\ntitle = 3\n+++\n").unwrap();
    let errors = compiler
        .file_changed(Path::new("stories/story-0.md"))
        .unwrap_err();
    assert!(errors
        .iter()
        .any(|d| d.file == Path::new("stories/story-0.md")));
    assert!(compiler
        .last_good()
        .unwrap()
        .get("data/stories/story-0.json")
        .is_some());
}

/// Full build of the repository's sample content (or `IMPACTWALL_SAMPLE_CONTENT`),
/// when present.
#[test]
fn sample_content_full_build_time() {
    let root = std::env::var_os("IMPACTWALL_SAMPLE_CONTENT")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    if !root.join("site.toml").is_file() {
        println!("no sample content in {}; skipped", root.display());
        return;
    }
    let started = Instant::now();
    let mut compiler = Compiler::new(&root);
    let (set, warnings) = compiler.full_build().unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    println!(
        "sample content: full build {:?}, {} files, {} bytes, {} warnings",
        started.elapsed(),
        set.files.len(),
        set.total_bytes(),
        warnings.len()
    );
}

/// The feed and calendars read back by real clients (Python feedparser and
/// icalendar), when they are installed; `make test` runs the script directly too.
#[test]
fn python_clients_read_feed_and_calendars() {
    let has_clients = Command::new("python3")
        .args(["-c", "import feedparser, icalendar"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_clients {
        println!("python3 with feedparser and icalendar not found; skipped");
        return;
    }
    let set = build(&fixture("build-small"));
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    write_atomic(&dist, &set, None).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/check_feed_calendar.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&dist)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn compiler_can_move_to_a_server_thread() {
    fn assert_send<T: Send + 'static>() {}
    assert_send::<Compiler>();
    assert_send::<OutputSet>();
}

/// Times 100 KB pathological Markdown inputs through the public renderer (run with
/// `--release --nocapture` for the figures that matter).
#[test]
fn pathological_markdown_timings() {
    use impactwall_content::markdown::render;
    use impactwall_content::Limits;
    const SIZE: usize = 100 * 1024;
    let inputs: Vec<(&str, String)> = vec![
        ("10,000+ nested quotes", ">".repeat(SIZE)),
        ("nested ordered lists", "1. ".repeat(SIZE / 3)),
        (
            "indented lists",
            (0..SIZE / 50)
                .map(|i| format!("{}- x\n", " ".repeat(i % 45)))
                .collect(),
        ),
        ("emphasis", "*a **b ".repeat(SIZE / 7)),
        ("open links", "[a](".repeat(SIZE / 4)),
        ("backticks", "`a``".repeat(SIZE / 4)),
        ("raw html", "<a ".repeat(SIZE / 3)),
        (
            "table rows",
            format!("|a|b|\n|-|-|\n{}", "|x|y|\n".repeat(SIZE / 6)),
        ),
    ];
    let limits = Limits::default();
    for (name, md) in &inputs {
        let started = Instant::now();
        let rendered = render(md, &limits).unwrap();
        let elapsed = started.elapsed();
        println!(
            "markdown {name}: {} KB in, {} KB out, {elapsed:?}",
            md.len() / 1024,
            rendered.html.len() / 1024
        );
        assert!(elapsed.as_secs() < 60, "{name} took {elapsed:?}");
        assert!(!rendered.html.contains("<script"));
    }
}

/// The impact data: values summed per team and month, `people_helped` from the
/// stories, consent-filtered members, and talking points (files and stories) whose
/// figures resolve against the published month starts.
#[test]
fn impact_data_is_published_and_resolves() {
    use impactwall_model::impact::{month_at, ImpactData, Month, Period};
    let out = build(&fixture("impact"));
    let file = out.get("data/impact.json").expect("data/impact.json");
    let data: ImpactData = serde_json::from_slice(&file.bytes).unwrap();
    let nov = Month::parse("2026-11").unwrap();
    // Built on 20 November; 1 December 00:30 in Amsterdam is 23:30 UTC on the 30th.
    let now = DateTime::parse_from_rfc3339("2026-11-30T23:30:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let current = month_at(now, &data.month_starts).unwrap();
    assert_eq!(current, nov.next());
    assert_eq!(
        data.value(
            "calls_answered",
            Some("evenings"),
            Period::LastMonth,
            current
        ),
        40.0
    );
    assert_eq!(
        data.value("calls_answered", None, Period::LastMonth, current),
        640.0
    );
    assert_eq!(
        data.value("people_helped", Some("evenings"), Period::ThisYear, current),
        14.0
    );
    assert_eq!(
        data.value("people_helped", None, Period::Total, current),
        14.0
    );
    let point = data
        .talking_points
        .iter()
        .find(|t| t.slug == "calls-last-month")
        .unwrap();
    let plain = |n: f64| format!("{n}");
    assert_eq!(
        data.resolve(&point.text, None, current, &plain),
        "Last month we answered 640 calls: every one was someone who did not have to wait alone."
    );
    assert!(point.background_html.contains("<p>Use this when"));
    let from_story = data
        .talking_points
        .iter()
        .find(|t| t.source.as_deref() == Some("warm-again") && t.slug.starts_with("story-"))
        .unwrap();
    assert_eq!(
        data.resolve(&from_story.text, None, nov, &plain),
        "This month we helped 14 people keep the heating on."
    );
    let evenings = data
        .teams
        .iter()
        .find(|t| t.team == "evenings" && t.lang == "en")
        .unwrap();
    // Milan did not give consent: only Femke is named.
    let members: Vec<&str> = evenings.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["Femke"]);
    assert!(evenings
        .description_html
        .contains("<strong>after work</strong>"));
    let photo = evenings.photo.as_ref().unwrap();
    assert!(
        photo.src.starts_with("/media/desk.")
            && out.get(photo.src.trim_start_matches('/')).is_some()
    );
    let e = &data.equivalences[0];
    assert_eq!(
        e.sentence(14.0, "nl", "en", &plain).as_deref(),
        Some("3 gezinnen met een warm huis")
    );
}

/// Every file of `dir` by relative path, with its inode.
#[cfg(unix)]
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                e.metadata().unwrap().ino(),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_rebuild_after_one_edit_writes_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&crate::common::fixtures().join("digest"), &content);
    let shell = tmp.path().join("shell");
    crate::common::server::write_fake_shell(&shell);
    let dist = tmp.path().join("dist");
    let build = || {
        let out = crate::common::binary()
            .args(["build"])
            .arg(&content)
            .arg("--out")
            .arg(&dist)
            .arg("--shell")
            .arg(&shell)
            .args(["--now", "2027-03-25T12:00:00Z"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = build();
    let before = inodes(&dist);
    assert!(
        first.contains(&format!("{} files written, 0 unchanged", before.len())),
        "{first}"
    );
    // Nothing changed: every file is the previous build's.
    let same = build();
    assert!(
        same.contains(&format!("0 files written, {} unchanged", before.len())),
        "{same}"
    );
    assert_eq!(inodes(&dist), before);
    // One story's text changes.
    let story = content.join("stories/lighthouse-night.md");
    let text = fs::read_to_string(&story).unwrap();
    fs::write(
        &story,
        text.replace("Mira took the call", "Mira answered the call"),
    )
    .unwrap();
    let edited = build();
    let after = inodes(&dist);
    // The same files, apart from the search chunks, which are named by their content.
    let names = |files: &BTreeMap<String, u64>| -> Vec<String> {
        (files.keys())
            .filter(|p| !p.starts_with("pagefind/"))
            .cloned()
            .collect()
    };
    assert_eq!(names(&after), names(&before));
    let rewritten: Vec<&str> = (after.iter())
        .filter(|(path, ino)| before.get(*path) != Some(ino))
        .map(|(path, _)| path.as_str())
        .collect();
    // Its page and data file, and the files that carry its text (the search index and
    // the feeds); nothing else: not the other stories' pages, not the lists.
    assert!(
        rewritten.contains(&"stories/lighthouse-night/index.html"),
        "{rewritten:?}"
    );
    assert!(
        rewritten.contains(&"data/stories/lighthouse-night.json"),
        "{rewritten:?}"
    );
    for unrelated in [
        "stories/before-the-period/index.html",
        "events/spring-brunch/index.html",
        "index.html",
        "stories/index.html",
    ] {
        assert!(
            !rewritten.contains(&unrelated),
            "{unrelated} in {rewritten:?}"
        );
    }
    eprintln!("rewritten: {rewritten:?}");
    assert!(
        edited.contains(&format!(
            "{} files written, {} unchanged",
            rewritten.len(),
            after.len() - rewritten.len()
        )),
        "{edited}"
    );
}
