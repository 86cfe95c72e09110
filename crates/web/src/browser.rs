//! The browser, where there is one. The same components also render natively, when the
//! build prerenders the pages; there [`window`] is `None`, so every browser-only step
//! (storage, listeners, `document.title`) is skipped, and the clock reads the instant
//! the page is rendered for ([`RenderEnv`]).

/// The browser window; `None` when rendering natively.
pub fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// What a native render stands in for the browser: the moment and the zone the page is
/// rendered for.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Debug)]
pub struct RenderEnv {
    pub now: impactwall_model::Instant,
    /// IANA zone of the site: dates and times are shown on its calendar.
    pub timezone: String,
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static ENV: std::cell::RefCell<Option<RenderEnv>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `env` as the render environment of this thread.
#[cfg(not(target_arch = "wasm32"))]
pub fn with_env<T>(env: RenderEnv, f: impl FnOnce() -> T) -> T {
    let previous = ENV.with(|e| e.replace(Some(env)));
    let out = f();
    ENV.with(|e| *e.borrow_mut() = previous);
    out
}

/// The render environment of this thread, if a render is under way.
#[cfg(not(target_arch = "wasm32"))]
pub fn env() -> Option<RenderEnv> {
    ENV.with(|e| e.borrow().clone())
}
