//! `auth0-tok probe`: a conformance probe of a live API endpoint.
//!
//! A good request first (the baseline, sent as `call` sends it); then one
//! variant per check the API must make ([`auth0_tok::probe`] builds them
//! and classifies the answers), sent only to the URL's origin, bounded in
//! count and rate; then a report: a table, `--json`, and `--junit FILE`.
//! With `--tenant mock` the mock tenant's minting endpoint (`POST
//! /test/mint`) also provides correctly signed tokens that must be refused.

use std::io::Write;
use std::path::PathBuf;

use auth0_tok::dangerous::decode_unverified;
use auth0_tok::dpop::new_jti;
use auth0_tok::keys::SigningKey;
use auth0_tok::probe::{
    self, Check, Expected, Finding, Fresh, Outcome, Plan, ProbeKeys, ProofKey, Summary,
    VariantError, Verdict,
};
use auth0_tok::types::TokenSecret;
use clap::{Args, ValueEnum};
use colored::Colorize;
use serde_json::{Value, json};

use super::call::{self, Credential, Exchange, Sender, Target};
use super::exit::{BaselineFailed, WronglyAccepted};
use super::output::{one_line, still_open, write_json};
use super::token::{self, TokenArgs};
use super::{Context, Reported, UsageError};

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
// `token`'s output options mean nothing here: accepted (they are part of
// its flags) but not shown.
#[command(
    mut_arg("format", |a| a.hide(true)),
    mut_arg("htm", |a| a.hide(true)),
    mut_arg("htu", |a| a.hide(true)),
    mut_arg("github_mask", |a| a.hide(true)),
    mut_arg("clear_cache", |a| a.hide(true))
)]
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
    get: TokenArgs,
}

impl ProbeArgs {
    /// The secret-taking options (those of `token`), for resolution before
    /// the command runs.
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut super::input::SecretArg)> {
        self.get.secret_args()
    }
}

/// A check that was not run, and why.
struct Skipped {
    check: Check,
    why: String,
}

/// Everything the report shows.
struct Report {
    target: Target,
    origin: String,
    scheme: &'static str,
    baseline_status: u16,
    nonce: bool,
    findings: Vec<Finding>,
    skipped: Vec<Skipped>,
    requests: usize,
}

