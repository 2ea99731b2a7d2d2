//! The decision in auth0-api-python's order, one function a step: one
//! Host field (uvicorn), the Authorization header, its scheme; for DPoP
//! the proof header, the access token, the `cnf` claim, the proof, the
//! `cnf.jkt` binding; for Bearer the access token and what Bearer may not
//! carry; then the route's scopes (auth0-fastapi-api). Each step records
//! what it found in the trace and returns the SDK's rejection.

use serde_json::{Map, Value};

use crate::clock::Clock;
use crate::jose::CompactJws;
use crate::jwk::JwkSet;

use super::super::access::{Binding, Prechecked, VerifiedToken};
use super::super::dpop::{ProofError, ProofTarget, VerifiedProof, verify_parsed_proof};
use super::super::error::{ErrorCode, Shown, TokenError};
use super::super::sdk::truthy;
use super::scopes::check_scopes;
use super::token::verify_token;
use super::{
    Accepted, DpopMode, HttpRequest, Rejection, RequestPolicy, RequestToken, Scheme, Step, Trace,
};

/// The key set for a prechecked token.
type Keys<'a, 'k> = &'a dyn Fn(&Prechecked<'_>) -> &'k JwkSet;

/// What the steps judge a request by: the API's policy, the key sets, the
/// time, and the access token's precheck when the caller made it.
struct Judge<'a, 'k, 'r> {
    policy: &'a RequestPolicy,
    keys: Keys<'a, 'k>,
    clock: &'a dyn Clock,
    prechecked: Option<RequestToken<'r>>,
}

pub(super) fn decide<'r, 'k>(
    request: &'r HttpRequest,
    policy: &RequestPolicy,
    prechecked: Option<RequestToken<'r>>,
    keys: Keys<'_, 'k>,
    clock: &dyn Clock,
    trace: &mut Vec<Step>,
) -> Result<Accepted, Rejection> {
    let t = &mut Trace(trace);
    one_host(request, t)?;
    let (scheme_raw, token) = authorization(request, t)?;
    let scheme = scheme(scheme_raw, policy.mode, t)?;
    if token.trim().is_empty() {
        return Err(Rejection::missing(
            "the Authorization header carries no token",
            None,
        ));
    }
    let proof = request.header("dpop").filter(|p| !p.is_empty());
    let judge = Judge {
        policy,
        keys,
        clock,
        prechecked,
    };
    let accepted = match scheme {
        Scheme::Dpop => dpop_request(request, judge, token, proof, t)?,
        Scheme::Bearer => bearer_request(judge, token, proof, t)?,
        Scheme::Other => {
            return Err(Rejection::missing(
                &format!("unsupported authorization scheme {scheme_raw:?}"),
                None,
            ));
        }
    };
    check_scopes(policy, accepted, t)
}

/// RFC 9112 §3.2: h11 refuses a request with more than one Host field,
/// and uvicorn answers 400 before the API runs.
fn one_host(request: &HttpRequest, t: &mut Trace) -> Result<(), Rejection> {
    let hosts = request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("host"))
        .count();
    if hosts > 1 {
        t.step("Host header", format!("{hosts} fields"));
        return Err(Rejection::server(format!(
            "the request has {hosts} Host header fields: uvicorn (h11: \"Found multiple Host: headers\") answers 400 before the API sees it (RFC 9112 §3.2)"
        )));
    }
    Ok(())
}

/// The Authorization header as `scheme token`.
fn authorization<'r>(
    request: &'r HttpRequest,
    t: &mut Trace,
) -> Result<(&'r str, &'r str), Rejection> {
    let authorization = request.header("authorization").unwrap_or("");
    if authorization.is_empty() {
        t.step("authorization header", "absent");
        return Err(Rejection::missing("no Authorization header", None));
    }
    super::split_authorization(authorization).ok_or_else(|| {
        t.step("authorization header", "not `scheme token`");
        Rejection::missing("the Authorization header is not `<scheme> <token>`", None)
    })
}

