//! `auth0-tok call`: an HTTP request to your API with the credential
//! attached (a token from `--token` or as `token` gets it, Bearer or DPoP
//! with a fresh proof), the DPoP nonce retry of RFC 9449 §9, and — when the
//! API refuses — what Auth0's SDK would answer to the very same request.
//!
//! The sender here ([`Sender`]) is shared with `probe`: one place attaches
//! credentials, remembers each origin's nonce and retries once for it.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::time::{Duration, Instant};

use auth0_tok::dpop::{DpopKey, ProofClaims, new_jti};
use auth0_tok::http::{FetchError, HttpClient, Response};
use auth0_tok::jose::Algorithm;
use auth0_tok::probe::{Explanation, explain, explain_without_sdk, nonce_challenge};
use auth0_tok::types::TokenSecret;
use auth0_tok::verify::{AccessTokenPolicy, DpopMode, DpopPolicy, HttpRequest, RequestPolicy};
use clap::Args;
use colored::Colorize;
use serde_json::{Value, json};

use super::api::Keys;
use super::exit::ApiAnswered;
use super::output::{lines, one_line, still_open, write_json};
use super::token::{self, TokenArgs};
use super::{Context, Reported, UsageError};

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

/// The largest response body read.
pub(super) const MAX_RESPONSE_BODY: usize = 16 * 1024 * 1024;

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
// `token`'s output options mean nothing here: accepted (they are part of
// its flags) but not shown.
#[command(
    mut_arg("format", |a| a.hide(true)),
    mut_arg("htm", |a| a.hide(true)),
    mut_arg("htu", |a| a.hide(true)),
    mut_arg("github_mask", |a| a.hide(true)),
    mut_arg("clear_cache", |a| a.hide(true))
)]
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
    get: TokenArgs,
}

impl CallArgs {
    /// The secret-taking options (those of `token`), for resolution before
    /// the command runs.
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut super::input::SecretArg)> {
        self.get.secret_args()
    }
}

/// Method, URL and the user's headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Target {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

/// Headers `call` and `probe` set themselves.
const OWN_HEADERS: [&str; 2] = ["authorization", "dpop"];

