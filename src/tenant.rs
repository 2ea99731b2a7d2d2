//! A tenant's discovery document and keys, fetched once and cached in
//! memory and on disk, with one refetch on an unknown `kid` (rate limited,
//! for key rotation) — and the glue that verifies a token against them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::cache::CacheDir;
use crate::clock::{Clock, UnixTime};
use crate::discovery::{self, Discovery};
use crate::http::{FetchError, HttpClient};
use crate::jwk::{JwkSet, JwksError};
use crate::jwks::{self, REFETCH_INTERVAL};
use crate::types::Issuer;
use crate::verify::{
    AccessTokenPolicy, Decision, HttpRequest, RequestPolicy, Shown, TokenError, VerifiedToken,
    verify_request,
};

/// The tenant could not be reached or answered something unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TenantError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{url}: HTTP {status}{}", if .snippet.is_empty() { String::new() } else { format!(": {}", .snippet) })]
    Status {
        url: String,
        status: u16,
        snippet: String,
    },
    #[error("{url}: the {what} is not JSON ({detail}); it starts with {snippet:?}")]
    NotJson {
        url: String,
        what: &'static str,
        detail: String,
        snippet: String,
    },
    #[error("{url}: the discovery document names issuer {found:?}, not {expected:?}")]
    IssuerMismatch {
        url: String,
        expected: String,
        found: String,
    },
    #[error("{url}: bad discovery document: {problem}")]
    Discovery { url: String, problem: String },
    #[error("{url}: {source}")]
    Jwks { url: String, source: JwksError },
    #[error("{url}: the key set has no usable signing key ({})", .skipped.join("; "))]
    NoUsableKeys { url: String, skipped: Vec<String> },
}

/// Verification failed: the token was rejected, or the tenant failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyFailure {
    #[error(transparent)]
    Rejected(#[from] TokenError),
    #[error(transparent)]
    Tenant(#[from] TenantError),
}

/// Where a key set came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeySource {
    /// Fetched earlier by this process.
    Memory,
    /// The disk cache.
    Disk,
    /// Fetched from the tenant now.
    Network,
}

/// A tenant's discovery result and key set at one point in time.
#[derive(Debug, Clone)]
pub struct TenantKeys {
    /// The discovery result (or the 404 fallback).
    pub discovery: Discovery,
    /// The parsed key set.
    pub keys: JwkSet,
    /// The key set as served.
    pub document: serde_json::Value,
    /// When it was fetched.
    pub fetched_at: UnixTime,
    /// When it stops being used.
    pub expires_at: UnixTime,
    /// When it was last refetched because of an unknown kid.
    pub refetched_at: Option<UnixTime>,
    /// Where this copy came from.
    pub source: KeySource,
}

#[derive(Serialize, Deserialize)]
struct DiskEntry {
    version: u32,
    discovery: Discovery,
    fetched_at: UnixTime,
    expires_at: UnixTime,
    refetched_at: Option<UnixTime>,
    jwks: serde_json::Value,
}

const DISK_VERSION: u32 = 1;

/// Fetches and caches tenants' keys.
pub struct Tenants {
    http: HttpClient,
    cache: Option<CacheDir>,
    clock: Arc<dyn Clock>,
    memory: Mutex<HashMap<String, Arc<TenantKeys>>>,
}

