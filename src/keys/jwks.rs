//! Fetching a tenant's JSON Web Key Set, and how long to keep it.
//!
//! The parse and the TTL rule are pure and always compiled (the disk cache
//! and `--jwks FILE` use them); the fetch needs feature `net`.

use super::JwkSet;
use crate::answer::TenantError;
use crate::clock::UnixTime;
#[cfg(feature = "net")]
use crate::http::{HttpClient, MAX_BODY};

/// The longest a key set is kept: 600 s, as auth0-api-python. A cached
/// entry's expiry is clamped to its fetch time plus this.
pub const MAX_TTL: u64 = 600;
/// The shortest interval between two refetches triggered by an unknown
/// `kid`, and the least a process keeps a key set it fetched, whatever
/// `Cache-Control` says (see `crate::tenant`).
pub const REFETCH_INTERVAL: u64 = 30;

/// Cache lifetime for a response: `min(max-age, 600)`, 600 without max-age.
pub fn ttl(max_age: Option<u64>) -> u64 {
    max_age.map_or(MAX_TTL, |m| m.min(MAX_TTL))
}

/// A fetched key set: parsed keys, the document as served, and its max-age.
#[derive(Debug, Clone)]
pub struct FetchedJwks {
    /// The usable (and skipped) keys.
    pub keys: JwkSet,
    /// The JWKS JSON as served.
    pub document: serde_json::Value,
    /// Cache-Control max-age, if any.
    pub max_age: Option<u64>,
    /// The server's clock when it answered (its `Date` header), if given.
    pub date: Option<UnixTime>,
}

/// Fetches and parses the key set at `uri` (body capped at 1 MiB).
#[cfg(feature = "net")]
pub async fn fetch(http: &HttpClient, uri: &str) -> Result<FetchedJwks, TenantError> {
    let response = http.get(uri, MAX_BODY).await?;
    if response.status != 200 {
        return Err(TenantError::Status {
            url: uri.to_owned(),
            status: response.status,
            snippet: response.snippet(),
        });
    }
    parse(uri, &response.body).map(|(keys, document)| FetchedJwks {
        keys,
        document,
        max_age: response.max_age(),
        date: response.date(),
    })
}

/// Parses a key set body, naming `url` in errors.
pub fn parse(url: &str, body: &[u8]) -> Result<(JwkSet, serde_json::Value), TenantError> {
    let document: serde_json::Value = crate::jose::parse_object(body, crate::jose::Part::Payload)
        .map(serde_json::Value::Object)
        .map_err(|e| TenantError::NotJson {
            url: url.to_owned(),
            what: "key set",
            detail: e.to_string(),
            snippet: crate::answer::snippet(body),
        })?;
    let keys = JwkSet::from_object(document.as_object().expect("parsed as an object")).map_err(
        |source| TenantError::Jwks {
            url: url.to_owned(),
            source,
        },
    )?;
    if keys.keys().is_empty() {
        return Err(TenantError::NoUsableKeys {
            url: url.to_owned(),
            skipped: keys
                .skipped()
                .iter()
                .map(|(kid, e)| format!("{}: {e}", kid.as_deref().unwrap_or("(no kid)")))
                .collect(),
        });
    }
    Ok((keys, document))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_is_capped_at_ten_minutes() {
        assert_eq!(ttl(None), 600);
        assert_eq!(ttl(Some(30)), 30);
        assert_eq!(ttl(Some(86_400)), 600);
        assert_eq!(ttl(Some(0)), 0);
    }

    #[test]
    fn a_key_set_with_no_usable_key_is_an_error_naming_the_url() {
        let err = parse("https://t/jwks", br#"{"keys":[{"kty":"oct","k":"AA"}]}"#).unwrap_err();
        assert!(err.to_string().contains("https://t/jwks"), "{err}");
        let err = parse("https://t/jwks", b"<!doctype html>").unwrap_err();
        assert!(err.to_string().contains("not JSON"), "{err}");
    }
}