/// The scheme, refused where DPoP is required and the request used another.
fn scheme(scheme_raw: &str, mode: DpopMode, t: &mut Trace) -> Result<Scheme, Rejection> {
    let scheme = match scheme_raw.to_ascii_lowercase().as_str() {
        "bearer" => Scheme::Bearer,
        "dpop" => Scheme::Dpop,
        _ => Scheme::Other,
    };
    t.step("authorization scheme", format!("{scheme_raw} ({scheme})"));
    if mode == DpopMode::Required && scheme != Scheme::Dpop {
        return Err(Rejection::missing(
            &format!("DPoP is required; the request used the {scheme_raw:?} scheme"),
            Some(scheme),
        ));
    }
    Ok(scheme)
}

/// A DPoP request: proof header, access token, `cnf`, proof, binding.
fn dpop_request<'r>(
    request: &HttpRequest,
    mut judge: Judge<'_, '_, 'r>,
    token: &'r str,
    proof: Option<&str>,
    t: &mut Trace,
) -> Result<Accepted, Rejection> {
    let policy = judge.policy;
    if policy.mode == DpopMode::Disabled {
        return Err(Rejection::missing(
            "DPoP is disabled for this API; use Bearer",
            None,
        ));
    }
    let proof_jws = proof_header(proof, t)?;
    let verified = access_token(&mut judge, token, Scheme::Dpop, t)?;
    let cnf = confirmation(&verified, t)?;
    let target = ProofTarget {
        access_token: Some(token),
        method: &request.method,
        url: &request.url,
    };
    let checked = verify_parsed_proof(proof_jws, &target, &policy.dpop, judge.clock);
    t.step(
        "DPoP proof",
        match &checked {
            Ok(p) => format!("valid, key {}", p.jkt),
            Err(e) => e.to_string(),
        },
    );
    let checked = checked.map_err(Rejection::proof)?;
    let expected = bound_jkt(&cnf, t)?;
    binding(&expected, &checked, t)?;
    Ok(Accepted {
        scheme: Scheme::Dpop,
        token: verified,
        proof: Some(checked),
    })
}

/// The DPoP header: one proof, a well-formed JWS.
fn proof_header<'p>(proof: Option<&'p str>, t: &mut Trace) -> Result<CompactJws<'p>, Rejection> {
    let Some(proof) = proof else {
        t.step("DPoP header", "absent");
        return Err(Rejection::missing(
            "the DPoP scheme needs a DPoP header with a proof",
            Some(Scheme::Dpop),
        ));
    };
    if proof.contains(',') {
        t.step("DPoP header", "several proofs");
        return Err(Rejection::proof(ProofError::Multiple));
    }
    CompactJws::parse(proof.trim()).map_err(|e| {
        t.step("DPoP proof structure", e.to_string());
        Rejection::proof(ProofError::Malformed(e))
    })
}

/// The access token, prechecked (once: by the caller, or here), checked
/// with the key set `keys` picks for it.
fn access_token<'r>(
    judge: &mut Judge<'_, '_, 'r>,
    token: &'r str,
    scheme: Scheme,
    t: &mut Trace,
) -> Result<VerifiedToken, Rejection> {
    let access = &judge.policy.access;
    let prechecked = judge
        .prechecked
        .take()
        .and_then(|given| given.take_for(token))
        .unwrap_or_else(|| access.precheck(token));
    let verified = verify_token(access, token, prechecked, scheme, judge.keys, judge.clock);
    t.step(
        "access token",
        match &verified {
            Ok(v) => format!("valid ({}, kid {})", v.alg, v.kid.as_deref().unwrap_or("-")),
            Err(e) => e.detail.clone(),
        },
    );
    verified
}

/// The `cnf` claim, in the SDK's order of tests: `if not cnf`, then a dict.
fn confirmation(verified: &VerifiedToken, t: &mut Trace) -> Result<Map<String, Value>, Rejection> {
    match verified.claims.get("cnf").as_deref() {
        None => {
            t.step("cnf claim", "absent");
            Err(Rejection::invalid_token(
                "JWT Access Token has no jkt confirmation claim",
                "the token is not DPoP-bound (no cnf claim)",
            ))
        }
        Some(falsy) if !truthy(falsy) => {
            t.step("cnf claim", format!("{}", Shown::json(falsy)));
            Err(Rejection::invalid_token(
                "JWT Access Token has no jkt confirmation claim",
                &format!(
                    "the token is not DPoP-bound (cnf is {})",
                    Shown::json(falsy)
                ),
            ))
        }
        Some(Value::Object(o)) => Ok(o.clone()),
        Some(_) => {
            t.step("cnf claim", "not an object");
            Err(Rejection::invalid_token(
                "JWT Access Token has invalid confirmation claim format",
                "cnf is not a JSON object",
            ))
        }
    }
}

