//! Reading a JWT without verifying it.
//!
//! Named so callers think twice: nothing returned from here is trustworthy.
//! It exists for `auth0-tok decode` and for showing what a rejected token
//! contained.

use crate::jose::{self, JoseError, Object};

/// A JWT's header and payload, decoded but **not verified**.
#[derive(Debug, Clone)]
pub struct UnverifiedJwt {
    /// The JOSE header.
    pub header: Object,
    /// The claims.
    pub claims: Object,
    /// Length of the signature in bytes (0 for an unsecured JWT).
    pub signature_len: usize,
}

/// Decodes any compact JWT (including unsecured `alg: none` ones) without
/// checking its signature.
pub fn decode_unverified(token: &str) -> Result<UnverifiedJwt, JoseError> {
    // The verifier's own splitter and decoders: what `decode` shows is what
    // `verify` would read.
    let jws = jose::CompactJws::parse(token.trim())?;
    Ok(UnverifiedJwt {
        header: jws.header.into_object(),
        claims: jws.payload.into_object(),
        signature_len: jws.signature.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsecured_tokens_decode_but_say_they_are_unsigned() {
        let jwt = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.";
        let d = decode_unverified(jwt).unwrap();
        assert_eq!(d.header["alg"], "none");
        assert_eq!(d.claims["iss"], "joe");
        assert_eq!(d.signature_len, 0);
    }

    #[test]
    fn non_jwts_get_a_clear_reason() {
        assert_eq!(
            decode_unverified("hello").unwrap_err(),
            JoseError::Segments(1)
        );
        assert!(matches!(
            decode_unverified("YQ.e30.c").unwrap_err(),
            JoseError::Json { .. }
        ));
        assert!(matches!(
            decode_unverified("a.b.c").unwrap_err(),
            JoseError::Base64 { .. }
        ));
        assert_eq!(decode_unverified("  ").unwrap_err(), JoseError::Empty);
    }
}
