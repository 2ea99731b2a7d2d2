//! The one-shot report of `verify`: text, `--json`, or nothing (`-q`), in
//! one write; the verdict becomes the exit code. A rejection is explained:
//! the check that failed, what the API would answer, the "fix:" lines
//! ([`hints`]) for the common mistakes [`diagnose`] recognises.

use std::io::Write;

use auth0_tok::clock::UnixTime;
use auth0_tok::dangerous::decode_unverified;
use auth0_tok::jose::Object;
use auth0_tok::tenant::VerifyFailure;
use auth0_tok::verify::diagnose::{Mistake, diagnose};
use auth0_tok::verify::{AccessTokenPolicy, Binding, DpopMode, TokenError, VerifiedToken};
use colored::Colorize;
use serde_json::{Value, json};

use super::super::output::{heading, one_line, still_open, write_json, write_object};
use super::super::{Context, Reported, hints};
use super::Outcome;

/// Why a rejection happened and what to do about it.
pub(super) struct Explanation {
    mistakes: Vec<Mistake>,
}

impl Explanation {
    /// The common mistakes behind a rejection (none for anything else).
    pub(super) fn of(outcome: &Outcome, token: &str, policy: &AccessTokenPolicy) -> Self {
        let mistakes = match outcome {
            Err(VerifyFailure::Rejected(e)) => diagnose(token, e, policy),
            _ => Vec::new(),
        };
        Explanation { mistakes }
    }

    /// Whether explaining the rejection needs the tenant's clock.
    pub(super) fn needs_clock(&self) -> bool {
        self.mistakes
            .iter()
            .any(|m| matches!(m, Mistake::NearClockEdge { .. }))
    }

    /// The "fix:" lines for the outcome ([`hints`]); `clock_offset` is how
    /// far the local clock is ahead of the tenant's, when known;
    /// `issuer_flag` whether the issuers came from `--issuer`.
    pub(super) fn fixes(
        &self,
        outcome: &Outcome,
        clock_offset: Option<i64>,
        policy: &AccessTokenPolicy,
        issuer_flag: bool,
    ) -> Vec<String> {
        let options = hints::Options {
            audiences: policy.audiences(),
            issuer_flag,
        };
        match outcome {
            Ok(_) => Vec::new(),
            Err(VerifyFailure::Rejected(e)) => {
                hints::rejection(e, &self.mistakes, clock_offset, &options)
            }
            Err(VerifyFailure::Tenant(e)) => hints::tenant(e).into_iter().collect(),
        }
    }
}

/// Prints a one-shot report in one write: nothing with `--quiet`, `json()`
/// with `--json`, else `text`. A closed output is no failure: the verdict
/// is the exit code.
pub(super) fn print<J, T>(quiet: bool, ctx: &Context, json: J, text: T) -> anyhow::Result<()>
where
    J: FnOnce() -> Value,
    T: FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
{
    if quiet {
        return Ok(());
    }
    // One write for the whole report, not one per line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if ctx.json {
        write_json(&mut out, &json())
    } else {
        text(&mut out)
    };
    still_open(written.and_then(|()| out.flush()))?;
    Ok(())
}

/// Reports a one-shot outcome, with its `fixes` (nothing with `--quiet`);
/// the verdict becomes the exit code.
pub(super) fn finish(
    outcome: &Outcome,
    token: &str,
    mode: DpopMode,
    quiet: bool,
    ctx: &Context,
    fixes: &[String],
) -> anyhow::Result<()> {
    let json = || {
        let mut value = outcome_json(outcome);
        if !fixes.is_empty() {
            value["fixes"] = json!(fixes);
        }
        value
    };
    let now = ctx.clock.now();
    print(quiet, ctx, json, |out| match outcome {
        Ok(t) => write_valid(out, t, mode, now),
        Err(VerifyFailure::Rejected(e)) => write_rejected(out, e, token, fixes, now),
        Err(VerifyFailure::Tenant(_)) => Ok(()),
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
pub(super) fn write_fixes(out: &mut impl Write, fixes: &[String]) -> std::io::Result<()> {
    for fix in fixes {
        writeln!(out, "  {} {}", "fix:".cyan().bold(), one_line(fix))?;
    }
    Ok(())
}

/// A verified token's header and claims.
pub(super) fn write_parts(
    out: &mut impl Write,
    header: &Object,
    claims: &Object,
    now: UnixTime,
) -> std::io::Result<()> {
    heading(out, "Header")?;
    write_object(out, header, now)?;
    heading(out, "Claims")?;
    write_object(out, claims, now)
}

/// A rejected token's header and claims as it carries them, when it
/// decodes at all.
pub(super) fn write_unverified(
    out: &mut impl Write,
    token: &str,
    now: UnixTime,
) -> std::io::Result<()> {
    if let Ok(d) = decode_unverified(token) {
        heading(out, "Header (unverified)")?;
        write_object(out, &d.header, now)?;
        heading(out, "Claims (unverified)")?;
        write_object(out, &d.claims, now)?;
    }
    Ok(())
}

/// The token's `cnf.jkt`, when it has one: then the JSON carries
/// `"dpop_bound": true` and `"jkt"` (both absent for an unbound token).
pub(super) fn binding_json(t: &VerifiedToken) -> Option<Value> {
    match t.binding() {
        Binding::Unbound => None,
        Binding::Jkt(jkt) => Some(Value::String(jkt)),
        Binding::Malformed(found) => Some(found),
    }
}

/// The `--json` report of an outcome (a `--batch` line's, for a rejection).
pub(super) fn outcome_json(outcome: &Outcome) -> Value {
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

fn write_valid(
    out: &mut impl Write,
    t: &VerifiedToken,
    mode: DpopMode,
    now: UnixTime,
) -> std::io::Result<()> {
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
    write_parts(out, t.header.object(), t.claims.object(), now)?;
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
        (None, _) => Ok(()),
        (Some(jkt), DpopMode::Disabled) => writeln!(
            out,
            "{}  DPoP-bound (cnf.jkt {jkt}), but DPoP is disabled: the API accepts it as Bearer, as the SDK does",
            "NOTE".yellow(),
        ),
        (Some(jkt), _) => writeln!(
            out,
            "{}  DPoP-bound (cnf.jkt {jkt}): present it with a DPoP proof from that key (as Bearer the API refuses it)",
            "NOTE".yellow(),
        ),
    }
}

fn write_rejected(
    out: &mut impl Write,
    e: &TokenError,
    token: &str,
    fixes: &[String],
    now: UnixTime,
) -> std::io::Result<()> {
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
    write_unverified(out, token, now)
}
