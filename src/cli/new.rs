//! `impactwall new`.

use std::process::ExitCode;

use super::NewArgs;

pub fn run(_args: &NewArgs) -> ExitCode {
    eprintln!("impactwall new: not implemented yet");
    ExitCode::FAILURE
}
