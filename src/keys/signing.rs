//! Private signing keys: generation, PKCS#8 PEM import/export, JWS signing,
//! and the matching public JWK.
//!
//! Used by the mock tenant (RS256 access tokens), DPoP clients (ES256
//! proofs) and `private_key_jwt` client authentication. `Debug` never shows
//! key material.

use std::fmt;
use std::sync::Arc;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    self, EcdsaKeyPair, EcdsaSigningAlgorithm, KeyPair as _, RsaEncoding, RsaKeyPair,
};
use base64::Engine as _;
use serde_json::{Value, json};

use crate::jose::{self, Algorithm, Object};

/// Why a key could not be created, read or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    #[error(
        "not a PEM private key (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)"
    )]
    NotPem,
    #[error("the PEM body is not valid base64")]
    PemBase64,
    #[error(
        "unsupported or malformed private key (RSA ≥ 2048 bits, EC P-256 or P-384 in PKCS#8 are supported)"
    )]
    Unsupported,
    #[error("a {key} key cannot sign {alg}")]
    AlgorithmMismatch { key: &'static str, alg: Algorithm },
    #[error("the crypto library could not {0}")]
    Crypto(&'static str),
}

#[derive(Clone)]
enum Inner {
    Rsa(Arc<RsaKeyPair>),
    Ec {
        pair: Arc<EcdsaKeyPair>,
        curve: &'static str,
        pkcs8: Arc<Vec<u8>>,
    },
}

/// A private key that signs JWS.
#[derive(Clone)]
pub struct SigningKey {
    inner: Inner,
    kid: Option<String>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("type", &self.key_type())
            .field("kid", &self.kid)
            .field("material", &"[redacted]")
            .finish()
    }
}

impl SigningKey {
    /// A fresh RSA-2048 key (for RS256/PS256).
    pub fn generate_rsa() -> Result<Self, KeyError> {
        let pair = RsaKeyPair::generate(KeySize::Rsa2048)
            .map_err(|_| KeyError::Crypto("generate an RSA key"))?;
        Ok(SigningKey {
            inner: Inner::Rsa(Arc::new(pair)),
            kid: None,
        })
    }

    /// A fresh P-256 key (for ES256, the DPoP algorithm).
    pub fn generate_p256() -> Result<Self, KeyError> {
        let alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
        let doc = EcdsaKeyPair::generate_pkcs8(alg, &SystemRandom::new())
            .map_err(|_| KeyError::Crypto("generate a P-256 key"))?;
        Self::from_pkcs8_der(doc.as_ref())
    }

