//! The checks of an access token, one method each, in the order
//! [`AccessTokenPolicy::verify_prechecked`] runs them: header, issuer,
//! signature, audience, times, scopes.

use serde_json::Value;

use crate::clock::UnixTime;
use crate::jose::{Algorithm, JsonObject};
use crate::jwk::JwkSet;
use crate::types::{Issuer, split_scopes};

use super::super::error::{Shown, TokenError};
use super::super::jws::{self, AlgorithmRules, join};
use super::{AccessTokenPolicy, Prechecked, ScopeSource};

/// The latest NumericDate accepted: 9999-12-31T23:59:59Z.
const MAX_NUMERIC_DATE: i64 = 253_402_300_799;

impl AccessTokenPolicy {
    fn rules(&self) -> AlgorithmRules<'_> {
        AlgorithmRules {
            algorithms: &self.algorithms,
            hmac_secret: self.hmac_secret.as_ref(),
        }
    }

    pub(super) fn check_header(&self, header: &JsonObject) -> Result<Algorithm, TokenError> {
        jws::check_header(header, self.rules())
    }

    pub(super) fn check_issuer(&self, claims: &JsonObject) -> Result<Issuer, TokenError> {
        let Some(found) = claims.get_str("iss") else {
            return Err(match claims.get("iss") {
                None => TokenError::MissingIssuer,
                Some(other) => TokenError::InvalidClaim {
                    claim: "iss",
                    expected: "a string",
                    found: Shown::json(&other),
                },
            });
        };
        if let Some(issuer) = self.issuers.iter().find(|i| i.as_str() == found) {
            return Ok(issuer.clone());
        }
        if let [only] = self.issuers.as_slice() {
            Err(TokenError::IssuerMismatch {
                expected: only.to_string(),
                found: Shown::new(found),
            })
        } else {
            Err(TokenError::IssuerNotAllowed {
                found: Shown::new(found),
                allowed: join(self.issuers.iter().map(Issuer::as_str)),
            })
        }
    }

    pub(super) fn check_signature(
        &self,
        token: &Prechecked<'_>,
        keys: &JwkSet,
    ) -> Result<(), TokenError> {
        jws::check_signature(
            &token.jws,
            token.alg,
            token.kid.as_deref(),
            keys,
            self.rules(),
        )
    }

    pub(super) fn check_audience(&self, claims: &JsonObject) -> Result<(), TokenError> {
        if let Some(aud) = claims.get_str("aud") {
            if self.audiences.iter().any(|want| want == aud) {
                return Ok(());
            }
        }
        let aud = claims.get("aud");
        let (found, array): (Vec<&str>, bool) = match aud.as_deref() {
            None => return Err(TokenError::MissingAudience),
            Some(Value::String(s)) => (vec![s.as_str()], false),
            Some(Value::Array(items)) => {
                let strings: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                match strings {
                    Some(s) => (s, true),
                    None => {
                        return Err(TokenError::InvalidAudience(Shown::json(&Value::Array(
                            items.clone(),
                        ))));
                    }
                }
            }
            Some(other) => return Err(TokenError::InvalidAudience(Shown::json(other))),
        };
        if self
            .audiences
            .iter()
            .any(|want| found.contains(&want.as_str()))
        {
            return Ok(());
        }
        let found_text = if array {
            Shown::json(&Value::from(found.clone())).0
        } else {
            Shown::new(found[0]).to_string()
        };
        Err(TokenError::AudienceMismatch {
            expected: self
                .audiences
                .iter()
                .map(|a| format!("{a:?}"))
                .collect::<Vec<_>>()
                .join(" or "),
            found: found_text,
            array,
        })
    }

    pub(super) fn check_times(&self, claims: &JsonObject, now: UnixTime) -> Result<(), TokenError> {
        let leeway = i64::try_from(self.leeway).unwrap_or(i64::MAX);
        let exp = numeric_date(claims, "exp")?.ok_or(TokenError::MissingExpiry)?;
        if now.saturating_sub(leeway) >= exp {
            return Err(TokenError::Expired {
                exp,
                ago: now.abs_diff(exp),
            });
        }
        let iat = numeric_date(claims, "iat")?.ok_or(TokenError::MissingIssuedAt)?;
        // RFC 7519 §4.1.6, checked as go-jose and PyJWT do: a token issued
        // in the future is forged or from a broken clock.
        if iat > now.saturating_add(leeway) {
            return Err(TokenError::IssuedInTheFuture {
                iat,
                ahead: iat.abs_diff(now),
            });
        }
        if let Some(nbf) = numeric_date(claims, "nbf")? {
            if nbf > now.saturating_add(leeway) {
                return Err(TokenError::NotYetValid {
                    nbf,
                    wait: nbf.abs_diff(now),
                });
            }
        }
        Ok(())
    }

    pub(super) fn check_scopes(
        &self,
        claims: &JsonObject,
        type_checked: bool,
    ) -> Result<Vec<String>, TokenError> {
        let mut granted: Vec<String> = match claims.get_str("scope") {
            Some(s) => split_scopes(s).map(str::to_owned).collect(),
            None => match claims.get("scope") {
                None => Vec::new(),
                Some(_) if !type_checked => Vec::new(),
                Some(other) => {
                    return Err(TokenError::InvalidClaim {
                        claim: "scope",
                        expected: "a space-separated string",
                        found: Shown::json(&other),
                    });
                }
            },
        };
        if self.scope_source == ScopeSource::ScopeOrPermissions {
            match claims.get("permissions").as_deref() {
                None => {}
                Some(Value::Array(items)) => {
                    for p in items {
                        let p = p.as_str().ok_or_else(|| TokenError::InvalidClaim {
                            claim: "permissions",
                            expected: "an array of strings",
                            found: Shown::json(p),
                        })?;
                        if !granted.iter().any(|g| g == p) {
                            granted.push(p.to_owned());
                        }
                    }
                }
                Some(other) => {
                    return Err(TokenError::InvalidClaim {
                        claim: "permissions",
                        expected: "an array of strings",
                        found: Shown::json(other),
                    });
                }
            }
        }
        let missing: Vec<String> = self
            .required_scopes
            .iter()
            .filter(|want| !granted.contains(want))
            .cloned()
            .collect();
        if missing.is_empty() {
            Ok(granted)
        } else {
            Err(TokenError::InsufficientScope { missing, granted })
        }
    }
}

/// A NumericDate claim: absent, or an integer in [0, 9999-12-31].
fn numeric_date(claims: &JsonObject, claim: &'static str) -> Result<Option<UnixTime>, TokenError> {
    let Some(value) = claims.get(claim) else {
        return Ok(None);
    };
    match value.as_i64() {
        Some(t) if (0..=MAX_NUMERIC_DATE).contains(&t) => Ok(Some(t)),
        _ => Err(TokenError::InvalidTime {
            claim,
            found: Shown::json(&value),
        }),
    }
}
