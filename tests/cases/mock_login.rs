//! The mock tenant logs users in: `mock serve` (the real binary) on
//! 127.0.0.1 with reqwest as the browser (redirects not followed) — the
//! login page and `/u/login`, the code exchange with PKCE, refresh token
//! rotation, revocation, `/userinfo`, the device flow, and `mock logout`
//! against a per-test application.

use std::time::Duration;

use aws_lc_rs::digest;
use base64::Engine as _;
use serde_json::{Value, json};

use crate::support::server::{Reply, Server};
use crate::support::{API, CLIENT, Mock, SECRET, Sandbox, proof_args, verify_args};

const APP: &str = "cli-app";
const ALICE: &str = "alice@example.com";
const ALICE_PASSWORD: &str = "correct horse";
const CALLBACK: &str = "http://127.0.0.1:53682/callback";
/// RFC 7636 appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The S256 challenge of a verifier, computed here (not by the product).
fn challenge(verifier: &str) -> String {
    b64(digest::digest(&digest::SHA256, verifier.as_bytes()).as_ref())
}

/// A JWT's (header, claims), decoded here.
fn jwt_parts(token: &str) -> (Value, Value) {
    let mut parts = token.split('.');
    let mut decode = || -> Value {
        let part = parts.next().expect("a JWT part");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    };
    let header = decode();
    (header, decode())
}

/// The tenant every test here logs into: the confidential client `ci`,
/// the public client `cli-app`, and alice with two permissions and a role.
fn tenant(s: &Sandbox, extra: &[&str]) -> Mock {
    let user = format!("{ALICE}:{ALICE_PASSWORD}");
    let read = format!("{ALICE}=read:messages");
    let write = format!("{ALICE}=write:messages");
    let role = format!("{ALICE}=admin");
    let mut args = vec![
        "--public-client",
        APP,
        "--user",
        &user,
        "--permission",
        &read,
        "--permission",
        &write,
        "--role",
        &role,
    ];
    args.extend_from_slice(extra);
    Mock::start(s, &args)
}

/// An answer as a browser sees it.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Location` of a redirect, as (url without query, query pairs).
    fn location(&self) -> (String, Vec<(String, String)>) {
        assert_eq!(self.status, 302, "not a redirect: {}", self.body);
        let location = url::Url::parse(self.header("location").unwrap()).unwrap();
        let pairs = location.query_pairs().into_owned().collect();
        let mut bare = location.clone();
        bare.set_query(None);
        (bare.to_string(), pairs)
    }

    fn query(&self, name: &str) -> Option<String> {
        self.location()
            .1
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The login form's hidden transaction id.
    fn transaction(&self) -> String {
        let marker = "name=\"state\" value=\"";
        let start = self.body.find(marker).expect("a login form") + marker.len();
        let end = start + self.body[start..].find('"').unwrap();
        self.body[start..end].to_owned()
    }

    #[track_caller]
    fn oauth_error(&self, status: u16, error: &str, description: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        let body = self.json();
        assert_eq!(body["error"], error, "{body}");
        assert_eq!(body["error_description"], description, "{body}");
    }
}

/// A browser: no redirects followed, the tenant's session cookie kept.
struct Browser {
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
    cookie: Option<String>,
}

impl Browser {
    fn new() -> Self {
        Browser {
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookie: None,
        }
    }

    fn send(&mut self, mut request: reqwest::RequestBuilder) -> Answer {
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let answer = self.runtime.block_on(async {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.text().await.unwrap();
            Answer {
                status,
                headers,
                body,
            }
        });
        if let Some(set) = answer.header("set-cookie") {
            self.cookie = set.split(';').next().map(str::to_owned);
        }
        answer
    }

    fn get(&mut self, url: &str) -> Answer {
        let request = self.client.get(url);
        self.send(request)
    }

    fn post(&mut self, url: &str, form: &[(&str, &str)]) -> Answer {
        let request = self.client.post(url).form(form);
        self.send(request)
    }

    fn post_with(&mut self, url: &str, form: &[(&str, &str)], bearer: &str) -> Answer {
        let request = self.client.post(url).form(form).bearer_auth(bearer);
        self.send(request)
    }
}

