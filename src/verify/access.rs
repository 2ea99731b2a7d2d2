//! Access-token verification (RFC 9068 profile, Auth0's rules): sans-IO.
//!
//! The caller supplies the key set and the clock; nothing here fetches. The
//! flow is two steps so a caller can choose which tenant's keys to fetch
//! without trusting the token: [`AccessTokenPolicy::precheck`] parses the
//! token and checks everything that needs no key (structure, algorithm, and
//! that `iss` is one of the configured issuers), then
//! [`AccessTokenPolicy::verify_prechecked`] checks the signature with the keys
//! of that issuer, and the claims.

use serde_json::Value;

use crate::clock::{Clock, UnixTime};
use crate::jose::{self, Algorithm, CompactJws, JsonObject};
use crate::jwk::{JwkSet, SignatureError};
use crate::types::{HmacSecret, Issuer, split_scopes};

use super::error::{Shown, TokenError};
use super::jws::{self, AlgorithmRules, join};
use super::sdk;

/// The latest NumericDate accepted: 9999-12-31T23:59:59Z.
const MAX_NUMERIC_DATE: i64 = 253_402_300_799;

/// Where required scopes may be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeSource {
    /// The space-separated `scope` claim only (the SDK's rule).
    #[default]
    Scope,
    /// `scope`, or Auth0's RBAC `permissions` array.
    ScopeOrPermissions,
}

/// What a valid access token must look like for one API.
#[derive(Debug, Clone)]
pub struct AccessTokenPolicy {
    issuers: Vec<Issuer>,
    audiences: Vec<String>,
    algorithms: Vec<Algorithm>,
    leeway: u64,
    required_scopes: Vec<String>,
    scope_source: ScopeSource,
    hmac_secret: Option<HmacSecret>,
}

impl AccessTokenPolicy {
    /// The default algorithms: RS256 (Auth0's default) and PS256.
    pub const DEFAULT_ALGORITHMS: [Algorithm; 2] = [Algorithm::RS256, Algorithm::PS256];

    /// A policy accepting tokens from any of `issuers` (several for multiple
    /// custom domains) for any of `audiences`, with the secure defaults:
    /// RS256/PS256, no leeway, no required scopes, no HMAC.
    ///
    /// # Panics
    /// If `issuers` or `audiences` is empty: a policy must name both.
    pub fn new(issuers: Vec<Issuer>, audiences: Vec<String>) -> Self {
        assert!(!issuers.is_empty(), "a policy needs at least one issuer");
        assert!(
            !audiences.is_empty(),
            "a policy needs at least one audience"
        );
        AccessTokenPolicy {
            issuers,
            audiences,
            algorithms: Self::DEFAULT_ALGORITHMS.to_vec(),
            leeway: 0,
            required_scopes: Vec::new(),
            scope_source: ScopeSource::Scope,
            hmac_secret: None,
        }
    }

    /// Replaces the algorithm allow-list. HS* entries take effect only with
    /// [`with_hmac_secret`](Self::with_hmac_secret), and a secret only for the
    /// HS* entries named here: symmetric tokens need both.
    pub fn with_algorithms(mut self, algorithms: Vec<Algorithm>) -> Self {
        self.algorithms = algorithms;
        self
    }

    /// Seconds of clock skew tolerated for `exp`, `nbf` and `iat` (default 0, as the SDK).
    pub fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// Scopes that must all be granted.
    pub fn require_scopes(mut self, scopes: Vec<String>) -> Self {
        self.required_scopes = scopes;
        self
    }

    /// Where required scopes may be found.
    pub fn with_scope_source(mut self, source: ScopeSource) -> Self {
        self.scope_source = source;
        self
    }

    /// The shared secret HS* tokens are checked with (for APIs that use
    /// Auth0's HS256 signing). It accepts nothing by itself: the HS*
    /// algorithm must also be in [`with_algorithms`](Self::with_algorithms),
    /// so a symmetric token is accepted only where the caller named both.
    pub fn with_hmac_secret(mut self, secret: HmacSecret) -> Self {
        self.hmac_secret = Some(secret);
        self
    }

