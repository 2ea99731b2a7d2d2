//! A captured HTTP/1.1 request head (`request --raw`) read into an
//! [`HttpRequest`]: strictly, one request line and its header fields.

use super::HttpRequest;

/// Parses a captured HTTP/1.1 request head (request line and headers, up to
/// the blank line); `Host` and `scheme` build the URL of an origin-form
/// target.
pub fn parse_raw_request(raw: &str, scheme: &str) -> Result<HttpRequest, String> {
    let mut lines = raw.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines
        .next()
        .filter(|l| !l.trim().is_empty())
        .ok_or("the request is empty")?;
    let mut parts = request_line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && !t.is_empty() => (m, t, v),
        _ => {
            return Err(format!(
                "not an HTTP request line: {:?}",
                request_line.chars().take(80).collect::<String>()
            ));
        }
    };
    if !method
        .bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
    {
        return Err(format!("invalid method {method:?}"));
    }
    if !version.starts_with("HTTP/1.") {
        return Err(format!(
            "unsupported HTTP version {version:?} (HTTP/1.x request heads only)"
        ));
    }
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            return Err("obsolete header line folding is not accepted".into());
        }
        let (name, value) = line.split_once(':').ok_or_else(|| {
            format!(
                "not a header line: {:?}",
                line.chars().take(80).collect::<String>()
            )
        })?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
            return Err(format!("invalid header name {name:?}"));
        }
        headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
        if headers.len() > 200 {
            return Err("more than 200 headers".into());
        }
    }
    let url = if target.starts_with("http://") || target.starts_with("https://") {
        target.to_owned()
    } else if target.starts_with('/') {
        let host = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .ok_or("no Host header to build the URL from")?;
        format!("{scheme}://{host}{target}")
    } else {
        return Err(format!("unsupported request target {target:?}"));
    };
    Ok(HttpRequest {
        method: method.to_owned(),
        url,
        headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_requests_parse() {
        let r = parse_raw_request("GET /messages?x=1 HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: Bearer t\r\n\r\nbody", "https").unwrap();
        assert_eq!(r.url, "https://api.example.com/messages?x=1");
        assert_eq!(r.header("authorization"), Some("Bearer t"));
        assert!(parse_raw_request("GET /x HTTP/1.1\r\n\r\n", "https").is_err());
        assert!(parse_raw_request("nonsense", "https").is_err());
        assert!(
            parse_raw_request("GET /x HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", "https").is_err()
        );
    }
}
