//! The one place errors become exit codes, and the one place a failure is
//! rendered: one line on stderr, and with `--json` also one
//! `{"error","error_description","status"}` object on stdout ([`finish`]).
//!
//! [`EXIT_CODES`] is the one table of codes: `--help` is built from it and a
//! test holds the README's "Exit codes" table to it.

use std::process::ExitCode;

use auth0_tok::TokenError;
use auth0_tok::http::FetchError;
use auth0_tok::oauth::TokenEndpointError;
use auth0_tok::tenant::{TenantError, VerifyFailure};
use auth0_tok::verify::{IdTokenError, LogoutTokenError};
use serde_json::{Value, json};

/// Every exit code and its meaning, in the README's words (markdown: code
/// spans in backticks). `--help` and the README's table are built from, and
/// tested against, this table; a new code is one more row.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (
        0,
        "valid / success (a closed output pipe, as with `| head`, also exits 0 — except for `verify` and `request`, whose verdict decides the exit code whether or not the report was read)",
    ),
    (
        1,
        "rejected: `invalid_token`, `invalid_request`, `invalid_dpop_proof` (for `request`: HTTP 400/401, and the SDK's 500 where it fails on a claim, e.g. a string `exp`; for `call`: the API's 400/401; for `probe`: a variant wrongly accepted)",
    ),
    (2, "usage or local input error"),
    (3, "insufficient scope (for `request`: HTTP 403)"),
    (
        4,
        "tenant or network failure: unreachable, bad discovery or JWKS, an error or malformed answer (for `probe`: also a baseline the API refused)",
    ),
    (
        5,
        "`call`: the API answered another status (3xx, 404, 5xx, …)",
    ),
    (130, "interrupted"),
];

/// The "Exit codes:" section of `--help`, from [`EXIT_CODES`].
pub fn exit_codes_help() -> String {
    let mut help = String::from("Exit codes:");
    for (code, meaning) in EXIT_CODES {
        help.push_str(&format!("\n  {code:<4} {}", meaning.replace('`', "")));
    }
    help
}

/// A mistake in how auth0-tok was called, or in a local file or value.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The command was interrupted (Ctrl-C).
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// An outcome already shown to the user (the VALID/INVALID report); only
/// its exit code remains to be decided.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Reported(pub anyhow::Error);

/// `--batch` finished with some lines rejected, unreadable or not checked.
/// The exit code is the worst: 4 (not checked), else 2 (unreadable), else 1.
#[derive(Debug, thiserror::Error)]
#[error(
    "{rejected} rejected, {malformed} unreadable line(s), {unchecked} not checked (tenant failure)"
)]
pub struct BatchFailures {
    pub rejected: u64,
    pub malformed: u64,
    pub unchecked: u64,
}

/// The API refuses the request with this HTTP status.
#[derive(Debug, thiserror::Error)]
#[error("the API answers HTTP {status}")]
pub struct Refused {
    pub status: u16,
}

/// `call`: the API answered this (non-2xx) status.
#[derive(Debug, thiserror::Error)]
#[error("the API answered HTTP {status}")]
pub struct ApiAnswered {
    pub status: u16,
}

/// `probe`: the API accepted variants it must refuse.
#[derive(Debug, thiserror::Error)]
#[error("the API accepted {accepted} request(s) it must refuse")]
pub struct WronglyAccepted {
    pub accepted: usize,
}

/// `probe`: the good request was not accepted, so no verdict can be drawn.
#[derive(Debug, thiserror::Error)]
#[error("{why}")]
pub struct BaselineFailed {
    pub why: String,
    /// The `--json` report (with the baseline's explanation) is already on
    /// stdout: no second JSON object follows it.
    pub json_reported: bool,
}

