//! Logout-token verification (OpenID Connect Back-Channel Logout 1.0
//! §2.6), sans-IO.
//!
//! A logout token is what Auth0 POSTs to an application's back-channel
//! logout URL: "end the sessions of this user (`sub`) or this session
//! (`sid`)". It is signed like an ID token and checked like one for
//! signature, algorithm, `iss`, `aud`, `iat` and `exp` (§2.6 steps 2–4,
//! through [`super::client_token`]'s checks), then by its own rules: `sub`
//! and/or `sid` (step 5), the back-channel `events` member (step 6), no
//! `nonce` (step 7), a `jti` (§2.4, for replay detection, step 8).
//!
//! `typ`: §2.4 says logout tokens SHOULD be explicitly typed `logout+jwt`
//! — a SHOULD, so a token without `typ`, or with the generic `JWT` (RFC
//! 7519 §5.1), is accepted (the `events` and `nonce` rules keep it apart
//! from an ID token, §2.4). Any other explicit type names another kind of
//! JWT (RFC 8725 §3.11: `at+jwt`, `id_token+jwt`…) and is refused.
//! Media-type names compare without case and `application/` (RFC 7515 §4.1.9).

use serde_json::Value;

use crate::clock::Clock;
use crate::jose::{Algorithm, JsonObject};
use crate::jwk::JwkSet;
use crate::types::Issuer;

use super::client_token::{
    Signed, VerifiedJwt, check_audience, check_expiry, check_issued_at, check_issuer,
};
use super::error::Shown;
use super::id_token_error::IdTokenError;

/// The `events` member that makes a JWT a logout token (§2.4).
pub const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// What a valid logout token must look like for one client.
#[derive(Debug, Clone)]
pub struct LogoutTokenPolicy {
    issuer: Issuer,
    client_id: String,
    leeway: u64,
    algorithms: Vec<Algorithm>,
}

impl LogoutTokenPolicy {
    /// A policy for logout tokens from `issuer` to the client `client_id`:
    /// RS256 only (§2.6 step 3: as for ID tokens), no leeway.
    pub fn new(issuer: Issuer, client_id: impl Into<String>) -> Self {
        LogoutTokenPolicy {
            issuer,
            client_id: client_id.into(),
            leeway: 0,
            algorithms: vec![Algorithm::RS256],
        }
    }

    /// Seconds of clock skew tolerated for `exp` and `iat` (default 0).
    pub fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// Replaces the algorithm allow-list (asymmetric algorithms only).
    pub fn with_algorithms(mut self, algorithms: Vec<Algorithm>) -> Self {
        self.algorithms = algorithms;
        self
    }

    /// The expected issuer.
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }

    /// Verifies `token` with `keys` (the issuer's key set) at `clock`'s time.
    pub fn verify(
        &self,
        token: &str,
        keys: &JwkSet,
        clock: &dyn Clock,
    ) -> Result<VerifiedLogoutToken, LogoutTokenError> {
        let signed = Signed::check(token, &self.algorithms, keys)?;
        check_typ(&signed.jws.header)?;
        let claims = &signed.jws.payload;
        check_issuer(claims, &self.issuer)?;
        check_audience(claims, &self.client_id)?;
        let now = clock.now();
        check_issued_at(claims, now, self.leeway)?;
        check_expiry(claims, now, self.leeway)?;
        check_jti(claims)?;
        check_events(claims)?;
        check_subject(claims)?;
        if let Some(nonce) = claims.get("nonce") {
            return Err(LogoutTokenError::NoncePresent(Shown::json(&nonce)));
        }
        Ok(VerifiedJwt::new(signed, LogoutToken))
    }
}

fn check_typ(header: &JsonObject) -> Result<(), LogoutTokenError> {
    let Some(typ) = header.get("typ") else {
        return Ok(());
    };
    let Some(name) = typ.as_str() else {
        return Err(LogoutTokenError::Typ(Shown::json(&typ)));
    };
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_prefix("application/").unwrap_or(&lower);
    if bare == "logout+jwt" || bare == "jwt" {
        Ok(())
    } else {
        Err(LogoutTokenError::Typ(Shown::new(name)))
    }
}

