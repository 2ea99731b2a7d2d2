//! The device authorization grant (RFC 8628), client side: the device
//! authorization answer (pure parse) and what to do with each poll's
//! answer (pure decision). Polling never goes through [`super::send`]'s
//! 429 retry: a `slow_down` (Auth0 answers it with HTTP 429) is a signal
//! to poll 5 s less often (RFC 8628 §3.5), not an overload to retry.
//!
//! The answer is hostile input that is shown to the user: the user code
//! must look like one and the verification URIs must be https (http only
//! on loopback), so a tenant cannot make the terminal print anything else.

use serde_json::Value;

use super::secret::DeviceCode;
use super::{TokenEndpointError, TokenResponse};
use crate::jose::{self, Part};
use crate::types::is_fetchable_url;

/// The interval when the answer gives none (RFC 8628 §3.2).
pub const DEFAULT_INTERVAL: u64 = 5;
/// What `slow_down` adds to the interval (RFC 8628 §3.5).
pub const SLOW_DOWN_STEP: u64 = 5;
/// The longest wait between polls auth0-tok accepts from a tenant.
pub const MAX_INTERVAL: u64 = 120;
/// The longest user code shown.
pub const MAX_USER_CODE: usize = 32;

/// A device authorization answer (RFC 8628 §3.2).
#[derive(Debug, Clone)]
pub struct DeviceAuthorization {
    pub device_code: DeviceCode,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    pub interval: u64,
}

/// Why a device authorization answer is not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceError {
    #[error("{url}: the device authorization answer is not a JSON object")]
    NotJson { url: String },
    #[error("{url}: the device authorization answer's {member} is missing or not {what}")]
    Member {
        url: String,
        member: &'static str,
        what: &'static str,
    },
    #[error(
        "{url}: the user code is not one to show (1-{MAX_USER_CODE} letters, digits and dashes)"
    )]
    UserCode { url: String },
    #[error("{url}: the answer's {member} is not an https URL (http only on loopback)")]
    Uri { url: String, member: &'static str },
    /// The user did not finish within the device code's lifetime.
    #[error("the device code expired before the login was approved: {}", crate::escape::Untrusted(.description))]
    Expired { description: String },
    /// The user pressed Cancel/Deny on the device page.
    #[error("the login was refused on the device page: access_denied: {}", crate::escape::Untrusted(.description))]
    Denied { description: String },
}

impl DeviceAuthorization {
    /// Reads a 200 answer of the device authorization endpoint (pure).
    pub fn parse(url: &str, body: &[u8]) -> Result<Self, DeviceError> {
        let doc = jose::parse_object(body, Part::Payload).map_err(|_| DeviceError::NotJson {
            url: url.to_owned(),
        })?;
        let bad = |member, what| DeviceError::Member {
            url: url.to_owned(),
            member,
            what,
        };
        let string = |member: &'static str| -> Result<Option<String>, DeviceError> {
            match doc.get(member) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
                Some(_) => Err(bad(member, "a non-empty string")),
            }
        };
        let number = |member: &'static str| -> Result<Option<u64>, DeviceError> {
            match doc.get(member) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v.as_u64().map(Some).ok_or(bad(member, "an integer ≥ 0")),
            }
        };
        let device_code = string("device_code")?.ok_or(bad("device_code", "a string"))?;
        if device_code.bytes().any(|b| !(0x20..=0x7e).contains(&b)) {
            return Err(bad("device_code", "VSCHAR"));
        }
        let user_code = string("user_code")?.ok_or(bad("user_code", "a string"))?;
        if user_code.len() > MAX_USER_CODE
            || !user_code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(DeviceError::UserCode {
                url: url.to_owned(),
            });
        }
        let uri = |member: &'static str, value: Option<String>| match value {
            Some(v) if url::Url::parse(&v).is_ok_and(|u| is_fetchable_url(&u)) => Ok(Some(v)),
            Some(_) => Err(DeviceError::Uri {
                url: url.to_owned(),
                member,
            }),
            None => Ok(None),
        };
        let verification_uri = uri("verification_uri", string("verification_uri")?)?
            .ok_or(bad("verification_uri", "a string"))?;
        let verification_uri_complete = uri(
            "verification_uri_complete",
            string("verification_uri_complete")?,
        )?;
        let expires_in = number("expires_in")?.ok_or(bad("expires_in", "an integer ≥ 0"))?;
        let interval = number("interval")?
            .unwrap_or(DEFAULT_INTERVAL)
            .clamp(1, MAX_INTERVAL);
        Ok(DeviceAuthorization {
            device_code: DeviceCode::new(device_code),
            user_code,
            verification_uri,
            verification_uri_complete,
            expires_in,
            interval,
        })
    }
}

/// What a poll's answer means.
#[derive(Debug)]
pub enum Poll {
    /// The tokens: the login is done.
    Done(Box<TokenResponse>),
    /// `authorization_pending`: poll again after the interval.
    Pending,
    /// `slow_down`: poll again after the interval, now [`SLOW_DOWN_STEP`] longer.
    SlowDown,
}

