//! One form control per kind of field, and the upload button beside media paths.

use leptos::prelude::*;

use super::edit::Form;
use super::fields::{Input, Spec};
use super::use_desk;
use crate::i18n::{use_i18n, Key};

/// The control for `spec`, labelled by `id`, showing `value` and reporting changes.
pub fn control(
    spec: Spec,
    id: String,
    value: impl Fn() -> String + Send + Sync + Copy + 'static,
    set: impl Fn(String) + Send + Sync + Copy + 'static,
    invalid: impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static,
    described: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
) -> AnyView {
    let on_input = move |ev: leptos::ev::Event| set(event_target_value(&ev));
    let rows = if spec.key == "body" { "10" } else { "3" };
    match spec.input {
        Input::LongText => view! {
            <textarea id=id name=spec.key rows=rows
                aria-invalid=invalid aria-describedby=described
                prop:value=value on:input=on_input></textarea>
        }
        .into_any(),
        Input::Bool => view! {
            <input id=id name=spec.key type="checkbox"
                aria-invalid=invalid aria-describedby=described
                prop:checked=move || value() == "true"
                on:change=move |ev| set(if event_target_checked(&ev) { "true".into() } else { String::new() })/>
        }
        .into_any(),
        Input::Medium => view! {
            <select id=id name=spec.key aria-invalid=invalid aria-describedby=described
                required=spec.required prop:value=value on:change=on_input>
                <option value="">"—"</option>
                {super::form_view::media_options()}
            </select>
        }
        .into_any(),
        other => {
            let (ty, mode) = match other {
                Input::Url => ("url", None),
                Input::Int => ("text", Some("numeric")),
                _ => ("text", None),
            };
            view! {
                <input id=id name=spec.key type=ty inputmode=mode required=spec.required
                    aria-invalid=invalid aria-describedby=described
                    prop:value=value on:input=on_input/>
            }
            .into_any()
        }
    }
}

/// "Upload an image/recording": the file goes to `POST /desk/api/media`, its stored
/// path into the field. `id` is the file picker's (unique on the page).
pub fn upload(
    form: Form,
    spec: Spec,
    id: String,
    set: impl Fn(String) + Send + Sync + Copy + 'static,
) -> AnyView {
    let i18n = use_i18n();
    let desk = use_desk();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let (accept, label) = if spec.input == Input::Audio {
        ("audio/*", Key::DeskUploadAudio)
    } else {
        ("image/*", Key::DeskUploadImage)
    };
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let (Some(file), Some(session)) = (file, desk.session.get_untracked()) else {
            return;
        };
        let folder = form.kind.get_value();
        busy.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            match super::http::upload(&file, &folder, &session.csrf).await {
                Ok(path) => set(path),
                Err(e) => failed.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="desk-upload">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input id=id type="file" accept=accept on:change=on_change/>
            {move || busy.get().then(|| view! { <p class="desk-note" role="status">{i18n.t(Key::DeskUploading)}</p> })}
            {move || failed.get().map(|m| view! {
                <p class="desk-field-error" role="alert">{format!("{} ({m})", i18n.t(Key::DeskUploadFailed))}</p>
            })}
        </div>
    }
    .into_any()
}
