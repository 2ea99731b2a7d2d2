//! DPoP proofs (with the RFC 9449 vectors) and whole-request decisions,
//! including the exact WWW-Authenticate the SDK sends in each mode.

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::*;
use crate::clock::FixedClock;
use crate::dpop::{DpopKey, ProofClaims, ath};
use crate::jose::{self, Algorithm, Object};
use crate::jwk::JwkSet;
use crate::keys::SigningKey;
use crate::types::Issuer;

const NOW: i64 = 1_795_341_600;
const ISS: &str = "https://tenant.us.auth0.com/";
const AUD: &str = "https://api.example.com";
const URL: &str = "https://api.example.com/messages";

fn vectors() -> Value {
    let path = format!(
        "{}/tests/vectors/rfc9449-dpop.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn rsa() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate_rsa().unwrap().with_kid("k1"))
}

fn dpop_key() -> &'static DpopKey {
    static KEY: OnceLock<DpopKey> = OnceLock::new();
    KEY.get_or_init(|| DpopKey::generate().unwrap())
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
    let mut c = json!({"iss": ISS, "sub": "u", "aud": AUD, "iat": NOW - 10, "exp": NOW + 3600, "scope": "read:messages"});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    rsa()
        .sign_jwt(Algorithm::RS256, &Object::new(), c.as_object().unwrap())
        .unwrap()
}

fn bound_token() -> String {
    token(json!({"cnf": {"jkt": dpop_key().thumbprint()}}))
}

fn proof_for(token: &str, htm: &str, htu: &str) -> String {
    dpop_key()
        .proof(&ProofClaims::new(htm, htu, NOW, "jti-1".into()).with_access_token(token))
        .unwrap()
}

