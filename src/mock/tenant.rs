//! The running tenant every handler answers for ([`Mock`]): its URL and
//! issuer, its signing keys and their rotation, its clients and users, and
//! what it remembers between requests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use super::config::MockConfig;
use super::store::Store;
use super::users::MockUser;
use crate::clock::Clock;
use crate::keys::{JwkSet, KeyError, PublicKey, SigningKey};
use crate::oauth::secret::random_b64;
use crate::types::{ClientSecret, Issuer};

/// How many retired signing keys `/rotate` keeps publishing beside the current one.
pub const RETIRED_KEYS_KEPT: usize = 2;

/// The signing keys: the one that signs, and those the JWKS publishes.
pub(super) struct Keys {
    pub(super) current: SigningKey,
    /// The keys published in the JWKS, newest (the current one) first: at
    /// most 1 + [`RETIRED_KEYS_KEPT`].
    pub(super) published: Vec<SigningKey>,
    generation: u32,
}

pub(crate) struct Mock {
    /// Where the tenant answers, `http://ADDR:PORT/`.
    pub(super) url: String,
    /// The `iss` of its tokens and its discovery `issuer`, exactly.
    pub(super) issuer: String,
    /// The issuer its own checks expect: `issuer` normalised as Auth0's SDKs
    /// derive it from a domain (trailing slash added). `None` when the
    /// tenant's URL is plain http off loopback (a LAN address as the host
    /// and no issuer configured), which no auth0-tok check accepts.
    pub(super) expected_issuer: Option<Issuer>,
    pub(super) config: MockConfig,
    pub(super) clients: HashMap<String, ClientSecret>,
    pub(super) keys: RwLock<Keys>,
    pub(super) clock: Arc<dyn Clock>,
    /// The DPoP nonce this tenant issues.
    pub(super) nonce: String,
    /// DPoP proof jtis seen by `/api/echo`, with their iat, for replay detection.
    pub(super) seen_jtis: Mutex<HashMap<String, i64>>,
    /// Who can log in (never empty).
    pub(super) users: Vec<MockUser>,
    /// Logins, codes, sessions, refresh tokens, device codes.
    pub(super) store: Mutex<Store>,
}

/// The tenant's issuer is plain http off loopback: no auth0-tok check
/// accepts it, so the endpoints that verify the tenant's own tokens cannot.
#[derive(Debug, thiserror::Error)]
#[error(
    "this tenant's issuer {issuer} is plain http off loopback, which auth0-tok never verifies; \
     serve an https issuer to use this endpoint"
)]
pub(crate) struct UnverifiableIssuer {
    /// The issuer the tenant serves.
    pub issuer: String,
}

impl Mock {
    /// The tenant for `config`, answering at `url` and issuing as `issuer`
    /// (`expected_issuer`: that issuer as its own checks expect it), signing
    /// with the configured key or a fresh RSA one.
    pub(super) fn new(
        url: String,
        issuer: String,
        expected_issuer: Option<Issuer>,
        config: MockConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, KeyError> {
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
        Ok(Mock {
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
            seen_jtis: Mutex::new(HashMap::new()),
            users,
            store: Mutex::new(Store::default()),
        })
    }

    /// Makes a new signing key current; returns its kid.
    pub(super) fn rotate(&self) -> Result<String, KeyError> {
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
    pub(super) fn key_set(&self) -> JwkSet {
        let keys = self.keys.read().expect("lock");
        JwkSet::from_keys(
            keys.published
                .iter()
                .filter_map(|k| PublicKey::from_jwk(&k.public_jwk()).ok())
                .collect(),
        )
    }

    /// The issuer the tenant's own checks expect, or why there is none.
    pub(super) fn expected_issuer(&self) -> Result<Issuer, UnverifiableIssuer> {
        self.expected_issuer
            .clone()
            .ok_or_else(|| UnverifiableIssuer {
                issuer: self.issuer.clone(),
            })
    }

    /// The `aud` values a client assertion may name (RFC 7523 §3): the
    /// issuer (as configured or normalised), the URL, or the token endpoint
    /// under either.
    pub(super) fn assertion_audiences(&self) -> Vec<String> {
        let mut bases = vec![self.issuer.clone(), self.url.clone()];
        bases.extend(self.expected_issuer.iter().map(|i| i.to_string()));
        let endpoints: Vec<String> = bases.iter().map(|b| format!("{b}oauth/token")).collect();
        bases.extend(endpoints);
        bases
    }

    /// The key that signs now.
    pub(super) fn signing_key(&self) -> SigningKey {
        self.keys.read().expect("lock").current.clone()
    }
}

/// 128 random bits, base64url: codes, sessions, nonces, token ids.
pub(crate) fn random_token() -> String {
    random_b64(16)
}

/// `mock-GENERATION-THUMBPRINT8`: a kid that changes with every rotation.
fn kid_for(key: &SigningKey, generation: u32) -> String {
    format!("mock-{generation}-{}", &key.thumbprint()[..8])
}
