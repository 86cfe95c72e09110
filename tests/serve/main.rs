//! `impactwall serve`: in process over raw HTTP, live events, and as a spawned binary.
#![allow(clippy::too_many_lines)] // test scenarios read top to bottom

#[path = "../common/mod.rs"]
mod common;

mod binary;
mod http;
mod live;
