use serde_json::json;

use crate::support::{API, Mock, Sandbox, TestKey, now, verify_args};

#[test]
fn a_token_from_the_mock_tenant_verifies() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    s.run(&verify_args(&mock.url, &[&token]))
        .code(0)
        .stdout_has("VALID")
        .stdout_has("read:messages");
}

#[test]
fn a_wrong_audience_is_rejected_naming_both_audiences() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    s.run(&[
        "verify",
        "--domain",
        &mock.url,
        "--audience",
        "https://other.example.com",
        &token,
    ])
    .code(1)
    .stdout_has("INVALID")
    .stdout_has(API)
    .stdout_has("https://other.example.com");
}

#[test]
fn an_expired_token_says_how_long_ago() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--token-lifetime", "3600", "--backdate", "3792"]);
    let token = mock.token(API, None);
    let run = s.run(&verify_args(&mock.url, &[&token]));
    run.code(1)
        .stdout_has("token expired 3m1")
        .stdout_has("s ago");
    s.run(&verify_args(&mock.url, &["--leeway", "600", &token]))
        .code(0);
}

#[test]
fn any_of_several_audiences_is_accepted() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    s.run(&[
        "verify",
        "--domain",
        &mock.url,
        "--audience",
        "https://x",
        "--audience",
        API,
        &token,
    ])
    .code(0);
}

#[test]
fn required_scopes_subset_passes_and_superset_exits_3() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, Some("read:messages"));
    s.run(&verify_args(
        &mock.url,
        &["--scope", "read:messages", &token],
    ))
    .code(0);
    s.run(&verify_args(
        &mock.url,
        &[
            "--scope",
            "read:messages",
            "--scope",
            "write:messages",
            &token,
        ],
    ))
    .code(3)
    .stdout_has("insufficient_scope")
    .stdout_has("\"write:messages\"");
}

#[test]
fn json_output_has_the_documented_shape() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    let ok = s.run(&[
        "verify",
        "--json",
        "--domain",
        &mock.url,
        "--audience",
        API,
        &token,
    ]);
    ok.code(0);
    let v = ok.json();
    assert_eq!(v["valid"], true);
    assert_eq!(v["header"]["alg"], "RS256");
    assert_eq!(v["claims"]["aud"], API);
    let bad = s.run(&[
        "verify",
        "--json",
        "--domain",
        &mock.url,
        "--audience",
        "https://nope",
        &token,
    ]);
    bad.code(1);
    let v = bad.json();
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"], "invalid_token");
    assert_eq!(v["status"], 401);
    assert!(
        v["error_description"]
            .as_str()
            .unwrap()
            .contains("https://nope")
    );
}

#[test]
fn the_token_can_come_from_stdin() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    s.run_with_stdin(
        &["verify", "--domain", &mock.url, "--audience", API, "-"],
        &format!("{token}\n"),
    )
    .code(0);
}

#[test]
fn key_rotation_unknown_kid_triggers_one_refetch() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let before = mock.token(API, None);
    s.run(&verify_args(&mock.url, &[&before])).code(0);
    let new_kid = mock.rotate();
    let after = mock.token(API, None);
    s.run(&[
        "verify",
        "-v",
        "--domain",
        &mock.url,
        "--audience",
        API,
        &after,
    ])
    .code(0)
    .stderr_has("unknown kid: refetching");
    // A second unknown kid within 30 s is not refetched again.
    let other = TestKey::new(&s, "never-published");
    let forged = other.sign(json!({"iss": mock.url, "aud": API, "iat": now(), "exp": now() + 60}));
    s.run(&verify_args(&mock.url, &[&forged]))
        .code(1)
        .stdout_has("no key with kid \"never-published\"")
        .stdout_has("refetched");
    assert!(!new_kid.is_empty());
}

/// A fresh cache entry without the token's kid: the one-shot path that
/// answers from the cache gives way to the tenant, and the cache is read
/// (and reported) once.
#[test]
fn a_warm_cache_without_the_kid_gives_way_to_the_tenant() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let before = mock.token(API, None);
    s.run(&verify_args(&mock.url, &[&before])).code(0);
    mock.rotate();
    let after = mock.token(API, None);
    let run = s.run(&[
        "verify",
        "-v",
        "--domain",
        &mock.url,
        "--audience",
        API,
        &after,
    ]);
    run.code(0)
        .stderr_has("unknown kid: refetching")
        .stderr_has("> GET ");
    assert_eq!(
        run.stderr.matches("from the disk cache").count(),
        1,
        "{}",
        run.stderr
    );
    // Then the refetched keys are the cache: the tenant is not needed.
    let url = mock.url.clone();
    drop(mock);
    let run = s.run(&["verify", "-v", "--domain", &url, "--audience", API, &after]);
    run.code(0);
    assert_eq!(
        run.stderr.matches("from the disk cache").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("> GET "), "{}", run.stderr);
}

