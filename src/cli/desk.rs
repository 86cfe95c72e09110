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
