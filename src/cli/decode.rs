//! `auth0-tok decode`: look inside any JWT, without verifying it.

use std::io::Write;

use auth0_tok::dangerous::decode_unverified;
use clap::Args;
use colored::Colorize;
use serde_json::json;

use super::output::{heading, write_json, write_object};
use super::{Context, UsageError, input};

const EXAMPLES: &str = "\
Examples:
  auth0-tok decode \"$TOKEN\"
  pbpaste | auth0-tok decode --json - | jq .claims";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct DecodeArgs {
    /// The JWT, or `-` to read it from stdin
    #[arg(value_name = "TOKEN|-")]
    token: Option<String>,
}

pub fn run(args: DecodeArgs, ctx: &Context) -> anyhow::Result<()> {
    let token = input::token(args.token.as_deref(), "token")?;
    let decoded = decode_unverified(&token).map_err(|e| UsageError(format!("not a JWT: {e}")))?;
    eprintln!(
        "{} the signature was NOT verified; use `auth0-tok verify` to check it",
        "warning:".yellow().bold()
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if ctx.json {
        write_json(
            &mut out,
            &json!({"header": decoded.header, "claims": decoded.claims, "signature_bytes": decoded.signature_len, "verified": false}),
        )?;
    } else {
        let now = ctx.clock.now();
        heading(&mut out, "Header")?;
        write_object(&mut out, &decoded.header, now)?;
        heading(&mut out, "Claims")?;
        write_object(&mut out, &decoded.claims, now)?;
        if decoded.signature_len == 0 {
            writeln!(out, "{}", "Unsecured JWT: no signature".red())?;
        } else {
            writeln!(
                out,
                "{} {} bytes (not verified)",
                "Signature".bold(),
                decoded.signature_len
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
