//! Data and raw baselines for `benches/cli.sh`, the whole-process benchmark.
//!
//! ```text
//! bench_data keygen DIR
//!     DIR/key.pem       RSA-2048 signing key (PKCS#8; for `mock serve --signing-key`)
//!     DIR/public.pem    its public key (SPKI PEM; for jwt-cli)
//! bench_data generate DIR ISSUER TOKENS REQUESTS
//!     reads DIR/key.pem and DIR/jwks.json (the tenant's JWKS: the first key's kid is used)
//!     DIR/tokens.txt    TOKENS distinct RS256 access tokens for ISSUER / https://api.example.com
//!     DIR/dpop.pem      a P-256 DPoP key
//!     DIR/requests.txt  REQUESTS lines `TOKEN PROOF`: DPoP-bound tokens with fresh
//!                       proofs for GET https://api.example.com/messages
//! bench_data raw-rs256 DIR        raw pre-parsed RSA verify of every token's signature
//! bench_data lib-rs256 DIR ISSUER the library's whole verification of every token (no I/O)
//! bench_data raw-es256-sign N     raw ES256 signing of N proof-sized messages
//! bench_data raw-request DIR      raw RS256 + ES256 verify of every request line
//! bench_data raw-rs256-sign DIR N raw RS256 signing with DIR/key.pem (the mock tenant's bound)
//! ```
//!
//! The `raw-*` modes print two numbers, operations per second on one
//! thread by the wall clock and by the thread's CPU time (which leaves out
//! time the machine gave to others: on a shared virtual machine the two
//! differ), timed around the signature operations only (keys pre-parsed,
//! signatures pre-decoded): the denominators of the script's ratios.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use auth0_tok::dpop::{DpopKey, ProofClaims, new_jti};
use auth0_tok::jose::{self, Algorithm, CompactJws, Object, Part};
use auth0_tok::keys::SigningKey;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    self, EcdsaKeyPair, KeyPair, ParsedPublicKey, RsaKeyPair, RsaPublicKeyComponents,
};
use base64::Engine as _;
use serde_json::{Value, json};

const AUD: &str = "https://api.example.com";
const URL: &str = "https://api.example.com/messages";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["keygen", dir] => keygen(Path::new(dir)),
        ["generate", dir, issuer, tokens, requests] => {
            generate(Path::new(dir), issuer, tokens.parse()?, requests.parse()?)
        }
        ["raw-rs256", dir] => print_rate(raw_rs256(Path::new(dir))?),
        ["lib-rs256", dir, issuer] => print_rate(lib_rs256(Path::new(dir), issuer)?),
        ["raw-es256-sign", n] => print_rate(raw_es256_sign(n.parse()?)?),
        ["raw-request", dir] => print_rate(raw_request(Path::new(dir))?),
        ["raw-rs256-sign", dir, n] => print_rate(raw_rs256_sign(Path::new(dir), n.parse()?)?),
        _ => Err("usage: see the comment at the top of examples/bench_data.rs".into()),
    }
}

fn print_rate(rate: Rates) -> Result<()> {
    println!("{:.0} {:.0}", rate.wall, rate.cpu);
    Ok(())
}

/// Operations per second by the wall clock and by this thread's CPU time.
struct Rates {
    wall: f64,
    cpu: f64,
}

/// Wall clock and CPU time of the calling thread, from a start.
struct Timer {
    wall: Instant,
    cpu_ns: u64,
}

impl Timer {
    fn start() -> Self {
        Timer {
            wall: Instant::now(),
            cpu_ns: thread_cpu_ns(),
        }
    }

    fn rates(&self, operations: usize) -> Rates {
        let cpu = (thread_cpu_ns() - self.cpu_ns) as f64 / 1e9;
        Rates {
            wall: operations as f64 / self.wall.elapsed().as_secs_f64(),
            cpu: operations as f64 / cpu,
        }
    }
}

/// Nanoseconds this thread has run (Linux schedstat; with paravirtual
/// time accounting, time stolen by the host is not counted).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .expect("/proc/thread-self/schedstat")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs() as i64
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out + &format!("-----END {label}-----\n")
}

