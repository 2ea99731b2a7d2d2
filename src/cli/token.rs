//! `auth0-tok token` and `auth0-tok exchange`: tokens for scripts and CI.
//!
//! The token is printed alone, as an `Authorization` header, as an env
//! line, or as JSON; for GitHub Actions, `--github-env NAME` masks it and
//! sets it for the next steps ([`super::github`]). Every form is one line:
//! the answer checks ([`auth0_tok::oauth::TokenResponse::from_answer`]) let
//! no line break into a token. Requested scopes the answer's `scope` lacks
//! (Auth0 leaves out ungranted ones without an error) are named on stderr.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use auth0_tok::Issuer;
use auth0_tok::clock::UnixTime;
use auth0_tok::dpop::{DpopKey, ProofClaims, new_jti};
use auth0_tok::keys::SigningKey;
use auth0_tok::oauth::cache::{self as token_cache, TokenCacheKey};
use auth0_tok::oauth::{
    self, ACCESS_TOKEN_TYPE, ClientAuth, Grant, SubjectTokenType, TokenResponse,
};
use auth0_tok::types::{ClientSecret, TokenSecret};
use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::input::SecretArg;
use super::output::write_json;
use super::{Context, UsageError, github, input};

const TOKEN_EXAMPLES: &str = "\
Examples:
  TOKEN=$(auth0-tok token --audience https://api.example.com)
  auth0-tok token --scope read:messages --format header
  auth0-tok token --dpop --key dpop.pem --format header --htm GET --htu https://api.example.com/messages
  auth0-tok token --github-env AUTH0_ACCESS_TOKEN    # GitHub Actions: masked, set for the next steps
  auth0-tok token --client-secret @client-secret.txt --audience https://api.example.com
  auth0-tok token --clear-cache
  auth0-tok token --user --audience https://api.example.com   # the user's token from `auth0-tok login`

Secrets come from the environment (AUTH0_CLIENT_SECRET) or a file (--client-secret @FILE):
a value typed in the command line is visible to other users in the process list.";

const EXCHANGE_EXAMPLES: &str = "\
Examples:
  printf %s \"$TOKEN\" | auth0-tok exchange --connection google-oauth2 --subject-token -
  auth0-tok exchange --subject-token-type urn:acme:legacy-token --audience https://api --subject-token @legacy.txt
  auth0-tok exchange --on-behalf-of --audience https://downstream.example.com --subject-token @token.txt
  auth0-tok exchange --connection github --subject-token @token.txt --github-env UPSTREAM_TOKEN

Secrets come from the environment (AUTH0_CLIENT_SECRET) or a file (--client-secret @FILE):
a value typed in the command line is visible to other users in the process list.";

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
    client_id: Option<String>,
    /// The application's client secret: @FILE reads it from a file, - from stdin
    /// (prompted for on a terminal when missing)
    #[arg(
        long,
        env = "AUTH0_CLIENT_SECRET",
        value_name = "SECRET|@FILE|-",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    client_secret: Option<SecretArg>,
    /// How the client authenticates
    #[arg(long, value_enum, default_value_t = AuthMethod::ClientSecretPost)]
    auth_method: AuthMethod,
    /// Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256
    #[arg(long, value_name = "FILE")]
    client_assertion_key: Option<PathBuf>,
    /// Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)
    #[arg(long)]
    dpop: bool,
    /// The DPoP key (PEM or private JWK)
    #[arg(long, env = "AUTH0_DPOP_KEY", value_name = "FILE")]
    key: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Token)]
    format: OutputFormat,
    /// With --format header and a DPoP token: the method for the accompanying proof (GET, not get)
    #[arg(long, value_name = "METHOD", requires = "htu", value_parser = super::input::http_method)]
    htm: Option<String>,
    /// With --format header and a DPoP token: the URL for the accompanying proof
    #[arg(long, value_name = "URL", requires = "htm")]
    htu: Option<String>,
    /// Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)
    #[arg(long)]
    github_mask: bool,
    /// GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job's next steps (appended to $GITHUB_ENV); prints nothing else
    #[arg(long, value_name = "NAME", conflicts_with_all = ["format", "github_mask", "htm"])]
    github_env: Option<String>,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = TOKEN_EXAMPLES)]
