//! `auth0-tok call`: the credential attached (Bearer, DPoP with a fresh
//! proof), the nonce retry, the body on stdout, exit codes by status, and
//! the explanation of a 401/403 beside the SDK's decision.

use serde_json::Value;

use super::probe::{WeakApi, Weakness, dpop_key};
use crate::support::server::{Reply, Server};
use crate::support::{API, CLIENT, Mock, Run, SECRET, Sandbox, TestKey, now};

fn call(sandbox: &Sandbox, mock: &Mock, args: &[&str]) -> Run {
    let mut all = vec![
        "call",
        "--domain",
        &mock.url,
        "--client-id",
        CLIENT,
        "--client-secret",
        SECRET,
        "--audience",
        API,
    ];
    all.extend_from_slice(args);
    sandbox.run(&all)
}

#[test]
fn a_bearer_call_to_the_echo_prints_the_body_only_on_stdout() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let run = call(&sandbox, &mock, &[&format!("{}api/echo", mock.url)]);
    run.code(0).stderr_has("HTTP/1.1 200 OK");
    let body: Value = serde_json::from_str(&run.stdout).expect("stdout is the body alone");
    assert_eq!(body["scheme"], "Bearer");
    assert_eq!(body["sub"], format!("{CLIENT}@clients"));
}

#[test]
fn a_dpop_call_sends_a_fresh_proof_for_the_method_and_url() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let key = dpop_key(&sandbox);
    let echo = format!("{}api/echo?page=2", mock.url);
    for method in ["GET", "DELETE"] {
        // The echo refuses a replayed jti, so two calls also prove fresh proofs.
        let run = call(&sandbox, &mock, &["--dpop", "--key", &key, method, &echo]);
        run.code(0);
        let body: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(body["scheme"], "DPoP", "{method}");
        assert!(body["jkt"].is_string());
    }
}

#[test]
fn a_dpop_nonce_asked_for_is_used_in_one_retry() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let mut api = WeakApi::new(&mock, Weakness::Nothing);
    api.nonce = Some("n-42".into());
    let api = api.start();
    let key = dpop_key(&sandbox);
    call(
        &sandbox,
        &mock,
        &["--dpop", "--key", &key, &format!("{}things", api.url)],
    )
    .code(0);
    let requests = api.requests();
    assert_eq!(requests.len(), 2, "one retry");
    let proof = |i: usize| {
        auth0_tok::dangerous::decode_unverified(requests[i].header("dpop").unwrap())
            .unwrap()
            .claims
    };
    assert!(proof(0).get("nonce").is_none());
    assert_eq!(proof(1)["nonce"], "n-42");
    assert_ne!(proof(0)["jti"], proof(1)["jti"]);
}

