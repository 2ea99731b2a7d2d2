//! RFC 7638 JWK thumbprints: the `jkt` of a DPoP key, the `kid` the mock
//! tenant gives its keys.

use aws_lc_rs::digest;

use crate::jose::{self, Object};

use super::error::JwkError;
use super::members::required_str;

/// The RFC 7638 JWK thumbprint: SHA-256 over the required members in
/// lexicographic order, base64url. Optional members (`alg`, `kid`, `use`) and
/// private members never change it.
pub fn thumbprint(jwk: &Object) -> Result<String, JwkError> {
    let kty = required_str(jwk, "kty")?;
    let members: &[&'static str] = match kty {
        "EC" => &["crv", "kty", "x", "y"],
        "RSA" => &["e", "kty", "n"],
        "OKP" => &["crv", "kty", "x"],
        "oct" => &["k", "kty"],
        other => return Err(JwkError::KeyType(other.to_owned())),
    };
    let mut canonical = String::from("{");
    for (i, member) in members.iter().enumerate() {
        let value = required_str(jwk, member)?;
        if i > 0 {
            canonical.push(',');
        }
        canonical.push_str(&serde_json::to_string(member).expect("string"));
        canonical.push(':');
        canonical.push_str(&serde_json::to_string(value).expect("string"));
    }
    canonical.push('}');
    Ok(jose::b64(digest::digest(
        &digest::SHA256,
        canonical.as_bytes(),
    )))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::{obj, vectors};
    use super::*;
    use crate::keys::PublicKey;

    #[test]
    fn rfc7638_thumbprint_of_the_rfc_rsa_key() {
        let v = vectors("rfc7638-thumbprint.json");
        let jwk = obj(v["jwk"].clone());
        assert_eq!(thumbprint(&jwk).unwrap(), v["thumbprint"].as_str().unwrap());
        assert_eq!(
            PublicKey::from_jwk(&jwk).unwrap().thumbprint(),
            v["thumbprint"].as_str().unwrap()
        );
    }

    #[test]
    fn thumbprints_ignore_optional_and_private_members() {
        let v = vectors("rfc7515-jws.json");
        let mut jwk = obj(v["es256"]["jwk"].clone());
        let expected = v["es256"]["thumbprint"].as_str().unwrap();
        assert_eq!(thumbprint(&jwk).unwrap(), expected);
        jwk.insert("kid".into(), json!("k1"));
        jwk.insert("alg".into(), json!("ES256"));
        assert_eq!(thumbprint(&jwk).unwrap(), expected);
        let dpop = vectors("rfc9449-dpop.json");
        assert_eq!(
            thumbprint(&obj(dpop["dpop_public_jwk"].clone())).unwrap(),
            dpop["jkt"].as_str().unwrap()
        );
    }
}
