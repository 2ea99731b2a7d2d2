//! `auth0-tok probe` against the mock's /api/echo (which must pass every
//! check) and against deliberately weakened APIs: small servers in this
//! test, each missing exactly one check, for which the probe must report
//! exactly the variants that check would have refused — and nothing else.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use auth0_tok::clock::FixedClock;
use auth0_tok::dangerous::decode_unverified;
use auth0_tok::jose::{Algorithm, CompactJws};
use auth0_tok::jwk::JwkSet;
use auth0_tok::verify::{DpopPolicy, verify_proof};
use serde_json::Value;

use crate::support::server::{Reply, Request, Server};
use crate::support::{API, CLIENT, Mock, Run, SECRET, Sandbox, http, now};

/// The one check a test API leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// Every check made.
    Nothing,
    NoSignature,
    AlgNone,
    NoAudience,
    NoExp,
    NoAth,
    HtuIgnored,
    JktIgnored,
    BoundAsBearer,
    NoIatWindow,
    NoScopeCheck,
}

/// A minimal API that trusts the mock tenant: Bearer and DPoP, checks made
/// by hand (with the library's proof verifier), one of them left out.
pub struct WeakApi {
    pub jwks: JwkSet,
    pub issuer: String,
    pub audience: String,
    pub weakness: Weakness,
    /// Scopes the route requires.
    pub scopes: Vec<String>,
    /// The nonce proofs must carry, when the API uses nonces.
    pub nonce: Option<String>,
}

fn refuse(status: u16, error: &str) -> Reply {
    let challenge = format!("Bearer realm=\"api\", error=\"{error}\", DPoP algs=\"ES256\"");
    Reply::json(status, &format!("{{\"error\":\"{error}\"}}"))
        .with_header("www-authenticate", &challenge)
}

impl WeakApi {
    pub fn new(mock: &Mock, weakness: Weakness) -> Self {
        let (status, body) = http(
            "GET",
            &format!("{}.well-known/jwks.json", mock.url),
            &[],
            "",
        );
        assert_eq!(status, 200);
        WeakApi {
            jwks: JwkSet::parse(body.as_bytes()).unwrap(),
            issuer: mock.url.clone(),
            audience: API.into(),
            weakness,
            scopes: Vec::new(),
            nonce: None,
        }
    }

    pub fn start(self) -> Server {
        let api = Arc::new(self);
        Server::start(move |r, base| api.answer(r, base))
    }

