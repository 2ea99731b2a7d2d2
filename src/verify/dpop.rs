//! DPoP proof verification (RFC 9449 §4.3), in auth0-api-python's order, with
//! the SDK's messages — and stricter where the SDK is lax (exact `htm`,
//! `htu` without userinfo, `iat` a number but not a boolean, no `crit` or
//! `b64: false` header as for access tokens, optional server nonces per
//! RFC 9449 §8–9).

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;

use crate::clock::Clock;
use crate::jose::{
    self, Algorithm, CompactJws, JoseError, JsonObject, Object, UnsupportedExtension,
};
use crate::jwk::{self, PublicKey};

use super::error::{ErrorCode, Shown};

/// How proofs are judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpopPolicy {
    /// Maximum proof age in seconds (the SDK's `dpop_iat_offset`, default 300).
    pub iat_offset: u64,
    /// Tolerated clock skew into the future (`dpop_iat_leeway`, default 30).
    pub iat_leeway: u64,
    /// A nonce the proof must carry (RFC 9449 §9), if the server issued one.
    pub nonce: Option<String>,
}

impl Default for DpopPolicy {
    fn default() -> Self {
        DpopPolicy {
            iat_offset: 300,
            iat_leeway: 30,
            nonce: None,
        }
    }
}

/// A proof that passed every check.
#[derive(Debug, Clone)]
pub struct VerifiedProof {
    /// The proof's JOSE header.
    pub header: JsonObject,
    /// The proof's claims.
    pub claims: JsonObject,
    /// RFC 7638 thumbprint of the proof key: what `cnf.jkt` must equal.
    pub jkt: String,
}

/// Why a DPoP proof was rejected (400 `invalid_dpop_proof`, or 401
/// `use_dpop_nonce` for a missing or stale nonce).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    #[error("more than one DPoP proof (a comma-joined DPoP header); exactly one is allowed")]
    Multiple,
    #[error(
        "the request has {0} DPoP header fields; exactly one is allowed (RFC 9449 §4.3 step 1)"
    )]
    MultipleHeaders(usize),
    #[error("the proof is not a well-formed JWT: {0}")]
    Malformed(JoseError),
    #[error("typ is {0}, not \"dpop+jwt\"")]
    Typ(Shown),
    #[error("alg {0} is not allowed for proofs (ES256 only)")]
    Algorithm(Shown),
    #[error(
        "the proof's header marks {0} as critical; auth0-tok understands no JWS extensions (RFC 7515 §4.1.11)"
    )]
    CriticalHeader(Shown),
    #[error("unencoded payloads (\"b64\": false, RFC 7797) are not accepted in DPoP proofs")]
    UnencodedPayload,
    #[error("the header has no \"jwk\" object")]
    MissingJwk,
    #[error("the header's jwk contains private key material (\"d\")")]
    PrivateKey,
    #[error("the proof key is kty {0}; only EC keys are accepted")]
    KeyType(Shown),
    #[error("the proof key is on curve {0}; only P-256 is accepted")]
    Curve(Shown),
    #[error("the proof's jwk is not a usable P-256 key: {0}")]
    BadKey(String),
    #[error("the proof's signature does not verify with its own jwk")]
    Signature,
    #[error("the proof lacks required claim(s): {}", .0.join(", "))]
    MissingClaims(Vec<&'static str>),
    #[error("jti must be a string; found {0}")]
    JtiType(Shown),
    #[error("jti is empty")]
    JtiEmpty,
    #[error("iat must be a number; found {0}")]
    IatType(Shown),
    #[error("iat must be a NumericDate, not a boolean; found {found} (the SDK reads it as {})", u8::from(*.found))]
    IatBoolean {
        found: bool,
        /// What the SDK answers, reading `true` as 1 and `false` as 0
        /// (Python's bool is an int); `None` where it would accept.
        sdk: Option<&'static str>,
    },
    #[error("the proof is {age}s old; at most {max}s is accepted")]
    TooOld { age: u64, max: u64 },
    #[error("the proof's iat is {ahead}s in the future; at most {max}s of skew is accepted")]
    FromTheFuture { ahead: u64, max: u64 },
    #[error("htm {found} does not match the request method {expected:?}")]
    HtmMismatch {
        expected: String,
        found: Shown,
        case_only: bool,
    },
    #[error(
        "htu {found} does not match the request URL {expected:?} (compared as {normalized_found:?} vs {normalized_expected:?})"
    )]
    HtuMismatch {
        expected: String,
        found: Shown,
        normalized_found: String,
        normalized_expected: String,
    },
    #[error("htu {found} is not a usable http(s) URL: {reason}")]
    HtuInvalid { found: Shown, reason: &'static str },
    #[error("ath does not match the access token's SHA-256 hash")]
    AthMismatch,
    #[error("the server requires a nonce in the proof (RFC 9449 §9)")]
    NonceMissing,
    #[error("the proof's nonce is not the one the server issued")]
    NonceMismatch,
}

