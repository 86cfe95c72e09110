//! The content compiler as the server's [`SiteBuilder`].

use std::path::Path;

use super::rebuild::{ContentChange, SiteBuilder};
use super::site::BuildReport;
use crate::content::{check_project, load_project};

pub struct ContentBuilder {
    root: std::path::PathBuf,
}

impl ContentBuilder {
    pub fn new(root: &Path) -> ContentBuilder {
        ContentBuilder {
            root: root.to_path_buf(),
        }
    }
}

impl SiteBuilder for ContentBuilder {
    fn full_build(&mut self) -> BuildReport {
        let report = load_project(&self.root);
        let mut diagnostics = report.diagnostics;
        if let Some(project) = &report.project {
            diagnostics.extend(check_project(project));
        }
        BuildReport {
            output: None,
            diagnostics,
        }
    }

    fn apply(&mut self, _changes: &[ContentChange]) -> BuildReport {
        self.full_build()
    }
}
