//! Why a DPoP proof was rejected: one [`ProofError`] variant per check of
//! RFC 9449 §4.3, with the status and OAuth code the SDK answers, its exact
//! `error_description`, and the RFC rule where auth0-tok is stricter.

use crate::jose::JoseError;

use super::super::error::{ErrorCode, Shown};

/// Why a DPoP proof was rejected (400 `invalid_dpop_proof`, or 401
/// `use_dpop_nonce` for a missing or stale nonce).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    #[error("more than one DPoP proof (a comma-joined DPoP header); exactly one is allowed")]
    Multiple,
    #[error(
        "the request has {0} DPoP header fields; exactly one is allowed (RFC 9449 §4.3 step 1)"
    )]
    MultipleHeaders(usize),
    #[error("the proof is not a well-formed JWT: {0}")]
    Malformed(JoseError),
    #[error("typ is {0}, not \"dpop+jwt\"")]
    Typ(Shown),
    #[error("alg {0} is not allowed for proofs (ES256 only)")]
    Algorithm(Shown),
    #[error(
        "the proof's header marks {0} as critical; auth0-tok understands no JWS extensions (RFC 7515 §4.1.11)"
    )]
    CriticalHeader(Shown),
    #[error("unencoded payloads (\"b64\": false, RFC 7797) are not accepted in DPoP proofs")]
    UnencodedPayload,
    #[error("the header has no \"jwk\" object")]
    MissingJwk,
    #[error("the header's jwk contains private key material (\"d\")")]
    PrivateKey,
    #[error("the proof key is kty {0}; only EC keys are accepted")]
    KeyType(Shown),
    #[error("the proof key is on curve {0}; only P-256 is accepted")]
    Curve(Shown),
    #[error("the proof's jwk is not a usable P-256 key: {0}")]
    BadKey(String),
    #[error("the proof's signature does not verify with its own jwk")]
    Signature,
    #[error("the proof lacks required claim(s): {}", .0.join(", "))]
    MissingClaims(Vec<&'static str>),
    #[error("jti must be a string; found {0}")]
    JtiType(Shown),
    #[error("jti is empty")]
    JtiEmpty,
    #[error("iat must be a number; found {0}")]
    IatType(Shown),
    #[error("iat must be a NumericDate, not a boolean; found {found} (the SDK reads it as {})", u8::from(*.found))]
    IatBoolean {
        found: bool,
        /// What the SDK answers, reading `true` as 1 and `false` as 0
        /// (Python's bool is an int); `None` where it would accept.
        sdk: Option<&'static str>,
    },
    #[error("the proof is {age}s old; at most {max}s is accepted")]
    TooOld { age: u64, max: u64 },
    #[error("the proof's iat is {ahead}s in the future; at most {max}s of skew is accepted")]
    FromTheFuture { ahead: u64, max: u64 },
    #[error("htm {found} does not match the request method {expected:?}")]
    HtmMismatch {
        expected: String,
        found: Shown,
        case_only: bool,
    },
    #[error(
        "htu {found} does not match the request URL {expected:?} (compared as {normalized_found:?} vs {normalized_expected:?})"
    )]
    HtuMismatch {
        expected: String,
        found: Shown,
        normalized_found: String,
        normalized_expected: String,
    },
    #[error("htu {found} is not a usable http(s) URL: {reason}")]
    HtuInvalid { found: Shown, reason: &'static str },
    #[error("ath does not match the access token's SHA-256 hash")]
    AthMismatch,
    #[error("the server requires a nonce in the proof (RFC 9449 §9)")]
    NonceMissing,
    #[error("the proof's nonce is not the one the server issued")]
    NonceMismatch,
}

