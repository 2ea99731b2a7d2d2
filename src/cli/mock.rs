//! `auth0-tok mock serve`: a local Auth0-shaped tenant.
//!
//! Usable with no options: it makes up a client when none is given and
//! tells the user (stderr) the exact `AUTH0_*` lines that reach it, or (with
//! `--json`) one JSON object on stdout. Without `--json`, the first line on
//! stdout is the tenant's URL, which scripts and the test suite read.

mod logout;

pub use logout::AppAnswered;

use anyhow::Context as _;
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use auth0_tok::keys::SigningKey;
use auth0_tok::mock::{
    MockClient, MockConfig, MockServer, MockUser, Password, reachable_from_network,
};
use clap::{Args, Subcommand};
use serde_json::json;

use super::input::SecretArg;
use super::{Context, UsageError, env_file};

/// The client made up when no `--client` is given (its secret is random).
const DEFAULT_CLIENT_ID: &str = "mock-client";

const ABOUT: &str = "\
Run a local Auth0-shaped tenant until Ctrl-C or SIGTERM.

Without --client it registers the client `mock-client` with a fresh random
secret and prints, on stderr, the AUTH0_DOMAIN, AUTH0_CLIENT_ID,
AUTH0_CLIENT_SECRET and AUTH0_AUDIENCE lines to paste: this is your own test
tenant, and its generated secret is printed so that you can use it. A secret
you give with --client is never printed. The first line on stdout is the
tenant's URL; with --json, stdout is instead one JSON object (url, issuer,
jwks_uri, token_endpoint, client_id, client_secret, audience), client_secret
null when you gave it.

--issuer sets the `iss` of its tokens and the `issuer` of its discovery
document, exactly as given (a custom domain, with or without the trailing
slash), while the tenant still answers on its own URL and every endpoint in
its discovery document stays there. `verify --domain <its URL>` then fails
with an issuer mismatch, as it would against a misconfigured tenant.

--domain names the tenant other commands talk to and is refused here (use
--issuer); AUTH0_DOMAIN from the environment or a .env is ignored.

POST /rotate makes a new signing key; the JWKS keeps the current key and the
two most recently retired ones.

