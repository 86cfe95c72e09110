//! The data contract: every JSON file the build publishes (and every hand-written
//! browser-test fixture) is read back by the model's serde types — the same code the
//! browser bundles run — and written again to the same JSON. A field added to the
//! writer but not to the reader, or renamed on one side, fails here.

#![allow(clippy::unwrap_used)]

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use impactwall_content::{Compiler, OutputSet};
use impactwall_model::{EventDetail, Index, StoryDetail, ThanksDetail};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Reads `text` as `T` and writes it again: the JSON values must be equal.
fn round_trip<T: Serialize + DeserializeOwned + Debug>(path: &str, text: &str) {
    let value: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let again = serde_json::to_value(&value).unwrap();
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(again, original, "{path} does not survive a round trip");
}

/// Checks one published data file by its path; false for files the browser does not
/// decode with a model type.
fn check_data_file(path: &str, text: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    if path.ends_with("data/index.json") {
        round_trip::<Index>(path, text);
    } else if path.ends_with("data/impact.json") {
        round_trip::<impactwall_model::impact::ImpactData>(path, text);
    } else if !name.ends_with(".json") || path.contains("pagefind/") {
        return false;
    } else if path.contains("data/stories/") {
        round_trip::<StoryDetail>(path, text);
    } else if path.contains("data/thanks/") {
        round_trip::<ThanksDetail>(path, text);
    } else if path.contains("data/events/") {
        round_trip::<EventDetail>(path, text);
    } else {
        return false;
    }
    true
}

fn check_build(set: &OutputSet) -> usize {
    set.files
        .iter()
        .filter(|(path, _)| path.starts_with("data/"))
        .filter(|(path, file)| check_data_file(path, std::str::from_utf8(&file.bytes).unwrap()))
        .count()
}

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn every_data_file_of_the_sample_and_fixture_sites_round_trips() {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
    for dir in [
        "content",
        "tests/fixtures/valid/build-small",
        "tests/fixtures/valid/impact",
        "tests/fixtures/valid/minimal",
        "tests/fixtures/valid/multilingual",
    ] {
        let (set, _warnings) = Compiler::new(root(dir))
            .with_now(now)
            .full_build()
            .unwrap_or_else(|d| panic!("{dir}: {d:?}"));
        let n = check_build(&set);
        assert!(n >= 2, "{dir}: only {n} data files");
    }
}

#[test]
fn the_browser_test_fixtures_round_trip() {
    let mut n = 0;
    let mut stack = vec![root("tests/e2e/fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let rel = path.to_string_lossy().replace('\\', "/");
                if check_data_file(&rel, &text) {
                    n += 1;
                }
            }
        }
    }
    assert!(n >= 10, "only {n} fixture files");
}

#[test]
fn a_missing_required_field_is_refused_with_its_name() {
    let err = serde_json::from_str::<StoryDetail>(r#"{"slug":"a"}"#).unwrap_err();
    assert!(err.to_string().contains("missing field"), "{err}");
}
