//! Compact JWS structure (RFC 7515 §7.1): three base64url segments, a JSON
//! header and payload, and the algorithm names.
//!
//! Parsing here is deliberately stricter than most JOSE libraries: base64url
//! without padding or whitespace, canonical trailing bits, UTF-8 JSON objects
//! with no duplicate member names (RFC 7515 §4, RFC 7519 §4) and bounded
//! nesting. [`check_extensions`] holds the header rules every verified JWS
//! shares (no `crit`, no `b64: false`). Nothing here verifies a signature;
//! see [`crate::verify`].

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};

mod object;

pub use object::JsonObject;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub use object::differential;

/// The longest token accepted, in bytes. Auth0 access tokens are 1–3 KiB.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;
/// The deepest nesting of JSON arrays and objects accepted in a header or payload.
pub const MAX_JSON_DEPTH: usize = 16;

/// A JSON object as parsed from a token.
pub type Object = Map<String, Value>;

/// Which part of a compact JWS a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Header,
    Payload,
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        })
    }
}

/// Why a string is not a well-formed compact JWS.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JoseError {
    #[error("token is empty")]
    Empty,
    #[error("token is {len} bytes long; the limit is {max} bytes")]
    TooLong { len: usize, max: usize },
    #[error("a JWT has exactly 3 dot-separated segments; this has {0}")]
    Segments(usize),
    #[error("the {0} segment is empty")]
    EmptySegment(Part),
    #[error("the {part} segment is not unpadded base64url ({detail})")]
    Base64 { part: Part, detail: String },
    #[error("the {part} is not valid JSON: {detail}")]
    Json { part: Part, detail: String },
    #[error("the {0} is not a JSON object")]
    NotObject(Part),
}

