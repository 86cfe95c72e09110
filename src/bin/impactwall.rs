//! The `impactwall` command line (native only).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    impactwall::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
