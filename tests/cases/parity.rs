//! Parity with auth0-api-python, strict where the RFCs are: HS* tokens,
//! `cnf.jkt` shapes, proof headers, future `iat`, scope lists, duplicate
//! headers and members, `--dpop-mode` without a proof, rejected keys.

use auth0_tok::dpop::{DpopKey, ath};
use auth0_tok::jose::{self, Algorithm, Object};
use auth0_tok::keys::SigningKey;
use serde_json::{Value, json};

use crate::support::server::{Reply, Server};
use crate::support::{API, Sandbox, TestKey, now};

const ISS: &str = "https://tenant.example.com/";
const URL: &str = "https://api.example.com/messages";
const HMAC: &str = "a-shared-secret-of-sufficient-length!";

fn claims(extra: Value) -> Value {
    let mut c = json!({"iss": ISS, "sub": "client@clients", "aud": API, "iat": now() - 10, "exp": now() + 3600, "scope": "read:messages"});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

/// `verify` against the pinned key set of `key`.
fn verify<'a>(key: &'a TestKey, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "verify",
        "--jwks",
        key.jwks(),
        "--issuer",
        ISS,
        "--audience",
        API,
    ];
    args.extend_from_slice(extra);
    args
}

/// `request` for GET URL against the pinned key set of `key`.
fn request<'a>(key: &'a TestKey, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "request",
        "--jwks",
        key.jwks(),
        "--issuer",
        ISS,
        "--audience",
        API,
    ];
    args.extend_from_slice(extra);
    args
}

fn hs256(claims: &Value) -> String {
    let input = format!(
        "{}.{}",
        jose::b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        jose::b64(claims.to_string())
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, HMAC.as_bytes());
    format!(
        "{input}.{}",
        jose::b64(aws_lc_rs::hmac::sign(&key, input.as_bytes()))
    )
}

/// A DPoP proof for GET URL and `token`, with `extra` header members.
fn proof(dpop: &DpopKey, token: &str, extra: Value) -> String {
    let mut header =
        json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": Value::Object(dpop.public_jwk())});
    for (k, v) in extra.as_object().unwrap() {
        header[k] = v.clone();
    }
    let claims =
        json!({"jti": "jti-parity", "htm": "GET", "htu": URL, "iat": now(), "ath": ath(token)});
    let key = SigningKey::from_pem(&dpop.to_pem().unwrap()).unwrap();
    let input = format!(
        "{}.{}",
        jose::b64(header.to_string()),
        jose::b64(claims.to_string())
    );
    let sig = key.sign(Algorithm::ES256, input.as_bytes()).unwrap();
    format!("{input}.{}", jose::b64(sig))
}

#[test]
fn hs256_is_never_accepted_by_request_and_by_verify_only_with_both_flags() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let t = hs256(&claims(json!({})));
    let auth = format!("Authorization: Bearer {t}");
    // request: refused whatever the secret, with the SDK's description.
    let run = s.run(&request(&key, &["--url", URL, "-H", &auth, "--json"]));
    run.code(1);
    let v = run.json();
    assert_eq!(v["status"], 401);
    assert_eq!(
        v["error_description"],
        "Symmetric algorithm 'HS256' is not supported. Only asymmetric algorithms (e.g., RS256) are allowed."
    );
    s.run(&request(
        &key,
        &["--url", URL, "-H", &auth, "--hs256-secret", HMAC],
    ))
    .code(2)
    .stderr_has("request never accepts HS*");
    s.run(&request(
        &key,
        &["--url", URL, "-H", &auth, "--algorithm", "HS256"],
    ))
    .code(2)
    .stderr_has("request never accepts HS*");
    // verify: both flags, or nothing.
    s.run(&verify(
        &key,
        &["--algorithm", "HS256", "--hs256-secret", HMAC, &t],
    ))
    .code(0)
    .stdout_has("VALID  HS256");
    s.run(&verify(&key, &["--hs256-secret", HMAC, &t]))
        .code(2)
        .stderr_has("--algorithm HS256");
    s.run(&verify(&key, &["--algorithm", "HS256", &t]))
        .code(2)
        .stderr_has("needs the HMAC secret");
    // A secret from the environment alone accepts nothing, and says why.
    let mut cmd = s.cmd(&verify(&key, &[&t]));
    cmd.env("AUTH0_HS256_SECRET", HMAC);
    let run = crate::support::Run::from(cmd.output().unwrap());
    run.code(1)
        .stdout_has("symmetric algorithm HS256 is not accepted");
}

