//! The token client engine (feature `net`): one application at one tenant
//! asking its token endpoint, and the cached client-credentials flow built
//! on it, the one every command that needs a token goes through.
//!
//! A [`Client`] stamps a request ([`super::prepare`] with the clock's time
//! and a fresh `jti`) and sends it: [`Client::request`] with the 429/5xx
//! retry of [`super::send`], [`Client::request_once`] without it, for the
//! grants that must never be sent twice (a code, a refresh token, a device
//! code poll). A [`TokenSource`] is the client-credentials flow: the disk
//! cache first, while more than the caller's minimum lifetime remains (the
//! entry parsed as strictly as a fresh answer, [`super::cache::load`]),
//! else the token endpoint found by discovery, the answer then stored. The
//! engine prints nothing: what happened is in the [`Obtained`] it returns,
//! for the caller to render.

use super::cache::{self, StoreError, TokenCacheKey, UserTokenKey};
use super::secret::RefreshToken;
use super::{ClientAuth, Grant, Prepared, TokenEndpointError, TokenResponse};
use crate::answer::TenantError;
use crate::cache::CacheDir;
use crate::clock::{Clock, UnixTime};
use crate::discovery::Discovery;
use crate::dpop::{DpopKey, new_jti};
use crate::http::HttpClient;
use crate::keys::KeyError;
use crate::tenant::Tenants;
use crate::types::Issuer;

/// Why no token came back.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The tenant's discovery document (for the token endpoint) failed.
    #[error(transparent)]
    Tenant(#[from] TenantError),
    /// The request could not be signed (a client assertion, a `jti`).
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The token endpoint failed, refused, or answered something unusable.
    #[error(transparent)]
    Endpoint(#[from] TokenEndpointError),
}

/// The token endpoint a discovery result names, else Auth0's `oauth/token`.
pub fn token_endpoint(issuer: &Issuer, discovery: &Discovery) -> String {
    discovery
        .token_endpoint
        .clone()
        .unwrap_or_else(|| issuer.join("oauth/token"))
}

/// One application (`auth`, and the DPoP key its tokens are bound to)
/// at one tenant's token endpoint.
#[derive(Clone, Copy)]
pub struct Client<'a> {
    http: &'a HttpClient,
    clock: &'a dyn Clock,
    issuer: &'a Issuer,
    auth: &'a ClientAuth,
    endpoint: &'a str,
    dpop: Option<&'a DpopKey>,
}

impl<'a> Client<'a> {
    /// The client at `endpoint` (see [`token_endpoint`]), without DPoP.
    pub fn new(
        http: &'a HttpClient,
        clock: &'a dyn Clock,
        issuer: &'a Issuer,
        auth: &'a ClientAuth,
        endpoint: &'a str,
    ) -> Self {
        Client {
            http,
            clock,
            issuer,
            auth,
            endpoint,
            dpop: None,
        }
    }

    /// The same client asking for tokens bound to `dpop`, when given.
    pub fn with_dpop(self, dpop: Option<&'a DpopKey>) -> Self {
        Client { dpop, ..self }
    }

    /// The request for `grant`, stamped now with a fresh `jti`.
    pub fn prepare(&self, grant: &Grant) -> Result<Prepared, KeyError> {
        super::prepare(
            self.endpoint,
            self.issuer,
            grant,
            self.auth,
            self.clock.now(),
            &new_jti()?,
        )
    }

    /// Sends a prepared request with the 429/5xx retry ([`super::send`]).
    pub async fn send(&self, prepared: &Prepared) -> Result<TokenResponse, TokenEndpointError> {
        super::send(self.http, prepared, self.dpop, self.clock).await
    }

    /// Sends a prepared request once ([`super::send_once`]).
    pub async fn send_once(
        &self,
        prepared: &Prepared,
    ) -> Result<TokenResponse, TokenEndpointError> {
        super::send_once(self.http, prepared, self.dpop, self.clock).await
    }

    /// A token for `grant`, retried on 429/5xx.
    pub async fn request(&self, grant: &Grant) -> Result<TokenResponse, ClientError> {
        Ok(self.send(&self.prepare(grant)?).await?)
    }

