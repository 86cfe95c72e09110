//! Sign-in: the desk token and the editor's name (used in git commit messages).

use leptos::prelude::*;

use super::http::{sign_in, SignInError};
use super::use_desk;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let token = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<SignInError>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (t, n) = (token.get_untracked(), name.get_untracked());
        leptos::task::spawn_local(async move {
            match sign_in(t.trim(), n.trim()).await {
                Ok(s) => desk.session.set(Some(s)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let message = move || {
        error.get().map(|e| match e {
            SignInError::WrongToken => i18n.t(Key::DeskWrongToken).to_owned(),
            SignInError::Other(m) => format!("{} ({m})", i18n.t(Key::DeskSignInFailed)),
        })
    };
    view! {
        <section class="desk-signin" aria-labelledby="desk-signin-title">
            <h1 id="desk-signin-title">{move || i18n.t(Key::DeskSignInTitle)}</h1>
            <p class="desk-note">{move || i18n.t(Key::DeskSignInHint)}</p>
            <form class="desk-form" on:submit=on_submit>
                <p class="desk-error" role="alert" id="desk-signin-error">{message}</p>
                <div class="desk-field">
                    <label for="desk-token">{move || i18n.t(Key::DeskToken)}</label>
                    <input
                        id="desk-token"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby=move || error.get().map(|_| "desk-signin-error")
                        prop:value=move || token.get()
                        on:input=move |ev| token.set(event_target_value(&ev))
                    />
                </div>
                <div class="desk-field">
                    <label for="desk-name">{move || i18n.t(Key::DeskYourName)}</label>
                    <input
                        id="desk-name"
                        type="text"
                        autocomplete="name"
                        required
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <button type="submit" class="desk-button" aria-disabled=move || busy.get().then_some("true")>
                    {move || i18n.t(Key::DeskSignIn)}
                </button>
            </form>
        </section>
    }
}
