//! Reading the token endpoint's answer (pure): an OAuth error, or a token
//! response held to RFC 6749's grammar (see the [`super`] docs for why).
//! Server text in errors is escaped by [`crate::escape`]; a 200 answer is
//! never quoted, since it may hold a token.

use serde_json::Value;

use crate::answer::FetchError;
use crate::escape::Untrusted;
use crate::jose::{self, Object, Part};
use crate::keys::KeyError;
use crate::types::TokenSecret;

/// A successful token response, checked by [`TokenResponse::from_answer`].
#[derive(Clone, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token: 1*VSCHAR.
    pub access_token: TokenSecret,
    /// `Bearer` or `DPoP`, spelt so whatever case the server used.
    pub token_type: String,
    /// Lifetime in seconds.
    pub expires_in: u64,
    /// Granted scopes, if the server said.
    pub scope: Option<String>,
    /// The whole JSON answer.
    pub raw: Object,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &self.access_token)
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// Why a token endpoint's 200 answer is not a token response auth0-tok
/// will use. The messages name the rule and never hold a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    #[error("the body is not a JSON object ({len} bytes{})", looks_like(.kind))]
    NotJson { len: usize, kind: BodyKind },
    #[error("{member} is missing or not a string")]
    Missing { member: &'static str },
    #[error("{member} is empty (RFC 6749 Appendix {appendix}: 1*VSCHAR)")]
    Empty {
        member: &'static str,
        appendix: &'static str,
    },
    #[error(
        "{member} holds byte 0x{byte:02X} at offset {offset}, outside VSCHAR 0x20-0x7E (RFC 6749 Appendix {appendix})"
    )]
    NotVschar {
        member: &'static str,
        appendix: &'static str,
        offset: usize,
        byte: u8,
    },
    #[error("token_type is missing (RFC 6749 §5.1 requires it: Bearer or DPoP)")]
    NoTokenType,
    #[error("token_type {} is not Bearer or DPoP (RFC 6750, RFC 9449 §5)", shown_type(.0))]
    TokenType(String),
    #[error("expires_in is not an integer ≥ 0")]
    ExpiresIn,
}

/// What a 200 body that is not JSON looks like: said instead of quoting it,
/// since it may hold a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyKind {
    /// Starts with `<`: a proxy's or login page's HTML.
    Html,
    /// `name=value&…`: a form-encoded answer (the server ignored `Accept`).
    Form,
    Other,
}

impl BodyKind {
    fn of(body: &[u8]) -> Self {
        let start = body.trim_ascii_start();
        if start.starts_with(b"<") {
            BodyKind::Html
        } else if start.contains(&b'=') && !start.contains(&b' ') {
            BodyKind::Form
        } else {
            BodyKind::Other
        }
    }
}

fn looks_like(kind: &BodyKind) -> &'static str {
    match kind {
        BodyKind::Html => ", HTML: a proxy or login page?",
        BodyKind::Form => ", form-encoded",
        BodyKind::Other => "",
    }
}

/// A server's `token_type`, quoted, escaped and at most 40 characters.
fn shown_type(t: &str) -> String {
    let short: String = t.chars().take(40).collect();
    let ellipsis = if short.len() < t.len() { "…" } else { "" };
    format!("\"{}{ellipsis}\"", Untrusted(&short))
}

/// RFC 6749 Appendix A: `1*VSCHAR` (%x20-7E).
fn check_vschar(
    member: &'static str,
    appendix: &'static str,
    value: &str,
) -> Result<(), AnswerError> {
    if value.is_empty() {
        return Err(AnswerError::Empty { member, appendix });
    }
    match value.bytes().position(|b| !(0x20..=0x7e).contains(&b)) {
        None => Ok(()),
        Some(offset) => Err(AnswerError::NotVschar {
            member,
            appendix,
            offset,
            byte: value.as_bytes()[offset],
        }),
    }
}

