//! A local Auth0-shaped tenant (on 127.0.0.1 by default), built on this library.
//!
//! It serves what an API and its clients use: OpenID Connect discovery, the
//! JWKS, and `POST /oauth/token` (client credentials) issuing RS256 access
//! tokens shaped like Auth0's, with Auth0-style error bodies. `POST /rotate`
//! rotates the signing key: as in Auth0's rotation, retired keys stay
//! published for a while — here the current key and the
//! [`RETIRED_KEYS_KEPT`] newest retired ones. `POST /test/mint` issues
//! tokens that must be refused (expired, another audience, an unpublished
//! key, …) for `auth0-tok probe --tenant mock`.
//!
//! Each piece has its own module. The settings are in `config.rs`; the
//! server that binds and serves in `server.rs`; the state every handler
//! shares (URL, issuer, keys, users) in `tenant.rs`; which path goes where
//! in `router.rs`; discovery, JWKS and rotation in `discovery.rs`; the
//! token endpoint in `token.rs` (exchanges in `exchange.rs`, client
//! authentication in `client_auth.rs`); test tokens
//! in `mint.rs`; `/api/echo` in `echo.rs`. Requests are read by
//! `params.rs` and answered (errors included) through `reply.rs`.
//!
//! It also logs users in: the users (`users.rs`), `/authorize` and its
//! login page (`authorize.rs`, HTML in `pages.rs`), the code, refresh and
//! device grants and `/oauth/revoke` (`grants.rs`), the device page
//! (`device.rs`), `/userinfo` (`userinfo.rs`), logout and logout tokens
//! (`logout.rs`); what they remember between requests is in `store.rs`,
//! and every token comes from `issue.rs`.
//!
//! Two addresses matter and may differ. The *URL* is where the tenant
//! answers (`http://ADDR:PORT/`; every endpoint in its discovery document is
//! under it). The *issuer* is the `iss` of its tokens and the discovery
//! `issuer`: the URL unless [`MockConfig::issuer`] names another one (a
//! custom domain, a missing trailing slash), so that users can reproduce an
//! issuer mismatch against a tenant they control. The tenant's own checks
//! (`/api/echo`, the subject tokens of a token exchange) expect the issuer
//! as an API configured with that domain would: Auth0's normalised
//! `https://host/`.
//!
//! Nothing here is meant for production: it exists so that everything
//! auth0-tok does can be tried and tested without an account.

mod authorize;
mod client_auth;
mod config;
mod device;
mod discovery;
mod echo;
mod exchange;
mod grants;
mod issue;
mod logout;
mod mint;
mod pages;
mod params;
mod reply;
mod router;
mod server;
mod store;
mod tenant;
mod token;
mod userinfo;
pub mod users;

pub use config::{MockClient, MockConfig};
pub use server::{IssuerProblem, MockError, MockServer, reachable_from_network};
pub use tenant::RETIRED_KEYS_KEPT;
pub use users::{MockUser, Password};

// What every handler uses, under the names the handlers know.
pub(crate) use reply::{OAuthError, oauth_error};
pub(crate) use tenant::{Mock, random_token};
