//! Prechecks in tests: how many times this thread has prechecked a token
//! (a path that should parse and precheck a token once can assert it
//! does), and tokens that pass the precheck.

use std::cell::Cell;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::clock::UnixTime;

thread_local! {
    static PRECHECKS: Cell<usize> = const { Cell::new(0) };
}

/// One more precheck on this thread.
pub(super) fn count() {
    PRECHECKS.with(|n| n.set(n.get() + 1));
}

/// The prechecks made on this thread so far.
pub(crate) fn made() -> usize {
    PRECHECKS.with(Cell::get)
}

/// An RS256 token from `issuer` for the audience `https://api`, valid until
/// `exp`, with the key id `kid`: it passes the precheck, and its signature
/// never verifies.
pub(crate) fn unsigned_token(issuer: &str, kid: &str, exp: UnixTime) -> String {
    let part = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.{}",
        part(serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": kid})),
        part(serde_json::json!({"iss": issuer, "aud": "https://api", "exp": exp})),
        URL_SAFE_NO_PAD.encode(b"signature")
    )
}
