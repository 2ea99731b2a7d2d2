//! Output for scripts and people: `--json` on every command and every
//! failure, `verify -q`, usage lines, and options only where they apply.

use serde_json::Value;

use crate::support::{API, CLIENT, Mock, Sandbox};

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
