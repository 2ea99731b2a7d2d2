//! `auth0-tok request`: what would my API (protected by auth0-fastapi-api)
//! answer to this HTTP request?

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use auth0_tok::Issuer;
use auth0_tok::jose::{Algorithm, JoseError, Part};
use auth0_tok::jwk::JwkSet;
use auth0_tok::tenant::{TenantError, TenantKeys};
use auth0_tok::verify::{
    Accepted, AccessTokenPolicy, Decision, DpopMode, DpopPolicy, HttpRequest, Rejection,
    RequestPolicy, parse_raw_request, proxied_url, verify_request, verify_request_with,
};
use clap::{Args, ValueEnum};
use colored::Colorize;
use serde_json::{Value, json};

use super::api::{ApiArgs, Hmac, Keys};
use super::batch::{self, Lines};
use super::exit::{BatchFailures, Refused};
use super::output::{one_line, still_open, write_json};
use super::verify::Learnt;
use super::{Context, Reported, UsageError, hints, input};

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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// Bearer and DPoP (the SDK's default)
    Allowed,
    /// DPoP only
    Required,
    /// Bearer only
    Disabled,
}

// DPoP settings of the API, shared with `verify --dpop` (a plain comment: a doc
// comment here would become the commands' about text).
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
        return batch(&args, ctx).await;
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

/// `--batch`: one request per line, decided on `--jobs` threads with the
/// keys at hand (the tenant is asked only for an unseen issuer or kid), one
/// JSON answer per line in input order.
async fn batch(args: &RequestArgs, ctx: &Context) -> anyhow::Result<()> {
    if let Some(url) = &args.url {
        check_url(url)?;
    }
    let access = args.api.policy(ctx, &[Algorithm::RS256], Hmac::Never)?;
    let policy = args
        .dpop
        .policy(access, input::scopes_checked(&args.scope)?);
    let keys = args.api.keys(ctx).await?;
    let jobs = batch::jobs(args.jobs);
    super::input::claim_stdin("--batch")?;
    let stdin = std::io::stdin();
    // Large reads: a batch is often a file of many megabytes.
    // A line longer than a request head can be is skipped unread and reported.
    let max_line = input::MAX_REQUEST_HEAD as usize;
    let mut input = Lines::new(
        std::io::BufReader::with_capacity(1 << 18, stdin.lock()),
        max_line,
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failures = BatchFailures {
        rejected: 0,
        malformed: 0,
        unchecked: 0,
    };
    let mut learnt = Learnt::default();
    let mut chunk = Vec::with_capacity(batch::CHUNK);
    let mut next = Vec::with_capacity(batch::CHUNK);
    input.next_chunk(&mut chunk)?;
    'lines: while !chunk.is_empty() {
        // Workers decide and render this chunk while this thread reads the next.
        let (local, read) = batch::parallel_map_while(
            &chunk,
            jobs,
            |line| {
                let request = match line
                    .unreadable(max_line)
                    .map_or_else(|| batch_request(&line.text, args), Err)
                {
                    Ok(r) => r,
                    Err(e) => {
                        let value = json!({"status": null, "error": "unreadable_line", "error_description": e});
                        return Local::Done(Line::render(value, line.number, LineKind::Malformed));
                    }
                };
                match decide_local(&request, &policy, &keys, &learnt.known, ctx) {
                    Some(d) => Local::Done(batch_answer(&d, &policy, args.dpop.rfc, line.number)),
                    None => Local::AskTenant(request),
                }
            },
            || input.next_chunk(&mut next),
        );
        let mut local = local;
        // Requests that need the tenant (an issuer not seen yet, a kid its
        // key set lacks): the first goes through the tenant, which learns the
        // keys; the others are then decided again in parallel with them.
        let pending: Vec<usize> = (0..local.len())
            .filter(|&i| matches!(local[i], Local::AskTenant(_)))
            .collect();
        if let Some((&first, rest)) = pending.split_first() {
            if let Local::AskTenant(request) = &local[first] {
                let done = ask_tenant(
                    request,
                    &policy,
                    &keys,
                    ctx,
                    args,
                    chunk[first].number,
                    &mut learnt,
                )
                .await;
                local[first] = Local::Done(done);
            }
            if !rest.is_empty() {
                let (again, ()) = batch::parallel_map_while(
                    rest,
                    jobs,
                    |&i| match &local[i] {
                        Local::AskTenant(request) => {
                            decide_local(request, &policy, &keys, &learnt.known, ctx)
                                .map(|d| batch_answer(&d, &policy, args.dpop.rfc, chunk[i].number))
                        }
                        Local::Done(_) => None,
                    },
                    || (),
                );
                for (&i, done) in rest.iter().zip(again) {
                    if let Some(done) = done {
                        local[i] = Local::Done(done);
                    }
                }
            }
        }
        for (line, local) in chunk.iter().zip(local) {
            let done = match local {
                Local::Done(done) => done,
                Local::AskTenant(request) => {
                    ask_tenant(
                        &request,
                        &policy,
                        &keys,
                        ctx,
                        args,
                        line.number,
                        &mut learnt,
                    )
                    .await
                }
            };
            match done.kind {
                LineKind::Accepted => {}
                LineKind::Rejected => failures.rejected += 1,
                LineKind::Malformed => failures.malformed += 1,
                LineKind::Unchecked => failures.unchecked += 1,
            }
            if !still_open(out.write_all(&done.json))? {
                // The reader is gone: stop, with the verdict of the lines so far.
                break 'lines;
            }
        }
        read?;
        std::mem::swap(&mut chunk, &mut next);
    }
    still_open(out.flush())?;
    if failures.rejected + failures.malformed + failures.unchecked > 0 {
        return Err(failures.into());
    }
    Ok(())
}