    /// Whether an HMAC secret is configured.
    pub fn has_hmac_secret(&self) -> bool {
        self.hmac_secret.is_some()
    }

    /// The configured issuers.
    pub fn issuers(&self) -> &[Issuer] {
        &self.issuers
    }

    /// The configured audiences.
    pub fn audiences(&self) -> &[String] {
        &self.audiences
    }

    /// Where required scopes may be found.
    pub fn scope_source(&self) -> ScopeSource {
        self.scope_source
    }

    /// The algorithm allow-list.
    pub fn algorithms(&self) -> &[Algorithm] {
        &self.algorithms
    }

    /// Everything that can be checked without a key: structure, header,
    /// algorithm, and that `iss` names a configured issuer (so a caller never
    /// fetches discovery for an issuer it was not told to trust).
    pub fn precheck<'a>(&self, token: &'a str) -> Result<Prechecked<'a>, TokenError> {
        let jws = CompactJws::parse(token)?;
        let alg = self.check_header(&jws.header)?;
        let issuer = self.check_issuer(&jws.payload)?;
        let kid = jws::header_kid(&jws.header, alg)?;
        Ok(Prechecked {
            jws,
            alg,
            kid,
            issuer,
        })
    }

    /// Checks the signature with `keys` (which must be the key set of
    /// [`Prechecked::issuer`]) and then the claims, at `clock`'s time.
    pub fn verify_prechecked(
        &self,
        token: Prechecked<'_>,
        keys: &JwkSet,
        clock: &dyn Clock,
    ) -> Result<VerifiedToken, TokenError> {
        self.verify_claims(token, keys, clock, true)
    }

    /// [`verify_prechecked`](Self::verify_prechecked) leaving the type of
    /// `scope` to the caller (a request decision checks it where
    /// auth0-fastapi-api reads it: last, and only on scoped routes).
    pub(super) fn verify_prechecked_scope_unchecked(
        &self,
        token: Prechecked<'_>,
        keys: &JwkSet,
        clock: &dyn Clock,
    ) -> Result<VerifiedToken, TokenError> {
        self.verify_claims(token, keys, clock, false)
    }

    fn verify_claims(
        &self,
        token: Prechecked<'_>,
        keys: &JwkSet,
        clock: &dyn Clock,
        scope_type_checked: bool,
    ) -> Result<VerifiedToken, TokenError> {
        self.check_signature(&token, keys)?;
        let Prechecked {
            jws,
            alg,
            kid,
            issuer,
        } = token;
        let claims = jws.payload;
        self.check_audience(&claims)?;
        let now = clock.now();
        self.check_times(&claims, now)?;
        let scopes = self.check_scopes(&claims, scope_type_checked)?;
        let bound_jkt = claims
            .get("cnf")
            .as_deref()
            .and_then(Value::as_object)
            .and_then(|cnf| cnf.get("jkt"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(VerifiedToken {
            header: jws.header,
            claims,
            alg,
            kid,
            issuer,
            scopes,
            bound_jkt,
        })
    }

    /// [`precheck`](Self::precheck) then
    /// [`verify_prechecked`](Self::verify_prechecked), for callers that already
    /// hold the right key set.
    pub fn verify(
        &self,
        token: &str,
        keys: &JwkSet,
        clock: &dyn Clock,
    ) -> Result<VerifiedToken, TokenError> {
        let pre = self.precheck(token)?;
        self.verify_prechecked(pre, keys, clock)
    }

    fn rules(&self) -> AlgorithmRules<'_> {
        AlgorithmRules {
            algorithms: &self.algorithms,
            hmac_secret: self.hmac_secret.as_ref(),
        }
    }

    fn check_header(&self, header: &JsonObject) -> Result<Algorithm, TokenError> {
        jws::check_header(header, self.rules())
    }

    fn check_issuer(&self, claims: &JsonObject) -> Result<Issuer, TokenError> {
        let Some(found) = claims.get_str("iss") else {
            return Err(match claims.get("iss") {
                None => TokenError::MissingIssuer,
                Some(other) => TokenError::InvalidClaim {
                    claim: "iss",
                    expected: "a string",
                    found: Shown::json(&other),
                },
            });
        };
        if let Some(issuer) = self.issuers.iter().find(|i| i.as_str() == found) {
            return Ok(issuer.clone());
        }
        if let [only] = self.issuers.as_slice() {
            Err(TokenError::IssuerMismatch {
                expected: only.to_string(),
                found: Shown::new(found),
            })
        } else {
            Err(TokenError::IssuerNotAllowed {
                found: Shown::new(found),
                allowed: join(self.issuers.iter().map(Issuer::as_str)),
            })
        }
    }

    fn check_signature(&self, token: &Prechecked<'_>, keys: &JwkSet) -> Result<(), TokenError> {
        jws::check_signature(
            &token.jws,
            token.alg,
            token.kid.as_deref(),
            keys,
            self.rules(),
        )
    }

    fn check_audience(&self, claims: &JsonObject) -> Result<(), TokenError> {
        if let Some(aud) = claims.get_str("aud") {
            if self.audiences.iter().any(|want| want == aud) {
                return Ok(());
            }
        }
        let aud = claims.get("aud");
        let (found, array): (Vec<&str>, bool) = match aud.as_deref() {
            None => return Err(TokenError::MissingAudience),
            Some(Value::String(s)) => (vec![s.as_str()], false),
            Some(Value::Array(items)) => {
                let strings: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                match strings {
                    Some(s) => (s, true),
                    None => {
                        return Err(TokenError::InvalidAudience(Shown::json(&Value::Array(
                            items.clone(),
                        ))));
                    }
                }
            }
            Some(other) => return Err(TokenError::InvalidAudience(Shown::json(other))),
        };
        if self
            .audiences
            .iter()
            .any(|want| found.contains(&want.as_str()))
        {
            return Ok(());
        }
        let found_text = if array {
            Shown::json(&Value::from(found.clone())).0
        } else {
            Shown::new(found[0]).to_string()
        };
        Err(TokenError::AudienceMismatch {
            expected: self
                .audiences
                .iter()
                .map(|a| format!("{a:?}"))
                .collect::<Vec<_>>()
                .join(" or "),
            found: found_text,
            array,
        })
    }

    fn check_times(&self, claims: &JsonObject, now: UnixTime) -> Result<(), TokenError> {
        let leeway = i64::try_from(self.leeway).unwrap_or(i64::MAX);
        let exp = numeric_date(claims, "exp")?.ok_or(TokenError::MissingExpiry)?;
        if now.saturating_sub(leeway) >= exp {
            return Err(TokenError::Expired {
                exp,
                ago: now.abs_diff(exp),
            });
        }
        let iat = numeric_date(claims, "iat")?.ok_or(TokenError::MissingIssuedAt)?;
        // RFC 7519 §4.1.6, checked as go-jose and PyJWT do: a token issued
        // in the future is forged or from a broken clock.
        if iat > now.saturating_add(leeway) {
            return Err(TokenError::IssuedInTheFuture {
                iat,
                ahead: iat.abs_diff(now),
            });
        }
        if let Some(nbf) = numeric_date(claims, "nbf")? {
            if nbf > now.saturating_add(leeway) {
                return Err(TokenError::NotYetValid {
                    nbf,
                    wait: nbf.abs_diff(now),
                });
            }
        }
        Ok(())
    }

    fn check_scopes(
        &self,
        claims: &JsonObject,
        type_checked: bool,
    ) -> Result<Vec<String>, TokenError> {
        let mut granted: Vec<String> = match claims.get_str("scope") {
            Some(s) => split_scopes(s).map(str::to_owned).collect(),
            None => match claims.get("scope") {
                None => Vec::new(),
                Some(_) if !type_checked => Vec::new(),
                Some(other) => {
                    return Err(TokenError::InvalidClaim {
                        claim: "scope",
                        expected: "a space-separated string",
                        found: Shown::json(&other),
                    });
                }
            },
        };
        if self.scope_source == ScopeSource::ScopeOrPermissions {
            match claims.get("permissions").as_deref() {
                None => {}
                Some(Value::Array(items)) => {
                    for p in items {
                        let p = p.as_str().ok_or_else(|| TokenError::InvalidClaim {
                            claim: "permissions",
                            expected: "an array of strings",
                            found: Shown::json(p),
                        })?;
                        if !granted.iter().any(|g| g == p) {
                            granted.push(p.to_owned());
                        }
                    }
                }
                Some(other) => {
                    return Err(TokenError::InvalidClaim {
                        claim: "permissions",
                        expected: "an array of strings",
                        found: Shown::json(other),
                    });
                }
            }
        }
        let missing: Vec<String> = self
            .required_scopes
            .iter()
            .filter(|want| !granted.contains(want))
            .cloned()
            .collect();
        if missing.is_empty() {
            Ok(granted)
        } else {
            Err(TokenError::InsufficientScope { missing, granted })
        }
    }
}

