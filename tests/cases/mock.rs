use serde_json::Value;

use crate::support::{API, CLIENT, Mock, SECRET, Sandbox, http};

#[test]
fn mock_serve_prints_its_base_url_and_a_complete_discovery_document() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let (status, body) = http(
        "GET",
        &format!("{}.well-known/openid-configuration", mock.url),
        &[],
        "",
    );
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&body).unwrap();
    // Every member OpenID Connect Discovery 1.0 §3 requires.
    for member in [
        "issuer",
        "authorization_endpoint",
        "token_endpoint",
        "jwks_uri",
        "response_types_supported",
        "subject_types_supported",
        "id_token_signing_alg_values_supported",
    ] {
        assert!(doc.get(member).is_some(), "missing {member}");
    }
    assert_eq!(doc["issuer"], mock.url.as_str());
}

#[test]
fn tokens_are_shaped_like_auth0_client_credentials_tokens() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, Some("read:messages"));
    let run = s.run(&["decode", "--json", &token]);
    let claims = &run.json()["claims"];
    assert_eq!(claims["iss"], mock.url.as_str());
    assert_eq!(claims["sub"], format!("{CLIENT}@clients"));
    assert_eq!(claims["aud"], API);
    assert_eq!(claims["gty"], "client-credentials");
    assert_eq!(claims["azp"], CLIENT);
    assert_eq!(claims["scope"], "read:messages");
    assert!(claims["exp"].as_i64().unwrap() > claims["iat"].as_i64().unwrap());
}

#[test]
fn basic_auth_and_json_bodies_are_accepted() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT}:{SECRET}"));
    let auth = format!("Basic {basic}");
    let (status, _) = http(
        "POST",
        &format!("{}oauth/token", mock.url),
        &[
            ("authorization", &auth),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        &format!(
            "grant_type=client_credentials&audience={}",
            crate::support::urlencode(API)
        ),
    );
    assert_eq!(status, 200);
    let body = serde_json::json!({"grant_type": "client_credentials", "client_id": CLIENT, "client_secret": SECRET, "audience": API}).to_string();
    let (status, _) = http(
        "POST",
        &format!("{}oauth/token", mock.url),
        &[("content-type", "application/json")],
        &body,
    );
    assert_eq!(status, 200);
}

#[test]
fn errors_are_auth0_shaped() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let url = format!("{}oauth/token", mock.url);
    let form = |secret: &str, audience: &str| {
        format!(
            "grant_type=client_credentials&client_id={CLIENT}&client_secret={secret}&audience={}",
            crate::support::urlencode(audience)
        )
    };
    let ct = [("content-type", "application/x-www-form-urlencoded")];
    let (status, body) = http("POST", &url, &ct, &form("wrong", API));
    assert_eq!(status, 401);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["error"],
        "access_denied"
    );
    let (status, body) = http("POST", &url, &ct, &form(SECRET, "https://unknown"));
    assert_eq!(status, 403);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error_description"], "Service not found: https://unknown");
    let (status, body) = http(
        "POST",
        &url,
        &ct,
        &format!("grant_type=password&client_id={CLIENT}&client_secret={SECRET}"),
    );
    assert_eq!(status, 403);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["error"],
        "unsupported_grant_type"
    );
}

#[test]
fn print_env_gives_dotenv_lines() {
    let s = Sandbox::new();
    let mut child = s
        .cmd(&["mock", "serve", "--print-env", "--client", "a:b"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    // The base URL is a comment, so the output is a .env auth0-tok reads.
    let comment = lines.next().unwrap().unwrap();
    let url = comment.strip_prefix("# auth0-tok mock tenant ").unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{comment}");
    let env: Vec<String> = (0..4).map(|_| lines.next().unwrap().unwrap()).collect();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(env[0], format!("AUTH0_DOMAIN={url}"));
    assert_eq!(env[2], "AUTH0_CLIENT_ID=a");
    assert_eq!(env[3], "AUTH0_CLIENT_SECRET=b");
}

#[cfg(unix)]
#[test]
fn mock_serve_stops_cleanly_on_sigterm() {
    let s = Sandbox::new();
    let mut child = s
        .cmd(&["mock", "serve"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}
