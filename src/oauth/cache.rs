//! The token cache: client-credentials answers kept on disk while enough of
//! their lifetime remains, so CI runs do not spend Auth0's M2M token quota.
//!
//! Keyed by everything that changes the token, the client credential
//! included — as a keyed fingerprint ([`credential_fingerprint`]), never
//! the secret itself — so a wrong or rotated secret never gets a cached
//! token. Entries live in a [`CacheDir`] (checked as the user's own, 0600
//! files written atomically) and are input like the token endpoint's
//! answer: the envelope is parsed strictly and the answer re-read by
//! [`super::parse`], as if just served. A corrupt entry is a miss, never an
//! error. A token already expired when obtained is not stored, and a cached
//! token signed with a `kid` missing from a key set already held for its
//! issuer is dropped: it would not verify anywhere.

use aws_lc_rs::hmac;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ClientAuth, TokenResponse};
use crate::cache::CacheDir;
use crate::clock::UnixTime;
use crate::jose::{self, Object, Part};
use crate::jwk::JwkSet;

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
    /// [`credential_fingerprint`] of the client authentication used.
    pub credential: String,
}

impl TokenCacheKey {
    fn entry_name(&self) -> String {
        CacheDir::entry_name("token", &serde_json::to_string(self).expect("serialisable"))
    }
}

/// The fixed HMAC message of [`credential_fingerprint`]: the purpose, so the
/// value is useless for anything but telling cache keys apart.
pub const FINGERPRINT_LABEL: &[u8] = b"auth0-tok token cache: client credential fingerprint v1";

/// A keyed fingerprint of the client credential: HMAC-SHA256 keyed with the
/// client secret (or, for `private_key_jwt`, with the RFC 7638 thumbprint
/// of the assertion key) over [`FINGERPRINT_LABEL`] and the method,
/// truncated to 128 bits, base64url. It tells credentials apart without
/// revealing them: checking a guess needs the secret itself.
pub fn credential_fingerprint(auth: &ClientAuth) -> String {
    let (method, key) = match auth {
        ClientAuth::Public { .. } => ("none", String::new()),
        ClientAuth::SecretPost { secret, .. } => ("client_secret_post", secret.expose().to_owned()),
        ClientAuth::SecretBasic { secret, .. } => {
            ("client_secret_basic", secret.expose().to_owned())
        }
        ClientAuth::PrivateKeyJwt { key, .. } => ("private_key_jwt", key.thumbprint()),
    };
    let key = hmac::Key::new(hmac::HMAC_SHA256, key.as_bytes());
    let mut context = hmac::Context::with_key(&key);
    context.update(FINGERPRINT_LABEL);
    context.update(b"\0");
    context.update(method.as_bytes());
    jose::b64(&context.sign().as_ref()[..16])
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    version: u32,
    key: TokenCacheKey,
    expires_at: UnixTime,
    /// The token endpoint's answer.
    response: Object,
}

const VERSION: u32 = 2;

/// A cached token and when it expires.
#[derive(Debug, Clone)]
pub struct CachedToken {
    /// The answer, its `expires_in` (also in `raw`) the lifetime left.
    pub response: TokenResponse,
    pub expires_at: UnixTime,
}

/// Why an answer was not stored.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("the token expired {}s before it was obtained (exp {expires_at})", .now - .expires_at)]
    AlreadyExpired { expires_at: UnixTime, now: UnixTime },
    #[error("could not write the token cache: {0}")]
    Write(#[from] std::io::Error),
    #[error("the answer is not one to keep: {0}")]
    Malformed(super::AnswerError),
}

/// When an answer obtained at `now` expires: `now + expires_in`, or the
/// token's own `exp` when it is a JWT that says earlier.
pub fn expires_at(response: &TokenResponse, now: UnixTime) -> UnixTime {
    let by_answer = now.saturating_add(i64::try_from(response.expires_in).unwrap_or(i64::MAX));
    token_exp(response).map_or(by_answer, |exp| exp.min(by_answer))
}

/// The access token's `exp`, when it is a JWT that has one (unverified:
/// only ever used to shorten a lifetime).
fn token_exp(response: &TokenResponse) -> Option<UnixTime> {
    crate::dangerous::decode_unverified(response.access_token.expose())
        .ok()
        .and_then(|jwt| jwt.claims.get("exp").and_then(Value::as_i64))
}

/// The entry `name` as an `E`, parsed strictly; a corrupt or planted
/// entry (not JSON, a member too many or missing) is `None`.
fn read_entry<E: DeserializeOwned>(cache: &CacheDir, name: &str) -> Option<E> {
    let bytes = cache.read(name)?;
    let envelope = jose::parse_object(&bytes, Part::Payload).ok()?;
    serde_json::from_value(Value::Object(envelope)).ok()
}