    fn answer(&self, r: &Request, base: &str) -> Reply {
        let w = self.weakness;
        let Some((scheme, token)) = r.header("authorization").and_then(|a| a.split_once(' '))
        else {
            return refuse(401, "invalid_request");
        };
        let token = token.trim();
        let Ok(jws) = CompactJws::parse(token) else {
            return refuse(401, "invalid_token");
        };
        let alg = jws.header.get_str("alg").unwrap_or("");
        let signed = match alg {
            "none" => w == Weakness::AlgNone && jws.signature.is_empty(),
            "RS256" if w == Weakness::NoSignature => true,
            "RS256" => jws
                .header
                .get_str("kid")
                .and_then(|kid| self.jwks.select(kid, Algorithm::RS256))
                .is_some_and(|key| {
                    key.verify(
                        Algorithm::RS256,
                        jws.signing_input.as_bytes(),
                        &jws.signature,
                    )
                    .is_ok()
                }),
            _ => false,
        };
        if !signed {
            return refuse(401, "invalid_token");
        }
        let claims = decode_unverified(token).unwrap().claims;
        let num = |name: &str| claims.get(name).and_then(Value::as_i64);
        let t = now();
        let issuer_ok = claims.get("iss").and_then(Value::as_str) == Some(self.issuer.as_str());
        let audience_ok = w == Weakness::NoAudience
            || match claims.get("aud") {
                Some(Value::String(a)) => *a == self.audience,
                Some(Value::Array(list)) => list
                    .iter()
                    .any(|a| a == &Value::from(self.audience.clone())),
                _ => false,
            };
        let exp_ok = w == Weakness::NoExp || num("exp").is_some_and(|exp| exp > t);
        let iat_ok = num("iat").is_some_and(|iat| iat <= t + 60);
        let nbf_ok = claims.get("nbf").is_none() || num("nbf").is_some_and(|nbf| nbf <= t + 60);
        if !(issuer_ok && audience_ok && exp_ok && iat_ok && nbf_ok) {
            return refuse(401, "invalid_token");
        }
        let jkt = claims
            .get("cnf")
            .and_then(|c| c.get("jkt"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        if scheme.eq_ignore_ascii_case("bearer") {
            if jkt.is_some() && w != Weakness::BoundAsBearer {
                return refuse(401, "invalid_token");
            }
        } else if scheme.eq_ignore_ascii_case("dpop") {
            let proofs: Vec<&str> = r
                .headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("dpop"))
                .map(|(_, v)| v.as_str())
                .collect();
            let [proof] = proofs[..] else {
                return refuse(400, "invalid_dpop_proof");
            };
            let path = r.path.split('?').next().unwrap_or("");
            let mut url = format!("{}{path}", base.trim_end_matches('/'));
            if w == Weakness::HtuIgnored {
                if let Some(htu) = decode_unverified(proof)
                    .ok()
                    .and_then(|p| p.claims.get("htu")?.as_str().map(str::to_owned))
                {
                    url = htu;
                }
            }
            let policy = if w == Weakness::NoIatWindow {
                DpopPolicy {
                    iat_offset: 100_000,
                    iat_leeway: 100_000,
                    nonce: self.nonce.clone(),
                }
            } else {
                DpopPolicy {
                    nonce: self.nonce.clone(),
                    ..DpopPolicy::default()
                }
            };
            let ath_token = (w != Weakness::NoAth).then_some(token);
            match verify_proof(proof, ath_token, &r.method, &url, &policy, &FixedClock(t)) {
                Ok(p) => {
                    if w != Weakness::JktIgnored && jkt.as_deref() != Some(p.jkt.as_str()) {
                        return refuse(401, "invalid_token");
                    }
                }
                Err(e) if e.code().as_str() == "use_dpop_nonce" => {
                    return Reply::json(401, "{\"error\":\"use_dpop_nonce\"}")
                        .with_header(
                            "www-authenticate",
                            "DPoP error=\"use_dpop_nonce\", error_description=\"nonce\", algs=\"ES256\"",
                        )
                        .with_header("dpop-nonce", self.nonce.as_deref().unwrap_or(""));
                }
                Err(_) => return refuse(400, "invalid_dpop_proof"),
            }
        } else {
            return refuse(401, "invalid_request");
        }
        if w != Weakness::NoScopeCheck {
            let granted: Vec<&str> = claims
                .get("scope")
                .and_then(Value::as_str)
                .unwrap_or("")
                .split(' ')
                .collect();
            if !self.scopes.iter().all(|s| granted.contains(&s.as_str())) {
                return Reply::json(403, "{\"error\":\"insufficient_scope\"}");
            }
        }
        Reply::json(200, "{\"ok\":true}")
    }
}

/// `auth0-tok probe --json` with the mock as the tenant.
pub fn probe(sandbox: &Sandbox, mock: &Mock, url: &str, extra: &[&str]) -> Run {
    let mut args = vec!["--json"];
    args.extend(probe_args(mock, url, extra));
    sandbox.run(&args)
}

/// `auth0-tok probe` (the table) with the mock as the tenant.
fn probe_args<'a>(mock: &'a Mock, url: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "probe",
        "--domain",
        &mock.url,
        "--client-id",
        CLIENT,
        "--client-secret",
        SECRET,
        "--audience",
        API,
        "--rate",
        "1000",
    ];
    args.extend_from_slice(extra);
    args.push(url);
    args
}

