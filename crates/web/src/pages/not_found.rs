use leptos::prelude::*;

use crate::cards::html_div;
use crate::i18n::Key;

use super::use_key_title;

/// Friendly 404 for unknown URLs and items that do not exist (or are not live yet).
#[component]
pub fn NotFound() -> impl IntoView {
    use_key_title(Key::NotFoundTitle);
    view! {
        <section class="not-found page">
            {html_div("contents", |h, c| {
                h.raw(r#"<p class="not-found__code" aria-hidden="true">404</p>"#)
                    .el("h1", "", c.t(Key::NotFoundTitle))
                    .el("p", "lead", c.t(Key::NotFoundBody))
                    .open_class("ul", "not-found__links");
                for (path, key) in [
                    ("/", Key::BackHome),
                    ("/stories", Key::NavStories),
                    ("/thanks", Key::NavThanks),
                    ("/events", Key::NavEvents),
                    ("/about", Key::NavAbout),
                ] {
                    h.open("li", &[])
                        .open("a", &[("href", Some(&c.href(path))), ("class", Some("button"))])
                        .text(c.t(key))
                        .raw("</a></li>");
                }
                h.close("ul");
            })}
        </section>
    }
}
