//! The disk caches as a trust boundary: a key set planted in a cache
//! someone else can write never makes a forged token verify; cached
//! entries are re-checked; tokens are cached per credential; unknown kids
//! cannot turn a batch into a storm of requests.
//!
//! Each planting test first shows the planted entry *is* used from a
//! private cache (the forged token verifies), then that it is not once the
//! cache breaks one rule.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use auth0_tok::Issuer;
use auth0_tok::cache::CacheDir;
use auth0_tok::jose::{Algorithm, Object};
use auth0_tok::keys::SigningKey;
use serde_json::{Value, json};

use crate::support::server::{Reply, Server};
use crate::support::{API, Mock, Run, Sandbox, TestKey, now, token_args, verify_args};

/// A tenant serving discovery and `key`'s JWKS with `cache_control`.
fn tenant(key: &TestKey, cache_control: &'static str) -> Server {
    let jwks = key.jwks_document();
    Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::json(
            200,
            &json!({"issuer": base, "jwks_uri": format!("{base}keys")}).to_string(),
        )
        .with_header("cache-control", cache_control),
        "/keys" => Reply::json(200, &jwks).with_header("cache-control", cache_control),
        _ => Reply::json(404, "{}"),
    })
}

/// A tenant, the attacker's key (published nowhere) and a token it signed.
struct Forgery {
    server: Server,
    evil: TestKey,
    token: String,
}

fn forgery(s: &Sandbox) -> Forgery {
    let real = TestKey::new(s, "real");
    let server = tenant(&real, "max-age=600");
    let evil = TestKey::new(s, "evil");
    let token = evil.sign(json!({"iss": server.url, "aud": API, "iat": now(), "exp": now() + 300}));
    Forgery {
        server,
        evil,
        token,
    }
}

fn private_dir(path: &Path) {
    std::fs::create_dir_all(path).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).unwrap();
}

