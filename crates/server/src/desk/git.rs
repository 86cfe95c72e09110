//! `--desk-git`: each save, delete and restore becomes one commit naming the item
//! and the editor. `git` runs as a program with explicit arguments, never a shell,
//! and only the paths the desk touched are committed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// The top folder of the git repository holding `dir`, or why there is none.
pub fn repository(dir: &Path) -> Result<PathBuf, String> {
    git(dir, &["rev-parse", "--show-toplevel"])
        .map(PathBuf::from)
        .map_err(|e| {
            format!(
                "`{}` is not in a git repository ({e}); run `git init` there or leave out --desk-git",
                dir.display()
            )
        })
}

/// Commits `paths` (relative to `dir`, added, changed or removed) with `message`;
/// returns the new commit's short hash.
pub fn commit(dir: &Path, paths: &[&str], message: &str) -> Result<String, String> {
    let mut add = vec!["add", "-A", "--"];
    add.extend_from_slice(paths);
    // A path git never knew (an untracked file deleted) makes `add` fail; the commit
    // below then reports what there is to say.
    let _ = git(dir, &add);
    let mut commit = vec!["commit", "--quiet", "-m", message, "--"];
    commit.extend_from_slice(paths);
    git(dir, &commit)?;
    git(dir, &["rev-parse", "--short", "HEAD"])
}

/// The message of a desk commit: `Desk: update stories/rosa.md ("Rosa") by Ana`.
pub fn message(action: &str, path: &str, title: Option<&str>, editor: &str) -> String {
    let title: String = title
        .map(|t| t.chars().filter(|c| !c.is_control()).take(72).collect())
        .unwrap_or_default();
    if title.is_empty() {
        format!("Desk: {action} {path} by {editor}")
    } else {
        format!("Desk: {action} {path} (\"{title}\") by {editor}")
    }
}
