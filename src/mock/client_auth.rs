//! Who the tenant's clients are and how they prove it at the token and
//! revocation endpoints, as Auth0 checks them: `client_secret_basic` or
//! `client_secret_post` (never both), `private_key_jwt` with a client
//! assertion (RFC 7523 §2.2), or none for a public client (a native app or
//! an SPA: its `client_id` alone).

use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine as _;
use serde_json::Value;

use super::params::Params;
use super::{Mock, OAuthError, oauth_error};
use crate::jose::{Algorithm, CompactJws};

/// Whether `client_id` is registered (confidential, public or private_key_jwt).
pub(crate) fn known_client(mock: &Mock, client_id: &str) -> bool {
    mock.clients.contains_key(client_id)
        || mock.config.public_clients.iter().any(|c| c == client_id)
        || mock.config.key_clients.iter().any(|(c, _)| c == client_id)
}

/// Whether `client_id` has no secret and no key (a native app or an SPA).
pub(crate) fn is_public(mock: &Mock, client_id: &str) -> bool {
    mock.config.public_clients.iter().any(|c| c == client_id)
}

/// client_secret_basic or client_secret_post (never both), private_key_jwt,
/// or none for a public client (its `client_id` alone).
pub(crate) fn authenticate(
    mock: &Mock,
    headers: &HeaderMap,
    params: &Params,
) -> Result<String, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, creds)| creds.trim().to_owned());
    let (id, secret) = match (basic, params.get("client_secret")) {
        (Some(_), Some(_)) => {
            return Err(OAuthError::invalid_request(
                "Client authentication must use only one method",
            ));
        }
        (Some(creds), None) => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(creds)
                .ok()
                .and_then(|b| String::from_utf8(b).ok());
            let Some((id, secret)) = decoded.as_deref().and_then(|s| s.split_once(':')) else {
                return Err(oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "Malformed Basic credentials",
                ));
            };
            let id = url_decode(id);
            if params.get("client_id").is_some_and(|body_id| body_id != id) {
                return Err(OAuthError::invalid_request("client_id mismatch"));
            }
            (id, url_decode(secret))
        }
        (None, Some(secret)) => match params.get("client_id") {
            Some(id) => (id.to_owned(), secret.to_owned()),
            None => {
                return Err(oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "access_denied",
                    "Unauthorized",
                ));
            }
        },
        (None, None) => match params.get("client_id") {
            Some(id) if params.get("client_assertion").is_none() && is_public(mock, id) => {
                return Ok(id.to_owned());
            }
            _ => return private_key_jwt(mock, params),
        },
    };
    match mock.clients.get(&id) {
        None => Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "access_denied",
            "Unauthorized",
        )),
        Some(expected) if !constant_time_eq(expected.expose().as_bytes(), secret.as_bytes()) => {
            Err(oauth_error(
                StatusCode::UNAUTHORIZED,
                "access_denied",
                "Unauthorized",
            ))
        }
        Some(_) => Ok(id),
    }
}

fn url_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    aws_lc_rs::constant_time::verify_slices_are_equal(a, b).is_ok()
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
