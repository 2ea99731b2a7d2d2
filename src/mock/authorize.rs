//! `GET /authorize` and `POST /u/login`: the authorization code flow's
//! browser half (RFC 6749 §4.1, PKCE RFC 7636), as Auth0's Universal
//! Login answers it.
//!
//! An unknown client or a callback URL that is not allowed gets an error
//! page (Auth0 never redirects to a URI it has not verified); every later
//! error is a redirect to the callback with `error`, `error_description`
//! and `state`. A login sets the `auth0_mock_session` cookie, so that
//! `prompt=none` and `max_age` find the session afterwards.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::client_auth::{is_public, known_client};
use super::pages;
use super::params::Params;
use super::store::{CODE_LIFETIME, Code, Grant, Session, Transaction};
use super::{Mock, random_token, users};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "auth0_mock_session";

pub(crate) fn routes() -> Router<Arc<Mock>> {
    Router::new()
        .route("/authorize", get(authorize))
        .route("/u/login", post(login))
}

/// Whether `redirect_uri` is one of the allowed callbacks: exactly, or for
/// a loopback callback with any port (RFC 8252 §7.3).
pub(crate) fn callback_allowed(allowed: &[String], redirect_uri: &str) -> bool {
    let Ok(wanted) = url::Url::parse(redirect_uri) else {
        return false;
    };
    if wanted.fragment().is_some() {
        return false; // RFC 6749 §3.1.2
    }
    allowed.iter().any(|a| {
        if a == redirect_uri {
            return true;
        }
        let Ok(a) = url::Url::parse(a) else {
            return false;
        };
        let loopback = |u: &url::Url| {
            u.scheme() == "http"
                && matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
        };
        loopback(&a)
            && loopback(&wanted)
            && a.host_str() == wanted.host_str()
            && a.path() == wanted.path()
            && a.query() == wanted.query()
    })
}

/// `redirect_uri` with `pairs` added to its query.
pub(crate) fn with_query(redirect_uri: &str, pairs: &[(&str, &str)]) -> String {
    match url::Url::parse(redirect_uri) {
        Ok(mut url) => {
            {
                let mut query = url.query_pairs_mut();
                for (k, v) in pairs {
                    query.append_pair(k, v);
                }
            }
            url.into()
        }
        Err(_) => redirect_uri.to_owned(),
    }
}

/// A 302 to `location`.
pub(crate) fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (
            StatusCode::FOUND,
            [
                (header::LOCATION, value),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(_) => pages::error("Error", "The redirect URL cannot be sent."),
    }
}

/// An error redirect to the callback (RFC 6749 §4.1.2.1).
fn redirect_error(
    redirect_uri: &str,
    state: Option<&str>,
    error: &str,
    description: &str,
) -> Response {
    let mut pairs = vec![("error", error), ("error_description", description)];
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    found(&with_query(redirect_uri, &pairs))
}

