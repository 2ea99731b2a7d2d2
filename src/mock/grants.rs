//! The user grants at `POST /oauth/token` — authorization code with PKCE
//! (RFC 6749 §4.1.3, RFC 7636 §4.6), refresh token with rotation and reuse
//! detection, device code polling (RFC 8628 §3.4–3.5) — and
//! `POST /oauth/revoke` (RFC 7009). Errors in Auth0's words; the tokens
//! come from `issue.rs`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::client_auth::authenticate;
use super::issue::{TokenRequest, granted_user_scopes, issue_user};
use super::params::Params;
use super::store::DeviceState;
use super::{Mock, OAuthError, oauth_error};

pub(crate) const DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";

pub(crate) fn routes() -> Router<Arc<Mock>> {
    Router::new().route("/oauth/revoke", post(revoke))
}

fn invalid_grant(description: &str) -> OAuthError {
    oauth_error(StatusCode::FORBIDDEN, "invalid_grant", description)
}

/// RFC 7636 §4.6: the verifier against the challenge the code was issued for.
fn pkce_ok(challenge: &str, method: &str, verifier: &str) -> bool {
    // §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~].
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    let derived = match method {
        "S256" => crate::dpop::ath(verifier),
        _ => verifier.to_owned(),
    };
    well_formed
        && aws_lc_rs::constant_time::verify_slices_are_equal(
            derived.as_bytes(),
            challenge.as_bytes(),
        )
        .is_ok()
}

pub(crate) fn authorization_code(request: TokenRequest<'_>) -> Result<Response, OAuthError> {
    let (mock, params) = (request.mock, request.params);
    let code = params.required("code")?;
    let now = mock.clock.now();
    let mut store = mock.store.lock().expect("lock");
    let Some(entry) = store.codes.get_mut(code) else {
        return Err(invalid_grant("Invalid authorization code"));
    };
    if entry.used {
        // RFC 6749 §4.1.2: a replayed code revokes what it gave.
        if let Some(family) = entry.family {
            store.revoke_family(family);
        }
        return Err(invalid_grant("Invalid authorization code"));
    }
    if entry.expires <= now || entry.grant.client_id != request.client_id {
        return Err(invalid_grant("Invalid authorization code"));
    }
    entry.used = true;
    if params.get("redirect_uri") != Some(entry.redirect_uri.as_str()) {
        return Err(invalid_grant("Invalid redirect_uri"));
    }
    if let Some((challenge, method)) = &entry.pkce {
        let verifier = params.get("code_verifier").unwrap_or("");
        if !pkce_ok(challenge, method, verifier) {
            return Err(invalid_grant("Failed to verify code verifier"));
        }
    }
    let grant = entry.grant.clone();
    let refresh = granted_user_scopes(mock, &grant.scope)
        .contains(&"offline_access")
        .then(|| {
            let mut kept = grant.clone();
            kept.nonce = None;
            store.new_refresh(kept, None)
        });
    if let (Some((_, family)), Some(entry)) = (&refresh, store.codes.get_mut(code)) {
        entry.family = Some(*family);
    }
    drop(store);
    issue_user(
        mock,
        &grant,
        request.jkt,
        refresh.as_ref().map(|(t, _)| t),
        true,
    )
}

pub(crate) fn refresh_token(request: TokenRequest<'_>) -> Result<Response, OAuthError> {
    let (mock, params) = (request.mock, request.params);
    let token = params.required("refresh_token")?;
    let refused = || invalid_grant("Unknown or invalid refresh token.");
    let mut store = mock.store.lock().expect("lock");
    let Some(entry) = store.refresh.get_mut(token) else {
        return Err(refused());
    };
    if entry.grant.client_id != request.client_id {
        return Err(refused());
    }
    if !entry.active {
        // Reuse of a rotated token: the whole family goes.
        let family = entry.family;
        store.revoke_family(family);
        return Err(refused());
    }
    let mut issued = entry.grant.clone();
    if let Some(requested) = params.get("scope") {
        let original = granted_user_scopes(mock, &entry.grant.scope);
        if let Some(extra) = requested
            .split(' ')
            .find(|s| !s.is_empty() && !original.contains(s))
        {
            return Err(oauth_error(
                StatusCode::FORBIDDEN,
                "invalid_scope",
                &format!("Scope {extra} was not granted to this refresh token"),
            ));
        }
        issued.scope = requested.to_owned();
    }
    entry.active = false;
    let (family, kept) = (entry.family, entry.grant.clone());
    let (fresh, _) = store.new_refresh(kept, Some(family));
    drop(store);
    issue_user(mock, &issued, request.jkt, Some(&fresh), false)
}

pub(crate) fn device_code(request: TokenRequest<'_>) -> Result<Response, OAuthError> {
    let (mock, params) = (request.mock, request.params);
    let code = params.required("device_code")?;
    let now = mock.clock.now();
    let mut store = mock.store.lock().expect("lock");
    let Some(device) = store
        .devices
        .get_mut(code)
        .filter(|d| d.client_id == request.client_id)
    else {
        return Err(invalid_grant("Invalid or expired device code."));
    };
    if now >= device.expires {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "expired_token",
            "The device code has expired.",
        ));
    }
    let too_soon = device
        .last_poll
        .is_some_and(|last| now - last < device.interval as i64);
    device.last_poll = Some(now);
    if too_soon {
        // RFC 8628 §3.5: and the interval grows by 5 seconds.
        let interval = device.interval;
        device.interval += 5;
        return Err(oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "slow_down",
            &format!("You are polling faster than the specified interval of {interval} seconds."),
        ));
    }
    let grant = match &device.state {
        DeviceState::Pending => {
            return Err(oauth_error(
                StatusCode::FORBIDDEN,
                "authorization_pending",
                "User has yet to authorize device code.",
            ));
        }
        DeviceState::Denied => {
            return Err(oauth_error(
                StatusCode::FORBIDDEN,
                "access_denied",
                "User refused to authorize",
            ));
        }
        DeviceState::Approved(grant) => grant.clone(),
    };
    store.devices.remove(code);
    let refresh = granted_user_scopes(mock, &grant.scope)
        .contains(&"offline_access")
        .then(|| store.new_refresh(grant.clone(), None).0);
    drop(store);
    issue_user(mock, &grant, request.jkt, refresh.as_ref(), false)
}

