//! The loopback redirect listener of a native app's login (RFC 8252 §7.3,
//! §8.3): bound to 127.0.0.1 only, it answers `GET /callback` and nothing
//! else, and ends at the first callback that carries this login's `state`.
//!
//! Whatever can reach 127.0.0.1 can send it requests — other local users,
//! a web page the browser loads — so it reads at most [`MAX_HEAD`] bytes of
//! request head within [`READ_TIMEOUT`], parses it with `httparse`, answers
//! every other request 400/404/405, and lets a callback with another state
//! (compared in constant time by [`super::authorize::parse_callback`])
//! change nothing. Pages it shows escape every value they echo.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::authorize::{Callback, CallbackRejected, parse_callback};

/// The most bytes of request line and headers read from one connection.
pub const MAX_HEAD: usize = 8 * 1024;
/// The most headers parsed.
pub const MAX_HEADERS: usize = 32;
/// How long one connection may take to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Why no callback came.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoopbackError {
    #[error("could not listen on 127.0.0.1:{port}: {source}")]
    Bind {
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("no login callback within {}s (the browser never came back to {redirect_uri})", .waited.as_secs())]
    Timeout {
        waited: Duration,
        redirect_uri: String,
    },
    #[error("the loopback listener failed: {0}")]
    Io(#[from] std::io::Error),
}

/// A listener on 127.0.0.1.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

/// What the listener shows in the browser once the callback is in.
pub struct Pages {
    /// The tenant's name, for "Logged in to TENANT".
    pub tenant: String,
}

impl Loopback {
    /// Listens on 127.0.0.1:`port` (0: a free one), whatever host name the
    /// redirect URI uses (RFC 8252 §8.3).
    pub async fn bind(port: u16) -> Result<Self, LoopbackError> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .await
            .map_err(|source| LoopbackError::Bind { port, source })?;
        let port = listener.local_addr()?.port();
        Ok(Loopback { listener, port })
    }

    /// The port listened on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Waits up to `timeout` for the callback carrying `state`; answers it
    /// and closes. `trace` hears about requests that were ignored.
    pub async fn wait(
        self,
        state: &str,
        issuer: &str,
        redirect_uri: &str,
        pages: &Pages,
        timeout: Duration,
        trace: &(dyn Fn(&str) + Sync),
    ) -> Result<Callback, LoopbackError> {
        let wait = async {
            loop {
                let (stream, _) = self.listener.accept().await?;
                match tokio::time::timeout(
                    READ_TIMEOUT,
                    handle(stream, state, issuer, pages, trace),
                )
                .await
                {
                    Ok(Ok(Some(callback))) => return Ok(callback),
                    Ok(Ok(None)) => {}
                    Ok(Err(e)) => trace(&format!("  loopback: connection failed: {e}")),
                    Err(_) => trace("  loopback: a connection sent no request in time; closed"),
                }
            }
        };
        match tokio::time::timeout(timeout, wait).await {
            Ok(result) => result,
            Err(_) => Err(LoopbackError::Timeout {
                waited: timeout,
                redirect_uri: redirect_uri.to_owned(),
            }),
        }
    }
}

/// Reads one request and answers it; `Some` when it was this login's callback.
async fn handle(
    mut stream: TcpStream,
    state: &str,
    issuer: &str,
    pages: &Pages,
    trace: &(dyn Fn(&str) + Sync),
) -> std::io::Result<Option<Callback>> {
    let head = match read_head(&mut stream).await? {
        Some(head) => head,
        None => {
            respond(
                &mut stream,
                431,
                "Request too large",
                "The request is too large.",
            )
            .await?;
            return Ok(None);
        }
    };
    match route(&head, state, issuer) {
        Route::Callback(callback) => {
            let (status, title, text) = match &callback {
                Callback::Code(_) => (
                    200,
                    "Logged in",
                    format!("Logged in to {} — you can close this tab.", pages.tenant),
                ),
                Callback::Error(e) => (400, "Login failed", e.to_string()),
            };
            respond(&mut stream, status, title, &text).await?;
            Ok(Some(callback))
        }
        Route::Rejected(status, why) => {
            trace(&format!("  loopback: answered {status} and ignored: {why}"));
            respond(&mut stream, status, "Not this login", &why).await?;
            Ok(None)
        }
    }
}