/// A compact JWS split and decoded, signature not checked.
#[derive(Debug, Clone)]
pub struct CompactJws<'a> {
    /// The decoded JOSE header.
    pub header: JsonObject,
    /// The decoded payload (claims, for a JWT).
    pub payload: JsonObject,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`, exactly as received:
    /// signatures cover these bytes, never a re-serialisation.
    pub signing_input: &'a str,
    /// The decoded signature bytes (empty for an unsecured JWT).
    pub signature: Vec<u8>,
}

impl<'a> CompactJws<'a> {
    /// Splits and decodes a compact JWS.
    pub fn parse(token: &'a str) -> Result<Self, JoseError> {
        if token.is_empty() {
            return Err(JoseError::Empty);
        }
        if token.len() > MAX_TOKEN_LEN {
            return Err(JoseError::TooLong {
                len: token.len(),
                max: MAX_TOKEN_LEN,
            });
        }
        // The two dots, found with SIMD: a token is mostly payload and
        // signature, and this is the first pass over all of it.
        let bytes = token.as_bytes();
        let dots = find_byte(b'.', bytes).and_then(|first| {
            let second = first + 1 + find_byte(b'.', &bytes[first + 1..])?;
            find_byte(b'.', &bytes[second + 1..])
                .is_none()
                .then_some((first, second))
        });
        let Some((first, second)) = dots else {
            return Err(JoseError::Segments(
                bytes.iter().filter(|&&b| b == b'.').count() + 1,
            ));
        };
        let header_b64 = &token[..first];
        let payload_b64 = &token[first + 1..second];
        let signature_b64 = &token[second + 1..];
        let signing_input = &token[..second];
        let header = decode_object(header_b64, Part::Header)?;
        let payload = decode_object(payload_b64, Part::Payload)?;
        // An empty signature (an unsecured JWT) parses; the algorithm check
        // then rejects `none` with its own message, and any other algorithm
        // fails signature verification.
        let signature = if signature_b64.is_empty() {
            Vec::new()
        } else {
            decode_segment(signature_b64, Part::Signature)?
        };
        Ok(CompactJws {
            header,
            payload,
            signing_input,
            signature,
        })
    }
}

/// Decodes one base64url segment, strictly (RFC 7515 §2: no padding, no
/// whitespace, no line breaks).
pub fn decode_segment(segment: &str, part: Part) -> Result<Vec<u8>, JoseError> {
    if segment.is_empty() {
        return Err(JoseError::EmptySegment(part));
    }
    // SIMD where the CPU has it: decoding is most of the work of reading a
    // token, and the SIMD decoder takes a third of the time of the `base64`
    // crate's. But choosing it detects the CPU's features, which costs tens
    // of microseconds where CPUID traps to a hypervisor: more than a
    // one-shot command decodes in all. So a process's first segments are
    // decoded without SIMD, and a batch switches once the detection pays
    // for itself. The two decoders are exactly as strict (no `=`, no other
    // alphabet, no whitespace, zero trailing bits): a differential test
    // below holds them together.
    let decoded = if SCALAR_DECODES.load(Ordering::Relaxed) < SCALAR_DECODE_LIMIT {
        SCALAR_DECODES.fetch_add(1, Ordering::Relaxed);
        decode_scalar(segment)
    } else {
        decode_simd(segment)
    };
    decoded.ok_or_else(|| JoseError::Base64 {
        part,
        detail: base64_detail(segment),
    })
}

fn decode_scalar(segment: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(segment).ok()
}

fn decode_simd(segment: &str) -> Option<Vec<u8>> {
    base64_simd::URL_SAFE_NO_PAD.decode_to_vec(segment).ok()
}

/// Segments decoded without SIMD before a process starts using it: the
/// detection (~45 µs measured in a VM) is then repaid by ~0.2 µs saved per
/// token, three segments each.
const SCALAR_DECODE_LIMIT: usize = 600;

static SCALAR_DECODES: AtomicUsize = AtomicUsize::new(0);

/// The first `needle` in `haystack`, with SIMD that needs no detection of
/// CPU features (SSE2 is part of x86-64, as NEON is of aarch64); the wider
/// AVX2 search would detect them first, which costs more than it saves on
/// a token (see [`decode_segment`]).
fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(finder) = memchr::arch::x86_64::sse2::memchr::One::new(needle) {
        return finder.find(haystack);
    }
    memchr::memchr(needle, haystack)
}

fn decode_object(segment: &str, part: Part) -> Result<JsonObject, JoseError> {
    JsonObject::parse(decode_segment(segment, part)?, part)
}

/// Why `segment` is not base64url, in words (the SIMD decoder only says
/// that it is not).
fn base64_detail(segment: &str) -> String {
    match URL_SAFE_NO_PAD.decode(segment) {
        Err(e) => e.to_string(),
        Ok(_) => "not canonical".into(),
    }
}

/// Parses a JSON object strictly, as a tree: the rules of
/// [`JsonObject::parse`].
pub fn parse_object(bytes: &[u8], part: Part) -> Result<Object, JoseError> {
    JsonObject::parse(bytes.to_vec(), part).map(JsonObject::into_object)
}

/// Base64url without padding.
pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A `serde_json::Value` deserializer that refuses duplicate object members
/// and deep nesting (serde_json alone keeps the last duplicate silently).
#[derive(Clone, Copy)]
struct StrictValue {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.nested::<A::Error>()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(inner)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.nested::<A::Error>()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match out.entry(key) {
                Entry::Occupied(taken) => {
                    let key = taken.key();
                    return Err(de::Error::custom(format!("duplicate member {key:?}")));
                }
                Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(inner)?);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

impl StrictValue {
    fn nested<E: de::Error>(self) -> Result<StrictValue, E> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(E::custom(format!(
                "nested deeper than {MAX_JSON_DEPTH} levels"
            )));
        }
        Ok(StrictValue {
            depth: self.depth + 1,
        })
    }
}

/// A JOSE header extension auth0-tok does not implement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnsupportedExtension {
    /// A `crit` member (its value): RFC 7515 §4.1.11 makes the JWS invalid
    /// when a critical extension is not understood, and none is.
    Critical(Value),
    /// `b64` other than `true`: an unencoded payload (RFC 7797).
    UnencodedPayload,
}

/// The header checks every JWS auth0-tok verifies shares — access tokens
/// and DPoP proofs alike: no critical extensions (RFC 7515 §4.1.11), no
/// unencoded payload (RFC 7797 §6).
pub fn check_extensions(header: &JsonObject) -> Result<(), UnsupportedExtension> {
    if let Some(crit) = header.get("crit") {
        return Err(UnsupportedExtension::Critical(crit.into_owned()));
    }
    if let Some(b64) = header.get("b64") {
        if *b64 != Value::Bool(true) {
            return Err(UnsupportedExtension::UnencodedPayload);
        }
    }
    Ok(())
}

/// A JWS algorithm name (RFC 7518 §3.1, RFC 8037 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(clippy::upper_case_acronyms)]
pub enum Algorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    EdDSA,
}

impl Algorithm {
    /// Every algorithm auth0-tok knows, in a stable order.
    pub const ALL: [Algorithm; 12] = [
        Self::HS256,
        Self::HS384,
        Self::HS512,
        Self::RS256,
        Self::RS384,
        Self::RS512,
        Self::PS256,
        Self::PS384,
        Self::PS512,
        Self::ES256,
        Self::ES384,
        Self::EdDSA,
    ];

    /// The registered name, as it appears in `alg`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HS256 => "HS256",
            Self::HS384 => "HS384",
            Self::HS512 => "HS512",
            Self::RS256 => "RS256",
            Self::RS384 => "RS384",
            Self::RS512 => "RS512",
            Self::PS256 => "PS256",
            Self::PS384 => "PS384",
            Self::PS512 => "PS512",
            Self::ES256 => "ES256",
            Self::ES384 => "ES384",
            Self::EdDSA => "EdDSA",
        }
    }

    /// HMAC algorithms: a shared secret, never a public key.
    pub fn is_symmetric(self) -> bool {
        matches!(self, Self::HS256 | Self::HS384 | Self::HS512)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An `alg` value auth0-tok does not implement (or refuses, like `none`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown JWS algorithm {0:?}")]
pub struct UnknownAlgorithm(pub String);

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownAlgorithm(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7515_tokens_split_with_their_exact_signing_input() {
        let jwt = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let jws = CompactJws::parse(jwt).unwrap();
        assert_eq!(jws.header.get_str("alg"), Some("HS256"));
        assert_eq!(jws.payload.object()["exp"], 1_300_819_380);
        assert_eq!(jws.signing_input, &jwt[..jwt.rfind('.').unwrap()]);
        assert_eq!(jws.signature.len(), 32);
    }

    #[test]
    fn segment_counts_other_than_three_are_refused() {
        assert_eq!(
            CompactJws::parse("a.b").unwrap_err(),
            JoseError::Segments(2)
        );
        assert_eq!(
            CompactJws::parse("a.b.c.d").unwrap_err(),
            JoseError::Segments(4)
        );
        assert_eq!(
            CompactJws::parse("a.b.c.d.e").unwrap_err(),
            JoseError::Segments(5)
        );
        assert_eq!(CompactJws::parse("").unwrap_err(), JoseError::Empty);
    }

    #[test]
    fn padding_whitespace_and_standard_alphabet_are_refused() {
        for seg in ["e30=", "e3 0", "e30\n", "+/8"] {
            assert!(
                matches!(
                    decode_segment(seg, Part::Header),
                    Err(JoseError::Base64 { .. })
                ),
                "{seg:?}"
            );
        }
        // Non-canonical trailing bits ("e31" decodes to the same byte as "e30" in lax decoders).
        assert!(decode_segment("e31", Part::Header).is_err());
        assert_eq!(decode_segment("e30", Part::Header).unwrap(), b"{}");
    }

    #[test]
    fn duplicate_members_and_deep_nesting_are_refused() {
        let dup = parse_object(br#"{"alg":"RS256","alg":"none"}"#, Part::Header).unwrap_err();
        assert!(
            dup.to_string().contains("duplicate member \"alg\""),
            "{dup}"
        );
        let nested_dup = parse_object(br#"{"a":{"b":1,"b":2}}"#, Part::Payload).unwrap_err();
        assert!(nested_dup.to_string().contains("duplicate"));
        let deep = format!(
            "{}{}",
            "{\"a\":".repeat(40),
            "1".to_owned() + &"}".repeat(40)
        );
        assert!(
            parse_object(deep.as_bytes(), Part::Payload)
                .unwrap_err()
                .to_string()
                .contains("nested deeper")
        );
        assert_eq!(
            parse_object(b"[]", Part::Payload).unwrap_err(),
            JoseError::NotObject(Part::Payload)
        );
        assert!(parse_object(b"{\"a\":\"\xff\"}", Part::Payload).is_err());
        assert!(parse_object(b"{} {}", Part::Payload).is_err());
    }

    use super::differential::base64url as decoders_agree;

    #[test]
    fn base64url_decoding_is_exactly_as_strict_as_the_base64_crate() {
        for len in 0..80 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8 ^ 0xa5).collect();
            let encoded = b64(&bytes);
            assert_eq!(
                decode_segment(&encoded, Part::Payload).unwrap_or_default(),
                bytes
            );
            decoders_agree(&encoded);
            // Every single-character change: other alphabet, padding, whitespace.
            for (i, c) in encoded.char_indices() {
                for bad in ['=', '+', '/', ' ', '\n', '.', 'A', '_', '\u{e9}'] {
                    let mut changed = encoded.clone();
                    changed.replace_range(i..i + c.len_utf8(), &bad.to_string());
                    decoders_agree(&changed);
                }
            }
            decoders_agree(&format!("{encoded}="));
            decoders_agree(&format!("{encoded}=="));
            decoders_agree(&format!("{encoded}A"));
        }
        for s in [
            "e30", "e31", "e32", "e3", "AB", "AAB", "AAC", "A", "=", "====",
        ] {
            decoders_agree(s);
        }
    }

    /// The search without CPU feature detection against a plain scan.
    fn searches_agree(haystack: &[u8]) {
        for needle in [b'.', b'"', b'\\', 0, 0xff] {
            assert_eq!(
                find_byte(needle, haystack),
                haystack.iter().position(|&b| b == needle)
            );
        }
    }

    #[test]
    fn byte_searches_find_the_first_occurrence_at_every_offset() {
        for len in 0..100 {
            let mut haystack = vec![b'a'; len];
            searches_agree(&haystack);
            for i in (0..len).rev() {
                haystack[i] = [b'.', b'"', b'\\'][i % 3];
                searches_agree(&haystack);
                searches_agree(&haystack[i..]);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_searches_agree_with_a_plain_scan(
            haystack in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)
        ) {
            searches_agree(&haystack);
        }

        #[test]
        fn arbitrary_text_decodes_as_the_base64_crate_decodes_it(
            input in "[A-Za-z0-9_=+/ -]{0,90}"
        ) {
            decoders_agree(&input);
        }
    }

    #[test]
    fn algorithm_names_are_case_sensitive() {
        assert_eq!("RS256".parse::<Algorithm>().unwrap(), Algorithm::RS256);
        assert!("rs256".parse::<Algorithm>().is_err());
        assert!("none".parse::<Algorithm>().is_err());
        for a in Algorithm::ALL {
            assert_eq!(a.as_str().parse::<Algorithm>().unwrap(), a);
        }
    }
}
