//! `impactwall build`.

use std::process::ExitCode;

use super::BuildArgs;

pub fn run(_args: &BuildArgs) -> ExitCode {
    eprintln!("impactwall build: not implemented yet");
    ExitCode::FAILURE
}