impl TokenResponse {
    /// Checks a token endpoint's JSON answer (pure): `access_token` 1*VSCHAR,
    /// `refresh_token` (when present) 1*VSCHAR, `token_type` Bearer or DPoP
    /// (case-insensitively, RFC 6749 §5.1), `expires_in` an integer ≥ 0
    /// (3600 when absent, as the SDK).
    pub fn from_answer(raw: Object) -> Result<Self, AnswerError> {
        let access_token = match raw.get("access_token") {
            Some(Value::String(t)) => t,
            _ => {
                return Err(AnswerError::Missing {
                    member: "access_token",
                });
            }
        };
        check_vschar("access_token", "A.12", access_token)?;
        match raw.get("refresh_token") {
            None | Some(Value::Null) => {}
            Some(Value::String(t)) => check_vschar("refresh_token", "A.17", t)?,
            Some(_) => {
                return Err(AnswerError::Missing {
                    member: "refresh_token",
                });
            }
        }
        let token_type = match raw.get("token_type") {
            None | Some(Value::Null) => return Err(AnswerError::NoTokenType),
            Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => "Bearer",
            Some(Value::String(t)) if t.eq_ignore_ascii_case("dpop") => "DPoP",
            Some(Value::String(t)) => return Err(AnswerError::TokenType(t.clone())),
            Some(other) => return Err(AnswerError::TokenType(other.to_string())),
        };
        let expires_in = match raw.get("expires_in") {
            None => 3600,
            Some(v) => v.as_u64().ok_or(AnswerError::ExpiresIn)?,
        };
        let scope = raw.get("scope").and_then(Value::as_str).map(str::to_owned);
        Ok(TokenResponse {
            access_token: TokenSecret::new(access_token.clone()),
            token_type: token_type.to_owned(),
            expires_in,
            scope,
            raw,
        })
    }
}

/// The token endpoint failed or refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenEndpointError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{url}: HTTP {status}: {}: {}{}", Untrusted(.error), Untrusted(.description), hint(.error, .description).map(|h| format!(" (hint: {h})")).unwrap_or_default())]
    Refused {
        url: String,
        status: u16,
        error: String,
        description: String,
        nonce: Option<String>,
    },
    #[error("{url}: HTTP {status} with a body that is not an OAuth JSON answer: {snippet:?}")]
    NotJson {
        url: String,
        status: u16,
        snippet: String,
    },
    /// A 200 answer that is not a usable token response.
    #[error("{url}: malformed answer: {problem}")]
    Malformed { url: String, problem: AnswerError },
    #[error("{url}: asked for a DPoP-bound token but the answer's token_type is {found:?}")]
    NotDpopBound { url: String, found: String },
    #[error("{url}: still failing after {tries} tries (last: HTTP {status}{})", .retry_after.map(|s| format!(", Retry-After {s}s")).unwrap_or_default())]
    GaveUp {
        url: String,
        tries: u32,
        status: u16,
        retry_after: Option<u64>,
    },
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// A hint for common Auth0 answers.
fn hint(error: &str, description: &str) -> Option<&'static str> {
    if description.contains("Client is not authorized to access") {
        Some(
            "authorize this application for the API in the Auth0 dashboard (Applications → APIs → Machine to Machine Applications) or create the client grant",
        )
    } else if description.starts_with("Service not found") {
        Some(
            "no API has this identifier: check the requested audience against the API's Identifier in the dashboard",
        )
    } else if error == "invalid_client"
        || (error == "access_denied" && description == "Unauthorized")
    {
        Some("the client id or secret is wrong (check AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET)")
    } else if error == "unauthorized_client" {
        Some("enable this grant type for the application (Advanced Settings → Grant Types)")
    } else {
        None
    }
}

/// Reads a token endpoint answer (pure): an OAuth error, or a token
/// response checked by [`TokenResponse::from_answer`]. A 200 answer is never
/// quoted in the error: it may hold a token.
pub fn parse(
    url: &str,
    status: u16,
    dpop_nonce: Option<&str>,
    body: &[u8],
) -> Result<TokenResponse, TokenEndpointError> {
    let object = jose::parse_object(body, Part::Payload).ok();
    if status != 200 {
        return match object
            .as_ref()
            .and_then(|o| o.get("error"))
            .and_then(Value::as_str)
        {
            Some(error) => Err(TokenEndpointError::Refused {
                url: url.to_owned(),
                status,
                error: error.to_owned(),
                description: object
                    .as_ref()
                    .and_then(|o| o.get("error_description"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                nonce: dpop_nonce.map(str::to_owned),
            }),
            None => Err(TokenEndpointError::NotJson {
                url: url.to_owned(),
                status,
                snippet: crate::answer::snippet(body),
            }),
        };
    }
    let malformed = |problem| TokenEndpointError::Malformed {
        url: url.to_owned(),
        problem,
    };
    let raw = object.ok_or_else(|| {
        malformed(AnswerError::NotJson {
            len: body.len(),
            kind: BodyKind::of(body),
        })
    })?;
    TokenResponse::from_answer(raw).map_err(malformed)
}

/// Auth0's answer to a refresh token it no longer honours (rotated and
/// reused, revoked, or expired).
pub const UNKNOWN_REFRESH_TOKEN: &str = "Unknown or invalid refresh token.";

/// Whether a refresh failed because the tenant no longer honours the
/// refresh token: `invalid_grant` (RFC 6749 §5.2). Never retried.
pub fn refresh_token_refused(e: &TokenEndpointError) -> bool {
    matches!(e, TokenEndpointError::Refused { error, .. } if error == "invalid_grant")
}