/// Writes a key-set entry for `issuer` holding `jwks` into `dir` (0600).
fn plant(dir: &Path, issuer: &str, jwks: &TestKey, fetched_at: i64, expires_at: i64) -> PathBuf {
    private_dir(dir);
    let issuer = Issuer::from_domain(issuer).unwrap();
    let entry = json!({
        "version": 2,
        "issuer": issuer.as_str(),
        "discovery": null,
        "jwks": std::fs::read_to_string(&jwks.jwks_path).unwrap(),
        "fetched_at": fetched_at,
        "expires_at": expires_at,
        "refetched_at": null,
    });
    let path = dir.join(CacheDir::entry_name("jwks", issuer.as_str()));
    std::fs::write(&path, entry.to_string()).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

fn verify(s: &Sandbox, f: &Forgery, extra: &[&str]) -> Run {
    let args = [
        &["verify", "--domain", &f.server.url, "--audience", API][..],
        extra,
        &[f.token.as_str()],
    ]
    .concat();
    s.run(&args)
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// The forged token verifies from the private cache: the planting works.
#[track_caller]
fn assert_planting_works(s: &Sandbox, f: &Forgery) {
    verify(s, f, &[]).code(0);
    assert_eq!(
        f.server.count("/keys"),
        0,
        "answered from the planted entry"
    );
}

/// The cache is refused: the tenant is asked, the forgery rejected, the
/// reason said once, nothing written.
#[track_caller]
fn assert_refused(s: &Sandbox, f: &Forgery, dir: &Path, summary: &str) {
    let before = listing(dir);
    let run = verify(s, f, &[]);
    run.code(1).stdout_has("no key with kid \"evil\"");
    assert_eq!(
        run.stderr.matches("not using the disk cache").count(),
        1,
        "said once: {}",
        run.stderr
    );
    run.stderr_has(summary)
        .stderr_has("-v for the path and the rule");
    assert!(f.server.count("/keys") >= 1, "the tenant was asked");
    assert_eq!(listing(dir), before, "nothing written into a refused cache");
}

#[test]
fn a_world_writable_cache_directory_is_not_trusted() {
    let s = Sandbox::new();
    let f = forgery(&s);
    plant(&s.cache_dir(), &f.server.url, &f.evil, now(), now() + 600);
    assert_planting_works(&s, &f);
    std::fs::set_permissions(s.cache_dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_refused(
        &s,
        &f,
        &s.cache_dir(),
        "its permissions let other users change it",
    );
    // -v names the path and the rule.
    let run = verify(&s, &f, &["-v"]);
    run.code(1)
        .stderr_has(&format!("{}: has mode 0777", s.cache_dir().display()));
    // And the forgery is not accepted by `request` or `--batch` either.
    let header = format!("Authorization: Bearer {}", f.token);
    let run = s.run(&[
        "request",
        "--domain",
        &f.server.url,
        "--audience",
        API,
        "--url",
        "https://api.example.com/",
        "--header",
        &header,
        "--json",
    ]);
    run.code(1);
    assert_eq!(run.json()["status"], 401, "{}", run.stdout);
    let run = s.run_with_stdin(
        &[
            "verify",
            "--batch",
            "--domain",
            &f.server.url,
            "--audience",
            API,
        ],
        &format!("{}\n", f.token),
    );
    run.code(1);
    assert_eq!(run.json()["valid"], false, "{}", run.stdout);
}

#[test]
fn a_world_writable_cache_file_is_not_trusted() {
    let s = Sandbox::new();
    let f = forgery(&s);
    let entry = plant(&s.cache_dir(), &f.server.url, &f.evil, now(), now() + 600);
    assert_planting_works(&s, &f);
    std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o666)).unwrap();
    assert_refused(
        &s,
        &f,
        &s.cache_dir(),
        "its permissions let other users change it",
    );
    verify(&s, &f, &["-v"])
        .code(1)
        .stderr_has(&format!("{}: has mode 0666", entry.display()));
}

#[test]
fn a_symlinked_cache_root_is_not_trusted() {
    let s = Sandbox::new();
    let f = forgery(&s);
    let elsewhere = s.path().join("elsewhere");
    plant(&elsewhere, &f.server.url, &f.evil, now(), now() + 600);
    private_dir(&s.path().join(".cache"));
    std::os::unix::fs::symlink(&elsewhere, s.cache_dir()).unwrap();
    assert_refused(&s, &f, &elsewhere, "a symbolic link is on its path");
    verify(&s, &f, &["-v"])
        .code(1)
        .stderr_has(&format!("{}: is a symbolic link", s.cache_dir().display()));
    // Through the real path, the same entry is used: the symlink is the reason.
    let run = Run::from(
        s.cmd(&verify_args(&f.server.url, &[&f.token]))
            .env("AUTH0_TOK_CACHE_DIR", &elsewhere)
            .output()
            .unwrap(),
    );
    run.code(0);
}

#[test]
fn a_cache_owned_by_another_user_is_not_trusted() {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: needs root to chown");
        return;
    }
    let s = Sandbox::new();
    let f = forgery(&s);
    plant(&s.cache_dir(), &f.server.url, &f.evil, now(), now() + 600);
    assert_planting_works(&s, &f);
    let nobody = 65534;
    std::os::unix::fs::chown(s.cache_dir(), Some(nobody), Some(nobody)).unwrap();
    assert_refused(&s, &f, &s.cache_dir(), "another user owns part of it");
    verify(&s, &f, &["-v"]).code(1).stderr_has(&format!(
        "{}: is owned by uid 65534",
        s.cache_dir().display()
    ));
}

#[test]
fn a_planted_entry_with_a_far_expiry_is_clamped_to_ten_minutes() {
    let s = Sandbox::new();
    let f = forgery(&s);
    let ten_years = 10 * 365 * 86_400;
    plant(
        &s.cache_dir(),
        &f.server.url,
        &f.evil,
        now() - 700,
        now() + ten_years,
    );
    let run = verify(&s, &f, &[]);
    run.code(1).stdout_has("no key with kid \"evil\"");
    assert_eq!(f.server.count("/keys"), 1, "refetched from the tenant");
}

#[test]
fn a_planted_entry_fetched_in_the_future_or_for_another_issuer_is_ignored() {
    let s = Sandbox::new();
    let f = forgery(&s);
    plant(
        &s.cache_dir(),
        &f.server.url,
        &f.evil,
        now() + 3600,
        now() + 4000,
    );
    verify(&s, &f, &["-v"])
        .code(1)
        .stderr_has("fetched_at is")
        .stderr_has("in the future");
    // An entry for another issuer, under this issuer's name.
    let other = plant(
        &s.path().join("other"),
        "other.example.com",
        &f.evil,
        now(),
        now() + 600,
    );
    let name = CacheDir::entry_name("jwks", Issuer::from_domain(&f.server.url).unwrap().as_str());
    std::fs::copy(&other, s.cache_dir().join(&name)).unwrap();
    verify(&s, &f, &["-v"])
        .code(1)
        .stderr_has("it is for issuer \"https://other.example.com/\"");
}

