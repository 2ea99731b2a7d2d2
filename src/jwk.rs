//! JSON Web Keys (RFC 7517): public keys for verification, key sets, and
//! RFC 7638 thumbprints.
//!
//! A [`PublicKey`] is parsed once into aws-lc-rs verification keys, one per
//! algorithm the key may serve, so verifying a token never rebuilds a key.
//! Which algorithm a key serves is decided by its type and its declared `alg`,
//! never by the token being verified. A key whose metadata is malformed or
//! forbids verification (RFC 7517 §4.2–4.5: `use`, `key_ops`, `alg`, `kid`),
//! or whose parameters are weak (a small RSA modulus, an even or tiny
//! exponent, a small-order Ed25519 point), is skipped with its reason, which
//! the set keeps so that a token naming it is told why.

use std::sync::{Arc, OnceLock};

use aws_lc_rs::digest;
use aws_lc_rs::rsa::RsaParameters;
use aws_lc_rs::signature::{self, ParsedPublicKey, RsaPublicKeyComponents, VerificationAlgorithm};
use serde_json::Value;

use crate::jose::{self, Algorithm, Object, Part};

/// The most keys a key set may hold. Auth0 tenants publish two or three.
pub const MAX_KEYS: usize = 100;
/// The smallest RSA modulus accepted, in bits (RFC 7518 §3.3).
pub const MIN_RSA_BITS: usize = 2048;

/// Why a JWK cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwkError {
    #[error("not a JSON object")]
    NotObject,
    #[error("missing or non-string member {0:?}")]
    Member(&'static str),
    #[error("member {0:?} is not unpadded base64url")]
    Base64(&'static str),
    #[error("unsupported key type {0:?}")]
    KeyType(String),
    #[error("unsupported curve {0:?}")]
    Curve(String),
    #[error("coordinate {member:?} is {found} bytes; {curve} needs {expected}")]
    CoordinateLength {
        member: &'static str,
        curve: &'static str,
        found: usize,
        expected: usize,
    },
    #[error("RSA modulus is {0} bits; at least {MIN_RSA_BITS} are required")]
    RsaTooSmall(usize),
    #[error("key is for {0:?}, not signatures")]
    NotForSignatures(String),
    #[error("declared alg {0:?} is not a signature algorithm for this key type")]
    DeclaredAlg(String),
    #[error("the key material was rejected: {0}")]
    Rejected(String),
    #[error("contains private member {0:?}; a public key was expected")]
    PrivateMember(&'static str),
    #[error("member {member:?} must be {expected}; found {found}")]
    MemberType {
        member: &'static str,
        expected: &'static str,
        found: String,
    },
    #[error("key_ops {0} does not include \"verify\"")]
    KeyOpsWithoutVerify(String),
    #[error("key_ops {0} lists an operation twice")]
    KeyOpsDuplicate(String),
    #[error("RSA exponent {0} is even or below 3: no RSA key has it")]
    RsaExponent(String),
    #[error("the Ed25519 point has small order: signatures by it prove nothing")]
    SmallOrderPoint,
}

impl JwkError {
    /// The rule that skipped the key where auth0-api-python would import it
    /// and use it; `None` where the SDK cannot use the key either.
    pub fn strict_rule(&self) -> Option<&'static str> {
        match self {
            Self::MemberType { .. } => Some(
                "RFC 7517 §4.2–4.5: use, key_ops, alg and kid are strings (key_ops an array of strings)",
            ),
            Self::KeyOpsWithoutVerify(_) | Self::KeyOpsDuplicate(_) => Some(
                "RFC 7517 §4.3: a key whose key_ops lacks \"verify\" (or repeats an operation) verifies nothing",
            ),
            Self::SmallOrderPoint => Some(
                "RFC 8032 §5.1.7 / libsodium: Ed25519 keys of small order are refused (any signature may verify)",
            ),
            Self::RsaTooSmall(_) => Some("RFC 7518 §3.3: RSA keys have at least 2048 bits"),
            _ => None,
        }
    }
}

/// Why a key set cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwksError {
    #[error("the key set is not a JSON object with a \"keys\" array: {0}")]
    Shape(String),
    #[error("the key set has {0} keys; at most {MAX_KEYS} are accepted")]
    TooManyKeys(usize),
}

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

/// The encodings of Ed25519's eight small-order points, sign bit cleared:
/// libsodium's blocklist in `ge25519_has_small_order`
/// (src/libsodium/crypto_core/ed25519/ref10/ed25519_ref10.c). With the
/// sign bit ignored, seven encodings cover all eight points (y = 1, −1, 0
/// and the two order-8 y values) and the non-canonical y = p and p + 1.
const SMALL_ORDER_POINTS: [[u8; 32]; 7] = {
    let mut points = [[0u8; 32]; 7];
    // 0 (order 4)
    // 1 (order 1)
    points[1][0] = 0x01;
    // 2707385501144840649318225287225658788936804267575313519463743609750303402022 (order 8)
    points[2] = [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ];
    // 55188659117513257062467267217118295137698188065244968500265048394206261417927 (order 8)
    points[3] = [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ];
    // p − 1 (order 2), p (= 0, order 4), p + 1 (= 1, order 1)
    let mut i = 4;
    while i < 7 {
        let mut j = 1;
        while j < 31 {
            points[i][j] = 0xff;
            j += 1;
        }
        points[i][31] = 0x7f;
        points[i][0] = 0xec + (i as u8 - 4);
        i += 1;
    }
    points
};

