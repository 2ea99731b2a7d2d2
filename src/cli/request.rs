//! `auth0-tok request`: what would my API (protected by auth0-fastapi-api)
//! answer to this HTTP request? The arguments and the one request; the
//! decision and its answer are [`decision`](super::decision)'s, a batch of
//! requests is [`batch`]'s.

use auth0_tok::jose::Algorithm;
use auth0_tok::verify::{HttpRequest, parse_raw_request, proxied_url};
use clap::Args;

use super::api::{ApiArgs, Hmac};
use super::decision::{DpopOptions, decide_and_report};
use super::{Context, UsageError, input};

mod batch;

const EXAMPLES: &str = "\
Examples:
  auth0-tok request https://api.example.com/messages -H \"Authorization: Bearer $TOKEN\"
  auth0-tok request -X POST --url https://api.example.com/messages \\
      -H \"Authorization: DPoP $TOKEN\" -H \"DPoP: $PROOF\" --scope write:messages
  auth0-tok request --raw captured-request.txt --scheme https --trust-proxy -v
  auth0-tok request --dpop-mode required --rfc --url https://api.example.com/ -H 'Authorization: Bearer x'
  auth0-tok request --batch -X POST --url https://api.example.com/messages < token-and-proof-lines.txt
  auth0-tok request --batch < requests.jsonl > answers.jsonl

--batch reads one request per line from stdin, either `TOKEN` (Bearer), `TOKEN PROOF`
(DPoP) with the method and URL of -X/--url, or a JSON object
{\"method\": \"GET\", \"url\": \"https://…\", \"headers\": {\"Authorization\": \"…\", \"DPoP\": \"…\"}}
(headers may also be a list of [name, value] pairs; a member given twice makes the line
unreadable), and writes one JSON answer per line, in order.

HS* tokens are always refused, as auth0-api-python refuses them whatever the secret:
--algorithm HS256 and --hs256-secret are refused here (AUTH0_HS256_SECRET is not used).
Two DPoP header fields get the SDK's answer (it reads the first); --rfc gives RFC 9449's
(invalid_dpop_proof). Two Host fields get uvicorn's 400, before the API runs.";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct RequestArgs {
    /// The request method (--raw: the request line's)
    #[arg(
        short = 'X',
        long,
        default_value = "GET",
        value_name = "METHOD",
        value_parser = input::http_method,
        conflicts_with = "raw"
    )]
    method: String,

    /// The request URL, as the API sees it (as curl and xh take it)
    #[arg(value_name = "URL", conflicts_with_all = ["url", "raw"])]
    target: Option<String>,

    /// The request URL, as the API sees it (the same as the positional URL)
    #[arg(long, value_name = "URL", required_unless_present_any = ["raw", "batch", "target"])]
    url: Option<String>,

    /// A request header; repeatable
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,

    /// Read a captured HTTP/1.1 request head (request line + headers) from a file or `-`
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["url", "headers"])]
    raw: Option<String>,

    /// Decide one request per stdin line (see below), writing one JSON answer per line
    #[arg(long, conflicts_with_all = ["raw", "headers"])]
    batch: bool,

    /// Threads for --batch [default: the number of CPUs]
    #[arg(long, value_name = "N", requires = "batch")]
    jobs: Option<usize>,

    /// The scheme for --raw requests (the Host header gives the rest) [default: https]
    #[arg(long, value_parser = ["http", "https"])]
    scheme: Option<String>,

    /// Rebuild the URL from X-Forwarded-Proto/Host/Prefix, as auth0-fastapi-api does behind a trusted proxy
    #[arg(long)]
    trust_proxy: bool,

    /// A scope the route requires; repeatable
    #[arg(long, value_name = "SCOPE")]
    scope: Vec<String>,

    #[command(flatten)]
    pub(super) api: ApiArgs,

    #[command(flatten)]
    dpop: DpopOptions,
}

pub async fn run(mut args: RequestArgs, ctx: &Context) -> anyhow::Result<()> {
    // `request URL` is `request --url URL`; a value that is no URL at all
    // (a token pasted in the wrong place) is not echoed.
    if let Some(target) = args.target.take() {
        if url::Url::parse(&target).is_err() && !target.contains("://") {
            return Err(UsageError(
                "the URL argument is not an absolute URL (https://host/path); a token goes in -H \"Authorization: Bearer …\"".into(),
            )
            .into());
        }
        args.url = Some(target);
    }
    // Flags that would have no effect are refused, never ignored.
    if args.scheme.is_some() && args.raw.is_none() {
        return Err(UsageError(
            "--scheme applies to --raw requests only (--url and batch lines carry their scheme)"
                .into(),
        )
        .into());
    }
    if args.jobs.is_some() && !args.batch {
        return Err(UsageError("--jobs applies to --batch only".into()).into());
    }
    if args.batch {
        return batch::run(&args, ctx).await;
    }
    let mut request = match &args.raw {
        Some(source) => {
            let text = read_source(source)?;
            parse_raw_request(&text, args.scheme.as_deref().unwrap_or("https"))
                .map_err(|e| UsageError(format!("--raw: {e}")))?
        }
        None => {
            let url = args.url.clone().unwrap_or_default();
            check_url(&url)?;
            let headers = (args.headers.iter().enumerate())
                .map(|(i, h)| input::header(h, i + 1))
                .collect::<Result<_, _>>()?;
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
    let access = args.api.policy(ctx, &[Algorithm::RS256], Hmac::Never)?;
    let scopes = input::scopes_checked(&args.scope)?;
    let policy = args.dpop.policy(access, scopes);
    let keys = args.api.keys(ctx).await?;
    decide_and_report(&request, &policy, &keys, args.dpop.rfc, false, ctx).await
}

fn check_url(url: &str) -> anyhow::Result<()> {
    url::Url::parse(url).map_err(|e| UsageError(format!("--url {url:?}: {e}")))?;
    Ok(())
}

/// The `--raw` request head, from a file or stdin, at most
/// [`input::MAX_REQUEST_HEAD`] bytes.
fn read_source(source: &str) -> anyhow::Result<String> {
    let text = if source == "-" {
        input::read_stdin_text(input::MAX_REQUEST_HEAD, "stdin")
    } else {
        input::read_capped_text(std::path::Path::new(source), input::MAX_REQUEST_HEAD)
    };
    Ok(text.map_err(|e| UsageError(format!("--raw {e}")))?)
}
