//! `auth0-tok demo`: the whole loop against an in-process mock tenant, each
//! step checked, in well under a second. With `--json`, one
//! `{"step","ok","detail"}` line per step and nothing else.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use auth0_tok::cache::CacheDir;
use auth0_tok::dpop::{DpopKey, ProofClaims, new_jti};
use auth0_tok::http::{HttpClient, Trace};
use auth0_tok::mock::{MockClient, MockConfig, MockServer};
use auth0_tok::oauth::authorize::{self, AuthorizeRequest, Callback};
use auth0_tok::oauth::client::{Client, ClientCredentials, Source, TokenSource};
use auth0_tok::oauth::loopback::{Loopback, Pages};
use auth0_tok::oauth::pkce::Pkce;
use auth0_tok::oauth::secret::random_b64;
use auth0_tok::oauth::{ClientAuth, Grant, SubjectTokenType};
use auth0_tok::tenant::Tenants;
use auth0_tok::types::{ClientSecret, TokenSecret};
use auth0_tok::verify::{
    AccessTokenPolicy, DpopMode, DpopPolicy, HttpRequest, IdTokenPolicy, RequestPolicy,
};
use auth0_tok::{Algorithm, Issuer};
use clap::Args;
use colored::Colorize;
use serde_json::json;

use super::output::{one_line, write_json};
use super::token::client_error;
use super::{Context, UsageError};

#[derive(Debug, Args)]
#[command(after_help = "Example:\n  cargo run --release -- demo")]
pub struct DemoArgs {}

const API: &str = "https://api.example.com";

struct Steps {
    failed: usize,
    started: Instant,
    out: std::io::Stdout,
    /// `--json`: one `{"step","ok","detail"}` line per step, nothing else.
    json: bool,
}

impl Steps {
    fn check(&mut self, ok: bool, what: &str, proves: &str) -> std::io::Result<()> {
        let mut out = self.out.lock();
        if !ok {
            self.failed += 1;
        }
        if self.json {
            return write_json(&mut out, &json!({"step": what, "ok": ok, "detail": proves}));
        }
        if ok {
            writeln!(
                out,
                "{} {what}\n    {}",
                "✔".green().bold(),
                proves.dimmed()
            )
        } else {
            writeln!(out, "{} {what}", "✘".red().bold())
        }
    }

    /// A line of the human report (none with `--json`).
    fn say(&self, line: std::fmt::Arguments) -> std::io::Result<()> {
        if self.json {
            return Ok(());
        }
        writeln!(self.out.lock(), "{line}")
    }
}

