//! DPoP client side (RFC 9449): P-256 keys, their import and export, and
//! proof signing.
//!
//! A proof is a JWT with header `{"typ":"dpop+jwt","alg":"ES256","jwk":<public
//! key>}` and claims `jti`, `htm`, `htu`, `iat`, plus `ath` when it
//! accompanies an access token and `nonce` when the server asked for one.
//! Time (`iat`) and randomness (`jti`) are explicit inputs of
//! [`ProofClaims`], so callers and tests control them.

use aws_lc_rs::digest;
use aws_lc_rs::encoding::AsBigEndian;
use aws_lc_rs::signature::{self, EcdsaKeyPair};
use serde_json::{Value, json};

use crate::jose::{self, Algorithm, Object, Part};
use crate::keys::{KeyError, SigningKey};

/// A DPoP key: an EC P-256 private key (ES256 is the algorithm Auth0 and the
/// SDK accept).
#[derive(Clone, Debug)]
pub struct DpopKey {
    key: SigningKey,
    /// The encoded proof header (`alg`, `jwk`, `typ`): the same for every proof.
    header: String,
}

impl DpopKey {
    /// A fresh random P-256 key.
    pub fn generate() -> Result<Self, KeyError> {
        Self::from_signing_key(SigningKey::generate_p256()?)
    }

    /// Reads a key from text: a PEM private key or a private JWK (with `d`).
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let trimmed = text.trim_start();
        let key = if trimmed.starts_with('{') {
            let jwk = jose::parse_object(trimmed.trim_end().as_bytes(), Part::Payload)
                .map_err(|_| KeyError::Unsupported)?;
            return Self::from_private_jwk(&jwk);
        } else {
            SigningKey::from_pem(text)?
        };
        Self::from_signing_key(key)
    }

    /// Wraps a signing key, which must be EC P-256.
    pub fn from_signing_key(key: SigningKey) -> Result<Self, KeyError> {
        if key.default_algorithm() != Algorithm::ES256 {
            return Err(KeyError::AlgorithmMismatch {
                key: key.key_type(),
                alg: Algorithm::ES256,
            });
        }
        let mut header = Object::new();
        header.insert("typ".into(), json!("dpop+jwt"));
        header.insert("jwk".into(), Value::Object(key.public_jwk()));
        let header = key.encoded_header(Algorithm::ES256, &header);
        Ok(DpopKey { key, header })
    }

    /// Reads a private P-256 JWK (`kty` EC, `crv` P-256, `x`, `y`, `d`).
    pub fn from_private_jwk(jwk: &Object) -> Result<Self, KeyError> {
        let member = |m: &str| -> Result<Vec<u8>, KeyError> {
            let s = jwk
                .get(m)
                .and_then(Value::as_str)
                .ok_or(KeyError::Unsupported)?;
            jose::decode_segment(s, Part::Header).map_err(|_| KeyError::Unsupported)
        };
        if jwk.get("kty").and_then(Value::as_str) != Some("EC")
            || jwk.get("crv").and_then(Value::as_str) != Some("P-256")
        {
            return Err(KeyError::Unsupported);
        }
        let (x, y, d) = (member("x")?, member("y")?, member("d")?);
        if x.len() != 32 || y.len() != 32 || d.len() != 32 {
            return Err(KeyError::Unsupported);
        }
        let point = [&[0x04][..], &x, &y].concat();
        let pair = EcdsaKeyPair::from_private_key_and_public_key(
            &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            &d,
            &point,
        )
        .map_err(|_| KeyError::Unsupported)?;
        let pkcs8 = pair.to_pkcs8v1().map_err(|_| KeyError::Unsupported)?;
        Self::from_signing_key(SigningKey::from_pkcs8_der(pkcs8.as_ref())?)
    }

    /// The key as PKCS#8 PEM.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        self.key.to_pkcs8_pem()
    }

    /// The public JWK: `crv`, `kty`, `x`, `y` only.
    pub fn public_jwk(&self) -> Object {
        self.key.public_jwk()
    }

    /// The private JWK (public members plus `d`). Handle with care.
    pub fn private_jwk(&self) -> Result<Object, KeyError> {
        let pem = self.key.to_pkcs8_pem()?;
        let (_, der) = crate::keys::pem_decode(&pem)?;
        let pair = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &der)
            .map_err(|_| KeyError::Unsupported)?;
        let d = pair
            .private_key()
            .as_be_bytes()
            .map_err(|_| KeyError::Crypto("export the private key"))?;
        let mut jwk = self.public_jwk();
        jwk.insert("d".into(), Value::String(jose::b64(d.as_ref())));
        Ok(jwk)
    }

    /// The RFC 7638 thumbprint, the `jkt` a DPoP-bound token carries in `cnf`.
    pub fn thumbprint(&self) -> String {
        self.key.thumbprint()
    }

    /// Signs a proof with these claims.
    pub fn proof(&self, claims: &ProofClaims) -> Result<String, KeyError> {
        self.key
            .sign_jwt_encoded(Algorithm::ES256, &self.header, &claims.to_object())
    }
}

