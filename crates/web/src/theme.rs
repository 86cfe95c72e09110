//! Light/dark colour theme: follows `prefers-color-scheme` until the reader picks one
//! with the toggle; the choice is kept in local storage and set as `data-theme` on
//! `<html>` (the stylesheet does the rest).

use leptos::prelude::*;

const STORAGE_KEY: &str = "impactwall.theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }

    fn parse(s: &str) -> Option<Scheme> {
        match s {
            "light" => Some(Scheme::Light),
            "dark" => Some(Scheme::Dark),
            _ => None,
        }
    }
}

/// The reader's theme (context).
#[derive(Clone, Copy)]
pub struct Theme {
    pub scheme: RwSignal<Scheme>,
}

impl Theme {
    /// Flips light/dark and remembers the explicit choice.
    pub fn toggle(&self) {
        let next = match self.scheme.get_untracked() {
            Scheme::Light => Scheme::Dark,
            Scheme::Dark => Scheme::Light,
        };
        self.scheme.set(next);
        if let Some(s) = crate::browser::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = s.set_item(STORAGE_KEY, next.as_str());
        }
        set_document_theme(Some(next));
    }
}

fn saved_scheme() -> Option<Scheme> {
    crate::browser::window()?
        .local_storage()
        .ok()??
        .get_item(STORAGE_KEY)
        .ok()?
        .as_deref()
        .and_then(Scheme::parse)
}

fn system_prefers_dark() -> bool {
    crate::browser::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn set_document_theme(scheme: Option<Scheme>) {
    let Some(html) = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match scheme {
        Some(s) => html.set_attribute("data-theme", s.as_str()),
        None => html.remove_attribute("data-theme"),
    };
}

pub fn provide_theme() -> Theme {
    let current = || {
        saved_scheme().unwrap_or(if system_prefers_dark() {
            Scheme::Dark
        } else {
            Scheme::Light
        })
    };
    // The inline script in `index.html` already set `data-theme` before the first
    // paint. A page being hydrated starts as it was built (light) and takes the
    // reader's scheme right after.
    let hydrating = crate::boot::use_boot().hydrating;
    let theme = Theme {
        scheme: RwSignal::new(if hydrating { Scheme::Light } else { current() }),
    };
    if hydrating && crate::browser::window().is_some() {
        Effect::new(move |_| theme.scheme.set(current()));
    }
    // Without a saved choice the stylesheet follows the system setting on its own.
    set_document_theme(saved_scheme());
    provide_context(theme);
    theme
}

pub fn use_theme() -> Theme {
    use_context::<Theme>().unwrap_or_else(provide_theme)
}
