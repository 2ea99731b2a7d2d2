//! Building the probe's requests: the good one and one variant per
//! [`Check`]. Pure but for signatures: the time, the `jti`s and the nonce
//! are inputs ([`Fresh`]), and every key is the caller's.

use aws_lc_rs::hmac;
use serde_json::{Value, json};

use super::Check;
use crate::dpop::{DpopKey, ath, htu_for_proof};
use crate::jose::{self, Algorithm, Object, Part};
use crate::keys::{KeyError, SigningKey};

/// The `kid` of the probe's own signing key.
pub const PROBE_KID: &str = "auth0-tok-probe";

/// Where the request goes.
#[derive(Debug, Clone)]
pub struct Target {
    /// The method.
    pub method: String,
    /// The URL.
    pub url: String,
}

/// Keys the probe uses.
#[derive(Debug, Clone)]
pub struct ProbeKeys {
    /// The probe's own RSA key (never published by the tenant).
    pub attacker: SigningKey,
    /// A second P-256 key, for proofs from a key the token is not bound to.
    pub other_dpop: SigningKey,
    /// The baseline's DPoP key (signing key and private JWK), when DPoP.
    pub dpop: Option<ProofKey>,
    /// The tenant's public key for the token's `kid`, as PEM (key confusion).
    pub tenant_key_pem: Option<String>,
}

/// The DPoP key of the baseline, in the forms variants need.
#[derive(Clone)]
pub struct ProofKey {
    key: SigningKey,
    private_jwk: Object,
}

impl std::fmt::Debug for ProofKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProofKey([redacted])")
    }
}

impl ProofKey {
    /// From the DPoP key.
    pub fn new(key: &DpopKey) -> Result<Self, KeyError> {
        Ok(ProofKey {
            key: SigningKey::from_pem(&key.to_pem()?)?,
            private_jwk: key.private_jwk()?,
        })
    }
}

/// What changes per request: the time, two fresh `jti`s, the API's nonce.
#[derive(Debug, Clone)]
pub struct Fresh {
    pub now: i64,
    pub jtis: [String; 2],
    pub nonce: Option<String>,
}

/// Headers to send; `repeat`: send the request twice and judge the second answer.
#[derive(Clone, PartialEq, Eq)]
pub struct ProbeRequest {
    pub headers: Vec<(String, String)>,
    pub repeat: bool,
}

impl std::fmt::Debug for ProbeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("ProbeRequest")
            .field("headers", &names)
            .field("repeat", &self.repeat)
            .finish()
    }
}

/// How a proof differs from a good one.
#[derive(Default)]
struct ProofTweak<'a> {
    htm: Option<String>,
    htu: Option<String>,
    ath_of: Option<&'a str>,
    iat_offset: i64,
    nonce: Option<Option<String>>,
    key: Option<&'a SigningKey>,
    alg: Option<&'static str>,
    private_jwk: bool,
    jti: usize,
}

fn proof(
    target: &Target,
    token: &str,
    key: &ProofKey,
    fresh: &Fresh,
    tweak: ProofTweak<'_>,
) -> Result<String, KeyError> {
    let signer = tweak.key.unwrap_or(&key.key);
    let mut claims = Object::new();
    claims.insert("jti".into(), json!(fresh.jtis[tweak.jti]));
    claims.insert(
        "htm".into(),
        json!(tweak.htm.unwrap_or_else(|| target.method.clone())),
    );
    claims.insert(
        "htu".into(),
        json!(tweak.htu.unwrap_or_else(|| htu_for_proof(&target.url))),
    );
    claims.insert("iat".into(), json!(fresh.now + tweak.iat_offset));
    claims.insert("ath".into(), json!(ath(tweak.ath_of.unwrap_or(token))));
    if let Some(nonce) = tweak.nonce.unwrap_or_else(|| fresh.nonce.clone()) {
        claims.insert("nonce".into(), json!(nonce));
    }
    let jwk = if tweak.private_jwk {
        key.private_jwk.clone()
    } else {
        signer.public_jwk()
    };
    let mut header = Object::new();
    header.insert("typ".into(), json!("dpop+jwt"));
    header.insert("jwk".into(), Value::Object(jwk));
    match tweak.alg {
        None => signer.sign_jwt(Algorithm::ES256, &header, &claims),
        Some(alg) => {
            header.insert("alg".into(), json!(alg));
            let input = format!("{}.{}", encode(&header), encode(&claims));
            Ok(match alg {
                "HS256" => hmac_sign(b"auth0-tok-probe", &input),
                _ => format!("{input}."),
            })
        }
    }
}

