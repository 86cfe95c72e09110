//! The `impactwall` command line: new, check, build, serve.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
