//! Sending with a credential, for `call` and `probe`: the `Authorization`
//! header (Bearer, or DPoP with a fresh proof per request), each origin's
//! last DPoP nonce remembered (RFC 9449 §8.2), one retry when the API asks
//! for a nonce (§9), and `probe`'s pacing.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use auth0_tok::dpop::{ProofClaims, new_jti};
use auth0_tok::http::{FetchError, HttpClient, Response};
use auth0_tok::probe::nonce_challenge;
use auth0_tok::verify::HttpRequest;

use super::Target;
use crate::cli::Context;
use crate::cli::credential::Credential;

/// The largest response body read.
const MAX_RESPONSE_BODY: usize = 16 * 1024 * 1024;

/// Sends requests with a credential, remembering each origin's DPoP nonce.
pub(in crate::cli) struct Sender<'a> {
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
pub(in crate::cli) struct Exchange {
    /// The request as the API received it (headers as sent).
    pub request: HttpRequest,
    pub response: Response,
    /// The nonce retry happened.
    pub nonce_retried: bool,
}

/// The origin (scheme, host, port) of `url`, as nonces are remembered.
pub(in crate::cli) fn origin(url: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_identify_scheme_host_and_port() {
        assert_eq!(origin("https://a.example/x?y"), "https://a.example");
        assert_eq!(origin("http://127.0.0.1:8080/a"), "http://127.0.0.1:8080");
    }
}