#[test]
fn a_warm_cache_answers_without_the_network() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    s.run(&verify_args(&mock.url, &[&token])).code(0);
    let url = mock.url.clone();
    drop(mock); // the tenant is gone; the disk cache still has its keys
    s.run(&["verify", "-v", "--domain", &url, "--audience", API, &token])
        .code(0)
        .stderr_has("from the disk cache");
    s.run(&[
        "verify",
        "--no-cache",
        "--domain",
        &url,
        "--audience",
        API,
        &token,
    ])
    .code(4);
}

#[test]
fn the_issuer_must_match_exactly() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let iss = "https://tenant.example.com/";
    let claims = |iss: &str| json!({"iss": iss, "aud": API, "iat": now(), "exp": now() + 60});
    let args = |t: &str| {
        vec![
            "verify".to_owned(),
            "--jwks".into(),
            key.jwks().into(),
            "--issuer".into(),
            iss.into(),
            "--audience".into(),
            API.into(),
            t.to_owned(),
        ]
    };
    let run = |t: String| {
        let a = args(&t);
        s.run(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    run(key.sign(claims(iss))).code(0);
    run(key.sign(claims("https://tenant.example.com")))
        .code(1)
        .stdout_has("is not the expected issuer");
    run(key.sign(claims("https://evil.example.com/")))
        .code(1)
        .stdout_has("evil");
}

#[test]
fn batch_mode_reports_each_token_in_order() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let good = mock.token(API, None);
    let input = format!(
        "{good}\nnot-a-token\n\n{good}\n{}x\n",
        &good[..good.len() - 1]
    );
    let run = s.run_with_stdin(
        &[
            "verify",
            "--batch",
            "--domain",
            &mock.url,
            "--audience",
            API,
        ],
        &input,
    );
    run.code(1);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 4);
    let members =
        |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        members(&lines[0]),
        ["exp", "line", "scopes", "sub", "valid"]
    );
    assert_eq!(lines[0]["sub"], "ci@clients");
    assert!(lines[0]["exp"].is_i64());
    assert_eq!(
        members(&lines[1]),
        [
            "error",
            "error_description",
            "line",
            "sdk_error_description",
            "status",
            "strict_rule",
            "valid"
        ]
    );
    assert_eq!(
        lines
            .iter()
            .map(|l| l["valid"].as_bool().unwrap())
            .collect::<Vec<_>>(),
        [true, false, true, false]
    );
    assert_eq!(
        lines
            .iter()
            .map(|l| l["line"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2, 4, 5]
    );
    let all_good = s.run_with_stdin(
        &[
            "verify",
            "--batch",
            "--domain",
            &mock.url,
            "--audience",
            API,
        ],
        &format!("{good}\n{good}\n"),
    );
    all_good.code(0);
}

#[test]
fn configuration_comes_from_flags_then_environment_then_env_file() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    std::fs::write(
        s.path().join("tenant.env"),
        format!("AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\n", mock.url),
    )
    .unwrap();
    s.run(&["verify", "--env-file", "tenant.env", &token])
        .code(0);
    // A flag beats the file.
    s.run(&[
        "verify",
        "--env-file",
        "tenant.env",
        "--audience",
        "https://flag",
        &token,
    ])
    .code(1);
    // The environment beats the file.
    let out = s
        .cmd(&["verify", "--env-file", "tenant.env", &token])
        .env("AUTH0_AUDIENCE", "https://env")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // .env in the working directory is read by default.
    std::fs::write(
        s.path().join(".env"),
        format!("AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\n", mock.url),
    )
    .unwrap();
    s.run(&["verify", &token]).code(0);
    s.run(&["verify", "--env-file", "missing.env", &token])
        .code(2)
        .stderr_has("missing.env");
}

