//! The conformance probe's engine, sans-IO: which variants of a good request
//! an API protected by Auth0 must refuse, how to build each one, and how to
//! classify the API's answer — plus the explanation `call` gives for a
//! 401/403 (the API's `WWW-Authenticate` beside the SDK's own decision).
//!
//! Every variant changes one thing in a request the API accepted (the
//! baseline): a token whose signature no longer holds, a DPoP proof for
//! another URL, a correctly signed but expired token minted by a mock
//! tenant, … Building a variant takes the baseline, keys the probe controls,
//! a time and fresh `jti`s; sending it is the caller's job (`auth0-tok
//! probe` goes through [`crate::http`]). A variant the API accepts is a
//! vulnerability, and the check it names is the one the API lacks.

mod explain;
mod plan;
mod variants;

pub use explain::{
    Challenge, Explanation, SdkAnswer, explain, explain_without_sdk, nonce_challenge,
    parse_www_authenticate,
};
pub use plan::{NotPlanned, Plan};
pub use variants::{
    Fresh, PROBE_KID, ProbeKeys, ProbeRequest, ProofKey, Target, VariantError, build, flippable,
    good_request, rsa_public_pem,
};

/// One thing an API must check, tested by one variant request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Check {
    /// A token re-encoded with `alg: none` and no signature.
    AlgNone,
    /// The token without its signature.
    SignatureStripped,
    /// One bit of the payload flipped, the signature kept.
    PayloadBitFlipped,
    /// HS256, with the tenant's public key (PEM) as the HMAC secret.
    KeyConfusion,
    /// Signed by the probe's own key, with a `kid` the tenant does not publish.
    UnknownKid,
    /// Signed by the probe's key, which a `jku` header points at.
    JkuHeader,
    /// Signed by the probe's key, which an `x5u` header points at.
    X5uHeader,
    /// Signed by the probe's key, embedded as a `jwk` header.
    JwkHeader,
    /// A DPoP token without a proof.
    DpopNoProof,
    /// A proof for another method.
    DpopOtherMethod,
    /// A proof for another URL.
    DpopOtherUrl,
    /// A proof for another access token (`ath`).
    DpopOtherToken,
    /// A proof issued 10 minutes ago.
    DpopIatOld,
    /// A proof issued 5 minutes ahead.
    DpopIatAhead,
    /// A proof sent a second time (same `jti`).
    DpopReplay,
    /// A proof signed by a key the token is not bound to.
    DpopOtherKey,
    /// A proof with `alg: none`.
    DpopAlgNone,
    /// A proof signed with HS256.
    DpopHs256,
    /// A proof whose `jwk` carries the private `d`.
    DpopPrivateJwk,
    /// Two `DPoP` headers.
    DpopTwoProofs,
    /// The DPoP-bound token sent as Bearer.
    DpopBoundAsBearer,
    /// A proof without the nonce the API asks for.
    DpopNonceMissing,
    /// A proof with a nonce the API never issued.
    DpopNonceStale,
    /// A token without a scope the route requires.
    MissingScope,
    /// (mock tenant) a correctly signed token for another audience.
    WrongAudience,
    /// (mock tenant) an expired token.
    Expired,
    /// (mock tenant) a token whose `nbf` is ahead.
    NbfAhead,
    /// (mock tenant) a token issued in the future.
    IatAhead,
    /// (mock tenant) a token from another issuer.
    WrongIssuer,
    /// (mock tenant) a token without `exp`.
    MissingExp,
    /// (mock tenant) a token without `iat`.
    MissingIat,
    /// (mock tenant) a token signed by a key the tenant does not publish.
    UnpublishedKey,
}

/// What a correct API answers to a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// 400, 401 or 403.
    Rejected,
    /// 403 insufficient_scope.
    Forbidden,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Expected::Rejected => "400/401/403",
            Expected::Forbidden => "403",
        })
    }
}

/// How the API's answer to a variant is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Refused, as it must be.
    Rejected,
    /// Accepted (2xx): the API lacks this check.
    Accepted,
    /// Accepted where refusing is only a SHOULD (a replayed proof).
    Warning,
    /// 3xx, 5xx, another 4xx, a timeout or a failed connection: reported,
    /// not counted as safe.
    Unexpected,
}

impl Verdict {
    /// The word the report shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Rejected => "rejected",
            Verdict::Accepted => "ACCEPTED",
            Verdict::Warning => "warning",
            Verdict::Unexpected => "unexpected",
        }
    }
}

/// What came back for a variant: a status, or no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The API answered with this status.
    Status(u16),
    /// No answer (timeout, connection failure).
    NoAnswer,
}

