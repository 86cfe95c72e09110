//! Browser entry point of the reading site, built by trunk for wasm32 from `index.html`.

fn main() {
    impactwall_web::start();
}
