//! What the reading site shows, decided without a browser, by subject: story lists,
//! thank-you lists, events, routes and URLs. The Leptos components only render what
//! these functions return, so the rules are tested natively.

mod events;
pub mod impact_pages;
mod order;
mod routes;
mod search;
mod stories;
mod thanks;

pub use events::*;
pub use order::*;
pub use routes::*;
pub use search::*;
pub use stories::*;
pub use thanks::*;

#[cfg(test)]
mod tests;
