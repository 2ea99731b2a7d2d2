//! The authorization code flow's front channel (OAuth 2.0 §4.1, OIDC Core
//! §3.1.2): the authorize URL, and the callback the browser brings back.
//!
//! The callback's query string is hostile input: anyone who can make the
//! browser load `http://127.0.0.1:PORT/callback?…` can send one. A callback
//! whose `state` differs from ours (compared in constant time) is not ours
//! and is ignored, never an error that ends the wait. `error` and
//! `error_description` are the tenant's words, escaped when shown.

use crate::escape::Untrusted;

use super::secret::AuthCode;

/// The longest callback query string read (Auth0's codes are short).
pub const MAX_CALLBACK_QUERY: usize = 4096;

/// What goes into the authorize URL.
#[derive(Debug, Clone, Default)]
pub struct AuthorizeRequest {
    pub endpoint: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: Vec<String>,
    pub state: String,
    pub nonce: String,
    /// The S256 challenge (RFC 7636 §4.3).
    pub code_challenge: String,
    pub audience: Option<String>,
    pub organization: Option<String>,
    pub connection: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<u64>,
    pub acr_values: Option<String>,
}

impl AuthorizeRequest {
    /// The URL to open (pure): `response_type=code`, PKCE S256, the rest as
    /// given, form-urlencoded.
    pub fn url(&self) -> Result<String, url::ParseError> {
        let mut url = url::Url::parse(&self.endpoint)?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", &self.client_id)
                .append_pair("redirect_uri", &self.redirect_uri)
                .append_pair("scope", &self.scope.join(" "))
                .append_pair("state", &self.state)
                .append_pair("nonce", &self.nonce)
                .append_pair("code_challenge", &self.code_challenge)
                .append_pair("code_challenge_method", super::pkce::S256);
            let optional = [
                ("audience", self.audience.clone()),
                ("organization", self.organization.clone()),
                ("connection", self.connection.clone()),
                ("prompt", self.prompt.clone()),
                ("max_age", self.max_age.map(|s| s.to_string())),
                ("acr_values", self.acr_values.clone()),
            ];
            for (name, value) in optional {
                if let Some(value) = value {
                    q.append_pair(name, &value);
                }
            }
        }
        Ok(url.into())
    }
}

/// The redirect URI of a loopback listener on `port` (RFC 8252 §7.3).
pub fn loopback_redirect_uri(host: &str, port: u16) -> String {
    format!("http://{host}:{port}/callback")
}

/// A callback that belongs to this login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// The code to exchange.
    Code(AuthCode),
    /// The tenant ended the login with an error (RFC 6749 §4.1.2.1).
    Error(AuthorizeError),
}

/// The tenant's error on the callback, e.g. `access_denied` "User did not
/// authorize the request".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the login ended with {}: {}{}", Untrusted(.error), Untrusted(.description), hint(.error).map(|h| format!(" ({h})")).unwrap_or_default())]
pub struct AuthorizeError {
    pub error: String,
    pub description: String,
}

fn hint(error: &str) -> Option<&'static str> {
    match error {
        "login_required" | "consent_required" | "interaction_required" => {
            Some("the tenant needs the user to log in interactively: drop prompt=none")
        }
        "unauthorized_client" => Some(
            "enable the Authorization Code grant for the application (Advanced Settings → Grant Types)",
        ),
        _ => None,
    }
}

/// Why a request to the callback is not this login's answer; the listener
/// answers 400 and keeps waiting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackRejected {
    #[error("the callback has no state, or not the one this login sent")]
    State,
    #[error("the callback's query string is longer than {MAX_CALLBACK_QUERY} bytes")]
    TooLong,
    #[error("the callback repeats {0}")]
    Repeated(&'static str),
    #[error("the callback has neither a code nor an error")]
    Empty,
    #[error("the callback's iss is not this tenant's issuer (RFC 9207)")]
    Issuer,
}

/// Reads a callback's query string (pure). `expected_issuer`: when the
/// callback carries `iss` (RFC 9207) it must be this.
pub fn parse_callback(
    query: &str,
    expected_state: &str,
    expected_issuer: &str,
) -> Result<Callback, CallbackRejected> {
    if query.len() > MAX_CALLBACK_QUERY {
        return Err(CallbackRejected::TooLong);
    }
    let mut fields: [(&'static str, Option<String>); 5] = [
        ("state", None),
        ("code", None),
        ("error", None),
        ("error_description", None),
        ("iss", None),
    ];
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        if let Some((name, slot)) = fields.iter_mut().find(|(name, _)| *name == k) {
            if slot.is_some() {
                return Err(CallbackRejected::Repeated(name));
            }
            *slot = Some(v.into_owned());
        }
    }
    let [state, code, error, description, iss] = fields.map(|(_, v)| v);
    let state_ok = state.is_some_and(|s| {
        aws_lc_rs::constant_time::verify_slices_are_equal(s.as_bytes(), expected_state.as_bytes())
            .is_ok()
    });
    if !state_ok {
        return Err(CallbackRejected::State);
    }
    if iss.is_some_and(|i| i != expected_issuer) {
        return Err(CallbackRejected::Issuer);
    }
    match (code, error) {
        (_, Some(error)) => Ok(Callback::Error(AuthorizeError {
            error,
            description: description.unwrap_or_default(),
        })),
        (Some(code), None) if !code.is_empty() => Ok(Callback::Code(AuthCode::new(code))),
        _ => Err(CallbackRejected::Empty),
    }
}

