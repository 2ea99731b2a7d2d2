#![no_main]
//! `request --raw` parsing and proxy URL reconstruction: never panic.
use auth0_tok::verify::{parse_raw_request, proxied_url};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(request) = parse_raw_request(text, "https") {
        let _ = proxied_url(&request);
        let _ = request.access_token();
    }
});
