//! Output for scripts and people: `--json` on every command and every
//! failure, `verify -q`, usage lines, and options only where they apply.

use serde_json::Value;

use crate::support::{API, CLIENT, Mock, Sandbox, token_args};

/// `token --json` against the mock tenant with a wrong secret: the
/// endpoint's 401 as `{"error","error_description","status"}` on stdout,
/// the human line still on stderr, exit 4.
#[test]
fn token_json_on_a_401_prints_the_oauth_error() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let run = s.run(&[
        "token",
        "--json",
        "--no-cache",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "--client-id",
        CLIENT,
        "--client-secret",
        "not-the-secret",
    ]);
    run.code(4).stderr_has("auth0-tok: ").stderr_has("HTTP 401");
    let v = run.json();
    assert_eq!(v["status"], 401, "{v}");
    assert_eq!(v["error"], "access_denied", "{v}");
    assert!(
        v["error_description"]
            .as_str()
            .unwrap()
            .contains("HTTP 401"),
        "{v}"
    );
    assert_eq!(v.as_object().unwrap().len(), 3, "{v}");
    assert!(!run.stdout.contains("not-the-secret") && !run.stderr.contains("not-the-secret"));
}

/// A usage error, from clap or from a handler, with `--json`: one
/// `usage_error` object on stdout, exit 2; without `--json`, stdout empty.
#[test]
fn json_usage_errors_are_one_object_on_stdout() {
    let s = Sandbox::new();
    for args in [
        &["token", "--json", "--bogus"][..],
        &["--json", "verify", "--audience"],
        &["token", "--json", "--audience", API],
        &["verify", "--json", "--audience", API, "T"],
    ] {
        let run = s.run(args);
        run.code(2);
        let v: Value = run.json();
        assert_eq!(v["error"], "usage_error", "{args:?}: {v}");
        assert_eq!(v["status"], Value::Null, "{args:?}: {v}");
        assert!(!v["error_description"].as_str().unwrap().is_empty());
        assert_eq!(run.stdout.lines().count(), 1, "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}: the human message stays");
        let plain: Vec<&str> = args.iter().copied().filter(|a| *a != "--json").collect();
        let run = s.run(&plain);
        run.code(2);
        assert_eq!(run.stdout, "", "{plain:?}");
    }
}

#[test]
fn dpop_proof_json_is_one_object_per_proof_with_its_claims() {
    let s = Sandbox::new();
    let key = s.run(&["dpop", "keygen", "--out", "k.pem", "--json"]);
    key.code(0);
    let jkt = key.json()["jkt"].as_str().unwrap().to_owned();
    let run = s.run(&[
        "dpop",
        "proof",
        "--json",
        "--key",
        "k.pem",
        "--htm",
        "POST",
        "--htu",
        "https://api.example.com/r?q=1",
        "--count",
        "2",
    ]);
    run.code(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert_ne!(lines[0]["jti"], lines[1]["jti"]);
    for v in &lines {
        assert_eq!(v["jkt"], jkt.as_str(), "{v}");
        assert_eq!(v["htm"], "POST");
        assert_eq!(v["htu"], "https://api.example.com/r");
        assert!(v["iat"].as_i64().unwrap() > 1_700_000_000);
        // The proof is the one the fields describe.
        let proof = v["proof"].as_str().unwrap();
        let claims = s.run(&["decode", "--json", proof]).json()["claims"].clone();
        assert_eq!(claims["jti"], v["jti"]);
        assert_eq!(claims["iat"], v["iat"]);
        assert_eq!(claims["htu"], v["htu"]);
    }
    // --headers prints header lines, which --json cannot be.
    s.run(&[
        "dpop",
        "proof",
        "--json",
        "--key",
        "k.pem",
        "--htm",
        "GET",
        "--htu",
        "https://a.example/",
        "--access-token",
        "t",
        "--headers",
    ])
    .code(2)
    .stderr_has("--headers");
}

#[test]
fn demo_json_is_one_step_per_line() {
    let s = Sandbox::new();
    let run = s.run(&["demo", "--json"]);
    run.code(0);
    let steps = run.json_lines();
    assert_eq!(steps.len(), 9, "{}", run.stdout);
    for step in &steps {
        assert_eq!(step["ok"], true, "{step}");
        assert!(!step["step"].as_str().unwrap().is_empty(), "{step}");
        assert!(!step["detail"].as_str().unwrap().is_empty(), "{step}");
        assert_eq!(step.as_object().unwrap().len(), 3, "{step}");
    }
}

#[test]
fn token_clear_cache_json_counts_what_it_removed() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = |extra: &[&str]| {
        s.run(&token_args(
            &mock.url,
            CLIENT,
            crate::support::SECRET,
            extra,
        ))
        .code(0);
    };
    token(&[]);
    token(&["--scope", "read:messages"]);
    let run = s.run(&["token", "--clear-cache", "--json"]);
    run.code(0);
    assert_eq!(run.json(), serde_json::json!({"removed": 2}));
    assert_eq!(
        s.run(&["token", "--clear-cache", "--json"]).code(0).json(),
        serde_json::json!({"removed": 0})
    );
}

