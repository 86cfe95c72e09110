//! The content compiler, end to end: `check` diagnostics on fixture sites, `build`
//! output, the published data contract and the browser-test fixtures.
#![allow(clippy::too_many_lines)] // test scenarios read top to bottom

#[path = "../common/mod.rs"]
mod common;

mod build;
mod check;
mod published_data;
mod site_fixture;
mod wall_fixture;
