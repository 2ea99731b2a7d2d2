//! DPoP keys, proofs, DPoP-bound tokens from the mock tenant, and `request`.

use serde_json::Value;

use crate::support::{
    API, CLIENT, Mock, SECRET, Sandbox, http, proof_args, urlencode, verify_args,
};

const RFC7638_JWK: &str = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;

#[test]
fn thumbprint_of_the_rfc7638_key() {
    let s = Sandbox::new();
    s.run(&["dpop", "thumbprint", RFC7638_JWK])
        .code(0)
        .stdout_has("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    std::fs::write(s.path().join("k.jwk"), RFC7638_JWK).unwrap();
    s.run(&["dpop", "thumbprint", "k.jwk"])
        .code(0)
        .stdout_has("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    s.run(&["dpop", "thumbprint", "missing.pem"]).code(2);
}

#[test]
fn keygen_writes_a_private_file_once_and_prints_the_public_half() {
    let s = Sandbox::new();
    let run = s.run(&["dpop", "keygen", "--out", "dpop.pem", "--json"]);
    run.code(0);
    let v = run.json();
    assert!(v["public_jwk"].get("d").is_none());
    let jkt = v["jkt"].as_str().unwrap().to_owned();
    let pem = std::fs::read_to_string(s.path().join("dpop.pem")).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(!run.stdout.contains("PRIVATE"), "private key on stdout");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(s.path().join("dpop.pem"))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
    }
    s.run(&["dpop", "keygen", "--out", "dpop.pem"])
        .code(2)
        .stderr_has("--force");
    assert_eq!(
        std::fs::read_to_string(s.path().join("dpop.pem")).unwrap(),
        pem,
        "overwritten without --force"
    );
    s.run(&["dpop", "keygen", "--out", "dpop.pem", "--force"])
        .code(0);
    assert_ne!(
        std::fs::read_to_string(s.path().join("dpop.pem")).unwrap(),
        pem
    );
    // The thumbprint of the file is the printed jkt (of the first key, for its public JWK).
    let jwk = v["public_jwk"].to_string();
    s.run(&["dpop", "thumbprint", &jwk])
        .code(0)
        .stdout_has(&jkt);
    // Printing a private key needs asking, and warns.
    s.run(&["dpop", "keygen"]).code(2);
    s.run(&["dpop", "keygen", "--format", "jwk", "--private"])
        .code(0)
        .stdout_has("\"d\"")
        .stderr_has("PRIVATE");
}

#[test]
fn proof_needs_a_key_and_says_how_to_make_one() {
    let s = Sandbox::new();
    s.run(&["dpop", "proof", "--htm", "GET", "--htu", "https://a/b"])
        .code(2)
        .stderr_has("dpop keygen");
}

#[test]
fn proofs_strip_query_and_fragment_and_bind_the_token() {
    let s = Sandbox::new();
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    let run = s.run(&proof_args(
        "GET",
        "https://api.example.com/r?q=1#f",
        &["--access-token", "tok", "--nonce", "n1", "--count", "3"],
    ));
    run.code(0);
    let proofs: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(proofs.len(), 3);
    let decoded = s.run(&["decode", "--json", proofs[0]]).json();
    assert_eq!(decoded["header"]["typ"], "dpop+jwt");
    assert_eq!(decoded["header"]["alg"], "ES256");
    assert_eq!(decoded["claims"]["htu"], "https://api.example.com/r");
    assert_eq!(decoded["claims"]["nonce"], "n1");
    // base64url(SHA-256("tok")), computed independently with Python hashlib.
    assert_eq!(
        decoded["claims"]["ath"],
        "GnZ0607njffhrEOak8P6jjyUV4TU3sn9jjARc4svHWI"
    );
    let jtis: std::collections::HashSet<String> = proofs
        .iter()
        .map(|p| {
            s.run(&["decode", "--json", p]).json()["claims"]["jti"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(jtis.len(), 3, "jti is fresh per proof");
    // The key also comes from AUTH0_DPOP_KEY.
    let out = s
        .cmd(&[
            "dpop",
            "proof",
            "--htm",
            "GET",
            "--htu",
            "https://a.example/",
        ])
        .env("AUTH0_DPOP_KEY", "k.pem")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn nonces_and_tokens_may_begin_with_a_hyphen() {
    // Nonces and opaque tokens are base64url: one in 64 begins with `-`,
    // which must not be read as an option.
    let s = Sandbox::new();
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    let run = s.run(&proof_args(
        "POST",
        "https://tenant.example/oauth/token",
        &["--nonce", "-Xy_9", "--access-token", "-opaque"],
    ));
    run.code(0);
    let decoded = s.run(&["decode", "--json", run.stdout.trim()]).json();
    assert_eq!(decoded["claims"]["nonce"], "-Xy_9");
    // base64url(SHA-256("-opaque")), computed independently with Python hashlib.
    assert_eq!(
        decoded["claims"]["ath"],
        "WlxkfTJMwK3d6tYY0IGHWpylcTyik0YL9aJxWradclM"
    );
}

/// A DPoP-bound token from the mock, with the nonce dance, as a client would do it.
fn dpop_token(s: &Sandbox, mock: &Mock) -> String {
    let endpoint = format!("{}oauth/token", mock.url);
    let form = format!(
        "grant_type=client_credentials&client_id={CLIENT}&client_secret={SECRET}&audience={}",
        urlencode(API)
    );
    let proof = s
        .run(&[
            "dpop", "proof", "--key", "k.pem", "--htm", "POST", "--htu", &endpoint,
        ])
        .stdout
        .trim()
        .to_owned();
    let ct = ("content-type", "application/x-www-form-urlencoded");
    let (status, body) = http("POST", &endpoint, &[ct, ("DPoP", &proof)], &form);
    assert_eq!(status, 400);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["error"],
        "use_dpop_nonce"
    );
    let nonce = nonce_of(&endpoint, &proof, &form);
    let proof = s
        .run(&[
            "dpop", "proof", "--key", "k.pem", "--htm", "POST", "--htu", &endpoint, "--nonce",
            &nonce,
        ])
        .stdout
        .trim()
        .to_owned();
    let (status, body) = http("POST", &endpoint, &[ct, ("DPoP", &proof)], &form);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["token_type"], "DPoP");
    v["access_token"].as_str().unwrap().to_owned()
}

fn nonce_of(endpoint: &str, proof: &str, form: &str) -> String {
    use std::io::{Read, Write};
    let authority = endpoint
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap();
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    write!(stream, "POST /oauth/token HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\ncontent-type: application/x-www-form-urlencoded\r\ndpop: {proof}\r\ncontent-length: {}\r\n\r\n{form}", form.len()).unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("dpop-nonce: "))
        .expect("a DPoP-Nonce header")
        .trim()
        .to_owned()
}

#[test]
fn dpop_round_trip_against_the_mock_tenant() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--require-dpop-nonce"]);
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    let token = dpop_token(&s, &mock);
    let jkt = s
        .run(&["dpop", "thumbprint", "k.pem"])
        .stdout
        .trim()
        .to_owned();
    assert_eq!(
        s.run(&["decode", "--json", &token]).json()["claims"]["cnf"]["jkt"],
        jkt.as_str()
    );

    let url = "https://api.example.com/messages";
    let proof = |htu: &str| {
        s.run(&proof_args("GET", htu, &["--access-token", &token]))
            .stdout
            .trim()
            .to_owned()
    };
    let auth = format!("Authorization: DPoP {token}");
    let base = [
        "request",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "--url",
        url,
    ];

    let ok = proof(url);
    let dpop = format!("DPoP: {ok}");
    s.run(&[&base[..], &["-H", &auth, "-H", &dpop]].concat())
        .code(0)
        .stdout_has("HTTP/1.1 200 OK");

    let elsewhere = format!("DPoP: {}", proof("https://api.example.com/other"));
    s.run(&[&base[..], &["-H", &auth, "-H", &elsewhere]].concat())
        .code(1)
        .stdout_has("HTTP/1.1 400")
        .stdout_has("invalid_dpop_proof")
        .stdout_has("WWW-Authenticate   Bearer realm=\"api\", DPoP error=\"invalid_dpop_proof\", error_description=\"DPoP Proof htu mismatch\", algs=\"ES256\"");

    let bearer = format!("Authorization: Bearer {token}");
    s.run(&[&base[..], &["-H", &bearer]].concat())
        .code(1)
        .stdout_has("HTTP/1.1 401")
        .stdout_has("DPoP-bound token requires the DPoP authentication scheme, not Bearer");

    // verify --dpop gives the same decision.
    s.run(&verify_args(
        &mock.url,
        &["--dpop", &ok, "--htm", "GET", "--htu", url, &token],
    ))
    .code(0);
    // verify -q --dpop: the same decision, in the exit code alone.
    let wrong_proof = proof("https://api.example.com/other");
    let quiet = s.run(&[
        "verify",
        "-q",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "--dpop",
        &wrong_proof,
        "--htm",
        "GET",
        "--htu",
        url,
        &token,
    ]);
    quiet.code(1);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    let json = s.run(
        &[
            &base[..],
            &["-H", &auth, "-H", &dpop, "--json", "--scope", "admin"],
        ]
        .concat(),
    );
    json.code(3);
    let v = json.json();
    assert_eq!(v["status"], 403);
    assert_eq!(v["body"]["detail"]["error"], "insufficient_scope");
    assert!(v["www_authenticate"].is_null());
}

#[test]
fn curl_with_proof_headers_reaches_the_protected_echo_once() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--require-dpop-nonce"]);
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    let token = dpop_token(&s, &mock);
    let echo = format!("{}api/echo", mock.url);
    let headers = s.run(&[
        "dpop",
        "proof",
        "--key",
        "k.pem",
        "--headers",
        "--htm",
        "GET",
        "--htu",
        &echo,
        "--access-token",
        &token,
    ]);
    headers.code(0);
    let lines: Vec<(&str, &str)> = headers
        .stdout
        .lines()
        .map(|l| l.split_once(": ").unwrap())
        .collect();
    assert_eq!(lines[0].0, "Authorization");
    assert_eq!(lines[1].0, "DPoP");
    let (status, body) = http("GET", &echo, &lines, "");
    assert_eq!(status, 200, "{body}");
    let (status, body) = http("GET", &echo, &lines, "");
    assert_eq!(status, 400, "a replayed proof must be refused: {body}");
    assert!(body.contains("replay"));
}

