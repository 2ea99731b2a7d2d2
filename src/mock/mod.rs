//! A local Auth0-shaped tenant (on 127.0.0.1 by default), built on this library.
//!
//! It serves what an API and its clients use: OpenID Connect discovery, the
//! JWKS, and `POST /oauth/token` (client credentials) issuing RS256 access
//! tokens shaped like Auth0's, with Auth0-style error bodies. `POST /rotate`
//! rotates the signing key: as in Auth0's rotation, retired keys stay
//! published for a while — here the current key and the
//! [`RETIRED_KEYS_KEPT`] newest retired ones. `POST /test/mint` issues
//! tokens that must be refused (expired, another audience, an unpublished
//! key, …) for `auth0-tok probe --tenant mock`.
//!
//! It also logs users in, each piece in its own module: the users
//! (`users.rs`), `/authorize` and its login page (`authorize.rs`, HTML in
//! `pages.rs`), the code, refresh and device grants and `/oauth/revoke`
//! (`grants.rs`), the device page (`device.rs`), `/userinfo`
//! (`userinfo.rs`), logout and logout tokens (`logout.rs`); what they
//! remember between requests is in `store.rs`, and every token comes from
//! `issue.rs`.
//!
//! Two addresses matter and may differ. The *URL* is where the tenant
//! answers (`http://ADDR:PORT/`; every endpoint in its discovery document is
//! under it). The *issuer* is the `iss` of its tokens and the discovery
//! `issuer`: the URL unless [`MockConfig::issuer`] names another one (a
//! custom domain, a missing trailing slash), so that users can reproduce an
//! issuer mismatch against a tenant they control. The tenant's own checks
//! (`/api/echo`, the subject tokens of a token exchange) expect the issuer
//! as an API configured with that domain would: Auth0's normalised
//! `https://host/`.
//!
//! Nothing here is meant for production: it exists so that everything
//! auth0-tok does can be tried and tested without an account.

mod authorize;
mod device;
mod echo;
mod exchange;
mod grants;
mod issue;
mod logout;
mod mint;
mod pages;
mod store;
mod token;
mod userinfo;
pub mod users;

pub use users::{MockUser, Password};

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::clock::{Clock, SystemClock};
use crate::jose::Object;
use crate::keys::{KeyError, SigningKey};
use crate::types::{ClientSecret, DomainError, Issuer};

/// How many retired signing keys `/rotate` keeps publishing beside the current one.
pub const RETIRED_KEYS_KEPT: usize = 2;

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
    /// Address to listen on (127.0.0.1 by default; see [`reachable_from_network`]).
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
            auto_login: false,
            device_interval: 5,
            device_expires: 900,
        }
    }
}

struct Keys {
    current: SigningKey,
    /// The keys published in the JWKS, newest (the current one) first: at
    /// most 1 + [`RETIRED_KEYS_KEPT`].
    published: Vec<SigningKey>,
    generation: u32,
}

pub(crate) struct Mock {
    /// Where the tenant answers, `http://ADDR:PORT/`.
    url: String,
    /// The `iss` of its tokens and its discovery `issuer`, exactly.
    issuer: String,
    /// The issuer its own checks expect: `issuer` normalised as Auth0's SDKs
    /// derive it from a domain (trailing slash added). `None` when the
    /// tenant's URL is plain http off loopback (`--host` a LAN address and
    /// no issuer), which no auth0-tok check accepts.
    expected_issuer: Option<Issuer>,
    config: MockConfig,
    clients: HashMap<String, ClientSecret>,
    keys: RwLock<Keys>,
    clock: Arc<dyn Clock>,
    /// The DPoP nonce this tenant issues.
    nonce: String,
    /// DPoP proof jtis seen by `/api/echo`, with their iat, for replay detection.
    seen_jtis: std::sync::Mutex<HashMap<String, i64>>,
    /// Who can log in (never empty).
    users: Vec<MockUser>,
    /// Logins, codes, sessions, refresh tokens, device codes.
    store: std::sync::Mutex<store::Store>,
}