/// How auth0-api-python's `verify_access_token` ends on a token auth0-tok
/// refused before its signature (malformed, or an issuer not configured):
/// the SDK's own order of checks (header, `HS*`, payload, `iss` format,
/// issuer, `kid`, key, signature, exact `iss`), for describing the refusal
/// as the SDK words it. See [`AccessTokenPolicy::sdk_view`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SdkView {
    /// The SDK refuses with this `error_description` (401 invalid_token);
    /// `approximate` where auth0-tok cannot be sure of the exact text (a
    /// Python message it does not reproduce, or the keys were not at hand).
    Refuses {
        description: String,
        approximate: bool,
    },
    /// The SDK raises an exception outside its checks (a claim of a type
    /// it does not expect): auth0-fastapi-api answers 500.
    Fails(&'static str),
    /// The SDK passes all of these checks: the refusal is auth0-tok's own rule.
    Passes,
}

impl SdkView {
    fn refuses(description: impl Into<String>) -> Self {
        SdkView::Refuses {
            description: description.into(),
            approximate: false,
        }
    }
}

impl AccessTokenPolicy {
    /// What auth0-api-python makes of `token` up to its second issuer check,
    /// with the key set `keys` gives for the configured issuer the token's
    /// `iss` normalises to. Only for describing a refusal [`precheck`](Self::precheck)
    /// already decided: keys are asked for only for a configured issuer,
    /// never for the token's own. An empty key set counts as not at hand.
    pub(super) fn sdk_view<'k>(
        &self,
        token: &str,
        keys: &dyn Fn(&Prechecked<'_>) -> &'k JwkSet,
    ) -> SdkView {
        let segments: Vec<&str> = token.split('.').collect();
        let [header_b64, payload_b64, signature_b64] = segments[..] else {
            return SdkView::refuses(format!(
                "Failed to parse token header: Invalid token format: expected 3 segments, got {}",
                segments.len()
            ));
        };
        let header = match sdk_segment(header_b64, "header") {
            Ok(Some(Value::Object(h))) => h,
            Ok(Some(_)) => return SdkView::Fails("the header is not a JSON object"),
            Ok(None) => return SdkView::Passes,
            Err(view) => return view,
        };
        let alg = match header.get("alg") {
            None => "",
            Some(Value::String(alg)) => alg.as_str(),
            Some(_) => return SdkView::Fails("the header's alg is not a string"),
        };
        if alg.starts_with("HS") {
            return SdkView::refuses(format!(
                "Symmetric algorithm '{alg}' is not supported. Only asymmetric algorithms (e.g., RS256) are allowed."
            ));
        }
        let payload = match sdk_segment(payload_b64, "payload") {
            Ok(Some(Value::Object(p))) => p,
            Ok(Some(_)) => return SdkView::Fails("the payload is not a JSON object"),
            Ok(None) => return SdkView::Passes,
            Err(view) => return view,
        };
        let iss = payload.get("iss").cloned().unwrap_or(Value::Null);
        if !sdk::truthy(&iss) {
            return SdkView::refuses("Token missing 'iss' claim");
        }
        let normalized = match sdk::normalize_domain(&iss) {
            Ok(n) => n,
            Err(e) => return SdkView::refuses(format!("Invalid token issuer format: {e}")),
        };
        let normalizes = |i: &&Issuer| {
            sdk::normalize_domain(&Value::from(i.as_str())).is_ok_and(|n| n == normalized)
        };
        let issuer = match self.issuers.as_slice() {
            [only] if normalizes(&only) => only,
            [_] => return SdkView::refuses("Token issuer does not match the discovery issuer"),
            many => match many.iter().find(normalizes) {
                Some(issuer) => issuer,
                None => {
                    return SdkView::refuses("Token issuer is not in the list of allowed domains");
                }
            },
        };
        let kid = match header.get("kid") {
            Some(kid) if sdk::truthy(kid) => kid.clone(),
            _ => return SdkView::refuses("Token header missing 'kid' claim"),
        };
        let unsure = |description: &str| SdkView::Refuses {
            description: description.to_owned(),
            approximate: true,
        };
        // The key set of the configured issuer, asked for as precheck would.
        let set = match (
            kid.as_str(),
            json_object(&header, jose::Part::Header),
            json_object(&payload, jose::Part::Payload),
        ) {
            (Some(kid), Some(h), Some(p)) => keys(&Prechecked {
                jws: CompactJws {
                    header: h,
                    payload: p,
                    signing_input: &token[..header_b64.len() + 1 + payload_b64.len()],
                    signature: Vec::new(),
                },
                alg: alg.parse().unwrap_or(Algorithm::RS256),
                kid: Some(kid.to_owned()),
                issuer: issuer.clone(),
            }),
            // A JWKS kid is a string: no key matches another value.
            (None, ..) => return SdkView::refuses("No matching key found in JWKS"),
            _ => return unsure("Verified Token issuer does not match the discovery issuer"),
        };
        let kid = kid.as_str().unwrap_or_default();
        let at_hand = !set.keys().is_empty() || !set.skipped().is_empty();
        if at_hand && !set.has_kid(kid) {
            return SdkView::refuses("No matching key found in JWKS");
        }
        // authlib's JsonWebToken(["RS256"]).decode: header, payload,
        // signature padding, algorithm, then the signature.
        // Without the keys, the kid's lookup before these is not known.
        let refuses = |description: &str| SdkView::Refuses {
            description: description.to_owned(),
            approximate: !at_hand,
        };
        let Ok(signature) = sdk::b64decode(signature_b64) else {
            return refuses("Signature verification failed: Invalid signature padding: ");
        };
        if alg != "RS256" {
            return refuses("Signature verification failed: unsupported_algorithm: ");
        }
        let verified = "Verified Token issuer does not match the discovery issuer";
        let issuer_matches = iss.as_str() == Some(issuer.as_str());
        if !at_hand {
            return if issuer_matches {
                SdkView::Passes
            } else {
                unsure(verified)
            };
        }
        let signing_input = &token[..header_b64.len() + 1 + payload_b64.len()];
        match set.select(kid, Algorithm::RS256) {
            Some(key) => match key.verify(Algorithm::RS256, signing_input.as_bytes(), &signature) {
                Ok(()) => {}
                Err(SignatureError::Invalid) => {
                    return SdkView::refuses("Signature verification failed: bad_signature: ");
                }
                Err(SignatureError::KeyMismatch) => {
                    return unsure("Signature verification failed: bad_signature: ");
                }
            },
            // A key auth0-tok skipped, which the SDK imports anyway.
            None => return unsure("Signature verification failed: bad_signature: "),
        }
        if issuer_matches {
            SdkView::Passes
        } else {
            SdkView::refuses(verified)
        }
    }
}

