#![no_main]
//! Key-set parsing and thumbprints: never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(set) = auth0_tok::JwkSet::parse(data) {
        for key in set.keys() {
            let _ = key.thumbprint();
            let _ = set.select(key.kid().unwrap_or(""), auth0_tok::Algorithm::RS256);
        }
    }
    if let Ok(object) = auth0_tok::jose::parse_object(data, auth0_tok::jose::Part::Payload) {
        let _ = auth0_tok::jwk::thumbprint(&object);
    }
    let _ = auth0_tok::x509::not_after(data);
    let _ = auth0_tok::x509::spki_to_jwk(data);
});