#[test]
fn headers_and_a_json_body_are_sent_and_no_secret_but_the_token() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let api = Server::start(|_, _| Reply::text(201, "text/plain", "made"));
    std::fs::write(sandbox.path().join("msg.json"), r#"{"text": "hi"}"#).unwrap();
    let run = call(
        &sandbox,
        &mock,
        &[
            &format!("{}messages", api.url),
            "X-Trace:abc",
            "--data",
            "@msg.json",
        ],
    );
    run.code(0);
    assert_eq!(run.stdout, "made");
    let r = &api.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/messages");
    assert_eq!(r.header("x-trace"), Some("abc"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body, r#"{"text": "hi"}"#);
    assert!(r.header("authorization").unwrap().starts_with("Bearer ey"));
    assert!(!format!("{r:?}").contains(SECRET));
}

#[test]
fn a_401_is_explained_with_what_the_sdk_would_answer() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    // An API configured for another audience: it refuses a token the SDK accepts.
    let api = Server::start(|_, _| {
        Reply::json(401, r#"{"error":"invalid_token"}"#).with_header(
            "www-authenticate",
            r#"Bearer realm="api", error="invalid_token", error_description="Audience mismatch""#,
        )
    });
    let url = format!("{}things", api.url);
    let run = call(&sandbox, &mock, &[&url]);
    run.code(1)
        .stderr_has("HTTP/1.1 401 Unauthorized")
        .stderr_has(r#"WWW-Authenticate: Bearer realm="api" error="invalid_token" error_description="Audience mismatch""#)
        .stderr_has("your API said 401 invalid_token; the SDK would accept this Bearer token for audience https://api.example.com — check the audience your API expects");
    let json = {
        let mut args = vec!["--json"];
        args.push(&url);
        call(&sandbox, &mock, &args)
    };
    json.code(1);
    let v = json.json();
    assert_eq!(v["status"], 401);
    assert_eq!(v["body"]["error"], "invalid_token");
    assert_eq!(v["explanation"]["sdk"]["status"], 200);
    assert_eq!(
        v["explanation"]["www_authenticate"][0]["params"]["error"],
        "invalid_token"
    );
    assert!(v["headers"]["www-authenticate"].is_string());
}

#[test]
fn a_refusal_the_sdk_shares_says_so() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let run = call(
        &sandbox,
        &mock,
        &["--token", "not-a-jwt", &format!("{}api/echo", mock.url)],
    );
    run.code(1)
        .stderr_has("the SDK would also refuse it: 401 invalid_token: malformed token");
}

#[test]
fn a_403_exits_3_and_points_at_the_scope() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let api = Server::start(|_, _| {
        Reply::json(403, r#"{"error":"insufficient_scope"}"#).with_header(
            "www-authenticate",
            r#"Bearer error="insufficient_scope", scope="admin""#,
        )
    });
    call(&sandbox, &mock, &[&format!("{}things", api.url)])
        .code(3)
        .stderr_has("the route needs a scope the token lacks (it asks for \"admin\")")
        .stderr_has("hint: get a token with the scope the route needs: --scope SCOPE");
}

#[test]
fn other_statuses_exit_5_and_redirects_are_not_followed() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    for (status, code) in [(404, 5), (500, 5), (302, 5), (400, 1), (204, 0)] {
        let api = Server::start(move |_, _| {
            Reply::text(status, "text/plain", "")
                .with_header("location", "https://elsewhere.example/")
        });
        call(&sandbox, &mock, &[&format!("{}x", api.url)]).code(code);
        assert_eq!(api.requests().len(), 1, "{status}");
    }
}

#[test]
fn an_unreachable_api_exits_4() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    call(&sandbox, &mock, &[&format!("http://127.0.0.1:{port}/x")])
        .code(4)
        .stderr_has("connection failed");
}

#[test]
fn bad_calls_are_usage_errors() {
    let sandbox = Sandbox::new();
    for args in [
        &["call", "--token", "t", "GET"][..],
        &["call", "--token", "t", "ftp://a.example/"],
        &[
            "call",
            "--token",
            "t",
            "https://a.example/",
            "Authorization:Bearer x",
        ],
        &["call", "--token", "t", "https://a.example/", "novalue"],
        &["call", "--token", "-", "--data", "-", "https://a.example/"],
        &[
            "call",
            "--token",
            "t",
            "--data",
            "@missing.json",
            "https://a.example/",
        ],
    ] {
        sandbox.run(args).code(2);
    }
}