/// The SDK's `_decode_jwt_segment`: a `b'` prefix dropped, padding added,
/// Python's lenient base64, `json.loads`. `Ok(None)` where Python parses
/// what serde_json cannot read alike (NaN, lone surrogates).
fn sdk_segment(segment: &str, part: &str) -> Result<Option<Value>, SdkView> {
    let segment = segment.strip_prefix("b'").unwrap_or(segment);
    let failed = |message: &str, approximate: bool| SdkView::Refuses {
        description: format!("Failed to parse token {part}: {message}"),
        approximate,
    };
    let bytes = sdk::b64decode(segment).map_err(|m| failed(&m, false))?;
    sdk::json_loads(&bytes).map_err(|e| failed(&e.message, e.approximate))
}

fn json_object(object: &serde_json::Map<String, Value>, part: jose::Part) -> Option<JsonObject> {
    let bytes = serde_json::to_vec(object).ok()?;
    JsonObject::parse(bytes, part).ok()
}

/// A NumericDate claim: absent, or an integer in [0, 9999-12-31].
fn numeric_date(claims: &JsonObject, claim: &'static str) -> Result<Option<UnixTime>, TokenError> {
    let Some(value) = claims.get(claim) else {
        return Ok(None);
    };
    match value.as_i64() {
        Some(t) if (0..=MAX_NUMERIC_DATE).contains(&t) => Ok(Some(t)),
        _ => Err(TokenError::InvalidTime {
            claim,
            found: Shown::json(&value),
        }),
    }
}

