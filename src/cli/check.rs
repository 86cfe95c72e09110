//! `impactwall check [DIR] [--format json]`: load and check a content folder, print
//! every problem. Exit 0 when clean or warnings only, 1 on errors, 2 when the folder
//! cannot be read at all.

use std::process::ExitCode;

use impactwall_content::load::load_and_check;

use super::{report, CheckArgs};

pub fn run(args: &CheckArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!(
            "error: `{}` is not a folder; pass your content folder, e.g. `impactwall check content`",
            args.dir.display()
        );
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::read_dir(&args.dir) {
        eprintln!("error: cannot read `{}`: {e}", args.dir.display());
        return ExitCode::from(2);
    }
    let checked = load_and_check(&args.dir);
    let diags = &checked.report.diagnostics;
    report::print_checked(&args.dir, diags, args.format, Some(checked.files));
    if checked.report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