#[test]
fn usage_errors_exit_2_with_a_pointer() {
    let s = Sandbox::new();
    s.run(&["verify", "x.y.z"]).code(2).stderr_has("--domain");
    s.run(&["verify", "--domain", "t.auth0.com", "x.y.z"])
        .code(2)
        .stderr_has("--audience");
    s.run(&[
        "verify",
        "--domain",
        "http://t.auth0.com",
        "--audience",
        "a",
        "x.y.z",
    ])
    .code(2)
    .stderr_has("loopback");
    s.run(&[
        "verify",
        "--domain",
        "t.auth0.com",
        "--audience",
        "a",
        "Bearer x.y.z",
    ])
    .code(2)
    .stderr_has("scheme");
    s.run(&[
        "verify",
        "--domain",
        "t.auth0.com",
        "--audience",
        "a",
        "--algorithm",
        "XY1",
        "x.y.z",
    ])
    .code(2);
    s.run(&["verify", "--bogus"]).code(2);
}

#[test]
fn hostile_claims_are_sanitised_for_the_terminal_but_exact_in_json() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let token = key.sign(json!({"iss": "https://t.example.com/", "aud": API, "iat": now(), "exp": now() + 60, "sub": "evil\u{1b}[2J\u{202E}name"}));
    let base = [
        "verify",
        "--jwks",
        key.jwks(),
        "--issuer",
        "https://t.example.com/",
        "--audience",
        API,
    ];
    let text = s.run(&[&base[..], &[token.as_str()]].concat());
    text.code(0);
    assert!(
        !text.stdout.contains('\u{1b}') && !text.stdout.contains('\u{202E}'),
        "{:?}",
        text.stdout
    );
    let json = s.run(&[&base[..], &["--json", token.as_str()]].concat());
    assert_eq!(json.json()["claims"]["sub"], "evil\u{1b}[2J\u{202E}name");
}

#[test]
fn parallel_batches_keep_input_order_across_chunks_and_key_rotation() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let before = mock.token(API, None);
    mock.rotate();
    let after = mock.token(API, None);
    let mut input = String::new();
    let mut expected = Vec::new();
    for i in 0..2500 {
        let (line, valid) = match i % 5 {
            0 => (before.clone(), true),
            1 => (after.clone(), true),
            2 => (format!("garbage-{i}"), false),
            3 => (format!("{}x", &before[..before.len() - 1]), false),
            _ => (after.clone(), true),
        };
        input.push_str(&line);
        input.push('\n');
        expected.push(valid);
    }
    let run = s.run_with_stdin(
        &[
            "verify",
            "--batch",
            "--jobs",
            "2",
            "--domain",
            &mock.url,
            "--audience",
            API,
        ],
        &input,
    );
    run.code(1);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2500);
    for (i, (l, want)) in lines.iter().zip(&expected).enumerate() {
        assert_eq!(l["line"], i + 1);
        assert_eq!(l["valid"].as_bool().unwrap(), *want, "line {}: {l}", i + 1);
    }
}

#[test]
fn the_verdict_survives_a_closed_output() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let good = mock.token(API, None);
    let api = ["--domain", mock.url.as_str(), "--audience", API];
    let closed = |args: &[&str], input: &str| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut child = s
            .cmd(args)
            .stdin(std::process::Stdio::piped())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        out.status.code()
    };
    let verify = |token: &str, audience: &str| {
        closed(
            &[
                "verify",
                "--domain",
                &mock.url,
                "--audience",
                audience,
                token,
            ],
            "",
        )
    };
    // `auth0-tok verify … | head -1` must not turn a rejection into success.
    assert_eq!(verify(&good, "https://other.example.com"), Some(1));
    assert_eq!(verify(&good, API), Some(0));
    let batch = [&["verify", "--batch"][..], &api[..]].concat();
    assert_eq!(closed(&batch, &format!("{good}\nnot-a-token\n")), Some(1));
    assert_eq!(closed(&batch, &format!("{good}\n")), Some(0));
    let bearer = format!("Authorization: Bearer {good}");
    let request = [
        &[
            "request",
            "--url",
            "https://api.example.com/",
            "-H",
            &bearer,
        ][..],
        &api[..],
    ]
    .concat();
    assert_eq!(closed(&request, ""), Some(0));
    assert_eq!(
        closed(&[&request[..], &["--dpop-mode", "required"]].concat(), ""),
        Some(1)
    );
}