    /// A token for `grant`, sent once: for a grant whose second try must
    /// never happen.
    pub async fn request_once(&self, grant: &Grant) -> Result<TokenResponse, ClientError> {
        Ok(self.send_once(&self.prepare(grant)?).await?)
    }

    /// A user's new tokens for the refresh token cached under `key`, sent
    /// once: a refresh token is single-use under rotation. One the tenant
    /// no longer honours ([`super::refresh_token_refused`]) is removed from
    /// `cache` with its entry, never tried again.
    pub async fn refresh(
        &self,
        refresh_token: &RefreshToken,
        cache: &CacheDir,
        key: &UserTokenKey,
    ) -> Result<TokenResponse, ClientError> {
        let grant = Grant::Refresh {
            refresh_token: refresh_token.clone(),
            scope: Vec::new(),
        };
        let answer = self.send_once(&self.prepare(&grant)?).await;
        if let Err(e) = &answer {
            if super::refresh_token_refused(e) {
                let _ = cache::remove_user(cache, key);
            }
        }
        Ok(answer?)
    }
}

/// A client-credentials token request, resolved.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    pub issuer: Issuer,
    pub auth: ClientAuth,
    pub audience: String,
    pub scope: Vec<String>,
    pub organization: Option<String>,
}

impl ClientCredentials {
    /// The cache key of this request for tokens bound to `dpop`.
    pub fn cache_key(&self, dpop: Option<&DpopKey>) -> TokenCacheKey {
        TokenCacheKey {
            issuer: self.issuer.to_string(),
            client_id: self.auth.client_id().to_owned(),
            audience: self.audience.clone(),
            scope: self.scope.join(" "),
            organization: self.organization.clone(),
            jkt: dpop.map(DpopKey::thumbprint),
            credential: cache::credential_fingerprint(&self.auth),
        }
    }

    /// The grant sent for this request.
    pub fn grant(&self) -> Grant {
        Grant::ClientCredentials {
            audience: self.audience.clone(),
            scope: self.scope.clone(),
            organization: self.organization.clone(),
        }
    }
}

/// Where an [`Obtained`] token came from.
#[derive(Debug)]
#[non_exhaustive]
pub enum Source {
    /// The disk cache, with `left` seconds of the token remaining; no
    /// request was sent.
    Cache { left: i64 },
    /// The token endpoint; `not_stored` says why the answer is not in the
    /// cache (`None`: stored, or no cache).
    Endpoint { not_stored: Option<StoreError> },
}

/// A client-credentials token, when it expires, and where it came from.
#[derive(Debug)]
pub struct Obtained {
    /// The answer; from the cache, its `expires_in` is the lifetime left.
    pub response: TokenResponse,
    pub expires_at: UnixTime,
    pub source: Source,
}

/// Client-credentials tokens: cached on disk while they last, else from
/// the tenant.
#[derive(Clone, Copy)]
pub struct TokenSource<'a> {
    tenants: &'a Tenants,
    clock: &'a dyn Clock,
    cache: Option<&'a CacheDir>,
}

impl<'a> TokenSource<'a> {
    /// `tenants` for discovery and the key sets already held, `cache` the
    /// token cache (`None`: every token from the tenant, none stored).
    pub fn new(tenants: &'a Tenants, clock: &'a dyn Clock, cache: Option<&'a CacheDir>) -> Self {
        TokenSource {
            tenants,
            clock,
            cache,
        }
    }

    /// A token for `grant` from the token endpoint discovery names (never
    /// cached: for grants other than client credentials).
    pub async fn request(
        &self,
        issuer: &Issuer,
        auth: &ClientAuth,
        dpop: Option<&DpopKey>,
        grant: &Grant,
    ) -> Result<TokenResponse, ClientError> {
        let discovery = self.tenants.discovery(issuer).await?;
        let endpoint = token_endpoint(issuer, &discovery);
        Client::new(self.tenants.http(), self.clock, issuer, auth, &endpoint)
            .with_dpop(dpop)
            .request(grant)
            .await
    }

