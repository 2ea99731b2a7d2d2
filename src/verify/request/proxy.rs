//! The URL an API behind a trusted proxy sees, rebuilt from the
//! X-Forwarded-* headers as auth0-fastapi-api does.

use super::HttpRequest;

/// The URL auth0-fastapi-api reconstructs behind a trusted proxy:
/// X-Forwarded-Proto (http/https only), the first X-Forwarded-Host, and
/// X-Forwarded-Prefix (ignored when it contains `..`, starts with `//`, or
/// contains `:`, NUL or `%2e%2e`). The fragment is dropped.
pub fn proxied_url(request: &HttpRequest) -> Result<String, String> {
    let mut url = url::Url::parse(&request.url).map_err(|e| format!("{:?}: {e}", request.url))?;
    url.set_fragment(None);
    if let Some(proto) = request
        .header("x-forwarded-proto")
        .map(|p| p.trim().to_ascii_lowercase())
    {
        if proto == "http" || proto == "https" {
            let rebuilt = format!("{proto}{}", &url.as_str()[url.scheme().len()..]);
            url = url::Url::parse(&rebuilt).map_err(|e| e.to_string())?;
        }
    }
    let forwarded_host = request
        .header("x-forwarded-host")
        .map(|h| h.split(',').next().unwrap_or("").trim())
        .filter(|h| !h.is_empty());
    let mut path = url.path().to_owned();
    if let Some(prefix) = request
        .header("x-forwarded-prefix")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let unsafe_prefix = prefix.contains("..")
            || prefix.starts_with("//")
            || prefix.contains(':')
            || prefix.contains('\0')
            || prefix.to_ascii_lowercase().contains("%2e%2e");
        if !unsafe_prefix {
            let prefix = if prefix.starts_with('/') {
                prefix.to_owned()
            } else {
                format!("/{prefix}")
            };
            path = format!("{}{path}", prefix.trim_end_matches('/'));
        }
    }
    let authority = match forwarded_host {
        Some(h) => h.to_owned(),
        None => {
            let host = url.host_str().unwrap_or("");
            match url.port() {
                Some(p) => format!("{host}:{p}"),
                None => host.to_owned(),
            }
        }
    };
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    Ok(format!("{}://{authority}{path}{query}", url.scheme()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_rebuild_the_url() {
        let proxied = HttpRequest {
            method: "GET".into(),
            url: "http://10.0.0.5:8000/messages".into(),
            headers: vec![
                ("X-Forwarded-Proto".into(), "https".into()),
                (
                    "X-Forwarded-Host".into(),
                    "api.example.com, internal".into(),
                ),
                ("X-Forwarded-Prefix".into(), "v1/".into()),
            ],
        };
        assert_eq!(
            proxied_url(&proxied).unwrap(),
            "https://api.example.com/v1/messages"
        );
        for bad in ["/../admin", "//evil", "/a:b", "/%2E%2E/x"] {
            let mut r = proxied.clone();
            r.headers[2].1 = bad.into();
            assert_eq!(
                proxied_url(&r).unwrap(),
                "https://api.example.com/messages",
                "{bad}"
            );
        }
        let mut r = proxied.clone();
        r.headers[0].1 = "ftp".into();
        assert_eq!(
            proxied_url(&r).unwrap(),
            "http://api.example.com/v1/messages"
        );
    }
}
