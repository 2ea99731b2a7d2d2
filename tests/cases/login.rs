//! `login`, `logout` and `token --user` against the mock tenant: the
//! browser played by a plain HTTP client that submits the mock's login
//! form and follows the redirect to the loopback listener.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

use serde_json::{Value, json};

use crate::support::server::{Reply, Server};
use crate::support::{API, Mock, Run, Sandbox, http, verify_args};

const PUBLIC: &str = "cli";
const USER: &str = "user@example.com";
const PASSWORD: &str = "Passw0rd!";

fn mock(s: &Sandbox, extra: &[&str]) -> Mock {
    let mut args = vec!["--public-client", PUBLIC];
    args.extend_from_slice(extra);
    Mock::start(s, &args)
}

/// `auth0-tok login` (or any command) whose stderr is read until a line
/// starting with `marker`; `act` gets the rest of that line while the
/// command waits.
fn run_until(s: &Sandbox, args: &[&str], marker: &str, act: impl FnOnce(&str)) -> Run {
    let mut child = s
        .cmd(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
        if let Some(rest) = line.strip_prefix(marker) {
            act(rest.trim());
            break;
        }
    }
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: seen + &rest,
    }
}

const OPEN: &str = "Open this URL to log in: ";

fn login_args<'a>(m: &'a Mock, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "login",
        "--no-browser",
        "--domain",
        &m.url,
        "--client-id",
        PUBLIC,
        "--audience",
        API,
    ];
    args.extend_from_slice(extra);
    args
}

/// `token --user` for the public client.
fn user_token_args(m: &Mock) -> Vec<&str> {
    vec![
        "token",
        "--user",
        "--domain",
        &m.url,
        "--client-id",
        PUBLIC,
        "--audience",
        API,
    ]
}

/// A refresh-token grant sent straight to the tenant: (status, body).
fn refresh_grant(m: &Mock, refresh_token: &str) -> (u16, String) {
    http(
        "POST",
        &format!("{}oauth/token", m.url),
        &[("content-type", "application/x-www-form-urlencoded")],
        &format!("grant_type=refresh_token&client_id={PUBLIC}&refresh_token={refresh_token}"),
    )
}

/// The second client of a device login: the user enters `code` on the
/// activation page and chooses `action`; (status, page).
fn activate(m: &Mock, code: &str, action: &str) -> (u16, String) {
    http(
        "POST",
        &format!("{}activate", m.url),
        &[("content-type", "application/x-www-form-urlencoded")],
        &format!(
            "user_code={code}&username=user%40example.com&password=Passw0rd%21&action={action}"
        ),
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The browser: loads the authorize URL, submits the login form with
/// `action`, follows the redirect to the loopback listener; the final
/// status and page.
fn browse(url: &str, action: &str) -> (u16, String) {
    runtime().block_on(async {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let page = client.get(url).send().await.unwrap().text().await.unwrap();
        let tx = page
            .split("name=\"state\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("no login form: {page}"))
            .to_owned();
        let login = url::Url::parse(url).unwrap().join("/u/login").unwrap();
        let answer = client
            .post(login)
            .form(&[
                ("state", tx.as_str()),
                ("username", USER),
                ("password", PASSWORD),
                ("action", action),
            ])
            .send()
            .await
            .unwrap();
        (answer.status().as_u16(), answer.text().await.unwrap())
    })
}

fn query(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("{url} has no {name}"))
}

/// A whole browser login; its run.
fn login(s: &Sandbox, m: &Mock, extra: &[&str]) -> Run {
    run_until(s, &login_args(m, extra), OPEN, |url| {
        let (status, page) = browse(url, "accept");
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("you can close this tab"), "{page}");
    })
}

fn user_entries(s: &Sandbox) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(s.cache_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("user-")
        })
        .collect();
    found.sort();
    found
}

