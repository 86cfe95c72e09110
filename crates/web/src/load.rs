//! One loader for everything the reading site fetches: the index and the detail files.
//!
//! Every load goes through [`load`], one function with one future type, so the site
//! compiles the fetch-and-decode code once instead of once per data type.

use std::sync::Arc;

use leptos::prelude::*;

use super::api::{self, FetchError};
use impactwall_model::{EventDetail, Index, Kind, StoryDetail, ThanksDetail};

/// What a page asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Index,
    Detail(Kind, String),
}

/// What came back, decoded.
#[derive(Clone)]
pub enum Data {
    Index(Arc<Index>),
    Story(Arc<StoryDetail>),
    Thanks(Arc<ThanksDetail>),
    Event(Arc<EventDetail>),
}

/// A request being loaded: its latest answer, `None` until the first one arrives.
/// A refetch keeps showing the previous answer until the new one is in (a live
/// update never flashes a skeleton), and an answer that arrives after a newer
/// request started, or after the page went away, is dropped.
#[derive(Clone, Copy)]
pub struct Loader {
    answer: RwSignal<Option<Result<Data, FetchError>>>,
    /// The request and how many times it was sent.
    sent: StoredValue<(Request, u32)>,
    pending: RwSignal<bool>,
}

impl Loader {
    /// The latest answer (reactive).
    pub fn get(&self) -> Option<Result<Data, FetchError>> {
        self.answer.get()
    }

    /// Sends the request again.
    pub fn refetch(&self) {
        self.refetch_then(|| ());
    }

    /// Whether a request is on its way.
    pub fn is_pending(&self) -> bool {
        self.pending.get_untracked()
    }

    /// Sends the request again and runs `done` once its answer is in place.
    pub fn refetch_then(&self, done: impl FnOnce() + 'static) {
        let Some((request, n)) = self.sent.try_update_value(|(r, n)| {
            *n += 1;
            (r.clone(), *n)
        }) else {
            return;
        };
        let this = *self;
        this.pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = fetch(request).await;
            if this.sent.try_with_value(|(_, latest)| *latest == n) == Some(true) {
                this.pending.try_set(false);
                this.answer.try_set(Some(answer));
                done();
            }
        });
    }

    /// A loader that already has its answer (for tests and previews).
    pub fn ready(request: Request, answer: Result<Data, FetchError>) -> Loader {
        Loader {
            answer: RwSignal::new(Some(answer)),
            sent: StoredValue::new((request, 0)),
            pending: RwSignal::new(false),
        }
    }
}

/// Starts loading `request`. A plain signal and a spawned future rather than a
/// `LocalResource`: requests here never change, only repeat, so the resource's async
/// machinery bought nothing.
pub fn load(request: Request) -> Loader {
    let loader = Loader {
        answer: RwSignal::new(None),
        sent: StoredValue::new((request, 0)),
        pending: RwSignal::new(false),
    };
    loader.refetch();
    loader
}

async fn fetch(request: Request) -> Result<Data, FetchError> {
    let url = match &request {
        Request::Index => api::INDEX_URL.to_string(),
        // A slug that cannot be one (a mistyped deep link) is "not found" without asking.
        Request::Detail(kind, slug) => {
            api::detail_url(*kind, slug).ok_or(FetchError::Status(404))?
        }
    };
    let text = api::fetch_text(url).await?;
    Ok(match request {
        Request::Index => Data::Index(Arc::new(api::decode::<Index>(&text)?)),
        Request::Detail(Kind::Story, _) => Data::Story(Arc::new(api::decode(&text)?)),
        Request::Detail(Kind::Thanks, _) => Data::Thanks(Arc::new(api::decode(&text)?)),
        Request::Detail(Kind::Event, _) => Data::Event(Arc::new(api::decode(&text)?)),
    })
}

impl Data {
    pub fn index(self) -> Option<Arc<Index>> {
        match self {
            Data::Index(ix) => Some(ix),
            _ => None,
        }
    }
}
