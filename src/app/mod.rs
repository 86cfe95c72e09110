//! The browser app: the reading site and the `/wall` kiosk (wasm only).
//!
//! Two entry points, built as two wasm bundles so neither pays for the other's code:
//! [`start`] mounts the reading site (router; routes share one layout,
//! [`layout::SiteLayout`]: header, preview banner, footer, and the index fetched once),
//! [`start_wall`] mounts the `/wall` kiosk, a bare full-screen view without a router.

pub mod api;
pub mod clock;
pub mod components;
pub mod format;
pub mod i18n;
pub mod layout;
pub mod pages;
pub mod theme;
pub mod wall;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

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
    view! {
        <Router>
            <Routes fallback=|| view! { <layout::Chrome><pages::NotFound/></layout::Chrome> }>
                <ParentRoute path=path!("") view=layout::SiteLayout>
                    <Route path=path!("") view=pages::Home/>
                    <Route path=path!("stories") view=pages::Stories/>
                    <Route path=path!("stories/:slug") view=pages::Story/>
                    <Route path=path!("thanks") view=pages::Thanks/>
                    <Route path=path!("thanks/:slug") view=pages::ThanksMessage/>
                    <Route path=path!("events") view=pages::Events/>
                    <Route path=path!("events/:slug") view=pages::Event/>
                    <Route path=path!("about") view=pages::About/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
