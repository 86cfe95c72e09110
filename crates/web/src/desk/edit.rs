//! The form for a story, thank-you message, event, talking point or team (with its
//! members, a repeated group): the content format's fields with
//! their labels, the check's messages next to their field (`aria-describedby`,
//! `aria-invalid`) and in a summary at the top that links to them, save with the
//! version read (a 409 offers to reload, never overwrites), move to trash, uploads and
//! the preview link with `?at=`.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::fields::{
    changes, has_members, member_changes, members_from, new_values, page_path, specs, values_from,
    Answered, Diagnostic, Sent, Values,
};
use super::http::{send, to_json};
use super::{use_desk, DeskCtx, DeskView};
use crate::api::decode;
use crate::i18n::{fill, use_i18n, Key};

/// Where the form stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Loading,
    Ready,
    Saving,
    Saved,
    /// 422: the diagnostics are in `Form::diags`.
    Invalid,
    /// 409, with the server's message.
    Conflict(String),
    Failed(String),
    /// A file with a YAML header: shown, not edited.
    ReadOnly,
}

/// The form's state.
#[derive(Clone, Copy)]
pub struct Form {
    pub kind: StoredValue<String>,
    pub slug: RwSignal<Option<String>>,
    pub values: RwSignal<Values>,
    pub body: RwSignal<String>,
    /// The values and text as read (an edit sends only what changed).
    pub before: RwSignal<Option<(Values, String)>>,
    pub version: RwSignal<Option<String>>,
    pub diags: RwSignal<Vec<Diagnostic>>,
    pub status: RwSignal<Status>,
    /// A team's members, one row each, and as read (sent only when they changed).
    pub members: RwSignal<Vec<MemberRow>>,
    pub members_before: RwSignal<Vec<Values>>,
    next_member: StoredValue<u32>,
}

/// One member of a team in the form: `id` stays with the row while others are added
/// or removed (its fields' ids and labels).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    pub id: u32,
    pub values: Values,
}

#[derive(Deserialize)]
struct ItemAnswer {
    fields: Option<BTreeMap<String, Answered>>,
    #[serde(default)]
    body: String,
    version: String,
}

#[derive(Deserialize)]
struct SavedAnswer {
    path: String,
    version: String,
    #[serde(default)]
    warnings: Vec<Diagnostic>,
}

#[derive(Deserialize)]
struct Invalid {
    #[serde(default)]
    diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct Request<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    fields: BTreeMap<String, Sent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
}

fn item_url(kind: &str, slug: &str) -> String {
    format!("/desk/api/items/{kind}/{slug}")
}

impl Form {
    /// An empty form for `kind` (`slug` `None`: a new item).
    fn new(kind: &str, slug: Option<String>) -> Form {
        let is_new = slug.is_none();
        Form {
            kind: StoredValue::new(kind.to_owned()),
            slug: RwSignal::new(slug),
            values: RwSignal::new(if is_new {
                new_values(kind)
            } else {
                Values::new()
            }),
            body: RwSignal::new(String::new()),
            before: RwSignal::new(None),
            version: RwSignal::new(None),
            diags: RwSignal::new(Vec::new()),
            status: RwSignal::new(if is_new {
                Status::Ready
            } else {
                Status::Loading
            }),
            members: RwSignal::new(Vec::new()),
            members_before: RwSignal::new(Vec::new()),
            next_member: StoredValue::new(0),
        }
    }

    /// Shows `list` as the member rows.
    fn set_members(self, list: &[Values]) {
        let rows = list
            .iter()
            .map(|values| MemberRow {
                id: self.next_member_id(),
                values: values.clone(),
            })
            .collect();
        self.members.set(rows);
        self.members_before.set(list.to_vec());
    }

    fn next_member_id(self) -> u32 {
        let id = self.next_member.get_value();
        self.next_member.set_value(id + 1);
        id
    }

    /// Adds an empty member row at the end.
    pub fn add_member(self) {
        let id = self.next_member_id();
        self.members.update(|m| {
            m.push(MemberRow {
                id,
                values: Values::new(),
            });
        });
    }

    /// Removes the member row `id`.
    pub fn remove_member(self, id: u32) {
        self.members.update(|m| m.retain(|r| r.id != id));
    }

    fn member_values(self) -> Vec<Values> {
        self.members
            .get_untracked()
            .into_iter()
            .map(|r| r.values)
            .collect()
    }

    /// Reads the item again (also the conflict's "Reload"): the form shows the file
    /// as it is now.
    pub fn load(self) {
        let Some(slug) = self.slug.get_untracked() else {
            return;
        };
        let kind = self.kind.get_value();
        self.status.set(Status::Loading);
        leptos::task::spawn_local(async move {
            let answer = send("GET", &item_url(&kind, &slug), None, None).await;
            let item = match answer {
                Ok(a) if a.ok() => decode::<ItemAnswer>(&a.text).map_err(|e| e.to_string()),
                Ok(a) => Err(a.message()),
                Err(e) => Err(e),
            };
            match item {
                Ok(item) => {
                    let Some(fields) = item.fields else {
                        self.status.set(Status::ReadOnly);
                        return;
                    };
                    let values = values_from(&kind, &fields);
                    self.set_members(&members_from(&fields));
                    self.values.set(values.clone());
                    self.body.set(item.body.clone());
                    self.before.set(Some((values, item.body)));
                    self.version.set(Some(item.version));
                    self.diags.set(Vec::new());
                    self.status.set(Status::Ready);
                }
                Err(m) => self.status.set(Status::Failed(m)),
            }
        });
    }

