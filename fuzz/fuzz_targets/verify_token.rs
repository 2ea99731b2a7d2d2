#![no_main]
//! Full access-token verification with a fixed key set: never panics, and
//! nothing the fuzzer makes is accepted (it holds no private key).
use std::sync::OnceLock;

use auth0_tok::{AccessTokenPolicy, FixedClock, Issuer, JwkSet};
use libfuzzer_sys::fuzz_target;

const JWKS: &str = r#"{"keys":[{"kty":"RSA","kid":"k1","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"},{"kty":"EC","kid":"ec1","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#;

fn setup() -> &'static (AccessTokenPolicy, JwkSet) {
    static S: OnceLock<(AccessTokenPolicy, JwkSet)> = OnceLock::new();
    S.get_or_init(|| {
        let policy = AccessTokenPolicy::new(vec![Issuer::from_domain("joe.example").unwrap()], vec!["https://api".into()])
            .with_algorithms(vec![auth0_tok::Algorithm::RS256, auth0_tok::Algorithm::PS256, auth0_tok::Algorithm::ES256]);
        (policy, JwkSet::parse(JWKS.as_bytes()).unwrap())
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    let (policy, keys) = setup();
    assert!(policy.verify(token, keys, &FixedClock(1_300_000_000)).is_err());
});
