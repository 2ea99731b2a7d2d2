//! `init` on a real pseudo-terminal (rexpect: the rust-cli project's
//! pexpect, a pty and a process of our own with no shell in between), the
//! questions it asks, the requests it sends and the `.env` it writes. Its
//! refusal without a terminal is in `token.rs`.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

use crate::support::server::{Reply, Server};
use crate::support::{API, BIN, CLIENT, Mock, SECRET, Sandbox};

/// `auth0-tok init` on a pseudo-terminal, answered prompt by prompt.
struct Terminal {
    session: PtySession,
    /// Everything shown so far.
    screen: String,
}

impl Terminal {
    fn start(s: &Sandbox) -> Self {
        let mut command = Command::new(BIN);
        command
            .arg("init")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", s.path())
            .env("TERM", "dumb")
            .current_dir(s.path());
        let session = spawn_command(command, Some(20_000)).expect("init runs on a pseudo-terminal");
        Terminal {
            session,
            screen: String::new(),
        }
    }

    /// Waits for `text` on the screen.
    #[track_caller]
    fn expect(&mut self, text: &str) {
        match self.session.exp_string(text) {
            Ok(before) => {
                self.screen.push_str(&before);
                self.screen.push_str(text);
            }
            Err(e) => panic!("no {text:?} ({e}); screen:\n{}", self.screen),
        }
    }

    /// Waits for `prompt`, then types `keys`.
    #[track_caller]
    fn answer(&mut self, prompt: &str, keys: &str) {
        self.expect(prompt);
        self.session.send(keys).unwrap();
        self.session.flush().unwrap();
    }

    /// Waits for a password `prompt`, then types `keys`. dialoguer's secret
    /// reader flushes the terminal's input queue (`TCSAFLUSH`) when it
    /// starts, so keys must come after that: a person is never that fast.
    #[track_caller]
    fn answer_secret(&mut self, prompt: &str, keys: &str) {
        self.expect(prompt);
        std::thread::sleep(std::time::Duration::from_millis(300));
        self.session.send(keys).unwrap();
        self.session.flush().unwrap();
    }

    /// Waits for the end: the exit code and the whole screen.
    fn finish(mut self) -> (i32, String) {
        if let Ok(rest) = self.session.exp_eof() {
            self.screen.push_str(&rest);
        }
        let code = match self.session.process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("init did not exit: {other:?}; screen:\n{}", self.screen),
        };
        (code, self.screen)
    }
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_tests_the_credentials_with_a_token_request_and_writes_a_private_env_file() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let mut term = Terminal::start(&s);
    term.answer("Tenant domain", &format!("{}\r", mock.url));
    term.answer("API audience", &format!("{API}\r"));
    term.answer("Client id", &format!("{CLIENT}\r"));
    term.answer_secret("Client secret", &format!("{SECRET}\r"));
    term.answer("Test them with one token request?", "y");
    term.expect(&format!("the tenant issued a Bearer token for {API}"));
    term.answer("Generate a DPoP key", "y");
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("wrote .env (mode 0600)"), "{screen}");
    assert!(!screen.contains(SECRET), "the secret was echoed:\n{screen}");
    let env = s.path().join(".env");
    assert_eq!(mode(&env), 0o600);
    assert_eq!(mode(&s.path().join("dpop.pem")), 0o600);
    let written = std::fs::read_to_string(&env).unwrap();
    assert_eq!(
        written,
        format!(
            "AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\nAUTH0_CLIENT_ID={CLIENT}\nAUTH0_CLIENT_SECRET={SECRET}\nAUTH0_DPOP_KEY=dpop.pem\n",
            mock.url
        )
    );
    // The file is what later commands read: `token` works with no flags.
    s.run(&["token"]).code(0);
}

/// The regression: init asked every question, then whether to replace the
/// file, and a "no" threw the answers away (and exited 2).
#[test]
fn init_asks_about_replacing_an_existing_env_file_first() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let env = s.path().join(".env");
    std::fs::write(&env, "AUTH0_DOMAIN=kept.example.com\n").unwrap();

    let mut term = Terminal::start(&s);
    term.answer(".env exists; replace it?", "n");
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("left .env unchanged"), "{screen}");
    assert!(!screen.contains("Tenant domain"), "asked more:\n{screen}");
    assert_eq!(
        std::fs::read_to_string(&env).unwrap(),
        "AUTH0_DOMAIN=kept.example.com\n"
    );

    // Yes: the questions follow, and the file is replaced.
    let mut term = Terminal::start(&s);
    term.answer(".env exists; replace it?", "y");
    term.answer("Tenant domain", &format!("{}\r", mock.url));
    term.answer("API audience", &format!("{API}\r"));
    term.answer("Client id", "\r");
    term.answer("Generate a DPoP key", "n");
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(
        std::fs::read_to_string(&env).unwrap(),
        format!("AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\n", mock.url)
    );
    assert_eq!(mode(&env), 0o600);
}

