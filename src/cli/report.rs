//! Printing diagnostics for people (`human`: source excerpts with the problem
//! underlined, via miette) and machines (`json`). Used by `check`, `build` and `serve`.

use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::Path;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use impactwall_content::front_matter::{decode, normalize_newlines};
use impactwall_content::load::read_limited;
use impactwall_content::{Diagnostic, Severity};

use super::Format;

/// Largest file shown as a source excerpt; bigger ones are reported without one.
const MAX_EXCERPT_SOURCE: u64 = 4 * 1024 * 1024;

/// Prints every diagnostic and a summary: to stderr (human) or stdout (json).
pub fn print(root: &Path, diags: &[Diagnostic], format: Format) {
    print_checked(root, diags, format, None);
}

/// [`print`], with the number of files checked in the summary.
pub fn print_checked(root: &Path, diags: &[Diagnostic], format: Format, files: Option<usize>) {
    match format {
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            // A closed pipe (`| head`) is not worth a panic.
            let _ = std::io::stderr().write_all(render_human(root, diags, files, color).as_bytes());
        }
        Format::Json => {
            let _ = writeln!(std::io::stdout(), "{}", render_json(diags));
        }
    }
}

/// Counts of errors and warnings.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `3 errors, 2 warnings in 5 files` (or `no problems in 5 files`).
pub fn summary(diags: &[Diagnostic], files: Option<usize>) -> String {
    let (errors, warnings) = counts(diags);
    let what = if errors + warnings == 0 {
        "no problems".to_owned()
    } else {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    match files {
        Some(n) => format!("{what} in {}", plural(n, "file")),
        None => what,
    }
}

/// `{"diagnostics":[…],"errors":N,"warnings":N}`, in the order given (callers sort).
pub fn render_json(diags: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diags);
    serde_json::json!({ "diagnostics": diags, "errors": errors, "warnings": warnings }).to_string()
}

/// The human report: one miette block per diagnostic, then the summary line.
pub fn render_human(
    root: &Path,
    diags: &[Diagnostic],
    files: Option<usize>,
    color: bool,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
    let mut out = String::new();
    let mut sources: Vec<(&Path, Option<String>)> = Vec::new();
    for d in diags {
        let source = match sources.iter().find(|(p, _)| *p == d.file.as_path()) {
            Some((_, s)) => s.clone(),
            None => {
                let s = load_source(root, &d.file);
                sources.push((d.file.as_path(), s.clone()));
                s
            }
        };
        let shown = Shown::new(d, source);
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{d}\n"));
        }
        out.push('\n');
    }
    out.push_str(&summary(diags, files));
    out.push('\n');
    out
}

fn load_source(root: &Path, file: &Path) -> Option<String> {
    if file.as_os_str().is_empty() || file.is_absolute() {
        return None;
    }
    let bytes = read_limited(root, &root.join(file), MAX_EXCERPT_SOURCE).ok()?;
    Some(terminal_safe(&match decode(&bytes) {
        Ok(text) => text,
        Err(_) => normalize_newlines(&String::from_utf8_lossy(&bytes)),
    }))
}

/// Content is hostile: an escape sequence or a bidirectional override in a file must
/// not reach the terminal through an excerpt or a message (clearing the screen,
/// retitling the window, reordering what the report says). Each such character
/// becomes one U+FFFD, so character columns stay right.
fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
            if invisible || (c.is_control() && c != '\n' && c != '\t') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Longest source line shown in an excerpt, in bytes.
const MAX_EXCERPT_LINE: usize = 400;

/// Length in bytes of the line containing `offset`, and its neighbours (miette shows
/// one line of context either side).
fn line_len_around(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = text[..start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mut end = offset;
    for _ in 0..2 {
        match text[end..].find('\n') {
            Some(i) => end += i + 1,
            None => {
                end = text.len();
                break;
            }
        }
    }
    text[before..end]
        .split('\n')
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// Byte offset of a 1-based line and character column, if inside the text.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + within)
}

/// Length in bytes of the token starting at `offset`: a quoted string, or a run up to
/// whitespace or punctuation that ends a value.
fn token_len(text: &str, offset: usize) -> usize {
    let rest = text[offset..].split('\n').next().unwrap_or("");
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, q @ ('"' | '\''))) => chars
            .find(|(_, c)| *c == q)
            .map_or(rest.len(), |(i, c)| i + c.len_utf8()),
        Some((_, first)) => rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || matches!(c, '=' | ',' | ']' | '}' | ':'))
            .map_or(rest.len(), |(i, _)| i)
            // Always at least the first character, whole (it may be several bytes).
            .max(first.len_utf8()),
    }
}

/// A diagnostic as miette wants it.
struct Shown<'a> {
    diag: &'a Diagnostic,
    /// `diag.message`, made safe for a terminal.
    message: String,
    source: Option<NamedSource<String>>,
    span: Option<SourceSpan>,
    help: Option<String>,
}

