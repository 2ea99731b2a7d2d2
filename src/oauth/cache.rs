//! The token cache: client-credentials answers kept on disk while enough of
//! their lifetime remains, so CI runs do not spend Auth0's M2M token quota.
//! Keyed by everything that changes the token; entries are 0600 files
//! written atomically; a corrupt entry is a miss, never an error.

use serde::{Deserialize, Serialize};

use super::TokenResponse;
use crate::cache::CacheDir;
use crate::clock::UnixTime;
use crate::jose::Object;

/// Everything that makes two token requests ask for different tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenCacheKey {
    pub issuer: String,
    pub client_id: String,
    pub audience: String,
    pub scope: String,
    pub organization: Option<String>,
    /// Thumbprint of the DPoP key the token is bound to.
    pub jkt: Option<String>,
}

impl TokenCacheKey {
    fn entry_name(&self) -> String {
        CacheDir::entry_name("token", &serde_json::to_string(self).expect("serialisable"))
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    version: u32,
    key: TokenCacheKey,
    expires_at: UnixTime,
    response: Object,
}

const VERSION: u32 = 1;

/// A cached token and when it expires.
#[derive(Debug, Clone)]
pub struct CachedToken {
    pub response: TokenResponse,
    pub expires_at: UnixTime,
}

/// The cached token for `key` if more than `min_remaining` seconds of it are left.
pub fn load(
    cache: &CacheDir,
    key: &TokenCacheKey,
    now: UnixTime,
    min_remaining: u64,
) -> Option<CachedToken> {
    let bytes = cache.read(&key.entry_name())?;
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    if entry.version != VERSION || &entry.key != key {
        return None;
    }
    if entry.expires_at - now <= min_remaining as i64 {
        return None;
    }
    // The entry is read back as a fresh answer is: a file on disk is input too.
    let mut response = TokenResponse::from_answer(entry.response).ok()?;
    response.expires_in = u64::try_from(entry.expires_at - now).unwrap_or(0);
    Some(CachedToken {
        response,
        expires_at: entry.expires_at,
    })
}

/// Stores a fresh answer obtained at `now`.
pub fn store(
    cache: &CacheDir,
    key: &TokenCacheKey,
    response: &TokenResponse,
    now: UnixTime,
) -> std::io::Result<UnixTime> {
    let expires_at = now + response.expires_in as i64;
    // Only an answer that passes the checks of a fresh one is kept.
    TokenResponse::from_answer(response.raw.clone())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let entry = Entry {
        version: VERSION,
        key: key.clone(),
        expires_at,
        response: response.raw.clone(),
    };
    cache.write(
        &key.entry_name(),
        &serde_json::to_vec(&entry).expect("serialisable"),
    )?;
    Ok(expires_at)
}

/// Removes every cached token; returns how many.
pub fn clear(cache: &CacheDir) -> std::io::Result<usize> {
    cache.clear("token-")
}
