//! YAML front matter into a plain value tree, with every resource bounded: nesting
//! depth, parser events and aliases by the parser's budget, and the size of the tree
//! built — aliases included — by a byte budget, the same as the file-size limit. A
//! "billion laughs" header (one long string repeated through thousands of aliases)
//! stops with an error after at most that many bytes instead of exhausting memory.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_saphyr::{Budget, Options};

/// Deepest nesting of lists and tables accepted.
pub const MAX_DEPTH: usize = super::fields::MAX_FRONT_MATTER_NESTING;

/// A parsed YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Sequence(Vec<Yaml>),
    Mapping(Vec<(Yaml, Yaml)>),
}

/// A YAML error: a message and, when known, the 1-based line and column within the
/// parsed text.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub col: usize,
}

/// Parses one YAML document into a [`Yaml`] tree of at most `budget` bytes (string
/// bytes plus one per value), counting every expansion of an alias.
pub fn parse(text: &str, budget: usize) -> Result<Yaml, YamlError> {
    let seed = Bounded {
        left: &Cell::new(budget),
        budget,
        depth: 0,
    };
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_documents = 1;
    let mut options = Options::default();
    options.budget = Some(budget);
    // YAML 1.2 booleans only: `yes` stays text, and `check` suggests `true`.
    options.strict_booleans = true;
    serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| seed.deserialize(de))
        .map_err(|e| {
            let (line, col) = e
                .location()
                .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
            YamlError {
                message: plain_message(&e.without_snippet().to_string()),
                line: line.max(1),
                col: col.max(1),
            }
        })
}

/// The message without the position the parser appends (reported apart) and without
/// any following lines.
fn plain_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or("").trim();
    let first = first.split(" at line ").next().unwrap_or(first);
    // An error inside an alias names where the anchor was defined; reported apart.
    let first = first.split(" (defined").next().unwrap_or(first);
    first.trim_end_matches('.').trim().to_owned()
}

/// Builds a [`Yaml`] value while charging each piece against a shared byte budget.
#[derive(Clone, Copy)]
struct Bounded<'a> {
    left: &'a Cell<usize>,
    budget: usize,
    depth: usize,
}

impl Bounded<'_> {
    fn charge<E: serde::de::Error>(&self, bytes: usize) -> Result<(), E> {
        let cost = bytes.saturating_add(1);
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(format!(
                "the header expands to more than {} KB (aliases repeat their value each time they are used); the limit is the file-size limit",
                self.budget / 1024
            ))),
        }
    }

    fn nested<E: serde::de::Error>(&self) -> Result<Self, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format!(
                "lists or tables nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(Bounded {
            depth: self.depth + 1,
            ..*self
        })
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Yaml;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Yaml, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Yaml, E> {
        self.charge(0)?;
        Ok(Yaml::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Yaml, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Yaml, D::Error> {
        self.deserialize(de)
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Yaml, E> {
        self.charge(0)?;
        Ok(Yaml::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Yaml, E> {
        self.charge(0)?;
        Ok(Yaml::Int(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Yaml, E> {
        self.charge(0)?;
        Ok(i64::try_from(v).map_or(Yaml::Float(v as f64), Yaml::Int))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Yaml, E> {
        self.charge(0)?;
        Ok(i64::try_from(v).map_or(Yaml::Float(v as f64), Yaml::Int))
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Yaml, E> {
        self.charge(0)?;
        Ok(i64::try_from(v).map_or(Yaml::Float(v as f64), Yaml::Int))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Yaml, E> {
        self.charge(0)?;
        Ok(Yaml::Float(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Yaml, E> {
        self.charge(v.len())?;
        Ok(Yaml::String(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Yaml, E> {
        self.charge(v.len())?;
        Ok(Yaml::String(v))
    }

    fn visit_bytes<E: serde::de::Error>(self, _v: &[u8]) -> Result<Yaml, E> {
        Err(E::custom("binary values are not accepted; write text"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        self.charge(0)?;
        let inner = self.nested()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Yaml::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        self.charge(0)?;
        let inner = self.nested()?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(inner)? {
            let value = map.next_value_seed(inner)?;
            entries.push((key, value));
        }
        Ok(Yaml::Mapping(entries))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, _data: A) -> Result<Yaml, A::Error> {
        Err(A::Error::custom("tagged values are not accepted"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values() {
        let v = parse("title: Hello\ntags: [a, 7, 1.5, true, ~]\n", 1 << 20).unwrap();
        assert_eq!(
            v,
            Yaml::Mapping(vec![
                (Yaml::String("title".into()), Yaml::String("Hello".into())),
                (
                    Yaml::String("tags".into()),
                    Yaml::Sequence(vec![
                        Yaml::String("a".into()),
                        Yaml::Int(7),
                        Yaml::Float(1.5),
                        Yaml::Bool(true),
                        Yaml::Null
                    ])
                ),
            ])
        );
    }

    #[test]
    fn an_alias_bomb_stops_at_the_budget() {
        let text = format!(
            "summary: &a \"{}\"\ntags: [{}]\n",
            "x".repeat(10_000),
            vec!["*a"; 2_000].join(", ")
        );
        let e = parse(&text, 512 * 1024).unwrap_err();
        assert!(e.message.contains("512 KB"), "{e:?}");
        // Aliases within the budget are fine.
        assert!(parse("a: &x [1, 2]\nb: *x\n", 1024).is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_with_a_position() {
        let block: String = (0..200).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let e = parse(&block, 1 << 20).unwrap_err();
        assert!(e.line > 1, "{e:?}");
        let flow = format!("a: {}", "[".repeat(200));
        assert!(parse(&flow, 1 << 20).is_err());
    }
}
