//! Why an ID token or a logout token was rejected: [`IdTokenError`], one
//! variant per rule, each naming the section of the specification it
//! enforces.

use crate::clock::{UnixTime, format_duration, format_rfc3339};
use crate::jose::{Algorithm, JoseError};

use super::error::{Shown, TokenError};

/// Why an ID token (or a logout token) was rejected: one variant per rule,
/// each naming the section of OpenID Connect Core 1.0 (or Back-Channel
/// Logout 1.0) it enforces.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdTokenError {
    #[error("malformed token: {0}")]
    Malformed(#[from] JoseError),
    #[error("{0} (OpenID Connect Core 1.0 §3.1.3.7 step 7: the alg the client expects)")]
    Header(TokenError),
    #[error("{0} (OpenID Connect Core 1.0 §3.1.3.7 step 6: signed with the issuer's key)")]
    Signature(TokenError),
    #[error("the token has no \"iss\" claim (OpenID Connect Core 1.0 §3.1.3.7 step 2)")]
    MissingIssuer,
    #[error(
        "issuer {found} is not exactly the expected issuer {expected} (OpenID Connect Core 1.0 §3.1.3.7 step 2)"
    )]
    IssuerMismatch { expected: String, found: Shown },
    #[error(
        "this is an access token, not an ID token: its audience is {audience}{}; check it as an access token for that API (an ID token's aud is the client id)",
        match .scope { Some(s) => format!(" and it grants scope {s}"), None => String::new() }
    )]
    AccessTokenGiven {
        audience: String,
        scope: Option<Shown>,
    },
    #[error(
        "this is a logout token (typ logout+jwt, or an \"events\" claim), not an ID token (OpenID Connect Back-Channel Logout 1.0 §2.4)"
    )]
    LogoutTokenGiven,
    #[error("the token has no \"aud\" claim (OpenID Connect Core 1.0 §3.1.3.7 step 3)")]
    MissingAudience,
    #[error(
        "\"sub\" must be a non-empty string of at most 255 ASCII characters; {0} (OpenID Connect Core 1.0 §2)"
    )]
    InvalidSubject(&'static str),
    #[error(
        "\"aud\" must be a string or an array of strings; found {0} (OpenID Connect Core 1.0 §2)"
    )]
    InvalidAudience(Shown),
    #[error(
        "audience {found} does not contain the client id {client_id:?} (OpenID Connect Core 1.0 §3.1.3.7 step 3)"
    )]
    AudienceMismatch { client_id: String, found: String },
    #[error(
        "the token has several audiences ({audiences}) but no \"azp\" claim (OpenID Connect Core 1.0 §3.1.3.7 step 4)"
    )]
    MissingAzp { audiences: String },
    #[error(
        "azp {found} is not the client id {client_id:?} (OpenID Connect Core 1.0 §3.1.3.7 step 5)"
    )]
    AzpMismatch { client_id: String, found: Shown },
    #[error("the token has no \"exp\" claim (OpenID Connect Core 1.0 §2, §3.1.3.7 step 9)")]
    MissingExpiry,
    #[error(
        "\"{claim}\" must be an integer NumericDate (seconds since 1970, up to year 9999); found {found} (OpenID Connect Core 1.0 §2)"
    )]
    InvalidTime { claim: &'static str, found: Shown },
    #[error("token expired {} ago (exp {}) (OpenID Connect Core 1.0 §3.1.3.7 step 9)", format_duration(*.ago), format_rfc3339(*.exp))]
    Expired { exp: UnixTime, ago: u64 },
    #[error("the token has no \"iat\" claim (OpenID Connect Core 1.0 §2, §3.1.3.7 step 10)")]
    MissingIssuedAt,
    #[error("token issued in the future: iat {} is {} from now (OpenID Connect Core 1.0 §3.1.3.7 step 10)", format_rfc3339(*.iat), format_duration(*.ahead))]
    IssuedInTheFuture { iat: UnixTime, ahead: u64 },
    #[error(
        "a nonce was sent with the request but the token has no \"nonce\" claim (OpenID Connect Core 1.0 §3.1.3.7 step 11)"
    )]
    MissingNonce,
    #[error(
        "nonce {found} is not the nonce sent with the request (OpenID Connect Core 1.0 §3.1.3.7 step 11): a replayed or injected token"
    )]
    NonceMismatch { found: Shown },
    #[error(
        "max_age {max_age}s was requested but the token has no \"auth_time\" claim (OpenID Connect Core 1.0 §3.1.2.1, §3.1.3.7 step 13)"
    )]
    MissingAuthTime { max_age: u64 },
    #[error("the user authenticated {} ago (auth_time {}), more than max_age {max_age}s (OpenID Connect Core 1.0 §3.1.2.1, §3.1.3.7 step 13): log in again", format_duration(*.age), format_rfc3339(*.auth_time))]
    AuthenticationTooOld {
        auth_time: UnixTime,
        age: u64,
        max_age: u64,
    },
    #[error(
        "at_hash {found} does not match the access token ({alg} hash, left half; OpenID Connect Core 1.0 §3.1.3.8): the tokens were not issued together"
    )]
    AtHashMismatch { alg: Algorithm, found: Shown },
    #[error("\"{claim}\" must be {expected}; found {found}")]
    InvalidClaim {
        claim: &'static str,
        expected: &'static str,
        found: Shown,
    },
}
