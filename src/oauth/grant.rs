//! The grants auth0-tok requests, and the validation that happens before
//! any network call.

use super::secret::{AuthCode, CodeVerifier, DeviceCode, RefreshToken};
use crate::types::TokenSecret;

/// Token Vault's grant type (federated connection access token).
pub const TOKEN_VAULT_GRANT: &str =
    "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token";
/// Token Vault's requested token type.
pub const TOKEN_VAULT_REQUESTED: &str =
    "http://auth0.com/oauth/token-type/federated-connection-access-token";
/// RFC 8693's grant type.
pub const TOKEN_EXCHANGE_GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// RFC 8693 access-token type.
pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
/// RFC 8628's grant type.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8693 refresh-token type.
pub const REFRESH_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:refresh_token";

/// Parameters that extras may never set (auth0-api-python's denylist),
/// compared case-insensitively.
pub const RESERVED_PARAMS: [&str; 21] = [
    "grant_type",
    "client_id",
    "client_secret",
    "client_assertion",
    "client_assertion_type",
    "subject_token",
    "subject_token_type",
    "requested_token_type",
    "actor_token",
    "actor_token_type",
    "subject_issuer",
    "audience",
    "aud",
    "resource",
    "resources",
    "resource_indicator",
    "scope",
    "connection",
    "login_hint",
    "organization",
    "assertion",
];

/// A request that cannot be sent as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GrantError {
    #[error("the subject token is empty")]
    BlankToken,
    #[error("the subject token has leading or trailing whitespace")]
    Whitespace,
    #[error("the subject token starts with \"Bearer \": pass the token alone")]
    BearerPrefix,
    #[error(
        "subject token type {0:?} is in a namespace Auth0 reserves (urn:ietf, urn:auth0, urn:okta, auth0.com, okta.com); custom token exchange needs your own URI"
    )]
    ReservedType(String),
    #[error("subject token type {0:?} is not a URI")]
    NotUri(String),
    /// An extra parameter names one the grant sets itself.
    #[error("parameter {0:?} is reserved and cannot be set as an extra parameter")]
    ReservedParam(String),
    /// An extra parameter, as given, that is not `NAME=VALUE`.
    #[error("extra parameter {0:?}: expected NAME=VALUE")]
    BadParam(String),
}

/// Token Vault's subject token kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectTokenType {
    AccessToken,
    RefreshToken,
}

impl SubjectTokenType {
    fn uri(self) -> &'static str {
        match self {
            Self::AccessToken => ACCESS_TOKEN_TYPE,
            Self::RefreshToken => REFRESH_TOKEN_TYPE,
        }
    }
}

/// What is asked of the token endpoint.
#[derive(Debug, Clone)]
pub enum Grant {
    /// Client credentials for an API.
    ClientCredentials {
        audience: String,
        scope: Vec<String>,
        organization: Option<String>,
    },
    /// Token Vault: an upstream provider's token for a connection.
    TokenVault {
        subject_token: TokenSecret,
        subject_token_type: SubjectTokenType,
        connection: String,
        login_hint: Option<String>,
    },
    /// RFC 8693 exchange (custom token exchange, or on-behalf-of with access-token types).
    Exchange {
        subject_token: TokenSecret,
        subject_token_type: String,
        audience: Option<String>,
        scope: Vec<String>,
        requested_token_type: Option<String>,
        organization: Option<String>,
        extra: Vec<(String, String)>,
    },
    /// The code from the login's callback, with its PKCE verifier
    /// (RFC 6749 §4.1.3, RFC 7636 §4.5).
    AuthorizationCode {
        code: AuthCode,
        redirect_uri: String,
        verifier: CodeVerifier,
    },
    /// A refresh (RFC 6749 §6); `scope` only to narrow it.
    Refresh {
        refresh_token: RefreshToken,
        scope: Vec<String>,
    },
    /// A device-code poll (RFC 8628 §3.4).
    DeviceCode { device_code: DeviceCode },
}

