//! `auth0-tok init`: write a `.env` for a tenant, interactively.
//!
//! The questions, in order: whether to replace an existing file (first, so
//! a "no" costs no typing and changes nothing); the tenant domain, asked
//! again until it is valid and its discovery document answers; the API
//! audience, client id and secret, which one token request can test (asked
//! again when the tenant refuses them); a DPoP key.
//!
//! The file holds plain `KEY=value` lines, a value in single quotes when it
//! has anything but URL-safe characters: literal for every `.env` reader,
//! never `$`-expanded. A value no such line can hold (a `'` or a control
//! character) is refused at its prompt. With `--json`, a summary of what
//! was written (names, never values) ends the conversation on stdout.

use std::io::IsTerminal;
use std::path::Path;

use auth0_tok::Issuer;
use auth0_tok::discovery::Discovery;
use auth0_tok::dpop::DpopKey;
use auth0_tok::oauth::client as token_client;
use auth0_tok::oauth::{ClientAuth, Grant, TokenResponse};
use auth0_tok::types::ClientSecret;
use clap::Args;
use colored::Colorize;
use dialoguer::{Confirm, Input, Password};

use super::output::one_line as sanitize;
use super::{Context, UsageError};

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  auth0-tok init        # asks for domain, audience, client id and secret; can test them; writes .env (0600)"
)]
pub struct InitArgs {
    /// Where to write the variables
    #[arg(long, default_value = ".env", value_name = "FILE")]
    out: std::path::PathBuf,
}

/// What the user answered about the API and the application.
#[derive(Debug, Default)]
struct Client {
    audience: String,
    client_id: String,
    secret: Option<ClientSecret>,
}

fn prompt_err(e: dialoguer::Error) -> anyhow::Error {
    UsageError(format!("prompt: {e}")).into()
}

fn confirm(prompt: &str, default: bool) -> anyhow::Result<bool> {
    Confirm::new()
        .with_prompt(prompt)
        .default(default)
        .interact()
        .map_err(prompt_err)
}

pub async fn run(args: InitArgs, ctx: &Context) -> anyhow::Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(UsageError(
            "init asks questions, so it needs a terminal; elsewhere write the file yourself: AUTH0_DOMAIN=…, AUTH0_AUDIENCE=…, AUTH0_CLIENT_ID=…, AUTH0_CLIENT_SECRET=…".into(),
        )
        .into());
    }
    // `lstat`: a symlink (even a dangling one) is a file that exists.
    let existed = args.out.symlink_metadata().is_ok();
    if existed
        && !confirm(
            &format!("{} exists; replace it?", args.out.display()),
            false,
        )?
    {
        eprintln!("left {} unchanged", args.out.display());
        return summary(ctx, &args.out, None);
    }
    let (issuer, discovery) = ask_tenant(ctx).await?;
    let mut client = Client::default();
    loop {
        ask_client(&mut client)?;
        let Some(secret) = &client.secret else { break };
        if !confirm("Test them with one token request?", true)? {
            break;
        }
        match test_credentials(ctx, &issuer, &discovery, &client, secret).await {
            Ok(token) => {
                eprintln!(
                    "{} the tenant issued a {} token for {} (expires in {} s{})",
                    "✔".green(),
                    sanitize(&token.token_type),
                    client.audience,
                    token.expires_in,
                    token
                        .scope
                        .as_deref()
                        .map(|s| format!(", scope {}", sanitize(s)))
                        .unwrap_or_default()
                );
                break;
            }
            Err(e) => {
                eprintln!("{} {}", "✘".red(), sanitize(&format!("{e:#}")));
                if !confirm("Enter the audience, client id and secret again?", true)? {
                    eprintln!("keeping them as entered");
                    break;
                }
            }
        }
    }
    let mut contents = String::new();
    let mut variables = Vec::new();
    let mut set = |key: &'static str, value: &str| {
        let value = env_value(value).expect("validated at its prompt");
        contents.push_str(&format!("{key}={value}\n"));
        variables.push(key);
    };
    set("AUTH0_DOMAIN", issuer.as_str());
    set("AUTH0_AUDIENCE", &client.audience);
    if !client.client_id.is_empty() {
        set("AUTH0_CLIENT_ID", &client.client_id);
    }
    if let Some(secret) = &client.secret {
        set("AUTH0_CLIENT_SECRET", secret.expose());
    }
    if confirm("Generate a DPoP key (dpop.pem)?", false)? {
        let path = Path::new("dpop.pem");
        if path.symlink_metadata().is_ok() {
            eprintln!("dpop.pem exists; keeping it");
        } else {
            let key = DpopKey::generate()?;
            super::dpop::write_private_file(path, key.to_pem()?.as_bytes(), false)?;
            eprintln!("{} dpop.pem (jkt {})", "✔".green(), key.thumbprint());
        }
        set("AUTH0_DPOP_KEY", "dpop.pem");
    }
    // Replace only the file the user agreed to replace: one that appeared
    // since is not overwritten.
    super::dpop::write_private_file(&args.out, contents.as_bytes(), existed)?;
    eprintln!("{} wrote {} (mode 0600)", "✔".green(), args.out.display());
    summary(ctx, &args.out, Some(&variables))
}

