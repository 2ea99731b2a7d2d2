//! Trust boundaries: a planted `.env` cannot weaken verification, move the
//! cache or redirect the user's credentials; secrets given as `@FILE` or
//! `-`; sources under `-v`; flags that never split on commas.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::{API, CLIENT, Mock, SECRET, Sandbox, exchange_args, now};

const USER_SECRET: &str = "the-users-own-client-secret";

fn write(s: &Sandbox, name: &str, contents: &str) {
    std::fs::write(s.path().join(name), contents).unwrap();
}

/// A private file, as a secret file should be (no permission warning).
fn write_private(s: &Sandbox, name: &str, contents: &str) {
    write(s, name, contents);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(s.path().join(name), mode).unwrap();
    }
}

/// A tenant that records every request and answers discovery and tokens.
fn recording_tenant() -> Server {
    Server::start(|req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "jwks"),
        "/oauth/token" => Reply::json(
            200,
            &json!({"access_token": "issued", "token_type": "Bearer", "expires_in": 60})
                .to_string(),
        ),
        _ => Reply::json(404, "{}"),
    })
}

fn hs256_token(issuer: &str, secret: &str) -> String {
    let claims = json!({"iss": issuer, "aud": API, "sub": "u", "iat": now(), "exp": now() + 600});
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[test]
fn env_file_values_are_literal_not_expanded() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    write(
        &s,
        ".env",
        &format!(
            "AUTH0_DOMAIN={}\nAUTH0_AUDIENCE=\"${{REAL_API}}\"\n",
            mock.url
        ),
    );
    // dotenvy would expand ${REAL_API} to the right audience; a literal
    // "${REAL_API}" is not the token's audience.
    let out = s
        .cmd(&["verify", "--json", &token])
        .env("REAL_API", API)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("${REAL_API}"));
    // Without the reference, the same file is fine.
    write(
        &s,
        ".env",
        &format!("AUTH0_DOMAIN={}\nAUTH0_AUDIENCE='{API}'\n", mock.url),
    );
    s.run(&["verify", &token]).code(0);
}

#[test]
fn env_file_syntax_errors_name_the_file_and_line() {
    let s = Sandbox::new();
    write(&s, ".env", "# ok\nAUTH0_DOMAIN=\"t.auth0.com\n");
    s.run(&["jwks"])
        .code(2)
        .stderr_has(".env line 2: unterminated double quote");
    write(&s, ".env", "AUTH0_DOMAIN=$(curl evil)\n");
    s.run(&["jwks"]).code(2).stderr_has(".env line 1");
}

#[test]
fn a_planted_hs256_secret_is_refused_not_used() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let forged = hs256_token(&mock.url, "attacker-chosen");
    for name in [".env", "other.env"] {
        write(
            &s,
            name,
            &format!(
                "AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\nAUTH0_HS256_SECRET=attacker-chosen\n",
                mock.url
            ),
        );
    }
    let run = s.run(&["verify", &forged]);
    run.code(2)
        .stderr_has("AUTH0_HS256_SECRET")
        .stderr_has(".env line 3");
    assert!(!run.stderr.contains("attacker-chosen"), "{}", run.stderr);
    s.run(&["verify", "--env-file", "other.env", &forged])
        .code(2)
        .stderr_has("other.env line 3")
        .stderr_has("AUTH0_HS256_SECRET");
    // Refused even when the environment sets the variable too.
    let out = s
        .cmd(&["verify", &forged])
        .env("AUTH0_HS256_SECRET", "users")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_planted_cache_dir_is_refused() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    write(
        &s,
        ".env",
        &format!("AUTH0_DOMAIN={}\nAUTH0_TOK_CACHE_DIR=planted\n", mock.url),
    );
    s.run(&["jwks"])
        .code(2)
        .stderr_has("AUTH0_TOK_CACHE_DIR")
        .stderr_has(".env line 2");
    assert!(!s.path().join("planted").exists());
    // Variables a .env may not set and auth0-tok does not forbid are ignored.
    write(
        &s,
        ".env",
        &format!("AUTH0_DOMAIN={}\nXDG_CACHE_HOME=planted\n", mock.url),
    );
    s.run(&["jwks"]).code(0);
    assert!(!s.path().join("planted").exists());
    assert!(s.cache_dir().exists());
}

