//! The command line: the top-level command, the command enum, and dispatch
//! to one handler per subcommand.
//!
//! Before any command runs, [`startup`] loads the `.env` ([`env_file`]:
//! literal values, only the variables it may set, never over the
//! environment) and parses with clap, tenant options typed before the
//! command's name going to the command ([`tenant_args`]); [`args`] then
//! resolves, once, each setting's source ([`settings`]), the `@FILE` / `-`
//! secrets typed on the command line, and the [`Context`] every handler
//! takes. Every failure, the command line's included, ends in [`exit`]:
//! one exit code, one line on stderr, and with `--json` one JSON object on
//! stdout.

mod api;
mod args;
mod batch;
mod call;
mod completions;
mod credential;
mod decision;
mod decode;
mod demo;
mod dpop;
mod env_file;
mod exit;
mod github;
mod hints;
mod init;
mod input;
mod jwks;
mod login;
mod mock;
mod output;
mod probe;
mod request;
mod settings;
mod startup;
mod tenant_args;
mod token;
mod verify;

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use settings::Sources;
use tenant_args::{LeadingTenantArgs, TenantArgs, WithTenant};

pub use args::Context;
pub use exit::{Interrupted, Reported, UsageError};
pub use startup::main;

const ABOUT: &str = "Inspect, verify and obtain Auth0 access tokens";

const LONG_ABOUT: &str = "\
Inspect, verify and obtain Auth0 access tokens.

auth0-tok checks access tokens the way Auth0's API SDK does (strictly where
the SDK is lax) and explains every rejection. `mock serve` runs a local
Auth0-shaped tenant, so everything works without an account.";

const EXAMPLES: &str = "\
Examples:
  auth0-tok mock serve --print-env > .env &      # a local tenant; its settings in .env
  auth0-tok verify --domain tenant.us.auth0.com --audience https://api.example.com \"$TOKEN\"
  auth0-tok decode \"$TOKEN\"
  auth0-tok jwks --domain tenant.us.auth0.com";

/// auth0-tok's command line: the global options and one command.
#[derive(Debug)]
pub struct Cli {
    global: GlobalArgs,
    command: Command,
    /// Which options came from flags, which from environment variables.
    sources: Sources,
}

/// The top-level command without its subcommands, which [`Cli::command`]
/// adds: all of them, or only the one the command line names.
#[derive(Debug, Parser)]
#[command(
    name = "auth0-tok",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = format!("{EXAMPLES}\n\n{}", exit::exit_codes_help()),
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
struct Root {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(flatten)]
    leading: LeadingTenantArgs,
}

impl Cli {
    /// The whole command tree (help, completions, errors that list commands).
    pub fn command() -> clap::Command {
        use clap::{CommandFactory, Subcommand};
        Command::augment_subcommands(Root::command())
    }
}

/// Options every command takes (the tenant's are in [`TenantArgs`], on
/// the commands that talk to one).
///
/// None has a default value in clap's sense (flags are `Option<bool>`, the
/// timeout an `Option`): clap copies the value of every global option that
/// has one into each level of the parsed command, and these copies were a
/// fifth of a one-shot command's argument parsing.
#[derive(Debug, Args)]
struct GlobalArgs {
    /// Read settings from this file [default: .env in the working directory, when present].
    /// Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID,
    /// AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment
    /// (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)
    #[arg(long, global = true, value_name = "FILE")]
    env_file: Option<PathBuf>,

    /// Machine-readable JSON output
    #[arg(long, global = true, num_args = 0, default_missing_value = "true")]
    json: Option<bool>,

    /// Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)
    #[arg(long, global = true, num_args = 0, default_missing_value = "true")]
    no_color: Option<bool>,

