//! ID-token verification (OpenID Connect Core 1.0 §3.1.3.7), sans-IO.
//!
//! An ID token tells a client who logged in; it is for the client (its
//! `aud` is the client id), never for an API. The checks run in this order,
//! each failure its own [`IdTokenError`] naming the rule: the header and
//! algorithm (§3.1.3.7 step 7), the issuer (step 2), the signature with the
//! issuer's key (step 6), that the token is not an access or logout token
//! given by mistake, the audience (step 3), `azp` (steps 4–5), `exp` (step
//! 9), `iat` (step 10), the `nonce` (step 11), `auth_time` against
//! `max_age` (step 13, §3.1.2.1), and `at_hash` when the access token is
//! known (§3.1.3.8). The split, header rules and signature path are those
//! of access tokens ([`super::jws`]); the checks logout tokens share are in
//! [`super::client_token`].

use aws_lc_rs::{constant_time, digest};

use crate::clock::{Clock, UnixTime};
use crate::jose::{self, Algorithm, JsonObject};
use crate::jwk::JwkSet;
use crate::types::{Issuer, TokenSecret};

use super::client_token::{
    Signed, VerifiedJwt, check_audience, check_expiry, check_issued_at, check_issuer, show_list,
};
use super::error::Shown;
use super::jws;

use super::id_token_error::IdTokenError;

/// What a valid ID token must look like for one client.
#[derive(Debug, Clone)]
pub struct IdTokenPolicy {
    issuer: Issuer,
    client_id: String,
    nonce: Option<String>,
    max_age: Option<u64>,
    leeway: u64,
    algorithms: Vec<Algorithm>,
    access_token: Option<TokenSecret>,
}

impl IdTokenPolicy {
    /// The default algorithms: RS256, Auth0's ID-token signing algorithm
    /// (and OpenID Connect's default, Core §3.1.3.7 step 7).
    pub const DEFAULT_ALGORITHMS: [Algorithm; 1] = [Algorithm::RS256];

    /// A policy for ID tokens from `issuer` to the client `client_id`, with
    /// the secure defaults: RS256 only, no leeway, no nonce expected.
    pub fn new(issuer: Issuer, client_id: impl Into<String>) -> Self {
        IdTokenPolicy {
            issuer,
            client_id: client_id.into(),
            nonce: None,
            max_age: None,
            leeway: 0,
            algorithms: Self::DEFAULT_ALGORITHMS.to_vec(),
            access_token: None,
        }
    }

    /// The `nonce` sent in the authentication request: the token must carry
    /// exactly this value (§3.1.3.7 step 11).
    pub fn with_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// The `max_age` sent in the authentication request: `auth_time` must be
    /// present and no older (§3.1.2.1, §3.1.3.7 step 13).
    pub fn with_max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Seconds of clock skew tolerated for `exp`, `iat` and `auth_time` (default 0).
    pub fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// The access token issued with the ID token: its `at_hash`, when the
    /// ID token has one, must match (§3.1.3.8).
    pub fn with_access_token(mut self, access_token: impl Into<String>) -> Self {
        self.access_token = Some(TokenSecret::new(access_token.into()));
        self
    }

    /// Replaces the algorithm allow-list (asymmetric algorithms only: an ID
    /// token signed with the client secret is not supported).
    pub fn with_algorithms(mut self, algorithms: Vec<Algorithm>) -> Self {
        self.algorithms = algorithms;
        self
    }

    /// The expected issuer.
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }

    /// The client the token must be for.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Verifies `token` with `keys` (the issuer's key set) at `clock`'s time.
    pub fn verify(
        &self,
        token: &str,
        keys: &JwkSet,
        clock: &dyn Clock,
    ) -> Result<VerifiedIdToken, IdTokenError> {
        let signed = Signed::check(token, &self.algorithms, keys)?;
        let claims = &signed.jws.payload;
        check_issuer(claims, &self.issuer)?;
        // A signature by the issuer's key, before any claim is judged.
        not_another_kind(&signed.jws.header, claims, &self.client_id)?;
        check_audience(claims, &self.client_id)?;
        check_subject(claims)?;
        let now = clock.now();
        check_expiry(claims, now, self.leeway)?;
        check_issued_at(claims, now, self.leeway)?;
        let unexpected_nonce = self.check_nonce(claims)?;
        self.check_auth_time(claims, now)?;
        self.check_at_hash(claims, signed.alg)?;
        Ok(VerifiedJwt::new(signed, IdToken { unexpected_nonce }))
    }

    /// §3.1.3.7 step 11. Returns whether the token carries a nonce the
    /// policy did not expect (reported, not refused: the caller may simply
    /// not know the request's nonce).
    fn check_nonce(&self, claims: &JsonObject) -> Result<bool, IdTokenError> {
        let found = match claims.get("nonce") {
            None => None,
            Some(v) => match v.as_str() {
                Some(s) => Some(s.to_owned()),
                None => {
                    return Err(IdTokenError::InvalidClaim {
                        claim: "nonce",
                        expected: "a string",
                        found: Shown::json(&v),
                    });
                }
            },
        };
        match (&self.nonce, found) {
            (None, found) => Ok(found.is_some()),
            (Some(_), None) => Err(IdTokenError::MissingNonce),
            (Some(want), Some(found)) => {
                if constant_time::verify_slices_are_equal(want.as_bytes(), found.as_bytes()).is_ok()
                {
                    Ok(false)
                } else {
                    Err(IdTokenError::NonceMismatch {
                        found: Shown::new(&found),
                    })
                }
            }
        }
    }

    /// §3.1.3.7 step 13 and §3.1.2.1: with `max_age`, `auth_time` is
    /// required and no older than `max_age` (plus the leeway).
    fn check_auth_time(&self, claims: &JsonObject, now: UnixTime) -> Result<(), IdTokenError> {
        let auth_time =
            jws::numeric_date(claims, "auth_time").map_err(|found| IdTokenError::InvalidTime {
                claim: "auth_time",
                found,
            })?;
        let Some(max_age) = self.max_age else {
            return Ok(());
        };
        let auth_time = auth_time.ok_or(IdTokenError::MissingAuthTime { max_age })?;
        let age = now.saturating_sub(auth_time);
        let allowed = max_age.saturating_add(self.leeway);
        if age > 0 && age.unsigned_abs() > allowed {
            return Err(IdTokenError::AuthenticationTooOld {
                auth_time,
                age: age.unsigned_abs(),
                max_age,
            });
        }
        Ok(())
    }

    /// §3.1.3.8: when the token has `at_hash` and the access token is
    /// known, `at_hash` is the base64url left half of the access token's
    /// hash with the hash of the token's `alg`.
    fn check_at_hash(&self, claims: &JsonObject, alg: Algorithm) -> Result<(), IdTokenError> {
        let Some(value) = claims.get("at_hash") else {
            return Ok(());
        };
        let Some(found) = value.as_str() else {
            return Err(IdTokenError::InvalidClaim {
                claim: "at_hash",
                expected: "a base64url string",
                found: Shown::json(&value),
            });
        };
        let Some(access_token) = &self.access_token else {
            return Ok(());
        };
        let want = left_half_hash(alg, access_token.expose());
        if constant_time::verify_slices_are_equal(want.as_bytes(), found.as_bytes()).is_err() {
            return Err(IdTokenError::AtHashMismatch {
                alg,
                found: Shown::new(found),
            });
        }
        Ok(())
    }
}