/// The exit code for an error.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(Reported(inner)) = cause.downcast_ref::<Reported>() {
            return exit_code(inner);
        }
        if let Some(e) = cause.downcast_ref::<TokenError>() {
            return token_code(e);
        }
        if cause.is::<IdTokenError>() || cause.is::<LogoutTokenError>() {
            return 1;
        }
        if let Some(e) = cause.downcast_ref::<VerifyFailure>() {
            return match e {
                VerifyFailure::Rejected(t) => token_code(t),
                VerifyFailure::Tenant(_) => 4,
            };
        }
        if cause.is::<TenantError>() || cause.is::<FetchError>() || cause.is::<TokenEndpointError>()
        {
            return 4;
        }
        if let Some(r) = cause.downcast_ref::<Refused>() {
            return if r.status == 403 { 3 } else { 1 };
        }
        if let Some(a) = cause.downcast_ref::<ApiAnswered>() {
            return match a.status {
                400 | 401 => 1,
                403 => 3,
                _ => 5,
            };
        }
        if let Some(a) = cause.downcast_ref::<super::mock::AppAnswered>() {
            return if (400..500).contains(&a.status) { 1 } else { 5 };
        }
        if cause.is::<WronglyAccepted>() || cause.is::<super::login::LoginRefused>() {
            return 1;
        }
        if cause.is::<BaselineFailed>() {
            return 4;
        }
        if let Some(b) = cause.downcast_ref::<BatchFailures>() {
            return match (b.unchecked, b.malformed) {
                (0, 0) => 1,
                (0, _) => 2,
                _ => 4,
            };
        }
        if cause.is::<UsageError>() || cause.is::<super::input::CapError>() {
            return 2;
        }
        if cause.is::<Interrupted>() {
            return 130;
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return 0;
            }
        }
    }
    2
}

fn token_code(e: &TokenError) -> u8 {
    if e.status() == 403 { 3 } else { 1 }
}

/// The `--json` form of a failure: `{"error", "error_description",
/// "status"}`. `error` is a stable snake_case code (for a token endpoint's
/// OAuth refusal, the endpoint's own code when it is one), `status` the
/// HTTP status when there is one (else `null`), `error_description` the
/// message also written to stderr.
pub fn failure_json(err: &anyhow::Error) -> Value {
    let (error, status) = error_code(err);
    json!({
        "error": error,
        "error_description": format!("{err:#}"),
        "status": status,
    })
}

/// The code and HTTP status of [`failure_json`].
fn error_code(err: &anyhow::Error) -> (String, Option<u16>) {
    const TENANT: &str = "tenant_unavailable";
    for cause in err.chain() {
        if let Some(Reported(inner)) = cause.downcast_ref::<Reported>() {
            return error_code(inner);
        }
        let rejected = |e: &TokenError| (e.code().as_str().to_owned(), Some(e.status()));
        if let Some(e) = cause.downcast_ref::<TokenError>() {
            return rejected(e);
        }
        // An application's token: no API answers, so no status.
        if cause.is::<IdTokenError>() || cause.is::<LogoutTokenError>() {
            return ("invalid_token".into(), None);
        }
        if let Some(e) = cause.downcast_ref::<VerifyFailure>() {
            return match e {
                VerifyFailure::Rejected(t) => rejected(t),
                VerifyFailure::Tenant(t) => error_code(&anyhow::Error::new(t.clone())),
            };
        }
        if let Some(e) = cause.downcast_ref::<TokenEndpointError>() {
            return match e {
                TokenEndpointError::Refused { status, error, .. } => {
                    // The endpoint's code only when it looks like one: it
                    // comes from the network.
                    let registered = !error.is_empty()
                        && error.len() <= 64
                        && error
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                    let code = if registered {
                        error.clone()
                    } else {
                        "token_endpoint_error".to_owned()
                    };
                    (code, Some(*status))
                }
                TokenEndpointError::NotJson { status, .. }
                | TokenEndpointError::GaveUp { status, .. } => (TENANT.into(), Some(*status)),
                TokenEndpointError::Key(_) => ("key_error".into(), None),
                _ => (TENANT.into(), None),
            };
        }
        if let Some(e) = cause.downcast_ref::<TenantError>() {
            let status = match e {
                TenantError::Status { status, .. } => Some(*status),
                _ => None,
            };
            return (TENANT.into(), status);
        }
        if cause.is::<FetchError>() {
            return (TENANT.into(), None);
        }
        if let Some(r) = cause.downcast_ref::<Refused>() {
            return ("api_refused".into(), Some(r.status));
        }
        if cause.is::<BatchFailures>() {
            return ("batch_failures".into(), None);
        }
        if cause.is::<UsageError>() || cause.is::<super::input::CapError>() {
            return ("usage_error".into(), None);
        }
        if cause.is::<Interrupted>() {
            return ("interrupted".into(), None);
        }
    }
    ("error".into(), None)
}