impl ProofError {
    /// `invalid_dpop_proof`, or `use_dpop_nonce` for nonce problems.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NonceMissing | Self::NonceMismatch => ErrorCode::UseDpopNonce,
            _ => ErrorCode::InvalidDpopProof,
        }
    }

    /// The HTTP status the SDK gives: 400 (401 for nonce challenges, RFC 9449 §9).
    pub fn status(&self) -> u16 {
        match self {
            Self::NonceMissing | Self::NonceMismatch => 401,
            _ => 400,
        }
    }

    /// auth0-api-python's `error_description` for this failure.
    pub fn sdk_description(&self) -> String {
        match self {
            Self::Multiple | Self::MultipleHeaders(_) => {
                "Multiple DPoP proofs are not allowed".into()
            }
            Self::Malformed(_) => "Failed to verify DPoP proof".into(),
            Self::Typ(_) => "Unexpected JWT 'typ' header parameter value".into(),
            Self::Algorithm(_) => "Unsupported algorithm in DPoP proof".into(),
            // Checks the SDK does not make: auth0-tok's own description.
            Self::CriticalHeader(_) | Self::UnencodedPayload => self.to_string(),
            Self::MissingJwk => "Missing or invalid jwk in header".into(),
            Self::PrivateKey => "Private key material found in jwk header".into(),
            Self::KeyType(_) => "Only EC keys are supported for DPoP".into(),
            Self::Curve(_) => "Only P-256 curve is supported".into(),
            Self::BadKey(_) | Self::Signature => {
                "JWT signature verification failed: bad_signature: ".into()
            }
            Self::MissingClaims(c) if c.len() == 1 => format!("Missing required claim: {}", c[0]),
            Self::MissingClaims(c) => format!("Missing required claims: {}", c.join(", ")),
            Self::JtiType(_) => "jti claim must be a string".into(),
            Self::JtiEmpty => "jti claim must not be empty".into(),
            Self::IatType(_) | Self::IatBoolean { sdk: None, .. } => {
                "Invalid iat claim (must be integer or float)".into()
            }
            Self::IatBoolean { sdk: Some(s), .. } => (*s).into(),
            Self::TooOld { .. } => "DPoP Proof iat is too old".into(),
            Self::FromTheFuture { .. } => "DPoP Proof iat is from the future".into(),
            Self::HtmMismatch { .. } => "DPoP Proof htm mismatch".into(),
            Self::HtuMismatch { .. } | Self::HtuInvalid { .. } => "DPoP Proof htu mismatch".into(),
            Self::AthMismatch => "DPoP Proof ath mismatch".into(),
            Self::NonceMissing | Self::NonceMismatch => {
                "Resource server requires nonce in DPoP proof".into()
            }
        }
    }

    /// The rule applied where the SDK would have accepted the proof.
    pub fn strict_rule(&self) -> Option<&'static str> {
        match self {
            Self::HtmMismatch {
                case_only: true, ..
            } => Some(
                "RFC 9449 §4.3 step 8 / RFC 9110 §9.1: methods are case-sensitive (the SDK compares case-insensitively)",
            ),
            Self::HtuInvalid {
                reason: "it contains userinfo",
                ..
            } => Some(
                "RFC 9449 §4.2 / RFC 9110 §4.2.4: an htu with userinfo is refused (the SDK drops it)",
            ),
            Self::IatBoolean { sdk: None, .. } => {
                Some("RFC 9449 §4.2: iat is a NumericDate, never a boolean")
            }
            Self::NonceMissing | Self::NonceMismatch => {
                Some("RFC 9449 §9: server nonces (the SDK has none)")
            }
            Self::MultipleHeaders(_) => Some(
                "RFC 9449 §4.3 step 1: exactly one DPoP header field (the SDK reads the first)",
            ),
            Self::CriticalHeader(_) => Some(
                "RFC 7515 §4.1.11: unknown critical header parameters must be rejected (the SDK ignores crit in proofs)",
            ),
            Self::UnencodedPayload => Some(
                "RFC 7797 §6 / RFC 9449 §4.2: a proof is a JWT, never an unencoded payload (the SDK ignores b64)",
            ),
            Self::Malformed(JoseError::Json { detail, .. }) if detail.contains("duplicate") => {
                Some("RFC 7515 §4: duplicate member names are rejected")
            }
            _ => None,
        }
    }
}
