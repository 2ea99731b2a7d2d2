//! `login --device`: the device authorization grant (RFC 8628), for a
//! machine without a browser: a code to enter elsewhere, then the token
//! endpoint polled at the tenant's interval until the user approves.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use auth0_tok::oauth::client as token_client;
use auth0_tok::oauth::device::{DeviceAuthorization, Poll, Poller};
use auth0_tok::oauth::{self, Grant};

use super::cached::store;
use super::id_token::{IdTokenFrom, verify_id_token};
use super::{Got, Login, LoginRefused, endpoint};
use crate::cli::Context;
use crate::cli::output::one_line;

/// The device authorization grant (RFC 8628).
pub(super) async fn device_login(login: Login<'_>, ctx: &Context) -> anyhow::Result<Got> {
    let Login {
        request,
        args,
        tenants,
        keys,
    } = login;
    let url = endpoint(
        &request.issuer,
        keys,
        "device_authorization_endpoint",
        "oauth/device/code",
    );
    let mut form = vec![
        ("client_id".to_owned(), request.auth.client_id().to_owned()),
        ("scope".to_owned(), request.scope.join(" ")),
        ("audience".to_owned(), request.audience.clone()),
    ];
    if let Some(org) = &request.organization {
        form.push(("organization".into(), org.clone()));
    }
    let answer = tenants
        .http()
        .post_form(&url, Vec::new(), &form, oauth::MAX_TOKEN_RESPONSE)
        .await?;
    if answer.status != 200 {
        oauth::parse(&url, answer.status, None, &answer.body)?;
    }
    let device =
        DeviceAuthorization::parse(&url, &answer.body).map_err(|e| LoginRefused(e.to_string()))?;
    eprintln!(
        "To log in, open {} and enter the code {}",
        one_line(&device.verification_uri),
        device.user_code
    );
    if let Some(complete) = &device.verification_uri_complete {
        eprintln!("  (or open {})", one_line(complete));
        let terminal = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
        if !args.no_browser && terminal {
            let _ = webbrowser::open(complete);
        }
    }
    let lifetime = Duration::from_secs(device.expires_in.min(args.wait));
    let deadline = Instant::now() + lifetime;
    let mut poller = Poller::new(&device);
    let grant = Grant::DeviceCode {
        device_code: device.device_code.clone(),
    };
    let endpoint = token_client::token_endpoint(&request.issuer, &keys.discovery);
    let client = request.client(tenants.http(), ctx, &endpoint);
    let response = loop {
        let wait = Duration::from_secs(poller.interval);
        if Instant::now() + wait > deadline {
            return Err(LoginRefused(format!(
                "the login was not approved within {}s",
                lifetime.as_secs()
            ))
            .into());
        }
        tokio::time::sleep(wait).await;
        let prepared = client.prepare(&grant)?;
        // Not `send`: its 429 retry would swallow slow_down (RFC 8628 §3.5).
        let answer = client.send_once(&prepared).await;
        match poller.decide(answer) {
            Ok(Poll::Done(response)) => break *response,
            Ok(Poll::Pending) => {}
            Ok(Poll::SlowDown) => {
                if ctx.verbose {
                    eprintln!("* slow_down: polling every {}s", poller.interval);
                }
            }
            Err(oauth::device::PollError::Device(e)) => {
                return Err(LoginRefused(e.to_string()).into());
            }
            Err(oauth::device::PollError::Endpoint(e)) => return Err(e.into()),
        }
    };
    let id_claims = verify_id_token(request, keys, &response, IdTokenFrom::Device, None, ctx)?;
    store(request, &response, ctx);
    Ok(Got {
        response,
        id_claims,
        cached: false,
    })
}
