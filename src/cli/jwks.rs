//! `auth0-tok jwks`: a tenant's discovery summary and signing keys.

use std::io::Write;

use auth0_tok::clock::{format_relative, format_utc};
use auth0_tok::tenant::KeySource;
use auth0_tok::x509;
use base64::Engine as _;
use clap::Args;
use colored::Colorize;
use serde_json::{Value, json};

use super::Context;
use super::output::{heading, one_line, write_json};

const EXAMPLES: &str = "\
Examples:
  auth0-tok jwks --domain tenant.us.auth0.com
  auth0-tok jwks --domain http://127.0.0.1:8080 --json | jq '.keys[].kid'";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct JwksArgs {}

pub async fn run(_args: JwksArgs, ctx: &Context) -> anyhow::Result<()> {
    let issuer = ctx.issuer()?;
    let tenants = ctx.tenants();
    let t = tenants.keys(&issuer).await?;
    let now = ctx.clock.now();
    let keys: Vec<Value> = t
        .keys
        .keys()
        .iter()
        .map(|k| {
            let cert_not_after = k
                .jwk()
                .get("x5c")
                .and_then(Value::as_array)
                .and_then(|chain| chain.first())
                .and_then(Value::as_str)
                .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
                .and_then(|der| x509::not_after(&der));
            json!({
                "kid": k.kid(),
                "kty": k.kind().kty(),
                "alg": k.declared_alg(),
                "use": k.key_use(),
                "key": k.kind().describe(),
                "algorithms": k.algorithms().iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                "thumbprint": k.thumbprint(),
                "certificate_not_after": cert_not_after,
            })
        })
        .collect();
    let skipped: Vec<Value> = t
        .keys
        .skipped()
        .iter()
        .map(|(kid, reason)| json!({"kid": kid, "reason": reason.to_string()}))
        .collect();
    let source = match t.source {
        KeySource::Memory | KeySource::Network => "network",
        KeySource::Disk => "cache",
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if ctx.json {
        write_json(
            &mut out,
            &json!({
                "issuer": t.discovery.issuer,
                "jwks_uri": t.discovery.jwks_uri,
                "token_endpoint": t.discovery.token_endpoint,
                "discovery_fallback": t.discovery.fallback,
                "source": source,
                "fetched_at": t.fetched_at,
                "expires_at": t.expires_at,
                "keys": keys,
                "skipped": skipped,
            }),
        )?;
        out.flush()?;
        return Ok(());
    }
    heading(&mut out, "Tenant")?;
    writeln!(out, "  issuer          {}", one_line(&t.discovery.issuer))?;
    writeln!(out, "  jwks_uri        {}", one_line(&t.discovery.jwks_uri))?;
    writeln!(
        out,
        "  token_endpoint  {}",
        one_line(t.discovery.token_endpoint.as_deref().unwrap_or("(none)"))
    )?;
    if t.discovery.fallback {
        writeln!(
            out,
            "  discovery       {}",
            "none served (404): using Auth0's well-known paths".yellow()
        )?;
    }
    writeln!(
        out,
        "  from            {source} (fetched {}, kept until {})",
        format_relative(t.fetched_at, now),
        format_utc(t.expires_at)
    )?;
    heading(&mut out, &format!("Keys ({})", keys.len()))?;
    for k in &keys {
        let kid = k["kid"].as_str().unwrap_or("(no kid)");
        writeln!(out, "  {}", one_line(kid).cyan())?;
        writeln!(out, "    key         {}", k["key"].as_str().unwrap_or(""))?;
        writeln!(
            out,
            "    alg / use   {} / {}",
            k["alg"].as_str().unwrap_or("-"),
            k["use"].as_str().unwrap_or("-")
        )?;
        writeln!(
            out,
            "    thumbprint  {}",
            k["thumbprint"].as_str().unwrap_or("")
        )?;
        if let Some(t) = k["certificate_not_after"].as_i64() {
            writeln!(
                out,
                "    certificate expires {} ({})",
                format_utc(t),
                format_relative(t, now)
            )?;
        }
    }
    for s in &skipped {
        writeln!(
            out,
            "  {} {}: {}",
            "skipped".yellow(),
            one_line(s["kid"].as_str().unwrap_or("(no kid)")),
            one_line(s["reason"].as_str().unwrap_or(""))
        )?;
    }
    out.flush()?;
    Ok(())
}
