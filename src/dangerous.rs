//! Reading a JWT without verifying it.
//!
//! Named so callers think twice: nothing returned from here is trustworthy.
//! It exists for `auth0-tok decode` and for showing what a rejected token
//! contained.

use crate::jose::{self, JoseError, Object, Part};

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
    let token = token.trim();
    if token.is_empty() {
        return Err(JoseError::Empty);
    }
    if token.len() > jose::MAX_TOKEN_LEN {
        return Err(JoseError::TooLong {
            len: token.len(),
            max: jose::MAX_TOKEN_LEN,
        });
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(JoseError::Segments(parts.len()));
    }
    let header = jose::parse_object(&jose::decode_segment(parts[0], Part::Header)?, Part::Header)?;
    let claims = jose::parse_object(
        &jose::decode_segment(parts[1], Part::Payload)?,
        Part::Payload,
    )?;
    let signature_len = if parts[2].is_empty() {
        0
    } else {
        jose::decode_segment(parts[2], Part::Signature)?.len()
    };
    Ok(UnverifiedJwt {
        header,
        claims,
        signature_len,
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
