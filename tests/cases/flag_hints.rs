//! The library reports with data and never names an option; the command
//! line says which option governs the failed check, and says it once.

use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::{API, Sandbox, TestKey, exchange_args, now};

const SECRET: &str = "very-secret-client-secret-value";

/// A tenant whose discovery works and whose token endpoint answers `token`.
fn tenant(token: impl Fn() -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "jwks"),
        "/oauth/token" => token(),
        _ => Reply::json(404, "{}"),
    })
}

#[test]
fn a_tenant_timeout_names_the_timeout_option_once() {
    let s = Sandbox::new();
    let server = Server::start(|_, _| Reply::Hang);
    let token = TestKey::new(&s, "k1")
        .sign(json!({"iss": server.url, "aud": API, "iat": now(), "exp": now() + 60}));
    let run = s.run(&[
        "verify",
        "--timeout",
        "1",
        "--domain",
        &server.url,
        "--audience",
        API,
        &token,
    ]);
    run.code(4).stderr_has("no answer within 1s (--timeout)");
    assert_eq!(run.stderr.matches("--timeout").count(), 1, "{}", run.stderr);
}

#[test]
fn a_token_endpoint_timeout_names_the_timeout_option() {
    let s = Sandbox::new();
    let server = tenant(|| Reply::Hang);
    s.run(&[
        "token",
        "--timeout",
        "1",
        "--domain",
        &server.url,
        "--audience",
        API,
        "--client-id",
        "cid",
        "--client-secret",
        SECRET,
    ])
    .code(4)
    .stderr_has("no answer within 1s (--timeout)");
}

#[test]
fn an_unknown_api_names_the_audience_option() {
    let s = Sandbox::new();
    let server = tenant(|| {
        Reply::json(
            403,
            &json!({"error": "access_denied", "error_description": "Service not found: https://unknown"})
                .to_string(),
        )
    });
    s.run(&[
        "token",
        "--domain",
        &server.url,
        "--audience",
        "https://unknown",
        "--client-id",
        "cid",
        "--client-secret",
        SECRET,
    ])
    .code(4)
    .stderr_has(
        "check the requested audience against the API's Identifier in the dashboard) (--audience)",
    );
}

#[test]
fn a_bad_extra_parameter_is_said_in_terms_of_param() {
    let s = Sandbox::new();
    let server = tenant(|| Reply::json(500, "{}"));
    let exchange = |param: &str| {
        s.run(&exchange_args(
            &server.url,
            "cid",
            SECRET,
            &[
                "--subject-token-type",
                "urn:acme:x",
                "--subject-token",
                "t",
                "--param",
                param,
            ],
        ))
    };
    exchange("audience=https://other")
        .code(2)
        .stderr_has("parameter \"audience\" is reserved and cannot be set with --param");
    exchange("novalue")
        .code(2)
        .stderr_has("--param \"novalue\": expected NAME=VALUE");
    assert!(server.requests().is_empty(), "no request for invalid input");
}
