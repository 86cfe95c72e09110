//! `metrics/*.csv`: `date,team,metric,value` rows, the export format of contact-centre
//! tools, each checked (date, metric, team, value, duplicates) and summed per month.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::super::fields::did_you_mean;
use super::super::site::SiteContext;
use super::super::{inside_root, read_limited, sorted_entries};
use crate::diagnostics::Diagnostic;
use impactwall_model::impact::Month;
use impactwall_model::rfc3339::parse_date;

/// Values summed per (metric, team, month); team `None` is the organisation.
pub type Values = BTreeMap<(String, Option<String>, Month), f64>;

/// The line of the first row for each (date, team, metric) as written.
type Seen = HashMap<(String, String, String), u64>;

const COLUMNS: [&str; 4] = ["date", "team", "metric", "value"];

/// Problems listed one by one per file before the rest are counted: a wrong export
/// should be one screenful, not a hundred thousand lines.
const MAX_PROBLEMS_PER_FILE: usize = 30;

/// Loads every `metrics/*.csv`.
pub fn load_all(
    root: &Path,
    ctx: &SiteContext,
    metrics: &[&str],
    teams: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> (Values, usize) {
    let mut values = Values::new();
    let mut files = 0;
    let dir = root.join("metrics");
    if !dir.is_dir() {
        return (values, files);
    }
    if let Err(p) = inside_root(root, &dir) {
        diags.push(p.into_diagnostic(Path::new("metrics")));
        return (values, files);
    }
    for entry in sorted_entries(&dir) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("metrics/{name}");
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        if !name.ends_with(".csv") || !entry.path().is_file() {
            diags.push(
                Diagnostic::warning("stray-file", &rel, format!("`{rel}` is not read"))
                    .hint("metrics/ holds .csv files with the columns date,team,metric,value"),
            );
            continue;
        }
        files += 1;
        // Exports are larger than Markdown files: they get the media size limit.
        match read_limited(root, &entry.path(), ctx.limits.max_media_bytes) {
            Ok(bytes) => {
                let known = Known { metrics, teams };
                diags.extend(read_csv(Path::new(&rel), &bytes, &known, &mut values));
            }
            Err(p) => diags.push(p.into_diagnostic(Path::new(&rel))),
        }
    }
    (values, files)
}

/// The names a row may use.
pub struct Known<'a> {
    pub metrics: &'a [&'a str],
    pub teams: &'a [&'a str],
}

/// One file's rows, added to `values`; returns its problems.
pub fn read_csv(
    rel: &Path,
    bytes: &[u8],
    known: &Known<'_>,
    values: &mut Values,
) -> Vec<Diagnostic> {
    let mut problems = Problems {
        rel,
        bytes,
        diags: Vec::new(),
        more: 0,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let Some(order) = read_header(&mut reader, &mut record, &mut problems) else {
        return problems.finish();
    };
    // Where each (date, team, metric) was first written, for duplicates.
    let mut seen = Seen::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (line, col) = e.position().map_or((1, 1), |p| (p.line() as usize, 1));
                problems.push(
                    Diagnostic::error(
                        "bad-csv",
                        rel,
                        format!("the file cannot be read as CSV: {e}"),
                    )
                    .at(line, col),
                );
                break;
            }
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        read_row(&record, &order, known, values, &mut seen, &mut problems);
    }
    problems.finish()
}

/// The header row: the four columns, in any order. Returns each column's index.
fn read_header(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut csv::ByteRecord,
    problems: &mut Problems<'_>,
) -> Option<[usize; 4]> {
    let expected = "a first line `date,team,metric,value`";
    if !reader.read_byte_record(record).unwrap_or(false) {
        problems.push(
            Diagnostic::error("bad-csv", problems.rel, "the file is empty").expected(expected),
        );
        return None;
    }
    let names: Vec<String> = record
        .iter()
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase()
        })
        .collect();
    let mut order = [0; 4];
    for (slot, column) in order.iter_mut().zip(COLUMNS) {
        match names.iter().position(|n| n == column) {
            Some(i) => *slot = i,
            None => {
                let d = Diagnostic::error(
                    "bad-csv",
                    problems.rel,
                    format!("the header has no `{column}` column"),
                )
                .at(1, 1)
                .expected(expected);
                let found: Vec<&str> = names.iter().map(String::as_str).collect();
                let d = match found
                    .iter()
                    .find(|n| did_you_mean(n, &[column]).is_some() && !COLUMNS.contains(n))
                {
                    Some(n) => d.hint(format!("rename `{n}` to `{column}`")),
                    None => d.hint(format!("the header found is `{}`", found.join(","))),
                };
                problems.push(d);
                return None;
            }
        }
    }
    Some(order)
}

