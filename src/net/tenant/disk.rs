//! A tenant's key-set entry in the disk cache, and the checks it passes on
//! the way back in.
//!
//! The entry is input like any network answer: its discovery document and
//! key set are kept as the JSON text they were served as (re-serialised)
//! and re-parsed on every read by the very parsers and limits the network
//! path uses ([`discovery::parse`], [`jwks::parse`], [`MAX_BODY`]), the
//! envelope itself by the strict JSON parser. On top: the entry must be
//! for the issuer it is looked up for, its `fetched_at` may not be in the
//! future, its `expires_at` is clamped to `fetched_at` + [`MAX_TTL`] (the
//! TTL rule's ceiling), and a refetch cannot postdate the fetch it made.

use serde::{Deserialize, Serialize};

use super::{KeySource, TenantError, TenantKeys};
use crate::answer::MAX_BODY;
use crate::clock::UnixTime;
use crate::discovery::{self, discovery_url};
use crate::jose::{self, Part};
use crate::jwks::{self, MAX_TTL};
use crate::types::Issuer;

/// Entries of another version are a miss.
const VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    version: u32,
    issuer: String,
    /// The discovery document; `None` for Auth0's fixed paths (a 404).
    discovery: Option<String>,
    jwks: String,
    fetched_at: UnixTime,
    expires_at: UnixTime,
    refetched_at: Option<UnixTime>,
}

/// Why a cached entry is not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unusable {
    #[error("it is not a key-set entry of this version ({0})")]
    Shape(String),
    #[error("it is for issuer {found:?}")]
    Issuer { found: String },
    #[error("its fetched_at is {ahead}s in the future")]
    FetchedInTheFuture { ahead: i64 },
    #[error("its refetched_at is not before its fetched_at")]
    RefetchAfterFetch,
    #[error("it expired {ago}s ago")]
    Expired { ago: i64 },
    #[error("its {what} is larger than {MAX_BODY} bytes")]
    TooLarge { what: &'static str },
    #[error("{0}")]
    Content(TenantError),
}

/// The entry for `keys`.
pub fn encode(keys: &TenantKeys) -> Vec<u8> {
    let entry = Entry {
        version: VERSION,
        issuer: keys.discovery.issuer.clone(),
        discovery: keys
            .discovery_document
            .as_ref()
            .map(|doc| serde_json::to_string(doc).expect("serialisable")),
        jwks: serde_json::to_string(&keys.document).expect("serialisable"),
        fetched_at: keys.fetched_at,
        expires_at: keys.expires_at,
        refetched_at: keys.refetched_at,
    };
    serde_json::to_vec(&entry).expect("serialisable")
}

