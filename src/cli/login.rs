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

mod args;
mod browser;
mod cached;
mod device;
mod id_token;
mod logout;

use std::io::Write;

use auth0_tok::Issuer;
use auth0_tok::dpop::DpopKey;
use auth0_tok::http::HttpClient;
use auth0_tok::jose::Object;
use auth0_tok::oauth::cache::UserTokenKey;
use auth0_tok::oauth::client::Client;
use auth0_tok::oauth::{ClientAuth, TokenResponse};
use auth0_tok::tenant::{TenantKeys, Tenants};
use auth0_tok::types::is_fetchable_url;
use serde_json::{Value, json};

use args::Prompt;
pub use args::{LoginArgs, LogoutArgs, UserClientArgs};
pub use logout::run_logout;

use super::output::{one_line, write_json};
use super::token::OutputFormat;
use super::{Context, UsageError};

/// The scopes asked when `--scope` is not given.
pub const DEFAULT_SCOPES: [&str; 3] = ["openid", "profile", "offline_access"];

/// How long a cached access token must still be valid to be reused.
const MIN_TTL: u64 = 60;

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

    /// This login's client at `endpoint` (with its DPoP key, when bound).
    fn client<'a>(
        &'a self,
        http: &'a HttpClient,
        ctx: &'a Context,
        endpoint: &'a str,
    ) -> Client<'a> {
        Client::new(http, ctx.clock.as_ref(), &self.issuer, &self.auth, endpoint)
            .with_dpop(self.dpop.as_ref())
    }

    fn openid(&self) -> bool {
        self.scope.iter().any(|s| s == "openid")
    }
}

/// A login under way: what it asks for, its options, the tenant and the
/// tenant's keys (fetched once, for the endpoints and the ID token).
#[derive(Clone, Copy)]
struct Login<'a> {
    request: &'a Request,
    args: &'a LoginArgs,
    tenants: &'a Tenants,
    keys: &'a TenantKeys,
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
        match cached::reuse(&request, ctx).await {
            Ok(Some(got)) => return print(&got, args.format, ctx),
            Ok(None) => {}
            Err(e) if e.is::<LoginRefused>() => eprintln!("note: {e}; logging in again"),
            Err(e) => return Err(e),
        }
    }
    let tenants = ctx.tenants();
    let keys = tenants.keys(&request.issuer).await?;
    let login = Login {
        request: &request,
        args: &args,
        tenants: &tenants,
        keys: &keys,
    };
    let got = if args.device {
        device::device_login(login, ctx).await?
    } else {
        browser::browser_login(login, ctx).await?
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
    match cached::reuse(&request, ctx).await? {
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

/// The tenant's endpoint named `member` in its discovery document (a
/// fetchable URL), else `fallback` under the issuer.
fn endpoint(issuer: &Issuer, keys: &TenantKeys, member: &str, fallback: &str) -> String {
    keys.discovery_document
        .as_ref()
        .and_then(|doc| doc.get(member))
        .and_then(Value::as_str)
        .filter(|u| url::Url::parse(u).is_ok_and(|u| is_fetchable_url(&u)))
        .map_or_else(|| issuer.join(fallback), str::to_owned)
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
