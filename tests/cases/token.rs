//! `token`, `exchange`, `demo` and `init`: exact requests, the cache,
//! retries, DPoP nonces, and secrets kept out of every output.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::support::server::{Reply, Request, Server};
use crate::support::{API, Mock, Sandbox, exchange_args, proof_args, token_args, verify_args};

const SECRET: &str = "very-secret-client-secret-value";

/// A tenant whose token endpoint answers `reply(n, request)` for the n-th token request.
fn tenant(reply: impl Fn(usize, &Request) -> Reply + Send + Sync + 'static) -> Server {
    let count = Arc::new(Mutex::new(0usize));
    Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "jwks"),
        "/oauth/token" => {
            let mut n = count.lock().unwrap();
            *n += 1;
            reply(*n, req)
        }
        _ => Reply::json(404, "{}"),
    })
}

fn ok_token(token_type: &str) -> Reply {
    Reply::json(200, &json!({"access_token": "issued-access-token-123", "token_type": token_type, "expires_in": 86400}).to_string())
}

fn token_cmd<'a>(server: &'a Server, extra: &[&'a str]) -> Vec<&'a str> {
    token_args(&server.url, "cid", SECRET, extra)
}

/// `token --no-cache` as `cid` signing its assertion with `client.pem`.
fn key_jwt_cmd<'a>(server: &'a Server, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "token",
        "--no-cache",
        "--domain",
        &server.url,
        "--audience",
        API,
        "--client-id",
        "cid",
        "--auth-method",
        "private-key-jwt",
        "--client-assertion-key",
        "client.pem",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn client_credentials_are_posted_exactly_and_cached() {
    let s = Sandbox::new();
    let server = tenant(|_, _| ok_token("Bearer"));
    let first = s.run(&token_cmd(
        &server,
        &[
            "--scope",
            "read:a",
            "--scope",
            "write:a",
            "--organization",
            "org_1",
        ],
    ));
    first.code(0);
    assert_eq!(first.stdout, "issued-access-token-123\n");
    let second = s.run(&token_cmd(
        &server,
        &[
            "--scope",
            "read:a",
            "--scope",
            "write:a",
            "--organization",
            "org_1",
            "-v",
        ],
    ));
    second.code(0).stderr_has("token cache hit");
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(
        server.count("/oauth/token"),
        1,
        "the second call must be a cache hit"
    );
    let req = server.first("/oauth/token");
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        req.form(),
        [
            ("grant_type", "client_credentials"),
            ("audience", API),
            ("scope", "read:a write:a"),
            ("organization", "org_1"),
            ("client_id", "cid"),
            ("client_secret", SECRET)
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    // A different scope is a different token.
    s.run(&token_cmd(&server, &["--scope", "read:a"])).code(0);
    assert_eq!(server.count("/oauth/token"), 2);
    // Files are private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = s.cache_dir();
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        for entry in std::fs::read_dir(&dir).unwrap() {
            assert_eq!(
                entry.unwrap().metadata().unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
    s.run(&["token", "--clear-cache"])
        .code(0)
        .stderr_has("removed 2");
    s.run(&token_cmd(&server, &["--no-cache"])).code(0);
    assert_eq!(server.count("/oauth/token"), 3);
}

#[test]
fn a_corrupt_cache_entry_is_replaced_not_fatal() {
    let s = Sandbox::new();
    let server = tenant(|_, _| ok_token("Bearer"));
    s.run(&token_cmd(&server, &[])).code(0);
    for entry in std::fs::read_dir(s.cache_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("token-")
        {
            std::fs::write(&path, b"{\"version\":1,").unwrap();
        }
    }
    s.run(&token_cmd(&server, &[])).code(0);
    assert_eq!(server.count("/oauth/token"), 2);
    s.run(&token_cmd(&server, &[])).code(0);
    assert_eq!(
        server.count("/oauth/token"),
        2,
        "the rewritten entry is valid again"
    );
}

#[test]
fn client_secret_basic_and_private_key_jwt() {
    let s = Sandbox::new();
    let server = tenant(|_, _| ok_token("Bearer"));
    s.run(&token_cmd(
        &server,
        &["--no-cache", "--auth-method", "client-secret-basic"],
    ))
    .code(0);
    let req = &server.requests()[1];
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD.encode(format!("cid:{SECRET}"));
    assert_eq!(
        req.header("authorization"),
        Some(format!("Basic {expected}").as_str())
    );
    assert_eq!(req.field("client_secret"), None);

    let key = auth0_tok::keys::SigningKey::generate_rsa().unwrap();
    std::fs::write(s.path().join("client.pem"), key.to_pkcs8_pem().unwrap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            s.path().join("client.pem"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
    }
    s.run(&key_jwt_cmd(&server, &[])).code(0);
    let req = server.last("/oauth/token");
    assert_eq!(
        req.field("client_assertion_type").as_deref(),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    let assertion = req.field("client_assertion").unwrap();
    let jws = auth0_tok::jose::CompactJws::parse(&assertion).unwrap();
    assert_eq!(jws.header.object()["alg"], "RS256");
    assert_eq!(jws.payload.object()["iss"], "cid");
    assert_eq!(jws.payload.object()["sub"], "cid");
    assert_eq!(jws.payload.object()["aud"], server.url.as_str());
    assert!(
        jws.payload.object()["exp"].as_i64().unwrap()
            - jws.payload.object()["iat"].as_i64().unwrap()
            <= 300
    );
    auth0_tok::jwk::PublicKey::from_jwk(&key.public_jwk())
        .unwrap()
        .verify(
            auth0_tok::Algorithm::RS256,
            jws.signing_input.as_bytes(),
            &jws.signature,
        )
        .unwrap();
}

#[test]
fn dpop_tokens_retry_once_with_the_servers_nonce() {
    let s = Sandbox::new();
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    let server = tenant(|n, _| {
        if n == 1 {
            Reply::json(400, r#"{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}"#)
                .with_header("DPoP-Nonce", "server-nonce-1")
        } else {
            ok_token("DPoP")
        }
    });
    let run = s.run(&token_cmd(
        &server,
        &[
            "--dpop",
            "--key",
            "k.pem",
            "--format",
            "header",
            "--htm",
            "GET",
            "--htu",
            "https://api.example.com/x",
        ],
    ));
    run.code(0)
        .stdout_has("Authorization: DPoP issued-access-token-123")
        .stdout_has("\nDPoP: ey");
    let posts: Vec<Request> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/oauth/token")
        .collect();
    assert_eq!(posts.len(), 2);
    let proof_claims = |r: &Request| {
        auth0_tok::dangerous::decode_unverified(r.header("dpop").unwrap())
            .unwrap()
            .claims
    };
    assert_eq!(proof_claims(&posts[0]).get("nonce"), None);
    let second = proof_claims(&posts[1]);
    assert_eq!(second["nonce"], "server-nonce-1");
    assert_eq!(second["htm"], "POST");
    assert_eq!(second["htu"], format!("{}oauth/token", server.url));
    // A server that ignores DPoP is caught.
    let plain = tenant(|_, _| ok_token("Bearer"));
    s.run(&token_cmd(
        &plain,
        &["--dpop", "--key", "k.pem", "--no-cache"],
    ))
    .code(4)
    .stderr_has("token_type");
}

#[test]
fn rate_limits_and_server_errors_are_retried_within_bounds() {
    let s = Sandbox::new();
    let server = tenant(|n, _| {
        if n == 1 {
            Reply::json(429, "{}").with_header("Retry-After", "1")
        } else {
            ok_token("Bearer")
        }
    });
    let started = std::time::Instant::now();
    s.run(&token_cmd(&server, &["--no-cache"])).code(0);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "Retry-After honoured"
    );
    assert_eq!(server.count("/oauth/token"), 2);
    // 429 without Retry-After: bounded backoff, then success.
    let limited = tenant(|n, _| {
        if n == 1 {
            Reply::json(429, "{}")
        } else {
            ok_token("Bearer")
        }
    });
    s.run(&token_cmd(&limited, &["--no-cache"])).code(0);
    assert_eq!(limited.count("/oauth/token"), 2);
    let always_limited = tenant(|_, _| Reply::json(429, "{}"));
    s.run(&token_cmd(&always_limited, &["--no-cache"]))
        .code(4)
        .stderr_has("after 3 tries");
    let down = tenant(|_, _| Reply::json(503, "{}"));
    s.run(&token_cmd(&down, &["--no-cache"]))
        .code(4)
        .stderr_has("after 3 tries");
    assert_eq!(down.count("/oauth/token"), 3);
    let html =
        tenant(|_, _| Reply::text(502, "text/html", "<html><body>Bad gateway</body></html>"));
    s.run(&token_cmd(&html, &["--no-cache", "--timeout", "2"]))
        .code(4);
    let refused = tenant(|_, _| {
        Reply::json(
            403,
            r#"{"error":"access_denied","error_description":"Client is not authorized to access \"https://api.example.com\". You need to create a \"client-grant\" associated to this API."}"#,
        )
    });
    s.run(&token_cmd(&refused, &["--no-cache"]))
        .code(4)
        .stderr_has("access_denied: Client is not authorized")
        .stderr_has("hint:");
    // A 200 answer may hold a token: it is described, never quoted.
    let not_json = tenant(|_, _| Reply::text(200, "text/plain", "hello"));
    let run = s.run(&token_cmd(&not_json, &["--no-cache"]));
    run.code(4)
        .stderr_has("malformed answer: the body is not a JSON object (5 bytes)");
    assert!(!run.stderr.contains("hello"), "{}", run.stderr);
}

#[test]
fn output_formats() {
    let s = Sandbox::new();
    let server = tenant(|_, _| ok_token("Bearer"));
    s.run(&token_cmd(&server, &["--format", "env"]))
        .code(0)
        .stdout_has("AUTH0_ACCESS_TOKEN=issued-access-token-123\n");
    s.run(&token_cmd(&server, &["--format", "header"]))
        .code(0)
        .stdout_has("Authorization: Bearer issued-access-token-123\n");
    let masked = s.run(&token_cmd(&server, &["--github-mask"]));
    assert_eq!(
        masked.stdout,
        "::add-mask::issued-access-token-123\nissued-access-token-123\n"
    );
    let json = s.run(&token_cmd(&server, &["--json"])).json();
    assert_eq!(json["access_token"], "issued-access-token-123");
    assert!(json["expires_at"].as_i64().unwrap() > crate::support::now());
}

#[test]
fn secrets_never_appear_in_traces_or_errors() {
    let s = Sandbox::new();
    let server = tenant(|_, _| {
        Reply::json(
            401,
            r#"{"error":"access_denied","error_description":"Unauthorized"}"#,
        )
    });
    let run = s.run(&token_cmd(&server, &["-v", "--no-cache"]));
    run.code(4)
        .stderr_has("client_secret=[redacted]")
        .stderr_has("wrong");
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "secret leaked:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    let ok = tenant(|_, _| ok_token("Bearer"));
    let run = s.run(&[
        "exchange",
        "-v",
        "--domain",
        &ok.url,
        "--client-id",
        "cid",
        "--client-secret",
        SECRET,
        "--connection",
        "github",
        "--subject-token",
        "subject-token-value-xyz",
    ]);
    run.code(0);
    assert!(
        !run.stderr.contains(SECRET) && !run.stderr.contains("subject-token-value-xyz"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_secret_outside_a_terminal_is_a_one_line_error() {
    let s = Sandbox::new();
    let server = tenant(|_, _| ok_token("Bearer"));
    let run = s.run(&[
        "token",
        "--domain",
        &server.url,
        "--audience",
        API,
        "--client-id",
        "cid",
    ]);
    run.code(2)
        .stderr_has("--client-secret")
        .stderr_has("AUTH0_CLIENT_SECRET");
    assert_eq!(run.stderr.lines().count(), 1);
    assert!(server.requests().is_empty());
}

#[test]
fn token_vault_exchange_is_sent_as_the_sdk_sends_it() {
    let s = Sandbox::new();
    let server = tenant(|_, _| {
        Reply::json(
            200,
            r#"{"access_token":"upstream","expires_in":3600,"token_type":"Bearer"}"#,
        )
    });
    s.run(&exchange_args(
        &server.url,
        "cid",
        SECRET,
        &[
            "--connection",
            "google-oauth2",
            "--login-hint",
            "me@example.com",
            "--subject-token",
            "at-123",
        ],
    ))
    .code(0)
    .stdout_has("upstream");
    let req = server.first("/oauth/token");
    use base64::Engine as _;
    assert_eq!(
        req.header("authorization"),
        Some(
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("cid:{SECRET}"))
            )
            .as_str()
        )
    );
    assert_eq!(
        req.form(),
        [
            (
                "grant_type",
                "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"
            ),
            ("client_id", "cid"),
            ("subject_token", "at-123"),
            (
                "subject_token_type",
                "urn:ietf:params:oauth:token-type:access_token"
            ),
            (
                "requested_token_type",
                "http://auth0.com/oauth/token-type/federated-connection-access-token"
            ),
            ("connection", "google-oauth2"),
            ("login_hint", "me@example.com"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    s.run(&exchange_args(
        &server.url,
        "cid",
        SECRET,
        &[
            "--connection",
            "c",
            "--subject-token-type",
            "refresh_token",
            "--subject-token",
            "rt",
        ],
    ))
    .code(0);
    let last = server.last("/oauth/token");
    assert_eq!(
        last.field("subject_token_type").as_deref(),
        Some("urn:ietf:params:oauth:token-type:refresh_token")
    );
}

#[test]
fn exchange_input_is_validated_before_any_request() {
    let s = Sandbox::new();
    let server = tenant(|_, _| ok_token("Bearer"));
    let base = [
        "exchange",
        "--domain",
        server.url.as_str(),
        "--client-id",
        "cid",
        "--client-secret",
        SECRET,
    ];
    let cases: [(&[&str], &str); 6] = [
        (&["--connection", "c", "--subject-token", "  "], "empty"),
        (
            &["--connection", "c", "--subject-token", " tok"],
            "whitespace",
        ),
        (
            &["--connection", "c", "--subject-token", "Bearer tok"],
            "Bearer",
        ),
        (
            &[
                "--subject-token-type",
                "urn:ietf:params:oauth:token-type:jwt",
                "--subject-token",
                "t",
            ],
            "reserves",
        ),
        (
            &[
                "--subject-token-type",
                "https://auth0.com/x",
                "--subject-token",
                "t",
            ],
            "reserves",
        ),
        (
            &[
                "--subject-token-type",
                "urn:acme:x",
                "--param",
                "SCOPE=admin",
                "--subject-token",
                "t",
            ],
            "reserved",
        ),
    ];
    for (extra, message) in cases {
        s.run(&[&base[..], extra].concat())
            .code(2)
            .stderr_has(message);
    }
    assert!(
        server.requests().is_empty(),
        "no request may be sent for invalid input"
    );
}

#[test]
fn against_the_mock_tenant_tokens_verify_and_exchanges_work() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--require-dpop-nonce"]);
    let client = [
        "--domain",
        mock.url.as_str(),
        "--client-id",
        crate::support::CLIENT,
        "--client-secret",
        crate::support::SECRET,
    ];
    let token = s.run(&[&["token", "--audience", API][..], &client].concat());
    token.code(0);
    let token = token.stdout.trim().to_owned();
    s.run(&verify_args(&mock.url, &[&token])).code(0);
    s.run(
        &[
            &[
                "exchange",
                "--connection",
                "google-oauth2",
                "--subject-token",
                &token,
            ][..],
            &client,
        ]
        .concat(),
    )
    .code(0)
    .stdout_has("upstream-google-oauth2-");
    s.run(
        &[
            &[
                "exchange",
                "--connection",
                "unknown",
                "--subject-token",
                &token,
            ][..],
            &client,
        ]
        .concat(),
    )
    .code(4)
    .stderr_has("federated_connection_refresh_token_not_found");
    let obo = s.run(
        &[
            &[
                "exchange",
                "--on-behalf-of",
                "--audience",
                API,
                "--subject-token",
                &token,
            ][..],
            &client,
        ]
        .concat(),
    );
    obo.code(0);
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    let bound = s.run(
        &[
            &["token", "--audience", API, "--dpop", "--key", "k.pem"][..],
            &client,
        ]
        .concat(),
    );
    bound.code(0);
    let bound = bound.stdout.trim().to_owned();
    let claims: Value = s.run(&["decode", "--json", &bound]).json()["claims"].clone();
    assert!(claims["cnf"]["jkt"].is_string());
    let proof = s
        .run(&proof_args(
            "GET",
            "https://api.example.com/m",
            &["--access-token", &bound],
        ))
        .stdout
        .trim()
        .to_owned();
    s.run(&[
        "request",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "--url",
        "https://api.example.com/m",
        "-H",
        &format!("Authorization: DPoP {bound}"),
        "-H",
        &format!("DPoP: {proof}"),
    ])
    .code(0);
}

#[test]
fn demo_runs_every_step() {
    let s = Sandbox::new();
    let run = s.run(&["demo"]);
    run.code(0).stdout_has("every step behaved as expected");
    assert_eq!(run.stdout.matches('✔').count(), 9, "{}", run.stdout);
    run.stdout_has("a user logs in");
    run.stdout_has("acting for auth0|");
}

#[test]
fn init_refuses_without_a_terminal() {
    let s = Sandbox::new();
    s.run(&["init"]).code(2).stderr_has("terminal");
    assert!(!s.path().join(".env").exists());
}

#[test]
fn assertions_and_fetched_tokens_stay_out_of_traces() {
    let s = Sandbox::new();
    let server = tenant(|_, _| ok_token("Bearer"));
    let key = auth0_tok::keys::SigningKey::generate_p256().unwrap();
    let pem = key.to_pkcs8_pem().unwrap();
    std::fs::write(s.path().join("client.pem"), &pem).unwrap();
    let run = s.run(&key_jwt_cmd(&server, &["-v"]));
    run.code(0);
    let req = server.first("/oauth/token");
    let assertion = req.field("client_assertion").unwrap();
    assert!(!run.stderr.contains(&assertion), "assertion in the trace");
    assert!(run.stderr.contains("client_assertion=[redacted]"));
    assert!(
        !run.stderr.contains("issued-access-token-123"),
        "token in the trace"
    );
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(!run.stdout.contains(&body[..40]) && !run.stderr.contains(&body[..40]));
    #[cfg(unix)]
    assert!(
        run.stderr.contains("readable by other users"),
        "a world-readable key file is flagged: {}",
        run.stderr
    );
}
