//! OpenID Connect Discovery (`{issuer}.well-known/openid-configuration`):
//! the request URL, the pure parse with its issuer check, and the fetch
//! (feature `net`; the rest is always compiled).

use serde_json::Value;

use crate::answer::TenantError;
#[cfg(feature = "net")]
use crate::http::{HttpClient, MAX_BODY};
use crate::jose::{self, Object, Part};
use crate::types::{Issuer, is_fetchable_url};

/// Where a tenant's keys and token endpoint are.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Discovery {
    /// The issuer (equal to the expected one, checked).
    pub issuer: String,
    /// The JWKS URL.
    pub jwks_uri: String,
    /// The token endpoint, when the document has one.
    pub token_endpoint: Option<String>,
    /// True when the tenant served no discovery document (404) and Auth0's
    /// well-known paths are used instead.
    pub fallback: bool,
}

/// The discovery document URL for an issuer.
pub fn discovery_url(issuer: &Issuer) -> String {
    issuer.join(".well-known/openid-configuration")
}

/// Auth0's fixed paths, for tenants that serve no discovery document.
pub fn fallback(issuer: &Issuer) -> Discovery {
    Discovery {
        issuer: issuer.to_string(),
        jwks_uri: issuer.join(".well-known/jwks.json"),
        token_endpoint: Some(issuer.join("oauth/token")),
        fallback: true,
    }
}

/// Parses a discovery document and checks it belongs to `issuer`: its
/// `issuer` must equal the expected issuer exactly, trailing slash included
/// (OpenID Connect Discovery §4.3), and its URLs must be https (or loopback).
pub fn parse(issuer: &Issuer, url: &str, body: &[u8]) -> Result<(Discovery, Object), TenantError> {
    let doc = jose::parse_object(body, Part::Payload).map_err(|e| TenantError::NotJson {
        url: url.to_owned(),
        what: "discovery document",
        detail: e.to_string(),
        snippet: crate::answer::snippet(body),
    })?;
    let member = |name: &'static str| -> Result<Option<String>, TenantError> {
        match doc.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(TenantError::Discovery {
                url: url.to_owned(),
                problem: format!("{name:?} is not a string"),
            }),
        }
    };
    let found = member("issuer")?.ok_or_else(|| TenantError::Discovery {
        url: url.to_owned(),
        problem: "the document has no \"issuer\"".into(),
    })?;
    if found != issuer.as_str() {
        return Err(TenantError::IssuerMismatch {
            url: url.to_owned(),
            expected: issuer.to_string(),
            found,
        });
    }
    let jwks_uri = member("jwks_uri")?.ok_or_else(|| TenantError::Discovery {
        url: url.to_owned(),
        problem: "the document has no \"jwks_uri\"".into(),
    })?;
    check_endpoint(url, "jwks_uri", &jwks_uri)?;
    let token_endpoint = member("token_endpoint")?;
    if let Some(endpoint) = &token_endpoint {
        check_endpoint(url, "token_endpoint", endpoint)?;
    }
    Ok((
        Discovery {
            issuer: found,
            jwks_uri,
            token_endpoint,
            fallback: false,
        },
        doc,
    ))
}

fn check_endpoint(url: &str, member: &str, value: &str) -> Result<(), TenantError> {
    match url::Url::parse(value) {
        Ok(u) if is_fetchable_url(&u) => Ok(()),
        _ => Err(TenantError::Discovery {
            url: url.to_owned(),
            problem: format!("{member} {value:?} is not an https URL (http only on loopback)"),
        }),
    }
}

/// Fetches and checks the discovery document. A 404 falls back to Auth0's
/// well-known paths (reported in [`Discovery::fallback`] and the trace).
#[cfg(feature = "net")]
pub async fn fetch(
    http: &HttpClient,
    issuer: &Issuer,
) -> Result<(Discovery, Option<Object>, Option<u64>), TenantError> {
    let url = discovery_url(issuer);
    let response = http.get(&url, MAX_BODY).await?;
    if response.status == 404 {
        http.trace(&format!(
            "  no discovery document at {url} (404); falling back to {} and {}",
            issuer.join(".well-known/jwks.json"),
            issuer.join("oauth/token")
        ));
        return Ok((fallback(issuer), None, None));
    }
    if response.status != 200 {
        return Err(TenantError::Status {
            url,
            status: response.status,
            snippet: response.snippet(),
        });
    }
    let (discovery, doc) = parse(issuer, &url, &response.body)?;
    Ok((discovery, Some(doc), response.max_age()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer() -> Issuer {
        Issuer::from_domain("tenant.us.auth0.com").unwrap()
    }

    #[test]
    fn the_document_must_name_exactly_our_issuer() {
        let ok = br#"{"issuer":"https://tenant.us.auth0.com/","jwks_uri":"https://tenant.us.auth0.com/.well-known/jwks.json","token_endpoint":"https://tenant.us.auth0.com/oauth/token"}"#;
        let (d, _) = parse(&issuer(), "u", ok).unwrap();
        assert_eq!(
            d.jwks_uri,
            "https://tenant.us.auth0.com/.well-known/jwks.json"
        );
        let no_slash = br#"{"issuer":"https://tenant.us.auth0.com","jwks_uri":"https://tenant.us.auth0.com/j"}"#;
        assert!(matches!(
            parse(&issuer(), "u", no_slash),
            Err(TenantError::IssuerMismatch { .. })
        ));
        let other = br#"{"issuer":"https://evil.example/","jwks_uri":"https://evil.example/j"}"#;
        assert!(matches!(
            parse(&issuer(), "u", other),
            Err(TenantError::IssuerMismatch { .. })
        ));
    }

    #[test]
    fn key_sets_must_come_over_https() {
        let http = br#"{"issuer":"https://tenant.us.auth0.com/","jwks_uri":"http://tenant.us.auth0.com/j"}"#;
        assert!(matches!(
            parse(&issuer(), "u", http),
            Err(TenantError::Discovery { .. })
        ));
        let missing = br#"{"issuer":"https://tenant.us.auth0.com/"}"#;
        assert!(matches!(
            parse(&issuer(), "u", missing),
            Err(TenantError::Discovery { .. })
        ));
        assert!(matches!(
            parse(&issuer(), "u", b"<html>"),
            Err(TenantError::NotJson { .. })
        ));
    }

    #[test]
    fn the_fallback_uses_auth0_paths() {
        let d = fallback(&issuer());
        assert_eq!(
            d.jwks_uri,
            "https://tenant.us.auth0.com/.well-known/jwks.json"
        );
        assert_eq!(
            d.token_endpoint.as_deref(),
            Some("https://tenant.us.auth0.com/oauth/token")
        );
    }
}
