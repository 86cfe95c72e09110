//! The browser app: the reading site and the `/wall` kiosk (wasm only).

pub mod api;
pub mod clock;
pub mod i18n;
pub mod pages;
pub mod wall;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
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
    view! {
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/") view=pages::Home/>
                <Route path=path!("/wall") view=wall::Wall/>
            </Routes>
        </Router>
    }
}