/// `verify -q`: nothing on stdout or stderr, the verdict in the exit code;
/// the default report is unchanged.
#[test]
fn verify_quiet_is_the_exit_code_alone() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, Some("read:messages"));
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", "--domain", &mock.url, "--audience", API];
        args.extend_from_slice(extra);
        args.push(&token);
        s.run(&args)
    };
    let report = verify(&[]);
    report.code(0).stdout_has("VALID");
    for (extra, code) in [
        (&["-q"][..], 0),
        (&["--quiet", "--scope", "read:messages"], 0),
        (&["-q", "--scope", "write:messages"], 3),
        (
            &[
                "-q",
                "--leeway",
                "0",
                "--issuer",
                "https://elsewhere.example.com/",
            ],
            1,
        ),
    ] {
        let run = verify(extra);
        run.code(code);
        assert_eq!(run.stdout, "", "{extra:?}");
        assert_eq!(run.stderr, "", "{extra:?}");
    }
    // Without -q the same rejection is reported.
    verify(&["--scope", "write:messages"])
        .code(3)
        .stdout_has("insufficient scope");
    // A usage failure is not a verdict: its line stays.
    s.run(&["verify", "-q", "--audience", API, &token])
        .code(2)
        .stderr_has("no tenant");
    s.run(&[
        "verify",
        "-q",
        "--json",
        "--domain",
        &mock.url,
        "--audience",
        API,
        &token,
    ])
    .code(2)
    .stderr_has("--quiet");
    s.run(&[
        "verify",
        "-q",
        "--batch",
        "--domain",
        &mock.url,
        "--audience",
        API,
    ])
    .code(2)
    .stderr_has("--batch");
}

/// `init --json` on a pseudo-terminal: after the conversation, what was
/// written (here: nothing, the existing file is kept) as one JSON line.
#[test]
fn init_json_ends_with_what_it_wrote() {
    use rexpect::process::WaitStatus;
    let s = Sandbox::new();
    std::fs::write(s.path().join(".env"), "AUTH0_DOMAIN=keep.example.com\n").unwrap();
    let mut command = std::process::Command::new(crate::support::BIN);
    command
        .args(["init", "--json"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", s.path())
        .env("TERM", "dumb")
        .current_dir(s.path());
    let mut session = rexpect::session::spawn_command(command, Some(20_000)).unwrap();
    session.exp_string(".env exists; replace it?").unwrap();
    session.send("n").unwrap();
    session.flush().unwrap();
    let screen = session.exp_eof().unwrap();
    let WaitStatus::Exited(_, code) = session.process().wait().unwrap() else {
        panic!("init did not exit; screen:\n{screen}")
    };
    assert_eq!(code, 0, "{screen}");
    let line = screen
        .lines()
        .find(|l| l.trim_start().starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON line; screen:\n{screen}"));
    let v: Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"file": ".env", "written": false, "variables": []})
    );
}

/// A completion script is not JSON: `--json` there is refused, not ignored.
#[test]
fn completions_refuse_json() {
    let s = Sandbox::new();
    let run = s.run(&["completions", "bash", "--json"]);
    run.code(2).stderr_has("--json does not apply");
    assert_eq!(run.json()["error"], "usage_error");
}