    /// Reads a PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1
    /// (`BEGIN RSA PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let (label, der) = pem_decode(pem)?;
        match label.as_str() {
            "PRIVATE KEY" => Self::from_pkcs8_der(&der),
            "RSA PRIVATE KEY" => {
                let pair = RsaKeyPair::from_der(&der).map_err(|_| KeyError::Unsupported)?;
                Ok(SigningKey {
                    inner: Inner::Rsa(Arc::new(pair)),
                    kid: None,
                })
            }
            "EC PRIVATE KEY" => {
                for (alg, curve) in ec_algorithms() {
                    if let Ok(pair) = EcdsaKeyPair::from_private_key_der(alg, &der) {
                        let pkcs8 = pair.to_pkcs8v1().map_err(|_| KeyError::Unsupported)?;
                        return Ok(SigningKey {
                            inner: Inner::Ec {
                                pair: Arc::new(pair),
                                curve,
                                pkcs8: Arc::new(pkcs8.as_ref().to_vec()),
                            },
                            kid: None,
                        });
                    }
                }
                Err(KeyError::Unsupported)
            }
            _ => Err(KeyError::NotPem),
        }
    }

    /// Reads a PKCS#8 DER private key (RSA, EC P-256 or P-384).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        for (alg, curve) in ec_algorithms() {
            if let Ok(pair) = EcdsaKeyPair::from_pkcs8(alg, der) {
                return Ok(SigningKey {
                    inner: Inner::Ec {
                        pair: Arc::new(pair),
                        curve,
                        pkcs8: Arc::new(der.to_vec()),
                    },
                    kid: None,
                });
            }
        }
        let pair = RsaKeyPair::from_pkcs8(der).map_err(|_| KeyError::Unsupported)?;
        Ok(SigningKey {
            inner: Inner::Rsa(Arc::new(pair)),
            kid: None,
        })
    }

    /// The key as a PKCS#8 PEM document (`BEGIN PRIVATE KEY`).
    pub fn to_pkcs8_pem(&self) -> Result<String, KeyError> {
        let der = match &self.inner {
            Inner::Rsa(pair) => pair
                .as_der()
                .map_err(|_| KeyError::Crypto("encode the RSA key"))?
                .as_ref()
                .to_vec(),
            Inner::Ec { pkcs8, .. } => pkcs8.to_vec(),
        };
        Ok(pem_encode("PRIVATE KEY", &der))
    }

    /// Sets the key id published with the public key and put in JWS headers.
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The key id, if set.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// "RSA", "EC P-256" or "EC P-384".
    pub fn key_type(&self) -> &'static str {
        match &self.inner {
            Inner::Rsa(_) => "RSA",
            Inner::Ec { curve: "P-256", .. } => "EC P-256",
            Inner::Ec { .. } => "EC P-384",
        }
    }

    /// The natural algorithm for this key: RS256, ES256 or ES384.
    pub fn default_algorithm(&self) -> Algorithm {
        match &self.inner {
            Inner::Rsa(_) => Algorithm::RS256,
            Inner::Ec { curve: "P-256", .. } => Algorithm::ES256,
            Inner::Ec { .. } => Algorithm::ES384,
        }
    }

    /// The public half as a JWK: `kty`, `n`/`e` or `crv`/`x`/`y`, with `kid`
    /// when set. No private member, ever.
    pub fn public_jwk(&self) -> Object {
        let mut jwk = match &self.inner {
            Inner::Rsa(pair) => {
                let public = pair.public_key();
                json!({
                    "kty": "RSA",
                    "n": jose::b64(public.modulus().big_endian_without_leading_zero()),
                    "e": jose::b64(public.exponent().big_endian_without_leading_zero()),
                })
            }
            Inner::Ec { pair, curve, .. } => {
                let point = pair.public_key().as_ref();
                let half = (point.len() - 1) / 2;
                json!({
                    "kty": "EC",
                    "crv": curve,
                    "x": jose::b64(&point[1..=half]),
                    "y": jose::b64(&point[1 + half..]),
                })
            }
        };
        if let Some(kid) = &self.kid {
            jwk["kid"] = Value::String(kid.clone());
        }
        match jwk {
            Value::Object(map) => map,
            _ => unreachable!("built as an object"),
        }
    }

    /// The RFC 7638 thumbprint of the public key.
    pub fn thumbprint(&self) -> String {
        super::thumbprint(&self.public_jwk()).expect("own public JWK is complete")
    }

    /// Signs `message` with `alg` (RS*/PS* for RSA keys, ES256/ES384 for EC).
    pub fn sign(&self, alg: Algorithm, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let rng = SystemRandom::new();
        match &self.inner {
            Inner::Rsa(pair) => {
                let encoding: &'static dyn RsaEncoding = match alg {
                    Algorithm::RS256 => &signature::RSA_PKCS1_SHA256,
                    Algorithm::RS384 => &signature::RSA_PKCS1_SHA384,
                    Algorithm::RS512 => &signature::RSA_PKCS1_SHA512,
                    Algorithm::PS256 => &signature::RSA_PSS_SHA256,
                    Algorithm::PS384 => &signature::RSA_PSS_SHA384,
                    Algorithm::PS512 => &signature::RSA_PSS_SHA512,
                    _ => return Err(KeyError::AlgorithmMismatch { key: "RSA", alg }),
                };
                let mut sig = vec![0; pair.public_modulus_len()];
                pair.sign(encoding, &rng, message, &mut sig)
                    .map_err(|_| KeyError::Crypto("sign"))?;
                Ok(sig)
            }
            Inner::Ec { pair, .. } => {
                if alg != self.default_algorithm() {
                    return Err(KeyError::AlgorithmMismatch { key: "EC", alg });
                }
                let sig = pair
                    .sign(&rng, message)
                    .map_err(|_| KeyError::Crypto("sign"))?;
                Ok(sig.as_ref().to_vec())
            }
        }
    }

    /// Signs a compact JWS: header `alg` (and `kid` when set) plus
    /// `extra_header`, payload `claims`.
    pub fn sign_jwt(
        &self,
        alg: Algorithm,
        extra_header: &Object,
        claims: &Object,
    ) -> Result<String, KeyError> {
        self.sign_jwt_encoded(alg, &self.encoded_header(alg, extra_header), claims)
    }

    /// The base64url JOSE header [`sign_jwt`](Self::sign_jwt) writes: `alg`,
    /// `kid` when set, then `extra_header`. Compute it once to sign many
    /// tokens with the same header.
    pub fn encoded_header(&self, alg: Algorithm, extra_header: &Object) -> String {
        let mut header = Object::new();
        header.insert("alg".into(), Value::String(alg.as_str().into()));
        if let Some(kid) = &self.kid {
            header.insert("kid".into(), Value::String(kid.clone()));
        }
        for (k, v) in extra_header {
            header.insert(k.clone(), v.clone());
        }
        jose::b64(serde_json::to_vec(&header).expect("JSON object"))
    }

    /// Signs a compact JWS with a header from [`encoded_header`](Self::encoded_header).
    pub fn sign_jwt_encoded(
        &self,
        alg: Algorithm,
        encoded_header: &str,
        claims: &Object,
    ) -> Result<String, KeyError> {
        let claims = serde_json::to_vec(claims).expect("JSON object");
        let mut token = format!("{encoded_header}.{}", jose::b64(claims));
        let signature = self.sign(alg, token.as_bytes())?;
        token.push('.');
        token.push_str(&jose::b64(signature));
        Ok(token)
    }
}

