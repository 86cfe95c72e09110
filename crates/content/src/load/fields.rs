//! Front-matter values with their file positions, from TOML or YAML, and a reader that
//! maps keys onto typed fields while collecting every problem with its line and column.

use std::path::Path;

use toml::de::{DeTable, DeValue};
use unicode_normalization::UnicodeNormalization;

use super::yaml::{self, Yaml};
use crate::diagnostics::Diagnostic;
use crate::front_matter::{LineIndex, Syntax};

/// 1-based file line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A TOML native date or date-time, in its RFC 3339-like text form.
    Datetime(String),
    Array(Vec<Node>),
    Table(Table),
    Null,
}

impl Val {
    /// What a person calls this type, for "expected a string, found an integer".
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Str(_) => "a string",
            Val::Int(_) => "an integer",
            Val::Float(_) => "a decimal number",
            Val::Bool(_) => "true/false",
            Val::Datetime(_) => "a date",
            Val::Array(_) => "a list",
            Val::Table(_) => "a table",
            Val::Null => "an empty value",
        }
    }
}

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub val: Val,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

/// Keys in file order, with their values.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    pub entries: Vec<(Key, Node)>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&(Key, Node)> {
        self.entries.iter().find(|(k, _)| k.name == key)
    }

    /// All keys, nested tables and tables inside lists included.
    pub fn count_keys(&self) -> usize {
        fn in_node(n: &Node) -> usize {
            match &n.val {
                Val::Table(t) => t.count_keys(),
                Val::Array(items) => items.iter().map(in_node).sum(),
                _ => 0,
            }
        }
        self.entries.iter().map(|(_, v)| 1 + in_node(v)).sum()
    }
}

/// A syntax error in the front matter.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Cheap upper estimate of the number of keys, made line by line before any parsing,
/// so a file with thousands of keys is refused without building them all. Lines inside
/// TOML multi-line strings and indented YAML lines (block scalars, nested maps) are not
/// counted here; the exact count after parsing catches those.
pub fn estimate_keys(front: &str, syntax: Syntax) -> usize {
    let mut count = 0;
    let mut in_multiline = false;
    for line in front.lines() {
        match syntax {
            Syntax::Toml => {
                let quotes = line.matches("\"\"\"").count() + line.matches("'''").count();
                let was_in = in_multiline;
                if quotes % 2 == 1 {
                    in_multiline = !in_multiline;
                }
                if was_in {
                    continue;
                }
                let t = line.trim_start();
                if !t.starts_with('#') && !t.starts_with('[') && t.contains('=') {
                    count += 1;
                }
            }
            Syntax::Yaml => {
                if !line.starts_with([' ', '\t', '#', '-']) && line.contains(':') {
                    count += 1;
                }
            }
        }
    }
    count
}

/// Deepest bracket nesting accepted in front matter. Real headers nest two or three
/// levels; the YAML parser slows down sharply on thousands of open brackets, so
/// deeper input is refused before it is parsed.
pub const MAX_FRONT_MATTER_NESTING: usize = 64;

/// The offset at which `[`/`{` nesting first goes deeper than `limit`, if it does.
/// Counts brackets without regard to quoting: a string would need dozens of unmatched
/// brackets to trip it.
pub fn too_deep_at(text: &str, limit: usize) -> Option<usize> {
    let mut depth: usize = 0;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn check_depth(text: &str, idx: &LineIndex<'_>) -> Result<(), Vec<SyntaxError>> {
    too_deep_error(too_deep_at(text, MAX_FRONT_MATTER_NESTING), idx)
}

fn too_deep_error(found: Option<usize>, idx: &LineIndex<'_>) -> Result<(), Vec<SyntaxError>> {
    match found {
        Some(offset) => {
            let (line, col) = idx.position(offset);
            Err(vec![SyntaxError {
                pos: Pos::new(line, col),
                message: format!(
                    "lists, tables or dotted keys nested more than {MAX_FRONT_MATTER_NESTING} levels deep"
                ),
            }])
        }
        None => Ok(()),
    }
}

/// Parses TOML front matter. Positions are file positions (`first_line` is the file
/// line of the front matter's first line).
pub fn parse_toml(text: &str, first_line: usize) -> Result<Table, Vec<SyntaxError>> {
    let idx = LineIndex::new(text, first_line);
    // Dotted keys nest too (`a.a.a = 1`); the parser must never see thousands of levels.
    too_deep_error(
        super::nesting::toml_too_deep_at(text, MAX_FRONT_MATTER_NESTING),
        &idx,
    )?;
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| {
                let (line, col) = idx.position(e.span().map_or(0, |s| s.start));
                SyntaxError {
                    pos: Pos::new(line, col),
                    message: first_line_of(e.message()),
                }
            })
            .collect());
    }
    Ok(toml_table(table.get_ref(), &idx))
}

