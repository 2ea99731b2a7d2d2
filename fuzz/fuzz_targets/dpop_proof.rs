#![no_main]
//! DPoP proof verification: never panics; a proof needs a real signature.
use auth0_tok::FixedClock;
use auth0_tok::verify::{DpopPolicy, verify_proof};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(proof) = std::str::from_utf8(data) else { return };
    let policy = DpopPolicy::default();
    let clock = FixedClock(1_562_262_618);
    let _ = verify_proof(proof, Some("token"), "GET", "https://resource.example.org/protectedresource", &policy, &clock);
    let _ = verify_proof(proof, None, "POST", "https://server.example.com/token", &policy, &clock);
});