#[test]
fn a_dotenv_cannot_move_the_cache() {
    let s = Sandbox::new();
    let f = forgery(&s);
    let planted = s.path().join("planted");
    plant(&planted, &f.server.url, &f.evil, now(), now() + 600);
    // From the real environment, that cache is used (it is the user's own).
    let run = Run::from(
        s.cmd(&verify_args(&f.server.url, &[&f.token]))
            .env("AUTH0_TOK_CACHE_DIR", &planted)
            .output()
            .unwrap(),
    );
    run.code(0);
    // From a .env in the working directory, it is not: the .env is refused
    // (exit 2) before anything is read, and nothing verifies.
    std::fs::write(
        s.path().join(".env"),
        format!("AUTH0_TOK_CACHE_DIR={}\n", planted.display()),
    )
    .unwrap();
    verify(&s, &f, &[])
        .code(2)
        .stderr_has("may not set AUTH0_TOK_CACHE_DIR");
}

/// A tenant answering with `cache_control` and `n` tokens, each with a
/// kid it never published.
fn storm(s: &Sandbox, cache_control: &'static str, n: usize) -> (Server, String) {
    let real = TestKey::new(s, "real");
    let server = tenant(&real, cache_control);
    let signer = SigningKey::generate_rsa().unwrap();
    let claims = json!({"iss": server.url, "aud": API, "iat": now(), "exp": now() + 300});
    let mut input = String::new();
    for i in 0..n {
        let mut header = Object::new();
        header.insert("kid".into(), json!(format!("rotated-{i}-{}", now())));
        let token = signer
            .sign_jwt(Algorithm::RS256, &header, claims.as_object().unwrap())
            .unwrap();
        input.push_str(&token);
        input.push('\n');
    }
    (server, input)
}

#[track_caller]
fn assert_no_storm(cache_control: &'static str) {
    let s = Sandbox::new();
    let (server, input) = storm(&s, cache_control, 300);
    let run = s.run_with_stdin(
        &[
            "verify",
            "--batch",
            "--domain",
            &server.url,
            "--audience",
            API,
        ],
        &input,
    );
    run.code(1);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 300);
    assert!(lines.iter().all(|l| l["valid"] == false));
    // One discovery document and one key set: a kid missing from a key set
    // just fetched is missing, and the keys are kept 30 s whatever the TTL.
    let sent = server.requests().len();
    assert!(
        sent <= 2,
        "{cache_control}: {sent} requests for 300 unknown kids"
    );
}

#[test]
fn unknown_kids_in_a_batch_do_not_storm_the_tenant_with_max_age_0() {
    assert_no_storm("max-age=0");
}

#[test]
fn unknown_kids_in_a_batch_do_not_storm_the_tenant_with_no_store() {
    assert_no_storm("no-store");
}

#[test]
fn a_second_run_with_an_unknown_kid_within_30s_does_not_refetch() {
    let s = Sandbox::new();
    let (server, input) = storm(&s, "max-age=600", 2);
    let mut tokens = input.lines();
    let run = |token: &str| s.run(&verify_args(&server.url, &[token]));
    run(tokens.next().unwrap())
        .code(1)
        .stdout_has("fetched 0s ago");
    assert_eq!(
        server.count("/keys"),
        1,
        "fetched once, not refetched at once"
    );
    run(tokens.next().unwrap()).code(1).stdout_has("refetched");
    assert_eq!(
        server.count("/keys"),
        1,
        "the second process did not refetch"
    );
}

/// A tenant whose token endpoint accepts only `secret` (changeable) and
/// issues JWTs with kid `old`; its key set has kid `new` only.
struct TokenTenant {
    server: Server,
    secret: Arc<Mutex<String>>,
}

