//! impactwall: a mission-and-motivation microsite and wall-screen engine.
//!
//! - [`model`]: the published data model, shared by the native compiler and the browser app.
//! - [`json`]: a small JSON reader; the browser decodes the published data with it
//!   (`model::decode`) instead of serde_json, which cost much more wasm.
//! - [`local_path`]: internal links from the browser's location stay on this site.
//! - [`rfc3339`]: reading the published timestamps without chrono's format machinery.
//! - [`view_logic`]: what the reading site shows (filters, grouping, related stories), pure.
//! - `content` (native): load, validate, render and write content.
//! - `cli` (native): the `impactwall` command.
//! - `server` (native): `impactwall serve`.
//! - `app` (wasm): the Leptos reading site and the `/wall` kiosk.

pub mod json;
pub mod local_path;
pub mod markup;
pub mod model;
pub mod rfc3339;
pub mod rotation;
pub mod view_logic;

#[cfg(not(target_arch = "wasm32"))]
pub mod content;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(not(target_arch = "wasm32"))]
pub mod server;

#[cfg(target_arch = "wasm32")]
pub mod app;