/// A batch line after the parallel pass.
enum Local {
    Done(Line),
    AskTenant(HttpRequest),
}

enum LineKind {
    Accepted,
    Rejected,
    Malformed,
    Unchecked,
}

/// One `--batch` answer, as its JSON line.
struct Line {
    kind: LineKind,
    json: Vec<u8>,
}

impl Line {
    fn render(mut value: Value, line: usize, kind: LineKind) -> Self {
        value["line"] = json!(line);
        let mut json = Vec::with_capacity(256);
        write_json(&mut json, &value).expect("writing to memory");
        Line { kind, json }
    }
}

/// One `--batch` line as a request: a JSON object, or `TOKEN [PROOF]` with
/// the method and URL of `-X`/`--url`.
fn batch_request(line: &str, args: &RequestArgs) -> Result<HttpRequest, String> {
    let default_url = || {
        args.url
            .clone()
            .ok_or_else(|| "no URL: give \"url\" in the line or --url".to_owned())
    };
    if line.starts_with('{') {
        // Strictly: a duplicate member ("headers" twice, "DPoP" twice in an
        // object) is refused, never resolved to one of its values.
        let value = match auth0_tok::jose::parse_object(line.as_bytes(), Part::Payload) {
            Ok(object) => Value::Object(object),
            Err(JoseError::Json { detail, .. }) => return Err(format!("not JSON: {detail}")),
            Err(e) => return Err(format!("not JSON: {e}")),
        };
        let field = |name: &str| -> Result<Option<String>, String> {
            match value.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("\"{name}\" must be a string")),
            }
        };
        let method = field("method")?.unwrap_or_else(|| args.method.clone());
        let url = match field("url")? {
            Some(url) => url,
            None => default_url()?,
        };
        let headers = match value.get("headers") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    _ => Err(format!("header {k:?} must be a string")),
                })
                .collect::<Result<_, _>>()?,
            Some(Value::Array(pairs)) => pairs
                .iter()
                .map(|pair| match pair.as_array().map(Vec::as_slice) {
                    Some([Value::String(k), Value::String(v)]) => Ok((k.clone(), v.clone())),
                    _ => Err("each header must be a [name, value] pair of strings".to_owned()),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("\"headers\" must be an object or a list of pairs".into()),
        };
        let mut request = HttpRequest {
            method,
            url,
            headers,
        };
        if args.trust_proxy {
            request.url = proxied_url(&request)?;
        }
        return Ok(request);
    }
    if let Some(refusal) = input::scheme_prefix(line, "token") {
        return Err(refusal);
    }
    let mut fields = line.split_whitespace();
    let token = fields.next().unwrap_or_default();
    let proof = fields.next();
    if fields.next().is_some() {
        return Err("expected `TOKEN [PROOF]` or a JSON object".into());
    }
    let headers = match proof {
        Some(proof) => vec![
            ("Authorization".to_owned(), format!("DPoP {token}")),
            ("DPoP".to_owned(), proof.to_owned()),
        ],
        None => vec![("Authorization".to_owned(), format!("Bearer {token}"))],
    };
    Ok(HttpRequest {
        method: args.method.clone(),
        url: default_url()?,
        headers,
    })
}

