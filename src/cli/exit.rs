//! The one place errors become exit codes.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | valid / success (also: output closed early, a broken pipe — except that `verify` and `request` keep their verdict) |
//! | 1 | rejected: invalid_token, invalid_request, invalid_dpop_proof |
//! | 2 | usage or local input error |
//! | 3 | insufficient scope |
//! | 4 | tenant or network failure, malformed server answer (for `probe`: also a baseline the API refused) |
//! | 5 | `call`: the API answered a status other than 2xx, 400, 401, 403 |
//! | 130 | interrupted |

use std::process::ExitCode;

use auth0_tok::TokenError;
use auth0_tok::http::FetchError;
use auth0_tok::oauth::TokenEndpointError;
use auth0_tok::tenant::{TenantError, VerifyFailure};

/// Exit codes, as documented in `--help` and the README.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    valid / success
  1    rejected (invalid_token, invalid_request, invalid_dpop_proof)
  2    usage or local input error
  3    insufficient scope
  4    tenant or network failure (unreachable, bad discovery/JWKS, error or malformed answer)
  5    call: the API answered another status (3xx, 404, 5xx, …)
  130  interrupted";

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
#[error("{0}")]
pub struct BaselineFailed(pub String);

/// The exit code for an error.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(Reported(inner)) = cause.downcast_ref::<Reported>() {
            return exit_code(inner);
        }
        if let Some(e) = cause.downcast_ref::<TokenError>() {
            return token_code(e);
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
        if cause.is::<WronglyAccepted>() {
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

/// Converts a command's result to the process exit code, printing the error
/// (unless already reported).
pub fn finish(result: anyhow::Result<()>) -> ExitCode {
    let Err(err) = result else {
        return ExitCode::SUCCESS;
    };
    let code = exit_code(&err);
    if code != 0 && !err.is::<Reported>() && !err.is::<Interrupted>() {
        // One line, whatever the error quotes from outside.
        let text = format!("{err:#}{}", flag_hint(&err).unwrap_or_default());
        eprintln!("auth0-tok: {}", super::output::one_line(&text));
    }
    ExitCode::from(code)
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
            exit_code(&anyhow::Error::new(BaselineFailed("x".into()))),
            4
        );
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert_eq!(exit_code(&anyhow::Error::new(pipe).context("writing")), 0);
        assert_eq!(
            exit_code(&anyhow::Error::new(Reported(anyhow::Error::new(expired)))),
            1
        );
    }
}
