//! Spelling what users type: registered auth method names, case-sensitive
//! methods, space-separated scopes and the scopes a tenant leaves out,
//! `request URL`, subject tokens sent verbatim, and `-H` errors that never
//! show the header's value.

use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::{API, CLIENT, Mock, SECRET, Sandbox, exchange_args, token_args, verify_args};

/// A tenant whose token endpoint grants `granted` whatever was asked for.
fn tenant(granted: &'static str) -> Server {
    let n = Arc::new(Mutex::new(0u32));
    Server::start(move |req, base| match req.path.as_str() {
        "/.well-known/openid-configuration" => Reply::discovery(base, "jwks"),
        "/oauth/token" => {
            *n.lock().unwrap() += 1;
            Reply::json(
                200,
                &json!({"access_token": "issued-access-token-123", "token_type": "Bearer", "expires_in": 86400, "scope": granted}).to_string(),
            )
        }
        _ => Reply::json(404, "{}"),
    })
}

/// An on-behalf-of `exchange` for [`API`], then `extra`.
fn on_behalf_of<'a>(domain: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = exchange_args(
        domain,
        CLIENT,
        SECRET,
        &["--on-behalf-of", "--audience", API],
    );
    args.extend_from_slice(extra);
    args
}

fn token_cmd<'a>(domain: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    token_args(domain, CLIENT, SECRET, extra)
}

#[test]
fn auth_methods_take_the_registered_names_and_the_kebab_case_aliases() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    for method in [
        "client_secret_basic",
        "client-secret-basic",
        "client_secret_post",
    ] {
        let run = s.run(&token_cmd(
            &mock.url,
            &["--no-cache", "--auth-method", method],
        ));
        run.code(0);
        assert!(run.stdout.starts_with("eyJ"), "{method}: {}", run.stdout);
    }
    // The name the error message gives is one the option takes.
    s.run(&token_cmd(&mock.url, &["--auth-method", "private_key_jwt"]))
        .code(2)
        .stderr_has("--auth-method private_key_jwt needs --client-assertion-key FILE");
    // Help and the refusal of a wrong name show the registered names.
    s.run(&["token", "--help"])
        .code(0)
        .stdout_has("- client_secret_basic:")
        .stdout_has("[default: client_secret_post]");
    let wrong = s.run(&token_cmd(&mock.url, &["--auth-method", "basic"]));
    wrong
        .code(2)
        .stderr_has("client_secret_post, client_secret_basic, private_key_jwt");
}

#[test]
fn a_lower_case_method_is_refused_with_its_spelling_never_signed() {
    let s = Sandbox::new();
    s.run(&["dpop", "keygen", "--out", "k.pem"]).code(0);
    let proof = [
        "dpop",
        "proof",
        "--key",
        "k.pem",
        "--htu",
        "https://api.example.com/x",
    ];
    let run = s.run(&[&proof[..], &["--htm", "get"]].concat());
    run.code(2).stderr_has("did you mean GET?");
    assert!(
        run.stdout.is_empty(),
        "no proof may be printed: {}",
        run.stdout
    );
    s.run(&[&proof[..], &["--htm", "Patch"]].concat())
        .code(2)
        .stderr_has("did you mean PATCH?");
    s.run(&[&proof[..], &["--htm", "GE T"]].concat())
        .code(2)
        .stderr_has("not an HTTP method");
    // An extension method is a token, signed as given.
    let run = s.run(&[&proof[..], &["--htm", "PROPFIND"]].concat());
    run.code(0);
    let decoded = s.run(&["decode", "--json", run.stdout.trim()]);
    decoded.code(0);
    assert_eq!(decoded.json()["claims"]["htm"], "PROPFIND");

    // The same rule for `request -X`, `token --htm` and `verify --htm`.
    let mock = Mock::start(&s, &[]);
    let request = ["request", "--domain", &mock.url, "--audience", API];
    s.run(&[&request[..], &["-X", "get", "https://api.example.com/x"]].concat())
        .code(2)
        .stderr_has("did you mean GET?");
    s.run(
        &[
            &request[..],
            &["-X", "PROPFIND", "https://api.example.com/x"],
        ]
        .concat(),
    )
    .code(1)
    .stdout_has("HTTP/1.1 400");
    s.run(&token_cmd(
        &mock.url,
        &[
            "--dpop",
            "--key",
            "k.pem",
            "--format",
            "header",
            "--htm",
            "post",
            "--htu",
            "https://api.example.com/x",
        ],
    ))
    .code(2)
    .stderr_has("did you mean POST?");
    s.run(&verify_args(
        &mock.url,
        &[
            "--dpop",
            "p",
            "--htm",
            "delete",
            "--htu",
            "https://api.example.com/x",
            "t",
        ],
    ))
    .code(2)
    .stderr_has("did you mean DELETE?");
}

#[test]
fn a_comma_separated_scope_list_is_refused_before_any_request() {
    let s = Sandbox::new();
    let server = tenant("read:a write:a");
    s.run(&token_cmd(&server.url, &["--scope", "read:a,write:a"]))
        .code(2)
        .stderr_has("scopes are separated by spaces, not commas")
        .stderr_has("--scope \"read:a write:a\"");
    s.run(&on_behalf_of(
        &server.url,
        &["--scope", "a,b", "--subject-token", "eyJ.x.y"],
    ))
    .code(2)
    .stderr_has("not commas");
    assert_eq!(
        server.count("/oauth/token"),
        0,
        "no request for a refused scope list"
    );
    // Spaces and repeats are the two ways to ask for several.
    let run = s.run(&token_cmd(&server.url, &["--scope", "read:a write:a"]));
    run.code(0);
    assert!(!run.stderr.contains("lacks"), "{}", run.stderr);
}

