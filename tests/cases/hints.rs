//! Answers that say what to fix: each common Auth0 mistake gets its own
//! "fix:" line (issue 14).

use std::io::{Read, Write};
use std::net::TcpListener;

use auth0_tok::jose::b64;
use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::{API, Mock, Sandbox, TestKey, now};

const CUSTOM: &str = "https://login.example.com/";

/// `verify` against a pinned key set for `CUSTOM`: no network at all.
fn verify_pinned(s: &Sandbox, key: &TestKey, extra: &[&str], token: &str) -> crate::support::Run {
    let mut args = vec![
        "verify",
        "--jwks",
        key.jwks(),
        "--issuer",
        CUSTOM,
        "--audience",
        API,
    ];
    args.extend_from_slice(extra);
    args.push(token);
    s.run(&args)
}

#[test]
fn an_id_token_is_named_and_the_access_token_asked_for() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let id_token = key.sign(json!({
        "iss": CUSTOM, "aud": "abcdefghijklmnopqrstuvwxyz012345", "sub": "auth0|1",
        "nonce": "n-0S6_WzA2Mj", "email": "a@example.com", "iat": now(), "exp": now() + 60,
    }));
    verify_pinned(&s, &key, &[], &id_token)
        .code(1)
        .stdout_has("fix:")
        .stdout_has("this is an ID token")
        .stdout_has("APIs take the access token")
        .stdout_has(&format!("audience={API}"));
    // An access token for another API is not called an ID token.
    let other = key.sign(json!({
        "iss": CUSTOM, "aud": "https://other.example.com", "iat": now(), "exp": now() + 60,
    }));
    let run = verify_pinned(&s, &key, &[], &other);
    run.code(1);
    assert!(!run.stdout.contains("ID token"), "{}", run.stdout);
}

#[test]
fn encrypted_and_opaque_tokens_ask_for_an_audience() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let jwe = format!(
        "{}..aXYxMjM0NTY3ODkw.Y2lwaGVydGV4dA.dGFn",
        b64(br#"{"alg":"dir","enc":"A256GCM"}"#)
    );
    verify_pinned(&s, &key, &[], &jwe)
        .code(1)
        .stdout_has("encrypted/opaque access token (a JWE: alg \"dir\"")
        .stdout_has("request it with an `audience`");
    let opaque = "Q9tQ1y0mF3vB_kE2xZ7p8w0VdL5sN4cR";
    verify_pinned(&s, &key, &[], opaque)
        .code(1)
        .stdout_has("encrypted/opaque access token (not a JWT)")
        .stdout_has("request it with an `audience`");
    // JSON carries the same fixes.
    let run = verify_pinned(&s, &key, &["--json"], opaque);
    run.code(1);
    let fixes = run.json()["fixes"].clone();
    assert!(
        fixes[0]
            .as_str()
            .is_some_and(|f| f.starts_with("encrypted/opaque access token")),
        "{fixes}"
    );
}

#[test]
fn the_userinfo_audience_is_explained() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let token = key.sign(json!({
        "iss": CUSTOM, "aud": ["https://other.example.com", "https://login.example.com/userinfo"],
        "iat": now(), "exp": now() + 60,
    }));
    verify_pinned(&s, &key, &[], &token)
        .code(1)
        .stdout_has(
            "\"https://login.example.com/userinfo\" in aud is Auth0's own /userinfo audience",
        )
        .stdout_has("the token is for \"https://other.example.com\"");
}

#[test]
fn a_canonical_issuer_for_a_custom_domain_suggests_both_domains() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let token = key.sign(json!({
        "iss": "https://tenant.us.auth0.com/", "aud": API, "iat": now(), "exp": now() + 60,
    }));
    verify_pinned(&s, &key, &[], &token)
        .code(1)
        .stdout_has("is the tenant's canonical domain")
        .stdout_has("--issuer https://login.example.com/ --issuer https://tenant.us.auth0.com/");
    // With --domain, the fix repeats --domain; the issuer check needs no network.
    s.run(&[
        "verify",
        "--domain",
        "login.example.com",
        "--audience",
        API,
        &token,
    ])
    .code(1)
    .stdout_has("--domain login.example.com --domain tenant.us.auth0.com");
    // The reverse: a custom domain's token for the canonical domain.
    let custom = key.sign(json!({"iss": CUSTOM, "aud": API, "iat": now(), "exp": now() + 60}));
    s.run(&[
        "verify",
        "--domain",
        "tenant.us.auth0.com",
        "--audience",
        API,
        &custom,
    ])
    .code(1)
    .stdout_has("is not the tenant's canonical domain")
    .stdout_has("--domain tenant.us.auth0.com --domain login.example.com");
}

#[test]
fn scopes_only_in_permissions_suggest_the_permissions_flag() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let token = key.sign(json!({
        "iss": CUSTOM, "aud": API, "scope": "read:messages",
        "permissions": ["write:messages"], "iat": now(), "exp": now() + 60,
    }));
    verify_pinned(&s, &key, &["--scope", "write:messages"], &token)
        .code(3)
        .stdout_has("\"write:messages\" is granted in the token's RBAC `permissions` claim")
        .stdout_has("add --permissions");
    verify_pinned(
        &s,
        &key,
        &["--scope", "write:messages", "--permissions"],
        &token,
    )
    .code(0);
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) for a Unix time.
fn http_date(t: i64) -> String {
    let text = auth0_tok::clock::format_rfc3339(t); // 2026-11-22T10:00:00Z
    let (y, mo, d, time) = (&text[..4], &text[5..7], &text[8..10], &text[11..19]);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let weekday = WEEKDAYS[t.div_euclid(86_400).rem_euclid(7) as usize];
    let month = MONTHS[mo.parse::<usize>().unwrap() - 1];
    format!("{weekday}, {d} {month} {y} {time} GMT")
}

