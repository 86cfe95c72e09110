//! Interface strings, one file per language in `locales/` (English, Spanish and Dutch
//! today): `build.rs` turns them into the `Lang` and `Key` enums and one table, and
//! `t(lang, key)` looks a string up, falling back to English. Adding a language is
//! adding a file. Dates and numbers are localised by the browser (`Intl`), not here.

use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

impl Lang {
    /// Parses a tag such as `es`, `es-MX` or `NL`; unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first supported language in a preference list (e.g. `navigator.languages`).
    pub fn negotiate<'a>(prefs: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
        prefs.into_iter().find_map(Lang::from_tag)
    }
}

/// Looks up `key` in `lang`, in English where that language has no such string.
pub fn t(lang: Lang, key: Key) -> &'static str {
    pick(&STRINGS, lang as usize, key as usize)
}

/// `table[lang][key]`, else `table[0][key]` (English, which has every key).
fn pick<const K: usize>(
    table: &[[Option<&'static str>; K]],
    lang: usize,
    key: usize,
) -> &'static str {
    table[lang][key].or(table[0][key]).unwrap_or_default()
}

/// Replaces `{n}` and `{name}` in a template.
pub fn fill(template: &str, n: impl std::fmt::Display, name: &str) -> String {
    template
        .replace("{n}", &n.to_string())
        .replace("{name}", name)
}

/// The interface language chosen by the reader (context), readable and switchable.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// `t` in the current language (reactive when called inside a view closure).
    pub fn t(&self, key: Key) -> &'static str {
        t(self.lang.get(), key)
    }

    /// Switches the language and remembers the choice for the next visit.
    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
        self.remember(lang);
    }

    /// Remembers `lang` as the reader's choice.
    pub fn remember(&self, lang: Lang) {
        if let Some(storage) =
            crate::browser::window().and_then(|w| w.local_storage().ok().flatten())
        {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
    }
}

const STORAGE_KEY: &str = "impactwall.lang";

/// The language from `?lang=`, else the one saved by the switcher, else the browser's
/// preferences, else English.
pub fn initial_lang() -> Lang {
    let Some(window) = crate::browser::window() else {
        return Lang::En;
    };
    if let Some(l) = query_lang() {
        return l;
    }
    let saved = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|v| Lang::from_tag(&v));
    if let Some(l) = saved {
        return l;
    }
    let nav = window.navigator();
    let prefs: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .chain(nav.language())
        .collect();
    Lang::negotiate(prefs.iter().map(String::as_str)).unwrap_or_default()
}

/// The language a page starts in: a prerendered page's own (the language is in its
/// URL), unless `?lang=` asks for another; the bare app shell negotiates.
fn starting_lang() -> Lang {
    let boot = crate::boot::use_boot();
    let page = boot.lang().and_then(Lang::from_tag);
    match page {
        Some(l) if boot.hydrating => l,
        Some(l) => query_lang().unwrap_or(l),
        None => initial_lang(),
    }
}

fn query_lang() -> Option<Lang> {
    let search = crate::browser::window()?.location().search().ok()?;
    crate::view_logic::query_value(&search, "lang").and_then(|v| Lang::from_tag(&v))
}

/// Provides [`I18n`] as context and keeps `<html lang>` in sync.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(starting_lang()),
    };
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        if let Some(doc) = crate::browser::window().and_then(|w| w.document()) {
            if let Some(html) = doc.document_element() {
                let _ = html.set_attribute("lang", lang.code());
            }
        }
    });
    provide_context(i18n);
    i18n
}

/// The [`I18n`] context (English if none was provided, e.g. in isolated tests).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        lang: RwSignal::new(Lang::En),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_or_falls_back_to_english() {
        for lang in Lang::ALL {
            for k in 0..STRINGS[0].len() {
                assert!(
                    !pick(&STRINGS, lang as usize, k).is_empty(),
                    "{lang:?} key {k}"
                );
            }
        }
        assert_eq!(t(Lang::Es, Key::NavStories), "Historias");
        assert_eq!(
            Lang::ALL[0],
            Lang::En,
            "English comes first: it is the fallback"
        );
    }

    #[test]
    fn a_string_missing_in_a_language_is_shown_in_english() {
        let table = [[Some("Home"), Some("Stories")], [Some("Inicio"), None]];
        assert_eq!(pick(&table, 1, 0), "Inicio");
        assert_eq!(pick(&table, 1, 1), "Stories");
    }

    #[test]
    fn tags_are_matched_by_their_primary_language() {
        assert_eq!(Lang::from_tag("ES-mx"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::negotiate(["fr-FR", "nl-BE", "en"]), Some(Lang::Nl));
    }
}