fn ec_algorithms() -> [(&'static EcdsaSigningAlgorithm, &'static str); 2] {
    [
        (&signature::ECDSA_P256_SHA256_FIXED_SIGNING, "P-256"),
        (&signature::ECDSA_P384_SHA384_FIXED_SIGNING, "P-384"),
    ]
}

/// Decodes the first PEM block: its label and DER body.
pub fn pem_decode(pem: &str) -> Result<(String, Vec<u8>), KeyError> {
    let start = pem.find("-----BEGIN ").ok_or(KeyError::NotPem)?;
    let rest = &pem[start + 11..];
    let label_end = rest.find("-----").ok_or(KeyError::NotPem)?;
    let label = rest[..label_end].to_owned();
    let body_and_end = &rest[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let end = body_and_end.find(&end_marker).ok_or(KeyError::NotPem)?;
    let body: String = body_and_end[..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| KeyError::PemBase64)?;
    Ok((label, der))
}

/// Encodes DER as PEM with 64-character lines.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PublicKey;

    #[test]
    fn p256_keys_round_trip_through_pem_and_sign_verifiable_es256() {
        let key = SigningKey::generate_p256().unwrap().with_kid("k1");
        let again = SigningKey::from_pem(&key.to_pkcs8_pem().unwrap()).unwrap();
        assert_eq!(key.thumbprint(), again.thumbprint());
        let public = PublicKey::from_jwk(&key.public_jwk()).unwrap();
        let sig = key.sign(Algorithm::ES256, b"msg").unwrap();
        assert_eq!(sig.len(), 64, "raw R||S, not DER");
        public.verify(Algorithm::ES256, b"msg", &sig).unwrap();
        assert!(key.sign(Algorithm::RS256, b"msg").is_err());
        assert!(!format!("{key:?}").contains(&key.to_pkcs8_pem().unwrap()[30..60]));
    }

    #[test]
    fn rsa_keys_sign_rs256_and_ps256() {
        let key = SigningKey::generate_rsa().unwrap();
        let public = PublicKey::from_jwk(&key.public_jwk()).unwrap();
        for alg in [Algorithm::RS256, Algorithm::PS256] {
            let sig = key.sign(alg, b"msg").unwrap();
            public.verify(alg, b"msg", &sig).unwrap();
        }
        let pem = key.to_pkcs8_pem().unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert_eq!(
            SigningKey::from_pem(&pem).unwrap().thumbprint(),
            key.thumbprint()
        );
    }

    #[test]
    fn garbage_is_not_a_key() {
        assert_eq!(SigningKey::from_pem("hello").unwrap_err(), KeyError::NotPem);
        assert_eq!(
            SigningKey::from_pem("-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----")
                .unwrap_err(),
            KeyError::PemBase64
        );
        assert_eq!(
            SigningKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
                .unwrap_err(),
            KeyError::Unsupported
        );
    }
}
