//! What `mock serve` tells its user about the running tenant: on stdout
//! its URL, or with `--json` one object, or with `--print-env` a `.env`
//! that auth0-tok reads back; on stderr the `AUTH0_*` lines to paste and
//! the first user. A secret or password the user gave is never printed.

use std::io::Write;

use auth0_tok::mock::{MockClient, MockServer, Password};
use serde_json::json;

use crate::cli::{UsageError, env_file};

/// What `mock serve` shows its user of the tenant it serves.
pub(super) struct Shown {
    /// The first client, whose settings are printed.
    pub client: MockClient,
    /// The client's secret was made up here (so it is shown), not given with `--client`.
    pub generated_secret: bool,
    /// The first audience, printed as AUTH0_AUDIENCE.
    pub audience: String,
    /// The first user's email.
    pub first_user: String,
    /// The first user's password, when it is shown (the default one, or generated).
    pub shown_password: Option<Password>,
    /// `--print-env`: the `.env` lines after AUTH0_DOMAIN.
    pub dotenv: Option<String>,
}

/// What a client needs to use the running tenant.
pub(super) struct Settings<'a> {
    pub server: &'a MockServer,
    pub shown: &'a Shown,
}

impl Settings<'_> {
    /// Stdout: the URL, the `--json` object or the `--print-env` file.
    pub fn write_stdout(&self, out: &mut impl Write, json: bool) -> std::io::Result<()> {
        let url = self.server.url();
        if json {
            writeln!(out, "{}", self.json())?;
        } else if let Some(lines) = &self.shown.dotenv {
            // A .env auth0-tok reads back: the URL is a comment.
            writeln!(out, "# auth0-tok mock tenant {url}")?;
            write!(out, "AUTH0_DOMAIN={url}\n{lines}")?;
        } else {
            writeln!(out, "{url}")?;
        }
        out.flush()
    }

    /// Stderr: what the tenant serves, and (unless stdout has the
    /// settings) the lines to paste and the first user.
    pub fn write_stderr(&self, err: &mut impl Write, json: bool) -> std::io::Result<()> {
        writeln!(
            err,
            "mock tenant on {} — discovery, JWKS, POST /oauth/token, POST /rotate, /api/echo; Ctrl-C stops it",
            self.server.url()
        )?;
        if json || self.shown.dotenv.is_some() {
            return Ok(());
        }
        self.write_env(err)?;
        let user = &self.shown.first_user;
        match &self.shown.shown_password {
            Some(password) => writeln!(err, "# user: {user} password: {}", password.expose()),
            None => writeln!(err, "# user: {user} (the password you gave with --user)"),
        }
    }

    /// `--json`: one object; `client_secret` is null when the user gave it.
    fn json(&self) -> serde_json::Value {
        let client = &self.shown.client;
        json!({
            "url": self.server.url(),
            "issuer": self.server.issuer(),
            "jwks_uri": self.server.jwks_uri(),
            "token_endpoint": self.server.token_endpoint(),
            "client_id": client.id,
            "client_secret": self.shown.generated_secret.then(|| client.secret.expose()),
            "audience": self.shown.audience,
        })
    }

    /// The `AUTH0_*` lines to paste (AUTH0_DOMAIN is where discovery is
    /// served), with the secret only when it was generated.
    fn write_env(&self, out: &mut impl Write) -> std::io::Result<()> {
        let client = &self.shown.client;
        writeln!(out, "AUTH0_DOMAIN={}", self.server.url())?;
        writeln!(out, "AUTH0_CLIENT_ID={}", client.id)?;
        if self.shown.generated_secret {
            writeln!(out, "AUTH0_CLIENT_SECRET={}", client.secret.expose())?;
        } else {
            writeln!(
                out,
                "# AUTH0_CLIENT_SECRET: the secret you gave with --client"
            )?;
        }
        writeln!(out, "AUTH0_AUDIENCE={}", self.shown.audience)?;
        if self.server.issuer() != self.server.url() {
            writeln!(
                out,
                "# tokens are issued by {} (--issuer), so `verify` against {} reports an issuer mismatch",
                self.server.issuer(),
                self.server.url()
            )?;
        }
        Ok(())
    }
}

/// `--print-env`: the `.env` lines after AUTH0_DOMAIN (known before the
/// tenant binds, so that a value no `.env` line can hold is refused first),
/// then the first user as comments, its password only when it is shown.
pub(super) fn dotenv_lines(
    audience: &str,
    client: &MockClient,
    first_user: &str,
    shown_password: Option<&Password>,
) -> Result<String, UsageError> {
    let mut lines = [
        ("AUTH0_AUDIENCE", audience),
        ("AUTH0_CLIENT_ID", client.id.as_str()),
        ("AUTH0_CLIENT_SECRET", client.secret.expose()),
    ]
    .into_iter()
    .map(|(key, value)| {
        env_file::format_line(key, value).ok_or_else(|| {
            UsageError(format!(
                "--print-env: {key} holds a control character, which a .env line cannot"
            ))
        })
    })
    .collect::<Result<String, _>>()?;
    lines.push_str(&format!("# user: {first_user}\n"));
    if let Some(password) = shown_password {
        lines.push_str(&format!("# password: {}\n", password.expose()));
    }
    Ok(lines)
}