/// `/authorize` for the public client with PKCE S256, and `extra` parameters.
fn authorize_url(mock: &Mock, extra: &[(&str, &str)]) -> String {
    let challenge = challenge(VERIFIER);
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", APP),
        ("redirect_uri", CALLBACK),
        ("scope", "openid profile offline_access read:messages"),
        ("state", "st-123"),
        ("nonce", "n-0S6_WzA2Mj"),
        ("audience", API),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    for (k, v) in extra {
        params.retain(|(name, _)| name != k);
        params.push((k, v));
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    format!("{}authorize?{query}", mock.url)
}

/// Logs alice in through the form: the code redirect.
fn log_in(browser: &mut Browser, mock: &Mock, extra: &[(&str, &str)]) -> Answer {
    let page = browser.get(&authorize_url(mock, extra));
    assert_eq!(page.status, 200, "{}", page.body);
    let tx = page.transaction();
    browser.post(
        &format!("{}u/login", mock.url),
        &[
            ("state", &tx),
            ("username", ALICE),
            ("password", ALICE_PASSWORD),
            ("action", "accept"),
        ],
    )
}

/// A form posted to the tenant's token endpoint.
fn token_post(browser: &mut Browser, mock: &Mock, form: &[(&str, &str)]) -> Answer {
    browser.post(&format!("{}oauth/token", mock.url), form)
}

fn exchange(browser: &mut Browser, mock: &Mock, code: &str, verifier: &str) -> Answer {
    token_post(
        browser,
        mock,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", APP),
            ("code", code),
            ("redirect_uri", CALLBACK),
            ("code_verifier", verifier),
        ],
    )
}

/// Logs in and exchanges the code: the token answer.
fn tokens(browser: &mut Browser, mock: &Mock) -> Value {
    let code = log_in(browser, mock, &[]).query("code").unwrap();
    let answer = exchange(browser, mock, &code, VERIFIER);
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

fn refresh(browser: &mut Browser, mock: &Mock, token: &str) -> Answer {
    refresh_with(browser, mock, token, &[])
}

/// A refresh-token grant for the public client, with `extra` fields.
fn refresh_with(browser: &mut Browser, mock: &Mock, token: &str, extra: &[(&str, &str)]) -> Answer {
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("client_id", APP),
        ("refresh_token", token),
    ];
    form.extend_from_slice(extra);
    token_post(browser, mock, &form)
}

#[test]
fn code_with_pkce_gives_tokens_that_verify_for_the_api_with_permissions() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let page = browser.get(&authorize_url(&mock, &[]));
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(
        page.header("content-security-policy"),
        // The form posts here; the answer redirects to the application,
        // whose origin browsers check against form-action too.
        Some(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:53682"
        )
    );
    for field in [
        r#"<form method="post" action="/u/login">"#,
        r#"<input name="username" type="email""#,
        r#"<input name="password" type="password""#,
        r#"<button type="submit" name="action" value="accept">Continue</button>"#,
        r#"<button type="submit" name="action" value="deny">Cancel</button>"#,
    ] {
        assert!(page.body.contains(field), "{field} not in {}", page.body);
    }
    let tx = page.transaction();
    assert_ne!(
        tx, "st-123",
        "the form carries a transaction, not the client's state"
    );
    let redirect = browser.post(
        &format!("{}u/login", mock.url),
        &[
            ("state", &tx),
            ("username", ALICE),
            ("password", ALICE_PASSWORD),
            ("action", "accept"),
        ],
    );
    let (back, _) = redirect.location();
    assert_eq!(back, CALLBACK);
    assert_eq!(redirect.query("state").as_deref(), Some("st-123"));
    let cookie = redirect.header("set-cookie").unwrap();
    assert!(cookie.starts_with("auth0_mock_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let code = redirect.query("code").unwrap();
    let answer = exchange(&mut browser, &mock, &code, VERIFIER);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    let body = answer.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "openid profile offline_access read:messages");
    assert!(
        body["refresh_token"]
            .as_str()
            .is_some_and(|t| t.len() >= 20)
    );
    let access = body["access_token"].as_str().unwrap();

    let (_, claims) = jwt_parts(access);
    assert_eq!(claims["aud"], json!([API, format!("{}userinfo", mock.url)]));
    assert_eq!(claims["azp"], APP);
    assert_eq!(
        claims["permissions"],
        json!(["read:messages", "write:messages"])
    );
    assert_eq!(claims["https://auth0-tok/roles"], json!(["admin"]));
    let sub = claims["sub"].as_str().unwrap();
    assert!(sub.starts_with("auth0|") && sub.len() == 30, "{sub}");

    let verify = |extra: &[&str]| {
        s.run(
            &[
                &["verify", "--domain", &mock.url, "--audience", API],
                extra,
                &[access],
            ]
            .concat(),
        )
    };
    verify(&["--scope", "read:messages"])
        .code(0)
        .stdout_has("VALID");
    // write:messages was not asked for as a scope, but alice holds the permission.
    verify(&["--scope", "write:messages"]).code(3);
    verify(&["--scope", "write:messages", "--permissions"]).code(0);
}