    /// Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)
    #[arg(
        short,
        long,
        global = true,
        num_args = 0,
        default_missing_value = "true"
    )]
    verbose: Option<bool>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum Command {
    /// Verify an access token for an API: signature, iss, aud, exp, nbf, scopes
    Verify(WithTenant<verify::VerifyArgs>),
    /// What would my API answer to this HTTP request? Status, error, WWW-Authenticate
    Request(WithTenant<request::RequestArgs>),
    /// Call your API with a token attached (Bearer or DPoP); explain a 401/403
    Call(WithTenant<call::CallArgs>),
    /// Probe a live API: does it refuse forged, expired, misbound tokens and proofs?
    Probe(WithTenant<probe::ProbeArgs>),
    /// Show a JWT's header and claims WITHOUT verifying it
    Decode(decode::DecodeArgs),
    /// Show a tenant's discovery summary and signing keys
    Jwks(WithTenant<jwks::JwksArgs>),
    /// A client-credentials access token for scripts and CI (cached; DPoP-bound on request)
    Token(WithTenant<token::TokenArgs>),
    /// Token Vault connection tokens, custom token exchange and on-behalf-of
    Exchange(WithTenant<token::ExchangeArgs>),
    /// Log a user in (browser or device code): their access token, cached and refreshed
    Login(WithTenant<login::LoginArgs>),
    /// Forget the cached user logins of a tenant and client, revoking their refresh tokens
    Logout(WithTenant<login::LogoutArgs>),
    /// DPoP keys, proofs and thumbprints (RFC 9449)
    Dpop(dpop::DpopArgs),
    /// A local Auth0-compatible tenant for tests and demos
    Mock(mock::MockArgs),
    /// Run the whole loop against a local tenant: tokens, verification, DPoP, Token Vault, cache
    Demo(demo::DemoArgs),
    /// Write a .env for your tenant, interactively (terminal only)
    Init(WithTenant<init::InitArgs>),
    /// Print a shell completion script
    Completions(completions::CompletionsArgs),
}

impl Command {
    /// The commands that talk to a tenant, which take [`TenantArgs`].
    const WITH_TENANT: &[&str] = &[
        "verify", "request", "call", "probe", "jwks", "token", "exchange", "init", "login",
        "logout",
    ];

    fn takes_tenant(name: &str) -> bool {
        Self::WITH_TENANT.contains(&name)
    }

    /// This command's name, as typed.
    fn name(&self) -> &'static str {
        match self {
            Command::Verify(_) => "verify",
            Command::Request(_) => "request",
            Command::Call(_) => "call",
            Command::Probe(_) => "probe",
            Command::Decode(_) => "decode",
            Command::Jwks(_) => "jwks",
            Command::Token(_) => "token",
            Command::Exchange(_) => "exchange",
            Command::Login(_) => "login",
            Command::Logout(_) => "logout",
            Command::Dpop(_) => "dpop",
            Command::Mock(_) => "mock",
            Command::Demo(_) => "demo",
            Command::Init(_) => "init",
            Command::Completions(_) => "completions",
        }
    }

    /// The tenant options, for the commands that take them.
    fn tenant(&self) -> Option<&TenantArgs> {
        match self {
            Command::Verify(a) => Some(&a.tenant),
            Command::Request(a) => Some(&a.tenant),
            Command::Call(a) => Some(&a.tenant),
            Command::Probe(a) => Some(&a.tenant),
            Command::Jwks(a) => Some(&a.tenant),
            Command::Token(a) => Some(&a.tenant),
            Command::Exchange(a) => Some(&a.tenant),
            Command::Login(a) => Some(&a.tenant),
            Command::Logout(a) => Some(&a.tenant),
            Command::Init(a) => Some(&a.tenant),
            Command::Decode(_)
            | Command::Dpop(_)
            | Command::Mock(_)
            | Command::Demo(_)
            | Command::Completions(_) => None,
        }
    }

    fn tenant_mut(&mut self) -> Option<&mut TenantArgs> {
        match self {
            Command::Verify(a) => Some(&mut a.tenant),
            Command::Request(a) => Some(&mut a.tenant),
            Command::Call(a) => Some(&mut a.tenant),
            Command::Probe(a) => Some(&mut a.tenant),
            Command::Jwks(a) => Some(&mut a.tenant),
            Command::Token(a) => Some(&mut a.tenant),
            Command::Exchange(a) => Some(&mut a.tenant),
            Command::Login(a) => Some(&mut a.tenant),
            Command::Logout(a) => Some(&mut a.tenant),
            Command::Init(a) => Some(&mut a.tenant),
            Command::Decode(_)
            | Command::Dpop(_)
            | Command::Mock(_)
            | Command::Demo(_)
            | Command::Completions(_) => None,
        }
    }

    /// The secret-taking options of this command, by clap id, for
    /// [`input::SecretArg::resolve`].
    fn secret_args(&mut self) -> Vec<(&'static str, &mut input::SecretArg)> {
        match self {
            Command::Verify(a) => a.args.api.secret_args(),
            Command::Request(a) => a.args.api.secret_args(),
            Command::Token(a) => a.args.secret_args(),
            Command::Exchange(a) => a.args.secret_args(),
            Command::Login(a) => a.args.secret_args(),
            Command::Logout(a) => a.args.secret_args(),
            Command::Mock(args) => args.secret_args(),
            Command::Call(a) => a.args.credential.secret_args(),
            Command::Probe(a) => a.args.credential.secret_args(),
            Command::Decode(_)
            | Command::Jwks(_)
            | Command::Dpop(_)
            | Command::Demo(_)
            | Command::Init(_)
            | Command::Completions(_) => Vec::new(),
        }
    }
}

