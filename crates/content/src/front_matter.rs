//! Splitting a content file into its front matter (TOML between `+++` lines or YAML
//! between `---` lines) and its Markdown body.
//!
//! Works on raw bytes so that encoding problems are reported with a position instead
//! of a panic. Line endings are normalised to `\n` (CRLF, lone CR and mixes of them are
//! accepted), so every line and column reported later matches what an editor shows.

/// Which syntax the front matter is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

impl Syntax {
    pub fn fence(self) -> &'static str {
        match self {
            Syntax::Toml => "+++",
            Syntax::Yaml => "---",
        }
    }
}

/// A content file split at its fences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub syntax: Syntax,
    /// Text between the fences, line endings normalised to `\n`.
    pub front: String,
    /// 1-based file line of the opening fence.
    pub fence_line: usize,
    /// 1-based file line on which `front` starts (the line after the opening fence).
    pub front_line: usize,
    /// Markdown after the closing fence, line endings normalised to `\n`.
    pub body: String,
    /// 1-based file line on which `body` starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("the file is not valid UTF-8 text")]
    NotUtf8 { line: usize, column: usize },
    #[error("the file is empty")]
    Empty,
    #[error("the file does not start with front matter")]
    NoFrontMatter,
    #[error("the front matter opened here is never closed")]
    Unclosed { syntax: Syntax, line: usize },
}

/// Normalises CRLF and lone CR to LF.
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Decodes `bytes` as UTF-8 (dropping a leading byte-order mark) and normalises line
/// endings; a bad byte is reported at its 1-based line and character column.
pub fn decode(bytes: &[u8]) -> Result<String, SplitError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalize_newlines(text)),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The prefix is valid by construction; fall back to a lossy view anyway.
            let prefix = String::from_utf8_lossy(valid);
            let prefix = normalize_newlines(&prefix);
            let line = prefix.matches('\n').count() + 1;
            let last = prefix.rsplit('\n').next().unwrap_or("");
            Err(SplitError::NotUtf8 {
                line,
                column: last.chars().count() + 1,
            })
        }
    }
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.strip_prefix(fence)
        .is_some_and(|rest| rest.chars().all(|c| c == ' ' || c == '\t'))
}

/// Splits a whole file (raw bytes) into front matter and body.
pub fn split(bytes: &[u8]) -> Result<Split, SplitError> {
    let text = decode(bytes)?;
    split_text(&text)
}

/// Splits already decoded text whose line endings are `\n`.
pub fn split_text(text: &str) -> Result<Split, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first = text.split('\n').next().unwrap_or("");
    let syntax = if is_fence(first, "+++") {
        Syntax::Toml
    } else if is_fence(first, "---") {
        Syntax::Yaml
    } else {
        return Err(SplitError::NoFrontMatter);
    };
    let fence = syntax.fence();
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    let rest = &text[after_open..];
    let mut offset = 0;
    for (line_no, line) in (2..).zip(rest.split_inclusive('\n')) {
        let content = line.strip_suffix('\n').unwrap_or(line);
        if is_fence(content, fence) {
            let front = rest[..offset].to_owned();
            let body = rest[offset + line.len()..].to_owned();
            return Ok(Split {
                syntax,
                front,
                fence_line: 1,
                front_line: 2,
                body,
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed { syntax, line: 1 })
}

/// Byte offsets of the starts of lines, to turn offsets into line and column.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// File line of the text's first line.
    first_line: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            first_line,
        }
    }

    /// 1-based file line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(idx).copied().unwrap_or(0);
        let column = self.text[start..offset].chars().count() + 1;
        (self.first_line + idx, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_reports_lines() {
        let s = split(b"+++\ntitle = \"A\"\n+++\n\nBody\n").unwrap();
        assert_eq!(s.syntax, Syntax::Toml);
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.front_line, 2);
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn splits_yaml_with_bom_and_crlf() {
        let s = split(b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.syntax, Syntax::Yaml);
        assert_eq!(s.front, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn mixed_line_endings_count_as_lines() {
        let s = split(b"+++\r\na = 1\rb = 2\n+++\nx").unwrap();
        assert_eq!(s.front, "a = 1\nb = 2\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn closing_fence_at_end_of_file_without_newline() {
        let s = split(b"+++\na = 1\n+++").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn fence_with_trailing_spaces_is_a_fence() {
        assert!(split(b"+++  \na = 1\n+++\t\n").is_ok());
        assert_eq!(split(b"++++\na\n+++\n"), Err(SplitError::NoFrontMatter));
    }

    #[test]
    fn problems() {
        assert_eq!(split(b""), Err(SplitError::Empty));
        assert_eq!(split(b"\xEF\xBB\xBF \n\n"), Err(SplitError::Empty));
        assert_eq!(split(b"# Title\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(
            split(b"+++\ntitle = 1\n"),
            Err(SplitError::Unclosed {
                syntax: Syntax::Toml,
                line: 1
            })
        );
        assert_eq!(
            split(b"+++\nt = \"caf\xE9\"\n+++\n"),
            Err(SplitError::NotUtf8 { line: 2, column: 9 })
        );
    }

    #[test]
    fn line_index_counts_characters() {
        let idx = LineIndex::new("ab\nçé = 1\n", 5);
        assert_eq!(idx.position(0), (5, 1));
        assert_eq!(idx.position(3), (6, 1));
        // "çé " is 5 bytes, 3 characters.
        assert_eq!(idx.position(8), (6, 4));
        assert_eq!(idx.position(1000), (7, 1));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = split(&bytes);
        }

        #[test]
        fn never_panics_on_fenced_text(
            head in "(\u{feff})?(\\+\\+\\+|---)?[ \t]*(\r\n|\n|\r)?",
            middle in "\\PC{0,80}",
            fence in "(\r\n|\n|\r)(\\+\\+\\+|---)?(\r\n|\n|\r)?",
            tail in "\\PC{0,40}",
        ) {
            let text = format!("{head}{middle}{fence}{tail}");
            if let Ok(s) = split(text.as_bytes()) {
                proptest::prop_assert!(s.body_line > s.front_line);
                let idx = LineIndex::new(&s.front, s.front_line);
                for i in 0..=s.front.len() + 1 {
                    let _ = idx.position(i);
                }
            }
        }
    }
}
