//! `auth0-tok login` and `auth0-tok logout`: a user's tokens for a CLI or
//! a test, as a native app gets them (RFC 8252).
//!
//! The browser flow: a loopback listener on 127.0.0.1, the authorization
//! code with PKCE S256, a state and a nonce; the ID token verified
//! ([`auth0_tok::verify::IdTokenPolicy`]: issuer, client, nonce, max_age,
//! at_hash) against the tenant's key set. `--device` uses the device
//! authorization grant (RFC 8628) instead, for a machine without a browser.
//! The tokens go to the token cache (0600, atomic): a later `login` or
//! `token --user` reuses a fresh access token or refreshes silently, the
//! rotated refresh token replacing the old. A refresh token the tenant no
//! longer honours is explained and never retried: with rotation, a second
//! try cannot succeed, and Auth0 has already revoked the whole family.
//!
//! Only the access token goes to stdout; `--json` shows the claims of both
//! tokens and whether a refresh token was granted, never its value.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use auth0_tok::Issuer;
use auth0_tok::dpop::{DpopKey, new_jti};
use auth0_tok::jose::Object;
use auth0_tok::oauth::authorize::{self, AuthorizeRequest, Callback};
use auth0_tok::oauth::cache::{self as token_cache, CachedUser, UserTokenKey};
use auth0_tok::oauth::device::{DeviceAuthorization, Poll, Poller};
use auth0_tok::oauth::loopback::{Loopback, Pages};
use auth0_tok::oauth::pkce::Pkce;
use auth0_tok::oauth::secret::{RefreshToken, random_b64};
use auth0_tok::oauth::{self, ClientAuth, Grant, TokenEndpointError, TokenResponse};
use auth0_tok::tenant::TenantKeys;
use auth0_tok::types::{ClientSecret, is_fetchable_url};
use auth0_tok::verify::IdTokenPolicy;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::input::SecretArg;
use super::output::{one_line, write_json};
use super::token::OutputFormat;
use super::{Context, UsageError};

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

/// The scopes asked when `--scope` is not given.
pub const DEFAULT_SCOPES: [&str; 3] = ["openid", "profile", "offline_access"];

/// How long a cached access token must still be valid to be reused.
const MIN_TTL: u64 = 60;

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
    fn as_str(self) -> &'static str {
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
    client: UserClientArgs,
    /// The API the access token is for (without it Auth0 issues an opaque token)
    #[arg(long, env = "AUTH0_AUDIENCE", value_name = "AUDIENCE")]
    audience: Option<String>,
    /// Scopes to request, space-separated; repeatable [default: openid profile offline_access]
    #[arg(long, value_name = "SCOPE")]
    scope: Vec<String>,
    /// The organization to log in to (id or name)
    #[arg(long, value_name = "ORG")]
    organization: Option<String>,
    /// The connection to use, skipping the choice on the login page
    #[arg(long, value_name = "NAME")]
    connection: Option<String>,
    /// none: no page (fails unless a session exists); login: always ask for credentials; consent
    #[arg(long, value_enum)]
    prompt: Option<Prompt>,
    /// The most seconds since the user last authenticated (the ID token's auth_time is checked)
    #[arg(long, value_name = "SECS")]
    max_age: Option<u64>,
    /// Requested authentication context class references, space-separated
    #[arg(long, value_name = "VALUES")]
    acr_values: Option<String>,
    /// The loopback port to listen on (0: a free one)
    #[arg(long, default_value_t = 0, value_name = "PORT")]
    port: u16,
    /// The redirect URI's host; the listener is on 127.0.0.1 either way
    #[arg(long, value_enum, default_value_t = RedirectHost::Ip)]
    redirect_host: RedirectHost,
    /// Do not open a browser: print the URL to open on stderr (never opened without a terminal either)
    #[arg(long)]
    no_browser: bool,
    /// Log in with the device authorization grant: a code to enter on another device
    #[arg(long, conflicts_with_all = ["port", "redirect_host", "connection", "prompt", "max_age", "acr_values"])]
    device: bool,
    /// Ask for a DPoP-bound token
    #[arg(long)]
    dpop: bool,
    /// The DPoP key (PEM or private JWK)
    #[arg(long, env = "AUTH0_DPOP_KEY", value_name = "FILE")]
    key: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Token)]
    format: OutputFormat,
    /// How long to wait for the browser (or the device approval), in seconds
    #[arg(long, default_value_t = 300, value_name = "SECS")]
    wait: u64,
}