/// A token that passed [`AccessTokenPolicy::precheck`]: well formed, an
/// allowed algorithm, from a configured issuer. Not yet verified.
#[derive(Debug, Clone)]
pub struct Prechecked<'a> {
    jws: CompactJws<'a>,
    alg: Algorithm,
    kid: Option<String>,
    issuer: Issuer,
}

impl Prechecked<'_> {
    /// The configured issuer the token claims; fetch this tenant's keys.
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }
    /// The key id in the header (absent only for HS* tokens).
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    /// The header's algorithm, already checked against the allow-list.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }
}

/// How a token is bound to a proof key (RFC 9449 §6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// No `cnf.jkt` member (no `cnf` object, or one without `jkt`).
    Unbound,
    /// `cnf.jkt`, a non-empty string: the thumbprint a proof's key must have.
    Jkt(String),
    /// A `cnf.jkt` member that is not a non-empty string (`123`, `[]`, `""`…).
    Malformed(Value),
}

impl VerifiedToken {
    /// The token's `cnf.jkt` binding.
    pub fn binding(&self) -> Binding {
        let cnf = self.claims.get("cnf");
        match cnf
            .as_deref()
            .and_then(Value::as_object)
            .and_then(|c| c.get("jkt"))
        {
            None => Binding::Unbound,
            Some(Value::String(j)) if !j.is_empty() => Binding::Jkt(j.clone()),
            Some(other) => Binding::Malformed(other.clone()),
        }
    }
}

/// A verified access token.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    /// The JOSE header.
    pub header: JsonObject,
    /// All claims.
    pub claims: JsonObject,
    /// The algorithm it was verified with.
    pub alg: Algorithm,
    /// The key id it was verified with (none for HMAC).
    pub kid: Option<String>,
    /// The issuer it came from.
    pub issuer: Issuer,
    /// Scopes granted (and permissions, if those were accepted).
    pub scopes: Vec<String>,
    /// `cnf.jkt` when the token is DPoP-bound (RFC 9449 §6.1).
    pub bound_jkt: Option<String>,
}
