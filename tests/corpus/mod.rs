//! The hostile corpus: tokens and DPoP proofs, each with the error it must produce.

use auth0_tok::dpop::{DpopKey, ath};
use auth0_tok::jose::{Algorithm, b64};
use auth0_tok::keys::SigningKey;
use serde_json::{Value, json};

pub const ISS: &str = "https://tenant.example.com/";
pub const AUD: &str = "https://api.example.com";
pub const HTU: &str = "https://api.example.com/messages";

pub struct Keys {
    pub rsa: SigningKey,
    pub ec: SigningKey,
    pub attacker: SigningKey,
    pub dpop: DpopKey,
}

impl Keys {
    pub fn new() -> Self {
        Keys {
            rsa: SigningKey::generate_rsa().unwrap().with_kid("k1"),
            ec: SigningKey::generate_p256().unwrap().with_kid("ec1"),
            attacker: SigningKey::generate_rsa().unwrap().with_kid("k1"),
            dpop: DpopKey::generate().unwrap(),
        }
    }

    pub fn jwks(&self) -> String {
        json!({"keys": [Value::Object(self.rsa.public_jwk()), Value::Object(self.ec.public_jwk())]})
            .to_string()
    }
}

pub struct Entry {
    pub name: String,
    pub input: String,
    pub expect: &'static str,
    /// Extra arguments: the ES256 entries run with ES256 allowed, so the
    /// signature check itself is what rejects them.
    pub args: &'static [&'static str],
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn claims() -> Value {
    json!({"iss": ISS, "sub": "client@clients", "aud": AUD, "iat": now() - 10, "exp": now() + 3600, "scope": "read:messages"})
}

/// `b64(header).b64(payload)` signed with `key`/`alg`.
fn signed_raw(header: &[u8], payload: &[u8], key: &SigningKey, alg: Algorithm) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let sig = key.sign(alg, input.as_bytes()).unwrap();
    format!("{input}.{}", b64(sig))
}

fn signed(header: Value, claims: Value, key: &SigningKey) -> String {
    signed_raw(
        header.to_string().as_bytes(),
        claims.to_string().as_bytes(),
        key,
        Algorithm::RS256,
    )
}

fn with(changes: Value) -> Value {
    let mut c = claims();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c
}

fn hs256(header: Value, secret: &[u8]) -> String {
    let input = format!("{}.{}", b64(header.to_string()), b64(claims().to_string()));
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    format!(
        "{input}.{}",
        b64(aws_lc_rs::hmac::sign(&key, input.as_bytes()))
    )
}

fn es256_with_signature(sig: Vec<u8>) -> String {
    let input = format!(
        "{}.{}",
        b64(json!({"alg": "ES256", "kid": "ec1"}).to_string()),
        b64(claims().to_string())
    );
    format!("{input}.{}", b64(sig))
}

/// DER-encodes a raw R||S ECDSA signature.
fn der(raw: &[u8]) -> Vec<u8> {
    let int = |x: &[u8]| {
        let x: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
        let mut v = if x.first().is_some_and(|b| b & 0x80 != 0) {
            vec![0]
        } else {
            vec![]
        };
        v.extend(x);
        [vec![0x02, v.len() as u8], v].concat()
    };
    let body = [int(&raw[..32]), int(&raw[32..])].concat();
    [vec![0x30, body.len() as u8], body].concat()
}