/// `cnf.jkt`: a non-empty string, or no proof can match it.
fn bound_jkt(cnf: &Map<String, Value>, t: &mut Trace) -> Result<String, Rejection> {
    match cnf.get("jkt") {
        Some(Value::String(j)) if !j.is_empty() => Ok(j.clone()),
        Some(other) if truthy(other) => {
            // The SDK compares it with the proof's thumbprint: a mismatch.
            t.step("cnf.jkt", format!("{} (not a string)", Shown::json(other)));
            Err(Rejection::invalid_token(
                "JWT Access Token confirmation mismatch",
                &format!(
                    "cnf.jkt is {}, not a JWK thumbprint: no proof can match it (RFC 9449 §6.1)",
                    Shown::json(other)
                ),
            ))
        }
        found => {
            t.step("cnf.jkt", "absent");
            Err(Rejection::invalid_token(
                "Access token 'cnf' claim missing 'jkt'",
                &match found {
                    None => "cnf has no jkt".to_owned(),
                    Some(v) => format!("cnf.jkt is {}, not a JWK thumbprint", Shown::json(v)),
                },
            ))
        }
    }
}

/// The token binding: `cnf.jkt` equal to the proof key's thumbprint.
fn binding(expected: &str, proof: &VerifiedProof, t: &mut Trace) -> Result<(), Rejection> {
    if expected != proof.jkt {
        t.step(
            "token binding",
            format!("cnf.jkt {expected} ≠ proof key {}", proof.jkt),
        );
        return Err(Rejection::invalid_token(
            "JWT Access Token confirmation mismatch",
            &format!(
                "the token is bound to key {expected}, the proof was signed by {}",
                proof.jkt
            ),
        ));
    }
    t.step("token binding", "cnf.jkt matches the proof key");
    Ok(())
}

/// A Bearer request: the access token, then what a Bearer request may not
/// carry where DPoP is enabled (a binding, a proof).
fn bearer_request<'r>(
    mut judge: Judge<'_, '_, 'r>,
    token: &'r str,
    proof: Option<&str>,
    t: &mut Trace,
) -> Result<Accepted, Rejection> {
    let verified = access_token(&mut judge, token, Scheme::Bearer, t)?;
    if judge.policy.mode != DpopMode::Disabled {
        unbound_bearer(&verified, proof, t)?;
    }
    Ok(Accepted {
        scheme: Scheme::Bearer,
        token: verified,
        proof: None,
    })
}

/// With DPoP enabled, a Bearer token must not be DPoP-bound (nor carry a
/// `cnf.jkt` that is no thumbprint), and no proof may come with it.
fn unbound_bearer(
    verified: &VerifiedToken,
    proof: Option<&str>,
    t: &mut Trace,
) -> Result<(), Rejection> {
    if let Binding::Malformed(found) = verified.binding() {
        t.step(
            "cnf.jkt",
            format!("{} (not a thumbprint)", Shown::json(&found)),
        );
        return Err(Rejection::token(
            TokenError::MalformedBinding {
                sdk_bound: truthy(&found),
                found: Shown::json(&found),
            },
            Scheme::Bearer,
        ));
    }
    if verified.bound_jkt.is_some() {
        return Err(Rejection::new(
            401,
            ErrorCode::InvalidToken,
            "DPoP-bound token requires the DPoP authentication scheme, not Bearer",
            "the token is DPoP-bound (cnf.jkt) but was sent as Bearer",
            Some(Scheme::Bearer),
        ));
    }
    if proof.is_some() {
        return Err(Rejection::new(
            400,
            ErrorCode::InvalidRequest,
            "DPoP proof requires DPoP authentication scheme, not Bearer",
            "a DPoP proof was sent with the Bearer scheme",
            Some(Scheme::Bearer),
        ));
    }
    Ok(())
}