fn policy(mode: DpopMode) -> RequestPolicy {
    RequestPolicy {
        access: AccessTokenPolicy::new(vec![Issuer::from_domain(ISS).unwrap()], vec![AUD.into()])
            .with_algorithms(vec![Algorithm::RS256]),
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

fn decide(mode: DpopMode, headers: &[(&str, &str)]) -> Result<Accepted, Rejection> {
    verify_request(&request(headers), &policy(mode), &keys(), &FixedClock(NOW)).outcome
}

fn www(mode: DpopMode, headers: &[(&str, &str)]) -> (u16, String, Option<String>) {
    let r = decide(mode, headers).unwrap_err();
    (r.status, r.description.clone(), r.www_authenticate(mode))
}

#[test]
fn rfc9449_resource_and_token_request_proofs_verify_at_their_time() {
    let v = vectors();
    let p = &v["resource_request_proof"];
    let checked = verify_proof(
        p["proof"].as_str().unwrap(),
        Some(v["access_token"].as_str().unwrap()),
        "GET",
        "https://resource.example.org/protectedresource",
        &DpopPolicy::default(),
        &FixedClock(p["iat"].as_i64().unwrap()),
    )
    .unwrap();
    assert_eq!(checked.jkt, v["jkt"].as_str().unwrap());
    let t = &v["token_request_proof"];
    let checked = verify_proof(
        t["proof"].as_str().unwrap(),
        None,
        "POST",
        "https://server.example.com/token",
        &DpopPolicy::default(),
        &FixedClock(t["iat"].as_i64().unwrap() + 5),
    )
    .unwrap();
    assert_eq!(checked.jkt, v["jkt"].as_str().unwrap());
    // The same proof an hour later is too old; for another URL it is a mismatch.
    let stale = verify_proof(
        t["proof"].as_str().unwrap(),
        None,
        "POST",
        "https://server.example.com/token",
        &DpopPolicy::default(),
        &FixedClock(t["iat"].as_i64().unwrap() + 3600),
    );
    assert!(matches!(stale, Err(ProofError::TooOld { .. })));
    let elsewhere = verify_proof(
        t["proof"].as_str().unwrap(),
        None,
        "POST",
        "https://server.example.com/other",
        &DpopPolicy::default(),
        &FixedClock(t["iat"].as_i64().unwrap()),
    );
    assert!(matches!(elsewhere, Err(ProofError::HtuMismatch { .. })));
    // The resource proof is bound to its access token.
    let other_token = verify_proof(
        p["proof"].as_str().unwrap(),
        Some("another-token"),
        "GET",
        "https://resource.example.org/protectedresource",
        &DpopPolicy::default(),
        &FixedClock(p["iat"].as_i64().unwrap()),
    );
    assert_eq!(other_token.unwrap_err(), ProofError::AthMismatch);
    assert_eq!(
        ath(v["access_token"].as_str().unwrap()),
        v["ath"].as_str().unwrap()
    );
}

/// Signs a proof with a hand-made header and claims.
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

fn good_claims(t: &str) -> Value {
    json!({"jti": "j", "htm": "GET", "htu": URL, "iat": NOW, "ath": ath(t)})
}

fn check_proof(proof: &str, t: &str) -> Result<VerifiedProof, ProofError> {
    verify_proof(
        proof,
        Some(t),
        "GET",
        URL,
        &DpopPolicy::default(),
        &FixedClock(NOW),
    )
}

#[test]
fn every_proof_check_rejects_with_the_sdk_message() {
    let t = "token";
    check_proof(&raw_proof(good_header(), good_claims(t)), t).unwrap();
    let with_header = |f: &dyn Fn(&mut Value)| {
        let mut h = good_header();
        f(&mut h);
        check_proof(&raw_proof(h, good_claims(t)), t).unwrap_err()
    };
    let with_claims = |f: &dyn Fn(&mut Value)| {
        let mut c = good_claims(t);
        f(&mut c);
        check_proof(&raw_proof(good_header(), c), t).unwrap_err()
    };
    let cases: Vec<(ProofError, &str)> = vec![
        (
            with_header(&|h| h["typ"] = json!("JWT")),
            "Unexpected JWT 'typ' header parameter value",
        ),
        (
            with_header(&|h| h["alg"] = json!("RS256")),
            "Unsupported algorithm in DPoP proof",
        ),
        (
            with_header(&|h| h["alg"] = json!("none")),
            "Unsupported algorithm in DPoP proof",
        ),
        (
            with_header(&|h| {
                h.as_object_mut().unwrap().remove("jwk");
            }),
            "Missing or invalid jwk in header",
        ),
        (
            with_header(&|h| h["jwk"] = json!("x")),
            "Missing or invalid jwk in header",
        ),
        (
            with_header(&|h| h["jwk"]["d"] = json!("AAAA")),
            "Private key material found in jwk header",
        ),
        (
            with_header(&|h| h["jwk"]["kty"] = json!("RSA")),
            "Only EC keys are supported for DPoP",
        ),
        (
            with_header(&|h| h["jwk"]["kty"] = json!("OKP")),
            "Only EC keys are supported for DPoP",
        ),
        (
            with_header(&|h| h["jwk"]["crv"] = json!("P-384")),
            "Only P-256 curve is supported",
        ),
        (
            with_claims(&|c| {
                c.as_object_mut().unwrap().remove("jti");
            }),
            "Missing required claim: jti",
        ),
        (
            with_claims(&|c| {
                c.as_object_mut().unwrap().remove("ath");
                c.as_object_mut().unwrap().remove("htu");
            }),
            "Missing required claims: ath, htu",
        ),
        (
            with_claims(&|c| c["jti"] = json!(7)),
            "jti claim must be a string",
        ),
        (
            with_claims(&|c| c["jti"] = json!("  ")),
            "jti claim must not be empty",
        ),
        (
            with_claims(&|c| c["iat"] = json!("1795341600")),
            "Invalid iat claim (must be integer or float)",
        ),
        (
            // Python's True is 1: the SDK finds the proof too old.
            with_claims(&|c| c["iat"] = json!(true)),
            "DPoP Proof iat is too old",
        ),
        (
            with_claims(&|c| c["iat"] = json!(NOW - 301)),
            "DPoP Proof iat is too old",
        ),
        (
            with_claims(&|c| c["iat"] = json!(NOW + 31)),
            "DPoP Proof iat is from the future",
        ),
        (
            with_claims(&|c| c["htm"] = json!("POST")),
            "DPoP Proof htm mismatch",
        ),
        (
            with_claims(&|c| c["htm"] = json!("get")),
            "DPoP Proof htm mismatch",
        ),
        (
            with_claims(&|c| c["htu"] = json!("https://api.example.com/other")),
            "DPoP Proof htu mismatch",
        ),
        (
            with_claims(&|c| c["htu"] = json!("https://api.example.com:8443/messages")),
            "DPoP Proof htu mismatch",
        ),
        (
            with_claims(&|c| c["htu"] = json!("https://user@api.example.com/messages")),
            "DPoP Proof htu mismatch",
        ),
        (
            with_claims(&|c| c["htu"] = json!("https://api.example.com/messages/")),
            "DPoP Proof htu mismatch",
        ),
        (
            with_claims(&|c| c["ath"] = json!(ath("other"))),
            "DPoP Proof ath mismatch",
        ),
    ];
    for (err, message) in cases {
        assert_eq!(err.sdk_description(), message, "{err}");
        assert_eq!(err.status(), 400);
    }
    // Boundaries: exactly at the offset and leeway is accepted.
    check_proof(
        &raw_proof(
            good_header(),
            json!({"jti": "j", "htm": "GET", "htu": URL, "iat": NOW - 300, "ath": ath(t)}),
        ),
        t,
    )
    .unwrap();
    check_proof(
        &raw_proof(
            good_header(),
            json!({"jti": "j", "htm": "GET", "htu": URL, "iat": NOW + 30, "ath": ath(t)}),
        ),
        t,
    )
    .unwrap();
    // Equivalent URLs are accepted.
    check_proof(&raw_proof(good_header(), json!({"jti": "j", "htm": "GET", "htu": "https://API.example.com:443/messages?q#f", "iat": NOW, "ath": ath(t)})), t).unwrap();
    // A forged signature, and a proof signed by a different key than its jwk.
    let mut forged = raw_proof(good_header(), good_claims(t));
    forged.push('A');
    assert!(check_proof(&forged, t).is_err());
    let other = DpopKey::generate().unwrap();
    let mut header = good_header();
    header["jwk"] = Value::Object(other.public_jwk());
    assert_eq!(
        check_proof(&raw_proof(header, good_claims(t)), t).unwrap_err(),
        ProofError::Signature
    );
}

#[test]
fn each_proof_is_checked_with_its_own_key_when_keys_alternate() {
    // The last proof key is remembered per thread; alternating keys, and a
    // key sharing `x` with the remembered one, must still be judged alone.
    let t = &bound_token();
    let other = DpopKey::generate().unwrap();
    let other_pem = SigningKey::from_pem(&other.to_pem().unwrap()).unwrap();
    let signed_by_other = |header: Value| {
        let input = format!(
            "{}.{}",
            jose::b64(header.to_string()),
            jose::b64(good_claims(t).to_string())
        );
        let sig = other_pem.sign(Algorithm::ES256, input.as_bytes()).unwrap();
        format!("{input}.{}", jose::b64(sig))
    };
    let mut other_header = good_header();
    other_header["jwk"] = Value::Object(other.public_jwk());
    for _ in 0..2 {
        let mine = check_proof(&raw_proof(good_header(), good_claims(t)), t).unwrap();
        assert_eq!(mine.jkt, dpop_key().thumbprint());
        let theirs = check_proof(&signed_by_other(other_header.clone()), t).unwrap();
        assert_eq!(theirs.jkt, other.thumbprint());
    }
    // The remembered key's x with another key's y: not a point on the curve.
    check_proof(&raw_proof(good_header(), good_claims(t)), t).unwrap();
    let mut mixed = good_header();
    mixed["jwk"]["y"] = other.public_jwk()["y"].clone();
    assert!(matches!(
        check_proof(&raw_proof(mixed, good_claims(t)), t).unwrap_err(),
        ProofError::BadKey(_)
    ));
    // A proof whose jwk names the remembered key but that another key signed.
    check_proof(&raw_proof(good_header(), good_claims(t)), t).unwrap();
    assert_eq!(
        check_proof(&signed_by_other(good_header()), t).unwrap_err(),
        ProofError::Signature
    );
}

#[test]
fn nonces_are_required_when_the_server_issued_one() {
    let t = "token";
    let p = DpopPolicy {
        nonce: Some("n-1".into()),
        ..DpopPolicy::default()
    };
    let no_nonce = raw_proof(good_header(), good_claims(t));
    let err = verify_proof(&no_nonce, Some(t), "GET", URL, &p, &FixedClock(NOW)).unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::UseDpopNonce, 401));
    let mut c = good_claims(t);
    c["nonce"] = json!("n-2");
    assert_eq!(
        verify_proof(
            &raw_proof(good_header(), c.clone()),
            Some(t),
            "GET",
            URL,
            &p,
            &FixedClock(NOW)
        )
        .unwrap_err(),
        ProofError::NonceMismatch
    );
    c["nonce"] = json!("n-1");
    verify_proof(
        &raw_proof(good_header(), c),
        Some(t),
        "GET",
        URL,
        &p,
        &FixedClock(NOW),
    )
    .unwrap();
}

