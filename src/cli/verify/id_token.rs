//! `verify --id-token` and `verify --logout-token`: the tokens Auth0 issues
//! to an application (not to an API), checked for `--client-id` with the
//! tenant's keys ([`IdTokenPolicy`], [`LogoutTokenPolicy`]).

use std::io::Write;

use auth0_tok::Issuer;
use auth0_tok::clock::UnixTime;
use auth0_tok::dangerous::decode_unverified;
use auth0_tok::jose::Object;
use auth0_tok::jwk::JwkSet;
use auth0_tok::verify::{
    IdTokenError, IdTokenPolicy, LogoutTokenError, LogoutTokenPolicy, Shown, TokenError,
};
use colored::Colorize;
use serde_json::{Value, json};

use super::super::api::Keys;
use super::super::output::one_line;
use super::super::{Context, Reported, UsageError, input};
use super::VerifyArgs;
use super::report::{print, write_fixes, write_parts, write_unverified};

/// Which token the user said this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Id,
    Logout,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Id => "ID token",
            Kind::Logout => "logout token",
        }
    }

    fn json(self) -> &'static str {
        match self {
            Kind::Id => "id_token",
            Kind::Logout => "logout_token",
        }
    }
}

/// A verified token of either kind: what the report shows.
struct Verified {
    header: Object,
    claims: Object,
    alg: String,
    /// What was present but not checked, and which flag would check it.
    unchecked: Vec<String>,
}

