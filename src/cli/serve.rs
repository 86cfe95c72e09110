//! `impactwall serve`.

use std::process::ExitCode;

use super::ServeArgs;

pub fn run(_args: &ServeArgs) -> ExitCode {
    eprintln!("impactwall serve: not implemented yet");
    ExitCode::FAILURE
}