#[test]
fn a_dpop_bound_token_with_a_fresh_proof_is_accepted() {
    let t = bound_token();
    let auth = format!("DPoP {t}");
    let proof = proof_for(&t, "GET", URL);
    let ok = decide(
        DpopMode::Allowed,
        &[("Authorization", &auth), ("DPoP", &proof)],
    )
    .unwrap();
    assert_eq!(ok.scheme, Scheme::Dpop);
    // Header names and the scheme are case-insensitive; extra whitespace splits once.
    let loose = format!("dpop   {t}");
    decide(
        DpopMode::Required,
        &[("authorization", &loose), ("dpop", &proof)],
    )
    .unwrap();
}

#[test]
fn sdk_answers_and_www_authenticate_in_mixed_mode() {
    let m = DpopMode::Allowed;
    let bearer_ok = token(json!({}));
    let bound = bound_token();
    let dpop_auth = format!("DPoP {bound}");
    let bearer_auth = format!("Bearer {bearer_ok}");
    assert_eq!(
        www(m, &[]),
        (
            400,
            String::new(),
            Some("Bearer realm=\"api\", DPoP algs=\"ES256\"".into())
        )
    );
    assert_eq!(
        www(m, &[("Authorization", "Basic abc")]).2.unwrap(),
        "Bearer realm=\"api\", DPoP algs=\"ES256\""
    );
    assert_eq!(www(m, &[("Authorization", "Bearer ")]).0, 400);
    let expired = format!("Bearer {}", token(json!({"exp": NOW - 5})));
    assert_eq!(
        www(m, &[("Authorization", &expired)]),
        (401, "Token is expired".into(), Some("Bearer error=\"invalid_token\", error_description=\"Token is expired\", DPoP algs=\"ES256\"".into()))
    );
    let wrong_url = proof_for(&bound, "GET", "https://api.example.com/other");
    assert_eq!(
        www(m, &[("Authorization", &dpop_auth), ("DPoP", &wrong_url)]),
        (400, "DPoP Proof htu mismatch".into(), Some("Bearer realm=\"api\", DPoP error=\"invalid_dpop_proof\", error_description=\"DPoP Proof htu mismatch\", algs=\"ES256\"".into()))
    );
    let bound_as_bearer = format!("Bearer {bound}");
    assert_eq!(
        www(m, &[("Authorization", &bound_as_bearer)]),
        (401, "DPoP-bound token requires the DPoP authentication scheme, not Bearer".into(),
         Some("Bearer error=\"invalid_token\", error_description=\"DPoP-bound token requires the DPoP authentication scheme, not Bearer\", DPoP algs=\"ES256\"".into()))
    );
    let proof = proof_for(&bearer_ok, "GET", URL);
    assert_eq!(
        www(m, &[("Authorization", &bearer_auth), ("DPoP", &proof)]).1,
        "DPoP proof requires DPoP authentication scheme, not Bearer"
    );
    assert_eq!(
        www(m, &[("Authorization", &dpop_auth)]),
        (
            400,
            String::new(),
            Some("Bearer realm=\"api\", DPoP algs=\"ES256\"".into())
        )
    );
    let two = format!("{proof},{proof}");
    assert_eq!(
        www(m, &[("Authorization", &dpop_auth), ("DPoP", &two)]).1,
        "Multiple DPoP proofs are not allowed"
    );
    // A Bearer token sent with the DPoP scheme: not bound.
    let unbound_dpop = format!("DPoP {bearer_ok}");
    let p = proof_for(&bearer_ok, "GET", URL);
    assert_eq!(
        www(m, &[("Authorization", &unbound_dpop), ("DPoP", &p)]).1,
        "JWT Access Token has no jkt confirmation claim"
    );
    // Bound to another key.
    let other = token(json!({"cnf": {"jkt": "someone-else"}}));
    let other_auth = format!("DPoP {other}");
    let p = proof_for(&other, "GET", URL);
    assert_eq!(
        www(m, &[("Authorization", &other_auth), ("DPoP", &p)]).1,
        "JWT Access Token confirmation mismatch"
    );
    let no_jkt = token(json!({"cnf": {"x5t#S256": "abc"}}));
    let no_jkt_auth = format!("DPoP {no_jkt}");
    let p = proof_for(&no_jkt, "GET", URL);
    assert_eq!(
        www(m, &[("Authorization", &no_jkt_auth), ("DPoP", &p)]).1,
        "Access token 'cnf' claim missing 'jkt'"
    );
}