impl ProofError {
    /// `invalid_dpop_proof`, or `use_dpop_nonce` for nonce problems.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NonceMissing | Self::NonceMismatch => ErrorCode::UseDpopNonce,
            _ => ErrorCode::InvalidDpopProof,
        }
    }

    /// The HTTP status the SDK gives: 400 (401 for nonce challenges, RFC 9449 §9).
    pub fn status(&self) -> u16 {
        match self {
            Self::NonceMissing | Self::NonceMismatch => 401,
            _ => 400,
        }
    }

    /// auth0-api-python's `error_description` for this failure.
    pub fn sdk_description(&self) -> String {
        match self {
            Self::Multiple | Self::MultipleHeaders(_) => {
                "Multiple DPoP proofs are not allowed".into()
            }
            Self::Malformed(_) => "Failed to verify DPoP proof".into(),
            Self::Typ(_) => "Unexpected JWT 'typ' header parameter value".into(),
            Self::Algorithm(_) => "Unsupported algorithm in DPoP proof".into(),
            // Checks the SDK does not make: auth0-tok's own description.
            Self::CriticalHeader(_) | Self::UnencodedPayload => self.to_string(),
            Self::MissingJwk => "Missing or invalid jwk in header".into(),
            Self::PrivateKey => "Private key material found in jwk header".into(),
            Self::KeyType(_) => "Only EC keys are supported for DPoP".into(),
            Self::Curve(_) => "Only P-256 curve is supported".into(),
            Self::BadKey(_) | Self::Signature => {
                "JWT signature verification failed: bad_signature: ".into()
            }
            Self::MissingClaims(c) if c.len() == 1 => format!("Missing required claim: {}", c[0]),
            Self::MissingClaims(c) => format!("Missing required claims: {}", c.join(", ")),
            Self::JtiType(_) => "jti claim must be a string".into(),
            Self::JtiEmpty => "jti claim must not be empty".into(),
            Self::IatType(_) | Self::IatBoolean { sdk: None, .. } => {
                "Invalid iat claim (must be integer or float)".into()
            }
            Self::IatBoolean { sdk: Some(s), .. } => (*s).into(),
            Self::TooOld { .. } => "DPoP Proof iat is too old".into(),
            Self::FromTheFuture { .. } => "DPoP Proof iat is from the future".into(),
            Self::HtmMismatch { .. } => "DPoP Proof htm mismatch".into(),
            Self::HtuMismatch { .. } | Self::HtuInvalid { .. } => "DPoP Proof htu mismatch".into(),
            Self::AthMismatch => "DPoP Proof ath mismatch".into(),
            Self::NonceMissing | Self::NonceMismatch => {
                "Resource server requires nonce in DPoP proof".into()
            }
        }
    }

    /// The rule applied where the SDK would have accepted the proof.
    pub fn strict_rule(&self) -> Option<&'static str> {
        match self {
            Self::HtmMismatch {
                case_only: true, ..
            } => Some(
                "RFC 9449 §4.3 step 8 / RFC 9110 §9.1: methods are case-sensitive (the SDK compares case-insensitively)",
            ),
            Self::HtuInvalid {
                reason: "it contains userinfo",
                ..
            } => Some(
                "RFC 9449 §4.2 / RFC 9110 §4.2.4: an htu with userinfo is refused (the SDK drops it)",
            ),
            Self::IatBoolean { sdk: None, .. } => {
                Some("RFC 9449 §4.2: iat is a NumericDate, never a boolean")
            }
            Self::NonceMissing | Self::NonceMismatch => {
                Some("RFC 9449 §9: server nonces (the SDK has none)")
            }
            Self::MultipleHeaders(_) => Some(
                "RFC 9449 §4.3 step 1: exactly one DPoP header field (the SDK reads the first)",
            ),
            Self::CriticalHeader(_) => Some(
                "RFC 7515 §4.1.11: unknown critical header parameters must be rejected (the SDK ignores crit in proofs)",
            ),
            Self::UnencodedPayload => Some(
                "RFC 7797 §6 / RFC 9449 §4.2: a proof is a JWT, never an unencoded payload (the SDK ignores b64)",
            ),
            Self::Malformed(JoseError::Json { detail, .. }) if detail.contains("duplicate") => {
                Some("RFC 7515 §4: duplicate member names are rejected")
            }
            _ => None,
        }
    }
}

