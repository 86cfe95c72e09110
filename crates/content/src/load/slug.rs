//! Slugs: the URL-safe names of items (`rosa-finds-her-voice`).

use unicode_normalization::UnicodeNormalization;

pub const MAX_SLUG_LEN: usize = 80;

/// `[a-z0-9]+(-[a-z0-9]+)*`, at most 80 characters.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG_LEN
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A slug made from any title: letters folded to ASCII (`Café Ñandú!` → `cafe-nandu`),
/// everything else turned into single hyphens, cut at a word boundary to 80 characters.
/// Empty when the title has no Latin letters or digits.
pub fn slugify(title: &str) -> String {
    let mut folded = String::with_capacity(title.len());
    for c in title.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => folded.push_str("ss"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'œ' | 'Œ' => folded.push_str("oe"),
            'ø' | 'Ø' => folded.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => folded.push('d'),
            'ł' | 'Ł' => folded.push('l'),
            'þ' | 'Þ' => folded.push_str("th"),
            'ı' => folded.push('i'),
            '&' => folded.push_str(" and "),
            c => folded.extend(c.to_lowercase()),
        }
    }
    let mut slug = String::new();
    for part in folded
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|p| !p.is_empty())
    {
        let extra = part.len() + usize::from(!slug.is_empty());
        if slug.len() + extra > MAX_SLUG_LEN {
            if slug.is_empty() {
                slug.push_str(&part[..MAX_SLUG_LEN]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    slug
}

/// What a file name says about its item: `rosa.es.md` with `es` a site language is
/// slug `rosa-es`, language `es`, a translation of `rosa`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileName {
    pub slug: String,
    pub lang: Option<String>,
    pub translation_of: Option<String>,
}

pub fn from_file_stem(stem: &str, languages: &[String]) -> FileName {
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if languages.iter().any(|l| l == suffix) {
            return FileName {
                slug: format!("{base}-{}", suffix.to_ascii_lowercase()),
                lang: Some(suffix.to_owned()),
                translation_of: Some(base.to_owned()),
            };
        }
    }
    FileName {
        slug: stem.to_owned(),
        lang: None,
        translation_of: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_slugs() {
        for ok in ["a", "rosa-finds-her-voice", "2027-brunch", "x1-y2"] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "Rosa",
            "rosa_b",
            "rosa.es",
            "café",
            &"a".repeat(81),
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn slugify_folds_to_ascii() {
        assert_eq!(slugify("Café Ñandú!"), "cafe-nandu");
        assert_eq!(
            slugify("  Straße & Søren's Æble  "),
            "strasse-and-soren-s-aeble"
        );
        assert_eq!(slugify("Ünïcödé — 2027"), "unicode-2027");
        assert_eq!(slugify("你好"), "");
        let long = slugify(&"word ".repeat(40));
        assert!(long.len() <= MAX_SLUG_LEN && is_valid(&long), "{long}");
        assert!(is_valid(&slugify(&"x".repeat(200))));
    }

    #[test]
    fn language_suffix() {
        let langs = vec!["en".to_owned(), "es".to_owned()];
        assert_eq!(
            from_file_stem("rosa-finds-her-voice.es", &langs),
            FileName {
                slug: "rosa-finds-her-voice-es".into(),
                lang: Some("es".into()),
                translation_of: Some("rosa-finds-her-voice".into()),
            }
        );
        assert_eq!(from_file_stem("rosa.fr", &langs).slug, "rosa.fr");
        assert_eq!(from_file_stem("rosa", &langs).lang, None);
    }
}