pub fn dpop_key(sandbox: &Sandbox) -> String {
    sandbox
        .run(&["dpop", "keygen", "--out", "probe-key.pem"])
        .code(0);
    "probe-key.pem".into()
}

fn with_verdict(report: &Value, verdict: &str) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["verdict"] == verdict)
        .map(|f| f["check"].as_str().unwrap().to_owned())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

const TOKEN_CHECKS: [&str; 8] = [
    "token-alg-none",
    "token-signature-stripped",
    "token-payload-bit-flipped",
    "token-hs256-key-confusion",
    "token-unknown-kid",
    "token-jku-header",
    "token-x5u-header",
    "token-jwk-header",
];

#[test]
fn the_mocks_echo_passes_every_check_bearer_and_dpop() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let echo = format!("{}api/echo", mock.url);
    let bearer = probe(&sandbox, &mock, &echo, &["--tenant", "mock"]);
    bearer.code(0);
    let report = bearer.json();
    assert_eq!(report["summary"]["accepted"], 0, "{report:#}");
    assert_eq!(report["summary"]["unexpected"], 0, "{report:#}");
    let rejected = with_verdict(&report, "rejected");
    for check in TOKEN_CHECKS {
        assert!(rejected.contains(check), "{check}: {report:#}");
    }
    assert_eq!(
        rejected.iter().filter(|c| c.starts_with("mint-")).count(),
        8
    );
    let key = dpop_key(&sandbox);
    let dpop = probe(
        &sandbox,
        &mock,
        &echo,
        &[
            "--tenant",
            "mock",
            "--dpop",
            "--key",
            &key,
            "--junit",
            "probe.xml",
        ],
    );
    dpop.code(0);
    let report = dpop.json();
    assert_eq!(report["baseline"]["scheme"], "DPoP");
    assert_eq!(report["summary"]["accepted"], 0, "{report:#}");
    assert_eq!(
        report["summary"]["warnings"], 0,
        "the echo detects replays: {report:#}"
    );
    let rejected = with_verdict(&report, "rejected");
    for check in [
        "dpop-two-headers",
        "dpop-replayed-jti",
        "dpop-other-key",
        "dpop-bound-token-as-bearer",
        "mint-iat-ahead",
    ] {
        assert!(rejected.contains(check), "{check}: {report:#}");
    }
    let xml = std::fs::read_to_string(sandbox.path().join("probe.xml")).unwrap();
    assert!(
        xml.contains("<testsuites name=\"auth0-tok probe\""),
        "{xml}"
    );
    assert!(xml.contains("failures=\"0\""), "{xml}");
    assert!(xml.contains("<testcase name=\"dpop-other-url\""), "{xml}");
}

/// Probes a weakened API and checks the findings: exactly `accepted` are
/// ACCEPTED, each naming `missing`.
fn weakened(weakness: Weakness, dpop: bool, accepted: &[&str], missing: &str) {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let api = WeakApi::new(&mock, weakness).start();
    let url = format!("{}things", api.url);
    let key = dpop_key(&sandbox);
    let mut extra = vec!["--tenant", "mock", "--junit", "probe.xml"];
    if dpop {
        extra.extend(["--dpop", "--key", key.as_str()]);
    }
    let run = probe(&sandbox, &mock, &url, &extra);
    let report = run.json();
    assert_eq!(
        with_verdict(&report, "ACCEPTED"),
        set(accepted),
        "{weakness:?}: {report:#}"
    );
    assert_eq!(
        report["summary"]["missing"],
        serde_json::json!([missing]),
        "{report:#}"
    );
    assert_eq!(report["summary"]["unexpected"], 0, "{report:#}");
    let warnings = with_verdict(&report, "warning");
    let expected_warnings = if dpop {
        set(&["dpop-replayed-jti"])
    } else {
        set(&[])
    };
    assert_eq!(
        warnings, expected_warnings,
        "this API keeps no jti: {report:#}"
    );
    run.code(1);
    let xml = std::fs::read_to_string(sandbox.path().join("probe.xml")).unwrap();
    assert!(
        xml.contains(&format!("failures=\"{}\"", accepted.len())),
        "{xml}"
    );
    let escaped = missing.replace('\'', "&apos;");
    assert!(xml.contains(&format!("ACCEPTED: {escaped}")), "{xml}");
    // Bounded and only to the API: every request the probe counted reached it,
    // and none carried the client secret.
    let requests = api.requests();
    assert_eq!(
        requests.len() as u64,
        report["summary"]["requests"].as_u64().unwrap()
    );
    for r in &requests {
        assert!(!format!("{r:?}").contains(SECRET));
    }
}

