//! `auth0-tok probe`: a conformance probe of a live API endpoint.
//!
//! A good request first (the baseline, sent as `call` sends it); then one
//! variant per check the API must make ([`auth0_tok::probe`] builds them
//! and classifies the answers), sent only to the URL's origin, bounded in
//! count and rate ([`send`]); then a report: a table, `--json`, and
//! `--junit FILE` ([`report`]). With `--tenant mock` the mock tenant's
//! minting endpoint (`POST /test/mint`) also provides correctly signed
//! tokens that must be refused ([`tenant`]).

mod report;
mod send;
mod tenant;

use std::path::PathBuf;

use auth0_tok::keys::SigningKey;
use auth0_tok::probe::{self, Check, Finding, NotPlanned, Plan, ProbeKeys, ProofKey};
use auth0_tok::types::TokenSecret;
use clap::{Args, ValueEnum};

use super::call::{self, Sender, Target};
use super::credential::CredentialArgs;
use super::{Context, UsageError};
use report::{Report, Skipped};
use send::Sent;
use tenant::Substitutes;

const EXAMPLES: &str = "\
Examples:
  auth0-tok probe https://staging.example.com/api/messages --scope read:messages
  auth0-tok probe --dpop --key dpop.pem https://staging.example.com/api/messages
  auth0-tok probe --tenant mock --junit probe.xml http://127.0.0.1:8000/api/private
  auth0-tok probe --json --rate 2 --max-requests 50 https://staging.example.com/api/messages

A good request (the token as `auth0-tok call` gets it) must be accepted first; then
each variant changes one thing — a forged or unsigned token, a proof for another
URL, method or key, an old proof, the bound token as Bearer, a token lacking a
--scope the route requires — and must be refused. With --tenant mock (the API
trusts `auth0-tok mock serve`), correctly signed tokens minted by the mock —
wrong audience, expired, nbf/iat ahead, wrong issuer, no exp/iat, an unpublished
key — must be refused too. Requests go only to the URL's origin (and the tenant,
for tokens), carry no secret but the token under test, and are bounded by
--max-requests and --rate.
Exit: 0 when nothing was wrongly accepted, 1 when something was, 4 when the
baseline or the tenant failed.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TenantKind {
    /// A real Auth0 tenant: client-side variants only
    Auth0,
    /// `auth0-tok mock serve`: also tokens minted to be refused
    Mock,
}

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ProbeArgs {
    /// The endpoint to probe: a route your API protects with Auth0
    #[arg(value_name = "URL")]
    url: String,

    /// The request method
    #[arg(short = 'X', long, default_value = "GET", value_name = "METHOD")]
    method: String,

    /// Use this access token as the baseline instead of getting one (`-` reads stdin)
    #[arg(long, value_name = "TOKEN|-", allow_hyphen_values = true)]
    token: Option<TokenSecret>,

    /// What the API trusts: a real tenant, or `auth0-tok mock serve`
    #[arg(long, value_enum, default_value_t = TenantKind::Auth0)]
    tenant: TenantKind,

    /// At most this many requests per second to the API
    #[arg(long, default_value_t = 10.0, value_name = "N")]
    rate: f64,

    /// At most this many requests to the API in all
    #[arg(long, default_value_t = 100, value_name = "N")]
    max_requests: usize,

    /// Also write the findings as a JUnit XML report (for CI dashboards)
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,

    #[command(flatten)]
    pub credential: CredentialArgs,
}

/// The request to probe: `--method` and the URL, checked.
fn probe_target(args: &ProbeArgs) -> anyhow::Result<Target> {
    if !(args.rate.is_finite() && args.rate > 0.0 && args.rate <= 1000.0) {
        return Err(UsageError(format!(
            "--rate must be between 0 and 1000, got {}",
            args.rate
        ))
        .into());
    }
    if args.max_requests < 2 {
        return Err(UsageError("--max-requests must be at least 2".into()).into());
    }
    let method = args.method.to_ascii_uppercase();
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(UsageError(format!(
            "--method {:?}: expected a method such as GET",
            args.method
        ))
        .into());
    }
    call::check_url(&args.url)?;
    Ok(Target {
        method,
        url: args.url.clone(),
        headers: Vec::new(),
    })
}