#[test]
fn the_id_token_carries_nonce_at_hash_auth_time_and_sid() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let before = crate::support::now();
    let body = tokens(&mut browser, &mock);
    let access = body["access_token"].as_str().unwrap();
    let (header, id) = jwt_parts(body["id_token"].as_str().unwrap());
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["typ"], "JWT");
    assert!(header["kid"].as_str().is_some_and(|k| !k.is_empty()));
    assert_eq!(id["iss"], mock.url);
    assert_eq!(id["aud"], APP);
    assert_eq!(id["nonce"], "n-0S6_WzA2Mj");
    assert_eq!(id["email"], ALICE);
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["nickname"], "alice");
    let (_, at) = jwt_parts(access);
    assert_eq!(id["sub"], at["sub"]);
    // OpenID Connect Core §3.1.3.8, computed here.
    let hash = digest::digest(&digest::SHA256, access.as_bytes());
    assert_eq!(id["at_hash"], b64(&hash.as_ref()[..16]));
    let (iat, auth_time) = (
        id["iat"].as_i64().unwrap(),
        id["auth_time"].as_i64().unwrap(),
    );
    assert!(auth_time >= before - 1 && auth_time <= iat, "{id}");
    assert_eq!(id["exp"].as_i64().unwrap(), iat + 36_000);
    assert!(id["sid"].as_str().is_some_and(|s| s.len() >= 16), "{id}");
    // The ID token verifies against the tenant's keys for the client as audience.
    s.run(&[
        "verify",
        "--domain",
        &mock.url,
        "--audience",
        APP,
        body["id_token"].as_str().unwrap(),
    ])
    .code(0);
}

#[test]
fn a_wrong_password_shows_the_form_again_and_the_right_one_then_works() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let page = browser.get(&authorize_url(&mock, &[]));
    let tx = page.transaction();
    let login = format!("{}u/login", mock.url);
    let wrong = browser.post(
        &login,
        &[
            ("state", &tx),
            ("username", ALICE),
            ("password", "nope"),
            ("action", "accept"),
        ],
    );
    assert_eq!(wrong.status, 200);
    assert!(wrong.header("location").is_none());
    assert!(
        wrong.body.contains("Wrong email or password."),
        "{}",
        wrong.body
    );
    assert!(wrong.header("set-cookie").is_none());
    let right = browser.post(
        &login,
        &[
            ("state", &wrong.transaction()),
            ("username", ALICE),
            ("password", ALICE_PASSWORD),
            ("action", "accept"),
        ],
    );
    assert!(right.query("code").is_some());
    // The transaction is used up.
    let again = browser.post(
        &login,
        &[
            ("state", &tx),
            ("username", ALICE),
            ("password", ALICE_PASSWORD),
            ("action", "accept"),
        ],
    );
    assert_eq!(again.status, 400);
}

#[test]
fn cancel_redirects_with_access_denied() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let tx = browser.get(&authorize_url(&mock, &[])).transaction();
    let cancel = browser.post(
        &format!("{}u/login", mock.url),
        &[("state", &tx), ("action", "deny")],
    );
    assert_eq!(cancel.query("error").as_deref(), Some("access_denied"));
    assert_eq!(
        cancel.query("error_description").as_deref(),
        Some("User did not authorize the request")
    );
    assert_eq!(cancel.query("state").as_deref(), Some("st-123"));
    assert!(cancel.query("code").is_none());
}

#[test]
fn a_callback_not_allowed_is_a_400_page_naming_the_url_never_a_redirect() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let evil = "https://evil.example.com/callback";
    let page = browser.get(&authorize_url(&mock, &[("redirect_uri", evil)]));
    assert_eq!(page.status, 400);
    assert!(page.header("location").is_none());
    assert!(page.body.contains(
        "Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs."
    ));
    assert!(page.body.contains(evil), "{}", page.body);
    // Loopback callbacks match with any port (RFC 8252 §7.3), not another path.
    let other_port = browser.get(&authorize_url(
        &mock,
        &[("redirect_uri", "http://127.0.0.1:1/callback")],
    ));
    assert_eq!(other_port.status, 200);
    let other_path = browser.get(&authorize_url(
        &mock,
        &[("redirect_uri", "http://127.0.0.1:1/cb")],
    ));
    assert_eq!(other_path.status, 400);
    // --callback replaces the defaults.
    let custom = tenant(&s, &["--callback", "https://app.example.com/cb"]);
    let allowed = browser.get(&authorize_url(
        &custom,
        &[("redirect_uri", "https://app.example.com/cb")],
    ));
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    assert_eq!(browser.get(&authorize_url(&custom, &[])).status, 400);
}

#[test]
fn an_unknown_client_is_a_400_page() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let page = browser.get(&authorize_url(&mock, &[("client_id", "nobody")]));
    assert_eq!(page.status, 400);
    assert!(page.header("location").is_none());
    assert!(
        page.body.contains("Unknown client: nobody"),
        "{}",
        page.body
    );
}

