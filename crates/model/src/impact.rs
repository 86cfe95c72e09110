//! Impact metrics, equivalences, teams and talking points: the published data
//! (`data/impact.json` → [`ImpactData`]) and the pure rules that turn it into text.
//!
//! Periods (`this_month`, `last_month`, `this_year`, `total`) are months in the site's
//! time zone. The browser has no time-zone database, so the build publishes the
//! instant each local month starts ([`MonthStart`]); finding "this month" is then a
//! lookup that is right across daylight-saving changes. Numbers are formatted by a
//! function the caller passes in (Intl in the browser, a fixed table natively), so this
//! module never touches the browser.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Image, Instant, Schedule};

/// What the talking-point, team and impact views show.
pub mod view;

/// The wall's talking-point and metric slides.
pub mod wall;

/// The built-in metric: the sum of the stories' `people_helped`.
pub const PEOPLE_HELPED: &str = "people_helped";

/// A calendar month (`2026-11`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// `2026-11` (exactly: four digits, a hyphen, two digits).
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        if b.len() != 7
            || b[4] != b'-'
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
        {
            return None;
        }
        Month::new(s[..4].parse().ok()?, s[5..].parse().ok()?)
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(s: String) -> Result<Month, String> {
        Month::parse(&s).ok_or_else(|| format!("`{s}` is not a month like 2026-11"))
    }
}

/// The instant a month begins in the site's time zone.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthStart {
    pub month: Month,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub starts: Instant,
}

/// The local month `now` falls in, from the published month starts (sorted by
/// month). `None` before the first one or after the last month's end is unknown.
pub fn month_at(now: Instant, starts: &[MonthStart]) -> Option<Month> {
    let i = starts.partition_point(|m| m.starts <= now);
    // The last start only says when its month begins, not when it ends.
    (i > 0 && i < starts.len()).then(|| starts[i - 1].month)
}

/// A period a figure covers.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    ThisMonth,
    LastMonth,
    ThisYear,
    Total,
}

impl Period {
    pub const ALL: [Period; 4] = [
        Period::ThisMonth,
        Period::LastMonth,
        Period::ThisYear,
        Period::Total,
    ];
    pub const NAMES: [&'static str; 4] = ["this_month", "last_month", "this_year", "total"];

    pub fn name(self) -> &'static str {
        match self {
            Period::ThisMonth => "this_month",
            Period::LastMonth => "last_month",
            Period::ThisYear => "this_year",
            Period::Total => "total",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.name() == s)
    }

    /// Does `month` count towards this period when the current month is `current`?
    pub fn covers(self, month: Month, current: Month) -> bool {
        match self {
            Period::ThisMonth => month == current,
            Period::LastMonth => month == current.previous(),
            Period::ThisYear => month.year == current.year && month <= current,
            Period::Total => month <= current,
        }
    }
}

/// Text in one language per language code; the site's default language is the
/// fallback.
pub type Translated = BTreeMap<String, String>;

/// Picks `lang`'s text, else `default`'s, else any.
pub fn pick<'a>(texts: &'a Translated, lang: &str, default: &str) -> &'a str {
    texts
        .get(lang)
        .or_else(|| texts.get(default))
        .or_else(|| texts.values().next())
        .map_or("", String::as_str)
}

/// A metric declared in `site.toml` (`[metrics.calls_answered]`), or the built-in
/// `people_helped`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct MetricInfo {
    pub name: String,
    /// "calls answered", per language.
    pub label: Translated,
    /// Optional unit shown after the number ("hours"), per language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unit: Translated,
}

/// "212 people helped: that is 5 full buses of travellers home safe".
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Equivalence {
    pub metric: String,
    /// How much of the metric makes one of the thing.
    pub per: f64,
    /// The thing, once: "a full bus of travellers home safe".
    pub one: Translated,
    /// The thing, more than once, with `{count}`: "{count} full buses of travellers home safe".
    pub many: Translated,
}

/// How many of an equivalence's thing `value` makes, rounded down (a "full bus" is
/// never rounded up) and to two significant digits from 100 on ("about 1,200").
/// `None` when it makes less than one: never "0 buses".
pub fn equivalence_count(value: f64, per: f64) -> Option<u64> {
    if per.is_nan() || per <= 0.0 || !value.is_finite() || value < per {
        return None;
    }
    let n = (value / per).floor() as u64;
    if n < 100 {
        return Some(n);
    }
    let digits = n.ilog10();
    let unit = 10u64.pow(digits - 1);
    Some(n / unit * unit)
}

impl Equivalence {
    /// The thing `value` makes in `lang`, numbers formatted by `number`; `None` below one.
    pub fn sentence(
        &self,
        value: f64,
        lang: &str,
        default: &str,
        number: &dyn Fn(f64) -> String,
    ) -> Option<String> {
        let n = equivalence_count(value, self.per)?;
        if n == 1 {
            Some(pick(&self.one, lang, default).to_owned())
        } else {
            Some(pick(&self.many, lang, default).replace("{count}", &number(n as f64)))
        }
    }
}

