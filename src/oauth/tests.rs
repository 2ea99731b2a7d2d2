use base64::Engine as _;
use serde_json::json;

use super::*;
use crate::dpop::DpopKey;
use crate::jwk::PublicKey;
use crate::types::{Issuer, TokenSecret};

fn issuer() -> Issuer {
    Issuer::from_domain("tenant.us.auth0.com").unwrap()
}

fn cc() -> Grant {
    Grant::ClientCredentials {
        audience: "https://api".into(),
        scope: vec!["read:a".into(), "write:a".into()],
        organization: Some("org_1".into()),
    }
}

fn form(p: &Prepared) -> Vec<(&str, &str)> {
    p.form
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[test]
fn client_credentials_with_secret_post() {
    let auth = ClientAuth::SecretPost {
        client_id: "cid".into(),
        secret: ClientSecret::new("s3"),
    };
    let p = prepare("https://t/oauth/token", &issuer(), &cc(), &auth, 0, "j").unwrap();
    assert_eq!(
        form(&p),
        [
            ("grant_type", "client_credentials"),
            ("audience", "https://api"),
            ("scope", "read:a write:a"),
            ("organization", "org_1"),
            ("client_id", "cid"),
            ("client_secret", "s3")
        ]
    );
    assert!(p.headers.is_empty());
    assert!(
        !format!("{p:?}").contains("s3\""),
        "Debug must redact: {p:?}"
    );
}

#[test]
fn client_secret_basic_form_encodes_before_base64() {
    let auth = ClientAuth::SecretBasic {
        client_id: "c:d".into(),
        secret: ClientSecret::new("p&q"),
    };
    let p = prepare("https://t/oauth/token", &issuer(), &cc(), &auth, 0, "j").unwrap();
    assert!(
        !p.form
            .iter()
            .any(|(k, _)| k == "client_secret" || k == "client_id")
    );
    let expected = base64::engine::general_purpose::STANDARD.encode("c%3Ad:p%26q");
    assert_eq!(
        p.headers,
        vec![("authorization".to_owned(), format!("Basic {expected}"))]
    );
}

#[test]
fn private_key_jwt_assertions_have_the_required_claims_and_verify() {
    let key = SigningKey::generate_p256().unwrap();
    let auth = ClientAuth::PrivateKeyJwt {
        client_id: "cid".into(),
        key: key.clone(),
        alg: jose::Algorithm::ES256,
    };
    let p = prepare(
        "https://t/oauth/token",
        &issuer(),
        &cc(),
        &auth,
        1000,
        "jti-9",
    )
    .unwrap();
    let get = |k: &str| {
        p.form
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(get("client_assertion_type"), JWT_BEARER);
    let assertion = get("client_assertion");
    let jws = jose::CompactJws::parse(&assertion).unwrap();
    assert_eq!(jws.payload.object()["iss"], "cid");
    assert_eq!(jws.payload.object()["sub"], "cid");
    assert_eq!(jws.payload.object()["aud"], "https://tenant.us.auth0.com/");
    assert_eq!(jws.payload.object()["jti"], "jti-9");
    assert_eq!(
        jws.payload.object()["exp"].as_i64().unwrap()
            - jws.payload.object()["iat"].as_i64().unwrap(),
        300
    );
    PublicKey::from_jwk(&key.public_jwk())
        .unwrap()
        .verify(
            jose::Algorithm::ES256,
            jws.signing_input.as_bytes(),
            &jws.signature,
        )
        .unwrap();
}

#[test]
fn token_vault_is_sent_exactly_as_the_sdk_sends_it() {
    let grant = Grant::TokenVault {
        subject_token: TokenSecret::new("at"),
        subject_token_type: SubjectTokenType::AccessToken,
        connection: "google-oauth2".into(),
        login_hint: Some("me@example.com".into()),
    };
    let auth = ClientAuth::SecretPost {
        client_id: "cid".into(),
        secret: ClientSecret::new("s3"),
    };
    let p = prepare("https://t/oauth/token", &issuer(), &grant, &auth, 0, "j").unwrap();
    assert_eq!(
        form(&p),
        [
            ("grant_type", TOKEN_VAULT_GRANT),
            ("client_id", "cid"),
            ("subject_token", "at"),
            (
                "subject_token_type",
                "urn:ietf:params:oauth:token-type:access_token"
            ),
            ("requested_token_type", TOKEN_VAULT_REQUESTED),
            ("connection", "google-oauth2"),
            ("login_hint", "me@example.com"),
        ]
    );
    assert!(p.headers[0].1.starts_with("Basic "));
}

#[test]
fn exchange_validation_happens_before_the_network() {
    assert_eq!(validate_subject_token(""), Err(GrantError::BlankToken));
    assert_eq!(validate_subject_token(" t"), Err(GrantError::Whitespace));
    assert_eq!(
        validate_subject_token("Bearer t"),
        Err(GrantError::BearerPrefix)
    );
    validate_subject_token("eyJ.x.y").unwrap();
    for reserved in [
        "urn:ietf:params:oauth:token-type:jwt",
        "URN:AUTH0:x",
        "urn:okta:y",
        "https://auth0.com/t",
        "http://login.okta.com/x",
    ] {
        assert!(
            matches!(
                validate_custom_token_type(reserved),
                Err(GrantError::ReservedType(_))
            ),
            "{reserved}"
        );
    }
    validate_custom_token_type("urn:acme:legacy-token").unwrap();
    validate_custom_token_type("https://acme.example/token").unwrap();
    assert!(validate_custom_token_type("not a uri").is_err());
    assert_eq!(
        grant::parse_extra(&["Audience=x".into()]),
        Err(GrantError::ReservedParam("Audience".into()))
    );
    assert_eq!(
        grant::parse_extra(&["device=a".into()]).unwrap(),
        vec![("device".to_owned(), "a".to_owned())]
    );
    assert!(grant::parse_extra(&["novalue".into()]).is_err());
}

#[test]
fn answers_are_validated_like_the_sdk() {
    let ok = parse(
        "u",
        200,
        None,
        br#"{"access_token":"t","token_type":"Bearer","expires_in":86400,"scope":"a"}"#,
    )
    .unwrap();
    assert_eq!((ok.expires_in, ok.scope.as_deref()), (86_400, Some("a")));
    assert!(!format!("{ok:?}").contains("\"t\""));
    assert!(matches!(
        parse(
            "u",
            200,
            None,
            br#"{"access_token":"","token_type":"Bearer"}"#
        ),
        Err(TokenEndpointError::Malformed {
            problem: AnswerError::Empty { .. },
            ..
        })
    ));
    assert!(matches!(
        parse(
            "u",
            200,
            None,
            br#"{"access_token":"t","token_type":"Bearer","expires_in":"60"}"#
        ),
        Err(TokenEndpointError::Malformed {
            problem: AnswerError::ExpiresIn,
            ..
        })
    ));
    assert!(matches!(
        parse(
            "u",
            200,
            None,
            br#"{"access_token":"t","token_type":"Bearer","expires_in":-1}"#
        ),
        Err(TokenEndpointError::Malformed {
            problem: AnswerError::ExpiresIn,
            ..
        })
    ));
    let refused = parse("u", 403, None, json!({"error":"access_denied","error_description":"Client is not authorized to access \"https://api\"."}).to_string().as_bytes()).unwrap_err();
    let text = refused.to_string();
    assert!(
        text.contains("access_denied: Client is not authorized") && text.contains("hint:"),
        "{text}"
    );
    assert!(!text.contains('\n'), "one line: {text}");
    let html = parse("u", 502, None, b"<html>Bad gateway</html>").unwrap_err();
    assert!(html.to_string().contains("<html>Bad gateway"), "{html}");
}

/// A server's answer reaches `Authorization` headers, `$GITHUB_ENV` and shell
/// variables: a token with a newline would write a second line there.
#[test]
fn a_token_outside_vschar_is_a_malformed_answer_that_never_shows_it() {
    let answer = |token: &str, token_type: &str| {
        json!({"access_token": token, "token_type": token_type, "expires_in": 60}).to_string()
    };
    for (token, offset, byte) in [
        ("zqv\nX=1", 3, 0x0a),
        ("zqv\r", 3, 0x0d),
        ("\u{0}zqv", 0, 0x00),
        ("zqv\u{7f}", 3, 0x7f),
        ("zqv\u{e9}", 3, 0xc3),
        ("zqvw\u{2028}", 4, 0xe2),
    ] {
        let err = parse("u", 200, None, answer(token, "Bearer").as_bytes()).unwrap_err();
        assert_eq!(
            err,
            TokenEndpointError::Malformed {
                url: "u".into(),
                problem: AnswerError::NotVschar {
                    member: "access_token",
                    appendix: "A.12",
                    offset,
                    byte
                }
            },
            "{token:?}"
        );
        let text = err.to_string();
        assert!(text.contains("malformed answer"), "{text}");
        assert!(!text.contains("zqv") && !text.contains("X=1"), "{text}");
    }
    // Every VSCHAR is accepted, space included (RFC 6749 Appendix A.12).
    let all: String = (0x20u8..=0x7e).map(char::from).collect();
    let ok = parse("u", 200, None, answer(&all, "bearer").as_bytes()).unwrap();
    assert_eq!(ok.access_token.expose(), all);
    assert_eq!(ok.token_type, "Bearer", "case-insensitive, RFC 6749 §5.1");
    let missing = parse(
        "u",
        200,
        None,
        br#"{"access_token":7,"token_type":"Bearer"}"#,
    );
    assert!(matches!(
        missing,
        Err(TokenEndpointError::Malformed {
            problem: AnswerError::Missing { .. },
            ..
        })
    ));
}

#[test]
fn token_type_must_be_bearer_or_dpop() {
    let with_type = |t: serde_json::Value| {
        parse(
            "u",
            200,
            None,
            json!({"access_token": "t", "token_type": t})
                .to_string()
                .as_bytes(),
        )
    };
    assert_eq!(with_type(json!("DPOP")).unwrap().token_type, "DPoP");
    for t in [json!("mac"), json!("Bearer "), json!(""), json!(1)] {
        let err = with_type(t.clone()).unwrap_err();
        assert!(
            matches!(
                err,
                TokenEndpointError::Malformed {
                    problem: AnswerError::TokenType(_),
                    ..
                }
            ),
            "{t}: {err}"
        );
    }
    let hostile = with_type(json!("x\n::add-mask::y"))
        .unwrap_err()
        .to_string();
    assert!(
        !hostile.contains('\n') && hostile.contains("x\\n::add-mask::y"),
        "{hostile}"
    );
    let none = parse("u", 200, None, br#"{"access_token":"t"}"#).unwrap_err();
    assert!(none.to_string().contains("RFC 6749 §5.1"), "{none}");
}

#[test]
fn a_refresh_token_is_checked_as_the_access_token() {
    let answer = |rt: serde_json::Value| {
        parse(
            "u",
            200,
            None,
            json!({"access_token": "t", "token_type": "Bearer", "refresh_token": rt})
                .to_string()
                .as_bytes(),
        )
    };
    assert!(answer(json!("v1.refresh-OK")).is_ok());
    let err = answer(json!("zqv\nX=1")).unwrap_err();
    assert!(
        err.to_string().contains("refresh_token holds byte 0x0A")
            && !err.to_string().contains("zqv"),
        "{err}"
    );
    assert!(answer(json!(3)).is_err());
}

#[test]
fn a_200_body_that_is_not_json_is_never_quoted() {
    let err = parse(
        "u",
        200,
        None,
        b"access_token=secret-value&token_type=bearer",
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("malformed answer") && !err.to_string().contains("secret"),
        "{err}"
    );
}

#[test]
fn error_descriptions_are_escaped_on_one_line() {
    let err = parse(
        "u",
        400,
        None,
        json!({"error": "bad\u{2028}code", "error_description": "line1\n::add-mask::x\u{1b}[2J"})
            .to_string()
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "u: HTTP 400: bad\\u{2028}code: line1\\n::add-mask::x\\u{1b}[2J"
    );
}

/// A token cache key for client `c` at issuer `i`, audience `a`.
fn cache_key() -> cache::TokenCacheKey {
    cache::TokenCacheKey {
        issuer: "i".into(),
        client_id: "c".into(),
        audience: "a".into(),
        scope: String::new(),
        organization: None,
        jkt: None,
        credential: String::new(),
    }
}

/// A well-formed answer: a Bearer token for an hour.
fn bearer_answer() -> TokenResponse {
    parse(
        "u",
        200,
        None,
        br#"{"access_token":"t","token_type":"Bearer","expires_in":3600}"#,
    )
    .unwrap()
}

#[test]
fn the_dpop_key_thumbprint_is_part_of_the_cache_key() {
    let dir = tempfile::tempdir().unwrap();
    // The cache root itself must be private (0700): a subdirectory the cache creates.
    let cache = crate::cache::CacheDir::new(dir.path().join("c"));
    let key = cache_key();
    let response = bearer_answer();
    cache::store(&cache, &key, &response, 1000).unwrap();
    assert!(cache::load(&cache, &key, 1000, 60, None).is_some());
    assert!(
        cache::load(&cache, &key, 1000 + 3540, 60, None).is_none(),
        "less than 60 s left"
    );
    let bound = cache::TokenCacheKey {
        jkt: Some(DpopKey::generate().unwrap().thumbprint()),
        ..key.clone()
    };
    assert!(cache::load(&cache, &bound, 1000, 60, None).is_none());
    std::fs::write(
        cache.root().join(
            std::fs::read_dir(cache.root())
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .file_name(),
        ),
        b"{corrupt",
    )
    .unwrap();
    assert!(
        cache::load(&cache, &key, 1000, 60, None).is_none(),
        "corrupt entries are misses"
    );
}

/// The cache is a file on disk: an entry is read back with the checks of a
/// fresh answer, and an answer that fails them is never written.
#[test]
fn the_token_cache_neither_stores_nor_returns_a_malformed_answer() {
    let dir = tempfile::tempdir().unwrap();
    let cache = crate::cache::CacheDir::new(dir.path().join("cache"));
    let key = cache_key();
    let good = bearer_answer();
    let mut forged = good.clone();
    forged.raw.insert("access_token".into(), json!("t\nX=1"));
    assert!(cache::store(&cache, &key, &forged, 1000).is_err());
    assert!(cache::load(&cache, &key, 1000, 60, None).is_none());
    cache::store(&cache, &key, &good, 1000).unwrap();
    assert!(cache::load(&cache, &key, 1000, 60, None).is_some());
    let entry = std::fs::read_dir(cache.root())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains(r#""access_token":"t""#), "{text}");
    std::fs::write(
        &entry,
        text.replace(r#""access_token":"t""#, r#""access_token":"t\nX=1""#),
    )
    .unwrap();
    assert!(
        cache::load(&cache, &key, 1000, 60, None).is_none(),
        "a tampered entry is a miss"
    );
}

#[test]
fn the_user_grants_send_their_fields_and_a_public_client_its_id_alone() {
    use super::secret::{AuthCode, CodeVerifier, DeviceCode, RefreshToken};
    let issuer = Issuer::from_domain("t.auth0.com").unwrap();
    let public = ClientAuth::Public {
        client_id: "cli".into(),
    };
    let form = |grant: &Grant| {
        prepare(
            "https://t.auth0.com/oauth/token",
            &issuer,
            grant,
            &public,
            0,
            "j",
        )
        .unwrap()
        .form
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect()
    };
    assert_eq!(
        form(&Grant::AuthorizationCode {
            code: AuthCode::new("c0de"),
            redirect_uri: "http://127.0.0.1:1/callback".into(),
            verifier: CodeVerifier::new("v"),
        }),
        pairs(&[
            ("grant_type", "authorization_code"),
            ("code", "c0de"),
            ("redirect_uri", "http://127.0.0.1:1/callback"),
            ("code_verifier", "v"),
            ("client_id", "cli"),
        ])
    );
    assert_eq!(
        form(&Grant::Refresh {
            refresh_token: RefreshToken::new("rt"),
            scope: vec![],
        }),
        pairs(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "rt"),
            ("client_id", "cli"),
        ])
    );
    assert_eq!(
        form(&Grant::DeviceCode {
            device_code: DeviceCode::new("dc"),
        }),
        pairs(&[
            ("grant_type", DEVICE_CODE_GRANT),
            ("device_code", "dc"),
            ("client_id", "cli"),
        ])
    );
    let revoke = prepare_revoke(
        "https://t.auth0.com/oauth/revoke",
        &issuer,
        &RefreshToken::new("rt"),
        &public,
        0,
        "j",
    )
    .unwrap();
    assert_eq!(
        revoke.form,
        pairs(&[
            ("token", "rt"),
            ("token_type_hint", "refresh_token"),
            ("client_id", "cli"),
        ])
    );
    // None of these values is traced.
    let traced = crate::answer::redact_form(&revoke.form);
    assert!(
        !traced.contains("rt&") && !traced.ends_with("=rt"),
        "{traced}"
    );
}

#[test]
fn only_invalid_grant_marks_a_refresh_token_the_tenant_no_longer_honours() {
    let refused = |status, error: &str| {
        let body = serde_json::json!({"error": error, "error_description": UNKNOWN_REFRESH_TOKEN});
        parse("u", status, None, body.to_string().as_bytes()).unwrap_err()
    };
    assert!(refresh_token_refused(&refused(403, "invalid_grant")));
    assert!(!refresh_token_refused(&refused(401, "invalid_client")));
}
