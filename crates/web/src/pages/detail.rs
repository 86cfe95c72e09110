//! `/stories/:slug`, `/thanks/:slug` and `/events/:slug`: one item, read from its own
//! data file. One gate for the three kinds: the loading, error and "not found" states
//! are the same, and one loader means one resource type in the wasm.

use std::sync::Arc;

use leptos::prelude::*;

use crate::clock::use_app_clock;
use crate::components::{ErrorState, Skeleton, SkeletonKind, WithIndex};
use crate::load::{load, Data, Request};
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
    let detail = load(Request::Detail(kind, slug));
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
