//! The form's parts: the status line, the summary of problems, the fields with their
//! messages, and the preview link.

use leptos::prelude::*;

use super::edit::{Form, Status};
use super::fields::{field_of, specs, Diagnostic, Input, Spec, MEDIA};
use super::use_desk;
use crate::i18n::{fill, use_i18n, Key};

/// "Saved", "Saving…", a conflict with its "Reload" button, or a failure.
#[component]
pub fn StatusLine(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div id="desk-status" class="desk-status" role="status" tabindex="-1">
            {move || match form.status.get() {
                Status::Loading => view! { <p>{i18n.t(Key::Loading)}</p> }.into_any(),
                Status::Saving => view! { <p>{i18n.t(Key::DeskSaving)}</p> }.into_any(),
                Status::Saved => view! { <p class="desk-ok">{i18n.t(Key::DeskSaved)}</p> }.into_any(),
                Status::Conflict(m) => view! {
                    <div class="desk-conflict">
                        <p><strong>{i18n.t(Key::DeskConflict)}</strong>" "{m}</p>
                        <button type="button" class="desk-button" on:click=move |_| form.load()>
                            {i18n.t(Key::DeskReload)}
                        </button>
                    </div>
                }.into_any(),
                Status::Failed(m) => view! {
                    <p class="desk-error">{format!("{} ({m})", i18n.t(Key::DeskSaveFailed))}</p>
                }.into_any(),
                Status::ReadOnly => view! { <p>{i18n.t(Key::DeskReadOnly)}</p> }.into_any(),
                Status::Ready | Status::Invalid => ().into_any(),
            }}
        </div>
    }
}

/// The field's label in the interface language (`body` is the text).
fn label_of(kind: &str, field: &str) -> Key {
    specs(kind)
        .iter()
        .find(|s| s.key == field)
        .map_or(Key::DeskFieldBody, |s| s.label)
}

/// After a refused save: every problem, each linking to its field.
#[component]
pub fn Summary(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let errors = Memo::new(move |_| {
        form.diags
            .get()
            .into_iter()
            .filter(|d| d.severity != "warning")
            .collect::<Vec<_>>()
    });
    let item = move |d: Diagnostic| {
        let kind = form.kind.get_value();
        match field_of(&kind, &d).map(str::to_owned) {
            Some(field) => {
                let label = i18n.t(label_of(&kind, &field));
                let href = format!("#f-{field}");
                let jump = move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
                    focus_field(&field);
                };
                view! { <li><a href=href on:click=jump>{format!("{label}: {}", d.text())}</a></li> }
                    .into_any()
            }
            None => view! { <li>{d.text()}</li> }.into_any(),
        }
    };
    move || {
        let list = errors.get();
        (form.status.get() == Status::Invalid).then(|| {
            view! {
                <div id="desk-summary" class="desk-summary" role="alert" tabindex="-1">
                    <h2>{fill(i18n.t(Key::DeskProblemsTitle), list.len(), "")}</h2>
                    <ul>{list.into_iter().map(item).collect_view()}</ul>
                </div>
            }
        })
    }
}

fn focus_field(field: &str) {
    use wasm_bindgen::JsCast;
    let el = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("f-{field}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// Every field of the kind, then the text.
#[component]
pub fn Fields(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let kind = form.kind.get_value();
    let body_spec = Spec {
        key: "body",
        input: Input::LongText,
        label: Key::DeskFieldBody,
        required: false,
        default_on: false,
    };
    let fields = specs(&kind)
        .into_iter()
        .map(|spec| view! { <Field form=form spec=spec/> })
        .collect_view();
    view! {
        <p class="desk-note">{move || i18n.t(Key::DeskRequiredNote)}</p>
        {fields}
        <Field form=form spec=body_spec/>
    }
}

/// The messages for one field (ids for `aria-describedby`).
fn messages_for(form: Form, key: &'static str) -> Vec<String> {
    let kind = form.kind.get_value();
    form.diags
        .get()
        .iter()
        .filter(|d| field_of(&kind, d) == Some(key))
        .map(Diagnostic::text)
        .collect()
}

#[component]
fn Field(form: Form, spec: Spec) -> impl IntoView {
    let i18n = use_i18n();
    let key = spec.key;
    let id = format!("f-{key}");
    let error_id = format!("f-{key}-error");
    let hint_id = format!("f-{key}-hint");
    let messages = Memo::new(move |_| messages_for(form, key));
    let invalid = move || (!messages.get().is_empty()).then_some("true");
    let hint = hint_key(spec.input);
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if !messages.get().is_empty() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let value = move || {
        if key == "body" {
            form.body.get()
        } else {
            form.values
                .with(|v| v.get(key).cloned().unwrap_or_default())
        }
    };
    let set = move |v: String| {
        if key == "body" {
            form.body.set(v);
        } else {
            form.values.update(|m| {
                m.insert(key.to_owned(), v);
            });
        }
    };
    let control = super::controls::control(spec, id.clone(), value, set, invalid, described);
    let label = move || {
        let l = i18n.t(spec.label);
        if spec.required {
            format!("{l} *")
        } else {
            l.to_owned()
        }
    };
    let field_class = if spec.input == Input::Bool {
        "desk-field desk-check"
    } else {
        "desk-field"
    };
    let upload = matches!(spec.input, Input::Image | Input::Audio)
        .then(|| super::controls::upload(form, spec, format!("f-{key}-file"), set));
    view! {
        <div class=field_class>
            <label for=id>{label}</label>
            {control}
            {hint.map(|h| view! { <p class="desk-hint" id=hint_id>{move || i18n.t(h)}</p> })}
            {upload}
            {move || {
                let m = messages.get();
                (!m.is_empty()).then(|| view! {
                    <p class="desk-field-error" id=error_id.clone()>{m.join(" ")}</p>
                })
            }}
        </div>
    }
}

fn hint_key(input: Input) -> Option<Key> {
    match input {
        Input::Date => Some(Key::DeskHintDate),
        Input::Image => Some(Key::DeskHintImage),
        _ => None,
    }
}

/// The real page as it will be at a chosen moment (`?at=`), in a new tab.
#[component]
pub fn Preview(path: String) -> impl IntoView {
    let i18n = use_i18n();
    let _desk = use_desk();
    let at = RwSignal::new(String::new());
    let href = move || {
        let at = at.get();
        if at.is_empty() {
            path.clone()
        } else {
            let q: String = form_urlencoded::byte_serialize(at.as_bytes()).collect();
            format!("{path}?at={q}")
        }
    };
    view! {
        <section class="desk-preview" aria-labelledby="desk-preview-title">
            <h2 id="desk-preview-title">{move || i18n.t(Key::DeskPreview)}</h2>
            <div class="desk-field">
                <label for="desk-preview-at">{move || i18n.t(Key::DeskPreviewAt)}</label>
                <input id="desk-preview-at" type="datetime-local"
                    prop:value=move || at.get()
                    on:input=move |ev| at.set(event_target_value(&ev))/>
            </div>
            <p class="desk-note">{move || i18n.t(Key::DeskPreviewHint)}</p>
            <a class="desk-button secondary" id="desk-preview-link" href=href target="_blank" rel="noopener">
                {move || i18n.t(Key::DeskPreviewOpen)}
            </a>
        </section>
    }
}

/// The media select's options.
pub fn media_options() -> impl IntoView {
    MEDIA
        .iter()
        .map(|m| view! { <option value=*m>{*m}</option> })
        .collect_view()
}
