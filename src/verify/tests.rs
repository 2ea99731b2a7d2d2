//! Every access-token check, each with a test that fails when the check is removed.

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::*;
use crate::clock::FixedClock;
use crate::jose::{self, Algorithm, JoseError, Object};
use crate::jwk::JwkSet;
use crate::keys::SigningKey;
use crate::types::{HmacSecret, Issuer};

const NOW: i64 = 1_795_341_600; // 2026-11-22T10:00:00Z
const ISS: &str = "https://tenant.us.auth0.com/";
const AUD: &str = "https://api.example.com";

fn rsa() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate_rsa().unwrap().with_kid("k1"))
}

fn other_rsa() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate_rsa().unwrap().with_kid("k1"))
}

fn keys() -> JwkSet {
    let doc = json!({"keys": [Value::Object(rsa().public_jwk())]});
    JwkSet::parse(doc.to_string().as_bytes()).unwrap()
}

fn claims() -> Object {
    obj(
        json!({"iss": ISS, "sub": "client@clients", "aud": AUD, "iat": NOW - 60, "exp": NOW + 3600, "scope": "read:messages write:messages"}),
    )
}

fn obj(v: Value) -> Object {
    v.as_object().unwrap().clone()
}

fn sign(claims: &Object) -> String {
    rsa()
        .sign_jwt(Algorithm::RS256, &obj(json!({"typ": "JWT"})), claims)
        .unwrap()
}

fn with(changes: Value) -> Object {
    let mut c = claims();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            c.remove(k);
        } else {
            c.insert(k.clone(), v.clone());
        }
    }
    c
}

/// A token with a hand-made header, signed by the tenant key.
fn with_header(header: Value, claims: &Object) -> String {
    let input = format!(
        "{}.{}",
        jose::b64(header.to_string()),
        jose::b64(Value::Object(claims.clone()).to_string())
    );
    let sig = rsa().sign(Algorithm::RS256, input.as_bytes()).unwrap();
    format!("{input}.{}", jose::b64(sig))
}

fn policy() -> AccessTokenPolicy {
    AccessTokenPolicy::new(vec![Issuer::from_domain(ISS).unwrap()], vec![AUD.into()])
}

fn check(policy: &AccessTokenPolicy, token: &str) -> Result<VerifiedToken, TokenError> {
    policy.verify(token, &keys(), &FixedClock(NOW))
}

