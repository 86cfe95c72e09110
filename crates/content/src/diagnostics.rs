//! Problems found in content, with where they are and how to fix them.
//!
//! Codes are stable (editors and CI match on them). Errors stop a build; warnings do not.
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | `missing-site` | error | no `site.toml` in the content folder |
//! | `unreadable`, `missing-file` | error | a file or folder cannot be read, or is not a regular file |
//! | `outside-content` | error | a link leads outside the content folder |
//! | `file-too-large` | error | over `[limits] max_file_kb` (checked before reading) |
//! | `not-utf8` | error | a byte that is not UTF-8, at its line and column |
//! | `empty-file`, `no-front-matter`, `unclosed-front-matter` | error | the `+++`/`---` header is absent or never closed |
//! | `toml-syntax`, `yaml-syntax` | error | the header does not parse (also: nesting deeper than 64) |
//! | `too-many-keys` | error | more header keys than `[limits] max_keys` |
//! | `unknown-key` | error | a key this kind does not have, with a did-you-mean hint |
//! | `wrong-type` | error | a value of the wrong type, naming the expected one |
//! | `missing-field`, `empty-field` | error | a required field is absent or blank |
//! | `too-long` | error | a string over `[limits] max_field_chars` (or 280 for `quote`) |
//! | `out-of-range` | error | a number outside its range (`wall_seconds` 3–600…) |
//! | `bad-slug`, `invisible-char`, `bad-file-name` | error | slug syntax; zero-width or bidi characters in slugs and file names; non-UTF-8 file names |
//! | `bad-lang` | error | a language not in `site.toml`, or contradicting the file name |
//! | `bad-date`, `nonexistent-time` | error | not a date; a wall-clock time skipped by daylight saving |
//! | `unknown-timezone` | error | not an IANA zone name, with a did-you-mean hint |
//! | `ends-before-starts`, `expires-before-publish` | error | a window that ends before it starts |
//! | `missing-alt`, `missing-transcript` | error | an image without `image_alt`, a recording without `transcript` |
//! | `missing-media`, `media-outside`, `bad-media-type`, `media-too-large` | error | media references |
//! | `bad-url`, `bad-url-scheme` | error | front-matter links that are not absolute http(s) |
//! | `bad-medium` | error | a thank-you `medium` outside the list |
//! | `duplicate-slug` | error | two items of a kind with one slug (names both files) |
//! | `bad-translation`, `duplicate-translation` | error | `translation_of` problems |
//! | `bad-colour`, `bad-day`, `bad-time`, `bad-playlist` | error | `site.toml` theme and wall settings |
//! | `no-summary`, `no-consent`, `expired`, `event-past`, `voicemail-without-audio` | warning | worth a look, not blocking |
//! | `stray-file` | warning | a file or folder the site does not read |

use std::path::PathBuf;

use serde::Serialize;

#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file. Lines and columns are 1-based, columns count characters.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, e.g. `unknown-key`, `missing-alt`.
    pub code: &'static str,
    /// Path relative to the content folder, `/`-separated.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What was expected instead, when that is not obvious from the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 1,
            column: 1,
            message: message.into(),
            expected: None,
            hint: None,
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    /// `file:line:col: error[code]: message (expected …) hint: …` on one line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            printable_path(&self.file),
            self.line,
            self.column,
            sev,
            self.code,
            self.message
        )?;
        if let Some(e) = &self.expected {
            write!(f, " (expected {e})")?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// The path with zero-width and direction-changing characters shown as `<U+202E>`,
/// so a hostile file name cannot rearrange the text of a report in a terminal.
pub fn printable_path(path: &std::path::Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        if matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
            || c.is_control()
        {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Sorts diagnostics by file, position, then severity, so reports are stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, a.code)
            .cmp(&(&b.file, b.line, b.column, b.severity, b.code))
    });
}
