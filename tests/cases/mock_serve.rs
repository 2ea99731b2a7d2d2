//! `mock serve` as a user starts it: bare, `--json`, `--host`, `--issuer`,
//! `--domain` (refused), and key rotation.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::support::{API, CLIENT, Mock, Run, SECRET, Sandbox, http, urlencode};

/// How long a starting tenant may take to say what it must.
const PATIENCE: Duration = Duration::from_secs(20);

/// A `mock serve` child: its first stdout line, and its stderr lines as they come.
struct Serve {
    child: Child,
    first_line: String,
    stderr: mpsc::Receiver<String>,
}

impl Serve {
    fn start(s: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut command = s.cmd(&[&["mock", "serve"], args].concat());
        command.envs(env.iter().copied());
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first_line)
            .unwrap();
        Serve {
            child,
            first_line: first_line.trim_end().to_owned(),
            stderr: rx,
        }
    }

    /// Stderr lines up to and including the first that starts with `prefix`.
    #[track_caller]
    fn stderr_until(&self, prefix: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.stderr.recv_timeout(PATIENCE) {
                Ok(line) => {
                    let done = line.starts_with(prefix);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                Err(_) => panic!("no stderr line starting with {prefix:?}; got {seen:#?}"),
            }
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ARGS` that must end by themselves: killed (and the test failed) if
/// still running after [`PATIENCE`], e.g. a tenant serving when it should refuse.
#[track_caller]
fn run_to_end(s: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = s.cmd(args);
    command.envs(env.iter().copied());
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "{args:?} was still running; stderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().unwrap())
}

/// `KEY=value` lines into a map (comments skipped).
fn env_lines(lines: &[String]) -> HashMap<String, String> {
    lines
        .iter()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| k.starts_with("AUTH0_"))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn client_credentials(token_endpoint: &str, id: &str, secret: &str) -> (u16, String) {
    http(
        "POST",
        token_endpoint,
        &[("content-type", "application/x-www-form-urlencoded")],
        &format!(
            "grant_type=client_credentials&client_id={}&client_secret={}&audience={}",
            urlencode(id),
            urlencode(secret),
            urlencode(API)
        ),
    )
}

fn header_kid(s: &Sandbox, token: &str) -> String {
    let run = s.run(&["decode", "--json", token]);
    run.code(0);
    run.json()["header"]["kid"].as_str().unwrap().to_owned()
}

#[test]
fn bare_mock_serve_prints_auth0_lines_that_get_and_verify_a_token() {
    let s = Sandbox::new();
    let serve = Serve::start(&s, &[], &[]);
    let url = serve.first_line.clone();
    assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
    let env = env_lines(&serve.stderr_until("AUTH0_AUDIENCE="));
    assert_eq!(env["AUTH0_DOMAIN"], url);
    assert_eq!(env["AUTH0_CLIENT_ID"], "mock-client");
    assert_eq!(env["AUTH0_AUDIENCE"], API);
    assert!(env["AUTH0_CLIENT_SECRET"].len() >= 32, "{env:?}");
    // Pasted as they are, the lines are all `token` and `verify` need.
    let pasted: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let got = run_to_end(&s, &["token", "--no-cache"], &pasted);
    got.code(0);
    let token = got.stdout.trim();
    run_to_end(&s, &["verify", token], &pasted)
        .code(0)
        .stdout_has("VALID");
}

#[test]
fn a_secret_given_with_client_is_never_printed() {
    let s = Sandbox::new();
    let client = format!("{CLIENT}:{SECRET}");
    let serve = Serve::start(&s, &["--client", &client], &[]);
    let lines = serve.stderr_until("AUTH0_AUDIENCE=");
    let env = env_lines(&lines);
    assert_eq!(env["AUTH0_CLIENT_ID"], CLIENT);
    assert!(!env.contains_key("AUTH0_CLIENT_SECRET"), "{lines:?}");
    assert!(!lines.concat().contains(SECRET), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.starts_with("# AUTH0_CLIENT_SECRET")),
        "{lines:?}"
    );
}

#[test]
fn json_prints_every_setting_as_one_object_that_works() {
    let s = Sandbox::new();
    let serve = Serve::start(&s, &["--json"], &[]);
    let v: Value = serde_json::from_str(&serve.first_line).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "audience",
            "client_id",
            "client_secret",
            "issuer",
            "jwks_uri",
            "token_endpoint",
            "url"
        ]
    );
    let url = v["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(v["issuer"], url);
    assert_eq!(v["audience"], API);
    assert_eq!(v["client_id"], "mock-client");
    let (status, body) = client_credentials(
        v["token_endpoint"].as_str().unwrap(),
        v["client_id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = http("GET", v["jwks_uri"].as_str().unwrap(), &[], "");
    assert_eq!(status, 200, "{body}");
}

#[test]
fn json_leaves_out_a_secret_given_with_client() {
    let s = Sandbox::new();
    let client = format!("{CLIENT}:{SECRET}");
    let serve = Serve::start(&s, &["--json", "--client", &client], &[]);
    let v: Value = serde_json::from_str(&serve.first_line).unwrap();
    assert_eq!(v["client_id"], CLIENT);
    assert_eq!(v["client_secret"], Value::Null);
    assert!(!serve.first_line.contains(SECRET));
}

#[test]
fn json_and_print_env_together_are_refused() {
    let s = Sandbox::new();
    run_to_end(&s, &["mock", "serve", "--json", "--print-env"], &[])
        .code(2)
        .stderr_has("choose one");
}

#[test]
fn host_binds_another_loopback_address_without_a_network_warning() {
    let s = Sandbox::new();
    let client = format!("{CLIENT}:{SECRET}");
    let serve = Serve::start(&s, &["--host", "127.0.0.2", "--client", &client], &[]);
    let url = serve.first_line.clone();
    assert!(url.starts_with("http://127.0.0.2:"), "{url:?}");
    let lines = serve.stderr_until("AUTH0_AUDIENCE=");
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("reachable from the network")),
        "{lines:?}"
    );
    let (status, body) = client_credentials(&format!("{url}oauth/token"), CLIENT, SECRET);
    assert_eq!(status, 200, "{body}");
}

#[test]
fn host_takes_ipv6_loopback_and_its_tokens_verify() {
    let s = Sandbox::new();
    let client = format!("{CLIENT}:{SECRET}");
    let serve = Serve::start(&s, &["--host", "[::1]", "--client", &client], &[]);
    let url = serve.first_line.clone();
    assert!(url.starts_with("http://[::1]:"), "{url:?}");
    let (status, body) = client_credentials(&format!("{url}oauth/token"), CLIENT, SECRET);
    assert_eq!(status, 200, "{body}");
    let token = serde_json::from_str::<Value>(&body).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    run_to_end(
        &s,
        &["verify", "--domain", &url, "--audience", API, &token],
        &[],
    )
    .code(0);
}

#[test]
fn host_that_is_not_an_address_is_a_usage_error() {
    let s = Sandbox::new();
    run_to_end(&s, &["mock", "serve", "--host", "localhost:80"], &[])
        .code(2)
        .stderr_has("expected an IP address");
}

#[test]
fn issuer_is_served_exactly_and_verify_at_the_url_reports_the_mismatch() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--issuer", "https://login.example.com/"]);
    let (status, body) = http(
        "GET",
        &format!("{}.well-known/openid-configuration", mock.url),
        &[],
        "",
    );
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["issuer"], "https://login.example.com/");
    // The endpoints stay where the tenant answers.
    assert_eq!(doc["token_endpoint"], format!("{}oauth/token", mock.url));
    assert_eq!(
        doc["jwks_uri"],
        format!("{}.well-known/jwks.json", mock.url)
    );
    let token = mock.token(API, None);
    let claims = s.run(&["decode", "--json", &token]).json()["claims"].clone();
    assert_eq!(claims["iss"], "https://login.example.com/");
    // The token names the configured issuer, not the one derived from the URL…
    run_to_end(
        &s,
        &["verify", "--domain", &mock.url, "--audience", API, &token],
        &[],
    )
    .code(1)
    .stdout_has(&format!(
        "issuer \"https://login.example.com/\" is not the expected issuer {}",
        mock.url
    ));
    // …and so does the discovery document served at the URL.
    run_to_end(&s, &["jwks", "--domain", &mock.url], &[])
        .code(4)
        .stderr_has(&format!(
            "the discovery document names issuer \"https://login.example.com/\", not \"{}\"",
            mock.url
        ));
    // With the issuer it serves and its key set, the token is valid.
    let jwks = s.path().join("jwks.json");
    let (_, keys) = http(
        "GET",
        &format!("{}.well-known/jwks.json", mock.url),
        &[],
        "",
    );
    std::fs::write(&jwks, keys).unwrap();
    run_to_end(
        &s,
        &[
            "verify",
            "--jwks",
            jwks.to_str().unwrap(),
            "--issuer",
            "https://login.example.com/",
            "--audience",
            API,
            &token,
        ],
        &[],
    )
    .code(0);
}

#[test]
fn issuer_without_trailing_slash_reproduces_the_slash_mismatch() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--issuer", "https://login.example.com"]);
    let token = mock.token(API, None);
    let claims = s.run(&["decode", "--json", &token]).json()["claims"].clone();
    assert_eq!(claims["iss"], "https://login.example.com");
    let jwks = s.path().join("jwks.json");
    let (_, keys) = http(
        "GET",
        &format!("{}.well-known/jwks.json", mock.url),
        &[],
        "",
    );
    std::fs::write(&jwks, keys).unwrap();
    let run = run_to_end(
        &s,
        &[
            "verify",
            "--jwks",
            jwks.to_str().unwrap(),
            "--domain",
            "login.example.com",
            "--audience",
            API,
            &token,
        ],
        &[],
    );
    run.code(1).stdout_has(
        "issuer \"https://login.example.com\" is not the expected issuer https://login.example.com/",
    );
}

#[test]
fn issuer_must_be_an_https_url_without_a_path() {
    let s = Sandbox::new();
    for bad in [
        "login.example.com",
        "http://login.example.com/",
        "https://login.example.com/tenant/",
    ] {
        run_to_end(&s, &["mock", "serve", "--issuer", bad], &[])
            .code(2)
            .stderr_has("issuer");
    }
}

#[test]
fn domain_on_mock_serve_is_refused_pointing_to_issuer() {
    let s = Sandbox::new();
    run_to_end(&s, &["mock", "serve", "--domain", "login.example.com"], &[])
        .code(2)
        .stderr_has("--issuer https://login.example.com/");
    // As a global option before the command, too.
    run_to_end(&s, &["--domain", "login.example.com", "mock", "serve"], &[])
        .code(2)
        .stderr_has("--issuer");
}

#[test]
fn auth0_domain_from_the_environment_does_not_stop_or_change_the_tenant() {
    let s = Sandbox::new();
    let client = format!("{CLIENT}:{SECRET}");
    let serve = Serve::start(
        &s,
        &["--client", &client],
        &[("AUTH0_DOMAIN", "tenant.us.auth0.com")],
    );
    let url = serve.first_line.clone();
    assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
    let (status, body) = http(
        "GET",
        &format!("{url}.well-known/openid-configuration"),
        &[],
        "",
    );
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["issuer"], url);
}

#[test]
fn rotate_keeps_the_current_key_and_two_retired_ones() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    // tokens[g] is signed by generation g+1's key.
    let mut tokens = vec![mock.token(API, None)];
    let mut kids = vec![header_kid(&s, &tokens[0])];
    for _ in 0..5 {
        kids.push(mock.rotate());
        tokens.push(mock.token(API, None));
    }
    let (status, body) = http(
        "GET",
        &format!("{}.well-known/jwks.json", mock.url),
        &[],
        "",
    );
    assert_eq!(status, 200);
    let published: Vec<String> = serde_json::from_str::<Value>(&body).unwrap()["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        published,
        [kids[5].clone(), kids[4].clone(), kids[3].clone()]
    );
    // The newest key signs new tokens.
    assert_eq!(header_kid(&s, &mock.token(API, None)), kids[5]);
    let verify = |token: &str| {
        run_to_end(
            &s,
            &[
                "verify",
                "--no-cache",
                "--domain",
                &mock.url,
                "--audience",
                API,
                token,
            ],
            &[],
        )
    };
    // Retired two rotations ago: still published, still valid.
    verify(&tokens[3]).code(0);
    // Retired three rotations ago: gone.
    let stale = verify(&tokens[2]);
    stale.code(1);
    assert!(
        format!("{}{}", stale.stdout, stale.stderr).contains(&kids[2]),
        "{stale:?}"
    );
}
