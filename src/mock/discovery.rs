//! What the tenant publishes for its clients and APIs: the OpenID Connect
//! discovery document and the JWKS (both cacheable for the configured
//! max-age), and `POST /rotate`, which changes what the JWKS publishes.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::issue::OIDC_SCOPES;
use super::reply::OAuthError;
use super::tenant::Mock;
use crate::jose::Object;

/// The discovery document: the configured issuer, endpoints at the URL the
/// tenant answers on (so they stay usable when the issuer is a custom domain).
pub(super) async fn discovery(State(mock): State<Arc<Mock>>) -> Response {
    let u = &mock.url;
    let mut scopes: Vec<&str> = OIDC_SCOPES.to_vec();
    scopes.extend(mock.config.scopes.iter().map(String::as_str));
    let doc = json!({
        "issuer": mock.issuer,
        "authorization_endpoint": format!("{u}authorize"),
        "device_authorization_endpoint": format!("{u}oauth/device/code"),
        "token_endpoint": format!("{u}oauth/token"),
        "userinfo_endpoint": format!("{u}userinfo"),
        "revocation_endpoint": format!("{u}oauth/revoke"),
        "end_session_endpoint": format!("{u}oidc/logout"),
        "jwks_uri": format!("{u}.well-known/jwks.json"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "grant_types_supported": [
            "authorization_code",
            "refresh_token",
            "urn:ietf:params:oauth:grant-type:device_code",
            "client_credentials",
            "urn:ietf:params:oauth:grant-type:token-exchange",
        ],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
        "backchannel_logout_supported": true,
        "backchannel_logout_session_supported": true,
        "scopes_supported": scopes,
        "claims_supported": ["aud", "auth_time", "email", "email_verified", "exp", "iat", "iss", "name", "nickname", "sid", "sub", "scope", "azp", "gty", "permissions", "org_id"],
    });
    (cache_headers(&mock), axum::Json(doc)).into_response()
}

/// The published keys (the current one and the retired ones kept), each
/// with `use` and `alg`.
pub(super) async fn jwks(State(mock): State<Arc<Mock>>) -> Response {
    let keys: Vec<Value> = mock
        .keys
        .read()
        .expect("lock")
        .published
        .iter()
        .map(|k| {
            let mut jwk: Object = k.public_jwk();
            jwk.insert("use".into(), json!("sig"));
            jwk.insert("alg".into(), json!(k.default_algorithm().as_str()));
            Value::Object(jwk)
        })
        .collect();
    (cache_headers(&mock), axum::Json(json!({ "keys": keys }))).into_response()
}

/// `POST /rotate`: a new signing key; answers its kid.
pub(super) async fn rotate(State(mock): State<Arc<Mock>>) -> Response {
    match mock.rotate() {
        Ok(kid) => axum::Json(json!({ "kid": kid })).into_response(),
        Err(e) => OAuthError::server_error(&e.to_string()).into_response(),
    }
}

/// `Cache-Control` with the configured max-age.
fn cache_headers(mock: &Mock) -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::CACHE_CONTROL,
        HeaderValue::from_str(&format!("public, max-age={}", mock.config.max_age)).expect("ascii"),
    )]
}
