//! The token endpoint client: client credentials, Token Vault and RFC 8693
//! token exchange, client authentication (secret post/basic,
//! `private_key_jwt`), DPoP with the nonce retry, and bounded retries.
//!
//! Sans-IO where it can be: [`prepare`] builds the request (pure), `send`
//! (feature `net`) talks to the endpoint through `crate::http`, [`parse`]
//! reads the answer (pure). Secrets are typed and redacted in every trace.
//!
//! The answer is hostile input: it ends up in `Authorization` headers, in
//! `$GITHUB_ENV`, in shell variables. [`parse`] (and so every caller: `token`,
//! `exchange`, `demo`, the token cache) accepts only an `access_token` (and a
//! `refresh_token`, when there is one) of 1*VSCHAR (RFC 6749 Appendix A.12,
//! A.17) and a `token_type` of Bearer or DPoP (RFC 6749 §5.1, RFC 9449 §5):
//! anything else is a [`TokenEndpointError::Malformed`] answer whose message
//! never holds the token. The SDK only asks for a non-empty string. Server
//! text in errors (`error`, `error_description`) is escaped by
//! [`crate::escape`].

pub mod authorize;
pub mod cache;
pub mod device;
mod grant;
#[cfg(feature = "net")]
pub mod loopback;
pub mod pkce;
pub mod secret;

#[cfg(feature = "net")]
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

use crate::answer::FetchError;
#[cfg(feature = "net")]
use crate::clock::Clock;
#[cfg(feature = "net")]
use crate::dpop::{DpopKey, ProofClaims, new_jti};
use crate::escape::Untrusted;
#[cfg(feature = "net")]
use crate::http::HttpClient;
use crate::jose::{self, Object, Part};
use crate::keys::{KeyError, SigningKey};
use crate::types::{ClientSecret, Issuer, TokenSecret};

pub use grant::{
    ACCESS_TOKEN_TYPE, DEVICE_CODE_GRANT, Grant, GrantError, RESERVED_PARAMS, SubjectTokenType,
    TOKEN_EXCHANGE_GRANT, TOKEN_VAULT_GRANT, TOKEN_VAULT_REQUESTED, parse_extra,
    validate_custom_token_type, validate_subject_token,
};

/// The most bytes read from a token endpoint answer.
pub const MAX_TOKEN_RESPONSE: usize = 64 * 1024;
/// The `client_assertion_type` of `private_key_jwt` (RFC 7523 §2.2).
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How the client authenticates to the token endpoint.
#[derive(Debug, Clone)]
pub enum ClientAuth {
    /// A public client (a CLI, a native app): its `client_id` alone, PKCE
    /// standing in for the secret (RFC 8252 §8.4).
    Public { client_id: String },
    /// `client_id` and `client_secret` in the form (Auth0's default).
    SecretPost {
        client_id: String,
        secret: ClientSecret,
    },
    /// HTTP Basic with the client id and secret.
    SecretBasic {
        client_id: String,
        secret: ClientSecret,
    },
    /// A signed client assertion (RFC 7523), RS256/PS256/ES256 per the key.
    PrivateKeyJwt {
        client_id: String,
        key: SigningKey,
        alg: jose::Algorithm,
    },
}

impl ClientAuth {
    /// The client id.
    pub fn client_id(&self) -> &str {
        match self {
            Self::Public { client_id }
            | Self::SecretPost { client_id, .. }
            | Self::SecretBasic { client_id, .. }
            | Self::PrivateKeyJwt { client_id, .. } => client_id,
        }
    }
}

/// A request ready to send.
#[derive(Clone)]
pub struct Prepared {
    /// The token endpoint.
    pub endpoint: String,
    /// Form fields, in order.
    pub form: Vec<(String, String)>,
    /// Extra headers (Authorization for Basic, DPoP).
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("endpoint", &self.endpoint)
            .field("form", &crate::answer::redact_form(&self.form))
            .finish_non_exhaustive()
    }
}

