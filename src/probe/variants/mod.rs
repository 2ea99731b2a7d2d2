//! Building the probe's requests: the good one and one variant per
//! [`Check`], by family — the token altered ([`token`]), the DPoP proof
//! altered ([`proof`]), or a token the tenant provides sent as the good one.
//! Pure but for signatures: the time, the `jti`s and the nonce are inputs
//! ([`Fresh`]), and every key is the caller's.

mod pem;
mod proof;
mod token;

use aws_lc_rs::hmac;

use super::Check;
use crate::dpop::DpopKey;
use crate::jose::{self, Object};
use crate::keys::{KeyError, SigningKey};
use proof::ProofTweak;

pub use pem::rsa_public_pem;
pub use token::flippable;

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
            proof::sign(target, token, key, fresh, ProofTweak::default())?,
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
    if check.is_minted() || check == Check::MissingScope {
        let other = substitute.ok_or(VariantError::NeedsToken(check))?;
        return Ok(good_request(target, other, keys, fresh)?);
    }
    if check.is_token() {
        let altered = token::alter(check, token, keys)?;
        return Ok(good_request(target, &altered, keys, fresh)?);
    }
    let key = keys.dpop.as_ref().ok_or(VariantError::NeedsDpop(check))?;
    proof::variant(check, target, token, key, keys, fresh)
}

#[cfg(test)]
mod tests;
