//! The command line: argument definitions, configuration resolution, and
//! dispatch to one handler per subcommand.
//!
//! Resolution happens once, before any command runs: the `.env` is loaded
//! ([`env_file`]: literal values, only the variables it may set, never over
//! the environment), clap parses, each setting's source is recorded
//! ([`settings`]), tenant options typed before the command's name go to the
//! command ([`tenant_args`]), `@FILE` / `-` secrets typed on the command
//! line are read, and [`Context`] holds the result. Every failure, the
//! command line's included, ends in [`exit`]: one exit code, one line on
//! stderr, and with `--json` one JSON object on stdout.

mod api;
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
mod tenant_args;
mod token;
mod verify;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context as _;
use auth0_tok::Issuer;
use auth0_tok::cache::CacheDir;
use auth0_tok::clock::{Clock, SystemClock};
use auth0_tok::http::{HttpClient, Trace};
use auth0_tok::tenant::Tenants;
use clap::{Args, Parser, Subcommand};
use settings::{Settings, Sources};
use tenant_args::{LeadingTenantArgs, TenantArgs, WithTenant};

pub use exit::{Interrupted, Reported, UsageError};

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

    /// The tree with only the command `args` invoke, when the options
    /// before its name are all global ones; the whole tree otherwise.
    ///
    /// Parsing is the same either way (each command's options, global ones
    /// included, are defined once), but clap copies every global option into
    /// every command of the tree it is given: ~5 % of a one-shot `verify`'s
    /// instructions and half its heap, spent on commands not run.
    fn command_for(args: &[OsString]) -> clap::Command {
        use clap::{CommandFactory, Subcommand};
        let root = Root::command();
        let Some(name) = invoked_command(&root, args) else {
            return Command::augment_subcommands(root);
        };
        let all = Command::augment_subcommands(clap::Command::new("auth0-tok"));
        match all.find_subcommand(name) {
            Some(only) => root.subcommand(only.clone()),
            None => Command::augment_subcommands(root),
        }
    }

    #[cfg(test)]
    fn try_parse_from<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        Self::parse_with(&mut Self::command_for(&args), args)
    }

    /// Parses `args` with `command`, errors formatted for it. Tenant
    /// options typed before the command's name go to it
    /// ([`tenant_args::merge`]).
    fn parse_with(command: &mut clap::Command, args: Vec<OsString>) -> Result<Self, clap::Error> {
        use clap::FromArgMatches;
        command
            .try_get_matches_from_mut(args)
            .and_then(|mut matches| {
                let sources = Sources::from_matches(command, &matches);
                let mut leading = LeadingTenantArgs::from_arg_matches_mut(&mut matches)?;
                let typed = matches
                    .subcommand()
                    .filter(|(name, _)| Command::takes_tenant(name))
                    .map(|(_, sub)| tenant_args::Typed::from_matches(sub));
                let global = GlobalArgs::from_arg_matches_mut(&mut matches)?;
                let mut command = Command::from_arg_matches_mut(&mut matches)?;
                if let Command::Mock(mock) = &mut command {
                    // Refused by `mock serve` itself, wherever it was typed.
                    mock.add_domain(std::mem::take(&mut leading.domain));
                }
                let name = command.name();
                tenant_args::merge(leading, command.tenant_mut().zip(typed), name)
                    .map_err(|m| clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, m))?;
                Ok(Cli {
                    global,
                    command,
                    sources,
                })
            })
            .map_err(|e| e.format(command))
    }
}