/// A private key file, readable by its owner only.
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

fn keygen(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let pair = RsaKeyPair::generate(KeySize::Rsa2048).map_err(|_| "RSA key generation")?;
    let pkcs8 = pair.as_der().map_err(|_| "PKCS#8 encoding")?;
    let spki = pair.public_key().as_der().map_err(|_| "SPKI encoding")?;
    write_private(&dir.join("key.pem"), &pem("PRIVATE KEY", pkcs8.as_ref()))?;
    std::fs::write(dir.join("public.pem"), pem("PUBLIC KEY", spki.as_ref()))?;
    Ok(())
}

fn generate(dir: &Path, issuer: &str, tokens: usize, requests: usize) -> Result<()> {
    let jwks: Value = serde_json::from_slice(&std::fs::read(dir.join("jwks.json"))?)?;
    let kid = jwks["keys"][0]["kid"]
        .as_str()
        .ok_or("the JWKS has no kid")?;
    let key = SigningKey::from_pem(&std::fs::read_to_string(dir.join("key.pem"))?)?.with_kid(kid);
    let dpop = DpopKey::generate()?;
    write_private(&dir.join("dpop.pem"), &dpop.to_pem()?)?;

    let iat = now();
    let claims = |i: usize, jkt: Option<&str>| {
        let mut c = json!({"iss": issuer, "sub": format!("client-{i}@clients"), "aud": AUD,
            "iat": iat, "exp": iat + 86_400, "scope": "read:messages write:messages",
            "gty": "client-credentials", "azp": "bench", "jti": format!("bench-{i}")});
        if let Some(jkt) = jkt {
            c["cnf"] = json!({ "jkt": jkt });
        }
        c.as_object().expect("an object").clone()
    };
    let header: Object = json!({"typ": "at+jwt"})
        .as_object()
        .expect("object")
        .clone();
    let sign_all = |count: usize, jkt: Option<&str>| -> Vec<String> {
        // Two threads: RSA signing is the slow part of preparing the data.
        let half = count.div_ceil(2);
        std::thread::scope(|scope| {
            let parts: Vec<_> = [0..half.min(count), half.min(count)..count]
                .into_iter()
                .map(|range| {
                    let (key, header) = (&key, &header);
                    scope.spawn(move || {
                        range
                            .map(|i| {
                                key.sign_jwt(Algorithm::RS256, header, &claims(i, jkt))
                                    .expect("RSA signing")
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().expect("no panic"))
                .collect()
        })
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("tokens.txt"))?);
    for token in sign_all(tokens, None) {
        writeln!(out, "{token}")?;
    }
    out.flush()?;
    let jkt = dpop.thumbprint();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("requests.txt"))?);
    for token in sign_all(requests, Some(&jkt)) {
        let proof =
            dpop.proof(&ProofClaims::new("GET", URL, now(), new_jti()?).with_access_token(&token))?;
        writeln!(out, "{token} {proof}")?;
    }
    out.flush()?;
    Ok(())
}

fn b64(segment: &str) -> Result<Vec<u8>> {
    Ok(jose::decode_segment(segment, Part::Signature)?)
}

fn rsa_key(dir: &Path) -> Result<ParsedPublicKey> {
    let jwks: Value = serde_json::from_slice(&std::fs::read(dir.join("jwks.json"))?)?;
    let jwk = &jwks["keys"][0];
    let (n, e) = (
        b64(jwk["n"].as_str().ok_or("n")?)?,
        b64(jwk["e"].as_str().ok_or("e")?)?,
    );
    Ok(RsaPublicKeyComponents { n: &n, e: &e }
        .to_parsed_public_key(&signature::RSA_PKCS1_2048_8192_SHA256)
        .map_err(|_| "RSA key")?)
}

/// Signing input and decoded signature of a compact JWS.
fn split(token: &str) -> Result<(String, Vec<u8>)> {
    let jws = CompactJws::parse(token)?;
    Ok((jws.signing_input.to_owned(), jws.signature))
}

fn raw_rs256(dir: &Path) -> Result<Rates> {
    let key = rsa_key(dir)?;
    let text = std::fs::read_to_string(dir.join("tokens.txt"))?;
    let items = text.lines().map(split).collect::<Result<Vec<_>>>()?;
    let start = Timer::start();
    for (input, sig) in &items {
        key.verify_sig(input.as_bytes(), sig)
            .map_err(|_| "a token does not verify")?;
    }
    Ok(start.rates(items.len()))
}

fn raw_es256_sign(n: usize) -> Result<Rates> {
    let rng = SystemRandom::new();
    let alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(alg, &rng).map_err(|_| "P-256 key")?;
    let pair = EcdsaKeyPair::from_pkcs8(alg, pkcs8.as_ref()).map_err(|_| "P-256 key")?;
    // A proof's signing input is about 330 bytes.
    let message = vec![b'a'; 330];
    let start = Timer::start();
    for _ in 0..n {
        std::hint::black_box(pair.sign(&rng, &message).map_err(|_| "ES256 signing")?);
    }
    Ok(start.rates(n))
}

fn raw_request(dir: &Path) -> Result<Rates> {
    let rsa = rsa_key(dir)?;
    let dpop = DpopKey::parse(&std::fs::read_to_string(dir.join("dpop.pem"))?)?;
    let jwk = dpop.public_jwk();
    let mut point = vec![4u8];
    point.extend(b64(jwk["x"].as_str().ok_or("x")?)?);
    point.extend(b64(jwk["y"].as_str().ok_or("y")?)?);
    let ec = ParsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, &point)
        .map_err(|_| "P-256 key")?;
    let text = std::fs::read_to_string(dir.join("requests.txt"))?;
    let items = text
        .lines()
        .map(|line| {
            let (token, proof) = line.split_once(' ').ok_or("a `TOKEN PROOF` line")?;
            Ok((split(token)?, split(proof)?))
        })
        .collect::<Result<Vec<_>>>()?;
    let start = Timer::start();
    for ((t_input, t_sig), (p_input, p_sig)) in &items {
        rsa.verify_sig(t_input.as_bytes(), t_sig)
            .map_err(|_| "a token does not verify")?;
        ec.verify_sig(p_input.as_bytes(), p_sig)
            .map_err(|_| "a proof does not verify")?;
    }
    Ok(start.rates(items.len()))
}

fn raw_rs256_sign(dir: &Path, n: usize) -> Result<Rates> {
    let pem = std::fs::read_to_string(dir.join("key.pem"))?;
    let der = base64::engine::general_purpose::STANDARD.decode(
        pem.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>(),
    )?;
    let pair = RsaKeyPair::from_pkcs8(&der).map_err(|_| "RSA key")?;
    let rng = SystemRandom::new();
    // An access token's signing input is about 400 bytes.
    let message = vec![b'a'; 400];
    let mut sig = vec![0; pair.public_modulus_len()];
    let start = Timer::start();
    for _ in 0..n {
        pair.sign(&signature::RSA_PKCS1_SHA256, &rng, &message, &mut sig)
            .map_err(|_| "RS256 signing")?;
    }
    Ok(start.rates(n))
}

fn lib_rs256(dir: &Path, issuer: &str) -> Result<Rates> {
    let set = auth0_tok::JwkSet::parse(&std::fs::read(dir.join("jwks.json"))?)?;
    let policy = auth0_tok::AccessTokenPolicy::new(
        vec![auth0_tok::Issuer::from_domain(issuer)?],
        vec![AUD.to_owned()],
    );
    let clock = auth0_tok::SystemClock;
    let text = std::fs::read_to_string(dir.join("tokens.txt"))?;
    let tokens: Vec<&str> = text.lines().collect();
    let start = Timer::start();
    for token in &tokens {
        std::hint::black_box(policy.verify(token, &set, &clock)?);
    }
    Ok(start.rates(tokens.len()))
}