#[derive(Debug, Args)]
#[command(after_help = LOGOUT_EXAMPLES)]
pub struct LogoutArgs {
    #[command(flatten)]
    client: UserClientArgs,
    /// Forget the tokens here only; do not revoke the refresh tokens at the tenant
    #[arg(long)]
    no_revoke: bool,
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
        super::token::client_secret_arg(&mut self.client_secret)
    }

    /// The tenant, checked for the credentials these options send.
    fn issuer(&self, ctx: &Context, dpop: bool) -> anyhow::Result<Issuer> {
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
    fn auth(&self) -> anyhow::Result<ClientAuth> {
        let client_id = super::token::required_client_id(self.client_id.as_deref())?;
        Ok(match self.secret() {
            Some(secret) => ClientAuth::SecretPost {
                client_id,
                secret: ClientSecret::new(secret),
            },
            None => ClientAuth::Public { client_id },
        })
    }
}

/// The login ended without tokens: the tenant or the user refused, or
/// the answer failed a check (exit 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LoginRefused(pub String);

/// What a login asks for, resolved once.
struct Request {
    issuer: Issuer,
    auth: ClientAuth,
    audience: String,
    scope: Vec<String>,
    organization: Option<String>,
    dpop: Option<DpopKey>,
    key: UserTokenKey,
}

impl Request {
    fn new(
        ctx: &Context,
        client: &UserClientArgs,
        audience: Option<&str>,
        scope: &[String],
        organization: Option<&str>,
        dpop: Option<DpopKey>,
    ) -> anyhow::Result<Self> {
        let issuer = client.issuer(ctx, dpop.is_some())?;
        let auth = client.auth()?;
        let audience = audience
            .filter(|a| !a.trim().is_empty())
            .ok_or_else(|| {
                UsageError(
                    "no audience: pass --audience https://your-api or set AUTH0_AUDIENCE (without one Auth0 issues an opaque access token, not a JWT for your API)"
                        .into(),
                )
            })?
            .to_owned();
        let mut scope = super::input::scopes_checked(scope)?;
        if scope.is_empty() {
            scope = DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect();
        }
        let key = UserTokenKey {
            issuer: issuer.to_string(),
            client_id: auth.client_id().to_owned(),
            audience: audience.clone(),
            scope: scope.join(" "),
            organization: organization.map(str::to_owned),
            jkt: dpop.as_ref().map(DpopKey::thumbprint),
        };
        Ok(Request {
            issuer,
            auth,
            audience,
            scope,
            organization: organization.map(str::to_owned),
            dpop,
            key,
        })
    }

    fn openid(&self) -> bool {
        self.scope.iter().any(|s| s == "openid")
    }
}

/// Tokens, with where they came from.
struct Got {
    response: TokenResponse,
    id_claims: Option<Object>,
    cached: bool,
}

