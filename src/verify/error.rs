//! What failed, as the API would report it: an OAuth error code, the HTTP
//! status auth0-api-python answers with, the SDK's description, and auth0-tok's
//! own precise reason.

use std::fmt;

use crate::clock::{UnixTime, format_duration, format_rfc3339};
use crate::jose::JoseError;
use crate::jwk::JwkError;
use crate::jwks::REFETCH_INTERVAL;

/// OAuth 2.0 error codes (RFC 6750 §3.1, RFC 9449 §7.1 and §12.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    InvalidRequest,
    InvalidToken,
    InsufficientScope,
    InvalidDpopProof,
    UseDpopNonce,
    /// Not an OAuth code: what auth0-fastapi-api answers (500) when the SDK
    /// raises an exception outside its checks.
    InternalServerError,
}

impl ErrorCode {
    /// The registered code, as it appears in `error=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidToken => "invalid_token",
            Self::InsufficientScope => "insufficient_scope",
            Self::InvalidDpopProof => "invalid_dpop_proof",
            Self::UseDpopNonce => "use_dpop_nonce",
            Self::InternalServerError => "internal_server_error",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value from the token, shortened and escaped for a message: tokens are
/// attacker-controlled, so a 10 KB `kid` must not become a 10 KB error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown(pub String);

impl Shown {
    const MAX_CHARS: usize = 80;

    /// Shortens `value` to at most 80 characters.
    pub fn new(value: &str) -> Self {
        let mut s: String = value.chars().take(Self::MAX_CHARS).collect();
        if s.len() < value.len() {
            s.push('…');
        }
        Shown(s)
    }

    /// Shows any JSON value compactly.
    pub fn json(value: &serde_json::Value) -> Self {
        Self::new(&value.to_string())
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| Shown::new(s).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why an unknown `kid` did not trigger a refetch of the key set (the
/// limits are [`crate::tenant`]'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NoRefetch {
    #[error(
        "the key set was refetched {ago}s ago; refetches are limited to one per {REFETCH_INTERVAL}s"
    )]
    RefetchedRecently { ago: u64 },
    #[error(
        "the key set was fetched {ago}s ago; it is refetched for an unknown kid only when older than {REFETCH_INTERVAL}s"
    )]
    FetchedRecently { ago: u64 },
    #[error(
        "the key set was already refetched once by this run; refetches are limited to one per issuer per run"
    )]
    RefetchedThisRun,
}

impl NoRefetch {
    /// Seconds until another run may refetch the key set for an unknown
    /// kid; `None` where this run already did.
    pub fn next_allowed_in(&self) -> Option<u64> {
        match self {
            Self::RefetchedRecently { ago } | Self::FetchedRecently { ago } => {
                Some(REFETCH_INTERVAL.saturating_sub(*ago).max(1))
            }
            Self::RefetchedThisRun => None,
        }
    }
}

