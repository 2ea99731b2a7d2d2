//! Parity with auth0-api-python, and strictness where the RFCs are: each
//! test fails when its check is removed.

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::*;
use crate::clock::FixedClock;
use crate::dpop::{DpopKey, ath};
use crate::jose::{self, Algorithm, Object};
use crate::jwk::{JwkError, JwkSet};
use crate::keys::SigningKey;
use crate::types::{HmacSecret, Issuer};

const NOW: i64 = 1_795_341_600;
const ISS: &str = "https://tenant.us.auth0.com/";
const AUD: &str = "https://api.example.com";
const URL: &str = "https://api.example.com/messages";

fn rsa() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate_rsa().unwrap().with_kid("k1"))
}

fn dpop_key() -> &'static DpopKey {
    static KEY: OnceLock<DpopKey> = OnceLock::new();
    KEY.get_or_init(|| DpopKey::generate().unwrap())
}

fn keys() -> JwkSet {
    let doc = json!({"keys": [Value::Object(rsa().public_jwk())]});
    JwkSet::parse(doc.to_string().as_bytes()).unwrap()
}

fn claims(extra: Value) -> Object {
    let mut c = json!({"iss": ISS, "sub": "u", "aud": AUD, "iat": NOW - 10, "exp": NOW + 3600, "scope": "read:messages"});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c.as_object().unwrap().clone()
}

fn token(extra: Value) -> String {
    rsa()
        .sign_jwt(Algorithm::RS256, &Object::new(), &claims(extra))
        .unwrap()
}

fn access_policy() -> AccessTokenPolicy {
    AccessTokenPolicy::new(vec![Issuer::from_domain(ISS).unwrap()], vec![AUD.into()])
}