pub async fn run(args: ProbeArgs, ctx: &Context) -> anyhow::Result<()> {
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
    let target = Target {
        method,
        url: args.url.clone(),
        headers: Vec::new(),
    };
    let route_scopes = args.get.scopes();
    let credential = call::credential(args.token.as_ref(), &args.get, ctx).await?;
    let http = ctx.http();
    let mut sender = Sender::new(&http, ctx).paced(args.rate);

    // 1. The baseline.
    let baseline = sender.send(&target, &credential, None).await?;
    let status = baseline.response.status;
    if !(200..300).contains(&status) {
        return Err(baseline_failed(&baseline, &args, route_scopes, ctx).await);
    }
    let nonce = baseline.nonce_retried || sender.nonce(&target.url).is_some();

    // 2. The variants.
    let token = credential.token.expose().to_owned();
    let keys = ProbeKeys {
        attacker: SigningKey::generate_rsa()?,
        other_dpop: SigningKey::generate_p256()?,
        dpop: credential.dpop.as_ref().map(ProofKey::new).transpose()?,
        tenant_key_pem: None,
    };
    let mut keys = keys;
    let mut skipped = Vec::new();
    match tenant_key_pem(&token, ctx).await {
        Ok(pem) => keys.tenant_key_pem = Some(pem),
        Err(why) => skipped.push(Skipped {
            check: Check::KeyConfusion,
            why,
        }),
    }
    let mut substitutes = Substitutes::default();
    if !route_scopes.is_empty() {
        match token_lacking_scope(&args, &route_scopes, &credential, ctx).await {
            Ok(t) => substitutes.missing_scope = Some(t),
            Err(why) => skipped.push(Skipped {
                check: Check::MissingScope,
                why,
            }),
        }
    }
    if args.tenant == TenantKind::Mock {
        substitutes.minted = mint_all(&token, &credential, ctx).await?;
    }
    let plan = Plan {
        dpop: credential.dpop.is_some(),
        nonce,
        missing_scope: substitutes.missing_scope.is_some(),
        mock: args.tenant == TenantKind::Mock,
        tenant_key: keys.tenant_key_pem.is_some(),
        flippable: probe::flippable(&token),
    };
    if !plan.flippable {
        skipped.push(Skipped {
            check: Check::PayloadBitFlipped,
            why: "the token has no sub, azp or jti to alter".into(),
        });
    }
    if route_scopes.is_empty() {
        skipped.push(Skipped {
            check: Check::MissingScope,
            why: "no --scope names a scope the route requires".into(),
        });
    }
    let planned = Check::plan(&plan);
    for check in Check::ALL {
        if planned.contains(&check) || skipped.iter().any(|s| s.check == check) {
            continue;
        }
        let why = if check.is_dpop() && !plan.dpop {
            "the baseline is Bearer (--dpop --key K probes DPoP)"
        } else if check.is_dpop() && !plan.nonce {
            "the API asked for no DPoP nonce"
        } else if check.is_minted() {
            "needs --tenant mock (an API that trusts `auth0-tok mock serve`)"
        } else {
            "does not apply to this baseline"
        };
        skipped.push(Skipped {
            check,
            why: why.into(),
        });
    }
    let mut findings = Vec::new();
    for check in planned {
        // A variant takes up to three requests (a replay, a nonce retry).
        if sender.sent + 3 > args.max_requests {
            skipped.push(Skipped {
                check,
                why: format!("--max-requests {} reached", args.max_requests),
            });
            continue;
        }
        let substitute = substitutes.get(check);
        match send_variant(&mut sender, check, &target, &token, &keys, substitute).await? {
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
    if let Some(path) = &args.junit {
        std::fs::write(path, junit(&report)?)
            .map_err(|e| UsageError(format!("--junit {}: {e}", path.display())))?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    still_open(if ctx.json {
        write_json(&mut out, &to_json(&report)).and_then(|()| out.flush())
    } else {
        write_table(&mut out, &report).and_then(|()| out.flush())
    })?;
    let accepted = Summary::of(&report.findings).accepted;
    if accepted > 0 {
        return Err(Reported(WronglyAccepted { accepted }.into()).into());
    }
    Ok(())
}

/// Tokens the tenant provides for some checks.
#[derive(Default)]
struct Substitutes {
    missing_scope: Option<String>,
    minted: Vec<(Check, String)>,
}

impl Substitutes {
    fn get(&self, check: Check) -> Option<&str> {
        if check == Check::MissingScope {
            return self.missing_scope.as_deref();
        }
        self.minted
            .iter()
            .find(|(c, _)| *c == check)
            .map(|(_, t)| t.as_str())
    }
}

async fn baseline_failed(
    baseline: &Exchange,
    args: &ProbeArgs,
    route_scopes: Vec<String>,
    ctx: &Context,
) -> anyhow::Error {
    let status = baseline.response.status;
    let policy = call::sdk_policy(ctx, args.get.audience(), route_scopes);
    let explanation = call::explain_refusal(baseline, policy, ctx).await;
    if !ctx.json {
        call::print_challenges(&explanation);
    }
    if ctx.json {
        let v = json!({
            "baseline": {"status": status, "accepted": false, "explanation": explanation.to_json()},
            "findings": [],
            "summary": null,
        });
        let stdout = std::io::stdout();
        let _ = write_json(&mut stdout.lock(), &v);
    }
    let why = explanation.summary;
    BaselineFailed {
        why: format!(
            "the baseline request got {} (2xx needed), so no verdict can be drawn: {}",
            call::status_line(status),
            one_line(&why)
        ),
        json_reported: ctx.json,
    }
    .into()
}

/// What sending a variant came to.
enum Sent {
    /// The answer that counts.
    Answered(Outcome),
    /// Nothing to judge, and why (a replay whose first sending was refused,
    /// a token variant of a token that is not a JWT).
    NotJudged(String),
}

/// Sends one variant and returns the answer that counts.
async fn send_variant(
    sender: &mut Sender<'_>,
    check: Check,
    target: &Target,
    token: &str,
    keys: &ProbeKeys,
    substitute: Option<&str>,
) -> anyhow::Result<Sent> {
    let fresh = |sender: &Sender<'_>| -> anyhow::Result<Fresh> {
        Ok(Fresh {
            now: sender.ctx.clock.now(),
            jtis: [new_jti()?, new_jti()?],
            nonce: sender.nonce(&target.url),
        })
    };
    let variant_target = probe::Target {
        method: target.method.clone(),
        url: target.url.clone(),
    };
    let nonce_check = matches!(check, Check::DpopNonceMissing | Check::DpopNonceStale);
    let mut retried = false;
    // The API rotated its nonce: the variant is sent again with the new one,
    // once (a nonce refusal says nothing about this check).
    let rotated = |r: &auth0_tok::http::Response, before: &Option<String>| {
        let new_nonce = probe::nonce_challenge(
            r.status,
            r.header("www-authenticate"),
            r.header("dpop-nonce"),
        );
        keys.dpop.is_some() && !nonce_check && new_nonce.is_some() && new_nonce != *before
    };
    loop {
        let request = match probe::build(
            check,
            &variant_target,
            token,
            keys,
            substitute,
            &fresh(sender)?,
        ) {
            Ok(request) => request,
            Err(VariantError::Key(e)) => return Err(e.into()),
            // The variant cannot be made of this baseline (an opaque token).
            Err(e) => return Ok(Sent::NotJudged(e.to_string())),
        };
        let nonce_before = sender.nonce(&target.url);
        let Ok(mut exchange) = sender.raw(target, request.headers.clone(), None).await else {
            return Ok(Sent::Answered(Outcome::NoAnswer));
        };
        if request.repeat {
            let first = &exchange.response;
            if !retried && rotated(first, &nonce_before) {
                retried = true;
                continue;
            }
            if !(200..300).contains(&first.status) {
                return Ok(Sent::NotJudged(format!(
                    "the first sending, a fresh proof, got {} (2xx needed), so a replay proves nothing",
                    first.status
                )));
            }
            let Ok(second) = sender.raw(target, request.headers, None).await else {
                return Ok(Sent::Answered(Outcome::NoAnswer));
            };
            exchange = second;
        } else if !retried && rotated(&exchange.response, &nonce_before) {
            retried = true;
            continue;
        }
        return Ok(Sent::Answered(Outcome::Status(exchange.response.status)));
    }
}

/// The tenant's public key for the token's `kid`, as PEM, or why the
/// key-confusion variant cannot be built.
async fn tenant_key_pem(token: &str, ctx: &Context) -> Result<String, String> {
    let header = decode_unverified(token)
        .map_err(|_| "the token is not a JWT".to_owned())?
        .header;
    let kid = header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or("the token names no kid")?
        .to_owned();
    let issuer = ctx
        .issuer()
        .map_err(|_| "no tenant to read its public key from (--domain)".to_owned())?;
    let keys = ctx
        .tenants()
        .keys(&issuer)
        .await
        .map_err(|e| format!("the tenant's keys could not be read: {e}"))?;
    let key = keys
        .keys
        .keys()
        .iter()
        .find(|k| k.kid() == Some(&kid))
        .ok_or_else(|| format!("{issuer} publishes no key with the token's kid {kid:?}"))?;
    probe::rsa_public_pem(key.jwk())
        .ok_or_else(|| format!("the tenant's key {kid:?} is not an RSA key"))
}

/// A token like the baseline's without the first route scope: minted by the
/// mock, or from the tenant for the other scopes (when the probe gets tokens).
async fn token_lacking_scope(
    args: &ProbeArgs,
    route_scopes: &[String],
    credential: &Credential,
    ctx: &Context,
) -> Result<String, String> {
    let dropped = &route_scopes[0];
    let baseline_scopes: Vec<String> = decode_unverified(credential.token.expose())
        .ok()
        .and_then(|t| t.claims.get("scope")?.as_str().map(str::to_owned))
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty() && *s != dropped)
        .map(str::to_owned)
        .collect();
    let token = if args.tenant == TenantKind::Mock {
        mint(
            ctx,
            json!({"scope": baseline_scopes.join(" ")}),
            credential,
            "tenant",
        )
        .await
        .map_err(|e| format!("{e:#}"))?
    } else if args.token.is_none() {
        let others = if baseline_scopes.is_empty() {
            vec!["openid".to_owned()]
        } else {
            baseline_scopes
        };
        let got = token::obtain(&args.get.with_scopes(others), ctx)
            .await
            .map_err(|e| format!("the tenant gave no token without {dropped}: {e:#}"))?;
        got.response.access_token.expose().to_owned()
    } else {
        return Err(format!(
            "with --token the probe cannot get a token lacking {dropped} (drop --token, or use --tenant mock)"
        ));
    };
    let granted = decode_unverified(&token)
        .ok()
        .and_then(|t| t.claims.get("scope")?.as_str().map(str::to_owned))
        .unwrap_or_default();
    if granted.split(' ').any(|s| s == dropped) {
        return Err(format!(
            "the tenant grants {dropped} even when it is not asked for"
        ));
    }
    Ok(token)
}

/// The minted variants: claim overrides (null removes) and the signing key.
fn mint_requests(now: i64) -> Vec<(Check, Value, &'static str)> {
    vec![
        (
            Check::WrongAudience,
            json!({"aud": "https://auth0-tok-probe.invalid/another-api"}),
            "tenant",
        ),
        (
            Check::Expired,
            json!({"iat": now - 7200, "exp": now - 3600}),
            "tenant",
        ),
        (Check::NbfAhead, json!({"nbf": now + 3600}), "tenant"),
        (Check::IatAhead, json!({"iat": now + 3600}), "tenant"),
        (
            Check::WrongIssuer,
            json!({"iss": "https://auth0-tok-probe.invalid/"}),
            "tenant",
        ),
        (Check::MissingExp, json!({"exp": null}), "tenant"),
        (Check::MissingIat, json!({"iat": null}), "tenant"),
        (Check::UnpublishedKey, json!({}), "unpublished"),
    ]
}

async fn mint_all(
    token: &str,
    credential: &Credential,
    ctx: &Context,
) -> anyhow::Result<Vec<(Check, String)>> {
    let baseline = decode_unverified(token).map_err(|e| {
        UsageError(format!(
            "--tenant mock: the baseline token is not a JWT: {e}"
        ))
    })?;
    let mut out = Vec::new();
    for (check, overrides, key) in mint_requests(ctx.clock.now()) {
        // The baseline's audience and scope, so that only one thing differs.
        let mut claims = json!({});
        for name in ["aud", "scope"] {
            if let Some(v) = baseline.claims.get(name) {
                claims[name] = v.clone();
            }
        }
        for (k, v) in overrides.as_object().expect("object") {
            claims[k] = v.clone();
        }
        out.push((check, mint(ctx, claims, credential, key).await?));
    }
    Ok(out)
}

/// `POST /test/mint` on the mock tenant.
async fn mint(
    ctx: &Context,
    mut claims: Value,
    credential: &Credential,
    key: &str,
) -> anyhow::Result<String> {
    if let Some(dpop) = &credential.dpop {
        if claims.get("cnf").is_none() {
            claims["cnf"] = json!({"jkt": dpop.thumbprint()});
        }
    }
    let issuer = ctx.issuer()?;
    let tenants = ctx.tenants();
    let discovery = tenants.discovery(&issuer).await?;
    let endpoint = discovery
        .token_endpoint
        .unwrap_or_else(|| issuer.join("oauth/token"));
    let url = match endpoint.strip_suffix("oauth/token") {
        Some(base) => format!("{base}test/mint"),
        None => issuer.join("test/mint"),
    };
    let body = serde_json::to_vec(&json!({"claims": claims, "key": key}))?;
    let response = tenants
        .http()
        .request(
            "POST",
            &url,
            vec![("content-type".into(), "application/json".into())],
            Some(body),
            64 * 1024,
        )
        .await?;
    let answer: Option<String> = serde_json::from_slice::<Value>(&response.body)
        .ok()
        .and_then(|v| v.get("access_token")?.as_str().map(str::to_owned));
    match answer {
        Some(t) if response.status == 200 => Ok(t),
        _ => Err(BaselineFailed {
            why: format!(
                "--tenant mock: {url} answered {} ({}); is the tenant `auth0-tok mock serve`?",
                response.status,
                response.snippet()
            ),
            json_reported: false,
        }
        .into()),
    }
}

fn got(outcome: Outcome) -> String {
    match outcome {
        Outcome::Status(s) => s.to_string(),
        Outcome::NoAnswer => "none".into(),
    }
}

fn write_table(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "probe {} {}  ({}{}, baseline {})",
        report.target.method,
        one_line(&report.target.url),
        report.scheme,
        if report.nonce { " with nonce" } else { "" },
        report.baseline_status
    )?;
    writeln!(
        out,
        "{:<30} {:<11} {:<5} verdict",
        "check", "expected", "got"
    )?;
    for f in &report.findings {
        let verdict = match f.verdict {
            Verdict::Rejected => f.verdict.as_str().green(),
            Verdict::Accepted => f.verdict.as_str().red().bold(),
            Verdict::Warning | Verdict::Unexpected => f.verdict.as_str().yellow(),
        };
        writeln!(
            out,
            "{:<30} {:<11} {:<5} {verdict}",
            f.check.name(),
            f.check.expected().to_string(),
            got(f.outcome)
        )?;
    }
    // Checks not run for the same reason share a line.
    let mut reasons: Vec<(&str, Vec<Check>)> = Vec::new();
    for s in &report.skipped {
        match reasons.iter_mut().find(|(why, _)| *why == s.why) {
            Some((_, checks)) => checks.push(s.check),
            None => reasons.push((&s.why, vec![s.check])),
        }
    }
    for (why, checks) in reasons {
        writeln!(
            out,
            "{:<30} {:<11} {:<5} {} {}",
            checks_named(&checks),
            "",
            "",
            "not run:".dimmed(),
            one_line(why)
        )?;
    }
    let sum = Summary::of(&report.findings);
    writeln!(
        out,
        "summary: {} rejected, {} ACCEPTED, {} warning(s), {} unexpected, {} not run; {} request(s) sent to {}",
        sum.rejected,
        sum.accepted,
        sum.warnings,
        sum.unexpected,
        report.skipped.len(),
        report.requests,
        report.origin
    )?;
    for m in probe::missing_checks(&report.findings) {
        writeln!(out, "{} {m}", "missing:".red().bold())?;
    }
    for f in &report.findings {
        if f.verdict == Verdict::Warning {
            writeln!(out, "{} {}", "warning:".yellow(), f.check.missing())?;
        }
    }
    if sum.unexpected > 0 {
        writeln!(
            out,
            "{} {} variant(s) got neither a refusal (400/401/403) nor a 2xx: not counted as safe; look at the API's logs",
            "unexpected:".yellow(),
            sum.unexpected
        )?;
    }
    Ok(())
}

