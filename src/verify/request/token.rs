//! The access token of a request, checked and refused as the SDK answers:
//! which description it sends where auth0-tok refuses earlier or reads a
//! claim differently.

use serde_json::Value;

use crate::clock::Clock;
use crate::jwk::JwkSet;

use super::super::access::{AccessTokenPolicy, Prechecked, SdkView, VerifiedToken};
use super::super::error::TokenError;
use super::{Rejection, Scheme};

/// The access token `token`, `prechecked` under `policy`, checked with the
/// key set `keys` picks for it, refused as the SDK answers: where auth0-tok
/// refuses earlier than the SDK would (a malformed token, an issuer not
/// configured) or on a claim the SDK reads differently (`exp`), the
/// description follows the SDK's order.
pub(super) fn verify_token<'k>(
    policy: &AccessTokenPolicy,
    token: &str,
    prechecked: Result<Prechecked<'_>, TokenError>,
    scheme: Scheme,
    keys: &dyn Fn(&Prechecked<'_>) -> &'k JwkSet,
    clock: &dyn Clock,
) -> Result<VerifiedToken, Rejection> {
    let pre = match prechecked {
        Ok(pre) => pre,
        Err(e) => return Err(precheck_rejection(policy, token, e, scheme, keys)),
    };
    // The SDK refuses any `alg` starting with "HS", whatever the secret.
    if pre.alg().is_symmetric() {
        let e = TokenError::SymmetricRefused(pre.alg().to_string());
        return Err(Rejection::token(e, scheme));
    }
    let set = keys(&pre);
    policy
        .verify_prechecked_scope_unchecked(pre, set, clock)
        .map_err(|e| claims_rejection(token, e, scheme, clock))
}

/// A refusal before the signature, described as the SDK words it (which
/// may come from a later check: the SDK reads `iss` loosely first, and
/// looks at the signature's encoding only when verifying it).
fn precheck_rejection<'k>(
    policy: &AccessTokenPolicy,
    token: &str,
    e: TokenError,
    scheme: Scheme,
    keys: &dyn Fn(&Prechecked<'_>) -> &'k JwkSet,
) -> Rejection {
    let e = match e {
        TokenError::SymmetricWithoutSecret(alg) => TokenError::SymmetricRefused(alg),
        e => e,
    };
    let sdk_order_differs = matches!(
        e,
        TokenError::Malformed(_)
            | TokenError::MissingIssuer
            | TokenError::IssuerMismatch { .. }
            | TokenError::IssuerNotAllowed { .. }
            | TokenError::MissingKid
            | TokenError::InvalidClaim {
                claim: "iss" | "kid",
                ..
            }
    );
    if !sdk_order_differs {
        return Rejection::token(e, scheme);
    }
    match policy.sdk_view(token, keys) {
        SdkView::Passes => Rejection::token(e, scheme),
        SdkView::Refuses {
            description,
            approximate,
        } => Rejection {
            description,
            description_approximate: approximate,
            strict_rule: None,
            ..Rejection::token(e, scheme)
        },
        SdkView::Fails(why) => Rejection::sdk_failure(&e, why, scheme),
    }
}

/// A claim refused after the signature. `exp` the SDK compares as Python
/// does (`now >= exp`): a bool is 0 or 1, a float is compared, any other
/// type raises TypeError (a 500).
fn claims_rejection(token: &str, e: TokenError, scheme: Scheme, clock: &dyn Clock) -> Rejection {
    let TokenError::InvalidTime { claim: "exp", .. } = e else {
        return Rejection::token(e, scheme);
    };
    let exp = crate::jose::CompactJws::parse(token)
        .ok()
        .and_then(|jws| jws.payload.get("exp").map(std::borrow::Cow::into_owned));
    let expired = |exp: f64| {
        let rejection = Rejection::token(e.clone(), scheme);
        if clock.now() as f64 >= exp {
            Rejection {
                description: "Token is expired".into(),
                strict_rule: None,
                ..rejection
            }
        } else {
            rejection
        }
    };
    match exp {
        Some(Value::Number(n)) => expired(n.as_f64().unwrap_or(f64::MAX)),
        Some(Value::Bool(b)) => expired(if b { 1.0 } else { 0.0 }),
        Some(other) => {
            let kind = match other {
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
                _ => "null",
            };
            Rejection::sdk_failure(
                &e,
                &format!("`now >= claims[\"exp\"]` with exp {kind} raises TypeError"),
                scheme,
            )
        }
        None => Rejection::token(e, scheme),
    }
}
