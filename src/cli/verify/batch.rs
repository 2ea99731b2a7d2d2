//! `verify --batch`: one token per stdin line, one JSON line per token, in
//! order ([`batch::run`] drives it). Keys are fetched once per issuer; the
//! checks run on `--jobs` threads (they are sans-IO), and only tokens that
//! need the tenant (a first sight of an issuer, an unknown kid) go through
//! it. A valid token's line is written without building a JSON tree.

use std::borrow::Cow;

use auth0_tok::Issuer;
use auth0_tok::tenant::{TenantError, VerifyFailure};
use auth0_tok::verify::{AccessTokenPolicy, DpopMode};
use serde_json::{Value, json};

use super::super::Context;
use super::super::api::Keys;
use super::super::batch::{self, Answer, Known, Line, Verdict};
use super::super::input;
use super::report::{binding_json, outcome_json};
use super::{Outcome, without_proof};

/// Verifies stdin's tokens under `policy`, `mode` for tokens without a proof.
pub(super) async fn run(
    policy: &AccessTokenPolicy,
    keys: &Keys,
    ctx: &Context,
    jobs: usize,
    mode: DpopMode,
) -> anyhow::Result<()> {
    let work = Tokens {
        policy,
        keys,
        ctx,
        mode,
    };
    batch::run(&work, keys, jobs).await
}

/// The work of one line: a token, verified.
struct Tokens<'a> {
    policy: &'a AccessTokenPolicy,
    keys: &'a Keys,
    ctx: &'a Context,
    mode: DpopMode,
}

impl batch::Work for Tokens<'_> {
    type Pending<'l> = AskTenant<'l>;

    // A line longer than a token can be is skipped unread and reported.
    const MAX_LINE: usize = auth0_tok::jose::MAX_TOKEN_LEN;

    fn local<'l>(&self, line: &'l Line, known: &Known) -> Result<Answer, AskTenant<'l>> {
        // Too long, or given with its scheme: the same refusal as `verify TOKEN`.
        let unreadable = line
            .unreadable(Self::MAX_LINE)
            .or_else(|| input::scheme_prefix(&line.text, "token"));
        if let Some(problem) = unreadable {
            let value = json!({
                "valid": false,
                "error": "unreadable_line",
                "error_description": problem,
                "status": null,
            });
            return Ok(Answer::render(value, line.number, Verdict::Unreadable));
        }
        self.check(line, known)
    }

    fn again(&self, line: &Line, _: &AskTenant<'_>, known: &Known) -> Option<Answer> {
        self.check(line, known).ok()
    }

    fn issuer<'p>(&self, pending: &'p AskTenant<'_>) -> Option<&'p Issuer> {
        Some(&pending.issuer)
    }

    async fn ask(&self, pending: Self::Pending<'_>, line: usize) -> Result<Answer, TenantError> {
        // Prechecked again (it passed before: the same checks of the same
        // text), once per tenant asked, next to a fetch.
        let pre = match self.policy.precheck(pending.token) {
            Ok(pre) => pre,
            Err(e) => return Ok(answer(&Err(e.into()), line)),
        };
        let outcome = match self.keys {
            Keys::Tenant(tenants) => tenants.verify_prechecked(self.policy, pre).await,
            Keys::Pinned(set) => self
                .policy
                .verify_prechecked(pre, set, self.ctx.clock.as_ref())
                .map_err(Into::into),
        };
        match outcome {
            Err(VerifyFailure::Tenant(e)) => Err(e),
            outcome => Ok(answer(&without_proof(outcome, self.mode), line)),
        }
    }

    fn unavailable(&self, e: &TenantError, line: usize) -> Answer {
        answer(&Err(VerifyFailure::Tenant(e.clone())), line)
    }
}

impl Tokens<'_> {
    /// Verifies one token with the keys at hand; what its tenant must be
    /// asked, where the keys at hand cannot (an unseen issuer, an unknown kid).
    fn check<'l>(&self, line: &'l Line, known: &Known) -> Result<Answer, AskTenant<'l>> {
        let pre = match self.policy.precheck(&line.text) {
            Ok(pre) => pre,
            Err(e) => return Ok(answer(&Err(e.into()), line.number)),
        };
        let set = match self.keys {
            Keys::Pinned(set) => set,
            Keys::Tenant(_) => match known.keys_for(&pre) {
                Some(set) => set,
                None => {
                    return Err(AskTenant {
                        token: &line.text,
                        issuer: pre.issuer().clone(),
                    });
                }
            },
        };
        let outcome = self
            .policy
            .verify_prechecked(pre, set, self.ctx.clock.as_ref())
            .map_err(Into::into);
        Ok(answer(&without_proof(outcome, self.mode), line.number))
    }
}

/// A token its tenant must verify: the line and the issuer its precheck
/// read. The parsed token is not kept: a chunk of lines of an issuer not yet
/// seen would hold every one of them parsed while the first asks (a chunk's
/// header and claims trees, several times the chunk's text).
struct AskTenant<'l> {
    token: &'l str,
    issuer: Issuer,
}

/// One token's JSON line.
fn answer(outcome: &Outcome, line: usize) -> Answer {
    let t = match outcome {
        Ok(t) => t,
        Err(e) => {
            let verdict = match e {
                VerifyFailure::Rejected(_) => Verdict::Rejected,
                VerifyFailure::Tenant(_) => Verdict::Unchecked,
            };
            return Answer::render(outcome_json(outcome), line, verdict);
        }
    };
    // The common case, written without building a JSON tree (members in
    // the same sorted order as the tree would give).
    #[derive(serde::Serialize)]
    struct Valid<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        dpop_bound: Option<bool>,
        exp: Option<Member<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        jkt: Option<Value>,
        line: usize,
        scopes: &'a [String],
        sub: Option<Member<'a>>,
        valid: bool,
    }
    /// A claim, serialised without copying a string.
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Member<'a> {
        Str(&'a str),
        Other(Cow<'a, Value>),
    }
    let member = |name| match t.claims.get_str(name) {
        Some(s) => Some(Member::Str(s)),
        None => t.claims.get(name).map(Member::Other),
    };
    let jkt = binding_json(t);
    let valid = Valid {
        dpop_bound: jkt.is_some().then_some(true),
        exp: member("exp"),
        jkt,
        line,
        scopes: &t.scopes,
        sub: member("sub"),
        valid: true,
    };
    let mut json = Vec::with_capacity(160);
    serde_json::to_writer(&mut json, &valid).expect("writing to memory");
    json.push(b'\n');
    Answer {
        verdict: Verdict::Passed,
        json,
    }
}