POST /test/mint issues any token a test needs, for `auth0-tok probe --tenant
mock`: the body {\"claims\": {…}, \"key\": \"tenant\"|\"unpublished\"} starts from a
token as the tenant issues one and replaces each claim given (null removes
it); \"unpublished\" signs with a key the JWKS does not publish, under the
current kid. Like every endpoint it answers on loopback only, unless --host
binds another address — anyone who reaches the tenant can mint tokens that an
API trusting it accepts, so never point a production API at a mock tenant.

Users log in as at Auth0: GET /authorize shows a login form (authorization
code with PKCE; --auto-login redirects straight back with a code for the
first user), POST /oauth/device/code and the /activate page run the device
flow, refresh tokens rotate (a reused one revokes its family), and /userinfo,
/oauth/revoke and POST /test/logout-token (for `mock logout`) are served.
Without --user there is one user, user@example.com with password Passw0rd!,
printed on stderr. --user EMAIL without a password gets a random one, printed
on stderr (and with --print-env, as a `# password:` comment); a password you
give is never printed. Callback URLs on 127.0.0.1, localhost or [::1] match
with any port (RFC 8252 §7.3), others exactly.";

const EXAMPLES: &str = "\
Examples:
  auth0-tok mock serve
  auth0-tok mock serve --json
  auth0-tok mock serve --print-env > .env &         # then, in this directory: auth0-tok token
  auth0-tok mock serve --port 8080 --client @ci-client.txt --audience https://api.example.com
  printf 'ci:%s' \"$CI_SECRET\" | auth0-tok mock serve --port 8080 --client -
  auth0-tok mock serve --issuer https://login.example.com/    # a custom-domain issuer
  auth0-tok mock serve --host 0.0.0.0 --port 8080              # a CI service container
  curl -s -X POST http://127.0.0.1:8080/rotate      # rotate the signing key
  curl -s -d '{\"claims\": {\"exp\": null}}' http://127.0.0.1:8080/test/mint   # a token without exp
  auth0-tok mock serve --user alice@example.com:@alice-password.txt \\
      --permission alice@example.com=read:messages --role alice@example.com=admin
  auth0-tok mock serve --public-client cli-app --callback https://app.example.com/callback
  auth0-tok mock serve --auto-login --device-interval 1   # scripts: no login form, fast polling

--client @FILE reads ID:SECRET from a file, - from stdin: a secret typed in the command line
is visible to other users in the process list.";

#[derive(Debug, Args)]
pub struct MockArgs {
    #[command(subcommand)]
    command: MockCommand,
}

impl MockArgs {
    /// The secret-taking options, for resolution before the command runs.
    pub fn secret_args(&mut self) -> Vec<(&'static str, &mut SecretArg)> {
        let MockCommand::Serve(serve) = &mut self.command else {
            return Vec::new();
        };
        let ServeArgs { client, user, .. } = &mut **serve;
        client
            .iter_mut()
            .map(|c| ("client", c))
            .chain(user.iter_mut().map(|u| ("user", u)))
            .collect()
    }

    /// `--domain` typed before `mock`, for `mock serve` to refuse as its own.
    pub fn add_domain(&mut self, domains: Vec<String>) {
        match &mut self.command {
            MockCommand::Serve(serve) => serve.domain.extend(domains),
            MockCommand::Logout(logout) if !domains.is_empty() => logout.domain = domains,
            MockCommand::Logout(_) => {}
        }
    }
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum MockCommand {
    /// Run the tenant (127.0.0.1 by default) until Ctrl-C; prints its URL first (with --print-env, a .env)
    #[command(long_about = ABOUT)]
    Serve(Box<ServeArgs>),
    /// Send a back-channel logout token to an application, as Auth0 does when a user logs out
    #[command(long_about = logout::ABOUT)]
    Logout(logout::LogoutArgs),
}

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
struct ServeArgs {
    /// Address to listen on, IPv4 or IPv6 (a non-loopback address makes the tenant reachable
    /// from the network)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_host)]
    host: IpAddr,

    /// Port (0 picks a free port)
    #[arg(long, default_value_t = 0)]
    port: u16,

    /// The `iss` of issued tokens and the discovery `issuer`, exactly as given: https:// (or
    /// http:// on loopback), no path [default: the tenant's URL]
    #[arg(long, value_name = "URL")]
    issuer: Option<String>,

    /// An API identifier the tenant issues tokens for; repeatable
    #[arg(
        long,
        value_name = "AUDIENCE",
        default_value = "https://api.example.com"
    )]
    audience: Vec<String>,

    /// A client as ID:SECRET, or @FILE / - (stdin) holding ID:SECRET; repeatable
    /// [default: mock-client with a random secret, printed]
    #[arg(long, value_name = "ID:SECRET|@FILE|-", allow_hyphen_values = true)]
    client: Vec<SecretArg>,

    /// Scopes granted to clients; repeatable
    #[arg(long, value_name = "SCOPE", default_values = ["read:messages", "write:messages"])]
    scope: Vec<String>,

    /// Sign with this PEM private key (RSA) instead of a fresh one
    #[arg(long, value_name = "FILE")]
    signing_key: Option<PathBuf>,

    /// Access token lifetime in seconds
    #[arg(long, default_value_t = 86_400, value_name = "SECS")]
    token_lifetime: u64,

    /// Issue tokens as if this many seconds ago (makes expired tokens for tests)
    #[arg(long, default_value_t = 0, value_name = "SECS")]
    backdate: u64,

    /// Cache-Control max-age for discovery and JWKS
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    max_age: u64,

    /// A private_key_jwt client as ID:FILE (its public or private key, PEM or JWK); repeatable
    #[arg(long, value_name = "ID:FILE")]
    client_key: Vec<String>,

    /// A Token Vault connection that has an upstream token for every user; repeatable
    #[arg(long, value_name = "NAME", default_value = "google-oauth2")]
    connection: Vec<String>,

    /// The subject token type custom token exchange accepts
    #[arg(long, value_name = "URI", default_value = "urn:acme:legacy-token")]
    custom_token_type: String,

    /// Answer this fraction (0–1) of requests with HTTP 500 (an unreliable tenant)
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    fail_rate: f64,

    /// Wait this many milliseconds before every answer
    #[arg(long, default_value_t = 0, value_name = "MS")]
    latency: u64,

    /// Answer DPoP token requests without a nonce with use_dpop_nonce first, as Auth0 does
    #[arg(long)]
    require_dpop_nonce: bool,

    /// A user as EMAIL:PASSWORD, EMAIL (a random password, printed), or @FILE / - (stdin)
    /// holding EMAIL:PASSWORD; repeatable [default: user@example.com with Passw0rd!]
    #[arg(
        long,
        value_name = "EMAIL[:PASSWORD]|@FILE|-",
        allow_hyphen_values = true
    )]
    user: Vec<SecretArg>,

    /// Give a user a role (a `https://auth0-tok/roles` claim in its tokens); repeatable
    #[arg(long, value_name = "EMAIL=ROLE")]
    role: Vec<String>,

    /// Give a user an RBAC permission (the `permissions` claim of its access tokens); repeatable
    #[arg(long, value_name = "EMAIL=PERMISSION")]
    permission: Vec<String>,

    /// A public client (a native app or SPA: no secret, PKCE required); repeatable
    #[arg(long, value_name = "ID")]
    public_client: Vec<String>,

    /// An allowed callback URL; loopback ones match any port; repeatable
    /// [default: http://127.0.0.1/callback and http://localhost/callback]
    #[arg(long, value_name = "URL")]
    callback: Vec<String>,

    /// /authorize logs the first user in at once and redirects back with a code (no form)
    #[arg(long)]
    auto_login: bool,

    /// The device flow's polling interval
    #[arg(long, default_value_t = 5, value_name = "SECS")]
    device_interval: u64,

    /// How long a device code lives
    #[arg(long, default_value_t = 900, value_name = "SECS")]
    device_expires: u64,

    /// Print a .env file instead of the base URL: the URL as a `#` comment, then
    /// AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (the first client's),
    /// and the first user as `# user:` (its password as `# password:` only when not given)
    #[arg(long)]
    print_env: bool,
    /// Refused, pointing to --issuer: --domain names the tenant other commands talk to
    #[arg(long, hide = true, value_name = "DOMAIN")]
    domain: Vec<String>,
}

