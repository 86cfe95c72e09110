//! The trash: deleted items (in `content/.trash/`), each restorable.

use leptos::prelude::*;
use serde::Deserialize;

use super::http::send;
use super::{use_desk, DeskView};
use crate::api::decode;
use crate::i18n::{use_i18n, Key};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
struct Trashed {
    name: String,
    kind: String,
    slug: String,
}

#[derive(Deserialize)]
struct TrashAnswer {
    trash: Vec<Trashed>,
}

#[component]
pub fn Trash() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let items = RwSignal::new(None::<Result<Vec<Trashed>, String>>);
    let reload = RwSignal::new(0u32);
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            let answer = send("GET", "/desk/api/trash", None, None).await;
            items.set(Some(match answer {
                Ok(a) if a.ok() => decode::<TrashAnswer>(&a.text)
                    .map(|t| t.trash)
                    .map_err(|e| e.to_string()),
                Ok(a) => Err(a.message()),
                Err(e) => Err(e),
            }));
        });
    });
    let restore = move |name: String| {
        let Some(session) = desk.session.get_untracked() else {
            return;
        };
        let url = format!("/desk/api/trash/{name}/restore");
        leptos::task::spawn_local(async move {
            let _ = send("POST", &url, None, Some(&session.csrf)).await;
            reload.update(|n| *n += 1);
        });
    };
    let row = move |t: Trashed| {
        let name = t.name.clone();
        view! {
            <li class="desk-row">
                <span class="desk-row-title">{format!("{}/{}", t.kind, t.slug)}</span>
                <button type="button" class="desk-button secondary" on:click=move |_| restore(name.clone())>
                    {move || i18n.t(Key::DeskRestore)}
                </button>
            </li>
        }
    };
    view! {
        <section aria-labelledby="desk-trash-title">
            <p class="desk-back">
                <a href="/desk" on:click=move |ev| super::follow(ev, desk, DeskView::List)>
                    {move || i18n.t(Key::DeskBackToList)}
                </a>
            </p>
            <h1 id="desk-trash-title">{move || i18n.t(Key::DeskTrash)}</h1>
            {move || match items.get() {
                None => view! { <p class="desk-note">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(Err(m)) => view! { <p class="desk-error" role="alert">{m}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="desk-note">{i18n.t(Key::DeskTrashEmpty)}</p> }.into_any(),
                Some(Ok(list)) => view! { <ul class="desk-rows">{list.into_iter().map(row).collect_view()}</ul> }.into_any(),
            }}
        </section>
    }
}