#[test]
fn pkce_is_required_of_a_public_client_and_its_verifier_checked() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let no_pkce = browser.get(&authorize_url(&mock, &[("code_challenge", "")]));
    assert_eq!(no_pkce.query("error").as_deref(), Some("invalid_request"));
    assert_eq!(no_pkce.query("state").as_deref(), Some("st-123"));
    let bad_method = browser.get(&authorize_url(&mock, &[("code_challenge_method", "S512")]));
    assert_eq!(
        bad_method.query("error").as_deref(),
        Some("invalid_request")
    );

    let code = log_in(&mut browser, &mock, &[]).query("code").unwrap();
    let wrong = "x".repeat(43);
    exchange(&mut browser, &mock, &code, &wrong).oauth_error(
        403,
        "invalid_grant",
        "Failed to verify code verifier",
    );
    // One attempt uses the code up.
    exchange(&mut browser, &mock, &code, VERIFIER).oauth_error(
        403,
        "invalid_grant",
        "Invalid authorization code",
    );
    // A redirect_uri other than the code's (a new login: no session cookie).
    browser.cookie = None;
    let code = log_in(&mut browser, &mock, &[]).query("code").unwrap();
    let other = token_post(
        &mut browser,
        &mock,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", APP),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:9/callback"),
            ("code_verifier", VERIFIER),
        ],
    );
    other.oauth_error(403, "invalid_grant", "Invalid redirect_uri");
}

#[test]
fn a_code_is_single_use_bound_to_its_client_and_its_replay_revokes_the_refresh_token() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let code = log_in(&mut browser, &mock, &[]).query("code").unwrap();
    // Another client (authenticated) cannot redeem it.
    let stolen = token_post(
        &mut browser,
        &mock,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", &code),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    );
    stolen.oauth_error(403, "invalid_grant", "Invalid authorization code");
    let first = exchange(&mut browser, &mock, &code, VERIFIER);
    assert_eq!(first.status, 200, "{}", first.body);
    let refresh_token = first.json()["refresh_token"].as_str().unwrap().to_owned();
    exchange(&mut browser, &mock, &code, VERIFIER).oauth_error(
        403,
        "invalid_grant",
        "Invalid authorization code",
    );
    refresh(&mut browser, &mock, &refresh_token).oauth_error(
        403,
        "invalid_grant",
        "Unknown or invalid refresh token.",
    );
    exchange(&mut browser, &mock, "never-issued", VERIFIER).oauth_error(
        403,
        "invalid_grant",
        "Invalid authorization code",
    );
}

#[test]
fn a_confidential_client_authenticates_and_may_skip_pkce() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let code = log_in(
        &mut browser,
        &mock,
        &[
            ("client_id", CLIENT),
            ("code_challenge", ""),
            ("code_challenge_method", ""),
        ],
    );
    let code = code.query("code").unwrap();
    let form = |secret: &'static str| {
        vec![
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("client_secret", secret),
            ("code", code.as_str()),
            ("redirect_uri", CALLBACK),
        ]
    };
    let wrong = token_post(&mut browser, &mock, &form("wrong"));
    wrong.oauth_error(401, "access_denied", "Unauthorized");
    let ok = token_post(&mut browser, &mock, &form(SECRET));
    assert_eq!(ok.status, 200, "{}", ok.body);
    // A public client cannot use client credentials.
    let cc = token_post(
        &mut browser,
        &mock,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", APP),
            ("audience", API),
        ],
    );
    assert_eq!(cc.status, 403, "{}", cc.body);
}

#[test]
fn prompt_none_needs_a_session_and_uses_it() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let silent = browser.get(&authorize_url(&mock, &[("prompt", "none")]));
    assert_eq!(silent.query("error").as_deref(), Some("login_required"));
    assert_eq!(
        silent.query("error_description").as_deref(),
        Some("Login required")
    );
    assert_eq!(silent.query("state").as_deref(), Some("st-123"));
    let first = log_in(&mut browser, &mock, &[]);
    let first_code = first.query("code").unwrap();
    let first_id = exchange(&mut browser, &mock, &first_code, VERIFIER).json();
    // The session cookie is now sent: a code at once.
    let silent = browser.get(&authorize_url(
        &mock,
        &[("prompt", "none"), ("nonce", "second")],
    ));
    let code = silent.query("code").expect("a code from the session");
    let second = exchange(&mut browser, &mock, &code, VERIFIER).json();
    let (_, a) = jwt_parts(first_id["id_token"].as_str().unwrap());
    let (_, b) = jwt_parts(second["id_token"].as_str().unwrap());
    assert_eq!(a["sid"], b["sid"], "one session");
    assert_eq!(a["auth_time"], b["auth_time"]);
    assert_eq!(b["nonce"], "second");
    // prompt=login shows the form even with a session.
    let forced = browser.get(&authorize_url(&mock, &[("prompt", "login")]));
    assert_eq!(forced.status, 200);
    assert!(forced.body.contains("action=\"/u/login\""));
    // Without the cookie there is no session.
    browser.cookie = None;
    let silent = browser.get(&authorize_url(&mock, &[("prompt", "none")]));
    assert_eq!(silent.query("error").as_deref(), Some("login_required"));
}

#[test]
fn auto_login_redirects_straight_back_with_a_code_for_the_first_user() {
    let s = Sandbox::new();
    let mock = tenant(&s, &["--auto-login"]);
    let mut browser = Browser::new();
    let back = browser.get(&authorize_url(&mock, &[]));
    let code = back.query("code").expect("no form with --auto-login");
    assert_eq!(back.query("state").as_deref(), Some("st-123"));
    let body = exchange(&mut browser, &mock, &code, VERIFIER).json();
    let (_, id) = jwt_parts(body["id_token"].as_str().unwrap());
    assert_eq!(id["email"], ALICE);
}