/// A tenant whose clock (its `Date` header) is `behind` seconds behind ours.
fn skewed_tenant(key: &TestKey, behind: i64) -> Server {
    let jwks = key.jwks_document();
    Server::start(move |req, base| {
        let date = http_date(now() - behind);
        match req.path.as_str() {
            "/.well-known/openid-configuration" => Reply::json(
                200,
                &json!({"issuer": base, "jwks_uri": format!("{base}keys")}).to_string(),
            ),
            "/keys" => Reply::json(200, &jwks),
            _ => Reply::json(404, "{}"),
        }
        .with_header("date", &date)
    })
}

/// The N of "your clock is N s ahead of the tenant's", if said.
fn seconds_ahead(stdout: &str) -> Option<i64> {
    let rest = stdout.split("your clock is ").nth(1)?;
    let (n, rest) = rest.split_once(" s ")?;
    rest.starts_with("ahead of the tenant's")
        .then(|| n.parse().ok())
        .flatten()
}

#[test]
fn a_near_expiry_compares_the_local_clock_with_the_tenants_date() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let tenant = skewed_tenant(&key, 47);
    let expired = key.sign(json!({
        "iss": tenant.url, "aud": API, "iat": now() - 120, "exp": now() - 20,
    }));
    let verify = |token: &str| {
        s.run(&[
            "verify",
            "--timeout",
            "3",
            "--domain",
            &tenant.url,
            "--audience",
            API,
            token,
        ])
    };
    // First run: the Date comes with the key set.
    let run = verify(&expired);
    run.code(1).stdout_has("token expired");
    let ahead = seconds_ahead(&run.stdout).unwrap_or_else(|| panic!("{}", run.stdout));
    assert!((46..=48).contains(&ahead), "{ahead}");
    run.stdout_has("--leeway");
    let discovery = "/.well-known/openid-configuration";
    assert_eq!(tenant.count(discovery), 1);
    // Second run: the keys come from the disk cache, so one GET asks the tenant's clock.
    let run = verify(&expired);
    run.code(1);
    let ahead = seconds_ahead(&run.stdout).unwrap_or_else(|| panic!("{}", run.stdout));
    assert!((46..=48).contains(&ahead), "{ahead}");
    assert_eq!(tenant.count(discovery), 2);
    assert_eq!(tenant.count("/keys"), 1);
    // Expired an hour ago: no clock is that far off, and the tenant is not asked.
    let long_expired = key.sign(json!({
        "iss": tenant.url, "aud": API, "iat": now() - 7200, "exp": now() - 3600,
    }));
    let run = verify(&long_expired);
    run.code(1);
    assert!(!run.stdout.contains("your clock"), "{}", run.stdout);
    assert_eq!(tenant.count(discovery), 2);
}

#[test]
fn an_https_loopback_domain_served_over_http_suggests_http() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        }
    });
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let authority = format!("127.0.0.1:{port}");
    let token = key.sign(json!({
        "iss": format!("https://{authority}/"), "aud": API, "iat": now(), "exp": now() + 60,
    }));
    s.run(&[
        "verify",
        "--timeout",
        "3",
        "--domain",
        &authority,
        "--audience",
        API,
        &token,
    ])
    .code(4)
    .stderr_has("TLS handshake failed")
    .stderr_has(&format!(
        "fix: a local tenant usually serves plain http: for a local tenant, use --domain http://{authority}"
    ));
}

#[test]
fn jwks_without_issuer_names_the_issuer_option() {
    let s = Sandbox::new();
    let key = TestKey::new(&s, "k1");
    let run = s.run(&["verify", "--jwks", key.jwks(), "--audience", API, "T"]);
    run.code(2)
        .stderr_has("--jwks needs the issuer")
        .stderr_has("--issuer");
}

#[test]
fn an_unknown_kid_after_a_refetch_says_when_the_next_is_allowed() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let stranger = TestKey::new(&s, "never-published");
    let forged =
        stranger.sign(json!({"iss": mock.url, "aud": API, "iat": now(), "exp": now() + 60}));
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", "--domain", &mock.url, "--audience", API];
        args.extend_from_slice(extra);
        args.push(&forged);
        s.run(&args)
    };
    // Fetched just now, without that kid: said so.
    verify(&[])
        .code(1)
        .stdout_has("the key set was fetched just now and has no key \"never-published\"");
    // The next run finds the look recorded in the cache: no refetch, and it says until when.
    let run = verify(&[]);
    run.code(1)
        .stdout_has("the next refetch for an unknown kid is allowed in ")
        .stdout_has("--no-cache skips this limit between runs");
    // --no-cache fetches the key set now.
    let run = verify(&["--no-cache"]);
    run.code(1).stdout_has("fetched just now");
    assert!(!run.stdout.contains("next refetch for"), "{}", run.stdout);
}
