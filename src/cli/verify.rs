//! `auth0-tok verify`: is this access token valid for my API?
//!
//! A report (text or `--json`), or with `-q` the exit code alone. A
//! rejection is reported with the check that failed, what the API would
//! answer, and — for the common Auth0 mistakes ([`hints`]) — what to fix.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use auth0_tok::Issuer;
use auth0_tok::dangerous::decode_unverified;
use auth0_tok::tenant::{TenantError, TenantKeys, VerifyFailure};
use auth0_tok::verify::diagnose::{Mistake, diagnose};
use auth0_tok::verify::{
    AccessTokenPolicy, Binding, DpopMode, HttpRequest, ScopeSource, TokenError, VerifiedToken,
    check_without_proof,
};
use clap::Args;
use colored::Colorize;
use serde_json::{Value, json};

use super::api::{ApiArgs, Hmac, Keys};
use super::batch::{self, Lines};
use super::exit::BatchFailures;
use super::output::{heading, one_line, still_open, write_json, write_object};
use super::request::DpopOptions;
use super::{Context, Reported, UsageError, hints, input};

mod id_token;

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
        return super::request::decide_and_report(
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
        return batch(&policy, &keys, ctx, batch::jobs(args.jobs), mode).await;
    }
    let token = input::token(args.token.as_deref(), "token")?;
    let outcome = without_proof(keys.verify(&policy, ctx, &token).await, mode);
    let mistakes = mistakes(&outcome, &token, &policy);
    let clock_offset = match &keys {
        Keys::Tenant(tenants) if needs_clock(&mistakes) => match policy.precheck(&token) {
            Ok(pre) => tenants.clock_offset(pre.issuer()).await,
            Err(_) => None,
        },
        _ => None,
    };
    let fixes = fixes(&outcome, &mistakes, clock_offset, &policy, &args);
    finish(&outcome, &token, mode, args.quiet, ctx, &fixes)
}

/// The common mistakes behind a rejection (none for anything else).
fn mistakes(outcome: &Outcome, token: &str, policy: &AccessTokenPolicy) -> Vec<Mistake> {
    match outcome {
        Err(VerifyFailure::Rejected(e)) => diagnose(token, e, policy),
        _ => Vec::new(),
    }
}

/// Whether explaining the rejection needs the tenant's clock.
fn needs_clock(mistakes: &[Mistake]) -> bool {
    mistakes
        .iter()
        .any(|m| matches!(m, Mistake::NearClockEdge { .. }))
}

/// The "fix:" lines for a one-shot outcome ([`hints`]).
fn fixes(
    outcome: &Outcome,
    mistakes: &[Mistake],
    clock_offset: Option<i64>,
    policy: &AccessTokenPolicy,
    args: &VerifyArgs,
) -> Vec<String> {
    let options = hints::Options {
        audiences: policy.audiences(),
        issuer_flag: !args.api.issuer.is_empty(),
    };
    match outcome {
        Ok(_) => Vec::new(),
        Err(VerifyFailure::Rejected(e)) => hints::rejection(e, mistakes, clock_offset, &options),
        Err(VerifyFailure::Tenant(e)) => hints::tenant(e).into_iter().collect(),
    }
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
        Ok(pre) => {
            let tenants = ctx.tenants();
            let keys = tenants.cached_keys(pre.issuer())?;
            if pre.kid().is_some_and(|kid| !keys.keys.has_kid(kid)) {
                return None;
            }
            tenants.trace_hit(&keys);
            policy
                .verify_prechecked(pre, &keys.keys, ctx.clock.as_ref())
                .map_err(Into::into)
        }
    };
    let outcome = without_proof(outcome, mode);
    let mistakes = mistakes(&outcome, &token, &policy);
    if needs_clock(&mistakes) {
        // Comparing clocks takes the tenant's Date: the async path asks for it.
        return None;
    }
    let fixes = fixes(&outcome, &mistakes, None, &policy, args);
    Some(finish(&outcome, &token, mode, args.quiet, ctx, &fixes))
}

/// Reports a one-shot outcome, with its `fixes` (nothing with `--quiet`);
/// the verdict becomes the exit code.
fn finish(
    outcome: &Outcome,
    token: &str,
    mode: DpopMode,
    quiet: bool,
    ctx: &Context,
    fixes: &[String],
) -> anyhow::Result<()> {
    // One write for the whole report, not one per line.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // The verdict is the exit code, even when the reader closed the output.
    still_open(if quiet {
        Ok(())
    } else if ctx.json {
        let mut value = outcome_json(outcome);
        if !fixes.is_empty() {
            value["fixes"] = json!(fixes);
        }
        write_json(&mut out, &value).and_then(|()| out.flush())
    } else {
        report(&mut out, outcome, token, mode, ctx, fixes).and_then(|()| out.flush())
    })?;
    match outcome {
        Ok(_) => Ok(()),
        Err(VerifyFailure::Rejected(e)) => Err(Reported(e.clone().into()).into()),
        Err(VerifyFailure::Tenant(e)) if ctx.json => Err(Reported(e.clone().into()).into()),
        Err(VerifyFailure::Tenant(e)) if !fixes.is_empty() => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "auth0-tok: {}", one_line(&e.to_string()));
            let _ = write_fixes(&mut err, fixes);
            Err(Reported(e.clone().into()).into())
        }
        Err(VerifyFailure::Tenant(e)) => Err(e.clone().into()),
    }
}

