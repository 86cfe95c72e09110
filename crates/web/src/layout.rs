//! The reading site's frame: skip link, header with navigation, language and theme
//! switches, the `?at=` preview banner, and the footer. It provides the site data
//! ([`crate::site_data`]) so every page shares one request.

use leptos::prelude::*;

use super::router::use_location;
use crate::cards::{html_div, Ctx};
use crate::components::tr;
use crate::markup::Html;

use super::clock::use_app_clock;
use super::format;
use super::i18n::{use_i18n, Key, Lang};
use super::site_data::provide_site_data;
use super::theme::{use_theme, Scheme};

/// The frame around `children`.
#[component]
pub fn Chrome(children: Children) -> impl IntoView {
    let data = provide_site_data();
    let i18n = use_i18n();
    let site_name = move || {
        data.index()
            .and_then(|r| r.ok())
            .map(|ix| ix.site.name_in(i18n.lang.get().code()).to_string())
    };
    // Keep the document title in step with the site name and language.
    Effect::new(move |_| {
        if let (Some(name), Some(doc)) = (
            site_name(),
            crate::browser::window().and_then(|w| w.document()),
        ) {
            if doc.title().is_empty() || doc.title() == "impactwall" {
                doc.set_title(&name);
            }
        }
    });
    let location = use_location();
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{tr(Key::SkipToContent)}</a>
        <PreviewBanner/>
        <header class="site-header">
            <div class="site-header__inner">
                {html_div("contents", move |h, c| brand_and_nav(h, c, &location.path.get()))}
                <div class="site-tools">
                    <crate::search::HeaderSearch/>
                    <LanguageSwitch/>
                    <ThemeToggle/>
                </div>
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            {html_div("site-footer__inner", |h, c| {
                let name = c.ix.as_ref().map_or("", |ix| ix.site.name_in(c.lang.code()));
                h.el("p", "site-footer__name", name)
                    .el("p", "", c.t(Key::Footer))
                    .raw(r#"<ul class="site-footer__links"><li><a href="/feed.xml">Atom feed</a></li>"#)
                    .raw(r#"<li><a href="/calendar.ics" download="calendar.ics">"#)
                    .text(c.t(Key::AddToCalendar))
                    .raw(" (.ics)</a></li></ul>");
            })}
        </footer>
    }
}

/// The brand (logo and name, linking home) and the main navigation; the page being
/// read is marked with `aria-current="page"` (a section also owns its item pages).
fn brand_and_nav(h: &mut Html, c: &Ctx, here: &str) {
    let (_, here) = crate::view_logic::split_lang(here);
    h.open(
        "a",
        &[("href", Some(&c.href("/"))), ("class", Some("brand"))],
    );
    match c.ix.as_ref().and_then(|ix| ix.site.logo.as_ref()) {
        Some(img) => h.open(
            "img",
            &[
                ("class", Some("brand__logo")),
                ("src", Some(&img.src)),
                ("alt", Some("")),
                ("width", Some("40")),
                ("height", Some("40")),
            ],
        ),
        // Default logo: a heart in a rounded square (theme colours).
        None => h.raw(concat!(
            r#"<svg class="brand__logo" viewBox="0 0 64 64" width="40" height="40" aria-hidden="true" focusable="false">"#,
            r#"<rect width="64" height="64" rx="16" class="brand__bg"></rect>"#,
            r#"<path d="M32 50s-16-9.5-16-21a9 9 0 0 1 16-5.7A9 9 0 0 1 48 29c0 11.5-16 21-16 21z" class="brand__heart"></path></svg>"#,
        )),
    };
    let name =
        c.ix.as_ref()
            .map_or("", |ix| ix.site.name_in(c.lang.code()));
    h.el("span", "brand__name", name).close("a").open(
        "nav",
        &[
            ("class", Some("site-nav")),
            ("aria-label", Some(c.t(Key::MainNavigation))),
        ],
    );
    h.open("ul", &[]);
    for (path, key) in [
        ("/", Key::NavHome),
        ("/stories", Key::NavStories),
        ("/thanks", Key::NavThanks),
        ("/events", Key::NavEvents),
        ("/about", Key::NavAbout),
    ] {
        let current = if path == "/" {
            here == "/"
        } else {
            here == path || here.strip_prefix(path).is_some_and(|r| r.starts_with('/'))
        };
        h.open("li", &[])
            .open(
                "a",
                &[
                    ("href", Some(&c.href(path))),
                    ("aria-current", current.then_some("page")),
                ],
            )
            .text(c.t(key))
            .raw("</a></li>");
    }
    h.raw("</ul></nav>");
}

/// Moves focus to `<main>` itself (the router would treat `#main` as a navigation).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    let main = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"));
    if let Some(main) =
        main.and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
    {
        let _ = main.focus();
        main.scroll_into_view();
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let data = crate::site_data::use_site_data();
    // Every page has its own address per language: switching loads that page.
    let on_change = move |ev: leptos::ev::Event| {
        let Some(lang) = Lang::from_tag(&event_target_value(&ev)) else {
            return;
        };
        i18n.remember(lang);
        let ix = data.index().and_then(Result::ok);
        let target = crate::view_logic::language_version(
            ix.as_deref(),
            &location.path.get_untracked(),
            lang.code(),
        );
        match (crate::browser::window(), target) {
            (Some(w), Some(url)) => {
                let _ = w.location().set_href(&url);
            }
            _ => i18n.set(lang),
        }
    };
    view! {
        <label class="lang-switch">
            {html_div("contents", |h, c| {
                h.el("span", "visually-hidden", c.t(Key::Language)).raw(concat!(
                    r#"<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" class="icon"><path d=""#,
                    "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.9 6h-2.9a15.7 15.7 0 0 0-1.4-3.6A8 8 0 0 1 18.9 8zM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.5 1.1-2.8 1.9-4zM4.3 14a8.2 8.2 0 0 1 0-4h3.4a16.5 16.5 0 0 0 0 4H4.3zm.8 2h2.9c.3 1.3.8 2.5 1.4 3.6A8 8 0 0 1 5.1 16zM8 8H5.1a8 8 0 0 1 4.3-3.6C8.8 5.5 8.3 6.7 8 8zm4 12c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.5-1.1 2.8-1.9 4zm2.3-6H9.7a14.7 14.7 0 0 1 0-4h4.6a14.7 14.7 0 0 1 0 4zm.3 5.6c.6-1.1 1.1-2.3 1.4-3.6h2.9a8 8 0 0 1-4.3 3.6zm1.7-5.6a16.5 16.5 0 0 0 0-4h3.4a8.2 8.2 0 0 1 0 4h-3.4z",
                    r#""></path></svg>"#,
                ));
            })}
            // The current language is `selected` in the HTML too (pages work without scripts).
            <select inner_html=move || language_options(i18n.lang.get()) on:change=on_change prop:value=move || i18n.lang.get().code()></select>
        </label>
    }
}

/// The switch's options with `lang` selected.
fn language_options(lang: Lang) -> String {
    let current = format!(r#"value="{}""#, lang.code());
    super::i18n::LANGUAGE_OPTIONS.replace(&current, &format!("{current} selected"))
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
            {html_div("contents", |h, c| {
                h.icon("icon", "18", "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z")
                    .el("span", "", c.t(Key::ThemeDark))
                    .open_class("span", "visually-hidden")
                    .raw(" — ")
                    .text(c.t(Key::ThemeToggle))
                    .close("span");
            })}
        </button>
    }
}

/// Shown while `?at=` previews another moment.
#[component]
fn PreviewBanner() -> impl IntoView {
    let clock = use_app_clock();
    let location = use_location();
    clock.preview.map(|at| {
        let leave = move |ev: leptos::ev::MouseEvent| {
            // A full load: the preview moment is read once, at start.
            ev.prevent_default();
            if let Some(w) = crate::browser::window() {
                let path = crate::local_path::same_site_path(&location.path.get_untracked());
                let _ = w.location().set_href(&path);
            }
        };
        view! {
            <div class="preview-banner" role="status">
                {html_div("contents", move |h, c| {
                    h.raw("<p><strong>")
                        .text(c.t(Key::PreviewBanner))
                        .raw("</strong> ")
                        .open("time", &[("datetime", Some(&at.to_rfc3339()))])
                        .text(&format::date_with(at, c.lang, None, &[("dateStyle", "full"), ("timeStyle", "short")]))
                        .raw("</time></p>");
                })}
                <a href=move || crate::local_path::same_site_path(&location.path.get()) on:click=leave>{tr(Key::PreviewExit)}</a>
            </div>
        }
    })
}
