//! `verify --id-token` and `verify --logout-token`: tokens the mock tenant
//! signs (its `/test/mint`, keys from its discovery and JWKS), and logout
//! tokens with hand-made headers signed by a test key (`--jwks --issuer`).

use auth0_tok::jose::{Algorithm, Object};
use auth0_tok::verify::{BACKCHANNEL_LOGOUT_EVENT, left_half_hash};
use serde_json::{Value, json};

use crate::support::{API, CLIENT, Mock, Sandbox, TestKey, http, now, verify_args};

const SUB: &str = "auth0|0123456789abcdef01234567";

/// A token signed by the mock tenant, with `claims` replacing (or, as
/// `null`, removing) the claims of an access token.
fn mint(mock: &Mock, claims: Value) -> String {
    let (status, body) = http(
        "POST",
        &format!("{}test/mint", mock.url),
        &[("content-type", "application/json")],
        &json!({ "claims": claims }).to_string(),
    );
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

/// An ID token as the mock issues at login: for the client, no scope.
fn id_token(mock: &Mock, changes: Value) -> String {
    let mut claims = json!({
        "aud": CLIENT, "sub": SUB, "scope": null, "azp": null, "gty": null,
        "permissions": null, "nonce": "n-42", "auth_time": now() - 30, "sid": "s-1",
        "exp": now() + 36000,
    });
    for (k, v) in changes.as_object().unwrap() {
        claims[k] = v.clone();
    }
    mint(mock, claims)
}

fn verify_id<'a>(mock: &'a Mock, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "verify",
        "--id-token",
        "--domain",
        &mock.url,
        "--client-id",
        CLIENT,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn an_id_token_of_the_tenant_verifies_with_its_nonce() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = id_token(&mock, json!({}));
    s.run(&verify_id(&mock, &["--nonce", "n-42", &token]))
        .code(0)
        .stdout_has("VALID  RS256 ID token from")
        .stdout_has(SUB);
    let run = s.run(&verify_id(&mock, &["--nonce", "n-42", "--json", &token]));
    run.code(0);
    let v = run.json();
    assert_eq!(v["valid"], true);
    assert_eq!(v["kind"], "id_token");
    assert_eq!(v["claims"]["sid"], "s-1");
    assert_eq!(v["unchecked"], json!([]));
}

#[test]
fn a_nonce_not_given_is_reported_as_unchecked() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = id_token(&mock, json!({}));
    s.run(&verify_id(&mock, &[&token]))
        .code(0)
        .stdout_has("NOTE  not checked: nonce");
}

#[test]
fn a_wrong_nonce_is_rejected_naming_the_rule() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = id_token(&mock, json!({}));
    s.run(&verify_id(&mock, &["--nonce", "other", &token]))
        .code(1)
        .stdout_has("INVALID  ID token: nonce \"n-42\" is not the nonce sent")
        .stdout_has("§3.1.3.7 step 11")
        .stdout_has("fix:");
    let run = s.run(&verify_id(&mock, &["--nonce", "other", "--json", &token]));
    run.code(1);
    assert_eq!(run.json()["error"], "invalid_token");
}

#[test]
fn an_access_token_given_as_id_token_points_to_plain_verify() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let access = mock.token(API, None);
    s.run(&verify_id(&mock, &[&access]))
        .code(1)
        .stdout_has("this is an access token, not an ID token")
        .stdout_has(API)
        .stdout_has("without --id-token");
    // And the access token verifies as one.
    s.run(&verify_args(&mock.url, &[&access])).code(0);
}

#[test]
fn another_clients_id_token_is_rejected() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = id_token(&mock, json!({"aud": "another-app"}));
    s.run(&verify_id(&mock, &["--nonce", "n-42", &token]))
        .code(1)
        .stdout_has("does not contain the client id \"ci\"")
        .stdout_has("step 3");
    let several = id_token(&mock, json!({"aud": [CLIENT, "another-app"]}));
    s.run(&verify_id(&mock, &["--nonce", "n-42", &several]))
        .code(1)
        .stdout_has("no \"azp\" claim")
        .stdout_has("step 4");
}

#[test]
fn max_age_refuses_an_old_login() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = id_token(&mock, json!({"auth_time": now() - 4000}));
    s.run(&verify_id(&mock, &["--max-age", "3600", &token]))
        .code(1)
        .stdout_has("more than max_age 3600s")
        .stdout_has("§3.1.2.1");
    s.run(&verify_id(&mock, &["--max-age", "7200", &token]))
        .code(0);
}

#[test]
fn at_hash_is_checked_against_the_access_token_given() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let access = mock.token(API, None);
    let token = id_token(
        &mock,
        json!({"at_hash": left_half_hash(Algorithm::RS256, &access)}),
    );
    s.run(&verify_id(&mock, &["--access-token", &access, &token]))
        .code(0);
    let other = mock.token(API, Some("read:messages"));
    s.run(&verify_id(&mock, &["--access-token", &other, &token]))
        .code(1)
        .stdout_has("at_hash")
        .stdout_has("§3.1.3.8");
    s.run(&verify_id(&mock, &[&token]))
        .code(0)
        .stdout_has("not checked: at_hash");
}