impl Grant {
    /// The form fields of the grant (client authentication is added by `prepare`).
    pub fn form(&self) -> Vec<(String, String)> {
        let mut f: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: &str| f.push((k.to_owned(), v.to_owned()));
        match self {
            Grant::ClientCredentials {
                audience,
                scope,
                organization,
            } => {
                push("grant_type", "client_credentials");
                push("audience", audience);
                if !scope.is_empty() {
                    push("scope", &scope.join(" "));
                }
                if let Some(o) = organization {
                    push("organization", o);
                }
            }
            Grant::TokenVault {
                subject_token,
                subject_token_type,
                connection,
                login_hint,
            } => {
                push("grant_type", TOKEN_VAULT_GRANT);
                push("subject_token", subject_token.expose());
                push("subject_token_type", subject_token_type.uri());
                push("requested_token_type", TOKEN_VAULT_REQUESTED);
                push("connection", connection);
                if let Some(h) = login_hint {
                    push("login_hint", h);
                }
            }
            Grant::Exchange {
                subject_token,
                subject_token_type,
                audience,
                scope,
                requested_token_type,
                organization,
                extra,
            } => {
                push("grant_type", TOKEN_EXCHANGE_GRANT);
                push("subject_token", subject_token.expose());
                push("subject_token_type", subject_token_type);
                if let Some(a) = audience {
                    push("audience", a);
                }
                if !scope.is_empty() {
                    push("scope", &scope.join(" "));
                }
                if let Some(r) = requested_token_type {
                    push("requested_token_type", r);
                }
                if let Some(o) = organization {
                    push("organization", o);
                }
                for (k, v) in extra {
                    push(k, v);
                }
            }
            Grant::AuthorizationCode {
                code,
                redirect_uri,
                verifier,
            } => {
                push("grant_type", "authorization_code");
                push("code", code.expose());
                push("redirect_uri", redirect_uri);
                push("code_verifier", verifier.expose());
            }
            Grant::Refresh {
                refresh_token,
                scope,
            } => {
                push("grant_type", "refresh_token");
                push("refresh_token", refresh_token.expose());
                if !scope.is_empty() {
                    push("scope", &scope.join(" "));
                }
            }
            Grant::DeviceCode { device_code } => {
                push("grant_type", DEVICE_CODE_GRANT);
                push("device_code", device_code.expose());
            }
        }
        f
    }
}

/// A subject token must be sent exactly as issued.
pub fn validate_subject_token(token: &str) -> Result<(), GrantError> {
    if token.trim().is_empty() {
        return Err(GrantError::BlankToken);
    }
    if token.trim() != token {
        return Err(GrantError::Whitespace);
    }
    if token.len() >= 7 && token[..7].eq_ignore_ascii_case("bearer ") {
        return Err(GrantError::BearerPrefix);
    }
    Ok(())
}

/// A custom subject token type: a URI outside the namespaces Auth0 reserves.
pub fn validate_custom_token_type(uri: &str) -> Result<(), GrantError> {
    let lower = uri.trim().to_ascii_lowercase();
    if url::Url::parse(&lower).is_err() {
        return Err(GrantError::NotUri(uri.to_owned()));
    }
    let reserved = ["urn:ietf:", "urn:auth0:", "urn:okta:"];
    let reserved_hosts = ["auth0.com", "okta.com"];
    let host_reserved = ["http://", "https://"].iter().any(|scheme| {
        lower.strip_prefix(scheme).is_some_and(|rest| {
            let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
            reserved_hosts
                .iter()
                .any(|h| host == *h || host.ends_with(&format!(".{h}")))
        })
    });
    if reserved.iter().any(|p| lower.starts_with(p)) || host_reserved {
        return Err(GrantError::ReservedType(uri.to_owned()));
    }
    Ok(())
}

/// Parses `--param NAME=VALUE` extras, refusing reserved names.
pub fn parse_extra(params: &[String]) -> Result<Vec<(String, String)>, GrantError> {
    params
        .iter()
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .filter(|(k, _)| !k.trim().is_empty())
                .ok_or_else(|| GrantError::BadParam(p.clone()))?;
            let k = k.trim();
            if RESERVED_PARAMS.iter().any(|r| r.eq_ignore_ascii_case(k)) {
                return Err(GrantError::ReservedParam(k.to_owned()));
            }
            Ok((k.to_owned(), v.to_owned()))
        })
        .collect()
}