/// The command `args` name, when every argument before it is a global
/// option the root command defines (with its value); `None` for anything
/// else (help, version, `--`, an unknown option, no command), which the
/// whole tree then parses and reports.
fn invoked_command<'a>(root: &clap::Command, args: &'a [OsString]) -> Option<&'a str> {
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let arg = arg.to_str()?;
        let option = if let Some(long) = arg.strip_prefix("--") {
            let (name, inline_value) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            let found = root.get_arguments().find(|a| a.get_long() == Some(name))?;
            (found, inline_value)
        } else if let Some(short) = arg.strip_prefix('-') {
            let mut chars = short.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return None;
            };
            (
                root.get_arguments().find(|a| a.get_short() == Some(c))?,
                false,
            )
        } else {
            return Some(arg).filter(|name| {
                use clap::Subcommand;
                Command::has_subcommand(name)
            });
        };
        let (found, inline_value) = option;
        // Values the option takes: none (a flag) or exactly one; an
        // optional or variable number of values is left to clap.
        let takes_value = match found.get_num_args() {
            _ if !found.get_action().takes_values() => false,
            None => true,
            Some(range) if range.max_values() == 0 => false,
            Some(range) if range.min_values() == 1 && range.max_values() == 1 => true,
            Some(_) => return None,
        };
        if inline_value && !takes_value {
            return None;
        }
        if takes_value && !inline_value {
            rest.next()?;
        }
    }
    None
}

/// `--timeout` when not given.
const DEFAULT_TIMEOUT_SECS: f64 = 10.0;

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

/// Everything handlers share, resolved once from the global options and,
/// for a command that talks to a tenant, its [`TenantArgs`].
pub struct Context {
    json: bool,
    verbose: bool,
    no_cache: bool,
    timeout: Duration,
    domains: Vec<String>,
    clock: Arc<dyn Clock>,
    settings: Settings,
}

impl Context {
    fn from_args(
        global: &GlobalArgs,
        tenant: Option<&TenantArgs>,
        settings: Settings,
    ) -> anyhow::Result<Self> {
        let none = TenantArgs::default();
        let tenant = tenant.unwrap_or(&none);
        let timeout = tenant.timeout.unwrap_or(DEFAULT_TIMEOUT_SECS);
        if !(timeout.is_finite() && timeout > 0.0 && timeout <= 3600.0) {
            return Err(UsageError(format!(
                "--timeout must be between 0 and 3600 seconds, got {timeout}"
            ))
            .into());
        }
        Ok(Context {
            json: global.json.unwrap_or(false),
            verbose: global.verbose.unwrap_or(false),
            no_cache: tenant.no_cache.unwrap_or(false),
            timeout: Duration::from_secs_f64(timeout),
            domains: settings.split_env_list("domain", &tenant.domain),
            clock: Arc::new(SystemClock),
            settings,
        })
    }

    /// The tenant a request carrying `credentials` (option ids:
    /// `client_secret`, `key`, …) goes to, once it is sure they may go
    /// there ([`Settings::check_credentials`]).
    fn credential_issuer(&self, credentials: &[&str]) -> anyhow::Result<Issuer> {
        self.settings.check_credentials(credentials)?;
        self.issuer()
    }

    /// The configured tenants' issuers (at least one).
    fn issuers(&self) -> anyhow::Result<Vec<Issuer>> {
        if self.domains.is_empty() {
            return Err(UsageError(
                "no tenant: pass --domain tenant.us.auth0.com or set AUTH0_DOMAIN".into(),
            )
            .into());
        }
        self.domains
            .iter()
            .map(|d| {
                Issuer::from_domain(d).map_err(|e| UsageError(format!("--domain: {e}")).into())
            })
            .collect()
    }

    /// The first configured tenant.
    fn issuer(&self) -> anyhow::Result<Issuer> {
        Ok(self.issuers()?.remove(0))
    }

    fn trace(&self) -> Option<Trace> {
        self.verbose
            .then(|| Arc::new(|line: &str| eprintln!("* {}", output::one_line(line))) as Trace)
    }

    fn http(&self) -> HttpClient {
        HttpClient::new(self.timeout).with_trace(self.trace())
    }

    /// The disk cache, when enabled and trusted: located from the real
    /// environment (never from `.env`), checked once per run; a cache that
    /// fails its check is not used, and the first call says why on stderr.
    fn cache(&self) -> Option<CacheDir> {
        if self.no_cache {
            return None;
        }
        static CHECKED: OnceLock<Option<CacheDir>> = OnceLock::new();
        CHECKED
            .get_or_init(|| {
                let cache = REAL_CACHE_LOCATION
                    .get_or_init(real_cache_location)
                    .clone()?;
                match cache.check() {
                    Ok(()) => Some(cache),
                    Err(rejected) => {
                        output::warn_cache_rejected(&rejected, self.verbose);
                        None
                    }
                }
            })
            .clone()
    }

