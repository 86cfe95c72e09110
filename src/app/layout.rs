//! The reading site's frame: skip link, header with navigation, language and theme
//! switches, the `?at=` preview banner, and the footer. Also owns the index fetch so
//! every page shares one request.

use std::sync::Arc;

use leptos::prelude::*;

use super::router::use_location;
use crate::app::components::tr;

use super::api::FetchError;
use super::clock::use_app_clock;
use super::format;
use super::i18n::{use_i18n, Key, Lang};
use super::load::{load, Loader, Request};
use super::theme::{use_theme, Scheme};
use crate::model::Index;

/// The shared `data/index.json` (context).
#[derive(Clone, Copy)]
pub struct SiteData {
    pub loader: Loader,
}

impl SiteData {
    /// The index, `None` while it loads (reactive).
    pub fn index(&self) -> Option<Result<Arc<Index>, FetchError>> {
        self.loader.get().map(|r| {
            r.and_then(|d| {
                d.index()
                    .ok_or_else(|| FetchError::Decode("not an index".into()))
            })
        })
    }
}

pub fn provide_site_data() -> SiteData {
    let data = SiteData {
        loader: load(Request::Index),
    };
    provide_context(data);
    // `impactwall serve` announces rebuilt content: refetch the index in place. Only
    // when the open page's own detail file changed is the event left to reload it.
    let live = window_event_listener_untyped("impactwall:data-changed", move |e| {
        if !live_update_needs_reload(&e) {
            e.prevent_default();
            data.loader.refetch();
        }
    });
    on_cleanup(move || live.remove());
    data
}

/// Does a live update touch the detail file of the page being read?
fn live_update_needs_reload(e: &web_sys::Event) -> bool {
    let Some(ce) = wasm_bindgen::JsCast::dyn_ref::<web_sys::CustomEvent>(e) else {
        return false;
    };
    let paths = js_sys::Reflect::get(&ce.detail(), &"paths".into())
        .ok()
        .map(|p| js_sys::Array::from(&p))
        .unwrap_or_default();
    let page = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    paths
        .iter()
        .filter_map(|p| p.as_string())
        .any(|p| crate::view_logic::detail_path_for_page(&page).is_some_and(|d| d == p))
}

pub fn use_site_data() -> SiteData {
    use_context::<SiteData>().unwrap_or_else(provide_site_data)
}

/// The frame around `children`.
#[component]
pub fn Chrome(children: Children) -> impl IntoView {
    let data = provide_site_data();
    let i18n = use_i18n();
    let clock = use_app_clock();
    let site_name = move || {
        data.index()
            .and_then(|r| r.ok())
            .map(|ix| ix.site.name_in(i18n.lang.get().code()).to_string())
    };
    let logo = move || {
        data.index()
            .and_then(|r| r.ok())
            .and_then(|ix| ix.site.logo.clone())
    };
    // Keep the document title in step with the site name and language.
    Effect::new(move |_| {
        if let (Some(name), Some(doc)) = (site_name(), web_sys::window().and_then(|w| w.document()))
        {
            if doc.title().is_empty() || doc.title() == "impactwall" {
                doc.set_title(&name);
            }
        }
    });
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{tr(Key::SkipToContent)}</a>
        <PreviewBanner/>
        <header class="site-header">
            <div class="site-header__inner">
                <a href=move || clock.href("/") class="brand">
                    {move || match logo() {
                        Some(img) => view! { <img class="brand__logo" src=img.src alt="" width="40" height="40"/> }.into_any(),
                        None => view! { <BrandMark/> }.into_any(),
                    }}
                    <span class="brand__name">{move || site_name().unwrap_or_default()}</span>
                </a>
                <nav class="site-nav" aria-label=move || i18n.t(Key::MainNavigation)>
                    <ul>
                        <NavLink path="/" key=Key::NavHome/>
                        <NavLink path="/stories" key=Key::NavStories/>
                        <NavLink path="/thanks" key=Key::NavThanks/>
                        <NavLink path="/events" key=Key::NavEvents/>
                        <NavLink path="/about" key=Key::NavAbout/>
                    </ul>
                </nav>
                <div class="site-tools">
                    <LanguageSwitch/>
                    <ThemeToggle/>
                </div>
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p class="site-footer__name">{move || site_name().unwrap_or_default()}</p>
                <p>{tr(Key::Footer)}</p>
                <ul class="site-footer__links">
                    <li><a href="/feed.xml">"Atom feed"</a></li>
                    <li><a href="/calendar.ics" download="calendar.ics">{tr(Key::AddToCalendar)}" (.ics)"</a></li>
                </ul>
            </div>
        </footer>
    }
}

