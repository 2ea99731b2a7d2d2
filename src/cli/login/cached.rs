//! The cached login of `login` and `token --user`: its access token while
//! fresh, else one refresh (sent once: a refresh token is single-use under
//! rotation), the rotated refresh token replacing the old. A refresh token
//! the tenant refuses is forgotten and explained, never retried.

use auth0_tok::jose::Object;
use auth0_tok::oauth::cache::{self as token_cache, CachedUser};
use auth0_tok::oauth::client::{self as token_client, ClientError};
use auth0_tok::oauth::{self, TokenEndpointError, TokenResponse};

use super::id_token::{IdTokenFrom, verify_id_token};
use super::{Got, LoginRefused, MIN_TTL, Request};
use crate::cli::Context;
use crate::cli::output::one_line;
use crate::cli::token::client_error;

/// The cached login: its access token while fresh, else refreshed.
/// `Ok(None)`: nothing cached (or the cache is off).
pub(super) async fn reuse(request: &Request, ctx: &Context) -> anyhow::Result<Option<Got>> {
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
    let tenants = ctx.tenants();
    let keys = tenants.keys(&request.issuer).await?;
    let endpoint = token_client::token_endpoint(&request.issuer, &keys.discovery);
    let client = request.client(tenants.http(), ctx, &endpoint);
    let response = match client.refresh(&refresh_token, &cache, &request.key).await {
        Ok(response) => response,
        Err(ClientError::Endpoint(e)) if oauth::refresh_token_refused(&e) => {
            return Err(refresh_refused(&e).into());
        }
        Err(e) => return Err(client_error(e)),
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

/// Caches the tokens; a cache that cannot be written is said, not fatal.
pub(super) fn store(request: &Request, response: &TokenResponse, ctx: &Context) {
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