pub struct TokenArgs {
    /// The API to get a token for
    #[arg(long, env = "AUTH0_AUDIENCE", value_name = "AUDIENCE")]
    audience: Option<String>,
    /// Scopes to request, space-separated; repeatable
    #[arg(long, value_name = "SCOPE")]
    scope: Vec<String>,
    /// The organization to get the token for
    #[arg(long, value_name = "ORG")]
    organization: Option<String>,
    /// Reuse a cached token only while more than this many seconds of it remain
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    min_ttl: u64,
    /// Remove every cached token and exit
    #[arg(long)]
    clear_cache: bool,
    /// The user's token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials
    #[arg(long, conflicts_with_all = ["clear_cache", "github_env", "github_mask", "htm"])]
    user: bool,
    #[command(flatten)]
    client: ClientArgs,
}

#[derive(Debug, Args)]
#[command(after_help = EXCHANGE_EXAMPLES)]
pub struct ExchangeArgs {
    /// The token to exchange: @FILE reads it from a file, - from stdin
    #[arg(long, value_name = "TOKEN|@FILE|-", allow_hyphen_values = true)]
    subject_token: SecretArg,
    /// Token Vault: the connection whose upstream token you want (google-oauth2, …)
    #[arg(long, value_name = "NAME", conflicts_with = "on_behalf_of")]
    connection: Option<String>,
    /// Token Vault: the user's login hint
    #[arg(long, value_name = "HINT", requires = "connection")]
    login_hint: Option<String>,
    /// access_token or refresh_token for Token Vault; your custom URI for custom token exchange
    #[arg(long, value_name = "TYPE")]
    subject_token_type: Option<String>,
    /// On-behalf-of: exchange an access token for one for --audience
    #[arg(long, requires = "audience")]
    on_behalf_of: bool,
    /// The API the new token is for
    #[arg(long, value_name = "AUDIENCE")]
    audience: Option<String>,
    /// Scopes to request, space-separated; repeatable
    #[arg(long, value_name = "SCOPE")]
    scope: Vec<String>,
    /// The requested token type
    #[arg(long, value_name = "URI")]
    requested_token_type: Option<String>,
    /// The organization
    #[arg(long, value_name = "ORG")]
    organization: Option<String>,
    /// An extra form parameter NAME=VALUE (custom token exchange); repeatable
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    #[command(flatten)]
    client: ClientArgs,
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
    fn check_output(&self, json: bool) -> anyhow::Result<()> {
        if let Some(name) = &self.github_env {
            super::github::check_name(name)?;
            if json {
                return Err(UsageError(
                    "--github-env prints nothing but the mask: drop --json".into(),
                )
                .into());
            }
            github_env_file()?;
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
        self.client_secret
            .iter_mut()
            .map(|s| ("client_secret", s))
            .collect()
    }

    /// The option ids of the credentials a request with these options
    /// sends (or signs with).
    fn credentials(&self) -> Vec<&'static str> {
        let mut ids = vec![match self.auth_method {
            AuthMethod::PrivateKeyJwt => "client_assertion_key",
            _ => "client_secret",
        }];
        if self.dpop {
            ids.push("key");
        }
        ids
    }

    fn auth(&self, issuer: &Issuer) -> anyhow::Result<ClientAuth> {
        let client_id = self
            .client_id
            .clone()
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| {
                UsageError("no client id: pass --client-id or set AUTH0_CLIENT_ID".into())
            })?;
        if let AuthMethod::PrivateKeyJwt = self.auth_method {
            let path = self.client_assertion_key.as_ref().ok_or_else(|| {
                UsageError("--auth-method private_key_jwt needs --client-assertion-key FILE".into())
            })?;
            let pem = input::read_capped_text(path, input::MAX_KEY_FILE)
                .map_err(|e| UsageError(format!("--client-assertion-key {e}")))?;
            super::dpop::warn_if_exposed(path);
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

    fn dpop_key(&self) -> anyhow::Result<Option<DpopKey>> {
        if !self.dpop {
            return Ok(None);
        }
        super::dpop::load_key(self.key.as_deref()).map(Some)
    }
}

pub async fn run_token(args: TokenArgs, ctx: &Context) -> anyhow::Result<()> {
    if args.clear_cache {
        let removed = match ctx.cache() {
            Some(cache) => token_cache::clear(&cache)?,
            None => 0,
        };
        if ctx.json {
            write_json(
                &mut std::io::stdout().lock(),
                &json!({ "removed": removed }),
            )?;
        } else {
            eprintln!("removed {removed} cached token(s)");
        }
        return Ok(());
    }
    args.client.check_output(ctx.json)?;
    if args.user {
        let client = super::login::UserClientArgs {
            client_id: args.client.client_id.clone(),
            client_secret: args.client.client_secret.clone(),
        };
        let dpop = args.client.dpop_key()?;
        return super::login::run_token_user(
            &client,
            args.audience(),
            &args.scope,
            args.organization.as_deref(),
            dpop,
            args.client.format,
            ctx,
        )
        .await;
    }
    let got = obtain(&args, ctx).await?;
    print(
        &got.response,
        got.expires_at,
        got.cached,
        &args.client,
        got.dpop.as_ref(),
        ctx,
    )
}

/// A token as `token` gets it (also for `call` and `probe`).
pub(super) struct Obtained {
    pub response: TokenResponse,
    pub expires_at: UnixTime,
    pub cached: bool,
    /// The DPoP key the token is bound to (`--dpop`).
    pub dpop: Option<DpopKey>,
}

impl TokenArgs {
    /// `--audience` (or AUTH0_AUDIENCE), when given.
    pub(super) fn audience(&self) -> Option<&str> {
        self.audience.as_deref().filter(|a| !a.trim().is_empty())
    }

