//! `theme.css`: the site's colours as CSS custom properties.

use impactwall_model::Theme;

pub const DEFAULT_PRIMARY: &str = "#0b5d6b";
pub const DEFAULT_ACCENT: &str = "#c2571a";

/// `:root { --color-primary: …; --color-accent: … }`, always present; a colour that
/// is not `#rgb`/`#rrggbb` (the loader refuses those) falls back to the default so
/// nothing but a colour can reach the stylesheet.
pub fn css(theme: &Theme) -> Vec<u8> {
    let pick = |c: &Option<String>, default: &'static str| -> String {
        c.as_deref()
            .map(str::trim)
            .filter(|c| is_hex_colour(c))
            .map(str::to_ascii_lowercase)
            .unwrap_or_else(|| default.to_owned())
    };
    format!(
        "/* Generated from content/site.toml [theme]. */\n:root {{\n  --color-primary: {};\n  --color-accent: {};\n}}\n",
        pick(&theme.primary, DEFAULT_PRIMARY),
        pick(&theme.accent, DEFAULT_ACCENT)
    )
    .into_bytes()
}

fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_uses_site_colours_or_defaults() {
        let css = String::from_utf8(css(&Theme {
            primary: Some("#ABC".into()),
            accent: Some("red; } body { display:none".into()),
        }))
        .unwrap();
        assert!(css.contains("--color-primary: #abc;"), "{css}");
        assert!(css.contains("--color-accent: #c2571a;"), "{css}");
        assert!(!css.contains("display"));
        let default = String::from_utf8(css_default()).unwrap();
        assert!(default.contains(DEFAULT_PRIMARY));
    }

    fn css_default() -> Vec<u8> {
        css(&Theme::default())
    }
}
