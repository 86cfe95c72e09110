//! Hostile content against the real `impactwall` binary: every test builds or checks
//! a generated site in a temporary folder, with a hang guard on the spawned process,
//! and asserts a clear diagnostic (or acceptance where that is the rule) plus that
//! nothing from outside the content folder reaches the output.
//!
//! Layout of every generated site:
//! ```text
//! tmp/
//!   secret.png, secret.md     files beside the content folder that must never leak
//!   content/                  site.toml, stories/, thanks/, events/, media/
//!   out/                      build output
//! ```

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::repo;

/// A hang guard, not a benchmark: a debug build on a busy machine stays far below it.
const HANG_GUARD: Duration = Duration::from_secs(20);

/// Bytes that exist only in the files beside the content folder.
const SECRET: &[u8] = b"SECRET-BESIDE-CONTENT-7f3a";

/// A one-pixel PNG followed by the secret marker: a real image the build would copy.
fn secret_png() -> Vec<u8> {
    let mut png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    png.extend_from_slice(SECRET);
    png
}

struct Site {
    tmp: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        Site::with_site_toml("")
    }

    /// A valid minimal site; `extra` is appended to `site.toml`.
    fn with_site_toml(extra: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        for kind in ["stories", "thanks", "events", "media"] {
            std::fs::create_dir_all(content.join(kind)).unwrap();
        }
        std::fs::write(
            content.join("site.toml"),
            format!(
                "name = \"Harbour Aid\"\nmission = \"A next step for every caller.\"\n\
                 mission_long = \"We answer every call.\"\nlanguages = [\"en\", \"es\"]\n\
                 timezone = \"Europe/Amsterdam\"\nbase_url = \"https://aid.example.org\"\n{extra}"
            ),
        )
        .unwrap();
        std::fs::write(tmp.path().join("secret.png"), secret_png()).unwrap();
        let mut md = story("title = \"Secret story\"\n", "Body");
        md.push_str(std::str::from_utf8(SECRET).unwrap());
        std::fs::write(tmp.path().join("secret.md"), md).unwrap();
        std::fs::write(content.join("media/ok.png"), &secret_png()[..33]).unwrap();
        Site { tmp }
    }

    fn content(&self) -> PathBuf {
        self.tmp.path().join("content")
    }

    fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let path = self.content().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    fn check(&self) -> Run {
        run(&[
            "check".as_ref(),
            self.content().as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])
    }

    fn build(&self) -> Run {
        run(&[
            "build".as_ref(),
            self.content().as_os_str(),
            "--out".as_ref(),
            self.out().as_os_str(),
            "--shell".as_ref(),
            self.tmp.path().join("no-shell").as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])
    }

    /// Every output file, relative path and bytes.
    fn output(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        if self.out().exists() {
            collect(&self.out(), &self.out(), &mut files);
        }
        files
    }

    /// Asserts that neither the secret bytes nor anything else from outside `content/`
    /// were written by the build.
    fn assert_nothing_leaked(&self) {
        for (path, bytes) in self.output() {
            assert!(
                !bytes.windows(SECRET.len()).any(|w| w == SECRET),
                "{path} holds bytes from outside the content folder"
            );
        }
    }
}

pub(super) fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((rel, std::fs::read(&path).unwrap()));
        }
    }
}

fn story(fields: &str, body: &str) -> String {
    format!("+++\n{fields}date = 2026-10-01\nsummary = \"S\"\nconsent = true\n+++\n\n{body}\n")
}

fn story_titled(extra: &str, body: &str) -> String {
    story(&format!("title = \"A story\"\n{extra}"), body)
}

/// The result of one spawned command.
pub(super) struct Run {
    pub(super) success: bool,
    stdout: String,
    pub(super) stderr: String,
    elapsed: Duration,
}

