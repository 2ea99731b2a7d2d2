//! A public verification key (RFC 7517), parsed once into aws-lc-rs
//! verification keys, one per algorithm the key may serve. Which algorithm
//! a key serves is decided by its type and its declared `alg`, never by the
//! token being verified; a key whose metadata is malformed or forbids
//! verification, or whose parameters are weak, is refused with its reason.

use std::sync::{Arc, OnceLock};

use aws_lc_rs::rsa::RsaParameters;
use aws_lc_rs::signature::{self, ParsedPublicKey, RsaPublicKeyComponents, VerificationAlgorithm};
use serde_json::Value;

use crate::jose::{Algorithm, Object};

use super::error::{JwkError, MIN_RSA_BITS};
use super::members::{
    b64_member, check_key_ops, coordinate, required_str, shown, strip_leading_zeros, typed_str,
};
use super::small_order::has_small_order;
use super::thumbprint::thumbprint;

/// The key families of RFC 7518 §6 and RFC 8037.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyKind {
    Rsa { bits: usize },
    Ec { curve: &'static str },
    Okp { curve: &'static str },
}

impl KeyKind {
    /// `kty` as it appears in the JWK.
    pub fn kty(&self) -> &'static str {
        match self {
            Self::Rsa { .. } => "RSA",
            Self::Ec { .. } => "EC",
            Self::Okp { .. } => "OKP",
        }
    }

    /// "RSA 2048 bits", "EC P-256", "OKP Ed25519".
    pub fn describe(&self) -> String {
        match self {
            Self::Rsa { bits } => format!("RSA {bits} bits"),
            Self::Ec { curve } | Self::Okp { curve } => format!("{} {curve}", self.kty()),
        }
    }
}

/// A public verification key, parsed and ready.
#[derive(Clone)]
pub struct PublicKey {
    kid: Option<String>,
    declared_alg: Option<String>,
    key_use: Option<String>,
    kind: KeyKind,
    jwk: Object,
    verifiers: Vec<Verifier>,
    /// An RSA key's modulus and exponent: its verifiers are built from
    /// them on first use.
    rsa: Option<Arc<RsaPublicKeyComponents<Vec<u8>>>>,
}

/// One algorithm a key serves, and its parsed key once built. An RSA JWK
/// serves six; building all six when a key set is read would be most of a
/// one-shot `verify`'s key handling, and a token needs one.
#[derive(Clone)]
struct Verifier {
    alg: Algorithm,
    key: OnceLock<ParsedPublicKey>,
}

impl Verifier {
    fn built(alg: Algorithm, key: ParsedPublicKey) -> Self {
        Verifier {
            alg,
            key: OnceLock::from(key),
        }
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey")
            .field("kid", &self.kid)
            .field("kind", &self.kind)
            .field("algorithms", &self.algorithms())
            .finish()
    }
}

/// The signature did not verify, or the key cannot check this algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// The key does not serve this algorithm (wrong type, or a different declared `alg`).
    KeyMismatch,
    /// The signature is not valid for the signing input.
    Invalid,
}

