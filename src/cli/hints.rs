//! "fix:" lines: what to change when a token is rejected or the tenant
//! fails, in terms of auth0-tok's own options; and the option that gives
//! the RFCs' answer where the SDK fails on a request ([`strict_rule`]).
//!
//! The library says what went wrong with data — a typed [`TokenError`] or
//! [`TenantError`], the [`Mistake`]s [`diagnose`](auth0_tok::verify::diagnose::diagnose)
//! recognised, the tenant's clock offset — and never names a flag; this
//! module maps them, with the options the command was given, to one
//! sentence each. Values quoted from the token are shortened and escaped
//! (the report sanitises the whole line again before a terminal sees it).

use auth0_tok::http::FetchError;
use auth0_tok::tenant::TenantError;
use auth0_tok::verify::diagnose::Mistake;
use auth0_tok::verify::{NoRefetch, Rejection, Shown, TokenError};

/// What the command was given that a fix may refer to.
pub struct Options<'a> {
    /// The audiences the token must be for.
    pub audiences: &'a [String],
    /// Whether issuers came from `--issuer` (else from `--domain`).
    pub issuer_flag: bool,
}

/// The fixes for a rejected token. `clock_offset` is how many seconds the
/// local clock is ahead of the tenant's, when known.
pub fn rejection(
    error: &TokenError,
    mistakes: &[Mistake],
    clock_offset: Option<i64>,
    options: &Options<'_>,
) -> Vec<String> {
    let mut fixes: Vec<String> = mistakes
        .iter()
        .filter_map(|m| mistake(m, clock_offset, options))
        .collect();
    if let TokenError::UnknownKid {
        kid,
        refetch_note: Some(why),
    } = error
    {
        fixes.extend(unknown_kid(kid, why));
    }
    fixes.extend(governing_options(error));
    fixes
}

/// The options behind a check the library reports with data alone.
fn governing_options(error: &TokenError) -> Option<String> {
    Some(match error {
        TokenError::SymmetricWithoutSecret(alg) => format!(
            "{alg} verifies only with both the algorithm and the HMAC secret: --algorithm {alg} --hs256-secret SECRET"
        ),
        TokenError::ProofRequired => {
            "give the proof with --dpop (and the request with --htm, --htu)".to_owned()
        }
        _ => return None,
    })
}

/// The rule `rejection` applied where the SDK would not have refused; where
/// the SDK fails on the request, with the option that gives the RFCs'
/// answer instead.
pub fn strict_rule(rejection: &Rejection) -> Option<String> {
    let rule = rejection.strict_rule?;
    Some(if rejection.sdk_fails {
        format!("{rule} (--rfc: 401 invalid_token)")
    } else {
        rule.to_owned()
    })
}

/// The fix for a tenant failure, when there is one.
pub fn tenant(error: &TenantError) -> Option<String> {
    match error {
        TenantError::Fetch(FetchError::Tls { url, .. }) => {
            let url = url::Url::parse(url).ok()?;
            let loopback = match url.host()? {
                url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
                url::Host::Ipv4(ip) => ip.is_loopback(),
                url::Host::Ipv6(ip) => ip.is_loopback(),
            };
            if url.scheme() != "https" || !loopback {
                return None;
            }
            let host = url.host_str()?;
            let authority = match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            };
            Some(format!(
                "a local tenant usually serves plain http: for a local tenant, use --domain http://{authority}"
            ))
        }
        _ => None,
    }
}

/// `audience=…` as a token request would send it.
fn audience_param(options: &Options<'_>) -> String {
    match options.audiences.first() {
        Some(a) => format!("audience={}", Shown::new(a).0),
        None => "audience=<your API identifier>".to_owned(),
    }
}

