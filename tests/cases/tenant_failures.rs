//! Tenants that fail: every case exits 4 with one line naming the URL, and
//! leaves the cache alone.

use serde_json::{Value, json};

use crate::support::server::{Reply, Server};
use crate::support::{API, Sandbox, TestKey, now, verify_args};

/// A tenant whose discovery is correct and whose JWKS answer is `jwks`.
fn tenant_with_jwks(jwks: impl Fn() -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "keys"),
        "/keys" => jwks(),
        _ => Reply::json(404, "{}"),
    })
}

fn token_for(s: &Sandbox, server: &Server) -> String {
    TestKey::new(s, "k1")
        .sign(json!({"iss": server.url, "aud": API, "iat": now(), "exp": now() + 60}))
}

fn verify(s: &Sandbox, server: &Server, token: &str) -> crate::support::Run {
    s.run(&[
        "verify",
        "--timeout",
        "3",
        "--domain",
        &server.url,
        "--audience",
        API,
        token,
    ])
}

#[test]
fn a_jwks_endpoint_that_is_down_exits_4_naming_the_url() {
    let s = Sandbox::new();
    let server = tenant_with_jwks(|| Reply::json(503, r#"{"error":"unavailable"}"#));
    let token = token_for(&s, &server);
    let run = verify(&s, &server, &token);
    run.code(4)
        .stderr_has(&format!("{}keys", server.url))
        .stderr_has("503");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(!s.cache_dir().exists(), "nothing cached");
}

#[test]
fn a_jwks_endpoint_returning_html_exits_4() {
    let s = Sandbox::new();
    let server =
        tenant_with_jwks(|| Reply::text(200, "text/html", "<!doctype html><h1>Login</h1>"));
    let token = token_for(&s, &server);
    verify(&s, &server, &token)
        .code(4)
        .stderr_has("not JSON")
        .stderr_has("<!doctype html>");
}

#[test]
fn connection_refused_exits_4() {
    let s = Sandbox::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let token = TestKey::new(&s, "k1")
        .sign(json!({"iss": url, "aud": API, "iat": now(), "exp": now() + 60}));
    s.run(&verify_args(&url, &[&token]))
        .code(4)
        .stderr_has("connection failed");
}

#[test]
fn a_discovery_document_for_another_issuer_is_refused() {
    let s = Sandbox::new();
    for served in ["{base_no_slash}", "https://evil.example.com/"] {
        let served = served.to_owned();
        let server = Server::start(move |_, base| {
            let issuer = served.replace("{base_no_slash}", base.trim_end_matches('/'));
            Reply::json(
                200,
                &json!({"issuer": issuer, "jwks_uri": format!("{base}keys")}).to_string(),
            )
        });
        let token = token_for(&s, &server);
        verify(&s, &server, &token)
            .code(4)
            .stderr_has("names issuer");
    }
}

#[test]
fn no_discovery_document_falls_back_to_auth0_paths() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let jwks = key.jwks_document();
    let server = Server::start(move |req, _| match req.path.as_str() {
        "/.well-known/jwks.json" => Reply::json(200, &jwks),
        _ => Reply::json(404, "{}"),
    });
    let token = key.sign(json!({"iss": server.url, "aud": API, "iat": now(), "exp": now() + 60}));
    verify(&s, &server, &token);
    s.run(&[
        "verify",
        "-v",
        "--no-cache",
        "--domain",
        &server.url,
        "--audience",
        API,
        &token,
    ])
    .code(0)
    .stderr_has("falling back");
}

#[test]
fn redirects_are_not_followed() {
    let s = Sandbox::new();
    let server = Server::start(|_, _| {
        Reply::text(302, "text/plain", "").with_header("location", "https://evil.example.com/")
    });
    let token = token_for(&s, &server);
    verify(&s, &server, &token)
        .code(4)
        .stderr_has("redirect")
        .stderr_has("evil.example.com");
}

#[test]
fn an_issuer_outside_the_allowed_list_is_never_fetched() {
    let s = Sandbox::new();
    let server = tenant_with_jwks(|| Reply::json(200, r#"{"keys":[]}"#));
    let token = TestKey::new(&s, "k1")
        .sign(json!({"iss": server.url, "aud": API, "iat": now(), "exp": now() + 60}));
    s.run(&[
        "verify",
        "--domain",
        "tenant-a.example.com",
        "--domain",
        "tenant-b.example.com",
        "--audience",
        API,
        &token,
    ])
    .code(1)
    .stdout_has("not one of the allowed issuers");
    assert!(
        server.requests().is_empty(),
        "the token's issuer was contacted"
    );
}

#[test]
fn a_key_set_with_a_bad_key_next_to_a_good_one_still_works() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let good = Value::Object(key.key.public_jwk());
    let server = tenant_with_jwks(move || {
        Reply::json(
            200,
            &json!({"keys": [{"kty": "RSA", "kid": "bad", "n": "AQAB", "e": "AQAB"}, good]})
                .to_string(),
        )
    });
    let token = key.sign(json!({"iss": server.url, "aud": API, "iat": now(), "exp": now() + 60}));
    verify(&s, &server, &token).code(0);
}

#[test]
fn a_tenant_that_never_answers_times_out() {
    let s = Sandbox::new();
    let server = Server::start(|_, _| Reply::Hang);
    let token = token_for(&s, &server);
    let started = std::time::Instant::now();
    s.run(&[
        "verify",
        "--timeout",
        "1",
        "--domain",
        &server.url,
        "--audience",
        API,
        &token,
    ])
    .code(4)
    .stderr_has("no answer within 1s");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_tenant_answering_byte_by_byte_is_cut_off_by_the_timeout() {
    let s = Sandbox::new();
    let server = Server::start(|_, _| {
        Reply::Trickle {
        status: 200,
        body: br#"{"issuer":"x","jwks_uri":"https://x/keys","padding":"................................................"}"#.to_vec(),
        delay: std::time::Duration::from_millis(100),
    }
    });
    let token = token_for(&s, &server);
    let started = std::time::Instant::now();
    s.run(&[
        "verify",
        "--timeout",
        "1",
        "--domain",
        &server.url,
        "--audience",
        API,
        &token,
    ])
    .code(4)
    .stderr_has("no answer within 1s")
    .stderr_has(&server.url);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn truncated_json_and_server_errors_exit_4() {
    let s = Sandbox::new();
    for (status, body) in [
        (200, r#"{"keys":[{"kty":"RSA""#),
        (500, "oops"),
        (502, "<html>bad gateway</html>"),
        (503, "unavailable"),
        (429, r#"{"error":"too_many_requests"}"#),
    ] {
        let body = body.to_owned();
        let server = tenant_with_jwks(move || Reply::json(status, &body));
        let token = token_for(&s, &server);
        let run = verify(&s, &server, &token);
        run.code(4).stderr_has(&format!("{}keys", server.url));
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    assert!(!s.cache_dir().exists());
}

#[test]
fn a_ten_megabyte_key_set_is_refused() {
    let s = Sandbox::new();
    let server = tenant_with_jwks(|| {
        Reply::json(
            200,
            &format!("{{\"keys\":[],\"pad\":\"{}\"}}", "x".repeat(10 << 20)),
        )
    });
    let token = token_for(&s, &server);
    verify(&s, &server, &token)
        .code(4)
        .stderr_has("exceeds 1048576 bytes");
}

#[test]
fn a_failing_tenant_leaves_the_existing_cache_untouched() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let jwks = key.jwks_document();
    let healthy = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let flag = healthy.clone();
    let server = Server::start(move |req, base| {
        if !flag.load(std::sync::atomic::Ordering::SeqCst) {
            return Reply::json(503, "{}");
        }
        match req.path.as_str() {
            "/.well-known/openid-configuration" => Reply::json(
                200,
                &json!({"issuer": base, "jwks_uri": format!("{base}keys")}).to_string(),
            )
            .with_header("cache-control", "max-age=1"),
            "/keys" => Reply::json(200, &jwks).with_header("cache-control", "max-age=1"),
            _ => Reply::json(404, "{}"),
        }
    });
    let token = key.sign(json!({"iss": server.url, "aud": API, "iat": now(), "exp": now() + 60}));
    verify(&s, &server, &token).code(0);
    let snapshot = |dir: &std::path::Path| {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot(&s.cache_dir());
    healthy.store(false, std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(std::time::Duration::from_millis(2100)); // the cached copy expires
    verify(&s, &server, &token).code(4).stderr_has("503");
    assert_eq!(
        snapshot(&s.cache_dir()),
        before,
        "a failed refresh must not touch the cache"
    );
}

#[test]
fn a_batch_asks_a_failing_tenant_once_not_once_per_line() {
    let s = Sandbox::new();
    let server = Server::start(|_, _| Reply::Hang);
    let token = token_for(&s, &server);
    let input = format!("{token}\n").repeat(300);
    let started = std::time::Instant::now();
    let run = s.run_with_stdin(
        &[
            "verify",
            "--batch",
            "--timeout",
            "1",
            "--domain",
            &server.url,
            "--audience",
            API,
        ],
        &input,
    );
    run.code(4).stderr_has("300 not checked");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    let lines = run.json_lines();
    assert_eq!(lines.len(), 300);
    assert!(lines.iter().all(|l| {
        l["error"] == "tenant_unavailable"
            && l["error_description"]
                .as_str()
                .unwrap()
                .contains("no answer within 1s")
    }));

    let bearer = format!("{token}\n").repeat(300);
    let started = std::time::Instant::now();
    s.run_with_stdin(
        &[
            "request",
            "--batch",
            "--timeout",
            "1",
            "--url",
            "https://api.example.com/",
            "--domain",
            &server.url,
            "--audience",
            API,
        ],
        &bearer,
    )
    .code(4)
    .stderr_has("300 not checked");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
