//! The library's hot paths next to the raw signature operations they are
//! bound by, so every ratio comes out of one run (`cargo bench --bench verify`):
//!
//! - `rs256`: raw pre-parsed aws-lc-rs RSA verify / auth0-tok's full
//!   access-token verification / jsonwebtoken's `decode` on the same token;
//! - `es256`: raw aws-lc-rs ECDSA P-256 sign and verify / a whole DPoP proof
//!   made (`dpop proof`) and verified;
//! - `request`: raw RS256 + ES256 verify / the whole DPoP request decision;
//! - `small`: thumbprint, htu normalisation, JWKS key selection.

use std::hint::black_box;

use auth0_tok::dpop::{DpopKey, ProofClaims, new_jti};
use auth0_tok::jose::{Algorithm, CompactJws, Object};
use auth0_tok::jwk::JwkSet;
use auth0_tok::jwk::thumbprint;
use auth0_tok::keys::SigningKey;
use auth0_tok::verify::{
    DpopMode, DpopPolicy, HttpRequest, RequestPolicy, normalize_htu, verify_proof, verify_request,
};
use auth0_tok::{AccessTokenPolicy, FixedClock, Issuer};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, EcdsaKeyPair, KeyPair, ParsedPublicKey, RsaPublicKeyComponents};
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

const URL: &str = "https://api.example.com/messages";

fn es256(c: &mut Criterion) {
    let rng = SystemRandom::new();
    let pkcs8 =
        EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    let pair =
        EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref())
            .unwrap();
    let public = ParsedPublicKey::new(
        &signature::ECDSA_P256_SHA256_FIXED,
        pair.public_key().as_ref(),
    )
    .unwrap();
    let key = DpopKey::generate().unwrap();
    let claims = ProofClaims::new("GET", URL, NOW, new_jti().unwrap()).with_access_token("at");
    let proof = key.proof(&claims).unwrap();
    let jws = CompactJws::parse(&proof).unwrap();
    let clock = FixedClock(NOW);
    let policy = DpopPolicy::default();
    verify_proof(&proof, Some("at"), "GET", URL, &policy, &clock).expect("a valid proof");
    let message = jws.signing_input.as_bytes();
    let raw_signature = pair.sign(&rng, message).unwrap();

    let mut group = c.benchmark_group("es256");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_aws_lc_sign", |b| {
        b.iter(|| pair.sign(&rng, black_box(message)).unwrap())
    });
    group.bench_function("dpop_proof", |b| {
        let mut claims = claims.clone();
        b.iter(|| {
            claims.jti = new_jti().unwrap();
            key.proof(black_box(&claims)).unwrap()
        })
    });
    group.bench_function("raw_aws_lc_verify_preparsed", |b| {
        b.iter(|| {
            public
                .verify_sig(black_box(message), black_box(raw_signature.as_ref()))
                .unwrap()
        })
    });
    group.bench_function("verify_proof", |b| {
        b.iter(|| verify_proof(black_box(&proof), Some("at"), "GET", URL, &policy, &clock).unwrap())
    });
    // Proofs of two keys in turn: the key is parsed for every proof (the
    // last proof key is remembered, so the one-key case above skips that).
    let other = DpopKey::generate().unwrap().proof(&claims).unwrap();
    let pair_of_keys = [proof.as_str(), other.as_str()];
    group.bench_function("verify_proof_key_changes", |b| {
        let mut i = 0;
        b.iter(|| {
            i ^= 1;
            verify_proof(
                black_box(pair_of_keys[i]),
                Some("at"),
                "GET",
                URL,
                &policy,
                &clock,
            )
            .unwrap()
        })
    });
    group.finish();
}