    fn tenants(&self) -> Tenants {
        Tenants::new(self.http(), self.cache(), self.clock.clone())
    }
}

/// Where the cache is, as the environment said before any `.env` was read.
static REAL_CACHE_LOCATION: OnceLock<Option<CacheDir>> = OnceLock::new();

fn real_cache_location() -> Option<CacheDir> {
    CacheDir::from_env(|k| std::env::var_os(k))
}

/// Loads `--env-file` (or `./.env`) before arguments are parsed, so its
/// variables act as defaults for flags; variables already set win. Must run
/// before any other thread starts (it sets process variables).
fn load_env_file() -> anyhow::Result<Option<env_file::Loaded>> {
    let mut args = std::env::args_os().skip(1);
    let mut explicit = None;
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        if arg == "--" {
            break;
        }
        if arg == "--env-file" {
            explicit = args.next().map(PathBuf::from);
        } else if let Some(v) = arg.strip_prefix("--env-file=") {
            explicit = Some(PathBuf::from(v));
        }
    }
    let is_set = |var: &str| std::env::var_os(var).is_some();
    let loaded = match explicit {
        Some(path) => {
            env_file::load(&path, is_set).map_err(|e| UsageError(format!("--env-file {e}")))?
        }
        None => {
            let default = PathBuf::from(".env");
            if !default.is_file() {
                return Ok(None);
            }
            env_file::load(&default, is_set).map_err(|e| UsageError(e.to_string()))?
        }
    };
    for (var, value) in &loaded.set {
        // SAFETY: called first thing in `main`, before any other thread
        // exists; names and values are checked (no `=`, no NUL).
        unsafe { std::env::set_var(var, value) };
    }
    Ok(Some(loaded))
}

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    // A .env is not the user's own environment: it must not move the cache.
    REAL_CACHE_LOCATION.get_or_init(real_cache_location);
    let json = exit::json_requested(&std::env::args_os().collect::<Vec<_>>());
    let env_file = match load_env_file() {
        Ok(loaded) => loaded,
        Err(e) => return exit::finish(Err(e), json),
    };
    let cli = match parse_args() {
        Ok(cli) => cli,
        Err(e) => return exit::finish_parse(&e, json),
    };
    output::init_color(cli.global.no_color.unwrap_or(false));
    let json = cli.global.json.unwrap_or(false);
    exit::finish(run(cli, env_file), json)
}

/// `Cli::try_parse`, without freeing the command tree: it is needed until
/// the arguments are parsed and the process ends soon after, so freeing it
/// node by node is start-up time spent for nothing (a sixth of a one-shot
/// `verify`'s parsing work).
fn parse_args() -> Result<Cli, clap::Error> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let mut command = help_width(Cli::command_for(&args));
    let parsed = Cli::parse_with(&mut command, args);
    std::mem::forget(command);
    parsed
}

/// Help is wrapped to the terminal's width on a terminal only: into a pipe
/// or a file (`| less`, docs, CI logs) it is not wrapped, whatever COLUMNS
/// says, so no example is broken mid-command where it may be copied.
fn help_width(command: clap::Command) -> clap::Command {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        command
    } else {
        command.term_width(0)
    }
}

