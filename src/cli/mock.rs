//! `auth0-tok mock serve`: a local Auth0-shaped tenant.
//!
//! Usable with no options: it makes up a client when none is given and
//! tells the user (stderr) the exact `AUTH0_*` lines that reach it, or (with
//! `--json`) one JSON object on stdout. Without `--json`, the first line on
//! stdout is the tenant's URL, which scripts and the test suite read.
//!
//! `mock serve`'s help is here; its options are in `mock/args.rs`, their
//! resolution into the tenant's settings in `mock/config.rs` (clients and
//! users in `mock/accounts.rs`), what is printed in `mock/settings.rs`, and
//! the run in `mock/serve.rs`. `mock logout` is in `mock/logout.rs`.

mod accounts;
mod args;
mod config;
mod logout;
mod serve;
mod settings;

pub use accounts::random_secret;
pub use logout::AppAnswered;

use clap::{Args, Subcommand};

use super::Context;
use super::input::SecretArg;
use args::ServeArgs;

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

pub(super) const EXAMPLES: &str = "\
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

pub async fn run(args: MockArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        MockCommand::Serve(args) => serve::run(*args, ctx).await,
        MockCommand::Logout(args) => logout::run(args, ctx).await,
    }
}
