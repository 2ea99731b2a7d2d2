//! What describes "my API", shared by `verify` and `request`: audiences,
//! issuers, algorithms, keys — resolved once into a policy and a key source.

use std::path::Path;

use auth0_tok::Issuer;
use auth0_tok::jose::Algorithm;
use auth0_tok::jwk::JwkSet;
use auth0_tok::jwks;
use auth0_tok::tenant::{TenantError, Tenants, VerifyFailure};
use auth0_tok::types::HmacSecret;
use auth0_tok::verify::{
    AccessTokenPolicy, Decision, HttpRequest, RequestPolicy, VerifiedToken, verify_request,
};
use clap::Args;

use super::input::SecretArg;
use super::{Context, UsageError};

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// The API identifier the token must be for; repeat to accept any of several
    /// (in AUTH0_AUDIENCE, and only there, separate them with commas)
    #[arg(long, env = "AUTH0_AUDIENCE", value_name = "AUDIENCE")]
    pub audience: Vec<String>,

    /// Expected issuer, overriding the one derived from --domain; repeatable
    #[arg(long, value_name = "URL")]
    pub issuer: Vec<String>,

    /// Verify against this key set (a JWKS file, or an https URL) instead of the tenant's
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,

    /// Seconds of clock skew tolerated for exp and nbf
    #[arg(long, default_value_t = 0, value_name = "SECS")]
    pub leeway: u64,

    /// Allowed signing algorithm; repeatable [default: RS256, PS256 for verify; RS256, as the SDK, for request]
    #[arg(long = "algorithm", value_name = "ALG")]
    pub algorithms: Vec<String>,

    /// Accept HS256 tokens signed with this secret (APIs using HS256 signing):
    /// @FILE reads it from a file, - from stdin; AUTH0_HS256_SECRET is taken from
    /// the environment, never from a .env
    #[arg(
        long,
        env = "AUTH0_HS256_SECRET",
        value_name = "SECRET|@FILE|-",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub hs256_secret: Option<SecretArg>,
}

/// Where verification keys come from.
pub enum Keys {
    /// The tenants' discovery + JWKS (cached).
    Tenant(Tenants),
    /// A pinned key set (`--jwks`).
    Pinned(JwkSet),
}

/// Whether a command may accept HS* tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hmac {
    /// `verify`: where the user names both `--algorithm HS256` and the secret.
    WhenNamed,
    /// `request`: never, as auth0-api-python refuses HS* whatever the secret.
    Never,
}

