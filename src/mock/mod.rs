//! A local Auth0-shaped tenant on 127.0.0.1, built on this library.
//!
//! It serves what an API and its clients use: OpenID Connect discovery, the
//! JWKS, and `POST /oauth/token` (client credentials) issuing RS256 access
//! tokens shaped like Auth0's, with Auth0-style error bodies. `POST /rotate`
//! rotates the signing key (the old key stays published, as in Auth0's
//! rotation). Nothing here is meant for production: it exists so that
//! everything auth0-tok does can be tried and tested without an account.

mod echo;
mod exchange;
mod token;

use std::collections::HashMap;
use std::net::SocketAddr;
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
    /// Port on 127.0.0.1 (0 picks a free one).
    pub port: u16,
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
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            port: 0,
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
        }
    }
}

struct Keys {
    current: SigningKey,
    /// Every key ever used, published in the JWKS (newest first).
    published: Vec<SigningKey>,
    generation: u32,
}

pub(crate) struct Mock {
    issuer: String,
    config: MockConfig,
    clients: HashMap<String, ClientSecret>,
    keys: RwLock<Keys>,
    clock: Arc<dyn Clock>,
    /// The DPoP nonce this tenant issues.
    nonce: String,
    /// DPoP proof jtis seen by `/api/echo`, with their iat, for replay detection.
    seen_jtis: std::sync::Mutex<HashMap<String, i64>>,
}

/// A running mock tenant.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<Mock>,
    listener: Option<tokio::net::TcpListener>,
}

impl MockServer {
    /// Binds 127.0.0.1:`port` and prepares the tenant (call [`serve`](Self::serve) to answer).
    pub async fn bind(config: MockConfig) -> Result<Self, MockError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|e| MockError::Bind(config.port, e.to_string()))?;
        let addr = listener
            .local_addr()
            .map_err(|e| MockError::Bind(config.port, e.to_string()))?;
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
        let state = Arc::new(Mock {
            issuer: format!("http://{addr}/"),
            config,
            clients,
            keys: RwLock::new(Keys {
                current: key.clone(),
                published: vec![key],
                generation: 1,
            }),
            clock: Arc::new(SystemClock),
            nonce: random_token(),
            seen_jtis: std::sync::Mutex::new(HashMap::new()),
        });
        Ok(MockServer {
            addr,
            state,
            listener: Some(listener),
        })
    }

    /// The tenant's base URL and issuer, `http://127.0.0.1:PORT/`.
    pub fn issuer(&self) -> &str {
        &self.state.issuer
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
    #[error("cannot listen on 127.0.0.1:{0}: {1}")]
    Bind(u16, String),
    #[error(transparent)]
    Key(#[from] KeyError),
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
                "injected failure (--fail-rate)",
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
        .route("/authorize", get(authorize))
        .route("/api/echo", axum::routing::any(echo::echo))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            unreliable,
        ))
        .with_state(state)
}

async fn discovery(State(mock): State<Arc<Mock>>) -> Response {
    let i = &mock.issuer;
    let doc = json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}authorize"),
        "token_endpoint": format!("{i}oauth/token"),
        "jwks_uri": format!("{i}.well-known/jwks.json"),
        "response_types_supported": ["code", "token", "id_token", "code token", "code id_token", "token id_token", "code token id_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "grant_types_supported": [
            "client_credentials",
            "urn:ietf:params:oauth:grant-type:token-exchange",
        ],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": mock.config.scopes,
        "claims_supported": ["aud", "exp", "iat", "iss", "sub", "scope", "azp", "gty"],
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

async fn authorize() -> OAuthError {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "unsupported_response_type",
        "the mock tenant issues tokens through /oauth/token only",
    )
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
