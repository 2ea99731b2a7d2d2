//! The token endpoint client: client credentials, Token Vault and RFC 8693
//! token exchange, client authentication (secret post/basic,
//! `private_key_jwt`), DPoP with the nonce retry, and bounded retries.
//!
//! Sans-IO where it can be: [`prepare`] builds the request (pure), `send`
//! (feature `net`) talks to the endpoint through `crate::http`, [`parse`]
//! reads the answer (pure). Secrets are typed and redacted in every trace.
//! `client` (feature `net`) is the one engine on top that every command
//! asks for tokens through: a client stamping and sending requests, and
//! the cached client-credentials flow of the token cache ([`cache`]).
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
#[cfg(feature = "net")]
pub mod client;
pub mod device;
mod grant;
#[cfg(feature = "net")]
pub mod loopback;
pub mod pkce;
mod prepare;
mod response;
pub mod secret;
#[cfg(feature = "net")]
mod send;

use crate::jose;
use crate::keys::SigningKey;
use crate::types::ClientSecret;

pub use grant::{
    ACCESS_TOKEN_TYPE, DEVICE_CODE_GRANT, Grant, GrantError, RESERVED_PARAMS, SubjectTokenType,
    TOKEN_EXCHANGE_GRANT, TOKEN_VAULT_GRANT, TOKEN_VAULT_REQUESTED, parse_extra,
    validate_custom_token_type, validate_subject_token,
};
pub use prepare::{Prepared, prepare, prepare_revoke};
pub use response::{
    AnswerError, BodyKind, TokenEndpointError, TokenResponse, UNKNOWN_REFRESH_TOKEN, parse,
    refresh_token_refused,
};
#[cfg(feature = "net")]
pub use send::{revoke, send, send_once};

/// The most bytes read from a token endpoint answer.
pub const MAX_TOKEN_RESPONSE: usize = 64 * 1024;
/// The `client_assertion_type` of `private_key_jwt` (RFC 7523 §2.2).
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// How many times a 429/5xx answer is tried in all.
pub const MAX_TRIES: u32 = 3;

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

#[cfg(test)]
mod tests;