/// Why a check the plan leaves out is not run, in the command's words.
fn not_planned(why: NotPlanned) -> &'static str {
    match why {
        NotPlanned::NotFlippable => "the token has no sub, azp or jti to alter",
        NotPlanned::NotDpop => "the baseline is Bearer (--dpop --key K probes DPoP)",
        NotPlanned::NoNonce => "the API asked for no DPoP nonce",
        NotPlanned::NotMock => "needs --tenant mock (an API that trusts `auth0-tok mock serve`)",
        _ => "does not apply to this baseline",
    }
}

pub async fn run(args: ProbeArgs, ctx: &Context) -> anyhow::Result<()> {
    let target = probe_target(&args)?;
    let route_scopes = args.credential.scopes();
    let credential = args.credential.credential(args.token.as_ref(), ctx).await?;
    let http = ctx.http();
    let mut sender = Sender::new(&http, ctx).paced(args.rate);

    // 1. The baseline.
    let baseline = sender.send(&target, &credential, None).await?;
    let status = baseline.response.status;
    if !(200..300).contains(&status) {
        return Err(report::baseline_failed(&baseline, &args, route_scopes, ctx).await);
    }
    let nonce = baseline.nonce_retried || sender.nonce(&target.url).is_some();

    // 2. The variants.
    let token = credential.token.expose().to_owned();
    let mut keys = ProbeKeys {
        attacker: SigningKey::generate_rsa()?,
        other_dpop: SigningKey::generate_p256()?,
        dpop: credential.dpop.as_ref().map(ProofKey::new).transpose()?,
        tenant_key_pem: None,
    };
    let mut skipped = Vec::new();
    match tenant::tenant_key_pem(&token, ctx).await {
        Ok(pem) => keys.tenant_key_pem = Some(pem),
        Err(why) => skipped.push(Skipped {
            check: Check::KeyConfusion,
            why,
        }),
    }
    let mut substitutes = Substitutes::default();
    if route_scopes.is_empty() {
        skipped.push(Skipped {
            check: Check::MissingScope,
            why: "no --scope names a scope the route requires".into(),
        });
    } else {
        match tenant::token_lacking_scope(&args, &route_scopes, &credential, ctx).await {
            Ok(t) => substitutes.missing_scope = Some(t),
            Err(why) => skipped.push(Skipped {
                check: Check::MissingScope,
                why,
            }),
        }
    }
    if args.tenant == TenantKind::Mock {
        substitutes.minted = tenant::mint_all(&token, &credential, ctx).await?;
    }
    let plan = Plan {
        dpop: credential.dpop.is_some(),
        nonce,
        missing_scope: substitutes.missing_scope.is_some(),
        mock: args.tenant == TenantKind::Mock,
        tenant_key: keys.tenant_key_pem.is_some(),
        flippable: probe::flippable(&token),
    };
    // The checks left out whose reason was not given above.
    for check in Check::ALL {
        if skipped.iter().any(|s| s.check == check) {
            continue;
        }
        if let Some(why) = plan.why_not(check) {
            skipped.push(Skipped {
                check,
                why: not_planned(why).into(),
            });
        }
    }
    let mut findings = Vec::new();
    for check in Check::plan(&plan) {
        // A variant takes up to three requests (a replay, a nonce retry).
        if sender.sent + 3 > args.max_requests {
            skipped.push(Skipped {
                check,
                why: format!("--max-requests {} reached", args.max_requests),
            });
            continue;
        }
        let substitute = substitutes.get(check);
        match send::send_variant(&mut sender, check, &target, &token, &keys, substitute).await? {
            Sent::Answered(outcome) => findings.push(Finding {
                check,
                outcome,
                verdict: probe::classify(check, outcome),
            }),
            Sent::NotJudged(why) => skipped.push(Skipped { check, why }),
        }
    }
    skipped.sort_by_key(|s| s.check);

    // 3. The report.
    let report = Report {
        origin: call::origin(&target.url),
        target,
        scheme: if credential.dpop.is_some() {
            "DPoP"
        } else {
            "Bearer"
        },
        baseline_status: status,
        nonce,
        findings,
        skipped,
        requests: sender.sent,
    };
    report::write(&report, args.junit.as_deref(), ctx)
}
