//! `auth0-tok token` and `auth0-tok exchange`: tokens for scripts and CI.
//!
//! The token is printed alone, as an `Authorization` header, as an env
//! line, or as JSON; for GitHub Actions, `--github-env NAME` masks it and
//! sets it for the next steps ([`super::github`]). Every form is one line:
//! the answer checks ([`auth0_tok::oauth::TokenResponse::from_answer`]) let
//! no line break into a token. Requested scopes the answer's `scope` lacks
//! (Auth0 leaves out ungranted ones without an error) are named on stderr.

mod args;
mod exchange;
mod print;

use auth0_tok::clock::UnixTime;
use auth0_tok::dpop::DpopKey;
use auth0_tok::oauth::TokenResponse;
use auth0_tok::oauth::cache as token_cache;
use auth0_tok::oauth::client::{ClientCredentials, ClientError, Source, TokenSource};
use serde_json::json;

pub use args::{ClientArgs, ExchangeArgs, OutputFormat, TokenArgs};
pub(super) use args::{client_secret_arg, required_client_id};
pub use exchange::run_exchange;
use print::print;

use super::output::write_json;
use super::{Context, UsageError};

// The commands' examples (in `--help`, never wrapped: tests/cases/help.rs
// reads them here).
const TOKEN_EXAMPLES: &str = "\
Examples:
  TOKEN=$(auth0-tok token --audience https://api.example.com)
  auth0-tok token --scope read:messages --format header
  auth0-tok token --dpop --key dpop.pem --format header --htm GET --htu https://api.example.com/messages
  auth0-tok token --github-env AUTH0_ACCESS_TOKEN    # GitHub Actions: masked, set for the next steps
  auth0-tok token --client-secret @client-secret.txt --audience https://api.example.com
  auth0-tok token --clear-cache
  auth0-tok token --user --audience https://api.example.com   # the user's token from `auth0-tok login`

Secrets come from the environment (AUTH0_CLIENT_SECRET) or a file (--client-secret @FILE):
a value typed in the command line is visible to other users in the process list.";

const EXCHANGE_EXAMPLES: &str = "\
Examples:
  printf %s \"$TOKEN\" | auth0-tok exchange --connection google-oauth2 --subject-token -
  auth0-tok exchange --subject-token-type urn:acme:legacy-token --audience https://api --subject-token @legacy.txt
  auth0-tok exchange --on-behalf-of --audience https://downstream.example.com --subject-token @token.txt
  auth0-tok exchange --connection github --subject-token @token.txt --github-env UPSTREAM_TOKEN

Secrets come from the environment (AUTH0_CLIENT_SECRET) or a file (--client-secret @FILE):
a value typed in the command line is visible to other users in the process list.";

pub async fn run_token(args: TokenArgs, ctx: &Context) -> anyhow::Result<()> {
    if args.clear_cache {
        let removed = match ctx.cache() {
            Some(cache) => token_cache::clear(&cache)?,
            None => 0,
        };
        if ctx.json {
            write_json(
                &mut std::io::stdout().lock(),
                &json!({ "removed": removed }),
            )?;
        } else {
            eprintln!("removed {removed} cached token(s)");
        }
        return Ok(());
    }
    args.client.check_output(ctx.json)?;
    if args.user {
        let client = super::login::UserClientArgs {
            client_id: args.client.client_id.clone(),
            client_secret: args.client.client_secret.clone(),
        };
        let dpop = args.client.dpop_key()?;
        return super::login::run_token_user(
            &client,
            args.audience(),
            &args.scope,
            args.organization.as_deref(),
            dpop,
            args.client.format,
            ctx,
        )
        .await;
    }
    let got = obtain(&args, ctx).await?;
    print(
        &got.response,
        got.expires_at,
        got.cached,
        &args.client,
        got.dpop.as_ref(),
        ctx,
    )
}

/// A token as `token` gets it (also for `call` and `probe`).
pub(super) struct Obtained {
    pub response: TokenResponse,
    pub expires_at: UnixTime,
    pub cached: bool,
    /// The DPoP key the token is bound to (`--dpop`).
    pub dpop: Option<DpopKey>,
}

/// The cached client-credentials flow of `token` ([`TokenSource`]): a
/// cached token while `--min-ttl` remains, else a new one from the tenant
/// (then cached).
pub(super) async fn obtain(args: &TokenArgs, ctx: &Context) -> anyhow::Result<Obtained> {
    let issuer = ctx.credential_issuer(&args.client.credentials())?;
    let audience = args
        .audience
        .clone()
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| {
            UsageError("no audience: pass --audience https://your-api or set AUTH0_AUDIENCE".into())
        })?;
    let scope = super::input::scopes_checked(&args.scope)?;
    let auth = args.client.auth(&issuer)?;
    let dpop = args.client.dpop_key()?;
    let request = ClientCredentials {
        issuer,
        auth,
        audience,
        scope,
        organization: args.organization.clone(),
    };
    let tenants = ctx.tenants();
    let cache = ctx.cache();
    let got = TokenSource::new(&tenants, ctx.clock.as_ref(), cache.as_ref())
        .client_credentials(&request, dpop.as_ref(), args.min_ttl)
        .await
        .map_err(client_error)?;
    if let (Source::Cache { left }, true) = (&got.source, ctx.verbose) {
        eprintln!("* token cache hit ({left}s left); no request sent");
    }
    note_ungranted(&request.scope, &got.response, ctx);
    if let (
        Source::Endpoint {
            not_stored: Some(e),
        },
        true,
    ) = (&got.source, ctx.verbose)
    {
        eprintln!("* not cached: {e}");
    }
    Ok(Obtained {
        cached: matches!(got.source, Source::Cache { .. }),
        response: got.response,
        expires_at: got.expires_at,
        dpop,
    })
}