#[test]
fn hostile_state_and_login_hint_are_escaped_in_the_pages() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let hostile = "\"><script>alert(1)</script>";
    let page = browser.get(&authorize_url(
        &mock,
        &[("state", hostile), ("login_hint", hostile)],
    ));
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>"), "{}", page.body);
    assert!(
        page.body
            .contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        page.body
    );
    // The client's state comes back intact in the redirect, as data.
    let tx = page.transaction();
    let deny = browser.post(
        &format!("{}u/login", mock.url),
        &[("state", &tx), ("action", "deny")],
    );
    assert_eq!(deny.query("state").as_deref(), Some(hostile));
    // The mismatch page echoes the URL escaped.
    let evil = format!("https://evil.example.com/{hostile}");
    let page = browser.get(&authorize_url(&mock, &[("redirect_uri", &evil)]));
    assert_eq!(page.status, 400);
    assert!(!page.body.contains("<script>"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;"), "{}", page.body);
    // The device page echoes the user code escaped.
    let page = browser.get(&format!(
        "{}activate?user_code={}",
        mock.url,
        crate::support::urlencode(hostile)
    ));
    assert!(!page.body.contains("<script>"), "{}", page.body);
}

#[test]
fn refresh_tokens_rotate_and_a_reused_one_revokes_the_family() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let first = tokens(&mut browser, &mock);
    let rt1 = first["refresh_token"].as_str().unwrap().to_owned();
    let rotated = refresh(&mut browser, &mock, &rt1);
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let rotated = rotated.json();
    let rt2 = rotated["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rt1, rt2, "rotation gives a new refresh token");
    let (_, id) = jwt_parts(rotated["id_token"].as_str().unwrap());
    assert!(id.get("nonce").is_none(), "no nonce after a refresh: {id}");
    assert_eq!(id["aud"], APP);
    s.run(&verify_args(
        &mock.url,
        &[rotated["access_token"].as_str().unwrap()],
    ))
    .code(0);
    // rt1 reused: refused, and the family with it.
    refresh(&mut browser, &mock, &rt1).oauth_error(
        403,
        "invalid_grant",
        "Unknown or invalid refresh token.",
    );
    refresh(&mut browser, &mock, &rt2).oauth_error(
        403,
        "invalid_grant",
        "Unknown or invalid refresh token.",
    );
}

#[test]
fn a_refresh_may_narrow_the_scope_but_not_widen_it() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let rt = tokens(&mut browser, &mock)["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let wider = refresh_with(
        &mut browser,
        &mock,
        &rt,
        &[("scope", "openid write:messages")],
    );
    assert_eq!(wider.status, 403, "{}", wider.body);
    let narrower = refresh_with(&mut browser, &mock, &rt, &[("scope", "read:messages")]);
    assert_eq!(narrower.status, 200, "{}", narrower.body);
    let body = narrower.json();
    assert_eq!(body["scope"], "read:messages");
    assert!(body.get("id_token").is_none());
}

#[test]
fn revoke_ends_the_refresh_token_family_and_unknown_tokens_are_no_error() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let rt = tokens(&mut browser, &mock)["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let revoke = format!("{}oauth/revoke", mock.url);
    let answer = browser.post(&revoke, &[("token", &rt), ("client_id", APP)]);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, "");
    refresh(&mut browser, &mock, &rt).oauth_error(
        403,
        "invalid_grant",
        "Unknown or invalid refresh token.",
    );
    let unknown = browser.post(&revoke, &[("token", "never-issued"), ("client_id", APP)]);
    assert_eq!(unknown.status, 200);
    let unauthenticated = browser.post(&revoke, &[("token", "x"), ("client_id", CLIENT)]);
    assert_eq!(unauthenticated.status, 401);
}

#[test]
fn userinfo_answers_for_a_user_token_and_401_otherwise() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let body = tokens(&mut browser, &mock);
    let access = body["access_token"].as_str().unwrap();
    let userinfo = format!("{}userinfo", mock.url);
    let answer = browser.send(browser.client.get(&userinfo).bearer_auth(access));
    assert_eq!(answer.status, 200, "{}", answer.body);
    let profile = answer.json();
    assert_eq!(profile["email"], ALICE);
    assert_eq!(profile["email_verified"], true);
    assert_eq!(profile["sub"], jwt_parts(access).1["sub"]);
    let posted = browser.post_with(&userinfo, &[], access);
    assert_eq!(posted.status, 200);
    for bearer in [
        None,
        Some("not-a-token".to_owned()),
        Some(mock.token(API, None)),
    ] {
        let request = browser.client.get(&userinfo);
        let request = match &bearer {
            Some(t) => request.bearer_auth(t),
            None => request,
        };
        let answer = browser.send(request);
        assert_eq!(answer.status, 401, "{bearer:?}");
        assert!(
            answer
                .header("www-authenticate")
                .is_some_and(|h| h.starts_with("Bearer error=\"invalid_token\"")),
            "{:?}",
            answer.headers
        );
    }
}

