#![no_main]

use std::path::Path;

use chrono::{TimeZone, Utc};
use impactwall_content::front_matter::{split, Syntax};
use impactwall_content::load::fields::{estimate_keys, parse_toml, parse_yaml, Pos};
use impactwall_content::load::item::{read, ItemInput};
use impactwall_content::load::site::SiteContext;
use impactwall_content::Limits;
use impactwall_model::Kind;
use libfuzzer_sys::fuzz_target;

// The same steps as loading one file, without the file system: the first byte picks
// the kind, the rest is the file.
fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let kind = Kind::ALL[usize::from(selector) % 3];
    let ctx = SiteContext {
        languages: Some(vec!["en".into(), "es".into(), "nl".into()]),
        default_language: "en".into(),
        zone: chrono_tz::Europe::Amsterdam,
        limits: Limits::default(),
    };
    let Ok(parts) = split(file) else {
        return;
    };
    if estimate_keys(&parts.front, parts.syntax) > ctx.limits.max_keys {
        return;
    }
    let parsed = match parts.syntax {
        Syntax::Toml => parse_toml(&parts.front, parts.front_line),
        Syntax::Yaml => parse_yaml(&parts.front, parts.front_line),
    };
    let Ok(table) = parsed else {
        return;
    };
    if table.count_keys() > ctx.limits.max_keys {
        return;
    }
    let rel = format!("{}/fuzzed-item.md", kind.dir());
    let input = ItemInput {
        // Nothing exists there: media lookups fail cleanly instead of touching files.
        root: Path::new("/nonexistent/impactwall-fuzz"),
        ctx: &ctx,
        rel: Path::new(&rel),
        kind,
        table: &table,
        fence: Pos::new(parts.fence_line, 1),
        body: &parts.body,
        now: Utc.with_ymd_and_hms(2027, 3, 10, 10, 0, 0).unwrap(),
    };
    let mut diags = Vec::new();
    let item = read(&input, &mut diags);
    for d in &diags {
        assert!(d.line >= 1 && d.column >= 1, "{d}");
    }
    if item.is_some() {
        assert!(!diags
            .iter()
            .any(|d| d.is_error() && d.code == "missing-field"));
    }
});
