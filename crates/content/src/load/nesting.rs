//! How deep TOML nests, measured on the raw text before it is parsed: brackets and
//! dotted keys both open a level (`a.b.c = 1` is three tables deep), and a parser that
//! recurses per level must never see 200,000 of them.

/// The byte offset at which TOML nesting — `[`/`{` brackets plus the dots of dotted
/// keys and table headers — first goes deeper than `limit`, if it does. Quoted text is
/// skipped (basic strings with their escapes, literal strings, and their multi-line
/// forms), so dots in values never count; comments are skipped to the end of the line.
pub fn toml_too_deep_at(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // Depth opened by the enclosing brackets, dots of the key whose value this is,
    // and dots seen since the last separator.
    let mut base: usize = 0;
    let mut key: usize = 0;
    let mut dots: usize = 0;
    let mut stack: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'') => {
                i = skip_string(bytes, i, q);
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                stack.push(base);
                base = base.saturating_add(key + dots + 1);
                (key, dots) = (0, 0);
                if base > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => {
                base = stack.pop().unwrap_or(0);
                (key, dots) = (0, 0);
            }
            b'=' => (key, dots) = (dots, 0),
            b',' | b'\n' => (key, dots) = (0, 0),
            b'.' => {
                dots += 1;
                if base.saturating_add(dots) > limit {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset just after the string that starts at `start` with quote `q` (or the end
/// of the text when it is not closed).
fn skip_string(bytes: &[u8], start: usize, q: u8) -> usize {
    let triple = bytes.get(start..start + 3) == Some(&[q, q, q][..]);
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && q == b'"' {
            i += 2;
            continue;
        }
        if b == b'\n' && !triple {
            // An unclosed one-line string: the parser reports it; stop skipping.
            return i;
        }
        if b == q {
            if !triple {
                return i + 1;
            }
            if bytes.get(i..i + 3) == Some(&[q, q, q][..]) {
                return i + 3;
            }
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_keys_headers_and_brackets_count() {
        assert_eq!(toml_too_deep_at("a.b.c = 1\n[x.y]\nz = [[1]]\n", 3), None);
        let deep = format!("{} = 1\n", vec!["a"; 200_000].join("."));
        assert_eq!(toml_too_deep_at(&deep, 64), Some(129));
        let header = format!("[{}]\n", vec!["a"; 100].join("."));
        assert!(toml_too_deep_at(&header, 64).is_some());
        let mixed = format!("t = {{ {} = 1 }}", vec!["a"; 40].join("."));
        assert!(toml_too_deep_at(&mixed, 64).is_none());
        let nested = format!("t = {}1", "{a.a.a = ".repeat(30));
        assert!(toml_too_deep_at(&nested, 64).is_some());
    }

    #[test]
    fn dots_in_strings_numbers_and_comments_do_not_count() {
        let text = format!(
            "s = \"{0}\"\nl = '{0}'\nm = \"\"\"\n{0}\n\"\"\"\ne = \"\\\"{0}\"\nf = 1.5\n# {0}\n",
            ".".repeat(500)
        );
        assert_eq!(toml_too_deep_at(&text, 8), None);
    }
}
