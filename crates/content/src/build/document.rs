//! Rendering one document: its body and media, its detail data, its QR code or
//! calendar file, and its entries for the search index, the feed and the calendar.

use super::{
    base_url, feed, ics, kind_of, markdown, note_diagnostic, qr, render_markdown,
    search::SearchRecord, search_text, tidy_ellipsis, MediaStore, OutputFile, RenderedDoc,
    EXCERPT_CHARS,
};
use crate::{Diagnostic, Document, Item, SiteSource};
use impactwall_model::{
    EventDetail, EventSummary, Instant, ItemMeta, Kind, StoryDetail, StorySummary, ThanksDetail,
    ThanksSummary,
};

/// What one document's rendering gathers as it goes.
#[derive(Default)]
struct Gathered {
    files: Vec<(String, OutputFile)>,
    diags: Vec<Diagnostic>,
    /// Media paths looked up and the URL each got, to notice a changed media file.
    looked_up: Vec<(String, Option<String>)>,
}

/// What every kind's rendering reads.
struct DocContext<'a> {
    doc: &'a Document,
    site: &'a SiteSource,
    base: String,
    page_url: String,
    slug: String,
    lang: String,
    /// The body as plain text.
    plain: String,
    body_html: String,
    now: Instant,
}

/// What one kind adds besides its files.
struct KindParts {
    title: String,
    /// Searched besides the title and the body.
    lead: String,
    detail: serde_json::Result<Vec<u8>>,
    feed: Option<feed::FeedEntry>,
    ics: Option<ics::EventEntry>,
}

/// Renders one document; returns it with the media lookups it made.
pub(super) fn render_document(
    doc: &Document,
    site: &SiteSource,
    media: &MediaStore,
    now: Instant,
) -> (RenderedDoc, Vec<(String, Option<String>)>) {
    let mut out = Gathered::default();
    let body_html = render_body(doc, site, media, &mut out);
    let plain = markdown::plain_text(&doc.body);
    let mut item = doc.item.clone();
    publish_media(&mut item, doc, site, media, &mut out);
    let kind = kind_of(&item);
    let slug = item.meta().slug.clone();
    let base = base_url(&site.info).to_owned();
    let cx = DocContext {
        doc,
        site,
        page_url: format!("{base}/{}/{slug}", kind.dir()),
        base,
        lang: item.meta().lang.clone(),
        slug,
        plain,
        body_html,
        now,
    };
    let parts = match &mut item {
        Item::Story(s) => story_parts(s, &cx, &mut out),
        Item::Thanks(t) => thanks_parts(t, &cx, &out),
        Item::Event(e) => event_parts(e, &cx, &mut out),
    };
    let detail_path = format!("data/{}/{}.json", kind.dir(), cx.slug);
    match parts.detail {
        Ok(bytes) => out.files.push((detail_path, OutputFile::new(bytes))),
        Err(e) => out.diags.push(Diagnostic::error(
            "build-failed",
            &doc.path,
            format!("could not write {detail_path}: {e}"),
        )),
    }
    let search = search_entry(&item, kind, parts.title, &parts.lead, &cx);
    let rendered = RenderedDoc {
        source: doc.path.clone(),
        item,
        files: out.files,
        search,
        feed: parts.feed,
        ics: parts.ics,
        diags: out.diags,
    };
    (rendered, out.looked_up)
}

/// The body as sanitised HTML, with the media it shows published.
fn render_body(
    doc: &Document,
    site: &SiteSource,
    media: &MediaStore,
    out: &mut Gathered,
) -> String {
    let (rendered, published, looked_up) = render_markdown(&doc.body, &site.limits, media);
    out.files
        .extend(published.into_iter().map(|p| (p.out_path, p.file)));
    out.looked_up = looked_up;
    match rendered {
        Ok(r) => {
            out.diags.extend(
                r.notes
                    .iter()
                    .map(|n| note_diagnostic(&doc.path, &doc.body, doc.body_line, n)),
            );
            r.html
        }
        Err(e) => {
            out.diags.push(
                Diagnostic::error("too-long", &doc.path, format!("the text {e}"))
                    .at(doc.body_line, 1),
            );
            String::new()
        }
    }
}

/// Publishes the item's image and recording, pointing the item at their URLs.
fn publish_media(
    item: &mut Item,
    doc: &Document,
    site: &SiteSource,
    media: &MediaStore,
    out: &mut Gathered,
) {
    let max_media = site.limits.max_media_bytes;
    let mut publish = |src: &mut String, field: &str| {
        let written = src.clone();
        match media.publish(&written, max_media) {
            Ok(p) => {
                *src = p.url.clone();
                out.looked_up.push((written, Some(p.url)));
                out.files.push((p.out_path, p.file));
            }
            Err(e) => {
                out.looked_up.push((written, None));
                out.diags.push(Diagnostic::error(
                    e.code(),
                    &doc.path,
                    format!("{field}: {e}"),
                ));
            }
        }
    };
    let (image, audio) = match item {
        Item::Story(s) => (&mut s.image, None),
        Item::Thanks(t) => (&mut t.image, t.audio.as_mut()),
        Item::Event(e) => (&mut e.image, None),
    };
    if let Some(img) = image {
        publish(&mut img.src, "image");
    }
    if let Some(audio) = audio {
        if audio.mime.is_empty() {
            audio.mime = crate::load::media::audio_mime(&audio.src).to_owned();
        }
        publish(&mut audio.src, "audio");
    }
}