fn is_method(s: &str) -> bool {
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks a URL for `call`/`probe`: http(s), with a host.
pub(super) fn check_url(url: &str) -> anyhow::Result<url::Url> {
    let parsed = url::Url::parse(url).map_err(|e| UsageError(format!("{url:?}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(UsageError(format!("{url:?}: expected an http(s) URL")).into());
    }
    Ok(parsed)
}

/// `[METHOD] URL [NAME:VALUE…]`.
fn parse_target(words: &[String], has_body: bool) -> anyhow::Result<Target> {
    let (method, rest) = match words {
        [first, rest @ ..] if is_method(first) && !rest.is_empty() => (first.clone(), rest),
        [first, ..] if is_method(first) => {
            return Err(UsageError(format!("{first} what? give the URL after the method")).into());
        }
        _ => (if has_body { "POST" } else { "GET" }.to_owned(), words),
    };
    let (url, header_words) = rest.split_first().expect("clap requires one value");
    check_url(url)?;
    let mut headers = Vec::new();
    for h in header_words {
        let (name, value) = h
            .split_once(':')
            .map(|(n, v)| (n.trim(), v.trim()))
            .filter(|(n, _)| {
                !n.is_empty()
                    && n.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_!#$%&'*+.^`|~".contains(&b))
            })
            .ok_or_else(|| UsageError(format!("{h:?}: expected a header NAME:VALUE")))?;
        if OWN_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(UsageError(format!(
                "{name}: call sets it itself from the token (use `auth0-tok request` to judge your own headers)"
            ))
            .into());
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    Ok(Target {
        method,
        url: url.clone(),
        headers,
    })
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

/// The credential attached to every request.
pub(super) struct Credential {
    pub token: TokenSecret,
    /// Set for DPoP: every request gets a fresh proof with this key.
    pub dpop: Option<DpopKey>,
}

/// `--token`, or a token as `token` gets it (cached; DPoP-bound with `--dpop`).
pub(super) async fn credential(
    given: Option<&TokenSecret>,
    get: &TokenArgs,
    ctx: &Context,
) -> anyhow::Result<Credential> {
    if let Some(given) = given {
        let token = super::input::token(Some(given.expose()), "access token")?;
        return Ok(Credential {
            token: TokenSecret::new(token),
            dpop: get.dpop_key()?,
        });
    }
    let got = token::obtain(get, ctx).await?;
    let dpop = if got.response.token_type.eq_ignore_ascii_case("dpop") {
        got.dpop
    } else {
        None
    };
    Ok(Credential {
        token: got.response.access_token,
        dpop,
    })
}

/// Sends requests with a credential, remembering each origin's DPoP nonce.
pub(super) struct Sender<'a> {
    pub http: &'a HttpClient,
    pub ctx: &'a Context,
    nonces: HashMap<String, String>,
    /// Requests sent, retries included.
    pub sent: usize,
    /// The least time between two requests (`probe --rate`).
    interval: Option<Duration>,
    last: Option<Instant>,
}

/// One exchange as sent and answered.
pub(super) struct Exchange {
    /// The request as the API received it (headers as sent).
    pub request: HttpRequest,
    pub response: Response,
    /// The nonce retry happened.
    pub nonce_retried: bool,
}

pub(super) fn origin(url: &str) -> String {
    url::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default()
}

impl<'a> Sender<'a> {
    pub fn new(http: &'a HttpClient, ctx: &'a Context) -> Self {
        Sender {
            http,
            ctx,
            nonces: HashMap::new(),
            sent: 0,
            interval: None,
            last: None,
        }
    }

    /// At most `rate` requests per second.
    pub fn paced(mut self, rate: f64) -> Self {
        self.interval = Some(Duration::from_secs_f64(1.0 / rate));
        self
    }

    /// The nonce the origin of `url` asked for last.
    pub fn nonce(&self, url: &str) -> Option<String> {
        self.nonces.get(&origin(url)).cloned()
    }

    /// Remembers a nonce an answer from `url` carried (RFC 9449 §8.2: a
    /// server may send a fresh one with any answer).
    pub fn learn(&mut self, url: &str, response: &Response) {
        if let Some(n) = response.header("dpop-nonce").map(str::trim) {
            if !n.is_empty() && n.len() <= 512 {
                self.nonces.insert(origin(url), n.to_owned());
            }
        }
    }

    /// Sends headers as given (no credential added, no retry).
    pub async fn raw(
        &mut self,
        target: &Target,
        headers: Vec<(String, String)>,
        body: Option<&[u8]>,
    ) -> Result<Exchange, FetchError> {
        let mut all = target.headers.clone();
        all.extend(headers);
        if let (Some(interval), Some(last)) = (self.interval, self.last) {
            tokio::time::sleep_until((last + interval).into()).await;
        }
        self.last = Some(Instant::now());
        self.sent += 1;
        let response = self
            .http
            .request(
                &target.method,
                &target.url,
                all.clone(),
                body.map(<[u8]>::to_vec),
                MAX_RESPONSE_BODY,
            )
            .await?;
        self.learn(&target.url, &response);
        Ok(Exchange {
            request: HttpRequest {
                method: target.method.clone(),
                url: target.url.clone(),
                headers: all,
            },
            response,
            nonce_retried: false,
        })
    }

    /// Sends the request with the credential; a 401 asking for a DPoP
    /// nonce is retried once with it (RFC 9449 §9).
    pub async fn send(
        &mut self,
        target: &Target,
        credential: &Credential,
        body: Option<&[u8]>,
    ) -> anyhow::Result<Exchange> {
        let mut exchange = self
            .raw(target, self.credential_headers(target, credential)?, body)
            .await?;
        if credential.dpop.is_some() {
            let r = &exchange.response;
            if let Some(nonce) = nonce_challenge(
                r.status,
                r.header("www-authenticate"),
                r.header("dpop-nonce"),
            ) {
                self.http
                    .trace("  the API asks for a DPoP nonce: retrying once with it");
                self.nonces.insert(origin(&target.url), nonce);
                exchange = self
                    .raw(target, self.credential_headers(target, credential)?, body)
                    .await?;
                exchange.nonce_retried = true;
            }
        }
        Ok(exchange)
    }

    fn credential_headers(
        &self,
        target: &Target,
        credential: &Credential,
    ) -> anyhow::Result<Vec<(String, String)>> {
        let token = credential.token.expose();
        Ok(match &credential.dpop {
            None => vec![("Authorization".into(), format!("Bearer {token}"))],
            Some(key) => {
                let claims = ProofClaims::new(
                    &target.method,
                    &target.url,
                    self.ctx.clock.now(),
                    new_jti()?,
                )
                .with_access_token(token)
                .with_nonce(self.nonce(&target.url));
                vec![
                    ("Authorization".into(), format!("DPoP {token}")),
                    ("DPoP".into(), key.proof(&claims)?),
                ]
            }
        })
    }
}

/// The policy of an API protected by the SDK with the configured tenant
/// and audience (RS256, mixed mode, no nonce, no route scopes unless given).
pub(super) fn sdk_policy(
    ctx: &Context,
    audience: Option<&str>,
    scopes: Vec<String>,
) -> anyhow::Result<RequestPolicy> {
    let audience = audience.ok_or_else(|| {
        UsageError("no audience: pass --audience https://your-api or set AUTH0_AUDIENCE".into())
    })?;
    Ok(RequestPolicy {
        access: AccessTokenPolicy::new(ctx.issuers()?, vec![audience.to_owned()])
            .with_algorithms(vec![Algorithm::RS256]),
        mode: DpopMode::Allowed,
        dpop: DpopPolicy::default(),
        scopes,
    })
}

/// Every `WWW-Authenticate` value of an answer as one list (RFC 9110
/// §11.6.1 allows repeating the field), bytes that are not UTF-8 replaced:
/// what the API sent, to parse and to show escaped, not only the visible
/// ASCII that [`Response::header`] returns.
pub(super) fn www_authenticate(response: &Response) -> Option<String> {
    let values: Vec<String> = response
        .headers
        .get_all("www-authenticate")
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// The API's refusal explained with the SDK's decision on the same request
/// (the `request` decision: [`Keys::decide`], the tenant's keys). When that
/// decision cannot be had (no tenant, the tenant unreachable, no audience)
/// the API's own answer is still read and the reason given.
pub(super) async fn explain_refusal(
    exchange: &Exchange,
    policy: anyhow::Result<RequestPolicy>,
    ctx: &Context,
) -> Explanation {
    let r = &exchange.response;
    let challenge = www_authenticate(r);
    let decision = match policy {
        Ok(policy) => Keys::Tenant(ctx.tenants())
            .decide(&exchange.request, &policy, ctx)
            .await
            .map(|decision| (decision, policy))
            .map_err(anyhow::Error::from),
        Err(e) => Err(e),
    };
    match decision {
        Ok((decision, policy)) => explain(r.status, challenge.as_deref(), &decision, &policy),
        Err(e) => explain_without_sdk(r.status, challenge.as_deref(), &format!("{e:#}")),
    }
}

pub async fn run(args: CallArgs, ctx: &Context) -> anyhow::Result<()> {
    let target = parse_target(&args.request, args.data.is_some())?;
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
    let credential = credential(args.token.as_ref(), &args.get, ctx).await?;
    let http = ctx.http();
    let mut sender = Sender::new(&http, ctx);
    let exchange = sender.send(&target, &credential, body.as_deref()).await?;
    let status = exchange.response.status;
    let explanation = if matches!(status, 401 | 403) {
        let policy = sdk_policy(ctx, args.get.audience(), Vec::new());
        Some(explain_refusal(&exchange, policy, ctx).await)
    } else {
        None
    };
    render(&exchange, explanation.as_ref(), ctx)?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(Reported(ApiAnswered { status }.into()).into())
    }
}

/// The response headers as JSON: a name maps to its value, or a list for repeats.
pub(super) fn headers_json(response: &Response) -> Value {
    let mut map = serde_json::Map::new();
    for (name, value) in &response.headers {
        let value = json!(String::from_utf8_lossy(value.as_bytes()));
        match map.get_mut(name.as_str()) {
            None => {
                map.insert(name.as_str().to_owned(), value);
            }
            Some(Value::Array(list)) => list.push(value),
            Some(first) => *first = json!([first.take(), value]),
        }
    }
    Value::Object(map)
}

fn is_json(response: &Response) -> Option<Value> {
    let declared = response
        .header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("json"));
    let parsed = serde_json::from_slice::<Value>(&response.body).ok()?;
    (declared || response.header("content-type").is_none()).then_some(parsed)
}

/// `HTTP/1.1 401 Unauthorized`: the status with its reason phrase (RFC
/// 9110 §15), as `call`, `probe` and `request` print it.
pub(super) fn status_line(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("HTTP/1.1 {status} {reason}").trim_end().to_owned()
}

fn render(
    exchange: &Exchange,
    explanation: Option<&Explanation>,
    ctx: &Context,
) -> anyhow::Result<()> {
    let r = &exchange.response;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if ctx.json {
        let body = match is_json(r) {
            Some(v) => v,
            None => json!(String::from_utf8_lossy(&r.body)),
        };
        let explanation = explanation.map_or(Value::Null, Explanation::to_json);
        let v = json!({
            "status": r.status,
            "headers": headers_json(r),
            "body": body,
            "explanation": explanation,
        });
        still_open(write_json(&mut out, &v).and_then(|()| out.flush()))?;
        return Ok(());
    }
    let line = status_line(r.status);
    let line = if (200..300).contains(&r.status) {
        line.green().bold()
    } else {
        line.red().bold()
    };
    eprintln!("{line}");
    if ctx.verbose {
        for (name, value) in &r.headers {
            eprintln!(
                "{}: {}",
                name.as_str().dimmed(),
                one_line(&String::from_utf8_lossy(value.as_bytes()))
            );
        }
    }
    let terminal = std::io::stdout().is_terminal();
    let written = match is_json(r) {
        Some(v) if terminal => serde_json::to_string_pretty(&v)
            .map_err(std::io::Error::other)
            .and_then(|text| writeln!(out, "{}", lines(&text))),
        _ if terminal => {
            let text = lines(&String::from_utf8_lossy(&r.body));
            if text.is_empty() {
                Ok(())
            } else {
                writeln!(out, "{text}")
            }
        }
        _ => out.write_all(&r.body),
    };
    still_open(written.and_then(|()| out.flush()))?;
    if let Some(explanation) = explanation {
        print_explanation(explanation);
    }
    Ok(())
}

/// The longest parameter value shown whole in text output; `--json` keeps
/// every value exactly.
const MAX_SHOWN_VALUE: usize = 200;

/// An auth-param as the API would write it (RFC 9110 §11.2: `name="value"`,
/// `"` and `\` escaped), cut after [`MAX_SHOWN_VALUE`] characters.
fn show_param(name: &str, value: &str) -> String {
    let (shown, cut) = match value.char_indices().nth(MAX_SHOWN_VALUE) {
        None => (value, 0),
        Some((at, _)) => (&value[..at], value[at..].chars().count()),
    };
    let quoted = shown.replace('\\', "\\\\").replace('"', "\\\"");
    if cut == 0 {
        format!("{name}=\"{quoted}\"")
    } else {
        format!("{name}=\"{quoted}…\" ({cut} more characters)")
    }
}

/// The API's challenges on stderr, one line each, escaped ([`one_line`]).
pub(super) fn print_challenges(explanation: &Explanation) {
    for c in &explanation.challenges {
        let params: Vec<String> = c.params.iter().map(|(k, v)| show_param(k, v)).collect();
        let line = format!("{} {}", c.scheme, params.join(" "));
        eprintln!("WWW-Authenticate: {}", one_line(line.trim()));
    }
}

/// The API's challenges, then why it refused, on stderr; all of it text
/// from the API, escaped ([`one_line`]).
fn print_explanation(explanation: &Explanation) {
    print_challenges(explanation);
    eprintln!("{} {}", "why:".bold(), one_line(&explanation.summary));
    let sdk_accepts = explanation.sdk.as_ref().is_ok_and(|a| a.status == 200);
    if explanation.status == 403 && sdk_accepts {
        eprintln!(
            "{} get a token with the scope the route needs: --scope SCOPE",
            "hint:".bold()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn method_url_and_headers_are_read_like_xh() {
        let t = parse_target(&words(&["https://a.example/x"]), false).unwrap();
        assert_eq!(
            (t.method.as_str(), t.url.as_str()),
            ("GET", "https://a.example/x")
        );
        let t = parse_target(&words(&["https://a.example/x"]), true).unwrap();
        assert_eq!(t.method, "POST");
        let t = parse_target(
            &words(&[
                "PATCH",
                "https://a.example/x",
                "X-Trace:1",
                "accept: text/plain",
            ]),
            false,
        )
        .unwrap();
        assert_eq!(t.method, "PATCH");
        assert_eq!(
            t.headers,
            [
                ("X-Trace".to_owned(), "1".to_owned()),
                ("accept".to_owned(), "text/plain".to_owned())
            ]
        );
        for bad in [
            &["GET"][..],
            &["ftp://a.example/"],
            &["not a url"],
            &["https://a.example/", "novalue"],
            &["https://a.example/", "Authorization:Bearer x"],
            &["https://a.example/", "dpop:x"],
        ] {
            assert!(parse_target(&words(bad), false).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn origins_identify_scheme_host_and_port() {
        assert_eq!(origin("https://a.example/x?y"), "https://a.example");
        assert_eq!(origin("http://127.0.0.1:8080/a"), "http://127.0.0.1:8080");
    }
}
