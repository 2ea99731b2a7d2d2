//! How `token` and `exchange` print a token: alone, as an `Authorization`
//! header (with a DPoP proof for `--htm`/`--htu`), as an env line, or as
//! JSON; for GitHub Actions, masked and appended to `$GITHUB_ENV`.

use std::io::Write;
use std::path::PathBuf;

use auth0_tok::clock::UnixTime;
use auth0_tok::dpop::{DpopKey, ProofClaims, new_jti};
use auth0_tok::oauth::TokenResponse;
use serde_json::{Value, json};

use super::{ClientArgs, OutputFormat};
use crate::cli::output::write_json;
use crate::cli::{Context, UsageError, github};

/// `$GITHUB_ENV`, which the runner sets in every step.
pub(super) fn github_env_file() -> anyhow::Result<PathBuf> {
    match std::env::var_os("GITHUB_ENV") {
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => Err(UsageError(
            "--github-env: GITHUB_ENV is not set (GitHub Actions sets it in every step)".into(),
        )
        .into()),
    }
}

pub(super) fn print(
    response: &TokenResponse,
    expires_at: UnixTime,
    cached: bool,
    client: &ClientArgs,
    dpop: Option<&DpopKey>,
    ctx: &Context,
) -> anyhow::Result<()> {
    // The token passed the answer checks (1*VSCHAR): one line wherever it goes.
    let token = response.access_token.expose();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(name) = &client.github_env {
        // The mask first, on stdout where the runner reads commands; then the
        // entry, in the file the runner reads after the step.
        out.write_all(github::mask_command(token).as_bytes())?;
        out.flush()?;
        let entry = github::env_entry(name, token, github::random_delimiter);
        github::append_env(&github_env_file()?, &entry)?;
        if ctx.verbose {
            eprintln!("* {name} set for the next steps (in $GITHUB_ENV)");
        }
        return Ok(());
    }
    if client.github_mask {
        out.write_all(github::mask_command(token).as_bytes())?;
    }
    if ctx.json {
        let mut v = Value::Object(response.raw.clone());
        v["expires_at"] = json!(expires_at);
        v["cached"] = json!(cached);
        write_json(&mut out, &v)?;
        return Ok(out.flush()?);
    }
    match client.format {
        OutputFormat::Token => writeln!(out, "{token}")?,
        OutputFormat::Env => writeln!(out, "AUTH0_ACCESS_TOKEN={token}")?,
        OutputFormat::Header => {
            // Bearer or DPoP, as the answer checks left it.
            let scheme = response.token_type.as_str();
            writeln!(out, "Authorization: {scheme} {token}")?;
            if let (Some(key), Some(htm), Some(htu)) = (dpop, &client.htm, &client.htu) {
                let claims = ProofClaims::new(htm, htu, ctx.clock.now(), new_jti()?)
                    .with_access_token(token);
                writeln!(out, "DPoP: {}", key.proof(&claims)?)?;
            } else if scheme == "DPoP" {
                eprintln!(
                    "note: a DPoP token needs a proof per request: add --htm and --htu, or use `auth0-tok dpop proof`"
                );
            }
        }
    }
    out.flush()?;
    Ok(())
}
