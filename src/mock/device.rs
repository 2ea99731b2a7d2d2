//! The device authorization grant's tenant side (RFC 8628):
//! `POST /oauth/device/code` hands out a device code and a user code, and
//! the `/activate` page is where the user confirms the code and logs in.
//! Polling is answered at the token endpoint (`grants.rs`).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use super::client_auth::known_client;
use super::params::Params;
use super::reply::no_store;
use super::store::{Device, DeviceState, Grant};
use super::{Mock, OAuthError, oauth_error, pages, random_token, users};

/// RFC 8628 §6.1: consonants only, no vowels to spell words with.
const USER_CODE_ALPHABET: &[u8; 20] = b"BCDFGHJKLMNPQRSTVWXZ";

pub(crate) fn routes() -> Router<Arc<Mock>> {
    Router::new()
        .route("/oauth/device/code", post(device_code))
        .route("/activate", get(activate_page).post(activate))
}

/// `BCDF-GHJK`: 8 random letters of [`USER_CODE_ALPHABET`].
fn user_code() -> String {
    let mut code = String::with_capacity(9);
    while code.len() < 9 {
        let mut b = [0u8; 16];
        aws_lc_rs::rand::fill(&mut b).expect("system randomness");
        // Bytes below 240 keep the 20 letters equally likely.
        for byte in b.into_iter().filter(|&x| x < 240) {
            if code.len() == 4 {
                code.push('-');
            }
            if code.len() < 9 {
                code.push(USER_CODE_ALPHABET[usize::from(byte % 20)] as char);
            }
        }
    }
    code
}

async fn device_code(State(mock): State<Arc<Mock>>, headers: HeaderMap, body: Bytes) -> Response {
    answer(&mock, &headers, &body).unwrap_or_else(IntoResponse::into_response)
}

fn answer(mock: &Mock, headers: &HeaderMap, body: &[u8]) -> Result<Response, OAuthError> {
    let params = Params::parse(headers, body)?;
    let client_id = params.get("client_id").unwrap_or("");
    if !known_client(mock, client_id) {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized_client",
            "Unauthorized or unknown client",
        ));
    }
    let audience = params.get("audience").filter(|a| !a.is_empty());
    if let Some(audience) = audience.filter(|a| !mock.config.audiences.iter().any(|x| x == a)) {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "access_denied",
            &format!("Service not found: {audience}"),
        ));
    }
    let now = mock.clock.now();
    let device_code = random_token();
    let user_code = user_code();
    let device = Device {
        client_id: client_id.to_owned(),
        user_code: user_code.clone(),
        scope: params.get("scope").unwrap_or("openid").to_owned(),
        audience: audience.map(str::to_owned),
        expires: now + mock.config.device_expires as i64,
        interval: mock.config.device_interval,
        last_poll: None,
        state: DeviceState::Pending,
    };
    {
        let mut store = mock.store.lock().expect("lock");
        store.sweep(now);
        store.devices.insert(device_code.clone(), device);
    }
    let verification_uri = format!("{}activate", mock.url);
    Ok(no_store(json!({
        "device_code": device_code,
        "user_code": user_code,
        "verification_uri": verification_uri,
        "verification_uri_complete": format!("{verification_uri}?user_code={user_code}"),
        "expires_in": mock.config.device_expires,
        "interval": mock.config.device_interval,
    })))
}

async fn activate_page(RawQuery(query): RawQuery) -> Response {
    let params = Params::from_query(query);
    pages::activate(params.get("user_code").unwrap_or(""), None)
}

async fn activate(State(mock): State<Arc<Mock>>, body: Bytes) -> Response {
    let form = Params::from_form(&body);
    let code = form.get("user_code").unwrap_or("");
    let now = mock.clock.now();
    let approve = form.get("action") != Some("deny");
    let user = if approve {
        let email = form.get("username").unwrap_or("");
        let password = form.get("password").unwrap_or("");
        match users::authenticate(&mock.users, email, password) {
            Some(user) => mock.users.iter().position(|u| std::ptr::eq(u, user)),
            None => None,
        }
    } else {
        None
    };
    let mut store = mock.store.lock().expect("lock");
    let Some(device) = store
        .device_by_user_code(code)
        .filter(|d| now < d.expires && matches!(d.state, DeviceState::Pending))
    else {
        return pages::activate(code, Some("Invalid code"));
    };
    if !approve {
        device.state = DeviceState::Denied;
        return pages::message(
            StatusCode::OK,
            "Access denied",
            "Access denied: the device was not connected.",
        );
    }
    let Some(user) = user else {
        return pages::activate(code, Some("Wrong email or password."));
    };
    device.state = DeviceState::Approved(Grant {
        client_id: device.client_id.clone(),
        user,
        scope: device.scope.clone(),
        audience: device.audience.clone(),
        organization: None,
        auth_time: now,
        sid: random_token(),
        nonce: None,
    });
    pages::message(
        StatusCode::OK,
        "Your device is now connected",
        "Your device is now connected. You can close this window.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_codes_are_eight_consonants_with_a_dash() {
        for _ in 0..50 {
            let code = user_code();
            assert_eq!(code.len(), 9, "{code}");
            assert_eq!(&code[4..5], "-");
            assert!(
                code.bytes()
                    .filter(|&b| b != b'-')
                    .all(|b| USER_CODE_ALPHABET.contains(&b)),
                "{code}"
            );
        }
    }
}
