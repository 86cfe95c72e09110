//! `impactwall check`.

use std::process::ExitCode;

use super::CheckArgs;

pub fn run(_args: &CheckArgs) -> ExitCode {
    eprintln!("impactwall check: not implemented yet");
    ExitCode::FAILURE
}