pub fn tokens(k: &Keys) -> Vec<Entry> {
    let rs = |h: Value| signed(h, claims(), &k.rsa);
    let good = rs(json!({"alg": "RS256", "kid": "k1"}));
    let (good_input, good_sig) = good.rsplit_once('.').unwrap();
    let public_pem_like = Value::Object(k.rsa.public_jwk()).to_string();
    let order_n = {
        // P-256 order n; s = n is out of range.
        let n = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";
        (0..32)
            .map(|i| u8::from_str_radix(&n[2 * i..2 * i + 2], 16).unwrap())
            .collect::<Vec<u8>>()
    };
    let ec_good_sig = {
        let input = format!(
            "{}.{}",
            b64(json!({"alg": "ES256", "kid": "ec1"}).to_string()),
            b64(claims().to_string())
        );
        k.ec.sign(Algorithm::ES256, input.as_bytes()).unwrap()
    };
    let mut flipped_sig =
        auth0_tok::jose::decode_segment(good_sig, auth0_tok::jose::Part::Signature).unwrap();
    flipped_sig[100] ^= 0x04;
    let payload_flip = {
        let (h, rest) = good.split_once('.').unwrap();
        let (p, s) = rest.split_once('.').unwrap();
        let mut bytes = auth0_tok::jose::decode_segment(p, auth0_tok::jose::Part::Payload).unwrap();
        let i = bytes.iter().position(|b| *b == b'c').unwrap();
        bytes[i] ^= 0x01;
        format!("{h}.{}.{s}", b64(bytes))
    };
    let attacker_jwk = Value::Object(k.attacker.public_jwk());
    let list: Vec<(&str, String, &'static str)> = vec![
        ("alg none", format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(claims().to_string())), "never accepted"),
        ("alg None", format!("{}.{}.", b64(r#"{"alg":"None","kid":"k1"}"#), b64(claims().to_string())), "never accepted"),
        ("alg NONE signed", rs(json!({"alg": "NONE", "kid": "k1"})), "never accepted"),
        ("key confusion: HS256 with the RSA public key as secret", hs256(json!({"alg": "HS256", "kid": "k1"}), public_pem_like.as_bytes()), "symmetric algorithm HS256"),
        ("HS512", hs256(json!({"alg": "HS512", "kid": "k1"}), b"x"), "symmetric algorithm HS512"),
        ("unknown alg", rs(json!({"alg": "XS256", "kid": "k1"})), "is not supported"),
        ("alg ES256 not allowed by default", rs(json!({"alg": "ES256", "kid": "k1"})), "not in the allowed algorithms"),
        ("kid unknown", rs(json!({"alg": "RS256", "kid": "nope"})), "no key with kid"),
        ("kid path traversal", rs(json!({"alg": "RS256", "kid": "../../../etc/passwd"})), "no key with kid"),
        ("kid SQL", rs(json!({"alg": "RS256", "kid": "' OR '1'='1' --"})), "no key with kid"),
        ("kid 10 KB", rs(json!({"alg": "RS256", "kid": "A".repeat(10_000)})), "no key with kid"),
        ("kid missing", rs(json!({"alg": "RS256"})), "no \"kid\""),
        ("kid number", rs(json!({"alg": "RS256", "kid": 1})), "\"kid\" must be"),
        ("jku attacker", signed(json!({"alg": "RS256", "kid": "k1", "jku": "https://attacker.example/jwks"}), claims(), &k.attacker), "does not verify"),
        ("x5u attacker", signed(json!({"alg": "RS256", "kid": "k1", "x5u": "https://attacker.example/cert"}), claims(), &k.attacker), "does not verify"),
        ("jwk attacker", signed(json!({"alg": "RS256", "kid": "k1", "jwk": attacker_jwk}), claims(), &k.attacker), "does not verify"),
        ("x5c attacker", signed(json!({"alg": "RS256", "kid": "k1", "x5c": ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]}), claims(), &k.attacker), "does not verify"),
        ("crit unknown", rs(json!({"alg": "RS256", "kid": "k1", "crit": ["urn:x"], "urn:x": 1})), "critical"),
        ("b64 false", rs(json!({"alg": "RS256", "kid": "k1", "b64": false, "crit": []})), "critical"),
        ("b64 false without crit", rs(json!({"alg": "RS256", "kid": "k1", "b64": false})), "unencoded payloads"),
        ("nested JWT", rs(json!({"alg": "RS256", "kid": "k1", "cty": "JWT"})), "nested JWTs"),
        ("2 segments", good_input.to_owned(), "exactly 3"),
        ("4 segments", format!("{good}.x"), "exactly 3"),
        ("5 segments", format!("{good}.x.y"), "exactly 3"),
        ("invalid base64url", format!("{}!.{}", good_input, good_sig), "base64url"),
        ("padding", format!("{good_input}.{good_sig}=="), "base64url"),
        ("whitespace", format!("{} {}", &good[..20], &good[20..]), "base64url"),
        ("standard base64 alphabet", good.replace('-', "+").replace('_', "/") + "+/", "base64url"),
        ("header not JSON", format!("{}.{}.{}", b64("not json"), b64(claims().to_string()), good_sig), "not valid JSON"),
        ("header an array", format!("{}.{}.{}", b64("[1]"), b64(claims().to_string()), good_sig), "not a JSON object"),
        ("payload not JSON", signed_raw(br#"{"alg":"RS256","kid":"k1"}"#, b"hello", &k.rsa, Algorithm::RS256), "not valid JSON"),
        ("payload a string", signed_raw(br#"{"alg":"RS256","kid":"k1"}"#, br#""claims""#, &k.rsa, Algorithm::RS256), "not a JSON object"),
        ("payload invalid UTF-8", signed_raw(br#"{"alg":"RS256","kid":"k1"}"#, b"{\"iss\":\"\xff\xfe\"}", &k.rsa, Algorithm::RS256), "not valid JSON"),
        ("duplicate alg", signed_raw(br#"{"alg":"RS256","alg":"none","kid":"k1"}"#, claims().to_string().as_bytes(), &k.rsa, Algorithm::RS256), "duplicate member"),
        ("duplicate aud", signed_raw(br#"{"alg":"RS256","kid":"k1"}"#, format!("{{\"iss\":\"{ISS}\",\"aud\":\"x\",\"aud\":\"{AUD}\",\"iat\":1,\"exp\":{}}}", now() + 60).as_bytes(), &k.rsa, Algorithm::RS256), "duplicate member"),
        ("deep nesting", signed_raw(br#"{"alg":"RS256","kid":"k1"}"#, format!("{{\"a\":{}1{}}}", "[".repeat(40), "]".repeat(40)).as_bytes(), &k.rsa, Algorithm::RS256), "nested deeper"),
        ("exp string", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"exp": "9999999999"})), &k.rsa), "NumericDate"),
        ("exp float", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"exp": (now() + 3600) as f64 + 0.5})), &k.rsa), "NumericDate"),
        ("exp negative", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"exp": -1})), &k.rsa), "NumericDate"),
        ("exp huge", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"exp": 1e300})), &k.rsa), "NumericDate"),
        ("exp beyond i64", signed_raw(br#"{"alg":"RS256","kid":"k1"}"#, format!("{{\"iss\":\"{ISS}\",\"aud\":\"{AUD}\",\"iat\":1,\"exp\":99999999999999999999999}}").as_bytes(), &k.rsa, Algorithm::RS256), "NumericDate"),
        ("nbf string", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"nbf": "0"})), &k.rsa), "NumericDate"),
        ("iat string", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"iat": "0"})), &k.rsa), "NumericDate"),
        ("iat missing", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"iat": null})), &k.rsa), "no \"iat\""),
        ("exp missing", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"exp": null})), &k.rsa), "no \"exp\""),
        ("expired", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"exp": now() - 100})), &k.rsa), "token expired"),
        ("nbf in the future", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"nbf": now() + 3600})), &k.rsa), "not valid yet"),
        ("aud number", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"aud": 42})), &k.rsa), "\"aud\" must be"),
        ("aud object", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"aud": {"aud": AUD}})), &k.rsa), "\"aud\" must be"),
        ("aud array without ours", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"aud": ["https://a", "https://b"]})), &k.rsa), "does not include"),
        ("aud missing", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"aud": null})), &k.rsa), "no \"aud\""),
        ("iss other", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"iss": "https://evil.example/"})), &k.rsa), "not the expected issuer"),
        ("iss without trailing slash", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"iss": ISS.trim_end_matches('/')})), &k.rsa), "not the expected issuer"),
        ("iss missing", signed(json!({"alg": "RS256", "kid": "k1"}), with(json!({"iss": null})), &k.rsa), "no \"iss\""),
        ("1 MB token", format!("{}.{}.{}", b64("{}"), "A".repeat(1 << 20), good_sig), "limit is 16384"),
        ("signature bit flipped", format!("{good_input}.{}", b64(flipped_sig)), "does not verify"),
        ("payload bit flipped", payload_flip, "does not verify"),
        ("empty signature", format!("{good_input}."), "does not verify"),
        ("RS256 header, PS256 signature", signed_raw(br#"{"alg":"RS256","kid":"k1"}"#, claims().to_string().as_bytes(), &k.rsa, Algorithm::PS256), "does not verify"),
        ("signed by another key", signed(json!({"alg": "RS256", "kid": "k1"}), claims(), &k.attacker), "does not verify"),
        ("ES256 DER signature", es256_with_signature(der(&ec_good_sig)), "does not verify"),
        ("ES256 r = 0", es256_with_signature([vec![0; 32], ec_good_sig[32..].to_vec()].concat()), "does not verify"),
        ("ES256 s = n", es256_with_signature([ec_good_sig[..32].to_vec(), order_n.clone()].concat()), "does not verify"),
        ("ES256 r = s = 0xff…", es256_with_signature(vec![0xff; 64]), "does not verify"),
        ("ES256 with an RSA kid", signed_raw(br#"{"alg":"ES256","kid":"k1"}"#, claims().to_string().as_bytes(), &k.ec, Algorithm::ES256), "cannot verify ES256"),
    ];
    list.into_iter()
        .map(|(name, input, expect)| Entry {
            args: if name.starts_with("ES256 ") {
                &["--algorithm", "RS256", "--algorithm", "ES256"]
            } else {
                &[]
            },
            name: name.to_owned(),
            input,
            expect,
        })
        .collect()
}

/// A DPoP-bound token for the proof corpus.
pub fn bound_token(k: &Keys) -> String {
    signed(
        json!({"alg": "RS256", "kid": "k1"}),
        with(json!({"cnf": {"jkt": k.dpop.thumbprint()}})),
        &k.rsa,
    )
}

pub fn proofs(k: &Keys, token: &str) -> Vec<Entry> {
    let pem = k.dpop.to_pem().unwrap();
    let signer = SigningKey::from_pem(&pem).unwrap();
    let header =
        || json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": Value::Object(k.dpop.public_jwk())});
    let body = || json!({"jti": "j-1", "htm": "GET", "htu": HTU, "iat": now(), "ath": ath(token)});
    let proof = |h: Value, c: Value| {
        signed_raw(
            h.to_string().as_bytes(),
            c.to_string().as_bytes(),
            &signer,
            Algorithm::ES256,
        )
    };
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut c = body();
        f(&mut c);
        proof(header(), c)
    };
    let edit_header = |f: &dyn Fn(&mut Value)| {
        let mut h = header();
        f(&mut h);
        proof(h, body())
    };
    let private = Value::Object(k.dpop.private_jwk().unwrap());
    let rsa_jwk = Value::Object(k.rsa.public_jwk());
    let good = proof(header(), body());
    let other = DpopKey::generate().unwrap();
    let list: Vec<(&str, String, &'static str)> = vec![
        ("private d in jwk", edit_header(&|h| h["jwk"] = private.clone()), "private key material"),
        ("RSA jwk", edit_header(&|h| h["jwk"] = rsa_jwk.clone()), "only EC keys"),
        ("OKP jwk", edit_header(&|h| h["jwk"] = json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})), "only EC keys"),
        ("P-384 jwk", edit_header(&|h| h["jwk"]["crv"] = json!("P-384")), "only P-256"),
        ("typ JWT", edit_header(&|h| h["typ"] = json!("JWT")), "not \"dpop+jwt\""),
        ("alg none", format!("{}.{}.", b64(json!({"typ": "dpop+jwt", "alg": "none", "jwk": Value::Object(k.dpop.public_jwk())}).to_string()), b64(body().to_string())), "ES256 only"),
        ("alg RS256", edit_header(&|h| h["alg"] = json!("RS256")), "ES256 only"),
        ("jwk missing", edit_header(&|h| { h.as_object_mut().unwrap().remove("jwk"); }), "no \"jwk\""),
        ("jti missing", edit(&|c| { c.as_object_mut().unwrap().remove("jti"); }), "lacks required claim(s): jti"),
        ("jti empty", edit(&|c| c["jti"] = json!("")), "jti is empty"),
        ("jti number", edit(&|c| c["jti"] = json!(7)), "jti must be a string"),
        ("iat string", edit(&|c| c["iat"] = json!(now().to_string())), "iat must be a number"),
        ("iat too old", edit(&|c| c["iat"] = json!(now() - 3600)), "old"),
        ("iat in the future", edit(&|c| c["iat"] = json!(now() + 3600)), "in the future"),
        ("htu with userinfo", edit(&|c| c["htu"] = json!("https://user:pw@api.example.com/messages")), "userinfo"),
        ("htu another port", edit(&|c| c["htu"] = json!("https://api.example.com:8443/messages")), "does not match the request URL"),
        ("htu trailing slash", edit(&|c| c["htu"] = json!("https://api.example.com/messages/")), "does not match the request URL"),
        ("htm lower case", edit(&|c| c["htm"] = json!("get")), "does not match the request method"),
        ("ath of another token", edit(&|c| c["ath"] = json!(ath("other"))), "ath does not match"),
        ("comma-joined proofs", format!("{good},{good}"), "more than one DPoP proof"),
        ("signed by another key", signed_raw(header().to_string().as_bytes(), body().to_string().as_bytes(), &SigningKey::from_pem(&other.to_pem().unwrap()).unwrap(), Algorithm::ES256), "does not verify with its own jwk"),
        ("not a JWT", "hello".to_owned(), "not a well-formed JWT"),
    ];
    list.into_iter()
        .map(|(name, input, expect)| Entry {
            name: name.to_owned(),
            input,
            expect,
            args: &[],
        })
        .collect()
}