/// Why an access token was rejected. One variant per check, in the order the
/// checks run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    #[error("malformed token: {0}")]
    Malformed(#[from] JoseError),
    #[error("the header has no string \"alg\"")]
    MissingAlgorithm,
    #[error("alg {0} (an unsecured JWT) is never accepted")]
    AlgorithmNone(Shown),
    #[error(
        "symmetric algorithm {0} is not accepted: HS* tokens verify only where both the algorithm and the HMAC secret are configured"
    )]
    SymmetricWithoutSecret(String),
    #[error(
        "symmetric algorithm {0} is never accepted by an API on auth0-api-python, whatever the secret"
    )]
    SymmetricRefused(String),
    #[error("alg {found} is not supported")]
    UnsupportedAlgorithm { found: Shown },
    #[error("alg {found} is not in the allowed algorithms ({allowed})")]
    AlgorithmNotAllowed { found: String, allowed: String },
    #[error(
        "the header marks {0} as critical; auth0-tok understands no JWS extensions (RFC 7515 §4.1.11)"
    )]
    CriticalHeader(Shown),
    #[error("unencoded payloads (\"b64\": false, RFC 7797) are not accepted in access tokens")]
    UnencodedPayload,
    #[error("nested JWTs (\"cty\": \"JWT\") are not accepted as access tokens")]
    NestedJwt,
    #[error("the token has no \"iss\" claim")]
    MissingIssuer,
    #[error("issuer {found} is not the expected issuer {expected}")]
    IssuerMismatch { expected: String, found: Shown },
    #[error("issuer {found} is not one of the allowed issuers ({allowed})")]
    IssuerNotAllowed { found: Shown, allowed: String },
    #[error("the header has no \"kid\", so no key of the tenant can be chosen")]
    MissingKid,
    #[error("no key with kid {kid} in the tenant's key set")]
    UnknownKid {
        kid: Shown,
        /// Why the key set was not refetched for this kid, when it was not.
        refetch_note: Option<NoRefetch>,
    },
    #[error("key rejected: key {kid} of the key set was skipped: {reason}")]
    KeyRejected { kid: Shown, reason: JwkError },
    #[error("key {kid} ({key}) cannot verify {alg}; it serves {serves}")]
    KeyAlgorithmMismatch {
        kid: Shown,
        alg: String,
        key: String,
        serves: String,
    },
    #[error("the {alg} signature does not verify with key {kid}")]
    BadSignature { alg: String, kid: Shown },
    #[error("the token has no \"aud\" claim")]
    MissingAudience,
    #[error("\"aud\" must be a string or an array of strings; found {0}")]
    InvalidAudience(Shown),
    #[error("token audience {found} does not include the expected audience {expected}")]
    AudienceMismatch {
        expected: String,
        found: String,
        array: bool,
    },
    #[error("the token has no \"exp\" claim")]
    MissingExpiry,
    #[error(
        "\"{claim}\" must be an integer NumericDate (seconds since 1970, up to year 9999); found {found}"
    )]
    InvalidTime { claim: &'static str, found: Shown },
    #[error("token expired {} ago (exp {})", format_duration(*.ago), format_rfc3339(*.exp))]
    Expired { exp: UnixTime, ago: u64 },
    #[error("the token has no \"iat\" claim")]
    MissingIssuedAt,
    #[error("token issued in the future: iat {} is {} from now (forged, or from a broken clock)", format_rfc3339(*.iat), format_duration(*.ahead))]
    IssuedInTheFuture { iat: UnixTime, ahead: u64 },
    #[error("token is not valid yet: nbf {} is in {}", format_rfc3339(*.nbf), format_duration(*.wait))]
    NotYetValid { nbf: UnixTime, wait: u64 },
    #[error("\"{claim}\" must be {expected}; found {found}")]
    InvalidClaim {
        claim: &'static str,
        expected: &'static str,
        found: Shown,
    },
    #[error(
        "cnf.jkt is {found}, not a JWK thumbprint: no DPoP proof can match it, and as Bearer the API refuses it as DPoP-bound"
    )]
    MalformedBinding {
        found: Shown,
        /// Whether the SDK takes it as bound (a truthy value in Python).
        sdk_bound: bool,
    },
    #[error("DPoP is required (dpop_required): the API refuses any request without a DPoP proof")]
    ProofRequired,
    #[error("insufficient scope: missing {}; the token grants {}", list(.missing), if .granted.is_empty() { "no scopes".to_owned() } else { list(.granted) })]
    InsufficientScope {
        missing: Vec<String>,
        granted: Vec<String>,
    },
}

