//! What a request to the tenant says: its parameters ([`Params`]) from a
//! form, a JSON body or the query string, and the JSON object body of the
//! test endpoints (`/test/mint`, `/test/logout-token`).

use axum::http::{HeaderMap, header};
use serde_json::{Value, json};

use super::reply::OAuthError;
use crate::jose::Object;

/// The request parameters, from a form, a JSON body or a query.
pub(crate) struct Params(Vec<(String, String)>);

impl From<Vec<(String, String)>> for Params {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Params(pairs)
    }
}

impl Params {
    /// A token endpoint body: JSON when the content type says so, else a
    /// form (string and number members of a JSON body; others are ignored).
    pub(super) fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Self, OAuthError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("application/json") {
            let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
                return Err(OAuthError::invalid_request("Invalid JSON body"));
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
            Ok(Params::from_form(body))
        }
    }

    /// A form body (`application/x-www-form-urlencoded`).
    pub(super) fn from_form(body: &[u8]) -> Self {
        Params(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// A query string (none: no parameters).
    pub(super) fn from_query(query: Option<String>) -> Self {
        Params::from_form(query.unwrap_or_default().as_bytes())
    }

    /// The first value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of `name`, which must be there and not empty.
    pub(super) fn required(&self, name: &str) -> Result<&str, OAuthError> {
        self.get(name).filter(|v| !v.is_empty()).ok_or_else(|| {
            OAuthError::invalid_request(&format!("Missing required parameter: {name}"))
        })
    }
}

/// The JSON object a test endpoint is sent (an empty body is `{}`).
pub(super) fn json_object(body: &[u8]) -> Result<Object, OAuthError> {
    let not_object = || OAuthError::invalid_request("the body must be a JSON object");
    let request: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(body).map_err(|_| not_object())?
    };
    match request {
        Value::Object(request) => Ok(request),
        _ => Err(not_object()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_required_parameter_must_be_there_and_not_empty() {
        let params = Params::from_query(Some("code=abc&state=".into()));
        assert_eq!(params.required("code").unwrap(), "abc");
        for name in ["state", "redirect_uri"] {
            let missing = params.required(name).unwrap_err();
            assert_eq!(missing.error, "invalid_request");
            assert_eq!(
                missing.description,
                format!("Missing required parameter: {name}")
            );
        }
        assert!(Params::from_query(None).get("code").is_none());
    }

    #[test]
    fn a_test_endpoint_body_is_one_json_object_or_nothing() {
        assert!(json_object(b"").unwrap().is_empty());
        assert_eq!(json_object(br#"{"sub":"x"}"#).unwrap()["sub"], "x");
        for bad in [&b"[]"[..], b"{", b"\"x\""] {
            let refused = json_object(bad).unwrap_err();
            assert_eq!(refused.description, "the body must be a JSON object");
        }
    }
}