/// `--domain`, `--timeout` and `--no-cache` exist only on the commands that
/// talk to a tenant: elsewhere clap refuses them like any unknown option.
#[test]
fn tenant_options_exist_only_where_a_tenant_is_used() {
    let s = Sandbox::new();
    for args in [
        &["completions", "--domain", "x.auth0.com", "bash"][..],
        &["decode", "--timeout", "3", "e30.e30.e30"],
        &["dpop", "keygen", "--no-cache", "--out", "k.pem"],
        &["demo", "--domain", "x.auth0.com"],
    ] {
        let run = s.run(args);
        run.code(2).stderr_has("unexpected argument '--");
        assert_eq!(run.stdout, "", "{args:?}");
    }
    assert!(!s.path().join("k.pem").exists());
    // Before the command's name: refused for these, with the reason.
    s.run(&["--domain", "x.auth0.com", "completions", "bash"])
        .code(2)
        .stderr_has("--domain does not apply to `completions`");
    // Help shows them where they apply, and only there.
    let help = |args: &[&str]| s.run(args).code(0).stdout.clone();
    for command in ["verify", "request", "jwks", "token", "exchange", "init"] {
        let text = help(&[command, "--help"]);
        for option in ["--domain", "--timeout", "--no-cache"] {
            assert!(text.contains(option), "{command} --help lacks {option}");
        }
    }
    for command in [
        &["completions"][..],
        &["decode"],
        &["demo"],
        &["dpop", "proof"],
        &["mock", "serve"],
    ] {
        let text = help(&[command, &["--help"]].concat());
        for option in ["--domain", "--timeout", "--no-cache"] {
            assert!(
                // An option's line is indented; prose may name the option.
                !text
                    .lines()
                    .any(|l| l.starts_with(' ') && l.trim_start().starts_with(option)),
                "{command:?} --help shows {option}"
            );
        }
        assert!(
            text.contains("--json"),
            "{command:?}: the global options stay"
        );
    }
    // The committed completion scripts offer no --domain after `completions`.
    let bash = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/auth0-tok.fish"),
    )
    .unwrap();
    assert!(
        !bash
            .lines()
            .any(|l| l.contains("__fish_seen_subcommand_from completions")
                && l.contains("-l domain")),
        "fish completes completions --domain"
    );
}

/// `auth0-tok --domain X verify …` keeps working: a flag before the
/// command's name beats AUTH0_DOMAIN, one after it beats both.
#[test]
fn tenant_options_before_the_command_name_still_apply() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    let with_env = |args: &[&str], domain: &str| {
        crate::support::Run::from(
            s.cmd(args)
                .env("AUTH0_DOMAIN", domain)
                .env("AUTH0_AUDIENCE", API)
                .output()
                .unwrap(),
        )
    };
    with_env(
        &["--domain", &mock.url, "--timeout", "5", "verify", &token],
        "127.0.0.1:9",
    )
    .code(0)
    .stdout_has("VALID");
    with_env(
        &[
            "--domain",
            "127.0.0.1:9",
            "verify",
            "--domain",
            &mock.url,
            &token,
        ],
        "127.0.0.1:9",
    )
    .code(0);
    with_env(&["--no-cache", "verify", &token], &mock.url).code(0);
    // mock serve refuses --domain wherever it is typed, pointing to --issuer.
    for args in [
        &["--domain", "x.auth0.com", "mock", "serve"][..],
        &["mock", "serve", "--domain", "x.auth0.com"],
    ] {
        s.run(args)
            .code(2)
            .stderr_has("use --issuer https://x.auth0.com/");
    }
}

/// An option its environment variable fills is not shown as missing in a
/// usage line (clap shows `required` options there whatever the
/// environment holds); the handler names the flag and the variable when
/// neither is set.
#[test]
fn usage_lines_do_not_list_options_the_environment_fills() {
    let s = Sandbox::new();
    std::fs::write(s.path().join("k.pem"), "").unwrap();
    for args in [
        &["token", "--bogus"][..],
        &["exchange", "--subject-token", "t", "--bogus"],
        &["verify", "--bogus"],
        &["request", "--bogus"],
        &[
            "dpop",
            "proof",
            "--htm",
            "GET",
            "--htu",
            "https://a.example/",
            "--bogus",
        ],
    ] {
        let run = crate::support::Run::from(
            s.cmd(args)
                .env("AUTH0_DOMAIN", "t.auth0.com")
                .env("AUTH0_AUDIENCE", API)
                .env("AUTH0_CLIENT_ID", CLIENT)
                .env("AUTH0_CLIENT_SECRET", "s")
                .env("AUTH0_DPOP_KEY", "k.pem")
                .output()
                .unwrap(),
        );
        run.code(2);
        let usage = run
            .stderr
            .lines()
            .find(|l| l.starts_with("Usage:"))
            .unwrap_or_else(|| panic!("{args:?}: no usage line:\n{}", run.stderr));
        for option in [
            "--domain",
            "--audience",
            "--client-id",
            "--client-secret",
            "--key",
        ] {
            assert!(!usage.contains(option), "{args:?}: {usage}");
        }
    }
    s.run(&["token", "--domain", "t.auth0.com"])
        .code(2)
        .stderr_has("pass --audience https://your-api or set AUTH0_AUDIENCE");
}

/// `verify --batch --json`: the lines are the report; no failure object of
/// another shape is added after them.
#[test]
fn a_batch_with_json_ends_with_its_last_result_line() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    let run = s.run_with_stdin(
        &[
            "verify",
            "--batch",
            "--json",
            "--domain",
            &mock.url,
            "--audience",
            API,
        ],
        &format!("{token}\nnot-a-token\n"),
    );
    run.code(1).stderr_has("1 rejected");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines.iter().all(|l| l.get("valid").is_some()),
        "{}",
        run.stdout
    );
}
