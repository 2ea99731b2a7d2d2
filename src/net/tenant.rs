//! A tenant's discovery document and keys, fetched once and cached in
//! memory and on disk, with one refetch on an unknown `kid` (rate limited,
//! for key rotation) — and the glue that verifies a token or a request
//! against them (`tenant/verify.rs`).
//!
//! The disk entry is input like the tenant's answer (see `tenant/disk.rs`): it is
//! read only from a cache directory that passes [`CacheDir`]'s checks, and
//! re-parsed and re-checked every time.
//!
//! Unknown `kid` refetches are limited three ways, whatever the tenant's
//! `Cache-Control` says: at most one per issuer per [`Tenants`] (one per
//! command); none when the key set was fetched less than
//! [`REFETCH_INTERVAL`] ago by this process (a kid missing from a key set
//! just fetched is missing, and that look is recorded as a refetch for
//! other processes); and none across processes while a fresh disk entry
//! says it was refetched less than [`REFETCH_INTERVAL`] ago. A key set this
//! process fetched is kept in memory at least [`REFETCH_INTERVAL`] even
//! when served with `max-age=0`, so a batch of tokens with unknown kids
//! costs one fetch, not one per token.
//!
//! Each answer's `Date` header is kept (in memory only) as how far the
//! local clock is from the tenant's, to explain a time check that failed
//! by little ([`Tenants::clock_offset`]).

mod disk;
mod verify;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

pub use self::disk::Unusable;
pub use self::verify::{Cached, Pending};
pub use crate::answer::TenantError;

use crate::cache::CacheDir;
use crate::clock::{Clock, UnixTime};
use crate::discovery::{self, Discovery};
use crate::http::{HttpClient, MAX_BODY};
use crate::jose::Object;
use crate::jwk::JwkSet;
use crate::jwks::{self, REFETCH_INTERVAL};
use crate::types::Issuer;
pub use crate::verify::NoRefetch;
use crate::verify::TokenError;

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
    /// The discovery document as served; `None` for the 404 fallback.
    pub discovery_document: Option<Object>,
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

/// A key set held in memory, with what this process did about it.
#[derive(Clone)]
struct Held {
    keys: Arc<TenantKeys>,
    /// When this process fetched it from the tenant.
    fetched_here: Option<UnixTime>,
    /// Whether this process already refetched it for an unknown kid.
    refetched_here: bool,
}

impl Held {
    /// Fresh: within its TTL, or fetched by this process less than
    /// [`REFETCH_INTERVAL`] ago whatever its TTL.
    fn fresh(&self, now: UnixTime) -> bool {
        let kept_here = self
            .fetched_here
            .is_some_and(|at| now >= at && now - at < REFETCH_INTERVAL as i64);
        kept_here || (now < self.keys.expires_at && now >= self.keys.fetched_at)
    }
}