fn cached_refresh_token(s: &Sandbox) -> String {
    let entries = user_entries(s);
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry: Value = serde_json::from_slice(&std::fs::read(&entries[0]).unwrap()).unwrap();
    entry["response"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn token_posts(run: &Run) -> usize {
    run.stderr
        .lines()
        .filter(|l| l.contains("> POST") && l.contains("/oauth/token"))
        .count()
}

#[test]
fn a_browser_login_prints_an_access_token_verify_accepts() {
    let s = Sandbox::new();
    let m = mock(&s, &[]);
    let run = login(&s, &m, &[]);
    run.code(0);
    let token = run.stdout.trim();
    assert_eq!(run.stdout.lines().count(), 1, "the token alone on stdout");
    s.run(&verify_args(&m.url, &[token])).code(0);
    // The URL asked for PKCE S256, a state and a nonce, for 127.0.0.1.
    let url = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix(OPEN))
        .unwrap();
    assert_eq!(query(url, "code_challenge_method"), "S256");
    assert_eq!(query(url, "scope"), "openid profile offline_access");
    assert!(query(url, "redirect_uri").starts_with("http://127.0.0.1:"));
    assert!(query(url, "state").len() >= 43 && query(url, "nonce").len() >= 43);

    // The cache: 0600, the tokens it must keep and nothing else secret.
    let entries = user_entries(&s);
    assert_eq!(entries.len(), 1);
    let text = std::fs::read_to_string(&entries[0]).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&entries[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    for secret in [PASSWORD, crate::support::SECRET, &query(url, "state")] {
        assert!(!text.contains(secret), "the cache holds {secret:?}");
    }
    assert!(text.contains(token));

    // A second login reuses it without a request; --json shows the claims.
    let again = s.run(&[&["--json", "-v"][..], &login_args(&m, &[])].concat());
    again.code(0);
    assert_eq!(token_posts(&again), 0, "{}", again.stderr);
    let v = again.json();
    assert_eq!(v["cached"], true);
    assert_eq!(v["refresh_token"], true);
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["scope"], "openid profile offline_access");
    assert_eq!(v["access_token"]["azp"], PUBLIC);
    assert_eq!(v["id_token"]["aud"], PUBLIC);
    assert_eq!(v["id_token"]["nonce"], query(url, "nonce"));
    assert_eq!(v["id_token"]["email"], USER);
    assert!(v["expires_in"].as_u64().unwrap() > 3600);
    assert!(!again.stdout.contains(&cached_refresh_token(&s)));
}

#[test]
fn a_callback_with_another_state_is_answered_400_and_ignored() {
    let s = Sandbox::new();
    let m = mock(&s, &[]);
    let run = run_until(&s, &login_args(&m, &[]), OPEN, |url| {
        let callback = query(url, "redirect_uri");
        let (status, page) = http(
            "GET",
            &format!("{callback}?code=planted&state=not-the-login"),
            &[],
            "",
        );
        assert_eq!(status, 400, "{page}");
        let (status, _) = http("GET", &callback.replace("/callback", "/other"), &[], "");
        assert_eq!(status, 404);
        let (status, page) = browse(url, "accept");
        assert_eq!(status, 200, "{page}");
    });
    run.code(0);
    assert!(run.stdout.trim().starts_with("eyJ"));
}

#[test]
fn a_denied_login_exits_1_with_the_tenants_description() {
    let s = Sandbox::new();
    let m = mock(&s, &[]);
    let run = run_until(&s, &login_args(&m, &[]), OPEN, |url| {
        let (status, page) = browse(url, "deny");
        assert_eq!(status, 400);
        assert!(
            page.contains("User did not authorize the request"),
            "{page}"
        );
    });
    run.code(1)
        .stderr_has("access_denied: User did not authorize the request");
    assert!(run.stdout.is_empty());
}

#[test]
fn a_redirect_uri_the_application_does_not_allow_is_named_at_once() {
    let s = Sandbox::new();
    let m = mock(&s, &["--callback", "http://127.0.0.1/callback"]);
    let run = s.run(&login_args(&m, &["--redirect-host", "localhost"]));
    run.code(1)
        .stderr_has("Callback URL mismatch")
        .stderr_has("to the application's Allowed Callback URLs");
    assert!(
        run.stderr.contains("add http://localhost:"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(OPEN),
        "nobody is sent to a page that cannot come back"
    );
}

#[test]
fn an_expired_access_token_is_refreshed_silently_and_a_reused_refresh_token_is_explained() {
    let s = Sandbox::new();
    // 30 s: less than the minute a cached token must have left.
    let m = mock(&s, &["--token-lifetime", "30"]);
    let first = login(&s, &m, &[]);
    first.code(0);
    let old_entry = std::fs::read(&user_entries(&s)[0]).unwrap();
    let old_rt = cached_refresh_token(&s);
    let user = user_token_args(&m);
    let mut verbose = vec!["-v"];
    verbose.extend_from_slice(&user);
    let refreshed = s.run(&verbose);
    refreshed.code(0);
    assert_eq!(token_posts(&refreshed), 1, "{}", refreshed.stderr);
    let new_token = refreshed.stdout.trim();
    // (The same claims within one second sign to the same token: not compared.)
    assert!(new_token.starts_with("eyJ"), "{new_token}");
    s.run(&verify_args(&m.url, &[new_token])).code(0);
    let new_rt = cached_refresh_token(&s);
    assert_ne!(new_rt, old_rt, "rotated");

    // The old entry back: its refresh token was rotated away.
    std::fs::write(&user_entries(&s)[0], &old_entry).unwrap();
    let reused = s.run(&verbose);
    reused
        .code(1)
        .stderr_has("Unknown or invalid refresh token.")
        .stderr_has("reuse detection")
        .stderr_has("run `auth0-tok login` again");
    assert_eq!(token_posts(&reused), 1, "not retried: {}", reused.stderr);
    assert!(
        user_entries(&s).is_empty(),
        "the refused login is forgotten"
    );
    // Auth0 revoked the whole family: the newest refresh token too.
    let (status, body) = refresh_grant(&m, &new_rt);
    assert_eq!(status, 403, "{body}");
    s.run(&user)
        .code(2)
        .stderr_has("run `auth0-tok login` first");
}

#[test]
fn logout_forgets_the_login_and_revokes_its_refresh_token() {
    let s = Sandbox::new();
    let m = mock(&s, &[]);
    login(&s, &m, &[]).code(0);
    let rt = cached_refresh_token(&s);
    let run = s.run(&[
        "--json",
        "logout",
        "--domain",
        &m.url,
        "--client-id",
        PUBLIC,
    ]);
    run.code(0);
    assert_eq!(run.json(), json!({"removed": 1, "revoked": 1}));
    assert!(user_entries(&s).is_empty());
    let (status, body) = refresh_grant(&m, &rt);
    assert_eq!(status, 403, "revoked: {body}");
    s.run(&user_token_args(&m)).code(2);
    // --no-revoke: forgotten here only.
    login(&s, &m, &[]).code(0);
    let rt = cached_refresh_token(&s);
    s.run(&[
        "logout",
        "--no-revoke",
        "--domain",
        &m.url,
        "--client-id",
        PUBLIC,
    ])
    .code(0)
    .stderr_has("1 cached login(s) forgotten, 0 refresh token(s) revoked");
    let (status, body) = refresh_grant(&m, &rt);
    assert_eq!(status, 200, "still valid: {body}");
}

#[test]
fn a_device_login_approved_on_a_second_client() {
    let s = Sandbox::new();
    let m = mock(&s, &["--device-interval", "1"]);
    let args = login_args(&m, &["--device"]);
    let run = run_until(&s, &args, "To log in, open ", |rest| {
        let code = rest.rsplit(' ').next().unwrap().to_owned();
        assert_eq!(code.len(), 9, "{rest}");
        let (status, page) = activate(&m, &code, "accept");
        assert_eq!(status, 200);
        assert!(page.contains("Your device is now connected"), "{page}");
    });
    run.code(0);
    s.run(&verify_args(&m.url, &[run.stdout.trim()])).code(0);
}

#[test]
fn a_device_login_denied_exits_1() {
    let s = Sandbox::new();
    let m = mock(&s, &["--device-interval", "1"]);
    let args = login_args(&m, &["--device"]);
    let run = run_until(&s, &args, "To log in, open ", |rest| {
        let code = rest.rsplit(' ').next().unwrap().to_owned();
        activate(&m, &code, "deny");
    });
    run.code(1).stderr_has("access_denied");
}

/// slow_down (HTTP 429, as Auth0 sends it) is not retried as an overload:
/// the next poll comes 5 s later.
#[test]
fn slow_down_makes_the_device_poll_5_seconds_less_often() {
    let s = Sandbox::new();
    let polls = std::sync::Arc::new(std::sync::Mutex::new(0));
    let counter = polls.clone();
    let key = auth0_tok::keys::SigningKey::generate_rsa()
        .unwrap()
        .with_kid("k1");
    let jwks = json!({"keys": [Value::Object(key.public_jwk())]}).to_string();
    let server = Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::json(
            200,
            &json!({"issuer": base, "jwks_uri": format!("{base}jwks"),
                    "token_endpoint": format!("{base}oauth/token"),
                    "device_authorization_endpoint": format!("{base}oauth/device/code")})
            .to_string(),
        ),
        "/jwks" => Reply::json(200, &jwks),
        "/oauth/device/code" => Reply::json(
            200,
            &json!({"device_code": "dc", "user_code": "BCDF-GHJK",
                    "verification_uri": format!("{base}activate"), "expires_in": 60, "interval": 1})
            .to_string(),
        ),
        "/oauth/token" => {
            let mut n = counter.lock().unwrap();
            *n += 1;
            if *n == 1 {
                Reply::json(
                    429,
                    r#"{"error":"slow_down","error_description":"You are polling faster than the specified interval of 1 seconds."}"#,
                )
            } else {
                Reply::json(
                    200,
                    r#"{"access_token":"opaque-at","token_type":"Bearer","expires_in":600,"scope":"read"}"#,
                )
            }
        }
        _ => Reply::json(404, "{}"),
    });
    let run = s.run(&[
        "-v",
        "login",
        "--device",
        "--no-cache",
        "--scope",
        "read",
        "--domain",
        &server.url,
        "--client-id",
        PUBLIC,
        "--audience",
        API,
    ]);
    run.code(0).stderr_has("slow_down: polling every 6s");
    assert_eq!(run.stdout.trim(), "opaque-at");
    assert_eq!(
        *polls.lock().unwrap(),
        2,
        "one slow_down, one more poll: no retry"
    );
}

#[test]
fn a_dpop_login_gets_a_token_bound_to_the_key() {
    let s = Sandbox::new();
    let m = mock(&s, &[]);
    s.run(&["dpop", "keygen", "--out", "dpop.pem"]).code(0);
    let jkt = s.run(&["dpop", "thumbprint", "dpop.pem"]);
    jkt.code(0);
    let run = login(
        &s,
        &m,
        &["--dpop", "--key", "dpop.pem", "--format", "header"],
    );
    run.code(0);
    let header = run.stdout.trim();
    let token = header
        .strip_prefix("Authorization: DPoP ")
        .unwrap_or_else(|| panic!("{header}"));
    let decoded = s.run(&["--json", "decode", token]);
    decoded.code(0);
    assert_eq!(
        decoded.json()["claims"]["cnf"]["jkt"].as_str(),
        Some(jkt.stdout.trim())
    );
}
