//! The browser app: the reading site, the `/wall` kiosk and the `/desk` publishing desk
//! (Leptos, built for wasm32; the pure view logic is tested natively).
//!
//! Three entry points, built as three wasm bundles so none pays for another's code:
//! [`start`] takes over the reading site's prerendered page (every route shares one
//! frame, [`layout::Chrome`]: header, preview banner, footer), [`start_wall`] mounts
//! the `/wall` kiosk, a bare full-screen view, and [`start_desk`] mounts the desk
//! (served only by `impactwall serve --desk`).
//!
//! The reading site's pages are rendered twice from one component tree: natively at
//! build time ([`prerender`], Leptos SSR) and in the browser, which hydrates that HTML
//! from the payload embedded in the page ([`page_data`]). See docs/architecture.md.

#![cfg_attr(test, allow(clippy::too_many_lines))]

pub mod api;
pub mod boot;
pub mod browser;
pub mod cards;
pub mod clock;
pub mod components;
pub mod desk;
pub mod format;
pub mod i18n;
pub mod impact_data;
pub mod layout;
pub mod load;
pub mod local_path;
pub mod markup;
pub mod page_data;
pub mod pages;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod router;
pub mod search;
pub mod site_data;
pub mod theme;
pub mod view_logic;
pub mod wall;

use impactwall_model::Kind;
use leptos::prelude::*;
use router::Route;

/// Entry point of the reading site (the `impactwall-app` binary): hydrates the
/// prerendered page, or renders in the browser when the page cannot be hydrated as it
/// was built (see [`boot::Boot::in_browser`]).
pub fn start() {
    console_error_panic_hook::set_once();
    // The prerendered page is painted first; the app takes it over right after that
    // frame (hydrating is the longest task of the page load on a slow phone).
    #[cfg(target_arch = "wasm32")]
    request_animation_frame(|| set_timeout(take_over, std::time::Duration::ZERO));
    #[cfg(not(target_arch = "wasm32"))]
    leptos::mount::mount_to_body(|| view! { <App boot=boot::Boot::default()/> });
}

/// Hydrates the page, or renders over it (see [`boot::Boot::in_browser`]).
#[cfg(target_arch = "wasm32")]
fn take_over() {
    let boot = boot::Boot::in_browser();
    let how = if boot.hydrating {
        leptos::mount::hydrate_body(move || view! { <App boot=boot/> });
        "hydrated"
    } else {
        boot::clear_prerendered_body();
        leptos::mount::mount_to_body(move || view! { <App boot=boot/> });
        "rendered"
    };
    // How the app took the page over (for tests and for reading a page's state).
    boot::mark_body(how);
}

/// Entry point of the wall screen (the `impactwall-wall` binary, served at `/wall`).
pub fn start_wall() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(wall::Wall);
}

/// Entry point of the publishing desk (the `impactwall-desk` binary, served at `/desk`
/// by `impactwall serve --desk` only).
pub fn start_desk() {
    console_error_panic_hook::set_once();
    desk::start_desk();
}

/// The reading site. `boot` says what it starts from: a prerendered page's payload
/// (hydrating it, or rendering it natively) or nothing (the bare app shell).
#[component]
pub fn App(boot: boot::Boot) -> impl IntoView {
    provide_context(boot.clone());
    i18n::provide_i18n();
    clock::provide_clock();
    theme::provide_theme();
    impact_data::provide_impact();
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
                Route::TalkingPoints => view! { <pages::TalkingPoints/> }.into_any(),
                Route::Teams => view! { <pages::Teams/> }.into_any(),
                Route::Team(team) => view! { <pages::TeamPage team=team/> }.into_any(),
                Route::Search => view! { <pages::Search/> }.into_any(),
                Route::NotFound => view! { <pages::NotFound/> }.into_any(),
            }}
        </layout::Chrome>
    }
}
