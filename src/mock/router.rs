//! Which handler answers which path, and what every answer goes through
//! first: the configured latency and injected failures of an unreliable
//! tenant. An unknown path gets Auth0's JSON 404.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use serde_json::json;

use super::reply::OAuthError;
use super::tenant::Mock;
use super::{authorize, device, discovery, echo, grants, logout, mint, token, userinfo};

/// The tenant's routes, every one behind [`unreliable`].
pub(super) fn router(state: Arc<Mock>) -> Router {
    Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(discovery::discovery),
        )
        .route("/.well-known/jwks.json", get(discovery::jwks))
        .route("/oauth/token", post(token::token))
        .route("/rotate", post(discovery::rotate))
        .route("/test/mint", post(mint::mint))
        .route("/api/echo", any(echo::echo))
        .merge(authorize::routes())
        .merge(device::routes())
        .merge(grants::routes())
        .merge(userinfo::routes())
        .merge(logout::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            unreliable,
        ))
        .with_state(state)
}

/// [`MockConfig::latency_ms`](super::MockConfig::latency_ms) and
/// [`MockConfig::fail_rate`](super::MockConfig::fail_rate): a slow, flaky
/// tenant on demand.
async fn unreliable(
    State(mock): State<Arc<Mock>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if mock.config.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(mock.config.latency_ms)).await;
    }
    if mock.config.fail_rate > 0.0 {
        let mut b = [0u8; 4];
        aws_lc_rs::rand::fill(&mut b).expect("system randomness");
        if (u32::from_le_bytes(b) as f64 / u32::MAX as f64) < mock.config.fail_rate {
            return OAuthError::server_error(&format!(
                "injected failure (fail rate {})",
                mock.config.fail_rate
            ))
            .into_response();
        }
    }
    next.run(request).await
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"error": "not_found", "error_description": "Not Found"})),
    )
        .into_response()
}
