//! The interop suite's findings (tests/interop), one regression test each:
//! where both refuse, the answer is auth0-api-python's exactly; where the
//! SDK fails (500), the 500 the app answers; auth0-tok's own reason kept.

use std::cell::RefCell;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::request::SDK_FAILS;
use super::*;
use crate::clock::FixedClock;
use crate::dpop::{DpopKey, ath};
use crate::jose::{self, Algorithm, Object};
use crate::jwk::JwkSet;
use crate::keys::SigningKey;
use crate::types::Issuer;

const NOW: i64 = 1_795_341_600;
const ISS: &str = "https://tenant.us.auth0.com/";
const AUD: &str = "https://api.example.com";
const URL: &str = "https://api.example.com/messages";

fn rsa() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate_rsa().unwrap().with_kid("k1"))
}

fn keys() -> JwkSet {
    JwkSet::parse(
        json!({"keys": [Value::Object(rsa().public_jwk())]})
            .to_string()
            .as_bytes(),
    )
    .unwrap()
}

fn token(extra: Value) -> String {
    let mut c = json!({"iss": ISS, "sub": "u", "aud": AUD, "iat": NOW - 10, "exp": NOW + 3600});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    rsa()
        .sign_jwt(Algorithm::RS256, &Object::new(), c.as_object().unwrap())
        .unwrap()
}

