//! The one place that talks HTTP.
//!
//! Every request has a timeout; redirects are never followed (an identity
//! provider that redirects its discovery or key set is misconfigured or
//! hijacked, and the answer must not silently come from elsewhere); plain
//! http is refused except on loopback hosts; response bodies are capped.
//! The reqwest client is built on first use, so commands answered from a
//! cache never load a TLS root store.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

pub use crate::answer::{FetchError, MAX_BODY, SECRET_FIELDS, redact_form, snippet};
use crate::clock::UnixTime;
use crate::types::is_fetchable_url;

/// A sink for the `-v` trace: one line per event. Secrets are redacted
/// before they reach it.
pub type Trace = Arc<dyn Fn(&str) + Send + Sync>;

/// A response with its body read (within the cap).
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL requested.
    pub url: String,
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The first 200 bytes of the body, for error messages, with control
    /// characters replaced.
    pub fn snippet(&self) -> String {
        snippet(&self.body)
    }

    /// `max-age` from Cache-Control, if any.
    pub fn max_age(&self) -> Option<u64> {
        parse_max_age(self.header("cache-control")?)
    }

    /// The server's clock, from its `Date` header (RFC 9110 §6.6.1), if
    /// present and well-formed.
    pub fn date(&self) -> Option<UnixTime> {
        parse_http_date(self.header("date")?)
    }
}