#[test]
fn sdk_answers_in_required_and_disabled_modes() {
    let bearer = format!("Bearer {}", token(json!({})));
    let bound = bound_token();
    let dpop_auth = format!("DPoP {bound}");
    let r = DpopMode::Required;
    assert_eq!(www(r, &[]).2.unwrap(), "DPoP algs=\"ES256\"");
    assert_eq!(
        www(r, &[("Authorization", &bearer)]),
        (400, String::new(), Some("DPoP algs=\"ES256\"".into()))
    );
    let expired = token(json!({"exp": NOW - 5, "cnf": {"jkt": dpop_key().thumbprint()}}));
    let p = proof_for(&expired, "GET", URL);
    let expired_auth = format!("DPoP {expired}");
    assert_eq!(
        www(r, &[("Authorization", &expired_auth), ("DPoP", &p)])
            .2
            .unwrap(),
        "DPoP error=\"invalid_token\", error_description=\"Token is expired\", algs=\"ES256\""
    );
    let d = DpopMode::Disabled;
    assert_eq!(www(d, &[]).2.unwrap(), "Bearer realm=\"api\"");
    let p = proof_for(&bound, "GET", URL);
    assert_eq!(
        www(d, &[("Authorization", &dpop_auth), ("DPoP", &p)]),
        (400, String::new(), Some("Bearer realm=\"api\"".into()))
    );
    let expired_bearer = format!("Bearer {}", token(json!({"exp": NOW - 5})));
    assert_eq!(
        www(d, &[("Authorization", &expired_bearer)]).2.unwrap(),
        "Bearer error=\"invalid_token\", error_description=\"Token is expired\""
    );
    // With DPoP disabled, a bound token as Bearer is just a Bearer token.
    let bound_bearer = format!("Bearer {bound}");
    decide(d, &[("Authorization", &bound_bearer)]).unwrap();
}

