//! The whole-request decision: what an API protected by auth0-fastapi-api
//! (on auth0-api-python's `verify_request`) answers to an HTTP request —
//! status, error code, description and `WWW-Authenticate` — in the SDK's
//! order of checks, with the rule named wherever auth0-tok is stricter.
//! Where the SDK and the RFCs answer differently (two DPoP header fields),
//! the decision carries both; a request uvicorn/h11 refuses before the API
//! runs (two Host fields) gets the server's 400. Sans-IO: keys and clock
//! come from the caller.

use serde_json::Value;

use crate::clock::Clock;
use crate::jwk::JwkSet;
use crate::types::split_scopes;

use super::access::{AccessTokenPolicy, Binding, Prechecked, SdkView, VerifiedToken};
use super::dpop::{DpopPolicy, ProofError, VerifiedProof, verify_parsed_proof};
use super::error::{ErrorCode, Shown, TokenError};
use super::sdk::truthy;

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

/// Why a request is refused, and everything the API puts in its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// HTTP status the SDK answers with.
    pub status: u16,
    /// OAuth error code.
    pub code: ErrorCode,
    /// The `error_description` the SDK sends.
    pub description: String,
    /// auth0-tok's precise reason.
    pub detail: String,
    /// The scheme the SDK attributes the error to (shapes WWW-Authenticate).
    pub scheme: Option<Scheme>,
    /// The rule applied where the SDK would have accepted.
    pub strict_rule: Option<&'static str>,
    /// Refused by the HTTP server (uvicorn/h11) before the API sees the
    /// request, or uvicorn's answer when the route raises (auth0-fastapi-api's
    /// scope check on a `scope` that is not a string): a plain-text
    /// `description` body, no OAuth error and no `WWW-Authenticate`.
    pub by_server: bool,
    /// Whether `description` may differ from the SDK's exact text: a Python
    /// message auth0-tok does not reproduce (another encoding, a message
    /// that differs between Python versions), or an answer that depends on
    /// keys that were not at hand.
    pub description_approximate: bool,
    /// The SDK fails on this request (an exception outside its checks) and
    /// the app answers 500: `status` is that 500, the RFCs' answer
    /// ([`rfc_answer`](Self::rfc_answer)) 401 invalid_token. auth0-tok
    /// refuses the token for `detail` either way.
    pub sdk_fails: bool,
}

/// The `strict_rule` of a request the SDK fails on.
pub const SDK_FAILS: &str = "the SDK fails on this input (an unhandled exception: the app answers 500); auth0-tok refuses the token, as the RFCs do (--rfc: 401 invalid_token)";

impl Rejection {
    fn new(
        status: u16,
        code: ErrorCode,
        description: impl Into<String>,
        detail: impl Into<String>,
        scheme: Option<Scheme>,
    ) -> Self {
        Rejection {
            status,
            code,
            description: description.into(),
            detail: detail.into(),
            scheme,
            strict_rule: None,
            by_server: false,
            description_approximate: false,
            sdk_fails: false,
        }
    }

    /// auth0-fastapi-api's answer when `verify_request` raises something
    /// other than its own errors: `except Exception`, 500 in JSON.
    fn sdk_failure(e: &TokenError, why: &str, scheme: Scheme) -> Self {
        Rejection {
            strict_rule: Some(SDK_FAILS),
            sdk_fails: true,
            ..Self::new(
                500,
                ErrorCode::InternalServerError,
                "An unexpected error occurred during authentication",
                format!("{e}; auth0-api-python fails on it ({why}) and the app answers 500"),
                Some(scheme),
            )
        }
    }

    /// uvicorn's answer when the route raises after the SDK accepted
    /// (auth0-fastapi-api's scope check): 500, a plain-text body.
    fn route_failure(e: &TokenError, why: &str, scheme: Scheme) -> Self {
        Rejection {
            by_server: true,
            ..Self::sdk_failure(e, why, scheme)
        }
        .with_description("Internal Server Error")
    }

    fn with_description(mut self, description: &str) -> Self {
        self.description = description.to_owned();
        self
    }

    /// uvicorn's answer to a request h11 refuses to parse.
    fn server(detail: String) -> Self {
        Rejection {
            by_server: true,
            ..Self::new(
                400,
                ErrorCode::InvalidRequest,
                "Invalid HTTP request received.",
                detail,
                None,
            )
        }
    }

    fn missing(detail: &str, scheme: Option<Scheme>) -> Self {
        Self::new(400, ErrorCode::InvalidRequest, "", detail, scheme)
    }

