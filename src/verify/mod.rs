//! Verification, sans-IO: access tokens, DPoP proofs, whole-request
//! decisions (what the API answers), the common mistakes behind a
//! rejection ([`diagnose`]), and the tokens Auth0 issues to clients: ID
//! tokens ([`IdTokenPolicy`]) and back-channel logout tokens
//! ([`LogoutTokenPolicy`]).
//!
//! Nothing in this module performs I/O. Callers pass the key set and a
//! [`Clock`](crate::clock::Clock); fetching keys is [`crate::tenant`]'s job.

mod access;
mod client_token;
pub mod diagnose;
mod dpop;
mod error;
mod id_token;
mod id_token_error;
mod jws;
mod logout_token;
mod request;
mod sdk;

#[cfg(test)]
pub(crate) use access::prechecks;
pub use access::{AccessTokenPolicy, Binding, Prechecked, ScopeSource, VerifiedToken};
pub use client_token::VerifiedJwt;
pub use dpop::{DpopPolicy, ProofError, VerifiedProof, normalize_htu, verify_proof};
pub use error::{ErrorCode, NoRefetch, Shown, TokenError};
pub use id_token::{IdToken, IdTokenPolicy, VerifiedIdToken, left_half_hash};
pub use id_token_error::IdTokenError;
pub use logout_token::{
    BACKCHANNEL_LOGOUT_EVENT, LogoutToken, LogoutTokenError, LogoutTokenPolicy, VerifiedLogoutToken,
};
pub use request::{
    Accepted, Decision, DpopMode, HttpRequest, Rejection, RequestPolicy, RequestToken, Scheme,
    Step, check_without_proof, parse_raw_request, proxied_url, verify_request,
    verify_request_prechecked, verify_request_with,
};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_id_token;
#[cfg(test)]
mod tests_parity;
#[cfg(test)]
mod tests_request;
#[cfg(test)]
mod tests_sdk;
