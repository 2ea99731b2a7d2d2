//! Property tests: arbitrary input through every parser and verifier never
//! panics, and never verifies. Bounded, so they run on every CI run.

use auth0_tok::clock::FixedClock;
use auth0_tok::jose::{self, Object};
use auth0_tok::jwk::JwkSet;
use auth0_tok::verify::{
    AccessTokenPolicy, DpopMode, DpopPolicy, HttpRequest, RequestPolicy, normalize_htu,
    parse_raw_request, verify_proof, verify_request,
};
use auth0_tok::{Issuer, dangerous, oauth};
use proptest::prelude::*;

fn policy() -> AccessTokenPolicy {
    AccessTokenPolicy::new(
        vec![Issuer::from_domain("tenant.example.com").unwrap()],
        vec!["https://api".into()],
    )
}

fn keys() -> JwkSet {
    let doc = r#"{"keys":[{"kty":"RSA","kid":"k1","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}]}"#;
    JwkSet::parse(doc.as_bytes()).unwrap()
}

/// JSON-ish objects: the values a hostile header or payload might hold.
fn json_object() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| f.to_string()),
        "[a-zA-Z0-9:/._ -]{0,20}".prop_map(|s| format!("{s:?}")),
        Just("true".to_owned()),
    ];
    let names = prop_oneof![
        Just("alg"),
        Just("kid"),
        Just("typ"),
        Just("crit"),
        Just("jwk"),
        Just("iss"),
        Just("aud"),
        Just("exp"),
        Just("nbf"),
        Just("iat"),
        Just("scope"),
        Just("cnf"),
        Just("htm"),
        Just("htu"),
        Just("jti"),
        Just("ath"),
        Just("b64"),
        Just("cty"),
    ];
    proptest::collection::vec((names, leaf), 0..8).prop_map(|members| {
        let body: Vec<String> = members.iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
        format!("{{{}}}", body.join(","))
    })
}

fn token() -> impl Strategy<Value = String> {
    (
        json_object(),
        json_object(),
        proptest::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(h, p, sig)| format!("{}.{}.{}", jose::b64(h), jose::b64(p), jose::b64(sig)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic_anywhere(s in "\\PC{0,400}") {
        let clock = FixedClock(1_795_341_600);
        let _ = dangerous::decode_unverified(&s);
        prop_assert!(policy().verify(&s, &keys(), &clock).is_err());
        prop_assert!(verify_proof(&s, Some("t"), "GET", "https://a/b", &DpopPolicy::default(), &clock).is_err());
        let _ = normalize_htu(&s);
        let _ = parse_raw_request(&s, "https");
        let _ = JwkSet::parse(s.as_bytes());
        let _ = oauth::parse("u", 200, None, s.as_bytes());
        let _ = Issuer::from_domain(&s);
    }

    #[test]
    fn structured_hostile_tokens_never_verify(t in token()) {
        let clock = FixedClock(1_795_341_600);
        prop_assert!(policy().verify(&t, &keys(), &clock).is_err());
        prop_assert!(verify_proof(&t, Some("t"), "GET", "https://a/b", &DpopPolicy::default(), &clock).is_err());
        let request = HttpRequest {
            method: "GET".into(),
            url: "https://a/b".into(),
            headers: vec![("Authorization".into(), format!("DPoP {t}")), ("DPoP".into(), t.clone())],
        };
        let decision = verify_request(&request, &RequestPolicy {
            access: policy(), mode: DpopMode::Allowed, dpop: DpopPolicy::default(), scopes: vec![],
        }, &keys(), &clock);
        prop_assert!(decision.outcome.is_err());
    }

    #[test]
    fn arbitrary_jwks_documents_never_panic(members in proptest::collection::vec(json_object(), 0..5)) {
        let doc = format!("{{\"keys\":[{}]}}", members.join(","));
        if let Ok(set) = JwkSet::parse(doc.as_bytes()) {
            for key in set.keys() {
                let _ = key.thumbprint();
            }
        }
        let objects: Vec<Object> = members.iter().filter_map(|m| serde_json::from_str(m).ok()).collect();
        for o in objects {
            let _ = auth0_tok::jwk::thumbprint(&o);
        }
    }
}