/// An entry's answer read again as the endpoint's, with the same rules,
/// and when it expires: never later than the token itself says, whatever
/// the entry claims.
fn reread(
    cache: &CacheDir,
    name: &str,
    answer: &Object,
    expires_at: UnixTime,
) -> Option<(TokenResponse, UnixTime)> {
    let response = super::parse(
        cache.root().join(name).to_string_lossy().as_ref(),
        200,
        None,
        &serde_json::to_vec(answer).expect("serialisable"),
    )
    .ok()?;
    let expires_at = token_exp(&response).map_or(expires_at, |exp| exp.min(expires_at));
    Some((response, expires_at))
}

/// A cached answer's `expires_in`: the seconds left.
fn set_left(response: &mut TokenResponse, left: u64) {
    response.expires_in = left;
    response.raw.insert("expires_in".into(), json!(left));
}

/// The cached token for `key` if more than `min_remaining` seconds of it
/// are left. With `held`, the key set already held for the key's issuer,
/// a token whose `kid` is not in it is dropped (removed) and a miss.
pub fn load(
    cache: &CacheDir,
    key: &TokenCacheKey,
    now: UnixTime,
    min_remaining: u64,
    held: Option<&JwkSet>,
) -> Option<CachedToken> {
    let name = key.entry_name();
    let entry: Entry = read_entry(cache, &name)?;
    if entry.version != VERSION || &entry.key != key {
        return None;
    }
    let (mut response, expires_at) = reread(cache, &name, &entry.response, entry.expires_at)?;
    let left = expires_at.checked_sub(now)?;
    if left <= i64::try_from(min_remaining).unwrap_or(i64::MAX) {
        return None;
    }
    if let Some(held) = held {
        let kid = crate::dangerous::decode_unverified(response.access_token.expose())
            .ok()
            .and_then(|jwt| {
                jwt.header
                    .get("kid")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
        if kid.is_some_and(|kid| !held.has_kid(&kid)) {
            let _ = cache.remove(&name);
            return None;
        }
    }
    set_left(&mut response, u64::try_from(left).unwrap_or(0));
    Some(CachedToken {
        response,
        expires_at,
    })
}

/// Stores a fresh answer obtained at `now`; returns when it expires. A
/// token already expired is not stored.
pub fn store(
    cache: &CacheDir,
    key: &TokenCacheKey,
    response: &TokenResponse,
    now: UnixTime,
) -> Result<UnixTime, StoreError> {
    let expires_at = expires_at(response, now);
    if expires_at <= now {
        return Err(StoreError::AlreadyExpired { expires_at, now });
    }
    // Only an answer that passes the checks of a fresh one is kept.
    TokenResponse::from_answer(response.raw.clone()).map_err(StoreError::Malformed)?;
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

/// A user's tokens (`login`): everything that makes two logins ask for
/// different tokens, and "user" so they never meet client-credentials ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserTokenKey {
    pub issuer: String,
    pub client_id: String,
    pub audience: String,
    pub scope: String,
    pub organization: Option<String>,
    pub jkt: Option<String>,
}

/// The file-name prefix of a tenant's and client's user entries, so
/// `logout` finds them all without reading the others.
fn user_prefix(issuer: &str, client_id: &str) -> String {
    let name = CacheDir::entry_name("user", &format!("{issuer}\0{client_id}"));
    // "user-<32 hex>.json" → "user-<16 hex>-"
    format!("{}-", &name[..5 + 16])
}

impl UserTokenKey {
    fn entry_name(&self) -> String {
        let full = CacheDir::entry_name("", &serde_json::to_string(self).expect("serialisable"));
        format!(
            "{}{}",
            user_prefix(&self.issuer, &self.client_id),
            full.trim_start_matches('-')
        )
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserEntry {
    version: u32,
    kind: String,
    key: UserTokenKey,
    expires_at: UnixTime,
    /// The token endpoint's answer: access token, refresh token, ID token.
    response: Object,
}

const USER_KIND: &str = "user";

/// A user's cached tokens: the access token perhaps expired, the refresh
/// token (when one was granted) to get the next.
#[derive(Debug, Clone)]
pub struct CachedUser {
    pub response: TokenResponse,
    pub refresh_token: Option<super::secret::RefreshToken>,
    pub expires_at: UnixTime,
}

impl CachedUser {
    /// Whether more than `min_remaining` seconds of the access token are left at `now`.
    pub fn fresh(&self, now: UnixTime, min_remaining: u64) -> bool {
        self.expires_at
            .checked_sub(now)
            .is_some_and(|left| left > i64::try_from(min_remaining).unwrap_or(i64::MAX))
    }
}

fn refresh_token_of(response: &TokenResponse) -> Option<super::secret::RefreshToken> {
    response
        .raw
        .get("refresh_token")
        .and_then(Value::as_str)
        .map(super::secret::RefreshToken::new)
}

/// The cached tokens for `key`, expired or not (the refresh token outlives
/// the access token). A corrupt or planted entry is a miss.
pub fn load_user(cache: &CacheDir, key: &UserTokenKey, now: UnixTime) -> Option<CachedUser> {
    let name = key.entry_name();
    let entry: UserEntry = read_entry(cache, &name)?;
    if entry.version != VERSION || entry.kind != USER_KIND || &entry.key != key {
        return None;
    }
    let (mut response, expires_at) = reread(cache, &name, &entry.response, entry.expires_at)?;
    set_left(
        &mut response,
        u64::try_from(expires_at.saturating_sub(now)).unwrap_or(0),
    );
    Some(CachedUser {
        refresh_token: refresh_token_of(&response),
        response,
        expires_at,
    })
}

/// Stores a user's fresh answer obtained at `now`, replacing the entry
/// atomically (a rotated refresh token replaces the old one in one
/// rename). An answer without a refresh token keeps `previous` (a tenant
/// that does not rotate). Returns when the access token expires.
pub fn store_user(
    cache: &CacheDir,
    key: &UserTokenKey,
    response: &TokenResponse,
    previous: Option<&super::secret::RefreshToken>,
    now: UnixTime,
) -> Result<UnixTime, StoreError> {
    let expires_at = expires_at(response, now);
    let mut raw = response.raw.clone();
    if !raw.contains_key("refresh_token") {
        if let Some(previous) = previous {
            raw.insert("refresh_token".into(), json!(previous.expose()));
        }
    }
    if expires_at <= now && !raw.contains_key("refresh_token") {
        return Err(StoreError::AlreadyExpired { expires_at, now });
    }
    TokenResponse::from_answer(raw.clone()).map_err(StoreError::Malformed)?;
    let entry = UserEntry {
        version: VERSION,
        kind: USER_KIND.into(),
        key: key.clone(),
        expires_at,
        response: raw,
    };
    cache.write(
        &key.entry_name(),
        &serde_json::to_vec(&entry).expect("serialisable"),
    )?;
    Ok(expires_at)
}

/// Removes one user entry (a refresh token the tenant refused).
pub fn remove_user(cache: &CacheDir, key: &UserTokenKey) -> std::io::Result<()> {
    cache.remove(&key.entry_name())
}

/// Removes every user entry of `issuer` and `client_id`; returns the
/// refresh tokens they held, for revocation.
pub fn forget_users(
    cache: &CacheDir,
    issuer: &str,
    client_id: &str,
) -> std::io::Result<(usize, Vec<super::secret::RefreshToken>)> {
    let tokens = user_refresh_tokens(cache, issuer, client_id)?;
    let removed = cache.clear(&user_prefix(issuer, client_id))?;
    Ok((removed, tokens))
}

/// The refresh tokens cached for `client_id` at `issuer`, left in place
/// (so that a logout can revoke them before it forgets them).
pub fn user_refresh_tokens(
    cache: &CacheDir,
    issuer: &str,
    client_id: &str,
) -> std::io::Result<Vec<super::secret::RefreshToken>> {
    let prefix = user_prefix(issuer, client_id);
    let mut tokens = Vec::new();
    let root = cache.root();
    if root.is_dir() {
        for entry in std::fs::read_dir(root)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if !name.starts_with(&prefix) {
                continue;
            }
            let refresh = read_entry::<UserEntry>(cache, &name)
                .filter(|e| e.key.issuer == issuer && e.key.client_id == client_id)
                .and_then(|e| {
                    e.response
                        .get("refresh_token")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                });
            tokens.extend(refresh.map(super::secret::RefreshToken::new));
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::Algorithm;
    use crate::keys::SigningKey;
    use crate::types::ClientSecret;

    const NOW: UnixTime = 1_800_000_000;

    fn key(credential: &str) -> TokenCacheKey {
        TokenCacheKey {
            issuer: "https://t/".into(),
            client_id: "c".into(),
            audience: "a".into(),
            scope: String::new(),
            organization: None,
            jkt: None,
            credential: credential.into(),
        }
    }

    fn secret_post(secret: &str) -> ClientAuth {
        ClientAuth::SecretPost {
            client_id: "c".into(),
            secret: ClientSecret::new(secret),
        }
    }

    fn jwt(signer: &SigningKey, exp: UnixTime) -> String {
        let claims = json!({"iss": "https://t/", "exp": exp});
        signer
            .sign_jwt(
                Algorithm::RS256,
                &Object::new(),
                claims.as_object().unwrap(),
            )
            .unwrap()
    }

    fn answer(token: &str, expires_in: u64) -> TokenResponse {
        let body = json!({"access_token": token, "expires_in": expires_in, "token_type": "Bearer"});
        super::super::parse("u", 200, None, body.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn the_fingerprint_tells_credentials_apart_without_showing_them() {
        let a = credential_fingerprint(&secret_post("s3cret-one"));
        assert_eq!(a, credential_fingerprint(&secret_post("s3cret-one")));
        assert_ne!(a, credential_fingerprint(&secret_post("s3cret-two")));
        assert_ne!(
            a,
            credential_fingerprint(&ClientAuth::SecretBasic {
                client_id: "c".into(),
                secret: ClientSecret::new("s3cret-one"),
            })
        );
        assert_eq!(a.len(), 22);
        assert!(!a.contains("s3cret"));
        let signer = SigningKey::generate_rsa().unwrap();
        let jwt_auth = |key: SigningKey| ClientAuth::PrivateKeyJwt {
            client_id: "c".into(),
            key,
            alg: Algorithm::RS256,
        };
        let k1 = credential_fingerprint(&jwt_auth(signer.clone()));
        assert_eq!(k1, credential_fingerprint(&jwt_auth(signer)));
        assert_ne!(
            k1,
            credential_fingerprint(&jwt_auth(SigningKey::generate_rsa().unwrap()))
        );
    }

    #[test]
    fn another_credential_never_gets_the_cached_token() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path().join("c"));
        let right = key(&credential_fingerprint(&secret_post("right")));
        store(&cache, &right, &answer("t", 3600), NOW).unwrap();
        assert!(load(&cache, &right, NOW, 60, None).is_some());
        let wrong = key(&credential_fingerprint(&secret_post("wrong")));
        assert!(load(&cache, &wrong, NOW, 60, None).is_none());
        for entry in std::fs::read_dir(cache.root()).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert!(!text.contains("right") && !text.contains("wrong"), "{text}");
        }
    }

    #[test]
    fn a_token_expired_when_obtained_is_not_stored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path().join("c"));
        let signer = SigningKey::generate_rsa().unwrap();
        // expires_in says an hour; the token's own exp passed 3 minutes ago.
        let backdated = answer(&jwt(&signer, NOW - 180), 3600);
        assert!(matches!(
            store(&cache, &key("k"), &backdated, NOW),
            Err(StoreError::AlreadyExpired { .. })
        ));
        assert!(!cache.root().exists(), "nothing written");
        // An earlier exp than expires_in wins.
        let short = answer(&jwt(&signer, NOW + 100), 3600);
        assert_eq!(store(&cache, &key("k"), &short, NOW).unwrap(), NOW + 100);
        assert!(load(&cache, &key("k"), NOW, 60, None).is_some());
        assert!(load(&cache, &key("k"), NOW + 50, 60, None).is_none());
    }

    #[test]
    fn a_cached_token_shows_the_lifetime_left() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path().join("c"));
        store(&cache, &key("k"), &answer("opaque", 3600), NOW).unwrap();
        let hit = load(&cache, &key("k"), NOW + 600, 60, None).unwrap();
        assert_eq!(hit.response.expires_in, 3000);
        assert_eq!(hit.response.raw["expires_in"], 3000);
        assert_eq!(hit.expires_at, NOW + 3600);
    }

    #[test]
    fn a_token_whose_kid_left_the_held_key_set_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path().join("c"));
        let old = SigningKey::generate_rsa().unwrap().with_kid("old");
        let new = SigningKey::generate_rsa().unwrap().with_kid("new");
        let set = |k: &SigningKey| {
            JwkSet::from_object(
                json!({"keys": [Value::Object(k.public_jwk())]})
                    .as_object()
                    .unwrap(),
            )
            .unwrap()
        };
        store(
            &cache,
            &key("k"),
            &answer(&jwt(&old, NOW + 3600), 3600),
            NOW,
        )
        .unwrap();
        assert!(load(&cache, &key("k"), NOW, 60, Some(&set(&old))).is_some());
        assert!(
            load(&cache, &key("k"), NOW, 60, None).is_some(),
            "no key set held: kept"
        );
        assert!(load(&cache, &key("k"), NOW, 60, Some(&set(&new))).is_none());
        assert!(
            load(&cache, &key("k"), NOW, 60, None).is_none(),
            "removed, not just skipped"
        );
    }

    #[test]
    fn a_planted_entry_is_read_as_strictly_as_the_endpoint_answer() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path().join("c"));
        let signer = SigningKey::generate_rsa().unwrap();
        store(
            &cache,
            &key("k"),
            &answer(&jwt(&signer, NOW + 3600), 3600),
            NOW,
        )
        .unwrap();
        let path = std::fs::read_dir(cache.root())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let mut entry: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        // A far expiry for a token that says it expires in an hour.
        entry["expires_at"] = json!(NOW + 10 * 365 * 86_400);
        std::fs::write(&path, serde_json::to_vec(&entry).unwrap()).unwrap();
        assert!(load(&cache, &key("k"), NOW + 7200, 60, None).is_none());
        // An answer the endpoint could not have given.
        entry["response"] = json!({"access_token": "", "expires_in": 3600});
        std::fs::write(&path, serde_json::to_vec(&entry).unwrap()).unwrap();
        assert!(load(&cache, &key("k"), NOW, 60, None).is_none());
    }

    fn user_key(audience: &str) -> UserTokenKey {
        UserTokenKey {
            issuer: "https://t/".into(),
            client_id: "cli".into(),
            audience: audience.into(),
            scope: "openid offline_access".into(),
            organization: None,
            jkt: None,
        }
    }

    fn user_answer(token: &str, refresh: Option<&str>, expires_in: u64) -> TokenResponse {
        let mut body =
            json!({"access_token": token, "expires_in": expires_in, "token_type": "Bearer"});
        if let Some(r) = refresh {
            body["refresh_token"] = json!(r);
        }
        super::super::parse("u", 200, None, body.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn a_rotated_refresh_token_replaces_the_old_and_a_missing_one_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path().join("c"));
        let k = user_key("a");
        store_user(&cache, &k, &user_answer("at1", Some("rt1"), 60), None, NOW).unwrap();
        let hit = load_user(&cache, &k, NOW + 120).unwrap();
        assert!(
            !hit.fresh(NOW + 120, 0),
            "expired, still loaded for its refresh token"
        );
        assert_eq!(hit.refresh_token.as_ref().unwrap().expose(), "rt1");
        assert!(!format!("{hit:?}").contains("rt1"));
        let old = hit.refresh_token.clone();
        store_user(
            &cache,
            &k,
            &user_answer("at2", Some("rt2"), 60),
            old.as_ref(),
            NOW + 120,
        )
        .unwrap();
        let hit = load_user(&cache, &k, NOW + 120).unwrap();
        assert_eq!(hit.refresh_token.as_ref().unwrap().expose(), "rt2");
        assert!(hit.fresh(NOW + 120, 30));
        store_user(
            &cache,
            &k,
            &user_answer("at3", None, 60),
            hit.refresh_token.as_ref(),
            NOW + 200,
        )
        .unwrap();
        let hit = load_user(&cache, &k, NOW + 200).unwrap();
        assert_eq!(hit.response.access_token.expose(), "at3");
        assert_eq!(hit.refresh_token.unwrap().expose(), "rt2");
        // Never mixed with client-credentials entries.
        assert_eq!(std::fs::read_dir(cache.root()).unwrap().count(), 1);
        assert!(load(&cache, &key("k"), NOW, 0, None).is_none());
    }

    #[test]
    fn forgetting_a_tenants_users_returns_their_refresh_tokens_and_leaves_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path().join("c"));
        store_user(
            &cache,
            &user_key("a"),
            &user_answer("at", Some("rta"), 600),
            None,
            NOW,
        )
        .unwrap();
        store_user(
            &cache,
            &user_key("b"),
            &user_answer("at", None, 600),
            None,
            NOW,
        )
        .unwrap();
        let other = UserTokenKey {
            client_id: "other".into(),
            ..user_key("a")
        };
        store_user(
            &cache,
            &other,
            &user_answer("at", Some("rto"), 600),
            None,
            NOW,
        )
        .unwrap();
        store(&cache, &key("k"), &answer("cc", 600), NOW).unwrap();
        let (removed, tokens) = forget_users(&cache, "https://t/", "cli").unwrap();
        assert_eq!(removed, 2);
        assert_eq!(
            tokens.iter().map(|t| t.expose()).collect::<Vec<_>>(),
            ["rta"]
        );
        assert!(load_user(&cache, &user_key("a"), NOW).is_none());
        assert!(load_user(&cache, &other, NOW).is_some());
        assert!(load(&cache, &key("k"), NOW, 0, None).is_some());
    }
}