impl Run {
    /// Diagnostics of a `--format json` run.
    fn diagnostics(&self) -> Vec<Value> {
        let doc: Value = serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        });
        doc["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    fn errors(&self) -> Vec<Value> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d["severity"] == "error")
            .collect()
    }

    /// `(code, file)` of every error.
    fn error_codes(&self) -> Vec<(String, String)> {
        self.errors()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_owned(),
                    d["file"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    }

    fn assert_error(&self, code: &str, file: &str) {
        let codes = self.error_codes();
        assert!(
            codes.iter().any(|(c, f)| c == code && f == file),
            "expected error {code} in {file}, got {codes:?}\nstderr: {}",
            self.stderr
        );
        assert!(!self.success, "errors must fail the command");
    }

    /// A clear diagnostic: a message, a position and (for errors) no empty text.
    fn assert_clear(&self) {
        for d in self.diagnostics() {
            assert!(d["message"].as_str().is_some_and(|m| m.len() > 10), "{d}");
            assert!(d["line"].as_u64().is_some_and(|l| l >= 1), "{d}");
            assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "{d}");
            let message = d["message"].as_str().unwrap_or("");
            assert!(
                message.chars().count() < 400,
                "a message must not echo huge input: {} chars",
                message.chars().count()
            );
        }
    }
}

/// Runs the binary with a hang guard: the process is killed and the test fails when it
/// has not finished within [`HANG_GUARD`].
pub(super) fn run(args: &[&std::ffi::OsStr]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_impactwall"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain pipes on threads so a chatty process cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("impactwall {args:?} did not finish within {HANG_GUARD:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "impactwall panicked:\n{stderr}"
    );
    Run {
        success: status.success(),
        stdout,
        stderr,
        elapsed,
    }
}

// ---------------------------------------------------------------- limits

#[test]
fn a_100_000_character_title_is_refused_clearly() {
    let site = Site::new();
    let title = "a".repeat(100_000);
    site.write(
        "stories/long.md",
        story(&format!("title = \"{title}\"\n"), "Body"),
    );
    let check = site.check();
    check.assert_error("too-long", "stories/long.md");
    check.assert_clear();
    let build = site.build();
    build.assert_error("too-long", "stories/long.md");
    assert!(!site.out().exists(), "a failed build writes nothing");
}

#[test]
fn ten_thousand_front_matter_keys_are_refused_clearly() {
    let site = Site::new();
    let keys: String = (0..10_000).map(|i| format!("key{i} = {i}\n")).collect();
    site.write("stories/keys.md", story_titled(&keys, "Body"));
    let check = site.check();
    check.assert_error("too-many-keys", "stories/keys.md");
    check.assert_clear();
    // One error for the file, not ten thousand unknown-key errors.
    assert_eq!(check.errors().len(), 1, "{:?}", check.error_codes());
}

#[test]
fn ten_thousand_keys_in_yaml_are_refused_too() {
    let site = Site::new();
    let keys: String = (0..10_000).map(|i| format!("key{i}: {i}\n")).collect();
    site.write(
        "stories/keys.md",
        format!("---\ntitle: A story\ndate: 2026-10-01\n{keys}---\nBody\n"),
    );
    let check = site.check();
    check.assert_error("too-many-keys", "stories/keys.md");
    check.assert_clear();
}

#[test]
fn a_10_mb_file_is_refused_before_it_is_read() {
    let site = Site::new();
    let mut md = story_titled("", "");
    md.push_str(&"All work and no play. ".repeat(10 * 1024 * 1024 / 22));
    site.write("stories/huge.md", md);
    let check = site.check();
    check.assert_error("file-too-large", "stories/huge.md");
    check.assert_clear();
    let build = site.build();
    build.assert_error("file-too-large", "stories/huge.md");
    assert!(!site.out().exists());
}