#[test]
fn request_batch_decides_each_line_in_order_with_the_sdk_answers() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--require-dpop-nonce"]);
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    let bound = dpop_token(&s, &mock);
    let bearer = mock.token(API, None);
    let url = "https://api.example.com/messages";
    let proof = |htm: &str| {
        s.run(&proof_args(htm, url, &["--access-token", &bound]))
            .stdout
            .trim()
            .to_owned()
    };
    let (get, post) = (proof("GET"), proof("POST"));
    let json_line = serde_json::json!({
        "method": "GET", "url": url,
        "headers": [["authorization", format!("dpop {bound}")], ["DPoP", get]],
    });
    let input = [
        format!("{bound} {get}"),
        bearer.clone(),
        String::new(),
        format!("{bound} {post}"),
        "a b c".into(),
        json_line.to_string(),
        r#"{"url": 5}"#.into(),
        bound.clone(),
    ]
    .join("\n");
    let args = [
        "request",
        "--batch",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "--url",
        url,
        "--jobs",
        "2",
    ];
    let run = s.run_with_stdin(&args, &input);
    run.code(2)
        .stderr_has("2 rejected, 2 unreadable line(s), 0 not checked");
    let answers = run.json_lines();
    let summary: Vec<(u64, Value, Value)> = answers
        .iter()
        .map(|a| {
            (
                a["line"].as_u64().unwrap(),
                a["status"].clone(),
                a["error"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, 200.into(), Value::Null),
            (2, 200.into(), Value::Null),
            (4, 400.into(), "invalid_dpop_proof".into()),
            (5, Value::Null, "unreadable_line".into()),
            (6, 200.into(), Value::Null),
            (7, Value::Null, "unreadable_line".into()),
            (8, 401.into(), "invalid_token".into()),
        ]
    );
    assert_eq!(answers[0]["scheme"], "DPoP");
    assert_eq!(answers[1]["scheme"], "Bearer");
    assert_eq!(answers[2]["error_description"], "DPoP Proof htm mismatch");
    assert_eq!(
        answers[6]["error_description"],
        "DPoP-bound token requires the DPoP authentication scheme, not Bearer"
    );
    assert!(
        answers[6]["www_authenticate"]
            .as_str()
            .unwrap()
            .starts_with("Bearer error=\"invalid_token\"")
    );

    // Only rejections: exit 1. All accepted, with the keys fetched once: exit 0.
    s.run_with_stdin(&args, &format!("{bound} {post}\n"))
        .code(1);
    let many = format!("{bound} {get}\n").repeat(300);
    let run = s.run_with_stdin(&args, &many);
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 300);
    // Without --url, plain lines cannot be decided.
    s.run_with_stdin(
        &[
            "request",
            "--batch",
            "--domain",
            &mock.url,
            "--audience",
            API,
        ],
        &format!("{bearer}\n"),
    )
    .code(2)
    .stdout_has("no URL");
}
