//! Logging out: `GET /oidc/logout` (RP-initiated logout: the browser
//! session ends) and `POST /test/logout-token`, which issues the logout
//! token Auth0 would POST to an application's back-channel logout URL
//! (OpenID Connect Back-Channel Logout 1.0 §2.4), for `mock logout`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::authorize::{SESSION_COOKIE, callback_allowed, found, session_cookies};
use super::issue::sign;
use super::params::{Params, json_object};
use super::reply::no_store;
use super::{Mock, OAuthError, pages, random_token};
use crate::jose::Object;

/// The `events` member that makes a JWT a logout token (§2.4).
pub const BACKCHANNEL_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// How long a logout token is valid (seconds).
const LOGOUT_TOKEN_LIFETIME: i64 = 120;

pub(crate) fn routes() -> Router<Arc<Mock>> {
    Router::new()
        .route("/oidc/logout", get(end_session))
        .route("/test/logout-token", post(logout_token))
}

async fn logout_token(State(mock): State<Arc<Mock>>, body: Bytes) -> Response {
    answer(&mock, &body).unwrap_or_else(IntoResponse::into_response)
}

fn answer(mock: &Mock, body: &[u8]) -> Result<Response, OAuthError> {
    let request = json_object(body)?;
    let text = |name: &str| -> Result<Option<String>, OAuthError> {
        match request.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(OAuthError::invalid_request(&format!(
                "\"{name}\" must be a non-empty string"
            ))),
        }
    };
    let (sub, sid) = (text("sub")?, text("sid")?);
    if sub.is_none() && sid.is_none() {
        return Err(OAuthError::invalid_request(
            "a logout token names a \"sub\", a \"sid\" or both",
        ));
    }
    let client_id = match text("client_id")? {
        Some(id) => id,
        None => mock
            .config
            .clients
            .first()
            .map(|c| c.id.clone())
            .or_else(|| mock.config.public_clients.first().cloned())
            .or_else(|| mock.config.key_clients.first().map(|(id, _)| id.clone()))
            .ok_or_else(|| {
                OAuthError::invalid_request("the tenant has no client: give \"client_id\"")
            })?,
    };
    let now = mock.clock.now();
    let mut claims = Object::new();
    claims.insert("iss".into(), json!(mock.issuer));
    claims.insert("aud".into(), json!(client_id));
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + LOGOUT_TOKEN_LIFETIME));
    claims.insert("jti".into(), json!(random_token()));
    if let Some(sub) = sub {
        claims.insert("sub".into(), json!(sub));
    }
    if let Some(sid) = sid {
        claims.insert("sid".into(), json!(sid));
    }
    claims.insert("events".into(), json!({ BACKCHANNEL_EVENT: {} }));
    let token = sign(mock, "logout+jwt", &claims)?;
    Ok(no_store(json!({ "logout_token": token })))
}

/// Ends the browser session; back to `returnTo` (or
/// `post_logout_redirect_uri`) when it is an allowed URL.
async fn end_session(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params = Params::from_query(query);
    {
        let mut store = mock.store.lock().expect("lock");
        for id in session_cookies(&headers) {
            store.sessions.remove(id);
        }
    }
    let back = params
        .get("returnTo")
        .or_else(|| params.get("post_logout_redirect_uri"))
        .filter(|url| callback_allowed(&mock.config.callbacks, url));
    let mut response = match back {
        Some(url) => found(url),
        None => pages::message(StatusCode::OK, "Logged out", "You are logged out."),
    };
    let expired = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