    fn token(e: TokenError, scheme: Scheme) -> Self {
        Rejection {
            status: e.status(),
            code: e.code(),
            description: e.sdk_description(),
            detail: e.to_string(),
            scheme: Some(scheme),
            strict_rule: e.strict_rule(),
            by_server: false,
            description_approximate: false,
            sdk_fails: false,
        }
    }

    fn invalid_token(description: &str, detail: &str) -> Self {
        Self::new(
            401,
            ErrorCode::InvalidToken,
            description,
            detail,
            Some(Scheme::Dpop),
        )
    }

    fn proof(e: ProofError) -> Self {
        Rejection {
            status: e.status(),
            code: e.code(),
            description: e.sdk_description(),
            detail: e.to_string(),
            scheme: Some(Scheme::Dpop),
            strict_rule: e.strict_rule(),
            by_server: false,
            description_approximate: false,
            sdk_fails: false,
        }
    }

    /// The `WWW-Authenticate` value the SDK sends (auth0-api-python's
    /// `_build_www_authenticate`), or `None` (403 answers carry none).
    pub fn www_authenticate(&self, mode: DpopMode) -> Option<String> {
        if self.status == 403 || self.by_server || self.sdk_fails {
            return None;
        }
        // The SDK inserts its descriptions unquoted (none of its own holds
        // a `"`); where the description is auth0-tok's own (the SDK would
        // accept), it is quoted as RFC 9110 §5.6.4 requires.
        let description = match self.strict_rule {
            Some(_) => quote(&self.description),
            None => self.description.clone(),
        };
        Some(sdk_challenge(
            self.code.as_str(),
            &description,
            self.scheme,
            mode,
        ))
    }

    /// The answer RFC 6750 / RFC 9449 prescribe instead: (status,
    /// WWW-Authenticate), the challenge empty for a server's refusal
    /// ([`by_server`](Self::by_server): RFC 9112 §3.2 prescribes 400 too).
    pub fn rfc_answer(&self, mode: DpopMode, scopes: &[String]) -> (u16, String) {
        if self.by_server && !self.sdk_fails {
            return (400, String::new());
        }
        // Where the SDK fails, the RFCs' answer is the refusal of the token.
        let (own_status, code) = if self.sdk_fails {
            (401, ErrorCode::InvalidToken)
        } else {
            (self.status, self.code)
        };
        let algs = "algs=\"ES256\"";
        let params = if self.description.is_empty() && code == ErrorCode::InvalidRequest {
            String::new()
        } else {
            format!(
                "error=\"{}\", error_description=\"{}\"",
                code,
                quote(&self.detail)
            )
        };
        // RFC 6750 §3.1: a request without credentials gets no error code, 401.
        let (status, params) = match (code, params.is_empty()) {
            (ErrorCode::InvalidRequest, true) => (401, String::new()),
            (ErrorCode::InvalidDpopProof, _) | (ErrorCode::UseDpopNonce, _) => (401, params),
            (ErrorCode::InsufficientScope, _) => (
                403,
                format!(
                    "error=\"insufficient_scope\", scope=\"{}\"",
                    quote(&scopes.join(" "))
                ),
            ),
            _ => (own_status, params),
        };
        let bearer = if params.is_empty() {
            "Bearer realm=\"api\"".to_owned()
        } else {
            format!("Bearer realm=\"api\", {params}")
        };
        let dpop = if params.is_empty() {
            format!("DPoP {algs}")
        } else {
            format!("DPoP {params}, {algs}")
        };
        let challenge = match mode {
            DpopMode::Disabled => bearer,
            DpopMode::Required => dpop,
            DpopMode::Allowed if self.scheme == Some(Scheme::Dpop) => {
                format!("Bearer realm=\"api\", {dpop}")
            }
            DpopMode::Allowed => format!("{bearer}, DPoP {algs}"),
        };
        (status, challenge)
    }
}