    /// `--scope`, split and deduplicated.
    pub(super) fn scopes(&self) -> Vec<String> {
        super::input::scopes(&self.scope)
    }

    /// The same request for other scopes (`probe`'s token lacking one).
    pub(super) fn with_scopes(&self, scope: Vec<String>) -> Self {
        TokenArgs {
            scope,
            ..self.clone()
        }
    }

    /// `--dpop`: the key to bind the token to.
    pub(super) fn dpop_key(&self) -> anyhow::Result<Option<DpopKey>> {
        self.client.dpop_key()
    }
}

/// The cached client-credentials flow of `token`: a cached token while
/// `--min-ttl` remains, else a new one from the tenant (then cached).
pub(super) async fn obtain(args: &TokenArgs, ctx: &Context) -> anyhow::Result<Obtained> {
    let issuer = ctx.credential_issuer(&args.client.credentials())?;
    let audience = args
        .audience
        .clone()
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| {
            UsageError("no audience: pass --audience https://your-api or set AUTH0_AUDIENCE".into())
        })?;
    let scope = super::input::scopes_checked(&args.scope)?;
    let auth = args.client.auth(&issuer)?;
    let dpop = args.client.dpop_key()?;
    let key = TokenCacheKey {
        issuer: issuer.to_string(),
        client_id: auth.client_id().to_owned(),
        audience: audience.clone(),
        scope: scope.join(" "),
        organization: args.organization.clone(),
        jkt: dpop.as_ref().map(DpopKey::thumbprint),
        credential: token_cache::credential_fingerprint(&auth),
    };
    let now = ctx.clock.now();
    let cache = ctx.cache();
    if let Some(cache) = &cache {
        // A key set already held for the issuer (no request): a cached
        // token signed with a kid it lacks is dropped.
        let held = ctx.tenants().cached_keys(&issuer);
        let held = held.as_ref().map(|k| &k.keys);
        if let Some(hit) = token_cache::load(cache, &key, now, args.min_ttl, held) {
            if ctx.verbose {
                eprintln!(
                    "* token cache hit ({}s left); no request sent",
                    hit.expires_at - now
                );
            }
            note_ungranted(&scope, &hit.response, ctx);
            return Ok(Obtained {
                response: hit.response,
                expires_at: hit.expires_at,
                cached: true,
                dpop,
            });
        }
    }
    let grant = Grant::ClientCredentials {
        audience,
        scope: scope.clone(),
        organization: args.organization.clone(),
    };
    let response = request(ctx, &issuer, &grant, &auth, dpop.as_ref()).await?;
    note_ungranted(&scope, &response, ctx);
    let expires_at = match &cache {
        Some(cache) => token_cache::store(cache, &key, &response, now).unwrap_or_else(|e| {
            if ctx.verbose {
                eprintln!("* not cached: {e}");
            }
            token_cache::expires_at(&response, now)
        }),
        None => token_cache::expires_at(&response, now),
    };
    Ok(Obtained {
        response,
        expires_at,
        cached: false,
        dpop,
    })
}