fn first_line_of(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_owned()
}

fn toml_table(t: &DeTable<'_>, idx: &LineIndex<'_>) -> Table {
    let mut entries: Vec<(Key, Node)> = t
        .iter()
        .map(|(k, v)| {
            let (line, col) = idx.position(k.span().start);
            (
                Key {
                    name: nfc(k.get_ref()),
                    pos: Pos::new(line, col),
                },
                toml_node(v.get_ref(), v.span(), idx),
            )
        })
        .collect();
    // The parser keeps keys sorted by name; readers expect file order.
    entries.sort_by_key(|(k, _)| k.pos);
    Table { entries }
}

fn toml_node(v: &DeValue<'_>, span: std::ops::Range<usize>, idx: &LineIndex<'_>) -> Node {
    let (line, col) = idx.position(span.start);
    let val = match v {
        DeValue::String(s) => Val::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => Val::Int(n),
                // Out of range for i64: keep it as a number that range checks reject.
                Err(_) => Val::Float(f64::INFINITY),
            }
        }
        DeValue::Float(f) => Val::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Val::Bool(*b),
        DeValue::Datetime(d) => Val::Datetime(d.to_string()),
        DeValue::Array(items) => Val::Array(
            items
                .iter()
                .map(|item| toml_node(item.get_ref(), item.span(), idx))
                .collect(),
        ),
        DeValue::Table(t) => Val::Table(toml_table(t, idx)),
    };
    Node {
        val,
        pos: Pos::new(line, col),
    }
}

/// Default budget for the value a YAML header expands to (aliases included): the
/// default file-size limit.
pub const DEFAULT_YAML_BUDGET: usize = 512 * 1024;

/// Parses YAML front matter within [`DEFAULT_YAML_BUDGET`]; see [`parse_yaml_within`].
pub fn parse_yaml(text: &str, first_line: usize) -> Result<Table, Vec<SyntaxError>> {
    parse_yaml_within(text, first_line, DEFAULT_YAML_BUDGET)
}

/// Parses YAML front matter whose values, aliases expanded, take at most `budget`
/// bytes. The parser gives positions for errors only, so value positions come from a
/// line scan: top-level keys are found at the start of a line, block-list items on the
/// `- ` lines that follow their key; anything deeper points at its top-level key.
pub fn parse_yaml_within(
    text: &str,
    first_line: usize,
    budget: usize,
) -> Result<Table, Vec<SyntaxError>> {
    let idx = LineIndex::new(text, first_line);
    if text.trim().is_empty() {
        return Ok(Table::default());
    }
    check_depth(text, &idx)?;
    let value = match yaml::parse(text, budget) {
        Ok(v) => v,
        Err(e) => {
            return Err(vec![SyntaxError {
                pos: Pos::new(first_line + e.line - 1, e.col),
                message: e.message,
            }]);
        }
    };
    let lines = scan_yaml_lines(text, first_line);
    match value {
        Yaml::Mapping(map) => {
            let mut entries = Vec::new();
            for (k, v) in map {
                let name = match &k {
                    Yaml::String(s) => s.clone(),
                    Yaml::Int(n) => n.to_string(),
                    Yaml::Float(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    _ => String::from("?"),
                };
                let found = lines.iter().find(|l| l.key == name);
                let key_pos = found.map_or(Pos::new(first_line, 1), |l| l.key_pos);
                let val_pos = found.map_or(key_pos, |l| l.value_pos);
                let items: &[Pos] = found.map_or(&[], |l| &l.items);
                entries.push((
                    Key {
                        name: nfc(&name),
                        pos: key_pos,
                    },
                    yaml_node(v, val_pos, items),
                ));
            }
            entries.sort_by_key(|(k, _)| k.pos);
            Ok(Table { entries })
        }
        other => Err(vec![SyntaxError {
            pos: Pos::new(first_line, 1),
            message: format!(
                "the front matter must be a set of `key: value` lines, found {}",
                yaml_type(&other)
            ),
        }]),
    }
}

fn yaml_type(v: &Yaml) -> &'static str {
    match v {
        Yaml::Null => "nothing",
        Yaml::Bool(_) => "true/false",
        Yaml::Int(_) | Yaml::Float(_) => "a number",
        Yaml::String(_) => "a string",
        Yaml::Sequence(_) => "a list",
        Yaml::Mapping(_) => "a table",
    }
}

