//! The publishing desk's server half (`impactwall serve --desk`): a JSON API under
//! `/desk/api/` that lists, creates, edits, deletes and restores content files and
//! takes media uploads, so that people who never edit a file can publish.
//!
//! - [`auth`]: the access token, sign-in sessions, CSRF token and `Origin` check.
//! - [`api`]: the routes and their answers.
//! - [`page`]: the desk's page for people (the app shell, marked for the desk).
//! - [`list`]: every item with its state, wall status, languages and problems.
//! - [`check`]: the same checks as `impactwall check`, run before anything is written.
//! - [`store`]: reading and writing item files (format-preserving, atomic), the
//!   trash, and validation with the same checks as `impactwall check`.
//! - [`media`]: uploads streamed to disk with a size limit, typed by their bytes.
//! - [`git`]: one commit per save when the folder is a git repository.
//!
//! The API is documented for other tools in `docs/desk.md`.

pub mod api;
pub mod auth;
pub mod check;
pub mod git;
pub mod list;
pub mod media;
pub mod page;
pub mod store;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use api::router;
pub use auth::{Sessions, SignInLimiter};

/// How the desk was asked to run.
#[derive(Clone, Debug)]
pub struct DeskConfig {
    /// The content folder (holds `site.toml`).
    pub root: PathBuf,
    /// The access token; sign-in and `Authorization: Bearer` compare against it.
    pub token: String,
    /// Commit every save to the git repository holding `root`.
    pub git: bool,
    /// Answer clients on other computers too (`--desk-allow-lan`); otherwise only
    /// this computer may use the desk, whatever address the server listens on.
    pub allow_lan: bool,
}

/// The desk's state, shared by every request.
pub struct Desk {
    pub config: DeskConfig,
    pub sessions: Sessions,
    /// Sign-in attempts per client address (429 beyond them).
    pub sign_ins: SignInLimiter,
    /// One write at a time: the version check and the rename happen under it.
    pub writing: tokio::sync::Mutex<()>,
}

impl Desk {
    pub fn new(config: DeskConfig) -> Desk {
        Desk {
            config,
            sessions: Sessions::default(),
            sign_ins: SignInLimiter::default(),
            writing: tokio::sync::Mutex::new(()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.config.root
    }
}

/// Why the desk cannot start.
#[derive(Debug, Error)]
pub enum DeskError {
    #[error("no random numbers for the desk token: {0}")]
    Random(String),
    #[error("the desk token in IMPACTWALL_DESK_TOKEN is shorter than {min} characters")]
    ShortToken { min: usize },
    #[error("--desk-git: {0}")]
    Git(String),
}

/// The token from `IMPACTWALL_DESK_TOKEN` if set, else a fresh random one (`true`:
/// generated, to be shown to the person starting the server).
pub fn token_from_env() -> Result<(String, bool), DeskError> {
    match std::env::var("IMPACTWALL_DESK_TOKEN") {
        Ok(t) if !t.trim().is_empty() => {
            let t = t.trim().to_owned();
            if t.len() < auth::MIN_TOKEN_CHARS {
                return Err(DeskError::ShortToken {
                    min: auth::MIN_TOKEN_CHARS,
                });
            }
            Ok((t, false))
        }
        _ => Ok((auth::random_hex(16)?, true)),
    }
}
