//! The credential `call` and `probe` attach to their requests, and the
//! options both take to get it: `token`'s own (the same flags, AUTH0_*
//! variables and `.env`), its output-only options accepted but not shown.
//!
//! A token given with `--token` is used as it is (DPoP-bound when `--dpop
//! --key` names its key); otherwise it is fetched and cached exactly as
//! `auth0-tok token` gets it.

use auth0_tok::dpop::DpopKey;
use auth0_tok::types::TokenSecret;
use clap::Args;

use super::Context;
use super::input::SecretArg;
use super::token::{self, TokenArgs};

// `token`'s output options mean nothing here: accepted (they are part of
// its flags) but not shown. (A plain comment: a doc comment here would
// become the commands' about text.)
#[derive(Debug, Args)]
#[command(
    mut_arg("format", |a| a.hide(true)),
    mut_arg("htm", |a| a.hide(true)),
    mut_arg("htu", |a| a.hide(true)),
    mut_arg("github_mask", |a| a.hide(true)),
    mut_arg("clear_cache", |a| a.hide(true))
)]
pub struct CredentialArgs {
    #[command(flatten)]
    get: TokenArgs,
}

impl CredentialArgs {
    /// The secret-taking options (those of `token`), for resolution before
    /// the command runs.
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        self.get.secret_args()
    }

    /// `--audience` (or AUTH0_AUDIENCE), when given.
    pub(super) fn audience(&self) -> Option<&str> {
        self.get.audience()
    }

    /// `--scope`, split and deduplicated.
    pub(super) fn scopes(&self) -> Vec<String> {
        self.get.scopes()
    }

    /// A token as `token` gets it, for other scopes than `--scope`.
    pub(super) async fn token_for_scopes(
        &self,
        scopes: Vec<String>,
        ctx: &Context,
    ) -> anyhow::Result<TokenSecret> {
        let got = token::obtain(&self.get.with_scopes(scopes), ctx).await?;
        Ok(got.response.access_token)
    }

    /// `given` (from `--token`), or a token as `token` gets it (cached;
    /// DPoP-bound with `--dpop`).
    pub(super) async fn credential(
        &self,
        given: Option<&TokenSecret>,
        ctx: &Context,
    ) -> anyhow::Result<Credential> {
        if let Some(given) = given {
            let token = super::input::token(Some(given.expose()), "access token")?;
            return Ok(Credential {
                token: TokenSecret::new(token),
                dpop: self.get.dpop_key()?,
            });
        }
        let got = token::obtain(&self.get, ctx).await?;
        let dpop = if got.response.token_type.eq_ignore_ascii_case("dpop") {
            got.dpop
        } else {
            None
        };
        Ok(Credential {
            token: got.response.access_token,
            dpop,
        })
    }
}

/// The credential attached to every request.
pub(super) struct Credential {
    pub token: TokenSecret,
    /// Set for DPoP: every request gets a fresh proof with this key.
    pub dpop: Option<DpopKey>,
}
