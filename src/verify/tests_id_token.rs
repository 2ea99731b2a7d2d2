//! Every ID-token and logout-token rule, each with a test that fails when
//! the rule is removed.

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::*;
use crate::clock::FixedClock;
use crate::jose::{self, Algorithm, Object};
use crate::jwk::JwkSet;
use crate::keys::SigningKey;
use crate::types::Issuer;

const NOW: i64 = 1_795_341_600; // 2026-11-22T10:00:00Z
const ISS: &str = "https://tenant.us.auth0.com/";
const CLIENT: &str = "c1ient1d";
const ACCESS_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln";

fn rsa() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate_rsa().unwrap().with_kid("k1"))
}

fn p256() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate_p256().unwrap().with_kid("e1"))
}

fn keys() -> JwkSet {
    let doc =
        json!({"keys": [Value::Object(rsa().public_jwk()), Value::Object(p256().public_jwk())]});
    JwkSet::parse(doc.to_string().as_bytes()).unwrap()
}

fn obj(v: Value) -> Object {
    v.as_object().unwrap().clone()
}

fn id_claims() -> Object {
    obj(json!({
        "iss": ISS, "sub": "auth0|0123456789abcdef01234567", "aud": CLIENT,
        "iat": NOW - 60, "exp": NOW + 36000, "auth_time": NOW - 120,
        "nonce": "n-0S6_WzA2Mj", "sid": "s1",
        "at_hash": left_half_hash(Algorithm::RS256, ACCESS_TOKEN),
    }))
}

fn with(mut claims: Object, changes: Value) -> Object {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            claims.remove(k);
        } else {
            claims.insert(k.clone(), v.clone());
        }
    }
    claims
}

fn sign(claims: &Object) -> String {
    sign_typed("JWT", claims)
}

fn sign_typed(typ: &str, claims: &Object) -> String {
    rsa()
        .sign_jwt(Algorithm::RS256, &obj(json!({"typ": typ})), claims)
        .unwrap()
}

fn policy() -> IdTokenPolicy {
    IdTokenPolicy::new(Issuer::from_domain(ISS).unwrap(), CLIENT)
        .with_nonce("n-0S6_WzA2Mj")
        .with_access_token(ACCESS_TOKEN)
}

fn check(policy: &IdTokenPolicy, claims: &Object) -> Result<VerifiedIdToken, IdTokenError> {
    policy.verify(&sign(claims), &keys(), &FixedClock(NOW))
}

fn err(changes: Value) -> IdTokenError {
    check(&policy(), &with(id_claims(), changes)).unwrap_err()
}

#[test]
fn a_token_auth0_issues_at_login_verifies() {
    let t = check(&policy(), &id_claims()).unwrap();
    assert_eq!(t.subject(), Some("auth0|0123456789abcdef01234567"));
    assert_eq!(t.sid(), Some("s1"));
    assert_eq!(t.alg(), Algorithm::RS256);
    assert_eq!(t.unchecked_nonce(), None);
    assert_eq!(t.claims().get_str("nonce"), Some("n-0S6_WzA2Mj"));
    assert_eq!(t.header().get_str("typ"), Some("JWT"));
}

#[test]
fn the_signature_is_checked_with_the_issuers_key() {
    let other = SigningKey::generate_rsa().unwrap().with_kid("k1");
    let token = other
        .sign_jwt(Algorithm::RS256, &obj(json!({})), &id_claims())
        .unwrap();
    let e = policy()
        .verify(&token, &keys(), &FixedClock(NOW))
        .unwrap_err();
    assert!(
        matches!(e, IdTokenError::Signature(TokenError::BadSignature { .. })),
        "{e:?}"
    );
    assert!(e.to_string().contains("§3.1.3.7 step 6"), "{e}");
    let unknown = SigningKey::generate_rsa().unwrap().with_kid("k9");
    let token = unknown
        .sign_jwt(Algorithm::RS256, &obj(json!({})), &id_claims())
        .unwrap();
    let e = policy()
        .verify(&token, &keys(), &FixedClock(NOW))
        .unwrap_err();
    assert!(
        matches!(e, IdTokenError::Signature(TokenError::UnknownKid { .. })),
        "{e:?}"
    );
}

