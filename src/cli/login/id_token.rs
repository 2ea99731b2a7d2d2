//! The ID token of a login's answer, verified before any token is kept
//! (OIDC Core §3.1.3.7: issuer, client, nonce, max_age, at_hash §3.1.3.8)
//! against the tenant's key set.

use auth0_tok::jose::Object;
use auth0_tok::oauth::TokenResponse;
use auth0_tok::tenant::TenantKeys;
use auth0_tok::verify::IdTokenPolicy;

use super::{LoginRefused, Request};
use crate::cli::Context;

/// The grant whose answer carries the ID token.
#[derive(Clone, Copy)]
pub(super) enum IdTokenFrom<'a> {
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
pub(super) fn verify_id_token(
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
