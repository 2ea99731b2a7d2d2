//! Talking to the token endpoint (feature `net`): the one send with the
//! DPoP nonce retry and the bounded 429/5xx retry, and the revocation call.
//! Requests come from [`super::prepare`], answers go to [`super::parse`].

use std::time::{Duration, Instant};

use super::{MAX_TOKEN_RESPONSE, MAX_TRIES, Prepared, TokenEndpointError, TokenResponse, parse};
use crate::clock::Clock;
use crate::dpop::{DpopKey, ProofClaims, new_jti};
use crate::http::HttpClient;

/// Sends a prepared request: with a DPoP key, a fresh proof per attempt and
/// one retry with the server's nonce on `use_dpop_nonce`; 429 and 5xx are
/// retried with exponential backoff honouring Retry-After, at most
/// [`MAX_TRIES`] times and never past the client's timeout.
pub async fn send(
    http: &HttpClient,
    prepared: &Prepared,
    dpop: Option<&DpopKey>,
    clock: &dyn Clock,
) -> Result<TokenResponse, TokenEndpointError> {
    send_with(http, prepared, dpop, clock, true).await
}

/// [`send`] without the 429/5xx retry: one answer (after a DPoP nonce retry),
/// whatever its status. For device-code polling, where 429 is `slow_down`
/// (RFC 8628 §3.5), and for a refresh, which must never be sent twice: a
/// refresh token is single-use under rotation, and a second try of one the
/// tenant already rotated revokes the whole family.
pub async fn send_once(
    http: &HttpClient,
    prepared: &Prepared,
    dpop: Option<&DpopKey>,
    clock: &dyn Clock,
) -> Result<TokenResponse, TokenEndpointError> {
    send_with(http, prepared, dpop, clock, false).await
}

async fn send_with(
    http: &HttpClient,
    prepared: &Prepared,
    dpop: Option<&DpopKey>,
    clock: &dyn Clock,
    retry_overload: bool,
) -> Result<TokenResponse, TokenEndpointError> {
    let deadline = Instant::now() + http.timeout();
    let mut nonce: Option<String> = None;
    let mut nonce_retried = false;
    let mut tries = 0;
    let mut backoff = Duration::from_millis(250);
    loop {
        tries += 1;
        let mut headers = prepared.headers.clone();
        if let Some(key) = dpop {
            let claims = ProofClaims::new("POST", &prepared.endpoint, clock.now(), new_jti()?)
                .with_nonce(nonce.clone());
            headers.push(("dpop".into(), key.proof(&claims)?));
        }
        let response = http
            .post_form(
                &prepared.endpoint,
                headers,
                &prepared.form,
                MAX_TOKEN_RESPONSE,
            )
            .await?;
        let server_nonce = response.header("dpop-nonce").map(str::to_owned);
        if retry_overload && (response.status == 429 || response.status >= 500) {
            let retry_after = response
                .header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok());
            let wait = retry_after.map_or(backoff, Duration::from_secs);
            if tries >= MAX_TRIES || Instant::now() + wait >= deadline {
                return Err(TokenEndpointError::GaveUp {
                    url: prepared.endpoint.clone(),
                    tries,
                    status: response.status,
                    retry_after,
                });
            }
            http.trace(&format!(
                "  HTTP {}: retrying in {} ms",
                response.status,
                wait.as_millis()
            ));
            tokio::time::sleep(wait).await;
            backoff *= 2;
            continue;
        }
        let parsed = parse(
            &prepared.endpoint,
            response.status,
            server_nonce.as_deref(),
            &response.body,
        );
        match parsed {
            Err(TokenEndpointError::Refused {
                ref error,
                nonce: Some(ref n),
                ..
            }) if error == "use_dpop_nonce" && dpop.is_some() && !nonce_retried => {
                http.trace("  use_dpop_nonce: retrying once with the server's DPoP-Nonce");
                nonce = Some(n.clone());
                nonce_retried = true;
                tries -= 1;
            }
            Ok(t) if dpop.is_some() && t.token_type != "DPoP" => {
                return Err(TokenEndpointError::NotDpopBound {
                    url: prepared.endpoint.clone(),
                    found: t.token_type,
                });
            }
            other => return other,
        }
    }
}

/// Revokes a refresh token (RFC 7009): 200 is success, an unknown token
/// included (§2.2); anything else is the endpoint's error.
pub async fn revoke(http: &HttpClient, prepared: &Prepared) -> Result<(), TokenEndpointError> {
    let response = http
        .post_form(
            &prepared.endpoint,
            prepared.headers.clone(),
            &prepared.form,
            MAX_TOKEN_RESPONSE,
        )
        .await?;
    if response.status == 200 {
        return Ok(());
    }
    match parse(&prepared.endpoint, response.status, None, &response.body) {
        Err(e) => Err(e),
        Ok(_) => Err(TokenEndpointError::NotJson {
            url: prepared.endpoint.clone(),
            status: response.status,
            snippet: String::new(),
        }),
    }
}