pub async fn run_login(args: LoginArgs, ctx: &Context) -> anyhow::Result<()> {
    let dpop = if args.dpop {
        Some(super::dpop::load_key(args.key.as_deref())?)
    } else {
        None
    };
    if args.wait == 0 {
        return Err(UsageError("--wait must be at least 1 second".into()).into());
    }
    let request = Request::new(
        ctx,
        &args.client,
        args.audience.as_deref(),
        &args.scope,
        args.organization.as_deref(),
        dpop,
    )?;
    // A cached login first, unless the user asked for the login page itself,
    // or for a login the cache key does not hold (a step-up with
    // --acr-values, another --connection): a cached token never had it.
    let interactive = matches!(args.prompt, Some(Prompt::Login | Prompt::Consent))
        || args.max_age.is_some()
        || args.acr_values.is_some()
        || args.connection.is_some();
    if !interactive {
        match reuse(&request, ctx).await {
            Ok(Some(got)) => return print(&got, args.format, ctx),
            Ok(None) => {}
            Err(e) if e.is::<LoginRefused>() => eprintln!("note: {e}; logging in again"),
            Err(e) => return Err(e),
        }
    }
    let got = if args.device {
        device_login(&request, &args, ctx).await?
    } else {
        browser_login(&request, &args, ctx).await?
    };
    print(&got, args.format, ctx)
}

/// `token --user`: the cached login's access token, refreshed when needed.
pub async fn run_token_user(
    client: &UserClientArgs,
    audience: Option<&str>,
    scope: &[String],
    organization: Option<&str>,
    dpop: Option<DpopKey>,
    format: OutputFormat,
    ctx: &Context,
) -> anyhow::Result<()> {
    let request = Request::new(ctx, client, audience, scope, organization, dpop)?;
    match reuse(&request, ctx).await? {
        Some(got) => print(&got, format, ctx),
        None => Err(UsageError(format!(
            "no login cached for {} at {} (audience {}, scope {:?}): run `auth0-tok login` first",
            request.key.client_id,
            request.issuer,
            one_line(&request.audience),
            request.key.scope
        ))
        .into()),
    }
}

/// The cached login: its access token while fresh, else refreshed.
/// `Ok(None)`: nothing cached (or the cache is off).
async fn reuse(request: &Request, ctx: &Context) -> anyhow::Result<Option<Got>> {
    let Some(cache) = ctx.cache() else {
        return Ok(None);
    };
    let now = ctx.clock.now();
    let Some(cached) = token_cache::load_user(&cache, &request.key, now) else {
        return Ok(None);
    };
    if cached.fresh(now, MIN_TTL) {
        if ctx.verbose {
            eprintln!(
                "* cached login ({}s left); no request sent",
                cached.expires_at - now
            );
        }
        let id_claims = id_token_claims(&cached.response);
        return Ok(Some(Got {
            response: cached.response,
            id_claims,
            cached: true,
        }));
    }
    let CachedUser {
        refresh_token: Some(refresh_token),
        ..
    } = cached
    else {
        return Ok(None);
    };
    if ctx.verbose {
        eprintln!("* the cached access token expired; refreshing");
    }
    let grant = Grant::Refresh {
        refresh_token: refresh_token.clone(),
        scope: Vec::new(),
    };
    let tenants = ctx.tenants();
    let keys = tenants.keys(&request.issuer).await?;
    let endpoint = token_endpoint(&request.issuer, &keys);
    let prepared = oauth::prepare(
        &endpoint,
        &request.issuer,
        &grant,
        &request.auth,
        ctx.clock.now(),
        &new_jti()?,
    )?;
    // Once: a refresh token is single-use under rotation.
    let response = match oauth::send_once(
        tenants.http(),
        &prepared,
        request.dpop.as_ref(),
        ctx.clock.as_ref(),
    )
    .await
    {
        Ok(response) => response,
        Err(e) if oauth::refresh_token_refused(&e) => {
            let _ = token_cache::remove_user(&cache, &request.key);
            return Err(refresh_refused(&e).into());
        }
        Err(e) => return Err(e.into()),
    };
    let id_claims = verify_id_token(request, &keys, &response, IdTokenFrom::Refresh, None, ctx)?;
    token_cache::store_user(
        &cache,
        &request.key,
        &response,
        Some(&refresh_token),
        ctx.clock.now(),
    )?;
    Ok(Some(Got {
        response,
        id_claims,
        cached: false,
    }))
}

