//! Verifying with a tenant's keys, the steps written once: precheck the
//! token (structure, algorithm, a configured issuer), take the issuer's
//! keys — held (memory, a fresh disk entry) or fetched — refetch them once
//! when they lack the token's `kid` (within the limits the module above
//! describes), then check the signature and claims.
//!
//! [`Tenants::verify_cached`] is the first half alone, without I/O but the
//! cache file: it decides with the keys at hand or says the tenant must be
//! asked, so a caller with a warm cache starts no runtime and no HTTP
//! client. [`Tenants::verify`] is the precheck, that half, then the
//! tenant's ([`Tenants::verify_pending`]).

use std::sync::Arc;

use super::{NoRefetch, TenantError, TenantKeys, Tenants, VerifyFailure};
use crate::jwk::JwkSet;
use crate::verify::{
    AccessTokenPolicy, Decision, HttpRequest, Prechecked, RequestPolicy, Shown, TokenError,
    VerifiedToken, verify_request_prechecked,
};

/// A token checked with the keys at hand ([`Tenants::verify_cached`]).
#[derive(Debug)]
pub enum Cached<'t> {
    /// Decided without the tenant, with the keys held for its issuer.
    Decided(Result<VerifiedToken, TokenError>),
    /// Only the tenant can tell: no fresh keys are held for the issuer, or
    /// they lack the token's `kid` ([`Tenants::verify_pending`]).
    AskTenant(Pending<'t>),
}

/// A prechecked token waiting for its tenant, with the keys held for its
/// issuer (which lack its `kid`), if any.
#[derive(Debug)]
pub struct Pending<'t> {
    token: Prechecked<'t>,
    held: Option<Arc<TenantKeys>>,
}

impl TenantKeys {
    /// Whether these keys can check `token`: they have its `kid` (a token
    /// without one, HS*, is not checked with the key set).
    pub fn can_check(&self, token: &Prechecked<'_>) -> bool {
        token.kid().is_none_or(|kid| self.keys.has_kid(kid))
    }
}

/// The keys to check a token with, and — when they still lack its `kid` —
/// why they were not refetched.
struct KeysFor {
    keys: Arc<TenantKeys>,
    not_refetched: Option<NoRefetch>,
}

impl Tenants {
    /// Verifies `token` under `policy`: precheck, the claimed (allowed)
    /// issuer's keys, one rate-limited refetch on an unknown kid, then the
    /// signature and claims.
    pub async fn verify(
        &self,
        policy: &AccessTokenPolicy,
        token: &str,
    ) -> Result<VerifiedToken, VerifyFailure> {
        self.verify_prechecked(policy, policy.precheck(token)?)
            .await
    }

    /// [`verify`](Self::verify) for a token already prechecked under
    /// `policy` (by a caller that needed its issuer first).
    pub async fn verify_prechecked(
        &self,
        policy: &AccessTokenPolicy,
        token: Prechecked<'_>,
    ) -> Result<VerifiedToken, VerifyFailure> {
        match self.verify_cached(policy, token) {
            Cached::Decided(outcome) => Ok(outcome?),
            Cached::AskTenant(pending) => self.verify_pending(policy, pending).await,
        }
    }

