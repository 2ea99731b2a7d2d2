//! `htu` against the request URL (RFC 9449 §4.3 step 9): both normalised
//! per RFC 3986 §6.2.2–6.2.3, then compared.

use crate::jose::JsonObject;

use super::super::error::Shown;
use super::{ProofError, shown};

/// RFC 9449 §4.3 step 9: the proof's `htu` is the request URL `url`, both
/// compared in their [`normalize_htu`] form.
pub(super) fn check_htu(claims: &JsonObject, url: &str) -> Result<(), ProofError> {
    let htu = claims
        .get_str("htu")
        .ok_or_else(|| ProofError::HtuInvalid {
            found: shown(claims, "htu"),
            reason: "it is not a string",
        })?;
    let normalized_found = normalize_htu(htu).map_err(|reason| ProofError::HtuInvalid {
        found: Shown::new(htu),
        reason,
    })?;
    let normalized_expected = if htu == url {
        // The usual case: the client wrote the request URL as it is.
        normalized_found.clone()
    } else {
        normalize_htu(url).map_err(|reason| ProofError::HtuInvalid {
            found: Shown::new(url),
            reason,
        })?
    };
    if normalized_found != normalized_expected {
        return Err(ProofError::HtuMismatch {
            expected: url.to_owned(),
            found: Shown::new(htu),
            normalized_found,
            normalized_expected,
        });
    }
    Ok(())
}

/// The form in which `htu` and the request URL are compared (RFC 9449 §4.3
/// step 9, RFC 3986 §6.2.2–6.2.3): scheme and host lowercased, default port
/// dropped, dot segments resolved, percent-escapes uppercased, query and
/// fragment dropped. The trailing slash stays significant. URLs with
/// userinfo or a scheme other than http(s) are refused.
pub fn normalize_htu(raw: &str) -> Result<String, &'static str> {
    let url = url::Url::parse(raw.trim()).map_err(|_| "it is not an absolute URL")?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("its scheme is not http or https");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it contains userinfo");
    }
    let host = url.host_str().ok_or("it has no host")?;
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let mut out = format!("{}://{host}{port}", url.scheme());
    let path = url.path();
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            out.push('%');
            out.push(bytes[i + 1].to_ascii_uppercase() as char);
            out.push(bytes[i + 2].to_ascii_uppercase() as char);
            i += 3;
        } else {
            let ch = path[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htu_equivalence_table() {
        let same = [
            (
                "https://api.example.com/resource",
                "https://API.Example.COM/resource",
            ),
            (
                "https://api.example.com/resource",
                "HTTPS://api.example.com/resource",
            ),
            (
                "https://api.example.com/resource",
                "https://api.example.com:443/resource",
            ),
            (
                "http://api.example.com/resource",
                "http://api.example.com:80/resource",
            ),
            (
                "https://api.example.com/resource",
                "https://api.example.com/resource?x=1",
            ),
            (
                "https://api.example.com/resource",
                "https://api.example.com/resource#frag",
            ),
            (
                "https://api.example.com/a/b",
                "https://api.example.com/a/./c/../b",
            ),
            (
                "https://api.example.com/%7Euser",
                "https://api.example.com/%7euser",
            ),
            ("https://api.example.com", "https://api.example.com/"),
        ];
        for (a, b) in same {
            assert_eq!(
                normalize_htu(a).unwrap(),
                normalize_htu(b).unwrap(),
                "{a} vs {b}"
            );
        }
        let different = [
            (
                "https://api.example.com/resource/",
                "https://api.example.com/resource",
            ),
            (
                "https://api.example.com/resource",
                "http://api.example.com/resource",
            ),
            (
                "https://api.example.com/resource",
                "https://api.example.com:8443/resource",
            ),
            (
                "https://api.example.com/Resource",
                "https://api.example.com/resource",
            ),
        ];
        for (a, b) in different {
            assert_ne!(
                normalize_htu(a).unwrap(),
                normalize_htu(b).unwrap(),
                "{a} vs {b}"
            );
        }
        assert_eq!(
            normalize_htu("https://user@api.example.com/r"),
            Err("it contains userinfo")
        );
        assert!(normalize_htu("/relative").is_err());
        assert!(normalize_htu("ftp://api.example.com/r").is_err());
    }
}