/// The explanation of a refused refresh token.
fn refresh_refused(e: &TokenEndpointError) -> LoginRefused {
    let said = match e {
        TokenEndpointError::Refused { description, .. } => one_line(description),
        other => other.to_string(),
    };
    LoginRefused(format!(
        "the tenant refused the cached refresh token ({said}): Auth0 revokes a refresh token's whole family when a rotated one is used again (reuse detection) or at logout; the cached login is forgotten, not retried: run `auth0-tok login` again"
    ))
}

fn endpoint(issuer: &Issuer, keys: &TenantKeys, member: &str, fallback: &str) -> String {
    keys.discovery_document
        .as_ref()
        .and_then(|doc| doc.get(member))
        .and_then(Value::as_str)
        .filter(|u| url::Url::parse(u).is_ok_and(|u| is_fetchable_url(&u)))
        .map_or_else(|| issuer.join(fallback), str::to_owned)
}

fn token_endpoint(issuer: &Issuer, keys: &TenantKeys) -> String {
    keys.discovery
        .token_endpoint
        .clone()
        .unwrap_or_else(|| issuer.join("oauth/token"))
}

/// The authorization code flow through the browser and a loopback listener.
async fn browser_login(request: &Request, args: &LoginArgs, ctx: &Context) -> anyhow::Result<Got> {
    let tenants = ctx.tenants();
    let keys = tenants.keys(&request.issuer).await?;
    let listener = Loopback::bind(args.port)
        .await
        .map_err(|e| UsageError(format!("--port {}: {e}", args.port)))?;
    let redirect_uri =
        authorize::loopback_redirect_uri(args.redirect_host.as_str(), listener.port());
    let pkce = Pkce::generate();
    let state = random_b64(32);
    let nonce = random_b64(32);
    let url = AuthorizeRequest {
        endpoint: endpoint(
            &request.issuer,
            &keys,
            "authorization_endpoint",
            "authorize",
        ),
        client_id: request.auth.client_id().to_owned(),
        redirect_uri: redirect_uri.clone(),
        scope: request.scope.clone(),
        state: state.clone(),
        nonce: nonce.clone(),
        code_challenge: pkce.challenge.clone(),
        audience: Some(request.audience.clone()),
        organization: request.organization.clone(),
        connection: args.connection.clone(),
        prompt: args.prompt.map(|p| {
            p.to_possible_value()
                .expect("a value")
                .get_name()
                .to_owned()
        }),
        max_age: args.max_age,
        acr_values: args.acr_values.clone(),
    }
    .url()
    .map_err(|e| UsageError(format!("the authorize endpoint: {e}")))?;
    preflight(&url, &redirect_uri, ctx).await?;
    eprintln!("Open this URL to log in: {url}");
    let terminal = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    if !args.no_browser && terminal {
        if let Err(e) = webbrowser::open(&url) {
            eprintln!("note: could not open a browser ({e}); open the URL above");
        }
    }
    let trace = |line: &str| {
        if ctx.verbose {
            eprintln!("* {}", one_line(line));
        }
    };
    let pages = Pages {
        tenant: request.issuer.to_string(),
    };
    let callback = listener
        .wait(
            &state,
            request.issuer.as_str(),
            &redirect_uri,
            &pages,
            Duration::from_secs(args.wait),
            &trace,
        )
        .await
        .map_err(|e| LoginRefused(e.to_string()))?;
    let code = match callback {
        Callback::Code(code) => code,
        Callback::Error(e) => return Err(LoginRefused(e.to_string()).into()),
    };
    let grant = Grant::AuthorizationCode {
        code,
        redirect_uri,
        verifier: pkce.verifier,
    };
    let response = exchange(request, &keys, &grant, ctx).await?;
    let id_claims = verify_id_token(
        request,
        &keys,
        &response,
        IdTokenFrom::Code { nonce: &nonce },
        args.max_age,
        ctx,
    )?;
    store(request, &response, ctx);
    Ok(Got {
        response,
        id_claims,
        cached: false,
    })
}