/// One metric's value for one month, for one team or (`team` absent) the whole
/// organisation.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MonthValue {
    pub metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    pub month: Month,
    pub value: f64,
}

/// A member of a team (published only with their consent).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Member {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<Image>,
}

/// `content/teams/<team>.md` in one language.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Team {
    /// The team's name in stories, thanks and playlists (`phones`): the file name.
    pub team: String,
    pub lang: String,
    pub name: String,
    /// Sanitised HTML of the file's body.
    #[serde(default)]
    pub description_html: String,
    /// Languages the team answers in, as written ("Dutch", "English").
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<Image>,
    #[serde(default)]
    pub members: Vec<Member>,
}

/// A copy-ready line for a call or a chat, with live `{metric.period}` figures.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct TalkingPoint {
    pub slug: String,
    pub lang: String,
    pub translation_key: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(default)]
    pub teams: Vec<String>,
    /// Slug of the story it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default)]
    pub schedule: Schedule,
    /// Background for the agent (sanitised HTML of the body).
    #[serde(default)]
    pub background_html: String,
}

/// `data/impact.json`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct ImpactData {
    pub metrics: Vec<MetricInfo>,
    #[serde(default)]
    pub equivalences: Vec<Equivalence>,
    /// Sorted by month; covers the data and the years after the build.
    pub month_starts: Vec<MonthStart>,
    /// Sorted by metric, team, month; summed per month at build time.
    pub values: Vec<MonthValue>,
    #[serde(default)]
    pub teams: Vec<Team>,
    #[serde(default)]
    pub talking_points: Vec<TalkingPoint>,
}

impl ImpactData {
    pub fn metric(&self, name: &str) -> Option<&MetricInfo> {
        self.metrics.iter().find(|m| m.name == name)
    }

    /// A metric's figure for `period` when the current month is `current`, for a team
    /// or (`None`) the organisation. The organisation's figure for a month is its own
    /// row when the data has one, else the sum of the teams' rows.
    pub fn value(&self, metric: &str, team: Option<&str>, period: Period, current: Month) -> f64 {
        let rows = self
            .values
            .iter()
            .filter(|v| v.metric == metric && period.covers(v.month, current));
        match team {
            Some(t) => rows
                .filter(|v| v.team.as_deref() == Some(t))
                .map(|v| v.value)
                .sum(),
            None => {
                let mut per_month: BTreeMap<Month, (Option<f64>, f64)> = BTreeMap::new();
                for v in rows {
                    let e = per_month.entry(v.month).or_default();
                    match v.team {
                        None => e.0 = Some(e.0.unwrap_or(0.0) + v.value),
                        Some(_) => e.1 += v.value,
                    }
                }
                per_month
                    .values()
                    .map(|(org, teams)| org.unwrap_or(*teams))
                    .sum()
            }
        }
    }

    /// `text` with every known `{metric.period}` replaced by its figure; anything else
    /// is left as written.
    pub fn resolve(
        &self,
        text: &str,
        team: Option<&str>,
        current: Month,
        number: &dyn Fn(f64) -> String,
    ) -> String {
        let mut out = String::with_capacity(text.len());
        for piece in pieces(text) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Figure {
                    metric,
                    period,
                    raw,
                    ..
                } => match (self.metric(metric), Period::parse(period)) {
                    (Some(_), Some(p)) => {
                        out.push_str(&number(self.value(metric, team, p, current)))
                    }
                    _ => out.push_str(raw),
                },
            }
        }
        out
    }
}

/// Part of a text with figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// `{metric.period}`; `at` is its byte offset in the text.
    Figure {
        metric: &'a str,
        period: &'a str,
        raw: &'a str,
        at: usize,
    },
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Splits `text` into plain text and `{name.name}` figures. Braces around anything
/// else (`{ }`, `{a b}`, an unclosed `{`) stay text.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    while let Some(open) = text[i..].find('{').map(|o| o + i) {
        let Some(close) = text[open..].find('}').map(|c| c + open) else {
            break;
        };
        let inner = &text[open + 1..close];
        match inner.split_once('.') {
            Some((m, p)) if is_name(m) && is_name(p) => {
                if plain_from < open {
                    out.push(Piece::Text(&text[plain_from..open]));
                }
                out.push(Piece::Figure {
                    metric: m,
                    period: p,
                    raw: &text[open..=close],
                    at: open,
                });
                plain_from = close + 1;
                i = close + 1;
            }
            _ => i = open + 1,
        }
    }
    if plain_from < text.len() {
        out.push(Piece::Text(&text[plain_from..]));
    }
    out
}

#[cfg(test)]
mod tests;