/// Whether a 32-byte Ed25519 public key is one of the small-order points
/// (in any encoding, either sign): libsodium's `has_small_order`.
fn has_small_order(encoded: &[u8]) -> bool {
    let Ok(bytes) = <[u8; 32]>::try_from(encoded) else {
        return false;
    };
    let mut cleared = bytes;
    cleared[31] &= 0x7f;
    SMALL_ORDER_POINTS.contains(&cleared)
}

fn coordinate(
    jwk: &Object,
    member: &'static str,
    curve: &'static str,
    expected: usize,
) -> Result<Vec<u8>, JwkError> {
    let bytes = b64_member(jwk, member)?;
    if bytes.len() != expected {
        return Err(JwkError::CoordinateLength {
            member,
            curve,
            found: bytes.len(),
            expected,
        });
    }
    Ok(bytes)
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

fn required_str<'a>(jwk: &'a Object, member: &'static str) -> Result<&'a str, JwkError> {
    jwk.get(member)
        .and_then(Value::as_str)
        .ok_or(JwkError::Member(member))
}

fn optional_str(jwk: &Object, member: &str) -> Option<String> {
    jwk.get(member).and_then(Value::as_str).map(str::to_owned)
}

/// A member's value as an error shows it: compact JSON, at most 80
/// characters (key sets come from the network).
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// An optional string member: absent, or a string — any other type is an error.
fn typed_str(jwk: &Object, member: &'static str) -> Result<Option<String>, JwkError> {
    match jwk.get(member) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(JwkError::MemberType {
            member,
            expected: "a string",
            found: shown(other),
        }),
    }
}

/// RFC 7517 §4.3: `key_ops`, when present, is an array of distinct strings
/// that must include "verify" for a verification key.
fn check_key_ops(jwk: &Object) -> Result<(), JwkError> {
    let Some(ops) = jwk.get("key_ops") else {
        return Ok(());
    };
    let found = || shown(ops);
    let strings: Option<Vec<&str>> = ops
        .as_array()
        .and_then(|items| items.iter().map(Value::as_str).collect());
    let Some(strings) = strings else {
        return Err(JwkError::MemberType {
            member: "key_ops",
            expected: "an array of strings",
            found: found(),
        });
    };
    if strings
        .iter()
        .enumerate()
        .any(|(i, op)| strings[..i].contains(op))
    {
        return Err(JwkError::KeyOpsDuplicate(found()));
    }
    if !strings.contains(&"verify") {
        return Err(JwkError::KeyOpsWithoutVerify(found()));
    }
    Ok(())
}

fn b64_member(jwk: &Object, member: &'static str) -> Result<Vec<u8>, JwkError> {
    let s = required_str(jwk, member)?;
    jose::decode_segment(s, Part::Header).map_err(|_| JwkError::Base64(member))
}

/// The RFC 7638 JWK thumbprint: SHA-256 over the required members in
/// lexicographic order, base64url. Optional members (`alg`, `kid`, `use`) and
/// private members never change it.
pub fn thumbprint(jwk: &Object) -> Result<String, JwkError> {
    let kty = required_str(jwk, "kty")?;
    let members: &[&'static str] = match kty {
        "EC" => &["crv", "kty", "x", "y"],
        "RSA" => &["e", "kty", "n"],
        "OKP" => &["crv", "kty", "x"],
        "oct" => &["k", "kty"],
        other => return Err(JwkError::KeyType(other.to_owned())),
    };
    let mut canonical = String::from("{");
    for (i, member) in members.iter().enumerate() {
        let value = required_str(jwk, member)?;
        if i > 0 {
            canonical.push(',');
        }
        canonical.push_str(&serde_json::to_string(member).expect("string"));
        canonical.push(':');
        canonical.push_str(&serde_json::to_string(value).expect("string"));
    }
    canonical.push('}');
    Ok(jose::b64(digest::digest(
        &digest::SHA256,
        canonical.as_bytes(),
    )))
}

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
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Object {
        v.as_object().unwrap().clone()
    }

    fn vectors(name: &str) -> Value {
        let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn rfc7638_thumbprint_of_the_rfc_rsa_key() {
        let v = vectors("rfc7638-thumbprint.json");
        let jwk = obj(v["jwk"].clone());
        assert_eq!(thumbprint(&jwk).unwrap(), v["thumbprint"].as_str().unwrap());
        assert_eq!(
            PublicKey::from_jwk(&jwk).unwrap().thumbprint(),
            v["thumbprint"].as_str().unwrap()
        );
    }

    #[test]
    fn thumbprints_ignore_optional_and_private_members() {
        let v = vectors("rfc7515-jws.json");
        let mut jwk = obj(v["es256"]["jwk"].clone());
        let expected = v["es256"]["thumbprint"].as_str().unwrap();
        assert_eq!(thumbprint(&jwk).unwrap(), expected);
        jwk.insert("kid".into(), json!("k1"));
        jwk.insert("alg".into(), json!("ES256"));
        assert_eq!(thumbprint(&jwk).unwrap(), expected);
        let dpop = vectors("rfc9449-dpop.json");
        assert_eq!(
            thumbprint(&obj(dpop["dpop_public_jwk"].clone())).unwrap(),
            dpop["jkt"].as_str().unwrap()
        );
    }

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