/// GETs the authorize URL without following redirects: the tenant's error
/// page (a redirect URI not allowed, an unknown client) ends the login
/// before anyone waits for a browser that cannot come back.
async fn preflight(url: &str, redirect_uri: &str, ctx: &Context) -> anyhow::Result<()> {
    let http = ctx.http();
    let response = http
        .request(
            "GET",
            url,
            vec![("accept".into(), "text/html".into())],
            None,
            64 * 1024,
        )
        .await?;
    authorize::preflight(response.status, &response.body, redirect_uri)
        .map_err(|e| LoginRefused(e.to_string()))?;
    if (400..500).contains(&response.status) {
        return Err(LoginRefused(format!(
            "the tenant refused the authorize request: HTTP {} ({})",
            response.status,
            one_line(&text_of(&response.body))
        ))
        .into());
    }
    Ok(())
}

/// An HTML page's text, tags dropped, at most 200 characters.
fn text_of(body: &[u8]) -> String {
    let html = String::from_utf8_lossy(body);
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").chars().take(200).collect()
}

async fn exchange(
    request: &Request,
    keys: &TenantKeys,
    grant: &Grant,
    ctx: &Context,
) -> anyhow::Result<TokenResponse> {
    let endpoint = token_endpoint(&request.issuer, keys);
    let prepared = oauth::prepare(
        &endpoint,
        &request.issuer,
        grant,
        &request.auth,
        ctx.clock.now(),
        &new_jti()?,
    )?;
    Ok(oauth::send_once(
        ctx.tenants().http(),
        &prepared,
        request.dpop.as_ref(),
        ctx.clock.as_ref(),
    )
    .await?)
}

/// The grant whose answer carries the ID token.
#[derive(Clone, Copy)]
enum IdTokenFrom<'a> {
    /// Authorization code: the nonce sent in the authorize request.
    Code { nonce: &'a str },
    /// Device code (RFC 8628 sends no nonce).
    Device,
    /// Refresh: an ID token is optional (OIDC Core §12.2).
    Refresh,
}

/// Clock skew allowed on the ID token's `exp`/`iat` (OIDC Core §3.1.3.7
/// steps 9–10 leave it to the client; Auth0's SDKs allow 60 s).
const ID_TOKEN_LEEWAY: u64 = 60;

/// Verifies the answer's ID token (OIDC Core §3.1.3.7; at_hash §3.1.3.8)
/// and returns its claims; a login that asked for `openid` must get one
/// (§3.1.3.3), except from a refresh.
fn verify_id_token(
    request: &Request,
    keys: &TenantKeys,
    response: &TokenResponse,
    grant: IdTokenFrom<'_>,
    max_age: Option<u64>,
    ctx: &Context,
) -> anyhow::Result<Option<Object>> {
    let nonce = match grant {
        IdTokenFrom::Code { nonce } => Some(nonce),
        IdTokenFrom::Device | IdTokenFrom::Refresh => None,
    };
    let Some(id_token) = response.raw.get("id_token") else {
        if request.openid() && !matches!(grant, IdTokenFrom::Refresh) {
            return Err(LoginRefused(
                "the token endpoint's answer has no id_token although openid was granted".into(),
            )
            .into());
        }
        return Ok(None);
    };
    let id_token = id_token
        .as_str()
        .ok_or_else(|| LoginRefused("the answer's id_token is not a string".into()))?;
    let mut policy = IdTokenPolicy::new(request.issuer.clone(), request.auth.client_id())
        .with_leeway(ID_TOKEN_LEEWAY)
        .with_access_token(response.access_token.expose());
    if let Some(nonce) = nonce {
        policy = policy.with_nonce(nonce);
    }
    if let Some(max_age) = max_age {
        policy = policy.with_max_age(max_age);
    }
    let verified = policy
        .verify(id_token, &keys.keys, ctx.clock.as_ref())
        .map_err(|e| LoginRefused(format!("the ID token was rejected: {e}")))?;
    Ok(Some(verified.claims().clone().into_object()))
}