/// A quoted-string's content (RFC 9110 §5.6.4): `\` and `"` escaped.
fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// auth0-api-python's `_build_www_authenticate`, byte for byte.
fn sdk_challenge(code: &str, description: &str, scheme: Option<Scheme>, mode: DpopMode) -> String {
    let omit = code == "invalid_request" && description.is_empty();
    let with_error = |prefix: &str, trailer: Option<&str>| {
        let mut parts = vec![format!("error=\"{code}\"")];
        if !description.is_empty() {
            parts.push(format!("error_description=\"{description}\""));
        }
        if let Some(t) = trailer {
            parts.push(t.to_owned());
        }
        format!("{prefix} {}", parts.join(", "))
    };
    let algs = "algs=\"ES256\"";
    match mode {
        DpopMode::Disabled if !omit => with_error("Bearer", None),
        DpopMode::Disabled => "Bearer realm=\"api\"".into(),
        DpopMode::Required if omit => format!("DPoP {algs}"),
        DpopMode::Required => with_error("DPoP", Some(algs)),
        DpopMode::Allowed if omit => format!("Bearer realm=\"api\", DPoP {algs}"),
        DpopMode::Allowed => match scheme {
            Some(Scheme::Dpop) => {
                format!("Bearer realm=\"api\", {}", with_error("DPoP", Some(algs)))
            }
            Some(Scheme::Bearer) => format!("{}, DPoP {algs}", with_error("Bearer", None)),
            _ => format!("Bearer realm=\"api\", DPoP {algs}"),
        },
    }
}

/// One check and its result, for the `-v` trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What was checked.
    pub check: &'static str,
    /// What was found.
    pub result: String,
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
    let mut trace = Vec::new();
    let outcome = decide(request, policy, keys, clock, &mut trace);
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

