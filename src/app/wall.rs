//! The `/wall` kiosk rotation.

use leptos::prelude::*;

#[component]
pub fn Wall() -> impl IntoView {
    view! { <main class="wall"><h1>"Wall"</h1></main> }
}