/// Starts a device authorization: the answer's JSON.
fn device_code(browser: &mut Browser, mock: &Mock) -> Value {
    let answer = browser.post(
        &format!("{}oauth/device/code", mock.url),
        &[
            ("client_id", APP),
            ("scope", "openid offline_access read:messages"),
            ("audience", API),
        ],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

/// Alice approves `user_code` on the activation page with `password`.
fn activate(phone: &mut Browser, mock: &Mock, user_code: &str, password: &str) -> Answer {
    phone.post(
        &format!("{}activate", mock.url),
        &[
            ("user_code", user_code),
            ("username", ALICE),
            ("password", password),
            ("action", "accept"),
        ],
    )
}

fn poll(browser: &mut Browser, mock: &Mock, device_code: &str) -> Answer {
    token_post(
        browser,
        mock,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", APP),
            ("device_code", device_code),
        ],
    )
}

#[test]
fn device_polling_too_fast_is_slow_down_and_the_interval_grows() {
    let s = Sandbox::new();
    let mock = tenant(&s, &["--device-interval", "2"]);
    let mut device = Browser::new();
    let start = device_code(&mut device, &mock);
    assert_eq!(start["interval"], 2);
    assert_eq!(start["expires_in"], 900);
    let user_code = start["user_code"].as_str().unwrap();
    assert_eq!(user_code.len(), 9);
    assert!(
        user_code.chars().enumerate().all(|(i, c)| if i == 4 {
            c == '-'
        } else {
            "BCDFGHJKLMNPQRSTVWXZ".contains(c)
        }),
        "{user_code}"
    );
    assert_eq!(start["verification_uri"], format!("{}activate", mock.url));
    assert_eq!(
        start["verification_uri_complete"],
        format!("{}activate?user_code={user_code}", mock.url)
    );
    let code = start["device_code"].as_str().unwrap();
    poll(&mut device, &mock, code).oauth_error(
        403,
        "authorization_pending",
        "User has yet to authorize device code.",
    );
    // Within the same 2 seconds: too fast, and each slow_down adds 5 s (RFC 8628 §3.5).
    poll(&mut device, &mock, code).oauth_error(
        429,
        "slow_down",
        "You are polling faster than the specified interval of 2 seconds.",
    );
    poll(&mut device, &mock, code).oauth_error(
        429,
        "slow_down",
        "You are polling faster than the specified interval of 7 seconds.",
    );
    poll(&mut device, &mock, "never-issued").oauth_error(
        403,
        "invalid_grant",
        "Invalid or expired device code.",
    );
}

#[test]
fn a_device_approved_from_a_second_client_gets_tokens_once() {
    let s = Sandbox::new();
    let mock = tenant(&s, &["--device-interval", "1"]);
    let mut device = Browser::new();
    let start = device_code(&mut device, &mock);
    let code = start["device_code"].as_str().unwrap();
    poll(&mut device, &mock, code).oauth_error(
        403,
        "authorization_pending",
        "User has yet to authorize device code.",
    );
    // The user, on another machine.
    let mut phone = Browser::new();
    let page = phone.get(start["verification_uri_complete"].as_str().unwrap());
    assert_eq!(page.status, 200);
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert!(page.body.contains("action=\"/activate\""), "{}", page.body);
    let user_code = start["user_code"].as_str().unwrap();
    assert!(
        page.body.contains(&format!("value=\"{user_code}\"")),
        "{}",
        page.body
    );
    let wrong = activate(&mut phone, &mock, "BBBB-BBBB", ALICE_PASSWORD);
    assert!(wrong.body.contains("Invalid code"), "{}", wrong.body);
    let bad_password = activate(&mut phone, &mock, user_code, "nope");
    assert!(bad_password.body.contains("Wrong email or password."));
    // Case and dash do not matter.
    let typed = user_code.replace('-', "").to_ascii_lowercase();
    let done = activate(&mut phone, &mock, &typed, ALICE_PASSWORD);
    assert_eq!(done.status, 200);
    assert!(
        done.body.contains("Your device is now connected"),
        "{}",
        done.body
    );
    std::thread::sleep(Duration::from_millis(1100));
    let tokens = poll(&mut device, &mock, code);
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    let body = tokens.json();
    assert!(body["refresh_token"].is_string());
    let (_, id) = jwt_parts(body["id_token"].as_str().unwrap());
    assert_eq!(id["email"], ALICE);
    assert!(id.get("nonce").is_none());
    s.run(&verify_args(
        &mock.url,
        &[
            "--scope",
            "read:messages",
            body["access_token"].as_str().unwrap(),
        ],
    ))
    .code(0);
    std::thread::sleep(Duration::from_millis(1100));
    poll(&mut device, &mock, code).oauth_error(
        403,
        "invalid_grant",
        "Invalid or expired device code.",
    );
}

#[test]
fn a_denied_device_is_access_denied() {
    let s = Sandbox::new();
    let mock = tenant(&s, &["--device-interval", "1"]);
    let mut device = Browser::new();
    let start = device_code(&mut device, &mock);
    let mut phone = Browser::new();
    let denied = phone.post(
        &format!("{}activate", mock.url),
        &[
            ("user_code", start["user_code"].as_str().unwrap()),
            ("action", "deny"),
        ],
    );
    assert!(denied.body.contains("Access denied"), "{}", denied.body);
    poll(&mut device, &mock, start["device_code"].as_str().unwrap()).oauth_error(
        403,
        "access_denied",
        "User refused to authorize",
    );
}

#[test]
fn an_expired_device_code_is_expired_token() {
    let s = Sandbox::new();
    let mock = tenant(&s, &["--device-interval", "1", "--device-expires", "1"]);
    let mut device = Browser::new();
    let start = device_code(&mut device, &mock);
    assert_eq!(start["expires_in"], 1);
    std::thread::sleep(Duration::from_millis(2100));
    poll(&mut device, &mock, start["device_code"].as_str().unwrap()).oauth_error(
        403,
        "expired_token",
        "The device code has expired.",
    );
    let mut phone = Browser::new();
    let late = activate(
        &mut phone,
        &mock,
        start["user_code"].as_str().unwrap(),
        ALICE_PASSWORD,
    );
    assert!(late.body.contains("Invalid code"), "{}", late.body);
}

#[test]
fn discovery_lists_the_login_endpoints() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let doc = browser
        .get(&format!("{}.well-known/openid-configuration", mock.url))
        .json();
    let u = &mock.url;
    assert_eq!(doc["authorization_endpoint"], format!("{u}authorize"));
    assert_eq!(
        doc["device_authorization_endpoint"],
        format!("{u}oauth/device/code")
    );
    assert_eq!(doc["userinfo_endpoint"], format!("{u}userinfo"));
    assert_eq!(doc["revocation_endpoint"], format!("{u}oauth/revoke"));
    assert_eq!(doc["end_session_endpoint"], format!("{u}oidc/logout"));
    assert_eq!(
        doc["code_challenge_methods_supported"],
        json!(["S256", "plain"])
    );
    assert_eq!(doc["backchannel_logout_supported"], true);
    let grants = doc["grant_types_supported"].as_array().unwrap();
    for grant in [
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:device_code",
    ] {
        assert!(grants.contains(&json!(grant)), "{grant}");
    }
}

