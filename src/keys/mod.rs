//! Keys, public and private: JSON Web Keys (RFC 7517) for verification and
//! key sets, RFC 7638 thumbprints, signing keys, DPoP client keys, and the
//! public key of an X.509 certificate.
//!
//! A [`PublicKey`] is parsed once into aws-lc-rs verification keys, one per
//! algorithm the key may serve, so verifying a token never rebuilds a key.
//! Which algorithm a key serves is decided by its type and its declared `alg`,
//! never by the token being verified. A key whose metadata is malformed or
//! forbids verification (RFC 7517 §4.2–4.5: `use`, `key_ops`, `alg`, `kid`),
//! or whose parameters are weak (a small RSA modulus, an even or tiny
//! exponent, a small-order Ed25519 point), is skipped with its reason, which
//! the [`JwkSet`] keeps so that a token naming it is told why.
//!
//! [`SigningKey`] is a private key (generation, PKCS#8 PEM, JWS signing);
//! [`dpop`] the client side of DPoP built on it; [`jwks`] reads a key set
//! answered by a server; [`x509`] takes the key out of a certificate.

pub mod dpop;
mod error;
pub mod jwks;
mod members;
mod public;
mod set;
mod signing;
mod small_order;
mod thumbprint;
pub mod x509;

pub use error::{JwkError, JwksError, MAX_KEYS, MIN_RSA_BITS};
pub use public::{KeyKind, PublicKey, SignatureError};
pub use set::JwkSet;
pub use signing::{KeyError, SigningKey, pem_decode, pem_encode};
pub use thumbprint::thumbprint;

#[cfg(test)]
mod testing {
    use serde_json::Value;

    use crate::jose::Object;

    pub fn obj(v: Value) -> Object {
        v.as_object().unwrap().clone()
    }

    pub fn vectors(name: &str) -> Value {
        let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }
}
