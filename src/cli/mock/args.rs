//! `mock serve`'s options as typed ([`ServeArgs`]) (its long help and
//! examples are in `mock.rs`). They become the tenant's settings in
//! `config.rs`.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;

use crate::cli::input::SecretArg;

#[derive(Debug, Args)]
#[command(after_help = super::EXAMPLES)]
pub(super) struct ServeArgs {
    /// Address to listen on, IPv4 or IPv6 (a non-loopback address makes the tenant reachable
    /// from the network)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_host)]
    pub(super) host: IpAddr,

    /// Port (0 picks a free port)
    #[arg(long, default_value_t = 0)]
    pub(super) port: u16,

    /// The `iss` of issued tokens and the discovery `issuer`, exactly as given: https:// (or
    /// http:// on loopback), no path [default: the tenant's URL]
    #[arg(long, value_name = "URL")]
    pub(super) issuer: Option<String>,

    /// An API identifier the tenant issues tokens for; repeatable
    #[arg(
        long,
        value_name = "AUDIENCE",
        default_value = "https://api.example.com"
    )]
    pub(super) audience: Vec<String>,

    /// A client as ID:SECRET, or @FILE / - (stdin) holding ID:SECRET; repeatable
    /// [default: mock-client with a random secret, printed]
    #[arg(long, value_name = "ID:SECRET|@FILE|-", allow_hyphen_values = true)]
    pub(super) client: Vec<SecretArg>,

    /// Scopes granted to clients; repeatable
    #[arg(long, value_name = "SCOPE", default_values = ["read:messages", "write:messages"])]
    pub(super) scope: Vec<String>,

    /// Sign with this PEM private key (RSA) instead of a fresh one
    #[arg(long, value_name = "FILE")]
    pub(super) signing_key: Option<PathBuf>,

    /// Access token lifetime in seconds
    #[arg(long, default_value_t = 86_400, value_name = "SECS")]
    pub(super) token_lifetime: u64,

    /// Issue tokens as if this many seconds ago (makes expired tokens for tests)
    #[arg(long, default_value_t = 0, value_name = "SECS")]
    pub(super) backdate: u64,

    /// Cache-Control max-age for discovery and JWKS
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    pub(super) max_age: u64,

    /// A private_key_jwt client as ID:FILE (its public or private key, PEM or JWK); repeatable
    #[arg(long, value_name = "ID:FILE")]
    pub(super) client_key: Vec<String>,

    /// A Token Vault connection that has an upstream token for every user; repeatable
    #[arg(long, value_name = "NAME", default_value = "google-oauth2")]
    pub(super) connection: Vec<String>,

    /// The subject token type custom token exchange accepts
    #[arg(long, value_name = "URI", default_value = "urn:acme:legacy-token")]
    pub(super) custom_token_type: String,

    /// Answer this fraction (0–1) of requests with HTTP 500 (an unreliable tenant)
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub(super) fail_rate: f64,

    /// Wait this many milliseconds before every answer
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub(super) latency: u64,

    /// Answer DPoP token requests without a nonce with use_dpop_nonce first, as Auth0 does
    #[arg(long)]
    pub(super) require_dpop_nonce: bool,

    /// A user as EMAIL:PASSWORD, EMAIL (a random password, printed), or @FILE / - (stdin)
    /// holding EMAIL:PASSWORD; repeatable [default: user@example.com with Passw0rd!]
    #[arg(
        long,
        value_name = "EMAIL[:PASSWORD]|@FILE|-",
        allow_hyphen_values = true
    )]
    pub(super) user: Vec<SecretArg>,

    /// Give a user a role (a `https://auth0-tok/roles` claim in its tokens); repeatable
    #[arg(long, value_name = "EMAIL=ROLE")]
    pub(super) role: Vec<String>,

    /// Give a user an RBAC permission (the `permissions` claim of its access tokens); repeatable
    #[arg(long, value_name = "EMAIL=PERMISSION")]
    pub(super) permission: Vec<String>,

    /// A public client (a native app or SPA: no secret, PKCE required); repeatable
    #[arg(long, value_name = "ID")]
    pub(super) public_client: Vec<String>,

    /// An allowed callback URL; loopback ones match any port; repeatable
    /// [default: http://127.0.0.1/callback and http://localhost/callback]
    #[arg(long, value_name = "URL")]
    pub(super) callback: Vec<String>,

    /// /authorize logs the first user in at once and redirects back with a code (no form)
    #[arg(long)]
    pub(super) auto_login: bool,

    /// The device flow's polling interval
    #[arg(long, default_value_t = 5, value_name = "SECS")]
    pub(super) device_interval: u64,

    /// How long a device code lives
    #[arg(long, default_value_t = 900, value_name = "SECS")]
    pub(super) device_expires: u64,

    /// Print a .env file instead of the base URL: the URL as a `#` comment, then
    /// AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (the first client's),
    /// and the first user as `# user:` (its password as `# password:` only when not given)
    #[arg(long)]
    pub(super) print_env: bool,
    /// Refused, pointing to --issuer: --domain names the tenant other commands talk to
    #[arg(long, hide = true, value_name = "DOMAIN")]
    pub(super) domain: Vec<String>,
}

/// `--host`: an IPv4 or IPv6 address, IPv6 with or without brackets.
fn parse_host(value: &str) -> Result<IpAddr, String> {
    let bare = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value);
    bare.parse().map_err(|_| {
        format!("expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1, got {value:?}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_takes_ipv4_and_ipv6_with_or_without_brackets() {
        assert_eq!(parse_host("127.0.0.2").unwrap().to_string(), "127.0.0.2");
        assert_eq!(parse_host("::1").unwrap().to_string(), "::1");
        assert_eq!(parse_host("[::1]").unwrap().to_string(), "::1");
        assert_eq!(parse_host("0.0.0.0").unwrap().to_string(), "0.0.0.0");
        for bad in ["localhost", "127.0.0.1:80", "[::1", "", "::1]"] {
            assert!(parse_host(bad).is_err(), "{bad:?}");
        }
    }
}
