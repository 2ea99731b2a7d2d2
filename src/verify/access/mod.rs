//! Access-token verification (RFC 9068 profile, Auth0's rules): sans-IO.
//!
//! The caller supplies the key set and the clock; nothing here fetches. The
//! flow is two steps so a caller can choose which tenant's keys to fetch
//! without trusting the token: [`AccessTokenPolicy::precheck`] parses the
//! token and checks everything that needs no key (structure, algorithm, and
//! that `iss` is one of the configured issuers), then
//! [`AccessTokenPolicy::verify_prechecked`] checks the signature with the keys
//! of that issuer, and the claims.

mod checks;
#[cfg(test)]
pub(crate) mod prechecks;
mod sdk_view;

use serde_json::Value;

use crate::clock::Clock;
use crate::jose::{Algorithm, CompactJws, JsonObject};
use crate::jwk::JwkSet;
use crate::types::{HmacSecret, Issuer};

use super::error::TokenError;

pub(super) use sdk_view::SdkView;

/// Where required scopes may be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeSource {
    /// The space-separated `scope` claim only (the SDK's rule).
    #[default]
    Scope,
    /// `scope`, or Auth0's RBAC `permissions` array.
    ScopeOrPermissions,
}

/// What a valid access token must look like for one API.
#[derive(Debug, Clone)]
pub struct AccessTokenPolicy {
    issuers: Vec<Issuer>,
    audiences: Vec<String>,
    algorithms: Vec<Algorithm>,
    leeway: u64,
    required_scopes: Vec<String>,
    scope_source: ScopeSource,
    hmac_secret: Option<HmacSecret>,
}

impl AccessTokenPolicy {
    /// The default algorithms: RS256 (Auth0's default) and PS256.
    pub const DEFAULT_ALGORITHMS: [Algorithm; 2] = [Algorithm::RS256, Algorithm::PS256];

    /// A policy accepting tokens from any of `issuers` (several for multiple
    /// custom domains) for any of `audiences`, with the secure defaults:
    /// RS256/PS256, no leeway, no required scopes, no HMAC.
    ///
    /// # Panics
    /// If `issuers` or `audiences` is empty: a policy must name both.
    pub fn new(issuers: Vec<Issuer>, audiences: Vec<String>) -> Self {
        assert!(!issuers.is_empty(), "a policy needs at least one issuer");
        assert!(
            !audiences.is_empty(),
            "a policy needs at least one audience"
        );
        AccessTokenPolicy {
            issuers,
            audiences,
            algorithms: Self::DEFAULT_ALGORITHMS.to_vec(),
            leeway: 0,
            required_scopes: Vec::new(),
            scope_source: ScopeSource::Scope,
            hmac_secret: None,
        }
    }

    /// Replaces the algorithm allow-list. HS* entries take effect only with
    /// [`with_hmac_secret`](Self::with_hmac_secret), and a secret only for the
    /// HS* entries named here: symmetric tokens need both.
    pub fn with_algorithms(mut self, algorithms: Vec<Algorithm>) -> Self {
        self.algorithms = algorithms;
        self
    }

    /// Seconds of clock skew tolerated for `exp`, `nbf` and `iat` (default 0, as the SDK).
    pub fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// Scopes that must all be granted.
    pub fn require_scopes(mut self, scopes: Vec<String>) -> Self {
        self.required_scopes = scopes;
        self
    }

    /// Where required scopes may be found.
    pub fn with_scope_source(mut self, source: ScopeSource) -> Self {
        self.scope_source = source;
        self
    }

    /// The shared secret HS* tokens are checked with (for APIs that use
    /// Auth0's HS256 signing). It accepts nothing by itself: the HS*
    /// algorithm must also be in [`with_algorithms`](Self::with_algorithms),
    /// so a symmetric token is accepted only where the caller named both.
    pub fn with_hmac_secret(mut self, secret: HmacSecret) -> Self {
        self.hmac_secret = Some(secret);
        self
    }

    /// Whether an HMAC secret is configured.
    pub fn has_hmac_secret(&self) -> bool {
        self.hmac_secret.is_some()
    }

    /// The configured issuers.
    pub fn issuers(&self) -> &[Issuer] {
        &self.issuers
    }

    /// The configured audiences.
    pub fn audiences(&self) -> &[String] {
        &self.audiences
    }

    /// Where required scopes may be found.
    pub fn scope_source(&self) -> ScopeSource {
        self.scope_source
    }

    /// The algorithm allow-list.
    pub fn algorithms(&self) -> &[Algorithm] {
        &self.algorithms
    }