/// A rejection of either kind.
#[derive(Debug, thiserror::Error)]
enum Rejection {
    #[error(transparent)]
    Id(#[from] IdTokenError),
    #[error(transparent)]
    Logout(#[from] LogoutTokenError),
}

impl Rejection {
    /// The signature check failed on a `kid` the key set lacks.
    fn unknown_kid(&self) -> Option<&str> {
        let signature = match self {
            Rejection::Id(IdTokenError::Signature(e))
            | Rejection::Logout(LogoutTokenError::AsIdToken(IdTokenError::Signature(e))) => e,
            _ => return None,
        };
        match signature {
            TokenError::UnknownKid { kid, .. } => Some(&kid.0),
            _ => None,
        }
    }

    /// Failed before the signature: the keys are not needed to say so.
    fn before_signature(&self) -> bool {
        !matches!(
            self,
            Rejection::Id(IdTokenError::Signature(_))
                | Rejection::Logout(LogoutTokenError::AsIdToken(IdTokenError::Signature(_)))
        )
    }

    fn into_error(self) -> anyhow::Error {
        match self {
            Rejection::Id(e) => e.into(),
            Rejection::Logout(e) => e.into(),
        }
    }
}

/// The flags of `--id-token` / `--logout-token`, resolved.
struct Policy {
    kind: Kind,
    id: Option<IdTokenPolicy>,
    logout: Option<LogoutTokenPolicy>,
    client_id: String,
    /// `--access-token` was given: `at_hash` is checked.
    access_token_given: bool,
}

impl Policy {
    fn verify(&self, token: &str, keys: &JwkSet, ctx: &Context) -> Result<Verified, Rejection> {
        let clock = ctx.clock.as_ref();
        if let Some(policy) = &self.id {
            let t = policy.verify(token, keys, clock)?;
            let mut unchecked = Vec::new();
            if t.unchecked_nonce().is_some() {
                unchecked.push("nonce (give the login request's nonce with --nonce)".to_owned());
            }
            if t.claims().contains_key("at_hash") && !self.access_token_given {
                unchecked
                    .push("at_hash (give the access token issued with it: --access-token)".into());
            }
            return Ok(Verified {
                header: t.header().object().clone(),
                claims: t.claims().object().clone(),
                alg: t.alg().to_string(),
                unchecked,
            });
        }
        let policy = self.logout.as_ref().expect("one of the two policies");
        let t = policy.verify(token, keys, clock)?;
        Ok(Verified {
            header: t.header().object().clone(),
            claims: t.claims().object().clone(),
            alg: t.alg().to_string(),
            unchecked: vec!["jti replay (remember each jti; §2.6 step 8)".into()],
        })
    }
}

pub(super) async fn run(args: &VerifyArgs, kind: Kind, ctx: &Context) -> anyhow::Result<()> {
    let (policy, token) = resolve(args, kind, ctx)?;
    let keys = args.api.keys(ctx).await?;
    let outcome = match &keys {
        Keys::Pinned(set) => policy.verify(&token, set, ctx),
        Keys::Tenant(tenants) => {
            // Anything wrong before the signature is said without a fetch.
            match policy.verify(&token, &JwkSet::default(), ctx) {
                Err(e) if !e.before_signature() => {
                    let issuer = policy.issuer();
                    let fetched = tenants.keys(issuer).await?;
                    match policy.verify(&token, &fetched.keys, ctx) {
                        Err(e) if e.unknown_kid().is_some() => {
                            let kid = e.unknown_kid().unwrap_or_default().to_owned();
                            match tenants.refetch(issuer, &fetched).await? {
                                Ok(fresh) => policy.verify(&token, &fresh.keys, ctx),
                                Err(why) => Err(unknown_kid(kind, &kid, why)),
                            }
                        }
                        other => other,
                    }
                }
                other => other,
            }
        }
    };
    finish(outcome, &token, &policy, args.quiet, ctx)
}

/// An unknown `kid` the key set was not refetched for, with the reason.
fn unknown_kid(kind: Kind, kid: &str, why: auth0_tok::verify::NoRefetch) -> Rejection {
    let e = IdTokenError::Signature(TokenError::UnknownKid {
        kid: Shown::new(kid),
        refetch_note: Some(why),
    });
    match kind {
        Kind::Id => e.into(),
        Kind::Logout => LogoutTokenError::AsIdToken(e).into(),
    }
}

impl Policy {
    fn issuer(&self) -> &Issuer {
        match (&self.id, &self.logout) {
            (Some(p), _) => p.issuer(),
            (_, Some(p)) => p.issuer(),
            _ => unreachable!("one of the two policies"),
        }
    }
}

/// Flags → policy, refusing those that would have no effect.
fn resolve(args: &VerifyArgs, kind: Kind, ctx: &Context) -> anyhow::Result<(Policy, String)> {
    let flag = match kind {
        Kind::Id => "--id-token",
        Kind::Logout => "--logout-token",
    };
    if args.quiet && ctx.json {
        return Err(UsageError(
            "--quiet prints nothing and --json prints a JSON report: choose one".into(),
        )
        .into());
    }
    if ctx.settings.typed_on_command_line("audience") {
        return Err(UsageError(format!(
            "--audience does not apply to {flag}: the token is for the application (--client-id), not an API"
        ))
        .into());
    }
    let mut proof_flags = args.dpop_options.proof_flags();
    if kind == Kind::Id {
        // --nonce is the login request's nonce here.
        proof_flags.retain(|f| *f != "--nonce");
    }
    if let Some(other) = proof_flags.first() {
        let why = if *other == "--nonce" {
            "a logout token never carries a nonce (Back-Channel Logout 1.0 §2.6 step 7)"
        } else {
            "it judges a DPoP proof"
        };
        return Err(UsageError(format!("{other} does not apply to {flag}: {why}")).into());
    }
    if ctx.settings.typed_on_command_line("hs256_secret") {
        return Err(UsageError(format!(
            "--hs256-secret does not apply to {flag}: ID and logout tokens are checked with the tenant's public keys"
        ))
        .into());
    }
    let client_id = args
        .client_id
        .clone()
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| {
            UsageError(format!(
                "{flag} needs the application's client id: pass --client-id or set AUTH0_CLIENT_ID"
            ))
        })?;
    let algorithms = args.api.algorithms(&IdTokenPolicy::DEFAULT_ALGORITHMS)?;
    if let Some(hs) = algorithms.iter().find(|a| a.is_symmetric()) {
        return Err(UsageError(format!(
            "--algorithm {hs}: {flag} checks tokens signed with the tenant's keys; ID tokens signed with the client secret (HS256) are not supported"
        ))
        .into());
    }
    let token = input::token(args.token.as_deref(), "token")?;
    let issuer = choose_issuer(args.api.issuers(ctx)?, &token);
    let leeway = args.api.leeway;
    let mut policy = Policy {
        kind,
        id: None,
        logout: None,
        client_id: client_id.clone(),
        access_token_given: args.access_token.is_some(),
    };
    match kind {
        Kind::Id => {
            let mut p = IdTokenPolicy::new(issuer, client_id)
                .with_leeway(leeway)
                .with_algorithms(algorithms);
            if let Some(nonce) = &args.dpop_options.nonce {
                p = p.with_nonce(nonce.clone());
            }
            if let Some(max_age) = args.max_age {
                p = p.with_max_age(max_age);
            }
            if let Some(at) = &args.access_token {
                p = p.with_access_token(input::token(Some(at), "access token")?);
            }
            policy.id = Some(p);
        }
        Kind::Logout => {
            policy.logout = Some(
                LogoutTokenPolicy::new(issuer, client_id)
                    .with_leeway(leeway)
                    .with_algorithms(algorithms),
            );
        }
    }
    Ok((policy, token))
}

/// The configured issuer the token claims, else the first configured one
/// (then the issuer check says which was expected).
fn choose_issuer(issuers: Vec<Issuer>, token: &str) -> Issuer {
    let claimed = decode_unverified(token).ok().and_then(|d| {
        d.claims
            .get("iss")
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    let position = claimed
        .and_then(|iss| issuers.iter().position(|i| i.as_str() == iss))
        .unwrap_or(0);
    issuers
        .into_iter()
        .nth(position)
        .expect("at least one issuer is configured")
}

/// The "fix:" lines for a rejection: the common mix-ups of token kinds.
fn fixes(e: &Rejection, policy: &Policy) -> Vec<String> {
    match e {
        Rejection::Id(IdTokenError::AccessTokenGiven { .. }) => vec![
            "verify it as an access token: `auth0-tok verify --audience API TOKEN` (without --id-token)"
                .into(),
        ],
        Rejection::Id(IdTokenError::LogoutTokenGiven) => {
            vec!["verify it with --logout-token instead of --id-token".into()]
        }
        Rejection::Logout(LogoutTokenError::NoncePresent(_) | LogoutTokenError::MissingEvents) => {
            vec!["an ID token? verify it with --id-token instead of --logout-token".into()]
        }
        Rejection::Id(IdTokenError::AudienceMismatch { .. })
        | Rejection::Logout(LogoutTokenError::AsIdToken(IdTokenError::AudienceMismatch {
            ..
        })) => vec![format!(
            "the token is for another application: check --client-id (given: {})",
            one_line(&policy.client_id)
        )],
        Rejection::Id(IdTokenError::NonceMismatch { .. } | IdTokenError::MissingNonce) => {
            vec!["--nonce must be the nonce the login request sent".into()]
        }
        Rejection::Id(IdTokenError::AuthenticationTooOld { .. }) => {
            vec!["log in again (the token's auth_time is older than --max-age)".into()]
        }
        _ => Vec::new(),
    }
}

fn finish(
    outcome: Result<Verified, Rejection>,
    token: &str,
    policy: &Policy,
    quiet: bool,
    ctx: &Context,
) -> anyhow::Result<()> {
    let fixes = match &outcome {
        Err(e) => fixes(e, policy),
        Ok(_) => Vec::new(),
    };
    let now = ctx.clock.now();
    print(
        quiet,
        ctx,
        || outcome_json(&outcome, policy, &fixes),
        |out| report(out, &outcome, token, policy, now, &fixes),
    )?;
    match outcome {
        Ok(_) => Ok(()),
        Err(e) => Err(Reported(e.into_error()).into()),
    }
}

fn outcome_json(outcome: &Result<Verified, Rejection>, policy: &Policy, fixes: &[String]) -> Value {
    let mut v = match outcome {
        Ok(t) => json!({
            "valid": true,
            "kind": policy.kind.json(),
            "header": t.header,
            "claims": t.claims,
            "issuer": policy.issuer().as_str(),
            "client_id": policy.client_id,
            "unchecked": t.unchecked,
        }),
        Err(e) => json!({
            "valid": false,
            "kind": policy.kind.json(),
            "error": "invalid_token",
            "error_description": e.to_string(),
            "status": null,
        }),
    };
    if !fixes.is_empty() {
        v["fixes"] = json!(fixes);
    }
    v
}

fn report(
    out: &mut impl Write,
    outcome: &Result<Verified, Rejection>,
    token: &str,
    policy: &Policy,
    now: UnixTime,
    fixes: &[String],
) -> std::io::Result<()> {
    match outcome {
        Ok(t) => {
            writeln!(
                out,
                "{}  {} {} from {} for client {}",
                "VALID".green().bold(),
                t.alg,
                policy.kind.name(),
                one_line(policy.issuer().as_str()),
                one_line(&policy.client_id)
            )?;
            for what in &t.unchecked {
                writeln!(out, "{}  not checked: {what}", "NOTE".yellow())?;
            }
            write_parts(out, &t.header, &t.claims, now)?;
        }
        Err(e) => {
            writeln!(
                out,
                "{}  {}: {}",
                "INVALID".red().bold(),
                policy.kind.name(),
                one_line(&e.to_string())
            )?;
            if let Some(TokenError::UnknownKid {
                refetch_note: Some(note),
                ..
            }) = match e {
                Rejection::Id(IdTokenError::Signature(s))
                | Rejection::Logout(LogoutTokenError::AsIdToken(IdTokenError::Signature(s))) => {
                    Some(s)
                }
                _ => None,
            } {
                writeln!(out, "  {note}")?;
            }
            write_fixes(out, fixes)?;
            write_unverified(out, token, now)?;
        }
    }
    Ok(())
}
