//! Sending one variant and finding the answer that counts: a replay is
//! sent twice (judged on the second answer, and only when the first, a
//! fresh proof, was accepted); a variant refused only because the API
//! rotated its DPoP nonce is sent again once with the new one.

use auth0_tok::dpop::new_jti;
use auth0_tok::http::Response;
use auth0_tok::probe::{self, Check, Fresh, Outcome, ProbeKeys, VariantError};

use crate::cli::call::{Sender, Target};

/// What sending a variant came to.
pub(super) enum Sent {
    /// The answer that counts.
    Answered(Outcome),
    /// Nothing to judge, and why (a replay whose first sending was refused,
    /// a token variant of a token that is not a JWT).
    NotJudged(String),
}

/// Sends one variant and returns the answer that counts.
pub(super) async fn send_variant(
    sender: &mut Sender<'_>,
    check: Check,
    target: &Target,
    token: &str,
    keys: &ProbeKeys,
    substitute: Option<&str>,
) -> anyhow::Result<Sent> {
    let fresh = |sender: &Sender<'_>| -> anyhow::Result<Fresh> {
        Ok(Fresh {
            now: sender.ctx.clock.now(),
            jtis: [new_jti()?, new_jti()?],
            nonce: sender.nonce(&target.url),
        })
    };
    let variant_target = probe::Target {
        method: target.method.clone(),
        url: target.url.clone(),
    };
    let nonce_check = matches!(check, Check::DpopNonceMissing | Check::DpopNonceStale);
    let mut retried = false;
    // The API rotated its nonce: the variant is sent again with the new one,
    // once (a nonce refusal says nothing about this check).
    let rotated = |r: &Response, before: &Option<String>| {
        let new_nonce = probe::nonce_challenge(
            r.status,
            r.header("www-authenticate"),
            r.header("dpop-nonce"),
        );
        keys.dpop.is_some() && !nonce_check && new_nonce.is_some() && new_nonce != *before
    };
    loop {
        let request = match probe::build(
            check,
            &variant_target,
            token,
            keys,
            substitute,
            &fresh(sender)?,
        ) {
            Ok(request) => request,
            Err(VariantError::Key(e)) => return Err(e.into()),
            // The variant cannot be made of this baseline (an opaque token).
            Err(e) => return Ok(Sent::NotJudged(e.to_string())),
        };
        let nonce_before = sender.nonce(&target.url);
        let Ok(mut exchange) = sender.raw(target, request.headers.clone(), None).await else {
            return Ok(Sent::Answered(Outcome::NoAnswer));
        };
        if request.repeat {
            let first = &exchange.response;
            if !retried && rotated(first, &nonce_before) {
                retried = true;
                continue;
            }
            if !(200..300).contains(&first.status) {
                return Ok(Sent::NotJudged(format!(
                    "the first sending, a fresh proof, got {} (2xx needed), so a replay proves nothing",
                    first.status
                )));
            }
            let Ok(second) = sender.raw(target, request.headers, None).await else {
                return Ok(Sent::Answered(Outcome::NoAnswer));
            };
            exchange = second;
        } else if !retried && rotated(&exchange.response, &nonce_before) {
            retried = true;
            continue;
        }
        return Ok(Sent::Answered(Outcome::Status(exchange.response.status)));
    }
}
