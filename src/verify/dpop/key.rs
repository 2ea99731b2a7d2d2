//! The proof's own key: the `jwk` header member as an EC P-256 public key
//! and its RFC 7638 thumbprint (what `cnf.jkt` must equal), remembered for
//! the next proof signed with the same key.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;

use crate::jose::Object;
use crate::jwk::{self, PublicKey};

use super::ProofError;

/// A proof key (EC P-256, checked on the curve) and its RFC 7638 thumbprint.
pub(super) struct ProofKey {
    x: String,
    y: String,
    pub(super) key: PublicKey,
    pub(super) jkt: String,
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
pub(super) fn proof_key(jwk: &Object) -> Result<Rc<ProofKey>, ProofError> {
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
