//! `POST /oauth/token`: client authentication, DPoP binding and the choice
//! of grant, as Auth0 answers them; client credentials issue here, the
//! exchanges in `exchange.rs`, both through `issue.rs`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

use super::issue::issue;
use super::params::Params;
use super::{Mock, OAuthError, oauth_error};
use crate::verify::{DpopPolicy, ProofError, verify_proof};

pub(crate) async fn token(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(&mock, &headers, &body).unwrap_or_else(IntoResponse::into_response)
}

fn answer(mock: &Mock, headers: &HeaderMap, body: &[u8]) -> Result<Response, OAuthError> {
    let params = Params::parse(headers, body)?;
    let client_id = authenticate(mock, headers, &params)?;
    let jkt = dpop_binding(mock, headers)?;
    match params.get("grant_type") {
        None => Err(OAuthError::invalid_request(
            "Missing required parameter: grant_type",
        )),
        Some("client_credentials") => client_credentials(mock, &client_id, &params, jkt.as_deref()),
        Some(super::exchange::TOKEN_VAULT) => super::exchange::token_vault(mock, &params),
        Some(super::exchange::TOKEN_EXCHANGE) => {
            super::exchange::token_exchange(mock, &client_id, &params, jkt.as_deref())
        }
        Some("authorization_code") => {
            super::grants::authorization_code(mock, &client_id, &params, jkt.as_deref())
        }
        Some("refresh_token") => {
            super::grants::refresh_token(mock, &client_id, &params, jkt.as_deref())
        }
        Some(super::grants::DEVICE_CODE) => {
            super::grants::device_code(mock, &client_id, &params, jkt.as_deref())
        }
        Some(other) => Err(oauth_error(
            StatusCode::FORBIDDEN,
            "unsupported_grant_type",
            &format!("Unsupported grant type: {other}"),
        )),
    }
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
            Some(id)
                if params.get("client_assertion").is_none()
                    && super::authorize::is_public(mock, id) =>
            {
                return Ok(id.to_owned());
            }
            _ => return super::exchange::private_key_jwt(mock, params),
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

/// Checks a `DPoP` header on a token request (RFC 9449 §5): a proof for
/// POST on the token endpoint, with this tenant's nonce when it requires
/// one. Returns the proof key's thumbprint to bind the token to.
fn dpop_binding(mock: &Mock, headers: &HeaderMap) -> Result<Option<String>, OAuthError> {
    let mut proofs = headers.get_all("dpop").iter();
    let Some(proof) = proofs.next() else {
        return Ok(None);
    };
    if proofs.next().is_some() {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_dpop_proof",
            "Multiple DPoP proofs are not allowed",
        ));
    }
    let proof = proof.to_str().map_err(|_| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_dpop_proof",
            "The DPoP header is not valid ASCII",
        )
    })?;
    let policy = DpopPolicy {
        nonce: mock.config.require_dpop_nonce.then(|| mock.nonce.clone()),
        ..DpopPolicy::default()
    };
    let endpoint = format!("{}oauth/token", mock.url);
    match verify_proof(proof, None, "POST", &endpoint, &policy, mock.clock.as_ref()) {
        Ok(p) => Ok(Some(p.jkt)),
        Err(e @ (ProofError::NonceMissing | ProofError::NonceMismatch)) => {
            let _ = e;
            Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "use_dpop_nonce",
                "Authorization server requires nonce in DPoP proof",
            )
            .with_nonce(&mock.nonce))
        }
        Err(e) => Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_dpop_proof",
            &e.to_string(),
        )),
    }
}

pub(crate) fn client_credentials(
    mock: &Mock,
    client_id: &str,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    if super::authorize::is_public(mock, client_id) {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "unauthorized_client",
            "Grant type 'client_credentials' not allowed for the client.",
        ));
    }
    issue(mock, client_id, None, params, jkt)
}