#[test]
fn a_cnf_jkt_that_is_not_a_thumbprint_is_never_accepted_as_bearer() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    for (jkt, sdk_bound) in [
        (json!(123), true),
        (json!(["x"]), true),
        (json!({}), false),
        (json!(""), false),
    ] {
        let t = key.sign(claims(json!({"cnf": {"jkt": jkt}})));
        let auth = format!("Authorization: Bearer {t}");
        let run = s.run(&request(&key, &["--url", URL, "-H", &auth, "--json"]));
        run.code(1);
        let v = run.json();
        assert_eq!(v["status"], 401, "{jkt}");
        assert_eq!(
            v["error_description"],
            "DPoP-bound token requires the DPoP authentication scheme, not Bearer"
        );
        assert_eq!(v["strict_rule"].is_string(), !sdk_bound, "{jkt}");
        // verify: a token no presentation can make acceptable is rejected…
        s.run(&verify(&key, &[&t])).code(1).stdout_has("cnf.jkt is");
        // …except where DPoP is disabled: the SDK ignores cnf there.
        s.run(&verify(&key, &["--dpop-mode", "disabled", &t]))
            .code(0)
            .stdout_has("DPoP is disabled");
    }
}

#[test]
fn proofs_with_crit_or_b64_false_are_invalid_dpop_proofs() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let dpop = DpopKey::generate().unwrap();
    let t = key.sign(claims(json!({"cnf": {"jkt": dpop.thumbprint()}})));
    let auth = format!("Authorization: DPoP {t}");
    let run = |extra: Value| {
        let header = format!("DPoP: {}", proof(&dpop, &t, extra));
        s.run(&request(
            &key,
            &["--url", URL, "-H", &auth, "-H", &header, "--json"],
        ))
    };
    run(json!({})).code(0);
    for extra in [json!({"crit": ["exp"], "exp": 1}), json!({"b64": false})] {
        let r = run(extra.clone());
        r.code(1);
        let v = r.json();
        assert_eq!(v["status"], 400, "{extra}");
        assert_eq!(v["error"], "invalid_dpop_proof", "{extra}");
        assert!(
            v["strict_rule"].as_str().unwrap().contains("RFC 7"),
            "{extra}: {v}"
        );
    }
}

#[test]
fn a_token_issued_in_the_future_is_rejected_naming_the_rule() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let decade = 10 * 365 * 86_400;
    let t = key.sign(claims(
        json!({"iat": now() + decade, "exp": now() + decade + 3600}),
    ));
    s.run(&verify(&key, &[&t]))
        .code(1)
        .stdout_has("issued in the future")
        .stdout_has("strict: RFC 7519 §4.1.6");
    // Within the leeway it passes.
    let soon = key.sign(claims(json!({"iat": now() + 60})));
    s.run(&verify(&key, &[&soon])).code(1);
    s.run(&verify(&key, &["--leeway", "120", &soon])).code(0);
}

#[test]
fn scope_lists_split_on_spaces_only_in_verify_request_and_token() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let t = key.sign(claims(json!({"scope": "read:messages\twrite:messages"})));
    s.run(&verify(&key, &["--scope", "write:messages", &t]))
        .code(3)
        .stdout_has("RFC 6749 §3.3");
    let auth = format!("Authorization: Bearer {t}");
    let run = s.run(&request(
        &key,
        &[
            "--url",
            URL,
            "-H",
            &auth,
            "--scope",
            "write:messages",
            "--json",
        ],
    ));
    run.code(3);
    assert!(
        run.json()["strict_rule"]
            .as_str()
            .unwrap()
            .contains("RFC 6749 §3.3")
    );
    // token: the same splitter builds the scope parameter.
    let server = Server::start(|req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "jwks"),
        "/oauth/token" => Reply::json(
            200,
            r#"{"access_token":"issued","token_type":"Bearer","expires_in":60}"#,
        ),
        _ => Reply::json(404, "{}"),
    });
    s.run(&[
        "token",
        "--no-cache",
        "--domain",
        &server.url,
        "--audience",
        API,
        "--client-id",
        "cid",
        "--client-secret",
        "a-client-secret-value",
        "--scope",
        "read:a\twrite:a  admin",
    ])
    .code(0);
    let sent = server.first("/oauth/token");
    let scope: Vec<String> = url::form_urlencoded::parse(sent.body.as_bytes())
        .into_owned()
        .filter(|(k, _)| k == "scope")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(scope, ["read:a\twrite:a admin"]);
}