/// The engine's failure as the error it carries, so that its exit code
/// and `--json` form are the carried error's.
pub(super) fn client_error(e: ClientError) -> anyhow::Error {
    match e {
        ClientError::Tenant(e) => e.into(),
        ClientError::Key(e) => e.into(),
        ClientError::Endpoint(e) => e.into(),
        other => anyhow::Error::new(other),
    }
}

/// The requested scopes an answer's `scope` lacks (RFC 6749 §5.1): Auth0
/// leaves out the scopes the application is not granted without an error.
/// An answer without `scope` grants what was asked (RFC 6749 §5.1).
fn ungranted<'a>(requested: &'a [String], response: &TokenResponse) -> Vec<&'a str> {
    let Some(granted) = &response.scope else {
        return Vec::new();
    };
    let granted: Vec<&str> = auth0_tok::types::split_scopes(granted).collect();
    requested
        .iter()
        .map(String::as_str)
        .filter(|s| !granted.contains(s))
        .collect()
}

/// A note on stderr naming the requested scopes the token lacks. Not with
/// `--json`, whose output carries the answer's `scope` for the script to
/// compare; the token is still printed (a token with fewer scopes may be
/// what the caller can get).
fn note_ungranted(requested: &[String], response: &TokenResponse, ctx: &Context) {
    let missing = ungranted(requested, response);
    if missing.is_empty() || ctx.json {
        return;
    }
    let granted = response.scope.as_deref().unwrap_or_default();
    eprintln!(
        "note: the token lacks requested scope(s) {} (granted: {}): the tenant leaves out scopes the application is not granted for this API, without an error",
        super::output::one_line(&missing.join(" ")),
        if granted.trim().is_empty() {
            "none".into()
        } else {
            super::output::one_line(granted)
        }
    );
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn answer(scope: Option<&str>) -> TokenResponse {
        let mut raw = json!({"access_token": "t", "token_type": "Bearer", "expires_in": 60});
        if let Some(scope) = scope {
            raw["scope"] = json!(scope);
        }
        let Value::Object(raw) = raw else {
            unreachable!()
        };
        TokenResponse::from_answer(raw).unwrap()
    }

    #[test]
    fn the_requested_scopes_an_answer_lacks_are_named() {
        let requested = ["read:a".to_owned(), "write:a".to_owned()];
        assert_eq!(ungranted(&requested, &answer(Some("read:a"))), ["write:a"]);
        assert_eq!(
            ungranted(&requested, &answer(Some(""))),
            ["read:a", "write:a"]
        );
        assert!(ungranted(&requested, &answer(Some("write:a read:a x"))).is_empty());
        // No `scope` in the answer: granted as requested (RFC 6749 §5.1).
        assert!(ungranted(&requested, &answer(None)).is_empty());
        assert!(ungranted(&[], &answer(Some("x"))).is_empty());
    }
}
