//! RS256 verification: the raw signature check (aws-lc-rs, pre-parsed key)
//! as the baseline, auth0-tok's full access-token verification, and
//! jsonwebtoken's `decode` on the same token for comparison.
//!
//! `cargo bench --bench verify`; the ratio library/raw is what matters.

use std::hint::black_box;

use auth0_tok::jose::{Algorithm, CompactJws, Object};
use auth0_tok::jwk::JwkSet;
use auth0_tok::keys::SigningKey;
use auth0_tok::{AccessTokenPolicy, FixedClock, Issuer};
use aws_lc_rs::signature::{self, RsaPublicKeyComponents};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

const NOW: i64 = 1_795_341_600;
const ISS: &str = "https://tenant.us.auth0.com/";
const AUD: &str = "https://api.example.com";

fn rs256(c: &mut Criterion) {
    let key = SigningKey::generate_rsa().unwrap().with_kid("k1");
    let claims = json!({"iss": ISS, "sub": "client@clients", "aud": AUD, "iat": NOW, "exp": NOW + 86_400,
        "scope": "read:messages write:messages", "gty": "client-credentials", "azp": "client"});
    let token = key
        .sign_jwt(
            Algorithm::RS256,
            &json!({"typ": "JWT"}).as_object().unwrap().clone(),
            claims.as_object().unwrap(),
        )
        .unwrap();
    let jwk: Object = key.public_jwk();
    let set = JwkSet::parse(
        json!({"keys": [Value::Object(jwk.clone())]})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let policy = AccessTokenPolicy::new(vec![Issuer::from_domain(ISS).unwrap()], vec![AUD.into()]);
    let clock = FixedClock(NOW);
    policy
        .verify(&token, &set, &clock)
        .expect("the benchmark token is valid");

    let jws = CompactJws::parse(&token).unwrap();
    let decode = |m: &str| {
        auth0_tok::jose::decode_segment(jwk[m].as_str().unwrap(), auth0_tok::jose::Part::Header)
            .unwrap()
    };
    let (n, e) = (decode("n"), decode("e"));
    let parsed = RsaPublicKeyComponents { n: &n, e: &e }
        .to_parsed_public_key(&signature::RSA_PKCS1_2048_8192_SHA256)
        .unwrap();

    let mut group = c.benchmark_group("rs256");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_aws_lc_preparsed", |b| {
        b.iter(|| {
            parsed
                .verify_sig(
                    black_box(jws.signing_input.as_bytes()),
                    black_box(&jws.signature),
                )
                .unwrap()
        })
    });
    group.bench_function("auth0_tok_verify", |b| {
        b.iter(|| policy.verify(black_box(&token), &set, &clock).unwrap())
    });
    let jwt_key = jsonwebtoken::DecodingKey::from_rsa_components(
        jwk["n"].as_str().unwrap(),
        jwk["e"].as_str().unwrap(),
    )
    .unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&[AUD]);
    validation.set_issuer(&[ISS]);
    validation.validate_exp = false;
    group.bench_function("jsonwebtoken_decode", |b| {
        b.iter(|| jsonwebtoken::decode::<Value>(black_box(&token), &jwt_key, &validation).unwrap())
    });
    group.finish();
}

criterion_group!(benches, rs256);
criterion_main!(benches);
