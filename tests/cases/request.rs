//! `request`: the SDK's answers, --raw captures, proxies and --rfc.

use crate::support::{API, Mock, Sandbox};

#[test]
fn missing_credentials_get_the_sdk_answer_and_the_rfc_answer_on_request() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let base = [
        "request",
        "--domain",
        mock.url.as_str(),
        "--audience",
        API,
        "--url",
        "https://api.example.com/",
    ];
    s.run(&base)
        .code(1)
        .stdout_has("HTTP/1.1 400")
        .stdout_has("WWW-Authenticate   Bearer realm=\"api\", DPoP algs=\"ES256\"");
    s.run(&[&base[..], &["--rfc"]].concat())
        .code(1)
        .stdout_has("HTTP/1.1 401")
        .stdout_has("RFC 6750");
    s.run(&[&base[..], &["--dpop-mode", "required"]].concat())
        .code(1)
        .stdout_has("WWW-Authenticate   DPoP algs=\"ES256\"");
    s.run(&[&base[..], &["--dpop-mode", "disabled"]].concat())
        .code(1)
        .stdout_has("WWW-Authenticate   Bearer realm=\"api\"");
}

#[test]
fn a_captured_request_is_decided_with_its_host_and_scheme() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    let raw = format!(
        "GET /messages?page=2 HTTP/1.1\r\nHost: api.example.com\r\nauthorization: bearer {token}\r\n\r\n"
    );
    let run = s.run_with_stdin(
        &[
            "request",
            "--domain",
            &mock.url,
            "--audience",
            API,
            "--raw",
            "-",
            "--json",
        ],
        &raw,
    );
    run.code(0);
    assert_eq!(run.json()["status"], 200);
    s.run_with_stdin(
        &[
            "request",
            "--domain",
            &mock.url,
            "--audience",
            API,
            "--raw",
            "-",
        ],
        "garbage\r\n\r\n",
    )
    .code(2)
    .stderr_has("--raw");
}

#[test]
fn scope_failures_exit_3_and_tenant_failures_exit_4() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, Some("read:messages"));
    let auth = format!("Authorization: Bearer {token}");
    s.run(&[
        "request",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "--url",
        "https://a.example/",
        "-H",
        &auth,
        "--scope",
        "write:messages",
    ])
    .code(3)
    .stdout_has("Insufficient scopes");
    let url = mock.url.clone();
    drop(mock);
    s.run(&[
        "request",
        "--no-cache",
        "--domain",
        &url,
        "--audience",
        API,
        "--url",
        "https://a.example/",
        "-H",
        &auth,
    ])
    .code(4);
}

#[test]
fn verbose_requests_trace_every_check() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    let auth = format!("Authorization: Bearer {token}");
    s.run(&[
        "request",
        "-v",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "--url",
        "https://a.example/",
        "-H",
        &auth,
    ])
    .code(0)
    .stderr_has("check authorization scheme")
    .stderr_has("check access token")
    .stderr_has("check decision");
}

#[test]
fn trusted_proxy_headers_rebuild_the_url_only_when_trusted() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    let run = s.run(&[
        "request",
        "--json",
        "--trust-proxy",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "--url",
        "http://10.0.0.5:8000/messages",
        "-H",
        "X-Forwarded-Proto: https",
        "-H",
        "X-Forwarded-Host: api.example.com",
        "-H",
        "X-Forwarded-Prefix: /v1",
        "-H",
        &format!("Authorization: Bearer {token}"),
    ]);
    run.code(0);
}
