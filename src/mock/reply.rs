//! The tenant's JSON answers: Auth0-style OAuth errors ([`OAuthError`],
//! `{"error", "error_description"}`, optionally with a `DPoP-Nonce`) and
//! bodies no cache keeps.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An Auth0-style OAuth error answer.
#[derive(Debug)]
pub(crate) struct OAuthError {
    pub(super) status: StatusCode,
    pub(super) error: &'static str,
    pub(super) description: String,
    nonce: Option<String>,
}

impl OAuthError {
    /// 400 `invalid_request`: the request itself is wrong.
    pub(crate) fn invalid_request(description: &str) -> Self {
        oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// 500 `server_error`: the tenant failed (a key could not be made or used).
    pub(crate) fn server_error(description: &str) -> Self {
        oauth_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            description,
        )
    }

    /// Adds a `DPoP-Nonce` header to the answer.
    pub(crate) fn with_nonce(mut self, nonce: &str) -> Self {
        self.nonce = Some(nonce.to_owned());
        self
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            axum::Json(json!({ "error": self.error, "error_description": self.description })),
        )
            .into_response();
        if let Some(nonce) = self.nonce.and_then(|n| HeaderValue::from_str(&n).ok()) {
            response.headers_mut().insert("dpop-nonce", nonce);
        }
        response
    }
}

/// An Auth0-style OAuth error body.
pub(crate) fn oauth_error(
    status: StatusCode,
    error: &'static str,
    description: &str,
) -> OAuthError {
    OAuthError {
        status,
        error,
        description: description.to_owned(),
        nonce: None,
    }
}

/// A JSON answer that no cache keeps.
pub(crate) fn no_store(body: Value) -> Response {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        axum::Json(body),
    )
        .into_response()
}
