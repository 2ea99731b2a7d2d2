//! `auth0-tok verify`: is this access token valid for my API?
//!
//! A report (text or `--json`), or with `-q` the exit code alone. A
//! rejection is reported with the check that failed, what the API would
//! answer, and — for the common Auth0 mistakes ([`hints`](super::hints)) —
//! what to fix.
//!
//! This file holds the arguments and the one-shot run, from the cache
//! ([`run_from_cache`]) or through the tenant ([`run`]); the report is
//! `report`'s, `--batch` is `batch`'s, `--id-token` and `--logout-token`
//! are `id_token`'s, `--dpop` is [`decision`](super::decision)'s.

use auth0_tok::tenant::{Cached, VerifyFailure};
use auth0_tok::verify::{
    AccessTokenPolicy, DpopMode, HttpRequest, ScopeSource, VerifiedToken, check_without_proof,
};
use clap::Args;

use super::api::{ApiArgs, Hmac, Keys};
use super::batch::jobs;
use super::decision::{DpopOptions, decide_and_report};
use super::{Context, UsageError, input};
use report::{Explanation, finish};

mod batch;
mod id_token;
mod report;

const EXAMPLES: &str = "\
Examples:
  auth0-tok verify --domain tenant.us.auth0.com --audience https://api.example.com \"$TOKEN\"
  echo \"$TOKEN\" | auth0-tok verify --scope read:messages --json -
  auth0-tok verify --jwks jwks.json --issuer https://tenant.us.auth0.com/ --audience https://api \"$TOKEN\"
  auth0-tok verify --batch < tokens.txt > results.jsonl
  auth0-tok verify -q \"$TOKEN\" && echo valid                 # no report: the exit code alone
  auth0-tok verify --dpop-mode required \"$TOKEN\"     # exit 1: the API wants a proof
  auth0-tok verify --algorithm HS256 --hs256-secret \"$SECRET\" \"$TOKEN\"
  auth0-tok verify --id-token --client-id \"$CLIENT_ID\" --nonce \"$NONCE\" \"$ID_TOKEN\"
  auth0-tok verify --id-token --client-id \"$CLIENT_ID\" --max-age 300 --access-token \"$AT\" \"$ID_TOKEN\"
  auth0-tok verify --logout-token --client-id \"$CLIENT_ID\" \"$LOGOUT_TOKEN\"