impl std::fmt::Debug for Tenants {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tenants")
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl Tenants {
    /// `cache: None` keeps key sets in memory only (`--no-cache`).
    pub fn new(http: HttpClient, cache: Option<CacheDir>, clock: Arc<dyn Clock>) -> Self {
        Tenants {
            http,
            cache,
            clock,
            memory: Mutex::new(HashMap::new()),
        }
    }

    /// The HTTP client in use.
    pub fn http(&self) -> &HttpClient {
        &self.http
    }

    /// The current keys of `issuer`: from memory, else the disk cache while
    /// fresh, else discovery + JWKS from the tenant.
    pub async fn keys(&self, issuer: &Issuer) -> Result<Arc<TenantKeys>, TenantError> {
        if let Some(hit) = self.cached_keys(issuer) {
            self.trace_hit(&hit);
            return Ok(hit);
        }
        let refetched_at = self.read_disk_any(issuer).and_then(|e| e.refetched_at);
        self.fetch(issuer, refetched_at).await
    }

    /// The keys of `issuer` when memory or a fresh disk-cache entry has
    /// them; `None` where only the tenant can tell. No I/O but the cache
    /// file, so a caller can decide without starting any networking.
    pub fn cached_keys(&self, issuer: &Issuer) -> Option<Arc<TenantKeys>> {
        let now = self.clock.now();
        if let Some(hit) = self.memory.lock().expect("lock").get(issuer.as_str()) {
            if now < hit.expires_at {
                return Some(hit.clone());
            }
        }
        let hit = Arc::new(self.read_disk(issuer, now)?);
        self.remember(issuer, &hit);
        Some(hit)
    }

    /// Says, with `--verbose`, where a cached key set came from.
    pub fn trace_hit(&self, keys: &TenantKeys) {
        if keys.source == KeySource::Disk {
            self.http.trace(&format!(
                "  key set of {} from the disk cache (fetched {}s ago)",
                keys.discovery.issuer,
                self.clock.now() - keys.fetched_at
            ));
        }
    }

    /// The tenant's discovery result (token endpoint, JWKS URL): from a
    /// fresh cached key-set entry when there is one, else fetched (discovery
    /// only; the key set is not needed to obtain tokens).
    pub async fn discovery(&self, issuer: &Issuer) -> Result<Discovery, TenantError> {
        let now = self.clock.now();
        if let Some(hit) = self.memory.lock().expect("lock").get(issuer.as_str()) {
            if now < hit.expires_at {
                return Ok(hit.discovery.clone());
            }
        }
        if let Some(entry) = self.read_disk_any(issuer) {
            if now < entry.expires_at && now >= entry.fetched_at {
                return Ok(entry.discovery);
            }
        }
        Ok(discovery::fetch(&self.http, issuer).await?.0)
    }

    /// Refetches `issuer`'s keys because a token named a `kid` not in
    /// `current` — unless a refetch happened less than 30 s ago, in which
    /// case `Ok(None)` and the seconds since that refetch.
    pub async fn refetch(
        &self,
        issuer: &Issuer,
        current: &TenantKeys,
    ) -> Result<Result<Arc<TenantKeys>, u64>, TenantError> {
        let now = self.clock.now();
        if let Some(at) = current.refetched_at {
            let ago = now.saturating_sub(at).max(0) as u64;
            if ago < REFETCH_INTERVAL {
                return Ok(Err(ago));
            }
        }
        self.http.trace(&format!(
            "  unknown kid: refetching the key set of {issuer}"
        ));
        self.fetch(issuer, Some(now)).await.map(Ok)
    }

    /// Verifies `token` under `policy`: precheck, the claimed (allowed)
    /// issuer's keys, one rate-limited refetch on an unknown kid, then the
    /// signature and claims.
    pub async fn verify(
        &self,
        policy: &AccessTokenPolicy,
        token: &str,
    ) -> Result<VerifiedToken, VerifyFailure> {
        let pre = policy.precheck(token)?;
        let mut keys = self.keys(pre.issuer()).await?;
        if let Some(kid) = pre.kid() {
            if !keys.keys.has_kid(kid) {
                match self.refetch(pre.issuer(), &keys).await? {
                    Ok(fresh) => keys = fresh,
                    Err(ago) => {
                        return Err(TokenError::UnknownKid {
                            kid: Shown::new(kid),
                            refetch_note: Some(format!(
                                "the key set was refetched {ago}s ago; refetches are limited to one per {REFETCH_INTERVAL}s"
                            )),
                        }
                        .into());
                    }
                }
            }
        }
        Ok(policy.verify_prechecked(pre, &keys.keys, self.clock.as_ref())?)
    }

    /// Decides an HTTP request (see [`crate::verify::verify_request`]) with
    /// the keys of the issuer its token claims — fetched only when that
    /// issuer is configured, with the same refetch rule as [`verify`](Self::verify).
    pub async fn verify_request(
        &self,
        request: &HttpRequest,
        policy: &RequestPolicy,
    ) -> Result<Decision, TenantError> {
        let pre = request
            .access_token()
            .and_then(|t| policy.access.precheck(t).ok());
        let Some(pre) = pre else {
            return Ok(verify_request(
                request,
                policy,
                &JwkSet::default(),
                self.clock.as_ref(),
            ));
        };
        let mut keys = self.keys(pre.issuer()).await?;
        if let Some(kid) = pre.kid() {
            if !keys.keys.has_kid(kid) {
                if let Ok(fresh) = self.refetch(pre.issuer(), &keys).await? {
                    keys = fresh;
                }
            }
        }
        Ok(verify_request(
            request,
            policy,
            &keys.keys,
            self.clock.as_ref(),
        ))
    }

    async fn fetch(
        &self,
        issuer: &Issuer,
        refetched_at: Option<UnixTime>,
    ) -> Result<Arc<TenantKeys>, TenantError> {
        let (discovery, _doc, discovery_max_age) = discovery::fetch(&self.http, issuer).await?;
        let fetched = jwks::fetch(&self.http, &discovery.jwks_uri).await?;
        for (kid, reason) in fetched.keys.skipped() {
            self.http.trace(&format!(
                "  skipped key {}: {reason}",
                kid.as_deref().unwrap_or("(no kid)")
            ));
        }
        let now = self.clock.now();
        let ttl = jwks::ttl(fetched.max_age).min(jwks::ttl(discovery_max_age));
        let keys = Arc::new(TenantKeys {
            discovery,
            keys: fetched.keys,
            document: fetched.document,
            fetched_at: now,
            expires_at: now + ttl as i64,
            refetched_at,
            source: KeySource::Network,
        });
        self.write_disk(issuer, &keys);
        self.remember(issuer, &keys);
        Ok(keys)
    }

    fn remember(&self, issuer: &Issuer, keys: &Arc<TenantKeys>) {
        let mut memory_copy = (**keys).clone();
        memory_copy.source = KeySource::Memory;
        self.memory
            .lock()
            .expect("lock")
            .insert(issuer.to_string(), Arc::new(memory_copy));
    }

    fn entry_name(issuer: &Issuer) -> String {
        CacheDir::entry_name("jwks", issuer.as_str())
    }

    fn read_disk_any(&self, issuer: &Issuer) -> Option<DiskEntry> {
        let bytes = self.cache.as_ref()?.read(&Self::entry_name(issuer))?;
        let entry: DiskEntry = serde_json::from_slice(&bytes).ok()?;
        (entry.version == DISK_VERSION && entry.discovery.issuer == issuer.as_str())
            .then_some(entry)
    }

    fn read_disk(&self, issuer: &Issuer, now: UnixTime) -> Option<TenantKeys> {
        let entry = self.read_disk_any(issuer)?;
        if now >= entry.expires_at || now < entry.fetched_at {
            return None;
        }
        let keys = JwkSet::from_object(entry.jwks.as_object()?).ok()?;
        Some(TenantKeys {
            discovery: entry.discovery,
            keys,
            document: entry.jwks,
            fetched_at: entry.fetched_at,
            expires_at: entry.expires_at,
            refetched_at: entry.refetched_at,
            source: KeySource::Disk,
        })
    }

    fn write_disk(&self, issuer: &Issuer, keys: &TenantKeys) {
        let Some(cache) = &self.cache else { return };
        let entry = DiskEntry {
            version: DISK_VERSION,
            discovery: keys.discovery.clone(),
            fetched_at: keys.fetched_at,
            expires_at: keys.expires_at,
            refetched_at: keys.refetched_at,
            jwks: keys.document.clone(),
        };
        let bytes = serde_json::to_vec(&entry).expect("serialisable");
        if let Err(e) = cache.write(&Self::entry_name(issuer), &bytes) {
            self.http.trace(&format!(
                "  could not write the key cache in {}: {e}",
                cache.root().display()
            ));
        }
    }
}
