//! `probe`'s report: the table (checks not run grouped by reason), the
//! `--json` object, the `--junit FILE` XML, and the report of a baseline
//! the API refused (no verdict can be drawn from it).

use std::io::Write;
use std::path::Path;

use auth0_tok::probe::{self, Check, Expected, Finding, Outcome, Summary, Verdict};
use colored::Colorize;
use serde_json::{Value, json};

use super::ProbeArgs;
use crate::cli::call::{self, Exchange, Target};
use crate::cli::exit::{BaselineFailed, WronglyAccepted};
use crate::cli::output::{one_line, still_open, write_json};
use crate::cli::{Context, Reported, UsageError};

/// A check that was not run, and why.
pub(super) struct Skipped {
    pub check: Check,
    pub why: String,
}

/// Everything the report shows.
pub(super) struct Report {
    pub target: Target,
    pub origin: String,
    pub scheme: &'static str,
    pub baseline_status: u16,
    pub nonce: bool,
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    pub requests: usize,
}

/// Writes the report (`junit` too, when given); an error when a variant
/// was wrongly accepted.
pub(super) fn write(
    report: &Report,
    junit_file: Option<&Path>,
    ctx: &Context,
) -> anyhow::Result<()> {
    if let Some(path) = junit_file {
        std::fs::write(path, junit(report)?)
            .map_err(|e| UsageError(format!("--junit {}: {e}", path.display())))?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    still_open(if ctx.json {
        write_json(&mut out, &to_json(report)).and_then(|()| out.flush())
    } else {
        write_table(&mut out, report).and_then(|()| out.flush())
    })?;
    let accepted = Summary::of(&report.findings).accepted;
    if accepted > 0 {
        return Err(Reported(WronglyAccepted { accepted }.into()).into());
    }
    Ok(())
}

/// The API refused the baseline: its challenges and the SDK's view of the
/// same request, as the error that ends the probe.
pub(super) async fn baseline_failed(
    baseline: &Exchange,
    args: &ProbeArgs,
    route_scopes: Vec<String>,
    ctx: &Context,
) -> anyhow::Error {
    let status = baseline.response.status;
    let policy = call::sdk_policy(ctx, args.credential.audience(), route_scopes);
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
