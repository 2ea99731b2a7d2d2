//! Why a rejected token was probably given: the common Auth0 mistakes,
//! recognised from the rejection and the token's **unverified** contents.
//!
//! Pure and sans-IO, like the rest of [`crate::verify`]. Nothing here
//! accepts anything: a [`Mistake`] only explains a rejection that has
//! already happened, so it may read claims no check has vouched for. It
//! names no command-line flag either — the CLI turns each mistake into the
//! fix for its own options.

use serde_json::Value;

use crate::dangerous::decode_unverified;
use crate::jose::{self, JoseError, Part};
use crate::types::Issuer;

use super::access::{AccessTokenPolicy, ScopeSource};
use super::error::TokenError;

/// A time check (`exp`, `nbf`, `iat`) that failed by at most this many
/// seconds may be the fault of a skewed clock rather than of the token.
pub const SKEW_WINDOW: u64 = 300;

/// A common mistake behind a rejection.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mistake {
    /// An OpenID Connect ID token, given where an access token belongs:
    /// it has ID-token claims (`markers`: `nonce`, `at_hash`, `email`), and
    /// `aud` is the application's client id.
    IdToken {
        markers: Vec<&'static str>,
        aud: Option<String>,
    },
    /// An encrypted token (JWE, RFC 7516): five segments and a header with
    /// a key-management `alg` (such as `dir`) and an `enc`.
    Encrypted { alg: String, enc: Option<String> },
    /// Not a JWT: an opaque reference token, which only the tenant can read.
    Opaque,
    /// `aud` holds Auth0's `/userinfo` audience (from `scope=openid`);
    /// `others` are the token's other audiences, none of them expected.
    UserinfoAudience {
        userinfo: String,
        others: Vec<String>,
    },
    /// The issuer is a tenant's canonical domain (`https://<tenant>.<region>.auth0.com/`)
    /// where only custom domains are configured (`found_canonical`), or a
    /// custom domain where only canonical domains are.
    IssuerDomain {
        found: String,
        configured: Vec<String>,
        found_canonical: bool,
    },
    /// Required scopes missing from `scope` are all in Auth0's RBAC
    /// `permissions` claim, which the policy does not read.
    ScopesInPermissions { scopes: Vec<String> },
    /// A time check failed by `by` seconds, at most [`SKEW_WINDOW`]: worth
    /// comparing the local clock with the tenant's.
    NearClockEdge { claim: &'static str, by: u64 },
}

/// The mistakes that explain `error`, the rejection of `token` under `policy`.
pub fn diagnose(token: &str, error: &TokenError, policy: &AccessTokenPolicy) -> Vec<Mistake> {
    let mut found = Vec::new();
    if let TokenError::Malformed(JoseError::Segments(n)) = error {
        found.extend(not_a_jws(token.trim(), *n));
        return found;
    }
    found.extend(near_clock_edge(error));
    let Ok(jwt) = decode_unverified(token) else {
        return found;
    };
    let claims = &jwt.claims;
    found.extend(id_token(claims, policy));
    match error {
        TokenError::AudienceMismatch { .. } => found.extend(userinfo_audience(claims)),
        TokenError::IssuerMismatch { .. } | TokenError::IssuerNotAllowed { .. } => {
            found.extend(issuer_domain(claims, policy));
        }
        TokenError::InsufficientScope { missing, .. }
            if policy.scope_source() == ScopeSource::Scope =>
        {
            found.extend(scopes_in_permissions(claims, missing));
        }
        _ => {}
    }
    found
}

/// A JWE, or an opaque token: only what its shape says for sure. A token of
/// three segments is a (damaged) JWS, never called opaque.
fn not_a_jws(token: &str, segments: usize) -> Option<Mistake> {
    let first = token.split('.').next().unwrap_or("");
    let header = jose::decode_segment(first, Part::Header)
        .ok()
        .and_then(|bytes| jose::parse_object(&bytes, Part::Header).ok());
    match header {
        Some(header) if segments == 5 => {
            let alg = header.get("alg").and_then(Value::as_str)?.to_owned();
            let enc = header.get("enc").and_then(Value::as_str).map(str::to_owned);
            // RFC 7516 §4.1.1-2: a JWE header has `enc`, and `dir` is JWE-only.
            (enc.is_some() || alg == "dir").then_some(Mistake::Encrypted { alg, enc })
        }
        // A JSON header: a damaged JWT, not an opaque token.
        Some(_) => None,
        None if segments != 3 && token.len() >= 16 && token.bytes().all(opaque_byte) => {
            Some(Mistake::Opaque)
        }
        None => None,
    }
}

/// The characters of an OAuth token (RFC 6750 §2.1 `b64token`). Auth0's
/// opaque tokens are 32 of them; anything much shorter is a typo, not a token.
fn opaque_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b)
}

