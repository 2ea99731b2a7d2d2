//! Why an API refused a request: its `WWW-Authenticate` challenges, read
//! (RFC 9110 §11.6.1), beside the decision Auth0's SDK makes for the same
//! request ([`crate::verify::verify_request`], the decision `auth0-tok
//! request` shows), as one sentence that says where to look.

use serde_json::{Value, json};

use crate::verify::{Decision, RequestPolicy};

/// One challenge of a `WWW-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The scheme, as sent (`Bearer`, `DPoP`).
    pub scheme: String,
    /// Its auth-params, names lowercased, values unquoted.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// A parameter's value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a `WWW-Authenticate` value into its challenges. Lenient (the
/// value is the API's, possibly malformed): what does not parse is skipped.
pub fn parse_www_authenticate(value: &str) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    let bytes = value.as_bytes();
    let mut i = 0;
    let is_token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/:".contains(&b);
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i] == b',' || bytes[i].is_ascii_whitespace()) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && is_token(bytes[i]) {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let word = &value[start..i];
        let mut j = i;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'=' {
            // name=value
            j += 1;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            let mut v = String::new();
            if j < bytes.len() && bytes[j] == b'"' {
                j += 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\\' && j + 1 < bytes.len() {
                        j += 1;
                    }
                    let ch = value[j..].chars().next().unwrap_or(' ');
                    v.push(ch);
                    j += ch.len_utf8();
                }
                j += 1;
            } else {
                let s = j;
                while j < bytes.len() && (is_token(bytes[j]) || bytes[j] == b'=') {
                    j += 1;
                }
                v.push_str(&value[s..j]);
            }
            match out.last_mut() {
                Some(c) => c.params.push((word.to_ascii_lowercase(), v)),
                None => out.push(Challenge {
                    scheme: String::new(),
                    params: vec![(word.to_ascii_lowercase(), v)],
                }),
            }
            i = j;
        } else {
            out.push(Challenge {
                scheme: word.to_owned(),
                params: Vec::new(),
            });
        }
    }
    out
}

/// The nonce to retry with (RFC 9449 §9): a 401 whose DPoP challenge says
/// `error="use_dpop_nonce"`, with a `DPoP-Nonce` header.
pub fn nonce_challenge(
    status: u16,
    www_authenticate: Option<&str>,
    dpop_nonce: Option<&str>,
) -> Option<String> {
    if status != 401 {
        return None;
    }
    let nonce = dpop_nonce.map(str::trim).filter(|n| !n.is_empty())?;
    let asks = parse_www_authenticate(www_authenticate?).iter().any(|c| {
        c.scheme.eq_ignore_ascii_case("dpop") && c.param("error") == Some("use_dpop_nonce")
    });
    asks.then(|| nonce.to_owned())
}

/// The API's refusal beside the SDK's decision.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The API's status.
    pub status: u16,
    /// The API's challenges.
    pub challenges: Vec<Challenge>,
    /// The SDK's status for the same request (200 when it accepts).
    pub sdk_status: u16,
    /// The SDK's error code, when it refuses.
    pub sdk_error: Option<String>,
    /// auth0-tok's precise reason, when the SDK refuses.
    pub sdk_reason: Option<String>,
    /// One sentence: what happened and where to look.
    pub summary: String,
}

impl Explanation {
    /// `{status, www_authenticate: [{scheme, params}], sdk: {status, error, reason}, summary}`.
    pub fn to_json(&self) -> Value {
        json!({
            "status": self.status,
            "www_authenticate": self.challenges.iter().map(|c| json!({
                "scheme": c.scheme,
                "params": c.params.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
            })).collect::<Vec<_>>(),
            "sdk": {"status": self.sdk_status, "error": self.sdk_error, "reason": self.sdk_reason},
            "summary": self.summary,
        })
    }
}

/// Explains the API's `status` (and `WWW-Authenticate`) with `decision`,
/// the SDK's verdict on the same request under `policy`.
pub fn explain(
    status: u16,
    www_authenticate: Option<&str>,
    decision: &Decision,
    policy: &RequestPolicy,
) -> Explanation {
    let challenges = www_authenticate
        .map(parse_www_authenticate)
        .unwrap_or_default();
    let api_error = challenges
        .iter()
        .find_map(|c| c.param("error"))
        .map(str::to_owned);
    let said = match &api_error {
        Some(e) => format!("your API said {status} {e}"),
        None => format!("your API said {status}"),
    };
    let audiences = policy.access.audiences().join(" or ");
    match &decision.outcome {
        Ok(accepted) => {
            let summary = if status == 403 {
                let granted = accepted
                    .token
                    .claims
                    .get_str("scope")
                    .unwrap_or("")
                    .to_owned();
                let scope_hint = challenges
                    .iter()
                    .find_map(|c| c.param("scope"))
                    .map(|s| format!(" (it asks for {s:?})"))
                    .unwrap_or_default();
                format!(
                    "{said}; the SDK would accept this token for audience {audiences}, which grants scope {granted:?} — the route needs a scope the token lacks{scope_hint}: request a token with it (the `scope` parameter)"
                )
            } else {
                let alg_hint = format!(", the {} algorithm", accepted.token.alg.as_str());
                format!(
                    "{said}; the SDK would accept this {} token for audience {audiences} — check the audience your API expects, its issuer (domain){alg_hint}, and that it reads the tenant's current keys",
                    accepted.scheme
                )
            };
            Explanation {
                status,
                challenges,
                sdk_status: 200,
                sdk_error: None,
                sdk_reason: None,
                summary,
            }
        }
        Err(r) => {
            let agree = if r.status == status {
                "would also refuse it"
            } else {
                "would refuse it too, with another status"
            };
            let summary = format!(
                "{said}; the SDK {agree}: {} {}: {}",
                r.status, r.code, r.detail
            );
            Explanation {
                status,
                challenges,
                sdk_status: r.status,
                sdk_error: Some(r.code.to_string()),
                sdk_reason: Some(r.detail.clone()),
                summary,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_are_read_with_their_parameters() {
        let c = parse_www_authenticate(
            r#"Bearer realm="api", error="invalid_token", error_description="bad \"sig\"", DPoP algs="ES256", error=use_dpop_nonce"#,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].scheme, "Bearer");
        assert_eq!(c[0].param("error"), Some("invalid_token"));
        assert_eq!(c[0].param("error_description"), Some("bad \"sig\""));
        assert_eq!(c[1].scheme, "DPoP");
        assert_eq!(c[1].param("algs"), Some("ES256"));
        assert_eq!(c[1].param("error"), Some("use_dpop_nonce"));
        assert!(parse_www_authenticate("").is_empty());
        assert_eq!(parse_www_authenticate("Basic")[0].scheme, "Basic");
        // Garbage does not panic.
        let _ = parse_www_authenticate("=\"\\");
        let _ = parse_www_authenticate("a=\"é");
    }

    #[test]
    fn a_nonce_is_retried_only_when_the_dpop_challenge_asks_for_it() {
        let ask = r#"DPoP error="use_dpop_nonce", error_description="nonce""#;
        assert_eq!(
            nonce_challenge(401, Some(ask), Some("n1")).as_deref(),
            Some("n1")
        );
        assert_eq!(nonce_challenge(400, Some(ask), Some("n1")), None);
        assert_eq!(nonce_challenge(401, Some(ask), None), None);
        assert_eq!(
            nonce_challenge(401, Some(r#"Bearer error="use_dpop_nonce""#), Some("n1")),
            None
        );
        assert_eq!(
            nonce_challenge(401, Some(r#"DPoP error="invalid_token""#), Some("n1")),
            None
        );
    }
}
