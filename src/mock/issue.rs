//! What every grant of the mock tenant shares: the tokens issued for the
//! request's parameters (`params.rs`) — by client credentials
//! (`token.rs`), by Token Vault and token exchange (`exchange.rs`), and for
//! a logged-in user by the authorization code, refresh token and device
//! code grants (`grants.rs`): an access token, an ID token with `openid`, a
//! refresh token with `offline_access`. Test tokens (`mint.rs`) and logout
//! tokens (`logout.rs`) are signed here too.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::params::Params;
use super::reply::{OAuthError, no_store, oauth_error};
use super::store::Grant;
use super::tenant::Mock;
use crate::jose::{Algorithm, Object};
use crate::keys::SigningKey;
use crate::types::TokenSecret;

/// A token request whose client is authenticated: what every grant is given.
#[derive(Clone, Copy)]
pub(crate) struct TokenRequest<'a> {
    pub mock: &'a Mock,
    /// The authenticated client.
    pub client_id: &'a str,
    pub params: &'a Params,
    /// The thumbprint of the DPoP proof's key, that the tokens are bound to.
    pub jkt: Option<&'a str>,
}

/// Issues an access token for `params` (audience, scope, organization):
/// for the client itself, or for `sub` after a token exchange.
pub(crate) fn issue(request: TokenRequest<'_>, sub: Option<&str>) -> Result<Response, OAuthError> {
    let TokenRequest {
        mock,
        client_id,
        params,
        jkt,
    } = request;
    let Some(audience) = params.get("audience") else {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "access_denied",
            "No audience parameter was provided, and no default audience has been configured",
        ));
    };
    if !mock.config.audiences.iter().any(|a| a == audience) {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "access_denied",
            &format!("Service not found: {audience}"),
        ));
    }
    let granted: Vec<&str> = match params.get("scope") {
        None => mock.config.scopes.iter().map(String::as_str).collect(),
        Some(requested) => requested
            .split(' ')
            .filter(|s| mock.config.scopes.iter().any(|g| g == s))
            .collect(),
    };
    let now = mock.clock.now() - mock.config.backdate as i64;
    let subject = sub.map_or_else(|| format!("{client_id}@clients"), str::to_owned);
    let mut claims = token_claims(mock, &subject, now);
    claims.insert("aud".into(), json!(audience));
    if !granted.is_empty() {
        claims.insert("scope".into(), json!(granted.join(" ")));
    }
    if let Some(org) = params.get("organization") {
        claims.insert("org_id".into(), json!(org));
    }
    if sub.is_none() {
        claims.insert("gty".into(), json!("client-credentials"));
    }
    if let Some(jkt) = jkt {
        claims.insert("cnf".into(), json!({ "jkt": jkt }));
    }
    claims.insert("azp".into(), json!(client_id));
    let token = sign(mock, "JWT", &claims)?;
    let mut body = json!({
        "access_token": token,
        "token_type": if jkt.is_some() { "DPoP" } else { "Bearer" },
        "expires_in": mock.config.token_lifetime,
    });
    if !granted.is_empty() {
        body["scope"] = json!(granted.join(" "));
    }
    Ok(no_store(body))
}

/// Signs `claims` with the tenant's current key (RS256, header `typ`, `kid`).
pub(crate) fn sign(mock: &Mock, typ: &str, claims: &Object) -> Result<String, OAuthError> {
    sign_with(&mock.signing_key(), typ, claims)
}

/// Signs `claims` with `key` (RS256, header `typ`, the key's `kid`).
pub(crate) fn sign_with(
    key: &SigningKey,
    typ: &str,
    claims: &Object,
) -> Result<String, OAuthError> {
    let mut header = Object::new();
    header.insert("typ".into(), json!(typ));
    key.sign_jwt(Algorithm::RS256, &header, claims)
        .map_err(|e| OAuthError::server_error(&e.to_string()))
}

/// The claims every access token of the tenant starts with: `iss`, `sub`,
/// `iat` and `exp` after the configured token lifetime.
pub(crate) fn token_claims(mock: &Mock, sub: &str, iat: i64) -> Object {
    let mut claims = Object::new();
    claims.insert("iss".into(), json!(mock.issuer));
    claims.insert("sub".into(), json!(sub));
    claims.insert("iat".into(), json!(iat));
    claims.insert("exp".into(), json!(iat + mock.config.token_lifetime as i64));
    claims
}

