#![no_main]
//! Token structure: split, base64url, strict JSON — never panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = auth0_tok::dangerous::decode_unverified(s);
        let _ = auth0_tok::jose::CompactJws::parse(s);
    }
    let _ = auth0_tok::jose::parse_object(data, auth0_tok::jose::Part::Payload);
});