/// Caches the tokens; a cache that cannot be written is said, not fatal.
fn store(request: &Request, response: &TokenResponse, ctx: &Context) {
    let Some(cache) = ctx.cache() else {
        return;
    };
    if let Err(e) = token_cache::store_user(&cache, &request.key, response, None, ctx.clock.now()) {
        eprintln!("note: the login is not cached: {e}");
    }
}

/// The claims of a cached ID token (verified when it was obtained).
fn id_token_claims(response: &TokenResponse) -> Option<Object> {
    let token = response.raw.get("id_token")?.as_str()?;
    auth0_tok::dangerous::decode_unverified(token)
        .ok()
        .map(|jwt| jwt.claims)
}

/// The device authorization grant (RFC 8628).
async fn device_login(request: &Request, args: &LoginArgs, ctx: &Context) -> anyhow::Result<Got> {
    let tenants = ctx.tenants();
    let keys = tenants.keys(&request.issuer).await?;
    let url = endpoint(
        &request.issuer,
        &keys,
        "device_authorization_endpoint",
        "oauth/device/code",
    );
    let mut form = vec![
        ("client_id".to_owned(), request.auth.client_id().to_owned()),
        ("scope".to_owned(), request.scope.join(" ")),
        ("audience".to_owned(), request.audience.clone()),
    ];
    if let Some(org) = &request.organization {
        form.push(("organization".into(), org.clone()));
    }
    let answer = tenants
        .http()
        .post_form(&url, Vec::new(), &form, oauth::MAX_TOKEN_RESPONSE)
        .await?;
    if answer.status != 200 {
        oauth::parse(&url, answer.status, None, &answer.body)?;
    }
    let device =
        DeviceAuthorization::parse(&url, &answer.body).map_err(|e| LoginRefused(e.to_string()))?;
    eprintln!(
        "To log in, open {} and enter the code {}",
        one_line(&device.verification_uri),
        device.user_code
    );
    if let Some(complete) = &device.verification_uri_complete {
        eprintln!("  (or open {})", one_line(complete));
        let terminal = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
        if !args.no_browser && terminal {
            let _ = webbrowser::open(complete);
        }
    }
    let lifetime = Duration::from_secs(device.expires_in.min(args.wait));
    let deadline = Instant::now() + lifetime;
    let mut poller = Poller::new(&device);
    let grant = Grant::DeviceCode {
        device_code: device.device_code.clone(),
    };
    let endpoint = token_endpoint(&request.issuer, &keys);
    let response = loop {
        let wait = Duration::from_secs(poller.interval);
        if Instant::now() + wait > deadline {
            return Err(LoginRefused(format!(
                "the login was not approved within {}s",
                lifetime.as_secs()
            ))
            .into());
        }
        tokio::time::sleep(wait).await;
        let prepared = oauth::prepare(
            &endpoint,
            &request.issuer,
            &grant,
            &request.auth,
            ctx.clock.now(),
            &new_jti()?,
        )?;
        // Not `send`: its 429 retry would swallow slow_down (RFC 8628 §3.5).
        let answer = oauth::send_once(
            tenants.http(),
            &prepared,
            request.dpop.as_ref(),
            ctx.clock.as_ref(),
        )
        .await;
        match poller.decide(answer) {
            Ok(Poll::Done(response)) => break *response,
            Ok(Poll::Pending) => {}
            Ok(Poll::SlowDown) => {
                if ctx.verbose {
                    eprintln!("* slow_down: polling every {}s", poller.interval);
                }
            }
            Err(oauth::device::PollError::Device(e)) => {
                return Err(LoginRefused(e.to_string()).into());
            }
            Err(oauth::device::PollError::Endpoint(e)) => return Err(e.into()),
        }
    };
    let id_claims = verify_id_token(request, &keys, &response, IdTokenFrom::Device, None, ctx)?;
    store(request, &response, ctx);
    Ok(Got {
        response,
        id_claims,
        cached: false,
    })
}