/// Parses an HTTP date in its preferred format, IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7); the obsolete formats
/// and anything malformed give `None`.
pub fn parse_http_date(value: &str) -> Option<UnixTime> {
    let mut parts = value.trim().split(' ');
    let (Some(weekday), Some(day), Some(month), Some(year), Some(time), Some("GMT"), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    const WEEKDAYS: [&str; 7] = ["Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let digits = |s: &str, n: usize| -> Option<i64> {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let weekday = WEEKDAYS.iter().position(|w| *w == weekday)? as i64;
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let (day, year) = (digits(day, 2)?, digits(year, 4)?);
    let mut hms = time.split(':');
    let (Some(h), Some(m), Some(s), None) = (hms.next(), hms.next(), hms.next(), hms.next()) else {
        return None;
    };
    let (h, m, s) = (digits(h, 2)?, digits(m, 2)?, digits(s, 2)?);
    // 60 is a leap second (RFC 9110 §5.6.7).
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = crate::x509::days_from_civil(year, month, day);
    // The day must exist (no 31 Feb) and fall on the weekday named.
    let (_, checked_month, checked_day) = crate::clock::civil_from_days(days);
    if (i64::from(checked_month), i64::from(checked_day)) != (month, day)
        || (days + 3).rem_euclid(7) != weekday
    {
        return None;
    }
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// Parses `max-age=N` from a Cache-Control value (as the SDK does: the
/// first max-age directive; negative or malformed means none).
pub fn parse_max_age(cache_control: &str) -> Option<u64> {
    cache_control.split(',').find_map(|d| {
        let d = d.trim().to_ascii_lowercase();
        d.strip_prefix("max-age=")
            .map(|v| v.trim().parse::<u64>().ok())
    })?
}

/// A request body.
enum Body {
    /// `application/x-www-form-urlencoded`, already encoded.
    Form(String),
    /// Bytes sent as given (the caller sets any Content-Type).
    Raw(Vec<u8>),
}

/// An HTTP client with auth0-tok's rules.
#[derive(Clone)]
pub struct HttpClient {
    client: Arc<OnceLock<reqwest::Client>>,
    timeout: Duration,
    trace: Option<Trace>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client whose every request (connect, send, read) finishes within `timeout`.
    pub fn new(timeout: Duration) -> Self {
        HttpClient {
            client: Arc::new(OnceLock::new()),
            timeout,
            trace: None,
        }
    }

    /// Sends a line per request and response to `trace`.
    pub fn with_trace(mut self, trace: Option<Trace>) -> Self {
        self.trace = trace;
        self
    }

    /// The total time allowed per request.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Writes one line to the trace, if tracing.
    pub fn trace(&self, line: &str) {
        if let Some(t) = &self.trace {
            t(line);
        }
    }

    fn client(&self) -> &reqwest::Client {
        self.client.get_or_init(|| {
            reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.timeout)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!("auth0-tok/", env!("CARGO_PKG_VERSION")))
                .no_proxy()
                .build()
                .expect("the HTTP client configuration is valid")
        })
    }

    /// `GET url` accepting JSON.
    pub async fn get(&self, url: &str, max_body: usize) -> Result<Response, FetchError> {
        self.send(reqwest::Method::GET, url, Vec::new(), None, max_body, false)
            .await
    }

    /// Any request, as `auth0-tok call` and `probe` send it to an API: the
    /// method, headers (in order, repeats kept) and body as given; `Accept:
    /// application/json` unless the headers name one. A redirect is an
    /// answer here, returned like any other (never followed). The trace
    /// shows header names only: values may carry the token under test.
    pub async fn request(
        &self,
        method: &str,
        url: &str,
        headers: Vec<(String, String)>,
        body: Option<Vec<u8>>,
        max_body: usize,
    ) -> Result<Response, FetchError> {
        let method =
            reqwest::Method::from_bytes(method.as_bytes()).map_err(|_| FetchError::BadUrl {
                url: format!("{method} {url}"),
            })?;
        let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
        if !names.is_empty() {
            self.trace(&format!(
                "  headers (values not shown): {}",
                names.join(", ")
            ));
        }
        self.send(method, url, headers, body.map(Body::Raw), max_body, true)
            .await
    }

    /// `POST url` with an `application/x-www-form-urlencoded` body. The
    /// trace shows the form with secret values redacted and header names only.
    pub async fn post_form(
        &self,
        url: &str,
        headers: Vec<(String, String)>,
        form: &[(String, String)],
        max_body: usize,
    ) -> Result<Response, FetchError> {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .finish();
        self.trace(&format!("  form: {}", redact_form(form)));
        let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
        if !names.is_empty() {
            self.trace(&format!(
                "  headers (values not shown): {}",
                names.join(", ")
            ));
        }
        self.send(
            reqwest::Method::POST,
            url,
            headers,
            Some(Body::Form(body)),
            max_body,
            false,
        )
        .await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        headers: Vec<(String, String)>,
        body: Option<Body>,
        max_body: usize,
        redirect_is_answer: bool,
    ) -> Result<Response, FetchError> {
        let parsed = url::Url::parse(url).map_err(|_| FetchError::BadUrl {
            url: url.to_owned(),
        })?;
        if !is_fetchable_url(&parsed) {
            return Err(FetchError::InsecureUrl {
                url: url.to_owned(),
            });
        }
        self.trace(&format!("> {method} {url}"));
        let started = Instant::now();
        let mut request = self.client().request(method, parsed);
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("accept"))
        {
            request = request.header("accept", "application/json");
        }
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        match body {
            Some(Body::Form(body)) => {
                request = request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body);
            }
            Some(Body::Raw(bytes)) => request = request.body(bytes),
            None => {}
        }
        let deadline = started + self.timeout;
        let mut response = match tokio::time::timeout_at(deadline.into(), request.send()).await {
            Err(_) => return Err(self.timeout_error(url)),
            Ok(Err(e)) => return Err(self.classify(url, &e)),
            Ok(Ok(r)) => r,
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if (300..400).contains(&status) && !redirect_is_answer {
            let location = headers
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            self.trace(&format!(
                "< {status} redirect to {location:?} (not followed)"
            ));
            return Err(FetchError::Redirect {
                url: url.to_owned(),
                status,
                location,
            });
        }
        if response
            .content_length()
            .is_some_and(|len| len > max_body as u64)
        {
            return Err(FetchError::TooLarge {
                url: url.to_owned(),
                limit: max_body,
            });
        }
        let mut body = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline.into(), response.chunk()).await {
                Err(_) => return Err(self.timeout_error(url)),
                Ok(Err(e)) => return Err(self.classify(url, &e)),
                Ok(Ok(None)) => break,
                Ok(Ok(Some(chunk))) => {
                    if body.len() + chunk.len() > max_body {
                        return Err(FetchError::TooLarge {
                            url: url.to_owned(),
                            limit: max_body,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
            }
        }
        self.trace(&format!(
            "< {status} ({} bytes, {} ms)",
            body.len(),
            started.elapsed().as_millis()
        ));
        Ok(Response {
            url: url.to_owned(),
            status,
            headers,
            body,
        })
    }

    fn timeout_error(&self, url: &str) -> FetchError {
        FetchError::Timeout {
            url: url.to_owned(),
            seconds: self.timeout.as_secs().max(1),
        }
    }

    fn classify(&self, url: &str, e: &reqwest::Error) -> FetchError {
        if e.is_timeout() {
            return self.timeout_error(url);
        }
        let mut reason = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            reason = s.to_string();
            source = s.source();
        }
        if e.is_connect() && tls_failed(e) {
            FetchError::Tls {
                url: url.to_owned(),
                reason,
            }
        } else if e.is_connect() {
            FetchError::Connect {
                url: url.to_owned(),
                reason,
            }
        } else {
            FetchError::Transport {
                url: url.to_owned(),
                reason,
            }
        }
    }
}

/// Whether a connect error came from the TLS layer: rustls reports a bad
/// handshake (a plain-http server's answer, an untrusted certificate) as an
/// `InvalidData` I/O error, which the connector wraps in another.
fn tls_failed(e: &reqwest::Error) -> bool {
    fn invalid_data(io: &std::io::Error) -> bool {
        io.kind() == std::io::ErrorKind::InvalidData
            || io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>())
                .is_some_and(invalid_data)
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>().is_some_and(invalid_data) {
            return true;
        }
        source = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_read_in_imf_fixdate_only() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_http_date("Wed, 02 Dec 2026 06:42:42 GMT"),
            Some(1_796_193_762)
        );
        for bad in [
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Thu, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT x",
            "",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    #[tokio::test]
    async fn a_plain_http_server_answering_https_is_a_tls_failure() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 512];
            let _ = stream.read(&mut buf).await;
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        });
        let url = format!("https://127.0.0.1:{port}/");
        let err = HttpClient::new(Duration::from_secs(5))
            .get(&url, MAX_BODY)
            .await
            .unwrap_err();
        assert!(matches!(err, FetchError::Tls { .. }), "{err:?}");
    }

    #[test]
    fn max_age_is_read_like_the_sdk_reads_it() {
        assert_eq!(parse_max_age("public, max-age=300"), Some(300));
        assert_eq!(parse_max_age("MAX-AGE=15, max-age=99"), Some(15));
        assert_eq!(parse_max_age("max-age=-1"), None);
        assert_eq!(parse_max_age("no-store"), None);
    }
}
