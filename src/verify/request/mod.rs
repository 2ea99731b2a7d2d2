//! The whole-request decision: what an API protected by auth0-fastapi-api
//! (on auth0-api-python's `verify_request`) answers to an HTTP request —
//! status, error code, description and `WWW-Authenticate` — in the SDK's
//! order of checks, with the rule named wherever auth0-tok is stricter.
//! Where the SDK and the RFCs answer differently (two DPoP header fields),
//! the decision carries both; a request uvicorn/h11 refuses before the API
//! runs (two Host fields) gets the server's 400. Sans-IO: keys and clock
//! come from the caller.

mod decide;
mod proxy;
mod raw;
mod rejection;
mod scopes;
#[cfg(test)]
mod tests;
mod token;

use crate::clock::Clock;
use crate::jwk::JwkSet;

use super::access::{AccessTokenPolicy, Binding, Prechecked, VerifiedToken};
use super::dpop::{DpopPolicy, ProofError, VerifiedProof};
use super::error::{Shown, TokenError};
use super::sdk::truthy;

pub use proxy::proxied_url;
pub use raw::parse_raw_request;
pub use rejection::Rejection;
#[cfg(test)]
pub(crate) use rejection::SDK_FAILS;

/// Which authentication schemes the API accepts (the SDK's `dpop_enabled`
/// and `dpop_required`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DpopMode {
    /// Bearer and DPoP (the SDK's default, "mixed mode").
    #[default]
    Allowed,
    /// DPoP only.
    Required,
    /// Bearer only.
    Disabled,
}

/// The authentication scheme a request used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Bearer,
    Dpop,
    Other,
}

impl std::fmt::Display for Scheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Scheme::Bearer => "Bearer",
            Scheme::Dpop => "DPoP",
            Scheme::Other => "other",
        })
    }
}

/// An HTTP request as the API sees it.
#[derive(Debug, Clone, Default)]
pub struct HttpRequest {
    /// The method, as sent (`GET`).
    pub method: String,
    /// The URL the API reconstructs (after any proxy headers).
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
}

impl HttpRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The access token of the Authorization header, if there is one (for
    /// choosing which tenant's keys to fetch before deciding).
    pub fn access_token(&self) -> Option<&str> {
        let auth = self.header("authorization")?;
        let (_, token) = split_authorization(auth)?;
        Some(token.trim())
    }

    /// The [access token](Self::access_token), prechecked under `policy`
    /// (the request policy's `access`): its issuer picks the keys, and
    /// [`verify_request_prechecked`] decides without parsing it again.
    pub fn precheck_token(&self, policy: &AccessTokenPolicy) -> Option<RequestToken<'_>> {
        let raw = self.access_token()?;
        Some(RequestToken {
            raw,
            prechecked: policy.precheck(raw),
        })
    }
}

/// A request's access token and its precheck ([`HttpRequest::precheck_token`]).
#[derive(Debug)]
pub struct RequestToken<'r> {
    raw: &'r str,
    prechecked: Result<Prechecked<'r>, TokenError>,
}

impl<'r> RequestToken<'r> {
    /// The token, when it passed the precheck (its issuer and `kid` known).
    pub fn prechecked(&self) -> Option<&Prechecked<'r>> {
        self.prechecked.as_ref().ok()
    }

    /// The precheck's result, when this is the token the decision checks;
    /// another request's token is prechecked again.
    fn take_for(self, token: &str) -> Option<Result<Prechecked<'r>, TokenError>> {
        (self.raw == token).then_some(self.prechecked)
    }
}

/// `Authorization` split once on whitespace, as Python's `str.split(None, 1)`.
fn split_authorization(value: &str) -> Option<(&str, &str)> {
    let value = value.trim_start();
    let end = value.find(char::is_whitespace)?;
    let scheme = &value[..end];
    let rest = value[end..].trim_start();
    if rest.is_empty() {
        return None;
    }
    Some((scheme, rest.trim_end()))
}

/// What the API requires of a request.
#[derive(Debug, Clone)]
pub struct RequestPolicy {
    /// Access-token rules (without scopes: those are checked last).
    pub access: AccessTokenPolicy,
    /// Accepted schemes.
    pub mode: DpopMode,
    /// Proof rules.
    pub dpop: DpopPolicy,
    /// Scopes the route requires (auth0-fastapi-api's `require_auth(scopes=…)`).
    pub scopes: Vec<String>,
}

/// An accepted request.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The scheme used.
    pub scheme: Scheme,
    /// The verified access token.
    pub token: VerifiedToken,
    /// The verified proof (DPoP requests).
    pub proof: Option<VerifiedProof>,
}

/// One check and its result, for the `-v` trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What was checked.
    pub check: &'static str,
    /// What was found.
    pub result: String,
}

/// The `-v` trace the steps write into.
pub(super) struct Trace<'t>(&'t mut Vec<Step>);

