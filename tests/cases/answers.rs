//! Servers' answers and local files as a trust boundary: malformed token
//! answers, the GitHub Actions recipe, escaped server text, and size caps
//! on every file, stdin and batch line.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::server::{Reply, Request, Server};
use crate::support::{API, Run, Sandbox, TestKey, exchange_args, json_lines, now, token_args};

const SECRET: &str = "answers-client-secret-value";
const ISS: &str = "https://tenant.example.com/";

/// A tenant whose token endpoint answers `reply(request)`.
fn tenant(reply: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "jwks"),
        "/oauth/token" => reply(req),
        _ => Reply::json(404, "{}"),
    })
}

fn answer(token: &str, token_type: &str) -> Reply {
    Reply::json(
        200,
        &json!({"access_token": token, "token_type": token_type, "expires_in": 86400}).to_string(),
    )
}

fn token_cmd<'a>(server: &'a Server, extra: &[&'a str]) -> Vec<&'a str> {
    token_args(&server.url, "cid", SECRET, extra)
}

/// `token --github-env NAME` as a GitHub Actions step writing to `env_file`.
fn github_env(s: &Sandbox, server: &Server, name: &str, env_file: &std::path::Path) -> Run {
    Run::from(
        s.cmd(&token_cmd(server, &["--github-env", name]))
            .env("GITHUB_ENV", env_file)
            .output()
            .unwrap(),
    )
}

/// `command` with the key set in the file `jwks`, for [`ISS`] and [`API`],
/// then `extra`.
fn offline<'a>(command: &'a str, jwks: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![command, "--jwks", jwks, "--issuer", ISS, "--audience", API];
    args.extend_from_slice(extra);
    args
}

/// Runs `cmd` to completion, killing it (and failing) after `limit`.
fn run_within(mut cmd: Command, limit: Duration) -> Run {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().unwrap())
}

/// `$GITHUB_ENV` read with actions/runner's rules (`SetEnvFileCommand`,
/// Linux): `NAME=value` split at the first `=` when it precedes any `<<`,
/// or `NAME<<DELIMITER` up to a line that is exactly the delimiter.
fn parse_runner_env(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut lines = text
        .split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l));
    let mut vars = Vec::new();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        match (line.find('='), line.find("<<")) {
            (Some(e), h) if h.is_none_or(|h| e < h) => {
                vars.push((line[..e].to_owned(), line[e + 1..].to_owned()));
            }
            (_, Some(h)) => {
                let (name, delimiter) = (&line[..h], &line[h + 2..]);
                if name.is_empty() || delimiter.is_empty() {
                    return Err(format!("invalid heredoc line {line:?}"));
                }
                let mut value = Vec::new();
                loop {
                    match lines.next() {
                        None => return Err(format!("delimiter {delimiter:?} not found")),
                        Some(l) if l == delimiter => break,
                        Some(l) => value.push(l),
                    }
                }
                vars.push((name.to_owned(), value.join("\n")));
            }
            _ => return Err(format!("Invalid environment variable format {line:?}")),
        }
    }
    Ok(vars)
}