    /// [`verify_prechecked`](Self::verify_prechecked) as far as the keys at
    /// hand go: memory or a fresh disk-cache entry has the issuer's keys
    /// with the token's `kid`; otherwise [`Cached::AskTenant`].
    pub fn verify_cached<'t>(
        &self,
        policy: &AccessTokenPolicy,
        token: Prechecked<'t>,
    ) -> Cached<'t> {
        match self.cached_keys(token.issuer()) {
            Some(keys) if keys.can_check(&token) => {
                self.trace_hit(&keys);
                Cached::Decided(policy.verify_prechecked(token, &keys.keys, self.clock.as_ref()))
            }
            held => Cached::AskTenant(Pending { token, held }),
        }
    }

    /// The tenant's half of [`verify`](Self::verify), for a token the keys
    /// at hand could not settle: the keys fetched (or those held), refetched
    /// once on an unknown kid.
    pub async fn verify_pending(
        &self,
        policy: &AccessTokenPolicy,
        pending: Pending<'_>,
    ) -> Result<VerifiedToken, VerifyFailure> {
        let Pending { token, held } = pending;
        let KeysFor {
            keys,
            not_refetched,
        } = self.keys_for(&token, held).await?;
        if let Some(why) = not_refetched {
            return Err(TokenError::UnknownKid {
                kid: Shown::new(token.kid().unwrap_or_default()),
                refetch_note: Some(why),
            }
            .into());
        }
        Ok(policy.verify_prechecked(token, &keys.keys, self.clock.as_ref())?)
    }

    /// Decides an HTTP request (see [`crate::verify::verify_request`]) with
    /// the keys of the issuer its token claims — fetched only when that
    /// issuer is configured, with the same refetch rule as [`verify`](Self::verify).
    pub async fn verify_request(
        &self,
        request: &HttpRequest,
        policy: &RequestPolicy,
    ) -> Result<Decision, TenantError> {
        // The token is prechecked once: to pick the keys, and for the decision.
        let token = request.precheck_token(&policy.access);
        let keys = match token.as_ref().and_then(|t| t.prechecked()) {
            Some(pre) => {
                let held = self.cached_keys(pre.issuer());
                // Keys that still lack the kid decide it as the API would: refused.
                Some(self.keys_for(pre, held).await?.keys)
            }
            None => None,
        };
        let no_keys = JwkSet::default();
        let set = keys.as_ref().map_or(&no_keys, |k| &k.keys);
        Ok(verify_request_prechecked(
            request,
            policy,
            token,
            &|_| set,
            self.clock.as_ref(),
        ))
    }

    /// The keys to check `token` with: `held` (its issuer's keys at hand),
    /// else the tenant's; refetched once when they lack its `kid`, unless
    /// the refetch limits say no.
    async fn keys_for(
        &self,
        token: &Prechecked<'_>,
        held: Option<Arc<TenantKeys>>,
    ) -> Result<KeysFor, TenantError> {
        let keys = match held {
            Some(keys) => {
                self.trace_hit(&keys);
                keys
            }
            None => self.fetch(token.issuer(), false).await?,
        };
        if keys.can_check(token) {
            return Ok(KeysFor {
                keys,
                not_refetched: None,
            });
        }
        Ok(match self.refetch(token.issuer(), &keys).await? {
            Ok(fresh) => KeysFor {
                keys: fresh,
                not_refetched: None,
            },
            Err(why) => KeysFor {
                keys,
                not_refetched: Some(why),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::{Held, KeySource};
    use super::*;
    use crate::clock::{FixedClock, UnixTime};
    use crate::discovery;
    use crate::http::HttpClient;
    use crate::types::Issuer;
    use crate::verify::prechecks;

    const NOW: UnixTime = 1_800_000_000;
    const ISSUER: &str = "https://tenant.us.auth0.com/";

    fn tenants() -> Tenants {
        Tenants::new(
            HttpClient::new(Duration::from_secs(1)),
            None,
            Arc::new(FixedClock(NOW)),
        )
    }

    fn policy() -> AccessTokenPolicy {
        AccessTokenPolicy::new(
            vec![Issuer::from_domain(ISSUER).unwrap()],
            vec!["https://api".into()],
        )
    }

    /// A token that passes the precheck (its signature is never checked here).
    fn token(kid: &str) -> String {
        prechecks::unsigned_token(ISSUER, kid, NOW + 60)
    }

    fn hold_empty_key_set(tenants: &Tenants) {
        let issuer = Issuer::from_domain(ISSUER).unwrap();
        let keys = Arc::new(TenantKeys {
            discovery: discovery::fallback(&issuer),
            discovery_document: None,
            keys: JwkSet::default(),
            document: serde_json::json!({"keys": []}),
            fetched_at: NOW,
            expires_at: NOW + 600,
            refetched_at: None,
            source: KeySource::Network,
        });
        let held = Held {
            keys: keys.clone(),
            fetched_here: Some(NOW),
            refetched_here: false,
        };
        tenants.remember(&issuer, &keys, Some(held));
    }

    #[tokio::test]
    async fn a_token_refused_by_the_precheck_asks_no_tenant() {
        let outcome = tenants().verify(&policy(), "not-a-jwt").await;
        assert!(
            matches!(
                outcome,
                Err(VerifyFailure::Rejected(TokenError::Malformed(_)))
            ),
            "{outcome:?}"
        );
    }

    #[test]
    fn a_token_whose_issuer_has_no_keys_held_waits_for_its_tenant() {
        let token = token("k1");
        let policy = policy();
        let pre = policy.precheck(&token).unwrap();
        let Cached::AskTenant(pending) = tenants().verify_cached(&policy, pre) else {
            panic!("decided without keys");
        };
        assert_eq!(pending.token.issuer().as_str(), ISSUER);
        assert!(pending.held.is_none());
    }

    #[test]
    fn a_kid_the_held_keys_lack_waits_for_its_tenant_with_those_keys() {
        let tenants = tenants();
        hold_empty_key_set(&tenants);
        let token = token("k1");
        let policy = policy();
        let pre = policy.precheck(&token).unwrap();
        let Cached::AskTenant(pending) = tenants.verify_cached(&policy, pre) else {
            panic!("decided with keys that lack the kid");
        };
        assert!(pending.held.is_some_and(|k| !k.can_check(&pending.token)));
    }

    #[tokio::test]
    async fn a_kid_still_unknown_after_a_fetch_here_is_refused_with_why() {
        // The held keys were fetched by this process a moment ago: no refetch.
        let tenants = tenants();
        hold_empty_key_set(&tenants);
        let token = token("k1");
        let outcome = tenants.verify(&policy(), &token).await;
        assert!(
            matches!(
                outcome,
                Err(VerifyFailure::Rejected(TokenError::UnknownKid {
                    refetch_note: Some(NoRefetch::FetchedRecently { ago: 0 }),
                    ..
                }))
            ),
            "{outcome:?}"
        );
    }

    fn bearer(token: &str) -> HttpRequest {
        HttpRequest {
            method: "GET".into(),
            url: "https://api.example/".into(),
            headers: vec![("Authorization".into(), format!("Bearer {token}"))],
        }
    }

    #[tokio::test]
    async fn a_token_is_prechecked_once_on_the_tenant_path() {
        let tenants = tenants();
        hold_empty_key_set(&tenants);
        let token = token("k1");
        let before = prechecks::made();
        let outcome = tenants.verify(&policy(), &token).await;
        assert!(outcome.is_err(), "{outcome:?}");
        assert_eq!(prechecks::made() - before, 1, "verify");
    }

    #[tokio::test]
    async fn a_request_token_is_prechecked_once_on_the_tenant_path() {
        let tenants = tenants();
        hold_empty_key_set(&tenants);
        let request = bearer(&token("k1"));
        let policy = RequestPolicy {
            access: policy(),
            mode: crate::verify::DpopMode::Allowed,
            dpop: crate::verify::DpopPolicy::default(),
            scopes: vec![],
        };
        let before = prechecks::made();
        let decision = tenants.verify_request(&request, &policy).await.unwrap();
        assert!(decision.outcome.is_err(), "{decision:?}");
        assert_eq!(prechecks::made() - before, 1, "verify_request");
    }
}