/// A row's fields, trimmed, with their column numbers.
struct Row<'r> {
    line: usize,
    byte: usize,
    fields: [&'r str; 4],
}

fn read_row(
    record: &csv::ByteRecord,
    order: &[usize; 4],
    known: &Known<'_>,
    values: &mut Values,
    seen: &mut Seen,
    problems: &mut Problems<'_>,
) {
    let (line, byte) = record
        .position()
        .map_or((1, 0), |p| (p.line() as usize, p.byte() as usize));
    let mut fields = [""; 4];
    for (slot, &i) in fields.iter_mut().zip(order) {
        let raw = record.get(i).unwrap_or_default();
        match std::str::from_utf8(raw) {
            Ok(s) => *slot = s.trim(),
            Err(_) => {
                problems.at(
                    line,
                    byte,
                    i,
                    "not-utf8",
                    "this field is not valid UTF-8 text".into(),
                    Some("save the export as UTF-8 (CSV UTF-8 in spreadsheet programs)"),
                );
                return;
            }
        }
    }
    let row = Row { line, byte, fields };
    let month = row_month(&row, order, problems);
    let metric = row_metric(&row, order, known, problems);
    let team = row_team(&row, order, known, problems);
    let value = row_value(&row, order, problems);
    let (Some(month), Some(metric), Some(team), Some(value)) = (month, metric, team, value) else {
        return;
    };
    let key = (
        fields[0].to_owned(),
        fields[1].to_owned(),
        fields[2].to_owned(),
    );
    if let Some(first) = seen.get(&key) {
        let msg = format!(
            "a second row for {} {} {}: the first is on line {first}",
            fields[0],
            if fields[1].is_empty() {
                "(whole organisation)"
            } else {
                fields[1]
            },
            fields[2]
        );
        problems.at(
            line,
            byte,
            order[0],
            "duplicate-row",
            msg,
            Some("keep one row per date, team and metric (an export run twice?)"),
        );
        return;
    }
    seen.insert(key, line as u64);
    *values
        .entry((metric.to_owned(), team.map(str::to_owned), month))
        .or_default() += value;
}

fn row_month(row: &Row<'_>, order: &[usize; 4], problems: &mut Problems<'_>) -> Option<Month> {
    let text = row.fields[0];
    let month = if text.len() == 7 {
        Month::parse(text)
    } else {
        parse_date(text).and_then(|d| {
            use chrono::Datelike;
            Month::new(d.year(), d.month())
        })
    };
    if month.is_none() {
        problems.at(
            row.line,
            row.byte,
            order[0],
            "bad-date",
            format!("`{text}` is not a day or a month"),
            Some("write a day 2026-11-03 or a month 2026-11"),
        );
    }
    month
}

fn row_metric<'r>(
    row: &Row<'r>,
    order: &[usize; 4],
    known: &Known<'_>,
    problems: &mut Problems<'_>,
) -> Option<&'r str> {
    let name = row.fields[2];
    if known.metrics.contains(&name) {
        return Some(name);
    }
    let hint = match did_you_mean(name, known.metrics) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "declare it in site.toml as [metrics.{name}], or use one of: {}",
            known.metrics.join(", ")
        ),
    };
    problems.at(
        row.line,
        row.byte,
        order[2],
        "unknown-metric",
        format!("`{name}` is not a metric"),
        Some(&hint),
    );
    None
}

/// `Some(None)` for the whole organisation (an empty team).
fn row_team<'r>(
    row: &Row<'r>,
    order: &[usize; 4],
    known: &Known<'_>,
    problems: &mut Problems<'_>,
) -> Option<Option<&'r str>> {
    let name = row.fields[1];
    if name.is_empty() {
        return Some(None);
    }
    if known.teams.contains(&name) {
        return Some(Some(name));
    }
    let hint = match did_you_mean(name, known.teams) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("add teams/{name}.md, or leave the team empty for the whole organisation"),
    };
    problems.at(
        row.line,
        row.byte,
        order[1],
        "unknown-team",
        format!("`{name}` is not a team"),
        Some(&hint),
    );
    None
}

fn row_value(row: &Row<'_>, order: &[usize; 4], problems: &mut Problems<'_>) -> Option<f64> {
    let text = row.fields[3];
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
        Ok(v) if v < 0.0 => {
            problems.at(
                row.line,
                row.byte,
                order[3],
                "bad-value",
                format!("`{text}` is negative"),
                Some("metrics count things: write 0 or more"),
            );
            None
        }
        _ => {
            problems.at(
                row.line,
                row.byte,
                order[3],
                "bad-value",
                format!("`{text}` is not a number"),
                Some("write digits with a point for decimals and no thousands separator: 1234.5"),
            );
            None
        }
    }
}

