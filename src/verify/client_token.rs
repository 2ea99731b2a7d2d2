//! What the tokens Auth0 issues to a client — ID tokens and back-channel
//! logout tokens — share: the signature and header rules ([`Signed`]), the
//! `iss`, `aud`/`azp`, `exp` and `iat` checks of OpenID Connect Core 1.0
//! §3.1.3.7 (which Back-Channel Logout 1.0 §2.6 steps 2–4 apply "in the
//! same way"), and the shape of a verified one ([`VerifiedJwt`]).

use serde_json::Value;

use crate::clock::UnixTime;
use crate::jose::{Algorithm, CompactJws, JsonObject};
use crate::jwk::JwkSet;
use crate::types::Issuer;

use super::error::Shown;
use super::id_token_error::IdTokenError;
use super::jws::{self, AlgorithmRules};

/// A compact JWS whose header passed the rules and whose signature verifies
/// with the key set: shared by ID and logout tokens.
pub(super) struct Signed<'a> {
    pub jws: CompactJws<'a>,
    pub alg: Algorithm,
}

impl<'a> Signed<'a> {
    pub(super) fn check(
        token: &'a str,
        algorithms: &[Algorithm],
        keys: &JwkSet,
    ) -> Result<Self, IdTokenError> {
        let jws = CompactJws::parse(token)?;
        let rules = AlgorithmRules {
            algorithms,
            hmac_secret: None,
        };
        let alg = jws::check_header(&jws.header, rules).map_err(IdTokenError::Header)?;
        let kid = jws::header_kid(&jws.header, alg).map_err(IdTokenError::Header)?;
        jws::check_signature(&jws, alg, kid.as_deref(), keys, rules)
            .map_err(IdTokenError::Signature)?;
        Ok(Signed { jws, alg })
    }
}

/// §3.1.3.7 step 2: `iss` is exactly the issuer.
pub(super) fn check_issuer(claims: &JsonObject, issuer: &Issuer) -> Result<(), IdTokenError> {
    match claims.get_str("iss") {
        Some(found) if found == issuer.as_str() => Ok(()),
        Some(found) => Err(IdTokenError::IssuerMismatch {
            expected: issuer.to_string(),
            found: Shown::new(found),
        }),
        None => Err(match claims.get("iss") {
            None => IdTokenError::MissingIssuer,
            Some(other) => IdTokenError::InvalidClaim {
                claim: "iss",
                expected: "a string",
                found: Shown::json(&other),
            },
        }),
    }
}

/// §3.1.3.7 step 9: `exp` present and in the future (with leeway).
pub(super) fn check_expiry(
    claims: &JsonObject,
    now: UnixTime,
    leeway: u64,
) -> Result<(), IdTokenError> {
    let leeway = i64::try_from(leeway).unwrap_or(i64::MAX);
    let exp = jws::numeric_date(claims, "exp")
        .map_err(|found| IdTokenError::InvalidTime {
            claim: "exp",
            found,
        })?
        .ok_or(IdTokenError::MissingExpiry)?;
    if now.saturating_sub(leeway) >= exp {
        return Err(IdTokenError::Expired {
            exp,
            ago: now.abs_diff(exp),
        });
    }
    Ok(())
}

/// §3.1.3.7 steps 3–5 (and Back-Channel Logout §2.6 step 4, "in the same
/// way"); `client_id` is the client: `aud` contains the client; `azp`, when present
/// (and it must be with several audiences), is the client.
pub(super) fn check_audience(claims: &JsonObject, client_id: &str) -> Result<(), IdTokenError> {
    let audiences = jws::audiences(claims)
        .map_err(IdTokenError::InvalidAudience)?
        .ok_or(IdTokenError::MissingAudience)?;
    if !audiences.iter().any(|a| a == client_id) {
        return Err(IdTokenError::AudienceMismatch {
            client_id: client_id.to_owned(),
            found: show_list(&audiences),
        });
    }
    match claims.get("azp") {
        None if audiences.len() > 1 => Err(IdTokenError::MissingAzp {
            audiences: show_list(&audiences),
        }),
        None => Ok(()),
        Some(azp) => match azp.as_str() {
            Some(azp) if azp == client_id => Ok(()),
            Some(azp) => Err(IdTokenError::AzpMismatch {
                client_id: client_id.to_owned(),
                found: Shown::new(azp),
            }),
            None => Err(IdTokenError::InvalidClaim {
                claim: "azp",
                expected: "a string",
                found: Shown::json(&azp),
            }),
        },
    }
}

/// §3.1.3.7 step 10: `iat` present, and not in the future (with leeway).
pub(super) fn check_issued_at(
    claims: &JsonObject,
    now: UnixTime,
    leeway: u64,
) -> Result<(), IdTokenError> {
    let leeway = i64::try_from(leeway).unwrap_or(i64::MAX);
    let iat = jws::numeric_date(claims, "iat")
        .map_err(|found| IdTokenError::InvalidTime {
            claim: "iat",
            found,
        })?
        .ok_or(IdTokenError::MissingIssuedAt)?;
    if iat > now.saturating_add(leeway) {
        return Err(IdTokenError::IssuedInTheFuture {
            iat,
            ahead: iat.abs_diff(now),
        });
    }
    Ok(())
}

/// Claim values as an error quotes them: one value alone, several as a JSON array.
pub(super) fn show_list(items: &[String]) -> String {
    match items {
        [one] => Shown::new(one).to_string(),
        many => Shown::json(&Value::from(many.to_vec())).0,
    }
}

/// A verified token issued to a client: its JOSE header, its claims, the
/// algorithm it was verified with, and what its kind `K` adds
/// ([`VerifiedIdToken`](super::VerifiedIdToken),
/// [`VerifiedLogoutToken`](super::VerifiedLogoutToken)).
#[derive(Debug, Clone)]
pub struct VerifiedJwt<K> {
    header: JsonObject,
    claims: JsonObject,
    alg: Algorithm,
    kind: K,
}

impl<K> VerifiedJwt<K> {
    /// The token `signed`, once every rule of its kind passed.
    pub(super) fn new(signed: Signed<'_>, kind: K) -> Self {
        VerifiedJwt {
            header: signed.jws.header,
            claims: signed.jws.payload,
            alg: signed.alg,
            kind,
        }
    }
    /// The JOSE header.
    pub fn header(&self) -> &JsonObject {
        &self.header
    }
    /// All claims.
    pub fn claims(&self) -> &JsonObject {
        &self.claims
    }
    /// The algorithm it was verified with.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }
    /// `sub`: the user (in an ID token absent only when malformed, OIDC
    /// requires it; in a logout token without `sid`, every session of this
    /// user ends).
    pub fn subject(&self) -> Option<&str> {
        self.claims.get_str("sub")
    }
    /// `sid`: the session at the issuer (in a logout token, the one session
    /// that ends).
    pub fn sid(&self) -> Option<&str> {
        self.claims.get_str("sid")
    }
    /// What the token's kind adds.
    pub(super) fn kind(&self) -> &K {
        &self.kind
    }
}
