//! Rendering the documents that need it on all cores.
//!
//! Rendering one document (Markdown to HTML, its detail JSON, QR code, calendar
//! entry) is a pure function of the document, the site and the media files, so the
//! documents are rendered side by side with rayon and gathered back in their
//! order: the output is byte for byte what a sequential loop writes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{document_key, render_document, CachedRender, MediaStore, RenderedDoc};
use crate::{Document, SiteSource};
use impactwall_model::Instant;

/// What a compile has to render: the documents (in output order) and whether each
/// may be taken from the cache without looking at it again.
pub(super) struct Pending<'a> {
    pub docs: Vec<&'a Document>,
    pub clean: Vec<bool>,
}

/// The rendering of every pending document, in order: the cached one while
/// neither its inputs nor the media it uses changed, a new one (then cached)
/// otherwise.
pub(super) fn renderings(
    renders: &mut HashMap<PathBuf, CachedRender>,
    media: &MediaStore,
    site: &SiteSource,
    pending: &Pending<'_>,
    site_key: &[u8],
    now: Instant,
) -> Vec<Arc<RenderedDoc>> {
    let reused: Vec<Option<Arc<RenderedDoc>>> = pending
        .docs
        .iter()
        .zip(&pending.clean)
        .map(|(doc, clean)| reusable(renders, media, site, doc, *clean, site_key))
        .collect();
    let fresh: Vec<_> = pending
        .docs
        .par_iter()
        .zip(&reused)
        .filter(|(_, r)| r.is_none())
        .map(|(doc, _)| (*doc, render_document(doc, site, media, now)))
        .collect();
    let mut fresh = fresh.into_iter();
    let mut out = Vec::with_capacity(reused.len());
    for cached in reused {
        if let Some(doc) = cached {
            out.push(doc);
            continue;
        }
        // One fresh rendering per document without a reusable one, in the same order.
        let Some((doc, (rendered, media_used))) = fresh.next() else {
            break;
        };
        let rendered = Arc::new(rendered);
        renders.insert(
            doc.path.clone(),
            CachedRender {
                key: document_key(doc, site_key),
                media: media_used,
                doc: rendered.clone(),
            },
        );
        out.push(rendered);
    }
    out
}

/// The cached rendering of `doc` if it is still valid.
fn reusable(
    renders: &HashMap<PathBuf, CachedRender>,
    media: &MediaStore,
    site: &SiteSource,
    doc: &Document,
    clean: bool,
    site_key: &[u8],
) -> Option<Arc<RenderedDoc>> {
    let cached = renders.get(&doc.path)?;
    if clean {
        return Some(cached.doc.clone());
    }
    let limit = site.limits.max_media_bytes;
    let valid = cached.key == document_key(doc, site_key)
        && cached
            .media
            .iter()
            .all(|(m, url)| media.publish(m, limit).ok().map(|p| p.url) == *url);
    valid.then(|| cached.doc.clone())
}
