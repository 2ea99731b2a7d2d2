//! A JSON Web Key Set: the usable keys, the ones skipped with their reason
//! (so that a token naming one is told why), and key selection.

use serde_json::Value;

use crate::jose::{self, Algorithm, Object, Part};

use super::error::{JwkError, JwksError, MAX_KEYS};
use super::members::optional_str;
use super::public::PublicKey;

/// A JSON Web Key Set: the usable keys, and the ones skipped with the reason.
#[derive(Debug, Clone, Default)]
pub struct JwkSet {
    keys: Vec<PublicKey>,
    skipped: Vec<(Option<String>, JwkError)>,
}

impl JwkSet {
    /// Parses a JWKS document. Keys that cannot be used (an unknown type, an
    /// encryption key, a small RSA modulus) are skipped, not fatal: a tenant
    /// publishing one odd key next to good ones still works.
    pub fn parse(bytes: &[u8]) -> Result<Self, JwksError> {
        let doc = jose::parse_object(bytes, Part::Payload)
            .map_err(|e| JwksError::Shape(e.to_string()))?;
        Self::from_object(&doc)
    }

    /// Builds a key set from a parsed JWKS object.
    pub fn from_object(doc: &Object) -> Result<Self, JwksError> {
        let keys = doc
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| JwksError::Shape("no \"keys\" array".into()))?;
        if keys.len() > MAX_KEYS {
            return Err(JwksError::TooManyKeys(keys.len()));
        }
        let mut set = JwkSet::default();
        for key in keys {
            let Some(obj) = key.as_object() else {
                set.skipped.push((None, JwkError::NotObject));
                continue;
            };
            match PublicKey::from_jwk(obj) {
                Ok(k) => set.keys.push(k),
                Err(e) => set.skipped.push((optional_str(obj, "kid"), e)),
            }
        }
        Ok(set)
    }

    /// A key set of the given keys.
    pub fn from_keys(keys: Vec<PublicKey>) -> Self {
        JwkSet {
            keys,
            skipped: Vec::new(),
        }
    }

    /// The usable keys.
    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    /// Keys that were skipped, with their kid and the reason.
    pub fn skipped(&self) -> &[(Option<String>, JwkError)] {
        &self.skipped
    }

    /// Whether any key (usable or skipped) has this kid.
    pub fn has_kid(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.kid() == Some(kid)) || self.skipped_reason(kid).is_some()
    }

    /// Why the key with this kid was skipped, when no usable key has it.
    pub fn skipped_reason(&self, kid: &str) -> Option<&JwkError> {
        if self.keys.iter().any(|k| k.kid() == Some(kid)) {
            return None;
        }
        self.skipped
            .iter()
            .find(|(skipped, _)| skipped.as_deref() == Some(kid))
            .map(|(_, reason)| reason)
    }

    /// The key to verify a token with `kid` and `alg`: the first key with
    /// that kid that serves the algorithm, else the first key with that kid
    /// (so the caller can report the mismatch), else none.
    pub fn select(&self, kid: &str, alg: Algorithm) -> Option<&PublicKey> {
        let mut with_kid = self.keys.iter().filter(|k| k.kid() == Some(kid));
        let first = with_kid.clone().next();
        with_kid.find(|k| k.supports(alg)).or(first)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::{obj, vectors};
    use super::*;

    #[test]
    fn unusable_keys_are_skipped_not_fatal() {
        let v = vectors("rfc7515-jws.json");
        let mut good = obj(v["rs256"]["public_jwk"].clone());
        good.insert("kid".into(), json!("good"));
        let doc = json!({"keys": [
            {"kty": "RSA", "kid": "small", "n": "AQAB", "e": "AQAB"},
            {"kty": "EC", "kid": "enc", "use": "enc", "crv": "P-256", "x": "", "y": ""},
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            "not an object",
            good,
        ]});
        let set = JwkSet::parse(doc.to_string().as_bytes()).unwrap();
        assert_eq!(set.keys().len(), 1);
        assert_eq!(set.skipped().len(), 4);
        assert!(set.select("good", Algorithm::RS256).is_some());
        assert!(set.select("small", Algorithm::RS256).is_none());
    }

    #[test]
    fn key_sets_must_have_a_keys_array_of_bounded_size() {
        assert!(matches!(JwkSet::parse(b"{}"), Err(JwksError::Shape(_))));
        assert!(matches!(JwkSet::parse(b"<html>"), Err(JwksError::Shape(_))));
        let many = json!({"keys": vec![json!({"kty": "x"}); MAX_KEYS + 1]});
        assert_eq!(
            JwkSet::parse(many.to_string().as_bytes()).unwrap_err(),
            JwksError::TooManyKeys(MAX_KEYS + 1)
        );
    }
}
