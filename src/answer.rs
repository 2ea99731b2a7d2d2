//! What a server answered, as the pure code sees it: the cap on a body
//! read, the printable snippet an error shows, the form redaction every
//! trace applies, and the errors of reaching a tenant and of reading its
//! answers ([`FetchError`], [`TenantError`]).
//!
//! Always compiled: the pure parsers (discovery documents and key sets in
//! [`crate::discovery`] and [`crate::jwks`], the disk key cache, the token
//! endpoint's answer in [`crate::oauth`]) report with these types whether
//! or not the network code (feature `net`: `crate::http`,
//! `crate::tenant`) is built. The network code re-exports them where they
//! were (`http::FetchError`, `tenant::TenantError`, `http::MAX_BODY`, …).

use crate::jwk::JwksError;

/// The largest response body read, by default (1 MiB).
pub const MAX_BODY: usize = 1024 * 1024;

/// Why an HTTP exchange failed. Every variant names the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    #[error("{url}: refusing a non-https URL (plain http is only allowed on loopback hosts)")]
    InsecureUrl { url: String },
    #[error("{url}: not a valid URL")]
    BadUrl { url: String },
    #[error("{url}: connection failed: {reason}")]
    Connect { url: String, reason: String },
    /// The TLS handshake failed: the server speaks plain http, or its
    /// certificate is not trusted.
    #[error("{url}: TLS handshake failed: {reason}")]
    Tls { url: String, reason: String },
    /// No answer within the client's timeout (`seconds`, at least 1).
    #[error("{url}: no answer within {seconds}s")]
    Timeout { url: String, seconds: u64 },
    #[error("{url}: the request failed: {reason}")]
    Transport { url: String, reason: String },
    #[error(
        "{url}: redirected ({status}) to {location:?}; redirects are not followed — configure the final URL"
    )]
    Redirect {
        url: String,
        status: u16,
        location: String,
    },
    #[error("{url}: the response body exceeds {limit} bytes")]
    TooLarge { url: String, limit: usize },
}

/// The tenant could not be reached or answered something unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TenantError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{url}: HTTP {status}{}", if .snippet.is_empty() { String::new() } else { format!(": {}", .snippet) })]
    Status {
        url: String,
        status: u16,
        snippet: String,
    },
    #[error("{url}: the {what} is not JSON ({detail}); it starts with {snippet:?}")]
    NotJson {
        url: String,
        what: &'static str,
        detail: String,
        snippet: String,
    },
    #[error("{url}: the discovery document names issuer {found:?}, not {expected:?}")]
    IssuerMismatch {
        url: String,
        expected: String,
        found: String,
    },
    #[error("{url}: bad discovery document: {problem}")]
    Discovery { url: String, problem: String },
    #[error("{url}: {source}")]
    Jwks { url: String, source: JwksError },
    #[error("{url}: the key set has no usable signing key ({})", .skipped.join("; "))]
    NoUsableKeys { url: String, skipped: Vec<String> },
}

/// Form fields whose values are secrets: never traced.
pub const SECRET_FIELDS: [&str; 10] = [
    "client_secret",
    "client_assertion",
    "subject_token",
    "actor_token",
    "refresh_token",
    "password",
    "code",
    "code_verifier",
    "device_code",
    "token",
];

/// A form as the trace shows it: secret values replaced by `[redacted]`.
pub fn redact_form(form: &[(String, String)]) -> String {
    form.iter()
        .map(|(k, v)| {
            let shown = if SECRET_FIELDS.contains(&k.as_str()) {
                "[redacted]"
            } else {
                v.as_str()
            };
            format!("{k}={shown}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The first 200 bytes of a body, printable.
pub fn snippet(body: &[u8]) -> String {
    let cut = &body[..body.len().min(200)];
    let text = String::from_utf8_lossy(cut);
    let mut s: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.len() > 200 {
        s.push('…');
    }
    s.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_short_and_printable() {
        assert_eq!(snippet(b"<html>\n<body>"), "<html> <body>");
        assert_eq!(snippet(&[b'a'; 300]).chars().count(), 201);
    }
}
