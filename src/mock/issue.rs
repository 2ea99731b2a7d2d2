//! What every grant of the mock tenant shares: the request parameters (a
//! form or a JSON body) and the access token issued for them — by client
//! credentials (`token.rs`) and by Token Vault and token exchange
//! (`exchange.rs`).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Mock, OAuthError, oauth_error};
use crate::jose::{Algorithm, Object};

/// The request parameters, from a form or a JSON body.
pub(crate) struct Params(Vec<(String, String)>);

impl From<Vec<(String, String)>> for Params {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Params(pairs)
    }
}

impl Params {
    pub(super) fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Self, OAuthError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("application/json") {
            let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
                return Err(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Invalid JSON body",
                ));
            };
            let pairs = map
                .into_iter()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k, s)),
                    Value::Number(n) => Some((k, n.to_string())),
                    _ => None,
                })
                .collect();
            Ok(Params(pairs))
        } else {
            Ok(Params(
                url::form_urlencoded::parse(body).into_owned().collect(),
            ))
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Issues an access token for `params` (audience, scope, organization):
/// for the client itself, or for `sub` after a token exchange.
pub(crate) fn issue(
    mock: &Mock,
    client_id: &str,
    sub: Option<&str>,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let Some(audience) = params.get("audience") else {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "access_denied",
            "No audience parameter was provided, and no default audience has been configured",
        ));
    };
    if !mock.config.audiences.iter().any(|a| a == audience) {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "access_denied",
            &format!("Service not found: {audience}"),
        ));
    }
    let granted: Vec<&str> = match params.get("scope") {
        None => mock.config.scopes.iter().map(String::as_str).collect(),
        Some(requested) => requested
            .split(' ')
            .filter(|s| mock.config.scopes.iter().any(|g| g == s))
            .collect(),
    };
    let now = mock.clock.now() - mock.config.backdate as i64;
    let mut claims = Object::new();
    claims.insert("iss".into(), json!(mock.issuer));
    let subject = sub.map_or_else(|| format!("{client_id}@clients"), str::to_owned);
    claims.insert("sub".into(), json!(subject));
    claims.insert("aud".into(), json!(audience));
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + mock.config.token_lifetime as i64));
    if !granted.is_empty() {
        claims.insert("scope".into(), json!(granted.join(" ")));
    }
    if let Some(org) = params.get("organization") {
        claims.insert("org_id".into(), json!(org));
    }
    if sub.is_none() {
        claims.insert("gty".into(), json!("client-credentials"));
    }
    if let Some(jkt) = jkt {
        claims.insert("cnf".into(), json!({ "jkt": jkt }));
    }
    claims.insert("azp".into(), json!(client_id));
    let key = mock.signing_key();
    let mut header = Object::new();
    header.insert("typ".into(), json!("JWT"));
    let token = key
        .sign_jwt(Algorithm::RS256, &header, &claims)
        .map_err(|e| {
            oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                &e.to_string(),
            )
        })?;
    let mut body = json!({
        "access_token": token,
        "token_type": if jkt.is_some() { "DPoP" } else { "Bearer" },
        "expires_in": mock.config.token_lifetime,
    });
    if !granted.is_empty() {
        body["scope"] = json!(granted.join(" "));
    }
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        axum::Json(body),
    )
        .into_response())
}