pub async fn run(args: MockArgs, ctx: &Context) -> anyhow::Result<()> {
    let args = match args.command {
        MockCommand::Serve(args) => *args,
        MockCommand::Logout(args) => return logout::run(args, ctx).await,
    };
    if !args.domain.is_empty() {
        return Err(refuse_domain(&args.domain).into());
    }
    if ctx.json && args.print_env {
        return Err(UsageError(
            "--print-env and --json are two ways to print the tenant's settings; choose one".into(),
        )
        .into());
    }
    let signing_key = match &args.signing_key {
        None => None,
        Some(path) => {
            let pem = super::input::read_text_file(path)
                .map_err(|e| UsageError(format!("--signing-key {}: {e}", path.display())))?;
            let key = SigningKey::from_pem(&pem)
                .map_err(|e| UsageError(format!("--signing-key {}: {e}", path.display())))?;
            if key.key_type() != "RSA" {
                return Err(UsageError(
                    "--signing-key: the mock tenant signs RS256, so it needs an RSA key".into(),
                )
                .into());
            }
            Some(key)
        }
    };
    if !(0.0..=1.0).contains(&args.fail_rate) {
        return Err(UsageError("--fail-rate must be between 0 and 1".into()).into());
    }
    let mut key_clients = Vec::new();
    for spec in &args.client_key {
        let (id, path) = spec
            .split_once(':')
            .filter(|(id, p)| !id.is_empty() && !p.is_empty())
            .ok_or_else(|| UsageError(format!("--client-key {spec:?}: expected ID:FILE")))?;
        let text = super::input::read_text_file(path)
            .map_err(|e| UsageError(format!("--client-key {path}: {e}")))?;
        key_clients.push((
            id.to_owned(),
            public_key_of(&text).map_err(|e| UsageError(format!("--client-key {path}: {e}")))?,
        ));
    }
    let mut clients = args
        .client
        .iter()
        .map(|c| mock_client(c.expose()))
        .collect::<Result<Vec<_>, _>>()?;
    let generated_secret = clients.is_empty();
    if generated_secret {
        clients.push(MockClient {
            id: DEFAULT_CLIENT_ID.into(),
            secret: random_secret().into(),
        });
    }
    let (users, shown_password) = mock_users(&args.user, &args.role, &args.permission)?;
    let first_client = clients[0].clone();
    let first_user = users[0].email.clone();
    let dotenv = if args.print_env {
        let lines = [
            ("AUTH0_AUDIENCE", args.audience[0].as_str()),
            ("AUTH0_CLIENT_ID", first_client.id.as_str()),
            ("AUTH0_CLIENT_SECRET", first_client.secret.expose()),
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
        let mut lines = format!("{lines}# user: {}\n", first_user);
        if let Some(password) = &shown_password {
            lines.push_str(&format!("# password: {}\n", password.expose()));
        }
        Some(lines)
    } else {
        None
    };
    let config = MockConfig {
        host: args.host,
        port: args.port,
        issuer: args.issuer,
        audiences: args.audience.clone(),
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
        callback_setting: Some("mock serve --callback".into()),
        auto_login: args.auto_login,
        device_interval: args.device_interval.max(1),
        device_expires: args.device_expires.max(1),
    };
    // Its errors (a bad --issuer, a busy port) are local ones: exit 2.
    let server = MockServer::bind(config).await?;
    let settings = Settings {
        server: &server,
        client: &first_client,
        generated_secret,
        audience: &args.audience[0],
    };
    // Before the URL is printed: whoever reads it may signal at once.
    let shutdown = shutdown_signal().context("installing the Ctrl-C and SIGTERM handlers")?;
    if reachable_from_network(args.host) {
        eprintln!(
            "warning: listening on {}: the mock tenant is reachable from the network, and issues \
             tokens to anyone who has its client secret",
            args.host
        );
    }
    {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        if ctx.json {
            writeln!(out, "{}", settings.json())?;
        } else if let Some(lines) = &dotenv {
            // A .env auth0-tok reads back: the URL is a comment.
            writeln!(out, "# auth0-tok mock tenant {}", server.url())?;
            write!(out, "AUTH0_DOMAIN={}\n{lines}", server.url())?;
        } else {
            writeln!(out, "{}", server.url())?;
        }
        out.flush()?;
    }
    {
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        writeln!(
            err,
            "mock tenant on {} — discovery, JWKS, POST /oauth/token, POST /rotate, /api/echo; Ctrl-C stops it",
            server.url()
        )?;
        if !ctx.json && !args.print_env {
            settings.write_env(&mut err)?;
            match &shown_password {
                Some(password) => writeln!(
                    err,
                    "# user: {} password: {}",
                    first_user,
                    password.expose()
                )?,
                None => writeln!(
                    err,
                    "# user: {} (the password you gave with --user)",
                    first_user
                )?,
            }
        }
    }
    server.serve(shutdown).await?;
    Ok(())
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

/// `--host`: an IPv4 or IPv6 address, IPv6 with or without brackets.
fn parse_host(value: &str) -> Result<IpAddr, String> {
    let bare = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value);
    bare.parse().map_err(|_| {
        format!("expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1, got {value:?}")
    })
}

/// What a client needs to use the running tenant.
struct Settings<'a> {
    server: &'a MockServer,
    client: &'a MockClient,
    /// The secret was made up here (so it is shown), not given with `--client`.
    generated_secret: bool,
    audience: &'a str,
}

