//! The user grants' secrets as types: `Debug` and `Display` print
//! `[redacted]`, [`expose`](RefreshToken::expose) is the one way in.

use std::fmt;

use crate::types::secret_type;

secret_type!(
    /// A refresh token: kept in the token cache, sent only to the token
    /// and revocation endpoints.
    RefreshToken
);
secret_type!(
    /// An authorization code from the callback (single use, short-lived).
    AuthCode
);
secret_type!(
    /// A PKCE code verifier (RFC 7636 §4.1).
    CodeVerifier
);
secret_type!(
    /// A device code (RFC 8628 §3.2): whoever holds it gets the tokens.
    DeviceCode
);

/// `n` bytes from the system's secure random source, base64url.
pub fn random_b64(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    aws_lc_rs::rand::fill(&mut bytes).expect("system randomness");
    crate::jose::b64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let t = RefreshToken::new("v1.rt-hunter2");
        assert_eq!(format!("{t:?} {t}"), "RefreshToken([redacted]) [redacted]");
        assert_eq!(t.expose(), "v1.rt-hunter2");
        assert!(!format!("{:?}", AuthCode::new("hunter2")).contains("hunter2"));
    }

    #[test]
    fn random_values_are_base64url_of_the_asked_length() {
        let a = random_b64(32);
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(a, random_b64(32));
    }
}