struct YamlLine {
    key: String,
    key_pos: Pos,
    value_pos: Pos,
    items: Vec<Pos>,
}

fn scan_yaml_lines(text: &str, first_line: usize) -> Vec<YamlLine> {
    let mut out: Vec<YamlLine> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = first_line + i;
        if line.starts_with([' ', '\t']) || line.starts_with('-') {
            let t = line.trim_start();
            if let (Some(rest), Some(last)) = (t.strip_prefix('-'), out.last_mut()) {
                if rest.is_empty() || rest.starts_with(' ') {
                    let indent = line.chars().count() - t.chars().count();
                    let skip = rest.chars().take_while(|c| *c == ' ').count();
                    last.items.push(Pos::new(line_no, indent + 2 + skip));
                }
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (key, after) = if let Some(rest) = line.strip_prefix('"') {
            match rest.split_once("\":") {
                Some((k, a)) => (k.to_owned(), a),
                None => continue,
            }
        } else if let Some(rest) = line.strip_prefix('\'') {
            match rest.split_once("':") {
                Some((k, a)) => (k.to_owned(), a),
                None => continue,
            }
        } else {
            match line.split_once(':') {
                Some((k, a)) => (k.trim_end().to_owned(), a),
                None => continue,
            }
        };
        let before = line.chars().count() - after.chars().count();
        let spaces = after
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .count();
        let value_col = before + spaces + 1;
        out.push(YamlLine {
            key,
            key_pos: Pos::new(line_no, 1),
            value_pos: Pos::new(line_no, value_col),
            items: flow_items(after.trim_start(), line_no, value_col),
        });
    }
    out
}

/// Positions of the items of a one-line flow list (`[a, "b, c", 7]`) starting at
/// column `col`; empty for anything else.
fn flow_items(value: &str, line: usize, col: usize) -> Vec<Pos> {
    let mut out = Vec::new();
    if !value.starts_with('[') {
        return out;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut expecting = false;
    for (i, c) in value.chars().enumerate() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '[' | '{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                    continue;
                }
            }
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                expecting = true;
                continue;
            }
            _ => {}
        }
        if expecting && !c.is_whitespace() {
            out.push(Pos::new(line, col + i));
            expecting = false;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
        }
    }
    out
}

fn yaml_node(v: Yaml, pos: Pos, items: &[Pos]) -> Node {
    let val = match v {
        Yaml::Null => Val::Null,
        Yaml::Bool(b) => Val::Bool(b),
        Yaml::Int(i) => Val::Int(i),
        Yaml::Float(f) => Val::Float(f),
        Yaml::String(s) => Val::Str(s),
        Yaml::Sequence(seq) => Val::Array(
            seq.into_iter()
                .enumerate()
                .map(|(i, item)| yaml_node(item, items.get(i).copied().unwrap_or(pos), &[]))
                .collect(),
        ),
        Yaml::Mapping(map) => Val::Table(Table {
            entries: map
                .into_iter()
                .map(|(k, v)| {
                    let name = match k {
                        Yaml::String(s) => s,
                        other => format!("{other:?}"),
                    };
                    (Key { name, pos }, yaml_node(v, pos, &[]))
                })
                .collect(),
        }),
    };
    Node { val, pos }
}

/// Trims and normalises to Unicode NFC, so visually equal text compares equal.
pub fn nfc(s: &str) -> String {
    s.trim().nfc().collect()
}

/// The zero-width and bidirectional-control characters that make text look different
/// from what it is (a slug that reads `rosa` but is not).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Names the invisible characters in `s` and where they are, e.g.
/// `U+200B at character 6`.
pub fn describe_invisible(s: &str) -> String {
    let found: Vec<String> = s
        .chars()
        .enumerate()
        .filter(|(_, c)| is_invisible(*c))
        .map(|(i, c)| format!("U+{:04X} at character {}", c as u32, i + 1))
        .collect();
    found.join(", ")
}

