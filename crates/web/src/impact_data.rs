//! The impact data (`data/impact.json`: metrics, equivalences, teams, talking points)
//! as context. A prerendered page that shows it carries it in its payload (so the
//! page's HTML holds the real content and hydration matches); any other page fetches
//! the file the first time a component asks for it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::FetchError;
use impactwall_model::impact::ImpactData;

/// URL of the published impact data.
pub const IMPACT_URL: &str = "/data/impact.json";

/// The impact data (context): `None` while it loads.
#[derive(Clone, Copy)]
pub struct ImpactSource {
    answer: RwSignal<Option<Result<Arc<ImpactData>, FetchError>>>,
    requested: StoredValue<bool>,
}

impl ImpactSource {
    /// The data, `None` while it loads (reactive; starts the fetch on first use).
    pub fn get(&self) -> Option<Result<Arc<ImpactData>, FetchError>> {
        self.request();
        self.answer.get()
    }

    /// The data once loaded, `None` while it loads or when it failed (reactive).
    pub fn loaded(&self) -> Option<Arc<ImpactData>> {
        self.get().and_then(Result::ok)
    }

    /// Fetches the file again (after a failure, or when `impactwall serve` announces
    /// rebuilt content).
    pub fn refetch(&self) {
        self.requested.set_value(true);
        let answer = self.answer;
        if crate::browser::window().is_none() {
            return;
        }
        leptos::task::spawn_local(async move {
            let got = fetch().await;
            answer.try_set(Some(got));
        });
    }

    fn request(&self) {
        if !self.requested.get_value() && self.answer.get_untracked().is_none() {
            self.refetch();
        }
    }
}

async fn fetch() -> Result<Arc<ImpactData>, FetchError> {
    let text = crate::api::fetch_text(IMPACT_URL.to_string()).await?;
    crate::api::decode::<ImpactData>(&text).map(Arc::new)
}

/// Provides [`ImpactSource`] from the page's payload, or empty (fetched on first use).
pub fn provide_impact() -> ImpactSource {
    let boot = crate::boot::use_boot();
    let embedded = boot
        .payload
        .as_ref()
        .and_then(|p| p.impact.clone())
        .map(|d| Ok(Arc::new(d)));
    let source = ImpactSource {
        requested: StoredValue::new(embedded.is_some()),
        answer: RwSignal::new(embedded),
    };
    provide_context(source);
    if crate::browser::window().is_some() {
        let live = window_event_listener_untyped("impactwall:data-changed", move |_| {
            if source.requested.get_value() {
                source.refetch();
            }
        });
        on_cleanup(move || live.remove());
    }
    source
}

/// The [`ImpactSource`] provided by `App`, or a new one.
pub fn use_impact() -> ImpactSource {
    use_context::<ImpactSource>().unwrap_or_else(provide_impact)
}
