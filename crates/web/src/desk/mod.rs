//! The publishing desk's page: `/desk`, served only by `impactwall serve --desk`
//! (docs/desk.md). A wasm bundle of its own (`impactwall-desk`, built from
//! `desk/index.html`): the reading site's bundle never links it, and it is never
//! prerendered.
//!
//! - [`http`]: requests to `/desk/api/` (cookie session, CSRF header).
//! - [`signin`]: the sign-in form.
//! - [`list`]: every item with its state, wall status, languages and problems.
//! - [`filter`]: the list's filters (pure, tested natively).
//! - [`edit`], [`fields`]: the form for every kind; [`members`]: a team's members.
//! - [`trash`]: deleted items, restorable.

pub mod controls;
pub mod edit;
pub mod fields;
pub mod filter;
pub mod form_view;
pub mod http;
pub mod list;
pub mod members;
pub mod signin;
pub mod trash;

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key, Lang};

/// Who is signed in: the editor's name and the CSRF token, kept in memory only (the
/// session cookie is `HttpOnly`; a reload asks to sign in again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub name: String,
    pub csrf: String,
}

/// The desk's shared state (context).
#[derive(Clone, Copy)]
pub struct DeskCtx {
    pub session: RwSignal<Option<Session>>,
    /// Bumped when the content changed on disk (the live-update event): the list
    /// reads itself again.
    pub changed: RwSignal<u64>,
    /// The screen shown.
    pub view: RwSignal<DeskView>,
}

/// The desk's context (a signed-out one in isolated tests).
pub fn use_desk() -> DeskCtx {
    use_context::<DeskCtx>().unwrap_or_else(|| DeskCtx {
        session: RwSignal::new(None),
        changed: RwSignal::new(0),
        view: RwSignal::new(DeskView::List),
    })
}

/// A screen of the desk, with its own address so back and forward work; moving
/// between screens never reloads the page (the CSRF token lives in memory).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeskView {
    List,
    /// The form for a new item of a kind (`stories`, `thanks`, `events`,
    /// `talking-points`, `teams`).
    New(String),
    /// The form for an existing item: kind and slug (file name without `.md`).
    Edit(String, String),
    Trash,
}

impl DeskView {
    pub fn from_path(path: &str) -> DeskView {
        let rest = path
            .trim_end_matches('/')
            .strip_prefix("/desk")
            .unwrap_or("");
        let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
        let known = |k: &str| filter::KINDS.contains(&k);
        match parts.as_slice() {
            ["new", kind] if known(kind) => DeskView::New((*kind).to_owned()),
            ["edit", kind, slug] if known(kind) && valid_slug(slug) => {
                DeskView::Edit((*kind).to_owned(), (*slug).to_owned())
            }
            ["trash"] => DeskView::Trash,
            _ => DeskView::List,
        }
    }

    pub fn path(&self) -> String {
        match self {
            DeskView::List => "/desk".to_owned(),
            DeskView::New(kind) => format!("/desk/new/{kind}"),
            DeskView::Edit(kind, slug) => format!("/desk/edit/{kind}/{slug}"),
            DeskView::Trash => "/desk/trash".to_owned(),
        }
    }
}

/// A file name the desk API accepts in a URL (`rosa`, `rosa.es`).
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 120
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && !slug.starts_with('.')
}

/// Follows a desk link without a page load (a plain click; a click with a modifier
/// opens a new tab as usual).
pub fn follow(ev: leptos::ev::MouseEvent, desk: DeskCtx, to: DeskView) {
    if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0 {
        return;
    }
    ev.prevent_default();
    go(desk, to);
}

/// Shows `to` and makes it a history entry; focus goes to the new screen.
pub fn go(desk: DeskCtx, to: DeskView) {
    if let Some(h) = crate::browser::window().and_then(|w| w.history().ok()) {
        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&to.path()));
    }
    desk.view.set(to);
    focus_main();
}

/// Puts keyboard focus at the start of the screen just shown.
fn focus_main() {
    use wasm_bindgen::JsCast;
    let main = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("desk-main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(m) = main {
        let _ = m.focus();
    }
}

/// Whether `path` is one of the desk's page addresses (not its API).
pub fn is_desk_path(path: &str) -> bool {
    let desk = path == "/desk" || path.starts_with("/desk/");
    desk && !path.starts_with("/desk/api")
}

