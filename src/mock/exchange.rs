//! Token exchange at the mock token endpoint: Token Vault (an opaque
//! upstream token per configured connection), custom token exchange (a
//! configured subject token type) and on-behalf-of.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::issue::{TokenRequest, issue};
use super::params::Params;
use super::reply::no_store;
use super::{Mock, OAuthError, oauth_error, random_token};
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

pub(crate) fn token_exchange(request: TokenRequest<'_>) -> Result<Response, OAuthError> {
    let (mock, params) = (request.mock, request.params);
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
    let forwarded = Params::from(forwarded);
    let request = TokenRequest {
        params: &forwarded,
        ..request
    };
    issue(request, Some(&sub))
}
