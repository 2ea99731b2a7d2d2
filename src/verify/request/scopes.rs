//! The route's scopes, checked last as auth0-fastapi-api's
//! `require_auth(scopes=…)` does: 403 `insufficient_scope` for a missing
//! one, uvicorn's 500 where the route cannot read `scope`.

use crate::types::split_scopes;

use super::super::error::{ErrorCode, Shown, TokenError};
use super::super::sdk::truthy;
use super::{Accepted, Rejection, RequestPolicy, Trace};

/// The scopes the route requires, all granted by the token's `scope`.
pub(super) fn check_scopes(
    policy: &RequestPolicy,
    accepted: Accepted,
    t: &mut Trace,
) -> Result<Accepted, Rejection> {
    // auth0-fastapi-api reads `scope` only on scoped routes: `if not
    // scope_str` (403), then `scope_str.split()`, which raises outside its
    // error handling on anything but a string (uvicorn answers 500).
    if let Some(scope) = accepted
        .token
        .claims
        .get("scope")
        .filter(|s| !s.is_string())
    {
        let e = TokenError::InvalidClaim {
            claim: "scope",
            expected: "a space-separated string",
            found: Shown::json(&scope),
        };
        t.step("scopes", e.to_string());
        let scheme = accepted.scheme;
        return Err(if policy.scopes.is_empty() {
            Rejection::token(e, scheme)
        } else if truthy(&scope) {
            Rejection::route_failure(
                &e,
                "auth0-fastapi-api's validate_scopes calls .split() on it",
                scheme,
            )
        } else {
            Rejection::new(
                403,
                ErrorCode::InsufficientScope,
                "Insufficient scopes",
                e.to_string(),
                None,
            )
        });
    }
    if policy.scopes.is_empty() {
        return Ok(accepted);
    }
    let granted: Vec<&str> = accepted
        .token
        .claims
        .get_str("scope")
        .map(|s| split_scopes(s).collect())
        .unwrap_or_default();
    let missing: Vec<String> = policy
        .scopes
        .iter()
        .filter(|s| !granted.contains(&s.as_str()))
        .cloned()
        .collect();
    t.step(
        "scopes",
        if missing.is_empty() {
            "all granted".into()
        } else {
            format!("missing {}", missing.join(" "))
        },
    );
    if missing.is_empty() {
        return Ok(accepted);
    }
    let e = TokenError::InsufficientScope {
        missing,
        granted: granted.iter().map(|s| s.to_string()).collect(),
    };
    Err(Rejection {
        strict_rule: e.strict_rule(),
        ..Rejection::new(
            403,
            ErrorCode::InsufficientScope,
            "Insufficient scopes",
            e.to_string(),
            None,
        )
    })
}