#[test]
fn two_dpop_headers_get_the_sdk_answer_or_rfc_9449_s_with_rfc() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let dpop = DpopKey::generate().unwrap();
    let t = key.sign(claims(json!({"cnf": {"jkt": dpop.thumbprint()}})));
    let auth = format!("Authorization: DPoP {t}");
    let first = format!("DPoP: {}", proof(&dpop, &t, json!({})));
    let base = request(
        &key,
        &["--url", URL, "-H", &auth, "-H", &first, "-H", "dpop: x.y.z"],
    );
    s.run(&base).code(0).stdout_has("HTTP/1.1 200");
    let run = s.run(&[&base[..], &["--rfc", "--json"]].concat());
    run.code(1);
    let v = run.json();
    assert_eq!(v["status"], 401);
    assert_eq!(v["error"], "invalid_dpop_proof");
    assert!(
        v["strict_rule"]
            .as_str()
            .unwrap()
            .contains("RFC 9449 §4.3 step 1")
    );
}

#[test]
fn a_raw_request_with_two_host_lines_gets_uvicorn_s_400() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let t = key.sign(claims(json!({})));
    let raw = format!(
        "GET /messages HTTP/1.1\r\nHost: api.example.com\r\nHost: evil.example.com\r\nAuthorization: Bearer {t}\r\n\r\n"
    );
    let run = s.run_with_stdin(&request(&key, &["--raw", "-", "--json"]), &raw);
    run.code(1);
    let v = run.json();
    assert_eq!(v["status"], 400);
    assert_eq!(v["body"], "Invalid HTTP request received.");
    assert_eq!(v["www_authenticate"], Value::Null);
    // One Host line: decided by the API.
    let one = raw.replace("Host: evil.example.com\r\n", "");
    s.run_with_stdin(&request(&key, &["--raw", "-"]), &one)
        .code(0);
}

#[test]
fn a_batch_json_line_with_a_duplicate_member_is_refused_for_that_line() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let good = key.sign(claims(json!({})));
    let bad = key.sign(claims(json!({"exp": now() - 60})));
    let lines = [
        // "headers" twice: which one counts must not be guessed.
        format!(
            r#"{{"url": "{URL}", "headers": {{"Authorization": "Bearer {bad}"}}, "headers": {{"Authorization": "Bearer {good}"}}}}"#
        ),
        format!(
            r#"{{"url": "{URL}", "headers": {{"Authorization": "Bearer {bad}", "Authorization": "Bearer {good}"}}}}"#
        ),
        format!(r#"{{"url": "{URL}", "headers": {{"Authorization": "Bearer {good}"}}}}"#),
    ];
    let run = s.run_with_stdin(&request(&key, &["--batch"]), &(lines.join("\n") + "\n"));
    run.code(2);
    let answers = run.json_lines();
    assert_eq!(answers.len(), 3);
    for a in &answers[..2] {
        assert_eq!(a["error"], "unreadable_line", "{a}");
        assert!(
            a["error_description"]
                .as_str()
                .unwrap()
                .contains("duplicate member"),
            "{a}"
        );
    }
    assert_eq!(answers[2]["status"], 200);
}

#[test]
fn dpop_mode_is_honoured_by_verify_without_a_proof() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let dpop = DpopKey::generate().unwrap();
    let jkt = dpop.thumbprint();
    let bound = key.sign(claims(json!({"cnf": {"jkt": jkt}})));
    let plain = key.sign(claims(json!({})));
    // required: the API refuses any token without a proof.
    for t in [&bound, &plain] {
        s.run(&verify(&key, &["--dpop-mode", "required", t]))
            .code(1)
            .stdout_has("DPoP is required");
    }
    // allowed (the default): valid, and it says DPoP-bound.
    s.run(&verify(&key, &[&bound]))
        .code(0)
        .stdout_has("DPoP-bound");
    let v = s.run(&verify(&key, &["--json", &bound])).code(0).json();
    assert_eq!(
        (v["dpop_bound"].clone(), v["jkt"].clone()),
        (json!(true), json!(jkt))
    );
    let v = s.run(&verify(&key, &["--json", &plain])).code(0).json();
    assert_eq!(v.get("dpop_bound"), None);
    let run = s.run_with_stdin(&verify(&key, &["--batch"]), &format!("{bound}\n{plain}\n"));
    run.code(0);
    let lines = run.json_lines();
    assert_eq!(
        (lines[0]["dpop_bound"].clone(), lines[0]["jkt"].clone()),
        (json!(true), json!(jkt))
    );
    assert_eq!(lines[1].get("dpop_bound"), None);
    let run = s.run_with_stdin(
        &verify(&key, &["--batch", "--dpop-mode", "required"]),
        &format!("{bound}\n"),
    );
    run.code(1);
    assert_eq!(
        serde_json::from_str::<Value>(run.stdout.trim()).unwrap()["error"],
        "invalid_request"
    );
    // disabled: accepted as Bearer, as the SDK.
    s.run(&verify(&key, &["--dpop-mode", "disabled", &bound]))
        .code(0)
        .stdout_has("DPoP is disabled");
    // Proof options without a proof are refused, never ignored.
    for flag in [
        &["--nonce", "n"][..],
        &["--iat-offset", "60"],
        &["--iat-leeway", "5"],
        &["--rfc"],
    ] {
        s.run(&verify(&key, &[flag, &[plain.as_str()]].concat()))
            .code(2)
            .stderr_has(flag[0]);
    }
    s.run(&verify(&key, &["--jobs", "2", &plain]))
        .code(2)
        .stderr_has("--jobs");
    s.run(&request(&key, &["--url", URL, "--scheme", "http"]))
        .code(2)
        .stderr_has("--scheme");
}

