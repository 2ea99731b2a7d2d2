//! Token exchange and `private_key_jwt` at the mock token endpoint: Token
//! Vault (an opaque upstream token per configured connection), custom
//! token exchange (a configured subject token type), on-behalf-of, and
//! client assertions (RFC 7523).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::issue::issue;
use super::params::Params;
use super::reply::no_store;
use super::{Mock, OAuthError, oauth_error, random_token};
use crate::jose::{Algorithm, CompactJws};
use crate::verify::AccessTokenPolicy;

pub(crate) const TOKEN_VAULT: &str =
    "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token";
pub(crate) const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN: &str = "urn:ietf:params:oauth:token-type:access_token";
const REFRESH_TOKEN: &str = "urn:ietf:params:oauth:token-type:refresh_token";
const FEDERATED: &str = "http://auth0.com/oauth/token-type/federated-connection-access-token";

/// Verifies an access token this tenant issued, for any of its APIs.
fn verify_own(mock: &Mock, token: &str) -> Result<crate::verify::VerifiedToken, OAuthError> {
    let issuer = mock
        .expected_issuer()
        .map_err(|why| OAuthError::server_error(&why.to_string()))?;
    let policy = AccessTokenPolicy::new(vec![issuer], mock.config.audiences.clone());
    policy
        .verify(token, &mock.key_set(), mock.clock.as_ref())
        .map_err(|e| {
            oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_grant",
                &format!("Invalid subject token: {e}"),
            )
        })
}

pub(crate) fn token_vault(mock: &Mock, params: &Params) -> Result<Response, OAuthError> {
    let subject = params.required("subject_token")?;
    let subject_type = params.required("subject_token_type")?;
    if params.required("requested_token_type")? != FEDERATED {
        return Err(OAuthError::invalid_request(
            "Unsupported requested_token_type",
        ));
    }
    let connection = params.required("connection")?;
    match subject_type {
        ACCESS_TOKEN => {
            verify_own(mock, subject)?;
        }
        REFRESH_TOKEN => {}
        other => {
            return Err(OAuthError::invalid_request(&format!(
                "Unsupported subject_token_type: {other}"
            )));
        }
    }
    if !mock.config.connections.iter().any(|c| c == connection) {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "federated_connection_refresh_token_not_found",
            "Federated connection Refresh Token not found.",
        ));
    }
    Ok(no_store(json!({
        "access_token": format!("upstream-{connection}-{}", random_token()),
        "issued_token_type": FEDERATED,
        "token_type": "Bearer",
        "expires_in": 3600,
        "scope": "openid profile",
    })))
}

pub(crate) fn token_exchange(
    mock: &Mock,
    client_id: &str,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let subject = params.required("subject_token")?;
    let subject_type = params.required("subject_token_type")?;
    let sub = if subject_type == ACCESS_TOKEN {
        // On-behalf-of: the subject must be one of our access tokens.
        verify_own(mock, subject)?
            .claims
            .get_str("sub")
            .unwrap_or("")
            .to_owned()
    } else if subject_type == mock.config.custom_token_type {
        format!("custom|{}", &crate::dpop::ath(subject)[..16])
    } else {
        return Err(OAuthError::invalid_request(&format!(
            "No token exchange profile for subject_token_type {subject_type}"
        )));
    };
    let audience = params
        .get("audience")
        .unwrap_or(&mock.config.audiences[0])
        .to_owned();
    let mut forwarded: Vec<(String, String)> = vec![("audience".into(), audience)];
    if let Some(scope) = params.get("scope") {
        forwarded.push(("scope".into(), scope.to_owned()));
    }
    if let Some(org) = params.get("organization") {
        forwarded.push(("organization".into(), org.to_owned()));
    }
    issue(mock, client_id, Some(&sub), &Params::from(forwarded), jkt)
}

/// `private_key_jwt` (RFC 7523 §2.2): the client proves possession of its
/// registered key with a short-lived assertion for this tenant.
pub(crate) fn private_key_jwt(mock: &Mock, params: &Params) -> Result<String, OAuthError> {
    let denied = |why: &str| oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", why);
    if params.get("client_assertion_type") != Some(crate::oauth::JWT_BEARER) {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "access_denied",
            "Unauthorized",
        ));
    }
    let assertion = params
        .get("client_assertion")
        .ok_or_else(|| denied("Missing client_assertion"))?;
    let jws = CompactJws::parse(assertion)
        .map_err(|e| denied(&format!("Invalid client_assertion: {e}")))?;
    let iss = jws.payload.get_str("iss").unwrap_or("");
    if jws.payload.get_str("sub") != Some(iss) {
        return Err(denied(
            "client_assertion iss and sub must both be the client id",
        ));
    }
    if params.get("client_id").is_some_and(|id| id != iss) {
        return Err(denied("client_id does not match the client_assertion"));
    }
    let (_, key) = mock
        .config
        .key_clients
        .iter()
        .find(|(id, _)| id == iss)
        .ok_or_else(|| denied("Unknown client"))?;
    let alg: Algorithm = jws
        .header
        .get_str("alg")
        .and_then(|a| a.parse().ok())
        .filter(|a: &Algorithm| matches!(a, Algorithm::RS256 | Algorithm::PS256 | Algorithm::ES256))
        .ok_or_else(|| denied("Unsupported client_assertion alg"))?;
    key.verify(alg, jws.signing_input.as_bytes(), &jws.signature)
        .map_err(|_| denied("Invalid client_assertion signature"))?;
    let accepted = mock.assertion_audiences();
    let aud_ok = match jws.payload.get("aud").as_deref() {
        Some(Value::String(a)) => accepted.contains(a),
        Some(Value::Array(items)) => items
            .iter()
            .any(|a| a.as_str().is_some_and(|a| accepted.iter().any(|x| x == a))),
        _ => false,
    };
    if !aud_ok {
        return Err(denied("client_assertion aud must be the tenant"));
    }
    let now = mock.clock.now();
    let exp = jws.payload.get("exp").and_then(|v| v.as_i64()).unwrap_or(0);
    let iat = jws.payload.get("iat").and_then(|v| v.as_i64()).unwrap_or(0);
    if exp <= now || exp - iat > 300 || jws.payload.get_str("jti").is_none_or(str::is_empty) {
        return Err(denied(
            "client_assertion is expired, lives longer than 5 minutes, or has no jti",
        ));
    }
    Ok(iss.to_owned())
}