/// The one-source rule, for each credential: a flag or the environment
/// never goes to a tenant only `.env` names, and no request is sent.
#[test]
fn a_users_credential_is_not_sent_to_a_tenant_named_only_by_env_file() {
    let s = Sandbox::new();
    let tenant = recording_tenant();
    write(&s, ".env", &format!("AUTH0_DOMAIN={}\n", tenant.url));
    write_private(&s, "secret.txt", USER_SECRET);
    let base = ["token", "--audience", API, "--client-id", "cid"];
    let check = |run: crate::support::Run, credential: &str, from: &str| {
        run.code(2)
            .stderr_has(&format!("refusing to send {credential} (from {from})"))
            .stderr_has(".env (AUTH0_DOMAIN)");
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
        assert!(!run.stderr.contains(USER_SECRET), "{}", run.stderr);
    };
    check(
        s.run(&[&base[..], &["--client-secret", USER_SECRET]].concat()),
        "the client secret",
        "--client-secret",
    );
    check(
        s.run(&[&base[..], &["--client-secret", "@secret.txt"]].concat()),
        "the client secret",
        "--client-secret",
    );
    let from_env = s
        .cmd(&base)
        .env("AUTH0_CLIENT_SECRET", USER_SECRET)
        .output()
        .unwrap();
    check(
        from_env.into(),
        "the client secret",
        "the environment (AUTH0_CLIENT_SECRET)",
    );
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    check(
        s.run(
            &[
                &base[..],
                &[
                    "--auth-method",
                    "private-key-jwt",
                    "--client-assertion-key",
                    "k.pem",
                ],
            ]
            .concat(),
        ),
        "the client assertion key",
        "--client-assertion-key",
    );
    // The DPoP key from the user, even with the secret in the same .env.
    write(
        &s,
        ".env",
        &format!(
            "AUTH0_DOMAIN={}\nAUTH0_CLIENT_SECRET=file-secret\n",
            tenant.url
        ),
    );
    check(
        s.run(&[&base[..], &["--dpop", "--key", "k.pem"]].concat()),
        "the DPoP key",
        "--key",
    );
    check(
        s.run(&[
            "exchange",
            "--connection",
            "google-oauth2",
            "--client-id",
            "cid",
            "--subject-token",
            "users-access-token",
        ]),
        "the subject token",
        "--subject-token",
    );
    assert_eq!(tenant.requests().len(), 0, "nothing reached the tenant");
    // The tenant from the user as well: sent.
    let run = s.run(
        &[
            &base[..],
            &[
                "--domain",
                tenant.url.as_str(),
                "--client-secret",
                "@secret.txt",
            ],
        ]
        .concat(),
    );
    run.code(0);
    assert_eq!(tenant.count("/oauth/token"), 1);
}

#[test]
fn a_tenant_and_secret_from_the_same_env_file_work() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    write(
        &s,
        ".env",
        &format!(
            "export AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\nAUTH0_CLIENT_ID={CLIENT}\nAUTH0_CLIENT_SECRET='{SECRET}'\n",
            mock.url
        ),
    );
    let token = s.run(&["token", "--no-cache"]);
    token.code(0);
    s.run(&["verify", token.stdout.trim()]).code(0);
}

#[test]
fn verbose_lists_where_each_setting_came_from() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    write(
        &s,
        ".env",
        &format!(
            "AUTH0_DOMAIN={}\nAUTH0_CLIENT_SECRET={SECRET}\nAUTH0_AUDIENCE=https://file\nOTHER=x\n",
            mock.url
        ),
    );
    let out = s
        .cmd(&["-v", "token", "--no-cache", "--client-id", CLIENT])
        .env("AUTH0_AUDIENCE", API)
        .output()
        .unwrap();
    let run: crate::support::Run = out.into();
    run.code(0)
        .stderr_has("* read .env: set AUTH0_DOMAIN, AUTH0_CLIENT_SECRET; kept from the environment AUTH0_AUDIENCE; ignored OTHER")
        .stderr_has("* --domain: from .env (AUTH0_DOMAIN)")
        .stderr_has("* --audience: from the environment (AUTH0_AUDIENCE)")
        .stderr_has("* --client-id: from the command line")
        .stderr_has("* --client-secret: from .env (AUTH0_CLIENT_SECRET)");
    assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
}

