//! `auth0-tok mock logout`: what Auth0 does when a user logs out of a
//! tenant with back-channel logout configured — a signed logout token
//! POSTed as a form to the application's back-channel logout URL. The
//! token comes from the mock tenant's `POST /test/logout-token`.

use std::time::Duration;

use anyhow::Context as _;
use auth0_tok::escape::escape_untrusted;
use auth0_tok::http::HttpClient;
use auth0_tok::tenant::TenantError;
use auth0_tok::types::Issuer;
use clap::Args;
use serde_json::json;

use super::super::{Context, UsageError};

/// The largest answer read from the tenant or the application.
const MAX_BODY: usize = 64 * 1024;

pub const ABOUT: &str = "\
Send a back-channel logout token to an application, as Auth0 does when a
user logs out (OpenID Connect Back-Channel Logout 1.0).

The tenant is a mock tenant (`auth0-tok mock serve`), named by --domain,
AUTH0_DOMAIN or a .env like other commands: it signs the logout token
(typ logout+jwt, with iss, aud = the client id, iat, exp, jti, the `sub`
and/or `sid` given, and the back-channel logout event). The token is POSTed
as application/x-www-form-urlencoded `logout_token=…` to --url, and the
application's status is printed.

Exit codes: 0 when the application answers 2xx, 1 on 4xx (it refused the
token), 5 on any other status, 4 when the tenant or the application cannot
be reached.";

const EXAMPLES: &str = "\
Examples:
  auth0-tok mock logout --url http://localhost:8000/auth/backchannel-logout --sub 'auth0|123' --sid abc
  AUTH0_DOMAIN=http://127.0.0.1:8080/ auth0-tok mock logout --url http://127.0.0.1:3000/logout --sid abc
  auth0-tok mock logout --domain http://127.0.0.1:8080/ --url http://127.0.0.1:3000/logout \\
      --sub 'auth0|123' --client-id mock-client";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct LogoutArgs {
    /// The application's back-channel logout URL
    #[arg(long, value_name = "APP_URL")]
    url: String,

    /// The user whose sessions end (the token's `sub`)
    #[arg(long, value_name = "SUB")]
    sub: Option<String>,

    /// The session that ends (the token's `sid`)
    #[arg(long, value_name = "SID")]
    sid: Option<String>,

    /// The application the token is for (its `aud`) [default: the tenant's first client]
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,

    /// The mock tenant's URL
    #[arg(long, env = "AUTH0_DOMAIN", value_name = "DOMAIN")]
    pub(in crate::cli) domain: Vec<String>,
}

/// The application answered something else than 2xx.
#[derive(Debug, thiserror::Error)]
#[error("the application answered HTTP {status}{}", if (400..500).contains(.status) { " (it refused the logout token)" } else { "" })]
pub struct AppAnswered {
    pub status: u16,
}

pub async fn run(args: LogoutArgs, ctx: &Context) -> anyhow::Result<()> {
    if args.sub.is_none() && args.sid.is_none() {
        return Err(UsageError(
            "mock logout: give --sub, --sid or both (a logout token names the user or the session)"
                .into(),
        )
        .into());
    }
    let domain = match args.domain.as_slice() {
        [one] => one.split(',').next().unwrap_or(one).trim().to_owned(),
        [] => {
            return Err(UsageError(
                "mock logout: no tenant: give --domain (the mock tenant's URL) or AUTH0_DOMAIN"
                    .into(),
            )
            .into());
        }
        _ => return Err(UsageError("mock logout: give one --domain".into()).into()),
    };
    let tenant = Issuer::from_domain(&domain)
        .map_err(|e| UsageError(format!("--domain {}: {e}", escape_untrusted(&domain))))?;
    let app = url::Url::parse(&args.url)
        .map_err(|e| UsageError(format!("--url {}: {e}", escape_untrusted(&args.url))))?;
    let timeout = if ctx.timeout.is_zero() {
        Duration::from_secs(10)
    } else {
        ctx.timeout
    };
    let http = HttpClient::new(timeout);
    let endpoint = format!("{tenant}test/logout-token");
    let mut request = json!({});
    for (name, value) in [
        ("sub", &args.sub),
        ("sid", &args.sid),
        ("client_id", &args.client_id),
    ] {
        if let Some(value) = value {
            request[name] = json!(value);
        }
    }
    let answer = http
        .request(
            "POST",
            &endpoint,
            vec![("content-type".into(), "application/json".into())],
            Some(request.to_string().into_bytes()),
            MAX_BODY,
        )
        .await
        .with_context(|| format!("asking the mock tenant at {endpoint} for a logout token"))?;
    let body = auth0_tok::jose::parse_object(&answer.body, auth0_tok::jose::Part::Payload).ok();
    let token = body
        .as_ref()
        .and_then(|o| o.get("logout_token"))
        .and_then(|v| v.as_str())
        .filter(|_| answer.status == 200);
    let Some(token) = token else {
        let description = body
            .as_ref()
            .and_then(|o| o.get("error_description"))
            .and_then(|v| v.as_str())
            .map(|d| escape_untrusted(d).into_owned())
            .unwrap_or_else(|| "no logout_token in its answer (is it a mock tenant?)".into());
        return Err(anyhow::Error::new(TenantError::Status {
            url: endpoint,
            status: answer.status,
            snippet: description,
        })
        .context("getting a logout token from the mock tenant"));
    };
    let sent = http
        .post_form(
            app.as_str(),
            Vec::new(),
            &[("logout_token".to_owned(), token.to_owned())],
            MAX_BODY,
        )
        .await;
    let status = match sent {
        Ok(r) => r.status,
        Err(auth0_tok::http::FetchError::Redirect { status, .. }) => status,
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "sending the logout token to {}",
                escape_untrusted(app.as_str())
            )));
        }
    };
    if ctx.json {
        println!("{}", json!({ "url": app.as_str(), "status": status }));
    } else {
        println!("{} answered HTTP {status}", escape_untrusted(app.as_str()));
    }
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(AppAnswered { status }.into())
    }
}
