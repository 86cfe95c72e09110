//! The thank-you lists: by medium, counts per medium, transcripts.

use impactwall_model::{localize, Index, Instant, Localized, Medium, ThanksSummary};

use super::sort_by_i64;

/// Live thank-you messages at `now` in the reader's language, optionally of one
/// medium; newest first.
pub fn visible_thanks<'a>(
    ix: &'a Index,
    now: Instant,
    lang: &str,
    medium: Option<Medium>,
) -> Vec<Localized<'a, ThanksSummary>> {
    let mut out = localize(&ix.thanks, lang, &ix.site.default_language, |t| {
        t.meta.schedule.is_live_at(now)
    });
    out.retain(|t| medium.is_none_or(|m| t.item.medium == m));
    sort_by_i64(&mut out, |l| -l.item.meta.date.timestamp_millis());
    out
}

/// How many live messages each medium has (media without any are left out).
pub fn thanks_media_counts(ix: &Index, now: Instant, lang: &str) -> Vec<(Medium, usize)> {
    let all = visible_thanks(ix, now, lang, None);
    Medium::ALL
        .into_iter()
        .map(|m| (m, all.iter().filter(|t| t.item.medium == m).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Parses a medium name from the query string.
pub fn parse_medium(s: &str) -> Option<Medium> {
    Medium::ALL
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
}

/// Paragraphs of a plain-text transcript (separated by blank lines).
pub fn paragraphs(text: &str) -> Vec<String> {
    let normalised = text.replace("\r\n", "\n");
    normalised
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}