impl Trace<'_> {
    pub(super) fn step(&mut self, check: &'static str, result: impl Into<String>) {
        self.0.push(Step {
            check,
            result: result.into(),
        });
    }
}

/// The decision and the trace of checks that led to it.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Accepted, or the rejection the API answers with.
    pub outcome: Result<Accepted, Rejection>,
    /// Every check in order.
    pub trace: Vec<Step>,
    /// The rejection the RFCs prescribe where the SDK answers with
    /// `outcome` instead (two DPoP header fields: the SDK reads the first,
    /// RFC 9449 §4.3 step 1 refuses the request). `None` where both agree.
    pub rfc_rejection: Option<Rejection>,
}

impl Decision {
    /// The outcome as the RFCs prescribe it ([`rfc_rejection`](Self::rfc_rejection)
    /// when there is one).
    pub fn rfc_outcome(&self) -> Result<&Accepted, &Rejection> {
        match &self.rfc_rejection {
            Some(r) => Err(r),
            None => self.outcome.as_ref(),
        }
    }
}

/// Decides `request` under `policy` with the issuer's `keys`, in
/// auth0-api-python's order (then auth0-fastapi-api's scope check).
pub fn verify_request(
    request: &HttpRequest,
    policy: &RequestPolicy,
    keys: &JwkSet,
    clock: &dyn Clock,
) -> Decision {
    verify_request_with(request, policy, &|_| keys, clock)
}

/// [`verify_request`] for callers that hold several issuers' keys: `keys`
/// gets the prechecked access token (its issuer and `kid` known, nothing
/// else checked yet) and returns the key set to check it with. The token is
/// parsed once.
pub fn verify_request_with<'k>(
    request: &HttpRequest,
    policy: &RequestPolicy,
    keys: &dyn Fn(&Prechecked<'_>) -> &'k JwkSet,
    clock: &dyn Clock,
) -> Decision {
    verify_request_prechecked(request, policy, None, keys, clock)
}

/// [`verify_request_with`] for a caller that prechecked the access token
/// already ([`HttpRequest::precheck_token`] under `policy.access`, to pick
/// the keys): the decision uses that precheck instead of repeating it.
/// `None` leaves the precheck to the decision.
pub fn verify_request_prechecked<'r, 'k>(
    request: &'r HttpRequest,
    policy: &RequestPolicy,
    token: Option<RequestToken<'r>>,
    keys: &dyn Fn(&Prechecked<'_>) -> &'k JwkSet,
    clock: &dyn Clock,
) -> Decision {
    let mut trace = Vec::new();
    let outcome = decide::decide(request, policy, token, keys, clock, &mut trace);
    let result = match &outcome {
        Ok(a) => format!("accepted ({})", a.scheme),
        Err(r) => format!("{} {}: {}", r.status, r.code, r.detail),
    };
    trace.push(Step {
        check: "decision",
        result,
    });
    let rfc_rejection = rfc_rejection(request, policy, &outcome);
    if let Some(r) = &rfc_rejection {
        trace.push(Step {
            check: "RFC decision",
            result: format!("{} {}: {}", r.status, r.code, r.detail),
        });
    }
    Decision {
        outcome,
        trace,
        rfc_rejection,
    }
}

/// Where the RFCs refuse a request the SDK decides otherwise: more than
/// one DPoP header field (RFC 9449 §4.3 step 1; the SDK reads the first).
fn rfc_rejection(
    request: &HttpRequest,
    policy: &RequestPolicy,
    outcome: &Result<Accepted, Rejection>,
) -> Option<Rejection> {
    if policy.mode == DpopMode::Disabled || outcome.as_ref().is_err_and(|r| r.by_server) {
        return None;
    }
    let fields = request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("dpop"))
        .count();
    (fields > 1).then(|| Rejection::proof(ProofError::MultipleHeaders(fields)))
}

/// What the API does with a verified token presented without a DPoP proof
/// under `mode`, for callers that verify a token alone (`verify` without a
/// proof): where DPoP is required, the API refuses it (400, as the SDK);
/// where DPoP is allowed, a token whose `cnf.jkt` is not a thumbprint can
/// be presented in no way the API accepts. With DPoP disabled the SDK
/// ignores `cnf`, and so does this.
pub fn check_without_proof(token: &VerifiedToken, mode: DpopMode) -> Result<(), TokenError> {
    match mode {
        DpopMode::Required => Err(TokenError::ProofRequired),
        DpopMode::Disabled => Ok(()),
        DpopMode::Allowed => match token.binding() {
            Binding::Malformed(found) => Err(TokenError::MalformedBinding {
                sdk_bound: truthy(&found),
                found: Shown::json(&found),
            }),
            Binding::Unbound | Binding::Jkt(_) => Ok(()),
        },
    }
}
