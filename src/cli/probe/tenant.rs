//! What the tenant provides for some checks: its public key for the
//! token's `kid` (key confusion), a token lacking a route scope, and with
//! `--tenant mock` the correctly signed tokens the mock mints (`POST
//! /test/mint`) that the API must refuse.

use auth0_tok::dangerous::decode_unverified;
use auth0_tok::probe::{self, Check};
use serde_json::{Value, json};

use super::{ProbeArgs, TenantKind};
use crate::cli::credential::Credential;
use crate::cli::exit::BaselineFailed;
use crate::cli::{Context, UsageError};

/// Tokens the tenant provides for some checks.
#[derive(Default)]
pub(super) struct Substitutes {
    pub missing_scope: Option<String>,
    pub minted: Vec<(Check, String)>,
}

impl Substitutes {
    pub fn get(&self, check: Check) -> Option<&str> {
        if check == Check::MissingScope {
            return self.missing_scope.as_deref();
        }
        self.minted
            .iter()
            .find(|(c, _)| *c == check)
            .map(|(_, t)| t.as_str())
    }
}

/// The tenant's public key for the token's `kid`, as PEM, or why the
/// key-confusion variant cannot be built.
pub(super) async fn tenant_key_pem(token: &str, ctx: &Context) -> Result<String, String> {
    let header = decode_unverified(token)
        .map_err(|_| "the token is not a JWT".to_owned())?
        .header;
    let kid = header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or("the token names no kid")?
        .to_owned();
    let issuer = ctx
        .issuer()
        .map_err(|_| "no tenant to read its public key from (--domain)".to_owned())?;
    let keys = ctx
        .tenants()
        .keys(&issuer)
        .await
        .map_err(|e| format!("the tenant's keys could not be read: {e}"))?;
    let key = keys
        .keys
        .keys()
        .iter()
        .find(|k| k.kid() == Some(&kid))
        .ok_or_else(|| format!("{issuer} publishes no key with the token's kid {kid:?}"))?;
    probe::rsa_public_pem(key.jwk())
        .ok_or_else(|| format!("the tenant's key {kid:?} is not an RSA key"))
}

/// The token's granted scopes (its `scope` claim, split), none when it is
/// not a JWT.
fn granted_scopes(token: &str) -> Vec<String> {
    decode_unverified(token)
        .ok()
        .and_then(|t| t.claims.get("scope")?.as_str().map(str::to_owned))
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A token like the baseline's without the first route scope: minted by the
/// mock, or from the tenant for the other scopes (when the probe gets tokens).
pub(super) async fn token_lacking_scope(
    args: &ProbeArgs,
    route_scopes: &[String],
    credential: &Credential,
    ctx: &Context,
) -> Result<String, String> {
    let dropped = &route_scopes[0];
    let mut baseline_scopes = granted_scopes(credential.token.expose());
    baseline_scopes.retain(|s| s != dropped);
    let token = if args.tenant == TenantKind::Mock {
        mint(
            ctx,
            json!({"scope": baseline_scopes.join(" ")}),
            credential,
            "tenant",
        )
        .await
        .map_err(|e| format!("{e:#}"))?
    } else if args.token.is_none() {
        let others = if baseline_scopes.is_empty() {
            vec!["openid".to_owned()]
        } else {
            baseline_scopes
        };
        let got = args
            .credential
            .token_for_scopes(others, ctx)
            .await
            .map_err(|e| format!("the tenant gave no token without {dropped}: {e:#}"))?;
        got.expose().to_owned()
    } else {
        return Err(format!(
            "with --token the probe cannot get a token lacking {dropped} (drop --token, or use --tenant mock)"
        ));
    };
    if granted_scopes(&token).contains(dropped) {
        return Err(format!(
            "the tenant grants {dropped} even when it is not asked for"
        ));
    }
    Ok(token)
}

/// The minted variants: claim overrides (null removes) and the signing key.
fn mint_requests(now: i64) -> Vec<(Check, Value, &'static str)> {
    vec![
        (
            Check::WrongAudience,
            json!({"aud": "https://auth0-tok-probe.invalid/another-api"}),
            "tenant",
        ),
        (
            Check::Expired,
            json!({"iat": now - 7200, "exp": now - 3600}),
            "tenant",
        ),
        (Check::NbfAhead, json!({"nbf": now + 3600}), "tenant"),
        (Check::IatAhead, json!({"iat": now + 3600}), "tenant"),
        (
            Check::WrongIssuer,
            json!({"iss": "https://auth0-tok-probe.invalid/"}),
            "tenant",
        ),
        (Check::MissingExp, json!({"exp": null}), "tenant"),
        (Check::MissingIat, json!({"iat": null}), "tenant"),
        (Check::UnpublishedKey, json!({}), "unpublished"),
    ]
}

/// One token per minted check, each like the baseline but for one claim.
pub(super) async fn mint_all(
    token: &str,
    credential: &Credential,
    ctx: &Context,
) -> anyhow::Result<Vec<(Check, String)>> {
    let baseline = decode_unverified(token).map_err(|e| {
        UsageError(format!(
            "--tenant mock: the baseline token is not a JWT: {e}"
        ))
    })?;
    let mut out = Vec::new();
    for (check, overrides, key) in mint_requests(ctx.clock.now()) {
        // The baseline's audience and scope, so that only one thing differs.
        let mut claims = json!({});
        for name in ["aud", "scope"] {
            if let Some(v) = baseline.claims.get(name) {
                claims[name] = v.clone();
            }
        }
        for (k, v) in overrides.as_object().expect("object") {
            claims[k] = v.clone();
        }
        out.push((check, mint(ctx, claims, credential, key).await?));
    }
    Ok(out)
}

/// `POST /test/mint` on the mock tenant.
async fn mint(
    ctx: &Context,
    mut claims: Value,
    credential: &Credential,
    key: &str,
) -> anyhow::Result<String> {
    if let Some(dpop) = &credential.dpop {
        if claims.get("cnf").is_none() {
            claims["cnf"] = json!({"jkt": dpop.thumbprint()});
        }
    }
    let issuer = ctx.issuer()?;
    let tenants = ctx.tenants();
    let discovery = tenants.discovery(&issuer).await?;
    let endpoint = discovery
        .token_endpoint
        .unwrap_or_else(|| issuer.join("oauth/token"));
    let url = match endpoint.strip_suffix("oauth/token") {
        Some(base) => format!("{base}test/mint"),
        None => issuer.join("test/mint"),
    };
    let body = serde_json::to_vec(&json!({"claims": claims, "key": key}))?;
    let response = tenants
        .http()
        .request(
            "POST",
            &url,
            vec![("content-type".into(), "application/json".into())],
            Some(body),
            64 * 1024,
        )
        .await?;
    let answer: Option<String> = serde_json::from_slice::<Value>(&response.body)
        .ok()
        .and_then(|v| v.get("access_token")?.as_str().map(str::to_owned));
    match answer {
        Some(t) if response.status == 200 => Ok(t),
        _ => Err(BaselineFailed {
            why: format!(
                "--tenant mock: {url} answered {} ({}); is the tenant `auth0-tok mock serve`?",
                response.status,
                response.snippet()
            ),
            json_reported: false,
        }
        .into()),
    }
}