/// Reads typed fields from one table and records each problem at its position.
pub struct Reader<'a> {
    pub table: &'a Table,
    pub file: &'a Path,
    /// Where missing required fields are reported: the opening fence or table header.
    pub anchor: Pos,
    pub max_chars: usize,
    pub diags: &'a mut Vec<Diagnostic>,
}

/// A string value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub value: String,
    pub pos: Pos,
}

impl<'a> Reader<'a> {
    /// A reader for a table nested in this one's, reporting missing keys at `anchor`.
    pub fn nested<'b>(&'b mut self, table: &'b Table, anchor: Pos) -> Reader<'b> {
        Reader {
            table,
            file: self.file,
            anchor,
            max_chars: self.max_chars,
            diags: self.diags,
        }
    }

    /// A reader for a table nested in this one's, reporting missing keys at its first key.
    pub fn sub<'b>(&'b mut self, table: &'b Table) -> Reader<'b> {
        let anchor = table.entries.first().map_or(self.anchor, |(k, _)| k.pos);
        self.nested(table, anchor)
    }

    pub fn error(
        &mut self,
        code: &'static str,
        pos: Pos,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, self.file, message).at(pos.line, pos.col));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn wrong_type(&mut self, key: &str, node: &Node, expected: &str) {
        let found = node.val.type_name();
        let d = Diagnostic::error(
            "wrong-type",
            self.file,
            format!("`{key}` must be {expected}, found {found}"),
        )
        .at(node.pos.line, node.pos.col);
        let d = match (&node.val, expected) {
            (Val::Str(s), "true/false") if matches!(s.as_str(), "true" | "false") => {
                d.hint(format!("write {key} = {s} without quotes"))
            }
            (Val::Str(s), "an integer") if s.trim().parse::<i64>().is_ok() => {
                d.hint(format!("write {key} = {} without quotes", s.trim()))
            }
            (Val::Str(_), "a list of strings") => {
                d.hint(format!("write {key} = [\"first\", \"second\"]"))
            }
            _ => d,
        };
        self.diags.push(d);
    }

    pub fn node(&self, key: &str) -> Option<&'a Node> {
        self.table.get(key).map(|(_, n)| n)
    }

    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.table.get(key).map(|(k, _)| k.pos)
    }

    /// An optional string: trimmed, NFC, at most `max_chars` characters. Empty counts
    /// as absent.
    pub fn text(&mut self, key: &str) -> Option<Text> {
        self.text_limited(key, self.max_chars)
    }

    pub fn text_limited(&mut self, key: &str, max_chars: usize) -> Option<Text> {
        let node = self.node(key)?;
        match &node.val {
            Val::Str(s) => {
                let value = nfc(s);
                let n = value.chars().count();
                if n > max_chars {
                    self.error(
                        "too-long",
                        node.pos,
                        format!("`{key}` is {n} characters long; the limit is {max_chars}"),
                    )
                    .hint = Some(format!("shorten `{key}`, or move the text into the body"));
                    return None;
                }
                if value.is_empty() {
                    return None;
                }
                Some(Text {
                    value,
                    pos: node.pos,
                })
            }
            _ => {
                self.wrong_type(key, node, "a string");
                None
            }
        }
    }

    /// A required string; missing or empty is an error.
    pub fn required_text(&mut self, key: &str, what: &str) -> Option<Text> {
        let present = self
            .node(key)
            .map(|n| (n.pos, matches!(&n.val, Val::Str(s) if s.trim().is_empty())));
        match present {
            None => {
                let anchor = self.anchor;
                self.diags.push(
                    Diagnostic::error("missing-field", self.file, format!("`{key}` is required"))
                        .at(anchor.line, anchor.col)
                        .expected(format!("{key} = \"{what}\"")),
                );
                None
            }
            Some((pos, true)) => {
                self.error(
                    "empty-field",
                    pos,
                    format!("`{key}` is required and must not be empty"),
                )
                .expected = Some(what.to_owned());
                None
            }
            Some(_) => self.text(key),
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let node = self.node(key)?;
        match node.val {
            Val::Bool(b) => Some(b),
            _ => {
                self.wrong_type(key, node, "true/false");
                None
            }
        }
    }

    /// An integer within `min..=max`.
    pub fn int(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let node = self.node(key)?;
        match node.val {
            Val::Int(n) if (min..=max).contains(&n) => Some(n),
            Val::Int(n) => {
                let message = if max == i64::MAX {
                    format!("`{key}` must be at least {min}, found {n}")
                } else {
                    format!("`{key}` must be between {min} and {max}, found {n}")
                };
                self.error("out-of-range", node.pos, message);
                None
            }
            _ => {
                self.wrong_type(key, node, "an integer");
                None
            }
        }
    }

    pub fn strings(&mut self, key: &str) -> Option<Vec<Text>> {
        let node = self.node(key)?;
        match &node.val {
            Val::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.val {
                        Val::Str(s) => {
                            let value = nfc(s);
                            if value.chars().count() > self.max_chars {
                                let max = self.max_chars;
                                self.error(
                                    "too-long",
                                    item.pos,
                                    format!("an entry of `{key}` is longer than {max} characters"),
                                );
                            } else if !value.is_empty() {
                                out.push(Text {
                                    value,
                                    pos: item.pos,
                                });
                            }
                        }
                        _ => {
                            let found = item.val.type_name();
                            self.diags.push(
                                Diagnostic::error(
                                    "wrong-type",
                                    self.file,
                                    format!("entries of `{key}` must be strings, found {found}"),
                                )
                                .at(item.pos.line, item.pos.col)
                                .expected("a string"),
                            );
                        }
                    }
                }
                Some(out)
            }
            _ => {
                self.wrong_type(key, node, "a list of strings");
                None
            }
        }
    }

    /// An optional list of strings, as values: empty when absent or unusable.
    pub fn string_values(&mut self, key: &str) -> Vec<String> {
        self.strings(key)
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.value)
            .collect()
    }

    /// A date written as a string or a TOML native date.
    pub fn date_text(&mut self, key: &str) -> Option<Text> {
        let node = self.node(key)?;
        match &node.val {
            Val::Str(s) => Some(Text {
                value: s.trim().to_owned(),
                pos: node.pos,
            }),
            Val::Datetime(s) => Some(Text {
                value: s.clone(),
                pos: node.pos,
            }),
            _ => {
                self.wrong_type(key, node, "a date such as 2027-03-14 or 2027-03-14T09:30");
                None
            }
        }
    }

    pub fn table(&mut self, key: &str) -> Option<&'a Table> {
        let node = self.node(key)?;
        match &node.val {
            Val::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, node, "a table");
                None
            }
        }
    }

    /// A list of tables (`[[wall.playlists]]`).
    pub fn tables(&mut self, key: &str) -> Option<Vec<(&'a Table, Pos)>> {
        let node = self.node(key)?;
        match &node.val {
            Val::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.val {
                        Val::Table(t) => out.push((t, item.pos)),
                        _ => {
                            let found = item.val.type_name();
                            self.diags.push(
                                Diagnostic::error(
                                    "wrong-type",
                                    self.file,
                                    format!("entries of `{key}` must be tables, found {found}"),
                                )
                                .at(item.pos.line, item.pos.col)
                                .expected("a table"),
                            );
                        }
                    }
                }
                Some(out)
            }
            _ => {
                self.wrong_type(key, node, "a list of tables");
                None
            }
        }
    }

    /// Reports every key not in `known`, suggesting the closest known key.
    /// `elsewhere` names keys that belong to another kind, for a more useful hint.
    pub fn unknown_keys(&mut self, known: &[&str], elsewhere: &[(&str, &str)]) {
        for (key, _) in &self.table.entries {
            if known.contains(&key.name.as_str()) {
                continue;
            }
            let mut d = Diagnostic::error(
                "unknown-key",
                self.file,
                format!("unknown key `{}`", key.name),
            )
            .at(key.pos.line, key.pos.col);
            if let Some((_, owner)) = elsewhere.iter().find(|(k, _)| *k == key.name) {
                d = d.hint(format!("`{}` is only used in {owner}", key.name));
            } else if let Some(best) = did_you_mean(&key.name, known) {
                d = d.hint(format!("did you mean `{best}`?"));
            } else {
                d = d.hint(format!("known keys: {}", known.join(", ")));
            }
            self.diags.push(d);
        }
    }
}

