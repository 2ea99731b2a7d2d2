//! `request --batch`: one request per stdin line — `TOKEN`, `TOKEN PROOF`
//! or a JSON object — decided on `--jobs` threads with the keys at hand
//! (the tenant is asked only for an unseen issuer or kid), one JSON answer
//! per line in input order ([`batch::run`] drives it).

use std::cell::RefCell;

use auth0_tok::Issuer;
use auth0_tok::jose::{Algorithm, JoseError, Part};
use auth0_tok::jwk::JwkSet;
use auth0_tok::tenant::TenantError;
use auth0_tok::verify::{
    Decision, HttpRequest, RequestPolicy, proxied_url, verify_request, verify_request_with,
};
use serde_json::{Value, json};

use super::super::api::{Hmac, Keys};
use super::super::batch::{self, Answer, Known, Line, Verdict};
use super::super::decision;
use super::super::{Context, input};
use super::{RequestArgs, check_url};

/// `--batch`: the policy and keys resolved once, then [`batch::run`].
pub(super) async fn run(args: &RequestArgs, ctx: &Context) -> anyhow::Result<()> {
    if let Some(url) = &args.url {
        check_url(url)?;
    }
    let access = args.api.policy(ctx, &[Algorithm::RS256], Hmac::Never)?;
    let policy = args
        .dpop
        .policy(access, input::scopes_checked(&args.scope)?);
    let keys = args.api.keys(ctx).await?;
    let jobs = batch::jobs(args.jobs);
    let work = Requests {
        args,
        policy: &policy,
        keys: &keys,
        ctx,
    };
    batch::run(&work, &keys, jobs).await
}

/// The work of one line: a request, decided as the API would.
struct Requests<'a> {
    args: &'a RequestArgs,
    policy: &'a RequestPolicy,
    keys: &'a Keys,
    ctx: &'a Context,
}

/// A request the keys at hand could not decide, with the issuer its
/// (prechecked) token claims.
struct AskTenant {
    request: HttpRequest,
    issuer: Issuer,
}

impl batch::Work for Requests<'_> {
    type Pending<'l> = AskTenant;

    // A line longer than a request head can be is skipped unread and reported.
    const MAX_LINE: usize = input::MAX_REQUEST_HEAD as usize;

    fn local(&self, line: &Line, known: &Known) -> Result<Answer, AskTenant> {
        let request = match line
            .unreadable(Self::MAX_LINE)
            .map_or_else(|| batch_request(&line.text, self.args), Err)
        {
            Ok(r) => r,
            Err(e) => {
                let value =
                    json!({"status": null, "error": "unreadable_line", "error_description": e});
                return Ok(Answer::render(value, line.number, Verdict::Unreadable));
            }
        };
        match self.decide_local(&request, known) {
            Ok(d) => Ok(self.answer(&d, line.number)),
            Err(issuer) => Err(AskTenant { request, issuer }),
        }
    }

    fn again(&self, line: &Line, pending: &AskTenant, known: &Known) -> Option<Answer> {
        self.decide_local(&pending.request, known)
            .ok()
            .map(|d| self.answer(&d, line.number))
    }

    fn issuer<'p>(&self, pending: &'p AskTenant) -> Option<&'p Issuer> {
        Some(&pending.issuer)
    }

    async fn ask(&self, pending: Self::Pending<'_>, line: usize) -> Result<Answer, TenantError> {
        let decision = self
            .keys
            .decide(&pending.request, self.policy, self.ctx)
            .await?;
        Ok(self.answer(&decision, line))
    }

    fn unavailable(&self, e: &TenantError, line: usize) -> Answer {
        let value = json!({"status": null, "error": "tenant_unavailable", "error_description": e.to_string()});
        Answer::render(value, line, Verdict::Unchecked)
    }
}

impl Requests<'_> {
    /// Decides with the keys at hand; the issuer of the (prechecked) token
    /// when the tenant must be asked (an issuer not seen yet, or a kid its
    /// key set lacks).
    fn decide_local(&self, request: &HttpRequest, known: &Known) -> Result<Decision, Issuer> {
        let clock = self.ctx.clock.as_ref();
        match self.keys {
            Keys::Pinned(set) => Ok(verify_request(request, self.policy, set, clock)),
            Keys::Tenant(_) => {
                // The keys of the token's issuer when they are known and hold
                // its kid; otherwise the tenant must be asked, and this decision
                // (made with no keys) is dropped.
                let unknown = JwkSet::default();
                let ask_tenant = RefCell::new(None);
                let decision = verify_request_with(
                    request,
                    self.policy,
                    &|pre| {
                        known.keys_for(pre).unwrap_or_else(|| {
                            *ask_tenant.borrow_mut() = Some(pre.issuer().clone());
                            &unknown
                        })
                    },
                    clock,
                );
                ask_tenant.into_inner().map_or(Ok(decision), Err)
            }
        }
    }

    /// One compact JSON answer.
    fn answer(&self, decision: &Decision, line: usize) -> Answer {
        let rfc = self.args.dpop.rfc;
        let answer = decision::Answer::of(decision, self.policy, rfc);
        let verdict = match answer.outcome(decision) {
            Ok(_) => Verdict::Passed,
            Err(_) => Verdict::Rejected,
        };
        Answer::render(answer.batch_json(decision), line, verdict)
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