/// A domain that is not one, and one whose tenant does not answer, are
/// both asked for again instead of ending init.
#[test]
fn init_asks_again_for_an_invalid_or_unreachable_domain() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    // A loopback port nothing listens on.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/", listener.local_addr().unwrap())
    };
    let mut term = Terminal::start(&s);
    term.answer("Tenant domain", "ftp://tenant.example.com\r");
    term.expect("unsupported scheme");
    term.answer("Tenant domain", &format!("{dead}\r"));
    term.expect("Connection refused");
    term.answer("Try another domain?", "y");
    term.answer("Tenant domain", &format!("{}\r", mock.url));
    term.answer("API audience", &format!("{API}\r"));
    term.answer("Client id", "\r");
    term.answer("Generate a DPoP key", "n");
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    let env = std::fs::read_to_string(s.path().join(".env")).unwrap();
    assert_eq!(
        env,
        format!("AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\n", mock.url)
    );

    // Giving up on an unreachable tenant is a tenant failure (exit 4).
    std::fs::remove_file(s.path().join(".env")).unwrap();
    let mut term = Terminal::start(&s);
    term.answer("Tenant domain", &format!("{dead}\r"));
    term.answer("Try another domain?", "n");
    let (code, screen) = term.finish();
    assert_eq!(code, 4, "{screen}");
    assert!(!s.path().join(".env").exists());
}

/// A tenant whose token endpoint accepts `ci` with `good` only, counting
/// the token requests it receives.
fn tenant(good: &'static str) -> Server {
    Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "jwks"),
        "/oauth/token" => {
            let form = req.form();
            let has = |k: &str, v: &str| form.iter().any(|(a, b)| a == k && b == v);
            if has("client_id", CLIENT) && has("client_secret", good) && has("audience", API) {
                Reply::json(
                    200,
                    r#"{"access_token":"tok.en.value","token_type":"Bearer","expires_in":3600}"#,
                )
            } else {
                Reply::json(
                    401,
                    r#"{"error":"access_denied","error_description":"Unauthorized"}"#,
                )
            }
        }
        _ => Reply::json(404, "{}"),
    })
}

#[test]
fn init_reports_refused_credentials_and_asks_for_them_again() {
    let s = Sandbox::new();
    // `$`, `#` and spaces: written so no .env reader expands or cuts them.
    let good = "g00d $ecret #1";
    let bad = "bad-s3cret-value";
    let server = tenant(good);
    let mut term = Terminal::start(&s);
    term.answer("Tenant domain", &format!("{}\r", server.url));
    term.answer("API audience", &format!("{API}\r"));
    term.answer("Client id", &format!("{CLIENT}\r"));
    term.answer_secret("Client secret", &format!("{bad}\r"));
    term.answer("Test them with one token request?", "y");
    term.expect("access_denied: Unauthorized");
    term.expect("the client id or secret is wrong");
    assert_eq!(server.count("/oauth/token"), 1);
    term.answer("Enter the audience, client id and secret again?", "y");
    // The previous audience and client id are the defaults.
    term.answer(&format!("API audience (identifier) [{API}]"), "\r");
    term.answer(&format!("[{CLIENT}]"), "\r");
    term.answer_secret("Client secret", &format!("{good}\r"));
    term.answer("Test them with one token request?", "y");
    term.expect("the tenant issued a Bearer token");
    term.answer("Generate a DPoP key", "n");
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(server.count("/oauth/token"), 2);
    for secret in [good, bad] {
        assert!(!screen.contains(secret), "a secret was shown:\n{screen}");
    }
    let written = std::fs::read_to_string(s.path().join(".env")).unwrap();
    assert_eq!(
        written,
        format!(
            "AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\nAUTH0_CLIENT_ID={CLIENT}\nAUTH0_CLIENT_SECRET='{good}'\n",
            server.url
        )
    );
    // `token` reads the secret back exactly (the tenant accepts only it).
    s.run(&["token", "--no-cache"])
        .code(0)
        .stdout_has("tok.en.value");
    assert_eq!(server.count("/oauth/token"), 3);
}

/// Declining the test sends no token request; the answers are written.
#[test]
fn init_sends_no_token_request_unless_asked_to() {
    let s = Sandbox::new();
    let server = tenant(SECRET);
    let mut term = Terminal::start(&s);
    term.answer("Tenant domain", &format!("{}\r", server.url));
    term.answer("API audience", &format!("{API}\r"));
    term.answer("Client id", &format!("{CLIENT}\r"));
    term.answer_secret("Client secret", &format!("{SECRET}\r"));
    term.answer("Test them with one token request?", "n");
    term.answer("Generate a DPoP key", "n");
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(server.count("/oauth/token"), 0);
    assert!(
        std::fs::read_to_string(s.path().join(".env"))
            .unwrap()
            .contains(&format!("AUTH0_CLIENT_SECRET={SECRET}\n"))
    );
}
