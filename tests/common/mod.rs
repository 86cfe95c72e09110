//! Helpers every test binary shares: where the repository and its fixtures are, the
//! `impactwall` binary, copying a fixture site into a temporary folder.
#![allow(dead_code, clippy::unwrap_used)] // not every binary uses every helper

pub mod process;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the root package's folder).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<rel>`: the valid, invalid and hostile fixture sites.
pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// The `impactwall` command line built for this test run.
pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_impactwall"))
}

/// Copies the folder `from` into `to` (created if missing), files and subfolders.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
