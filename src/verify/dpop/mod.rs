//! DPoP proof verification (RFC 9449 §4.3), in auth0-api-python's order, with
//! the SDK's messages — and stricter where the SDK is lax (exact `htm`,
//! `htu` without userinfo, `iat` a number but not a boolean, no `crit` or
//! `b64: false` header as for access tokens, optional server nonces per
//! RFC 9449 §8–9).

mod claims;
mod error;
mod htu;
mod key;

use serde_json::Value;

use crate::clock::Clock;
use crate::jose::{self, Algorithm, CompactJws, JsonObject, Object, UnsupportedExtension};

use super::error::Shown;

pub use error::ProofError;
pub use htu::normalize_htu;

/// How proofs are judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpopPolicy {
    /// Maximum proof age in seconds (the SDK's `dpop_iat_offset`, default 300).
    pub iat_offset: u64,
    /// Tolerated clock skew into the future (`dpop_iat_leeway`, default 30).
    pub iat_leeway: u64,
    /// A nonce the proof must carry (RFC 9449 §9), if the server issued one.
    pub nonce: Option<String>,
}

impl Default for DpopPolicy {
    fn default() -> Self {
        DpopPolicy {
            iat_offset: 300,
            iat_leeway: 30,
            nonce: None,
        }
    }
}

/// A proof that passed every check.
#[derive(Debug, Clone)]
pub struct VerifiedProof {
    /// The proof's JOSE header.
    pub header: JsonObject,
    /// The proof's claims.
    pub claims: JsonObject,
    /// RFC 7638 thumbprint of the proof key: what `cnf.jkt` must equal.
    pub jkt: String,
}

/// What a proof must be for: the request it comes with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProofTarget<'a> {
    /// The access token the proof accompanies (then `ath` is required and
    /// checked); `None` for proofs sent to a token endpoint, which carry no
    /// `ath`.
    pub access_token: Option<&'a str>,
    /// The request method, for `htm`.
    pub method: &'a str,
    /// The request URL, for `htu`.
    pub url: &'a str,
}

/// Verifies one DPoP proof for `method` on `url`. `access_token` is the
/// token it accompanies (then `ath` is required and checked); `None` for
/// proofs sent to a token endpoint, which carry no `ath`.
pub fn verify_proof(
    proof: &str,
    access_token: Option<&str>,
    method: &str,
    url: &str,
    policy: &DpopPolicy,
    clock: &dyn Clock,
) -> Result<VerifiedProof, ProofError> {
    if proof.contains(',') {
        return Err(ProofError::Multiple);
    }
    let jws = CompactJws::parse(proof.trim()).map_err(ProofError::Malformed)?;
    let target = ProofTarget {
        access_token,
        method,
        url,
    };
    verify_parsed_proof(jws, &target, policy, clock)
}

/// [`verify_proof`] after the split and decoding (a single, well-formed
/// proof): the header (RFC 9449 §4.3 steps 4–6), the signature with the
/// header's own key (step 7), then the claims ([`claims`]).
pub(crate) fn verify_parsed_proof(
    jws: CompactJws<'_>,
    target: &ProofTarget<'_>,
    policy: &DpopPolicy,
    clock: &dyn Clock,
) -> Result<VerifiedProof, ProofError> {
    let header = &jws.header;
    if header.get_str("typ") != Some("dpop+jwt") {
        return Err(ProofError::Typ(shown(header, "typ")));
    }
    if header.get_str("alg") != Some("ES256") {
        return Err(ProofError::Algorithm(shown(header, "alg")));
    }
    // The same extension rules as access tokens.
    jose::check_extensions(header).map_err(|e| match e {
        UnsupportedExtension::Critical(crit) => ProofError::CriticalHeader(Shown::json(&crit)),
        UnsupportedExtension::UnencodedPayload => ProofError::UnencodedPayload,
    })?;
    let jwk = header.get("jwk");
    let jwk = match jwk.as_deref() {
        Some(Value::Object(j)) if !j.is_empty() => j,
        _ => return Err(ProofError::MissingJwk),
    };
    check_jwk(jwk)?;
    let key = key::proof_key(jwk)?;
    key.key
        .verify(
            Algorithm::ES256,
            jws.signing_input.as_bytes(),
            &jws.signature,
        )
        .map_err(|_| ProofError::Signature)?;
    claims::check_claims(&jws.payload, target, policy, clock)?;
    let jkt = key.jkt.clone();
    Ok(VerifiedProof {
        header: jws.header,
        claims: jws.payload,
        jkt,
    })
}

/// The header's `jwk`: a public EC key on P-256.
fn check_jwk(jwk: &Object) -> Result<(), ProofError> {
    if jwk.contains_key("d") {
        return Err(ProofError::PrivateKey);
    }
    match jwk.get("kty") {
        Some(Value::String(k)) if k == "EC" => {}
        other => return Err(ProofError::KeyType(shown_value(other))),
    }
    match jwk.get("crv") {
        Some(Value::String(c)) if c == "P-256" => Ok(()),
        other => Err(ProofError::Curve(shown_value(other))),
    }
}

/// Member `name` of `object` as an error shows it.
fn shown(object: &JsonObject, name: &str) -> Shown {
    shown_value(object.get(name).as_deref())
}

fn shown_value(v: Option<&Value>) -> Shown {
    v.map_or_else(|| Shown("(absent)".into()), Shown::json)
}
