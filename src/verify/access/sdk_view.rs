//! What auth0-api-python makes of a token auth0-tok refused before its
//! signature, in the SDK's own order of checks, so that the refusal can be
//! described as the SDK words it.

use serde_json::Value;

use crate::jose::{self, Algorithm, CompactJws, JsonObject};
use crate::jwk::{JwkSet, SignatureError};
use crate::types::Issuer;

use super::super::sdk;
use super::{AccessTokenPolicy, Prechecked};

/// How auth0-api-python's `verify_access_token` ends on a token auth0-tok
/// refused before its signature (malformed, or an issuer not configured):
/// the SDK's own order of checks (header, `HS*`, payload, `iss` format,
/// issuer, `kid`, key, signature, exact `iss`), for describing the refusal
/// as the SDK words it. See [`AccessTokenPolicy::sdk_view`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::verify) enum SdkView {
    /// The SDK refuses with this `error_description` (401 invalid_token);
    /// `approximate` where auth0-tok cannot be sure of the exact text (a
    /// Python message it does not reproduce, or the keys were not at hand).
    Refuses {
        description: String,
        approximate: bool,
    },
    /// The SDK raises an exception outside its checks (a claim of a type
    /// it does not expect): auth0-fastapi-api answers 500.
    Fails(&'static str),
    /// The SDK passes all of these checks: the refusal is auth0-tok's own rule.
    Passes,
}

impl SdkView {
    fn refuses(description: impl Into<String>) -> Self {
        SdkView::Refuses {
            description: description.into(),
            approximate: false,
        }
    }
}

