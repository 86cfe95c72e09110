//! The list's rows (as `GET /desk/api/items` answers them) and its filters: kind,
//! state and words in the title, file name or path.

use serde::Deserialize;

/// One item of the list.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Row {
    pub kind: String,
    pub slug: String,
    pub path: String,
    pub title: String,
    pub lang: String,
    #[serde(default)]
    pub languages: Vec<Version>,
    pub state: String,
    pub on_wall: bool,
    #[serde(default)]
    pub not_on_wall: Vec<String>,
    #[serde(default)]
    pub problems: Vec<Problem>,
}

/// A language version of an item.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Version {
    pub lang: String,
    pub slug: String,
}

/// A finding of `impactwall check` on an item.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Problem {
    #[serde(default)]
    pub field: Option<String>,
    pub severity: String,
    pub message: String,
}

/// `GET /desk/api/items`.
#[derive(Clone, Debug, Deserialize)]
pub struct Items {
    pub items: Vec<Row>,
}

/// The kinds, in the order the filter offers them.
pub const KINDS: [&str; 5] = ["stories", "thanks", "events", "talking-points", "teams"];
/// The states, in the order the filter offers them.
pub const STATES: [&str; 4] = ["draft", "scheduled", "live", "expired"];

/// What the list shows: empty strings match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: String,
    pub state: String,
    pub text: String,
}

impl Filter {
    pub fn matches(&self, row: &Row) -> bool {
        let words = self.text.trim().to_lowercase();
        (self.kind.is_empty() || row.kind == self.kind)
            && (self.state.is_empty() || row.state == self.state)
            && words.split_whitespace().all(|w| {
                row.title.to_lowercase().contains(w) || row.path.to_lowercase().contains(w)
            })
    }

    /// The rows that match, in the answer's order.
    pub fn apply<'a>(&self, rows: &'a [Row]) -> Vec<&'a Row> {
        rows.iter().filter(|r| self.matches(r)).collect()
    }
}

/// Errors among an item's problems (warnings do not block a save).
pub fn error_count(row: &Row) -> usize {
    row.problems
        .iter()
        .filter(|p| p.severity == "error")
        .count()
}

// Natively: the tests read and write JSON with serde_json.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn row(kind: &str, title: &str, state: &str) -> Row {
        Row {
            kind: kind.into(),
            slug: title.to_lowercase().replace(' ', "-"),
            path: format!("{kind}/{}.md", title.to_lowercase().replace(' ', "-")),
            title: title.into(),
            lang: "en".into(),
            languages: vec![],
            state: state.into(),
            on_wall: false,
            not_on_wall: vec!["draft".into()],
            problems: vec![],
        }
    }

    #[test]
    fn filters_combine_kind_state_and_words() {
        let rows = vec![
            row("stories", "The last tram home", "live"),
            row("stories", "Harbour forms", "draft"),
            row("events", "Open day at the harbour", "scheduled"),
        ];
        let titles = |f: &Filter| -> Vec<String> {
            f.apply(&rows).iter().map(|r| r.title.clone()).collect()
        };
        assert_eq!(titles(&Filter::default()).len(), 3);
        let harbour = Filter {
            text: "  HARBOUR ".into(),
            ..Filter::default()
        };
        assert_eq!(
            titles(&harbour),
            ["Harbour forms", "Open day at the harbour"]
        );
        let stories = Filter {
            kind: "stories".into(),
            ..harbour.clone()
        };
        assert_eq!(titles(&stories), ["Harbour forms"]);
        let live = Filter {
            state: "live".into(),
            ..stories
        };
        assert!(titles(&live).is_empty());
        let by_path = Filter {
            text: "events/open".into(),
            ..Filter::default()
        };
        assert_eq!(titles(&by_path), ["Open day at the harbour"]);
    }

    #[test]
    fn rows_read_the_api_answer() {
        let json = r#"{"items":[{"kind":"stories","slug":"rosa","path":"stories/rosa.md",
            "title":"Rosa","lang":"en","languages":[{"lang":"en","slug":"rosa"}],
            "state":"live","on_wall":false,"not_on_wall":["no consent"],
            "problems":[{"field":"consent","code":"no-consent","severity":"warning",
            "message":"m","hint":"h","file":"stories/rosa.md","line":1,"column":1}]}]}"#;
        let items: Items = serde_json::from_str(json).unwrap();
        assert_eq!(items.items[0].not_on_wall, ["no consent"]);
        assert_eq!(items.items[0].problems[0].field.as_deref(), Some("consent"));
        assert_eq!(error_count(&items.items[0]), 0);
    }
}