#[test]
fn an_api_that_skips_the_signature_is_caught() {
    weakened(
        Weakness::NoSignature,
        false,
        &[
            "token-signature-stripped",
            "token-payload-bit-flipped",
            "token-unknown-kid",
            "token-jku-header",
            "token-x5u-header",
            "token-jwk-header",
            "mint-unpublished-key",
        ],
        "it does not verify token signatures against the tenant's published keys",
    );
}

#[test]
fn an_api_that_accepts_alg_none_is_caught() {
    weakened(
        Weakness::AlgNone,
        false,
        &["token-alg-none"],
        "it accepts unsigned (alg none) tokens",
    );
}

#[test]
fn an_api_without_an_audience_check_is_caught() {
    weakened(
        Weakness::NoAudience,
        false,
        &["mint-wrong-audience"],
        "it does not check the audience",
    );
}

#[test]
fn an_api_without_an_exp_check_is_caught() {
    weakened(
        Weakness::NoExp,
        false,
        &["mint-expired", "mint-missing-exp"],
        "it does not check exp",
    );
}

#[test]
fn an_api_without_an_ath_check_is_caught() {
    weakened(
        Weakness::NoAth,
        true,
        &["dpop-other-token"],
        "it does not check the proof's ath",
    );
}

#[test]
fn an_api_that_ignores_htu_is_caught() {
    weakened(
        Weakness::HtuIgnored,
        true,
        &["dpop-other-url"],
        "it does not check the proof's htu",
    );
}

#[test]
fn an_api_that_ignores_cnf_jkt_is_caught() {
    weakened(
        Weakness::JktIgnored,
        true,
        &["dpop-other-key"],
        "it does not check cnf.jkt against the proof key",
    );
}

#[test]
fn an_api_that_takes_a_bound_token_as_bearer_is_caught() {
    weakened(
        Weakness::BoundAsBearer,
        true,
        &["dpop-bound-token-as-bearer"],
        "it accepts a DPoP-bound token as Bearer",
    );
}

#[test]
fn an_api_without_a_proof_iat_window_is_caught() {
    weakened(
        Weakness::NoIatWindow,
        true,
        &["dpop-iat-10min-old", "dpop-iat-5min-ahead"],
        "it does not bound the proof's iat",
    );
}

#[test]
fn a_correct_api_passes_and_its_dpop_nonce_is_used_and_enforced() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let mut api = WeakApi::new(&mock, Weakness::Nothing);
    api.nonce = Some("nonce-from-the-api".into());
    let api = api.start();
    let key = dpop_key(&sandbox);
    let run = probe(
        &sandbox,
        &mock,
        &format!("{}things", api.url),
        &["--tenant", "mock", "--dpop", "--key", &key],
    );
    run.code(0);
    let report = run.json();
    assert_eq!(report["baseline"]["nonce"], true, "{report:#}");
    let rejected = with_verdict(&report, "rejected");
    assert!(rejected.contains("dpop-nonce-missing"), "{report:#}");
    assert!(rejected.contains("dpop-nonce-stale"), "{report:#}");
    assert_eq!(report["summary"]["accepted"], 0, "{report:#}");
}