/// Decides with the keys at hand; `None` when the tenant must be asked
/// (an issuer not seen yet, or a kid its key set lacks).
fn decide_local(
    request: &HttpRequest,
    policy: &RequestPolicy,
    keys: &Keys,
    known: &HashMap<Issuer, Arc<TenantKeys>>,
    ctx: &Context,
) -> Option<Decision> {
    let clock = ctx.clock.as_ref();
    match keys {
        Keys::Pinned(set) => Some(verify_request(request, policy, set, clock)),
        Keys::Tenant(_) => {
            // The keys of the token's issuer when they are known and hold
            // its kid; otherwise the tenant must be asked, and this decision
            // (made with no keys) is dropped.
            let unknown = JwkSet::default();
            let ask_tenant = Cell::new(false);
            let decision = verify_request_with(
                request,
                policy,
                &|pre| match known.get(pre.issuer()) {
                    Some(k) if pre.kid().is_none_or(|kid| k.keys.has_kid(kid)) => &k.keys,
                    _ => {
                        ask_tenant.set(true);
                        &unknown
                    }
                },
                clock,
            );
            (!ask_tenant.get()).then_some(decision)
        }
    }
}

/// Decides one request through the tenant (fetching, or refetching on an
/// unknown kid), then keeps the issuer's keys — or its failure — for the
/// lines that follow.
async fn ask_tenant(
    request: &HttpRequest,
    policy: &RequestPolicy,
    keys: &Keys,
    ctx: &Context,
    args: &RequestArgs,
    line: usize,
    learnt: &mut Learnt,
) -> Line {
    let issuer = request
        .access_token()
        .and_then(|t| policy.access.precheck(t).ok())
        .map(|p| p.issuer().clone());
    let unavailable = |e: &TenantError| {
        let value = json!({"status": null, "error": "tenant_unavailable", "error_description": e.to_string()});
        Line::render(value, line, LineKind::Unchecked)
    };
    if let Some(e) = issuer.as_ref().and_then(|i| learnt.down.get(i)) {
        // The tenant failed earlier in this batch: asking again would only wait again.
        return unavailable(e);
    }
    match keys.decide(request, policy, ctx).await {
        Ok(d) => {
            if let (Keys::Tenant(tenants), Some(issuer)) = (keys, issuer) {
                if let Ok(fetched) = tenants.keys(&issuer).await {
                    learnt.known.insert(issuer, fetched);
                }
            }
            batch_answer(&d, policy, args.dpop.rfc, line)
        }
        Err(e) => {
            if let Some(issuer) = issuer {
                learnt.down.insert(issuer, e.clone());
            }
            unavailable(&e)
        }
    }
}

