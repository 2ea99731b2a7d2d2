//! From `mock serve`'s options to the tenant's settings ([`MockConfig`]),
//! checked before anything binds: the signing key read, the `private_key_jwt`
//! clients' keys loaded, the clients and users registered, and what the
//! user is shown of them (a made-up secret, a generated password, the
//! `.env` of `--print-env`). Every mistake is a usage error naming its option.

use auth0_tok::keys::SigningKey;
use auth0_tok::mock::MockConfig;

use super::accounts::{mock_clients, mock_users};
use super::args::ServeArgs;
use super::settings::{Shown, dotenv_lines};
use crate::cli::UsageError;
use crate::cli::input::read_text_file;

/// How the callback-mismatch page names the option that allows a callback.
const CALLBACK_SETTING: &str = "mock serve --callback";

/// Checks the options and builds the tenant's settings, with what is shown
/// of them (`json`: the settings are printed as JSON).
pub(super) fn resolve(args: ServeArgs, json: bool) -> Result<(MockConfig, Shown), UsageError> {
    if !args.domain.is_empty() {
        return Err(refuse_domain(&args.domain));
    }
    if json && args.print_env {
        return Err(UsageError(
            "--print-env and --json are two ways to print the tenant's settings; choose one".into(),
        ));
    }
    let signing_key = args.signing_key.as_deref().map(signing_key).transpose()?;
    if !(0.0..=1.0).contains(&args.fail_rate) {
        return Err(UsageError("--fail-rate must be between 0 and 1".into()));
    }
    let key_clients = args
        .client_key
        .iter()
        .map(|spec| key_client(spec))
        .collect::<Result<Vec<_>, _>>()?;
    let (clients, generated_secret) = mock_clients(&args.client)?;
    let (users, shown_password) = mock_users(&args.user, &args.role, &args.permission)?;
    let client = clients[0].clone();
    let first_user = users[0].email.clone();
    let audience = args.audience[0].clone();
    let dotenv = if args.print_env {
        Some(dotenv_lines(
            &audience,
            &client,
            &first_user,
            shown_password.as_ref(),
        )?)
    } else {
        None
    };
    let config = MockConfig {
        host: args.host,
        port: args.port,
        issuer: args.issuer,
        audiences: args.audience,
        clients,
        scopes: args.scope,
        signing_key,
        token_lifetime: args.token_lifetime,
        backdate: args.backdate,
        max_age: args.max_age,
        require_dpop_nonce: args.require_dpop_nonce,
        key_clients,
        connections: args.connection,
        custom_token_type: args.custom_token_type,
        fail_rate: args.fail_rate,
        latency_ms: args.latency,
        users,
        public_clients: args.public_client,
        callbacks: if args.callback.is_empty() {
            MockConfig::default().callbacks
        } else {
            args.callback
        },
        callback_setting: Some(CALLBACK_SETTING.into()),
        auto_login: args.auto_login,
        device_interval: args.device_interval.max(1),
        device_expires: args.device_expires.max(1),
    };
    let shown = Shown {
        client,
        generated_secret,
        audience,
        first_user,
        shown_password,
        dotenv,
    };
    Ok((config, shown))
}

/// `--signing-key FILE`: an RSA private key in PEM (the tenant signs RS256).
fn signing_key(path: &std::path::Path) -> Result<SigningKey, UsageError> {
    let pem = read_text_file(path)
        .map_err(|e| UsageError(format!("--signing-key {}: {e}", path.display())))?;
    let key = SigningKey::from_pem(&pem)
        .map_err(|e| UsageError(format!("--signing-key {}: {e}", path.display())))?;
    if key.key_type() != "RSA" {
        return Err(UsageError(
            "--signing-key: the mock tenant signs RS256, so it needs an RSA key".into(),
        ));
    }
    Ok(key)
}

/// `--client-key ID:FILE`: a `private_key_jwt` client and its public key.
fn key_client(spec: &str) -> Result<(String, auth0_tok::jwk::PublicKey), UsageError> {
    let (id, path) = spec
        .split_once(':')
        .filter(|(id, p)| !id.is_empty() && !p.is_empty())
        .ok_or_else(|| UsageError(format!("--client-key {spec:?}: expected ID:FILE")))?;
    let text = read_text_file(path).map_err(|e| UsageError(format!("--client-key {path}: {e}")))?;
    let key = public_key_of(&text).map_err(|e| UsageError(format!("--client-key {path}: {e}")))?;
    Ok((id.to_owned(), key))
}

/// `mock serve --domain X`: refused, pointing to `--issuer` (`--domain`
/// names the tenant the other commands talk to, not one to serve).
fn refuse_domain(domains: &[String]) -> UsageError {
    let suggestion = match domains.first() {
        Some(d) if d.contains("://") => d.clone(),
        Some(d) => format!("https://{}/", d.trim_end_matches('/')),
        None => "https://login.example.com/".to_owned(),
    };
    UsageError(format!(
        "mock serve does not take --domain (it names the tenant other commands talk to); \
         to issue tokens with another issuer, use --issuer {suggestion}"
    ))
}

/// A public verification key from a PEM (private or public) or JWK file.
fn public_key_of(text: &str) -> Result<auth0_tok::jwk::PublicKey, String> {
    let trimmed = text.trim();
    let jwk = if trimmed.starts_with('{') {
        let mut jwk =
            auth0_tok::jose::parse_object(trimmed.as_bytes(), auth0_tok::jose::Part::Payload)
                .map_err(|e| e.to_string())?;
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            jwk.remove(private);
        }
        jwk
    } else {
        let (label, der) = auth0_tok::keys::pem_decode(trimmed).map_err(|e| e.to_string())?;
        if label == "PUBLIC KEY" {
            auth0_tok::x509::spki_to_jwk(&der).ok_or("unsupported public key")?
        } else {
            SigningKey::from_pem(trimmed)
                .map_err(|e| e.to_string())?
                .public_jwk()
        }
    };
    auth0_tok::jwk::PublicKey::from_jwk(&jwk).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_is_refused_with_the_issuer_to_use_instead() {
        let message = |d: &str| refuse_domain(&[d.to_owned()]).0;
        assert!(message("login.example.com").ends_with("--issuer https://login.example.com/"));
        assert!(message("login.example.com/").ends_with("--issuer https://login.example.com/"));
        assert!(
            message("https://login.example.com").ends_with("--issuer https://login.example.com")
        );
    }
}
