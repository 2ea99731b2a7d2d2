//! The variants built against a real verifier: each breaks the rule its
//! check names, and only that.

use serde_json::json;

use super::token::flip_payload;
use super::*;
use crate::jose::Algorithm;
use crate::jwk::PublicKey;
use crate::verify::{DpopPolicy, ProofError, verify_proof};

fn setup() -> (Target, String, ProbeKeys, Fresh, SigningKey) {
    let tenant = SigningKey::generate_rsa().unwrap().with_kid("tenant-1");
    let claims = json!({"iss": "https://t/", "sub": "client@clients", "aud": "https://api", "iat": 1000, "exp": 9999});
    let token = tenant
        .sign_jwt(
            Algorithm::RS256,
            &Object::new(),
            claims.as_object().unwrap(),
        )
        .unwrap();
    let dpop = DpopKey::generate().unwrap();
    let keys = ProbeKeys {
        attacker: SigningKey::generate_rsa().unwrap(),
        other_dpop: SigningKey::generate_p256().unwrap(),
        dpop: Some(ProofKey::new(&dpop).unwrap()),
        tenant_key_pem: rsa_public_pem(&tenant.public_jwk()),
    };
    let fresh = Fresh {
        now: 5000,
        jtis: ["jti-a".into(), "jti-b".into()],
        nonce: None,
    };
    let target = Target {
        method: "GET".into(),
        url: "https://api.example.com/things?x=1".into(),
    };
    (target, token, keys, fresh, tenant)
}

fn header<'a>(r: &'a ProbeRequest, name: &str) -> Vec<&'a str> {
    r.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

fn proof_error(check: Check) -> ProofError {
    let (target, token, keys, fresh, _) = setup();
    let r = build(check, &target, &token, &keys, None, &fresh).unwrap();
    let proof = header(&r, "dpop")[0];
    let clock = crate::clock::FixedClock(fresh.now);
    verify_proof(
        proof,
        Some(&token),
        &target.method,
        &target.url,
        &DpopPolicy::default(),
        &clock,
    )
    .unwrap_err()
}

#[test]
fn the_good_proof_verifies_and_each_proof_variant_breaks_one_rule() {
    let (target, token, keys, fresh, _) = setup();
    let good = good_request(&target, &token, &keys, &fresh).unwrap();
    let clock = crate::clock::FixedClock(fresh.now);
    verify_proof(
        header(&good, "dpop")[0],
        Some(&token),
        "GET",
        &target.url,
        &DpopPolicy::default(),
        &clock,
    )
    .unwrap();
    assert!(header(&good, "authorization")[0].starts_with("DPoP "));
    for check in [
        Check::DpopOtherMethod,
        Check::DpopOtherUrl,
        Check::DpopOtherToken,
        Check::DpopIatOld,
        Check::DpopIatAhead,
        Check::DpopAlgNone,
        Check::DpopHs256,
        Check::DpopPrivateJwk,
    ] {
        let _ = proof_error(check);
    }
}

#[test]
fn request_shapes_of_the_scheme_variants() {
    let (target, token, keys, fresh, _) = setup();
    let b = |c| build(c, &target, &token, &keys, None, &fresh).unwrap();
    assert!(header(&b(Check::DpopNoProof), "dpop").is_empty());
    assert_eq!(header(&b(Check::DpopTwoProofs), "dpop").len(), 2);
    let bearer = b(Check::DpopBoundAsBearer);
    assert_eq!(
        header(&bearer, "authorization"),
        [format!("Bearer {token}")]
    );
    assert!(b(Check::DpopReplay).repeat);
    assert!(!b(Check::DpopOtherKey).repeat);
}

#[test]
fn token_variants_fail_verification_with_the_tenant_key() {
    let (target, token, mut keys, fresh, tenant) = setup();
    keys.dpop = None;
    let tenant_public = PublicKey::from_jwk(&tenant.public_jwk()).unwrap();
    let token_checks: Vec<Check> = Check::ALL.into_iter().filter(|c| c.is_token()).collect();
    assert_eq!(token_checks.len(), 8, "the token variants");
    for check in token_checks {
        let r = build(check, &target, &token, &keys, None, &fresh).unwrap();
        let auth = header(&r, "authorization")[0];
        let altered = auth.strip_prefix("Bearer ").unwrap();
        assert_ne!(altered, token, "{check}");
        let signed_ok = jose::CompactJws::parse(altered).is_ok_and(|jws| {
            tenant_public
                .verify(
                    Algorithm::RS256,
                    jws.signing_input.as_bytes(),
                    &jws.signature,
                )
                .is_ok()
        });
        assert!(!signed_ok, "{check} still verifies");
    }
}

#[test]
fn the_flipped_payload_differs_in_one_bit_of_sub() {
    let (_, token, ..) = setup();
    let flipped = flip_payload(&token).unwrap();
    let claims = crate::dangerous::decode_unverified(&flipped)
        .unwrap()
        .claims;
    assert_eq!(claims["sub"], "client@clientr");
    assert_eq!(claims["aud"], "https://api");
    assert!(flippable(&token));
    let no_id = format!(
        "{}.{}.sig",
        jose::b64(b"{\"alg\":\"RS256\"}"),
        jose::b64(b"{\"aud\":\"a\"}")
    );
    assert!(!flippable(&no_id));
}

#[test]
fn key_confusion_uses_the_tenant_key_pem_as_hmac_secret() {
    let (target, token, mut keys, fresh, tenant) = setup();
    keys.dpop = None;
    let pem = rsa_public_pem(&tenant.public_jwk()).unwrap();
    // The PEM is the tenant key: aws-lc reads it back as the same key.
    let (_, der) = crate::keys::pem_decode(&pem).unwrap();
    let jwk = crate::x509::spki_to_jwk(&der).unwrap();
    assert_eq!(jwk["n"], tenant.public_jwk()["n"]);
    let r = build(Check::KeyConfusion, &target, &token, &keys, None, &fresh).unwrap();
    let altered = header(&r, "authorization")[0]
        .strip_prefix("Bearer ")
        .unwrap()
        .to_owned();
    let (input, sig) = altered.rsplit_once('.').unwrap();
    assert_eq!(hmac_sign(pem.as_bytes(), input), altered);
    assert!(!sig.is_empty());
    keys.tenant_key_pem = None;
    assert!(matches!(
        build(Check::KeyConfusion, &target, &token, &keys, None, &fresh),
        Err(VariantError::NeedsTenantKey(_))
    ));
}

#[test]
fn tenant_tokens_replace_the_token_and_keep_the_proof_good() {
    let (target, token, keys, fresh, _) = setup();
    let r = build(
        Check::Expired,
        &target,
        &token,
        &keys,
        Some("minted"),
        &fresh,
    )
    .unwrap();
    assert_eq!(header(&r, "authorization"), ["DPoP minted"]);
    assert!(matches!(
        build(Check::Expired, &target, &token, &keys, None, &fresh),
        Err(VariantError::NeedsToken(_))
    ));
}