/// The redirect URI is not among the application's Allowed Callback URLs:
/// Auth0 shows an error page instead of redirecting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the tenant refused the redirect URI: Callback URL mismatch; add {redirect_uri} to the application's Allowed Callback URLs (a loopback URL matches any port)"
)]
pub struct CallbackMismatch {
    pub redirect_uri: String,
}

/// Reads the answer to a pre-flight `GET` of the authorize URL (pure): a
/// 400 page saying "Callback URL mismatch" ends the login at once.
pub fn preflight(status: u16, body: &[u8], redirect_uri: &str) -> Result<(), CallbackMismatch> {
    let says = |needle: &[u8]| body.windows(needle.len()).any(|w| w == needle);
    if status == 400 && says(b"Callback URL mismatch") {
        return Err(CallbackMismatch {
            redirect_uri: redirect_uri.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> AuthorizeRequest {
        AuthorizeRequest {
            endpoint: "https://t.auth0.com/authorize".into(),
            client_id: "cli".into(),
            redirect_uri: "http://127.0.0.1:5000/callback".into(),
            scope: vec!["openid".into(), "offline_access".into()],
            state: "st".into(),
            nonce: "n&1".into(),
            code_challenge: "ch".into(),
            audience: Some("https://api.example.com".into()),
            max_age: Some(60),
            ..Default::default()
        }
    }

    #[test]
    fn the_authorize_url_carries_pkce_and_everything_asked() {
        let url = url::Url::parse(&request().url().unwrap()).unwrap();
        let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(get("code_challenge"), Some("ch"));
        assert_eq!(get("redirect_uri"), Some("http://127.0.0.1:5000/callback"));
        assert_eq!(get("scope"), Some("openid offline_access"));
        assert_eq!(get("nonce"), Some("n&1"));
        assert_eq!(get("audience"), Some("https://api.example.com"));
        assert_eq!(get("max_age"), Some("60"));
        assert_eq!(get("organization"), None);
        assert_eq!(url.path(), "/authorize");
    }

    #[test]
    fn a_callback_is_ours_only_with_our_state() {
        let iss = "https://t.auth0.com/";
        assert_eq!(
            parse_callback("code=abc&state=st", "st", iss),
            Ok(Callback::Code(AuthCode::new("abc")))
        );
        for q in [
            "code=abc&state=sT",
            "code=abc",
            "code=abc&state=",
            "code=abc&state=st2",
        ] {
            assert_eq!(
                parse_callback(q, "st", iss),
                Err(CallbackRejected::State),
                "{q}"
            );
        }
        assert_eq!(
            parse_callback("code=a&state=st&state=x", "st", iss),
            Err(CallbackRejected::Repeated("state"))
        );
        assert_eq!(
            parse_callback("code=a&code=b&state=st", "st", iss),
            Err(CallbackRejected::Repeated("code"))
        );
        assert_eq!(
            parse_callback("state=st", "st", iss),
            Err(CallbackRejected::Empty)
        );
        assert_eq!(
            parse_callback("code=a&state=st&iss=https%3A%2F%2Fevil%2F", "st", iss),
            Err(CallbackRejected::Issuer)
        );
        let long = format!("state=st&code={}", "a".repeat(MAX_CALLBACK_QUERY));
        assert_eq!(
            parse_callback(&long, "st", iss),
            Err(CallbackRejected::TooLong)
        );
    }

    #[test]
    fn an_error_callback_keeps_the_tenants_words_escaped_when_shown() {
        let got = parse_callback(
            "error=access_denied&error_description=User%20did%20not%20authorize%20the%20request&state=st",
            "st",
            "i",
        )
        .unwrap();
        let Callback::Error(e) = got else {
            panic!("error")
        };
        assert_eq!(e.error, "access_denied");
        assert_eq!(
            e.to_string(),
            "the login ended with access_denied: User did not authorize the request"
        );
        let Callback::Error(e) = parse_callback("error=x%1b%5B31m&state=st", "st", "i").unwrap()
        else {
            panic!("error")
        };
        assert!(!e.to_string().contains('\u{1b}'));
    }

    #[test]
    fn the_preflight_names_the_url_to_add() {
        let page = b"<p>Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs.</p>";
        let e = preflight(400, page, "http://127.0.0.1:5000/callback").unwrap_err();
        assert!(e.to_string().contains(
            "add http://127.0.0.1:5000/callback to the application's Allowed Callback URLs"
        ));
        assert!(preflight(200, page, "u").is_ok());
        assert!(preflight(400, b"other", "u").is_ok());
    }
}