pub async fn run_exchange(args: ExchangeArgs, ctx: &Context) -> anyhow::Result<()> {
    args.client.check_output(ctx.json)?;
    let mut credentials = args.client.credentials();
    credentials.push("subject_token");
    let issuer = ctx.credential_issuer(&credentials)?;
    let subject = args.subject_token.expose();
    check_subject_token(subject)?;
    let subject = TokenSecret::new(subject);
    let scope = super::input::scopes_checked(&args.scope)?;
    let requested = scope.clone();
    let grant = if let Some(connection) = &args.connection {
        let subject_token_type = match args.subject_token_type.as_deref() {
            None | Some("access_token") | Some("urn:ietf:params:oauth:token-type:access_token") => {
                SubjectTokenType::AccessToken
            }
            Some("refresh_token") | Some("urn:ietf:params:oauth:token-type:refresh_token") => {
                SubjectTokenType::RefreshToken
            }
            Some(other) => {
                return Err(UsageError(format!("--subject-token-type {other:?}: Token Vault takes access_token or refresh_token")).into());
            }
        };
        Grant::TokenVault {
            subject_token: subject,
            subject_token_type,
            connection: connection.clone(),
            login_hint: args.login_hint.clone(),
        }
    } else if args.on_behalf_of {
        Grant::Exchange {
            subject_token: subject,
            subject_token_type: ACCESS_TOKEN_TYPE.into(),
            audience: args.audience.clone(),
            scope,
            requested_token_type: Some(ACCESS_TOKEN_TYPE.into()),
            organization: args.organization.clone(),
            extra: oauth::parse_extra(&args.params).map_err(param_error)?,
        }
    } else {
        let token_type = args.subject_token_type.clone().ok_or_else(|| {
            UsageError("what kind of exchange? pass --connection (Token Vault), --on-behalf-of, or --subject-token-type URI (custom token exchange)".into())
        })?;
        oauth::validate_custom_token_type(&token_type).map_err(|e| UsageError(e.to_string()))?;
        Grant::Exchange {
            subject_token: subject,
            subject_token_type: token_type,
            audience: args.audience.clone(),
            scope,
            requested_token_type: args.requested_token_type.clone(),
            organization: args.organization.clone(),
            extra: oauth::parse_extra(&args.params).map_err(param_error)?,
        }
    };
    let auth = args.client.auth(&issuer)?;
    let dpop = args.client.dpop_key()?;
    let response = request(ctx, &issuer, &grant, &auth, dpop.as_ref()).await?;
    if !matches!(grant, Grant::TokenVault { .. }) {
        note_ungranted(&requested, &response, ctx);
    }
    let expires_at = ctx.clock.now() + response.expires_in as i64;
    print(
        &response,
        expires_at,
        false,
        &args.client,
        dpop.as_ref(),
        ctx,
    )
}

/// `--subject-token` as the exchange sends it: verbatim, so surrounding
/// whitespace is refused, not trimmed as `verify` trims its token (a
/// subject token may be an opaque custom token, where a space is data),
/// and an `Authorization` scheme is refused as `verify` refuses it.
fn check_subject_token(subject: &str) -> Result<(), UsageError> {
    match oauth::validate_subject_token(subject) {
        Err(oauth::GrantError::Whitespace) => Err(UsageError(
            "the subject token has leading or trailing whitespace, which is not part of a token: it is sent verbatim, so it is not trimmed (check how it was copied or quoted)".into(),
        )),
        Err(e) => Err(UsageError(e.to_string())),
        Ok(()) => match super::input::scheme_prefix(subject, "subject token") {
            Some(refusal) => Err(UsageError(refusal)),
            None => Ok(()),
        },
    }
}

/// A `--param` value refused by [`oauth::parse_extra`], said in terms of
/// the option.
fn param_error(e: oauth::GrantError) -> UsageError {
    UsageError(match e {
        oauth::GrantError::ReservedParam(name) => {
            format!("parameter {name:?} is reserved and cannot be set with --param")
        }
        oauth::GrantError::BadParam(given) => format!("--param {given:?}: expected NAME=VALUE"),
        other => other.to_string(),
    })
}

/// The requested scopes an answer's `scope` lacks (RFC 6749 §5.1): Auth0
/// leaves out the scopes the application is not granted without an error.
/// An answer without `scope` grants what was asked (RFC 6749 §5.1).
fn ungranted<'a>(requested: &'a [String], response: &TokenResponse) -> Vec<&'a str> {
    let Some(granted) = &response.scope else {
        return Vec::new();
    };
    let granted: Vec<&str> = auth0_tok::types::split_scopes(granted).collect();
    requested
        .iter()
        .map(String::as_str)
        .filter(|s| !granted.contains(s))
        .collect()
}

