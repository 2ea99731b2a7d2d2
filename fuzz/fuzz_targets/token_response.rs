#![no_main]
//! Token endpoint answers: never panic, whatever the status.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for status in [200, 400, 401, 429, 500] {
        let _ = auth0_tok::oauth::parse("https://t/oauth/token", status, Some("n"), data);
    }
});