fn encode(object: &Object) -> String {
    jose::b64(serde_json::to_vec(object).expect("a JSON object"))
}

fn hmac_sign(secret: &[u8], input: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    format!(
        "{input}.{}",
        jose::b64(hmac::sign(&key, input.as_bytes()).as_ref())
    )
}

fn authorized(token: &str, dpop: bool) -> Vec<(String, String)> {
    let scheme = if dpop { "DPoP" } else { "Bearer" };
    vec![("Authorization".into(), format!("{scheme} {token}"))]
}

/// The good request: the token with its scheme, and a fresh proof when DPoP.
pub fn good_request(
    target: &Target,
    token: &str,
    keys: &ProbeKeys,
    fresh: &Fresh,
) -> Result<ProbeRequest, KeyError> {
    let mut headers = authorized(token, keys.dpop.is_some());
    if let Some(key) = &keys.dpop {
        headers.push((
            "DPoP".into(),
            proof(target, token, key, fresh, ProofTweak::default())?,
        ));
    }
    Ok(ProbeRequest {
        headers,
        repeat: false,
    })
}

/// Why a variant could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VariantError {
    #[error(
        "{0} needs a token from the tenant (mock minting or a second client-credentials token)"
    )]
    NeedsToken(Check),
    #[error("{0} needs a DPoP baseline")]
    NeedsDpop(Check),
    #[error("{0} needs the tenant's public key")]
    NeedsTenantKey(Check),
    #[error("the baseline token is not a JWT the probe can alter: {0}")]
    NotAJwt(String),
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// The request for `check`'s variant of the good request. `substitute` is
/// the token to send instead, for checks whose token the tenant provides
/// (minted ones, the missing scope).
pub fn build(
    check: Check,
    target: &Target,
    token: &str,
    keys: &ProbeKeys,
    substitute: Option<&str>,
    fresh: &Fresh,
) -> Result<ProbeRequest, VariantError> {
    use Check::*;
    let once = |headers| {
        Ok(ProbeRequest {
            headers,
            repeat: false,
        })
    };
    if check.is_minted() || check == MissingScope {
        let other = substitute.ok_or(VariantError::NeedsToken(check))?;
        return Ok(good_request(target, other, keys, fresh)?);
    }
    if !check.is_dpop() {
        let altered = alter_token(check, token, keys)?;
        return Ok(good_request(target, &altered, keys, fresh)?);
    }
    let key = keys.dpop.as_ref().ok_or(VariantError::NeedsDpop(check))?;
    let with = |tweak: ProofTweak<'_>| -> Result<ProbeRequest, VariantError> {
        let mut headers = authorized(token, true);
        headers.push(("DPoP".into(), proof(target, token, key, fresh, tweak)?));
        once(headers)
    };
    match check {
        DpopNoProof => once(authorized(token, true)),
        DpopOtherMethod => with(ProofTweak {
            htm: Some(if target.method.eq_ignore_ascii_case("GET") {
                "POST".into()
            } else {
                "GET".into()
            }),
            ..ProofTweak::default()
        }),
        DpopOtherUrl => with(ProofTweak {
            htu: Some(other_url(&target.url)),
            ..ProofTweak::default()
        }),
        DpopOtherToken => with(ProofTweak {
            ath_of: Some("auth0-tok-probe: another access token"),
            ..ProofTweak::default()
        }),
        DpopIatOld => with(ProofTweak {
            iat_offset: -600,
            ..ProofTweak::default()
        }),
        DpopIatAhead => with(ProofTweak {
            iat_offset: 300,
            ..ProofTweak::default()
        }),
        DpopReplay => {
            let mut request = with(ProofTweak::default())?;
            request.repeat = true;
            Ok(request)
        }
        DpopOtherKey => with(ProofTweak {
            key: Some(&keys.other_dpop),
            ..ProofTweak::default()
        }),
        DpopAlgNone => with(ProofTweak {
            alg: Some("none"),
            ..ProofTweak::default()
        }),
        DpopHs256 => with(ProofTweak {
            alg: Some("HS256"),
            ..ProofTweak::default()
        }),
        DpopPrivateJwk => with(ProofTweak {
            private_jwk: true,
            ..ProofTweak::default()
        }),
        DpopTwoProofs => {
            let mut headers = authorized(token, true);
            for jti in 0..2 {
                let tweak = ProofTweak {
                    jti,
                    ..ProofTweak::default()
                };
                headers.push(("DPoP".into(), proof(target, token, key, fresh, tweak)?));
            }
            once(headers)
        }
        DpopBoundAsBearer => once(authorized(token, false)),
        DpopNonceMissing => with(ProofTweak {
            nonce: Some(None),
            ..ProofTweak::default()
        }),
        DpopNonceStale => with(ProofTweak {
            nonce: Some(Some("auth0-tok-probe-stale-nonce".into())),
            ..ProofTweak::default()
        }),
        other => unreachable!("{other} is not a DPoP check"),
    }
}