/// The `--domain` (or `--issuer`) value for an issuer URL.
fn flag_value(issuer: &str, options: &Options<'_>) -> String {
    if options.issuer_flag {
        return format!("--issuer {}", Shown::new(issuer).0);
    }
    let domain = issuer.strip_prefix("https://").unwrap_or(issuer);
    format!("--domain {}", Shown::new(domain.trim_end_matches('/')).0)
}

fn mistake(m: &Mistake, clock_offset: Option<i64>, options: &Options<'_>) -> Option<String> {
    Some(match m {
        Mistake::IdToken { markers, aud } => {
            let mut evidence = Vec::new();
            if !markers.is_empty() {
                evidence.push(format!("it has {}", markers.join(", ")));
            }
            if let Some(aud) = aud {
                evidence.push(format!("aud {} is a client id", Shown::new(aud)));
            }
            format!(
                "this is an ID token ({}); APIs take the access token: send the access_token of the token response, requested with {} (to check the ID token itself: `verify --id-token --client-id ID`)",
                evidence.join("; "),
                audience_param(options)
            )
        }
        Mistake::Encrypted { alg, enc } => format!(
            "encrypted/opaque access token (a JWE: alg {}{}): request it with an `audience` ({}); Auth0 issues these when no audience is sent",
            Shown::new(alg),
            enc.as_ref()
                .map(|e| format!(", enc {}", Shown::new(e)))
                .unwrap_or_default(),
            audience_param(options)
        ),
        Mistake::Opaque => format!(
            "encrypted/opaque access token (not a JWT): request it with an `audience` ({}); Auth0 issues these when no audience is sent",
            audience_param(options)
        ),
        Mistake::UserinfoAudience { userinfo, others } if others.is_empty() => format!(
            "the only audience is Auth0's own {} (from scope openid), not an API: request the token with {}",
            Shown::new(userinfo),
            audience_param(options)
        ),
        Mistake::UserinfoAudience { userinfo, others } => format!(
            "{} in aud is Auth0's own /userinfo audience (from scope openid), not your API; the token is for {}: check --audience, or request the token with {}",
            Shown::new(userinfo),
            others
                .iter()
                .map(|o| Shown::new(o).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            audience_param(options)
        ),
        Mistake::IssuerDomain {
            found,
            configured,
            found_canonical,
        } => {
            let flags = configured
                .iter()
                .chain(std::iter::once(found))
                .map(|i| flag_value(i, options))
                .collect::<Vec<_>>()
                .join(" ");
            let flag = if options.issuer_flag {
                "--issuer"
            } else {
                "--domain"
            };
            if *found_canonical {
                format!(
                    "the token's issuer {} is the tenant's canonical domain, but {flag} names a custom domain: a token carries the domain it was requested from; to accept both, repeat the option: {flags}",
                    Shown::new(found)
                )
            } else {
                format!(
                    "the token's issuer {} is not the tenant's canonical domain {flag} names: if it is this tenant's custom domain, accept both by repeating the option: {flags}",
                    Shown::new(found)
                )
            }
        }
        Mistake::ScopesInPermissions { scopes } => format!(
            "{} granted in the token's RBAC `permissions` claim, not in `scope`: add --permissions to accept them there (an API on auth0-api-python reads `scope` only)",
            scopes
                .iter()
                .map(|s| Shown::new(s).to_string())
                .collect::<Vec<_>>()
                .join(", ")
                + if scopes.len() == 1 { " is" } else { " are" }
        ),
        Mistake::NearClockEdge { claim, by } => clock(claim, *by, clock_offset),
        _ => return None,
    })
}

/// The clock comparison for a time check missed by `by` seconds.
fn clock(claim: &str, by: u64, offset: Option<i64>) -> String {
    // Whether a local clock ahead (exp) or behind (nbf, iat) explains it.
    let explains = |o: i64| if claim == "exp" { o > 0 } else { o < 0 };
    match offset {
        Some(o) if o.abs() <= 1 => format!(
            "your clock agrees with the tenant's (its Date header, within 1 s): the token's {claim} really is {by} s off"
        ),
        Some(o) => {
            let side = if o > 0 { "ahead of" } else { "behind" };
            let cure = if explains(o) {
                format!(
                    ": sync it (NTP), or allow for it with --leeway {}",
                    o.unsigned_abs() + 1
                )
            } else {
                format!(", which does not explain the {claim} failure")
            };
            format!(
                "your clock is {} s {side} the tenant's (its Date header){cure}",
                o.unsigned_abs()
            )
        }
        None => format!(
            "{claim} failed by only {by} s: if your clock is off, sync it (NTP), or allow for it with --leeway {by}"
        ),
    }
}

fn unknown_kid(kid: &Shown, why: &NoRefetch) -> Option<String> {
    let wait = why.next_allowed_in()?;
    Some(match why {
        NoRefetch::FetchedRecently { .. } => format!(
            "the key set was fetched just now and has no key {kid}: the token is not signed by this tenant's published keys; another refetch is allowed in {wait} s (--no-cache skips the limit between runs)"
        ),
        _ => format!(
            "the next refetch for an unknown kid is allowed in {wait} s; --no-cache skips this limit between runs and fetches the key set now"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options<'static> {
        static AUD: [String; 0] = [];
        Options {
            audiences: &AUD,
            issuer_flag: false,
        }
    }

    #[test]
    fn the_clock_is_compared_in_the_direction_that_matters() {
        assert!(clock("exp", 20, Some(47)).starts_with("your clock is 47 s ahead of the tenant's"));
        assert!(clock("exp", 20, Some(47)).contains("--leeway 48"));
        assert!(clock("exp", 20, Some(-47)).contains("does not explain"));
        assert!(clock("nbf", 20, Some(-5)).contains("5 s behind"));
        assert!(clock("exp", 20, Some(1)).contains("agrees"));
        assert!(clock("iat", 9, None).contains("--leeway 9"));
    }

    #[test]
    fn the_issuer_fix_repeats_the_option_used() {
        let m = Mistake::IssuerDomain {
            found: "https://t.us.auth0.com/".into(),
            configured: vec!["https://login.example.com/".into()],
            found_canonical: true,
        };
        let fix = mistake(&m, None, &options()).unwrap();
        assert!(
            fix.ends_with("--domain login.example.com --domain t.us.auth0.com"),
            "{fix}"
        );
        let issuers = Options {
            issuer_flag: true,
            ..options()
        };
        let fix = mistake(&m, None, &issuers).unwrap();
        assert!(
            fix.ends_with("--issuer https://login.example.com/ --issuer https://t.us.auth0.com/"),
            "{fix}"
        );
    }

    #[test]
    fn checks_reported_with_data_alone_get_their_options_here() {
        let hs = TokenError::SymmetricWithoutSecret("HS256".into());
        let fix = governing_options(&hs).unwrap();
        assert!(
            fix.ends_with("--algorithm HS256 --hs256-secret SECRET"),
            "{fix}"
        );
        assert!(!hs.to_string().contains("--"), "{hs}");
        let dpop = TokenError::ProofRequired;
        assert!(governing_options(&dpop).unwrap().contains("--dpop"));
        assert!(!dpop.to_string().contains("--"), "{dpop}");
        assert_eq!(governing_options(&TokenError::MissingKid), None);
    }

    #[test]
    fn only_a_local_https_tenant_gets_the_plain_http_fix() {
        let tls = |url: &str| {
            TenantError::Fetch(FetchError::Tls {
                url: url.into(),
                reason: "corrupt".into(),
            })
        };
        assert_eq!(
            tenant(&tls(
                "https://127.0.0.1:8080/.well-known/openid-configuration"
            ))
            .as_deref(),
            Some(
                "a local tenant usually serves plain http: for a local tenant, use --domain http://127.0.0.1:8080"
            )
        );
        assert_eq!(tenant(&tls("https://tenant.us.auth0.com/")), None);
    }
}