fn policy(scopes: &[&str]) -> RequestPolicy {
    RequestPolicy {
        access: AccessTokenPolicy::new(vec![Issuer::from_domain(ISS).unwrap()], vec![AUD.into()])
            .with_algorithms(vec![Algorithm::RS256]),
        mode: DpopMode::Allowed,
        dpop: DpopPolicy::default(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
    }
}

fn request(headers: &[(&str, &str)]) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url: URL.into(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

fn bearer_with(policy: &RequestPolicy, keys: &JwkSet, authorization: &str) -> Rejection {
    verify_request(
        &request(&[("Authorization", authorization)]),
        policy,
        keys,
        &FixedClock(NOW),
    )
    .outcome
    .unwrap_err()
}

fn bearer(token: &str) -> Rejection {
    bearer_with(&policy(&[]), &keys(), &format!("Bearer {token}"))
}

/// Refused by both, with the SDK's description and its challenge.
fn assert_sdk_refuses(r: &Rejection, description: &str) {
    assert_eq!((r.status, r.code), (401, ErrorCode::InvalidToken), "{r:?}");
    assert_eq!(r.description, description, "{r:?}");
    assert_eq!(r.strict_rule, None, "the SDK refuses too: {r:?}");
    assert!(!r.description_approximate, "{r:?}");
    assert_eq!(
        r.www_authenticate(DpopMode::Allowed).unwrap(),
        format!(
            "Bearer error=\"invalid_token\", error_description=\"{description}\", DPoP algs=\"ES256\""
        )
    );
}

fn tamper(jwt: &str) -> String {
    let (head, sig) = jwt.rsplit_once('.').unwrap();
    let mut raw = URL_SAFE_NO_PAD.decode(sig).unwrap();
    let middle = raw.len() / 2;
    raw[middle] ^= 1;
    format!("{head}.{}", URL_SAFE_NO_PAD.encode(raw))
}

#[test]
fn token_issuer_without_the_trailing_slash_gets_the_sdks_second_issuer_check() {
    let iss = ISS.trim_end_matches('/');
    let r = bearer(&token(json!({ "iss": iss })));
    assert_sdk_refuses(
        &r,
        "Verified Token issuer does not match the discovery issuer",
    );
    // auth0-tok's own reason stays in `detail`.
    assert!(
        r.detail.contains("is not the expected issuer"),
        "{}",
        r.detail
    );
}

#[test]
fn token_issuer_with_an_upper_case_host_gets_the_sdks_second_issuer_check() {
    let r = bearer(&token(json!({"iss": "https://TENANT.us.auth0.com/"})));
    assert_sdk_refuses(
        &r,
        "Verified Token issuer does not match the discovery issuer",
    );
}

#[test]
fn token_issuer_without_the_trailing_slash_and_a_bad_signature_gets_the_signature_answer() {
    let iss = ISS.trim_end_matches('/');
    let r = bearer(&tamper(&token(json!({ "iss": iss }))));
    assert_sdk_refuses(&r, "Signature verification failed: bad_signature: ");
}

#[test]
fn token_issuer_with_a_path_or_over_http_gets_the_sdks_format_error() {
    let r = bearer(&token(
        json!({"iss": "https://tenant.us.auth0.com/tenant/"}),
    ));
    assert_sdk_refuses(
        &r,
        "Invalid token issuer format: invalid domain URL (path/query/fragment are not allowed)",
    );
    let r = bearer(&token(json!({"iss": "http://tenant.us.auth0.com/"})));
    assert_sdk_refuses(
        &r,
        "Invalid token issuer format: invalid domain URL (https required)",
    );
    let r = bearer(&token(json!({"iss": 7})));
    assert_sdk_refuses(
        &r,
        "Invalid token issuer format: domain must be a non-empty string",
    );
    let r = bearer(&token(json!({"iss": ""})));
    assert_sdk_refuses(&r, "Token missing 'iss' claim");
}

#[test]
fn token_issuer_of_another_host_is_refused_before_any_key_is_looked_at() {
    let asked = RefCell::new(Vec::new());
    let set = keys();
    let decision = verify_request_with(
        &request(&[(
            "Authorization",
            &format!("Bearer {}", token(json!({"iss": "https://evil.example/"}))),
        )]),
        &policy(&[]),
        &|pre| {
            asked.borrow_mut().push(pre.issuer().to_string());
            &set
        },
        &FixedClock(NOW),
    );
    let r = decision.outcome.unwrap_err();
    assert_sdk_refuses(&r, "Token issuer does not match the discovery issuer");
    assert!(
        asked.borrow().is_empty(),
        "keys asked for {:?}",
        asked.borrow()
    );
}

#[test]
fn a_loose_issuer_asks_only_for_the_configured_issuers_keys() {
    let asked = RefCell::new(Vec::new());
    let set = keys();
    let iss = ISS.trim_end_matches('/');
    let decision = verify_request_with(
        &request(&[(
            "Authorization",
            &format!("Bearer {}", token(json!({ "iss": iss }))),
        )]),
        &policy(&[]),
        &|pre| {
            asked.borrow_mut().push(pre.issuer().to_string());
            &set
        },
        &FixedClock(NOW),
    );
    assert!(decision.outcome.is_err());
    assert_eq!(*asked.borrow(), vec![ISS.to_owned()]);
}

#[test]
fn a_loose_issuer_without_the_keys_at_hand_is_described_approximately() {
    let iss = ISS.trim_end_matches('/');
    let r = bearer_with(
        &policy(&[]),
        &JwkSet::default(),
        &format!("Bearer {}", token(json!({ "iss": iss }))),
    );
    assert_eq!(
        r.description,
        "Verified Token issuer does not match the discovery issuer"
    );
    assert!(r.description_approximate);
    assert_eq!(r.strict_rule, None);
}

#[test]
fn a_loose_issuer_with_an_unknown_kid_gets_no_matching_key() {
    let other = SigningKey::generate_rsa().unwrap().with_kid("other");
    let claims =
        json!({"iss": "https://tenant.us.auth0.com", "aud": AUD, "iat": NOW, "exp": NOW + 60});
    let t = other
        .sign_jwt(
            Algorithm::RS256,
            &Object::new(),
            claims.as_object().unwrap(),
        )
        .unwrap();
    assert_sdk_refuses(&bearer(&t), "No matching key found in JWKS");
}

fn with_header(header: &[u8], t: &str) -> String {
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        t.split_once('.').unwrap().1
    )
}

#[test]
fn token_header_not_json_quotes_pythons_json_error() {
    let t = token(json!({}));
    let cases: &[(&[u8], &str)] = &[
        (b"not json", "Expecting value: line 1 column 1 (char 0)"),
        (b"", "Expecting value: line 1 column 1 (char 0)"),
        (
            b"{\"alg\":\"RS256\"} x",
            "Extra data: line 1 column 17 (char 16)",
        ),
        (
            b"{alg:\"RS256\"}",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
    ];
    for (header, message) in cases {
        let r = bearer(&with_header(header, &t));
        assert_sdk_refuses(&r, &format!("Failed to parse token header: {message}"));
        assert!(r.detail.starts_with("malformed token"), "{}", r.detail);
    }
    // Python 3.13 words a trailing comma otherwise: approximate.
    let r = bearer(&with_header(b"{\"alg\":\"RS256\",}", &t));
    assert!(r.description_approximate, "{r:?}");
}

#[test]
fn token_header_that_is_not_an_object_makes_the_sdk_fail() {
    let r = bearer(&with_header(b"[1]", &token(json!({}))));
    assert_eq!((r.status, r.code), (500, ErrorCode::InternalServerError));
    assert!(r.sdk_fails && !r.by_server);
    assert_eq!(r.www_authenticate(DpopMode::Allowed), None);
}

#[test]
fn token_followed_by_a_word_gets_the_sdks_signature_padding_answer() {
    let r = bearer_with(
        &policy(&[]),
        &keys(),
        &format!("Bearer {} extra", token(json!({}))),
    );
    assert_sdk_refuses(
        &r,
        "Signature verification failed: Invalid signature padding: ",
    );
    assert!(r.detail.contains("base64url"), "{}", r.detail);
}

#[test]
fn token_exp_a_string_predicts_the_sdks_500() {
    let r = bearer(&token(json!({"exp": (NOW + 60).to_string()})));
    assert_eq!((r.status, r.code), (500, ErrorCode::InternalServerError));
    assert_eq!(
        r.description,
        "An unexpected error occurred during authentication"
    );
    assert!(r.sdk_fails && !r.by_server);
    assert_eq!(r.strict_rule, Some(SDK_FAILS));
    assert!(r.detail.contains("TypeError"), "{}", r.detail);
    assert_eq!(r.www_authenticate(DpopMode::Allowed), None);
    // The RFCs' answer is the refusal of the token.
    let (status, challenge) = r.rfc_answer(DpopMode::Allowed, &[]);
    assert_eq!(status, 401);
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    for exp in [json!([1]), json!({}), Value::Null] {
        assert_eq!(bearer(&token(json!({ "exp": exp }))).status, 500);
    }
}

#[test]
fn token_exp_a_bool_or_a_past_float_is_expired_for_the_sdk_too() {
    for exp in [
        json!(true),
        json!(false),
        json!(NOW as f64 - 0.5),
        json!(-5),
    ] {
        let r = bearer(&token(json!({ "exp": exp })));
        assert_sdk_refuses(&r, "Token is expired");
    }
    // A future float the SDK accepts: auth0-tok's own rule, quoted.
    let r = bearer(&token(json!({"exp": NOW as f64 + 60.5})));
    assert!(r.strict_rule.is_some());
    assert_eq!(r.status, 401);
}

#[test]
fn own_descriptions_are_quoted_in_www_authenticate() {
    let r = bearer(&token(json!({"exp": NOW as f64 + 60.5})));
    assert!(
        r.description.starts_with("\"exp\" must be"),
        "{}",
        r.description
    );
    let header = r.www_authenticate(DpopMode::Allowed).unwrap();
    assert!(
        header.starts_with(
            "Bearer error=\"invalid_token\", error_description=\"\\\"exp\\\" must be an integer"
        ),
        "{header}"
    );
    assert!(
        header.ends_with("found \\\"1795341660.5\\\"\", DPoP algs=\"ES256\""),
        "{header}"
    );
    // An SDK description is kept byte for byte.
    let r = bearer(&token(json!({"exp": NOW - 1})));
    assert_eq!(
        r.www_authenticate(DpopMode::Allowed).unwrap(),
        "Bearer error=\"invalid_token\", error_description=\"Token is expired\", DPoP algs=\"ES256\""
    );
}

#[test]
fn proof_iat_true_is_too_old_for_the_sdk() {
    let key = DpopKey::generate().unwrap();
    let t = token(json!({"cnf": {"jkt": key.thumbprint()}}));
    let claims = json!({"jti": "j", "htm": "GET", "htu": URL, "iat": true, "ath": ath(&t)});
    let header = json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": Value::Object(key.public_jwk())});
    let input = format!(
        "{}.{}",
        jose::b64(header.to_string()),
        jose::b64(claims.to_string())
    );
    let signer = SigningKey::from_pem(&key.to_pem().unwrap()).unwrap();
    let proof = format!(
        "{input}.{}",
        jose::b64(signer.sign(Algorithm::ES256, input.as_bytes()).unwrap())
    );
    let decision = verify_request(
        &request(&[("Authorization", &format!("DPoP {t}")), ("DPoP", &proof)]),
        &policy(&[]),
        &keys(),
        &FixedClock(NOW),
    );
    let r = decision.outcome.unwrap_err();
    assert_eq!((r.status, r.code), (400, ErrorCode::InvalidDpopProof));
    assert_eq!(r.description, "DPoP Proof iat is too old");
    assert_eq!(r.strict_rule, None);
    assert!(r.detail.contains("not a boolean"), "{}", r.detail);
}

#[test]
fn scope_claim_an_array_on_a_scoped_route_predicts_uvicorns_500() {
    let t = token(json!({"scope": ["read:messages"]}));
    let r = bearer_with(&policy(&["read:messages"]), &keys(), &format!("Bearer {t}"));
    assert_eq!(r.status, 500);
    assert!(r.by_server && r.sdk_fails, "{r:?}");
    assert_eq!(r.description, "Internal Server Error");
    assert_eq!(r.strict_rule, Some(SDK_FAILS));
    assert!(r.detail.contains("validate_scopes"), "{}", r.detail);
    assert_eq!(r.www_authenticate(DpopMode::Allowed), None);
    assert_eq!(r.rfc_answer(DpopMode::Allowed, &[]).0, 401);
    // Unscoped, the SDK accepts it: auth0-tok's own rule.
    let r = bearer(&t);
    assert_eq!((r.status, r.sdk_fails), (401, false));
    assert!(r.strict_rule.is_some());
    // A falsy scope is "Insufficient scopes" for the SDK.
    let t = token(json!({"scope": []}));
    let r = bearer_with(&policy(&["read:messages"]), &keys(), &format!("Bearer {t}"));
    assert_eq!((r.status, r.code), (403, ErrorCode::InsufficientScope));
    assert_eq!(r.description, "Insufficient scopes");
    assert_eq!(r.strict_rule, None);
}
