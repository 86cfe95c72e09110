//! Browser entry point: mounts the Leptos app (built by trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    impactwall::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("impactwall-app is the browser app: build it with trunk for wasm32-unknown-unknown");
}