impl ApiArgs {
    /// The secret-taking options, for resolution before the command runs.
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        self.hs256_secret
            .iter_mut()
            .map(|s| ("hs256_secret", s))
            .collect()
    }

    /// The issuers tokens must come from: `--issuer`, else the tenant's.
    pub fn issuers(&self, ctx: &Context) -> anyhow::Result<Vec<Issuer>> {
        Ok(if self.issuer.is_empty() {
            if self.jwks.is_some() && ctx.domains.is_empty() {
                // A key set says nothing of who issues the tokens it verifies.
                return Err(UsageError(
                    "--jwks needs the issuer the tokens must come from: pass --issuer https://tenant.us.auth0.com/ (or --domain)".into(),
                )
                .into());
            }
            ctx.issuers()?
        } else {
            self.issuer
                .iter()
                .map(|i| Issuer::from_domain(i).map_err(|e| UsageError(format!("--issuer: {e}"))))
                .collect::<Result<Vec<_>, _>>()?
        })
    }

    /// `--algorithm`, else `default_algorithms`.
    pub fn algorithms(&self, default_algorithms: &[Algorithm]) -> anyhow::Result<Vec<Algorithm>> {
        Ok(if self.algorithms.is_empty() {
            default_algorithms.to_vec()
        } else {
            self.algorithms
                .iter()
                .map(|name| {
                    name.parse::<Algorithm>().map_err(|_| {
                        UsageError(format!(
                            "--algorithm {name:?}: expected one of {}",
                            Algorithm::ALL.map(|a| a.as_str()).join(", ")
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
        })
    }

    /// The access-token policy; `default_algorithms` applies without `--algorithm`.
    pub fn policy(
        &self,
        ctx: &Context,
        default_algorithms: &[Algorithm],
        hmac: Hmac,
    ) -> anyhow::Result<AccessTokenPolicy> {
        let issuers = self.issuers(ctx)?;
        let audiences = ctx.settings.split_env_list("audience", &self.audience);
        if audiences.is_empty() {
            return Err(UsageError(
                "no audience: pass --audience https://your-api or set AUTH0_AUDIENCE".into(),
            )
            .into());
        }
        let algorithms = self.algorithms(default_algorithms)?;
        let symmetric: Vec<&str> = algorithms
            .iter()
            .filter(|a| a.is_symmetric())
            .map(|a| a.as_str())
            .collect();
        // A secret in the environment (or .env) is configuration, used where
        // it applies; a secret on the command line is never ignored.
        let secret = self.hs256_secret.as_ref();
        let secret_from_env = secret.is_some_and(|s| {
            std::env::var_os("AUTH0_HS256_SECRET").is_some_and(|v| v == s.expose())
        });
        let secret_flag = secret.is_some() && !secret_from_env;
        match hmac {
            Hmac::Never if !symmetric.is_empty() => {
                return Err(UsageError(format!(
                    "--algorithm {}: request never accepts HS* tokens (auth0-api-python refuses them whatever the secret)",
                    symmetric.join(", ")
                ))
                .into());
            }
            Hmac::Never if secret_flag => {
                return Err(UsageError(
                    "--hs256-secret: request never accepts HS* tokens (auth0-api-python refuses them whatever the secret); drop the flag".into(),
                )
                .into());
            }
            Hmac::WhenNamed if !symmetric.is_empty() && secret.is_none() => {
                return Err(UsageError(format!(
                    "--algorithm {} needs the HMAC secret: pass --hs256-secret (or set AUTH0_HS256_SECRET)",
                    symmetric.join(", ")
                ))
                .into());
            }
            Hmac::WhenNamed if symmetric.is_empty() && secret_flag => {
                return Err(UsageError(
                    "--hs256-secret alone accepts nothing: name the algorithm too (--algorithm HS256, plus --algorithm RS256 to keep accepting RS256)".into(),
                )
                .into());
            }
            _ => {}
        }
        let mut policy = AccessTokenPolicy::new(issuers, audiences)
            .with_leeway(self.leeway)
            .with_algorithms(algorithms);
        if let (Hmac::WhenNamed, Some(secret)) = (hmac, secret) {
            if secret.expose().is_empty() {
                return Err(UsageError("--hs256-secret is empty".into()).into());
            }
            policy = policy.with_hmac_secret(HmacSecret::new(secret.expose()));
        }
        Ok(policy)
    }

    /// The key source: `--jwks` (file or URL) or the tenants.
    pub async fn keys(&self, ctx: &Context) -> anyhow::Result<Keys> {
        Ok(match &self.jwks {
            None => Keys::Tenant(ctx.tenants()),
            Some(source) if source.starts_with("https://") || source.starts_with("http://") => {
                Keys::Pinned(jwks::fetch(&ctx.http(), source).await?.keys)
            }
            Some(path) => {
                let bytes = super::input::read_capped(Path::new(path), super::input::MAX_KEY_SET)
                    .map_err(|e| UsageError(format!("--jwks {e}")))?;
                let (set, _) =
                    jwks::parse(path, &bytes).map_err(|e| UsageError(format!("--jwks: {e}")))?;
                Keys::Pinned(set)
            }
        })
    }
}

impl Keys {
    /// Verifies one access token.
    pub async fn verify(
        &self,
        policy: &AccessTokenPolicy,
        ctx: &Context,
        token: &str,
    ) -> Result<VerifiedToken, VerifyFailure> {
        match self {
            Keys::Tenant(tenants) => tenants.verify(policy, token).await,
            Keys::Pinned(set) => policy
                .verify(token, set, ctx.clock.as_ref())
                .map_err(Into::into),
        }
    }

    /// Decides one request.
    pub async fn decide(
        &self,
        request: &HttpRequest,
        policy: &RequestPolicy,
        ctx: &Context,
    ) -> Result<Decision, TenantError> {
        match self {
            Keys::Tenant(tenants) => tenants.verify_request(request, policy).await,
            Keys::Pinned(set) => Ok(verify_request(request, policy, set, ctx.clock.as_ref())),
        }
    }
}
