//! The options of the commands that talk to a tenant — `--domain`,
//! `--timeout`, `--no-cache` — defined only on those commands (`verify`,
//! `request`, `jwks`, `token`, `exchange`, `init`), so `completions
//! --domain` is an error like any unknown option.
//!
//! They are also accepted before the command's name (`auth0-tok --domain X
//! verify …`, as when they were global options): the top-level command has
//! hidden copies, without environment variables, which [`merge`] gives to
//! the command when it takes them (a value typed after the command's name
//! wins; either wins over the environment) and refuses for any other.

use clap::Args;
use clap::parser::ValueSource;

/// Options of the commands that talk to a tenant.
///
/// None has a default value in clap's sense (the flag is `Option<bool>`,
/// the timeout an `Option`): see [`super::GlobalArgs`].
#[derive(Debug, Default, Args)]
pub struct TenantArgs {
    /// Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com);
    /// repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)
    #[arg(long, env = "AUTH0_DOMAIN", value_name = "DOMAIN")]
    pub domain: Vec<String>,

    /// Seconds allowed for each HTTP request [default: 10]
    #[arg(long, value_name = "SECS", env = "AUTH0_TOK_TIMEOUT")]
    pub timeout: Option<f64>,

    /// Do not read or write the disk cache
    #[arg(long, num_args = 0, default_missing_value = "true")]
    pub no_cache: Option<bool>,
}

/// The same options before the command's name: hidden, and without
/// environment variables (those are read by the command's own copy).
#[derive(Debug, Default, Args)]
pub struct LeadingTenantArgs {
    #[arg(long, hide = true, value_name = "DOMAIN")]
    pub domain: Vec<String>,

    #[arg(long, hide = true, value_name = "SECS")]
    pub timeout: Option<f64>,

    #[arg(long, hide = true, num_args = 0, default_missing_value = "true")]
    pub no_cache: Option<bool>,
}

impl LeadingTenantArgs {
    /// The options given, as typed (`--domain`, …).
    fn given(&self) -> Vec<&'static str> {
        let mut given = Vec::new();
        if !self.domain.is_empty() {
            given.push("--domain");
        }
        if self.timeout.is_some() {
            given.push("--timeout");
        }
        if self.no_cache.is_some() {
            given.push("--no-cache");
        }
        given
    }
}

/// A command's own arguments and the tenant options.
#[derive(Debug, Args)]
pub struct WithTenant<T: Args> {
    #[command(flatten)]
    pub args: T,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// Which of a command's tenant options were typed after its name (not
/// taken from the environment).
#[derive(Debug, Clone, Copy)]
pub struct Typed {
    domain: bool,
    timeout: bool,
}

impl Typed {
    /// From the matches of a command that takes [`TenantArgs`], before
    /// its values are taken out.
    pub fn from_matches(sub: &clap::ArgMatches) -> Self {
        let typed = |id: &str| sub.value_source(id) == Some(ValueSource::CommandLine);
        Typed {
            domain: typed("domain"),
            timeout: typed("timeout"),
        }
    }
}

/// Gives the options typed before the command's name to the command's
/// copy, `into` (with what was typed after its name), or refuses them for `command`, which takes none.
pub fn merge(
    leading: LeadingTenantArgs,
    into: Option<(&mut TenantArgs, Typed)>,
    command: &str,
) -> Result<(), String> {
    let Some((tenant, typed)) = into else {
        let given = leading.given();
        return match given.as_slice() {
            [] => Ok(()),
            _ => Err(not_taken(command, &given)),
        };
    };
    if !leading.domain.is_empty() && !typed.domain {
        tenant.domain = leading.domain;
    }
    if leading.timeout.is_some() && !typed.timeout {
        tenant.timeout = leading.timeout;
    }
    tenant.no_cache = tenant.no_cache.or(leading.no_cache);
    Ok(())
}

/// The refusal of tenant options by a command that talks to no tenant.
fn not_taken(command: &str, given: &[&str]) -> String {
    let (verb, pronoun) = if given.len() == 1 {
        ("does", "it")
    } else {
        ("do", "them")
    };
    format!(
        "{} {verb} not apply to `{command}`, which talks to no tenant \
         (verify, request, jwks, token, exchange and init take {pronoun})",
        given.join(", "),
    )
}
