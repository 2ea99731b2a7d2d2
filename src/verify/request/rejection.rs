//! What the API answers when it refuses a request: status, OAuth error
//! code, the SDK's description and `WWW-Authenticate` byte for byte, and
//! the answer RFC 6750 / RFC 9449 prescribe instead.

use super::super::dpop::ProofError;
use super::super::error::{ErrorCode, TokenError};
use super::{DpopMode, Scheme};

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

/// The `strict_rule` of a request the SDK fails on (the RFCs' answer is
/// [`Rejection::rfc_answer`]: 401 invalid_token).
pub const SDK_FAILS: &str = "the SDK fails on this input (an unhandled exception: the app answers 500); auth0-tok refuses the token, as the RFCs do";

impl Rejection {
    pub(super) fn new(
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
    pub(super) fn sdk_failure(e: &TokenError, why: &str, scheme: Scheme) -> Self {
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
    pub(super) fn route_failure(e: &TokenError, why: &str, scheme: Scheme) -> Self {
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
    pub(super) fn server(detail: String) -> Self {
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

    pub(super) fn missing(detail: &str, scheme: Option<Scheme>) -> Self {
        Self::new(400, ErrorCode::InvalidRequest, "", detail, scheme)
    }

    pub(super) fn token(e: TokenError, scheme: Scheme) -> Self {
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

    pub(super) fn invalid_token(description: &str, detail: &str) -> Self {
        Self::new(
            401,
            ErrorCode::InvalidToken,
            description,
            detail,
            Some(Scheme::Dpop),
        )
    }

    pub(super) fn proof(e: ProofError) -> Self {
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
