#![no_main]
//! htu normalisation: never panics, and is idempotent.
use auth0_tok::verify::normalize_htu;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else { return };
    if let Ok(once) = normalize_htu(url) {
        assert_eq!(normalize_htu(&once).as_deref(), Ok(once.as_str()), "normalisation is idempotent");
    }
});