/// Reads the request head (up to the blank line); `None` past [`MAX_HEAD`].
async fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(Some(head));
        }
        head.extend_from_slice(&buf[..n]);
        if head.windows(4).any(|w| w == b"\r\n\r\n") {
            return Ok(Some(head));
        }
        if head.len() > MAX_HEAD {
            return Ok(None);
        }
    }
}

/// What a request head asks.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Callback(Callback),
    Rejected(u16, String),
}

/// Decides a request (pure): only `GET /callback?…` with this login's state.
fn route(head: &[u8], state: &str, issuer: &str) -> Route {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return Route::Rejected(400, "not an HTTP request".into()),
    }
    let (Some(method), Some(target)) = (request.method, request.path) else {
        return Route::Rejected(400, "not an HTTP request".into());
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != "/callback" {
        return Route::Rejected(404, "only /callback is answered here".into());
    }
    if method != "GET" {
        return Route::Rejected(405, "only GET /callback is answered here".into());
    }
    match parse_callback(query, state, issuer) {
        Ok(callback) => Route::Callback(callback),
        Err(e @ CallbackRejected::State) => Route::Rejected(400, e.to_string()),
        Err(e) => Route::Rejected(400, e.to_string()),
    }
}

/// A small HTML page; `text` is escaped.
async fn respond(
    stream: &mut TcpStream,
    status: u16,
    title: &str,
    text: &str,
) -> std::io::Result<()> {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title></head><body><p>{}</p></body></html>\n",
        html_escape(title),
        html_escape(text)
    );
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Request Header Fields Too Large",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nx-frame-options: DENY\r\ncontent-security-policy: default-src 'none'\r\nreferrer-policy: no-referrer\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

/// Escapes text for HTML element content and attribute values; control
/// and bidi characters are dropped as on a terminal.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::escape::escape_untrusted(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::secret::AuthCode;

    fn get(target: &str) -> Vec<u8> {
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").into_bytes()
    }

    #[test]
    fn only_get_callback_with_this_logins_state_is_the_answer() {
        assert_eq!(
            route(&get("/callback?code=c&state=s"), "s", "i"),
            Route::Callback(Callback::Code(AuthCode::new("c")))
        );
        assert!(matches!(
            route(&get("/callback?code=c&state=x"), "s", "i"),
            Route::Rejected(400, _)
        ));
        assert!(matches!(
            route(&get("/other?code=c&state=s"), "s", "i"),
            Route::Rejected(404, _)
        ));
        assert!(matches!(
            route(&get("/callback/?code=c&state=s"), "s", "i"),
            Route::Rejected(404, _)
        ));
        let post = b"POST /callback?code=c&state=s HTTP/1.1\r\nHost: x\r\n\r\n";
        assert!(matches!(route(post, "s", "i"), Route::Rejected(405, _)));
        assert!(matches!(
            route(b"\x16\x03\x01 tls hello\r\n\r\n", "s", "i"),
            Route::Rejected(400, _)
        ));
        let many: String = (0..40).map(|i| format!("X-{i}: y\r\n")).collect();
        let head = format!("GET /callback?code=c&state=s HTTP/1.1\r\n{many}\r\n");
        assert!(matches!(
            route(head.as_bytes(), "s", "i"),
            Route::Rejected(400, _)
        ));
    }

    #[test]
    fn echoed_text_is_escaped_for_html() {
        assert_eq!(
            html_escape("<script>\"x\"&'y'</script>\u{202e}"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;\\u{202e}"
                .replace("\\u{202e}", &crate::escape::escape_untrusted("\u{202e}"))
        );
    }
}
