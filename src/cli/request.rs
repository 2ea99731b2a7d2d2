//! `auth0-tok request`: what would my API (protected by auth0-fastapi-api)
//! answer to this HTTP request?

use std::io::{Read, Write};

use auth0_tok::jose::Algorithm;
use auth0_tok::verify::{
    AccessTokenPolicy, Decision, DpopMode, DpopPolicy, HttpRequest, RequestPolicy,
    parse_raw_request, proxied_url,
};
use clap::{Args, ValueEnum};
use colored::Colorize;
use serde_json::{Value, json};

use super::api::{ApiArgs, Keys};
use super::exit::Refused;
use super::output::{one_line, write_json};
use super::{Context, Reported, UsageError};

const EXAMPLES: &str = "\
Examples:
  auth0-tok request --url https://api.example.com/messages -H \"Authorization: Bearer $TOKEN\"
  auth0-tok request -X POST --url https://api.example.com/messages \\
      -H \"Authorization: DPoP $TOKEN\" -H \"DPoP: $PROOF\" --scope write:messages
  auth0-tok request --raw captured-request.txt --scheme https --trust-proxy -v
  auth0-tok request --dpop-mode required --rfc --url https://api.example.com/ -H 'Authorization: Bearer x'";

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// Bearer and DPoP (the SDK's default)
    Allowed,
    /// DPoP only
    Required,
    /// Bearer only
    Disabled,
}

/// DPoP settings of the API, shared with `verify --dpop`.
#[derive(Debug, Args)]
pub struct DpopOptions {
    /// Which schemes the API accepts (the SDK's dpop_enabled / dpop_required)
    #[arg(long, value_enum, default_value_t = ModeArg::Allowed)]
    pub dpop_mode: ModeArg,

    /// Require this nonce in DPoP proofs (RFC 9449 §9; the SDK has no nonces)
    #[arg(long, value_name = "NONCE")]
    pub nonce: Option<String>,

    /// Maximum DPoP proof age in seconds (the SDK's dpop_iat_offset)
    #[arg(long, default_value_t = 300, value_name = "SECS")]
    pub iat_offset: u64,

    /// Tolerated DPoP proof clock skew in seconds (the SDK's dpop_iat_leeway)
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub iat_leeway: u64,

    /// Show the answer RFC 6750 / RFC 9449 prescribe instead of the SDK's
    #[arg(long)]
    pub rfc: bool,
}

impl DpopOptions {
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
                iat_offset: self.iat_offset,
                iat_leeway: self.iat_leeway,
                nonce: self.nonce.clone(),
            },
            scopes,
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct RequestArgs {
    /// The request method
    #[arg(short = 'X', long, default_value = "GET", value_name = "METHOD")]
    method: String,

    /// The request URL, as the API sees it
    #[arg(long, value_name = "URL", required_unless_present = "raw")]
    url: Option<String>,

    /// A request header; repeatable
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,

    /// Read a captured HTTP/1.1 request head (request line + headers) from a file or `-`
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["url", "headers"])]
    raw: Option<String>,

    /// The scheme for --raw requests (the Host header gives the rest)
    #[arg(long, default_value = "https", value_parser = ["http", "https"])]
    scheme: String,

    /// Rebuild the URL from X-Forwarded-Proto/Host/Prefix, as auth0-fastapi-api does behind a trusted proxy
    #[arg(long)]
    trust_proxy: bool,

    /// A scope the route requires; repeatable
    #[arg(long, value_name = "SCOPE")]
    scope: Vec<String>,

    #[command(flatten)]
    api: ApiArgs,

    #[command(flatten)]
    dpop: DpopOptions,
}