#[test]
fn a_token_with_a_newline_is_a_malformed_answer_and_never_printed() {
    let s = Sandbox::new();
    let server = tenant(|_| answer("zqv\nX=1", "Bearer"));
    let env_file = s.path().join("github_env");
    std::fs::write(&env_file, "").unwrap();
    let runs = [
        s.run(&token_cmd(&server, &[])),
        s.run(&token_cmd(&server, &["--format", "env"])),
        s.run(&token_cmd(&server, &["--format", "header"])),
        s.run(&token_cmd(&server, &["--json"])),
        s.run(&token_cmd(&server, &["-v"])),
        github_env(&s, &server, "AUTH0_ACCESS_TOKEN", &env_file),
        s.run(&exchange_args(
            &server.url,
            "cid",
            SECRET,
            &[
                "--connection",
                "github",
                "--subject-token",
                "subject-token-value",
            ],
        )),
    ];
    for (i, run) in runs.iter().enumerate() {
        run.code(4)
            .stderr_has("malformed answer: access_token holds byte 0x0A at offset 3")
            .stderr_has("RFC 6749 Appendix A.12");
        if i == 3 {
            // --json: the failure as one JSON object, never the token.
            assert_eq!(run.json()["error"], "tenant_unavailable", "{}", run.stdout);
            assert!(
                !run.stdout.contains("zqv") && !run.stdout.contains("X=1"),
                "{}",
                run.stdout
            );
        } else {
            assert!(run.stdout.is_empty(), "{}", run.stdout);
        }
        assert!(
            !run.stderr.contains("zqv") && !run.stderr.contains("X=1"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read_to_string(&env_file).unwrap(), "");
    // Never cached: each run asked again.
    assert_eq!(server.count("/oauth/token"), runs.len());
}

#[test]
fn token_type_must_be_bearer_or_dpop() {
    let s = Sandbox::new();
    let mac = tenant(|_| answer("fine-token", "mac"));
    let run = s.run(&token_cmd(&mac, &["--no-cache"]));
    run.code(4)
        .stderr_has("malformed answer: token_type \"mac\" is not Bearer or DPoP");
    assert!(run.stdout.is_empty() && !run.stderr.contains("fine-token"));
    let missing = tenant(|_| Reply::json(200, r#"{"access_token":"fine-token"}"#));
    s.run(&token_cmd(&missing, &["--no-cache"]))
        .code(4)
        .stderr_has("token_type is missing");
    // Case-insensitive (RFC 6749 §5.1), shown as the scheme is spelt.
    let lower = tenant(|_| answer("fine-token", "bearer"));
    let run = s.run(&token_cmd(&lower, &["--no-cache", "--format", "header"]));
    run.code(0);
    assert_eq!(run.stdout, "Authorization: Bearer fine-token\n");
}

#[test]
fn github_env_masks_on_stdout_and_sets_the_variable_in_the_env_file() {
    let s = Sandbox::new();
    let server = tenant(|_| answer("issued.access-token_123", "Bearer"));
    let env_file = s.path().join("set_env_1234");
    // An earlier step left a heredoc entry without a final newline.
    std::fs::write(&env_file, "EARLIER<<EOF\nline one\nline two\nEOF").unwrap();
    let run = github_env(&s, &server, "AUTH0_ACCESS_TOKEN", &env_file);
    run.code(0);
    assert_eq!(run.stdout, "::add-mask::issued.access-token_123\n");
    let text = std::fs::read_to_string(&env_file).unwrap();
    assert!(!text.contains("::add-mask::"), "{text}");
    assert_eq!(
        parse_runner_env(&text).unwrap(),
        [
            ("EARLIER".to_owned(), "line one\nline two".to_owned()),
            (
                "AUTH0_ACCESS_TOKEN".to_owned(),
                "issued.access-token_123".to_owned()
            ),
        ],
        "{text}"
    );
    // A cached token is set the same way.
    let again = github_env(&s, &server, "API_TOKEN", &env_file);
    again.code(0);
    assert_eq!(server.count("/oauth/token"), 1);
    let vars = parse_runner_env(&std::fs::read_to_string(&env_file).unwrap()).unwrap();
    assert_eq!(
        vars.last().unwrap(),
        &("API_TOKEN".to_owned(), "issued.access-token_123".to_owned())
    );
}

#[test]
fn the_old_github_recipe_is_refused_and_github_env_is_checked_before_any_request() {
    let s = Sandbox::new();
    let server = tenant(|_| answer("issued-token", "Bearer"));
    // `--format env --github-mask >> "$GITHUB_ENV"` wrote the mask command into the file.
    s.run(&token_cmd(&server, &["--format", "env", "--github-mask"]))
        .code(2)
        .stderr_has("use --github-env AUTH0_ACCESS_TOKEN");
    s.run(&token_cmd(&server, &["--github-env", "AUTH0_ACCESS_TOKEN"]))
        .code(2)
        .stderr_has("GITHUB_ENV is not set");
    let env_file = s.path().join("env");
    std::fs::write(&env_file, "").unwrap();
    for (name, says) in [
        ("A=B", "expected a variable name"),
        ("X\n::add-mask::", "expected a variable name"),
        ("GITHUB_PATH", "reserves"),
    ] {
        let run = Run::from(
            s.cmd(&token_cmd(&server, &["--github-env", name]))
                .env("GITHUB_ENV", &env_file)
                .output()
                .unwrap(),
        );
        run.code(2).stderr_has(says);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    let run = Run::from(
        s.cmd(&token_cmd(
            &server,
            &["--github-env", "T", "--format", "env"],
        ))
        .env("GITHUB_ENV", &env_file)
        .output()
        .unwrap(),
    );
    run.code(2).stderr_has("cannot be used with");
    assert_eq!(server.count("/oauth/token"), 0);
    assert_eq!(std::fs::read_to_string(&env_file).unwrap(), "");
    // --github-mask alone still prints the mask first, for stdout uses.
    let masked = s.run(&token_cmd(&server, &["--github-mask"]));
    masked.code(0);
    assert_eq!(masked.stdout, "::add-mask::issued-token\nissued-token\n");
}

/// No character that could start a line, move the cursor or hide text.
fn assert_no_hidden_characters(text: &str) {
    for line in text.lines() {
        // actions/runner: `::` after leading whitespace, `##[` anywhere.
        assert!(
            !line.trim_start().starts_with("::") && !line.contains("##["),
            "a line a CI log reads as a command: {line:?}"
        );
        assert!(
            line.chars().all(|c| c == '\t' || !c.is_control())
                && !line.chars().any(|c| matches!(c, '\u{2028}' | '\u{2029}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}')),
            "hidden or control character in {line:?}"
        );
    }
}

const HOSTILE: &str =
    "x\n::add-mask::y\r##[error]z\u{1b}[2J\u{85}\u{2028}w\u{200b}\u{feff}\u{202e}\u{e0041}";

#[test]
fn server_text_is_escaped_in_errors_and_text_output() {
    let s = Sandbox::new();
    let server = tenant(|_| {
        Reply::json(
            400,
            &json!({"error": "invalid_request", "error_description": HOSTILE}).to_string(),
        )
    });
    let run = s.run(&token_cmd(&server, &[]));
    run.code(4).stderr_has(
        "invalid_request: x\\n::add-mask::y\\r\\u{23}#[error]z\\u{1b}[2J\\u{85}\\u{2028}w\\u{200b}\\u{feff}\\u{202e}\\u{e0041}",
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_no_hidden_characters(&run.stderr);

    let key = TestKey::new(&s, "k1");
    let token = key.sign(json!({
        "iss": ISS, "aud": API, "iat": now(), "exp": now() + 600,
        "sub": HOSTILE, HOSTILE: "in a name", "::stop-commands::n": "a name that starts a line",
        "scope": "::add-mask::s ##[stop-commands]t",
    }));
    let decode = s.run(&["decode", &token]);
    decode.code(0).stdout_has("x\\n::add-mask::y");
    assert_no_hidden_characters(&decode.stdout);
    let verify = s.run(&offline("verify", key.jwks(), &[&token]));
    verify.code(0).stdout_has("VALID").stdout_has("\\u{2028}w");
    assert_no_hidden_characters(&verify.stdout);
    // JSON stays exact.
    let json = s.run(&["decode", "--json", &token]);
    json.code(0);
    assert_eq!(json.json()["claims"]["sub"], HOSTILE);
    let invalid = s.run(&[
        "verify",
        "--jwks",
        key.jwks(),
        "--issuer",
        ISS,
        "--audience",
        "https://other",
        &token,
    ]);
    invalid.code(1).stdout_has("Claims (unverified)");
    assert_no_hidden_characters(&invalid.stdout);
}

fn valid_token(key: &TestKey) -> String {
    key.sign(json!({"iss": ISS, "aud": API, "iat": now(), "exp": now() + 600, "sub": "me"}))
}

/// The child's peak resident set, from /proc (kB).
#[cfg(target_os = "linux")]
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/<pid>/status")
}

#[cfg(target_os = "linux")]
#[test]
fn a_300_mb_batch_line_is_reported_for_its_line_without_being_buffered() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let token = valid_token(&key);
    let mut child = s
        .cmd(&[
            "verify",
            "--batch",
            "--jobs",
            "1",
            "--jwks",
            key.jwks(),
            "--issuer",
            ISS,
            "--audience",
            API,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Streamed: the test never holds more than 1 MiB of the line.
    stdin.write_all(format!("{token}\n").as_bytes()).unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..300 {
        stdin.write_all(&block).unwrap();
    }
    stdin.write_all(format!("\n{token}\n").as_bytes()).unwrap();
    stdin.flush().unwrap();
    // All but the pipe's buffer has been read: the peak is reached.
    std::thread::sleep(Duration::from_millis(200));
    let peak = peak_rss_kib(child.id());
    drop(stdin);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(2), "{stdout}");
    eprintln!("verify --batch peak RSS with a 300 MB line: {peak} kB");
    assert!(peak < 64 * 1024, "peak RSS {peak} kB for a 300 MB line");
    let lines = json_lines(&stdout);
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(
        (lines[0]["line"].clone(), lines[0]["valid"].clone()),
        (json!(1), json!(true))
    );
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["error"], "unreadable_line");
    assert_eq!(
        lines[1]["error_description"],
        format!(
            "the line is {} bytes, over the 16 KiB limit; skipped",
            300 << 20
        )
    );
    assert_eq!(
        (lines[2]["line"].clone(), lines[2]["valid"].clone()),
        (json!(3), json!(true))
    );
}

#[test]
fn a_request_batch_line_over_the_limit_is_reported_and_the_batch_goes_on() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let token = valid_token(&key);
    let long = format!(
        "{{\"url\": \"https://api.example.com/{}\"}}",
        "a".repeat(100_000)
    );
    let run = s.run_with_stdin(
        &[
            "request",
            "--batch",
            "--url",
            "https://api.example.com/m",
            "--jwks",
            key.jwks(),
            "--issuer",
            ISS,
            "--audience",
            API,
        ],
        &format!("{token}\n{long}\n{token}\n"),
    );
    run.code(2);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[1]["error"], "unreadable_line");
    assert!(
        lines[1]["error_description"]
            .as_str()
            .unwrap()
            .contains("over the 64 KiB limit"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["status"], 200);
}

#[test]
fn a_batch_line_with_its_scheme_gets_the_same_refusal_as_one_token() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let token = valid_token(&key);
    let api = ["--jwks", key.jwks(), "--issuer", ISS, "--audience", API];
    let bearer = format!("Bearer {token}");
    let one = s.run(&[&["verify"][..], &api, &[bearer.as_str()]].concat());
    one.code(2);
    let refusal = one
        .stderr
        .trim()
        .strip_prefix("auth0-tok: ")
        .unwrap()
        .to_owned();
    assert!(refusal.contains("\"Bearer\" scheme"), "{refusal}");
    let run = s.run_with_stdin(
        &[&["verify", "--batch"][..], &api].concat(),
        &format!("{bearer}\n{token}\n"),
    );
    run.code(2);
    assert!(!run.stdout.contains("Invalid symbol"), "{}", run.stdout);
    let lines = run.json_lines();
    assert_eq!(lines[0]["error"], "unreadable_line");
    assert_eq!(lines[0]["error_description"], refusal.as_str());
    assert_eq!(lines[1]["valid"], true);
    let request = s.run_with_stdin(
        &[
            &["request", "--batch", "--url", "https://api.example.com/m"][..],
            &api,
        ]
        .concat(),
        &format!("{bearer}\n"),
    );
    request.code(2);
    assert_eq!(
        request.json_lines()[0]["error_description"],
        refusal.as_str()
    );
}

#[cfg(unix)]
#[test]
fn dev_zero_for_each_file_taking_option_is_exit_2_at_once() {
    let s = Sandbox::new();
    let server = tenant(|_| answer("unused", "Bearer"));
    let key = TestKey::new(&s, "k1");
    let token = valid_token(&key);
    let cases: Vec<(Vec<&str>, bool, &str)> = vec![
        (
            offline("verify", "/dev/zero", &[&token]),
            false,
            "--jwks /dev/zero: larger than 1 MiB",
        ),
        (
            offline("request", key.jwks(), &["--raw", "/dev/zero"]),
            false,
            "--raw /dev/zero: larger than 64 KiB",
        ),
        (
            offline("request", key.jwks(), &["--raw", "-"]),
            true,
            "--raw stdin: larger than 64 KiB",
        ),
        (
            offline("verify", key.jwks(), &["-"]),
            true,
            "the token on stdin: larger than 2 MiB",
        ),
        (
            vec!["decode", "-"],
            true,
            "the token on stdin: larger than 2 MiB",
        ),
        (
            vec![
                "dpop",
                "proof",
                "--key",
                "/dev/zero",
                "--htm",
                "GET",
                "--htu",
                "https://api.example.com/",
            ],
            false,
            "DPoP key /dev/zero: larger than 64 KiB",
        ),
        (
            vec!["dpop", "thumbprint", "/dev/zero"],
            false,
            "/dev/zero: larger than 64 KiB",
        ),
        (
            token_cmd(&server, &["--dpop", "--key", "/dev/zero"]),
            false,
            "DPoP key /dev/zero: larger than 64 KiB",
        ),
        (
            token_cmd(
                &server,
                &[
                    "--auth-method",
                    "private-key-jwt",
                    "--client-assertion-key",
                    "/dev/zero",
                ],
            ),
            false,
            "--client-assertion-key /dev/zero: larger than 64 KiB",
        ),
        (
            exchange_args(
                &server.url,
                "cid",
                SECRET,
                &["--connection", "github", "--subject-token", "-"],
            ),
            true,
            "--subject-token -: stdin: larger than 1 MiB",
        ),
    ];
    for (args, zero_stdin, says) in cases {
        let mut cmd = s.cmd(&args);
        if zero_stdin {
            cmd.stdin(std::fs::File::open("/dev/zero").unwrap());
        }
        let started = Instant::now();
        let run = run_within(cmd, Duration::from_secs(20));
        run.code(2).stderr_has(says);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{args:?} took {:?}",
            started.elapsed()
        );
    }
    assert_eq!(server.count("/oauth/token"), 0);
}