#[test]
fn the_file_size_limit_is_configurable() {
    // 600 KB: over the documented default of 512 KB, under a raised limit of 1024 KB.
    let mut md = story_titled("", "");
    md.push_str(&"Plenty of words in a long letter. ".repeat(600 * 1024 / 34));
    let default = Site::new();
    default.write("stories/long-letter.md", &md);
    default
        .check()
        .assert_error("file-too-large", "stories/long-letter.md");
    let raised = Site::with_site_toml("\n[limits]\nmax_file_kb = 1024\n");
    raised.write("stories/long-letter.md", &md);
    let build = raised.build();
    assert!(build.success, "{}", build.stderr);
    assert!(raised.out().join("data/stories/long-letter.json").is_file());
}

#[test]
fn a_huge_site_toml_is_refused() {
    let site = Site::new();
    let mut toml = std::fs::read_to_string(site.content().join("site.toml")).unwrap();
    toml.push_str(&format!("# {}\n", "x".repeat(2 * 1024 * 1024)));
    site.write("site.toml", toml);
    let check = site.check();
    assert!(!check.success);
    assert!(!check.errors().is_empty());
    check.assert_clear();
}

/// Nesting 10,000 levels deep renders in bounded time, with the depth capped.
fn deep_body_builds(body: &str, open_tag: &str) {
    let site = Site::new();
    site.write("stories/deep.md", story_titled("", body));
    let build = site.build();
    assert!(build.success, "{}", build.stderr);
    assert!(build.elapsed < HANG_GUARD);
    let detail: Value =
        serde_json::from_slice(&std::fs::read(site.out().join("data/stories/deep.json")).unwrap())
            .unwrap();
    let html = detail["body_html"].as_str().unwrap();
    let depth = html.matches(open_tag).count();
    assert!(depth <= 64, "{depth} nested {open_tag} survived");
    assert!(html.len() < 1024 * 1024, "output stays small");
}

#[test]
fn ten_thousand_nested_quotes_render_flattened() {
    deep_body_builds(&format!("{} deep", ">".repeat(10_000)), "<blockquote");
}

#[test]
fn ten_thousand_nested_lists_render_flattened() {
    deep_body_builds(&format!("{}deep", "- ".repeat(10_000)), "<ul");
}

#[test]
fn ten_thousand_nested_ordered_lists_and_quotes_render_flattened() {
    deep_body_builds(&format!("{}deep", "1. > ".repeat(5_000)), "<blockquote");
}

#[test]
fn pathological_inline_nesting_renders_in_bounded_time() {
    let bodies = [
        format!(
            "{}x{}",
            "[".repeat(10_000),
            "](https://a.example)".repeat(10_000)
        ),
        format!("{}x{}", "*".repeat(10_000), "*".repeat(10_000)),
        format!("{}x", "![".repeat(10_000)),
        "<".repeat(10_000),
        format!("{}x{}", "`".repeat(5_000), "`".repeat(4_999)),
    ];
    for body in bodies {
        let site = Site::new();
        site.write("stories/inline.md", story_titled("", &body));
        let build = site.build();
        assert!(build.success, "{}", build.stderr);
    }
}

// ---------------------------------------------------------------- encodings

#[test]
fn bom_crlf_and_mixed_line_endings_are_accepted() {
    let site = Site::new();
    let crlf = "+++\r\ntitle = \"Windows line endings\"\r\ndate = 2026-10-01\r\nsummary = \"S\"\r\nconsent = true\r\n+++\r\n\r\nBody one.\r\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(story("title = \"Starts with a BOM\"\n", "Body").as_bytes());
    let mixed = "+++\ntitle = \"Mixed endings\"\r\ndate = 2026-10-01\rsummary = \"S\"\nconsent = true\r\n+++\r\rBody\r\nmore\n";
    site.write("stories/crlf.md", crlf)
        .write("stories/bom.md", bom)
        .write("stories/mixed.md", mixed);
    let build = site.build();
    assert!(build.success, "{}", build.stderr);
    assert!(build.errors().is_empty());
    let title = |slug: &str| -> String {
        let v: Value = serde_json::from_slice(
            &std::fs::read(site.out().join(format!("data/stories/{slug}.json"))).unwrap(),
        )
        .unwrap();
        v["title"].as_str().unwrap().to_owned()
    };
    assert_eq!(title("crlf"), "Windows line endings");
    assert_eq!(title("bom"), "Starts with a BOM");
    assert_eq!(title("mixed"), "Mixed endings");
}

