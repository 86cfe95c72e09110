//! The plain-text part: what a text-only mail client, a screen reader's plain view or
//! a notification preview shows. Wrapped at 72 columns; links on lines of their own
//! words so they are never broken.

use super::strings::fill;
use super::{DigestContent, EventEntry, StoryEntry, ThanksEntry};

const WIDTH: usize = 72;

/// `digest.txt`.
pub fn render(d: &DigestContent) -> String {
    let s = d.strings;
    let mut out = String::new();
    let heading = fill(s.heading, &[("site", &d.site_name)]);
    out.push_str(&heading);
    out.push('\n');
    out.push_str(&"=".repeat(heading.chars().count()));
    out.push('\n');
    out.push_str(&d.period_text);
    out.push('\n');
    if let Some(team) = &d.team {
        out.push_str(&fill(s.for_team, &[("team", team)]));
        out.push('\n');
    }
    out.push('\n');
    if d.is_empty() {
        section(&mut out, s.empty_title);
        paragraph(&mut out, s.empty_body, "");
    } else {
        paragraph(&mut out, &fill(s.intro, &[("period", &d.period_text)]), "");
    }
    if let Some(point) = &d.depth.talking_point {
        section(&mut out, s.talking_point);
        paragraph(&mut out, point, "");
    }
    if !d.depth.metrics.is_empty() {
        section(&mut out, s.metrics);
        for m in &d.depth.metrics {
            let line = match &m.equivalence {
                Some(eq) => format!("{}: {} ({eq})", m.label, m.value),
                None => format!("{}: {}", m.label, m.value),
            };
            item(&mut out, &[line]);
        }
    }
    if !d.stories.is_empty() {
        section(&mut out, s.stories);
        for story in &d.stories {
            item(&mut out, &story_lines(d, story));
        }
    }
    if !d.thanks.is_empty() {
        section(&mut out, s.thanks);
        for t in &d.thanks {
            item(&mut out, &thanks_lines(d, t));
        }
    }
    if !d.events.is_empty() {
        section(&mut out, s.events);
        for e in &d.events {
            item(&mut out, &event_lines(d, e));
        }
    }
    footer(&mut out, d);
    out
}

fn story_lines(d: &DigestContent, story: &StoryEntry) -> Vec<String> {
    let mut lines = vec![story.title.clone()];
    if !story.summary.is_empty() {
        lines.push(story.summary.clone());
    }
    lines.push(format!("{}: {}", d.strings.read_story, story.url));
    lines
}

fn thanks_lines(d: &DigestContent, t: &ThanksEntry) -> Vec<String> {
    let s = d.strings;
    let mut lines = vec![
        format!("“{}”", t.quote),
        fill(s.from_to, &[("from", &t.from), ("to", &t.to)]),
    ];
    if let Some(excerpt) = &t.transcript_excerpt {
        lines.push(format!("{}: “{excerpt}”", s.voicemail));
    }
    if let Some(url) = &t.listen_url {
        lines.push(format!("{}: {url}", s.listen));
    }
    lines.push(format!("{}: {}", s.read_message, t.url));
    lines
}

fn event_lines(d: &DigestContent, e: &EventEntry) -> Vec<String> {
    let s = d.strings;
    let mut lines = vec![e.title.clone(), e.when_site.clone()];
    lines.extend(e.when_local.clone());
    if !e.summary.is_empty() {
        lines.push(e.summary.clone());
    }
    if let Some(place) = &e.location {
        lines.push(format!("{}: {place}", s.location));
    }
    if let Some(url) = &e.online_url {
        lines.push(format!("{}: {url}", s.online));
    }
    lines.push(format!("{}: {}", s.event_details, e.url));
    lines.push(format!("{}: {}", s.add_to_calendar, e.calendar_url));
    lines
}

fn footer(out: &mut String, d: &DigestContent) {
    let s = d.strings;
    // "-- " (with the space) is the signature separator mail clients recognise.
    out.push_str("-- \n");
    out.push_str(&format!("{}: {}\n", s.visit_site, d.home_url()));
    paragraph(
        out,
        &fill(s.why_you_get_this, &[("site", &d.site_name)]),
        "",
    );
    if let Some(url) = &d.unsubscribe {
        out.pop();
        out.push_str(&format!("{}: {url}\n", s.unsubscribe));
    }
}

fn section(out: &mut String, title: &str) {
    let title = title.to_uppercase();
    out.push_str(&title);
    out.push('\n');
    out.push_str(&"-".repeat(title.chars().count()));
    out.push_str("\n\n");
}

/// A wrapped paragraph followed by a blank line.
fn paragraph(out: &mut String, text: &str, indent: &str) {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    out.push_str(&textwrap::fill(text, options));
    out.push_str("\n\n");
}

/// A bulleted item: the first line after `* `, the others indented under it.
fn item(out: &mut String, lines: &[String]) {
    for (i, line) in lines.iter().enumerate() {
        let first = if i == 0 { "* " } else { "  " };
        let options = textwrap::Options::new(WIDTH)
            .initial_indent(first)
            .subsequent_indent("  ")
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.push_str(&textwrap::fill(line, options));
        out.push('\n');
    }
    out.push('\n');
}
