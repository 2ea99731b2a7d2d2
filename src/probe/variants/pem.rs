//! An RSA public JWK as a SubjectPublicKeyInfo PEM, written by hand (the
//! few DER bytes it takes): the form a key-confusion attack feeds to HMAC.

use crate::jose::{self, Object, Part};

/// An RSA public JWK as a `PUBLIC KEY` PEM (SubjectPublicKeyInfo), the form
/// a key-confusion attack feeds to HMAC; `None` for other keys.
pub fn rsa_public_pem(jwk: &Object) -> Option<String> {
    if jwk.get("kty")?.as_str()? != "RSA" {
        return None;
    }
    let member = |m: &str| jose::decode_segment(jwk.get(m)?.as_str()?, Part::Header).ok();
    let (n, e) = (member("n")?, member("e")?);
    let integer = |bytes: &[u8]| {
        let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
        let mut v = if trimmed.first().is_some_and(|&b| b & 0x80 != 0) {
            vec![0]
        } else {
            Vec::new()
        };
        v.extend(trimmed);
        der(0x02, &v)
    };
    let rsa_key = der(0x30, &[integer(&n), integer(&e)].concat());
    let bit_string = der(0x03, &[&[0u8][..], &rsa_key].concat());
    // AlgorithmIdentifier { rsaEncryption, NULL }
    let algorithm = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let spki = der(0x30, &[&algorithm[..], &bit_string].concat());
    Some(crate::keys::pem_encode("PUBLIC KEY", &spki))
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}