#[test]
fn a_bom_in_site_toml_is_accepted() {
    let site = Site::new();
    let mut toml = b"\xEF\xBB\xBF".to_vec();
    toml.extend(std::fs::read(site.content().join("site.toml")).unwrap());
    site.write("site.toml", toml);
    let check = site.check();
    assert!(check.success, "{}", check.stderr);
}

#[test]
fn non_utf8_bytes_are_refused_with_their_position() {
    let site = Site::new();
    let mut bytes = story_titled("", "").into_bytes();
    bytes.extend_from_slice(b"Caf\xe9 latte\n");
    site.write("stories/latin1.md", bytes);
    let check = site.check();
    check.assert_error("not-utf8", "stories/latin1.md");
    check.assert_clear();
    let err = &check.errors()[0];
    assert_eq!(err["line"], 9, "{err}");
    assert_eq!(err["column"], 4, "{err}");
}

#[test]
fn zero_width_and_rtl_override_in_slugs_are_refused() {
    let site = Site::new();
    site.write(
        "stories/zero-width.md",
        story_titled("slug = \"rosa\u{200B}-story\"\n", "Body"),
    )
    .write(
        "stories/rtl.md",
        story_titled("slug = \"gpj\u{202E}.exe\"\n", "Body"),
    )
    .write("stories/ro\u{202E}sa.md", story_titled("", "Body"))
    .write("stories/ro\u{200D}sa.md", story_titled("", "Body"));
    let check = site.check();
    check.assert_clear();
    let codes = check.error_codes();
    for file in ["stories/zero-width.md", "stories/rtl.md"] {
        assert!(
            codes
                .iter()
                .any(|(c, f)| f == file && (c == "invisible-char" || c == "bad-slug")),
            "{file}: {codes:?}"
        );
    }
    // The invisible character in a file name is reported, not silently published.
    let named: Vec<_> = codes
        .iter()
        .filter(|(_, f)| f.contains("ro") && f.contains("sa.md"))
        .collect();
    assert_eq!(named.len(), 2, "{codes:?}");
    // And made visible in the message, so the author can find it.
    for d in check.errors() {
        let m = d["message"].as_str().unwrap_or("");
        assert!(
            !m.contains('\u{202E}'),
            "the raw override would reverse the message itself: {m}"
        );
    }
}

