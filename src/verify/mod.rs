//! Verification, sans-IO: access tokens now; DPoP proofs and whole-request
//! decisions build on the same errors.
//!
//! Nothing in this module performs I/O. Callers pass the key set and a
//! [`Clock`](crate::clock::Clock); fetching keys is [`crate::tenant`]'s job.

mod access;
mod error;

pub use access::{AccessTokenPolicy, Prechecked, ScopeSource, VerifiedToken};
pub use error::{ErrorCode, Shown, TokenError};

#[cfg(test)]
mod tests;