#[test]
fn scopes_the_tenant_leaves_out_are_named_on_stderr_fresh_or_cached() {
    let s = Sandbox::new();
    let server = tenant("read:a");
    let asked = token_cmd(&server.url, &["--scope", "read:a", "--scope", "write:a"]);
    let fresh = s.run(&asked);
    fresh
        .code(0)
        .stderr_has("note: the token lacks requested scope(s) write:a (granted: read:a)");
    assert_eq!(
        fresh.stdout, "issued-access-token-123\n",
        "the token is still printed"
    );
    // A cached token answers with its cached scope, and the same note.
    let cached = s.run(&[&asked[..], &["-v"]].concat());
    cached
        .code(0)
        .stderr_has("token cache hit")
        .stderr_has("lacks requested scope(s) write:a");
    assert_eq!(server.count("/oauth/token"), 1);
    // --json carries the answer's scope for the script; stderr stays quiet.
    let json = s.run(&[&asked[..], &["--json"]].concat());
    json.code(0);
    assert_eq!(json.json()["scope"], "read:a");
    assert!(!json.stderr.contains("lacks"), "{}", json.stderr);
    // The built-in mock tenant leaves out an ungranted scope, as Auth0 does.
    let mock = Mock::start(&s, &[]);
    s.run(&token_cmd(
        &mock.url,
        &["--scope", "read:messages admin:all"],
    ))
    .code(0)
    .stderr_has("lacks requested scope(s) admin:all (granted: read:messages)");
    // On-behalf-of exchange: the same note.
    s.run(&on_behalf_of(
        &server.url,
        &["--scope", "read:a write:a", "--subject-token", "eyJ.x.y"],
    ))
    .code(0)
    .stderr_has("lacks requested scope(s) write:a");
}

#[test]
fn request_takes_its_url_as_a_positional_as_curl_does() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    let bearer = format!("Authorization: Bearer {token}");
    let base = ["request", "--domain", &mock.url, "--audience", API];
    s.run(
        &[
            &base[..],
            &["https://api.example.com/messages", "-H", &bearer],
        ]
        .concat(),
    )
    .code(0)
    .stdout_has("HTTP/1.1 200");
    s.run(
        &[
            &base[..],
            &[
                "-H",
                &bearer,
                "-X",
                "POST",
                "https://api.example.com/messages",
            ],
        ]
        .concat(),
    )
    .code(0);
    s.run(
        &[
            &base[..],
            &[
                "https://api.example.com/a",
                "--url",
                "https://api.example.com/b",
            ],
        ]
        .concat(),
    )
    .code(2)
    .stderr_has("cannot be used with");
    // A token pasted where the URL goes is refused without being shown.
    let run = s.run(&[&base[..], &[token.as_str()]].concat());
    run.code(2).stderr_has("not an absolute URL");
    assert!(!run.stderr.contains(&token), "{}", run.stderr);
}

#[test]
fn a_malformed_header_never_shows_its_value() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let token = mock.token(API, None);
    let base = [
        "request",
        "--domain",
        &mock.url,
        "--audience",
        API,
        "https://api.example.com/",
    ];
    for (headers, message) in [
        (
            vec![format!("Authorization Bearer {token}")],
            "-H #1 has no colon",
        ),
        (
            vec!["X-Ok: 1".to_owned(), token.clone()],
            "-H #2 has no colon",
        ),
        (
            vec![format!("Authorization Bearer {token} x:y")],
            "-H #1: expected `Name: value`",
        ),
    ] {
        let mut args = base.map(str::to_owned).to_vec();
        for h in &headers {
            args.extend(["-H".to_owned(), h.clone()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = s.run(&args);
        run.code(2).stderr_has(message);
        assert!(
            !run.stderr.contains(&token),
            "the value leaked: {}",
            run.stderr
        );
        assert!(
            !run.stdout.contains(&token),
            "the value leaked: {}",
            run.stdout
        );
    }
    s.run(&[&base[..], &["-H", &format!("authorization Bearer {token}")]].concat())
        .code(2)
        .stderr_has("did you mean `Authorization: …`?");
}

#[test]
fn a_subject_token_is_sent_verbatim_or_refused_saying_why() {
    let s = Sandbox::new();
    let server = tenant("");
    let base = on_behalf_of(&server.url, &["--subject-token"]);
    s.run(&[&base[..], &[" eyJ.x.y"]].concat())
        .code(2)
        .stderr_has(
            "whitespace, which is not part of a token: it is sent verbatim, so it is not trimmed",
        );
    s.run(&[&base[..], &["eyJ.x.y\n"]].concat())
        .code(2)
        .stderr_has("not trimmed");
    // An Authorization scheme, whatever the separator, as `verify` refuses it.
    for prefixed in ["Bearer eyJ.x.y", "DPoP eyJ.x.y", "bearer\teyJ.x.y"] {
        s.run(&[&base[..], &[prefixed]].concat())
            .code(2)
            .stderr_has("pass the token alone");
    }
    assert_eq!(
        server.count("/oauth/token"),
        0,
        "no request for a refused token"
    );
    s.run(&[&base[..], &["eyJ.x.y"]].concat()).code(0);
    let sent = server.first("/oauth/token");
    assert!(
        sent.body.contains("subject_token=eyJ.x.y&"),
        "{}",
        sent.body
    );
}