/// A group of checks for one line: their names, or `dpop-* (15 checks)`
/// for more than three of one family (`--json` lists each).
fn checks_named(checks: &[Check]) -> String {
    let family = |c: &Check| c.name().split_once('-').map_or("", |(f, _)| f);
    let first = checks.first().map(family).unwrap_or_default();
    if checks.len() > 3 && checks.iter().all(|c| family(c) == first) {
        format!("{first}-* ({} checks)", checks.len())
    } else {
        let names: Vec<&str> = checks.iter().map(|c| c.name()).collect();
        names.join(", ")
    }
}

fn to_json(report: &Report) -> Value {
    let sum = Summary::of(&report.findings);
    json!({
        "baseline": {
            "method": report.target.method,
            "url": report.target.url,
            "scheme": report.scheme,
            "status": report.baseline_status,
            "nonce": report.nonce,
        },
        "findings": report.findings.iter().map(|f| json!({
            "check": f.check.name(),
            "expected": match f.check.expected() { Expected::Rejected => "rejected", Expected::Forbidden => "forbidden" },
            "status": match f.outcome { Outcome::Status(s) => json!(s), Outcome::NoAnswer => Value::Null },
            "verdict": f.verdict.as_str(),
            "missing": (f.verdict == Verdict::Accepted || f.verdict == Verdict::Warning).then(|| f.check.missing()),
        })).collect::<Vec<_>>(),
        "skipped": report.skipped.iter().map(|s| json!({"check": s.check.name(), "why": s.why})).collect::<Vec<_>>(),
        "summary": {
            "rejected": sum.rejected,
            "accepted": sum.accepted,
            "warnings": sum.warnings,
            "unexpected": sum.unexpected,
            "not_run": report.skipped.len(),
            "requests": report.requests,
            "origin": report.origin,
            "missing": probe::missing_checks(&report.findings),
        },
    })
}

