//! `impactwall build`: load, render and write the whole site, all or nothing.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use impactwall_content::build::{check_output, write_guarded, Counts, WriteError, WriteStats};
use impactwall_content::{Compiler, OutputSet};
use impactwall_model::Kind;

use super::{report, BuildArgs, Format};

pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    if !args.dir.join("site.toml").is_file() {
        eprintln!(
            "error: {} has no site.toml; pass the content folder (e.g. `impactwall build content`)",
            args.dir.display()
        );
        return ExitCode::from(2);
    }
    // Refused before the work of a build; checked again under the lock when writing.
    if let Err(e) = check_output(&args.out, &args.dir, args.force) {
        eprintln!("error: {e}\n  hint: {}", e.hint());
        return ExitCode::from(2);
    }
    let mut compiler = Compiler::new(&args.dir);
    if let Some(now) = args.now {
        compiler = compiler.with_now(now);
    }
    match super::pages::Prerender::from_shell(&args.shell) {
        Ok(Some(pages)) => compiler = compiler.with_pages(pages),
        Ok(None) => {}
        Err(e) => {
            eprintln!("error: {e}\n  hint: rebuild the app shell (`make site`) or pass --shell");
            return ExitCode::from(2);
        }
    }
    let progress = super::progress::Progress::start("building");
    let (output, diagnostics) = match compiler.full_build() {
        Ok(built) => built,
        Err(diagnostics) => {
            progress.finish();
            report::print(&args.dir, &diagnostics, args.format);
            eprintln!("build failed: {} left unchanged", args.out.display());
            return ExitCode::FAILURE;
        }
    };
    progress.suspend(|| report::print(&args.dir, &diagnostics, args.format));
    let shell = args.shell.is_dir().then_some(args.shell.as_path());
    if shell.is_none() {
        let warning = format!(
            "warning: no app shell at {}; only the content was built (`make run` builds the shell)",
            args.shell.display()
        );
        progress.suspend(|| eprintln!("{warning}"));
    }
    progress.step(format!("writing {} files", output.files.len()));
    let written = write_guarded(&args.out, &args.dir, args.force, &output, shell);
    progress.finish();
    let stats = match written {
        Ok(stats) => stats,
        Err(WriteError::Refused(e)) => {
            eprintln!("error: {e}\n  hint: {}", e.hint());
            return ExitCode::from(2);
        }
        Err(WriteError::Io(e)) => {
            eprintln!(
                "error: could not write {}: {e}; it was left unchanged",
                args.out.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let line = summary(
        compiler.counts(),
        &output,
        shell,
        &args.out,
        started.elapsed().as_millis(),
    ) + &written_line(stats);
    match args.format {
        // stdout carries the JSON report; keep it one document.
        Format::Json => eprintln!("{line}"),
        Format::Human => println!("{line}"),
    }
    ExitCode::SUCCESS
}

/// `Built 12 stories, 8 thanks, 5 events (en 14, es 6, nl 5): 64 files, 1.2 MB to dist in 85 ms`
fn summary(
    counts: &Counts,
    output: &OutputSet,
    shell: Option<&Path>,
    out: &Path,
    millis: u128,
) -> String {
    let per_kind = |k: Kind| -> usize {
        counts
            .iter()
            .filter(|((kind, _), _)| *kind == k)
            .map(|(_, n)| n)
            .sum()
    };
    let mut langs: std::collections::BTreeMap<&str, usize> = Default::default();
    for ((_, lang), n) in counts {
        *langs.entry(lang.as_str()).or_default() += n;
    }
    let langs: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let (shell_files, shell_bytes) = shell.map(count_dir).unwrap_or((0, 0));
    let files = output.files.len() + shell_files;
    let bytes = output.total_bytes() + shell_bytes;
    format!(
        "Built {} stories, {} thanks, {} events ({}): {files} files, {} to {} in {millis} ms",
        per_kind(Kind::Story),
        per_kind(Kind::Thanks),
        per_kind(Kind::Event),
        if langs.is_empty() {
            "no items".to_owned()
        } else {
            langs.join(", ")
        },
        human_bytes(bytes),
        out.display()
    )
}

/// `; 12 files written, 52 unchanged` (unchanged files are linked from the previous output).
fn written_line(stats: WriteStats) -> String {
    format!(
        "; {} files written, {} unchanged",
        stats.written, stats.unchanged
    )
}

fn count_dir(dir: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(n, b), e| {
            (n + 1, b + e.metadata().map(|m| m.len()).unwrap_or(0))
        })
}

fn human_bytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_kinds_languages_files_and_size() {
        let mut counts = Counts::new();
        counts.insert((Kind::Story, "en".into()), 2);
        counts.insert((Kind::Story, "es".into()), 1);
        counts.insert((Kind::Event, "en".into()), 1);
        let mut out = OutputSet::default();
        out.files.insert(
            "a".into(),
            impactwall_content::OutputFile::new(vec![0; 2048]),
        );
        let line = summary(&counts, &out, None, Path::new("dist"), 42);
        assert_eq!(
            line,
            "Built 3 stories, 0 thanks, 1 events (en 3, es 1): 1 files, 2.0 KB to dist in 42 ms"
        );
        let stats = WriteStats {
            written: 2,
            unchanged: 5,
        };
        assert_eq!(written_line(stats), "; 2 files written, 5 unchanged");
    }
}