/// Moves focus to `<main>` itself (the router would treat `#main` as a navigation).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"));
    if let Some(main) =
        main.and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
    {
        let _ = main.focus();
        main.scroll_into_view();
    }
}

/// A navigation link; the router marks the current page with `aria-current="page"`.
#[component]
fn NavLink(path: &'static str, key: Key) -> impl IntoView {
    let clock = use_app_clock();
    let location = use_location();
    // "/" is current only on the home page; sections also own their detail pages.
    let current = move || {
        let here = location.path.get();
        let on = if path == "/" {
            here == "/"
        } else {
            here == path || here.starts_with(&format!("{path}/"))
        };
        on.then_some("page")
    };
    view! {
        <li>
            <a href=move || clock.href(path) aria-current=current>{tr(key)}</a>
        </li>
    }
}

/// Default logo: a heart in a rounded square (theme colours).
#[component]
fn BrandMark() -> impl IntoView {
    view! {
        <svg class="brand__logo" viewBox="0 0 64 64" width="40" height="40" aria-hidden="true" focusable="false">
            <rect width="64" height="64" rx="16" class="brand__bg"/>
            <path d="M32 50s-16-9.5-16-21a9 9 0 0 1 16-5.7A9 9 0 0 1 48 29c0 11.5-16 21-16 21z" class="brand__heart"/>
        </svg>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
            i18n.set(lang);
        }
    };
    view! {
        <label class="lang-switch">
            <span class="visually-hidden">{tr(Key::Language)}</span>
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" class="icon">
                <path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.9 6h-2.9a15.7 15.7 0 0 0-1.4-3.6A8 8 0 0 1 18.9 8zM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.5 1.1-2.8 1.9-4zM4.3 14a8.2 8.2 0 0 1 0-4h3.4a16.5 16.5 0 0 0 0 4H4.3zm.8 2h2.9c.3 1.3.8 2.5 1.4 3.6A8 8 0 0 1 5.1 16zM8 8H5.1a8 8 0 0 1 4.3-3.6C8.8 5.5 8.3 6.7 8 8zm4 12c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.5-1.1 2.8-1.9 4zm2.3-6H9.7a14.7 14.7 0 0 1 0-4h4.6a14.7 14.7 0 0 1 0 4zm.3 5.6c.6-1.1 1.1-2.3 1.4-3.6h2.9a8 8 0 0 1-4.3 3.6zm1.7-5.6a16.5 16.5 0 0 0 0-4h3.4a8.2 8.2 0 0 1 0 4h-3.4z"/>
            </svg>
            <select on:change=on_change prop:value=move || i18n.lang.get().code()>
                {Lang::ALL
                    .into_iter()
                    .map(|l| view! { <option value=l.code() lang=l.code()>{l.native_name()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn ThemeToggle() -> impl IntoView {
    let theme = use_theme();
    let dark = move || theme.scheme.get() == Scheme::Dark;
    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-pressed=move || if dark() { "true" } else { "false" }
            on:click=move |_| theme.toggle()
        >
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" class="icon">
                <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z"/>
            </svg>
            <span>{tr(Key::ThemeDark)}</span>
            <span class="visually-hidden">" — "{tr(Key::ThemeToggle)}</span>
        </button>
    }
}

/// Shown while `?at=` previews another moment.
#[component]
fn PreviewBanner() -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let location = use_location();
    clock.preview.map(|at| {
        let leave = move |ev: leptos::ev::MouseEvent| {
            // A full load: the preview moment is read once, at start.
            ev.prevent_default();
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href(&location.path.get_untracked());
            }
        };
        view! {
            <div class="preview-banner" role="status">
                <p>
                    <strong>{tr(Key::PreviewBanner)}</strong>" "
                    <time datetime=at.to_rfc3339()>{move || format::date_with(at, i18n.lang.get(), None, &[("dateStyle", "full"), ("timeStyle", "short")])}</time>
                </p>
                <a href=move || location.path.get() on:click=leave>{tr(Key::PreviewExit)}</a>
            </div>
        }
    })
}
