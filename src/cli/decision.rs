//! What the API answers to an HTTP request, for `request` and for
//! `verify --dpop`: the API's DPoP settings (`--dpop-mode`, `--nonce`,
//! `--iat-offset`, `--iat-leeway`, `--rfc`) as a request policy, and the
//! decision made and reported as the [`Answer`] of auth0-fastapi-api, or of
//! the RFCs.

use std::io::Write;

use auth0_tok::verify::{AccessTokenPolicy, DpopMode, DpopPolicy, HttpRequest, RequestPolicy};
use clap::{Args, ValueEnum};

use super::api::Keys;
use super::exit::Refused;
use super::output::{one_line, still_open, write_json};
use super::{Context, Reported};

mod answer;

pub use answer::Answer;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// Bearer and DPoP (the SDK's default)
    Allowed,
    /// DPoP only
    Required,
    /// Bearer only
    Disabled,
}

// DPoP settings of the API, shared by `request` and `verify --dpop` (a plain
// comment: a doc comment here would become the commands' about text).
#[derive(Debug, Args)]
pub struct DpopOptions {
    /// Which schemes the API accepts (the SDK's dpop_enabled / dpop_required)
    #[arg(long, value_enum, default_value_t = ModeArg::Allowed)]
    pub dpop_mode: ModeArg,

    /// Require this nonce in DPoP proofs (RFC 9449 §9; the SDK has no nonces)
    #[arg(long, value_name = "NONCE", allow_hyphen_values = true)]
    pub nonce: Option<String>,

    /// Maximum DPoP proof age in seconds (the SDK's dpop_iat_offset) [default: 300]
    #[arg(long, value_name = "SECS")]
    pub iat_offset: Option<u64>,

    /// Tolerated DPoP proof clock skew in seconds (the SDK's dpop_iat_leeway) [default: 30]
    #[arg(long, value_name = "SECS")]
    pub iat_leeway: Option<u64>,

    /// Show the answer RFC 6750 / RFC 9449 prescribe instead of the SDK's
    #[arg(long)]
    pub rfc: bool,
}

impl DpopOptions {
    /// The options that judge a DPoP proof (all but `--dpop-mode`), as
    /// given: a command without a proof refuses them rather than ignore them.
    pub fn proof_flags(&self) -> Vec<&'static str> {
        [
            (self.nonce.is_some(), "--nonce"),
            (self.iat_offset.is_some(), "--iat-offset"),
            (self.iat_leeway.is_some(), "--iat-leeway"),
            (self.rfc, "--rfc"),
        ]
        .into_iter()
        .filter_map(|(given, flag)| given.then_some(flag))
        .collect()
    }

    pub fn mode(&self) -> DpopMode {
        match self.dpop_mode {
            ModeArg::Allowed => DpopMode::Allowed,
            ModeArg::Required => DpopMode::Required,
            ModeArg::Disabled => DpopMode::Disabled,
        }
    }

    pub fn policy(&self, access: AccessTokenPolicy, scopes: Vec<String>) -> RequestPolicy {
        RequestPolicy {
            access,
            mode: self.mode(),
            dpop: DpopPolicy {
                iat_offset: self.iat_offset.unwrap_or(DpopPolicy::default().iat_offset),
                iat_leeway: self.iat_leeway.unwrap_or(DpopPolicy::default().iat_leeway),
                nonce: self.nonce.clone(),
            },
            scopes,
        }
    }
}

/// Decides and prints the answer; the exit code follows the status.
pub async fn decide_and_report(
    request: &HttpRequest,
    policy: &RequestPolicy,
    keys: &Keys,
    rfc: bool,
    quiet: bool,
    ctx: &Context,
) -> anyhow::Result<()> {
    let decision = keys.decide(request, policy, ctx).await?;
    let answer = Answer::of(&decision, policy, rfc);
    if ctx.verbose {
        for step in &decision.trace {
            eprintln!("* check {:<22} {}", step.check, one_line(&step.result));
        }
    }
    // One write for the whole answer, not one per line.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // The verdict is the exit code, even when the reader closed the output.
    still_open(if quiet {
        Ok(())
    } else if ctx.json {
        write_json(&mut out, &answer.to_json(&decision)).and_then(|()| out.flush())
    } else {
        answer.write(&mut out, &decision).and_then(|()| out.flush())
    })?;
    if answer.status == 200 {
        Ok(())
    } else {
        Err(Reported(
            Refused {
                status: answer.status,
            }
            .into(),
        )
        .into())
    }
}
