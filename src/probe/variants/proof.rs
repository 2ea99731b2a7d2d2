//! The DPoP variants: a good proof with one thing changed (another method,
//! URL, token, key or time; an unsigned or HMAC-signed proof; a private
//! `jwk`), no proof, two proofs, a replay, the bound token as Bearer, and
//! the nonce left out or made up (RFC 9449 §4.3 lists what the API checks).

use serde_json::{Value, json};

use super::{
    Fresh, ProbeKeys, ProbeRequest, ProofKey, Target, VariantError, authorized, encode, hmac_sign,
};
use crate::dpop::{ath, htu_for_proof};
use crate::jose::{Algorithm, Object};
use crate::keys::{KeyError, SigningKey};
use crate::probe::Check;

/// How a proof differs from a good one.
#[derive(Default)]
pub(super) struct ProofTweak<'a> {
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

/// A proof for the request, changed as `tweak` says.
pub(super) fn sign(
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

/// The request for a DPoP check's variant, the baseline's proof key `key`.
pub(super) fn variant(
    check: Check,
    target: &Target,
    token: &str,
    key: &ProofKey,
    keys: &ProbeKeys,
    fresh: &Fresh,
) -> Result<ProbeRequest, VariantError> {
    use Check::*;
    let once = |headers| {
        Ok(ProbeRequest {
            headers,
            repeat: false,
        })
    };
    let with = |tweak: ProofTweak<'_>| -> Result<ProbeRequest, VariantError> {
        let mut headers = authorized(token, true);
        headers.push(("DPoP".into(), sign(target, token, key, fresh, tweak)?));
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
                headers.push(("DPoP".into(), sign(target, token, key, fresh, tweak)?));
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