fn run(cli: Cli, env_file: Option<env_file::Loaded>) -> anyhow::Result<()> {
    let Cli {
        global,
        mut command,
        sources,
    } = cli;
    let ctx = Context::from_args(&global, command.tenant(), Settings::new(&sources, env_file))?;
    if ctx.verbose {
        for line in ctx.settings.trace_lines() {
            eprintln!("* {}", output::one_line(&line));
        }
    }
    for (id, secret) in command.secret_args() {
        secret.resolve(&settings::long(id), ctx.settings.typed_on_command_line(id))?;
    }
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
    fn the_invoked_command_is_found_after_global_options_only() {
        let root = {
            use clap::CommandFactory;
            Root::command()
        };
        let found = |args: &[&str]| {
            let args: Vec<OsString> = std::iter::once("auth0-tok")
                .chain(args.iter().copied())
                .map(Into::into)
                .collect();
            invoked_command(&root, &args).map(str::to_owned)
        };
        assert_eq!(found(&["verify", "T"]).as_deref(), Some("verify"));
        assert_eq!(found(&["--json", "-v", "jwks"]).as_deref(), Some("jwks"));
        // A global option's value is not a command name.
        assert_eq!(
            found(&["--domain", "verify", "decode"]).as_deref(),
            Some("decode")
        );
        assert_eq!(
            found(&["--domain=verify", "decode"]).as_deref(),
            Some("decode")
        );
        assert_eq!(
            found(&["--timeout", "5", "dpop", "proof"]).as_deref(),
            Some("dpop")
        );
        // Anything else is left to the whole tree.
        for args in [
            &[][..],
            &["--domain"],
            &["--json=yes", "verify"],
            &["--help", "verify"],
            &["-h", "verify"],
            &["-V"],
            &["-vh", "verify"],
            &["--", "verify"],
            &["--bogus", "verify"],
            &["help", "verify"],
            &["verif"],
        ] {
            assert_eq!(found(args), None, "{args:?}");
        }
    }

    /// The tree with only the invoked command parses (and rejects) every
    /// command line exactly as the whole tree does.
    #[test]
    fn the_one_command_tree_parses_as_the_whole_tree() {
        let lines: &[&[&str]] = &[
            &["verify", "--domain", "t.auth0.com", "--audience", "a", "T"],
            &[
                "--domain",
                "a.auth0.com",
                "verify",
                "--domain",
                "b.auth0.com",
                "T",
            ],
            &["--json", "--timeout", "3", "token", "--audience", "a"],
            &["--domain=x", "decode", "--json", "T"],
            &[
                "-v",
                "dpop",
                "proof",
                "--htm",
                "GET",
                "--htu",
                "https://a/b",
            ],
            &["dpop", "keygen", "--out", "k.pem"],
            &["mock", "serve", "--port", "0"],
            &[
                "request",
                "--url",
                "https://a/b",
                "--header",
                "Authorization: Bearer x",
            ],
            &["exchange", "--subject-token", "-", "--audience", "a"],
            &[
                "call",
                "--token",
                "t",
                "POST",
                "https://a/b",
                "x-y:1",
                "-d",
                "@f",
            ],
            &[
                "--json",
                "probe",
                "--dpop",
                "--tenant",
                "mock",
                "https://a/b",
            ],
            &["completions", "zsh"],
            &["init", "--no-cache"],
            &["demo", "--json"],
            &["jwks", "--no-color"],
            // Errors: an unknown option, a missing value, a bad value, a missing command.
            &["verify", "--bogus"],
            &["verify", "--audience"],
            &["--timeout", "soon", "verify", "T"],
            &["--timeout", "-5", "verify", "T"],
            &["--domain", "--json", "verify", "T"],
            &["--env-file", "verify", "decode", "T"],
            &["dpop"],
            &["mock", "serve", "--port", "x"],
            &["completions"],
            &["completions", "--domain", "x", "bash"],
            &["--domain", "x", "completions", "bash"],
            &["--timeout", "3", "--no-cache", "mock", "serve"],
            &["--domain", "x", "mock", "serve"],
            &["--no-cache", "jwks", "--timeout", "2"],
            &["decode", "--help"],
            &["dpop", "proof", "-V"],
        ];
        for line in lines {
            let args: Vec<OsString> = std::iter::once("auth0-tok")
                .chain(line.iter().copied())
                .map(Into::into)
                .collect();
            assert!(
                Cli::command_for(&args).get_subcommands().count() == 1,
                "{line:?} names one command"
            );
            let render = |parsed: Result<Cli, clap::Error>| match parsed {
                Ok(cli) => format!("{cli:?}"),
                Err(e) => format!("{:?}\n{}", e.kind(), e.render()),
            };
            let one = render(Cli::parse_with(&mut Cli::command_for(&args), args.clone()));
            let whole = render(Cli::parse_with(&mut Cli::command(), args.clone()));
            assert_eq!(one, whole, "{line:?}");
        }
    }

    /// clap shows a `required` option as missing in usage lines even when
    /// its environment variable fills it: such options are checked by the
    /// handlers, whose message names the flag and the variable.
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