#[test]
fn an_expired_id_token_is_rejected() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = id_token(&mock, json!({"exp": now() - 10}));
    s.run(&verify_id(&mock, &[&token]))
        .code(1)
        .stdout_has("token expired")
        .stdout_has("step 9");
}

#[test]
fn flags_that_do_not_apply_are_refused() {
    let s = Sandbox::new();
    s.run(&[
        "verify",
        "--id-token",
        "--issuer",
        "https://t.example/",
        "x.y.z",
    ])
    .code(2)
    .stderr_has("--client-id");
    s.run(&[
        "verify",
        "--domain",
        "t.example",
        "--audience",
        API,
        "--client-id",
        CLIENT,
        "x.y.z",
    ])
    .code(2)
    .stderr_has("--client-id applies to --id-token");
    s.run(&[
        "verify",
        "--logout-token",
        "--domain",
        "t.example",
        "--client-id",
        CLIENT,
        "--nonce",
        "n",
        "x.y.z",
    ])
    .code(2)
    .stderr_has("never carries a nonce");
    s.run(&[
        "verify",
        "--id-token",
        "--domain",
        "t.example",
        "--client-id",
        CLIENT,
        "--audience",
        API,
        "x.y.z",
    ])
    .code(2)
    .stderr_has("--audience does not apply");
}

#[test]
fn a_malformed_token_is_refused_without_asking_the_tenant() {
    let s = Sandbox::new();
    // Nothing listens at this domain: a fetch would fail with exit 4.
    s.run(&[
        "verify",
        "--id-token",
        "--domain",
        "http://127.0.0.1:9/",
        "--client-id",
        CLIENT,
        "not-a-jwt",
    ])
    .code(1)
    .stdout_has("malformed token");
}

// Logout tokens.

fn logout_claims(iss: &str) -> Value {
    json!({
        "iss": iss, "aud": CLIENT, "iat": now(), "exp": now() + 120, "jti": "j-1",
        "sub": SUB, "sid": "s-1", "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
    })
}

fn sign_logout(key: &TestKey, typ: &str, claims: &Value) -> String {
    let mut header = Object::new();
    header.insert("typ".into(), json!(typ));
    key.key
        .sign_jwt(Algorithm::RS256, &header, claims.as_object().unwrap())
        .unwrap()
}

const ISS: &str = "https://tenant.example.com/";

fn verify_logout<'a>(key: &'a TestKey, token: &'a str) -> Vec<&'a str> {
    vec![
        "verify",
        "--logout-token",
        "--jwks",
        key.jwks(),
        "--issuer",
        ISS,
        "--client-id",
        CLIENT,
        token,
    ]
}

#[test]
fn a_logout_token_verifies() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let token = sign_logout(&key, "logout+jwt", &logout_claims(ISS));
    s.run(&verify_logout(&key, &token))
        .code(0)
        .stdout_has("VALID  RS256 logout token")
        .stdout_has("not checked: jti replay");
}

#[test]
fn a_logout_token_of_the_mock_tenant_verifies_with_its_keys() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let mut claims = logout_claims(&mock.url);
    for gone in ["scope", "azp", "gty", "permissions"] {
        claims[gone] = Value::Null;
    }
    let token = mint(&mock, claims);
    s.run(&[
        "verify",
        "--logout-token",
        "--domain",
        &mock.url,
        "--client-id",
        CLIENT,
        &token,
    ])
    .code(0)
    .stdout_has("VALID  RS256 logout token");
}

#[test]
fn a_logout_token_with_a_nonce_or_another_type_is_rejected() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let mut with_nonce = logout_claims(ISS);
    with_nonce["nonce"] = json!("n");
    let token = sign_logout(&key, "logout+jwt", &with_nonce);
    s.run(&verify_logout(&key, &token))
        .code(1)
        .stdout_has("\"nonce\" claim")
        .stdout_has("§2.6 step 7")
        .stdout_has("--id-token");
    let typed = sign_logout(&key, "at+jwt", &logout_claims(ISS));
    s.run(&verify_logout(&key, &typed))
        .code(1)
        .stdout_has("typ \"at+jwt\" is not logout+jwt");
    let mut no_events = logout_claims(ISS);
    no_events.as_object_mut().unwrap().remove("events");
    let token = sign_logout(&key, "logout+jwt", &no_events);
    let run = s.run(&{
        let mut a = verify_logout(&key, &token);
        a.insert(1, "--json");
        a
    });
    run.code(1);
    let v = run.json();
    assert_eq!(v["kind"], "logout_token");
    assert_eq!(v["error"], "invalid_token");
    assert!(
        v["error_description"]
            .as_str()
            .unwrap()
            .contains("no \"events\" claim")
    );
}

#[test]
fn an_id_token_given_as_logout_token_is_named() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let id = key.sign(json!({
        "iss": ISS, "aud": CLIENT, "iat": now(), "exp": now() + 60, "sub": SUB,
        "nonce": "n", "jti": "j",
    }));
    s.run(&verify_logout(&key, &id))
        .code(1)
        .stdout_has("an ID token? verify it with --id-token");
}