impl<'a> Shown<'a> {
    fn new(diag: &'a Diagnostic, source: Option<String>) -> Self {
        let name = impactwall_content::diagnostics::printable_path(&diag.file).replace('\\', "/");
        let span = source
            .as_deref()
            .and_then(|text| {
                let o = offset_of(text, diag.line, diag.column)?;
                // A huge line (a pasted blob) would flood the terminal; report it
                // without an excerpt.
                (line_len_around(text, o) <= MAX_EXCERPT_LINE).then(|| (o, token_len(text, o)))
            })
            .map(|(o, len)| SourceSpan::new(o.into(), len));
        let help = match (&diag.expected, &diag.hint) {
            (Some(e), Some(h)) => Some(format!("expected {e}\n{h}")),
            (Some(e), None) => Some(format!("expected {e}")),
            (None, h) => h.clone(),
        }
        .map(|h| terminal_safe(&h));
        Shown {
            diag,
            message: terminal_safe(&diag.message),
            source: source.map(|s| NamedSource::new(name, s)),
            span,
            help,
        }
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.span.is_some() {
            write!(f, "{}", self.message)
        } else {
            // No excerpt to carry the position: put it in the message.
            let d = self.diag;
            write!(
                f,
                "{}:{}:{}: {}",
                impactwall_content::diagnostics::printable_path(&d.file),
                d.line,
                d.column,
                self.message
            )
        }
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.span
            .and(self.source.as_ref().map(|s| s as &dyn miette::SourceCode))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        let label = LabeledSpan::new_primary_with_span(Some(self.diag.code.to_owned()), span);
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_tokens() {
        let text = "+++\ntitle = \"Ça va\"\nimag_alt = 3\n+++\n";
        let o = offset_of(text, 2, 9).unwrap();
        assert_eq!(&text[o..o + token_len(text, o)], "\"Ça va\"");
        let o = offset_of(text, 3, 1).unwrap();
        assert_eq!(&text[o..o + token_len(text, o)], "imag_alt");
        assert_eq!(offset_of(text, 9, 1), None);
        let o = offset_of(text, 1, 1).unwrap();
        assert_eq!(token_len(text, o), 3);
        // A multi-byte space at the position is underlined whole.
        assert_eq!(token_len("\u{3000}x", 0), 3);
        assert_eq!(token_len("é=", 0), 2);
    }

    #[test]
    fn human_report_shows_position_excerpt_hint_and_summary() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("stories")).unwrap();
        std::fs::write(
            dir.path().join("stories/a.md"),
            "+++\ntitle = \"A\"\nimag_alt = \"x\"\n+++\n",
        )
        .unwrap();
        let diags = vec![
            Diagnostic::error("unknown-key", "stories/a.md", "unknown key `imag_alt`")
                .at(3, 1)
                .hint("did you mean `image_alt`?"),
            Diagnostic::warning("stray-file", "notes.txt", "`notes.txt` is not read"),
        ];
        let out = render_human(dir.path(), &diags, Some(2), false);
        assert!(out.contains("stories/a.md:3:1"), "{out}");
        assert!(out.contains("imag_alt = \"x\""), "{out}");
        assert!(out.contains("did you mean `image_alt`?"), "{out}");
        assert!(
            out.contains("notes.txt:1:1: `notes.txt` is not read"),
            "{out}"
        );
        assert!(
            out.trim_end().ends_with("1 error, 1 warning in 2 files"),
            "{out}"
        );
    }

    #[test]
    fn escape_sequences_and_overrides_never_reach_the_terminal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("stories")).unwrap();
        std::fs::write(
            dir.path().join("stories/a.md"),
            "+++\ntitle = \"\u{1b}[2J\u{202E}A\"\n+++\n",
        )
        .unwrap();
        let diags =
            vec![
                Diagnostic::error("x", "stories/a.md", "key `\u{1b}]0;title\u{7}` is odd")
                    .at(2, 10)
                    .hint("\u{9b}31m"),
            ];
        let out = render_human(dir.path(), &diags, None, false);
        assert!(
            !out.chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202E}'),
            "{out:?}"
        );
        assert!(out.contains("\u{FFFD}[2J"), "{out}");
    }

    #[test]
    fn huge_lines_are_reported_without_an_excerpt() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("stories")).unwrap();
        let long = "a".repeat(5000);
        std::fs::write(
            dir.path().join("stories/a.md"),
            format!("+++\ntitle = \"{long}\"\n+++\n"),
        )
        .unwrap();
        let diags = vec![Diagnostic::error("too-long", "stories/a.md", "too long").at(2, 9)];
        let out = render_human(dir.path(), &diags, None, false);
        assert!(out.contains("stories/a.md:2:9: too long"), "{out}");
        assert!(out.len() < 1000, "{out}");
    }

    #[test]
    fn json_report_counts() {
        let diags = vec![
            Diagnostic::error("x", "a.md", "m"),
            Diagnostic::warning("y", "a.md", "m"),
        ];
        let v: serde_json::Value = serde_json::from_str(&render_json(&diags)).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["diagnostics"][0]["code"], "x");
        assert_eq!(v["diagnostics"][0]["file"], "a.md");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn rendering_never_panics(
            text in "(\\PC|\n|\r|\t|\u{3000}|\u{202e}){0,120}",
            line in 0usize..12,
            column in 0usize..40,
        ) {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("a.md"), &text).unwrap();
            let diags = vec![Diagnostic::error("x", "a.md", "m").at(line, column).hint("h")];
            let out = render_human(dir.path(), &diags, Some(1), false);
            proptest::prop_assert!(out.contains("1 error"));
        }
    }
}
