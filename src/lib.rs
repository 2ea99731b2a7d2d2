//! # auth0_tok
//!
//! Verify Auth0 access tokens the way Auth0's API SDK (auth0-api-python) does,
//! and strictly where it is lax.
//!
//! What a valid access token is, by default:
//! - a compact JWS of exactly three base64url segments, at most 16 KiB, whose
//!   header and payload are JSON objects without duplicate members;
//! - signed with RS256 or PS256 (never `none`; HS* only where the caller
//!   names both the algorithm and the HMAC secret, and never in a request
//!   decision, as the SDK) by the key its `kid` names in the tenant's JWKS —
//!   the algorithm is chosen by the allow-list and the key, never by the
//!   token, and `jku`/`x5u`/`jwk`/`x5c` headers are ignored;
//! - `iss` exactly one of the configured issuers; `aud` containing a
//!   configured audience; `exp` in the future; `iat` present and not in the
//!   future; `nbf` (when present) not in the future; every required scope
//!   granted (scope lists split on spaces only, RFC 6749 §3.3).
//!
//! Verification ([`verify`]) is sans-IO: it takes a key set and a
//! [`clock::Clock`]. Fetching discovery documents and key sets, with caching,
//! is `tenant`'s job; all network I/O goes through `http`. [`probe`]
//! builds the forged, misbound and expired variants of a good request that
//! an API must refuse, and explains a refusal with the SDK's own decision.
//!
//! Features: `net` (on by default, through `cli`) builds the network code —
//! `http`, `tenant`, the fetches of [`discovery`] and [`jwks`], the token
//! endpoint's `oauth::send` — and with it reqwest and tokio; `mock` (the
//! local tenant server) implies it. Without `net` the library is the
//! verifier and the pure parsers, and the errors they report ([`answer`]).
//!
//! # Verifying a token
//!
//! The verifier takes the key set and the time as arguments: here a key set
//! parsed from the JSON a tenant serves at `/.well-known/jwks.json`, a token
//! signed by its key, and a [`FixedClock`]. Nothing is fetched, so this
//! builds without feature `net` too.
//!
//! ```
//! use auth0_tok::keys::SigningKey;
//! use auth0_tok::{AccessTokenPolicy, Algorithm, FixedClock, Issuer, JwkSet, TokenError};
//! use serde_json::json;
//!
//! // The tenant's signing key and the key set it publishes.
//! let key = SigningKey::generate_rsa()?.with_kid("key-1");
//! let jwks = json!({ "keys": [key.public_jwk()] }).to_string();
//! let keys = JwkSet::parse(jwks.as_bytes())?;
//!
//! // An access token the tenant issued at `now`, valid for an hour.
//! let now = 1_800_000_000;
//! let claims = json!({
//!     "iss": "https://tenant.us.auth0.com/",
//!     "sub": "client-1@clients",
//!     "aud": "https://api.example.com",
//!     "iat": now,
//!     "exp": now + 3600,
//!     "scope": "read:messages write:messages",
//! });
//! let token = key.sign_jwt(Algorithm::RS256, &Default::default(), claims.as_object().unwrap())?;
//!
//! // The API's policy: its tenant, its identifier, the scope a route needs.
//! let policy = AccessTokenPolicy::new(
//!     vec![Issuer::from_domain("tenant.us.auth0.com")?],
//!     vec!["https://api.example.com".to_owned()],
//! )
//! .require_scopes(vec!["read:messages".to_owned()]);
//!
//! let verified = policy.verify(&token, &keys, &FixedClock(now + 60))?;
//! assert_eq!(verified.claims.get_str("sub"), Some("client-1@clients"));
//! assert_eq!(verified.kid.as_deref(), Some("key-1"));
//!
//! // Two hours later the same token is refused, and the error says why.
//! let late = policy.verify(&token, &keys, &FixedClock(now + 7200)).unwrap_err();
//! assert!(matches!(late, TokenError::Expired { ago: 3600, .. }), "{late}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod answer;
pub mod cache;
pub mod clock;
pub mod dangerous;
pub mod discovery;
pub mod escape;
pub mod jose;
pub mod keys;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "net")]
pub mod net;
pub mod oauth;
pub mod probe;
pub mod types;
pub mod verify;

#[cfg(feature = "net")]
pub use net::{http, tenant};

// The key modules' paths before they moved into `keys`.
pub use keys::{dpop, jwks, x509};
/// Public keys and key sets: [`keys`] under the path they had before.
pub mod jwk {
    pub use crate::keys::{
        JwkError, JwkSet, JwksError, KeyKind, MAX_KEYS, MIN_RSA_BITS, PublicKey, SignatureError,
        thumbprint,
    };
}

pub use clock::{Clock, FixedClock, SystemClock};
pub use jose::Algorithm;
pub use keys::{JwkSet, PublicKey};
pub use types::{ClientSecret, HmacSecret, Issuer};
pub use verify::{AccessTokenPolicy, ErrorCode, TokenError, VerifiedToken};
