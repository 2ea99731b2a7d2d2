//! `GET|POST /userinfo` (OpenID Connect Core §5.3): the profile of the user
//! an access token of this tenant was issued for, when the token's `aud`
//! names the userinfo endpoint (Auth0 adds it when `openid` is granted).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::Mock;
use crate::verify::AccessTokenPolicy;

pub(crate) fn routes() -> Router<Arc<Mock>> {
    Router::new().route("/userinfo", get(userinfo).post(userinfo))
}

/// The audience that opens `/userinfo`: `{issuer}userinfo`, with the
/// issuer normalised (trailing slash) as Auth0 writes it.
pub(crate) fn audience(mock: &Mock) -> String {
    match &mock.expected_issuer {
        Some(issuer) => format!("{issuer}userinfo"),
        None => format!("{}userinfo", mock.url),
    }
}

fn unauthorized(description: &str) -> Response {
    let challenge = format!(
        "Bearer error=\"invalid_token\", error_description=\"{}\"",
        description.replace(['"', '\\'], "'")
    );
    (
        StatusCode::UNAUTHORIZED,
        [(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_str(&challenge)
                .unwrap_or(HeaderValue::from_static("Bearer error=\"invalid_token\"")),
        )],
    )
        .into_response()
}

async fn userinfo(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
    else {
        return unauthorized("Bearer token required");
    };
    let Ok(issuer) = mock.expected_issuer() else {
        return unauthorized("this tenant's issuer cannot be verified");
    };
    let policy = AccessTokenPolicy::new(vec![issuer], vec![audience(&mock)]);
    let verified = match policy.verify(token, &mock.key_set(), mock.clock.as_ref()) {
        Ok(v) => v,
        Err(_) => return unauthorized("Invalid token"),
    };
    let sub = verified.claims.get_str("sub").unwrap_or("");
    let Some(user) = mock.users.iter().find(|u| u.sub() == sub) else {
        return unauthorized("Unknown user");
    };
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        axum::Json(json!({
            "sub": user.sub(),
            "name": user.email,
            "nickname": user.nickname(),
            "email": user.email,
            "email_verified": true,
        })),
    )
        .into_response()
}