/// The closest candidate by edit distance, if close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3) && *d < c.len().max(lower.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_positions_are_file_positions() {
        let t = parse_toml("title = \"A\"\n\ntags = [\"x\", 3]\n", 2).unwrap();
        assert_eq!(t.entries[0].0.name, "title");
        assert_eq!(t.entries[0].0.pos, Pos::new(2, 1));
        assert_eq!(t.entries[0].1.pos, Pos::new(2, 9));
        let (_, tags) = &t.entries[1];
        let Val::Array(items) = &tags.val else {
            panic!()
        };
        assert_eq!(items[1].pos, Pos::new(4, 14));
        assert_eq!(items[1].val, Val::Int(3));
    }

    #[test]
    fn toml_keeps_file_order_and_native_dates() {
        let t = parse_toml("z = 1\na = 2027-03-14\n", 2).unwrap();
        assert_eq!(t.entries[0].0.name, "z");
        assert_eq!(t.entries[1].1.val, Val::Datetime("2027-03-14".into()));
    }

    #[test]
    fn toml_syntax_errors_have_positions() {
        let e = parse_toml("title = \"A\"\ntags = [\n", 2).unwrap_err();
        assert!(e[0].pos.line >= 3, "{e:?}");
    }

    #[test]
    fn yaml_positions_come_from_the_line_scan() {
        let t = parse_yaml("title: Hello\ntags:\n  - a\n  - 7\nwall: yes\n", 2).unwrap();
        let (k, v) = t.get("title").unwrap();
        assert_eq!(k.pos, Pos::new(2, 1));
        assert_eq!(v.pos, Pos::new(2, 8));
        let (_, tags) = t.get("tags").unwrap();
        let Val::Array(items) = &tags.val else {
            panic!()
        };
        assert_eq!(items[1].pos, Pos::new(5, 5));
        assert_eq!(t.get("wall").unwrap().1.val, Val::Str("yes".into()));
    }

    #[test]
    fn yaml_flow_list_items_have_positions() {
        let t = parse_yaml("tags: [a, \"b, c\", 7, [x, y], 9]\n", 2).unwrap();
        let (_, tags) = t.get("tags").unwrap();
        let Val::Array(items) = &tags.val else {
            panic!()
        };
        let cols: Vec<usize> = items.iter().map(|n| n.pos.col).collect();
        assert_eq!(cols, [8, 11, 19, 22, 30]);
        assert_eq!(items[2].val, Val::Int(7));
    }

    #[test]
    fn yaml_errors_have_positions() {
        let e = parse_yaml("title: [unclosed\nother: 1\n", 2).unwrap_err();
        assert!(e[0].pos.line >= 2);
        assert!(!e[0].message.contains(" at line "));
        assert!(parse_yaml("- just\n- a list\n", 2).is_err());
    }

    #[test]
    fn key_estimate_skips_multiline_strings() {
        let text = "a = 1\nb = \"\"\"\nx = 2\ny = 3\n\"\"\"\n[t]\nc = 4\n";
        assert_eq!(estimate_keys(text, Syntax::Toml), 3);
        assert_eq!(estimate_keys("a: 1\nb: |\n  x: 2\n", Syntax::Yaml), 2);
    }

    #[test]
    fn deep_brackets_are_refused_before_parsing() {
        assert_eq!(too_deep_at("a = [[1], {b = [2]}]", 3), None);
        assert_eq!(too_deep_at("a = [[[[", 3), Some(7));
        let deep = format!("title: {}", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let e = parse_yaml(&deep, 2).unwrap_err();
        assert!(started.elapsed().as_secs() < 2);
        assert_eq!(e[0].pos, Pos::new(2, 8 + MAX_FRONT_MATTER_NESTING));
        assert!(parse_toml(&format!("t = {}", "{a = ".repeat(1000)), 2).is_err());
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("imag_alt", &["image", "image_alt"]),
            Some("image_alt")
        );
        assert_eq!(did_you_mean("Titel", &["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzzzz", &["title", "date"]), None);
    }

    #[test]
    fn nfc_and_invisible() {
        assert_eq!(nfc(" Cafe\u{301} "), "Café");
        assert!(is_invisible('\u{202E}'));
        assert!(!is_invisible('a'));
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(text in "\\PC{0,200}") {
            let _ = parse_toml(&text, 2);
            let _ = parse_yaml(&text, 2);
            let _ = estimate_keys(&text, Syntax::Toml);
        }

        #[test]
        fn parsers_never_panic_on_key_like_lines(
            lines in proptest::collection::vec("[a-z_\"' -]{0,8}[:=] ?(\\[|\\{|\"|-|[0-9]|\\PC){0,12}", 0..12)
        ) {
            let text = lines.join("\n");
            let _ = parse_toml(&text, 2);
            let _ = parse_yaml(&text, 2);
        }
    }
}
