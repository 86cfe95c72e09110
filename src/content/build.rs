//! Rendering a loaded project into the static output, in memory first
//! ([`OutputSet`]), then written with [`write_atomic`].

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub bytes: Arc<Vec<u8>>,
    /// Hex sha256 prefix of `bytes`, usable as a strong ETag.
    pub etag: String,
}

/// Every file the build produces, keyed by URL path without the leading slash
/// (`data/index.json`, `media/rosa.3f9a1c2e.jpg`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputSet {
    pub files: BTreeMap<String, OutputFile>,
}

/// Incremental compiler: keeps each document's parsed and rendered form keyed by its
/// path and content hash, so one changed file re-renders that file plus the index.
#[derive(Debug)]
pub struct Compiler {
    pub root: std::path::PathBuf,
}

/// Writes `set` (plus the app shell, if given) to a temporary sibling of `out`, then
/// swaps it in; on any failure `out` is left untouched.
pub fn write_atomic(_out: &Path, _set: &OutputSet, _shell: Option<&Path>) -> std::io::Result<()> {
    todo!("content-build")
}
