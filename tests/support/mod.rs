//! Test support: run the real binary with a clean environment, a mock
//! tenant on 127.0.0.1, per-test HTTP servers, and signed test tokens.

#![allow(dead_code)]

pub mod server;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use auth0_tok::jose::{Algorithm, Object};
use auth0_tok::keys::SigningKey;
use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_auth0-tok");

/// A scratch home: HOME and the working directory of every command.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `auth0-tok ARGS` with nothing from the outer environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env_clear()
            .env("HOME", self.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .current_dir(self.path())
            .stdin(Stdio::null());
        c
    }

    /// Runs to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd(args).output().unwrap())
    }

    /// Runs with `input` on stdin.
    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Run {
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_owned();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Run::from(out)
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.path().join(".cache").join("auth0-tok")
    }
}

/// A finished command.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }

    /// Each line of stdout, parsed as JSON (batch and `--json` streams).
    pub fn json_lines(&self) -> Vec<Value> {
        json_lines(&self.stdout)
    }
}

/// Each line of `out`, parsed as JSON.
pub fn json_lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

/// `auth0-tok mock serve` on a free port; killed on drop.
pub struct Mock {
    child: Child,
    pub url: String,
}

pub const CLIENT: &str = "ci";
pub const SECRET: &str = "s3cret-value-for-tests";
pub const API: &str = "https://api.example.com";

impl Mock {
    pub fn start(sandbox: &Sandbox, extra: &[&str]) -> Self {
        let client = format!("{CLIENT}:{SECRET}");
        let mut args = vec![
            "mock",
            "serve",
            "--port",
            "0",
            "--client",
            &client,
            "--audience",
            API,
        ];
        args.extend_from_slice(extra);
        let mut child = sandbox
            .cmd(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "mock printed {url:?}");
        Mock { child, url }
    }

    /// A client-credentials token, fetched with a plain HTTP request (not
    /// auth0-tok), as any client would.
    pub fn token(&self, audience: &str, scope: Option<&str>) -> String {
        let mut form = format!(
            "grant_type=client_credentials&client_id={CLIENT}&client_secret={SECRET}&audience={}",
            urlencode(audience)
        );
        if let Some(s) = scope {
            form.push_str(&format!("&scope={}", urlencode(s)));
        }
        let (status, body) = http(
            "POST",
            &format!("{}oauth/token", self.url),
            &[("content-type", "application/x-www-form-urlencoded")],
            &form,
        );
        assert_eq!(status, 200, "token endpoint said {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        v["access_token"].as_str().unwrap().to_owned()
    }

    pub fn rotate(&self) -> String {
        let (status, body) = http("POST", &format!("{}rotate", self.url), &[], "");
        assert_eq!(status, 200);
        serde_json::from_str::<Value>(&body).unwrap()["kid"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `verify` against the tenant at `domain` for [`API`], then `extra`.
pub fn verify_args<'a>(domain: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["verify", "--domain", domain, "--audience", API];
    args.extend_from_slice(extra);
    args
}

/// `token` from the tenant at `domain` for [`API`] as `client`/`secret`,
/// then `extra`.
pub fn token_args<'a>(
    domain: &'a str,
    client: &'a str,
    secret: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "token",
        "--domain",
        domain,
        "--audience",
        API,
        "--client-id",
        client,
        "--client-secret",
        secret,
    ];
    args.extend_from_slice(extra);
    args
}

/// `exchange` at the tenant at `domain` as `client`/`secret`, then `extra`.
pub fn exchange_args<'a>(
    domain: &'a str,
    client: &'a str,
    secret: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "exchange",
        "--domain",
        domain,
        "--client-id",
        client,
        "--client-secret",
        secret,
    ];
    args.extend_from_slice(extra);
    args
}

/// `dpop proof` for `htm` and `htu` with the key in `k.pem`, then `extra`.
pub fn proof_args<'a>(htm: &'a str, htu: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "dpop", "proof", "--key", "k.pem", "--htm", htm, "--htu", htu,
    ];
    args.extend_from_slice(extra);
    args
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A minimal HTTP/1.1 client for loopback URLs: (status, body).
pub fn http(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest
        .split_once('/')
        .map(|(a, p)| (a, format!("/{p}")))
        .unwrap();
    let mut stream = TcpStream::connect(authority).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    (
        status,
        if chunked {
            dechunk(body)
        } else {
            body.to_owned()
        },
    )
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

/// An RSA key for tokens signed by the test itself, with its JWKS file.
pub struct TestKey {
    pub key: SigningKey,
    pub jwks_path: PathBuf,
}

impl TestKey {
    pub fn new(sandbox: &Sandbox, kid: &str) -> Self {
        let key = SigningKey::generate_rsa().unwrap().with_kid(kid);
        let jwks_path = sandbox.path().join(format!("{kid}.jwks.json"));
        std::fs::write(
            &jwks_path,
            json!({"keys": [Value::Object(key.public_jwk())]}).to_string(),
        )
        .unwrap();
        TestKey { key, jwks_path }
    }

    pub fn sign(&self, claims: Value) -> String {
        self.key
            .sign_jwt(
                Algorithm::RS256,
                &Object::new(),
                claims.as_object().unwrap(),
            )
            .unwrap()
    }

    pub fn jwks(&self) -> &str {
        self.jwks_path.to_str().unwrap()
    }

    /// The key set document, as a tenant serves it.
    pub fn jwks_document(&self) -> String {
        std::fs::read_to_string(&self.jwks_path).unwrap()
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