/// An application's back-channel logout route answering `status`.
fn application(status: u16) -> Server {
    Server::start(move |_, _| Reply::text(status, "text/plain", "ok"))
}

#[test]
fn mock_logout_posts_a_signed_logout_token_as_a_form() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let app = application(200);
    let url = format!("{}auth/backchannel-logout", app.url);
    let run = s.run(&[
        "mock",
        "logout",
        "--domain",
        &mock.url,
        "--url",
        &url,
        "--sub",
        "auth0|abc",
        "--sid",
        "s-1",
    ]);
    run.code(0).stdout_has("HTTP 200");
    let requests = app.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/auth/backchannel-logout");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = request.form();
    assert_eq!(form.len(), 1);
    assert_eq!(form[0].0, "logout_token");
    let token = &form[0].1;
    let (header, claims) = jwt_parts(token);
    assert_eq!(header["typ"], "logout+jwt");
    assert_eq!(header["alg"], "RS256");
    assert!(header["kid"].is_string());
    assert_eq!(claims["iss"], mock.url);
    assert_eq!(claims["aud"], CLIENT, "the first client by default");
    assert_eq!(claims["sub"], "auth0|abc");
    assert_eq!(claims["sid"], "s-1");
    assert_eq!(
        claims["events"],
        json!({"http://schemas.openid.net/event/backchannel-logout": {}})
    );
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
    assert!(claims.get("nonce").is_none());
    // The tenant from AUTH0_DOMAIN, another audience, sid only.
    let run = Into::<crate::support::Run>::into(
        s.cmd(&[
            "mock",
            "logout",
            "--url",
            &url,
            "--sid",
            "s-2",
            "--client-id",
            APP,
        ])
        .env("AUTH0_DOMAIN", &mock.url)
        .output()
        .unwrap(),
    );
    run.code(0);
    let (_, claims) = jwt_parts(
        &url::form_urlencoded::parse(app.requests()[1].body.as_bytes())
            .next()
            .unwrap()
            .1,
    );
    assert_eq!(claims["aud"], APP);
    assert!(claims.get("sub").is_none());
}

