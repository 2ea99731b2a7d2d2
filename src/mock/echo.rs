//! `/api/echo`: a protected resource that answers as an API behind
//! auth0-fastapi-api would (Bearer and DPoP in mixed mode), plus what the
//! RFC asks of a server beyond the SDK — one DPoP header field only (RFC
//! 9449 §4.3 step 1; the SDK reads the first) and proof replay detection
//! (§11.1) — so clients can try their headers with curl, and `probe` finds
//! nothing wrongly accepted.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::Mock;
use crate::jose::Algorithm;
use crate::verify::{
    AccessTokenPolicy, DpopMode, DpopPolicy, HttpRequest, RequestPolicy, verify_request,
};

/// Proof jtis are remembered this long (the proof age limit).
const REPLAY_WINDOW: i64 = 300;

pub(crate) async fn echo(
    State(mock): State<Arc<Mock>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            mock.url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned()
        });
    let request = HttpRequest {
        method: method.as_str().to_owned(),
        url: format!("http://{host}{uri}"),
        headers: headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect(),
    };
    let issuer = match mock.expected_issuer() {
        Ok(issuer) => issuer,
        Err(why) => return refuse(500, "server_error", &why.to_string(), None),
    };
    let policy = RequestPolicy {
        access: AccessTokenPolicy::new(vec![issuer], mock.config.audiences.clone())
            .with_algorithms(vec![Algorithm::RS256]),
        mode: DpopMode::Allowed,
        dpop: DpopPolicy::default(),
        scopes: Vec::new(),
    };
    let now = mock.clock.now();
    let decision = verify_request(&request, &policy, &mock.key_set(), mock.clock.as_ref());
    let accepted = match decision.rfc_outcome() {
        Ok(a) => a,
        Err(r) => {
            return refuse(
                r.status,
                r.code.as_str(),
                &r.description,
                r.www_authenticate(policy.mode),
            );
        }
    };
    if let Some(proof) = &accepted.proof {
        let jti = proof.claims.get_str("jti").unwrap_or_default().to_owned();
        let mut seen = mock.seen_jtis.lock().expect("lock");
        seen.retain(|_, iat| *iat > now - REPLAY_WINDOW - 60);
        if seen.insert(jti, now).is_some() {
            let description = "DPoP proof has already been used (jti replay)";
            let challenge = format!(
                "Bearer realm=\"api\", DPoP error=\"invalid_dpop_proof\", error_description=\"{description}\", algs=\"ES256\""
            );
            return refuse(400, "invalid_dpop_proof", description, Some(challenge));
        }
    }
    axum::Json(json!({
        "ok": true,
        "scheme": accepted.scheme.to_string(),
        "sub": accepted.token.claims.get("sub"),
        "scope": accepted.token.claims.get("scope"),
        "jkt": accepted.proof.as_ref().map(|p| p.jkt.clone()),
    }))
    .into_response()
}

fn refuse(status: u16, error: &str, description: &str, challenge: Option<String>) -> Response {
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::UNAUTHORIZED),
        axum::Json(json!({"detail": {"error": error, "error_description": description}})),
    )
        .into_response();
    if let Some(value) = challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}
