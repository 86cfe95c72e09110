//! Dates and numbers in the reader's language. In the browser through `Intl` (which
//! carries the time-zone database, so the wasm does not have to); natively, when the
//! build prerenders the pages, through chrono's locale tables in the same styles. The
//! first clock tick in the browser writes every date again with `Intl`.

#[cfg(target_arch = "wasm32")]
mod intl;
#[cfg(target_arch = "wasm32")]
pub use intl::*;

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::*;
