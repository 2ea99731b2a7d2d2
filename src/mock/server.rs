//! Starting the mock tenant ([`MockServer`]): the configured issuer
//! checked, the address bound, the URL the tenant answers on derived from
//! it, and the requests answered until shutdown.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use super::config::MockConfig;
use super::router::router;
use super::tenant::Mock;
use crate::clock::{Clock, SystemClock};
use crate::keys::KeyError;
use crate::types::{DomainError, Issuer};

/// A running mock tenant.
pub struct MockServer {
    addr: SocketAddr,
    pub(super) state: Arc<Mock>,
    listener: Option<tokio::net::TcpListener>,
}

impl MockServer {
    /// Binds `host:port` and prepares the tenant (call [`serve`](Self::serve) to answer).
    pub async fn bind(config: MockConfig) -> Result<Self, MockError> {
        Self::bind_with_clock(config, Arc::new(SystemClock)).await
    }

    /// [`bind`](Self::bind) with the tenant's time read from `clock` (for
    /// tests that pin it: token times, code and device code expiry, polling).
    pub async fn bind_with_clock(
        config: MockConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, MockError> {
        let wanted = SocketAddr::new(config.host, config.port);
        let issuer = config.issuer.as_deref().map(check_issuer).transpose()?;
        let listener = tokio::net::TcpListener::bind(wanted)
            .await
            .map_err(|e| MockError::Bind(wanted, e.to_string()))?;
        let addr = listener
            .local_addr()
            .map_err(|e| MockError::Bind(wanted, e.to_string()))?;
        let url = format!("http://{}/", reachable_at(addr));
        let (issuer, expected_issuer) = match issuer {
            Some((issuer, expected)) => (issuer, Some(expected)),
            None => (url.clone(), Issuer::from_domain(&url).ok()),
        };
        let state = Mock::new(url, issuer, expected_issuer, config, clock)?;
        Ok(MockServer {
            addr,
            state: Arc::new(state),
            listener: Some(listener),
        })
    }

    /// Where the tenant answers, `http://127.0.0.1:PORT/` (an unspecified
    /// bind address such as `0.0.0.0` is shown as its family's loopback).
    pub fn url(&self) -> &str {
        &self.state.url
    }

    /// The `iss` of its tokens and its discovery `issuer`: [`MockConfig::issuer`]
    /// when set, else [`url`](Self::url).
    pub fn issuer(&self) -> &str {
        &self.state.issuer
    }

    /// The JWKS URL, under [`url`](Self::url).
    pub fn jwks_uri(&self) -> String {
        format!("{}.well-known/jwks.json", self.state.url)
    }

    /// The token endpoint, under [`url`](Self::url).
    pub fn token_endpoint(&self) -> String {
        format!("{}oauth/token", self.state.url)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Rotates the signing key; returns the new kid.
    pub fn rotate(&self) -> Result<String, MockError> {
        Ok(self.state.rotate()?)
    }

    /// Answers requests until `shutdown` completes.
    pub async fn serve(
        mut self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        use axum::serve::ListenerExt as _;
        let listener = self
            .listener
            .take()
            .expect("serve is called once")
            .tap_io(|tcp| {
                // Small answers go out at once (no Nagle delay against the client's delayed ACKs).
                let _ = tcp.set_nodelay(true);
            });
        axum::serve(listener, router(self.state.clone()))
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Answers requests on a background task (for in-process use).
    pub fn spawn(self) -> tokio::task::JoinHandle<std::io::Result<()>> {
        tokio::spawn(self.serve(std::future::pending()))
    }
}

/// The mock tenant could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, String),
    #[error("issuer {value:?}: {problem}")]
    Issuer {
        value: String,
        problem: IssuerProblem,
    },
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// What is wrong with a configured issuer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IssuerProblem {
    /// No `https://` or `http://` in front.
    #[error("an issuer is a URL: give the scheme, e.g. https://login.example.com/")]
    NoScheme,
    /// White space before or after the URL.
    #[error("leading or trailing white space")]
    WhiteSpace,
    /// Not an issuer an API could be configured with (a path, plain http
    /// off loopback, no host, …).
    #[error("{0}")]
    Domain(DomainError),
}

/// Whether a tenant listening on `host` can be reached from other machines:
/// anything but a loopback address (127.0.0.0/8, `::1`, and IPv4-mapped
/// loopback). Unspecified addresses (`0.0.0.0`, `::`) listen on every
/// interface, so they are reachable.
pub fn reachable_from_network(host: IpAddr) -> bool {
    match host {
        IpAddr::V4(v4) => !v4.is_loopback(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => !v4.is_loopback(),
            None => !v6.is_loopback(),
        },
    }
}

/// The address a local client uses for a listener bound to `addr`: an
/// unspecified address is not a destination, so its family's loopback.
fn reachable_at(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(v6) if v6.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// Checks a configured issuer: an explicit `https://` (or loopback
/// `http://`) URL with no path, kept exactly as given. Returns it with the
/// issuer the tenant's own checks expect (normalised, trailing slash).
fn check_issuer(value: &str) -> Result<(String, Issuer), MockError> {
    let problem = |problem: IssuerProblem| MockError::Issuer {
        value: value.chars().take(200).collect(),
        problem,
    };
    let lower = value.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(problem(IssuerProblem::NoScheme));
    }
    if value != value.trim() {
        return Err(problem(IssuerProblem::WhiteSpace));
    }
    let expected = Issuer::from_domain(value).map_err(|e| problem(IssuerProblem::Domain(e)))?;
    Ok((value.to_owned(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_loopback_addresses_are_unreachable_from_the_network() {
        for local in [
            "127.0.0.1",
            "127.0.0.2",
            "127.255.255.254",
            "::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!reachable_from_network(ip(local)), "{local}");
        }
        for public in [
            "0.0.0.0",
            "::",
            "192.168.1.10",
            "10.0.0.1",
            "::ffff:10.0.0.1",
            "fe80::1",
        ] {
            assert!(reachable_from_network(ip(public)), "{public}");
        }
    }

    #[test]
    fn an_unspecified_bind_address_is_reached_through_loopback() {
        let at = |s: &str| reachable_at(SocketAddr::new(ip(s), 8080)).to_string();
        assert_eq!(at("0.0.0.0"), "127.0.0.1:8080");
        assert_eq!(at("::"), "[::1]:8080");
        assert_eq!(at("127.0.0.2"), "127.0.0.2:8080");
        assert_eq!(at("::1"), "[::1]:8080");
    }

    #[test]
    fn a_configured_issuer_is_kept_exactly_and_normalised_for_own_checks() {
        let (kept, expected) = check_issuer("https://login.example.com").unwrap();
        assert_eq!(kept, "https://login.example.com");
        assert_eq!(expected.as_str(), "https://login.example.com/");
        let (kept, _) = check_issuer("https://Login.Example.com/").unwrap();
        assert_eq!(kept, "https://Login.Example.com/");
        assert!(check_issuer("http://127.0.0.1:9/").is_ok());
        for bad in [
            "login.example.com",
            "ftp://login.example.com/",
            "http://login.example.com/",
            "https://login.example.com/tenant/",
            "https://login.example.com/?x",
            " https://login.example.com/",
            "https://",
        ] {
            assert!(
                matches!(check_issuer(bad), Err(MockError::Issuer { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_issuer_problem_is_said_as_before() {
        let said = |value: &str| check_issuer(value).unwrap_err().to_string();
        assert_eq!(
            said("login.example.com"),
            "issuer \"login.example.com\": an issuer is a URL: give the scheme, e.g. \
             https://login.example.com/"
        );
        assert_eq!(
            said("https://login.example.com/ "),
            "issuer \"https://login.example.com/ \": leading or trailing white space"
        );
        let domain = Issuer::from_domain("https://login.example.com/tenant/").unwrap_err();
        assert_eq!(
            said("https://login.example.com/tenant/"),
            format!("issuer \"https://login.example.com/tenant/\": {domain}")
        );
    }

    #[tokio::test]
    async fn rotation_keeps_the_current_key_and_two_retired_ones() {
        let server = MockServer::bind(MockConfig::default()).await.unwrap();
        let mut kids = vec![server.state.signing_key().kid().unwrap().to_owned()];
        for _ in 0..5 {
            kids.push(server.rotate().unwrap());
        }
        let keys = server.state.keys.read().unwrap();
        let published: Vec<&str> = keys.published.iter().filter_map(|k| k.kid()).collect();
        assert_eq!(published, [&kids[5], &kids[4], &kids[3]]);
        assert_eq!(keys.current.kid(), Some(kids[5].as_str()));
    }

    #[tokio::test]
    async fn a_custom_issuer_is_served_while_endpoints_stay_at_the_url() {
        let server = MockServer::bind(MockConfig {
            issuer: Some("https://login.example.com".into()),
            ..MockConfig::default()
        })
        .await
        .unwrap();
        assert_eq!(server.issuer(), "https://login.example.com");
        assert!(server.url().starts_with("http://127.0.0.1:"));
        assert_eq!(
            server.token_endpoint(),
            format!("{}oauth/token", server.url())
        );
        assert_eq!(
            server.state.expected_issuer().unwrap().as_str(),
            "https://login.example.com/"
        );
    }
}