impl PublicKey {
    /// Parses a public JWK. Private members (`d`, `p`, …) are refused so a
    /// private key is never mistaken for a public one.
    pub fn from_jwk(jwk: &Object) -> Result<Self, JwkError> {
        for private in ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] {
            if jwk.contains_key(private) {
                return Err(JwkError::PrivateMember(private));
            }
        }
        // RFC 7517 §4.2–4.5: metadata of the wrong type is not "absent".
        let key_use = typed_str(jwk, "use")?;
        if let Some(u) = &key_use {
            if u != "sig" {
                return Err(JwkError::NotForSignatures(u.clone()));
            }
        }
        check_key_ops(jwk)?;
        let declared_alg = typed_str(jwk, "alg")?;
        let kid = typed_str(jwk, "kid")?;
        let kty = required_str(jwk, "kty")?;
        let (kind, candidates, rsa) = match kty {
            "RSA" => rsa_verifiers(jwk)?,
            "EC" => {
                let (kind, verifier) = ec_verifier(jwk)?;
                (kind, vec![verifier], None)
            }
            "OKP" => {
                let (kind, verifier) = okp_verifier(jwk)?;
                (kind, vec![verifier], None)
            }
            other => return Err(JwkError::KeyType(other.to_owned())),
        };
        let verifiers: Vec<_> = match &declared_alg {
            None => candidates,
            Some(name) => {
                let found: Vec<_> = candidates
                    .into_iter()
                    .filter(|v| v.alg.as_str() == name)
                    .collect();
                if found.is_empty() {
                    return Err(JwkError::DeclaredAlg(name.clone()));
                }
                found
            }
        };
        let mut public = Object::new();
        for (k, v) in jwk {
            public.insert(k.clone(), v.clone());
        }
        Ok(PublicKey {
            kid,
            declared_alg,
            key_use,
            kind,
            jwk: public,
            verifiers,
            rsa,
        })
    }

    /// The key id, if the JWK has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    /// The key's declared `alg`, if any.
    pub fn declared_alg(&self) -> Option<&str> {
        self.declared_alg.as_deref()
    }
    /// The key's declared `use`, if any.
    pub fn key_use(&self) -> Option<&str> {
        self.key_use.as_deref()
    }
    /// The key family and size.
    pub fn kind(&self) -> &KeyKind {
        &self.kind
    }
    /// The JWK as published.
    pub fn jwk(&self) -> &Object {
        &self.jwk
    }
    /// The algorithms this key can verify.
    pub fn algorithms(&self) -> Vec<Algorithm> {
        self.verifiers.iter().map(|v| v.alg).collect()
    }
    /// Whether this key can verify `alg`.
    pub fn supports(&self, alg: Algorithm) -> bool {
        self.verifiers.iter().any(|v| v.alg == alg)
    }

    /// Verifies `signature` over `message` with `alg`.
    pub fn verify(
        &self,
        alg: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        let verifier = self
            .verifiers
            .iter()
            .find(|v| v.alg == alg)
            .ok_or(SignatureError::KeyMismatch)?;
        let key = match verifier.key.get() {
            Some(key) => key,
            None => {
                // Only RSA verifiers start unbuilt, and the components
                // parsed for RS256 when the key was read.
                let components = self.rsa.as_ref().ok_or(SignatureError::Invalid)?;
                let built = components
                    .to_parsed_public_key(rsa_parameters(alg))
                    .map_err(|_| SignatureError::Invalid)?;
                verifier.key.get_or_init(|| built)
            }
        };
        key.verify_sig(message, signature)
            .map_err(|_| SignatureError::Invalid)
    }

    /// The RFC 7638 thumbprint of this key.
    pub fn thumbprint(&self) -> String {
        thumbprint(&self.jwk).expect("a parsed key has its required members")
    }
}

/// An RSA key's verifiers: RS256 built now (which checks the key), the
/// other five when first used.
type RsaVerifiers = (
    KeyKind,
    Vec<Verifier>,
    Option<Arc<RsaPublicKeyComponents<Vec<u8>>>>,
);

fn rsa_verifiers(jwk: &Object) -> Result<RsaVerifiers, JwkError> {
    let n = b64_member(jwk, "n")?;
    let e = b64_member(jwk, "e")?;
    let n = strip_leading_zeros(&n);
    let e = strip_leading_zeros(&e);
    // RFC 8017 §3.1: the public exponent is odd and at least 3.
    let even = e.last().is_none_or(|last| last & 1 == 0);
    if even || (e.len() == 1 && e[0] < 3) {
        let value = match e.len() {
            0 => "0".to_owned(),
            1..=8 => e
                .iter()
                .fold(0u64, |v, b| v << 8 | u64::from(*b))
                .to_string(),
            _ => shown(&Value::from(required_str(jwk, "e")?)),
        };
        return Err(JwkError::RsaExponent(value));
    }
    let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
    if bits < MIN_RSA_BITS {
        return Err(JwkError::RsaTooSmall(bits));
    }
    let components = RsaPublicKeyComponents {
        n: n.to_vec(),
        e: e.to_vec(),
    };
    let rs256 = components
        .to_parsed_public_key(rsa_parameters(Algorithm::RS256))
        .map_err(|e| JwkError::Rejected(e.to_string()))?;
    let mut verifiers = vec![Verifier::built(Algorithm::RS256, rs256)];
    for alg in [
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ] {
        verifiers.push(Verifier {
            alg,
            key: OnceLock::new(),
        });
    }
    Ok((KeyKind::Rsa { bits }, verifiers, Some(Arc::new(components))))
}

/// The verification parameters of an RSA algorithm (2048–8192-bit keys).
fn rsa_parameters(alg: Algorithm) -> &'static RsaParameters {
    match alg {
        Algorithm::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
        Algorithm::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
        _ => &signature::RSA_PKCS1_2048_8192_SHA256,
    }
}

