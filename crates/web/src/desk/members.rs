//! A team's members in the form: one group of fields per `[[members]]` table, with
//! "Add a member" and "Remove this member"; each member's consent is their own.

use leptos::prelude::*;

use super::edit::{Form, MemberRow};
use super::fields::{Input, Spec, MEMBER};
use crate::i18n::{fill, use_i18n, Key};

/// Every member row, then the button that adds one.
#[component]
pub fn Members(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="desk-members">
            <legend>{move || i18n.t(Key::DeskFieldMembers)}</legend>
            <p class="desk-note">{move || i18n.t(Key::DeskMembersHint)}</p>
            <For each=move || form.members.get() key=|row: &MemberRow| row.id let:row>
                <MemberFields form=form id=row.id/>
            </For>
            <p class="desk-actions">
                <button type="button" class="desk-button secondary" on:click=move |_| form.add_member()>
                    {move || i18n.t(Key::DeskAddMember)}
                </button>
            </p>
        </fieldset>
    }
}

/// One member's fields, numbered in the order they are written.
#[component]
fn MemberFields(form: Form, id: u32) -> impl IntoView {
    let i18n = use_i18n();
    let number = move || {
        form.members
            .with(|m| m.iter().position(|r| r.id == id))
            .map_or(0, |i| i + 1)
    };
    let fields = MEMBER
        .iter()
        .map(|spec| member_field(form, id, *spec))
        .collect_view();
    view! {
        <fieldset class="desk-member">
            <legend>{move || fill(i18n.t(Key::DeskMemberN), number(), "")}</legend>
            {fields}
            <button type="button" class="desk-button danger" on:click=move |_| form.remove_member(id)>
                {move || i18n.t(Key::DeskRemoveMember)}
            </button>
        </fieldset>
    }
}

/// One field of member `id`, with the upload beside its photo.
fn member_field(form: Form, id: u32, spec: Spec) -> impl IntoView {
    let i18n = use_i18n();
    let key = spec.key;
    let field_id = format!("member-{id}-{key}");
    let value = move || {
        form.members.with(|m| {
            m.iter()
                .find(|r| r.id == id)
                .and_then(|r| r.values.get(key).cloned())
                .unwrap_or_default()
        })
    };
    let set = move |v: String| {
        form.members.update(|m| {
            if let Some(r) = m.iter_mut().find(|r| r.id == id) {
                r.values.insert(key.to_owned(), v);
            }
        });
    };
    let control = super::controls::control(
        spec,
        field_id.clone(),
        value,
        set,
        || None,
        || None::<String>,
    );
    let label = move || {
        let l = i18n.t(spec.label);
        if spec.required {
            format!("{l} *")
        } else {
            l.to_owned()
        }
    };
    let class = if spec.input == Input::Bool {
        "desk-field desk-check"
    } else {
        "desk-field"
    };
    let upload = (spec.input == Input::Image)
        .then(|| super::controls::upload(form, spec, format!("{field_id}-file"), set));
    view! {
        <div class=class>
            <label for=field_id>{label}</label>
            {control}
            {upload}
        </div>
    }
}