fn print(got: &Got, format: OutputFormat, ctx: &Context) -> anyhow::Result<()> {
    let response = &got.response;
    // The token passed the answer checks (1*VSCHAR): one line.
    let token = response.access_token.expose();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if ctx.json {
        let claims = auth0_tok::dangerous::decode_unverified(token)
            .ok()
            .map(|jwt| Value::Object(jwt.claims));
        let v = json!({
            "access_token": claims,
            "id_token": got.id_claims.clone().map(Value::Object),
            "refresh_token": response.raw.contains_key("refresh_token"),
            "expires_in": response.expires_in,
            "scope": response.scope,
            "token_type": response.token_type,
            "cached": got.cached,
        });
        write_json(&mut out, &v)?;
        return Ok(out.flush()?);
    }
    match format {
        OutputFormat::Token => writeln!(out, "{token}")?,
        OutputFormat::Env => writeln!(out, "AUTH0_ACCESS_TOKEN={token}")?,
        OutputFormat::Header => writeln!(out, "Authorization: {} {token}", response.token_type)?,
    }
    Ok(out.flush()?)
}

pub async fn run_logout(args: LogoutArgs, ctx: &Context) -> anyhow::Result<()> {
    let issuer = args.client.issuer(ctx, false)?;
    let auth = args.client.auth()?;
    let Some(cache) = ctx.cache() else {
        return report_logout(&issuer, &auth, 0, 0, ctx);
    };
    // Revoke first, forget after: a refresh token forgotten but not revoked
    // would stay valid at the tenant with nothing left to revoke it with.
    let mut revoked = 0;
    if !args.no_revoke {
        let tokens = token_cache::user_refresh_tokens(&cache, issuer.as_str(), auth.client_id())?;
        if !tokens.is_empty() {
            let tenants = ctx.tenants();
            let keys = tenants.keys(&issuer).await?;
            let url = endpoint(&issuer, &keys, "revocation_endpoint", "oauth/revoke");
            let mut failed = None;
            for token in &tokens {
                match revoke(&url, &issuer, token, &auth, ctx).await {
                    Ok(()) => revoked += 1,
                    Err(e) => failed = Some(e),
                }
            }
            if let Some(e) = failed {
                return Err(e.context(format!(
                    "{} of {} refresh token(s) could not be revoked; the cached logins are kept: \
                     run `auth0-tok logout` again (or --no-revoke to only forget them)",
                    tokens.len() - revoked,
                    tokens.len()
                )));
            }
        }
    }
    let (removed, _) = token_cache::forget_users(&cache, issuer.as_str(), auth.client_id())?;
    report_logout(&issuer, &auth, removed, revoked, ctx)
}

fn report_logout(
    issuer: &Issuer,
    auth: &ClientAuth,
    removed: usize,
    revoked: usize,
    ctx: &Context,
) -> anyhow::Result<()> {
    if ctx.json {
        write_json(
            &mut std::io::stdout().lock(),
            &json!({"removed": removed, "revoked": revoked}),
        )?;
    } else {
        eprintln!(
            "logged out of {issuer} ({}): {removed} cached login(s) forgotten, {revoked} refresh token(s) revoked",
            one_line(auth.client_id())
        );
    }
    Ok(())
}

async fn revoke(
    url: &str,
    issuer: &Issuer,
    token: &RefreshToken,
    auth: &ClientAuth,
    ctx: &Context,
) -> anyhow::Result<()> {
    let prepared = oauth::prepare_revoke(url, issuer, token, auth, ctx.clock.now(), &new_jti()?)?;
    Ok(oauth::revoke(&ctx.http(), &prepared).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_page_is_shown_as_its_text() {
        assert_eq!(
            text_of(b"<html><body><h1>Oops</h1>\n<p>Callback URL mismatch.</p></body></html>"),
            "Oops Callback URL mismatch."
        );
    }
}