/// One compact JSON answer.
fn batch_answer(decision: &Decision, policy: &RequestPolicy, rfc: bool, line: usize) -> Line {
    let answer = Answer::of(decision, policy, rfc);
    let mut v = json!({
        "status": answer.status,
        "error": answer.error,
        "error_description": answer.description,
        "www_authenticate": answer.www_authenticate,
    });
    if let Some(text) = &answer.plain_body {
        v["body"] = json!(text);
    }
    let kind = match answer.outcome(decision) {
        Ok(a) => {
            v["scheme"] = json!(a.scheme.to_string());
            v["sub"] = a
                .token
                .claims
                .get("sub")
                .map_or(Value::Null, Cow::into_owned);
            LineKind::Accepted
        }
        Err(r) => {
            v["reason"] = json!(r.detail);
            v["strict_rule"] = json!(hints::strict_rule(r));
            if r.description_approximate && !rfc {
                v["description_approximate"] = json!(true);
            }
            LineKind::Rejected
        }
    };
    Line::render(v, line, kind)
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

/// The API's answer, as the SDK gives it or as the RFCs prescribe.
struct Answer {
    status: u16,
    error: Option<String>,
    description: Option<String>,
    www_authenticate: Option<String>,
    /// A plain-text body (the HTTP server's refusal) instead of the API's JSON.
    plain_body: Option<String>,
    source: &'static str,
    /// Whether this is the RFCs' answer (`--rfc`).
    rfc: bool,
}

/// The source of an answer the HTTP server gives before the API runs.
const SERVER: &str = "as uvicorn (h11) answers, before the API runs";
/// The source of uvicorn's answer when the route raises (auth0-fastapi-api fails).
const ROUTE_FAILED: &str = "as uvicorn answers when the route fails; --rfc for the RFC answer";

impl Answer {
    fn of(decision: &Decision, policy: &RequestPolicy, rfc: bool) -> Self {
        let outcome = if rfc {
            decision.rfc_outcome()
        } else {
            decision.outcome.as_ref()
        };
        match outcome {
            Ok(_) => Answer {
                status: 200,
                error: None,
                description: None,
                www_authenticate: None,
                plain_body: None,
                source: source(rfc),
                rfc,
            },
            // The HTTP server's own answer, before the API: a text body.
            Err(r) if r.by_server && !(rfc && r.sdk_fails) => Answer {
                status: r.status,
                error: None,
                description: None,
                www_authenticate: None,
                plain_body: Some(r.description.clone()),
                source: if r.sdk_fails { ROUTE_FAILED } else { SERVER },
                rfc,
            },
            Err(r) if rfc => {
                let (status, challenge) = r.rfc_answer(policy.mode, &policy.scopes);
                Answer {
                    status,
                    error: Some(r.code.to_string()),
                    description: Some(r.detail.clone()),
                    www_authenticate: Some(challenge),
                    plain_body: None,
                    source: source(rfc),
                    rfc,
                }
            }
            Err(r) => Answer {
                status: r.status,
                error: Some(r.code.to_string()),
                description: Some(r.description.clone()),
                www_authenticate: r.www_authenticate(policy.mode),
                plain_body: None,
                source: source(rfc),
                rfc,
            },
        }
    }

    fn body(&self) -> Value {
        if let Some(text) = &self.plain_body {
            return json!(text);
        }
        match &self.error {
            None => json!({"ok": true}),
            Some(e) => json!({"detail": {"error": e, "error_description": self.description}}),
        }
    }

    /// The outcome this answer gives: the RFCs' where they differ, with `--rfc`.
    fn outcome<'d>(&self, decision: &'d Decision) -> Result<&'d Accepted, &'d Rejection> {
        if self.rfc {
            decision.rfc_outcome()
        } else {
            decision.outcome.as_ref()
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
        match self.outcome(decision) {
            Ok(a) => {
                v["scheme"] = json!(a.scheme.to_string());
                v["claims"] = Value::Object(a.token.claims.object().clone());
            }
            Err(r) => {
                v["reason"] = json!(r.detail);
                v["strict_rule"] = json!(hints::strict_rule(r));
                if r.description_approximate && !self.rfc {
                    v["description_approximate"] = json!(true);
                }
            }
        }
        v
    }

    fn write(&self, out: &mut impl Write, decision: &Decision) -> std::io::Result<()> {
        let line = super::call::status_line(self.status);
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
        match self.outcome(decision) {
            Ok(a) => {
                let sub = a.token.claims.get_str("sub").unwrap_or("-");
                writeln!(out, "scheme             {}", a.scheme)?;
                writeln!(out, "sub                {}", one_line(sub))?;
                if let Some(p) = &a.proof {
                    writeln!(out, "proof key (jkt)    {}", p.jkt)?;
                }
            }
            Err(r) => {
                if r.description_approximate && !self.rfc {
                    writeln!(
                        out,
                        "note               error_description is the nearest auth0-tok can tell of the SDK's text"
                    )?;
                }
                writeln!(out, "reason             {}", one_line(&r.detail))?;
                if let Some(rule) = hints::strict_rule(r) {
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
