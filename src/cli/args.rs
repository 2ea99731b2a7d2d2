//! Resolution, once per run: the global options, the command's tenant
//! options, the environment and the `.env` ([`Settings`]) become the
//! [`Context`] every handler takes — the timeout checked, the tenants
//! listed, the `@FILE` / `-` secrets typed on the command line read, the
//! HTTP client, cache and tenants built the same way for every command.
//! Handlers read values from here, never from clap's structs.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use auth0_tok::Issuer;
use auth0_tok::cache::CacheDir;
use auth0_tok::clock::{Clock, SystemClock};
use auth0_tok::http::{HttpClient, Trace};
use auth0_tok::tenant::Tenants;

use super::settings::{self, Settings};
use super::tenant_args::TenantArgs;
use super::{Cli, Command, GlobalArgs, UsageError, env_file, output, startup};

/// `--timeout` when not given.
const DEFAULT_TIMEOUT_SECS: f64 = 10.0;

/// Resolves `cli` (with the `.env` that was loaded, if any): the
/// [`Context`], and the command with its secrets read. With `-v`, says
/// first where each setting came from.
pub(super) fn resolve(
    cli: Cli,
    env_file: Option<env_file::Loaded>,
) -> anyhow::Result<(Context, Command)> {
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
    Ok((ctx, command))
}

/// Everything handlers share, resolved once from the global options and,
/// for a command that talks to a tenant, its [`TenantArgs`].
pub struct Context {
    pub(super) json: bool,
    pub(super) verbose: bool,
    pub(super) no_cache: bool,
    pub(super) timeout: Duration,
    pub(super) domains: Vec<String>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) settings: Settings,
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
    pub(super) fn credential_issuer(&self, credentials: &[&str]) -> anyhow::Result<Issuer> {
        self.settings.check_credentials(credentials)?;
        self.issuer()
    }

    /// The configured tenants' issuers (at least one).
    pub(super) fn issuers(&self) -> anyhow::Result<Vec<Issuer>> {
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
    pub(super) fn issuer(&self) -> anyhow::Result<Issuer> {
        Ok(self.issuers()?.remove(0))
    }

    pub(super) fn trace(&self) -> Option<Trace> {
        self.verbose
            .then(|| Arc::new(|line: &str| eprintln!("* {}", output::one_line(line))) as Trace)
    }

    pub(super) fn http(&self) -> HttpClient {
        HttpClient::new(self.timeout).with_trace(self.trace())
    }

    /// The disk cache, when enabled and trusted: located from the real
    /// environment (never from `.env`), checked once per run; a cache that
    /// fails its check is not used, and the first call says why on stderr.
    pub(super) fn cache(&self) -> Option<CacheDir> {
        if self.no_cache {
            return None;
        }
        static CHECKED: OnceLock<Option<CacheDir>> = OnceLock::new();
        CHECKED
            .get_or_init(|| {
                let cache = startup::real_cache_location()?;
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

    pub(super) fn tenants(&self) -> Tenants {
        Tenants::new(self.http(), self.cache(), self.clock.clone())
    }
}
