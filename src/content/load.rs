//! TODO
use std::path::Path;

use super::{Diagnostic, Document, LoadReport, Project, SiteSource};

pub fn load_project(_root: &Path) -> LoadReport {
    todo!("content-load")
}

pub fn load_document(
    _root: &Path,
    _site: &SiteSource,
    _rel: &Path,
) -> (Option<Document>, Vec<Diagnostic>) {
    todo!("content-load")
}

pub fn check_project(_project: &Project) -> Vec<Diagnostic> {
    todo!("content-load")
}