/// The "fix:" lines of a report, one per fix.
fn write_fixes(out: &mut impl Write, fixes: &[String]) -> std::io::Result<()> {
    for fix in fixes {
        writeln!(out, "  {} {}", "fix:".cyan().bold(), one_line(fix))?;
    }
    Ok(())
}

/// `--batch`: one JSON line per input line, in order. Keys are fetched once
/// per issuer; each chunk of lines is verified on `jobs` threads (the
/// checks are sans-IO), and only tokens that need the tenant (a first
/// sight of an issuer, an unknown kid) go through the async path.
async fn batch(
    policy: &AccessTokenPolicy,
    keys: &Keys,
    ctx: &Context,
    jobs: usize,
    mode: DpopMode,
) -> anyhow::Result<()> {
    input::claim_stdin("--batch")?;
    let stdin = std::io::stdin();
    // Large reads: a batch is often a file of many megabytes.
    // A line longer than a token can be is skipped unread and reported.
    let max_line = auth0_tok::jose::MAX_TOKEN_LEN;
    let mut input = Lines::new(
        std::io::BufReader::with_capacity(1 << 18, stdin.lock()),
        max_line,
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let (mut rejected, mut malformed, mut tenant_failures) = (0u64, 0u64, 0u64);
    let mut learnt = Learnt::default();
    let mut chunk: Vec<batch::Line> = Vec::with_capacity(batch::CHUNK);
    let mut next: Vec<batch::Line> = Vec::with_capacity(batch::CHUNK);
    input.next_chunk(&mut chunk)?;
    'lines: while !chunk.is_empty() {
        // Workers verify and render this chunk while this thread reads the next.
        let (local, read) = batch::parallel_map_while(
            &chunk,
            jobs,
            |line| {
                // Too long, or given with its scheme: the same refusal as `verify TOKEN`.
                let unreadable = line
                    .unreadable(max_line)
                    .or_else(|| input::scheme_prefix(&line.text, "token"));
                if let Some(problem) = unreadable {
                    return Some(Rendered::unreadable(&problem, line.number));
                }
                verify_local(policy, keys, &learnt.known, ctx, &line.text)
                    .map(|o| Rendered::of(&without_proof(o, mode), line.number))
            },
            || input.next_chunk(&mut next),
        );
        let mut local = local;
        // Tokens that need the tenant (an issuer not seen yet, a kid its key
        // set lacks): the first goes through the tenant, which learns the
        // keys; the others are then checked again in parallel with them.
        let pending: Vec<usize> = (0..local.len()).filter(|&i| local[i].is_none()).collect();
        if let Some((&first, rest)) = pending.split_first() {
            let line = &chunk[first];
            local[first] = Some(
                verify_with_tenant(
                    policy,
                    keys,
                    ctx,
                    &line.text,
                    line.number,
                    &mut learnt,
                    mode,
                )
                .await,
            );
            if !rest.is_empty() {
                let (again, ()) = batch::parallel_map_while(
                    rest,
                    jobs,
                    |&i| {
                        let line = &chunk[i];
                        verify_local(policy, keys, &learnt.known, ctx, &line.text)
                            .map(|o| Rendered::of(&without_proof(o, mode), line.number))
                    },
                    || (),
                );
                for (&i, rendered) in rest.iter().zip(again) {
                    local[i] = rendered;
                }
            }
        }
        for (line, rendered) in chunk.iter().zip(local) {
            let rendered = match rendered {
                Some(r) => r,
                None => {
                    verify_with_tenant(
                        policy,
                        keys,
                        ctx,
                        &line.text,
                        line.number,
                        &mut learnt,
                        mode,
                    )
                    .await
                }
            };
            match rendered.failure {
                None => {}
                Some(Failure::Rejected) => rejected += 1,
                Some(Failure::Unreadable) => malformed += 1,
                Some(Failure::Tenant) => tenant_failures += 1,
            }
            if !still_open(out.write_all(&rendered.json))? {
                // The reader is gone: stop, with the verdict of the lines so far.
                break 'lines;
            }
        }
        read?;
        std::mem::swap(&mut chunk, &mut next);
    }
    still_open(out.flush())?;
    if rejected + malformed + tenant_failures > 0 {
        return Err(BatchFailures {
            rejected,
            malformed,
            unchecked: tenant_failures,
        }
        .into());
    }
    Ok(())
}

