//! `auth0-tok mock serve`: a local Auth0-shaped tenant.
//!
//! Usable with no options: it makes up a client when none is given and
//! tells the user (stderr) the exact `AUTH0_*` lines that reach it, or (with
//! `--json`) one JSON object on stdout. Without `--json`, the first line on
//! stdout is the tenant's URL, which scripts and the test suite read.
//!
//! The options are in `mock/args.rs`, their resolution into the tenant's
//! settings in `mock/config.rs` (clients and users in `mock/accounts.rs`),
//! what is printed in `mock/settings.rs`, and the run in `mock/serve.rs`.
//! `mock logout` is in `mock/logout.rs`.

mod accounts;
mod args;
mod config;
mod logout;
mod serve;
mod settings;

pub use accounts::random_secret;
pub use logout::AppAnswered;

use clap::{Args, Subcommand};

use super::Context;
use super::input::SecretArg;
use args::ServeArgs;

#[derive(Debug, Args)]
pub struct MockArgs {
    #[command(subcommand)]
    command: MockCommand,
}

impl MockArgs {
    /// The secret-taking options, for resolution before the command runs.
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        let MockCommand::Serve(serve) = &mut self.command else {
            return Vec::new();
        };
        let ServeArgs { client, user, .. } = &mut **serve;
        client
            .iter_mut()
            .map(|c| ("client", c))
            .chain(user.iter_mut().map(|u| ("user", u)))
            .collect()
    }

    /// `--domain` typed before `mock`, for `mock serve` to refuse as its own.
    pub fn add_domain(&mut self, domains: Vec<String>) {
        match &mut self.command {
            MockCommand::Serve(serve) => serve.domain.extend(domains),
            MockCommand::Logout(logout) if !domains.is_empty() => logout.domain = domains,
            MockCommand::Logout(_) => {}
        }
    }
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum MockCommand {
    /// Run the tenant (127.0.0.1 by default) until Ctrl-C; prints its URL first (with --print-env, a .env)
    #[command(long_about = args::ABOUT)]
    Serve(Box<ServeArgs>),
    /// Send a back-channel logout token to an application, as Auth0 does when a user logs out
    #[command(long_about = logout::ABOUT)]
    Logout(logout::LogoutArgs),
}

pub async fn run(args: MockArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        MockCommand::Serve(args) => serve::run(*args, ctx).await,
        MockCommand::Logout(args) => logout::run(args, ctx).await,
    }
}