/// Builds the request for `grant` with `auth` (pure but for the assertion's
/// signature). `now` and `jti` go into a client assertion.
pub fn prepare(
    endpoint: &str,
    issuer: &Issuer,
    grant: &Grant,
    auth: &ClientAuth,
    now: i64,
    jti: &str,
) -> Result<Prepared, KeyError> {
    let mut form = grant.form();
    let mut headers = Vec::new();
    let basic = |id: &str, secret: &str| {
        // RFC 6749 §2.3.1: form-urlencode both parts before Base64.
        let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!(
                "{}:{}",
                enc(id),
                enc(secret)
            ))
        )
    };
    match (grant, auth) {
        // Token Vault: exactly as auth0-api-python sends it — Basic auth and client_id in the body.
        (
            Grant::TokenVault { .. },
            ClientAuth::SecretPost { client_id, secret }
            | ClientAuth::SecretBasic { client_id, secret },
        ) => {
            headers.push(("authorization".into(), basic(client_id, secret.expose())));
            form.insert(1, ("client_id".into(), client_id.clone()));
        }
        (_, ClientAuth::Public { client_id }) => {
            form.push(("client_id".into(), client_id.clone()));
        }
        (_, ClientAuth::SecretPost { client_id, secret }) => {
            form.push(("client_id".into(), client_id.clone()));
            form.push(("client_secret".into(), secret.expose().to_owned()));
        }
        (_, ClientAuth::SecretBasic { client_id, secret }) => {
            headers.push(("authorization".into(), basic(client_id, secret.expose())));
        }
        (
            _,
            ClientAuth::PrivateKeyJwt {
                client_id,
                key,
                alg,
            },
        ) => {
            let claims = json!({
                "iss": client_id, "sub": client_id, "aud": issuer.as_str(),
                "jti": jti, "iat": now, "exp": now + 300,
            });
            let mut header = Object::new();
            header.insert("typ".into(), json!("JWT"));
            let assertion = key.sign_jwt(*alg, &header, claims.as_object().expect("object"))?;
            form.push(("client_id".into(), client_id.clone()));
            form.push(("client_assertion_type".into(), JWT_BEARER.into()));
            form.push(("client_assertion".into(), assertion));
        }
    }
    Ok(Prepared {
        endpoint: endpoint.to_owned(),
        form,
        headers,
    })
}

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

/// How many times a 429/5xx answer is tried in all.
pub const MAX_TRIES: u32 = 3;

/// Sends a prepared request: with a DPoP key, a fresh proof per attempt and
/// one retry with the server's nonce on `use_dpop_nonce`; 429 and 5xx are
/// retried with exponential backoff honouring Retry-After, at most
/// [`MAX_TRIES`] times and never past the client's timeout.
#[cfg(feature = "net")]
pub async fn send(
    http: &HttpClient,
    prepared: &Prepared,
    dpop: Option<&DpopKey>,
    clock: &dyn Clock,
) -> Result<TokenResponse, TokenEndpointError> {
    send_with(http, prepared, dpop, clock, true).await
}

/// [`send`] without the 429/5xx retry: one answer (after a DPoP nonce retry),
/// whatever its status. For device-code polling, where 429 is `slow_down`
/// (RFC 8628 §3.5), and for a refresh, which must never be sent twice: a
/// refresh token is single-use under rotation, and a second try of one the
/// tenant already rotated revokes the whole family.
#[cfg(feature = "net")]
pub async fn send_once(
    http: &HttpClient,
    prepared: &Prepared,
    dpop: Option<&DpopKey>,
    clock: &dyn Clock,
) -> Result<TokenResponse, TokenEndpointError> {
    send_with(http, prepared, dpop, clock, false).await
}

