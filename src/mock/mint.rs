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
//! unless [`MockConfig::host`](super::MockConfig::host) says otherwise.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::issue::{sign_with, token_claims};
use super::params::json_object;
use super::reply::no_store;
use super::{Mock, OAuthError};
use crate::jose::Object;
use crate::keys::SigningKey;

pub(crate) async fn mint(State(mock): State<Arc<Mock>>, body: Bytes) -> Response {
    answer(&mock, &body).unwrap_or_else(IntoResponse::into_response)
}

fn answer(mock: &Mock, body: &[u8]) -> Result<Response, OAuthError> {
    let request = json_object(body)?;
    let overrides = match request.get("claims") {
        None | Some(Value::Null) => Object::new(),
        Some(Value::Object(o)) => o.clone(),
        Some(_) => {
            return Err(OAuthError::invalid_request("\"claims\" must be an object"));
        }
    };
    let current = mock.signing_key();
    let key = match request.get("key").and_then(Value::as_str) {
        None | Some("tenant") => current,
        Some("unpublished") => {
            let fresh =
                SigningKey::generate_rsa().map_err(|e| OAuthError::server_error(&e.to_string()))?;
            fresh.with_kid(current.kid().unwrap_or_default())
        }
        Some(_) => {
            return Err(OAuthError::invalid_request(
                "\"key\" must be \"tenant\" or \"unpublished\"",
            ));
        }
    };
    let now = mock.clock.now();
    let mut claims = token_claims(mock, "auth0-tok-mint@clients", now);
    if let Some(aud) = mock.config.audiences.first() {
        claims.insert("aud".into(), json!(aud));
    }
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
    let token = sign_with(&key, "JWT", &claims)?;
    Ok(no_store(json!({"access_token": token, "claims": claims})))
}
