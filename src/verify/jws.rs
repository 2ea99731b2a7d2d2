//! The signed-JWT path every verifier here shares (access, ID and logout
//! tokens): the split, the header rules (algorithm allow-list, no `none`,
//! no JWS extensions), the `kid`, and the signature with the tenant's key.
//!
//! One path, so a fix to how a key is chosen or a header is judged reaches
//! every kind of token at once. The errors are [`TokenError`]'s; the ID and
//! logout token verifiers wrap them in their own variants.

use aws_lc_rs::{constant_time, hmac};

use crate::jose::{self, Algorithm, CompactJws, JsonObject, UnsupportedExtension};
use crate::jwk::{JwkSet, SignatureError};
use crate::types::HmacSecret;

use super::error::{Shown, TokenError};

/// The algorithms a verifier accepts, and the HMAC secret HS* entries need.
#[derive(Clone, Copy)]
pub(super) struct AlgorithmRules<'a> {
    pub algorithms: &'a [Algorithm],
    pub hmac_secret: Option<&'a HmacSecret>,
}

/// The header's `alg`, checked against `rules` (RFC 7515 §4.1.1, RFC 8725
/// §3.1), and the header's extensions refused (RFC 7515 §4.1.11, RFC 7797).
pub(super) fn check_header(
    header: &JsonObject,
    rules: AlgorithmRules<'_>,
) -> Result<Algorithm, TokenError> {
    let name = header.get_str("alg").ok_or(TokenError::MissingAlgorithm)?;
    if name.eq_ignore_ascii_case("none") {
        return Err(TokenError::AlgorithmNone(Shown::new(name)));
    }
    let alg = name.parse::<Algorithm>().ok();
    // Symmetric tokens need both: HS* named in the allow-list and a
    // secret. The SDK refuses any `alg` starting with "HS".
    let symmetric = alg.map_or(name.starts_with("HS"), Algorithm::is_symmetric);
    if symmetric
        && (rules.hmac_secret.is_none() || !alg.is_some_and(|a| rules.algorithms.contains(&a)))
    {
        return Err(TokenError::SymmetricWithoutSecret(Shown::new(name).0));
    }
    let alg = alg.ok_or_else(|| TokenError::UnsupportedAlgorithm {
        found: Shown::new(name),
    })?;
    if !rules.algorithms.contains(&alg) {
        return Err(TokenError::AlgorithmNotAllowed {
            found: alg.to_string(),
            allowed: join(rules.algorithms.iter().map(|a| a.as_str())),
        });
    }
    jose::check_extensions(header).map_err(|e| match e {
        UnsupportedExtension::Critical(crit) => TokenError::CriticalHeader(Shown::json(&crit)),
        UnsupportedExtension::UnencodedPayload => TokenError::UnencodedPayload,
    })?;
    if let Some(cty) = header.get_str("cty") {
        if cty.eq_ignore_ascii_case("JWT") {
            return Err(TokenError::NestedJwt);
        }
    }
    // jku, x5u, jwk and x5c are deliberately ignored: the key comes from
    // the configured tenant's key set, never from the token.
    Ok(alg)
}

/// The header's `kid`: required for asymmetric algorithms (the key set is
/// searched by it), optional for HMAC.
pub(super) fn header_kid(
    header: &JsonObject,
    alg: Algorithm,
) -> Result<Option<String>, TokenError> {
    match header.get_str("kid") {
        Some(kid) if !kid.is_empty() => Ok(Some(kid.to_owned())),
        _ => match header.get("kid") {
            None if alg.is_symmetric() => Ok(None),
            None => Err(TokenError::MissingKid),
            Some(other) => Err(TokenError::InvalidClaim {
                claim: "kid",
                expected: "a non-empty string",
                found: Shown::json(&other),
            }),
        },
    }
}

/// Checks the signature of `jws` made with `alg`: with the key `kid` of
/// `keys`, or for HS* with the secret in `rules` (which
/// [`check_header`] required).
pub(super) fn check_signature(
    jws: &CompactJws<'_>,
    alg: Algorithm,
    kid: Option<&str>,
    keys: &JwkSet,
    rules: AlgorithmRules<'_>,
) -> Result<(), TokenError> {
    let message = jws.signing_input.as_bytes();
    let signature = &jws.signature;
    if alg.is_symmetric() {
        let secret = rules.hmac_secret.expect("checked with the header");
        let algorithm = match alg {
            Algorithm::HS256 => hmac::HMAC_SHA256,
            Algorithm::HS384 => hmac::HMAC_SHA384,
            _ => hmac::HMAC_SHA512,
        };
        let key = hmac::Key::new(algorithm, secret.expose().as_bytes());
        let tag = hmac::sign(&key, message);
        return constant_time::verify_slices_are_equal(tag.as_ref(), signature).map_err(|_| {
            TokenError::BadSignature {
                alg: alg.to_string(),
                kid: Shown::new("(HMAC secret)"),
            }
        });
    }
    let kid = kid.expect("asymmetric tokens have a kid after the header check");
    let Some(key) = keys.select(kid, alg) else {
        // A key the set skipped (bad metadata, weak parameters): say so,
        // rather than that no key has this kid.
        if let Some(reason) = keys.skipped_reason(kid) {
            return Err(TokenError::KeyRejected {
                kid: Shown::new(kid),
                reason: reason.clone(),
            });
        }
        return Err(TokenError::UnknownKid {
            kid: Shown::new(kid),
            refetch_note: None,
        });
    };
    key.verify(alg, message, signature).map_err(|e| match e {
        SignatureError::KeyMismatch => TokenError::KeyAlgorithmMismatch {
            kid: Shown::new(kid),
            alg: alg.to_string(),
            key: key.kind().describe(),
            serves: join(key.algorithms().iter().map(|a| a.as_str())),
        },
        SignatureError::Invalid => TokenError::BadSignature {
            alg: alg.to_string(),
            kid: Shown::new(kid),
        },
    })
}

pub(super) fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// The latest NumericDate accepted: 9999-12-31T23:59:59Z.
pub(super) const MAX_NUMERIC_DATE: i64 = 253_402_300_799;

/// A NumericDate claim (RFC 7519 §2): `Ok(None)` when absent, `Err` with
/// the value shown when it is not an integer in [0, 9999-12-31].
pub(super) fn numeric_date(claims: &JsonObject, claim: &str) -> Result<Option<i64>, Shown> {
    let Some(value) = claims.get(claim) else {
        return Ok(None);
    };
    match value.as_i64() {
        Some(t) if (0..=MAX_NUMERIC_DATE).contains(&t) => Ok(Some(t)),
        _ => Err(Shown::json(&value)),
    }
}

/// The `aud` claim as a list of strings (RFC 7519 §4.1.3: a string or an
/// array of strings): `Ok(None)` when absent, `Err` with the value shown
/// when it is neither.
pub(super) fn audiences(claims: &JsonObject) -> Result<Option<Vec<String>>, Shown> {
    let Some(aud) = claims.get("aud") else {
        return Ok(None);
    };
    match aud.as_ref() {
        serde_json::Value::String(s) => Ok(Some(vec![s.clone()])),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or_else(|| Shown::json(&aud)),
        _ => Err(Shown::json(&aud)),
    }
}