#[test]
fn a_route_scope_is_probed_with_a_token_lacking_it() {
    for (weakness, mock_tenant, verdict) in [
        (Weakness::Nothing, true, "rejected"),
        (Weakness::NoScopeCheck, true, "ACCEPTED"),
        // Without the mock's minting: a second client-credentials token.
        (Weakness::Nothing, false, "rejected"),
        (Weakness::NoScopeCheck, false, "ACCEPTED"),
    ] {
        let sandbox = Sandbox::new();
        let mock = Mock::start(&sandbox, &[]);
        let mut api = WeakApi::new(&mock, weakness);
        api.scopes = vec!["write:messages".into()];
        let api = api.start();
        let mut extra = vec!["--scope", "write:messages"];
        if mock_tenant {
            extra.extend(["--tenant", "mock"]);
        }
        let run = probe(&sandbox, &mock, &format!("{}things", api.url), &extra);
        let report = run.json();
        let finding = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == "scope-missing")
            .unwrap_or_else(|| panic!("no scope finding: {report:#}"))
            .clone();
        assert_eq!(
            finding["verdict"], verdict,
            "{weakness:?} {mock_tenant}: {report:#}"
        );
        if verdict == "rejected" {
            assert_eq!(finding["status"], 403);
            run.code(0);
        } else {
            assert_eq!(
                report["summary"]["missing"],
                serde_json::json!(["it does not check the route's required scopes"])
            );
            run.code(1);
        }
    }
}

#[test]
fn a_failed_baseline_stops_the_probe_with_an_explanation() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let api = Server::start(|_, _| refuse(401, "invalid_token"));
    let run = probe(&sandbox, &mock, &format!("{}things", api.url), &[]);
    run.code(4);
    run.stderr_has("no verdict can be drawn")
        .stderr_has("the SDK would accept this Bearer token for audience https://api.example.com");
    assert_eq!(
        api.requests().len(),
        1,
        "no variant after a failed baseline"
    );
    let report = run.json();
    assert_eq!(report["baseline"]["status"], 401);
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn requests_are_bounded_in_count_and_rate() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let api = WeakApi::new(&mock, Weakness::Nothing).start();
    let url = format!("{}things", api.url);
    let started = std::time::Instant::now();
    let run = sandbox.run(&[
        "--json",
        "probe",
        "--domain",
        &mock.url,
        "--client-id",
        CLIENT,
        "--client-secret",
        SECRET,
        "--audience",
        API,
        "--max-requests",
        "6",
        "--rate",
        "5",
        &url,
    ]);
    run.code(0);
    let report = run.json();
    assert!(api.requests().len() <= 6, "{}", api.requests().len());
    assert_eq!(
        report["summary"]["requests"].as_u64().unwrap() as usize,
        api.requests().len()
    );
    assert!(
        report["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["why"].as_str().unwrap().contains("--max-requests 6")),
        "{report:#}"
    );
    // N requests at five a second: at least (N - 1) / 5 s between the first and the last.
    let sent = api.requests().len() as u64;
    assert!(sent >= 3, "{sent}");
    assert!(started.elapsed() >= std::time::Duration::from_millis((sent - 1) * 190));
}

#[test]
fn server_errors_are_unexpected_not_safe_and_not_vulnerable() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    // Accepts the first request (the baseline), then fails.
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let api = Server::start(|_, _| {
        if COUNT.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::json(200, "{}")
        } else {
            Reply::json(500, "{}")
        }
    });
    let run = probe(&sandbox, &mock, &format!("{}things", api.url), &[]);
    run.code(0);
    let report = run.json();
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["verdict"] == "unexpected" && f["status"] == 500),
        "{report:#}"
    );
    assert_eq!(
        report["summary"]["unexpected"].as_u64().unwrap() as usize,
        findings.len()
    );
    assert_eq!(report["summary"]["rejected"], 0);
}

