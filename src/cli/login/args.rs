//! The options of `login`, `logout` and `token --user`: the application
//! (a public client, or a confidential one with its secret), what to ask
//! for, and how the browser or device login runs.

use std::path::PathBuf;

use auth0_tok::Issuer;
use auth0_tok::oauth::ClientAuth;
use auth0_tok::types::ClientSecret;
use clap::{Args, ValueEnum};

use crate::cli::Context;
use crate::cli::input::SecretArg;
use crate::cli::token::{self, OutputFormat};

const LOGIN_EXAMPLES: &str = "\
Examples:
  auth0-tok login --audience https://api.example.com                 # opens the browser
  auth0-tok login --no-browser --audience https://api.example.com    # prints the URL to open
  auth0-tok login --device --audience https://api.example.com        # no browser here: a code to enter elsewhere
  auth0-tok login --dpop --key dpop.pem --audience https://api.example.com --format header
  TOKEN=$(auth0-tok token --user --audience https://api.example.com) # later: cached or refreshed silently
  auth0-tok logout

Allowed Callback URLs of the application must list http://127.0.0.1/callback (a loopback URL
matches any port); with --redirect-host localhost, http://localhost/callback.";

const LOGOUT_EXAMPLES: &str = "\
Examples:
  auth0-tok logout                 # forget the cached logins of this tenant and client, revoke their refresh tokens
  auth0-tok logout --no-revoke     # forget them here only";
/// The host name of the redirect URI (the listener is on 127.0.0.1 either way).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RedirectHost {
    /// http://127.0.0.1:PORT/callback (RFC 8252 §8.3)
    #[value(name = "127.0.0.1")]
    Ip,
    /// http://localhost:PORT/callback
    #[value(name = "localhost")]
    Localhost,
}

impl RedirectHost {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            RedirectHost::Ip => "127.0.0.1",
            RedirectHost::Localhost => "localhost",
        }
    }
}

/// `prompt` (OpenID Connect Core §3.1.2.1).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Prompt {
    None,
    Login,
    Consent,
}

// The application and what to ask for: shared by `login`, `logout` and `token --user`.
#[derive(Debug, Clone, Args)]
pub struct UserClientArgs {
    /// The application's client id (a Native application; public clients need no secret)
    #[arg(long, env = "AUTH0_CLIENT_ID", value_name = "ID")]
    pub client_id: Option<String>,
    /// A confidential application's secret, sent to the token endpoint: @FILE reads it from a file, - from stdin
    #[arg(
        long,
        env = "AUTH0_CLIENT_SECRET",
        value_name = "SECRET|@FILE|-",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub client_secret: Option<SecretArg>,
}

#[derive(Debug, Args)]
#[command(after_help = LOGIN_EXAMPLES)]
pub struct LoginArgs {
    #[command(flatten)]
    pub(super) client: UserClientArgs,
    /// The API the access token is for (without it Auth0 issues an opaque token)
    #[arg(long, env = "AUTH0_AUDIENCE", value_name = "AUDIENCE")]
    pub(super) audience: Option<String>,
    /// Scopes to request, space-separated; repeatable [default: openid profile offline_access]
    #[arg(long, value_name = "SCOPE")]
    pub(super) scope: Vec<String>,
    /// The organization to log in to (id or name)
    #[arg(long, value_name = "ORG")]
    pub(super) organization: Option<String>,
    /// The connection to use, skipping the choice on the login page
    #[arg(long, value_name = "NAME")]
    pub(super) connection: Option<String>,
    /// none: no page (fails unless a session exists); login: always ask for credentials; consent
    #[arg(long, value_enum)]
    pub(super) prompt: Option<Prompt>,
    /// The most seconds since the user last authenticated (the ID token's auth_time is checked)
    #[arg(long, value_name = "SECS")]
    pub(super) max_age: Option<u64>,
    /// Requested authentication context class references, space-separated
    #[arg(long, value_name = "VALUES")]
    pub(super) acr_values: Option<String>,
    /// The loopback port to listen on (0: a free one)
    #[arg(long, default_value_t = 0, value_name = "PORT")]
    pub(super) port: u16,
    /// The redirect URI's host; the listener is on 127.0.0.1 either way
    #[arg(long, value_enum, default_value_t = RedirectHost::Ip)]
    pub(super) redirect_host: RedirectHost,
    /// Do not open a browser: print the URL to open on stderr (never opened without a terminal either)
    #[arg(long)]
    pub(super) no_browser: bool,
    /// Log in with the device authorization grant: a code to enter on another device
    #[arg(long, conflicts_with_all = ["port", "redirect_host", "connection", "prompt", "max_age", "acr_values"])]
    pub(super) device: bool,
    /// Ask for a DPoP-bound token
    #[arg(long)]
    pub(super) dpop: bool,
    /// The DPoP key (PEM or private JWK)
    #[arg(long, env = "AUTH0_DPOP_KEY", value_name = "FILE")]
    pub(super) key: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Token)]
    pub(super) format: OutputFormat,
    /// How long to wait for the browser (or the device approval), in seconds
    #[arg(long, default_value_t = 300, value_name = "SECS")]
    pub(super) wait: u64,
}

#[derive(Debug, Args)]
#[command(after_help = LOGOUT_EXAMPLES)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub(super) client: UserClientArgs,
    /// Forget the tokens here only; do not revoke the refresh tokens at the tenant
    #[arg(long)]
    pub(super) no_revoke: bool,
}

impl LoginArgs {
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        self.client.secret_args()
    }
}

impl LogoutArgs {
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        self.client.secret_args()
    }
}

impl UserClientArgs {
    fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        token::client_secret_arg(&mut self.client_secret)
    }

    /// The tenant, checked for the credentials these options send.
    pub(super) fn issuer(&self, ctx: &Context, dpop: bool) -> anyhow::Result<Issuer> {
        let mut credentials = Vec::new();
        if self.secret().is_some() {
            credentials.push("client_secret");
        }
        if dpop {
            credentials.push("key");
        }
        ctx.credential_issuer(&credentials)
    }

    fn secret(&self) -> Option<&str> {
        self.client_secret
            .as_ref()
            .map(SecretArg::expose)
            .filter(|s| !s.is_empty())
    }

    /// A public client, or secret_post with `--client-secret`.
    pub(super) fn auth(&self) -> anyhow::Result<ClientAuth> {
        let client_id = token::required_client_id(self.client_id.as_deref())?;
        Ok(match self.secret() {
            Some(secret) => ClientAuth::SecretPost {
                client_id,
                secret: ClientSecret::new(secret),
            },
            None => ClientAuth::Public { client_id },
        })
    }
}
