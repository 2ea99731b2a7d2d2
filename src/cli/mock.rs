//! `auth0-tok mock serve`: a local Auth0-shaped tenant.

use anyhow::Context as _;
use std::io::Write;
use std::path::PathBuf;

use auth0_tok::keys::SigningKey;
use auth0_tok::mock::{MockClient, MockConfig, MockServer};
use clap::{Args, Subcommand};

use super::input::SecretArg;
use super::{Context, UsageError, env_file};

const EXAMPLES: &str = "\
Examples:
  auth0-tok mock serve --print-env > .env &         # then, in this directory: auth0-tok token
  auth0-tok mock serve --port 8080 --client @ci-client.txt --audience https://api.example.com
  printf 'ci:%s' \"$CI_SECRET\" | auth0-tok mock serve --port 8080 --client -
  curl -s -X POST http://127.0.0.1:8080/rotate      # rotate the signing key

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
        let MockCommand::Serve(serve) = &mut self.command;
        serve.client.iter_mut().map(|c| ("client", c)).collect()
    }
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum MockCommand {
    /// Run the tenant on 127.0.0.1 until Ctrl-C; prints its base URL first (with --print-env, a .env)
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free port)
    #[arg(long, default_value_t = 0)]
    port: u16,

    /// An API identifier the tenant issues tokens for; repeatable
    #[arg(
        long,
        value_name = "AUDIENCE",
        default_value = "https://api.example.com"
    )]
    audience: Vec<String>,

    /// A client as ID:SECRET, or @FILE / - (stdin) holding ID:SECRET; repeatable
    /// [default: one client with a random secret]
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

    /// Print a .env file instead of the base URL: the URL as a `#` comment, then
    /// AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (the first client's)
    #[arg(long)]
    print_env: bool,
}

pub async fn run(args: MockArgs, _ctx: &Context) -> anyhow::Result<()> {
    let MockCommand::Serve(args) = args.command;
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
    if clients.is_empty() {
        clients.push(MockClient {
            id: "mock-client".into(),
            secret: random_secret().into(),
        });
    }
    let first_client = clients[0].clone();
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
        Some(lines)
    } else {
        None
    };
    let config = MockConfig {
        port: args.port,
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
    };
    let server = MockServer::bind(config).await?;
    // Before the URL is printed: whoever reads it may signal at once.
    let shutdown = shutdown_signal().context("installing the Ctrl-C and SIGTERM handlers")?;
    {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        match &dotenv {
            // A .env auth0-tok reads back: the URL is a comment.
            Some(lines) => {
                writeln!(out, "# auth0-tok mock tenant {}", server.issuer())?;
                write!(out, "AUTH0_DOMAIN={}\n{lines}", server.issuer())?;
            }
            None => writeln!(out, "{}", server.issuer())?,
        }
        out.flush()?;
    }
    eprintln!(
        "mock tenant on {} — discovery, JWKS, POST /oauth/token, POST /rotate, /api/echo; Ctrl-C stops it",
        server.issuer()
    );
    server.serve(shutdown).await?;
    Ok(())
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
