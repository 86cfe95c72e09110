//! Wall-screen entry point: mounts the `/wall` kiosk (built by trunk for wasm32 from
//! `wall/index.html`). A bundle of its own, so a wall screen never downloads the
//! reading site's pages and router.

#[cfg(target_arch = "wasm32")]
fn main() {
    impactwall::app::start_wall();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "impactwall-wall is the wall-screen app: build it with trunk for wasm32-unknown-unknown"
    );
}