/// The OpenID Connect scopes every client may ask for a user.
pub(crate) const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// The scopes granted to a user's login: those requested that are OpenID
/// Connect scopes or scopes of the tenant's APIs, in the order requested.
pub(crate) fn granted_user_scopes<'a>(mock: &Mock, requested: &'a str) -> Vec<&'a str> {
    let mut granted: Vec<&str> = Vec::new();
    for s in requested.split(' ').filter(|s| !s.is_empty()) {
        let known = OIDC_SCOPES.contains(&s) || mock.config.scopes.iter().any(|g| g == s);
        if known && !granted.contains(&s) {
            granted.push(s);
        }
    }
    granted
}

/// OpenID Connect Core §3.1.3.8: base64url of the left half of SHA-256 of the access token.
pub(crate) fn at_hash(access_token: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, access_token.as_bytes());
    crate::jose::b64(&digest.as_ref()[..16])
}

/// The tokens of a user's login: the access token (for the grant's
/// audience, with the user's RBAC `permissions`), an ID token when
/// `openid` is granted (with the code's `nonce` when `with_nonce`), and
/// `refresh_token` when the grant made one.
pub(crate) fn issue_user(
    mock: &Mock,
    grant: &Grant,
    jkt: Option<&str>,
    refresh_token: Option<&TokenSecret>,
    with_nonce: bool,
) -> Result<Response, OAuthError> {
    let user = &mock.users[grant.user];
    let granted = granted_user_scopes(mock, &grant.scope);
    let openid = granted.contains(&"openid");
    let now = mock.clock.now() - mock.config.backdate as i64;
    let userinfo = super::userinfo::audience(mock);
    let mut claims = token_claims(mock, &user.sub(), now);
    let aud = match (&grant.audience, openid) {
        (Some(audience), true) => json!([audience, userinfo]),
        (Some(audience), false) => json!(audience),
        (None, _) => json!(userinfo),
    };
    claims.insert("aud".into(), aud);
    claims.insert("scope".into(), json!(granted.join(" ")));
    claims.insert("azp".into(), json!(grant.client_id));
    if !user.permissions.is_empty() {
        claims.insert("permissions".into(), json!(user.permissions));
    }
    if !user.roles.is_empty() {
        claims.insert(super::users::ROLES_CLAIM.into(), json!(user.roles));
    }
    if let Some(org) = &grant.organization {
        claims.insert("org_id".into(), json!(org));
    }
    if let Some(jkt) = jkt {
        claims.insert("cnf".into(), json!({ "jkt": jkt }));
    }
    let access_token = sign(mock, "JWT", &claims)?;
    let mut body = json!({
        "access_token": access_token,
        "token_type": if jkt.is_some() { "DPoP" } else { "Bearer" },
        "expires_in": mock.config.token_lifetime,
        "scope": granted.join(" "),
    });
    if openid {
        let mut id = Object::new();
        id.insert("iss".into(), json!(mock.issuer));
        id.insert("sub".into(), json!(user.sub()));
        id.insert("aud".into(), json!(grant.client_id));
        id.insert("iat".into(), json!(now));
        id.insert("exp".into(), json!(now + 36_000));
        id.insert("auth_time".into(), json!(grant.auth_time));
        if let Some(nonce) = grant.nonce.as_ref().filter(|_| with_nonce) {
            id.insert("nonce".into(), json!(nonce));
        }
        id.insert("sid".into(), json!(grant.sid));
        id.insert("at_hash".into(), json!(at_hash(&access_token)));
        id.insert("name".into(), json!(user.email));
        id.insert("nickname".into(), json!(user.nickname()));
        id.insert("email".into(), json!(user.email));
        id.insert("email_verified".into(), json!(true));
        if !user.roles.is_empty() {
            id.insert(super::users::ROLES_CLAIM.into(), json!(user.roles));
        }
        if let Some(org) = &grant.organization {
            id.insert("org_id".into(), json!(org));
        }
        body["id_token"] = json!(sign(mock, "JWT", &id)?);
    }
    if let Some(refresh) = refresh_token {
        body["refresh_token"] = json!(refresh.expose());
    }
    Ok(no_store(body))
}
