#![no_main]
//! The token parser's fast paths against its strict paths: the flat JSON
//! scanner against the `serde_json` parse (same acceptance, same value for
//! every member), the SIMD base64url decoder against the `base64` crate's.
//! A disagreement panics, naming the input.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    auth0_tok::jose::differential::json_object(data);
    if let Ok(text) = std::str::from_utf8(data) {
        auth0_tok::jose::differential::base64url(text);
    }
});
