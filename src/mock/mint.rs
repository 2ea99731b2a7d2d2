//! `POST /test/mint`: tokens a test needs and no client-credentials grant
//! gives — for `auth0-tok probe --tenant mock`, which checks that an API
//! trusting this tenant refuses correctly signed but wrong tokens.
//!
//! The body is `{"claims": {…}, "key": "tenant" | "unpublished"}`. The
//! token starts as the tenant issues one (`iss`, `sub`, the first audience,
//! `iat` now, `exp` after the token lifetime, every scope); each member of
//! `claims` replaces its claim, `null` removes it. `"key": "unpublished"`
//! signs with a fresh key the JWKS does not publish, under the current
//! key's `kid`. The endpoint answers where the tenant answers: on loopback
//! unless `mock serve --host` says otherwise.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

use super::{Mock, OAuthError, oauth_error};
use crate::jose::{Algorithm, Object};
use crate::keys::SigningKey;

pub(crate) async fn mint(State(mock): State<Arc<Mock>>, body: Bytes) -> Response {
    answer(&mock, &body).unwrap_or_else(IntoResponse::into_response)
}

fn bad(description: &str) -> OAuthError {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

fn answer(mock: &Mock, body: &[u8]) -> Result<Response, OAuthError> {
    let request: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(body).map_err(|_| bad("the body must be a JSON object"))?
    };
    let Value::Object(request) = request else {
        return Err(bad("the body must be a JSON object"));
    };
    let overrides = match request.get("claims") {
        None | Some(Value::Null) => Object::new(),
        Some(Value::Object(o)) => o.clone(),
        Some(_) => return Err(bad("\"claims\" must be an object")),
    };
    let current = mock.signing_key();
    let key = match request.get("key").and_then(Value::as_str) {
        None | Some("tenant") => current,
        Some("unpublished") => {
            let fresh = SigningKey::generate_rsa().map_err(|e| {
                oauth_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "server_error",
                    &e.to_string(),
                )
            })?;
            fresh.with_kid(current.kid().unwrap_or_default())
        }
        Some(_) => return Err(bad("\"key\" must be \"tenant\" or \"unpublished\"")),
    };
    let now = mock.clock.now();
    let mut claims = Object::new();
    claims.insert("iss".into(), json!(mock.issuer));
    claims.insert("sub".into(), json!("auth0-tok-mint@clients"));
    if let Some(aud) = mock.config.audiences.first() {
        claims.insert("aud".into(), json!(aud));
    }
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + mock.config.token_lifetime as i64));
    if !mock.config.scopes.is_empty() {
        claims.insert("scope".into(), json!(mock.config.scopes.join(" ")));
    }
    for (name, value) in overrides {
        if value.is_null() {
            claims.remove(&name);
        } else {
            claims.insert(name, value);
        }
    }
    let mut jwt_header = Object::new();
    jwt_header.insert("typ".into(), json!("JWT"));
    let token = key
        .sign_jwt(Algorithm::RS256, &jwt_header, &claims)
        .map_err(|e| {
            oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                &e.to_string(),
            )
        })?;
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        axum::Json(json!({"access_token": token, "claims": claims})),
    )
        .into_response())
}
