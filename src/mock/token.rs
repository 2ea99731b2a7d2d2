//! `POST /oauth/token`: the client authenticated (`client_auth.rs`), the
//! DPoP binding checked, and the grant chosen, as Auth0 answers them;
//! client credentials issue here, the exchanges in `exchange.rs` and the
//! user grants in `grants.rs`, all through `issue.rs`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::client_auth::{authenticate, is_public};
use super::issue::{TokenRequest, issue};
use super::params::Params;
use super::{Mock, OAuthError, exchange, grants, oauth_error};
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
    let request = TokenRequest {
        mock,
        client_id: &client_id,
        params: &params,
        jkt: jkt.as_deref(),
    };
    match params.get("grant_type") {
        None => Err(OAuthError::invalid_request(
            "Missing required parameter: grant_type",
        )),
        Some("client_credentials") => client_credentials(request),
        Some(exchange::TOKEN_VAULT) => exchange::token_vault(mock, &params),
        Some(exchange::TOKEN_EXCHANGE) => exchange::token_exchange(request),
        Some("authorization_code") => grants::authorization_code(request),
        Some("refresh_token") => grants::refresh_token(request),
        Some(grants::DEVICE_CODE) => grants::device_code(request),
        Some(other) => Err(oauth_error(
            StatusCode::FORBIDDEN,
            "unsupported_grant_type",
            &format!("Unsupported grant type: {other}"),
        )),
    }
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

/// Client credentials: a token for the client itself (not for a public client).
fn client_credentials(request: TokenRequest<'_>) -> Result<Response, OAuthError> {
    if is_public(request.mock, request.client_id) {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "unauthorized_client",
            "Grant type 'client_credentials' not allowed for the client.",
        ));
    }
    issue(request, None)
}