/// Fetches and caches tenants' keys.
pub struct Tenants {
    http: HttpClient,
    cache: Option<CacheDir>,
    clock: Arc<dyn Clock>,
    memory: Mutex<HashMap<String, Held>>,
    /// Per issuer, how far the local clock is ahead of the tenant's (its
    /// `Date` header), as last seen by this process.
    clock_offsets: Mutex<HashMap<String, i64>>,
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
            clock_offsets: Mutex::new(HashMap::new()),
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
        self.fetch(issuer, false).await
    }

    /// The keys of `issuer` when memory or a fresh disk-cache entry has
    /// them; `None` where only the tenant can tell. No I/O but the cache
    /// file, so a caller can decide without starting any networking.
    pub fn cached_keys(&self, issuer: &Issuer) -> Option<Arc<TenantKeys>> {
        let now = self.clock.now();
        if let Some(held) = self.memory.lock().expect("lock").get(issuer.as_str()) {
            if held.fresh(now) {
                return Some(held.keys.clone());
            }
        }
        let hit = Arc::new(self.read_disk(issuer, now)?);
        self.remember(issuer, &hit, None);
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
        if let Some(hit) = self.cached_keys(issuer) {
            return Ok(hit.discovery.clone());
        }
        Ok(discovery::fetch(&self.http, issuer).await?.0)
    }

    /// How many seconds the local clock is ahead of `issuer`'s (negative:
    /// behind), from the `Date` of the tenant's last answer to this process,
    /// else of one GET of its discovery document. `None` when the tenant
    /// sends no usable `Date` or cannot be reached: the answer only
    /// explains a failure, so it never fails anything itself. The `Date`
    /// has a resolution of one second.
    pub async fn clock_offset(&self, issuer: &Issuer) -> Option<i64> {
        if let Some(offset) = self
            .clock_offsets
            .lock()
            .expect("lock")
            .get(issuer.as_str())
        {
            return Some(*offset);
        }
        let response = self
            .http
            .get(&discovery::discovery_url(issuer), MAX_BODY)
            .await
            .ok()?;
        let offset = self.clock.now() - response.date()?;
        self.record_clock(issuer, offset);
        Some(offset)
    }

    fn record_clock(&self, issuer: &Issuer, offset: i64) {
        self.clock_offsets
            .lock()
            .expect("lock")
            .insert(issuer.to_string(), offset);
    }

    /// Refetches `issuer`'s keys because a token named a `kid` not in
    /// `current` — unless the refetch limits (module documentation) say
    /// no, in which case `Ok(Err(why))`.
    pub async fn refetch(
        &self,
        issuer: &Issuer,
        current: &TenantKeys,
    ) -> Result<Result<Arc<TenantKeys>, NoRefetch>, TenantError> {
        let now = self.clock.now();
        let held = self
            .memory
            .lock()
            .expect("lock")
            .get(issuer.as_str())
            .cloned();
        if let Err(why) = may_refetch(held.as_ref(), current, now) {
            if let (NoRefetch::FetchedRecently { .. }, Some(held)) = (why, &held) {
                self.record_look(issuer, held);
            }
            return Ok(Err(why));
        }
        self.http.trace(&format!(
            "  unknown kid: refetching the key set of {issuer}"
        ));
        self.fetch(issuer, true).await.map(Ok)
    }

    /// Fetches discovery and the key set; `refetch` when for an unknown kid.
    async fn fetch(&self, issuer: &Issuer, refetch: bool) -> Result<Arc<TenantKeys>, TenantError> {
        let (discovery, discovery_document, discovery_max_age) =
            discovery::fetch(&self.http, issuer).await?;
        let fetched = jwks::fetch(&self.http, &discovery.jwks_uri).await?;
        for (kid, reason) in fetched.keys.skipped() {
            self.http.trace(&format!(
                "  skipped key {}: {reason}",
                kid.as_deref().unwrap_or("(no kid)")
            ));
        }
        let now = self.clock.now();
        if let Some(date) = fetched.date {
            self.record_clock(issuer, now - date);
        }
        let ttl = jwks::ttl(fetched.max_age).min(jwks::ttl(discovery_max_age));
        let keys = Arc::new(TenantKeys {
            discovery,
            discovery_document,
            keys: fetched.keys,
            document: fetched.document,
            fetched_at: now,
            expires_at: now + ttl as i64,
            refetched_at: refetch.then_some(now),
            source: KeySource::Network,
        });
        self.write_disk(issuer, &keys);
        let refetched_here = refetch
            || self
                .memory
                .lock()
                .expect("lock")
                .get(issuer.as_str())
                .is_some_and(|held| held.refetched_here);
        self.remember(
            issuer,
            &keys,
            Some(Held {
                keys: keys.clone(),
                fetched_here: Some(now),
                refetched_here,
            }),
        );
        Ok(keys)
    }

    /// A kid was looked for in a key set this process just fetched: for
    /// other processes, that look is as good as a refetch.
    fn record_look(&self, issuer: &Issuer, held: &Held) {
        if held.keys.refetched_at == Some(held.keys.fetched_at) {
            return;
        }
        let mut keys = (*held.keys).clone();
        keys.refetched_at = Some(keys.fetched_at);
        let keys = Arc::new(keys);
        self.write_disk(issuer, &keys);
        self.remember(
            issuer,
            &keys,
            Some(Held {
                keys: keys.clone(),
                ..held.clone()
            }),
        );
    }

    /// Keeps `keys` in memory (marked as from memory), with `held`'s
    /// record of what this process did, else a fresh record.
    fn remember(&self, issuer: &Issuer, keys: &Arc<TenantKeys>, held: Option<Held>) {
        let mut memory_copy = (**keys).clone();
        memory_copy.source = KeySource::Memory;
        let held = match held {
            Some(held) => Held {
                keys: Arc::new(memory_copy),
                ..held
            },
            None => Held {
                keys: Arc::new(memory_copy),
                fetched_here: None,
                refetched_here: false,
            },
        };
        self.memory
            .lock()
            .expect("lock")
            .insert(issuer.to_string(), held);
    }

    fn entry_name(issuer: &Issuer) -> String {
        CacheDir::entry_name("jwks", issuer.as_str())
    }

    /// The fresh, valid disk entry for `issuer`; anything else is a miss
    /// (said in the trace, but for plain expiry).
    fn read_disk(&self, issuer: &Issuer, now: UnixTime) -> Option<TenantKeys> {
        let cache = self.cache.as_ref()?;
        let bytes = match cache.read_checked(&Self::entry_name(issuer)) {
            Ok(bytes) => bytes?,
            Err(rejected) => {
                self.http
                    .trace(&format!("  not using the disk cache: {rejected}"));
                return None;
            }
        };
        match disk::decode(issuer, &bytes, now) {
            Ok(keys) => Some(keys),
            Err(Unusable::Expired { .. }) => None,
            Err(why) => {
                self.http.trace(&format!(
                    "  not using the cached key set of {issuer}: {why}"
                ));
                None
            }
        }
    }

    fn write_disk(&self, issuer: &Issuer, keys: &TenantKeys) {
        let Some(cache) = &self.cache else { return };
        if let Err(e) = cache.write(&Self::entry_name(issuer), &disk::encode(keys)) {
            self.http.trace(&format!(
                "  could not write the key cache in {}: {e}",
                cache.root().display()
            ));
        }
    }
}

/// Whether an unknown kid may refetch `current` (module documentation).
fn may_refetch(held: Option<&Held>, current: &TenantKeys, now: UnixTime) -> Result<(), NoRefetch> {
    // A time ahead of the clock counts as now.
    let ago = |at: UnixTime| Some(u64::try_from(now - at).unwrap_or(0));
    if held.is_some_and(|h| h.refetched_here) {
        return Err(NoRefetch::RefetchedThisRun);
    }
    if let Some(ago) = held.and_then(|h| h.fetched_here).and_then(ago) {
        if ago < REFETCH_INTERVAL {
            return Err(NoRefetch::FetchedRecently { ago });
        }
    }
    if let Some(ago) = current.refetched_at.and_then(ago) {
        if ago < REFETCH_INTERVAL {
            return Err(NoRefetch::RefetchedRecently { ago });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
