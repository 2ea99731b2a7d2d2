//! Why a key or a key set cannot be used, and the bounds on both.

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
