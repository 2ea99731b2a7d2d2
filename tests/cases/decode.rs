use crate::support::Sandbox;

const RFC7515_HS256: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

#[test]
fn decode_shows_claims_with_human_times_and_warns_on_stderr() {
    let s = Sandbox::new();
    s.run(&["decode", RFC7515_HS256])
        .code(0)
        .stdout_has("joe")
        .stdout_has("2011-03-22 18:43:00 UTC")
        .stderr_has("NOT verified");
}

#[test]
fn decode_json_is_exact() {
    let s = Sandbox::new();
    let run = s.run(&["decode", "--json", RFC7515_HS256]);
    run.code(0);
    let v = run.json();
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["claims"]["http://example.com/is_root"], true);
    assert_eq!(v["verified"], false);
}

#[test]
fn non_jwt_input_is_a_clear_input_error() {
    let s = Sandbox::new();
    s.run(&["decode", "hello"])
        .code(2)
        .stderr_has("3 dot-separated segments");
    s.run(&["decode", "YQ.YQ.YQ"])
        .code(2)
        .stderr_has("not valid JSON");
    s.run_with_stdin(&["decode", "-"], "   \n")
        .code(2)
        .stderr_has("empty");
}

#[test]
fn a_closed_output_pipe_exits_0_without_a_panic() {
    let s = Sandbox::new();
    for args in [
        &["decode", RFC7515_HS256][..],
        &["demo"][..],
        &["completions", "bash"][..],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = s
            .cmd(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