/// An API's refusal with hostile-but-legal challenges: quotes and
/// backslashes inside quoted strings, a bidi override (sent as UTF-8, which
/// HTTP carries as obs-text), a very long value, and a second header.
fn hostile_refusal() -> Server {
    Server::start(|_, _| {
        let long = "x".repeat(500);
        Reply::json(401, r#"{"error":"invalid_token"}"#)
            .with_header(
                "www-authenticate",
                &format!(
                    "Bearer realm=\"a \\\"quoted\\\" realm\", error=\"invalid_token\", \
                     error_description=\"C:\\\\path \u{202e}desrever\", hint=\"{long}\""
                ),
            )
            .with_header("www-authenticate", r#"DPoP algs="ES256""#)
    })
}

#[test]
fn a_401_without_a_tenant_still_shows_the_apis_challenges_escaped() {
    let sandbox = Sandbox::new();
    let api = hostile_refusal();
    let url = format!("{}things", api.url);
    // No tenant configured: no SDK comparison, but the API's answer is read.
    let run = sandbox.run(&[
        "call",
        "--audience",
        API,
        "--token",
        "some.access.token",
        &url,
    ]);
    run.code(1)
        .stderr_has("HTTP/1.1 401 Unauthorized")
        .stderr_has(r#"WWW-Authenticate: Bearer realm="a \"quoted\" realm" error="invalid_token" error_description="C:\\path \u{202e}desrever" hint="xxxx"#)
        .stderr_has("…\" (300 more characters)")
        .stderr_has(r#"WWW-Authenticate: DPoP algs="ES256""#)
        .stderr_has("your API said 401 invalid_token (C:\\path \\u{202e}desrever); no SDK comparison: no tenant");
    assert!(!run.stderr.contains('\u{202e}'), "{}", run.stderr);
    assert!(!run.stderr.contains(&"x".repeat(201)), "{}", run.stderr);

    let json = sandbox.run(&[
        "--json",
        "call",
        "--audience",
        API,
        "--token",
        "some.access.token",
        &url,
    ]);
    json.code(1);
    let v = json.json();
    let e = &v["explanation"];
    assert_eq!(e["status"], 401);
    assert_eq!(e["sdk"], Value::Null, "{e:#}");
    assert!(
        e["sdk_unavailable"].as_str().unwrap().contains("no tenant"),
        "{e:#}"
    );
    // --json keeps every value exactly.
    let params = &e["www_authenticate"][0]["params"];
    assert_eq!(params["realm"], r#"a "quoted" realm"#);
    assert_eq!(params["error_description"], "C:\\path \u{202e}desrever");
    assert_eq!(params["hint"].as_str().unwrap().len(), 500);
    assert_eq!(e["www_authenticate"][1]["scheme"], "DPoP");
}

#[test]
fn a_401_with_the_tenant_unreachable_still_shows_the_apis_challenges() {
    let sandbox = Sandbox::new();
    let api = hostile_refusal();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tenant = format!("http://127.0.0.1:{port}/");
    // A well-formed token from that tenant: the SDK's decision needs its keys.
    let token = TestKey::new(&sandbox, "k1").sign(serde_json::json!({
        "iss": tenant, "aud": API, "sub": "client@clients", "iat": now(), "exp": now() + 600,
    }));
    let url = format!("{}things", api.url);
    let args = |json: bool| {
        let mut a = vec!["call", "--domain", &tenant, "--audience", API];
        if json {
            a.insert(0, "--json");
        }
        a.extend(["--token", &token, &url]);
        a
    };
    // The exit code is the API's answer (401), not the tenant's failure.
    sandbox
        .run(&args(false))
        .code(1)
        .stderr_has(r#"WWW-Authenticate: DPoP algs="ES256""#)
        .stderr_has("your API said 401 invalid_token")
        .stderr_has("no SDK comparison:")
        .stderr_has("connection failed");
    let v = sandbox.run(&args(true)).json();
    assert_eq!(v["explanation"]["sdk"], Value::Null);
    assert!(
        v["explanation"]["sdk_unavailable"]
            .as_str()
            .unwrap()
            .contains("connection failed"),
        "{v:#}"
    );
    assert_eq!(
        v["explanation"]["www_authenticate"][0]["params"]["error"],
        "invalid_token"
    );
}

#[test]
fn request_prints_the_same_status_line_with_its_reason_phrase_for_the_sdks_500() {
    let sandbox = Sandbox::new();
    let key = TestKey::new(&sandbox, "k1");
    let issuer = "https://tenant.example.com/";
    // A string `exp`: auth0-api-python fails on it and answers 500.
    let token = key.sign(serde_json::json!({
        "iss": issuer, "aud": API, "sub": "client@clients",
        "iat": now(), "exp": (now() + 600).to_string(),
    }));
    let run = sandbox.run(&[
        "request",
        "--jwks",
        key.jwks(),
        "--issuer",
        issuer,
        "--audience",
        API,
        "--url",
        "https://api.example.com/messages",
        "-H",
        &format!("Authorization: Bearer {token}"),
    ]);
    run.code(1)
        .stdout_has("HTTP/1.1 500 Internal Server Error   (as auth0-fastapi-api answers")
        .stdout_has("error              internal_server_error");
}