/// Verifies one DPoP proof for `method` on `url`. `access_token` is the
/// token it accompanies (then `ath` is required and checked); `None` for
/// proofs sent to a token endpoint, which carry no `ath`.
pub fn verify_proof(
    proof: &str,
    access_token: Option<&str>,
    method: &str,
    url: &str,
    policy: &DpopPolicy,
    clock: &dyn Clock,
) -> Result<VerifiedProof, ProofError> {
    if proof.contains(',') {
        return Err(ProofError::Multiple);
    }
    let jws = CompactJws::parse(proof.trim()).map_err(ProofError::Malformed)?;
    verify_parsed_proof(jws, access_token, method, url, policy, clock)
}

/// [`verify_proof`] after the split and decoding (a single, well-formed proof).
pub(crate) fn verify_parsed_proof(
    jws: CompactJws<'_>,
    access_token: Option<&str>,
    method: &str,
    url: &str,
    policy: &DpopPolicy,
    clock: &dyn Clock,
) -> Result<VerifiedProof, ProofError> {
    let header = &jws.header;
    if header.get_str("typ") != Some("dpop+jwt") {
        return Err(ProofError::Typ(shown(header, "typ")));
    }
    if header.get_str("alg") != Some("ES256") {
        return Err(ProofError::Algorithm(shown(header, "alg")));
    }
    // The same extension rules as access tokens.
    jose::check_extensions(header).map_err(|e| match e {
        UnsupportedExtension::Critical(crit) => ProofError::CriticalHeader(Shown::json(&crit)),
        UnsupportedExtension::UnencodedPayload => ProofError::UnencodedPayload,
    })?;
    let jwk = header.get("jwk");
    let jwk = match jwk.as_deref() {
        Some(Value::Object(j)) if !j.is_empty() => j,
        _ => return Err(ProofError::MissingJwk),
    };
    if jwk.contains_key("d") {
        return Err(ProofError::PrivateKey);
    }
    match jwk.get("kty") {
        Some(Value::String(k)) if k == "EC" => {}
        other => return Err(ProofError::KeyType(shown_value(other))),
    }
    match jwk.get("crv") {
        Some(Value::String(c)) if c == "P-256" => {}
        other => return Err(ProofError::Curve(shown_value(other))),
    }
    let key = proof_key(jwk)?;
    key.key
        .verify(
            Algorithm::ES256,
            jws.signing_input.as_bytes(),
            &jws.signature,
        )
        .map_err(|_| ProofError::Signature)?;
    let claims = &jws.payload;

    let required: &[&'static str] = if access_token.is_some() {
        &["iat", "ath", "htm", "htu", "jti"]
    } else {
        &["iat", "htm", "htu", "jti"]
    };
    let missing: Vec<&'static str> = required
        .iter()
        .copied()
        .filter(|c| !claims.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(ProofError::MissingClaims(missing));
    }
    match claims.get_str("jti") {
        Some(s) if s.trim().is_empty() => return Err(ProofError::JtiEmpty),
        Some(_) => {}
        None => return Err(ProofError::JtiType(shown(claims, "jti"))),
    }
    let now = clock.now() as f64;
    let iat = match claims.get("iat").as_deref() {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::MAX),
        Some(&Value::Bool(found)) => {
            // The SDK's isinstance(iat, (int, float)) holds for a bool.
            let read = f64::from(u8::from(found));
            let sdk = if read < now - policy.iat_offset as f64 {
                Some("DPoP Proof iat is too old")
            } else if read > now + policy.iat_leeway as f64 {
                Some("DPoP Proof iat is from the future")
            } else {
                None
            };
            return Err(ProofError::IatBoolean { found, sdk });
        }
        _ => return Err(ProofError::IatType(shown(claims, "iat"))),
    };
    if iat < now - policy.iat_offset as f64 {
        return Err(ProofError::TooOld {
            age: (now - iat) as u64,
            max: policy.iat_offset,
        });
    }
    if iat > now + policy.iat_leeway as f64 {
        return Err(ProofError::FromTheFuture {
            ahead: (iat - now) as u64,
            max: policy.iat_leeway,
        });
    }
    match claims.get_str("htm") {
        Some(h) if h == method => {}
        Some(h) => {
            return Err(ProofError::HtmMismatch {
                expected: method.to_owned(),
                found: Shown::new(h),
                case_only: h.eq_ignore_ascii_case(method),
            });
        }
        None => {
            return Err(ProofError::HtmMismatch {
                expected: method.to_owned(),
                found: shown(claims, "htm"),
                case_only: false,
            });
        }
    }
    let htu = claims
        .get_str("htu")
        .ok_or_else(|| ProofError::HtuInvalid {
            found: shown(claims, "htu"),
            reason: "it is not a string",
        })?;
    let normalized_found = normalize_htu(htu).map_err(|reason| ProofError::HtuInvalid {
        found: Shown::new(htu),
        reason,
    })?;
    let normalized_expected = if htu == url {
        // The usual case: the client wrote the request URL as it is.
        normalized_found.clone()
    } else {
        normalize_htu(url).map_err(|reason| ProofError::HtuInvalid {
            found: Shown::new(url),
            reason,
        })?
    };
    if normalized_found != normalized_expected {
        return Err(ProofError::HtuMismatch {
            expected: url.to_owned(),
            found: Shown::new(htu),
            normalized_found,
            normalized_expected,
        });
    }
    if let Some(token) = access_token {
        if claims.get_str("ath") != Some(crate::dpop::ath(token).as_str()) {
            return Err(ProofError::AthMismatch);
        }
    }
    if let Some(expected) = &policy.nonce {
        match claims.get_str("nonce") {
            Some(n) if n == expected => {}
            None if !claims.contains_key("nonce") => return Err(ProofError::NonceMissing),
            _ => return Err(ProofError::NonceMismatch),
        }
    }
    let jkt = key.jkt.clone();
    Ok(VerifiedProof {
        header: jws.header,
        claims: jws.payload,
        jkt,
    })
}