    /// A cached token while more than `min_ttl` seconds of it remain (and
    /// its `kid` is in the key set already held for the issuer, when one
    /// is: no request for it), else a new one from the token endpoint,
    /// then cached.
    pub async fn client_credentials(
        &self,
        request: &ClientCredentials,
        dpop: Option<&DpopKey>,
        min_ttl: u64,
    ) -> Result<Obtained, ClientError> {
        let key = request.cache_key(dpop);
        let now = self.clock.now();
        if let Some(cache) = self.cache {
            let held = self.tenants.cached_keys(&request.issuer);
            let held = held.as_ref().map(|k| &k.keys);
            if let Some(hit) = cache::load(cache, &key, now, min_ttl, held) {
                return Ok(Obtained {
                    source: Source::Cache {
                        left: hit.expires_at - now,
                    },
                    response: hit.response,
                    expires_at: hit.expires_at,
                });
            }
        }
        let response = self
            .request(&request.issuer, &request.auth, dpop, &request.grant())
            .await?;
        let stored = self
            .cache
            .map(|cache| cache::store(cache, &key, &response, now));
        let (expires_at, not_stored) = match stored {
            Some(Ok(expires_at)) => (expires_at, None),
            Some(Err(e)) => (cache::expires_at(&response, now), Some(e)),
            None => (cache::expires_at(&response, now), None),
        };
        Ok(Obtained {
            response,
            expires_at,
            source: Source::Endpoint { not_stored },
        })
    }
}

#[cfg(all(test, feature = "mock"))]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::clock::SystemClock;
    use crate::http::Trace;
    use crate::mock::{MockClient, MockConfig, MockServer};
    use crate::types::ClientSecret;

    fn secret_post(secret: &str) -> ClientAuth {
        ClientAuth::SecretPost {
            client_id: "app".into(),
            secret: ClientSecret::new(secret),
        }
    }

    /// The engine of `token`: a token from the endpoint, stored; the same
    /// request again from the cache without a request; another credential
    /// never gets the cached token.
    #[tokio::test]
    async fn a_stored_token_is_served_from_the_cache_without_a_request() {
        let server = MockServer::bind(MockConfig {
            clients: vec![MockClient {
                id: "app".into(),
                secret: ClientSecret::new("s3cret"),
            }],
            audiences: vec!["https://api".into()],
            ..MockConfig::default()
        })
        .await
        .unwrap();
        let issuer = Issuer::from_domain(server.issuer()).unwrap();
        let _serving = server.spawn();
        let posts = Arc::new(AtomicUsize::new(0));
        let trace: Trace = {
            let posts = posts.clone();
            Arc::new(move |line: &str| {
                if line.starts_with("> POST") {
                    posts.fetch_add(1, Ordering::Relaxed);
                }
            })
        };
        let http = HttpClient::new(Duration::from_secs(10)).with_trace(Some(trace));
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path().join("cache"));
        let clock = Arc::new(SystemClock);
        let tenants = Tenants::new(http, Some(cache.clone()), clock.clone());
        let source = TokenSource::new(&tenants, clock.as_ref(), Some(&cache));
        let request = ClientCredentials {
            issuer,
            auth: secret_post("s3cret"),
            audience: "https://api".into(),
            scope: Vec::new(),
            organization: None,
        };

        let first = source.client_credentials(&request, None, 60).await.unwrap();
        assert!(matches!(
            first.source,
            Source::Endpoint { not_stored: None }
        ));
        assert_eq!(posts.load(Ordering::Relaxed), 1);

        let again = source.client_credentials(&request, None, 60).await.unwrap();
        assert!(matches!(again.source, Source::Cache { left } if left > 60));
        assert_eq!(again.response.access_token, first.response.access_token);
        assert_eq!(posts.load(Ordering::Relaxed), 1, "no request for a hit");

        let rotated = ClientCredentials {
            auth: secret_post("wrong"),
            ..request.clone()
        };
        let refused = source.client_credentials(&rotated, None, 60).await;
        assert!(matches!(refused, Err(ClientError::Endpoint(_))));
        assert_eq!(posts.load(Ordering::Relaxed), 2);
    }
}
