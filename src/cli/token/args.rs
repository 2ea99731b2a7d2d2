//! The options of `token` and `exchange`, and what they resolve to: the
//! client authentication (a secret, prompted for on a terminal when
//! missing, or a `private_key_jwt` assertion key), the DPoP key, and the
//! output checks made before any request.

use std::io::IsTerminal;
use std::path::PathBuf;

use auth0_tok::Issuer;
use auth0_tok::dpop::DpopKey;
use auth0_tok::keys::SigningKey;
use auth0_tok::oauth::ClientAuth;
use auth0_tok::types::ClientSecret;
use clap::{Args, ValueEnum};

use super::{EXCHANGE_EXAMPLES, TOKEN_EXAMPLES};
use crate::cli::UsageError;
use crate::cli::input::{self, SecretArg};

/// Client authentication, by its registered name (RFC 7591 §2,
/// `token_endpoint_auth_method`); the kebab-case spellings stay as aliases.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AuthMethod {
    /// The secret in the form body
    #[value(name = "client_secret_post", alias = "client-secret-post")]
    ClientSecretPost,
    /// The secret in HTTP Basic authentication
    #[value(name = "client_secret_basic", alias = "client-secret-basic")]
    ClientSecretBasic,
    /// A JWT signed with --client-assertion-key
    #[value(name = "private_key_jwt", alias = "private-key-jwt")]
    PrivateKeyJwt,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// The access token alone
    Token,
    /// `Authorization: <type> <token>` (and `DPoP: <proof>` with --htm/--htu)
    Header,
    /// `AUTH0_ACCESS_TOKEN=<token>`
    Env,
}

// Client authentication and output options shared by `token` and `exchange`
// (a plain comment: a doc comment here would become the commands' about text).
#[derive(Debug, Clone, Args)]
pub struct ClientArgs {
    /// The application's client id
    #[arg(long, env = "AUTH0_CLIENT_ID", value_name = "ID")]
    pub(super) client_id: Option<String>,
    /// The application's client secret: @FILE reads it from a file, - from stdin
    /// (prompted for on a terminal when missing)
    #[arg(
        long,
        env = "AUTH0_CLIENT_SECRET",
        value_name = "SECRET|@FILE|-",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub(super) client_secret: Option<SecretArg>,
    /// How the client authenticates
    #[arg(long, value_enum, default_value_t = AuthMethod::ClientSecretPost)]
    pub(super) auth_method: AuthMethod,
    /// Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256
    #[arg(long, value_name = "FILE")]
    pub(super) client_assertion_key: Option<PathBuf>,
    /// Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)
    #[arg(long)]
    pub(super) dpop: bool,
    /// The DPoP key (PEM or private JWK)
    #[arg(long, env = "AUTH0_DPOP_KEY", value_name = "FILE")]
    pub(super) key: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Token)]
    pub(super) format: OutputFormat,
    /// With --format header and a DPoP token: the method for the accompanying proof (GET, not get)
    #[arg(long, value_name = "METHOD", requires = "htu", value_parser = input::http_method)]
    pub(super) htm: Option<String>,
    /// With --format header and a DPoP token: the URL for the accompanying proof
    #[arg(long, value_name = "URL", requires = "htm")]
    pub(super) htu: Option<String>,
    /// Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)
    #[arg(long)]
    pub(super) github_mask: bool,
    /// GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job's next steps (appended to $GITHUB_ENV); prints nothing else
    #[arg(long, value_name = "NAME", conflicts_with_all = ["format", "github_mask", "htm"])]
    pub(super) github_env: Option<String>,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = TOKEN_EXAMPLES)]