pub async fn run(_args: DemoArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut steps = Steps {
        failed: 0,
        started: Instant::now(),
        out: std::io::stdout(),
        json: ctx.json,
    };
    let secret = ClientSecret::new(super::mock::random_secret());
    let config = MockConfig {
        clients: vec![MockClient {
            id: "demo-client".into(),
            secret: secret.clone(),
        }],
        audiences: vec![API.into()],
        require_dpop_nonce: true,
        auto_login: true,
        ..MockConfig::default()
    };
    let server = MockServer::bind(config).await?;
    let issuer = Issuer::from_domain(server.issuer())?;
    steps.say(format_args!("local tenant {}", issuer.as_str().bold()))?;
    let _serving = server.spawn();

    let token_requests = Arc::new(AtomicUsize::new(0));
    let nonce_retries = Arc::new(AtomicUsize::new(0));
    let trace: Trace = {
        let (requests, retries) = (token_requests.clone(), nonce_retries.clone());
        Arc::new(move |line: &str| {
            if line.starts_with("> POST") {
                requests.fetch_add(1, Ordering::Relaxed);
            }
            if line.contains("use_dpop_nonce") {
                retries.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let http = HttpClient::new(ctx.timeout).with_trace(Some(trace));
    let cache_dir = std::env::temp_dir().join(format!("auth0-tok-demo-{}", std::process::id()));
    let cache = CacheDir::new(&cache_dir);
    let tenants = Tenants::new(http.clone(), Some(cache.clone()), ctx.clock.clone());
    let endpoint = issuer.join("oauth/token");
    let auth = ClientAuth::SecretPost {
        client_id: "demo-client".into(),
        secret,
    };
    // The engine of `auth0-tok token`, on the demo's own cache.
    let source = TokenSource::new(&tenants, ctx.clock.as_ref(), Some(&cache));
    let credentials = ClientCredentials {
        issuer: issuer.clone(),
        auth: auth.clone(),
        audience: API.into(),
        scope: vec!["read:messages".into()],
        organization: None,
    };

    // 1. Client credentials.
    let got = source
        .client_credentials(&credentials, None, 60)
        .await
        .map_err(client_error)?;
    if let Source::Endpoint {
        not_stored: Some(e),
    } = got.source
    {
        return Err(e.into());
    }
    let bearer = got.response;
    steps.check(
        bearer.token_type == "Bearer",
        "client-credentials token issued",
        "POST /oauth/token with client_secret_post returns an RS256 access token",
    )?;

    // 2. Verify it.
    let policy = AccessTokenPolicy::new(vec![issuer.clone()], vec![API.into()])
        .require_scopes(vec!["read:messages".into()]);
    let verified = tenants.verify(&policy, bearer.access_token.expose()).await;
    steps.check(
        verified.is_ok(),
        "token verified",
        "discovery + JWKS fetched; signature, iss, aud, exp, iat and scope checked",
    )?;

    // 3. A DPoP key.
    let dpop = DpopKey::generate()?;
    steps.check(
        dpop.thumbprint().len() == 43,
        &format!("DPoP key generated (jkt {})", dpop.thumbprint()),
        "P-256 key; RFC 7638 thumbprint",
    )?;

    // 4. A DPoP-bound token, after the nonce challenge.
    let before = token_requests.load(Ordering::Relaxed);
    let bound = source
        .client_credentials(&credentials, Some(&dpop), 60)
        .await
        .map_err(client_error)?
        .response;
    let claims = auth0_tok::dangerous::decode_unverified(bound.access_token.expose())?.claims;
    let jkt_ok = claims
        .get("cnf")
        .and_then(|c| c.get("jkt"))
        .and_then(|j| j.as_str())
        == Some(dpop.thumbprint().as_str());
    steps.check(
        bound.token_type == "DPoP" && jkt_ok && nonce_retries.load(Ordering::Relaxed) == 1 && token_requests.load(Ordering::Relaxed) == before + 2,
        "DPoP-bound token issued after a nonce retry",
        "400 use_dpop_nonce + DPoP-Nonce → retried once with the nonce; cnf.jkt = the key's thumbprint",
    )?;

    // 5. Proof + request accepted.
    let url = "https://api.example.com/messages";
    let token = bound.access_token.expose();
    let proof = dpop.proof(
        &ProofClaims::new("GET", url, ctx.clock.now(), new_jti()?).with_access_token(token),
    )?;
    let request_policy = RequestPolicy {
        access: AccessTokenPolicy::new(vec![issuer.clone()], vec![API.into()])
            .with_algorithms(vec![Algorithm::RS256]),
        mode: DpopMode::Allowed,
        dpop: DpopPolicy::default(),
        scopes: vec![],
    };
    let request = |proof: &str| HttpRequest {
        method: "GET".into(),
        url: url.into(),
        headers: vec![
            ("Authorization".into(), format!("DPoP {token}")),
            ("DPoP".into(), proof.to_owned()),
        ],
    };
    let accepted = tenants
        .verify_request(&request(&proof), &request_policy)
        .await?;
    steps.check(
        accepted.outcome.is_ok(),
        "request with a fresh proof accepted (200)",
        "proof signature, htm, htu, iat, ath, and cnf.jkt binding all hold",
    )?;

    // 6. A tampered proof.
    let tampered = dpop.proof(
        &ProofClaims::new(
            "GET",
            "https://api.example.com/admin",
            ctx.clock.now(),
            new_jti()?,
        )
        .with_access_token(token),
    )?;
    let refused = tenants
        .verify_request(&request(&tampered), &request_policy)
        .await?;
    let challenge = refused
        .outcome
        .as_ref()
        .err()
        .and_then(|r| r.www_authenticate(DpopMode::Allowed));
    steps.check(
        refused.outcome.as_ref().is_err_and(|r| r.status == 400) && challenge.is_some(),
        "proof for another URL rejected as the SDK would",
        &format!(
            "400 invalid_dpop_proof; WWW-Authenticate: {}",
            challenge.unwrap_or_default()
        ),
    )?;

    // 7. Token Vault.
    let vault = Grant::TokenVault {
        subject_token: TokenSecret::new(bearer.access_token.expose()),
        subject_token_type: SubjectTokenType::AccessToken,
        connection: "google-oauth2".into(),
        login_hint: None,
    };
    let upstream = Client::new(&http, ctx.clock.as_ref(), &issuer, &auth, &endpoint)
        .request(&vault)
        .await
        .map_err(client_error)?;
    steps.check(
        upstream
            .access_token
            .expose()
            .starts_with("upstream-google-oauth2-"),
        "Token Vault exchange returned the upstream token",
        "federated-connection-access-token grant with Basic auth, as auth0-api-python sends it",
    )?;

    // 8. Cache hit without a request.
    let before = token_requests.load(Ordering::Relaxed);
    let hit = source
        .client_credentials(&credentials, None, 60)
        .await
        .map_err(client_error)?;
    steps.check(
        matches!(hit.source, Source::Cache { .. })
            && hit.response.access_token == bearer.access_token
            && token_requests.load(Ordering::Relaxed) == before,
        "token cache hit",
        "the second `auth0-tok token` for the same client, API and scopes sends no request",
    )?;
    // 9. A user's tokens, as `auth0-tok login` gets them.
    let for_api = AccessTokenPolicy::new(vec![issuer.clone()], vec![API.into()]);
    let user = user_login(&http, &tenants, &issuer, &auth, &for_api, ctx).await;
    let proves = match &user {
        Ok(sub) => format!(
            "authorization code + PKCE S256 on a loopback redirect (`auth0-tok login`): state checked, \
             the ID token verified (nonce, at_hash), an access token for the API acting for {sub}"
        ),
        Err(e) => format!("{e:#}"),
    };
    steps.check(user.is_ok(), "a user logs in", &proves)?;
    if let Err(e) = &user {
        steps.say(format_args!("    {}", one_line(&format!("{e:#}"))))?;
    }
    let _ = std::fs::remove_dir_all(&cache_dir);
    let elapsed = steps.started.elapsed();
    if steps.failed > 0 {
        return Err(UsageError(format!("{} demo step(s) failed", steps.failed)).into());
    }
    steps.say(format_args!(
        "{} every step behaved as expected ({} ms)",
        "done:".bold(),
        elapsed.as_millis()
    ))?;
    Ok(())
}

/// Logs the tenant's default user in as `auth0-tok login` does — the
/// tenant (`auto_login`) stands in for the browser's login form — and
/// returns the user's `sub` once both tokens verified.
async fn user_login(
    http: &HttpClient,
    tenants: &Tenants,
    issuer: &Issuer,
    auth: &ClientAuth,
    api: &AccessTokenPolicy,
    ctx: &Context,
) -> anyhow::Result<String> {
    let loopback = Loopback::bind(0).await?;
    let redirect_uri = authorize::loopback_redirect_uri("127.0.0.1", loopback.port());
    let pkce = Pkce::generate();
    let (state, nonce) = (random_b64(32), random_b64(32));
    let url = AuthorizeRequest {
        endpoint: issuer.join("authorize"),
        client_id: auth.client_id().to_owned(),
        redirect_uri: redirect_uri.clone(),
        scope: ["openid", "profile", "offline_access"]
            .map(String::from)
            .to_vec(),
        state: state.clone(),
        nonce: nonce.clone(),
        code_challenge: pkce.challenge.clone(),
        audience: Some(API.into()),
        ..AuthorizeRequest::default()
    }
    .url()?;
    let pages = Pages {
        tenant: issuer.to_string(),
    };
    let waiting = loopback.wait(
        &state,
        issuer.as_str(),
        &redirect_uri,
        &pages,
        Duration::from_secs(10),
        &|_| {},
    );
    // The browser's part: /authorize redirects to the loopback callback.
    let browser = async {
        let answer = http
            .request("GET", &url, Vec::new(), None, 64 * 1024)
            .await?;
        let location = answer
            .header("location")
            .ok_or_else(|| {
                anyhow::anyhow!("/authorize answered {} without a redirect", answer.status)
            })?
            .to_owned();
        http.request("GET", &location, Vec::new(), None, 64 * 1024)
            .await?;
        anyhow::Ok(())
    };
    let (callback, browsed) = tokio::join!(waiting, browser);
    browsed?;
    let code = match callback? {
        Callback::Code(code) => code,
        Callback::Error(e) => anyhow::bail!("the login ended with {e}"),
    };
    let grant = Grant::AuthorizationCode {
        code,
        redirect_uri,
        verifier: pkce.verifier,
    };
    let endpoint = issuer.join("oauth/token");
    let tokens = Client::new(http, ctx.clock.as_ref(), issuer, auth, &endpoint)
        .request(&grant)
        .await
        .map_err(client_error)?;
    let id_token = tokens
        .raw
        .get("id_token")
        .and_then(|v| v.as_str())
        .ok_or_else(|| anyhow::anyhow!("the answer has no id_token"))?;
    let keys = tenants.keys(issuer).await?;
    let verified = IdTokenPolicy::new(issuer.clone(), auth.client_id())
        .with_nonce(nonce)
        .with_access_token(tokens.access_token.expose())
        .verify(id_token, &keys.keys, ctx.clock.as_ref())?;
    let access = tenants.verify(api, tokens.access_token.expose()).await?;
    let sub = verified.subject().unwrap_or_default().to_owned();
    let access_sub = access.claims.get_str("sub").unwrap_or_default();
    anyhow::ensure!(
        sub.starts_with("auth0|") && access_sub == sub,
        "the access token's sub {access_sub:?} is not the ID token's {sub:?}"
    );
    Ok(sub)
}