/// A usable key next to the bad one, so that the set is accepted.
fn good_jwk() -> Value {
    Value::Object(
        SigningKey::generate_p256()
            .unwrap()
            .with_kid("good")
            .public_jwk(),
    )
}

/// A JWKS of `key` with `member` set to `value`, and a usable key.
fn jwks_with(key: &TestKey, member: &str, value: Value) -> Value {
    let mut jwk: Object = key.key.public_jwk();
    jwk.insert(member.into(), value);
    json!({"keys": [Value::Object(jwk), good_jwk()]})
}

#[test]
fn keys_with_bad_metadata_are_skipped_shown_in_jwks_and_their_tokens_key_rejected() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let t = key.sign(claims(json!({})));
    let ed_identity = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "ed", "x": jose::b64([1u8].iter().chain([0u8; 31].iter()).copied().collect::<Vec<u8>>())}, good_jwk()]});
    for (set, reason) in [
        (jwks_with(&key, "key_ops", json!(["sign"])), "key_ops"),
        (jwks_with(&key, "use", json!(true)), "\"use\""),
        (jwks_with(&key, "alg", json!(256)), "\"alg\""),
        (jwks_with(&key, "e", json!("AQAA")), "RSA exponent 65536"),
    ] {
        let path = s.path().join("bad.jwks.json");
        std::fs::write(&path, set.to_string()).unwrap();
        let path = path.to_str().unwrap().to_owned();
        s.run(&[
            "verify",
            "--jwks",
            &path,
            "--issuer",
            ISS,
            "--audience",
            API,
            &t,
        ])
        .code(1)
        .stdout_has("key rejected: ")
        .stdout_has(reason);
        // `jwks` shows the skipped key and why.
        let body = set.to_string();
        let server = Server::start(move |req, base| match req.path.as_str() {
            "/.well-known/openid-configuration" => Reply::json(
                200,
                &json!({"issuer": base, "jwks_uri": format!("{base}keys")}).to_string(),
            ),
            "/keys" => Reply::json(200, &body),
            _ => Reply::json(404, "{}"),
        });
        let v = s
            .run(&["jwks", "--no-cache", "--json", "--domain", &server.url])
            .code(0)
            .json();
        assert_eq!(v["skipped"][0]["kid"], "k1");
        assert!(
            v["skipped"][0]["reason"]
                .as_str()
                .unwrap()
                .contains(reason.trim_matches('"')),
            "{v}"
        );
    }
    let path = s.path().join("ed.jwks.json");
    std::fs::write(&path, ed_identity.to_string()).unwrap();
    let ed = key
        .key
        .sign_jwt(
            Algorithm::RS256,
            &Object::new(),
            claims(json!({})).as_object().unwrap(),
        )
        .unwrap();
    // The identity point as a key: skipped, and named when a token asks for it.
    let header = jose::b64(r#"{"alg":"EdDSA","kid":"ed"}"#);
    let forged =
        format!("{header}.{}", ed.split('.').nth(1).unwrap()) + "." + &jose::b64([0u8; 64]);
    s.run(&[
        "verify",
        "--jwks",
        path.to_str().unwrap(),
        "--issuer",
        ISS,
        "--audience",
        API,
        "--algorithm",
        "EdDSA",
        &forged,
    ])
    .code(1)
    .stdout_has("key rejected: ")
    .stdout_has("small order");
}
