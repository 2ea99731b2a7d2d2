//! Why the API refused (401/403), for `call` and a failed `probe`
//! baseline: the API's own `WWW-Authenticate` beside the decision Auth0's
//! SDK makes for the very same request with the tenant's keys.

use auth0_tok::http::Response;
use auth0_tok::jose::Algorithm;
use auth0_tok::probe::{Explanation, explain, explain_without_sdk};
use auth0_tok::verify::{AccessTokenPolicy, DpopMode, DpopPolicy, RequestPolicy};

use super::Exchange;
use crate::cli::api::Keys;
use crate::cli::{Context, UsageError};

/// The policy of an API protected by the SDK with the configured tenant
/// and audience (RS256, mixed mode, no nonce, no route scopes unless given).
pub(in crate::cli) fn sdk_policy(
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
fn www_authenticate(response: &Response) -> Option<String> {
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
pub(in crate::cli) async fn explain_refusal(
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