#[test]
fn the_table_names_each_check_and_the_summary() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let api = WeakApi::new(&mock, Weakness::AlgNone).start();
    let run = sandbox.run(&probe_args(&mock, &format!("{}things", api.url), &[]));
    run.code(1)
        .stdout_has("token-alg-none")
        .stdout_has("ACCEPTED")
        .stdout_has("missing: it accepts unsigned (alg none) tokens")
        .stdout_has("request(s) sent to http://127.0.0.1:");
}

#[test]
fn bad_probe_options_are_usage_errors() {
    let sandbox = Sandbox::new();
    for args in [
        &["probe", "--rate", "0", "https://api.example.com/x"][..],
        &["probe", "--max-requests", "1", "https://api.example.com/x"],
        &["probe", "--method", "G E T", "https://api.example.com/x"],
        &["probe", "ftp://api.example.com/x"],
    ] {
        sandbox.run(args).code(2);
    }
}

#[test]
fn the_mint_endpoint_applies_overrides_and_can_sign_with_an_unpublished_key() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let mint = format!("{}test/mint", mock.url);
    let (status, body) = http(
        "POST",
        &mint,
        &[("content-type", "application/json")],
        r#"{"claims": {"exp": null, "aud": "https://other"}}"#,
    );
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let token = v["access_token"].as_str().unwrap();
    let claims = decode_unverified(token).unwrap().claims;
    assert!(claims.get("exp").is_none());
    assert_eq!(claims["aud"], "https://other");
    assert_eq!(claims["iss"], mock.url.as_str());
    // Signed by the tenant: `verify` with its JWKS accepts a complete one.
    let (_, good) = http("POST", &mint, &[], "{}");
    let good: Value = serde_json::from_str(&good).unwrap();
    sandbox
        .run(&[
            "verify",
            "--domain",
            &mock.url,
            "--audience",
            API,
            good["access_token"].as_str().unwrap(),
        ])
        .code(0);
    let (_, forged) = http("POST", &mint, &[], r#"{"key": "unpublished"}"#);
    let forged: Value = serde_json::from_str(&forged).unwrap();
    sandbox
        .run(&[
            "verify",
            "--domain",
            &mock.url,
            "--audience",
            API,
            forged["access_token"].as_str().unwrap(),
        ])
        .code(1);
    let (status, _) = http("POST", &mint, &[], r#"{"key": "other"}"#);
    assert_eq!(status, 400);
    let (status, _) = http("POST", &mint, &[], "[1]");
    assert_eq!(status, 400);
}

/// Every check of the probe, in report order.
const ALL_CHECKS: usize = 32;

fn not_run(report: &Value) -> Vec<(String, String)> {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["check"].as_str().unwrap().to_owned(),
                s["why"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn why_not_run<'a>(skipped: &'a [(String, String)], check: &str) -> &'a str {
    skipped
        .iter()
        .find(|(c, _)| c == check)
        .map(|(_, why)| why.as_str())
        .unwrap_or_else(|| panic!("{check} is neither run nor said not run: {skipped:?}"))
}

#[test]
fn every_check_not_run_says_why_in_json_junit_and_the_table() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let api = WeakApi::new(&mock, Weakness::Nothing).start();
    let url = format!("{}things", api.url);
    // Bearer, no --tenant mock, no --scope.
    let run = probe(&sandbox, &mock, &url, &["--junit", "probe.xml"]);
    run.code(0);
    let report = run.json();
    let skipped = not_run(&report);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len() + skipped.len(), ALL_CHECKS, "{report:#}");
    assert_eq!(report["summary"]["not_run"], skipped.len());
    for (check, why) in &skipped {
        assert!(!why.is_empty(), "{check}");
        if check.starts_with("dpop-") {
            assert!(why.contains("the baseline is Bearer"), "{check}: {why}");
        } else if check.starts_with("mint-") {
            assert!(why.contains("needs --tenant mock"), "{check}: {why}");
        }
    }
    assert!(why_not_run(&skipped, "scope-missing").contains("no --scope"));
    let xml = std::fs::read_to_string(sandbox.path().join("probe.xml")).unwrap();
    assert!(
        xml.contains(&format!(
            "tests=\"{ALL_CHECKS}\" skipped=\"{}\"",
            skipped.len()
        )),
        "{xml}"
    );
    assert!(xml.contains("the baseline is Bearer"), "{xml}");

    let table = sandbox.run(&probe_args(&mock, &url, &[]));
    table
        .code(0)
        .stdout_has("check                          expected    got   verdict")
        .stdout_has("token-alg-none                 400/401/403 401   rejected")
        .stdout_has("dpop-* (15 checks)")
        .stdout_has("not run: the baseline is Bearer")
        .stdout_has("mint-* (8 checks)")
        .stdout_has(&format!("{} not run;", skipped.len()));
    assert!(!table.stdout.contains(SECRET));
}