/// The polling state: the interval, raised by `slow_down`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Poller {
    pub interval: u64,
}

impl Poller {
    pub fn new(authorization: &DeviceAuthorization) -> Self {
        Poller {
            interval: authorization.interval,
        }
    }

    /// Reads one poll's answer (the result of [`super::parse`]) and updates
    /// the interval: `Ok(Poll)` to go on or stop with tokens, `Err` to stop.
    pub fn decide(
        &mut self,
        answer: Result<TokenResponse, TokenEndpointError>,
    ) -> Result<Poll, PollError> {
        match answer {
            Ok(t) => Ok(Poll::Done(Box::new(t))),
            Err(TokenEndpointError::Refused {
                ref error,
                ref description,
                ..
            }) => match error.as_str() {
                "authorization_pending" => Ok(Poll::Pending),
                "slow_down" => {
                    self.interval = (self.interval + SLOW_DOWN_STEP).min(MAX_INTERVAL);
                    Ok(Poll::SlowDown)
                }
                "expired_token" => Err(PollError::Device(DeviceError::Expired {
                    description: description.clone(),
                })),
                "access_denied" => Err(PollError::Device(DeviceError::Denied {
                    description: description.clone(),
                })),
                _ => Err(PollError::Endpoint(answer.unwrap_err())),
            },
            Err(other) => Err(PollError::Endpoint(other)),
        }
    }
}

/// Why polling stopped without tokens.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error(transparent)]
    Device(DeviceError),
    #[error(transparent)]
    Endpoint(TokenEndpointError),
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://t.auth0.com/oauth/device/code";

    fn answer() -> serde_json::Value {
        serde_json::json!({
            "device_code": "Ag_EE...ko1p", "user_code": "BCDF-GHJK",
            "verification_uri": "https://t.auth0.com/activate",
            "verification_uri_complete": "https://t.auth0.com/activate?user_code=BCDF-GHJK",
            "expires_in": 900, "interval": 5
        })
    }

    fn parse(v: &serde_json::Value) -> Result<DeviceAuthorization, DeviceError> {
        DeviceAuthorization::parse(URL, v.to_string().as_bytes())
    }

    #[test]
    fn a_device_authorization_answer_is_read() {
        let d = parse(&answer()).unwrap();
        assert_eq!(d.user_code, "BCDF-GHJK");
        assert_eq!(d.interval, 5);
        assert_eq!(d.expires_in, 900);
        assert!(!format!("{d:?}").contains("ko1p"));
        let mut no_interval = answer();
        no_interval.as_object_mut().unwrap().remove("interval");
        assert_eq!(parse(&no_interval).unwrap().interval, DEFAULT_INTERVAL);
    }

    #[test]
    fn a_device_answer_cannot_make_the_terminal_print_anything_else() {
        for (member, value) in [
            ("user_code", serde_json::json!("BCDF\u{1b}[2J")),
            ("user_code", serde_json::json!("A".repeat(40))),
            ("verification_uri", serde_json::json!("javascript:alert(1)")),
            (
                "verification_uri",
                serde_json::json!("http://evil.example/activate"),
            ),
            (
                "verification_uri_complete",
                serde_json::json!("http://evil.example/"),
            ),
            ("device_code", serde_json::json!(7)),
            ("expires_in", serde_json::json!("900")),
        ] {
            let mut v = answer();
            v[member] = value;
            assert!(parse(&v).is_err(), "{member}");
        }
        assert!(DeviceAuthorization::parse(URL, b"{\"a\":1,\"a\":2}").is_err());
    }

    fn refused(status: u16, error: &str) -> Result<TokenResponse, TokenEndpointError> {
        let body = serde_json::json!({"error": error, "error_description": "d"}).to_string();
        super::super::parse(URL, status, None, body.as_bytes())
    }

    #[test]
    fn slow_down_adds_five_seconds_and_pending_keeps_the_interval() {
        let mut p = Poller { interval: 1 };
        assert!(matches!(
            p.decide(refused(403, "authorization_pending")),
            Ok(Poll::Pending)
        ));
        assert_eq!(p.interval, 1);
        assert!(matches!(
            p.decide(refused(429, "slow_down")),
            Ok(Poll::SlowDown)
        ));
        assert_eq!(p.interval, 6);
        assert!(matches!(
            p.decide(refused(403, "expired_token")),
            Err(PollError::Device(DeviceError::Expired { .. }))
        ));
        assert!(matches!(
            p.decide(refused(403, "access_denied")),
            Err(PollError::Device(DeviceError::Denied { .. }))
        ));
        assert!(matches!(
            p.decide(refused(403, "invalid_grant")),
            Err(PollError::Endpoint(_))
        ));
        let mut p = Poller {
            interval: MAX_INTERVAL,
        };
        p.decide(refused(429, "slow_down")).unwrap();
        assert_eq!(p.interval, MAX_INTERVAL);
    }
}
