//! `auth0-tok verify`: is this access token valid for my API?

use std::io::{BufRead, Write};

use anyhow::Context as _;
use auth0_tok::dangerous::decode_unverified;
use auth0_tok::jose::Algorithm;
use auth0_tok::jwk::JwkSet;
use auth0_tok::tenant::VerifyFailure;
use auth0_tok::types::HmacSecret;
use auth0_tok::verify::{AccessTokenPolicy, ScopeSource, TokenError, VerifiedToken};
use auth0_tok::{Issuer, jwks};
use clap::Args;
use colored::Colorize;
use serde_json::{Value, json};

use super::exit::BatchFailures;
use super::output::{heading, one_line, write_json, write_object};
use super::{Context, Reported, UsageError, input};

const EXAMPLES: &str = "\
Examples:
  auth0-tok verify --domain tenant.us.auth0.com --audience https://api.example.com \"$TOKEN\"
  echo \"$TOKEN\" | auth0-tok verify --scope read:messages --json -
  auth0-tok verify --jwks jwks.json --issuer https://tenant.us.auth0.com/ --audience https://api \"$TOKEN\"
  auth0-tok verify --batch < tokens.txt > results.jsonl";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct VerifyArgs {
    /// The access token, or `-` to read it from stdin
    #[arg(value_name = "TOKEN|-")]
    token: Option<String>,

    /// The API identifier the token must be for; repeat to accept any of several
    #[arg(
        long,
        env = "AUTH0_AUDIENCE",
        value_delimiter = ',',
        value_name = "AUDIENCE"
    )]
    pub(super) audience: Vec<String>,

    /// Expected issuer, overriding the one derived from --domain; repeatable
    #[arg(long, value_name = "URL")]
    issuer: Vec<String>,

    /// Verify against this key set (a JWKS file, or an https URL) instead of the tenant's
    #[arg(long, value_name = "FILE|URL")]
    jwks: Option<String>,

    /// A scope the token must grant; repeatable (all are required)
    #[arg(long, value_name = "SCOPE")]
    pub(super) scope: Vec<String>,

    /// Also accept required scopes from Auth0's RBAC `permissions` claim
    #[arg(long)]
    permissions: bool,

    /// Seconds of clock skew tolerated for exp and nbf
    #[arg(long, default_value_t = 0, value_name = "SECS")]
    leeway: u64,

    /// Allowed signing algorithm; repeatable [default: RS256, PS256]
    #[arg(long = "algorithm", value_name = "ALG")]
    algorithms: Vec<String>,

    /// Accept HS256 tokens signed with this secret (APIs using HS256 signing)
    #[arg(
        long,
        env = "AUTH0_HS256_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    hs256_secret: Option<HmacSecret>,

    /// Verify one token per line from stdin, writing one JSON line per token
    #[arg(long, conflicts_with = "token")]
    batch: bool,
}

/// Where verification keys come from.
enum Keys {
    /// The tenants' discovery + JWKS (cached).
    Tenant(auth0_tok::tenant::Tenants),
    /// A pinned key set (`--jwks`).
    Pinned(JwkSet),
}

/// The outcome for one token.
type Outcome = Result<VerifiedToken, VerifyFailure>;

pub async fn run(args: VerifyArgs, ctx: &Context) -> anyhow::Result<()> {
    let policy = policy(&args, ctx)?;
    let keys = match &args.jwks {
        None => Keys::Tenant(ctx.tenants()),
        Some(source) if source.starts_with("https://") || source.starts_with("http://") => {
            let fetched = jwks::fetch(&ctx.http(), source).await?;
            Keys::Pinned(fetched.keys)
        }
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| UsageError(format!("--jwks {path}: {e}")))?;
            let (set, _) =
                jwks::parse(path, &bytes).map_err(|e| UsageError(format!("--jwks: {e}")))?;
            Keys::Pinned(set)
        }
    };
    if args.batch {
        return batch(&policy, &keys, ctx).await;
    }
    let token = input::token(args.token.as_deref(), "token")?;
    let outcome = verify_one(&policy, &keys, ctx, &token).await;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if ctx.json {
        write_json(&mut out, &outcome_json(&outcome, false))?;
    } else {
        report(&mut out, &outcome, &token, ctx)?;
    }
    out.flush()?;
    match outcome {
        Ok(_) => Ok(()),
        Err(VerifyFailure::Rejected(e)) => Err(Reported(e.into()).into()),
        Err(VerifyFailure::Tenant(e)) if ctx.json => Err(Reported(e.into()).into()),
        Err(VerifyFailure::Tenant(e)) => Err(e.into()),
    }
}

