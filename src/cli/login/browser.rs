//! The browser login: the authorization code with PKCE S256, a state and
//! a nonce, through a loopback listener on 127.0.0.1 (RFC 8252); the
//! authorize URL checked first, so a tenant's error page ends the login
//! before anyone waits for a browser that cannot come back.

use std::io::IsTerminal;
use std::time::Duration;

use auth0_tok::oauth::authorize::{self, AuthorizeRequest, Callback};
use auth0_tok::oauth::client as token_client;
use auth0_tok::oauth::loopback::{Loopback, Pages};
use auth0_tok::oauth::pkce::Pkce;
use auth0_tok::oauth::secret::random_b64;
use auth0_tok::oauth::{Grant, TokenResponse};
use auth0_tok::tenant::{TenantKeys, Tenants};
use clap::ValueEnum;

use super::cached::store;
use super::id_token::{IdTokenFrom, verify_id_token};
use super::{Got, Login, LoginRefused, Request, endpoint};
use crate::cli::output::one_line;
use crate::cli::token::client_error;
use crate::cli::{Context, UsageError};

/// The authorization code flow through the browser and a loopback listener.
pub(super) async fn browser_login(login: Login<'_>, ctx: &Context) -> anyhow::Result<Got> {
    let Login {
        request,
        args,
        tenants,
        keys,
    } = login;
    let listener = Loopback::bind(args.port)
        .await
        .map_err(|e| UsageError(format!("--port {}: {e}", args.port)))?;
    let redirect_uri =
        authorize::loopback_redirect_uri(args.redirect_host.as_str(), listener.port());
    let pkce = Pkce::generate();
    let state = random_b64(32);
    let nonce = random_b64(32);
    let url = AuthorizeRequest {
        endpoint: endpoint(&request.issuer, keys, "authorization_endpoint", "authorize"),
        client_id: request.auth.client_id().to_owned(),
        redirect_uri: redirect_uri.clone(),
        scope: request.scope.clone(),
        state: state.clone(),
        nonce: nonce.clone(),
        code_challenge: pkce.challenge.clone(),
        audience: Some(request.audience.clone()),
        organization: request.organization.clone(),
        connection: args.connection.clone(),
        prompt: args.prompt.map(|p| {
            p.to_possible_value()
                .expect("a value")
                .get_name()
                .to_owned()
        }),
        max_age: args.max_age,
        acr_values: args.acr_values.clone(),
    }
    .url()
    .map_err(|e| UsageError(format!("the authorize endpoint: {e}")))?;
    preflight(&url, &redirect_uri, ctx).await?;
    eprintln!("Open this URL to log in: {url}");
    let terminal = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    if !args.no_browser && terminal {
        if let Err(e) = webbrowser::open(&url) {
            eprintln!("note: could not open a browser ({e}); open the URL above");
        }
    }
    let trace = |line: &str| {
        if ctx.verbose {
            eprintln!("* {}", one_line(line));
        }
    };
    let pages = Pages {
        tenant: request.issuer.to_string(),
    };
    let callback = listener
        .wait(
            &state,
            request.issuer.as_str(),
            &redirect_uri,
            &pages,
            Duration::from_secs(args.wait),
            &trace,
        )
        .await
        .map_err(|e| LoginRefused(e.to_string()))?;
    let code = match callback {
        Callback::Code(code) => code,
        Callback::Error(e) => return Err(LoginRefused(e.to_string()).into()),
    };
    let grant = Grant::AuthorizationCode {
        code,
        redirect_uri,
        verifier: pkce.verifier,
    };
    let response = exchange(request, tenants, keys, &grant, ctx).await?;
    let id_claims = verify_id_token(
        request,
        keys,
        &response,
        IdTokenFrom::Code { nonce: &nonce },
        args.max_age,
        ctx,
    )?;
    store(request, &response, ctx);
    Ok(Got {
        response,
        id_claims,
        cached: false,
    })
}

/// GETs the authorize URL without following redirects: the tenant's error
/// page (a redirect URI not allowed, an unknown client) ends the login
/// before anyone waits for a browser that cannot come back.
async fn preflight(url: &str, redirect_uri: &str, ctx: &Context) -> anyhow::Result<()> {
    let http = ctx.http();
    let response = http
        .request(
            "GET",
            url,
            vec![("accept".into(), "text/html".into())],
            None,
            64 * 1024,
        )
        .await?;
    authorize::preflight(response.status, &response.body, redirect_uri)
        .map_err(|e| LoginRefused(e.to_string()))?;
    if (400..500).contains(&response.status) {
        return Err(LoginRefused(format!(
            "the tenant refused the authorize request: HTTP {} ({})",
            response.status,
            one_line(&text_of(&response.body))
        ))
        .into());
    }
    Ok(())
}

/// An HTML page's text, tags dropped, at most 200 characters.
fn text_of(body: &[u8]) -> String {
    let html = String::from_utf8_lossy(body);
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").chars().take(200).collect()
}

/// The code for tokens, sent once: a code is single-use.
async fn exchange(
    request: &Request,
    tenants: &Tenants,
    keys: &TenantKeys,
    grant: &Grant,
    ctx: &Context,
) -> anyhow::Result<TokenResponse> {
    let endpoint = token_client::token_endpoint(&request.issuer, &keys.discovery);
    request
        .client(tenants.http(), ctx, &endpoint)
        .request_once(grant)
        .await
        .map_err(client_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_page_is_shown_as_its_text() {
        assert_eq!(
            text_of(b"<html><body><h1>Oops</h1>\n<p>Callback URL mismatch.</p></body></html>"),
            "Oops Callback URL mismatch."
        );
    }
}
