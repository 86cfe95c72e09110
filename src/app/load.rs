//! One loader for everything the reading site fetches: the index and the detail files.
//!
//! Every load goes through [`load`], one function with one future type, so the site
//! compiles the fetch-decode-resource machinery once instead of once per data type
//! (four resources cost ~35 KB of wasm before).

use std::sync::Arc;

use leptos::prelude::*;

use super::api::{self, FetchError};
use crate::model::decode::{decode, FromJson};
use crate::model::{EventDetail, Index, Kind, StoryDetail, ThanksDetail};

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

/// A loaded request: `None` while loading.
pub type Loader = LocalResource<Result<Data, FetchError>>;

/// Starts loading `request`, and again whenever it changes.
pub fn load(request: Signal<Request>) -> Loader {
    LocalResource::new(move || fetch(request.get()))
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
    match request {
        Request::Index => parse(&text).map(Data::Index),
        Request::Detail(Kind::Story, _) => parse(&text).map(Data::Story),
        Request::Detail(Kind::Thanks, _) => parse(&text).map(Data::Thanks),
        Request::Detail(Kind::Event, _) => parse(&text).map(Data::Event),
    }
}

fn parse<T: FromJson>(text: &str) -> Result<Arc<T>, FetchError> {
    decode(text)
        .map(Arc::new)
        .map_err(|e| FetchError::Decode(e.to_string()))
}

impl Data {
    pub fn index(self) -> Option<Arc<Index>> {
        match self {
            Data::Index(ix) => Some(ix),
            _ => None,
        }
    }
}