/// The same origin, another path.
fn other_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            u.set_path("/auth0-tok-probe/another-path");
            u.set_query(None);
            u.to_string()
        }
        Err(_) => format!("{url}/auth0-tok-probe"),
    }
}

/// The claims whose value a bit flip may change without a reason for an
/// API that skips signatures to refuse: identifiers it does not check.
const FLIPPABLE: [&str; 3] = ["sub", "azp", "jti"];

/// Whether [`Check::PayloadBitFlipped`] can alter this token.
pub fn flippable(token: &str) -> bool {
    flip_payload(token).is_some()
}

fn flip_payload(token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let (header, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
    let mut bytes = jose::decode_segment(payload, Part::Payload).ok()?;
    let claims = jose::parse_object(&bytes, Part::Payload).ok()?;
    let (name, value) = FLIPPABLE
        .iter()
        .find_map(|n| Some((*n, claims.get(*n)?.as_str()?)))?;
    let needle = format!("\"{name}\":");
    let start = find(&bytes, needle.as_bytes())? + needle.len();
    // The value's last alphanumeric byte: bit 0 of an ASCII letter or digit
    // flips to another printable character that is never `"` or `\`.
    let open = start + bytes[start..].iter().position(|&b| b == b'"')? + 1;
    let len = value.len();
    let at = (open..open + len)
        .rev()
        .find(|&i| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric))?;
    bytes[at] ^= 1;
    jose::parse_object(&bytes, Part::Payload).ok()?;
    Some(format!("{header}.{}.{signature}", jose::b64(&bytes)))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The baseline token with one thing changed (the token variants).
fn alter_token(check: Check, token: &str, keys: &ProbeKeys) -> Result<String, VariantError> {
    use Check::*;
    let not_jwt = |why: &str| VariantError::NotAJwt(why.to_owned());
    let mut parts = token.split('.');
    let (Some(header_b64), Some(payload_b64), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(not_jwt("not three segments"));
    };
    let jwt = crate::dangerous::decode_unverified(token).map_err(|e| not_jwt(&e.to_string()))?;
    let mut header = jwt.header.clone();
    let claims = &jwt.claims;
    let attacker = |extra: Object, kid: &str| -> Result<String, VariantError> {
        let key = keys.attacker.clone().with_kid(kid);
        Ok(key.sign_jwt(Algorithm::RS256, &extra, claims)?)
    };
    let typ = |mut extra: Object| {
        extra.insert("typ".into(), json!("JWT"));
        extra
    };
    let probe_jwks =
        || json!({"keys": [Value::Object(keys.attacker.clone().with_kid(PROBE_KID).public_jwk())]});
    match check {
        AlgNone => {
            header.insert("alg".into(), json!("none"));
            Ok(format!("{}.{payload_b64}.", encode(&header)))
        }
        SignatureStripped => Ok(format!("{header_b64}.{payload_b64}.")),
        PayloadBitFlipped => flip_payload(token).ok_or_else(|| not_jwt("no claim to flip")),
        KeyConfusion => {
            let pem = keys
                .tenant_key_pem
                .as_ref()
                .ok_or(VariantError::NeedsTenantKey(check))?;
            header.insert("alg".into(), json!("HS256"));
            let input = format!("{}.{payload_b64}", encode(&header));
            Ok(hmac_sign(pem.as_bytes(), &input))
        }
        UnknownKid => attacker(typ(Object::new()), "auth0-tok-probe-unknown-kid"),
        JkuHeader => {
            let mut extra = typ(Object::new());
            let jwks = serde_json::to_vec(&probe_jwks()).expect("JSON");
            extra.insert(
                "jku".into(),
                json!(format!("data:application/json;base64,{}", b64_std(&jwks))),
            );
            attacker(extra, PROBE_KID)
        }
        X5uHeader => {
            let mut extra = typ(Object::new());
            let pem = rsa_public_pem(&keys.attacker.public_jwk()).unwrap_or_default();
            extra.insert(
                "x5u".into(),
                json!(format!(
                    "data:application/x-pem-file;base64,{}",
                    b64_std(pem.as_bytes())
                )),
            );
            attacker(extra, PROBE_KID)
        }
        JwkHeader => {
            let mut extra = typ(Object::new());
            extra.insert(
                "jwk".into(),
                Value::Object(keys.attacker.clone().with_kid(PROBE_KID).public_jwk()),
            );
            attacker(extra, PROBE_KID)
        }
        other => unreachable!("{other} does not alter the token"),
    }
}

fn b64_std(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// An RSA public JWK as a `PUBLIC KEY` PEM (SubjectPublicKeyInfo), the form
/// a key-confusion attack feeds to HMAC; `None` for other keys.
pub fn rsa_public_pem(jwk: &Object) -> Option<String> {
    if jwk.get("kty")?.as_str()? != "RSA" {
        return None;
    }
    let member = |m: &str| jose::decode_segment(jwk.get(m)?.as_str()?, Part::Header).ok();
    let (n, e) = (member("n")?, member("e")?);
    let integer = |bytes: &[u8]| {
        let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
        let mut v = if trimmed.first().is_some_and(|&b| b & 0x80 != 0) {
            vec![0]
        } else {
            Vec::new()
        };
        v.extend(trimmed);
        der(0x02, &v)
    };
    let rsa_key = der(0x30, &[integer(&n), integer(&e)].concat());
    let bit_string = der(0x03, &[&[0u8][..], &rsa_key].concat());
    // AlgorithmIdentifier { rsaEncryption, NULL }
    let algorithm = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let spki = der(0x30, &[&algorithm[..], &bit_string].concat());
    Some(crate::keys::pem_encode("PUBLIC KEY", &spki))
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
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
        for check in [
            Check::AlgNone,
            Check::SignatureStripped,
            Check::PayloadBitFlipped,
            Check::KeyConfusion,
            Check::UnknownKid,
            Check::JkuHeader,
            Check::X5uHeader,
            Check::JwkHeader,
        ] {
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
}
