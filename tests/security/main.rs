//! Hostile and careless input against the real binary: limits, hostile content and
//! what must never leave the content folder.
#![allow(clippy::too_many_lines)] // test scenarios read top to bottom

#[path = "../common/mod.rs"]
mod common;

mod desk_xss;
mod hardening;
mod hostile_content;