/// A feed entry dated by the item's schedule (or its date).
fn feed_entry(
    meta: &ItemMeta,
    cx: &DocContext<'_>,
    title: String,
    author: Option<String>,
    summary: String,
) -> feed::FeedEntry {
    let published = meta.schedule.publish_at.unwrap_or(meta.date);
    feed::FeedEntry {
        title,
        url: cx.page_url.clone(),
        lang: cx.lang.clone(),
        published,
        publish_at: meta.schedule.publish_at,
        updated: published,
        expires: meta.schedule.expires_at,
        author,
        enclosure: None,
        summary,
        content_html: cx.body_html.clone(),
        categories: meta.tags.clone(),
    }
}

/// A story: its QR code for wall screens, reading time and feed entry.
fn story_parts(s: &mut StorySummary, cx: &DocContext<'_>, out: &mut Gathered) -> KindParts {
    let qr_path = format!("qr/stories/{}.svg", cx.slug);
    match qr::svg_for(&cx.page_url) {
        Ok(svg) => {
            out.files.push((qr_path.clone(), OutputFile::new(svg)));
            s.qr = Some(format!("/{qr_path}"));
        }
        Err(e) => out.diags.push(Diagnostic::warning(
            "qr-failed",
            &cx.doc.path,
            format!("no QR code for {}: {e}", cx.page_url),
        )),
    }
    s.reading_minutes = markdown::reading_minutes(&cx.doc.body);
    let feed = feed_entry(
        &s.meta,
        cx,
        s.title.clone(),
        s.author.clone(),
        s.summary.clone(),
    );
    let lead = [
        s.summary.as_str(),
        s.author.as_deref().unwrap_or(""),
        s.program.as_deref().unwrap_or(""),
    ]
    .join(" ");
    KindParts {
        title: s.title.clone(),
        lead,
        detail: serde_json::to_vec(&StoryDetail {
            summary: s.clone(),
            body_html: cx.body_html.clone(),
        }),
        feed: Some(feed),
        ics: None,
    }
}

/// A thank-you message: its excerpt and feed entry (with the recording, if any).
fn thanks_parts(t: &mut ThanksSummary, cx: &DocContext<'_>, out: &Gathered) -> KindParts {
    // The loader's excerpt reads past a salutation by paragraphs; fall back to
    // the body's plain text. Either way it is plain text within the limit.
    t.excerpt = if t.excerpt.trim().is_empty() {
        markdown::excerpt(&cx.plain, EXCERPT_CHARS)
    } else {
        tidy_ellipsis(&markdown::excerpt(&t.excerpt, EXCERPT_CHARS))
    };
    let mut feed = feed_entry(
        &t.meta,
        cx,
        format!("{} → {}", t.from, t.to),
        Some(t.from.clone()),
        t.wall_line().to_owned(),
    );
    feed.enclosure = t.audio.as_ref().and_then(|a| {
        let file = out
            .files
            .iter()
            .find(|(p, _)| a.src.strip_prefix('/') == Some(p))?;
        Some(feed::Enclosure {
            url: format!("{}{}", cx.base, a.src),
            mime: a.mime.clone(),
            length: file.1.bytes.len() as u64,
        })
    });
    let lead = format!(
        "{} {} {}",
        t.to,
        t.quote.as_deref().unwrap_or(""),
        t.transcript.as_deref().unwrap_or("")
    );
    KindParts {
        title: t.from.clone(),
        lead,
        detail: serde_json::to_vec(&ThanksDetail {
            summary: t.clone(),
            body_html: cx.body_html.clone(),
        }),
        feed: Some(feed),
        ics: None,
    }
}

/// An event: its own calendar file and its entry in the site's calendar.
fn event_parts(e: &mut EventSummary, cx: &DocContext<'_>, out: &mut Gathered) -> KindParts {
    e.ics = format!("/calendar/{}.ics", cx.slug);
    let mut description = e.summary.clone();
    if !cx.plain.is_empty() {
        description.push_str("\n\n");
        description.push_str(&markdown::excerpt(&cx.plain, 1_500));
    }
    for url in [&e.online_url, &e.rsvp_url].into_iter().flatten() {
        description.push_str("\n\n");
        description.push_str(url);
    }
    let entry = ics::event_entry(
        e,
        &description,
        &cx.page_url,
        &ics::host_of(&cx.base),
        cx.now,
    );
    out.files.push((
        format!("calendar/{}.ics", cx.slug),
        OutputFile::new(ics::calendar(
            cx.site.info.name_in(&cx.lang),
            &e.timezone,
            &[&entry],
        )),
    ));
    KindParts {
        title: e.title.clone(),
        lead: [e.summary.as_str(), e.location.as_deref().unwrap_or("")].join(" "),
        detail: serde_json::to_vec(&EventDetail {
            summary: e.clone(),
            body_html: cx.body_html.clone(),
        }),
        feed: None,
        ics: Some(entry),
    }
}

fn search_entry(
    item: &Item,
    kind: Kind,
    title: String,
    lead: &str,
    cx: &DocContext<'_>,
) -> SearchRecord {
    let meta = item.meta();
    SearchRecord {
        kind,
        slug: cx.slug.clone(),
        lang: cx.lang.clone(),
        title,
        summary: lead.trim().to_owned(),
        team: meta.team.clone(),
        program: match item {
            Item::Story(s) => s.program.clone(),
            _ => None,
        },
        tags: meta.tags.clone(),
        date: meta.date,
        schedule: meta.schedule.clone(),
        consent: meta.consent,
        text: search_text(&[&cx.plain]),
    }
}
