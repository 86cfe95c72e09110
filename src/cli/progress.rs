//! The progress line of `impactwall build`: which step the build is in and for how long,
//! drawn on stderr once a build has taken more than a second, and only for a person at
//! a terminal (never in CI logs, pipes or redirected output).

use std::io::IsTerminal;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Builds quicker than this finish without a progress line.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Should a progress line be drawn? Only when stderr is a terminal and no CI runner
/// (which sets `CI`) is recording the output.
pub fn wanted(stderr_is_terminal: bool, ci: Option<&str>) -> bool {
    stderr_is_terminal && ci.is_none_or(|v| v.is_empty() || v == "0" || v == "false")
}

/// A spinner with the current step and the elapsed time, hidden until [`SHOW_AFTER`].
pub struct Progress {
    bar: ProgressBar,
    /// Dropping it tells the thread waiting to show the bar that the build is over.
    done: Option<Sender<()>>,
    waiter: Option<JoinHandle<()>>,
}

impl Progress {
    /// Decides from this process's stderr and environment.
    pub fn start(step: &'static str) -> Progress {
        let ci = std::env::var("CI").ok();
        Progress::new(wanted(std::io::stderr().is_terminal(), ci.as_deref()), step)
    }

    /// A progress line that is drawn after [`SHOW_AFTER`] if `show`, never otherwise.
    pub fn new(show: bool, step: &'static str) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(step);
        if !show {
            return Progress {
                bar,
                done: None,
                waiter: None,
            };
        }
        let (done, wait) = channel::<()>();
        let shown = bar.clone();
        let waiter = std::thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(SHOW_AFTER) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress {
            bar,
            done: Some(done),
            waiter: Some(waiter),
        }
    }

    /// The step the build is in now (`writing 36,529 files`).
    pub fn step(&self, step: impl Into<String>) {
        self.bar.set_message(step.into());
    }

    /// Runs `f` (which prints to the terminal) with the line out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Removes the line (before the build prints its summary or errors).
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.done.take();
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silent_when_stderr_is_not_a_terminal_or_in_ci() {
        assert!(
            !wanted(false, None),
            "a pipe or a file gets no progress line"
        );
        assert!(!wanted(false, Some("true")));
        assert!(!wanted(true, Some("true")), "CI logs get no progress line");
        assert!(!wanted(true, Some("1")));
        assert!(wanted(true, None), "a person at a terminal sees it");
        assert!(wanted(true, Some("")));
        assert!(wanted(true, Some("false")));
    }
}