/// The findings as JUnit XML (quick-junit): one test case per check; an
/// accepted variant is a failure, an unexpected answer an error, a check
/// not run is skipped.
fn junit(report: &Report) -> anyhow::Result<String> {
    use quick_junit::{NonSuccessKind, Report as Junit, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new(format!(
        "auth0-tok probe {} {}",
        report.target.method, report.target.url
    ));
    for f in &report.findings {
        let detail = format!("expected {}, got {}", f.check.expected(), got(f.outcome));
        let status = match f.verdict {
            Verdict::Rejected => TestCaseStatus::success(),
            Verdict::Warning => TestCaseStatus::success(),
            Verdict::Accepted => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(format!("ACCEPTED: {}", f.check.missing()))
                    .set_description(detail.clone());
                s
            }
            Verdict::Unexpected => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                s.set_message(format!("unexpected answer: {detail}"));
                s
            }
        };
        let mut case = TestCase::new(f.check.name(), status);
        case.set_classname("auth0-tok.probe");
        if f.verdict == Verdict::Warning {
            case.set_system_out(format!("warning: {} ({detail})", f.check.missing()));
        }
        suite.add_test_case(case);
    }
    for s in &report.skipped {
        let mut status = TestCaseStatus::skipped();
        status.set_message(s.why.clone());
        let mut case = TestCase::new(s.check.name(), status);
        case.set_classname("auth0-tok.probe");
        suite.add_test_case(case);
    }
    let mut junit = Junit::new("auth0-tok probe");
    junit.add_test_suite(suite);
    Ok(junit.to_string()?)
}