impl TokenError {
    /// The OAuth error code the API answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InsufficientScope { .. } => ErrorCode::InsufficientScope,
            Self::ProofRequired => ErrorCode::InvalidRequest,
            _ => ErrorCode::InvalidToken,
        }
    }

    /// The HTTP status auth0-api-python gives (401, 403 for scopes, 400
    /// where DPoP is required and no proof came).
    pub fn status(&self) -> u16 {
        match self {
            Self::InsufficientScope { .. } => 403,
            Self::ProofRequired => 400,
            _ => 401,
        }
    }

    /// The `error_description` auth0-api-python sends for this failure
    /// (`VerifyAccessTokenError` messages in `verify_access_token`). Where the
    /// SDK's text embeds a Python exception message, the nearest equivalent.
    pub fn sdk_description(&self) -> String {
        match self {
            Self::Malformed(e) if matches!(e, JoseError::Segments(_)) => {
                format!(
                    "Failed to parse token header: Invalid token format: expected 3 segments, got {}",
                    match e {
                        JoseError::Segments(n) => *n,
                        _ => 0,
                    }
                )
            }
            Self::Malformed(e) => match e {
                JoseError::Json {
                    part: crate::jose::Part::Payload,
                    ..
                }
                | JoseError::NotObject(crate::jose::Part::Payload)
                | JoseError::Base64 {
                    part: crate::jose::Part::Payload,
                    ..
                } => {
                    format!("Failed to parse token payload: {e}")
                }
                JoseError::Base64 {
                    part: crate::jose::Part::Signature,
                    ..
                }
                | JoseError::EmptySegment(crate::jose::Part::Signature) => {
                    "Signature verification failed: bad_signature: ".to_owned()
                }
                _ => format!("Failed to parse token header: {e}"),
            },
            Self::SymmetricWithoutSecret(alg) | Self::SymmetricRefused(alg) => format!(
                "Symmetric algorithm '{alg}' is not supported. Only asymmetric algorithms (e.g., RS256) are allowed."
            ),
            Self::MissingAlgorithm
            | Self::AlgorithmNone(_)
            | Self::UnsupportedAlgorithm { .. }
            | Self::AlgorithmNotAllowed { .. }
            | Self::KeyAlgorithmMismatch { .. } => {
                "Signature verification failed: unsupported_algorithm: ".to_owned()
            }
            // A key the SDK imports anyway fails its signature check (or,
            // for a malformed exponent, its import).
            Self::BadSignature { .. } | Self::KeyRejected { .. } => {
                "Signature verification failed: bad_signature: ".to_owned()
            }
            Self::MalformedBinding { .. } => {
                "DPoP-bound token requires the DPoP authentication scheme, not Bearer".to_owned()
            }
            // InvalidAuthSchemeError(""): the SDK sends no description.
            Self::ProofRequired => String::new(),
            Self::MissingIssuer => "Token missing 'iss' claim".to_owned(),
            Self::IssuerMismatch { .. } => {
                "Token issuer does not match the discovery issuer".to_owned()
            }
            Self::IssuerNotAllowed { .. } => {
                "Token issuer is not in the list of allowed domains".to_owned()
            }
            Self::MissingKid => "Token header missing 'kid' claim".to_owned(),
            Self::UnknownKid { .. } => "No matching key found in JWKS".to_owned(),
            Self::MissingAudience | Self::InvalidAudience(_) => {
                "Audience mismatch (single aud)".to_owned()
            }
            Self::AudienceMismatch { array: true, .. } => {
                "Audience mismatch (not in token's aud array)".to_owned()
            }
            Self::AudienceMismatch { array: false, .. } => {
                "Audience mismatch (single aud)".to_owned()
            }
            Self::MissingExpiry | Self::Expired { .. } => "Token is expired".to_owned(),
            Self::MissingIssuedAt => "Missing 'iat' claim in token".to_owned(),
            Self::InsufficientScope { .. } => "Insufficient scopes".to_owned(),
            // Checks the SDK does not make: auth0-tok's own description.
            other => other.to_string(),
        }
    }

    /// The rule auth0-tok applied where auth0-api-python would have accepted
    /// the token; `None` where the SDK rejects it too.
    pub fn strict_rule(&self) -> Option<&'static str> {
        match self {
            Self::NotYetValid { .. } => Some("RFC 7519 §4.1.5: nbf is checked (the SDK skips it)"),
            Self::IssuedInTheFuture { .. } => Some(
                "RFC 7519 §4.1.6: iat more than the leeway in the future is refused, as go-jose and PyJWT do (the SDK only checks that iat is present)",
            ),
            Self::KeyRejected { reason, .. } => reason.strict_rule(),
            Self::MalformedBinding {
                sdk_bound: false, ..
            } => Some(
                "RFC 9449 §6.1: a cnf.jkt member makes the token DPoP-bound; it must be a non-empty thumbprint string (the SDK takes a falsy jkt as unbound)",
            ),
            Self::InsufficientScope { missing, granted }
                if granted
                    .iter()
                    .flat_map(|g| g.split_whitespace())
                    .any(|g| missing.iter().any(|m| m == g)) =>
            {
                Some(
                    "RFC 6749 §3.3: scopes are separated by spaces only (the SDK splits on any whitespace)",
                )
            }
            Self::CriticalHeader(_) => {
                Some("RFC 7515 §4.1.11: unknown critical header parameters must be rejected")
            }
            Self::UnencodedPayload => Some("RFC 7797 §6: unencoded payloads are refused in JWTs"),
            Self::NestedJwt => Some("RFC 7519 §5.2: nested JWTs are not access tokens"),
            Self::InvalidTime { .. } => {
                Some("RFC 7519 §2: NumericDate claims must be numbers (integers here)")
            }
            Self::InvalidClaim { .. } => Some("RFC 9068 §2.2: claim types are checked"),
            Self::Malformed(JoseError::TooLong { .. }) => {
                Some("input limit: tokens longer than 16 KiB are refused")
            }
            Self::Malformed(JoseError::Json { detail, .. }) if detail.contains("duplicate") => {
                Some("RFC 7515 §4 / RFC 7519 §4: duplicate member names are rejected")
            }
            Self::Malformed(JoseError::Base64 { .. }) => {
                Some("RFC 7515 §2: base64url without padding, whitespace or stray bits")
            }
            _ => None,
        }
    }
}