#[test]
fn nonce_variants_are_not_run_when_the_api_asks_for_no_nonce() {
    let sandbox = Sandbox::new();
    let mock = Mock::start(&sandbox, &[]);
    let api = WeakApi::new(&mock, Weakness::Nothing).start();
    let key = dpop_key(&sandbox);
    let run = probe(
        &sandbox,
        &mock,
        &format!("{}things", api.url),
        &["--dpop", "--key", &key],
    );
    run.code(0);
    let report = run.json();
    assert_eq!(report["baseline"]["nonce"], false);
    let skipped = not_run(&report);
    for check in ["dpop-nonce-missing", "dpop-nonce-stale"] {
        assert_eq!(
            why_not_run(&skipped, check),
            "the API asked for no DPoP nonce"
        );
    }
    assert_eq!(
        report["findings"].as_array().unwrap().len() + skipped.len(),
        ALL_CHECKS
    );
}

#[test]
fn key_confusion_without_a_tenant_and_a_replay_refused_at_once_say_why_they_were_not_judged() {
    let sandbox = Sandbox::new();
    // Accepts the baseline only: the replay's first, fresh sending is refused.
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let api = Server::start(|_, _| {
        if COUNT.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::json(200, "{}")
        } else {
            refuse(401, "invalid_token")
        }
    });
    let token = crate::support::TestKey::new(&sandbox, "k1").sign(serde_json::json!({
        "iss": "https://tenant.example.com/", "aud": API, "sub": "client@clients",
        "iat": now(), "exp": now() + 600,
    }));
    let key = dpop_key(&sandbox);
    let run = sandbox.run(&[
        "--json",
        "probe",
        "--rate",
        "1000",
        "--dpop",
        "--key",
        &key,
        "--token",
        &token,
        &format!("{}things", api.url),
    ]);
    run.code(0);
    let report = run.json();
    let skipped = not_run(&report);
    assert!(
        why_not_run(&skipped, "token-hs256-key-confusion")
            .contains("no tenant to read its public key from"),
        "{report:#}"
    );
    assert_eq!(
        why_not_run(&skipped, "dpop-replayed-jti"),
        "the first sending, a fresh proof, got 401 (2xx needed), so a replay proves nothing"
    );
    assert!(
        !report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["check"] == "dpop-replayed-jti"),
        "{report:#}"
    );
    // The token under test is the only credential, and no report prints it.
    assert!(!run.stdout.contains(&token) && !run.stderr.contains(&token));
}

#[test]
fn an_opaque_token_skips_the_token_variants_instead_of_failing() {
    let sandbox = Sandbox::new();
    let api = Server::start(|_, _| Reply::json(200, "{}"));
    let run = sandbox.run(&[
        "--json",
        "probe",
        "--rate",
        "1000",
        "--token",
        "an-opaque-token",
        &format!("{}things", api.url),
    ]);
    let report = run.json();
    let skipped = not_run(&report);
    assert!(
        why_not_run(&skipped, "token-alg-none").contains("not a JWT"),
        "{report:#}"
    );
    assert!(
        report["findings"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    run.code(0);
}