/// The keys in an entry read for `issuer` at `now`, when usable.
pub fn decode(issuer: &Issuer, bytes: &[u8], now: UnixTime) -> Result<TenantKeys, Unusable> {
    let envelope =
        jose::parse_object(bytes, Part::Payload).map_err(|e| Unusable::Shape(e.to_string()))?;
    let entry: Entry = serde_json::from_value(serde_json::Value::Object(envelope))
        .map_err(|e| Unusable::Shape(e.to_string()))?;
    if entry.version != VERSION {
        return Err(Unusable::Shape(format!("version {}", entry.version)));
    }
    if entry.issuer != issuer.as_str() {
        return Err(Unusable::Issuer {
            found: entry.issuer,
        });
    }
    if entry.fetched_at > now {
        return Err(Unusable::FetchedInTheFuture {
            ahead: entry.fetched_at - now,
        });
    }
    if entry.refetched_at.is_some_and(|at| at > entry.fetched_at) {
        return Err(Unusable::RefetchAfterFetch);
    }
    let expires_at = entry
        .expires_at
        .min(entry.fetched_at.saturating_add(MAX_TTL as i64));
    if now >= expires_at {
        return Err(Unusable::Expired {
            ago: now - expires_at,
        });
    }
    let (discovery, discovery_document) = match &entry.discovery {
        None => (discovery::fallback(issuer), None),
        Some(text) => {
            if text.len() > MAX_BODY {
                return Err(Unusable::TooLarge {
                    what: "discovery document",
                });
            }
            let (found, doc) = discovery::parse(issuer, &discovery_url(issuer), text.as_bytes())
                .map_err(Unusable::Content)?;
            (found, Some(doc))
        }
    };
    if entry.jwks.len() > MAX_BODY {
        return Err(Unusable::TooLarge { what: "key set" });
    }
    let (keys, document) =
        jwks::parse(&discovery.jwks_uri, entry.jwks.as_bytes()).map_err(Unusable::Content)?;
    Ok(TenantKeys {
        discovery,
        discovery_document,
        keys,
        document,
        fetched_at: entry.fetched_at,
        expires_at,
        refetched_at: entry.refetched_at,
        source: KeySource::Disk,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::jwk::JwkSet;
    use crate::keys::SigningKey;

    const NOW: UnixTime = 1_800_000_000;

    fn issuer() -> Issuer {
        Issuer::from_domain("tenant.us.auth0.com").unwrap()
    }

    fn jwks() -> Value {
        let key = SigningKey::generate_rsa().unwrap().with_kid("k1");
        json!({ "keys": [Value::Object(key.public_jwk())] })
    }

    fn keys(fetched_at: UnixTime, expires_at: UnixTime) -> TenantKeys {
        let document = jwks();
        let discovery_document = json!({
            "issuer": issuer().as_str(),
            "jwks_uri": issuer().join(".well-known/jwks.json"),
        });
        TenantKeys {
            discovery: discovery::parse(&issuer(), "u", discovery_document.to_string().as_bytes())
                .unwrap()
                .0,
            discovery_document: discovery_document.as_object().cloned(),
            keys: JwkSet::from_object(document.as_object().unwrap()).unwrap(),
            document,
            fetched_at,
            expires_at,
            refetched_at: None,
            source: KeySource::Network,
        }
    }

    /// `encode(keys)` with `edit` applied to the entry's JSON.
    fn entry_with(keys: &TenantKeys, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut v: Value = serde_json::from_slice(&encode(keys)).unwrap();
        edit(&mut v);
        serde_json::to_vec(&v).unwrap()
    }

    #[test]
    fn an_entry_round_trips() {
        let k = keys(NOW - 10, NOW + 590);
        let back = decode(&issuer(), &encode(&k), NOW).unwrap();
        assert_eq!(back.discovery, k.discovery);
        assert!(back.keys.has_kid("k1"));
        assert_eq!((back.fetched_at, back.expires_at), (NOW - 10, NOW + 590));
        assert_eq!(back.source, KeySource::Disk);
    }

    #[test]
    fn a_far_expiry_is_clamped_to_the_ttl_rule() {
        let far = keys(NOW - 700, NOW + 10 * 365 * 86_400);
        assert_eq!(
            decode(&issuer(), &encode(&far), NOW).unwrap_err(),
            Unusable::Expired { ago: 100 }
        );
        let recent = keys(NOW - 100, NOW + 10 * 365 * 86_400);
        assert_eq!(
            decode(&issuer(), &encode(&recent), NOW).unwrap().expires_at,
            NOW + 500
        );
    }

    #[test]
    fn a_fetch_in_the_future_rejects_the_entry() {
        let k = keys(NOW + 60, NOW + 600);
        assert_eq!(
            decode(&issuer(), &encode(&k), NOW).unwrap_err(),
            Unusable::FetchedInTheFuture { ahead: 60 }
        );
        let mut k = keys(NOW - 60, NOW + 500);
        k.refetched_at = Some(NOW - 10);
        assert_eq!(
            decode(&issuer(), &encode(&k), NOW).unwrap_err(),
            Unusable::RefetchAfterFetch
        );
    }

    #[test]
    fn the_entry_must_be_for_the_issuer_looked_up() {
        let k = keys(NOW - 10, NOW + 500);
        let other = Issuer::from_domain("evil.example.com").unwrap();
        assert!(matches!(
            decode(&other, &encode(&k), NOW).unwrap_err(),
            Unusable::Issuer { .. }
        ));
        // The discovery document inside is checked too, as if served.
        let forged = entry_with(&k, |v| {
            v["issuer"] = json!(other.as_str());
        });
        assert!(matches!(
            decode(&other, &forged, NOW).unwrap_err(),
            Unusable::Content(TenantError::IssuerMismatch { .. })
        ));
    }

    #[test]
    fn the_content_is_parsed_as_strictly_as_the_network_answer() {
        let k = keys(NOW - 10, NOW + 500);
        let duplicate = entry_with(&k, |v| {
            v["jwks"] = json!(r#"{"keys":[],"keys":[]}"#);
        });
        assert!(matches!(
            decode(&issuer(), &duplicate, NOW).unwrap_err(),
            Unusable::Content(TenantError::NotJson { .. })
        ));
        let no_keys = entry_with(&k, |v| {
            v["jwks"] = json!(r#"{"keys":[{"kty":"oct","k":"AA"}]}"#);
        });
        assert!(matches!(
            decode(&issuer(), &no_keys, NOW).unwrap_err(),
            Unusable::Content(TenantError::NoUsableKeys { .. })
        ));
        let http_jwks = entry_with(&k, |v| {
            v["discovery"] = json!(
                json!({"issuer": issuer().as_str(), "jwks_uri": "http://evil.example/j"})
                    .to_string()
            );
        });
        assert!(matches!(
            decode(&issuer(), &http_jwks, NOW).unwrap_err(),
            Unusable::Content(TenantError::Discovery { .. })
        ));
        let huge = entry_with(&k, |v| {
            v["jwks"] = json!(" ".repeat(MAX_BODY + 1));
        });
        assert_eq!(
            decode(&issuer(), &huge, NOW).unwrap_err(),
            Unusable::TooLarge { what: "key set" }
        );
        let twice = String::from_utf8(encode(&k)).unwrap().replacen(
            "{",
            &format!("{{\"fetched_at\":{NOW},"),
            1,
        );
        assert!(matches!(
            decode(&issuer(), twice.as_bytes(), NOW).unwrap_err(),
            Unusable::Shape(_)
        ));
        let old = entry_with(&k, |v| v["version"] = json!(1));
        assert!(matches!(
            decode(&issuer(), &old, NOW).unwrap_err(),
            Unusable::Shape(_)
        ));
    }
}