/// The values of the request's session cookies, in the order sent.
pub(crate) fn session_cookies(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .filter(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

/// The session named by the request's (first) session cookie, if the
/// tenant knows it.
fn session_of(mock: &Mock, headers: &HeaderMap) -> Option<Session> {
    let id = session_cookies(headers).next()?;
    mock.store.lock().expect("lock").sessions.get(id).cloned()
}

async fn authorize(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params = Params::from_query(query);
    let client_id = params.get("client_id").unwrap_or("");
    if client_id.is_empty() {
        return pages::error(
            "Error",
            "invalid_request: Missing required parameter: client_id",
        );
    }
    if !known_client(&mock, client_id) {
        return pages::error(
            "Error",
            &format!("invalid_request: Unknown client: {client_id}"),
        );
    }
    let Some(redirect_uri) = params.get("redirect_uri").filter(|r| !r.is_empty()) else {
        return pages::error(
            "Error",
            "invalid_request: Missing required parameter: redirect_uri",
        );
    };
    if !callback_allowed(&mock.config.callbacks, redirect_uri) {
        return pages::callback_mismatch(redirect_uri, mock.config.callback_setting.as_deref());
    }
    let state = params.get("state");
    let fail =
        |error: &str, description: &str| redirect_error(redirect_uri, state, error, description);
    match params.get("response_type") {
        Some("code") => {}
        None => {
            return fail(
                "invalid_request",
                "Missing required parameter: response_type",
            );
        }
        Some(other) => {
            return fail(
                "unsupported_response_type",
                &format!("Unsupported response type: {other}"),
            );
        }
    }
    let audience = params.get("audience").filter(|a| !a.is_empty());
    if let Some(audience) = audience.filter(|a| !mock.config.audiences.iter().any(|x| x == a)) {
        return fail("access_denied", &format!("Service not found: {audience}"));
    }
    let pkce = match (
        params.get("code_challenge").filter(|c| !c.is_empty()),
        params
            .get("code_challenge_method")
            .filter(|m| !m.is_empty()),
    ) {
        (Some(challenge), method) => {
            let method = method.unwrap_or("plain"); // RFC 7636 §4.3
            if !matches!(method, "S256" | "plain") {
                return fail(
                    "invalid_request",
                    "Unsupported code_challenge_method: use S256 or plain",
                );
            }
            Some((challenge.to_owned(), method.to_owned()))
        }
        (None, Some(_)) => {
            return fail(
                "invalid_request",
                "Missing required parameter: code_challenge",
            );
        }
        (None, None) if is_public(&mock, client_id) => {
            return fail(
                "invalid_request",
                "Missing required parameter: code_challenge",
            );
        }
        (None, None) => None,
    };
    let now = mock.clock.now();
    let transaction = Transaction {
        client_id: client_id.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        state: state.map(str::to_owned),
        scope: params.get("scope").unwrap_or("openid").to_owned(),
        audience: audience.map(str::to_owned),
        organization: params.get("organization").map(str::to_owned),
        nonce: params.get("nonce").map(str::to_owned),
        pkce,
        created: now,
    };
    let prompt = params.get("prompt").unwrap_or("");
    let max_age = params.get("max_age").and_then(|m| m.parse::<i64>().ok());
    let session = session_of(&mock, &headers)
        .filter(|_| !prompt.split(' ').any(|p| p == "login"))
        .filter(|s| max_age.is_none_or(|m| now - s.auth_time <= m));
    if let Some(session) = session {
        return code_redirect(&mock, transaction, &session, None);
    }
    if prompt.split(' ').any(|p| p == "none") {
        return fail("login_required", "Login required");
    }
    if mock.config.auto_login {
        let session = new_session(&mock, 0);
        return code_redirect(&mock, transaction, &session.1, Some(&session.0));
    }
    let id = random_token();
    let hint = params.get("login_hint").map(str::to_owned);
    let client = transaction.client_id.clone();
    let redirect_uri = transaction.redirect_uri.clone();
    {
        let mut store = mock.store.lock().expect("lock");
        store.sweep(now);
        store.transactions.insert(id.clone(), transaction);
    }
    pages::login(&pages::LoginPage {
        transaction: &id,
        client: &client,
        login_hint: hint.as_deref(),
        error: None,
        redirect_uri: &redirect_uri,
    })
}

/// A fresh browser session for user `user`: (cookie value, session).
fn new_session(mock: &Mock, user: usize) -> (String, Session) {
    let id = random_token();
    let session = Session {
        user,
        auth_time: mock.clock.now(),
        sid: random_token(),
    };
    mock.store
        .lock()
        .expect("lock")
        .sessions
        .insert(id.clone(), session.clone());
    (id, session)
}

/// Issues a code for `transaction` and redirects to its callback (setting
/// the session cookie when the session is new).
fn code_redirect(
    mock: &Mock,
    transaction: Transaction,
    session: &Session,
    cookie: Option<&str>,
) -> Response {
    let code = random_token();
    let now = mock.clock.now();
    let grant = Grant {
        client_id: transaction.client_id,
        user: session.user,
        scope: transaction.scope,
        audience: transaction.audience,
        organization: transaction.organization,
        auth_time: session.auth_time,
        sid: session.sid.clone(),
        nonce: transaction.nonce,
    };
    mock.store.lock().expect("lock").codes.insert(
        code.clone(),
        Code {
            grant,
            redirect_uri: transaction.redirect_uri.clone(),
            pkce: transaction.pkce,
            expires: now + CODE_LIFETIME,
            used: false,
            family: None,
        },
    );
    let mut pairs = vec![("code", code.as_str())];
    if let Some(state) = transaction.state.as_deref() {
        pairs.push(("state", state));
    }
    let mut response = found(&with_query(&transaction.redirect_uri, &pairs));
    if let Some(cookie) = cookie {
        let value = format!("{SESSION_COOKIE}={cookie}; Path=/; HttpOnly; SameSite=Lax");
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    response
}

async fn login(State(mock): State<Arc<Mock>>, body: Bytes) -> Response {
    let form = Params::from_form(&body);
    let id = form.get("state").unwrap_or("");
    let transaction = mock
        .store
        .lock()
        .expect("lock")
        .transactions
        .get(id)
        .cloned();
    let Some(transaction) = transaction else {
        return pages::error(
            "Error",
            "This login page has expired or was already used: start the login again.",
        );
    };
    if form.get("action") == Some("deny") {
        mock.store.lock().expect("lock").transactions.remove(id);
        return redirect_error(
            &transaction.redirect_uri,
            transaction.state.as_deref(),
            "access_denied",
            "User did not authorize the request",
        );
    }
    let email = form.get("username").unwrap_or("");
    let password = form.get("password").unwrap_or("");
    let Some(user) = users::authenticate(&mock.users, email, password) else {
        return pages::login(&pages::LoginPage {
            transaction: id,
            client: &transaction.client_id,
            login_hint: Some(email),
            error: Some("Wrong email or password."),
            redirect_uri: &transaction.redirect_uri,
        });
    };
    let index = mock
        .users
        .iter()
        .position(|u| std::ptr::eq(u, user))
        .unwrap_or(0);
    if mock
        .store
        .lock()
        .expect("lock")
        .transactions
        .remove(id)
        .is_none()
    {
        // Submitted twice at once: the other submission logged in.
        return pages::error("Error", "This login page was already used.");
    }
    let (cookie, session) = new_session(&mock, index);
    code_redirect(&mock, transaction, &session, Some(&cookie))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_callbacks_match_any_port_others_exactly() {
        let allowed = vec![
            "http://127.0.0.1/callback".to_owned(),
            "http://localhost/callback".to_owned(),
            "https://app.example.com/cb".to_owned(),
        ];
        for ok in [
            "http://127.0.0.1:53124/callback",
            "http://127.0.0.1/callback",
            "http://localhost:8080/callback",
            "https://app.example.com/cb",
        ] {
            assert!(callback_allowed(&allowed, ok), "{ok}");
        }
        for bad in [
            "http://127.0.0.1:53124/other",
            "https://127.0.0.1:53124/callback",
            "http://127.0.0.2:53124/callback",
            "http://localhost.evil.com/callback",
            "https://app.example.com:8443/cb",
            "https://app.example.com/cb/",
            "http://127.0.0.1:1/callback#x",
            "not a url",
        ] {
            assert!(!callback_allowed(&allowed, bad), "{bad}");
        }
    }

    #[test]
    fn error_redirects_keep_the_callbacks_query() {
        assert_eq!(
            with_query(
                "http://127.0.0.1:9/cb?x=1",
                &[("code", "a b"), ("state", "&")]
            ),
            "http://127.0.0.1:9/cb?x=1&code=a+b&state=%26"
        );
    }
}
