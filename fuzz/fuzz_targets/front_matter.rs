#![no_main]

use impactwall_content::front_matter::{split, Syntax};
use impactwall_content::load::fields::{estimate_keys, parse_toml, parse_yaml};
use impactwall_content::load::{slug, urls};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parts) = split(data) {
        // Line numbers only move forward through the file.
        assert!(parts.fence_line >= 1);
        assert!(parts.front_line > parts.fence_line);
        assert!(parts.body_line > parts.front_line || parts.front.is_empty());
        assert!(!parts.front.contains('\r') && !parts.body.contains('\r'));
        let _ = estimate_keys(&parts.front, parts.syntax);
        let parsed = match parts.syntax {
            Syntax::Toml => parse_toml(&parts.front, parts.front_line),
            Syntax::Yaml => parse_yaml(&parts.front, parts.front_line),
        };
        if let Ok(table) = parsed {
            let _ = table.count_keys();
        }
    }
    // The string helpers every field goes through.
    let text = String::from_utf8_lossy(data);
    let made = slug::slugify(&text);
    assert!(
        made.is_empty() || slug::is_valid(&made),
        "slugify({text:?}) = {made:?}"
    );
    let _ = urls::scheme(&text);
});
