use leptos::prelude::*;

use crate::app::components::tr;

use crate::app::clock::use_app_clock;
use crate::app::i18n::Key;

use super::use_key_title;

/// Friendly 404 for unknown URLs and items that do not exist (or are not live yet).
#[component]
pub fn NotFound() -> impl IntoView {
    let clock = use_app_clock();
    use_key_title(Key::NotFoundTitle);
    let links = [
        ("/", Key::BackHome),
        ("/stories", Key::NavStories),
        ("/thanks", Key::NavThanks),
        ("/events", Key::NavEvents),
        ("/about", Key::NavAbout),
    ];
    view! {
        <section class="not-found page">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1>{tr(Key::NotFoundTitle)}</h1>
            <p class="lead">{tr(Key::NotFoundBody)}</p>
            <ul class="not-found__links">
                {links
                    .into_iter()
                    .map(|(path, key)| view! {
                        <li><a href=clock.href(path) class="button">{tr(key)}</a></li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
