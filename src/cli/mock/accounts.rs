//! The clients and users `mock serve` registers: `--client ID:SECRET`
//! (or a made-up one), `--user EMAIL[:PASSWORD]` with its `--role`s and
//! `--permission`s (or the default user), and the random secrets and
//! passwords made up for them.

use auth0_tok::mock::{MockClient, MockUser, Password};
use auth0_tok::oauth::secret::random_b64;

use crate::cli::UsageError;
use crate::cli::input::SecretArg;

/// The client made up when no `--client` is given (its secret is random).
const DEFAULT_CLIENT_ID: &str = "mock-client";

/// `--user`, `--role`, `--permission` as the tenant's users, with the first
/// user's password when it is shown (the default one, or generated).
pub(super) fn mock_users(
    specs: &[SecretArg],
    roles: &[String],
    permissions: &[String],
) -> Result<(Vec<MockUser>, Option<Password>), UsageError> {
    let mut users = Vec::new();
    let mut shown = None;
    for (i, spec) in specs.iter().enumerate() {
        let spec = spec.expose().trim_end_matches(['\r', '\n']);
        let (email, password) = match spec.split_once(':') {
            Some((email, password)) if !password.is_empty() => (email, Password::new(password)),
            Some((email, _)) => (email, Password::new(random_secret())),
            None => (spec, Password::new(random_secret())),
        };
        let generated = !spec.contains(':') || spec.ends_with(':');
        if email.is_empty() || !email.contains('@') || email.chars().any(char::is_control) {
            return Err(UsageError(
                "--user: expected EMAIL or EMAIL:PASSWORD (an email address, then a colon and                  the password)"
                    .into(),
            ));
        }
        if users
            .iter()
            .any(|u: &MockUser| u.email.eq_ignore_ascii_case(email))
        {
            return Err(UsageError(format!("--user {email}: given twice")));
        }
        if i == 0 && generated {
            shown = Some(password.clone());
        }
        users.push(MockUser::new(email, password));
    }
    if users.is_empty() {
        let user = MockUser::default_user();
        shown = Some(user.password.clone());
        users.push(user);
    }
    for (flag, specs, is_role) in [
        ("--role", roles, true),
        ("--permission", permissions, false),
    ] {
        for spec in specs {
            let (email, value) = spec
                .split_once('=')
                .filter(|(e, v)| !e.is_empty() && !v.is_empty())
                .ok_or_else(|| {
                    UsageError(format!(
                        "{flag} {spec:?}: expected EMAIL={}",
                        if is_role { "ROLE" } else { "PERMISSION" }
                    ))
                })?;
            let user = users
                .iter_mut()
                .find(|u| u.email.eq_ignore_ascii_case(email))
                .ok_or_else(|| {
                    UsageError(format!(
                        "{flag} {spec:?}: no user {email:?} (add it with --user)"
                    ))
                })?;
            let list = if is_role {
                &mut user.roles
            } else {
                &mut user.permissions
            };
            if !list.iter().any(|v| v == value) {
                list.push(value.to_owned());
            }
        }
    }
    Ok((users, shown))
}

/// `--client` as the tenant's clients, or the made-up `mock-client` with a
/// random secret when none is given; `true` when it was made up (its
/// secret is then shown).
pub(super) fn mock_clients(specs: &[SecretArg]) -> Result<(Vec<MockClient>, bool), UsageError> {
    let mut clients = specs
        .iter()
        .map(|c| mock_client(c.expose()))
        .collect::<Result<Vec<_>, _>>()?;
    let generated = clients.is_empty();
    if generated {
        clients.push(MockClient {
            id: DEFAULT_CLIENT_ID.into(),
            secret: random_secret().into(),
        });
    }
    Ok((clients, generated))
}

/// `ID:SECRET`; the message never repeats the value (it may be all secret).
fn mock_client(spec: &str) -> Result<MockClient, UsageError> {
    match spec.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => Ok(MockClient {
            id: id.to_owned(),
            secret: secret.to_owned().into(),
        }),
        _ => Err(UsageError(
            "--client: expected ID:SECRET (an id, a colon, then the secret)".into(),
        )),
    }
}

/// A random secret or password (24 bytes, base64url).
pub fn random_secret() -> String {
    random_b64(24)
}
