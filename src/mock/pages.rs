//! The mock tenant's HTML: the login page, the device activation page,
//! their outcomes, and the error page Auth0 shows instead of redirecting.
//!
//! Built with `maud`, which escapes every interpolated value: the pages
//! echo what a browser sent (a `login_hint`, a user code, a redirect URI),
//! all of it attacker-controlled. Every page goes out with `no-store`, no
//! framing, and a policy that allows no script and posts forms only here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

/// The `Content-Security-Policy` of every page.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

/// The login page's policy: its form posts here, and the answer redirects
/// to the application, whose origin `form-action` must name too (browsers
/// apply it to the redirect after the POST). `redirect_uri` was checked
/// against the client's callbacks; only its origin goes in, serialized by
/// `url`, so it holds no space, quote or `;`.
fn login_csp(redirect_uri: &str) -> String {
    match url::Url::parse(redirect_uri).map(|u| u.origin()) {
        Ok(origin @ url::Origin::Tuple(..)) => format!("{CSP} {}", origin.ascii_serialization()),
        _ => CSP.to_owned(),
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f4f4f6;margin:0}\
main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;\
box-shadow:0 1px 4px #0002}h1{font-size:1.3rem}label{display:block;margin-top:1rem}\
input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1.2rem;padding:.6rem 1rem}\
.error{color:#b00020}.url{word-break:break-all;font-family:monospace}";

/// A page with the headers every page of the tenant carries.
pub fn page(status: StatusCode, title: &str, body: Markup) -> Response {
    page_with_csp(status, title, body, HeaderValue::from_static(CSP))
}

fn page_with_csp(status: StatusCode, title: &str, body: Markup, csp: HeaderValue) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (maud::PreEscaped(STYLE)) }
            }
            body { main { (body) } }
        }
    };
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        markup.into_string(),
    )
        .into_response()
}

/// What the login page shows besides the form.
pub struct LoginPage<'a> {
    /// The transaction id (the form's hidden `state`).
    pub transaction: &'a str,
    /// The application's name (its client id here).
    pub client: &'a str,
    /// Prefills the email (`login_hint`).
    pub login_hint: Option<&'a str>,
    /// "Wrong email or password." after a failed attempt.
    pub error: Option<&'a str>,
    /// Where the answer to the form redirects (the checked `redirect_uri`).
    pub redirect_uri: &'a str,
}

/// The Universal Login page: the form the contract names field by field.
pub fn login(p: &LoginPage<'_>) -> Response {
    let csp = HeaderValue::from_str(&login_csp(p.redirect_uri))
        .unwrap_or_else(|_| HeaderValue::from_static(CSP));
    page_with_csp(
        StatusCode::OK,
        "Log in",
        html! {
            h1 { "Log in" }
            p { "to continue to " strong { (p.client) } }
            @if let Some(error) = p.error {
                p.error role="alert" { (error) }
            }
            form method="post" action="/u/login" {
                input type="hidden" name="state" value=(p.transaction);
                label { "Email address"
                    input name="username" type="email" autocomplete="username" value=(p.login_hint.unwrap_or(""));
                }
                label { "Password"
                    input name="password" type="password" autocomplete="current-password";
                }
                button type="submit" name="action" value="accept" { "Continue" }
                " "
                button type="submit" name="action" value="deny" { "Cancel" }
            }
        },
        csp,
    )
}

/// The device activation page (RFC 8628 §3.3).
pub fn activate(user_code: &str, error: Option<&str>) -> Response {
    page(
        StatusCode::OK,
        "Activate your device",
        html! {
            h1 { "Activate your device" }
            p { "Confirm the code shown on your device, then log in." }
            @if let Some(error) = error {
                p.error role="alert" { (error) }
            }
            form method="post" action="/activate" {
                label { "Code"
                    input name="user_code" type="text" autocomplete="off" value=(user_code);
                }
                label { "Email address"
                    input name="username" type="email" autocomplete="username";
                }
                label { "Password"
                    input name="password" type="password" autocomplete="current-password";
                }
                button type="submit" name="action" value="accept" { "Continue" }
                " "
                button type="submit" name="action" value="deny" { "Cancel" }
            }
        },
    )
}

/// A one-line outcome ("Your device is now connected", "Access denied").
pub fn message(status: StatusCode, title: &str, text: &str) -> Response {
    page(
        status,
        title,
        html! {
            h1 { (title) }
            p { (text) }
        },
    )
}

/// The page Auth0 shows when it must not redirect: an unknown client, a
/// missing parameter, a login page that expired.
pub fn error(title: &str, text: &str) -> Response {
    error_page(title, text, html! {})
}

/// The error page for a callback URL that is not allowed, with the URL to
/// add and, when given, the setting that adds one (`setting`, in the words
/// of whoever runs the tenant).
pub fn callback_mismatch(redirect_uri: &str, setting: Option<&str>) -> Response {
    let add = match setting {
        Some(setting) => {
            format!("Add this URL to the application's Allowed Callback URLs ({setting}):")
        }
        None => "Add this URL to the application's Allowed Callback URLs:".to_owned(),
    };
    error_page(
        "Callback URL mismatch",
        "Callback URL mismatch. The provided redirect_uri is not in the list of allowed \
         callback URLs.",
        html! {
            p { (add) }
            p.url { (redirect_uri) }
        },
    )
}

fn error_page(title: &str, text: &str, more: Markup) -> Response {
    page(
        StatusCode::BAD_REQUEST,
        title,
        html! {
            h1 { "Oops!, something went wrong" }
            p.error { (text) }
            (more)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_callback_page_names_the_setting_only_when_given() {
        let url = "https://app.example.com/cb";
        let named = body(callback_mismatch(url, Some("mock serve --callback"))).await;
        assert!(
            named.contains("Allowed Callback URLs (mock serve --callback):"),
            "{named}"
        );
        assert!(named.contains(url));
        let plain = body(callback_mismatch(url, None)).await;
        assert!(plain.contains("Allowed Callback URLs:"), "{plain}");
        assert!(!plain.contains("--callback"));
    }
}