fn token_tenant() -> TokenTenant {
    let secret = Arc::new(Mutex::new("first-secret-value".to_owned()));
    let accepted = secret.clone();
    let old = SigningKey::generate_rsa().unwrap().with_kid("old");
    let new = SigningKey::generate_rsa().unwrap().with_kid("new");
    let jwks = json!({"keys": [Value::Object(new.public_jwk())]}).to_string();
    let server = Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "keys"),
        "/keys" => Reply::json(200, &jwks),
        "/oauth/token" => {
            let given = req.field("client_secret");
            if given.as_deref() != Some(accepted.lock().unwrap().as_str()) {
                return Reply::json(
                    401,
                    r#"{"error":"access_denied","error_description":"Unauthorized"}"#,
                );
            }
            let claims = json!({"iss": base, "aud": API, "iat": now(), "exp": now() + 86_400});
            let token = old
                .sign_jwt(
                    Algorithm::RS256,
                    &Object::new(),
                    claims.as_object().unwrap(),
                )
                .unwrap();
            Reply::json(
                200,
                &json!({"access_token": token, "token_type": "Bearer", "expires_in": 86_400})
                    .to_string(),
            )
        }
        _ => Reply::json(404, "{}"),
    });
    TokenTenant { server, secret }
}

fn token(s: &Sandbox, t: &TokenTenant, secret: &str, extra: &[&str]) -> Run {
    s.run(
        &[
            &[
                "token",
                "--domain",
                &t.server.url,
                "--audience",
                API,
                "--client-id",
                "cid",
                "--client-secret",
                secret,
            ][..],
            extra,
        ]
        .concat(),
    )
}

#[test]
fn a_wrong_or_rotated_secret_never_gets_a_cached_token() {
    let s = Sandbox::new();
    let t = token_tenant();
    token(&s, &t, "first-secret-value", &[]).code(0);
    token(&s, &t, "first-secret-value", &[]).code(0);
    assert_eq!(t.server.count("/oauth/token"), 1, "the same secret: cached");
    // The tenant refuses it (a token endpoint error: exit 4).
    let wrong = token(&s, &t, "wrong-secret-value", &[]);
    wrong.code(4);
    assert!(
        wrong.stdout.is_empty(),
        "no token for a wrong secret: {}",
        wrong.stdout
    );
    assert_eq!(
        t.server.count("/oauth/token"),
        2,
        "the wrong secret was sent"
    );
    *t.secret.lock().unwrap() = "rotated-secret-value".into();
    token(&s, &t, "rotated-secret-value", &[]).code(0);
    assert_eq!(
        t.server.count("/oauth/token"),
        3,
        "a rotated secret asks anew"
    );
    for (name, bytes) in listing(&s.cache_dir()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("secret-value") && !name.contains("secret-value"),
            "{name}: {text}"
        );
    }
}

#[test]
fn a_cached_token_whose_kid_left_the_key_set_is_dropped() {
    let s = Sandbox::new();
    let t = token_tenant();
    token(&s, &t, "first-secret-value", &[]).code(0);
    token(&s, &t, "first-secret-value", &[]).code(0);
    assert_eq!(t.server.count("/oauth/token"), 1);
    // Now auth0-tok holds the tenant's key set: kid `new` only.
    s.run(&["jwks", "--domain", &t.server.url]).code(0);
    token(&s, &t, "first-secret-value", &[]).code(0);
    assert_eq!(
        t.server.count("/oauth/token"),
        2,
        "the cached token's kid is not in the held key set"
    );
}

#[test]
fn a_cached_token_shows_the_lifetime_left() {
    let s = Sandbox::new();
    let t = token_tenant();
    let first = token(&s, &t, "first-secret-value", &["--json"]);
    first.code(0);
    assert_eq!(first.json()["expires_in"], 86_400);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let cached = token(&s, &t, "first-secret-value", &["--json"]);
    cached.code(0);
    let v = cached.json();
    assert_eq!(v["cached"], true);
    let left = v["expires_in"].as_i64().unwrap();
    assert!((86_300..86_400).contains(&left), "expires_in {left}");
    let by_expiry = v["expires_at"].as_i64().unwrap() - now();
    assert!((by_expiry - left).abs() <= 1, "{v}");
}

#[test]
fn a_token_already_expired_when_issued_is_not_cached() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--token-lifetime", "3600", "--backdate", "3792"]);
    let args = token_args(
        &mock.url,
        crate::support::CLIENT,
        crate::support::SECRET,
        &["-v"],
    );
    s.run(&args)
        .code(0)
        .stderr_has("not cached: the token expired 19")
        .stderr_has("s before it was obtained");
    let second = s.run(&args);
    second.code(0).stderr_has("> POST");
    assert!(!second.stderr.contains("cache hit"), "{}", second.stderr);
}
