//! How the mock tenant is set up ([`MockConfig`]): where it listens, the
//! APIs, clients and users it knows, its signing key and token lifetimes,
//! and the slowness and failures it can simulate. Read once, when the
//! tenant binds.

use std::net::{IpAddr, Ipv4Addr};

use super::users::MockUser;
use crate::keys::SigningKey;
use crate::types::ClientSecret;

/// A client registered with the mock tenant.
#[derive(Debug, Clone)]
pub struct MockClient {
    /// The client id.
    pub id: String,
    /// The client secret.
    pub secret: ClientSecret,
}

impl std::str::FromStr for MockClient {
    type Err = String;
    /// `ID:SECRET`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once(':') {
            Some((id, secret)) if !id.is_empty() && !secret.is_empty() => Ok(MockClient {
                id: id.to_owned(),
                secret: ClientSecret::new(secret),
            }),
            _ => Err(format!(
                "expected ID:SECRET, got {:?}",
                s.chars().take(40).collect::<String>()
            )),
        }
    }
}

/// How the mock tenant behaves.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Address to listen on (127.0.0.1 by default; see
    /// [`reachable_from_network`](super::reachable_from_network)).
    pub host: IpAddr,
    /// Port (0 picks a free one).
    pub port: u16,
    /// The `iss` of issued tokens and the discovery `issuer`, exactly as
    /// given (`https://login.example.com/`, with or without the trailing
    /// slash); `None` for the tenant's own URL. Must be an `https://` URL, or
    /// `http://` on a loopback host, with no path.
    pub issuer: Option<String>,
    /// The APIs (audiences) the tenant knows.
    pub audiences: Vec<String>,
    /// Registered clients.
    pub clients: Vec<MockClient>,
    /// Scopes every client is granted.
    pub scopes: Vec<String>,
    /// The signing key (a fresh RSA-2048 key when `None`).
    pub signing_key: Option<SigningKey>,
    /// Access token lifetime in seconds.
    pub token_lifetime: u64,
    /// Issue tokens as if this many seconds ago (for expired-token tests).
    pub backdate: u64,
    /// Cache-Control max-age on discovery and JWKS.
    pub max_age: u64,
    /// Answer the first DPoP proof without a nonce with `use_dpop_nonce`, as Auth0 does.
    pub require_dpop_nonce: bool,
    /// Clients authenticating with `private_key_jwt`: client id and public key.
    pub key_clients: Vec<(String, crate::jwk::PublicKey)>,
    /// Token Vault connections that hold an upstream token for every user.
    pub connections: Vec<String>,
    /// The subject token type accepted by custom token exchange.
    pub custom_token_type: String,
    /// Probability (0–1) of answering 500 instead (simulates an unreliable tenant).
    pub fail_rate: f64,
    /// Milliseconds to wait before every answer.
    pub latency_ms: u64,
    /// Users who can log in (the default user when empty).
    pub users: Vec<MockUser>,
    /// Clients without a secret (native apps, SPAs): PKCE required, no client authentication.
    pub public_clients: Vec<String>,
    /// Allowed callback URLs; loopback ones match any port (RFC 8252 §7.3).
    pub callbacks: Vec<String>,
    /// How the callback-mismatch page tells the user to allow another
    /// callback URL (the setting that adds one, in the words of whoever
    /// runs the tenant); `None` says only that it must be allowed.
    pub callback_setting: Option<String>,
    /// `/authorize` logs the first user in without a form.
    pub auto_login: bool,
    /// The device flow's polling interval in seconds.
    pub device_interval: u64,
    /// How long a device code lives, in seconds.
    pub device_expires: u64,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            issuer: None,
            audiences: vec!["https://api.example.com".into()],
            clients: Vec::new(),
            scopes: vec!["read:messages".into(), "write:messages".into()],
            signing_key: None,
            token_lifetime: 86_400,
            backdate: 0,
            max_age: 600,
            require_dpop_nonce: false,
            key_clients: Vec::new(),
            connections: vec!["google-oauth2".into()],
            custom_token_type: "urn:acme:legacy-token".into(),
            fail_rate: 0.0,
            latency_ms: 0,
            users: Vec::new(),
            public_clients: Vec::new(),
            callbacks: vec![
                "http://127.0.0.1/callback".into(),
                "http://localhost/callback".into(),
            ],
            callback_setting: None,
            auto_login: false,
            device_interval: 5,
            device_expires: 900,
        }
    }
}
