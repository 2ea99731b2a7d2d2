//! Validated values: issuers, audiences, scopes, and secrets.
//!
//! Raw strings from flags, environment and tokens become these types once, at
//! the edge; everything past that point can rely on their invariants (an
//! [`Issuer`] always ends in `/`, is https or loopback http, and compares
//! exactly).

use std::fmt;
use std::net::IpAddr;

/// The scopes of a scope list (a `scope` claim, a `--scope` value, a token
/// request's `scope`): split on spaces only, RFC 6749 §3.3 (`scope-token *(
/// SP scope-token )`), empty items dropped. A tab or a newline is part of a
/// scope, never a separator. The one splitter for `verify`, `request` and
/// `token`, so all three read a list alike.
pub fn split_scopes(list: &str) -> impl Iterator<Item = &str> + Clone {
    list.split(' ').filter(|s| !s.is_empty())
}

/// What is wrong with a tenant domain or issuer URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    #[error("the domain is empty")]
    Empty,
    /// The input with everything before the `@` redacted: it may be a password.
    #[error("{0:?}: credentials (user:password@host) are not allowed in a tenant domain")]
    Credentials(String),
    #[error(
        "{0:?}: a tenant domain has no path, query or fragment (give just the host, e.g. tenant.us.auth0.com)"
    )]
    PathQueryFragment(String),
    #[error(
        "{0:?}: http:// is only accepted for loopback hosts (127.0.0.0/8, ::1, localhost); use https://"
    )]
    InsecureScheme(String),
    #[error("{0:?}: unsupported scheme (use https://, or http:// for a loopback tenant)")]
    Scheme(String),
    #[error("{0:?}: not a valid host name")]
    Host(String),
}

/// An OpenID Connect issuer identifier such as `https://tenant.us.auth0.com/`.
///
/// Always `scheme://host[:port]/`: https, or http for loopback hosts only.
/// Comparison is exact, trailing slash included, as the SDK and RFC 8414 §3.3
/// require.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Issuer(String);

impl Issuer {
    /// Normalises what users type for their tenant (`tenant.us.auth0.com`,
    /// `TENANT.us.auth0.com`, `https://tenant.us.auth0.com/`, ` tenant/ `) into
    /// the issuer Auth0 puts in `iss`.
    pub fn from_domain(input: &str) -> Result<Self, DomainError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(DomainError::Empty);
        }
        let lower = trimmed.to_ascii_lowercase();
        let (scheme, rest) = if let Some(rest) = lower.strip_prefix("https://") {
            ("https", &trimmed[trimmed.len() - rest.len()..])
        } else if let Some(rest) = lower.strip_prefix("http://") {
            ("http", &trimmed[trimmed.len() - rest.len()..])
        } else if lower.contains("://") {
            return Err(DomainError::Scheme(trimmed.to_owned()));
        } else {
            ("https", trimmed)
        };
        let authority = rest.trim_end_matches('/');
        if authority.is_empty() {
            return Err(DomainError::Empty);
        }
        if let Some(at) = authority.rfind('@') {
            let scheme_part = &trimmed[..trimmed.len() - rest.len()];
            return Err(DomainError::Credentials(format!(
                "{scheme_part}[redacted]{}",
                &rest[at..]
            )));
        }
        if authority.contains(['/', '?', '#', '\\']) {
            return Err(DomainError::PathQueryFragment(trimmed.to_owned()));
        }
        if authority.contains(|c: char| c.is_whitespace() || c.is_control() || c == '%') {
            return Err(DomainError::Host(trimmed.to_owned()));
        }
        let url = url::Url::parse(&format!("{scheme}://{authority}/"))
            .map_err(|_| DomainError::Host(trimmed.to_owned()))?;
        let host = url
            .host()
            .ok_or_else(|| DomainError::Host(trimmed.to_owned()))?;
        if scheme == "http" && !is_loopback_host(&host) {
            return Err(DomainError::InsecureScheme(trimmed.to_owned()));
        }
        let host = match host {
            url::Host::Domain(d) => d.to_owned(),
            url::Host::Ipv4(ip) => ip.to_string(),
            url::Host::Ipv6(ip) => format!("[{ip}]"),
        };
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        Ok(Issuer(format!("{scheme}://{host}{port}/")))
    }

    /// The issuer string, always ending in `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `{issuer}{path}` for a path relative to the tenant root, such as
    /// `.well-known/openid-configuration`.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.0, path.trim_start_matches('/'))
    }

    /// Whether this is a local (loopback, plain http) tenant.
    pub fn is_loopback(&self) -> bool {
        self.0.starts_with("http://")
    }
}

impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a URL host is a loopback address, where plain http is acceptable.
pub fn is_loopback_host(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        url::Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

/// Whether a URL may be fetched: https anywhere, http only on loopback.
pub fn is_fetchable_url(url: &url::Url) -> bool {
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => url.host().as_ref().is_some_and(is_loopback_host),
        _ => false,
    }
}

macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// `Debug` and `Display` print `[redacted]`; [`expose`](Self::expose)
        /// is the one way to read the value.
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps a secret value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            /// The secret itself, for the one place that must send or use it.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[redacted]")
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self(s.to_owned()))
            }
        }
    };
}

/// For the other modules' secrets (`oauth::secret`).
pub(crate) use secret_type;

secret_type!(
    /// An OAuth client secret.
    ClientSecret
);
secret_type!(
    /// A shared HMAC secret for APIs that sign their tokens with HS256.
    HmacSecret
);
secret_type!(
    /// An access, refresh or subject token as a credential in transit.
    TokenSecret
);

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer(s: &str) -> Result<String, DomainError> {
        Issuer::from_domain(s).map(|i| i.as_str().to_owned())
    }

    #[test]
    fn the_spellings_users_type_all_mean_one_issuer() {
        for input in [
            "tenant.us.auth0.com",
            "TENANT.us.auth0.com",
            "https://tenant.us.auth0.com",
            "HTTPS://tenant.us.auth0.com/",
            "https://tenant.us.auth0.com//",
            "  tenant.us.auth0.com/  ",
            "https://tenant.us.auth0.com:443/",
        ] {
            assert_eq!(
                issuer(input).unwrap(),
                "https://tenant.us.auth0.com/",
                "{input}"
            );
        }
    }

    #[test]
    fn loopback_tenants_may_use_http_with_a_port() {
        assert_eq!(
            issuer("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            issuer("http://127.8.9.10:1/").unwrap(),
            "http://127.8.9.10:1/"
        );
        assert_eq!(
            issuer("http://localhost:3000").unwrap(),
            "http://localhost:3000/"
        );
        assert_eq!(issuer("http://[::1]:9000").unwrap(), "http://[::1]:9000/");
        assert!(
            Issuer::from_domain("http://127.0.0.1:1")
                .unwrap()
                .is_loopback()
        );
    }

    #[test]
    fn everything_that_is_not_a_bare_host_is_refused() {
        assert_eq!(issuer(""), Err(DomainError::Empty));
        assert_eq!(issuer("   "), Err(DomainError::Empty));
        assert_eq!(issuer("https://"), Err(DomainError::Empty));
        assert!(matches!(
            issuer("user@tenant.auth0.com"),
            Err(DomainError::Credentials(_))
        ));
        assert!(matches!(
            issuer("https://u:p@tenant.auth0.com/"),
            Err(DomainError::Credentials(_))
        ));
        let err = issuer("https://admin:hunter2@tenant.auth0.com/").unwrap_err();
        assert_eq!(
            err,
            DomainError::Credentials("https://[redacted]@tenant.auth0.com/".into())
        );
        let text = err.to_string();
        assert!(
            !text.contains("hunter2") && !text.contains("admin"),
            "{text}"
        );
        let err = issuer("me:p@ss@tenant.auth0.com").unwrap_err().to_string();
        assert!(err.starts_with("\"[redacted]@tenant.auth0.com\""), "{err}");
        for bad in [
            "tenant.auth0.com/api",
            "tenant.auth0.com?x=1",
            "tenant.auth0.com#f",
            "https://t.auth0.com/a/",
        ] {
            assert!(
                matches!(issuer(bad), Err(DomainError::PathQueryFragment(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            issuer("http://tenant.auth0.com"),
            Err(DomainError::InsecureScheme(_))
        ));
        assert!(matches!(
            issuer("http://128.0.0.1"),
            Err(DomainError::InsecureScheme(_))
        ));
        assert!(matches!(
            issuer("http://localhost.evil.com"),
            Err(DomainError::InsecureScheme(_))
        ));
        assert!(matches!(
            issuer("ftp://tenant.auth0.com"),
            Err(DomainError::Scheme(_))
        ));
        assert!(matches!(
            issuer("ten ant.auth0.com"),
            Err(DomainError::Host(_))
        ));
    }

    #[test]
    fn secrets_never_print() {
        let s = ClientSecret::new("hunter2");
        assert_eq!(format!("{s:?} {s}"), "ClientSecret([redacted]) [redacted]");
        assert_eq!(s.expose(), "hunter2");
    }
}