#[test]
fn insufficient_scope_is_403_after_authentication_without_a_challenge() {
    let mut p = policy(DpopMode::Allowed);
    p.scopes = vec!["write:messages".into()];
    let auth = format!("Bearer {}", token(json!({})));
    let r = verify_request(
        &request(&[("Authorization", &auth)]),
        &p,
        &keys(),
        &FixedClock(NOW),
    )
    .outcome
    .unwrap_err();
    assert_eq!(
        (r.status, r.code, r.description.as_str()),
        (403, ErrorCode::InsufficientScope, "Insufficient scopes")
    );
    assert_eq!(r.www_authenticate(DpopMode::Allowed), None);
    let (status, challenge) = r.rfc_answer(DpopMode::Allowed, &p.scopes);
    assert_eq!(status, 403);
    assert!(
        challenge.contains("scope=\"write:messages\""),
        "{challenge}"
    );
    // An invalid token is 401 before scopes are looked at.
    let expired = format!("Bearer {}", token(json!({"exp": NOW - 5})));
    let r = verify_request(
        &request(&[("Authorization", &expired)]),
        &p,
        &keys(),
        &FixedClock(NOW),
    )
    .outcome
    .unwrap_err();
    assert_eq!(r.status, 401);
}

#[test]
fn the_key_set_is_chosen_for_the_prechecked_token() {
    let t = bound_token();
    let proof = proof_for(&t, "GET", URL);
    let auth = format!("DPoP {t}");
    let req = request(&[("authorization", &auth), ("dpop", &proof)]);
    let (right, none) = (keys(), JwkSet::default());
    let seen = std::cell::RefCell::new(Vec::new());
    let decision = verify_request_with(
        &req,
        &policy(DpopMode::Allowed),
        &|pre| {
            seen.borrow_mut()
                .push((pre.issuer().to_string(), pre.kid().map(str::to_owned)));
            &right
        },
        &FixedClock(NOW),
    );
    assert!(decision.outcome.is_ok(), "{:?}", decision.outcome);
    let kid = rsa().public_jwk()["kid"].as_str().map(str::to_owned);
    assert_eq!(*seen.borrow(), [(ISS.to_owned(), kid)]);
    // The wrong set: the token's kid is unknown there.
    let wrong = verify_request_with(
        &req,
        &policy(DpopMode::Allowed),
        &|_| &none,
        &FixedClock(NOW),
    );
    assert_eq!(wrong.outcome.unwrap_err().status, 401);
    // A token refused before any key is needed never asks for keys.
    let asked = std::cell::Cell::new(false);
    let garbage = request(&[("authorization", "Bearer not.a.jwt")]);
    let refused = verify_request_with(
        &garbage,
        &policy(DpopMode::Allowed),
        &|_| {
            asked.set(true);
            &right
        },
        &FixedClock(NOW),
    );
    assert!(refused.outcome.is_err());
    assert!(!asked.get());
}