fn near_clock_edge(error: &TokenError) -> Option<Mistake> {
    let (claim, by) = match error {
        TokenError::Expired { ago, .. } => ("exp", *ago),
        TokenError::NotYetValid { wait, .. } => ("nbf", *wait),
        TokenError::IssuedInTheFuture { ahead, .. } => ("iat", *ahead),
        _ => return None,
    };
    (by <= SKEW_WINDOW).then_some(Mistake::NearClockEdge { claim, by })
}

/// The token's `aud` values (a string or an array of strings).
fn audiences(claims: &jose::Object) -> Vec<String> {
    match claims.get("aud") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// An Auth0 client id: 32 URL-safe characters, nothing like an API identifier.
fn looks_like_client_id(aud: &str) -> bool {
    (16..=64).contains(&aud.len())
        && aud
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn id_token(claims: &jose::Object, policy: &AccessTokenPolicy) -> Option<Mistake> {
    let markers: Vec<&'static str> = ["nonce", "at_hash", "email"]
        .into_iter()
        .filter(|m| claims.contains_key(*m))
        .collect();
    let auds = audiences(claims);
    let client_aud = match auds.as_slice() {
        [one] if looks_like_client_id(one) && !policy.audiences().contains(one) => Some(one),
        _ => None,
    };
    // `nonce` and `at_hash` exist only in ID tokens (OpenID Connect Core
    // §2, §3.1.3.6); `email` alone could be a custom claim, so it counts
    // only with a client id for audience.
    let strong = markers.iter().any(|m| *m != "email");
    (strong || (!markers.is_empty() && client_aud.is_some())).then(|| Mistake::IdToken {
        markers,
        aud: client_aud.cloned(),
    })
}

fn userinfo_audience(claims: &jose::Object) -> Option<Mistake> {
    let auds = audiences(claims);
    let is_userinfo = |a: &String| a.starts_with("https://") && a.ends_with("/userinfo");
    let userinfo = auds.iter().find(|a| is_userinfo(a))?.clone();
    let others = auds.into_iter().filter(|a| !is_userinfo(a)).collect();
    Some(Mistake::UserinfoAudience { userinfo, others })
}

/// `https://<tenant>.auth0.com/` or `https://<tenant>.<region>.auth0.com/`.
fn is_canonical(issuer: &str) -> bool {
    let Ok(url) = url::Url::parse(issuer) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let labels = host.split('.').count();
    url.scheme() == "https"
        && host.to_ascii_lowercase().ends_with(".auth0.com")
        && (3..=4).contains(&labels)
}

fn issuer_domain(claims: &jose::Object, policy: &AccessTokenPolicy) -> Option<Mistake> {
    let found = claims.get("iss").and_then(Value::as_str)?;
    // Only an issuer in its exact normal form: the fix quotes it as an
    // option to type, so nothing that could smuggle in another option.
    if Issuer::from_domain(found).map_or(true, |i| i.as_str() != found) {
        return None;
    }
    let configured: Vec<String> = policy.issuers().iter().map(|i| i.to_string()).collect();
    let is_https = found.starts_with("https://");
    let found_canonical = is_canonical(found);
    let any_canonical = configured.iter().any(|c| is_canonical(c));
    let all_canonical = configured.iter().all(|c| is_canonical(c));
    let mistaken = if found_canonical {
        !any_canonical
    } else {
        is_https && all_canonical
    };
    mistaken.then(|| Mistake::IssuerDomain {
        found: found.to_owned(),
        configured,
        found_canonical,
    })
}

fn scopes_in_permissions(claims: &jose::Object, missing: &[String]) -> Option<Mistake> {
    let Some(Value::Array(permissions)) = claims.get("permissions") else {
        return None;
    };
    let granted = |scope: &String| permissions.iter().any(|p| p.as_str() == Some(scope));
    (!missing.is_empty() && missing.iter().all(granted)).then(|| Mistake::ScopesInPermissions {
        scopes: missing.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::jose::b64;

    fn policy() -> AccessTokenPolicy {
        AccessTokenPolicy::new(
            vec![Issuer::from_domain("login.example.com").unwrap()],
            vec!["https://api.example.com".into()],
        )
    }

    /// An unsigned token with these claims: diagnose reads, never verifies.
    fn token(claims: Value) -> String {
        format!(
            "{}.{}.c2ln",
            b64(br#"{"alg":"RS256","kid":"k"}"#),
            b64(claims.to_string())
        )
    }

    fn audience_mismatch() -> TokenError {
        TokenError::AudienceMismatch {
            expected: "https://api.example.com".into(),
            found: "x".into(),
            array: false,
        }
    }

    #[test]
    fn an_id_token_is_recognised_by_its_claims_and_client_id_audience() {
        let t =
            token(json!({"aud": "abcdefghijklmnopqrstuvwxyz012345", "nonce": "n", "email": "a@b"}));
        assert_eq!(
            diagnose(&t, &audience_mismatch(), &policy()),
            vec![Mistake::IdToken {
                markers: vec!["nonce", "email"],
                aud: Some("abcdefghijklmnopqrstuvwxyz012345".into()),
            }]
        );
        // `email` alone, for an API audience, is a custom claim.
        let t = token(json!({"aud": "https://other.example.com", "email": "a@b"}));
        assert_eq!(diagnose(&t, &audience_mismatch(), &policy()), vec![]);
    }

    #[test]
    fn encrypted_and_opaque_tokens_are_told_apart_from_damaged_jwts() {
        let jwe = format!("{}.x.y.z.w", b64(br#"{"alg":"dir","enc":"A256GCM"}"#));
        let error = TokenError::Malformed(JoseError::Segments(5));
        assert_eq!(
            diagnose(&jwe, &error, &policy()),
            vec![Mistake::Encrypted {
                alg: "dir".into(),
                enc: Some("A256GCM".into())
            }]
        );
        let opaque = "Q9tQ1y0mF3vB_kE2xZ7p8w0VdL5sN4cR";
        let error = TokenError::Malformed(JoseError::Segments(1));
        assert_eq!(diagnose(opaque, &error, &policy()), vec![Mistake::Opaque]);
        let dotted = TokenError::Malformed(JoseError::Segments(2));
        assert_eq!(
            diagnose("v2.Q9tQ1y0mF3vB_kE2xZ", &dotted, &policy()),
            vec![Mistake::Opaque]
        );
        // A JWT cut short has a JSON header: not opaque.
        let cut = b64(br#"{"alg":"RS256"}"#);
        assert_eq!(diagnose(&cut, &error, &policy()), vec![]);
        // Text with spaces is not a token of any kind, nor is a short word.
        assert_eq!(diagnose("not a token", &error, &policy()), vec![]);
        assert_eq!(diagnose("hello", &error, &policy()), vec![]);
    }

    #[test]
    fn the_userinfo_audience_is_named() {
        let t =
            token(json!({"aud": ["https://other.example.com", "https://t.us.auth0.com/userinfo"]}));
        let error = TokenError::AudienceMismatch {
            expected: "https://api.example.com".into(),
            found: "x".into(),
            array: true,
        };
        assert_eq!(
            diagnose(&t, &error, &policy()),
            vec![Mistake::UserinfoAudience {
                userinfo: "https://t.us.auth0.com/userinfo".into(),
                others: vec!["https://other.example.com".into()],
            }]
        );
    }

    #[test]
    fn a_canonical_issuer_for_a_custom_domain_and_the_reverse() {
        let error = TokenError::IssuerNotAllowed {
            found: crate::verify::Shown::new("x"),
            allowed: String::new(),
        };
        let t = token(json!({"iss": "https://tenant.eu.auth0.com/"}));
        assert_eq!(
            diagnose(&t, &error, &policy()),
            vec![Mistake::IssuerDomain {
                found: "https://tenant.eu.auth0.com/".into(),
                configured: vec!["https://login.example.com/".into()],
                found_canonical: true,
            }]
        );
        let canonical = AccessTokenPolicy::new(
            vec![Issuer::from_domain("tenant.auth0.com").unwrap()],
            vec!["a".into()],
        );
        let t = token(json!({"iss": "https://login.example.com/"}));
        assert!(matches!(
            diagnose(&t, &error, &canonical).as_slice(),
            [Mistake::IssuerDomain {
                found_canonical: false,
                ..
            }]
        ));
        // An issuer that is not in its normal form is never quoted as an option.
        let t = token(json!({"iss": "https://tenant.eu.auth0.com/ --jwks https://evil/"}));
        assert_eq!(diagnose(&t, &error, &policy()), vec![]);
        // Another custom domain for a custom domain: nothing to say.
        let t = token(json!({"iss": "https://auth.other.com/"}));
        assert_eq!(diagnose(&t, &error, &policy()), vec![]);
    }

    #[test]
    fn scopes_granted_as_permissions_are_found_unless_permissions_count() {
        let t = token(json!({"scope": "read", "permissions": ["write", "admin"]}));
        let error = TokenError::InsufficientScope {
            missing: vec!["write".into()],
            granted: vec!["read".into()],
        };
        assert_eq!(
            diagnose(&t, &error, &policy()),
            vec![Mistake::ScopesInPermissions {
                scopes: vec!["write".into()]
            }]
        );
        let with_permissions = policy().with_scope_source(ScopeSource::ScopeOrPermissions);
        assert_eq!(diagnose(&t, &error, &with_permissions), vec![]);
    }

    #[test]
    fn only_near_misses_of_the_clock_are_flagged() {
        let t = token(json!({}));
        let near = TokenError::Expired { exp: 0, ago: 47 };
        assert_eq!(
            diagnose(&t, &near, &policy()),
            vec![Mistake::NearClockEdge {
                claim: "exp",
                by: 47
            }]
        );
        let far = TokenError::Expired {
            exp: 0,
            ago: SKEW_WINDOW + 1,
        };
        assert_eq!(diagnose(&t, &far, &policy()), vec![]);
        let early = TokenError::NotYetValid { nbf: 0, wait: 3 };
        assert!(matches!(
            diagnose(&t, &early, &policy()).as_slice(),
            [Mistake::NearClockEdge { claim: "nbf", .. }]
        ));
    }
}
