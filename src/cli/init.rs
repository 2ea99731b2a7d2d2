//! `auth0-tok init`: write a `.env` for a tenant, interactively.

use std::io::IsTerminal;
use std::path::Path;

use auth0_tok::Issuer;
use auth0_tok::dpop::DpopKey;
use clap::Args;
use colored::Colorize;
use dialoguer::{Confirm, Input, Password};

use super::{Context, UsageError};

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  auth0-tok init        # asks for domain, audience, client id and secret; writes .env (0600)"
)]
pub struct InitArgs {
    /// Where to write the variables
    #[arg(long, default_value = ".env", value_name = "FILE")]
    out: std::path::PathBuf,
}

pub async fn run(args: InitArgs, ctx: &Context) -> anyhow::Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(UsageError(
            "init asks questions, so it needs a terminal; elsewhere write the file yourself: AUTH0_DOMAIN=…, AUTH0_AUDIENCE=…, AUTH0_CLIENT_ID=…, AUTH0_CLIENT_SECRET=…".into(),
        )
        .into());
    }
    let prompt_err = |e: dialoguer::Error| UsageError(format!("prompt: {e}"));
    let domain: String = Input::new()
        .with_prompt("Tenant domain (tenant.us.auth0.com)")
        .validate_with(|d: &String| {
            Issuer::from_domain(d)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .interact_text()
        .map_err(prompt_err)?;
    let issuer = Issuer::from_domain(&domain)?;
    eprintln!(
        "checking {} …",
        auth0_tok::discovery::discovery_url(&issuer)
    );
    let discovery = ctx.tenants().discovery(&issuer).await?;
    eprintln!(
        "{} issuer {}, token endpoint {}",
        "✔".green(),
        discovery.issuer,
        discovery.token_endpoint.as_deref().unwrap_or("(fallback)")
    );
    let audience: String = Input::new()
        .with_prompt("API audience (identifier)")
        .interact_text()
        .map_err(prompt_err)?;
    let client_id: String = Input::new()
        .with_prompt("Client id")
        .allow_empty(true)
        .interact_text()
        .map_err(prompt_err)?;
    let secret = if client_id.is_empty() {
        String::new()
    } else {
        Password::new()
            .with_prompt("Client secret")
            .allow_empty_password(true)
            .interact()
            .map_err(prompt_err)?
    };
    if args.out.exists()
        && !Confirm::new()
            .with_prompt(format!("{} exists; replace it?", args.out.display()))
            .default(false)
            .interact()
            .map_err(prompt_err)?
    {
        return Err(UsageError(format!("left {} unchanged", args.out.display())).into());
    }
    let line = |key: &str, value: &str| {
        super::env_file::format_line(key, value)
            .ok_or_else(|| UsageError(format!("{key}: a control character cannot go in a .env")))
    };
    let mut contents = line("AUTH0_DOMAIN", issuer.as_str())? + &line("AUTH0_AUDIENCE", &audience)?;
    if !client_id.is_empty() {
        contents.push_str(&line("AUTH0_CLIENT_ID", &client_id)?);
    }
    if !secret.is_empty() {
        contents.push_str(&line("AUTH0_CLIENT_SECRET", &secret)?);
    }
    if Confirm::new()
        .with_prompt("Generate a DPoP key (dpop.pem)?")
        .default(false)
        .interact()
        .map_err(prompt_err)?
    {
        let path = Path::new("dpop.pem");
        if path.exists() {
            eprintln!("dpop.pem exists; keeping it");
        } else {
            let key = DpopKey::generate()?;
            super::dpop::write_private_file(path, key.to_pem()?.as_bytes(), false)?;
            eprintln!("{} dpop.pem (jkt {})", "✔".green(), key.thumbprint());
        }
        contents.push_str("AUTH0_DPOP_KEY=dpop.pem\n");
    }
    super::dpop::write_private_file(&args.out, contents.as_bytes(), true)?;
    eprintln!("{} wrote {} (mode 0600)", "✔".green(), args.out.display());
    Ok(())
}