/// Converts a command's result to the process exit code, printing the error
/// (unless already reported): one line on stderr, and with `json` also
/// [`failure_json`] on stdout.
pub fn finish(result: anyhow::Result<()>, json: bool) -> ExitCode {
    let Err(err) = result else {
        return ExitCode::SUCCESS;
    };
    let code = exit_code(&err);
    if code != 0 && !err.is::<Reported>() {
        if !err.is::<Interrupted>() {
            // One line, whatever the error quotes from outside.
            let text = format!("{err:#}{}", flag_hint(&err).unwrap_or_default());
            eprintln!("auth0-tok: {}", super::output::one_line(&text));
        }
        // A batch's lines already said, one by one, what failed; a probe's
        // report already holds its failed baseline.
        let reported_in_json = err.chain().any(|c| {
            c.is::<BatchFailures>()
                || c.downcast_ref::<BaselineFailed>()
                    .is_some_and(|b| b.json_reported)
        });
        if json && !reported_in_json {
            print_json(&failure_json(&err));
        }
    }
    ExitCode::from(code)
}

/// A command line clap refused (exit 2), or help and version (exit 0):
/// clap's message on stderr (help and version on stdout), and with `json`
/// a `usage_error` object on stdout for a refusal.
pub fn finish_parse(error: &clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    let _ = error.print();
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        return ExitCode::SUCCESS;
    }
    if json {
        let rendered = error.render().to_string();
        let description = match error.kind() {
            // What clap printed is the help.
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                "a command or argument is missing (see --help)"
            }
            _ => {
                let first = rendered.lines().next().unwrap_or_default();
                first.strip_prefix("error: ").unwrap_or(first)
            }
        };
        print_json(&json!({
            "error": "usage_error",
            "error_description": description,
            "status": null,
        }));
    }
    ExitCode::from(2)
}

fn print_json(value: &Value) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // The exit code still tells the failure when stdout is gone.
    let _ = super::output::write_json(&mut out, value).and_then(|()| out.flush());
}

