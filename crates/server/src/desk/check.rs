//! Validation before anything is written: the would-be file goes into a shadow copy
//! of the content folder (hard links, so media cost nothing), and the same checks as
//! `impactwall check` run on that copy. Errors in the file, and errors it causes
//! elsewhere (a duplicate slug, a broken translation), refuse the save.

use std::collections::HashSet;
use std::path::Path;

use impactwall_content::load::load_and_check_at;
use impactwall_content::Diagnostic;
use impactwall_model::Instant;

use super::store::{place, FieldProblem, StoreError};

fn io(e: &std::io::Error) -> StoreError {
    StoreError::Io(format!("cannot prepare the check: {e}"))
}

/// Recreates `root`'s visible files under `shadow` (hidden names, which the site
/// never reads, and links are left out).
fn mirror(root: &Path, shadow: &Path) -> Result<(), StoreError> {
    let walker = walkdir::WalkDir::new(root)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry =
            entry.map_err(|e| StoreError::Io(format!("cannot read the content folder: {e}")))?;
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let to = shadow.join(rel);
        let ft = entry.file_type();
        if ft.is_dir() {
            std::fs::create_dir_all(&to).map_err(|e| io(&e))?;
        } else if ft.is_file() && std::fs::hard_link(entry.path(), &to).is_err() {
            std::fs::copy(entry.path(), &to).map_err(|e| io(&e))?;
        }
    }
    Ok(())
}

type Key = (String, &'static str, String);

fn key(d: &Diagnostic) -> Key {
    (
        d.file.to_string_lossy().into_owned(),
        d.code,
        d.message.clone(),
    )
}

/// Checks the folder as it would be with `text` at `rel` (content-relative,
/// `/`-separated). `Ok` holds the file's warnings; `Err(Invalid)` every error the
/// change would bring.
pub fn validate(
    root: &Path,
    rel: &str,
    text: &str,
    now: Instant,
) -> Result<Vec<FieldProblem>, StoreError> {
    let shadow = tempfile::Builder::new()
        .prefix(".desk-check-")
        .tempdir_in(root)
        .map_err(|e| io(&e))?;
    mirror(root, shadow.path())?;
    let before: HashSet<Key> = load_and_check_at(shadow.path(), now)
        .report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(key)
        .collect();
    let target = shadow.path().join(rel);
    // The shadow's file is a hard link to the real one: unlink it, never write to it.
    let _ = std::fs::remove_file(&target);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(&e))?;
    }
    std::fs::write(&target, text).map_err(|e| io(&e))?;
    let after = load_and_check_at(shadow.path(), now).report.diagnostics;
    let is_target = |d: &Diagnostic| d.file.to_string_lossy().replace('\\', "/") == rel;
    let errors: Vec<FieldProblem> = after
        .iter()
        .filter(|d| d.is_error() && (is_target(d) || !before.contains(&key(d))))
        .map(|d| place(d, is_target(d).then_some(text)))
        .collect();
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    Ok(after
        .iter()
        .filter(|d| is_target(d))
        .map(|d| place(d, Some(text)))
        .collect())
}
