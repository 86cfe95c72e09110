//! A small, strict JSON reader (RFC 8259) for the browser bundles.
//!
//! The published data is decoded from the [`Value`] tree by [`crate::model::decode`]
//! instead of through serde_json: serde_json's deserializer, instantiated once per
//! model type (plus the buffering behind `#[serde(flatten)]`), cost the reading
//! site's release wasm 53 KB (16 KB gzipped) more than this reader and the decoder
//! do, and the wall screen's 31 KB (6 KB gzipped). This reader is not generic.
//!
//! Strict means: exactly one value with optional whitespace around it; no comments,
//! trailing commas, leading zeros, `NaN`/`Infinity`, single quotes, control characters
//! in strings or lone UTF-16 surrogates in `\u` escapes. Numbers are checked against
//! JSON's grammar and kept as written: the published data has whole numbers only,
//! which the decoder reads as integers, and a float parser would bring its tables
//! (~8 KB) into the wasm. (So `1e400`, which serde_json refuses as out of `f64`'s
//! range, is read here; every integer field refuses it.)
//! Arrays and objects nest at most [`MAX_DEPTH`] levels deep, the same limit as
//! serde_json, so hostile input cannot exhaust the stack.
//!
//! Object members are kept in document order, duplicates included; readers that look
//! a key up take the last occurrence (see [`Value::Obj`]).

use std::fmt;

/// Deepest nesting of arrays and objects accepted (serde_json's limit as well).
pub const MAX_DEPTH: usize = 127;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number as written, e.g. `12`, `-0`, `2.5e3`.
    Num(String),
    Str(String),
    Arr(Vec<Value>),
    /// Members in document order. A key may appear more than once; lookups in
    /// [`crate::model::decode`] use the last occurrence.
    Obj(Vec<(String, Value)>),
}

/// Where and why the text is not JSON. `line` and `col` are 1-based; `col` counts
/// characters, not bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub col: usize,
    pub msg: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} column {}: {}", self.line, self.col, self.msg)
    }
}

impl std::error::Error for JsonError {}

/// Parses `text` as one JSON value.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let result = p.value().and_then(|v| {
        p.skip_ws();
        if p.pos < p.b.len() {
            Err("trailing characters after the value")
        } else {
            Ok(v)
        }
    });
    result.map_err(|msg| error_at(text, p.pos, msg))
}

/// Line and column (1-based, in characters) of byte offset `pos`.
fn error_at(text: &str, pos: usize, msg: &'static str) -> JsonError {
    // `pos` may sit inside a multi-byte character (an error on its first byte never
    // happens, but stay safe): count up to the nearest boundary at or before it.
    let mut end = pos.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    JsonError {
        line: before.matches('\n').count() + 1,
        col: before[line_start..].chars().count() + 1,
        msg,
    }
}

type Res<T> = Result<T, &'static str>;

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Byte offset of the next unread byte; on error, of the offending byte.
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `c` if it comes next after optional whitespace.
    fn eat(&mut self, c: u8) -> bool {
        self.skip_ws();
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes `c` after optional whitespace, or fails with `msg`.
    fn expect(&mut self, c: u8, msg: &'static str) -> Res<()> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.unexpected(msg))
        }
    }

    /// `msg`, or "unexpected end of input" when the text has run out.
    fn unexpected(&self, msg: &'static str) -> &'static str {
        if self.pos >= self.b.len() {
            "unexpected end of input"
        } else {
            msg
        }
    }

    fn value(&mut self) -> Res<Value> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::Str),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.unexpected("expected a value")),
        }
    }

    fn literal(&mut self, word: &'static str, v: Value) -> Res<Value> {
        if self.b[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err("expected a value")
        }
    }

    fn enter(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err("nested too deeply")
        } else {
            self.pos += 1;
            Ok(())
        }
    }

    /// After a member: `,` (another follows) or `close` (the last one), else `msg`.
    fn after_member(&mut self, close: u8, msg: &'static str) -> Res<bool> {
        if self.eat(close) {
            return Ok(true);
        }
        if self.peek() == Some(b',') {
            self.pos += 1;
            return Ok(false);
        }
        Err(self.unexpected(msg))
    }

    fn array(&mut self) -> Res<Value> {
        self.enter()?;
        let mut items = Vec::new();
        if !self.eat(b']') {
            loop {
                items.push(self.value()?);
                if self.after_member(b']', "expected `,` or `]`")? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Arr(items))
    }

    fn object(&mut self) -> Res<Value> {
        self.enter()?;
        let mut members = Vec::new();
        if !self.eat(b'}') {
            loop {
                self.skip_ws();
                if self.peek() != Some(b'"') {
                    return Err(self.unexpected("expected a string key"));
                }
                let key = self.string()?;
                self.expect(b':', "expected `:`")?;
                members.push((key, self.value()?));
                if self.after_member(b'}', "expected `,` or `}`")? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Obj(members))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Res<Value> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err("leading zeros are not allowed");
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.unexpected("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected("expected a digit"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected("expected a digit"));
            }
        }
        Ok(Value::Num(self.text[start..self.pos].to_string()))
    }

    /// A string starting at the opening quote.
    fn string(&mut self) -> Res<String> {
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None => return Err("unexpected end of input"),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    out.push(self.escape()?);
                    run = self.pos;
                }
                Some(0..=0x1f) => return Err("control character in string"),
                // Other bytes, multi-byte UTF-8 included, are copied as they are: the
                // text is a `str`, and runs are cut only at ASCII `"` and `\`.
                Some(_) => self.pos += 1,
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Res<char> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let start = self.pos - 1;
                self.pos += 1;
                let hi = self.hex4()?;
                let code = match hi {
                    0xD800..=0xDBFF => {
                        if !self.b[self.pos..].starts_with(b"\\u") {
                            self.pos = start;
                            return Err("lone surrogate in \\u escape");
                        }
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            self.pos = start;
                            return Err("lone surrogate in \\u escape");
                        }
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        self.pos = start;
                        return Err("lone surrogate in \\u escape");
                    }
                    _ => hi,
                };
                // Every value left is a valid scalar (surrogates were handled above).
                return char::from_u32(code).ok_or("invalid \\u escape");
            }
            _ => return Err(self.unexpected("invalid escape")),
        };
        self.pos += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Res<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.unexpected("expected four hex digits after \\u")),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }
}