#[test]
fn only_rs256_unless_the_allow_list_says_otherwise() {
    let es = p256()
        .sign_jwt(Algorithm::ES256, &obj(json!({})), &id_claims())
        .unwrap();
    let e = policy().verify(&es, &keys(), &FixedClock(NOW)).unwrap_err();
    assert!(
        matches!(
            e,
            IdTokenError::Header(TokenError::AlgorithmNotAllowed { .. })
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("step 7"), "{e}");
    // With ES256 allowed, at_hash is then computed with SHA-256 too.
    let allowed = policy().with_algorithms(vec![Algorithm::ES256]);
    allowed.verify(&es, &keys(), &FixedClock(NOW)).unwrap();
}

#[test]
fn alg_none_and_hmac_are_never_accepted() {
    let none = format!(
        "{}.{}.",
        jose::b64(r#"{"alg":"none"}"#),
        jose::b64(Value::Object(id_claims()).to_string())
    );
    let e = policy()
        .verify(&none, &keys(), &FixedClock(NOW))
        .unwrap_err();
    assert!(
        matches!(e, IdTokenError::Header(TokenError::AlgorithmNone(_))),
        "{e:?}"
    );
    let hs = policy().with_algorithms(vec![Algorithm::HS256]);
    let token = format!(
        "{}.{}.c2ln",
        jose::b64(r#"{"alg":"HS256"}"#),
        jose::b64(Value::Object(id_claims()).to_string())
    );
    let e = hs.verify(&token, &keys(), &FixedClock(NOW)).unwrap_err();
    assert!(
        matches!(
            e,
            IdTokenError::Header(TokenError::SymmetricWithoutSecret(_))
        ),
        "{e:?}"
    );
}

#[test]
fn the_issuer_must_match_exactly() {
    let e = err(json!({"iss": "https://tenant.us.auth0.com"}));
    assert!(matches!(e, IdTokenError::IssuerMismatch { .. }), "{e:?}");
    assert!(e.to_string().contains("step 2"), "{e}");
    assert_eq!(err(json!({"iss": null})), IdTokenError::MissingIssuer);
    assert!(matches!(
        err(json!({"iss": 7})),
        IdTokenError::InvalidClaim { claim: "iss", .. }
    ));
}

#[test]
fn the_audience_must_contain_the_client_id() {
    let e = err(json!({"aud": "someone-else"}));
    assert!(matches!(e, IdTokenError::AudienceMismatch { .. }), "{e:?}");
    assert!(e.to_string().contains("step 3"), "{e}");
    assert_eq!(err(json!({"aud": null})), IdTokenError::MissingAudience);
    assert!(matches!(
        err(json!({"aud": [CLIENT, 3]})),
        IdTokenError::InvalidAudience(_)
    ));
}

#[test]
fn several_audiences_need_azp_equal_to_the_client() {
    let e = err(json!({"aud": [CLIENT, "https://api.example.com"]}));
    assert!(matches!(e, IdTokenError::MissingAzp { .. }), "{e:?}");
    assert!(e.to_string().contains("step 4"), "{e}");
    check(
        &policy(),
        &with(
            id_claims(),
            json!({"aud": [CLIENT, "https://api.example.com"], "azp": CLIENT}),
        ),
    )
    .unwrap();
    let e = err(json!({"azp": "another-client"}));
    assert!(matches!(e, IdTokenError::AzpMismatch { .. }), "{e:?}");
    assert!(e.to_string().contains("step 5"), "{e}");
    assert!(matches!(
        err(json!({"azp": ["x"]})),
        IdTokenError::InvalidClaim { claim: "azp", .. }
    ));
}

#[test]
fn an_access_token_given_as_id_token_is_named_as_such() {
    let access = with(
        id_claims(),
        json!({"aud": ["https://api.example.com", format!("{ISS}userinfo")], "azp": CLIENT, "scope": "openid profile"}),
    );
    let e = check(&policy(), &access).unwrap_err();
    assert!(matches!(e, IdTokenError::AccessTokenGiven { .. }), "{e:?}");
    assert!(e.to_string().contains("access token"), "{e}");
    assert!(e.to_string().contains("openid profile"), "{e}");
    // RFC 9068's explicit type says so even with the client as audience.
    let typed = policy()
        .verify(
            &sign_typed("at+jwt", &id_claims()),
            &keys(),
            &FixedClock(NOW),
        )
        .unwrap_err();
    assert!(
        matches!(typed, IdTokenError::AccessTokenGiven { .. }),
        "{typed:?}"
    );
}

#[test]
fn a_logout_token_given_as_id_token_is_named_as_such() {
    let e = policy()
        .verify(
            &sign_typed("logout+jwt", &id_claims()),
            &keys(),
            &FixedClock(NOW),
        )
        .unwrap_err();
    assert_eq!(e, IdTokenError::LogoutTokenGiven);
    let events = with(
        id_claims(),
        json!({"events": {BACKCHANNEL_LOGOUT_EVENT: {}}}),
    );
    assert_eq!(
        check(&policy(), &events).unwrap_err(),
        IdTokenError::LogoutTokenGiven
    );
}

#[test]
fn exp_must_be_in_the_future_within_the_leeway() {
    let e = err(json!({"exp": NOW}));
    assert!(matches!(e, IdTokenError::Expired { .. }), "{e:?}");
    assert!(e.to_string().contains("step 9"), "{e}");
    assert_eq!(err(json!({"exp": null})), IdTokenError::MissingExpiry);
    assert!(matches!(
        err(json!({"exp": "soon"})),
        IdTokenError::InvalidTime { claim: "exp", .. }
    ));
    check(
        &policy().with_leeway(30),
        &with(id_claims(), json!({"exp": NOW - 29})),
    )
    .unwrap();
}

#[test]
fn iat_must_be_present_and_not_in_the_future() {
    assert_eq!(err(json!({"iat": null})), IdTokenError::MissingIssuedAt);
    let e = err(json!({"iat": NOW + 5}));
    assert!(matches!(e, IdTokenError::IssuedInTheFuture { .. }), "{e:?}");
    assert!(e.to_string().contains("step 10"), "{e}");
    check(
        &policy().with_leeway(5),
        &with(id_claims(), json!({"iat": NOW + 5})),
    )
    .unwrap();
}

#[test]
fn the_nonce_sent_must_come_back() {
    assert_eq!(err(json!({"nonce": null})), IdTokenError::MissingNonce);
    let e = err(json!({"nonce": "replayed"}));
    assert!(matches!(e, IdTokenError::NonceMismatch { .. }), "{e:?}");
    assert!(e.to_string().contains("step 11"), "{e}");
    assert!(matches!(
        err(json!({"nonce": 1})),
        IdTokenError::InvalidClaim { claim: "nonce", .. }
    ));
}

#[test]
fn a_nonce_nobody_expected_is_reported_not_refused() {
    let no_nonce = IdTokenPolicy::new(Issuer::from_domain(ISS).unwrap(), CLIENT);
    let t = check(&no_nonce, &id_claims()).unwrap();
    assert_eq!(t.unchecked_nonce(), Some("n-0S6_WzA2Mj"));
    let t = check(&no_nonce, &with(id_claims(), json!({"nonce": null}))).unwrap();
    assert_eq!(t.unchecked_nonce(), None);
}

#[test]
fn max_age_needs_a_recent_auth_time() {
    let p = policy().with_max_age(300);
    check(&p, &id_claims()).unwrap();
    let e = check(&p, &with(id_claims(), json!({"auth_time": NOW - 301}))).unwrap_err();
    assert!(
        matches!(e, IdTokenError::AuthenticationTooOld { max_age: 300, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("§3.1.2.1"), "{e}");
    assert_eq!(
        check(&p, &with(id_claims(), json!({"auth_time": null}))).unwrap_err(),
        IdTokenError::MissingAuthTime { max_age: 300 }
    );
    check(
        &p.clone().with_leeway(2),
        &with(id_claims(), json!({"auth_time": NOW - 302})),
    )
    .unwrap();
    // Without max_age, auth_time is only type-checked.
    check(&policy(), &with(id_claims(), json!({"auth_time": 0}))).unwrap();
    assert!(matches!(
        err(json!({"auth_time": -1})),
        IdTokenError::InvalidTime {
            claim: "auth_time",
            ..
        }
    ));
}

#[test]
fn at_hash_must_match_the_access_token_given() {
    let other = policy().with_access_token("another.access.token");
    let e = check(&other, &id_claims()).unwrap_err();
    assert!(matches!(e, IdTokenError::AtHashMismatch { .. }), "{e:?}");
    assert!(e.to_string().contains("§3.1.3.8"), "{e}");
    // No access token known: at_hash cannot be checked; none in the token: nothing to check.
    let unknown = IdTokenPolicy::new(Issuer::from_domain(ISS).unwrap(), CLIENT);
    check(&unknown, &id_claims()).unwrap();
    check(&policy(), &with(id_claims(), json!({"at_hash": null}))).unwrap();
    assert!(matches!(
        err(json!({"at_hash": false})),
        IdTokenError::InvalidClaim {
            claim: "at_hash",
            ..
        }
    ));
}

#[test]
fn at_hash_is_the_left_half_of_the_algorithms_hash() {
    // OpenID Connect Core 1.0 §A.3 example: at_hash of its access token.
    assert_eq!(
        left_half_hash(
            Algorithm::RS256,
            "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
        ),
        "77QmUPtjPfzWtF2AnpK9RQ"
    );
    assert_eq!(left_half_hash(Algorithm::RS384, "x").len(), 32); // 24 bytes
    assert_eq!(left_half_hash(Algorithm::PS512, "x").len(), 43); // 32 bytes
    assert_eq!(
        left_half_hash(Algorithm::ES256, "x"),
        left_half_hash(Algorithm::RS256, "x")
    );
}

#[test]
fn the_access_token_is_redacted_in_the_policys_debug() {
    let debug = format!("{:?}", policy());
    assert!(!debug.contains(ACCESS_TOKEN), "{debug}");
}

// Logout tokens (Back-Channel Logout 1.0 §2.6).

fn logout_claims() -> Object {
    obj(json!({
        "iss": ISS, "aud": CLIENT, "iat": NOW - 1, "exp": NOW + 119, "jti": "j-1",
        "sid": "s1", "sub": "auth0|0123456789abcdef01234567",
        "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
    }))
}

fn logout_policy() -> LogoutTokenPolicy {
    LogoutTokenPolicy::new(Issuer::from_domain(ISS).unwrap(), CLIENT)
}

fn logout(typ: Option<&str>, changes: Value) -> Result<VerifiedLogoutToken, LogoutTokenError> {
    let header = match typ {
        Some(t) => json!({"typ": t}),
        None => json!({}),
    };
    let token = rsa()
        .sign_jwt(
            Algorithm::RS256,
            &obj(header),
            &with(logout_claims(), changes),
        )
        .unwrap();
    logout_policy().verify(&token, &keys(), &FixedClock(NOW))
}

fn logout_err(changes: Value) -> LogoutTokenError {
    logout(Some("logout+jwt"), changes).unwrap_err()
}

#[test]
fn a_logout_token_auth0_sends_verifies() {
    let t = logout(Some("logout+jwt"), json!({})).unwrap();
    assert_eq!(t.sid(), Some("s1"));
    assert_eq!(t.subject(), Some("auth0|0123456789abcdef01234567"));
    assert_eq!(t.jti(), "j-1");
    assert_eq!(t.alg(), Algorithm::RS256);
    assert!(t.claims().contains_key("events"));
    assert_eq!(t.header().get_str("typ"), Some("logout+jwt"));
}

#[test]
fn typ_is_logout_jwt_generic_or_absent() {
    logout(None, json!({})).unwrap();
    logout(Some("application/logout+JWT"), json!({})).unwrap();
    logout(Some("JWT"), json!({})).unwrap();
    for other in ["at+jwt", "id_token+jwt", "secevent+jwt"] {
        let e = logout(Some(other), json!({})).unwrap_err();
        assert!(matches!(e, LogoutTokenError::Typ(_)), "{other}: {e:?}");
        assert!(e.to_string().contains("§2.4"), "{e}");
    }
}

#[test]
fn logout_tokens_are_checked_like_id_tokens_for_iss_aud_iat_exp_and_signature() {
    let cases = [
        (json!({"iss": "https://evil.example/"}), "IssuerMismatch"),
        (json!({"aud": "other"}), "AudienceMismatch"),
        (json!({"aud": null}), "MissingAudience"),
        (json!({"iat": null}), "MissingIssuedAt"),
        (json!({"iat": NOW + 60}), "IssuedInTheFuture"),
        (json!({"exp": null}), "MissingExpiry"),
        (json!({"exp": NOW - 1}), "Expired"),
    ];
    for (changes, variant) in cases {
        let e = logout_err(changes.clone());
        let LogoutTokenError::AsIdToken(inner) = &e else {
            panic!("{changes}: {e:?}");
        };
        assert!(
            format!("{inner:?}").starts_with(variant),
            "{changes}: {inner:?}"
        );
        assert!(e.to_string().contains("§2.6"), "{e}");
    }
    let other = SigningKey::generate_rsa().unwrap().with_kid("k1");
    let token = other
        .sign_jwt(Algorithm::RS256, &obj(json!({})), &logout_claims())
        .unwrap();
    let e = logout_policy()
        .verify(&token, &keys(), &FixedClock(NOW))
        .unwrap_err();
    assert!(
        matches!(e, LogoutTokenError::AsIdToken(IdTokenError::Signature(_))),
        "{e:?}"
    );
}

#[test]
fn jti_is_required() {
    assert_eq!(
        logout_err(json!({"jti": null})),
        LogoutTokenError::MissingJti
    );
    assert!(matches!(
        logout_err(json!({"jti": ""})),
        LogoutTokenError::InvalidClaim { claim: "jti", .. }
    ));
}

#[test]
fn events_must_hold_the_backchannel_member_as_an_object() {
    assert_eq!(
        logout_err(json!({"events": null})),
        LogoutTokenError::MissingEvents
    );
    assert!(matches!(
        logout_err(json!({"events": "logout"})),
        LogoutTokenError::InvalidClaim {
            claim: "events",
            ..
        }
    ));
    assert!(matches!(
        logout_err(json!({"events": {"http://schemas.openid.net/event/other": {}}})),
        LogoutTokenError::MissingLogoutEvent { .. }
    ));
    assert!(matches!(
        logout_err(json!({"events": {BACKCHANNEL_LOGOUT_EVENT: true}})),
        LogoutTokenError::LogoutEventNotObject(_)
    ));
    logout(
        Some("logout+jwt"),
        json!({"events": {BACKCHANNEL_LOGOUT_EVENT: {"x": 1}}}),
    )
    .unwrap();
}

#[test]
fn sub_or_sid_must_be_present() {
    assert_eq!(
        logout_err(json!({"sub": null, "sid": null})),
        LogoutTokenError::NoSubjectOrSession
    );
    logout(Some("logout+jwt"), json!({"sub": null})).unwrap();
    logout(Some("logout+jwt"), json!({"sid": null})).unwrap();
    assert!(matches!(
        logout_err(json!({"sid": 5})),
        LogoutTokenError::InvalidClaim { claim: "sid", .. }
    ));
}

#[test]
fn a_nonce_makes_it_no_logout_token() {
    let e = logout_err(json!({"nonce": "n"}));
    assert!(matches!(e, LogoutTokenError::NoncePresent(_)), "{e:?}");
    assert!(e.to_string().contains("step 7"), "{e}");
}

#[test]
fn sub_must_be_a_non_empty_ascii_string() {
    for (changes, why) in [
        (json!({"sub": null}), "has none"),
        (json!({"sub": ""}), "empty"),
        (json!({"sub": 7}), "not a string"),
        (json!({"sub": "a".repeat(256)}), "too long"),
        (json!({"sub": "usér"}), "not ASCII"),
    ] {
        let e = err(changes);
        assert!(matches!(e, IdTokenError::InvalidSubject(_)), "{e:?}");
        assert!(e.to_string().contains(why), "{e}");
        assert!(e.to_string().contains("§2"), "{e}");
    }
}

#[test]
fn a_logout_token_for_several_audiences_needs_azp_as_an_id_token_does() {
    // Back-Channel Logout §2.6 step 4: aud "in the same way" as ID tokens.
    let e = logout_err(json!({"aud": [CLIENT, "other-client"]}));
    assert!(
        matches!(
            e,
            LogoutTokenError::AsIdToken(IdTokenError::MissingAzp { .. })
        ),
        "{e:?}"
    );
    let e = logout_err(json!({"aud": [CLIENT, "other-client"], "azp": "other-client"}));
    assert!(
        matches!(
            e,
            LogoutTokenError::AsIdToken(IdTokenError::AzpMismatch { .. })
        ),
        "{e:?}"
    );
    assert!(
        logout(
            Some("logout+jwt"),
            json!({"aud": [CLIENT, "x"], "azp": CLIENT})
        )
        .is_ok()
    );
}