fn ec_verifier(jwk: &Object) -> Result<(KeyKind, Verifier), JwkError> {
    let crv = required_str(jwk, "crv")?;
    let (curve, len, alg, verification): (_, _, _, &'static dyn VerificationAlgorithm) = match crv {
        "P-256" => (
            "P-256",
            32,
            Algorithm::ES256,
            &signature::ECDSA_P256_SHA256_FIXED,
        ),
        "P-384" => (
            "P-384",
            48,
            Algorithm::ES384,
            &signature::ECDSA_P384_SHA384_FIXED,
        ),
        other => return Err(JwkError::Curve(other.to_owned())),
    };
    let x = coordinate(jwk, "x", curve, len)?;
    let y = coordinate(jwk, "y", curve, len)?;
    let mut point = Vec::with_capacity(1 + 2 * len);
    point.push(0x04);
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    let parsed = ParsedPublicKey::new(verification, &point)
        .map_err(|e| JwkError::Rejected(e.to_string()))?;
    Ok((KeyKind::Ec { curve }, Verifier::built(alg, parsed)))
}

fn okp_verifier(jwk: &Object) -> Result<(KeyKind, Verifier), JwkError> {
    let crv = required_str(jwk, "crv")?;
    if crv != "Ed25519" {
        return Err(JwkError::Curve(crv.to_owned()));
    }
    let x = coordinate(jwk, "x", "Ed25519", 32)?;
    if has_small_order(&x) {
        return Err(JwkError::SmallOrderPoint);
    }
    let parsed = ParsedPublicKey::new(&signature::ED25519, &x)
        .map_err(|e| JwkError::Rejected(e.to_string()))?;
    Ok((
        KeyKind::Okp { curve: "Ed25519" },
        Verifier::built(Algorithm::EdDSA, parsed),
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::{obj, vectors};
    use super::*;

    #[test]
    fn private_keys_are_not_public_keys() {
        let v = vectors("rfc7515-jws.json");
        let err = PublicKey::from_jwk(&obj(v["es256"]["jwk"].clone())).unwrap_err();
        assert_eq!(err, JwkError::PrivateMember("d"));
    }

    #[test]
    fn rsa_keys_serve_rs_and_ps_unless_alg_is_declared() {
        let v = vectors("rfc7515-jws.json");
        let key = PublicKey::from_jwk(&obj(v["rs256"]["public_jwk"].clone())).unwrap();
        assert_eq!(key.kind(), &KeyKind::Rsa { bits: 2048 });
        assert!(key.supports(Algorithm::RS256) && key.supports(Algorithm::PS256));
        assert!(!key.supports(Algorithm::ES256) && !key.supports(Algorithm::HS256));
        let mut declared = obj(v["rs256"]["public_jwk"].clone());
        declared.insert("alg".into(), json!("RS256"));
        let key = PublicKey::from_jwk(&declared).unwrap();
        assert_eq!(key.algorithms(), vec![Algorithm::RS256]);
        declared.insert("alg".into(), json!("ES256"));
        assert!(matches!(
            PublicKey::from_jwk(&declared),
            Err(JwkError::DeclaredAlg(_))
        ));
    }

    #[test]
    fn each_rsa_algorithm_verifies_with_the_verifier_built_for_it() {
        let signer = crate::keys::SigningKey::generate_rsa().unwrap();
        let key = PublicKey::from_jwk(&signer.public_jwk()).unwrap();
        let message = b"header.payload";
        let all = [
            Algorithm::RS256,
            Algorithm::RS384,
            Algorithm::RS512,
            Algorithm::PS256,
            Algorithm::PS384,
            Algorithm::PS512,
        ];
        for alg in all {
            let signature = signer.sign(alg, message).unwrap();
            // From a copy of the key before first use, and from the key twice.
            assert_eq!(
                key.clone().verify(alg, message, &signature),
                Ok(()),
                "{alg}"
            );
            assert_eq!(key.verify(alg, message, &signature), Ok(()), "{alg}");
            assert_eq!(key.verify(alg, message, &signature), Ok(()), "{alg}");
            assert_eq!(
                key.verify(alg, b"header.payloaD", &signature),
                Err(SignatureError::Invalid)
            );
            for other in all.into_iter().filter(|&o| o != alg) {
                assert_eq!(
                    key.verify(other, message, &signature),
                    Err(SignatureError::Invalid),
                    "{alg} signature checked as {other}"
                );
            }
        }
        assert_eq!(
            key.verify(Algorithm::ES256, message, &[0; 64]),
            Err(SignatureError::KeyMismatch)
        );
    }
}
