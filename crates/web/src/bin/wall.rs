//! Browser entry point of the `/wall` kiosk, built by trunk for wasm32 from
//! `wall/index.html`: a bundle of its own, so a wall screen never downloads the reading
//! site's pages and router.

fn main() {
    impactwall_web::start_wall();
}