impl Check {
    /// Every check, in report order.
    pub const ALL: [Check; 32] = [
        Check::AlgNone,
        Check::SignatureStripped,
        Check::PayloadBitFlipped,
        Check::KeyConfusion,
        Check::UnknownKid,
        Check::JkuHeader,
        Check::X5uHeader,
        Check::JwkHeader,
        Check::DpopNoProof,
        Check::DpopOtherMethod,
        Check::DpopOtherUrl,
        Check::DpopOtherToken,
        Check::DpopIatOld,
        Check::DpopIatAhead,
        Check::DpopReplay,
        Check::DpopOtherKey,
        Check::DpopAlgNone,
        Check::DpopHs256,
        Check::DpopPrivateJwk,
        Check::DpopTwoProofs,
        Check::DpopBoundAsBearer,
        Check::DpopNonceMissing,
        Check::DpopNonceStale,
        Check::MissingScope,
        Check::WrongAudience,
        Check::Expired,
        Check::NbfAhead,
        Check::IatAhead,
        Check::WrongIssuer,
        Check::MissingExp,
        Check::MissingIat,
        Check::UnpublishedKey,
    ];

    /// A variant of the baseline token itself (forged, unsigned, altered).
    pub fn is_token(self) -> bool {
        self.name().starts_with("token-")
    }

    /// A DPoP variant (the baseline must use DPoP).
    pub fn is_dpop(self) -> bool {
        self.name().starts_with("dpop-")
    }

    /// A variant whose token the mock tenant mints.
    pub fn is_minted(self) -> bool {
        self.name().starts_with("mint-")
    }

    /// The check's name in reports, `--json` and JUnit.
    pub fn name(self) -> &'static str {
        use Check::*;
        match self {
            AlgNone => "token-alg-none",
            SignatureStripped => "token-signature-stripped",
            PayloadBitFlipped => "token-payload-bit-flipped",
            KeyConfusion => "token-hs256-key-confusion",
            UnknownKid => "token-unknown-kid",
            JkuHeader => "token-jku-header",
            X5uHeader => "token-x5u-header",
            JwkHeader => "token-jwk-header",
            DpopNoProof => "dpop-no-proof",
            DpopOtherMethod => "dpop-other-method",
            DpopOtherUrl => "dpop-other-url",
            DpopOtherToken => "dpop-other-token",
            DpopIatOld => "dpop-iat-10min-old",
            DpopIatAhead => "dpop-iat-5min-ahead",
            DpopReplay => "dpop-replayed-jti",
            DpopOtherKey => "dpop-other-key",
            DpopAlgNone => "dpop-alg-none",
            DpopHs256 => "dpop-alg-hs256",
            DpopPrivateJwk => "dpop-private-jwk",
            DpopTwoProofs => "dpop-two-headers",
            DpopBoundAsBearer => "dpop-bound-token-as-bearer",
            DpopNonceMissing => "dpop-nonce-missing",
            DpopNonceStale => "dpop-nonce-stale",
            MissingScope => "scope-missing",
            WrongAudience => "mint-wrong-audience",
            Expired => "mint-expired",
            NbfAhead => "mint-nbf-ahead",
            IatAhead => "mint-iat-ahead",
            WrongIssuer => "mint-wrong-issuer",
            MissingExp => "mint-missing-exp",
            MissingIat => "mint-missing-iat",
            UnpublishedKey => "mint-unpublished-key",
        }
    }

    /// What the API lacks when it accepts this variant.
    pub fn missing(self) -> &'static str {
        use Check::*;
        match self {
            AlgNone => "it accepts unsigned (alg none) tokens",
            SignatureStripped | PayloadBitFlipped | UnknownKid | JkuHeader | X5uHeader
            | JwkHeader | UnpublishedKey => {
                "it does not verify token signatures against the tenant's published keys"
            }
            KeyConfusion => "it lets the token choose HS256 and uses the public key as a secret",
            DpopNoProof => "it accepts a DPoP token without a proof",
            DpopOtherMethod => "it does not check the proof's htm",
            DpopOtherUrl => "it does not check the proof's htu",
            DpopOtherToken => "it does not check the proof's ath",
            DpopIatOld | DpopIatAhead => "it does not bound the proof's iat",
            DpopReplay => "it does not detect replayed proofs (a SHOULD, RFC 9449 §11.1)",
            DpopOtherKey => "it does not check cnf.jkt against the proof key",
            DpopAlgNone | DpopHs256 => "it accepts proofs not signed with an asymmetric key",
            DpopPrivateJwk => "it accepts a proof whose jwk holds a private key",
            DpopTwoProofs => "it accepts more than one DPoP header",
            DpopBoundAsBearer => "it accepts a DPoP-bound token as Bearer",
            DpopNonceMissing | DpopNonceStale => "it does not enforce its own DPoP nonce",
            MissingScope => "it does not check the route's required scopes",
            WrongAudience => "it does not check the audience",
            Expired | MissingExp => "it does not check exp",
            NbfAhead => "it does not check nbf",
            IatAhead => "it accepts tokens issued in the future",
            WrongIssuer => "it does not check the issuer",
            MissingIat => "it does not require iat",
        }
    }

    /// What a correct API answers.
    pub fn expected(self) -> Expected {
        match self {
            Check::MissingScope => Expected::Forbidden,
            _ => Expected::Rejected,
        }
    }

    /// Whether refusing it is only a SHOULD: acceptance is a warning.
    pub fn is_should(self) -> bool {
        self == Check::DpopReplay
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Classifies the answer to `check`'s variant.
///
/// 2xx is acceptance (a warning for a SHOULD); 400, 401 and 403 refuse
/// (only 403 for a missing scope: a 401 there means the API refused the
/// token itself, which proves nothing about scopes); anything else, or no
/// answer, is unexpected.
pub fn classify(check: Check, outcome: Outcome) -> Verdict {
    let Outcome::Status(status) = outcome else {
        return Verdict::Unexpected;
    };
    match status {
        200..=299 if check.is_should() => Verdict::Warning,
        200..=299 => Verdict::Accepted,
        403 => Verdict::Rejected,
        400 | 401 if check.expected() == Expected::Rejected => Verdict::Rejected,
        _ => Verdict::Unexpected,
    }
}

/// One classified variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The check.
    pub check: Check,
    /// The answer.
    pub outcome: Outcome,
    /// Its classification.
    pub verdict: Verdict,
}