    /// Everything that can be checked without a key: structure, header,
    /// algorithm, and that `iss` names a configured issuer (so a caller never
    /// fetches discovery for an issuer it was not told to trust).
    pub fn precheck<'a>(&self, token: &'a str) -> Result<Prechecked<'a>, TokenError> {
        #[cfg(test)]
        prechecks::count();
        let jws = CompactJws::parse(token)?;
        let alg = self.check_header(&jws.header)?;
        let issuer = self.check_issuer(&jws.payload)?;
        let kid = super::jws::header_kid(&jws.header, alg)?;
        Ok(Prechecked {
            jws,
            alg,
            kid,
            issuer,
        })
    }

    /// Checks the signature with `keys` (which must be the key set of
    /// [`Prechecked::issuer`]) and then the claims, at `clock`'s time.
    pub fn verify_prechecked(
        &self,
        token: Prechecked<'_>,
        keys: &JwkSet,
        clock: &dyn Clock,
    ) -> Result<VerifiedToken, TokenError> {
        self.verify_claims(token, keys, clock, true)
    }

    /// [`verify_prechecked`](Self::verify_prechecked) leaving the type of
    /// `scope` to the caller (a request decision checks it where
    /// auth0-fastapi-api reads it: last, and only on scoped routes).
    pub(super) fn verify_prechecked_scope_unchecked(
        &self,
        token: Prechecked<'_>,
        keys: &JwkSet,
        clock: &dyn Clock,
    ) -> Result<VerifiedToken, TokenError> {
        self.verify_claims(token, keys, clock, false)
    }

    fn verify_claims(
        &self,
        token: Prechecked<'_>,
        keys: &JwkSet,
        clock: &dyn Clock,
        scope_type_checked: bool,
    ) -> Result<VerifiedToken, TokenError> {
        self.check_signature(&token, keys)?;
        let Prechecked {
            jws,
            alg,
            kid,
            issuer,
        } = token;
        let claims = jws.payload;
        self.check_audience(&claims)?;
        let now = clock.now();
        self.check_times(&claims, now)?;
        let scopes = self.check_scopes(&claims, scope_type_checked)?;
        let bound_jkt = claims
            .get("cnf")
            .as_deref()
            .and_then(Value::as_object)
            .and_then(|cnf| cnf.get("jkt"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(VerifiedToken {
            header: jws.header,
            claims,
            alg,
            kid,
            issuer,
            scopes,
            bound_jkt,
        })
    }

    /// [`precheck`](Self::precheck) then
    /// [`verify_prechecked`](Self::verify_prechecked), for callers that already
    /// hold the right key set.
    pub fn verify(
        &self,
        token: &str,
        keys: &JwkSet,
        clock: &dyn Clock,
    ) -> Result<VerifiedToken, TokenError> {
        let pre = self.precheck(token)?;
        self.verify_prechecked(pre, keys, clock)
    }
}

/// A token that passed [`AccessTokenPolicy::precheck`]: well formed, an
/// allowed algorithm, from a configured issuer. Not yet verified.
#[derive(Debug, Clone)]
pub struct Prechecked<'a> {
    jws: CompactJws<'a>,
    alg: Algorithm,
    kid: Option<String>,
    issuer: Issuer,
}

impl Prechecked<'_> {
    /// The configured issuer the token claims; fetch this tenant's keys.
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }
    /// The key id in the header (absent only for HS* tokens).
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    /// The header's algorithm, already checked against the allow-list.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }
}

/// How a token is bound to a proof key (RFC 9449 §6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// No `cnf.jkt` member (no `cnf` object, or one without `jkt`).
    Unbound,
    /// `cnf.jkt`, a non-empty string: the thumbprint a proof's key must have.
    Jkt(String),
    /// A `cnf.jkt` member that is not a non-empty string (`123`, `[]`, `""`…).
    Malformed(Value),
}

impl VerifiedToken {
    /// The token's `cnf.jkt` binding.
    pub fn binding(&self) -> Binding {
        let cnf = self.claims.get("cnf");
        match cnf
            .as_deref()
            .and_then(Value::as_object)
            .and_then(|c| c.get("jkt"))
        {
            None => Binding::Unbound,
            Some(Value::String(j)) if !j.is_empty() => Binding::Jkt(j.clone()),
            Some(other) => Binding::Malformed(other.clone()),
        }
    }
}

/// A verified access token.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    /// The JOSE header.
    pub header: JsonObject,
    /// All claims.
    pub claims: JsonObject,
    /// The algorithm it was verified with.
    pub alg: Algorithm,
    /// The key id it was verified with (none for HMAC).
    pub kid: Option<String>,
    /// The issuer it came from.
    pub issuer: Issuer,
    /// Scopes granted (and permissions, if those were accepted).
    pub scopes: Vec<String>,
    /// `cnf.jkt` when the token is DPoP-bound (RFC 9449 §6.1).
    pub bound_jkt: Option<String>,
}