#[test]
fn mock_print_env_writes_a_env_file_later_commands_read() {
    let s = Sandbox::new();
    let env = std::fs::File::create(s.path().join(".env")).unwrap();
    // `auth0-tok mock serve --print-env > .env`
    let mut child = s
        .cmd(&[
            "mock",
            "serve",
            "--print-env",
            "--client",
            "ci:a secret with # and 'quotes'",
        ])
        .stdout(Stdio::from(env))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !std::fs::read_to_string(s.path().join(".env"))
        .unwrap()
        .contains("AUTH0_CLIENT_SECRET")
    {
        assert!(Instant::now() < deadline, "mock serve printed no .env");
        std::thread::sleep(Duration::from_millis(20));
    }
    let token = s.run(&["token"]);
    let verified = s.run(&["verify", token.stdout.trim()]);
    let _ = child.kill();
    let _ = child.wait();
    token.code(0);
    verified.code(0);
}

#[test]
fn dev_zero_as_env_file_is_refused_at_once() {
    let s = Sandbox::new();
    let mut child = s
        .cmd(&["--env-file", "/dev/zero", "jwks"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("--env-file /dev/zero still reading after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/zero: larger than 1024 KiB"),
        "{stderr}"
    );
}

#[test]
fn key_files_are_read_with_a_cap() {
    let s = Sandbox::new();
    let big = s.path().join("big.pem");
    let mut f = std::fs::File::create(&big).unwrap();
    f.write_all(b"-----BEGIN PRIVATE KEY-----\n").unwrap();
    f.write_all(&vec![b'A'; 2 << 20]).unwrap();
    drop(f);
    s.run(&[
        "dpop",
        "proof",
        "--key",
        "big.pem",
        "--htm",
        "GET",
        "--htu",
        "https://a/b",
    ])
    .code(2)
    .stderr_has("big.pem: larger than 64 KiB");
    s.run(&[
        "verify",
        "--domain",
        "t.auth0.com",
        "--audience",
        API,
        "--jwks",
        "big.pem",
        "x.y.z",
    ])
    .code(2)
    .stderr_has("big.pem: larger than 1 MiB");
}

#[test]
fn client_secret_from_a_file_or_stdin() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    write(&s, "secret.txt", &format!("{SECRET}\n"));
    let base = [
        "token",
        "--no-cache",
        "--domain",
        mock.url.as_str(),
        "--audience",
        API,
        "--client-id",
        CLIENT,
    ];
    s.run(&[&base[..], &["--client-secret", "@secret.txt"]].concat())
        .code(0);
    s.run_with_stdin(&[&base[..], &["--client-secret", "-"]].concat(), SECRET)
        .code(0);
    let missing = s.run(&[&base[..], &["--client-secret", "@nope.txt"]].concat());
    missing.code(2).stderr_has("--client-secret @nope.txt:");
    assert_eq!(missing.stderr.trim().lines().count(), 1);
    // From the environment, `@…` is the secret itself, not a file to read.
    let out = s
        .cmd(&base)
        .env("AUTH0_CLIENT_SECRET", "@secret.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{out:?}");
}

/// `mock serve --client @FILE` / `-`: the tenant knows the client read.
fn serve_with_client(s: &Sandbox, client: &str, stdin: &str) -> (std::process::Child, String) {
    let mut child = s
        .cmd(&["mock", "serve", "--client", client])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let mut url = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut url,
    )
    .unwrap();
    (child, url.trim().to_owned())
}

#[test]
fn mock_clients_from_a_file_or_stdin() {
    let s = Sandbox::new();
    write(&s, "client.txt", "filed:from-a-file\n");
    // The second secret starts with `@`: literal in the environment.
    for (client, stdin, id, secret) in [
        ("@client.txt", "", "filed", "from-a-file"),
        ("-", "piped:@literal-at\n", "piped", "@literal-at"),
    ] {
        let (mut child, url) = serve_with_client(&s, client, stdin);
        let got = s
            .cmd(&[
                "token",
                "--no-cache",
                "--domain",
                &url,
                "--audience",
                API,
                "--client-id",
                id,
            ])
            .env("AUTH0_CLIENT_SECRET", secret)
            .output()
            .unwrap();
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(got.status.code(), Some(0), "{client}: {got:?}");
    }
    s.run(&["mock", "serve", "--client", "@missing.txt"])
        .code(2)
        .stderr_has("--client @missing.txt:");
    let run = s.run_with_stdin(&["mock", "serve", "--client", "-"], "no-colon-secret\n");
    run.code(2).stderr_has("expected ID:SECRET");
    assert!(!run.stderr.contains("no-colon-secret"), "{}", run.stderr);
}