/// A running mock tenant.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<Mock>,
    listener: Option<tokio::net::TcpListener>,
}

impl MockServer {
    /// Binds `host:port` and prepares the tenant (call [`serve`](Self::serve) to answer).
    pub async fn bind(config: MockConfig) -> Result<Self, MockError> {
        Self::bind_with_clock(config, Arc::new(SystemClock)).await
    }

    /// [`bind`](Self::bind) with the tenant's time read from `clock` (for
    /// tests that pin it: token times, code and device code expiry, polling).
    pub async fn bind_with_clock(
        config: MockConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, MockError> {
        let wanted = SocketAddr::new(config.host, config.port);
        let issuer = config.issuer.as_deref().map(check_issuer).transpose()?;
        let listener = tokio::net::TcpListener::bind(wanted)
            .await
            .map_err(|e| MockError::Bind(wanted, e.to_string()))?;
        let addr = listener
            .local_addr()
            .map_err(|e| MockError::Bind(wanted, e.to_string()))?;
        let url = format!("http://{}/", reachable_at(addr));
        let (issuer, expected_issuer) = match issuer {
            Some((issuer, expected)) => (issuer, Some(expected)),
            None => (url.clone(), Issuer::from_domain(&url).ok()),
        };
        let key = match config.signing_key.clone() {
            Some(k) => k,
            None => SigningKey::generate_rsa()?,
        };
        let kid = kid_for(&key, 1);
        let key = key.with_kid(kid);
        let clients = config
            .clients
            .iter()
            .map(|c| (c.id.clone(), c.secret.clone()))
            .collect();
        let users = if config.users.is_empty() {
            vec![MockUser::default_user()]
        } else {
            config.users.clone()
        };
        let state = Arc::new(Mock {
            url,
            issuer,
            expected_issuer,
            config,
            clients,
            keys: RwLock::new(Keys {
                current: key.clone(),
                published: vec![key],
                generation: 1,
            }),
            clock,
            nonce: random_token(),
            seen_jtis: std::sync::Mutex::new(HashMap::new()),
            users,
            store: std::sync::Mutex::new(store::Store::default()),
        });
        Ok(MockServer {
            addr,
            state,
            listener: Some(listener),
        })
    }

    /// Where the tenant answers, `http://127.0.0.1:PORT/` (an unspecified
    /// bind address such as `0.0.0.0` is shown as its family's loopback).
    pub fn url(&self) -> &str {
        &self.state.url
    }

    /// The `iss` of its tokens and its discovery `issuer`: [`MockConfig::issuer`]
    /// when set, else [`url`](Self::url).
    pub fn issuer(&self) -> &str {
        &self.state.issuer
    }

    /// The JWKS URL, under [`url`](Self::url).
    pub fn jwks_uri(&self) -> String {
        format!("{}.well-known/jwks.json", self.state.url)
    }

    /// The token endpoint, under [`url`](Self::url).
    pub fn token_endpoint(&self) -> String {
        format!("{}oauth/token", self.state.url)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Rotates the signing key; returns the new kid.
    pub fn rotate(&self) -> Result<String, MockError> {
        self.state.rotate()
    }

    /// Answers requests until `shutdown` completes.
    pub async fn serve(
        mut self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        use axum::serve::ListenerExt as _;
        let listener = self
            .listener
            .take()
            .expect("serve is called once")
            .tap_io(|tcp| {
                // Small answers go out at once (no Nagle delay against the client's delayed ACKs).
                let _ = tcp.set_nodelay(true);
            });
        axum::serve(listener, router(self.state.clone()))
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Answers requests on a background task (for in-process use).
    pub fn spawn(self) -> tokio::task::JoinHandle<std::io::Result<()>> {
        tokio::spawn(self.serve(std::future::pending()))
    }
}

/// The mock tenant could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, String),
    #[error("issuer {value:?}: {problem}")]
    Issuer { value: String, problem: String },
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// Whether a tenant listening on `host` can be reached from other machines:
/// anything but a loopback address (127.0.0.0/8, `::1`, and IPv4-mapped
/// loopback). Unspecified addresses (`0.0.0.0`, `::`) listen on every
/// interface, so they are reachable.
pub fn reachable_from_network(host: IpAddr) -> bool {
    match host {
        IpAddr::V4(v4) => !v4.is_loopback(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => !v4.is_loopback(),
            None => !v6.is_loopback(),
        },
    }
}

/// The address a local client uses for a listener bound to `addr`: an
/// unspecified address is not a destination, so its family's loopback.
fn reachable_at(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(v6) if v6.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// Checks a configured issuer: an explicit `https://` (or loopback
/// `http://`) URL with no path, kept exactly as given. Returns it with the
/// issuer the tenant's own checks expect (normalised, trailing slash).
fn check_issuer(value: &str) -> Result<(String, Issuer), MockError> {
    let problem = |problem: String| MockError::Issuer {
        value: value.chars().take(200).collect(),
        problem,
    };
    let lower = value.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(problem(
            "an issuer is a URL: give the scheme, e.g. https://login.example.com/".into(),
        ));
    }
    if value != value.trim() {
        return Err(problem("leading or trailing white space".into()));
    }
    let expected = Issuer::from_domain(value).map_err(|e: DomainError| problem(e.to_string()))?;
    Ok((value.to_owned(), expected))
}

/// 128 random bits, base64url.
fn random_token() -> String {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes).expect("system randomness");
    crate::jose::b64(bytes)
}

fn kid_for(key: &SigningKey, generation: u32) -> String {
    format!("mock-{generation}-{}", &key.thumbprint()[..8])
}

impl Mock {
    fn rotate(&self) -> Result<String, MockError> {
        let fresh = SigningKey::generate_rsa()?;
        let mut keys = self.keys.write().expect("lock");
        keys.generation += 1;
        let kid = kid_for(&fresh, keys.generation);
        let fresh = fresh.with_kid(kid);
        let kid = fresh.kid().unwrap_or_default().to_owned();
        keys.current = fresh.clone();
        keys.published.insert(0, fresh);
        keys.published.truncate(1 + RETIRED_KEYS_KEPT);
        Ok(kid)
    }

    /// The public keys as a key set, for verifying this tenant's own tokens.
    fn key_set(&self) -> crate::jwk::JwkSet {
        let keys = self.keys.read().expect("lock");
        crate::jwk::JwkSet::from_keys(
            keys.published
                .iter()
                .filter_map(|k| crate::jwk::PublicKey::from_jwk(&k.public_jwk()).ok())
                .collect(),
        )
    }

    /// The issuer the tenant's own checks expect, or why there is none.
    fn expected_issuer(&self) -> Result<Issuer, String> {
        self.expected_issuer.clone().ok_or_else(|| {
            format!(
                "this tenant's issuer {} is plain http off loopback, which auth0-tok never \
                 verifies; serve an https issuer to use this endpoint",
                self.issuer
            )
        })
    }

    /// The `aud` values a client assertion may name (RFC 7523 §3): the
    /// issuer (as configured or normalised), the URL, or the token endpoint
    /// under either.
    fn assertion_audiences(&self) -> Vec<String> {
        let mut bases = vec![self.issuer.clone(), self.url.clone()];
        bases.extend(self.expected_issuer.iter().map(|i| i.to_string()));
        let endpoints: Vec<String> = bases.iter().map(|b| format!("{b}oauth/token")).collect();
        bases.extend(endpoints);
        bases
    }

    fn signing_key(&self) -> SigningKey {
        self.keys.read().expect("lock").current.clone()
    }

    fn cache_headers(&self) -> [(header::HeaderName, HeaderValue); 1] {
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_str(&format!("public, max-age={}", self.config.max_age))
                .expect("ascii"),
        )]
    }
}