/// `--json`: what was written, on stdout (the conversation is on stderr):
/// `{"file", "written", "variables"}`, names only, never a value.
fn summary(ctx: &Context, file: &Path, variables: Option<&[&str]>) -> anyhow::Result<()> {
    if ctx.json {
        let value = serde_json::json!({
            "file": file.display().to_string(),
            "written": variables.is_some(),
            "variables": variables.unwrap_or_default(),
        });
        super::output::write_json(&mut std::io::stdout().lock(), &value)?;
    }
    Ok(())
}

/// Asks for the tenant until its domain is valid and its discovery document
/// answers (or the user stops, with the last failure).
async fn ask_tenant(ctx: &Context) -> anyhow::Result<(Issuer, Discovery)> {
    let tenants = ctx.tenants();
    loop {
        let domain: String = Input::new()
            .with_prompt("Tenant domain (tenant.us.auth0.com)")
            .validate_with(|d: &String| {
                Issuer::from_domain(d)
                    .map_err(|e| e.to_string())
                    .and_then(|i| env_value(i.as_str()).map(|_| ()))
            })
            .interact_text()
            .map_err(prompt_err)?;
        let issuer = Issuer::from_domain(&domain)?;
        eprintln!(
            "checking {} …",
            auth0_tok::discovery::discovery_url(&issuer)
        );
        match tenants.discovery(&issuer).await {
            Ok(discovery) => {
                eprintln!(
                    "{} issuer {}, token endpoint {}",
                    "✔".green(),
                    sanitize(&discovery.issuer),
                    sanitize(discovery.token_endpoint.as_deref().unwrap_or("(fallback)"))
                );
                return Ok((issuer, discovery));
            }
            Err(e) => {
                eprintln!("{} {}", "✘".red(), sanitize(&format!("{e:#}")));
                if !confirm("Try another domain?", true)? {
                    return Err(e.into());
                }
            }
        }
    }
}

/// Asks for the audience, client id and secret, offering the previous
/// answers (but the secret) as defaults.
fn ask_client(client: &mut Client) -> anyhow::Result<()> {
    let literal = |v: &String| env_value(v).map(|_| ());
    let mut audience = Input::<String>::new()
        .with_prompt("API audience (identifier)")
        .validate_with(literal);
    if !client.audience.is_empty() {
        audience = audience.default(client.audience.clone());
    }
    client.audience = audience.interact_text().map_err(prompt_err)?;
    let mut client_id = Input::<String>::new()
        .with_prompt("Client id (empty: none)")
        .allow_empty(true)
        .validate_with(literal);
    if !client.client_id.is_empty() {
        client_id = client_id.default(client.client_id.clone());
    }
    client.client_id = client_id.interact_text().map_err(prompt_err)?;
    client.secret = None;
    if !client.client_id.is_empty() {
        let secret = Password::new()
            .with_prompt("Client secret (empty: none)")
            .allow_empty_password(true)
            .validate_with(|v: &String| env_value(v).map(|_| ()))
            .interact()
            .map_err(prompt_err)?;
        client.secret = Some(ClientSecret::new(secret)).filter(|s| !s.expose().is_empty());
    }
    Ok(())
}

/// One client-credentials request for the audience (no cache, no DPoP):
/// the tenant's answer to exactly these credentials.
async fn test_credentials(
    ctx: &Context,
    issuer: &Issuer,
    discovery: &Discovery,
    client: &Client,
    secret: &ClientSecret,
) -> anyhow::Result<TokenResponse> {
    let endpoint = token_client::token_endpoint(issuer, discovery);
    let grant = Grant::ClientCredentials {
        audience: client.audience.clone(),
        scope: Vec::new(),
        organization: None,
    };
    let auth = ClientAuth::SecretPost {
        client_id: client.client_id.clone(),
        secret: secret.clone(),
    };
    let http = ctx.http();
    token_client::Client::new(&http, ctx.clock.as_ref(), issuer, &auth, &endpoint)
        .request(&grant)
        .await
        .map_err(super::token::client_error)
}

/// `value` as it goes after `KEY=` in the `.env` (the one writer, which
/// the `.env` parser reads back exactly); an error for a value no line can
/// hold.
fn env_value(value: &str) -> Result<String, String> {
    let line = super::env_file::format_line("V", value)
        .ok_or_else(|| "a value with control characters cannot be written to .env".to_owned())?;
    Ok(line["V=".len()..line.len() - 1].to_owned())
}

#[cfg(test)]
mod tests {
    use super::env_value;

    #[test]
    fn env_values_are_plain_when_url_safe_and_single_quoted_otherwise() {
        for plain in [
            "https://tenant.us.auth0.com/",
            "http://127.0.0.1:8080/",
            "abcDEF123-_~",
            "urn:acme:api,v=2,x=%41",
            "dpop.pem",
        ] {
            assert_eq!(env_value(plain).unwrap(), plain);
        }
        for (value, written) in [
            ("pa$$word", "'pa$$word'"),
            ("${HOME}", "'${HOME}'"),
            ("a b # not a comment", "'a b # not a comment'"),
            ("say \"hi\" \\n", "'say \"hi\" \\n'"),
            ("`id`", "'`id`'"),
            ("it's $x", "\"it's \\$x\""),
            ("", ""),
        ] {
            assert_eq!(env_value(value).unwrap(), written, "{value}");
        }
    }

    #[test]
    fn env_values_that_cannot_be_literal_are_refused() {
        for value in ["a\nB=c", "cr\rhere", "bell\u{7}"] {
            assert!(env_value(value).is_err(), "{value:?}");
        }
    }
}