/// The option that governs the check an error names, said after the error:
/// the library reports with data and never names a flag. Only for a root
/// cause, whose text ends the line.
fn flag_hint(err: &anyhow::Error) -> Option<&'static str> {
    let root = err.root_cause();
    let fetch = root.downcast_ref::<FetchError>().or_else(|| {
        let tenant = root.downcast_ref::<TenantError>().or_else(|| {
            match root.downcast_ref::<VerifyFailure>()? {
                VerifyFailure::Tenant(t) => Some(t),
                VerifyFailure::Rejected(_) => None,
            }
        });
        match tenant {
            Some(TenantError::Fetch(f)) => Some(f),
            Some(_) => None,
            None => match root.downcast_ref::<TokenEndpointError>()? {
                TokenEndpointError::Fetch(f) => Some(f),
                _ => None,
            },
        }
    });
    if let Some(FetchError::Timeout { .. }) = fetch {
        return Some(" (--timeout)");
    }
    match root.downcast_ref::<TokenEndpointError>()? {
        TokenEndpointError::Refused { description, .. }
            if description.starts_with("Service not found") =>
        {
            Some(" (--audience)")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's "Exit codes" table, row by row, as (code, meaning) with
    /// `\|` unescaped.
    fn readme_exit_codes() -> Vec<(u8, String)> {
        let readme = include_str!("../../README.md");
        let section = readme
            .split("\n## Exit codes\n")
            .nth(1)
            .expect("README has an \"## Exit codes\" section");
        section
            .lines()
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .skip(2) // the header and the |---| line
            .map(|row| {
                let row = row.replace("\\|", "\u{0}");
                let cells: Vec<&str> = row.split('|').map(str::trim).collect();
                assert_eq!(cells.len(), 4, "README row {row:?}: | code | meaning |");
                let code = cells[1].parse().expect("a numeric exit code");
                (code, cells[2].replace('\u{0}', "|"))
            })
            .collect()
    }

    #[test]
    fn the_readme_exit_code_table_is_the_one_in_code() {
        let code: Vec<(u8, String)> = EXIT_CODES
            .iter()
            .map(|(c, m)| (*c, (*m).to_owned()))
            .collect();
        assert_eq!(readme_exit_codes(), code);
    }

    #[test]
    fn help_lists_every_exit_code_without_markdown() {
        let help = exit_codes_help();
        assert!(help.starts_with("Exit codes:\n"));
        assert_eq!(help.lines().count(), EXIT_CODES.len() + 1);
        assert!(help.contains("\n  130  interrupted"), "{help}");
        assert!(help.contains("\n  3    insufficient scope (for request: HTTP 403)"));
        assert!(!help.contains('`'));
    }

    #[test]
    fn failures_render_as_one_json_object_with_a_stable_code() {
        let refused = |error: &str| TokenEndpointError::Refused {
            url: "https://t/oauth/token".into(),
            status: 401,
            error: error.into(),
            description: "Unauthorized".into(),
            nonce: None,
        };
        let v = failure_json(&anyhow::Error::new(refused("access_denied")));
        assert_eq!(v["error"], "access_denied");
        assert_eq!(v["status"], 401);
        assert!(
            v["error_description"]
                .as_str()
                .unwrap()
                .contains("Unauthorized")
        );
        // A code from the network that is not one is not passed on.
        let v = failure_json(&anyhow::Error::new(refused("Bad \u{1b}[31m")));
        assert_eq!(v["error"], "token_endpoint_error");
        let scope = TokenError::InsufficientScope {
            missing: vec!["a".into()],
            granted: vec![],
        };
        let v = failure_json(&anyhow::Error::new(Reported(scope.into())));
        assert_eq!(
            (v["error"].as_str(), v["status"].as_u64()),
            (Some("insufficient_scope"), Some(403))
        );
        let tenant = TenantError::Status {
            url: "u".into(),
            status: 503,
            snippet: String::new(),
        };
        let v = failure_json(&anyhow::Error::new(tenant).context("fetching keys"));
        assert_eq!(
            (v["error"].as_str(), v["status"].as_u64()),
            (Some("tenant_unavailable"), Some(503))
        );
        let v = failure_json(&anyhow::Error::new(UsageError("no tenant".into())));
        assert_eq!(
            v,
            json!({"error": "usage_error", "error_description": "no tenant", "status": null})
        );
        assert_eq!(failure_json(&anyhow::anyhow!("other"))["error"], "error");
    }

    #[test]
    fn a_timeout_names_the_option_that_sets_it() {
        let timeout = FetchError::Timeout {
            url: "https://t/".into(),
            seconds: 1,
        };
        let hint = |e: anyhow::Error| flag_hint(&e);
        assert_eq!(hint(timeout.clone().into()), Some(" (--timeout)"));
        let tenant = TenantError::Fetch(timeout.clone());
        assert_eq!(hint(tenant.clone().into()), Some(" (--timeout)"));
        let failure = VerifyFailure::Tenant(tenant);
        assert_eq!(
            hint(anyhow::Error::new(failure).context("verifying")),
            Some(" (--timeout)")
        );
        let endpoint = TokenEndpointError::Fetch(timeout);
        assert_eq!(hint(endpoint.into()), Some(" (--timeout)"));
        let refused = FetchError::Connect {
            url: "https://t/".into(),
            reason: "refused".into(),
        };
        assert_eq!(hint(refused.into()), None);
    }

    #[test]
    fn each_failure_kind_has_its_code() {
        let expired = TokenError::Expired { exp: 1, ago: 2 };
        assert_eq!(exit_code(&anyhow::Error::new(expired.clone())), 1);
        let scope = TokenError::InsufficientScope {
            missing: vec!["a".into()],
            granted: vec![],
        };
        assert_eq!(exit_code(&anyhow::Error::new(scope)), 3);
        let tenant = TenantError::Status {
            url: "u".into(),
            status: 500,
            snippet: String::new(),
        };
        assert_eq!(
            exit_code(&anyhow::Error::new(VerifyFailure::Tenant(tenant))),
            4
        );
        assert_eq!(exit_code(&anyhow::Error::new(UsageError("x".into()))), 2);
        assert_eq!(exit_code(&anyhow::Error::new(Interrupted)), 130);
        let api = |status| exit_code(&anyhow::Error::new(Reported(ApiAnswered { status }.into())));
        assert_eq!((api(401), api(400), api(403)), (1, 1, 3));
        assert_eq!((api(404), api(500), api(302)), (5, 5, 5));
        assert_eq!(
            exit_code(&anyhow::Error::new(WronglyAccepted { accepted: 2 })),
            1
        );
        assert_eq!(
            exit_code(&anyhow::Error::new(BaselineFailed {
                why: "x".into(),
                json_reported: false
            })),
            4
        );
        let id = || anyhow::Error::new(Reported(IdTokenError::MissingNonce.into()));
        assert_eq!(exit_code(&id()), 1);
        assert_eq!(failure_json(&id())["error"], "invalid_token");
        let logout = LogoutTokenError::MissingJti;
        assert_eq!(exit_code(&anyhow::Error::new(logout)), 1);
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert_eq!(exit_code(&anyhow::Error::new(pipe).context("writing")), 0);
        assert_eq!(
            exit_code(&anyhow::Error::new(Reported(anyhow::Error::new(expired)))),
            1
        );
    }
}