fn request(c: &mut Criterion) {
    let issuer = SigningKey::generate_rsa().unwrap().with_kid("k1");
    let dpop = DpopKey::generate().unwrap();
    let claims = json!({"iss": ISS, "sub": "client@clients", "aud": AUD, "iat": NOW, "exp": NOW + 86_400,
        "scope": "read:messages", "cnf": {"jkt": dpop.thumbprint()}});
    let token = issuer
        .sign_jwt(
            Algorithm::RS256,
            json!({"typ": "at+jwt"}).as_object().unwrap(),
            claims.as_object().unwrap(),
        )
        .unwrap();
    let proof = dpop
        .proof(&ProofClaims::new("GET", URL, NOW, new_jti().unwrap()).with_access_token(&token))
        .unwrap();
    let set = JwkSet::parse(
        json!({"keys": [Value::Object(issuer.public_jwk())]})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let policy = RequestPolicy {
        access: AccessTokenPolicy::new(vec![Issuer::from_domain(ISS).unwrap()], vec![AUD.into()]),
        mode: DpopMode::Allowed,
        dpop: DpopPolicy::default(),
        scopes: vec!["read:messages".into()],
    };
    let request = HttpRequest {
        method: "GET".into(),
        url: URL.into(),
        headers: vec![
            ("Authorization".into(), format!("DPoP {token}")),
            ("DPoP".into(), proof.clone()),
        ],
    };
    let clock = FixedClock(NOW);
    assert!(
        verify_request(&request, &policy, &set, &clock)
            .outcome
            .is_ok(),
        "the benchmark request is accepted"
    );

    // The two raw checks: the token's RS256 signature and the proof's ES256 one.
    let token_jws = CompactJws::parse(&token).unwrap();
    let proof_jws = CompactJws::parse(&proof).unwrap();
    let jwk = issuer.public_jwk();
    let b64 = |o: &Object, m: &str| {
        auth0_tok::jose::decode_segment(o[m].as_str().unwrap(), auth0_tok::jose::Part::Header)
            .unwrap()
    };
    let (n, e) = (b64(&jwk, "n"), b64(&jwk, "e"));
    let rsa = RsaPublicKeyComponents { n: &n, e: &e }
        .to_parsed_public_key(&signature::RSA_PKCS1_2048_8192_SHA256)
        .unwrap();
    let ec_jwk = dpop.public_jwk();
    let mut point = vec![4u8];
    point.extend(b64(&ec_jwk, "x"));
    point.extend(b64(&ec_jwk, "y"));
    let ec = ParsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, &point).unwrap();

    let mut group = c.benchmark_group("request");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_rs256_plus_es256_verify", |b| {
        b.iter(|| {
            rsa.verify_sig(
                black_box(token_jws.signing_input.as_bytes()),
                black_box(&token_jws.signature),
            )
            .unwrap();
            ec.verify_sig(
                black_box(proof_jws.signing_input.as_bytes()),
                black_box(&proof_jws.signature),
            )
            .unwrap()
        })
    });
    group.bench_function("verify_request_dpop", |b| {
        b.iter(|| verify_request(black_box(&request), &policy, &set, &clock))
    });
    group.finish();
}

fn small(c: &mut Criterion) {
    let dpop = DpopKey::generate().unwrap();
    let jwk = dpop.public_jwk();
    let mut keys = Vec::new();
    for i in 0..10 {
        let key = SigningKey::generate_rsa()
            .unwrap()
            .with_kid(format!("key-{i}"));
        keys.push(Value::Object(key.public_jwk()));
    }
    let set = JwkSet::parse(json!({ "keys": keys }).to_string().as_bytes()).unwrap();
    let mut group = c.benchmark_group("small");
    group.bench_function("thumbprint_ec", |b| {
        b.iter(|| thumbprint(black_box(&jwk)).unwrap())
    });
    group.bench_function("normalize_htu", |b| {
        b.iter(|| {
            normalize_htu(black_box(
                "HTTPS://API.Example.com:443/a/./b/../messages?x=1#f",
            ))
            .unwrap()
        })
    });
    group.bench_function("jwks_select_10_keys", |b| {
        b.iter(|| set.select(black_box("key-9"), Algorithm::RS256).unwrap())
    });
    group.finish();
}

criterion_group!(benches, rs256, es256, request, small);
criterion_main!(benches);