enum Failure {
    Rejected,
    Unreadable,
    Tenant,
}

/// One `--batch` result, as its JSON line.
struct Rendered {
    failure: Option<Failure>,
    json: Vec<u8>,
}

impl Rendered {
    /// A line that is not a token to check (too long, or with its scheme).
    fn unreadable(problem: &str, line: usize) -> Self {
        let value = json!({
            "valid": false,
            "error": "unreadable_line",
            "error_description": problem,
            "status": null,
            "line": line,
        });
        let mut json = Vec::with_capacity(160);
        write_json(&mut json, &value).expect("writing to memory");
        Rendered {
            failure: Some(Failure::Unreadable),
            json,
        }
    }

    fn of(outcome: &Outcome, line: usize) -> Self {
        let failure = match outcome {
            Ok(_) => None,
            Err(VerifyFailure::Rejected(_)) => Some(Failure::Rejected),
            Err(VerifyFailure::Tenant(_)) => Some(Failure::Tenant),
        };
        let mut json = Vec::with_capacity(160);
        match outcome {
            // The common case, written without building a JSON tree (members
            // in the same sorted order as the tree would give).
            Ok(t) => {
                #[derive(serde::Serialize)]
                struct Valid<'a> {
                    #[serde(skip_serializing_if = "Option::is_none")]
                    dpop_bound: Option<bool>,
                    exp: Option<Member<'a>>,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    jkt: Option<Value>,
                    line: usize,
                    scopes: &'a [String],
                    sub: Option<Member<'a>>,
                    valid: bool,
                }
                /// A claim, serialised without copying a string.
                #[derive(serde::Serialize)]
                #[serde(untagged)]
                enum Member<'a> {
                    Str(&'a str),
                    Other(Cow<'a, Value>),
                }
                let member = |name| match t.claims.get_str(name) {
                    Some(s) => Some(Member::Str(s)),
                    None => t.claims.get(name).map(Member::Other),
                };
                let jkt = binding_json(t);
                let valid = Valid {
                    dpop_bound: jkt.is_some().then_some(true),
                    exp: member("exp"),
                    jkt,
                    line,
                    scopes: &t.scopes,
                    sub: member("sub"),
                    valid: true,
                };
                serde_json::to_writer(&mut json, &valid).expect("writing to memory");
                json.push(b'\n');
            }
            Err(_) => {
                let mut value = outcome_json(outcome);
                value["line"] = json!(line);
                write_json(&mut json, &value).expect("writing to memory");
            }
        }
        Rendered { failure, json }
    }
}

/// What a batch has learnt about its tenants.
#[derive(Default)]
pub(super) struct Learnt {
    /// Each issuer's keys, once fetched.
    pub known: HashMap<Issuer, Arc<TenantKeys>>,
    /// Issuers whose tenant failed during this batch, with the failure.
    pub down: HashMap<Issuer, TenantError>,
}

/// Verifies one token through the tenant (fetching, or refetching on an
/// unknown kid), then keeps the issuer's keys — or its failure — for the
/// lines that follow.
async fn verify_with_tenant(
    policy: &AccessTokenPolicy,
    keys: &Keys,
    ctx: &Context,
    token: &str,
    line: usize,
    learnt: &mut Learnt,
    mode: DpopMode,
) -> Rendered {
    let Learnt {
        known,
        down: tenant_down,
    } = learnt;
    let issuer = policy.precheck(token).ok().map(|p| p.issuer().clone());
    if let Some(e) = issuer.as_ref().and_then(|i| tenant_down.get(i)) {
        // The tenant failed earlier in this batch: asking again would only wait again.
        return Rendered::of(&Err(VerifyFailure::Tenant(e.clone())), line);
    }
    let outcome = keys.verify(policy, ctx, token).await;
    if let (Keys::Tenant(tenants), Some(issuer)) = (keys, issuer) {
        match &outcome {
            Err(VerifyFailure::Tenant(e)) => {
                tenant_down.insert(issuer, e.clone());
            }
            _ => {
                if let Ok(fetched) = tenants.keys(&issuer).await {
                    known.insert(issuer, fetched);
                }
            }
        }
    }
    Rendered::of(&without_proof(outcome, mode), line)
}

