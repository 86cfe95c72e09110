//! The content compiler as the server's [`SiteBuilder`]: a full build at start and on
//! rescans, per-file incremental rebuilds otherwise.

use std::path::Path;
use std::sync::Arc;

use super::rebuild::{ContentChange, SiteBuilder};
use super::site::BuildReport;
use impactwall_content::build::{Pages, Update};
use impactwall_content::{Compiler, Diagnostic};

pub struct ContentBuilder {
    compiler: Compiler,
}

impl ContentBuilder {
    pub fn new(root: &Path) -> ContentBuilder {
        ContentBuilder {
            compiler: Compiler::new(root),
        }
    }

    /// Renders the reading site's pages after every build (see [`Pages`]).
    pub fn with_pages(self, pages: Arc<dyn Pages>) -> ContentBuilder {
        ContentBuilder {
            compiler: self.compiler.with_pages(pages),
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
        // One rebuild for the whole batch (an editor's save, a folder of new photos).
        let changed: Vec<&Path> = changes
            .iter()
            .filter_map(|c| match c {
                ContentChange::Changed(p) => Some(p.as_path()),
                _ => None,
            })
            .collect();
        let removed: Vec<&Path> = changes
            .iter()
            .filter_map(|c| match c {
                ContentChange::Removed(p) => Some(p.as_path()),
                _ => None,
            })
            .collect();
        report(self.compiler.apply(&changed, &removed))
    }
}