// Native only: proptest does not build for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(x: &str) -> Value {
        Value::Str(x.into())
    }

    fn n(x: &str) -> Value {
        Value::Num(x.into())
    }

    #[test]
    fn reads_every_kind_of_value() {
        let cases: Vec<(&str, Value)> = vec![
            ("null", Value::Null),
            ("true", Value::Bool(true)),
            (" false ", Value::Bool(false)),
            ("0", n("0")),
            ("-0", n("-0")),
            ("12", n("12")),
            ("-12.5e-1", n("-12.5e-1")),
            ("1E3", n("1E3")),
            ("1e+2", n("1e+2")),
            ("0.1", n("0.1")),
            ("1e-400", n("1e-400")),
            ("18446744073709551615", n("18446744073709551615")),
            // Beyond f64 (serde_json refuses it); kept as written.
            ("1e400", n("1e400")),
            ("\"\"", s("")),
            ("\"héllo ✓\"", s("héllo ✓")),
            (
                r#""\" \\ \/ \b \f \n \r \t""#,
                s("\" \\ / \u{8} \u{c} \n \r \t"),
            ),
            (r#""\u0041\u00e9\u2713""#, s("Aé✓")),
            (r#""\uD83D\uDE00 \ud83d\ude00""#, s("😀 😀")),
            (r#""\u0000""#, s("\0")),
            (r#""\uFFFF""#, s("\u{ffff}")),
            ("\"\u{7f}\"", s("\u{7f}")),
            ("[]", Value::Arr(vec![])),
            (" [ 1 , [ ] , { } ] ", {
                Value::Arr(vec![n("1"), Value::Arr(vec![]), Value::Obj(vec![])])
            }),
            ("{}", Value::Obj(vec![])),
            (
                "\t\r\n{\"b\" : 1, \"a\":null,\"b\":\"x\"}\n",
                Value::Obj(vec![
                    ("b".into(), n("1")),
                    ("a".into(), Value::Null),
                    ("b".into(), s("x")),
                ]),
            ),
        ];
        for (text, want) in cases {
            let got = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        let cases: &[(&str, &str)] = &[
            ("", "unexpected end of input"),
            ("   ", "unexpected end of input"),
            ("nul", "expected a value"),
            ("True", "expected a value"),
            ("NaN", "expected a value"),
            ("Infinity", "expected a value"),
            ("-Infinity", "expected a digit"),
            ("'a'", "expected a value"),
            ("01", "leading zeros are not allowed"),
            ("-01", "leading zeros are not allowed"),
            ("00", "leading zeros are not allowed"),
            ("+1", "expected a value"),
            (".5", "expected a value"),
            ("1.", "unexpected end of input"),
            ("1.e3", "expected a digit"),
            ("1e", "unexpected end of input"),
            ("1e+", "unexpected end of input"),
            ("-", "unexpected end of input"),
            ("0x10", "trailing characters after the value"),
            ("1 2", "trailing characters after the value"),
            ("{} x", "trailing characters after the value"),
            ("\"abc", "unexpected end of input"),
            ("\"a\tb\"", "control character in string"),
            ("\"a\nb\"", "control character in string"),
            ("\"\u{1f}\"", "control character in string"),
            (r#""\x""#, "invalid escape"),
            (r#""\'""#, "invalid escape"),
            (r#""\u12""#, "expected four hex digits after \\u"),
            (r#""\u12G4""#, "expected four hex digits after \\u"),
            (r#""\uD800""#, "lone surrogate in \\u escape"),
            (r#""\uD800x""#, "lone surrogate in \\u escape"),
            (r#""\uD800\n""#, "lone surrogate in \\u escape"),
            (r#""\uD800\u0041""#, "lone surrogate in \\u escape"),
            (r#""\uD800\uD800""#, "lone surrogate in \\u escape"),
            (r#""\uDC00""#, "lone surrogate in \\u escape"),
            (r#""\uDFFF\uD800""#, "lone surrogate in \\u escape"),
            ("[1,]", "expected a value"),
            ("[1 2]", "expected `,` or `]`"),
            ("[", "unexpected end of input"),
            ("[1", "unexpected end of input"),
            ("]", "expected a value"),
            ("{\"a\":1,}", "expected a string key"),
            ("{\"a\" 1}", "expected `:`"),
            ("{a:1}", "expected a string key"),
            ("{1:1}", "expected a string key"),
            ("{\"a\":1 \"b\":2}", "expected `,` or `}`"),
            ("{\"a\":}", "expected a value"),
            ("{", "unexpected end of input"),
            ("[1]/* comment */", "trailing characters after the value"),
            ("\u{feff}1", "expected a value"),
            ("\u{a0}1", "expected a value"),
        ];
        for (text, msg) in cases {
            match parse(text) {
                Ok(v) => panic!("{text:?} was read as {v:?}"),
                Err(e) => assert_eq!(e.msg, *msg, "{text:?}"),
            }
            // serde_json refuses the same texts.
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn errors_say_where() {
        let e = parse("{\n  \"a\": [1, 2,],\n  \"b\": 0\n}").unwrap_err();
        assert_eq!((e.line, e.col), (2, 14));
        assert_eq!(e.to_string(), "line 2 column 14: expected a value");
        // Columns count characters, not bytes.
        let e = parse("[\"ééé\", tru]").unwrap_err();
        assert_eq!((e.line, e.col, e.msg), (1, 9, "expected a value"));
        let e = parse("\"ok\"\r\n\r\n  x").unwrap_err();
        assert_eq!((e.line, e.col), (3, 3));
        // A bad escape points at its backslash.
        let e = parse("[\"ab\\uDC00\"]").unwrap_err();
        assert_eq!((e.line, e.col), (1, 5));
        let e = parse("[1e]").unwrap_err();
        assert_eq!((e.line, e.col, e.msg), (1, 4, "expected a digit"));
        let e = parse("[1,").unwrap_err();
        assert_eq!((e.line, e.col), (1, 4));
        let e = parse("{\"k\":\"v\u{1}\"}").unwrap_err();
        assert_eq!((e.line, e.col), (1, 8));
    }

    #[test]
    fn nesting_is_bounded_like_serde_json() {
        for depth in [1, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 100_000] {
            let text = "[".repeat(depth) + &"]".repeat(depth);
            let ours = parse(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            assert_eq!(ours.is_ok(), theirs.is_ok(), "depth {depth}");
            assert_eq!(ours.is_ok(), depth <= MAX_DEPTH, "depth {depth}");
            if let Err(e) = ours {
                assert_eq!((e.col, e.msg), (MAX_DEPTH + 1, "nested too deeply"));
            }
            let text = "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth);
            assert_eq!(parse(&text).is_ok(), depth <= MAX_DEPTH, "depth {depth}");
        }
    }

    /// Our tree and serde_json's mean the same thing. serde_json's objects are maps
    /// sorted by key (no `preserve_order`), so ours are compared as maps too.
    fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
        same_within(ours, theirs, 0)
    }

    /// `same`, with numbers equal within `ulps` units in the last place: serde_json
    /// (without its `float_roundtrip` feature) may read a long decimal a unit or two
    /// off the correctly rounded value that `str::parse` gives.
    fn same_within(ours: &Value, theirs: &serde_json::Value, ulps: u64) -> bool {
        use serde_json::Value as J;
        let same = |a, b| same_within(a, b, ulps);
        match (ours, theirs) {
            (Value::Null, J::Null) => true,
            (Value::Bool(a), J::Bool(b)) => a == b,
            (Value::Num(a), J::Number(b)) => b.as_f64().is_some_and(|b| {
                let a: f64 = a.parse().expect("a JSON number");
                b == a
                    || (a.is_sign_negative() == b.is_sign_negative()
                        && a.to_bits().abs_diff(b.to_bits()) <= ulps)
            }),
            (Value::Str(a), J::String(b)) => a == b,
            (Value::Arr(a), J::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
            }
            (Value::Obj(a), J::Object(b)) => {
                // serde_json keeps the last of repeated keys, as our lookups do.
                let a: std::collections::BTreeMap<_, _> =
                    a.iter().map(|(k, v)| (k.as_str(), v)).collect();
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
            }
            _ => false,
        }
    }

    /// Both accept or both refuse. The one exception: a number beyond `f64`, which
    /// serde_json refuses and this reader keeps as written.
    fn agree(
        ours: &Result<Value, JsonError>,
        theirs: &Result<serde_json::Value, serde_json::Error>,
    ) -> bool {
        match (ours, theirs) {
            (Ok(_), Err(e)) => e.to_string().starts_with("number out of range"),
            (o, t) => o.is_ok() == t.is_ok(),
        }
    }

    fn arb_json() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value as J;
        let leaf = prop_oneof![
            Just(J::Null),
            any::<bool>().prop_map(J::Bool),
            any::<i64>().prop_map(J::from),
            any::<u64>().prop_map(J::from),
            any::<f64>().prop_map(J::from), // NaN and infinities become null
            any::<String>().prop_map(J::String),
            "[\\\\\"/\u{0}-\u{1f}\u{7f}-\u{ff}\u{d7ff}\u{e000}\u{fffd}\u{10000}-\u{10ffff}]*"
                .prop_map(J::String),
        ];
        leaf.prop_recursive(6, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(J::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..8)
                    .prop_map(|m| J::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Pieces of JSON's alphabet.
    fn token() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("{"),
            Just("}"),
            Just("["),
            Just("]"),
            Just(","),
            Just(":"),
            Just("\""),
            Just("\\"),
            Just("\\u"),
            Just("d83d"),
            Just("DE00"),
            Just("00e9"),
            Just("0"),
            Just("1"),
            Just("9"),
            Just("-"),
            Just("+"),
            Just("."),
            Just("e"),
            Just("E"),
            Just("true"),
            Just("null"),
            Just("fals"),
            Just(" "),
            Just("\n"),
            Just("\t"),
            Just("\u{1}"),
            Just("a"),
            Just("é"),
            Just("n"),
            Just("/"),
        ]
    }

    /// Texts from JSON's alphabet, mostly invalid: both readers must agree on what is
    /// JSON and what is not.
    fn json_ish() -> impl Strategy<Value = String> {
        prop::collection::vec(token(), 0..24).prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn reads_what_serde_json_writes(v in arb_json()) {
            let compact = serde_json::to_string(&v).unwrap();
            let ours = parse(&compact).unwrap();
            prop_assert!(same(&ours, &v), "{compact}");
            let pretty = serde_json::to_string_pretty(&v).unwrap();
            prop_assert_eq!(parse(&pretty).unwrap(), ours);
        }

        #[test]
        fn accepts_exactly_what_serde_json_accepts(text in json_ish()) {
            let ours = parse(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            prop_assert!(agree(&ours, &theirs), "{:?}: {:?}", text, ours);
            if let (Ok(a), Ok(b)) = (&ours, &theirs) {
                prop_assert!(same_within(a, b, 8), "{:?}", text);
            }
        }

        #[test]
        fn agrees_with_serde_json_on_nearly_valid_texts(
            v in arb_json(),
            at in any::<prop::sample::Index>(),
            cut in 0..3usize,
            tok in token(),
        ) {
            // Valid JSON with a few bytes cut out at a character boundary, or a token
            // put in there.
            let mut text = serde_json::to_string(&v).unwrap();
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut j = (i + cut).min(text.len());
            while !text.is_char_boundary(j) {
                j += 1;
            }
            text.replace_range(i..j, if cut == 0 { tok } else { "" });
            let ours = parse(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            prop_assert!(agree(&ours, &theirs), "{:?}: {:?}", text, ours);
            if let (Ok(a), Ok(b)) = (&ours, &theirs) {
                prop_assert!(same_within(a, b, 8), "{:?}", text);
            }
        }

        #[test]
        fn any_text_is_answered_without_panicking(text in any::<String>()) {
            let _ = parse(&text);
        }
    }
}