    /// Saves: POST for a new item, PUT with the version read for an existing one.
    pub fn save(self, desk: DeskCtx) {
        let Some(session) = desk.session.get_untracked() else {
            return;
        };
        if self.status.get_untracked() == Status::Saving {
            return;
        }
        let kind = self.kind.get_value();
        let slug = self.slug.get_untracked();
        let before = self.before.get_untracked();
        let values = self.values.get_untracked();
        let body = self.body.get_untracked();
        let version = self.version.get_untracked();
        let mut fields = changes(&kind, &values, before.as_ref().map(|b| &b.0));
        let members = self.member_values();
        if has_members(&kind) {
            let was = self.members_before.get_untracked();
            if let Some(m) = member_changes(&members, before.as_ref().map(|_| was.as_slice())) {
                fields.insert("members".to_owned(), m);
            }
        }
        let body_changed = before.as_ref().map_or(!body.is_empty(), |b| b.1 != body);
        let request = Request {
            version: version.as_deref().filter(|_| slug.is_some()),
            fields,
            body: body_changed.then_some(body.as_str()),
        };
        let json = match to_json(&request) {
            Ok(j) => j,
            Err(e) => return self.status.set(Status::Failed(e)),
        };
        self.status.set(Status::Saving);
        leptos::task::spawn_local(async move {
            let (method, url) = match &slug {
                Some(s) => ("PUT", item_url(&kind, s)),
                None => ("POST", format!("/desk/api/items/{kind}")),
            };
            match send(method, &url, Some(json), Some(&session.csrf)).await {
                Ok(a) if a.ok() => {
                    self.members_before.set(members);
                    self.saved(&a.text, values, body);
                }
                Ok(a) if a.status == 422 => {
                    let diags = decode::<Invalid>(&a.text).map(|i| i.diagnostics);
                    self.diags.set(diags.unwrap_or_default());
                    self.status.set(Status::Invalid);
                    focus_id("desk-summary");
                }
                Ok(a) if a.status == 409 => self.status.set(Status::Conflict(a.message())),
                Ok(a) if a.status == 401 => desk.session.set(None),
                Ok(a) => self.status.set(Status::Failed(a.message())),
                Err(e) => self.status.set(Status::Failed(e)),
            }
        });
    }

    fn saved(self, text: &str, values: Values, body: String) {
        let answer = match decode::<SavedAnswer>(text) {
            Ok(a) => a,
            Err(e) => return self.status.set(Status::Failed(e.to_string())),
        };
        self.version.set(Some(answer.version));
        self.before.set(Some((values, body)));
        self.diags.set(answer.warnings);
        self.status.set(Status::Saved);
        let kind = self.kind.get_value();
        let file = answer.path.rsplit('/').next().unwrap_or_default();
        let slug = file.strip_suffix(".md").unwrap_or(file).to_owned();
        if self.slug.get_untracked().is_none() {
            // The new item's own address, in place of "new" (back goes to the list).
            let to = DeskView::Edit(kind, slug.clone());
            if let Some(h) = crate::browser::window().and_then(|w| w.history().ok()) {
                let _ =
                    h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&to.path()));
            }
            // The form stays as it is (with its "Saved"); only the address changes.
            self.slug.set(Some(slug));
        }
        focus_id("desk-status");
    }

    /// Moves the item to the trash and goes back to the list.
    pub fn delete(self, desk: DeskCtx) {
        let (Some(session), Some(slug)) = (desk.session.get_untracked(), self.slug.get_untracked())
        else {
            return;
        };
        let url = item_url(&self.kind.get_value(), &slug);
        leptos::task::spawn_local(async move {
            match send("DELETE", &url, None, Some(&session.csrf)).await {
                Ok(a) if a.ok() => super::go(desk, DeskView::List),
                Ok(a) => self.status.set(Status::Failed(a.message())),
                Err(e) => self.status.set(Status::Failed(e)),
            }
        });
    }
}

/// Moves keyboard focus to the element with `id` (after the view shows it).
pub fn focus_id(id: &'static str) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let el = crate::browser::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn EditForm(kind: String, slug: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    if specs(&kind).is_empty() {
        return view! { <p class="desk-note">{move || i18n.t(Key::DeskNotEditable)}</p> }
            .into_any();
    }
    // New items start as drafts, as with `impactwall new` (see `new_values`).
    let form = Form::new(&kind, slug);
    form.load();
    // "New" until the first save, then "Edit".
    let title_key = move || {
        if form.slug.get().is_some() {
            Key::DeskEditTitle
        } else {
            Key::DeskNewTitle
        }
    };
    let kind_label = super::list::kind_key(&kind);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.save(desk);
    };
    view! {
        <section class="desk-edit" aria-labelledby="desk-edit-title">
            <p class="desk-back">
                <a href="/desk" on:click=move |ev| super::follow(ev, desk, DeskView::List)>
                    {move || i18n.t(Key::DeskBackToList)}
                </a>
            </p>
            <h1 id="desk-edit-title">
                {move || fill(i18n.t(title_key()), "", i18n.t(kind_label))}
            </h1>
            <super::form_view::StatusLine form=form/>
            <super::form_view::Summary form=form/>
            <form class="desk-form" on:submit=on_submit novalidate>
                <super::form_view::Fields form=form/>
                {has_members(&kind).then(|| view! { <super::members::Members form=form/> })}
                <p class="desk-actions">
                    <button type="submit" class="desk-button">{move || i18n.t(Key::DeskSave)}</button>
                    {move || form.slug.get().map(|_| view! {
                        <button type="button" class="desk-button danger" on:click=move |_| form.delete(desk)>
                            {i18n.t(Key::DeskDelete)}
                        </button>
                    })}
                </p>
            </form>
            {move || form.slug.get().map(|s| view! { <super::form_view::Preview path=page_path(&form.kind.get_value(), &s)/> })}
        </section>
    }
    .into_any()
}