pub async fn run(args: RequestArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut request = match &args.raw {
        Some(source) => {
            let text = read_source(source)?;
            parse_raw_request(&text, &args.scheme).map_err(|e| UsageError(format!("--raw: {e}")))?
        }
        None => {
            let url = args.url.clone().unwrap_or_default();
            url::Url::parse(&url).map_err(|e| UsageError(format!("--url {url:?}: {e}")))?;
            let mut headers = Vec::new();
            for h in &args.headers {
                let (name, value) = h
                    .split_once(':')
                    .filter(|(n, _)| !n.trim().is_empty())
                    .ok_or_else(|| UsageError(format!("-H {h:?}: expected `Name: value`")))?;
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            HttpRequest {
                method: args.method.clone(),
                url,
                headers,
            }
        }
    };
    if args.trust_proxy {
        request.url = proxied_url(&request).map_err(UsageError)?;
    }
    let access = args.api.policy(ctx, &[Algorithm::RS256])?;
    let scopes = super::input::scopes(&args.scope);
    let policy = args.dpop.policy(access, scopes);
    let keys = args.api.keys(ctx).await?;
    decide_and_report(&request, &policy, &keys, args.dpop.rfc, ctx).await
}

fn read_source(source: &str) -> anyhow::Result<String> {
    let mut text = String::new();
    if source == "-" {
        std::io::stdin()
            .lock()
            .take(1024 * 1024)
            .read_to_string(&mut text)
            .map_err(|e| UsageError(format!("reading stdin: {e}")))?;
    } else {
        text = std::fs::read_to_string(source).map_err(|e| UsageError(format!("{source}: {e}")))?;
    }
    Ok(text)
}

/// Decides and prints the answer; the exit code follows the status.
pub async fn decide_and_report(
    request: &HttpRequest,
    policy: &RequestPolicy,
    keys: &Keys,
    rfc: bool,
    ctx: &Context,
) -> anyhow::Result<()> {
    let decision = keys.decide(request, policy, ctx).await?;
    let answer = Answer::of(&decision, policy, rfc);
    if ctx.verbose {
        for step in &decision.trace {
            eprintln!("* check {:<22} {}", step.check, one_line(&step.result));
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if ctx.json {
        write_json(&mut out, &answer.to_json(&decision))?;
    } else {
        answer.write(&mut out, &decision)?;
    }
    out.flush()?;
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

/// The API's answer, as the SDK gives it or as the RFCs prescribe.
struct Answer {
    status: u16,
    error: Option<String>,
    description: Option<String>,
    www_authenticate: Option<String>,
    source: &'static str,
}

impl Answer {
    fn of(decision: &Decision, policy: &RequestPolicy, rfc: bool) -> Self {
        match &decision.outcome {
            Ok(_) => Answer {
                status: 200,
                error: None,
                description: None,
                www_authenticate: None,
                source: source(rfc),
            },
            Err(r) if rfc => {
                let (status, challenge) = r.rfc_answer(policy.mode, &policy.scopes);
                Answer {
                    status,
                    error: Some(r.code.to_string()),
                    description: Some(r.detail.clone()),
                    www_authenticate: Some(challenge),
                    source: source(rfc),
                }
            }
            Err(r) => Answer {
                status: r.status,
                error: Some(r.code.to_string()),
                description: Some(r.description.clone()),
                www_authenticate: r.www_authenticate(policy.mode),
                source: source(rfc),
            },
        }
    }

    fn body(&self) -> Value {
        match &self.error {
            None => json!({"ok": true}),
            Some(e) => json!({"detail": {"error": e, "error_description": self.description}}),
        }
    }

    fn to_json(&self, decision: &Decision) -> Value {
        let mut v = json!({
            "status": self.status,
            "answer": self.source,
            "error": self.error,
            "error_description": self.description,
            "www_authenticate": self.www_authenticate,
            "body": self.body(),
            "trace": decision.trace.iter().map(|s| json!({"check": s.check, "result": s.result})).collect::<Vec<_>>(),
        });
        match &decision.outcome {
            Ok(a) => {
                v["scheme"] = json!(a.scheme.to_string());
                v["claims"] = Value::Object(a.token.claims.clone());
            }
            Err(r) => {
                v["reason"] = json!(r.detail);
                v["strict_rule"] = json!(r.strict_rule);
            }
        }
        v
    }

    fn write(&self, out: &mut impl Write, decision: &Decision) -> std::io::Result<()> {
        let line = format!("HTTP/1.1 {} {}", self.status, reason_phrase(self.status));
        let line = if self.status == 200 {
            line.green().bold()
        } else {
            line.red().bold()
        };
        writeln!(out, "{line}   ({})", self.source.dimmed())?;
        if let Some(e) = &self.error {
            writeln!(out, "error              {e}")?;
            writeln!(
                out,
                "error_description  {}",
                one_line(self.description.as_deref().unwrap_or(""))
            )?;
        }
        if let Some(w) = &self.www_authenticate {
            writeln!(out, "WWW-Authenticate   {}", one_line(w))?;
        }
        writeln!(
            out,
            "body               {}",
            one_line(&self.body().to_string())
        )?;
        match &decision.outcome {
            Ok(a) => {
                let sub = a
                    .token
                    .claims
                    .get("sub")
                    .and_then(Value::as_str)
                    .unwrap_or("-");
                writeln!(out, "scheme             {}", a.scheme)?;
                writeln!(out, "sub                {}", one_line(sub))?;
                if let Some(p) = &a.proof {
                    writeln!(out, "proof key (jkt)    {}", p.jkt)?;
                }
            }
            Err(r) => {
                writeln!(out, "reason             {}", one_line(&r.detail))?;
                if let Some(rule) = r.strict_rule {
                    writeln!(out, "strict             {rule}")?;
                }
            }
        }
        Ok(())
    }
}

fn source(rfc: bool) -> &'static str {
    if rfc {
        "as RFC 6750 / RFC 9449 prescribe"
    } else {
        "as auth0-fastapi-api answers; --rfc for the RFC answer"
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        _ => "",
    }
}
