//! `/stories/:slug`, `/thanks/:slug` and `/events/:slug`: one item, read from its own
//! data file. One gate for the three kinds: the loading, error and "not found" states
//! are the same, and one loader means one resource type in the wasm.

use std::sync::Arc;

use leptos::prelude::*;

use crate::clock::use_app_clock;
use crate::components::{ErrorState, Skeleton, SkeletonKind, WithIndex};
use crate::load::{load, Data, Loader, Request};
use crate::page_data::PageDetail;
use crate::view_logic;
use impactwall_model::{EventPhase, Index, Kind};

use super::events::EventArticle;
use super::story::StoryArticle;
use super::thanks::ThanksArticle;
use super::NotFound;

#[component]
pub fn Detail(kind: Kind, slug: String) -> impl IntoView {
    view! {
        <WithIndex
            skeleton=SkeletonKind::Article
            page_title_on_error=true
            render=move |ix| view! { <DetailGate ix=ix kind=kind slug=slug.clone()/> }
        />
    }
}

/// Shows the item only while it is live: a scheduled or expired item is "not found",
/// unless previewed with `?at=`. An event's phase follows the clock.
#[component]
fn DetailGate(ix: Arc<Index>, kind: Kind, slug: String) -> impl IntoView {
    let clock = use_app_clock();
    let live_ix = ix.clone();
    let live_slug = slug.clone();
    let live =
        Memo::new(move |_| view_logic::live_item(&live_ix, kind, &live_slug, clock.now.get()));
    let detail = embedded_detail(kind, &slug).unwrap_or_else(|| load(Request::Detail(kind, slug)));
    move || {
        let Some(phase) = live.get() else {
            return view! { <NotFound/> }.into_any();
        };
        match detail.get() {
            None => view! { <Skeleton kind=SkeletonKind::Article/> }.into_any(),
            Some(Err(e)) if e.is_not_found() => view! { <NotFound/> }.into_any(),
            Some(Err(e)) => view! {
                <ErrorState error=e on_retry=move |_| detail.refetch() page_title=true/>
            }
            .into_any(),
            Some(Ok(Data::Story(d))) => view! { <StoryArticle ix=ix.clone() story=d/> }.into_any(),
            Some(Ok(Data::Thanks(d))) => view! { <ThanksArticle thanks=d/> }.into_any(),
            Some(Ok(Data::Event(d))) => {
                let phase = phase.unwrap_or(EventPhase::Upcoming);
                view! { <EventArticle event=d phase=phase/> }.into_any()
            }
            Some(Ok(Data::Index(_))) => view! { <NotFound/> }.into_any(),
        }
    }
}

/// The item as the prerendered page carries it, when this is that item's page.
fn embedded_detail(kind: Kind, slug: &str) -> Option<Loader> {
    let payload = crate::boot::use_boot().payload?;
    let detail = payload
        .detail
        .as_ref()
        .filter(|d| d.kind() == kind && d.meta().slug == slug)?;
    let data = match detail.clone() {
        PageDetail::Story(d) => Data::Story(Arc::new(d)),
        PageDetail::Thanks(d) => Data::Thanks(Arc::new(d)),
        PageDetail::Event(d) => Data::Event(Arc::new(d)),
    };
    Some(Loader::ready(
        Request::Detail(kind, slug.to_string()),
        Ok(data),
    ))
}