/// A note on stderr naming the requested scopes the token lacks. Not with
/// `--json`, whose output carries the answer's `scope` for the script to
/// compare; the token is still printed (a token with fewer scopes may be
/// what the caller can get).
fn note_ungranted(requested: &[String], response: &TokenResponse, ctx: &Context) {
    let missing = ungranted(requested, response);
    if missing.is_empty() || ctx.json {
        return;
    }
    let granted = response.scope.as_deref().unwrap_or_default();
    eprintln!(
        "note: the token lacks requested scope(s) {} (granted: {}): the tenant leaves out scopes the application is not granted for this API, without an error",
        super::output::one_line(&missing.join(" ")),
        if granted.trim().is_empty() {
            "none".into()
        } else {
            super::output::one_line(granted)
        }
    );
}

async fn request(
    ctx: &Context,
    issuer: &Issuer,
    grant: &Grant,
    auth: &ClientAuth,
    dpop: Option<&DpopKey>,
) -> anyhow::Result<TokenResponse> {
    let tenants = ctx.tenants();
    let discovery = tenants.discovery(issuer).await?;
    let endpoint = discovery
        .token_endpoint
        .unwrap_or_else(|| issuer.join("oauth/token"));
    let prepared = oauth::prepare(&endpoint, issuer, grant, auth, ctx.clock.now(), &new_jti()?)?;
    Ok(oauth::send(tenants.http(), &prepared, dpop, ctx.clock.as_ref()).await?)
}

/// `$GITHUB_ENV`, which the runner sets in every step.
fn github_env_file() -> anyhow::Result<PathBuf> {
    match std::env::var_os("GITHUB_ENV") {
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => Err(UsageError(
            "--github-env: GITHUB_ENV is not set (GitHub Actions sets it in every step)".into(),
        )
        .into()),
    }
}

fn print(
    response: &TokenResponse,
    expires_at: UnixTime,
    cached: bool,
    client: &ClientArgs,
    dpop: Option<&DpopKey>,
    ctx: &Context,
) -> anyhow::Result<()> {
    // The token passed the answer checks (1*VSCHAR): one line wherever it goes.
    let token = response.access_token.expose();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(name) = &client.github_env {
        // The mask first, on stdout where the runner reads commands; then the
        // entry, in the file the runner reads after the step.
        out.write_all(github::mask_command(token).as_bytes())?;
        out.flush()?;
        let entry = github::env_entry(name, token, github::random_delimiter);
        github::append_env(&github_env_file()?, &entry)?;
        if ctx.verbose {
            eprintln!("* {name} set for the next steps (in $GITHUB_ENV)");
        }
        return Ok(());
    }
    if client.github_mask {
        out.write_all(github::mask_command(token).as_bytes())?;
    }
    if ctx.json {
        let mut v = Value::Object(response.raw.clone());
        v["expires_at"] = json!(expires_at);
        v["cached"] = json!(cached);
        write_json(&mut out, &v)?;
        return Ok(out.flush()?);
    }
    match client.format {
        OutputFormat::Token => writeln!(out, "{token}")?,
        OutputFormat::Env => writeln!(out, "AUTH0_ACCESS_TOKEN={token}")?,
        OutputFormat::Header => {
            // Bearer or DPoP, as the answer checks left it.
            let scheme = response.token_type.as_str();
            writeln!(out, "Authorization: {scheme} {token}")?;
            if let (Some(key), Some(htm), Some(htu)) = (dpop, &client.htm, &client.htu) {
                let claims = ProofClaims::new(htm, htu, ctx.clock.now(), new_jti()?)
                    .with_access_token(token);
                writeln!(out, "DPoP: {}", key.proof(&claims)?)?;
            } else if scheme == "DPoP" {
                eprintln!(
                    "note: a DPoP token needs a proof per request: add --htm and --htu, or use `auth0-tok dpop proof`"
                );
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(scope: Option<&str>) -> TokenResponse {
        let mut raw = json!({"access_token": "t", "token_type": "Bearer", "expires_in": 60});
        if let Some(scope) = scope {
            raw["scope"] = json!(scope);
        }
        let Value::Object(raw) = raw else {
            unreachable!()
        };
        TokenResponse::from_answer(raw).unwrap()
    }

    #[test]
    fn the_requested_scopes_an_answer_lacks_are_named() {
        let requested = ["read:a".to_owned(), "write:a".to_owned()];
        assert_eq!(ungranted(&requested, &answer(Some("read:a"))), ["write:a"]);
        assert_eq!(
            ungranted(&requested, &answer(Some(""))),
            ["read:a", "write:a"]
        );
        assert!(ungranted(&requested, &answer(Some("write:a read:a x"))).is_empty());
        // No `scope` in the answer: granted as requested (RFC 6749 §5.1).
        assert!(ungranted(&requested, &answer(None)).is_empty());
        assert!(ungranted(&[], &answer(Some("x"))).is_empty());
    }

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
