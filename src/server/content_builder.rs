//! The content compiler as the server's [`SiteBuilder`]: a full build at start and on
//! rescans, per-file incremental rebuilds otherwise.

use std::path::Path;

use super::rebuild::{ContentChange, SiteBuilder};
use super::site::BuildReport;
use crate::content::{build::Update, Compiler, Diagnostic};

pub struct ContentBuilder {
    compiler: Compiler,
}

impl ContentBuilder {
    pub fn new(root: &Path) -> ContentBuilder {
        ContentBuilder {
            compiler: Compiler::new(root),
        }
    }
}

fn report(result: Result<Update, Vec<Diagnostic>>) -> BuildReport {
    match result {
        Ok(update) => BuildReport {
            output: Some(update.output),
            diagnostics: update.diagnostics,
        },
        Err(diagnostics) => BuildReport {
            output: None,
            diagnostics,
        },
    }
}

impl SiteBuilder for ContentBuilder {
    fn full_build(&mut self) -> BuildReport {
        match self.compiler.full_build() {
            Ok((output, diagnostics)) => BuildReport {
                output: Some(output),
                diagnostics,
            },
            Err(diagnostics) => BuildReport {
                output: None,
                diagnostics,
            },
        }
    }

    fn apply(&mut self, changes: &[ContentChange]) -> BuildReport {
        if changes.contains(&ContentChange::Rescan) {
            return self.full_build();
        }
        // The compiler keeps every file's diagnostics, so the last result describes the
        // whole folder after all changes.
        let mut last = None;
        for change in changes {
            last = Some(match change {
                ContentChange::Changed(p) => self.compiler.file_changed(p),
                ContentChange::Removed(p) => self.compiler.file_removed(p),
                ContentChange::Rescan => return self.full_build(),
            });
        }
        match last {
            Some(result) => report(result),
            None => self.full_build(),
        }
    }
}