/// A proof key (EC P-256, checked on the curve) and its RFC 7638 thumbprint.
struct ProofKey {
    x: String,
    y: String,
    key: PublicKey,
    jkt: String,
}

thread_local! {
    /// The key of the last proof verified on this thread. Clients sign many
    /// proofs with one key; decoding and checking the point and hashing its
    /// thumbprint again is a tenth of a proof's verification. A pure memo:
    /// with `kty` and `crv` already checked (EC, P-256), the key and its
    /// thumbprint are functions of `x` and `y` alone.
    static LAST_PROOF_KEY: RefCell<Option<Rc<ProofKey>>> = const { RefCell::new(None) };
}

/// The key of a proof's `jwk` (whose `kty` and `crv` are checked).
fn proof_key(jwk: &Object) -> Result<Rc<ProofKey>, ProofError> {
    let coordinates = match (jwk.get("x"), jwk.get("y")) {
        (Some(Value::String(x)), Some(Value::String(y))) => Some((x, y)),
        _ => None,
    };
    if let Some((x, y)) = coordinates {
        let last = LAST_PROOF_KEY.with_borrow(|last| {
            last.as_ref()
                .filter(|k| k.x == *x && k.y == *y)
                .map(Rc::clone)
        });
        if let Some(key) = last {
            return Ok(key);
        }
    }
    // Only the members that define the key: a stray "alg" or "use" in the
    // proof's jwk must not change which key verifies it.
    let mut key_members = Object::new();
    for m in ["kty", "crv", "x", "y"] {
        if let Some(v) = jwk.get(m) {
            key_members.insert(m.into(), v.clone());
        }
    }
    let key = PublicKey::from_jwk(&key_members).map_err(|e| ProofError::BadKey(e.to_string()))?;
    let jkt = jwk::thumbprint(&key_members).expect("members checked by from_jwk");
    let (x, y) = coordinates.expect("from_jwk requires string coordinates");
    let parsed = Rc::new(ProofKey {
        x: x.clone(),
        y: y.clone(),
        key,
        jkt,
    });
    LAST_PROOF_KEY.set(Some(Rc::clone(&parsed)));
    Ok(parsed)
}