/// Mounts the desk over the (empty) shell page.
pub fn start_desk() {
    leptos::mount::mount_to_body(Desk);
}

#[component]
pub fn Desk() -> impl IntoView {
    crate::i18n::provide_i18n();
    let i18n = use_i18n();
    let here = crate::browser::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let desk = DeskCtx {
        session: RwSignal::new(None),
        changed: RwSignal::new(0),
        view: RwSignal::new(DeskView::from_path(&here)),
    };
    provide_context(desk);
    let pop = window_event_listener_untyped("popstate", move |_| {
        let path = crate::browser::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        let to = DeskView::from_path(&path);
        // A jump to a field (`#f-title`) is a history entry too: the screen stays.
        if desk.view.get_untracked() != to {
            desk.view.set(to);
        }
    });
    on_cleanup(move || pop.remove());
    // The live-update script reloads a page whose content changed; the desk keeps the
    // editor's work and reads the list again instead.
    let live = window_event_listener_untyped("impactwall:data-changed", move |ev| {
        ev.prevent_default();
        desk.changed.update(|n| *n += 1);
    });
    on_cleanup(move || live.remove());
    Effect::new(move |_| {
        if let Some(doc) = crate::browser::window().and_then(|w| w.document()) {
            doc.set_title(i18n.t(Key::DeskTitle));
        }
    });
    view! {
        <a class="skip-link" href="#desk-main">{move || i18n.t(Key::SkipToContent)}</a>
        <header class="desk-head">
            <p class="desk-brand">{move || i18n.t(Key::DeskTitle)}</p>
            <LangSelect/>
            <SignedInAs/>
        </header>
        <main id="desk-main" class="desk" tabindex="-1">
            {move || match desk.session.get() {
                None => view! { <signin::SignIn/> }.into_any(),
                Some(_) => match desk.view.get() {
                    DeskView::List => view! { <list::ItemList/> }.into_any(),
                    DeskView::Trash => view! { <trash::Trash/> }.into_any(),
                    DeskView::New(kind) => view! { <edit::EditForm kind=kind slug=None/> }.into_any(),
                    DeskView::Edit(kind, slug) => {
                        view! { <edit::EditForm kind=kind slug=Some(slug)/> }.into_any()
                    }
                },
            }}
        </main>
    }
}

/// The interface language (en/es/nl).
#[component]
fn LangSelect() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(l) = Lang::from_tag(&event_target_value(&ev)) {
            i18n.set(l);
        }
    };
    view! {
        <label class="desk-lang">
            <span>{move || i18n.t(Key::Language)}</span>
            <select on:change=on_change>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() selected=move || i18n.lang.get() == l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The editor's name and the sign-out button, once signed in.
#[component]
fn SignedInAs() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let sign_out = move |_| {
        let Some(s) = desk.session.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            // Signed out here whatever the server says: the CSRF token is forgotten.
            let _ = http::send("DELETE", http::SESSION_URL, None, Some(&s.csrf)).await;
            desk.session.set(None);
        });
    };
    move || {
        desk.session.get().map(|s| {
            view! {
                <p class="desk-who">
                    <span>{crate::i18n::fill(i18n.t(Key::DeskSignedInAs), "", &s.name)}</span>
                    <button type="button" class="desk-button secondary" on:click=sign_out>
                        {i18n.t(Key::DeskSignOut)}
                    </button>
                </p>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{is_desk_path, DeskView};

    #[test]
    fn screens_have_addresses_and_unknown_ones_are_the_list() {
        for v in [
            DeskView::List,
            DeskView::Trash,
            DeskView::New("thanks".into()),
            DeskView::Edit("stories".into(), "rosa.es".into()),
        ] {
            assert_eq!(DeskView::from_path(&v.path()), v);
        }
        assert_eq!(
            DeskView::from_path("/desk/edit/stories/..%2f"),
            DeskView::List
        );
        assert_eq!(DeskView::from_path("/desk/new/secrets"), DeskView::List);
        assert_eq!(DeskView::from_path("/desk/"), DeskView::List);
    }

    #[test]
    fn desk_pages_are_desk_paths_and_the_api_is_not() {
        assert!(is_desk_path("/desk"));
        assert!(is_desk_path("/desk/trash"));
        assert!(!is_desk_path("/desk/api/items"));
        assert!(!is_desk_path("/desktop"));
        assert!(!is_desk_path("/stories"));
    }
}
