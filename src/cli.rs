//! The `impactwall` command: new, check, build, serve, digest. Each subcommand lives in its
//! own module with a `run` function returning the process exit code.

pub mod build;
pub mod check;
pub mod desk;
pub mod digest;
pub mod new;
pub mod pages;
pub mod progress;
pub mod report;
pub mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "impactwall",
    version,
    about = "Stories, thank-you messages and events for your team, on every screen"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write a ready-to-edit content file with today's date.
    New(NewArgs),
    /// Check a content folder and report every problem with file:line:col.
    Check(CheckArgs),
    /// Build the static site from a content folder.
    Build(BuildArgs),
    /// Build, serve and rebuild on change (live preview, or a small office's wall server).
    Serve(ServeArgs),
    /// Write the e-mail digest of a period (text, HTML, .eml); send it with --send.
    Digest(DigestArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewKind {
    Story,
    Thanks,
    Event,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// What to create.
    pub kind: NewKind,
    /// Title (story, event) or sender (thank-you message).
    pub title: String,
    /// Content folder.
    #[arg(long, default_value = "content")]
    pub dir: PathBuf,
    /// Language of the new item (defaults to the site's default language).
    #[arg(long)]
    pub lang: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Readable report with source excerpts.
    #[default]
    Human,
    /// One JSON document with every diagnostic, for editors and CI.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Content folder.
    #[arg(default_value = "content")]
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// Content folder.
    #[arg(default_value = "content")]
    pub dir: PathBuf,
    /// Output folder, replaced as a whole only when the build succeeds. It must be
    /// missing, empty or an earlier build's output; never the content folder, inside
    /// it or above it.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
    /// Replace an existing output folder even though it holds files impactwall did
    /// not write (never the content folder, a folder inside or above it, home or `/`).
    #[arg(long)]
    pub force: bool,
    /// The built app shell (trunk's output) to include in the site.
    #[arg(long, default_value = "target/shell")]
    pub shell: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Build as of this moment (RFC 3339, e.g. 2027-03-25T12:00:00Z) instead of now:
    /// which items are live in the pages and the counters. For reproducible builds and
    /// for previewing a future state of the site.
    #[arg(long, value_parser = parse_instant)]
    pub now: Option<impactwall_model::Instant>,
}

fn parse_instant(s: &str) -> Result<impactwall_model::Instant, String> {
    impactwall_model::rfc3339::parse_datetime(s)
        .ok_or_else(|| format!("`{s}` is not an RFC 3339 date-time such as 2027-03-25T12:00:00Z"))
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Content folder.
    #[arg(default_value = "content")]
    pub dir: PathBuf,
    /// Address to listen on; loopback unless you mean to expose it.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The built app shell (trunk's output).
    #[arg(long, default_value = "target/shell")]
    pub shell: PathBuf,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Serve without watching the content folder.
    #[arg(long)]
    pub no_watch: bool,
    /// Also answer requests for this host name (e.g. `wall.office.lan`), besides the
    /// served address and `localhost`; repeat for more names. Other names get 421.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Also serve the publishing desk at /desk (see docs/desk.md). Its token comes
    /// from IMPACTWALL_DESK_TOKEN, or a random one is printed at start.
    #[arg(long)]
    pub desk: bool,
    /// With --desk: commit every save to the git repository holding the content folder.
    #[arg(long, requires = "desk")]
    pub desk_git: bool,
    /// With --desk and --host: let other computers use the desk too.
    #[arg(long, requires_all = ["desk", "host"])]
    pub desk_allow_lan: bool,
}

#[derive(clap::Args, Debug)]
pub struct DigestArgs {
    /// Content folder.
    #[arg(default_value = "content")]
    pub dir: PathBuf,
    /// First day (YYYY-MM-DD, site time zone). Default: seven days before --until.
    #[arg(long, value_parser = digest::parse_day)]
    pub since: Option<chrono::NaiveDate>,
    /// Last day, inclusive. Default: yesterday (today when only --since is given).
    #[arg(long, value_parser = digest::parse_day)]
    pub until: Option<chrono::NaiveDate>,
    /// Language of the digest (default: the site's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Only this team's items, plus those for everyone.
    #[arg(long)]
    pub team: Option<String>,
    /// Folder for digest.txt, digest.html and digest.eml.
    #[arg(long)]
    pub out: PathBuf,
    /// Deliver digest.eml over SMTP ([digest] in site.toml; password in IMPACTWALL_SMTP_PASSWORD).
    #[arg(long)]
    pub send: bool,
    /// Write the digest as of this moment (RFC 3339), like the site's ?at= preview.
    #[arg(long, value_parser = digest::parse_instant)]
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::New(a) => new::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Build(a) => build::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Digest(a) => digest::run(&a),
    }
}