#[test]
fn mock_logout_exit_codes_follow_the_applications_answer() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    for (status, code) in [(204, 0), (400, 1), (404, 1), (500, 5), (302, 5)] {
        let app = application(status);
        let run = s.run(&[
            "mock", "logout", "--domain", &mock.url, "--url", &app.url, "--sid", "x",
        ]);
        run.code(code);
        if code != 0 {
            run.stderr_has(&format!("HTTP {status}"));
        }
    }
    // Neither sub nor sid: a usage error.
    s.run(&[
        "mock",
        "logout",
        "--domain",
        &mock.url,
        "--url",
        "http://127.0.0.1:9/",
    ])
    .code(2);
    // An application that cannot be reached, a tenant that cannot be reached.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    s.run(&[
        "mock", "logout", "--domain", &mock.url, "--url", &dead, "--sid", "x",
    ])
    .code(4);
    s.run(&[
        "mock", "logout", "--domain", &dead, "--url", &mock.url, "--sid", "x",
    ])
    .code(4);
}

#[test]
fn serve_lists_the_default_user_and_refuses_bad_user_flags() {
    let s = Sandbox::new();
    let run = s.run(&["mock", "serve", "--role", "nobody@example.com=admin"]);
    run.code(2).stderr_has("no user");
    s.run(&["mock", "serve", "--user", "not-an-email"]).code(2);
    s.run(&[
        "mock",
        "serve",
        "--user",
        "a@example.com:x",
        "--user",
        "A@example.com:y",
    ])
    .code(2)
    .stderr_has("given twice");
}

#[test]
fn a_dpop_proof_at_the_code_exchange_binds_the_user_tokens() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let code = log_in(&mut browser, &mock, &[]).query("code").unwrap();
    let keygen = s.run(&["dpop", "keygen", "--out", "k.pem", "--json"]);
    keygen.code(0);
    let jkt = keygen.json()["jkt"].as_str().unwrap().to_owned();
    let token_endpoint = format!("{}oauth/token", mock.url);
    let proof = s.run(&proof_args("POST", &token_endpoint, &[]));
    proof.code(0);
    let request = browser
        .client
        .post(&token_endpoint)
        .header("dpop", proof.stdout.trim())
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", APP),
            ("code", code.as_str()),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ]);
    let answer = browser.send(request);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["token_type"], "DPoP");
    let (_, claims) = jwt_parts(body["access_token"].as_str().unwrap());
    assert_eq!(claims["cnf"]["jkt"], jkt);
}

#[test]
fn organization_gives_org_id_and_max_age_asks_for_a_fresh_login() {
    let s = Sandbox::new();
    let mock = tenant(&s, &[]);
    let mut browser = Browser::new();
    let code = log_in(&mut browser, &mock, &[("organization", "org_123")])
        .query("code")
        .unwrap();
    let body = exchange(&mut browser, &mock, &code, VERIFIER).json();
    let (_, access) = jwt_parts(body["access_token"].as_str().unwrap());
    let (_, id) = jwt_parts(body["id_token"].as_str().unwrap());
    assert_eq!(access["org_id"], "org_123");
    assert_eq!(id["org_id"], "org_123");
    // The session is at least a second old: max_age=0 refuses it.
    std::thread::sleep(Duration::from_millis(1100));
    let stale = browser.get(&authorize_url(
        &mock,
        &[("prompt", "none"), ("max_age", "0")],
    ));
    assert_eq!(stale.query("error").as_deref(), Some("login_required"));
    let fresh = browser.get(&authorize_url(
        &mock,
        &[("prompt", "none"), ("max_age", "3600")],
    ));
    assert!(fresh.query("code").is_some());
}

#[test]
fn print_env_names_the_user_and_a_password_only_when_not_given() {
    use std::io::{BufRead, BufReader, Read};
    let s = Sandbox::new();
    let first_lines = |args: &[&str]| -> Vec<String> {
        let mut child = s
            .cmd(&[&["mock", "serve", "--print-env"], args].concat())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        // The AUTH0_* and `#` lines after the first are written in one go:
        // once the user line is here, so is any password line.
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            let done = line.is_empty() || line.starts_with("# user:");
            lines.push(line);
            if done {
                break;
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        let lines: Vec<String> = lines
            .into_iter()
            .chain(rest.lines().map(str::to_owned))
            .map(|l| l.trim_end().to_owned())
            .collect();
        lines
    };
    let default = first_lines(&[]);
    assert!(
        default.contains(&"# user: user@example.com".to_owned()),
        "{default:?}"
    );
    assert!(
        default.contains(&"# password: Passw0rd!".to_owned()),
        "{default:?}"
    );
    let generated = first_lines(&["--user", "bob@example.com"]);
    assert!(
        generated.contains(&"# user: bob@example.com".to_owned()),
        "{generated:?}"
    );
    assert!(
        generated.last().unwrap().starts_with("# password: ")
            && generated.last().unwrap().len() > 20,
        "{generated:?}"
    );
    let given = first_lines(&["--user", "bob@example.com:hunter22"]);
    assert_eq!(
        given.last().unwrap(),
        "# user: bob@example.com",
        "{given:?}"
    );
    assert!(given.iter().all(|l| !l.contains("hunter22")), "{given:?}");
}
