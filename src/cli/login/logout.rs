//! `auth0-tok logout`: the cached logins of a tenant and client revoked at
//! the tenant (RFC 7009), then forgotten here; `--no-revoke` only forgets.

use auth0_tok::Issuer;
use auth0_tok::dpop::new_jti;
use auth0_tok::oauth::cache as token_cache;
use auth0_tok::oauth::secret::RefreshToken;
use auth0_tok::oauth::{self, ClientAuth};
use serde_json::json;

use super::{LogoutArgs, endpoint};
use crate::cli::Context;
use crate::cli::output::{one_line, write_json};

pub async fn run_logout(args: LogoutArgs, ctx: &Context) -> anyhow::Result<()> {
    let issuer = args.client.issuer(ctx, false)?;
    let auth = args.client.auth()?;
    let Some(cache) = ctx.cache() else {
        return report_logout(&issuer, &auth, 0, 0, ctx);
    };
    // Revoke first, forget after: a refresh token forgotten but not revoked
    // would stay valid at the tenant with nothing left to revoke it with.
    let mut revoked = 0;
    if !args.no_revoke {
        let tokens = token_cache::user_refresh_tokens(&cache, issuer.as_str(), auth.client_id())?;
        if !tokens.is_empty() {
            let tenants = ctx.tenants();
            let keys = tenants.keys(&issuer).await?;
            let url = endpoint(&issuer, &keys, "revocation_endpoint", "oauth/revoke");
            let mut failed = None;
            for token in &tokens {
                match revoke(&url, &issuer, token, &auth, ctx).await {
                    Ok(()) => revoked += 1,
                    Err(e) => failed = Some(e),
                }
            }
            if let Some(e) = failed {
                return Err(e.context(format!(
                    "{} of {} refresh token(s) could not be revoked; the cached logins are kept: \
                     run `auth0-tok logout` again (or --no-revoke to only forget them)",
                    tokens.len() - revoked,
                    tokens.len()
                )));
            }
        }
    }
    let (removed, _) = token_cache::forget_users(&cache, issuer.as_str(), auth.client_id())?;
    report_logout(&issuer, &auth, removed, revoked, ctx)
}

fn report_logout(
    issuer: &Issuer,
    auth: &ClientAuth,
    removed: usize,
    revoked: usize,
    ctx: &Context,
) -> anyhow::Result<()> {
    if ctx.json {
        write_json(
            &mut std::io::stdout().lock(),
            &json!({"removed": removed, "revoked": revoked}),
        )?;
    } else {
        eprintln!(
            "logged out of {issuer} ({}): {removed} cached login(s) forgotten, {revoked} refresh token(s) revoked",
            one_line(auth.client_id())
        );
    }
    Ok(())
}

async fn revoke(
    url: &str,
    issuer: &Issuer,
    token: &RefreshToken,
    auth: &ClientAuth,
    ctx: &Context,
) -> anyhow::Result<()> {
    let prepared = oauth::prepare_revoke(url, issuer, token, auth, ctx.clock.now(), &new_jti()?)?;
    Ok(oauth::revoke(&ctx.http(), &prepared).await?)
}