fn check_jti(claims: &JsonObject) -> Result<(), LogoutTokenError> {
    match claims.get("jti") {
        None => Err(LogoutTokenError::MissingJti),
        Some(v) => match v.as_str() {
            Some(s) if !s.is_empty() => Ok(()),
            _ => Err(LogoutTokenError::InvalidClaim {
                claim: "jti",
                expected: "a non-empty string",
                found: Shown::json(&v),
            }),
        },
    }
}

/// §2.6 step 6: `events` is an object whose back-channel member's value
/// is a JSON object (§2.4: "MUST be a JSON object").
fn check_events(claims: &JsonObject) -> Result<(), LogoutTokenError> {
    let Some(events) = claims.get("events") else {
        return Err(LogoutTokenError::MissingEvents);
    };
    let Some(events) = events.as_object() else {
        return Err(LogoutTokenError::InvalidClaim {
            claim: "events",
            expected: "a JSON object",
            found: Shown::json(&events),
        });
    };
    match events.get(BACKCHANNEL_LOGOUT_EVENT) {
        None => Err(LogoutTokenError::MissingLogoutEvent {
            found: Shown::json(&Value::from(events.keys().cloned().collect::<Vec<_>>())),
        }),
        Some(Value::Object(_)) => Ok(()),
        Some(other) => Err(LogoutTokenError::LogoutEventNotObject(Shown::json(other))),
    }
}

/// §2.6 step 5: a `sub`, a `sid`, or both (strings when present).
fn check_subject(claims: &JsonObject) -> Result<(), LogoutTokenError> {
    let mut any = false;
    for claim in ["sub", "sid"] {
        if let Some(v) = claims.get(claim) {
            match v.as_str() {
                Some(s) if !s.is_empty() => any = true,
                _ => {
                    return Err(LogoutTokenError::InvalidClaim {
                        claim: if claim == "sub" { "sub" } else { "sid" },
                        expected: "a non-empty string",
                        found: Shown::json(&v),
                    });
                }
            }
        }
    }
    if any {
        Ok(())
    } else {
        Err(LogoutTokenError::NoSubjectOrSession)
    }
}

/// What a logout token adds to a [`VerifiedJwt`]: nothing but its kind.
#[derive(Debug, Clone)]
pub struct LogoutToken;

/// A verified logout token.
pub type VerifiedLogoutToken = VerifiedJwt<LogoutToken>;

impl VerifiedJwt<LogoutToken> {
    /// `jti`: remember it to refuse a replay (§2.6 step 8).
    pub fn jti(&self) -> &str {
        self.claims().get_str("jti").unwrap_or_default()
    }
}

/// Why a logout token was rejected: one variant per rule of Back-Channel
/// Logout 1.0 §2.6; the checks shared with ID tokens keep their
/// [`IdTokenError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LogoutTokenError {
    #[error("{0} (checked as for ID tokens: Back-Channel Logout 1.0 §2.6 steps 2–4)")]
    AsIdToken(#[from] IdTokenError),
    #[error(
        "typ {0} is not logout+jwt: the header names another kind of JWT (Back-Channel Logout 1.0 §2.4, RFC 8725 §3.11)"
    )]
    Typ(Shown),
    #[error("the token has no \"jti\" claim (Back-Channel Logout 1.0 §2.4: REQUIRED)")]
    MissingJti,
    #[error(
        "the token has no \"events\" claim: not a logout token (Back-Channel Logout 1.0 §2.6 step 6)"
    )]
    MissingEvents,
    #[error(
        "\"events\" has no member \"http://schemas.openid.net/event/backchannel-logout\" (found {found}; Back-Channel Logout 1.0 §2.6 step 6)"
    )]
    MissingLogoutEvent { found: Shown },
    #[error(
        "the back-channel logout event's value must be a JSON object; found {0} (Back-Channel Logout 1.0 §2.4)"
    )]
    LogoutEventNotObject(Shown),
    #[error(
        "the token has neither \"sub\" nor \"sid\": no session to end (Back-Channel Logout 1.0 §2.6 step 5)"
    )]
    NoSubjectOrSession,
    #[error(
        "the token has a \"nonce\" claim ({0}), which a logout token must not have (Back-Channel Logout 1.0 §2.6 step 7): an ID token given as logout token?"
    )]
    NoncePresent(Shown),
    #[error("\"{claim}\" must be {expected}; found {found} (Back-Channel Logout 1.0 §2.4)")]
    InvalidClaim {
        claim: &'static str,
        expected: &'static str,
        found: Shown,
    },
}