/// `--latency` and `--fail-rate`: a slow, flaky tenant on demand.
async fn unreliable(
    State(mock): State<Arc<Mock>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if mock.config.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(mock.config.latency_ms)).await;
    }
    if mock.config.fail_rate > 0.0 {
        let mut b = [0u8; 4];
        aws_lc_rs::rand::fill(&mut b).expect("system randomness");
        if (u32::from_le_bytes(b) as f64 / u32::MAX as f64) < mock.config.fail_rate {
            return oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                &format!("injected failure (fail rate {})", mock.config.fail_rate),
            )
            .into_response();
        }
    }
    next.run(request).await
}

fn router(state: Arc<Mock>) -> Router {
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/oauth/token", post(token::token))
        .route("/rotate", post(rotate))
        .route("/test/mint", post(mint::mint))
        .route("/api/echo", axum::routing::any(echo::echo))
        .merge(authorize::routes())
        .merge(device::routes())
        .merge(grants::routes())
        .merge(userinfo::routes())
        .merge(logout::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            unreliable,
        ))
        .with_state(state)
}

/// The discovery document: the configured issuer, endpoints at the URL the
/// tenant answers on (so they stay usable when the issuer is a custom domain).
async fn discovery(State(mock): State<Arc<Mock>>) -> Response {
    let u = &mock.url;
    let mut scopes: Vec<&str> = issue::OIDC_SCOPES.to_vec();
    scopes.extend(mock.config.scopes.iter().map(String::as_str));
    let doc = json!({
        "issuer": mock.issuer,
        "authorization_endpoint": format!("{u}authorize"),
        "device_authorization_endpoint": format!("{u}oauth/device/code"),
        "token_endpoint": format!("{u}oauth/token"),
        "userinfo_endpoint": format!("{u}userinfo"),
        "revocation_endpoint": format!("{u}oauth/revoke"),
        "end_session_endpoint": format!("{u}oidc/logout"),
        "jwks_uri": format!("{u}.well-known/jwks.json"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "grant_types_supported": [
            "authorization_code",
            "refresh_token",
            "urn:ietf:params:oauth:grant-type:device_code",
            "client_credentials",
            "urn:ietf:params:oauth:grant-type:token-exchange",
        ],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
        "backchannel_logout_supported": true,
        "backchannel_logout_session_supported": true,
        "scopes_supported": scopes,
        "claims_supported": ["aud", "auth_time", "email", "email_verified", "exp", "iat", "iss", "name", "nickname", "sid", "sub", "scope", "azp", "gty", "permissions", "org_id"],
    });
    (mock.cache_headers(), axum::Json(doc)).into_response()
}

async fn jwks(State(mock): State<Arc<Mock>>) -> Response {
    let keys: Vec<Value> = mock
        .keys
        .read()
        .expect("lock")
        .published
        .iter()
        .map(|k| {
            let mut jwk: Object = k.public_jwk();
            jwk.insert("use".into(), json!("sig"));
            jwk.insert("alg".into(), json!(k.default_algorithm().as_str()));
            Value::Object(jwk)
        })
        .collect();
    (mock.cache_headers(), axum::Json(json!({ "keys": keys }))).into_response()
}

async fn rotate(State(mock): State<Arc<Mock>>) -> Response {
    match mock.rotate() {
        Ok(kid) => axum::Json(json!({ "kid": kid })).into_response(),
        Err(e) => oauth_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            &e.to_string(),
        )
        .into_response(),
    }
}