/// The claims of one DPoP proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofClaims {
    /// Unique id (≥ 128 random bits, base64url).
    pub jti: String,
    /// The HTTP method.
    pub htm: String,
    /// The HTTP URL without query and fragment (RFC 9449 §4.2).
    pub htu: String,
    /// Creation time.
    pub iat: i64,
    /// base64url(SHA-256(access token)), when the proof accompanies one.
    pub ath: Option<String>,
    /// The server-provided nonce, when one was asked for.
    pub nonce: Option<String>,
}

impl ProofClaims {
    /// Claims for `htm` on `htu` (query and fragment are removed) at `iat` with `jti`.
    pub fn new(htm: &str, htu: &str, iat: i64, jti: String) -> Self {
        ProofClaims {
            jti,
            htm: htm.to_owned(),
            htu: htu_for_proof(htu),
            iat,
            ath: None,
            nonce: None,
        }
    }

    /// Binds the proof to an access token (`ath`).
    pub fn with_access_token(mut self, token: &str) -> Self {
        self.ath = Some(ath(token));
        self
    }

    /// Includes a server nonce.
    pub fn with_nonce(mut self, nonce: Option<String>) -> Self {
        self.nonce = nonce;
        self
    }

    fn to_object(&self) -> Object {
        let mut o = Object::new();
        o.insert("jti".into(), json!(self.jti));
        o.insert("htm".into(), json!(self.htm));
        o.insert("htu".into(), json!(self.htu));
        o.insert("iat".into(), json!(self.iat));
        if let Some(ath) = &self.ath {
            o.insert("ath".into(), json!(ath));
        }
        if let Some(nonce) = &self.nonce {
            o.insert("nonce".into(), json!(nonce));
        }
        o
    }
}

/// `ath`: base64url(SHA-256(the exact access-token string)) (RFC 9449 §4.2).
pub fn ath(access_token: &str) -> String {
    jose::b64(digest::digest(&digest::SHA256, access_token.as_bytes()))
}

/// A fresh `jti`: 128 random bits, base64url (22 characters).
pub fn new_jti() -> Result<String, KeyError> {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| KeyError::Crypto("draw random bytes"))?;
    Ok(jose::b64(bytes))
}

/// The `htu` for a URL: the URL without its query and fragment.
pub fn htu_for_proof(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PublicKey;

    fn vectors() -> Value {
        let path = format!(
            "{}/tests/vectors/rfc9449-dpop.json",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn ath_matches_rfc9449() {
        let v = vectors();
        assert_eq!(
            ath(v["access_token"].as_str().unwrap()),
            v["ath"].as_str().unwrap()
        );
    }

    #[test]
    fn proofs_have_the_rfc_shape_and_verify_with_their_own_jwk() {
        let key = DpopKey::generate().unwrap();
        let claims = ProofClaims::new(
            "GET",
            "https://api.example.com/r?x=1#f",
            1_700_000_000,
            "jti-1".into(),
        )
        .with_access_token("tok")
        .with_nonce(Some("n1".into()));
        let proof = key.proof(&claims).unwrap();
        let jws = jose::CompactJws::parse(&proof).unwrap();
        assert_eq!(jws.header.object()["typ"], "dpop+jwt");
        assert_eq!(jws.header.object()["alg"], "ES256");
        let jwk = jws.header.object()["jwk"].as_object().unwrap();
        assert!(!jwk.contains_key("d"));
        assert_eq!(jws.payload.object()["htu"], "https://api.example.com/r");
        assert_eq!(jws.payload.object()["ath"], ath("tok"));
        assert_eq!(jws.payload.object()["nonce"], "n1");
        assert!(!jws.header.contains_key("kid"));
        PublicKey::from_jwk(jwk)
            .unwrap()
            .verify(
                Algorithm::ES256,
                jws.signing_input.as_bytes(),
                &jws.signature,
            )
            .unwrap();
    }

    #[test]
    fn keys_round_trip_through_pem_and_private_jwk() {
        let key = DpopKey::generate().unwrap();
        let from_pem = DpopKey::parse(&key.to_pem().unwrap()).unwrap();
        assert_eq!(from_pem.thumbprint(), key.thumbprint());
        let jwk = Value::Object(key.private_jwk().unwrap()).to_string();
        let from_jwk = DpopKey::parse(&jwk).unwrap();
        assert_eq!(from_jwk.thumbprint(), key.thumbprint());
        assert!(DpopKey::parse(&Value::Object(key.public_jwk()).to_string()).is_err());
        let rsa = SigningKey::generate_rsa().unwrap();
        assert!(DpopKey::from_signing_key(rsa).is_err());
    }

    #[test]
    fn jtis_carry_128_random_bits() {
        let (a, b) = (new_jti().unwrap(), new_jti().unwrap());
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
    }
}
