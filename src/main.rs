//! The `impactwall` command line: new, check, build, serve.

#![cfg_attr(test, allow(clippy::too_many_lines))]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
