//! The proof's claims (RFC 9449 §4.2, §4.3 steps 5 and 8–12), in the SDK's
//! order: the required claims present, `jti` a non-empty string, `iat`
//! within the allowed age and skew, `htm` the request method, `htu` the
//! request URL ([`super::htu`]), `ath` the access token's hash, and the
//! server's nonce when it issued one.

use serde_json::Value;

use crate::clock::Clock;
use crate::jose::JsonObject;

use super::super::error::Shown;
use super::htu::check_htu;
use super::{DpopPolicy, ProofError, ProofTarget, shown};

/// Checks the claims of a proof whose header and signature verified.
pub(super) fn check_claims(
    claims: &JsonObject,
    target: &ProofTarget<'_>,
    policy: &DpopPolicy,
    clock: &dyn Clock,
) -> Result<(), ProofError> {
    check_required(claims, target.access_token.is_some())?;
    check_jti(claims)?;
    check_iat(claims, policy, clock)?;
    check_htm(claims, target.method)?;
    check_htu(claims, target.url)?;
    if let Some(token) = target.access_token {
        if claims.get_str("ath") != Some(crate::dpop::ath(token).as_str()) {
            return Err(ProofError::AthMismatch);
        }
    }
    check_nonce(claims, policy)
}

/// RFC 9449 §4.2: `iat`, `htm`, `htu`, `jti`, and `ath` with an access token.
fn check_required(claims: &JsonObject, with_access_token: bool) -> Result<(), ProofError> {
    let required: &[&'static str] = if with_access_token {
        &["iat", "ath", "htm", "htu", "jti"]
    } else {
        &["iat", "htm", "htu", "jti"]
    };
    let missing: Vec<&'static str> = required
        .iter()
        .copied()
        .filter(|c| !claims.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(ProofError::MissingClaims(missing));
    }
    Ok(())
}

fn check_jti(claims: &JsonObject) -> Result<(), ProofError> {
    match claims.get_str("jti") {
        Some(s) if s.trim().is_empty() => Err(ProofError::JtiEmpty),
        Some(_) => Ok(()),
        None => Err(ProofError::JtiType(shown(claims, "jti"))),
    }
}

/// RFC 9449 §4.3 step 11: `iat` no older than the policy's offset and no
/// further ahead than its leeway.
fn check_iat(
    claims: &JsonObject,
    policy: &DpopPolicy,
    clock: &dyn Clock,
) -> Result<(), ProofError> {
    let now = clock.now() as f64;
    let iat = match claims.get("iat").as_deref() {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::MAX),
        Some(&Value::Bool(found)) => {
            // The SDK's isinstance(iat, (int, float)) holds for a bool.
            let read = f64::from(u8::from(found));
            let sdk = if read < now - policy.iat_offset as f64 {
                Some("DPoP Proof iat is too old")
            } else if read > now + policy.iat_leeway as f64 {
                Some("DPoP Proof iat is from the future")
            } else {
                None
            };
            return Err(ProofError::IatBoolean { found, sdk });
        }
        _ => return Err(ProofError::IatType(shown(claims, "iat"))),
    };
    if iat < now - policy.iat_offset as f64 {
        return Err(ProofError::TooOld {
            age: (now - iat) as u64,
            max: policy.iat_offset,
        });
    }
    if iat > now + policy.iat_leeway as f64 {
        return Err(ProofError::FromTheFuture {
            ahead: (iat - now) as u64,
            max: policy.iat_leeway,
        });
    }
    Ok(())
}

/// RFC 9449 §4.3 step 8: `htm` is the request method, case-sensitively.
fn check_htm(claims: &JsonObject, method: &str) -> Result<(), ProofError> {
    match claims.get_str("htm") {
        Some(h) if h == method => Ok(()),
        Some(h) => Err(ProofError::HtmMismatch {
            expected: method.to_owned(),
            found: Shown::new(h),
            case_only: h.eq_ignore_ascii_case(method),
        }),
        None => Err(ProofError::HtmMismatch {
            expected: method.to_owned(),
            found: shown(claims, "htm"),
            case_only: false,
        }),
    }
}

/// RFC 9449 §9: the nonce the server issued, when it issued one.
fn check_nonce(claims: &JsonObject, policy: &DpopPolicy) -> Result<(), ProofError> {
    let Some(expected) = &policy.nonce else {
        return Ok(());
    };
    match claims.get_str("nonce") {
        Some(n) if n == expected => Ok(()),
        None if !claims.contains_key("nonce") => Err(ProofError::NonceMissing),
        _ => Err(ProofError::NonceMismatch),
    }
}