async fn not_found(headers: HeaderMap) -> Response {
    let _ = headers;
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"error": "not_found", "error_description": "Not Found"})),
    )
        .into_response()
}

/// An Auth0-style OAuth error answer.
#[derive(Debug)]
pub(crate) struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
    nonce: Option<String>,
}

impl OAuthError {
    /// Adds a `DPoP-Nonce` header to the answer.
    pub(crate) fn with_nonce(mut self, nonce: &str) -> Self {
        self.nonce = Some(nonce.to_owned());
        self
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            axum::Json(json!({ "error": self.error, "error_description": self.description })),
        )
            .into_response();
        if let Some(nonce) = self.nonce.and_then(|n| HeaderValue::from_str(&n).ok()) {
            response.headers_mut().insert("dpop-nonce", nonce);
        }
        response
    }
}

/// An Auth0-style OAuth error body.
pub(crate) fn oauth_error(
    status: StatusCode,
    error: &'static str,
    description: &str,
) -> OAuthError {
    OAuthError {
        status,
        error,
        description: description.to_owned(),
        nonce: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_loopback_addresses_are_unreachable_from_the_network() {
        for local in [
            "127.0.0.1",
            "127.0.0.2",
            "127.255.255.254",
            "::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!reachable_from_network(ip(local)), "{local}");
        }
        for public in [
            "0.0.0.0",
            "::",
            "192.168.1.10",
            "10.0.0.1",
            "::ffff:10.0.0.1",
            "fe80::1",
        ] {
            assert!(reachable_from_network(ip(public)), "{public}");
        }
    }

    #[test]
    fn an_unspecified_bind_address_is_reached_through_loopback() {
        let at = |s: &str| reachable_at(SocketAddr::new(ip(s), 8080)).to_string();
        assert_eq!(at("0.0.0.0"), "127.0.0.1:8080");
        assert_eq!(at("::"), "[::1]:8080");
        assert_eq!(at("127.0.0.2"), "127.0.0.2:8080");
        assert_eq!(at("::1"), "[::1]:8080");
    }

    #[test]
    fn a_configured_issuer_is_kept_exactly_and_normalised_for_own_checks() {
        let (kept, expected) = check_issuer("https://login.example.com").unwrap();
        assert_eq!(kept, "https://login.example.com");
        assert_eq!(expected.as_str(), "https://login.example.com/");
        let (kept, _) = check_issuer("https://Login.Example.com/").unwrap();
        assert_eq!(kept, "https://Login.Example.com/");
        assert!(check_issuer("http://127.0.0.1:9/").is_ok());
        for bad in [
            "login.example.com",
            "ftp://login.example.com/",
            "http://login.example.com/",
            "https://login.example.com/tenant/",
            "https://login.example.com/?x",
            " https://login.example.com/",
            "https://",
        ] {
            assert!(
                matches!(check_issuer(bad), Err(MockError::Issuer { .. })),
                "{bad}"
            );
        }
    }

    #[tokio::test]
    async fn rotation_keeps_the_current_key_and_two_retired_ones() {
        let server = MockServer::bind(MockConfig::default()).await.unwrap();
        let mut kids = vec![server.state.signing_key().kid().unwrap().to_owned()];
        for _ in 0..5 {
            kids.push(server.rotate().unwrap());
        }
        let keys = server.state.keys.read().unwrap();
        let published: Vec<&str> = keys.published.iter().filter_map(|k| k.kid()).collect();
        assert_eq!(published, [&kids[5], &kids[4], &kids[3]]);
        assert_eq!(keys.current.kid(), Some(kids[5].as_str()));
    }

    #[tokio::test]
    async fn a_custom_issuer_is_served_while_endpoints_stay_at_the_url() {
        let server = MockServer::bind(MockConfig {
            issuer: Some("https://login.example.com".into()),
            ..MockConfig::default()
        })
        .await
        .unwrap();
        assert_eq!(server.issuer(), "https://login.example.com");
        assert!(server.url().starts_with("http://127.0.0.1:"));
        assert_eq!(
            server.token_endpoint(),
            format!("{}oauth/token", server.url())
        );
        assert_eq!(
            server.state.expected_issuer().unwrap().as_str(),
            "https://login.example.com/"
        );
    }
}
