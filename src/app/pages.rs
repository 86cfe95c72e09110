//! Pages of the reading site.

use leptos::prelude::*;

use super::api;

#[component]
pub fn Home() -> impl IntoView {
    let index = LocalResource::new(api::fetch_index);
    view! {
        <main id="main">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || index.get().map(|r| match r {
                    Ok(ix) => view! {
                        <h1>{ix.site.name.clone()}</h1>
                        <p class="mission">{ix.site.mission.clone()}</p>
                    }.into_any(),
                    Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <main id="main"><h1>"Page not found"</h1></main> }
}