/// The access token checked with the key set `keys` picks for it, refused
/// as the SDK answers: where auth0-tok refuses earlier than the SDK would
/// (a malformed token, an issuer not configured) or on a claim the SDK
/// reads differently (`exp`), the description follows the SDK's order.
fn verify_token<'k>(
    policy: &AccessTokenPolicy,
    token: &str,
    scheme: Scheme,
    keys: &dyn Fn(&Prechecked<'_>) -> &'k JwkSet,
    clock: &dyn Clock,
) -> Result<VerifiedToken, Rejection> {
    let pre = match policy.precheck(token) {
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

fn decide<'k>(
    request: &HttpRequest,
    policy: &RequestPolicy,
    keys: &dyn Fn(&Prechecked<'_>) -> &'k JwkSet,
    clock: &dyn Clock,
    trace: &mut Vec<Step>,
) -> Result<Accepted, Rejection> {
    let mut step = |check: &'static str, result: String| trace.push(Step { check, result });
    // RFC 9112 §3.2: h11 refuses a request with more than one Host field,
    // and uvicorn answers 400 before the API runs.
    let hosts = request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("host"))
        .count();
    if hosts > 1 {
        step("Host header", format!("{hosts} fields"));
        return Err(Rejection::server(format!(
            "the request has {hosts} Host header fields: uvicorn (h11: \"Found multiple Host: headers\") answers 400 before the API sees it (RFC 9112 §3.2)"
        )));
    }
    let required = policy.mode == DpopMode::Required;
    let enabled = policy.mode != DpopMode::Disabled;
    let authorization = request.header("authorization").unwrap_or("");
    let proof = request.header("dpop").filter(|p| !p.is_empty());
    if authorization.is_empty() {
        step("authorization header", "absent".into());
        return Err(Rejection::missing("no Authorization header", None));
    }
    let Some((scheme_raw, token)) = split_authorization(authorization) else {
        step("authorization header", "not `scheme token`".into());
        return Err(Rejection::missing(
            "the Authorization header is not `<scheme> <token>`",
            None,
        ));
    };
    let scheme = match scheme_raw.to_ascii_lowercase().as_str() {
        "bearer" => Scheme::Bearer,
        "dpop" => Scheme::Dpop,
        _ => Scheme::Other,
    };
    step("authorization scheme", format!("{scheme_raw} ({scheme})"));
    if required && scheme != Scheme::Dpop {
        return Err(Rejection::missing(
            &format!("DPoP is required; the request used the {scheme_raw:?} scheme"),
            Some(scheme),
        ));
    }
    if token.trim().is_empty() {
        return Err(Rejection::missing(
            "the Authorization header carries no token",
            None,
        ));
    }
    match scheme {
        Scheme::Dpop => {
            if !enabled {
                return Err(Rejection::missing(
                    "DPoP is disabled for this API; use Bearer",
                    None,
                ));
            }
            let Some(proof) = proof else {
                step("DPoP header", "absent".into());
                return Err(Rejection::missing(
                    "the DPoP scheme needs a DPoP header with a proof",
                    Some(Scheme::Dpop),
                ));
            };
            if proof.contains(',') {
                step("DPoP header", "several proofs".into());
                return Err(Rejection::proof(ProofError::Multiple));
            }
            let proof_jws = match crate::jose::CompactJws::parse(proof.trim()) {
                Ok(jws) => jws,
                Err(e) => {
                    step("DPoP proof structure", e.to_string());
                    return Err(Rejection::proof(ProofError::Malformed(e)));
                }
            };
            let verified = verify_token(&policy.access, token, Scheme::Dpop, keys, clock);
            step("access token", describe(&verified));
            let verified = verified?;
            // The SDK's tests, in its order: `if not cnf`, then a dict.
            let cnf = verified.claims.get("cnf");
            let cnf = match cnf.as_deref() {
                None => {
                    step("cnf claim", "absent".into());
                    return Err(Rejection::invalid_token(
                        "JWT Access Token has no jkt confirmation claim",
                        "the token is not DPoP-bound (no cnf claim)",
                    ));
                }
                Some(falsy) if !truthy(falsy) => {
                    step("cnf claim", format!("{}", Shown::json(falsy)));
                    return Err(Rejection::invalid_token(
                        "JWT Access Token has no jkt confirmation claim",
                        &format!(
                            "the token is not DPoP-bound (cnf is {})",
                            Shown::json(falsy)
                        ),
                    ));
                }
                Some(Value::Object(o)) => o.clone(),
                Some(_) => {
                    step("cnf claim", "not an object".into());
                    return Err(Rejection::invalid_token(
                        "JWT Access Token has invalid confirmation claim format",
                        "cnf is not a JSON object",
                    ));
                }
            };
            let checked = verify_parsed_proof(
                proof_jws,
                Some(token),
                &request.method,
                &request.url,
                &policy.dpop,
                clock,
            );
            step(
                "DPoP proof",
                match &checked {
                    Ok(p) => format!("valid, key {}", p.jkt),
                    Err(e) => e.to_string(),
                },
            );
            let checked = checked.map_err(Rejection::proof)?;
            let expected = match cnf.get("jkt") {
                Some(Value::String(j)) if !j.is_empty() => j.clone(),
                Some(other) if truthy(other) => {
                    // The SDK compares it with the proof's thumbprint: a mismatch.
                    step("cnf.jkt", format!("{} (not a string)", Shown::json(other)));
                    return Err(Rejection::invalid_token(
                        "JWT Access Token confirmation mismatch",
                        &format!(
                            "cnf.jkt is {}, not a JWK thumbprint: no proof can match it (RFC 9449 §6.1)",
                            Shown::json(other)
                        ),
                    ));
                }
                found => {
                    step("cnf.jkt", "absent".into());
                    return Err(Rejection::invalid_token(
                        "Access token 'cnf' claim missing 'jkt'",
                        &match found {
                            None => "cnf has no jkt".to_owned(),
                            Some(v) => {
                                format!("cnf.jkt is {}, not a JWK thumbprint", Shown::json(v))
                            }
                        },
                    ));
                }
            };
            if expected != checked.jkt {
                step(
                    "token binding",
                    format!("cnf.jkt {expected} ≠ proof key {}", checked.jkt),
                );
                return Err(Rejection::invalid_token(
                    "JWT Access Token confirmation mismatch",
                    &format!(
                        "the token is bound to key {expected}, the proof was signed by {}",
                        checked.jkt
                    ),
                ));
            }
            step("token binding", "cnf.jkt matches the proof key".into());
            check_scopes(
                policy,
                Accepted {
                    scheme,
                    token: verified,
                    proof: Some(checked),
                },
                &mut step,
            )
        }
        Scheme::Bearer => {
            let verified = verify_token(&policy.access, token, Scheme::Bearer, keys, clock);
            step("access token", describe(&verified));
            let verified = verified?;
            if let (true, Binding::Malformed(found)) = (enabled, verified.binding()) {
                step(
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
            if enabled && verified.bound_jkt.is_some() {
                return Err(Rejection::new(
                    401,
                    ErrorCode::InvalidToken,
                    "DPoP-bound token requires the DPoP authentication scheme, not Bearer",
                    "the token is DPoP-bound (cnf.jkt) but was sent as Bearer",
                    Some(Scheme::Bearer),
                ));
            }
            if enabled && proof.is_some() {
                return Err(Rejection::new(
                    400,
                    ErrorCode::InvalidRequest,
                    "DPoP proof requires DPoP authentication scheme, not Bearer",
                    "a DPoP proof was sent with the Bearer scheme",
                    Some(Scheme::Bearer),
                ));
            }
            check_scopes(
                policy,
                Accepted {
                    scheme,
                    token: verified,
                    proof: None,
                },
                &mut step,
            )
        }
        Scheme::Other => Err(Rejection::missing(
            &format!("unsupported authorization scheme {scheme_raw:?}"),
            None,
        )),
    }
}

fn describe(r: &Result<VerifiedToken, Rejection>) -> String {
    match r {
        Ok(t) => format!("valid ({}, kid {})", t.alg, t.kid.as_deref().unwrap_or("-")),
        Err(e) => e.detail.clone(),
    }
}

fn check_scopes(
    policy: &RequestPolicy,
    accepted: Accepted,
    step: &mut impl FnMut(&'static str, String),
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
        step("scopes", e.to_string());
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
    step(
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

/// Parses a captured HTTP/1.1 request head (request line and headers, up to
/// the blank line); `Host` and `scheme` build the URL of an origin-form
/// target.
pub fn parse_raw_request(raw: &str, scheme: &str) -> Result<HttpRequest, String> {
    let mut lines = raw.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines
        .next()
        .filter(|l| !l.trim().is_empty())
        .ok_or("the request is empty")?;
    let mut parts = request_line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && !t.is_empty() => (m, t, v),
        _ => {
            return Err(format!(
                "not an HTTP request line: {:?}",
                request_line.chars().take(80).collect::<String>()
            ));
        }
    };
    if !method
        .bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
    {
        return Err(format!("invalid method {method:?}"));
    }
    if !version.starts_with("HTTP/1.") {
        return Err(format!(
            "unsupported HTTP version {version:?} (HTTP/1.x request heads only)"
        ));
    }
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            return Err("obsolete header line folding is not accepted".into());
        }
        let (name, value) = line.split_once(':').ok_or_else(|| {
            format!(
                "not a header line: {:?}",
                line.chars().take(80).collect::<String>()
            )
        })?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
            return Err(format!("invalid header name {name:?}"));
        }
        headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
        if headers.len() > 200 {
            return Err("more than 200 headers".into());
        }
    }
    let url = if target.starts_with("http://") || target.starts_with("https://") {
        target.to_owned()
    } else if target.starts_with('/') {
        let host = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .ok_or("no Host header to build the URL from")?;
        format!("{scheme}://{host}{target}")
    } else {
        return Err(format!("unsupported request target {target:?}"));
    };
    Ok(HttpRequest {
        method: method.to_owned(),
        url,
        headers,
    })
}

/// The URL auth0-fastapi-api reconstructs behind a trusted proxy:
/// X-Forwarded-Proto (http/https only), the first X-Forwarded-Host, and
/// X-Forwarded-Prefix (ignored when it contains `..`, starts with `//`, or
/// contains `:`, NUL or `%2e%2e`). The fragment is dropped.
pub fn proxied_url(request: &HttpRequest) -> Result<String, String> {
    let mut url = url::Url::parse(&request.url).map_err(|e| format!("{:?}: {e}", request.url))?;
    url.set_fragment(None);
    if let Some(proto) = request
        .header("x-forwarded-proto")
        .map(|p| p.trim().to_ascii_lowercase())
    {
        if proto == "http" || proto == "https" {
            let rebuilt = format!("{proto}{}", &url.as_str()[url.scheme().len()..]);
            url = url::Url::parse(&rebuilt).map_err(|e| e.to_string())?;
        }
    }
    let forwarded_host = request
        .header("x-forwarded-host")
        .map(|h| h.split(',').next().unwrap_or("").trim())
        .filter(|h| !h.is_empty());
    let mut path = url.path().to_owned();
    if let Some(prefix) = request
        .header("x-forwarded-prefix")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let unsafe_prefix = prefix.contains("..")
            || prefix.starts_with("//")
            || prefix.contains(':')
            || prefix.contains('\0')
            || prefix.to_ascii_lowercase().contains("%2e%2e");
        if !unsafe_prefix {
            let prefix = if prefix.starts_with('/') {
                prefix.to_owned()
            } else {
                format!("/{prefix}")
            };
            path = format!("{}{path}", prefix.trim_end_matches('/'));
        }
    }
    let authority = match forwarded_host {
        Some(h) => h.to_owned(),
        None => {
            let host = url.host_str().unwrap_or("");
            match url.port() {
                Some(p) => format!("{host}:{p}"),
                None => host.to_owned(),
            }
        }
    };
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    Ok(format!("{}://{authority}{path}{query}", url.scheme()))
}