impl Settings<'_> {
    /// `--json`: one object; `client_secret` is null when the user gave it.
    fn json(&self) -> serde_json::Value {
        json!({
            "url": self.server.url(),
            "issuer": self.server.issuer(),
            "jwks_uri": self.server.jwks_uri(),
            "token_endpoint": self.server.token_endpoint(),
            "client_id": self.client.id,
            "client_secret": self.generated_secret.then(|| self.client.secret.expose()),
            "audience": self.audience,
        })
    }

    /// The `AUTH0_*` lines to paste (AUTH0_DOMAIN is where discovery is
    /// served), with the secret only when it was generated.
    fn write_env(&self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(out, "AUTH0_DOMAIN={}", self.server.url())?;
        writeln!(out, "AUTH0_CLIENT_ID={}", self.client.id)?;
        if self.generated_secret {
            writeln!(out, "AUTH0_CLIENT_SECRET={}", self.client.secret.expose())?;
        } else {
            writeln!(
                out,
                "# AUTH0_CLIENT_SECRET: the secret you gave with --client"
            )?;
        }
        writeln!(out, "AUTH0_AUDIENCE={}", self.audience)?;
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

/// `--user`, `--role`, `--permission` as the tenant's users, with the first
/// user's password when it is shown (the default one, or generated).
fn mock_users(
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

pub fn random_secret() -> String {
    let mut bytes = [0u8; 24];
    aws_lc_rs::rand::fill(&mut bytes).expect("system randomness");
    auth0_tok::jose::b64(bytes)
}

/// Ctrl-C or SIGTERM: stop serving cleanly. The handlers are installed
/// when this is called, not when the future is first polled: a signal that
/// comes as soon as the URL is printed must not kill the process.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut term = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = term.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_takes_ipv4_and_ipv6_with_or_without_brackets() {
        assert_eq!(parse_host("127.0.0.2").unwrap().to_string(), "127.0.0.2");
        assert_eq!(parse_host("::1").unwrap().to_string(), "::1");
        assert_eq!(parse_host("[::1]").unwrap().to_string(), "::1");
        assert_eq!(parse_host("0.0.0.0").unwrap().to_string(), "0.0.0.0");
        for bad in ["localhost", "127.0.0.1:80", "[::1", "", "::1]"] {
            assert!(parse_host(bad).is_err(), "{bad:?}");
        }
    }

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