/// Counts per verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub rejected: usize,
    pub accepted: usize,
    pub warnings: usize,
    pub unexpected: usize,
}

impl Summary {
    /// Counts the findings.
    pub fn of(findings: &[Finding]) -> Self {
        let mut s = Summary::default();
        for f in findings {
            match f.verdict {
                Verdict::Rejected => s.rejected += 1,
                Verdict::Accepted => s.accepted += 1,
                Verdict::Warning => s.warnings += 1,
                Verdict::Unexpected => s.unexpected += 1,
            }
        }
        s
    }
}

/// What the accepted variants say the API lacks, each once, in report order.
pub fn missing_checks(findings: &[Finding]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in findings {
        if f.verdict == Verdict::Accepted && !out.contains(&f.check.missing()) {
            out.push(f.check.missing());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_against_what_the_check_expects() {
        use Outcome::*;
        assert_eq!(classify(Check::AlgNone, Status(401)), Verdict::Rejected);
        assert_eq!(classify(Check::AlgNone, Status(400)), Verdict::Rejected);
        assert_eq!(classify(Check::AlgNone, Status(403)), Verdict::Rejected);
        assert_eq!(classify(Check::AlgNone, Status(200)), Verdict::Accepted);
        assert_eq!(classify(Check::AlgNone, Status(204)), Verdict::Accepted);
        assert_eq!(classify(Check::DpopReplay, Status(200)), Verdict::Warning);
        assert_eq!(classify(Check::DpopReplay, Status(400)), Verdict::Rejected);
        for odd in [302, 404, 429, 500, 503] {
            assert_eq!(classify(Check::Expired, Status(odd)), Verdict::Unexpected);
        }
        assert_eq!(classify(Check::Expired, NoAnswer), Verdict::Unexpected);
        assert_eq!(
            classify(Check::MissingScope, Status(403)),
            Verdict::Rejected
        );
        assert_eq!(
            classify(Check::MissingScope, Status(401)),
            Verdict::Unexpected
        );
        assert_eq!(
            classify(Check::MissingScope, Status(200)),
            Verdict::Accepted
        );
    }

    #[test]
    fn names_are_unique_and_grouped() {
        let mut names: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Check::ALL.len());
        assert_eq!(
            Check::ALL.iter().filter(|c| c.is_minted()).count(),
            8,
            "the mock-minted variants"
        );
    }

    #[test]
    fn accepted_variants_name_each_missing_check_once() {
        let f = |check, verdict| Finding {
            check,
            outcome: Outcome::Status(200),
            verdict,
        };
        let findings = [
            f(Check::SignatureStripped, Verdict::Accepted),
            f(Check::UnknownKid, Verdict::Accepted),
            f(Check::DpopReplay, Verdict::Warning),
            f(Check::Expired, Verdict::Rejected),
        ];
        assert_eq!(
            missing_checks(&findings),
            [Check::SignatureStripped.missing()]
        );
        let s = Summary::of(&findings);
        assert_eq!((s.accepted, s.warnings, s.rejected), (2, 1, 1));
    }
}