pub struct TokenArgs {
    /// The API to get a token for
    #[arg(long, env = "AUTH0_AUDIENCE", value_name = "AUDIENCE")]
    pub(super) audience: Option<String>,
    /// Scopes to request, space-separated; repeatable
    #[arg(long, value_name = "SCOPE")]
    pub(super) scope: Vec<String>,
    /// The organization to get the token for
    #[arg(long, value_name = "ORG")]
    pub(super) organization: Option<String>,
    /// Reuse a cached token only while more than this many seconds of it remain
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    pub(super) min_ttl: u64,
    /// Remove every cached token and exit
    #[arg(long)]
    pub(super) clear_cache: bool,
    /// The user's token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials
    #[arg(long, conflicts_with_all = ["clear_cache", "github_env", "github_mask", "htm"])]
    pub(super) user: bool,
    #[command(flatten)]
    pub(super) client: ClientArgs,
}

#[derive(Debug, Args)]
#[command(after_help = EXCHANGE_EXAMPLES)]
pub struct ExchangeArgs {
    /// The token to exchange: @FILE reads it from a file, - from stdin
    #[arg(long, value_name = "TOKEN|@FILE|-", allow_hyphen_values = true)]
    pub(super) subject_token: SecretArg,
    /// Token Vault: the connection whose upstream token you want (google-oauth2, …)
    #[arg(long, value_name = "NAME", conflicts_with = "on_behalf_of")]
    pub(super) connection: Option<String>,
    /// Token Vault: the user's login hint
    #[arg(long, value_name = "HINT", requires = "connection")]
    pub(super) login_hint: Option<String>,
    /// access_token or refresh_token for Token Vault; your custom URI for custom token exchange
    #[arg(long, value_name = "TYPE")]
    pub(super) subject_token_type: Option<String>,
    /// On-behalf-of: exchange an access token for one for --audience
    #[arg(long, requires = "audience")]
    pub(super) on_behalf_of: bool,
    /// The API the new token is for
    #[arg(long, value_name = "AUDIENCE")]
    pub(super) audience: Option<String>,
    /// Scopes to request, space-separated; repeatable
    #[arg(long, value_name = "SCOPE")]
    pub(super) scope: Vec<String>,
    /// The requested token type
    #[arg(long, value_name = "URI")]
    pub(super) requested_token_type: Option<String>,
    /// The organization
    #[arg(long, value_name = "ORG")]
    pub(super) organization: Option<String>,
    /// An extra form parameter NAME=VALUE (custom token exchange); repeatable
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub(super) params: Vec<String>,
    #[command(flatten)]
    pub(super) client: ClientArgs,
}

impl TokenArgs {
    /// The secret-taking options, for resolution before the command runs.
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        self.client.secret_args()
    }
}

impl ExchangeArgs {
    /// The secret-taking options, for resolution before the command runs.
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        let mut secrets = vec![("subject_token", &mut self.subject_token)];
        secrets.extend(self.client.secret_args());
        secrets
    }
}

impl ClientArgs {
    /// Output options that cannot work, refused before any request.
    pub(super) fn check_output(&self, json: bool) -> anyhow::Result<()> {
        if let Some(name) = &self.github_env {
            crate::cli::github::check_name(name)?;
            if json {
                return Err(UsageError(
                    "--github-env prints nothing but the mask: drop --json".into(),
                )
                .into());
            }
            super::print::github_env_file()?;
        }
        if self.github_mask && matches!(self.format, OutputFormat::Env) {
            return Err(UsageError(
                "--github-mask with --format env would put the ::add-mask:: command into the env file, where the runner does not read it: use --github-env AUTH0_ACCESS_TOKEN".into(),
            )
            .into());
        }
        Ok(())
    }

    fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        client_secret_arg(&mut self.client_secret)
    }

    /// The option ids of the credentials a request with these options
    /// sends (or signs with).
    pub(super) fn credentials(&self) -> Vec<&'static str> {
        let mut ids = vec![match self.auth_method {
            AuthMethod::PrivateKeyJwt => "client_assertion_key",
            _ => "client_secret",
        }];
        if self.dpop {
            ids.push("key");
        }
        ids
    }

    pub(super) fn auth(&self, issuer: &Issuer) -> anyhow::Result<ClientAuth> {
        let client_id = required_client_id(self.client_id.as_deref())?;
        if let AuthMethod::PrivateKeyJwt = self.auth_method {
            let path = self.client_assertion_key.as_ref().ok_or_else(|| {
                UsageError("--auth-method private_key_jwt needs --client-assertion-key FILE".into())
            })?;
            let pem = input::read_capped_text(path, input::MAX_KEY_FILE)
                .map_err(|e| UsageError(format!("--client-assertion-key {e}")))?;
            crate::cli::dpop::warn_if_exposed(path);
            let key = SigningKey::from_pem(&pem)
                .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
            let alg = key.default_algorithm();
            return Ok(ClientAuth::PrivateKeyJwt {
                client_id,
                key,
                alg,
            });
        }
        let secret = match self
            .client_secret
            .as_ref()
            .filter(|s| !s.expose().is_empty())
        {
            Some(s) => ClientSecret::new(s.expose()),
            None if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() => {
                let value = dialoguer::Password::new()
                    .with_prompt(format!("Client secret for {client_id} at {issuer}"))
                    .interact()
                    .map_err(|e| UsageError(format!("reading the client secret: {e}")))?;
                ClientSecret::new(value)
            }
            None => {
                return Err(UsageError(
                    "no client secret: pass --client-secret or set AUTH0_CLIENT_SECRET".into(),
                )
                .into());
            }
        };
        Ok(match self.auth_method {
            AuthMethod::ClientSecretBasic => ClientAuth::SecretBasic { client_id, secret },
            _ => ClientAuth::SecretPost { client_id, secret },
        })
    }

    pub(super) fn dpop_key(&self) -> anyhow::Result<Option<DpopKey>> {
        if !self.dpop {
            return Ok(None);
        }
        crate::cli::dpop::load_key(self.key.as_deref()).map(Some)
    }
}

impl TokenArgs {
    /// `--audience` (or AUTH0_AUDIENCE), when given.
    pub(in crate::cli) fn audience(&self) -> Option<&str> {
        self.audience.as_deref().filter(|a| !a.trim().is_empty())
    }

    /// `--scope`, split and deduplicated.
    pub(in crate::cli) fn scopes(&self) -> Vec<String> {
        input::scopes(&self.scope)
    }

    /// The same request for other scopes (`probe`'s token lacking one).
    pub(in crate::cli) fn with_scopes(&self, scope: Vec<String>) -> Self {
        TokenArgs {
            scope,
            ..self.clone()
        }
    }

    /// `--dpop`: the key to bind the token to.
    pub(in crate::cli) fn dpop_key(&self) -> anyhow::Result<Option<DpopKey>> {
        self.client.dpop_key()
    }
}

/// `--client-id` (or AUTH0_CLIENT_ID), which every client needs.
pub(in crate::cli) fn required_client_id(client_id: Option<&str>) -> Result<String, UsageError> {
    client_id
        .filter(|c| !c.trim().is_empty())
        .map(str::to_owned)
        .ok_or_else(|| UsageError("no client id: pass --client-id or set AUTH0_CLIENT_ID".into()))
}

/// `--client-secret`, for resolution before the command runs.
pub(in crate::cli) fn client_secret_arg(
    client_secret: &mut Option<SecretArg>,
) -> Vec<(&'static str, &mut SecretArg)> {
    client_secret
        .iter_mut()
        .map(|s| ("client_secret", s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_methods_take_their_registered_names_and_the_kebab_case_aliases() {
        for (name, alias) in [
            ("client_secret_post", "client-secret-post"),
            ("client_secret_basic", "client-secret-basic"),
            ("private_key_jwt", "private-key-jwt"),
        ] {
            let by_name = AuthMethod::from_str(name, false).unwrap();
            let by_alias = AuthMethod::from_str(alias, false).unwrap();
            assert_eq!(
                by_name.to_possible_value().unwrap().get_name(),
                name,
                "the registered name is the one shown"
            );
            assert_eq!(by_alias.to_possible_value().unwrap().get_name(), name);
        }
    }
}