fn request_policy(mode: DpopMode) -> RequestPolicy {
    RequestPolicy {
        access: access_policy().with_algorithms(vec![Algorithm::RS256]),
        mode,
        dpop: DpopPolicy::default(),
        scopes: vec![],
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

fn decide(policy: &RequestPolicy, headers: &[(&str, &str)]) -> Decision {
    verify_request(&request(headers), policy, &keys(), &FixedClock(NOW))
}

/// A proof with a hand-made header (signed by the DPoP key).
fn raw_proof(header: Value, claims: Value) -> String {
    let input = format!(
        "{}.{}",
        jose::b64(header.to_string()),
        jose::b64(claims.to_string())
    );
    let key = SigningKey::from_pem(&dpop_key().to_pem().unwrap()).unwrap();
    format!(
        "{input}.{}",
        jose::b64(key.sign(Algorithm::ES256, input.as_bytes()).unwrap())
    )
}

fn good_header() -> Value {
    json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": Value::Object(dpop_key().public_jwk())})
}

fn proof(token: &str) -> String {
    raw_proof(
        good_header(),
        json!({"jti": "j", "htm": "GET", "htu": URL, "iat": NOW, "ath": ath(token)}),
    )
}

/// An HS256 token signed with `secret`.
fn hs256(secret: &str) -> String {
    let input = format!(
        "{}.{}",
        jose::b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        jose::b64(Value::Object(claims(json!({}))).to_string())
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes());
    format!(
        "{input}.{}",
        jose::b64(aws_lc_rs::hmac::sign(&key, input.as_bytes()))
    )
}

#[test]
fn requests_refuse_hs256_whatever_the_secret_with_the_sdk_description() {
    let secret = "a-shared-secret-of-sufficient-length!";
    let t = hs256(secret);
    // Even a policy that names HS256 and holds the secret: the SDK refuses HS*.
    let mut p = request_policy(DpopMode::Allowed);
    p.access = access_policy()
        .with_algorithms(vec![Algorithm::RS256, Algorithm::HS256])
        .with_hmac_secret(HmacSecret::new(secret));
    assert!(p.access.verify(&t, &keys(), &FixedClock(NOW)).is_ok());
    for policy in [&p, &request_policy(DpopMode::Allowed)] {
        let auth = format!("Bearer {t}");
        let r = decide(policy, &[("Authorization", &auth)])
            .outcome
            .unwrap_err();
        assert_eq!(r.status, 401);
        assert_eq!(
            r.description,
            "Symmetric algorithm 'HS256' is not supported. Only asymmetric algorithms (e.g., RS256) are allowed."
        );
        assert!(r.detail.contains("whatever the secret"), "{}", r.detail);
    }
}

#[test]
fn cnf_jkt_that_is_not_a_thumbprint_is_answered_as_the_sdk_never_200() {
    let p = request_policy(DpopMode::Allowed);
    // (jkt, the SDK takes it as bound: Python truthiness)
    for (jkt, sdk_bound) in [
        (json!(123), true),
        (json!(["x"]), true),
        (json!({}), false),
        (json!(""), false),
    ] {
        let t = token(json!({"cnf": {"jkt": jkt}}));
        let auth = format!("Bearer {t}");
        let r = decide(&p, &[("Authorization", &auth)]).outcome.unwrap_err();
        assert_eq!((r.status, r.code), (401, ErrorCode::InvalidToken), "{jkt}");
        assert_eq!(
            r.description, "DPoP-bound token requires the DPoP authentication scheme, not Bearer",
            "{jkt}"
        );
        assert_eq!(r.strict_rule.is_some(), !sdk_bound, "{jkt}");
        // As DPoP: the SDK's own answers, by truthiness.
        let auth = format!("DPoP {t}");
        let pr = proof(&t);
        let r = decide(&p, &[("Authorization", &auth), ("DPoP", &pr)])
            .outcome
            .unwrap_err();
        let expected = if sdk_bound {
            "JWT Access Token confirmation mismatch"
        } else {
            "Access token 'cnf' claim missing 'jkt'"
        };
        assert_eq!((r.status, r.description.as_str()), (401, expected), "{jkt}");
        // `verify` alone (DPoP allowed): refused, never valid.
        let verified = access_policy()
            .verify(&t, &keys(), &FixedClock(NOW))
            .unwrap();
        assert!(matches!(
            check_without_proof(&verified, DpopMode::Allowed),
            Err(TokenError::MalformedBinding { .. })
        ));
        // DPoP disabled: the SDK ignores cnf, and so does auth0-tok.
        assert!(check_without_proof(&verified, DpopMode::Disabled).is_ok());
        let disabled = request_policy(DpopMode::Disabled);
        let auth = format!("Bearer {t}");
        assert!(
            decide(&disabled, &[("Authorization", &auth)])
                .outcome
                .is_ok()
        );
    }
    // A falsy cnf is "no jkt confirmation claim", as the SDK's `if not cnf`.
    let t = token(json!({"cnf": {}}));
    let (auth, pr) = (format!("DPoP {t}"), proof(&t));
    let r = decide(&p, &[("Authorization", &auth), ("DPoP", &pr)])
        .outcome
        .unwrap_err();
    assert_eq!(
        r.description,
        "JWT Access Token has no jkt confirmation claim"
    );
}

#[test]
fn dpop_required_refuses_a_token_without_a_proof() {
    let verified = access_policy()
        .verify(&token(json!({})), &keys(), &FixedClock(NOW))
        .unwrap();
    let e = check_without_proof(&verified, DpopMode::Required).unwrap_err();
    assert_eq!(e, TokenError::ProofRequired);
    assert_eq!((e.status(), e.code()), (400, ErrorCode::InvalidRequest));
    assert!(check_without_proof(&verified, DpopMode::Allowed).is_ok());
    assert!(check_without_proof(&verified, DpopMode::Disabled).is_ok());
}

#[test]
fn proof_headers_with_crit_or_unencoded_payloads_are_refused() {
    let t = token(json!({"cnf": {"jkt": dpop_key().thumbprint()}}));
    let claims = json!({"jti": "j", "htm": "GET", "htu": URL, "iat": NOW, "ath": ath(&t)});
    let check = |header: Value| {
        verify_proof(
            &raw_proof(header, claims.clone()),
            Some(&t),
            "GET",
            URL,
            &DpopPolicy::default(),
            &FixedClock(NOW),
        )
    };
    check(good_header()).unwrap();
    let mut crit = good_header();
    crit["crit"] = json!(["exp"]);
    crit["exp"] = json!(NOW);
    let e = check(crit).unwrap_err();
    assert!(matches!(e, ProofError::CriticalHeader(_)), "{e}");
    assert!(e.strict_rule().unwrap().contains("RFC 7515 §4.1.11"));
    assert_eq!(e.code(), ErrorCode::InvalidDpopProof);
    for b64 in [json!(false), json!("false"), json!(0)] {
        let mut h = good_header();
        h["b64"] = b64;
        let e = check(h).unwrap_err();
        assert_eq!(e, ProofError::UnencodedPayload);
    }
    let mut explicit = good_header();
    explicit["b64"] = json!(true);
    check(explicit).unwrap();
}

#[test]
fn iat_beyond_the_leeway_in_the_future_is_refused_naming_the_rule() {
    let ahead = token(json!({"iat": NOW + 120}));
    let e = access_policy()
        .verify(&ahead, &keys(), &FixedClock(NOW))
        .unwrap_err();
    assert_eq!(
        e,
        TokenError::IssuedInTheFuture {
            iat: NOW + 120,
            ahead: 120
        }
    );
    assert!(e.strict_rule().unwrap().contains("RFC 7519 §4.1.6"));
    assert!(e.to_string().contains("in the future"), "{e}");
    // Within the leeway, accepted; ten years ahead, refused whatever the leeway.
    access_policy()
        .with_leeway(120)
        .verify(&ahead, &keys(), &FixedClock(NOW))
        .unwrap();
    let decade = token(json!({"iat": NOW + 10 * 365 * 86_400, "exp": NOW + 11 * 365 * 86_400}));
    assert!(matches!(
        access_policy()
            .with_leeway(300)
            .verify(&decade, &keys(), &FixedClock(NOW)),
        Err(TokenError::IssuedInTheFuture { .. })
    ));
}

#[test]
fn scope_lists_split_on_spaces_only_in_verify_and_request() {
    let t = token(json!({"scope": "read:messages\twrite:messages"}));
    // verify
    let e = access_policy()
        .require_scopes(vec!["write:messages".into()])
        .verify(&t, &keys(), &FixedClock(NOW))
        .unwrap_err();
    assert!(matches!(e, TokenError::InsufficientScope { .. }), "{e}");
    assert!(e.strict_rule().unwrap().contains("RFC 6749 §3.3"));
    // request
    let mut p = request_policy(DpopMode::Allowed);
    p.scopes = vec!["write:messages".into()];
    let auth = format!("Bearer {t}");
    let r = decide(&p, &[("Authorization", &auth)]).outcome.unwrap_err();
    assert_eq!(r.status, 403);
    assert!(r.strict_rule.unwrap().contains("RFC 6749 §3.3"));
    // A real space-separated list is granted in both.
    let t = token(json!({"scope": "read:messages write:messages"}));
    let auth = format!("Bearer {t}");
    assert!(decide(&p, &[("Authorization", &auth)]).outcome.is_ok());
    assert_eq!(
        crate::types::split_scopes(" a  b\tc ").collect::<Vec<_>>(),
        ["a", "b\tc"]
    );
}

#[test]
fn two_dpop_headers_get_the_sdk_answer_and_rfc_9449_s_on_request() {
    let t = token(json!({"cnf": {"jkt": dpop_key().thumbprint()}}));
    let auth = format!("DPoP {t}");
    let good = proof(&t);
    let p = request_policy(DpopMode::Allowed);
    // The SDK reads the first: a good first proof is accepted.
    let d = decide(
        &p,
        &[("Authorization", &auth), ("DPoP", &good), ("dpop", "x.y.z")],
    );
    assert!(d.outcome.is_ok());
    let r = d.rfc_outcome().unwrap_err();
    assert_eq!((r.status, r.code), (400, ErrorCode::InvalidDpopProof));
    assert!(r.strict_rule.unwrap().contains("RFC 9449 §4.3 step 1"));
    assert_eq!(r.rfc_answer(p.mode, &p.scopes).0, 401);
    // One header: both agree.
    let d = decide(&p, &[("Authorization", &auth), ("DPoP", &good)]);
    assert!(d.rfc_rejection.is_none() && d.rfc_outcome().is_ok());
}

#[test]
fn two_host_fields_are_refused_by_the_server_as_h11_does() {
    let t = token(json!({}));
    let auth = format!("Bearer {t}");
    let d = decide(
        &request_policy(DpopMode::Allowed),
        &[
            ("Host", "api.example.com"),
            ("host", "evil.example.com"),
            ("Authorization", &auth),
        ],
    );
    let r = d.outcome.unwrap_err();
    assert!(r.by_server);
    assert_eq!(
        (r.status, r.description.as_str()),
        (400, "Invalid HTTP request received.")
    );
    assert_eq!(r.www_authenticate(DpopMode::Allowed), None);
    assert_eq!(r.rfc_answer(DpopMode::Allowed, &[]), (400, String::new()));
    let raw = format!(
        "GET /messages HTTP/1.1\r\nHost: api.example.com\r\nHost: evil.example.com\r\nAuthorization: {auth}\r\n\r\n"
    );
    let parsed = parse_raw_request(&raw, "https").unwrap();
    let d = verify_request(
        &parsed,
        &request_policy(DpopMode::Allowed),
        &keys(),
        &FixedClock(NOW),
    );
    assert!(d.outcome.unwrap_err().by_server);
}

/// A key set of the tenant key with `change` applied to its JWK.
fn set_with(change: impl Fn(&mut Object)) -> JwkSet {
    let mut jwk = rsa().public_jwk();
    change(&mut jwk);
    JwkSet::parse(json!({"keys": [Value::Object(jwk)]}).to_string().as_bytes()).unwrap()
}

#[test]
fn keys_with_bad_metadata_are_skipped_and_their_tokens_are_key_rejected() {
    let t = token(json!({}));
    // (what the reason names, member, value)
    let cases = [
        ("key_ops", "key_ops", json!(["sign"])),
        ("key_ops", "key_ops", json!("verify")),
        ("key_ops", "key_ops", json!(["verify", "verify"])),
        ("use", "use", json!(1)),
        ("alg", "alg", json!(["RS256"])),
        ("exponent", "e", json!("AQAA")),
        ("exponent", "e", json!("AQ")),
    ];
    for (what, member, value) in cases {
        let set = set_with(|j| {
            j.insert(member.into(), value.clone());
        });
        assert!(set.keys().is_empty(), "{what}");
        assert_eq!(set.skipped().len(), 1, "{what}");
        let e = access_policy()
            .verify(&t, &set, &FixedClock(NOW))
            .unwrap_err();
        assert!(matches!(e, TokenError::KeyRejected { .. }), "{what}: {e}");
        assert!(e.to_string().starts_with("key rejected: "), "{e}");
        assert!(e.to_string().contains(what), "{what}: {e}");
    }
    // key_ops with verify is fine; a non-string kid skips the key, but no
    // kid can name it.
    let set = set_with(|j| {
        j.insert("key_ops".into(), json!(["verify"]));
    });
    access_policy().verify(&t, &set, &FixedClock(NOW)).unwrap();
    let set = set_with(|j| {
        j.insert("kid".into(), json!(7));
    });
    assert!(matches!(
        set.skipped()[0].1,
        JwkError::MemberType { member: "kid", .. }
    ));
    assert!(matches!(
        access_policy().verify(&t, &set, &FixedClock(NOW)),
        Err(TokenError::UnknownKid { .. })
    ));
}

#[test]
fn ed25519_small_order_points_are_skipped_in_every_encoding() {
    // libsodium's blocklist, each with the sign bit clear and set.
    let mut encodings: Vec<Vec<u8>> = vec![vec![0; 32], {
        let mut one = vec![0; 32];
        one[0] = 1;
        one
    }];
    for order8 in [
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    ] {
        encodings.push(hex(order8));
    }
    for low in [0xec, 0xed, 0xee] {
        let mut p = vec![0xff; 32];
        p[0] = low;
        p[31] = 0x7f;
        encodings.push(p);
    }
    for mut point in encodings {
        for sign in [0u8, 0x80] {
            point[31] = (point[31] & 0x7f) | sign;
            let jwk = json!({"kty": "OKP", "crv": "Ed25519", "kid": "ed", "x": jose::b64(&point)});
            let set = JwkSet::parse(json!({"keys": [jwk]}).to_string().as_bytes()).unwrap();
            assert!(set.keys().is_empty(), "{point:02x?}");
            assert_eq!(set.skipped()[0].1, JwkError::SmallOrderPoint);
            assert_eq!(set.skipped_reason("ed"), Some(&JwkError::SmallOrderPoint));
        }
    }
    // A real Ed25519 key (RFC 8032 §7.1 test 1) is kept.
    let real = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "kid": "ed", "x": jose::b64(hex(real))});
    let set = JwkSet::parse(json!({"keys": [jwk]}).to_string().as_bytes()).unwrap();
    assert_eq!(set.keys().len(), 1);
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}