impl AccessTokenPolicy {
    /// What auth0-api-python makes of `token` up to its second issuer check,
    /// with the key set `keys` gives for the configured issuer the token's
    /// `iss` normalises to. Only for describing a refusal [`precheck`](Self::precheck)
    /// already decided: keys are asked for only for a configured issuer,
    /// never for the token's own. An empty key set counts as not at hand.
    pub(in crate::verify) fn sdk_view<'k>(
        &self,
        token: &str,
        keys: &dyn Fn(&Prechecked<'_>) -> &'k JwkSet,
    ) -> SdkView {
        let segments: Vec<&str> = token.split('.').collect();
        let [header_b64, payload_b64, signature_b64] = segments[..] else {
            return SdkView::refuses(format!(
                "Failed to parse token header: Invalid token format: expected 3 segments, got {}",
                segments.len()
            ));
        };
        let header = match sdk_segment(header_b64, "header") {
            Ok(Some(Value::Object(h))) => h,
            Ok(Some(_)) => return SdkView::Fails("the header is not a JSON object"),
            Ok(None) => return SdkView::Passes,
            Err(view) => return view,
        };
        let alg = match header.get("alg") {
            None => "",
            Some(Value::String(alg)) => alg.as_str(),
            Some(_) => return SdkView::Fails("the header's alg is not a string"),
        };
        if alg.starts_with("HS") {
            return SdkView::refuses(format!(
                "Symmetric algorithm '{alg}' is not supported. Only asymmetric algorithms (e.g., RS256) are allowed."
            ));
        }
        let payload = match sdk_segment(payload_b64, "payload") {
            Ok(Some(Value::Object(p))) => p,
            Ok(Some(_)) => return SdkView::Fails("the payload is not a JSON object"),
            Ok(None) => return SdkView::Passes,
            Err(view) => return view,
        };
        let iss = payload.get("iss").cloned().unwrap_or(Value::Null);
        if !sdk::truthy(&iss) {
            return SdkView::refuses("Token missing 'iss' claim");
        }
        let normalized = match sdk::normalize_domain(&iss) {
            Ok(n) => n,
            Err(e) => return SdkView::refuses(format!("Invalid token issuer format: {e}")),
        };
        let normalizes = |i: &&Issuer| {
            sdk::normalize_domain(&Value::from(i.as_str())).is_ok_and(|n| n == normalized)
        };
        let issuer = match self.issuers.as_slice() {
            [only] if normalizes(&only) => only,
            [_] => return SdkView::refuses("Token issuer does not match the discovery issuer"),
            many => match many.iter().find(normalizes) {
                Some(issuer) => issuer,
                None => {
                    return SdkView::refuses("Token issuer is not in the list of allowed domains");
                }
            },
        };
        let kid = match header.get("kid") {
            Some(kid) if sdk::truthy(kid) => kid.clone(),
            _ => return SdkView::refuses("Token header missing 'kid' claim"),
        };
        let unsure = |description: &str| SdkView::Refuses {
            description: description.to_owned(),
            approximate: true,
        };
        // The key set of the configured issuer, asked for as precheck would.
        let set = match (
            kid.as_str(),
            json_object(&header, jose::Part::Header),
            json_object(&payload, jose::Part::Payload),
        ) {
            (Some(kid), Some(h), Some(p)) => keys(&Prechecked {
                jws: CompactJws {
                    header: h,
                    payload: p,
                    signing_input: &token[..header_b64.len() + 1 + payload_b64.len()],
                    signature: Vec::new(),
                },
                alg: alg.parse().unwrap_or(Algorithm::RS256),
                kid: Some(kid.to_owned()),
                issuer: issuer.clone(),
            }),
            // A JWKS kid is a string: no key matches another value.
            (None, ..) => return SdkView::refuses("No matching key found in JWKS"),
            _ => return unsure("Verified Token issuer does not match the discovery issuer"),
        };
        let kid = kid.as_str().unwrap_or_default();
        let at_hand = !set.keys().is_empty() || !set.skipped().is_empty();
        if at_hand && !set.has_kid(kid) {
            return SdkView::refuses("No matching key found in JWKS");
        }
        // authlib's JsonWebToken(["RS256"]).decode: header, payload,
        // signature padding, algorithm, then the signature.
        // Without the keys, the kid's lookup before these is not known.
        let refuses = |description: &str| SdkView::Refuses {
            description: description.to_owned(),
            approximate: !at_hand,
        };
        let Ok(signature) = sdk::b64decode(signature_b64) else {
            return refuses("Signature verification failed: Invalid signature padding: ");
        };
        if alg != "RS256" {
            return refuses("Signature verification failed: unsupported_algorithm: ");
        }
        let verified = "Verified Token issuer does not match the discovery issuer";
        let issuer_matches = iss.as_str() == Some(issuer.as_str());
        if !at_hand {
            return if issuer_matches {
                SdkView::Passes
            } else {
                unsure(verified)
            };
        }
        let signing_input = &token[..header_b64.len() + 1 + payload_b64.len()];
        match set.select(kid, Algorithm::RS256) {
            Some(key) => match key.verify(Algorithm::RS256, signing_input.as_bytes(), &signature) {
                Ok(()) => {}
                Err(SignatureError::Invalid) => {
                    return SdkView::refuses("Signature verification failed: bad_signature: ");
                }
                Err(SignatureError::KeyMismatch) => {
                    return unsure("Signature verification failed: bad_signature: ");
                }
            },
            // A key auth0-tok skipped, which the SDK imports anyway.
            None => return unsure("Signature verification failed: bad_signature: "),
        }
        if issuer_matches {
            SdkView::Passes
        } else {
            SdkView::refuses(verified)
        }
    }
}

/// The SDK's `_decode_jwt_segment`: a `b'` prefix dropped, padding added,
/// Python's lenient base64, `json.loads`. `Ok(None)` where Python parses
/// what serde_json cannot read alike (NaN, lone surrogates).
fn sdk_segment(segment: &str, part: &str) -> Result<Option<Value>, SdkView> {
    let segment = segment.strip_prefix("b'").unwrap_or(segment);
    let failed = |message: &str, approximate: bool| SdkView::Refuses {
        description: format!("Failed to parse token {part}: {message}"),
        approximate,
    };
    let bytes = sdk::b64decode(segment).map_err(|m| failed(&m, false))?;
    sdk::json_loads(&bytes).map_err(|e| failed(&e.message, e.approximate))
}

fn json_object(object: &serde_json::Map<String, Value>, part: jose::Part) -> Option<JsonObject> {
    let bytes = serde_json::to_vec(object).ok()?;
    JsonObject::parse(bytes, part).ok()
}
