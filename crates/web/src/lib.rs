//! The browser app: the reading site and the `/wall` kiosk (Leptos, built for wasm32;
//! the pure view logic is tested natively).
//!
//! Two entry points, built as two wasm bundles so neither pays for the other's code:
//! [`start`] mounts the reading site (router; routes share one layout,
//! [`layout::SiteLayout`]: header, preview banner, footer, and the index fetched once),
//! [`start_wall`] mounts the `/wall` kiosk, a bare full-screen view without a router.

#![cfg_attr(test, allow(clippy::too_many_lines))]

pub mod api;
pub mod cards;
pub mod clock;
pub mod components;
pub mod format;
pub mod i18n;
pub mod layout;
pub mod load;
pub mod local_path;
pub mod markup;
pub mod pages;
pub mod router;
pub mod search;
pub mod site_data;
pub mod theme;
pub mod view_logic;
pub mod wall;

use impactwall_model::Kind;
use leptos::prelude::*;
use router::Route;

/// Entry point of the reading site (the `impactwall-app` binary).
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// Entry point of the wall screen (the `impactwall-wall` binary, served at `/wall`).
pub fn start_wall() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(wall::Wall);
}

#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    clock::provide_clock();
    theme::provide_theme();
    let location = router::provide_router();
    let route = Memo::new(move |_| Route::from_path(&location.path.get()));
    view! {
        <layout::Chrome>
            {move || match route.get() {
                Route::Home => view! { <pages::Home/> }.into_any(),
                Route::Stories => view! { <pages::Stories/> }.into_any(),
                Route::Story(slug) => view! { <pages::Detail kind=Kind::Story slug=slug/> }.into_any(),
                Route::Thanks => view! { <pages::Thanks/> }.into_any(),
                Route::ThanksMessage(slug) => view! { <pages::Detail kind=Kind::Thanks slug=slug/> }.into_any(),
                Route::Events => view! { <pages::Events/> }.into_any(),
                Route::Event(slug) => view! { <pages::Detail kind=Kind::Event slug=slug/> }.into_any(),
                Route::About => view! { <pages::About/> }.into_any(),
                Route::Search => view! { <pages::Search/> }.into_any(),
                Route::NotFound => view! { <pages::NotFound/> }.into_any(),
            }}
        </layout::Chrome>
    }
}