#[test]
fn invisible_characters_never_reach_a_published_slug() {
    let site = Site::new();
    site.write(
        "stories/plain.md",
        story("title = \"Ro\u{200B}sa \u{202E}finds her voice\"\n", "Body"),
    );
    let build = site.build();
    assert!(build.success, "{}", build.stderr);
    for (path, _) in site.output() {
        assert!(
            !path.chars().any(|c| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')),
            "{path:?} carries an invisible character"
        );
    }
}

#[test]
fn control_characters_in_content_do_not_reach_the_terminal() {
    let site = Site::new();
    // An escape sequence in a key name and in a link: a report must not replay it.
    site.write(
        "stories/esc.md",
        story_titled(
            "\"\u{1b}[2J\u{1b}]0;pwned\u{7}\" = 1\n",
            "[x](javascript:\u{1b}[31mred)",
        ),
    );
    // The same sequence written as a TOML escape is valid TOML: an unknown key whose
    // name would be echoed in the message.
    site.write(
        "stories/escaped.md",
        story_titled("\"\\u001b[2J\\u001b]0;pwned\\u0007\" = 1\n", "Body"),
    );
    let human = run(&["check".as_ref(), site.content().as_os_str()]);
    assert!(!human.success);
    assert!(
        !human.stderr.contains('\u{1b}') && !human.stdout.contains('\u{1b}'),
        "raw ESC in the report: {:?}",
        human.stderr
    );
}

// ---------------------------------------------------------------- paths

#[test]
fn media_paths_leaving_the_media_folder_are_refused() {
    let site = Site::new();
    let cases = [
        ("dotdot", "media/../../secret.png"),
        ("dotdot-short", "../secret.png"),
        ("dotdot-deep", "ok/../../../secret.png"),
        ("absolute", "/etc/hostname.png"),
        ("absolute-tmp", "SECRET_ABS"),
        ("encoded", "media/%2e%2e/%2e%2e/secret.png"),
        ("encoded-upper", "%2E%2E/secret.png"),
        ("encoded-slash", "..%2fsecret.png"),
        ("backslash", "media\\..\\..\\secret.png"),
        ("drive", "C:\\secret.png"),
        ("file-url", "file:///etc/passwd.png"),
        ("nul", "ok.png\u{0}.png"),
    ];
    let secret_abs = site.tmp.path().join("secret.png");
    for (name, path) in cases {
        let path = path.replace("SECRET_ABS", &secret_abs.to_string_lossy());
        let toml_path = path.replace('\\', "\\\\").replace('\u{0}', "\\u0000");
        site.write(
            &format!("stories/{name}.md"),
            story_titled(
                &format!("image = \"{toml_path}\"\nimage_alt = \"A picture\"\n"),
                "Body",
            ),
        );
    }
    let check = site.check();
    check.assert_clear();
    let codes = check.error_codes();
    for (name, _) in cases {
        let file = format!("stories/{name}.md");
        assert!(
            codes
                .iter()
                .any(|(c, f)| *f == file && (c == "media-outside" || c == "bad-media-type")),
            "{file} not refused as outside: {codes:?}"
        );
    }
    let build = site.build();
    assert!(!build.success);
    site.assert_nothing_leaked();
}

#[test]
fn audio_and_logo_paths_are_validated_the_same_way() {
    let site = Site::with_site_toml("logo = \"../secret.png\"\nlogo_alt = \"Logo\"\n");
    site.write(
        "thanks/voicemail.md",
        "+++\nfrom = \"a caller\"\nto = \"Phones\"\ndate = 2026-10-01\nmedium = \"voicemail\"\n\
         audio = \"media/../../secret.ogg\"\ntranscript = \"Thanks.\"\nconsent = true\n+++\nThanks\n",
    );
    std::fs::write(site.tmp.path().join("secret.ogg"), SECRET).unwrap();
    let check = site.check();
    check.assert_error("media-outside", "site.toml");
    check.assert_error("media-outside", "thanks/voicemail.md");
    site.build();
    site.assert_nothing_leaked();
}

#[test]
fn markdown_images_outside_the_media_folder_are_never_copied() {
    let site = Site::new();
    site.write(
        "stories/body-paths.md",
        story_titled(
            "",
            "![a](media/../../secret.png) ![b](../secret.png) ![c](media/%2e%2e/%2e%2e/secret.png) \
             ![d](/secret.png) ![e](media\\..\\..\\secret.png) ![f](file:///etc/passwd)",
        ),
    );
    let build = site.build();
    // Refused or rendered without the file: either way nothing from outside is copied.
    site.assert_nothing_leaked();
    if build.success {
        let v: Value = serde_json::from_slice(
            &std::fs::read(site.out().join("data/stories/body-paths.json")).unwrap(),
        )
        .unwrap();
        let html = v["body_html"].as_str().unwrap();
        assert!(!html.contains("file:"), "{html}");
        assert!(!html.contains("/media/secret"), "{html}");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_the_content_folder_are_refused() {
    use std::os::unix::fs::symlink;
    let site = Site::new();
    let tmp = site.tmp.path();
    symlink(
        tmp.join("secret.png"),
        site.content().join("media/linked.png"),
    )
    .unwrap();
    symlink(tmp, site.content().join("media/up")).unwrap();
    symlink(
        tmp.join("secret.md"),
        site.content().join("stories/linked.md"),
    )
    .unwrap();
    std::fs::create_dir(tmp.join("outside-stories")).unwrap();
    std::fs::copy(
        tmp.join("secret.md"),
        tmp.join("outside-stories/also-secret.md"),
    )
    .unwrap();
    symlink(
        tmp.join("outside-stories"),
        site.content().join("stories/linked-dir"),
    )
    .unwrap();
    site.write(
        "stories/uses-link.md",
        story_titled("image = \"linked.png\"\nimage_alt = \"x\"\n", "Body"),
    )
    .write(
        "stories/uses-dir-link.md",
        story_titled("image = \"up/secret.png\"\nimage_alt = \"x\"\n", "Body"),
    )
    .write(
        "stories/body-link.md",
        story_titled("", "![x](media/linked.png) ![y](media/up/secret.png)"),
    );
    let check = site.check();
    check.assert_clear();
    check.assert_error("media-outside", "stories/uses-link.md");
    check.assert_error("media-outside", "stories/uses-dir-link.md");
    let codes = check.error_codes();
    assert!(
        codes.iter().any(|(_, f)| f == "stories/linked.md"),
        "a symlinked story file is reported: {codes:?}"
    );
    site.build();
    site.assert_nothing_leaked();
}

#[cfg(unix)]
#[test]
fn a_symlinked_site_toml_is_refused() {
    use std::os::unix::fs::symlink;
    let site = Site::new();
    let real = site.tmp.path().join("real-site.toml");
    std::fs::rename(site.content().join("site.toml"), &real).unwrap();
    symlink(&real, site.content().join("site.toml")).unwrap();
    site.write("stories/a.md", story_titled("", "Body"));
    let check = site.check();
    assert!(!check.success, "site.toml from outside the folder was read");
}

#[test]
fn a_valid_site_builds_and_nothing_outside_is_copied() {
    // The control case: without tricks the build succeeds and still leaks nothing.
    let site = Site::new();
    site.write(
        "stories/fine.md",
        story_titled(
            "image = \"ok.png\"\nimage_alt = \"A pixel\"\n",
            "![a](media/ok.png)",
        ),
    );
    let build = site.build();
    assert!(build.success, "{}", build.stderr);
    assert!(build.errors().is_empty());
    assert!(site
        .output()
        .iter()
        .any(|(p, _)| p.starts_with("media/ok.")));
    site.assert_nothing_leaked();
}

// ---------------------------------------------------------------- the XSS corpus

/// The corpus checks clean: every hostile string is acceptable text.
#[test]
fn the_xss_corpus_checks_without_errors() {
    let corpus = repo().join("tests/fixtures/xss");
    let check = run(&[
        "check".as_ref(),
        corpus.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert!(check.success, "{}", check.stdout);
    assert!(check.errors().is_empty(), "{:?}", check.error_codes());
}

/// Front-matter URL and media fields with hostile schemes are refused by `check`,
/// one error per field.
#[test]
fn hostile_front_matter_urls_are_errors() {
    let fixture = repo().join("tests/fixtures/invalid/xss-front-matter-urls");
    let check = run(&[
        "check".as_ref(),
        fixture.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert!(!check.success);
    check.assert_clear();
    let errors = check.errors();
    let files: Vec<String> = ["stories", "thanks", "events"]
        .iter()
        .flat_map(|kind| {
            std::fs::read_dir(fixture.join(kind))
                .unwrap()
                .map(|e| format!("{kind}/{}", e.unwrap().file_name().to_string_lossy()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(files.len() >= 20, "{files:?}");
    for file in &files {
        let fields: Vec<&Value> = errors.iter().filter(|d| d["file"] == **file).collect();
        assert!(!fields.is_empty(), "{file} has no error");
        if file.starts_with("events/") {
            assert_eq!(fields.len(), 2, "online_url and rsvp_url in {file}");
            assert!(
                fields.iter().all(|d| d["code"] == "bad-url-scheme"),
                "{fields:?}"
            );
        }
    }
}

/// Tags and attributes the sanitised HTML may contain. Anything else in a rendered
/// body means markup from content got through.
const SAFE_TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "div",
    "span",
    "input",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
];
const SAFE_ATTRS: &[&str] = &[
    "href", "src", "alt", "title", "class", "id", "rel", "loading", "start", "type", "checked",
    "disabled", "colspan", "rowspan", "align", "width", "height", "decoding",
];

/// A small tag scanner for sanitised HTML (attribute values are always quoted there).
pub(super) fn assert_safe_html(html: &str, what: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let tag_text = &rest[usize::from(closing)..];
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quoted = false;
        let end = tag_text
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(tag_text.len(), |(i, _)| i);
        let inner = &tag_text[..end];
        let name: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            SAFE_TAGS.contains(&name.as_str()),
            "{what}: tag <{name}> in {html}"
        );
        if name == "input" {
            assert!(inner.contains("type=\"checkbox\""), "{what}: {inner}");
        }
        let mut attrs = &inner[name.len()..];
        while let Some(eq) = attrs.find("=\"") {
            let attr = attrs[..eq].trim().to_ascii_lowercase();
            let value_start = eq + 2;
            let value_len = attrs[value_start..].find('"').unwrap_or(0);
            let value = &attrs[value_start..value_start + value_len];
            assert!(
                SAFE_ATTRS.contains(&attr.as_str()),
                "{what}: attribute {attr} in <{inner}>"
            );
            if attr == "href" || attr == "src" {
                let lower: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let safe = lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with("mailto:")
                    || lower.starts_with('/')
                    || lower.starts_with('#')
                    || !lower
                        .split(['/', '?', '#'])
                        .next()
                        .unwrap_or("")
                        .contains(':');
                assert!(safe, "{what}: {attr}=\"{value}\"");
                assert!(!value.contains("&#"), "{what}: entity in URL {value}");
            }
            attrs = &attrs[value_start + value_len + 1..];
        }
        rest = &tag_text[end..];
    }
}

#[test]
fn the_xss_corpus_builds_to_html_without_any_live_markup() {
    let corpus = repo().join("tests/fixtures/xss");
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    let build = run(&[
        "build".as_ref(),
        corpus.as_os_str(),
        "--out".as_ref(),
        dist.as_os_str(),
        "--shell".as_ref(),
        out.path().join("no-shell").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert!(build.success, "{}", build.stderr);
    let mut bodies = 0;
    let mut files = Vec::new();
    collect(&dist, &dist, &mut files);
    for (path, bytes) in &files {
        if !path.ends_with(".json") {
            continue;
        }
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        let mut htmls = Vec::new();
        find_html(&doc, "", &mut htmls);
        for (key, html) in htmls {
            bodies += 1;
            assert_safe_html(&html, &format!("{path} {key}"));
        }
    }
    assert!(bodies >= 12, "only {bodies} HTML fields checked");
    // Feeds and QR codes are XML read by other programs: content in them is escaped.
    // (Atom `content type="html"` carries the sanitised body, escaped once.)
    for (path, bytes) in &files {
        if path.ends_with(".xml") || path.ends_with(".svg") {
            let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
            for needle in ["<script", "<img", "<svg onload", "<iframe", "<details"] {
                assert!(!text.contains(needle), "{path} holds raw {needle}");
            }
        }
        // Calendars are plain text by definition (RFC 5545 TEXT); the danger there is a
        // line break in a field starting a property or component of its own.
        if path.ends_with(".ics") {
            let text = String::from_utf8_lossy(bytes);
            let lines: Vec<&str> = text.split("\r\n").collect();
            for line in &lines {
                assert!(
                    !line.contains('\n') && !line.contains('\r'),
                    "{path}: bare newline in {line:?}"
                );
                assert!(
                    !line.starts_with("X-INJECTED") && !line.starts_with("ATTACH"),
                    "{path}: injected property {line:?}"
                );
            }
            let begins = lines.iter().filter(|l| **l == "BEGIN:VEVENT").count();
            let ends = lines.iter().filter(|l| **l == "END:VEVENT").count();
            assert_eq!(begins, ends, "{path}");
            assert!(
                begins <= 2,
                "{path}: {begins} events from a two-event corpus"
            );
        }
    }
}

/// Collects every string under a key ending in `_html`.
pub(super) fn find_html(v: &Value, key: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => map.iter().for_each(|(k, v)| find_html(v, k, out)),
        Value::Array(items) => items.iter().for_each(|v| find_html(v, key, out)),
        Value::String(s) if key.ends_with("_html") => out.push((key.to_owned(), s.clone())),
        _ => {}
    }
}

#[test]
fn the_html_scanner_catches_live_markup() {
    // The check above is only as good as this scanner.
    let bad = [
        "<script>x</script>",
        "<img src=\"x\" onerror=\"x\">",
        "<a href=\"javascript:x\">a</a>",
        "<a href=\"JaVaScRiPt:x\">a</a>",
        "<a href=\" javascript:x\">a</a>",
        "<a href=\"&#106;avascript:x\">a</a>",
        "<p style=\"background:url(x)\">a</p>",
        "<svg><a href=\"x\">a</a></svg>",
        "<iframe srcdoc=\"x\"></iframe>",
        "<img src=\"data:text/html,x\">",
    ];
    for html in bad {
        let caught = std::panic::catch_unwind(|| assert_safe_html(html, "probe")).is_err();
        assert!(caught, "scanner missed {html}");
    }
    assert_safe_html(
        "<p><a href=\"https://x.example\" rel=\"noopener\">a</a> <img src=\"/media/a.1.png\" alt=\"&lt;svg&gt;\"></p>",
        "probe",
    );
}

#[test]
fn deeply_nested_front_matter_values_are_refused_not_overflowed() {
    let deep = 10_000;
    let site = Site::new();
    site.write(
        "stories/toml-arrays.md",
        story_titled(
            &format!("tags = {}{}\n", "[".repeat(deep), "]".repeat(deep)),
            "Body",
        ),
    )
    .write(
        "stories/toml-tables.md",
        story_titled(
            &format!("wall = {}1{}\n", "{a = ".repeat(deep), "}".repeat(deep)),
            "Body",
        ),
    )
    .write(
        "stories/yaml-flow.md",
        format!(
            "---\ntitle: A\ndate: 2026-10-01\ntags: {}{}\n---\nBody\n",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
    )
    .write(
        "stories/yaml-blocks.md",
        format!(
            "---\ntitle: A\ndate: 2026-10-01\ntags:\n{}---\nBody\n",
            (1..400)
                .map(|i| format!("{}- \n", "  ".repeat(i)))
                .collect::<String>()
        ),
    );
    let check = site.check();
    check.assert_clear();
    for file in [
        "stories/toml-arrays.md",
        "stories/toml-tables.md",
        "stories/yaml-flow.md",
        "stories/yaml-blocks.md",
    ] {
        assert!(
            check.error_codes().iter().any(|(_, f)| f == file),
            "{file}: {:?}",
            check.error_codes()
        );
    }
}

#[test]
fn yaml_alias_expansion_is_bounded() {
    // "Billion laughs": eleven levels of nine-fold aliases would be 31 billion strings.
    let mut laughs = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let mut prev = 'a';
    for level in 1..12u8 {
        let name = char::from(b'a' + level);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        laughs.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    let site = Site::new();
    site.write(
        "stories/laughs.md",
        format!("---\ntitle: A\ndate: 2026-10-01\n{laughs}---\nBody\n"),
    );
    let check = site.check();
    check.assert_clear();
    assert!(
        check
            .error_codes()
            .iter()
            .any(|(_, f)| f == "stories/laughs.md"),
        "{:?}",
        check.error_codes()
    );
    assert!(check.elapsed < Duration::from_secs(10));
}