/// One file's problems, capped.
struct Problems<'a> {
    rel: &'a Path,
    bytes: &'a [u8],
    diags: Vec<Diagnostic>,
    more: usize,
}

impl Problems<'_> {
    fn push(&mut self, d: Diagnostic) {
        if self.diags.len() < MAX_PROBLEMS_PER_FILE {
            self.diags.push(d);
        } else {
            self.more += 1;
        }
    }

    /// A problem with field `field` of the record starting at byte `start` on `line`.
    fn at(
        &mut self,
        line: usize,
        start: usize,
        field: usize,
        code: &'static str,
        msg: String,
        hint: Option<&str>,
    ) {
        if self.diags.len() >= MAX_PROBLEMS_PER_FILE {
            self.more += 1;
            return;
        }
        let col = field_column(self.bytes, start, field);
        let d = Diagnostic::error(code, self.rel, msg).at(line, col);
        self.diags.push(match hint {
            Some(h) => d.hint(h),
            None => d,
        });
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        if self.more > 0 {
            let more = self.more;
            self.diags.push(
                Diagnostic::error(
                    "bad-csv",
                    self.rel,
                    format!("and {more} more problems in this file"),
                )
                .hint("fix the ones above first: they are often the same mistake"),
            );
        }
        self.diags
    }
}

/// The 1-based column (in characters) where field `field` of the record starting at
/// byte `start` begins, skipping commas inside quotes.
pub fn field_column(bytes: &[u8], start: usize, field: usize) -> usize {
    let rest = bytes.get(start..).unwrap_or_default();
    let mut in_quotes = false;
    let mut seen = 0;
    let mut end = rest.len();
    for (i, &b) in rest.iter().enumerate() {
        if seen == field {
            end = i;
            break;
        }
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => seen += 1,
            b'\n' if !in_quotes => break,
            _ => {}
        }
    }
    String::from_utf8_lossy(&rest[..end]).chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> (Values, Vec<String>) {
        let known = Known {
            metrics: &["calls_answered", "people_helped"],
            teams: &["phones", "chat"],
        };
        let mut values = Values::new();
        let diags = read_csv(
            Path::new("metrics/x.csv"),
            text.as_bytes(),
            &known,
            &mut values,
        );
        (values, diags.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn rows_are_summed_per_month_and_team() {
        let (values, diags) = check("date,team,metric,value\n2026-11-03,phones,calls_answered,10\n2026-11-04,phones,calls_answered,5.5\n2026-11,,calls_answered,900\n\"2026-10-31\",chat,calls_answered,1\n");
        assert!(diags.is_empty(), "{diags:?}");
        let nov = Month::parse("2026-11").unwrap();
        assert_eq!(
            values[&("calls_answered".into(), Some("phones".into()), nov)],
            15.5
        );
        assert_eq!(values[&("calls_answered".into(), None, nov)], 900.0);
        assert_eq!(values.len(), 3);
    }

    #[test]
    fn columns_may_come_in_any_order() {
        let (values, diags) = check("metric,value,date,team\ncalls_answered,3,2026-01,chat\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(values.values().sum::<f64>(), 3.0);
    }

    #[test]
    fn field_columns_skip_quoted_commas() {
        let text = b"a,\"b,c\",d\n";
        assert_eq!(field_column(text, 0, 0), 1);
        assert_eq!(field_column(text, 0, 1), 3);
        assert_eq!(field_column(text, 0, 2), 9);
    }

    #[test]
    fn a_broken_export_is_one_screenful() {
        let mut text = String::from("date,team,metric,value\n");
        for _ in 0..1000 {
            text.push_str("soon,phones,calls_answered,1\n");
        }
        let (_, diags) = check(&text);
        assert_eq!(diags.len(), MAX_PROBLEMS_PER_FILE + 1);
        assert!(
            diags[MAX_PROBLEMS_PER_FILE].contains("970 more"),
            "{diags:?}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn reading_never_panics(
            lines in proptest::collection::vec("[0-9a-z,\"\\-. \r\u{feff}\u{e9}]{0,40}", 0..8),
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let mut text = String::from("date,team,metric,value\n");
            text.push_str(&lines.join("\n"));
            let _ = check(&text);
            let known = Known { metrics: &["m"], teams: &[] };
            let _ = read_csv(Path::new("metrics/x.csv"), &bytes, &known, &mut Values::new());
        }
    }
}
