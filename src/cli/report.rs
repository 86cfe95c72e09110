//! Printing diagnostics for people (`human`) and machines (`json`).

use std::path::Path;

use crate::content::Diagnostic;

use super::Format;

/// Prints every diagnostic to stderr (human) or stdout (json).
pub fn print(root: &Path, diags: &[Diagnostic], format: Format) {
    let _ = root;
    match format {
        Format::Human => {
            for d in diags {
                eprintln!("{d}");
            }
        }
        Format::Json => {
            let doc = serde_json::json!({ "diagnostics": diags });
            println!("{doc}");
        }
    }
}