fn vectors(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_good_token_verifies_and_reports_what_it_grants() {
    let t = check(&policy(), &sign(&claims())).unwrap();
    assert_eq!(t.alg, Algorithm::RS256);
    assert_eq!(t.kid.as_deref(), Some("k1"));
    assert_eq!(t.issuer.as_str(), ISS);
    assert_eq!(t.scopes, vec!["read:messages", "write:messages"]);
    assert_eq!(t.bound_jkt, None);
}

#[test]
fn ps256_is_allowed_by_default_and_other_algorithms_are_not() {
    let ps = rsa()
        .sign_jwt(Algorithm::PS256, &Object::new(), &claims())
        .unwrap();
    check(&policy(), &ps).unwrap();
    let rs512 = rsa()
        .sign_jwt(Algorithm::RS512, &Object::new(), &claims())
        .unwrap();
    assert!(matches!(
        check(&policy(), &rs512),
        Err(TokenError::AlgorithmNotAllowed { .. })
    ));
    check(&policy().with_algorithms(vec![Algorithm::RS512]), &rs512).unwrap();
    assert!(matches!(
        check(
            &policy().with_algorithms(vec![Algorithm::RS512]),
            &sign(&claims())
        ),
        Err(TokenError::AlgorithmNotAllowed { .. })
    ));
}

#[test]
fn rfc7515_rs256_vector_verifies_with_its_key_and_fails_only_on_exp() {
    let v = vectors("rfc7515-jws.json");
    let jwt = v["rs256"]["jwt"].as_str().unwrap();
    let mut jwk = obj(v["rs256"]["public_jwk"].clone());
    jwk.insert("kid".into(), json!("rfc"));
    let key = crate::jwk::PublicKey::from_jwk(&jwk).unwrap();
    let jws = jose::CompactJws::parse(jwt).unwrap();
    key.verify(
        Algorithm::RS256,
        jws.signing_input.as_bytes(),
        &jws.signature,
    )
    .unwrap();
    // One flipped bit anywhere in the signature breaks it.
    let mut flipped = jws.signature.clone();
    flipped[17] ^= 0x01;
    assert!(
        key.verify(Algorithm::RS256, jws.signing_input.as_bytes(), &flipped)
            .is_err()
    );
    // Through the full policy (issuer "joe", no aud, no kid in the vector's header),
    // the token is refused for what it lacks, never accepted.
    let joe = AccessTokenPolicy::new(
        vec![Issuer::from_domain("joe.example").unwrap()],
        vec![AUD.into()],
    );
    let set = JwkSet::from_keys(vec![key]);
    assert!(joe.verify(jwt, &set, &FixedClock(1_300_819_379)).is_err());
}

#[test]
fn unsecured_and_hmac_rfc_vectors_are_refused() {
    let v = vectors("rfc7515-jws.json");
    let none = v["unsecured_alg_none"].as_str().unwrap();
    assert!(matches!(
        check(&policy(), none),
        Err(TokenError::AlgorithmNone(_))
    ));
    let hs = v["hs256"]["jwt"].as_str().unwrap();
    assert_eq!(
        check(&policy(), hs).unwrap_err(),
        TokenError::SymmetricWithoutSecret("HS256".into())
    );
}

#[test]
fn alg_none_in_any_case_is_refused_even_with_a_signature() {
    for alg in ["none", "None", "NONE", "nOnE"] {
        let t = with_header(json!({"alg": alg, "kid": "k1"}), &claims());
        assert!(
            matches!(check(&policy(), &t), Err(TokenError::AlgorithmNone(_))),
            "{alg}"
        );
    }
}

#[test]
fn hs256_verifies_only_where_both_the_algorithm_and_the_secret_are_named() {
    let secret = "a-shared-secret-of-sufficient-length!";
    let input = format!(
        "{}.{}",
        jose::b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        jose::b64(Value::Object(claims()).to_string())
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes());
    let token = format!(
        "{input}.{}",
        jose::b64(aws_lc_rs::hmac::sign(&key, input.as_bytes()))
    );
    assert!(matches!(
        check(&policy(), &token),
        Err(TokenError::SymmetricWithoutSecret(_))
    ));
    // The secret alone accepts nothing; the algorithm alone neither.
    assert!(matches!(
        check(&policy().with_hmac_secret(HmacSecret::new(secret)), &token),
        Err(TokenError::SymmetricWithoutSecret(_))
    ));
    let hs256 = || policy().with_algorithms(vec![Algorithm::RS256, Algorithm::HS256]);
    assert!(matches!(
        check(&hs256(), &token),
        Err(TokenError::SymmetricWithoutSecret(_))
    ));
    check(&hs256().with_hmac_secret(HmacSecret::new(secret)), &token).unwrap();
    assert!(matches!(
        check(
            &hs256().with_hmac_secret(HmacSecret::new("another")),
            &token
        ),
        Err(TokenError::BadSignature { .. })
    ));
    // Named HS256 does not make HS512 acceptable, nor an unknown HS* name.
    let hs512 = with_header(json!({"alg": "HS512"}), &claims());
    let hs999 = with_header(json!({"alg": "HS999"}), &claims());
    for t in [&hs512, &hs999] {
        assert!(matches!(
            check(&hs256().with_hmac_secret(HmacSecret::new(secret)), t),
            Err(TokenError::SymmetricWithoutSecret(_))
        ));
    }
}

#[test]
fn key_confusion_hs256_with_the_public_key_as_secret_is_refused() {
    let pem_like = Value::Object(rsa().public_jwk()).to_string();
    let input = format!(
        "{}.{}",
        jose::b64(r#"{"alg":"HS256","kid":"k1"}"#),
        jose::b64(Value::Object(claims()).to_string())
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, pem_like.as_bytes());
    let token = format!(
        "{input}.{}",
        jose::b64(aws_lc_rs::hmac::sign(&key, input.as_bytes()))
    );
    assert!(matches!(
        check(&policy(), &token),
        Err(TokenError::SymmetricWithoutSecret(_))
    ));
}

#[test]
fn the_key_is_chosen_by_kid_and_must_serve_the_algorithm() {
    let no_kid = with_header(json!({"alg": "RS256"}), &claims());
    assert_eq!(
        check(&policy(), &no_kid).unwrap_err(),
        TokenError::MissingKid
    );
    let unknown = with_header(json!({"alg": "RS256", "kid": "nope"}), &claims());
    assert!(matches!(
        check(&policy(), &unknown),
        Err(TokenError::UnknownKid { .. })
    ));
    let es = with_header(json!({"alg": "ES256", "kid": "k1"}), &claims());
    let allow_es = policy().with_algorithms(vec![Algorithm::RS256, Algorithm::ES256]);
    assert!(matches!(
        check(&allow_es, &es),
        Err(TokenError::KeyAlgorithmMismatch { .. })
    ));
}

#[test]
fn signatures_from_another_key_or_with_a_flipped_bit_fail() {
    let forged = other_rsa()
        .sign_jwt(Algorithm::RS256, &Object::new(), &claims())
        .unwrap();
    assert!(matches!(
        check(&policy(), &forged),
        Err(TokenError::BadSignature { .. })
    ));
    let good = sign(&claims());
    let (input, sig) = good.rsplit_once('.').unwrap();
    let mut bytes = jose::decode_segment(sig, jose::Part::Signature).unwrap();
    bytes[0] ^= 0x80;
    let flipped = format!("{input}.{}", jose::b64(bytes));
    assert!(matches!(
        check(&policy(), &flipped),
        Err(TokenError::BadSignature { .. })
    ));
    let unsigned = format!("{input}.");
    assert!(matches!(
        check(&policy(), &unsigned),
        Err(TokenError::BadSignature { .. })
    ));
}

#[test]
fn attacker_key_headers_are_ignored_never_trusted() {
    let attacker = other_rsa();
    for extra in ["jku", "x5u"] {
        let mut h = json!({"alg": "RS256", "kid": "k1"});
        h[extra] = json!("https://attacker.example/keys");
        let forged = attacker
            .sign_jwt(Algorithm::RS256, h.as_object().unwrap(), &claims())
            .unwrap();
        assert!(
            matches!(
                check(&policy(), &forged),
                Err(TokenError::BadSignature { .. })
            ),
            "{extra}"
        );
    }
    let h = json!({"jwk": Value::Object(attacker.public_jwk())});
    let forged = attacker
        .sign_jwt(Algorithm::RS256, h.as_object().unwrap(), &claims())
        .unwrap();
    assert!(matches!(
        check(&policy(), &forged),
        Err(TokenError::BadSignature { .. })
    ));
    // A genuine token that merely carries such headers still verifies with the tenant key.
    let t = with_header(
        json!({"alg": "RS256", "kid": "k1", "jku": "https://attacker.example/"}),
        &claims(),
    );
    check(&policy(), &t).unwrap();
}

#[test]
fn critical_extensions_unencoded_payloads_and_nested_jwts_are_refused() {
    let crit = with_header(
        json!({"alg": "RS256", "kid": "k1", "crit": ["exp"], "exp": 1}),
        &claims(),
    );
    assert!(matches!(
        check(&policy(), &crit),
        Err(TokenError::CriticalHeader(_))
    ));
    let b64 = with_header(
        json!({"alg": "RS256", "kid": "k1", "b64": false}),
        &claims(),
    );
    assert_eq!(
        check(&policy(), &b64).unwrap_err(),
        TokenError::UnencodedPayload
    );
    let nested = with_header(
        json!({"alg": "RS256", "kid": "k1", "cty": "JWT"}),
        &claims(),
    );
    assert_eq!(
        check(&policy(), &nested).unwrap_err(),
        TokenError::NestedJwt
    );
}

#[test]
fn duplicate_claims_are_refused_before_anything_else() {
    let input = format!(
        "{}.{}",
        jose::b64(r#"{"alg":"RS256","kid":"k1"}"#),
        jose::b64(format!(
            r#"{{"iss":"{ISS}","aud":"{AUD}","aud":"x","iat":1,"exp":{}}}"#,
            NOW + 10
        ))
    );
    let sig = rsa().sign(Algorithm::RS256, input.as_bytes()).unwrap();
    let token = format!("{input}.{}", jose::b64(sig));
    let err = check(&policy(), &token).unwrap_err();
    assert!(
        matches!(&err, TokenError::Malformed(JoseError::Json { .. })),
        "{err}"
    );
    assert!(err.strict_rule().is_some());
}

#[test]
fn the_issuer_must_match_exactly_including_the_trailing_slash() {
    for iss in [
        "https://tenant.us.auth0.com",
        "https://TENANT.us.auth0.com/",
        "https://evil.example/",
    ] {
        let err = check(&policy(), &sign(&with(json!({"iss": iss})))).unwrap_err();
        assert!(
            matches!(err, TokenError::IssuerMismatch { .. }),
            "{iss}: {err}"
        );
        assert_eq!(
            err.sdk_description(),
            "Token issuer does not match the discovery issuer"
        );
    }
    assert_eq!(
        check(&policy(), &sign(&with(json!({"iss": null})))).unwrap_err(),
        TokenError::MissingIssuer
    );
    assert!(matches!(
        check(&policy(), &sign(&with(json!({"iss": 7})))),
        Err(TokenError::InvalidClaim { claim: "iss", .. })
    ));
}

#[test]
fn several_issuers_accept_any_of_them_and_name_the_list_otherwise() {
    let two = AccessTokenPolicy::new(
        vec![
            Issuer::from_domain("auth.example.com").unwrap(),
            Issuer::from_domain(ISS).unwrap(),
        ],
        vec![AUD.into()],
    );
    check(&two, &sign(&claims())).unwrap();
    let err = check(&two, &sign(&with(json!({"iss": "https://other.example/"})))).unwrap_err();
    assert!(matches!(err, TokenError::IssuerNotAllowed { .. }));
    assert!(
        err.to_string().contains("https://auth.example.com/"),
        "{err}"
    );
}

#[test]
fn audience_string_or_array_must_contain_a_configured_audience() {
    check(
        &policy(),
        &sign(&with(json!({"aud": ["https://other", AUD]}))),
    )
    .unwrap();
    let err = check(&policy(), &sign(&with(json!({"aud": "https://other"})))).unwrap_err();
    assert!(
        err.to_string().contains("https://other") && err.to_string().contains(AUD),
        "{err}"
    );
    assert_eq!(err.sdk_description(), "Audience mismatch (single aud)");
    let err = check(&policy(), &sign(&with(json!({"aud": ["a", "b"]})))).unwrap_err();
    assert_eq!(
        err.sdk_description(),
        "Audience mismatch (not in token's aud array)"
    );
    for bad in [json!(42), json!({"a": AUD}), json!([AUD, 1])] {
        assert!(matches!(
            check(&policy(), &sign(&with(json!({"aud": bad})))),
            Err(TokenError::InvalidAudience(_))
        ));
    }
    assert_eq!(
        check(&policy(), &sign(&with(json!({"aud": null})))).unwrap_err(),
        TokenError::MissingAudience
    );
    let two = AccessTokenPolicy::new(
        vec![Issuer::from_domain(ISS).unwrap()],
        vec!["https://x".into(), AUD.into()],
    );
    check(&two, &sign(&claims())).unwrap();
}

#[test]
fn expiry_is_required_exact_and_says_how_long_ago() {
    let err = check(&policy(), &sign(&with(json!({"exp": NOW - 192})))).unwrap_err();
    assert_eq!(
        err,
        TokenError::Expired {
            exp: NOW - 192,
            ago: 192
        }
    );
    assert_eq!(
        err.to_string(),
        "token expired 3m12s ago (exp 2026-11-22T09:56:48Z)"
    );
    // exp == now is expired (the SDK's `now >= exp`).
    assert!(matches!(
        check(&policy(), &sign(&with(json!({"exp": NOW})))),
        Err(TokenError::Expired { .. })
    ));
    check(
        &policy().with_leeway(200),
        &sign(&with(json!({"exp": NOW - 192}))),
    )
    .unwrap();
    assert_eq!(
        check(&policy(), &sign(&with(json!({"exp": null})))).unwrap_err(),
        TokenError::MissingExpiry
    );
}

#[test]
fn numeric_dates_must_be_integers_in_range() {
    for (claim, bad) in [
        ("exp", json!("1795345200")),
        ("exp", json!(1795345200.5)),
        ("exp", json!(-1)),
        ("exp", json!(1e300)),
        ("exp", json!(99_999_999_999_999_i64)),
        ("iat", json!("0")),
        ("nbf", json!(true)),
    ] {
        let err = check(&policy(), &sign(&with(json!({ claim: bad })))).unwrap_err();
        assert!(
            matches!(err, TokenError::InvalidTime { .. }),
            "{claim}={bad}: {err}"
        );
    }
}

#[test]
fn iat_is_required() {
    assert_eq!(
        check(&policy(), &sign(&with(json!({"iat": null})))).unwrap_err(),
        TokenError::MissingIssuedAt
    );
}

#[test]
fn nbf_in_the_future_is_refused_unlike_the_sdk() {
    let err = check(&policy(), &sign(&with(json!({"nbf": NOW + 90})))).unwrap_err();
    assert_eq!(
        err,
        TokenError::NotYetValid {
            nbf: NOW + 90,
            wait: 90
        }
    );
    assert!(err.strict_rule().unwrap().contains("RFC 7519"));
    check(&policy(), &sign(&with(json!({"nbf": NOW})))).unwrap();
    check(
        &policy().with_leeway(90),
        &sign(&with(json!({"nbf": NOW + 90}))),
    )
    .unwrap();
}

#[test]
fn required_scopes_must_all_be_granted() {
    let p = policy().require_scopes(vec!["read:messages".into()]);
    check(&p, &sign(&claims())).unwrap();
    let p = policy().require_scopes(vec!["read:messages".into(), "delete:messages".into()]);
    let err = check(&p, &sign(&claims())).unwrap_err();
    assert_eq!(err.status(), 403);
    assert_eq!(err.code(), ErrorCode::InsufficientScope);
    assert!(err.to_string().contains("\"delete:messages\""), "{err}");
    // Substrings are not scopes.
    let p = policy().require_scopes(vec!["read".into()]);
    assert!(check(&p, &sign(&claims())).is_err());
    let none = policy().require_scopes(vec!["read:messages".into()]);
    assert!(check(&none, &sign(&with(json!({"scope": null})))).is_err());
}

#[test]
fn rbac_permissions_count_only_when_asked() {
    let token = sign(&with(
        json!({"scope": null, "permissions": ["read:messages"]}),
    ));
    let p = policy().require_scopes(vec!["read:messages".into()]);
    assert!(matches!(
        check(&p, &token),
        Err(TokenError::InsufficientScope { .. })
    ));
    check(
        &p.with_scope_source(ScopeSource::ScopeOrPermissions),
        &token,
    )
    .unwrap();
}

#[test]
fn dpop_bound_tokens_report_their_jkt() {
    let t = check(&policy(), &sign(&with(json!({"cnf": {"jkt": "abc"}})))).unwrap();
    assert_eq!(t.bound_jkt.as_deref(), Some("abc"));
}

#[test]
fn huge_and_malformed_tokens_fail_fast_with_a_reason() {
    let huge = format!("{}.{}.{}", "a".repeat(20_000), "b", "c");
    assert!(matches!(
        check(&policy(), &huge),
        Err(TokenError::Malformed(JoseError::TooLong { .. }))
    ));
    for (t, want) in [("a.b", 2), ("a.b.c.d", 4), ("a.b.c.d.e", 5)] {
        assert_eq!(
            check(&policy(), t).unwrap_err(),
            TokenError::Malformed(JoseError::Segments(want))
        );
    }
}

#[test]
fn every_rejection_is_an_invalid_token_401_except_scope() {
    let err = check(&policy(), &sign(&with(json!({"exp": 1})))).unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::InvalidToken, 401));
    assert_eq!(err.sdk_description(), "Token is expired");
}