/// Member `name` of `object` as an error shows it.
fn shown(object: &JsonObject, name: &str) -> Shown {
    shown_value(object.get(name).as_deref())
}

fn shown_value(v: Option<&Value>) -> Shown {
    v.map_or_else(|| Shown("(absent)".into()), Shown::json)
}

/// The form in which `htu` and the request URL are compared (RFC 9449 §4.3
/// step 9, RFC 3986 §6.2.2–6.2.3): scheme and host lowercased, default port
/// dropped, dot segments resolved, percent-escapes uppercased, query and
/// fragment dropped. The trailing slash stays significant. URLs with
/// userinfo or a scheme other than http(s) are refused.
pub fn normalize_htu(raw: &str) -> Result<String, &'static str> {
    let url = url::Url::parse(raw.trim()).map_err(|_| "it is not an absolute URL")?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("its scheme is not http or https");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it contains userinfo");
    }
    let host = url.host_str().ok_or("it has no host")?;
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let mut out = format!("{}://{host}{port}", url.scheme());
    let path = url.path();
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            out.push('%');
            out.push(bytes[i + 1].to_ascii_uppercase() as char);
            out.push(bytes[i + 2].to_ascii_uppercase() as char);
            i += 3;
        } else {
            let ch = path[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htu_equivalence_table() {
        let same = [
            (
                "https://api.example.com/resource",
                "https://API.Example.COM/resource",
            ),
            (
                "https://api.example.com/resource",
                "HTTPS://api.example.com/resource",
            ),
            (
                "https://api.example.com/resource",
                "https://api.example.com:443/resource",
            ),
            (
                "http://api.example.com/resource",
                "http://api.example.com:80/resource",
            ),
            (
                "https://api.example.com/resource",
                "https://api.example.com/resource?x=1",
            ),
            (
                "https://api.example.com/resource",
                "https://api.example.com/resource#frag",
            ),
            (
                "https://api.example.com/a/b",
                "https://api.example.com/a/./c/../b",
            ),
            (
                "https://api.example.com/%7Euser",
                "https://api.example.com/%7euser",
            ),
            ("https://api.example.com", "https://api.example.com/"),
        ];
        for (a, b) in same {
            assert_eq!(
                normalize_htu(a).unwrap(),
                normalize_htu(b).unwrap(),
                "{a} vs {b}"
            );
        }
        let different = [
            (
                "https://api.example.com/resource/",
                "https://api.example.com/resource",
            ),
            (
                "https://api.example.com/resource",
                "http://api.example.com/resource",
            ),
            (
                "https://api.example.com/resource",
                "https://api.example.com:8443/resource",
            ),
            (
                "https://api.example.com/Resource",
                "https://api.example.com/resource",
            ),
        ];
        for (a, b) in different {
            assert_ne!(
                normalize_htu(a).unwrap(),
                normalize_htu(b).unwrap(),
                "{a} vs {b}"
            );
        }
        assert_eq!(
            normalize_htu("https://user@api.example.com/r"),
            Err("it contains userinfo")
        );
        assert!(normalize_htu("/relative").is_err());
        assert!(normalize_htu("ftp://api.example.com/r").is_err());
    }
}
