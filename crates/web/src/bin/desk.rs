//! Browser entry point of the publishing desk, built by trunk for wasm32 from
//! `desk/index.html`: a bundle of its own, served only by `impactwall serve --desk`,
//! so no reader of the site downloads the desk's forms.

fn main() {
    impactwall_web::start_desk();
}