/// The `at_hash` (or `c_hash`) of `value` for a token signed with `alg`
/// (OpenID Connect Core 1.0 §3.1.3.8): the base64url encoding of the left
/// half of the hash the algorithm uses — SHA-256 for *256, SHA-384 for
/// *384, SHA-512 for *512 and for EdDSA (Ed25519 signs with SHA-512).
pub fn left_half_hash(alg: Algorithm, value: &str) -> String {
    let hash = match alg {
        Algorithm::HS256 | Algorithm::RS256 | Algorithm::PS256 | Algorithm::ES256 => {
            &digest::SHA256
        }
        Algorithm::HS384 | Algorithm::RS384 | Algorithm::PS384 | Algorithm::ES384 => {
            &digest::SHA384
        }
        Algorithm::HS512 | Algorithm::RS512 | Algorithm::PS512 | Algorithm::EdDSA => {
            &digest::SHA512
        }
    };
    let digest = digest::digest(hash, value.as_bytes());
    let bytes = digest.as_ref();
    jose::b64(&bytes[..bytes.len() / 2])
}

/// §2: `sub` is REQUIRED, a locally unique identifier of at most 255
/// ASCII characters; without it two users would be one.
fn check_subject(claims: &JsonObject) -> Result<(), IdTokenError> {
    match claims.get("sub") {
        None => Err(IdTokenError::InvalidSubject("the token has none")),
        Some(value) => match value.as_str() {
            None => Err(IdTokenError::InvalidSubject("it is not a string")),
            Some("") => Err(IdTokenError::InvalidSubject("it is empty")),
            Some(s) if s.len() > 255 || !s.is_ascii() => {
                Err(IdTokenError::InvalidSubject("it is too long or not ASCII"))
            }
            Some(_) => Ok(()),
        },
    }
}

/// A signed token of the issuer that is not an ID token: an access token
/// (RFC 9068 `typ` `at+jwt`, or an API audience with `scope`/`azp`), or a
/// logout token (`typ` `logout+jwt`, or an `events` claim).
fn not_another_kind(
    header: &JsonObject,
    claims: &JsonObject,
    client_id: &str,
) -> Result<(), IdTokenError> {
    let typ = header
        .get_str("typ")
        .map(|t| t.to_ascii_lowercase())
        .unwrap_or_default();
    let typ = typ.strip_prefix("application/").unwrap_or(&typ);
    if typ == "logout+jwt" || claims.contains_key("events") {
        return Err(IdTokenError::LogoutTokenGiven);
    }
    let audiences = jws::audiences(claims).ok().flatten().unwrap_or_default();
    let for_client = audiences.iter().any(|a| a == client_id);
    let scope = claims.get_str("scope");
    let azp_is_client = claims.get_str("azp") == Some(client_id);
    if typ == "at+jwt" || (!for_client && (scope.is_some() || azp_is_client)) {
        return Err(IdTokenError::AccessTokenGiven {
            audience: show_list(&audiences),
            scope: scope.map(Shown::new),
        });
    }
    Ok(())
}

/// What an ID token adds to a [`VerifiedJwt`]: whether it carried a nonce
/// the policy did not expect.
#[derive(Debug, Clone)]
pub struct IdToken {
    unexpected_nonce: bool,
}

/// A verified ID token.
pub type VerifiedIdToken = VerifiedJwt<IdToken>;

impl VerifiedJwt<IdToken> {
    /// The token's `nonce` when the policy expected none: not checked
    /// (OpenID Connect Core 1.0 §3.1.3.7 step 11 checks it only against the
    /// request's nonce), so a caller can say so.
    pub fn unchecked_nonce(&self) -> Option<&str> {
        if self.kind().unexpected_nonce {
            self.claims().get_str("nonce")
        } else {
            None
        }
    }
}
