//! PKCE (RFC 7636): the code verifier and its S256 challenge.
//!
//! Only S256 is sent: `plain` (§4.2) shows the verifier to anyone who sees
//! the authorize URL, and Auth0 supports S256 everywhere.

use aws_lc_rs::digest;

use super::secret::{CodeVerifier, random_b64};

/// The only challenge method auth0-tok sends.
pub const S256: &str = "S256";

/// A verifier and its challenge.
#[derive(Debug, Clone)]
pub struct Pkce {
    pub verifier: CodeVerifier,
    pub challenge: String,
}

impl Pkce {
    /// A fresh verifier of 32 random bytes: 43 base64url characters, the
    /// entropy RFC 7636 §7.1 recommends.
    pub fn generate() -> Self {
        Self::from_verifier(CodeVerifier::new(random_b64(32)))
    }

    /// The pair for a given verifier (tests pin it).
    pub fn from_verifier(verifier: CodeVerifier) -> Self {
        let challenge = challenge_s256(verifier.expose());
        Pkce {
            verifier,
            challenge,
        }
    }
}

/// `BASE64URL(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
pub fn challenge_s256(verifier: &str) -> String {
    crate::jose::b64(digest::digest(&digest::SHA256, verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B.
    #[test]
    fn the_rfc_7636_appendix_b_vector() {
        let pkce = Pkce::from_verifier(CodeVerifier::new(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        ));
        assert_eq!(
            pkce.challenge,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn a_generated_verifier_is_43_unreserved_characters() {
        let pkce = Pkce::generate();
        let v = pkce.verifier.expose();
        // RFC 7636 §4.1: 43..=128 of [A-Z a-z 0-9 - . _ ~].
        assert_eq!(v.len(), 43);
        assert!(
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        );
        assert_eq!(pkce.challenge, challenge_s256(v));
        assert!(!format!("{pkce:?}").contains(v));
    }
}
