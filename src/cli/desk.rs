//! `impactwall serve --desk`: the desk's settings from the command line and the
//! environment, refused when they would expose it by accident.

use std::net::IpAddr;

use impactwall_server::desk::{self, DeskConfig};

use super::ServeArgs;

/// The desk's configuration, or why it must not start. A generated token is shown
/// once, on stderr.
pub fn config(args: &ServeArgs, host: IpAddr) -> Result<DeskConfig, String> {
    if !host.is_loopback() && !args.desk_allow_lan {
        return Err(format!(
            "the desk listens only on this computer, but --host is {host}\n  hint: leave out --host, or add --desk-allow-lan to let other computers on the network publish"
        ));
    }
    if args.desk_git {
        desk::git::repository(&args.dir).map_err(|e| format!("--desk-git: {e}"))?;
    }
    let (token, generated) = desk::token_from_env().map_err(|e| {
        format!("{e}\n  hint: use a long random value, e.g. `openssl rand -hex 16`")
    })?;
    if generated {
        eprintln!(
            "impactwall serve: desk token (sign in with it at /desk; set IMPACTWALL_DESK_TOKEN to choose one): {token}"
        );
    }
    Ok(DeskConfig {
        root: args.dir.clone(),
        token,
        git: args.desk_git,
        allow_lan: args.desk_allow_lan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn serve_args(args: &[&str]) -> Result<ServeArgs, clap::Error> {
        let mut all = vec!["impactwall", "serve"];
        all.extend_from_slice(args);
        match super::super::Cli::try_parse_from(all)?.command {
            super::super::Command::Serve(a) => Ok(a),
            _ => unreachable!("serve parses as serve"),
        }
    }

    #[test]
    fn the_desk_stays_on_this_computer_unless_asked_twice() {
        // --desk-allow-lan needs --host (and --desk); --desk-git needs --desk.
        assert!(serve_args(&["--desk", "--desk-allow-lan"]).is_err());
        assert!(serve_args(&["--host", "0.0.0.0", "--desk-allow-lan"]).is_err());
        assert!(serve_args(&["--desk-git"]).is_err());
        let lan = serve_args(&["--desk", "--host", "0.0.0.0"]).expect("parses");
        let refused = config(&lan, "0.0.0.0".parse().expect("ip")).expect_err("refused");
        assert!(refused.contains("--desk-allow-lan"), "{refused}");
        let allowed =
            serve_args(&["--desk", "--host", "0.0.0.0", "--desk-allow-lan"]).expect("parses");
        let on = config(&allowed, "0.0.0.0".parse().expect("ip")).expect("allowed");
        assert!(on.allow_lan && !on.git);
        let local = serve_args(&["--desk"]).expect("parses");
        let on = config(&local, "127.0.0.1".parse().expect("ip")).expect("loopback");
        assert!(!on.allow_lan && on.token.len() >= 16);
    }

    #[test]
    fn desk_git_needs_a_repository() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().to_str().expect("utf-8 path");
        let args = serve_args(&[path, "--desk", "--desk-git"]).expect("parses");
        let refused = config(&args, "127.0.0.1".parse().expect("ip")).expect_err("no repo");
        assert!(refused.contains("git init"), "{refused}");
    }
}
