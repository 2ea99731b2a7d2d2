//! `auth0-tok exchange`: Token Vault (the upstream token of a connection),
//! on-behalf-of, and custom RFC 8693 token exchange. The subject token is
//! sent verbatim, so it is checked as it is, never trimmed.

use auth0_tok::oauth::client::TokenSource;
use auth0_tok::oauth::{self, ACCESS_TOKEN_TYPE, Grant, SubjectTokenType};
use auth0_tok::types::TokenSecret;

use super::{ExchangeArgs, client_error, note_ungranted, print};
use crate::cli::{Context, UsageError};

pub async fn run_exchange(args: ExchangeArgs, ctx: &Context) -> anyhow::Result<()> {
    args.client.check_output(ctx.json)?;
    let mut credentials = args.client.credentials();
    credentials.push("subject_token");
    let issuer = ctx.credential_issuer(&credentials)?;
    let subject = args.subject_token.expose();
    check_subject_token(subject)?;
    let subject = TokenSecret::new(subject);
    let scope = crate::cli::input::scopes_checked(&args.scope)?;
    let requested = scope.clone();
    let grant = if let Some(connection) = &args.connection {
        let subject_token_type = match args.subject_token_type.as_deref() {
            None | Some("access_token") | Some("urn:ietf:params:oauth:token-type:access_token") => {
                SubjectTokenType::AccessToken
            }
            Some("refresh_token") | Some("urn:ietf:params:oauth:token-type:refresh_token") => {
                SubjectTokenType::RefreshToken
            }
            Some(other) => {
                return Err(UsageError(format!("--subject-token-type {other:?}: Token Vault takes access_token or refresh_token")).into());
            }
        };
        Grant::TokenVault {
            subject_token: subject,
            subject_token_type,
            connection: connection.clone(),
            login_hint: args.login_hint.clone(),
        }
    } else if args.on_behalf_of {
        Grant::Exchange {
            subject_token: subject,
            subject_token_type: ACCESS_TOKEN_TYPE.into(),
            audience: args.audience.clone(),
            scope,
            requested_token_type: Some(ACCESS_TOKEN_TYPE.into()),
            organization: args.organization.clone(),
            extra: oauth::parse_extra(&args.params).map_err(param_error)?,
        }
    } else {
        let token_type = args.subject_token_type.clone().ok_or_else(|| {
            UsageError("what kind of exchange? pass --connection (Token Vault), --on-behalf-of, or --subject-token-type URI (custom token exchange)".into())
        })?;
        oauth::validate_custom_token_type(&token_type).map_err(|e| UsageError(e.to_string()))?;
        Grant::Exchange {
            subject_token: subject,
            subject_token_type: token_type,
            audience: args.audience.clone(),
            scope,
            requested_token_type: args.requested_token_type.clone(),
            organization: args.organization.clone(),
            extra: oauth::parse_extra(&args.params).map_err(param_error)?,
        }
    };
    let auth = args.client.auth(&issuer)?;
    let dpop = args.client.dpop_key()?;
    let tenants = ctx.tenants();
    let response = TokenSource::new(&tenants, ctx.clock.as_ref(), None)
        .request(&issuer, &auth, dpop.as_ref(), &grant)
        .await
        .map_err(client_error)?;
    if !matches!(grant, Grant::TokenVault { .. }) {
        note_ungranted(&requested, &response, ctx);
    }
    let expires_at = ctx.clock.now() + response.expires_in as i64;
    print(
        &response,
        expires_at,
        false,
        &args.client,
        dpop.as_ref(),
        ctx,
    )
}

/// `--subject-token` as the exchange sends it: verbatim, so surrounding
/// whitespace is refused, not trimmed as `verify` trims its token (a
/// subject token may be an opaque custom token, where a space is data),
/// and an `Authorization` scheme is refused as `verify` refuses it.
fn check_subject_token(subject: &str) -> Result<(), UsageError> {
    match oauth::validate_subject_token(subject) {
        Err(oauth::GrantError::Whitespace) => Err(UsageError(
            "the subject token has leading or trailing whitespace, which is not part of a token: it is sent verbatim, so it is not trimmed (check how it was copied or quoted)".into(),
        )),
        Err(e) => Err(UsageError(e.to_string())),
        Ok(()) => match crate::cli::input::scheme_prefix(subject, "subject token") {
            Some(refusal) => Err(UsageError(refusal)),
            None => Ok(()),
        },
    }
}

/// A `--param` value refused by [`oauth::parse_extra`], said in terms of
/// the option.
fn param_error(e: oauth::GrantError) -> UsageError {
    UsageError(match e {
        oauth::GrantError::ReservedParam(name) => {
            format!("parameter {name:?} is reserved and cannot be set with --param")
        }
        oauth::GrantError::BadParam(given) => format!("--param {given:?}: expected NAME=VALUE"),
        other => other.to_string(),
    })
}