fn policy(args: &VerifyArgs, ctx: &Context) -> anyhow::Result<AccessTokenPolicy> {
    let issuers = if args.issuer.is_empty() {
        ctx.issuers()?
    } else {
        args.issuer
            .iter()
            .map(|i| Issuer::from_domain(i).map_err(|e| UsageError(format!("--issuer: {e}"))))
            .collect::<Result<Vec<_>, _>>()?
    };
    let audiences: Vec<String> = args
        .audience
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    if audiences.is_empty() {
        return Err(UsageError(
            "no audience: pass --audience https://your-api or set AUTH0_AUDIENCE".into(),
        )
        .into());
    }
    let mut policy = AccessTokenPolicy::new(issuers, audiences).with_leeway(args.leeway);
    if !args.algorithms.is_empty() {
        let mut algs = Vec::new();
        for name in &args.algorithms {
            let alg: Algorithm = name.parse().map_err(|_| {
                UsageError(format!(
                    "--algorithm {name:?}: expected one of {}",
                    Algorithm::ALL.map(|a| a.as_str()).join(", ")
                ))
            })?;
            algs.push(alg);
        }
        policy = policy.with_algorithms(algs);
    }
    if let Some(secret) = &args.hs256_secret {
        if secret.expose().is_empty() {
            return Err(UsageError("--hs256-secret is empty".into()).into());
        }
        policy = policy.with_hmac_secret(secret.clone());
    }
    if !args.scope.is_empty() {
        let scopes = args
            .scope
            .iter()
            .flat_map(|s| s.split(' '))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        policy = policy.require_scopes(scopes);
    }
    if args.permissions {
        policy = policy.with_scope_source(ScopeSource::ScopeOrPermissions);
    }
    Ok(policy)
}

async fn verify_one(
    policy: &AccessTokenPolicy,
    keys: &Keys,
    ctx: &Context,
    token: &str,
) -> Outcome {
    match keys {
        Keys::Tenant(tenants) => tenants.verify(policy, token).await,
        Keys::Pinned(set) => policy
            .verify(token, set, ctx.clock.as_ref())
            .map_err(Into::into),
    }
}

/// `--batch`: one JSON line per input line, in order, keys fetched once.
async fn batch(policy: &AccessTokenPolicy, keys: &Keys, ctx: &Context) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut rejected, mut tenant_failures) = (0u64, 0u64);
    for (index, line) in stdin.lock().lines().enumerate() {
        let line = line.context("reading stdin")?;
        let token = line.trim();
        if token.is_empty() {
            continue;
        }
        let outcome = verify_one(policy, keys, ctx, token).await;
        match &outcome {
            Ok(_) => {}
            Err(VerifyFailure::Rejected(_)) => rejected += 1,
            Err(VerifyFailure::Tenant(_)) => tenant_failures += 1,
        }
        let mut value = outcome_json(&outcome, true);
        value["line"] = json!(index + 1);
        write_json(&mut out, &value)?;
    }
    out.flush()?;
    if rejected + tenant_failures > 0 {
        return Err(BatchFailures {
            rejected,
            unchecked: tenant_failures,
        }
        .into());
    }
    Ok(())
}

fn outcome_json(outcome: &Outcome, compact: bool) -> Value {
    match outcome {
        Ok(t) if compact => {
            json!({"valid": true, "sub": t.claims.get("sub"), "exp": t.claims.get("exp"), "scopes": t.scopes})
        }
        Ok(t) => json!({
            "valid": true,
            "header": t.header,
            "claims": t.claims,
            "issuer": t.issuer.as_str(),
            "scopes": t.scopes,
        }),
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
    ctx: &Context,
) -> std::io::Result<()> {
    let now = ctx.clock.now();
    match outcome {
        Ok(t) => {
            let aud = t.claims.get("aud").map(|a| match a {
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
            write_object(out, &t.header, now)?;
            heading(out, "Claims")?;
            write_object(out, &t.claims, now)?;
            heading(out, "Scopes")?;
            if t.scopes.is_empty() {
                writeln!(out, "  (none)")?;
            }
            for s in &t.scopes {
                writeln!(out, "  {}", one_line(s))?;
            }
            if let Some(jkt) = &t.bound_jkt {
                writeln!(
                    out,
                    "{}  DPoP-bound (cnf.jkt {}): present it with a DPoP proof from that key",
                    "NOTE".yellow(),
                    one_line(jkt)
                )?;
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