--dpop-mode applies with or without --dpop: `required` refuses a token given without a
proof (the API would refuse it); `allowed` (the default) accepts a DPoP-bound token and
says so (JSON: \"dpop_bound\": true, \"jkt\"); `disabled` accepts it as Bearer, as the SDK.
--nonce, --iat-offset, --iat-leeway and --rfc judge the proof, so they need --dpop.
HS256 tokens are accepted only with both --algorithm HS256 and the secret.

--id-token checks an OpenID Connect ID token for the application --client-id (OpenID
Connect Core 1.0 §3.1.3.7: iss, aud contains the client id, azp, RS256 signature, exp, iat,
--nonce, auth_time within --max-age, at_hash against --access-token); --logout-token checks
a back-channel logout token (Back-Channel Logout 1.0 §2.6: events, sub/sid, jti, no nonce,
typ logout+jwt when typed). Neither needs --audience: that is an API's, and an access
token given as ID token is refused as such. --nonce here is the login request's nonce.

A rejection names the failed check and, for the common Auth0 mistakes, a `fix:` line
(JSON: \"fixes\"): an ID token, a token requested without an audience (JWE or opaque),
Auth0's /userinfo audience, a canonical issuer for a custom domain, scopes only in
`permissions`, a clock off from the tenant's, an unknown kid after a refetch.";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct VerifyArgs {
    /// The access token, or `-` to read it from stdin
    #[arg(value_name = "TOKEN|-")]
    token: Option<String>,

    #[command(flatten)]
    pub(super) api: ApiArgs,

    /// A scope the token must grant; repeatable (all are required)
    #[arg(long, value_name = "SCOPE")]
    pub(super) scope: Vec<String>,

    /// Also accept required scopes from Auth0's RBAC `permissions` claim (not with --dpop,
    /// which answers as the API does: `scope` only)
    #[arg(long, conflicts_with = "dpop")]
    permissions: bool,

    /// Verify one token per line from stdin, writing one JSON line per token
    #[arg(long, conflicts_with_all = ["token", "dpop"])]
    batch: bool,

    /// Threads for --batch [default: the number of CPUs]
    #[arg(long, value_name = "N", requires = "batch")]
    jobs: Option<usize>,

    /// A DPoP proof to verify with the token (reported as `request` does)
    #[arg(long, value_name = "PROOF", requires_all = ["htm", "htu"])]
    dpop: Option<String>,

    /// The request method the DPoP proof must be for
    #[arg(long, value_name = "METHOD", requires = "dpop", value_parser = input::http_method)]
    htm: Option<String>,

    /// The request URL the DPoP proof must be for
    #[arg(long, value_name = "URL", requires = "dpop")]
    htu: Option<String>,

    #[command(flatten)]
    dpop_options: DpopOptions,

    /// No report: the exit code alone is the verdict (0 valid, 1 rejected, 3 insufficient
    /// scope); a usage or tenant failure still gets its one line on stderr. Not with --json
    /// or --batch (for a batch, `> /dev/null` keeps its exit code)
    #[arg(short, long, conflicts_with = "batch")]
    quiet: bool,

    /// Verify an OpenID Connect ID token for --client-id instead of an access token
    #[arg(long, conflicts_with_all = ["batch", "dpop", "scope", "permissions", "logout_token"])]
    id_token: bool,

    /// Verify a back-channel logout token for --client-id instead of an access token
    #[arg(long, conflicts_with_all = ["batch", "dpop", "scope", "permissions"])]
    logout_token: bool,

    /// With --id-token or --logout-token: the application the token must be for
    #[arg(long, env = "AUTH0_CLIENT_ID", value_name = "ID")]
    client_id: Option<String>,

    /// With --id-token: the max_age of the login request; auth_time must be no older
    #[arg(long, value_name = "SECS", requires = "id_token")]
    max_age: Option<u64>,

    /// With --id-token: the access token issued with it, to check at_hash
    #[arg(long, value_name = "TOKEN", requires = "id_token")]
    access_token: Option<String>,
}

/// The outcome for one token.
type Outcome = Result<VerifiedToken, VerifyFailure>;

/// Flags that would have no effect are refused, never ignored.
fn check_flags(args: &VerifyArgs, ctx: &Context) -> anyhow::Result<()> {
    if args.quiet && ctx.json {
        return Err(UsageError(
            "--quiet prints nothing and --json prints a JSON report: choose one".into(),
        )
        .into());
    }
    if args.dpop.is_none() {
        if let Some(flag) = args.dpop_options.proof_flags().first() {
            return Err(UsageError(format!(
                "{flag} judges a DPoP proof: give the proof with --dpop (and --htm, --htu)"
            ))
            .into());
        }
    }
    if args.jobs.is_some() && !args.batch {
        return Err(UsageError("--jobs applies to --batch only".into()).into());
    }
    if ctx.settings.typed_on_command_line("client_id") {
        return Err(UsageError(
            "--client-id applies to --id-token and --logout-token: an access token is checked for its API (--audience)".into(),
        )
        .into());
    }
    Ok(())
}

/// `--id-token` or `--logout-token`: a token for an application, not an API.
fn client_token_kind(args: &VerifyArgs) -> Option<id_token::Kind> {
    if args.id_token {
        Some(id_token::Kind::Id)
    } else if args.logout_token {
        Some(id_token::Kind::Logout)
    } else {
        None
    }
}

/// The outcome for a token given without a proof, under `--dpop-mode`
/// (see [`check_without_proof`]).
fn without_proof(outcome: Outcome, mode: DpopMode) -> Outcome {
    let token = outcome?;
    check_without_proof(&token, mode)?;
    Ok(token)
}

pub async fn run(args: VerifyArgs, ctx: &Context) -> anyhow::Result<()> {
    if let Some(kind) = client_token_kind(&args) {
        return id_token::run(&args, kind, ctx).await;
    }
    check_flags(&args, ctx)?;
    let mut policy =
        args.api
            .policy(ctx, &AccessTokenPolicy::DEFAULT_ALGORITHMS, Hmac::WhenNamed)?;
    let keys = args.api.keys(ctx).await?;
    if let Some(proof) = &args.dpop {
        let token = input::token(args.token.as_deref(), "token")?;
        let request = HttpRequest {
            method: args.htm.clone().unwrap_or_default(),
            url: args.htu.clone().unwrap_or_default(),
            headers: vec![
                ("Authorization".into(), format!("DPoP {token}")),
                ("DPoP".into(), proof.clone()),
            ],
        };
        let request_policy = args.dpop_options.policy(policy, input::scopes(&args.scope));
        return decide_and_report(
            &request,
            &request_policy,
            &keys,
            args.dpop_options.rfc,
            args.quiet,
            ctx,
        )
        .await;
    }
    policy = token_rules(policy, &args);
    let mode = args.dpop_options.mode();
    if args.batch {
        return batch::run(&policy, &keys, ctx, jobs(args.jobs), mode).await;
    }
    let token = input::token(args.token.as_deref(), "token")?;
    let outcome = without_proof(keys.verify(&policy, ctx, &token).await, mode);
    let explanation = Explanation::of(&outcome, &token, &policy);
    let clock_offset = match &keys {
        Keys::Tenant(tenants) if explanation.needs_clock() => match policy.precheck(&token) {
            Ok(pre) => tenants.clock_offset(pre.issuer()).await,
            Err(_) => None,
        },
        _ => None,
    };
    let fixes = explanation.fixes(&outcome, clock_offset, &policy, issuer_flag(&args));
    finish(&outcome, &token, mode, args.quiet, ctx, &fixes)
}

/// Whether the issuers came from `--issuer` (else from `--domain`).
fn issuer_flag(args: &VerifyArgs) -> bool {
    !args.api.issuer.is_empty()
}

/// `--scope` and `--permissions`.
fn token_rules(mut policy: AccessTokenPolicy, args: &VerifyArgs) -> AccessTokenPolicy {
    if !args.scope.is_empty() {
        policy = policy.require_scopes(input::scopes(&args.scope));
    }
    if args.permissions {
        policy = policy.with_scope_source(ScopeSource::ScopeOrPermissions);
    }
    policy
}

/// A one-shot `verify TOKEN` decided without the network: the token is
/// refused before its keys are needed, or the tenant's keys are in a fresh
/// cache entry and have its `kid`. `None` when only the tenant can tell
/// (then [`run`] does it all again, asynchronously): a warm-cache run starts
/// no async runtime, no signal handling and no HTTP client.
pub fn run_from_cache(args: &VerifyArgs, ctx: &Context) -> Option<anyhow::Result<()>> {
    if args.batch
        || args.dpop.is_some()
        || args.api.jwks.is_some()
        || client_token_kind(args).is_some()
    {
        return None;
    }
    // A token from stdin can be read only once: that run is left to `run`.
    let token = args.token.as_deref().filter(|t| *t != "-")?;
    if let Err(e) = check_flags(args, ctx) {
        return Some(Err(e));
    }
    let mode = args.dpop_options.mode();
    let prepared = args
        .api
        .policy(ctx, &AccessTokenPolicy::DEFAULT_ALGORITHMS, Hmac::WhenNamed)
        .and_then(|policy| {
            Ok((
                token_rules(policy, args),
                input::token(Some(token), "token")?,
            ))
        });
    let (policy, token) = match prepared {
        Ok(prepared) => prepared,
        Err(e) => return Some(Err(e)),
    };
    let outcome = match policy.precheck(&token) {
        Err(e) => Err(e.into()),
        Ok(pre) => match ctx.tenants().verify_cached(&policy, pre) {
            Cached::Decided(outcome) => outcome.map_err(Into::into),
            Cached::AskTenant(_) => return None,
        },
    };
    let outcome = without_proof(outcome, mode);
    let explanation = Explanation::of(&outcome, &token, &policy);
    if explanation.needs_clock() {
        // Comparing clocks takes the tenant's Date: the async path asks for it.
        return None;
    }
    let fixes = explanation.fixes(&outcome, None, &policy, issuer_flag(args));
    Some(finish(&outcome, &token, mode, args.quiet, ctx, &fixes))
}