/// Verifies one token with the keys at hand; `None` where the tenant must
/// be asked (unseen issuer, unknown kid).
fn verify_local(
    policy: &AccessTokenPolicy,
    keys: &Keys,
    known: &HashMap<Issuer, Arc<TenantKeys>>,
    ctx: &Context,
    token: &str,
) -> Option<Outcome> {
    let pre = match policy.precheck(token) {
        Ok(p) => p,
        Err(e) => return Some(Err(e.into())),
    };
    let set = match keys {
        Keys::Pinned(set) => set,
        Keys::Tenant(_) => &known.get(pre.issuer())?.keys,
    };
    if matches!(keys, Keys::Tenant(_)) && pre.kid().is_some_and(|kid| !set.has_kid(kid)) {
        return None;
    }
    Some(
        policy
            .verify_prechecked(pre, set, ctx.clock.as_ref())
            .map_err(Into::into),
    )
}

/// The token's `cnf.jkt`, when it has one: then the JSON carries
/// `"dpop_bound": true` and `"jkt"` (both absent for an unbound token).
fn binding_json(t: &VerifiedToken) -> Option<Value> {
    match t.binding() {
        Binding::Unbound => None,
        Binding::Jkt(jkt) => Some(Value::String(jkt)),
        Binding::Malformed(found) => Some(found),
    }
}

fn outcome_json(outcome: &Outcome) -> Value {
    match outcome {
        Ok(t) => {
            let mut v = json!({
                "valid": true,
                "header": t.header,
                "claims": t.claims,
                "issuer": t.issuer.as_str(),
                "scopes": t.scopes,
            });
            if let Some(jkt) = binding_json(t) {
                v["dpop_bound"] = json!(true);
                v["jkt"] = jkt;
            }
            v
        }
        Err(VerifyFailure::Rejected(e)) => json!({
            "valid": false,
            "error": e.code().as_str(),
            "error_description": e.to_string(),
            "status": e.status(),
            "sdk_error_description": e.sdk_description(),
            "strict_rule": e.strict_rule(),
        }),
        Err(VerifyFailure::Tenant(e)) => json!({
            "valid": false,
            "error": "tenant_unavailable",
            "error_description": e.to_string(),
            "status": null,
        }),
    }
}

fn report(
    out: &mut impl Write,
    outcome: &Outcome,
    token: &str,
    mode: DpopMode,
    ctx: &Context,
    fixes: &[String],
) -> std::io::Result<()> {
    let now = ctx.clock.now();
    match outcome {
        Ok(t) => {
            let aud = t.claims.get("aud").map(|a| match a.as_ref() {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            writeln!(
                out,
                "{}  {} token from {} for {}",
                "VALID".green().bold(),
                t.alg,
                one_line(t.issuer.as_str()),
                one_line(&aud.unwrap_or_default())
            )?;
            heading(out, "Header")?;
            write_object(out, t.header.object(), now)?;
            heading(out, "Claims")?;
            write_object(out, t.claims.object(), now)?;
            heading(out, "Scopes")?;
            if t.scopes.is_empty() {
                writeln!(out, "  (none)")?;
            }
            for s in &t.scopes {
                writeln!(out, "  {}", one_line(s))?;
            }
            let jkt = match t.binding() {
                Binding::Unbound => None,
                Binding::Jkt(jkt) => Some(one_line(&jkt)),
                Binding::Malformed(found) => Some(one_line(&found.to_string())),
            };
            match (jkt, mode) {
                (None, _) => {}
                (Some(jkt), DpopMode::Disabled) => writeln!(
                    out,
                    "{}  DPoP-bound (cnf.jkt {jkt}), but DPoP is disabled: the API accepts it as Bearer, as the SDK does",
                    "NOTE".yellow(),
                )?,
                (Some(jkt), _) => writeln!(
                    out,
                    "{}  DPoP-bound (cnf.jkt {jkt}): present it with a DPoP proof from that key (as Bearer the API refuses it)",
                    "NOTE".yellow(),
                )?,
            }
        }
        Err(VerifyFailure::Rejected(e)) => {
            writeln!(
                out,
                "{}  {}: {}",
                "INVALID".red().bold(),
                e.code(),
                one_line(&e.to_string())
            )?;
            if let TokenError::UnknownKid {
                refetch_note: Some(note),
                ..
            } = e
            {
                writeln!(out, "  {note}")?;
            }
            writeln!(
                out,
                "  the API answers HTTP {} with error_description {:?}",
                e.status(),
                one_line(&e.sdk_description())
            )?;
            if let Some(rule) = e.strict_rule() {
                writeln!(out, "  strict: {rule}")?;
            }
            write_fixes(out, fixes)?;
            if let Ok(d) = decode_unverified(token) {
                heading(out, "Header (unverified)")?;
                write_object(out, &d.header, now)?;
                heading(out, "Claims (unverified)")?;
                write_object(out, &d.claims, now)?;
            }
        }
        Err(VerifyFailure::Tenant(_)) => {}
    }
    Ok(())
}
