//! Where `call` and `probe` send: the method, the URL (http(s) with a
//! host) and the user's own headers, read from `call`'s words `[METHOD]
//! URL [NAME:VALUE…]` the way xh reads them.

use crate::cli::UsageError;

/// Method, URL and the user's headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::cli) struct Target {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

/// Headers `call` and `probe` set themselves.
const OWN_HEADERS: [&str; 2] = ["authorization", "dpop"];

fn is_method(s: &str) -> bool {
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks a URL for `call`/`probe`: http(s), with a host.
pub(in crate::cli) fn check_url(url: &str) -> anyhow::Result<url::Url> {
    let parsed = url::Url::parse(url).map_err(|e| UsageError(format!("{url:?}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(UsageError(format!("{url:?}: expected an http(s) URL")).into());
    }
    Ok(parsed)
}

/// `[METHOD] URL [NAME:VALUE…]`.
pub(super) fn parse_target(words: &[String], has_body: bool) -> anyhow::Result<Target> {
    let (method, rest) = match words {
        [first, rest @ ..] if is_method(first) && !rest.is_empty() => (first.clone(), rest),
        [first, ..] if is_method(first) => {
            return Err(UsageError(format!("{first} what? give the URL after the method")).into());
        }
        _ => (if has_body { "POST" } else { "GET" }.to_owned(), words),
    };
    let (url, header_words) = rest.split_first().expect("clap requires one value");
    check_url(url)?;
    let mut headers = Vec::new();
    for h in header_words {
        let (name, value) = h
            .split_once(':')
            .map(|(n, v)| (n.trim(), v.trim()))
            .filter(|(n, _)| {
                !n.is_empty()
                    && n.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_!#$%&'*+.^`|~".contains(&b))
            })
            .ok_or_else(|| UsageError(format!("{h:?}: expected a header NAME:VALUE")))?;
        if OWN_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(UsageError(format!(
                "{name}: call sets it itself from the token (use `auth0-tok request` to judge your own headers)"
            ))
            .into());
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    Ok(Target {
        method,
        url: url.clone(),
        headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn method_url_and_headers_are_read_like_xh() {
        let t = parse_target(&words(&["https://a.example/x"]), false).unwrap();
        assert_eq!(
            (t.method.as_str(), t.url.as_str()),
            ("GET", "https://a.example/x")
        );
        let t = parse_target(&words(&["https://a.example/x"]), true).unwrap();
        assert_eq!(t.method, "POST");
        let t = parse_target(
            &words(&[
                "PATCH",
                "https://a.example/x",
                "X-Trace:1",
                "accept: text/plain",
            ]),
            false,
        )
        .unwrap();
        assert_eq!(t.method, "PATCH");
        assert_eq!(
            t.headers,
            [
                ("X-Trace".to_owned(), "1".to_owned()),
                ("accept".to_owned(), "text/plain".to_owned())
            ]
        );
        for bad in [
            &["GET"][..],
            &["ftp://a.example/"],
            &["not a url"],
            &["https://a.example/", "novalue"],
            &["https://a.example/", "Authorization:Bearer x"],
            &["https://a.example/", "dpop:x"],
        ] {
            assert!(parse_target(&words(bad), false).is_err(), "{bad:?}");
        }
    }
}
