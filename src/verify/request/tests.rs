//! The decision with a caller's precheck: the token is not prechecked
//! again, and the decision is the one the decision's own precheck gives.

use super::*;
use crate::clock::FixedClock;
use crate::types::Issuer;
use crate::verify::prechecks;

const NOW: i64 = 1_800_000_000;
const ISSUER: &str = "https://tenant.us.auth0.com/";

fn policy() -> RequestPolicy {
    RequestPolicy {
        access: AccessTokenPolicy::new(
            vec![Issuer::from_domain(ISSUER).unwrap()],
            vec!["https://api".into()],
        ),
        mode: DpopMode::Allowed,
        dpop: DpopPolicy::default(),
        scopes: vec![],
    }
}

/// A token that passes the precheck (its signature is never checked here).
fn token(kid: &str) -> String {
    prechecks::unsigned_token(ISSUER, kid, NOW + 60)
}

fn bearer(token: &str) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url: "https://api/".into(),
        headers: vec![("Authorization".into(), format!("Bearer {token}"))],
    }
}

/// The decision's outcome and trace, for comparing two decisions.
fn shown(decision: &Decision) -> String {
    format!("{:?} {:?}", decision.outcome, decision.trace)
}

#[test]
fn a_prechecked_request_token_is_not_prechecked_again() {
    let policy = policy();
    let keys = JwkSet::default();
    let clock = FixedClock(NOW);
    for token in [token("k1"), "not-a-jwt".to_owned()] {
        let request = bearer(&token);
        let own = verify_request(&request, &policy, &keys, &clock);
        let given = request.precheck_token(&policy.access);
        let before = prechecks::made();
        let decision = verify_request_prechecked(&request, &policy, given, &|_| &keys, &clock);
        assert_eq!(prechecks::made(), before, "{token}");
        assert_eq!(shown(&decision), shown(&own), "{token}");
    }
}

#[test]
fn another_requests_token_is_prechecked_again() {
    let policy = policy();
    let keys = JwkSet::default();
    let clock = FixedClock(NOW);
    let (this, other) = (bearer(&token("k1")), bearer("not-a-jwt"));
    let given = other.precheck_token(&policy.access);
    let before = prechecks::made();
    let decision = verify_request_prechecked(&this, &policy, given, &|_| &keys, &clock);
    assert_eq!(prechecks::made() - before, 1);
    let own = verify_request(&this, &policy, &keys, &clock);
    assert_eq!(shown(&decision), shown(&own));
}