#[test]
fn hs256_secret_from_a_file_or_stdin_and_one_stdin_reader() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = hs256_token(&mock.url, "shared-hs256-secret");
    write(&s, "hs.txt", "shared-hs256-secret\n");
    let base = [
        "verify",
        "--domain",
        mock.url.as_str(),
        "--audience",
        API,
        "--algorithm",
        "HS256",
    ];
    s.run(&[&base[..], &["--hs256-secret", "@hs.txt", &token]].concat())
        .code(0);
    s.run_with_stdin(
        &[&base[..], &["--hs256-secret", "-", &token]].concat(),
        "shared-hs256-secret\n",
    )
    .code(0);
    s.run(&[&base[..], &["--hs256-secret", "@nope.txt", &token]].concat())
        .code(2)
        .stderr_has("--hs256-secret @nope.txt:");
    // The secret and the token cannot both come from stdin.
    s.run_with_stdin(
        &[&base[..], &["--hs256-secret", "-", "-"]].concat(),
        "shared-hs256-secret\n",
    )
    .code(2)
    .stderr_has("--hs256-secret - and the token both read stdin");
    s.run_with_stdin(
        &[&base[..], &["--hs256-secret", "-", "--batch"]].concat(),
        "shared-hs256-secret\n",
    )
    .code(2)
    .stderr_has("both read stdin");
}

#[test]
fn subject_token_from_a_file() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    write(&s, "subject.txt", &format!("{}\n", mock.token(API, None)));
    s.run(&exchange_args(
        &mock.url,
        CLIENT,
        SECRET,
        &[
            "--connection",
            "google-oauth2",
            "--subject-token",
            "@subject.txt",
        ],
    ))
    .code(0)
    .stdout_has("upstream-google-oauth2-");
    s.run_with_stdin(
        &[
            "exchange",
            "--domain",
            &mock.url,
            "--client-id",
            CLIENT,
            "--client-secret",
            "-",
            "--connection",
            "google-oauth2",
            "--subject-token",
            "-",
        ],
        SECRET,
    )
    .code(2)
    .stderr_has("both read stdin");
}

#[test]
fn userinfo_in_domain_is_refused_with_the_password_redacted() {
    let s = Sandbox::new();
    let run = s.run(&["jwks", "--domain", "https://admin:hunter2@tenant.auth0.com"]);
    run.code(2)
        .stderr_has("https://[redacted]@tenant.auth0.com")
        .stderr_has("credentials");
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
}

#[test]
fn flags_never_split_on_commas_environment_variables_do() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--audience", "urn:x,y"]);
    let token = mock.token("urn:x,y", None);
    s.run(&[
        "verify",
        "--domain",
        &mock.url,
        "--audience",
        "urn:x,y",
        &token,
    ])
    .code(0);
    // AUTH0_AUDIENCE is a comma-separated list: "urn:x,y" is urn:x or y.
    let out = s
        .cmd(&["verify", "--domain", &mock.url, &token])
        .env("AUTH0_AUDIENCE", "urn:x,y")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let api_token = mock.token(API, None);
    let out = s
        .cmd(&["verify", "--domain", &mock.url, &api_token])
        .env("AUTH0_AUDIENCE", format!("https://other,{API}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // --domain likewise: one flag is one domain.
    s.run(&[
        "verify",
        "--domain",
        &format!("other.auth0.com,{}", mock.url),
        "--audience",
        API,
        &api_token,
    ])
    .code(2)
    .stderr_has("--domain");
    let out = s
        .cmd(&["verify", "--audience", API, &api_token])
        .env("AUTH0_DOMAIN", format!("other.auth0.com,{}", mock.url))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
