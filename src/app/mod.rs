//! The browser app: the reading site and the `/wall` kiosk (wasm only).
//!
//! Site routes share one layout ([`layout::SiteLayout`]: header, preview banner,
//! footer, and the index fetched once); `/wall` is a bare full-screen view.

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

/// Entry point called by the `impactwall-app` binary.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    clock::provide_clock();
    theme::provide_theme();
    view! {
        <Router>
            <Routes fallback=|| view! { <layout::Chrome><pages::NotFound/></layout::Chrome> }>
                <Route path=path!("wall") view=wall::Wall/>
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