/// RFC 7009: revokes the refresh token's family; an unknown token is no error.
async fn revoke(State(mock): State<Arc<Mock>>, headers: HeaderMap, body: Bytes) -> Response {
    let answer = || -> Result<Response, OAuthError> {
        let params = Params::parse(&headers, &body)?;
        let client_id = authenticate(&mock, &headers, &params)?;
        let token = params.required("token")?;
        let mut store = mock.store.lock().expect("lock");
        let family = store
            .refresh
            .get(token)
            .filter(|r| r.grant.client_id == client_id)
            .map(|r| r.family);
        if let Some(family) = family {
            store.revoke_family(family);
        }
        Ok(StatusCode::OK.into_response())
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_and_plain_as_rfc_7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_ok(challenge, "S256", verifier));
        assert!(!pkce_ok(challenge, "plain", verifier));
        assert!(pkce_ok(verifier, "plain", verifier));
        assert!(!pkce_ok(challenge, "S256", &verifier.replace('d', "e")));
        assert!(!pkce_ok("short", "plain", "short"), "too short a verifier");
    }
}

#[cfg(test)]
mod clock_tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicI64, Ordering};

    use super::*;
    use crate::clock::Clock;
    use crate::mock::store::{CODE_LIFETIME, Code, Device, Grant};
    use crate::mock::{MockConfig, MockServer};

    /// A clock the test moves.
    struct Manual(AtomicI64);
    impl Clock for Manual {
        fn now(&self) -> i64 {
            self.0.load(Ordering::SeqCst)
        }
    }

    fn grant() -> Grant {
        Grant {
            client_id: "app".into(),
            user: 0,
            scope: "openid".into(),
            audience: None,
            organization: None,
            auth_time: 1_000,
            sid: "sid".into(),
            nonce: None,
        }
    }

    async fn tenant(clock: Arc<Manual>) -> MockServer {
        let config = MockConfig {
            public_clients: vec!["app".into()],
            ..MockConfig::default()
        };
        MockServer::bind_with_clock(config, clock).await.unwrap()
    }

    #[tokio::test]
    async fn a_code_expires_after_600_seconds_on_the_tenants_clock() {
        let clock = Arc::new(Manual(AtomicI64::new(1_000)));
        let server = tenant(clock.clone()).await;
        let mock = &server.state;
        for code in ["fresh", "stale"] {
            mock.store.lock().unwrap().codes.insert(
                code.into(),
                Code {
                    grant: grant(),
                    redirect_uri: "http://127.0.0.1/callback".into(),
                    pkce: None,
                    expires: 1_000 + CODE_LIFETIME,
                    used: false,
                    family: None,
                },
            );
        }
        let params = |code: &str| {
            Params::from(vec![
                ("code".to_owned(), code.to_owned()),
                (
                    "redirect_uri".to_owned(),
                    "http://127.0.0.1/callback".to_owned(),
                ),
            ])
        };
        let (fresh, stale) = (params("fresh"), params("stale"));
        let request = |params| TokenRequest {
            mock,
            client_id: "app",
            params,
            jkt: None,
        };
        clock.0.store(1_000 + CODE_LIFETIME - 1, Ordering::SeqCst);
        assert!(authorization_code(request(&fresh)).is_ok());
        clock.0.store(1_000 + CODE_LIFETIME, Ordering::SeqCst);
        let err = authorization_code(request(&stale)).unwrap_err();
        assert_eq!(err.description, "Invalid authorization code");
    }

    #[tokio::test]
    async fn device_polling_and_expiry_follow_the_tenants_clock() {
        let clock = Arc::new(Manual(AtomicI64::new(5_000)));
        let server = tenant(clock.clone()).await;
        let mock = &server.state;
        mock.store.lock().unwrap().devices.insert(
            "dc".into(),
            Device {
                client_id: "app".into(),
                user_code: "BCDF-GHJK".into(),
                scope: "openid".into(),
                audience: None,
                expires: 5_900,
                interval: 5,
                last_poll: None,
                state: DeviceState::Pending,
            },
        );
        let params = Params::from(vec![("device_code".to_owned(), "dc".to_owned())]);
        let error = |at: i64| {
            clock.0.store(at, Ordering::SeqCst);
            let request = TokenRequest {
                mock,
                client_id: "app",
                params: &params,
                jkt: None,
            };
            device_code(request).unwrap_err().error
        };
        assert_eq!(error(5_000), "authorization_pending");
        assert_eq!(error(5_004), "slow_down"); // 4 s < 5 s; the interval is now 10 s
        assert_eq!(error(5_013), "slow_down"); // 9 s < 10 s; now 15 s
        assert_eq!(error(5_028), "authorization_pending"); // 15 s
        assert_eq!(error(5_900), "expired_token");
    }
}