#[cfg(feature = "net")]
async fn send_with(
    http: &HttpClient,
    prepared: &Prepared,
    dpop: Option<&DpopKey>,
    clock: &dyn Clock,
    retry_overload: bool,
) -> Result<TokenResponse, TokenEndpointError> {
    let deadline = Instant::now() + http.timeout();
    let mut nonce: Option<String> = None;
    let mut nonce_retried = false;
    let mut tries = 0;
    let mut backoff = Duration::from_millis(250);
    loop {
        tries += 1;
        let mut headers = prepared.headers.clone();
        if let Some(key) = dpop {
            let claims = ProofClaims::new("POST", &prepared.endpoint, clock.now(), new_jti()?)
                .with_nonce(nonce.clone());
            headers.push(("dpop".into(), key.proof(&claims)?));
        }
        let response = http
            .post_form(
                &prepared.endpoint,
                headers,
                &prepared.form,
                MAX_TOKEN_RESPONSE,
            )
            .await?;
        let server_nonce = response.header("dpop-nonce").map(str::to_owned);
        if retry_overload && (response.status == 429 || response.status >= 500) {
            let retry_after = response
                .header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok());
            let wait = retry_after.map_or(backoff, Duration::from_secs);
            if tries >= MAX_TRIES || Instant::now() + wait >= deadline {
                return Err(TokenEndpointError::GaveUp {
                    url: prepared.endpoint.clone(),
                    tries,
                    status: response.status,
                    retry_after,
                });
            }
            http.trace(&format!(
                "  HTTP {}: retrying in {} ms",
                response.status,
                wait.as_millis()
            ));
            tokio::time::sleep(wait).await;
            backoff *= 2;
            continue;
        }
        let parsed = parse(
            &prepared.endpoint,
            response.status,
            server_nonce.as_deref(),
            &response.body,
        );
        match parsed {
            Err(TokenEndpointError::Refused {
                ref error,
                nonce: Some(ref n),
                ..
            }) if error == "use_dpop_nonce" && dpop.is_some() && !nonce_retried => {
                http.trace("  use_dpop_nonce: retrying once with the server's DPoP-Nonce");
                nonce = Some(n.clone());
                nonce_retried = true;
                tries -= 1;
            }
            Ok(t) if dpop.is_some() && t.token_type != "DPoP" => {
                return Err(TokenEndpointError::NotDpopBound {
                    url: prepared.endpoint.clone(),
                    found: t.token_type,
                });
            }
            other => return other,
        }
    }
}

/// The revocation request for a refresh token (RFC 7009 §2.1), pure but
/// for a client assertion's signature.
pub fn prepare_revoke(
    endpoint: &str,
    issuer: &Issuer,
    token: &secret::RefreshToken,
    auth: &ClientAuth,
    now: i64,
    jti: &str,
) -> Result<Prepared, KeyError> {
    // The client authentication as for a grant; then the grant's fields
    // replaced by the revocation's.
    let mut prepared = prepare(
        endpoint,
        issuer,
        &Grant::Refresh {
            refresh_token: token.clone(),
            scope: Vec::new(),
        },
        auth,
        now,
        jti,
    )?;
    prepared
        .form
        .retain(|(k, _)| k != "grant_type" && k != "refresh_token");
    prepared
        .form
        .insert(0, ("token".into(), token.expose().to_owned()));
    prepared
        .form
        .insert(1, ("token_type_hint".into(), "refresh_token".into()));
    Ok(prepared)
}

/// Revokes a refresh token (RFC 7009): 200 is success, an unknown token
/// included (§2.2); anything else is the endpoint's error.
#[cfg(feature = "net")]
pub async fn revoke(http: &HttpClient, prepared: &Prepared) -> Result<(), TokenEndpointError> {
    let response = http
        .post_form(
            &prepared.endpoint,
            prepared.headers.clone(),
            &prepared.form,
            MAX_TOKEN_RESPONSE,
        )
        .await?;
    if response.status == 200 {
        return Ok(());
    }
    match parse(&prepared.endpoint, response.status, None, &response.body) {
        Err(e) => Err(e),
        Ok(_) => Err(TokenEndpointError::NotJson {
            url: prepared.endpoint.clone(),
            status: response.status,
            snippet: String::new(),
        }),
    }
}

/// Auth0's answer to a refresh token it no longer honours (rotated and
/// reused, revoked, or expired).
pub const UNKNOWN_REFRESH_TOKEN: &str = "Unknown or invalid refresh token.";

/// Whether a refresh failed because the tenant no longer honours the
/// refresh token: `invalid_grant` (RFC 6749 §5.2). Never retried.
pub fn refresh_token_refused(e: &TokenEndpointError) -> bool {
    matches!(e, TokenEndpointError::Refused { error, .. } if error == "invalid_grant")
}

#[cfg(test)]
mod tests;