/// Runs the command `cli` names.
fn run(cli: Cli, env_file: Option<env_file::Loaded>) -> anyhow::Result<()> {
    let (ctx, command) = args::resolve(cli, env_file)?;
    match command {
        Command::Completions(_) if ctx.json => Err(UsageError(
            "completions prints a shell script; --json does not apply".into(),
        )
        .into()),
        Command::Completions(args) => completions::run(args),
        Command::Decode(args) => decode::run(args, &ctx),
        Command::Dpop(args) => dpop::run(args, &ctx),
        Command::Verify(args) => match verify::run_from_cache(&args.args, &ctx) {
            Some(done) => done,
            None => run_async(Command::Verify(args), &ctx),
        },
        command => run_async(command, &ctx),
    }
}

/// Commands that use the network (or may): on a single-threaded runtime,
/// stopped by Ctrl-C.
fn run_async(command: Command, ctx: &Context) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    if let Command::Mock(args) = command {
        // The tenant stops cleanly on Ctrl-C (exit 0), so no interrupt race here.
        return runtime.block_on(mock::run(args, ctx));
    }
    runtime.block_on(async move {
        let work = async {
            match command {
                Command::Verify(a) => verify::run(a.args, ctx).await,
                Command::Jwks(a) => jwks::run(a.args, ctx).await,
                Command::Request(a) => request::run(a.args, ctx).await,
                Command::Call(a) => call::run(a.args, ctx).await,
                Command::Probe(a) => probe::run(a.args, ctx).await,
                Command::Token(a) => token::run_token(a.args, ctx).await,
                Command::Exchange(a) => token::run_exchange(a.args, ctx).await,
                Command::Login(a) => login::run_login(a.args, ctx).await,
                Command::Logout(a) => login::run_logout(a.args, ctx).await,
                Command::Demo(args) => demo::run(args, ctx).await,
                Command::Init(a) => init::run(a.args, ctx).await,
                Command::Mock(_)
                | Command::Completions(_)
                | Command::Decode(_)
                | Command::Dpop(_) => {
                    unreachable!("handled by `run`")
                }
            }
        };
        tokio::select! {
            result = work => result,
            _ = tokio::signal::ctrl_c() => Err(Interrupted.into()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_option_an_environment_variable_fills_is_required_in_clap() {
        fn walk(command: &clap::Command, path: &str) {
            for arg in command.get_arguments() {
                if let Some(var) = arg.get_env() {
                    assert!(
                        !arg.is_required_set(),
                        "{path} --{} is required in clap but {var:?} may fill it",
                        arg.get_id()
                    );
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        let mut tree = Cli::command();
        tree.build();
        walk(&tree, "auth0-tok");
    }

    #[test]
    fn tenant_options_are_on_the_commands_that_talk_to_a_tenant_only() {
        let mut tree = Cli::command();
        tree.build();
        for command in tree.get_subcommands() {
            let name = command.get_name();
            if name == "help" {
                continue;
            }
            for option in ["domain", "timeout", "no_cache"] {
                let has = command
                    .get_arguments()
                    .any(|a| a.get_id() == option && !a.is_hide_set());
                assert_eq!(has, Command::takes_tenant(name), "{name} --{option}");
            }
        }
        // Before the command's name they go to it, a value after it winning.
        let cli = Cli::try_parse_from([
            "auth0-tok",
            "--domain",
            "a.auth0.com",
            "--timeout",
            "3",
            "--no-cache",
            "jwks",
        ])
        .unwrap();
        let tenant = cli.command.tenant().unwrap();
        assert_eq!(tenant.domain, vec!["a.auth0.com"]);
        assert_eq!((tenant.timeout, tenant.no_cache), (Some(3.0), Some(true)));
        let cli = Cli::try_parse_from([
            "auth0-tok",
            "--domain",
            "a.auth0.com",
            "jwks",
            "--domain",
            "b.auth0.com",
        ])
        .unwrap();
        assert_eq!(cli.command.tenant().unwrap().domain, vec!["b.auth0.com"]);
        // Other commands refuse them, wherever they are typed.
        for line in [
            &[
                "auth0-tok",
                "--domain",
                "a.auth0.com",
                "completions",
                "bash",
            ][..],
            &["auth0-tok", "--timeout", "3", "decode", "T"],
            &[
                "auth0-tok",
                "completions",
                "--domain",
                "a.auth0.com",
                "bash",
            ],
            &["auth0-tok", "demo", "--no-cache"],
        ] {
            assert!(Cli::try_parse_from(line).is_err(), "{line:?}");
        }
    }

    #[test]
    fn verify_takes_repeated_audiences_and_scopes() {
        let cli = Cli::try_parse_from([
            "auth0-tok",
            "verify",
            "--domain",
            "t.auth0.com",
            "--audience",
            "a",
            "--audience",
            "b",
            "--scope",
            "read",
            "--scope",
            "write",
            "TOKEN",
        ])
        .unwrap();
        let Command::Verify(WithTenant { args: v, tenant }) = cli.command else {
            panic!("verify")
        };
        assert_eq!(tenant.domain, vec!["t.auth0.com"]);
        assert_eq!(v.api.audience, vec!["a", "b"]);
        assert_eq!(v.scope, vec!["read", "write"]);
    }

    #[test]
    fn a_domain_on_the_command_line_is_told_apart() {
        let given = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("auth0-tok").chain(args.iter().copied()))
                .unwrap()
                .sources
                .is_command_line("domain")
        };
        assert!(given(&["mock", "serve", "--domain", "x.auth0.com"]));
        assert!(given(&["--domain", "x.auth0.com", "mock", "serve"]));
        assert!(!given(&["mock", "serve"]));
    }

    #[test]
    fn secrets_in_arguments_do_not_show_in_debug_output() {
        let cli = Cli::try_parse_from([
            "auth0-tok",
            "verify",
            "--domain",
            "t.auth0.com",
            "--audience",
            "a",
            "--hs256-secret",
            "hunter2",
            "T",
        ])
        .unwrap();
        assert!(!format!("{cli:?}").contains("hunter2"));
        for line in [
            &["token", "--client-secret", "hunter2"][..],
            &[
                "exchange",
                "--subject-token",
                "hunter2",
                "--connection",
                "c",
            ],
            &["mock", "serve", "--client", "ci:hunter2"],
        ] {
            let args = std::iter::once("auth0-tok").chain(line.iter().copied());
            let cli = Cli::try_parse_from(args).unwrap();
            assert!(!format!("{cli:?}").contains("hunter2"), "{line:?}");
        }
    }

    #[test]
    fn a_flag_value_with_commas_is_one_value() {
        let cli = Cli::try_parse_from([
            "auth0-tok",
            "verify",
            "--domain",
            "a.auth0.com,b.auth0.com",
            "--audience",
            "urn:x,y",
            "T",
        ])
        .unwrap();
        let Command::Verify(WithTenant { args: v, tenant }) = cli.command else {
            panic!("verify")
        };
        assert_eq!(tenant.domain, vec!["a.auth0.com,b.auth0.com"]);
        assert_eq!(v.api.audience, vec!["urn:x,y"]);
    }
}
