//! `auth0-tok call`: an HTTP request to your API with the credential
//! attached (a token from `--token` or as `token` gets it, Bearer or DPoP
//! with a fresh proof), the DPoP nonce retry of RFC 9449 §9, and — when the
//! API refuses — what Auth0's SDK would answer to the very same request.
//!
//! The handler reads the command line ([`target`]: method, URL, headers;
//! the body), sends ([`sender`]), explains a refusal ([`refusal`]) and
//! renders ([`render`]). The sender is shared with `probe`: one place
//! attaches credentials, remembers each origin's nonce and retries once for
//! it.

mod refusal;
mod render;
mod sender;
mod target;

use std::io::Read;

use auth0_tok::types::TokenSecret;
use clap::Args;
use serde_json::Value;

use super::credential::CredentialArgs;
use super::exit::ApiAnswered;
use super::{Context, Reported, UsageError};

pub(super) use refusal::{explain_refusal, sdk_policy};
pub(super) use render::{print_challenges, status_line};
pub(super) use sender::{Exchange, Sender, origin};
pub(super) use target::{Target, check_url};

const EXAMPLES: &str = "\
Examples:
  auth0-tok call https://api.example.com/messages
  auth0-tok call POST https://api.example.com/messages content-type:application/json --data @msg.json
  auth0-tok call --dpop --key dpop.pem https://api.example.com/messages -v
  auth0-tok call --token \"$TOKEN\" DELETE https://api.example.com/messages/1
  auth0-tok call --json https://api.example.com/messages | jq .explanation

The token comes from --token, or is fetched and cached exactly as `auth0-tok token`
gets it (same flags, AUTH0_* variables and .env). stdout is the response body only;
the status line (and with -v the response headers) go to stderr. On 401/403 the
refusal is explained beside what Auth0's SDK would answer to the same request.
Exit: 0 for 2xx, 1 for 400/401, 3 for 403, 4 for network/tenant failures, 5 otherwise.";

/// The largest request body read from a file or stdin.
const MAX_REQUEST_BODY: u64 = 16 * 1024 * 1024;

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CallArgs {
    /// [METHOD] URL [NAME:VALUE…]: the method (GET, or POST with --data), the URL, then request headers
    #[arg(value_name = "[METHOD] URL [NAME:VALUE]", required = true, num_args = 1..)]
    request: Vec<String>,

    /// The request body: @FILE, `-` for stdin, or the text itself
    #[arg(
        long,
        short = 'd',
        value_name = "@FILE|-|TEXT",
        allow_hyphen_values = true
    )]
    data: Option<String>,

    /// Send this access token instead of getting one (`-` reads it from stdin)
    #[arg(long, value_name = "TOKEN|-", allow_hyphen_values = true)]
    token: Option<TokenSecret>,

    #[command(flatten)]
    pub credential: CredentialArgs,
}

fn read_body(data: &str) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if data == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_REQUEST_BODY)
            .read_to_end(&mut bytes)
            .map_err(|e| UsageError(format!("--data -: reading stdin: {e}")))?;
    } else if let Some(path) = data.strip_prefix('@') {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_REQUEST_BODY).read_to_end(&mut bytes))
            .map_err(|e| UsageError(format!("--data @{path}: {e}")))?;
    } else {
        bytes = data.as_bytes().to_vec();
    }
    Ok(bytes)
}

pub async fn run(args: CallArgs, ctx: &Context) -> anyhow::Result<()> {
    let target = target::parse_target(&args.request, args.data.is_some())?;
    let token_from_stdin = args.token.as_ref().is_some_and(|t| t.expose() == "-");
    if token_from_stdin && args.data.as_deref() == Some("-") {
        return Err(UsageError("--token - and --data - cannot both read stdin".into()).into());
    }
    let body = args.data.as_deref().map(read_body).transpose()?;
    let mut target = target;
    if let Some(b) = &body {
        let has_type = target
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
        if !has_type && serde_json::from_slice::<Value>(b).is_ok() {
            target
                .headers
                .push(("Content-Type".into(), "application/json".into()));
        }
    }
    let credential = args.credential.credential(args.token.as_ref(), ctx).await?;
    let http = ctx.http();
    let mut sender = Sender::new(&http, ctx);
    let exchange = sender.send(&target, &credential, body.as_deref()).await?;
    let status = exchange.response.status;
    let explanation = if matches!(status, 401 | 403) {
        let policy = sdk_policy(ctx, args.credential.audience(), Vec::new());
        Some(explain_refusal(&exchange, policy, ctx).await)
    } else {
        None
    };
    render::render(&exchange, explanation.as_ref(), ctx)?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(Reported(ApiAnswered { status }.into()).into())
    }
}
