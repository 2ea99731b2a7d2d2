//! The API's answer to a decided request — status, error, challenge and
//! body — as auth0-fastapi-api (on uvicorn) gives it, or as RFC 6750 and
//! RFC 9449 prescribe (`--rfc`); rendered as text, as the `--json` report,
//! and as a `--batch` line.

use std::borrow::Cow;
use std::io::Write;

use auth0_tok::verify::{Accepted, Decision, Rejection, RequestPolicy};
use colored::Colorize;
use serde_json::{Value, json};

use super::super::call::status_line;
use super::super::hints;
use super::super::output::one_line;

/// The API's answer, as the SDK gives it or as the RFCs prescribe.
pub struct Answer {
    pub status: u16,
    error: Option<String>,
    description: Option<String>,
    www_authenticate: Option<String>,
    /// A plain-text body (the HTTP server's refusal) instead of the API's JSON.
    plain_body: Option<String>,
    source: &'static str,
    /// Whether this is the RFCs' answer (`--rfc`).
    rfc: bool,
}

/// The source of an answer the HTTP server gives before the API runs.
const SERVER: &str = "as uvicorn (h11) answers, before the API runs";
/// The source of uvicorn's answer when the route raises (auth0-fastapi-api fails).
const ROUTE_FAILED: &str = "as uvicorn answers when the route fails; --rfc for the RFC answer";

impl Answer {
    pub fn of(decision: &Decision, policy: &RequestPolicy, rfc: bool) -> Self {
        let outcome = if rfc {
            decision.rfc_outcome()
        } else {
            decision.outcome.as_ref()
        };
        match outcome {
            Ok(_) => Answer {
                status: 200,
                error: None,
                description: None,
                www_authenticate: None,
                plain_body: None,
                source: source(rfc),
                rfc,
            },
            // The HTTP server's own answer, before the API: a text body.
            Err(r) if r.by_server && !(rfc && r.sdk_fails) => Answer {
                status: r.status,
                error: None,
                description: None,
                www_authenticate: None,
                plain_body: Some(r.description.clone()),
                source: if r.sdk_fails { ROUTE_FAILED } else { SERVER },
                rfc,
            },
            Err(r) if rfc => {
                let (status, challenge) = r.rfc_answer(policy.mode, &policy.scopes);
                Answer {
                    status,
                    error: Some(r.code.to_string()),
                    description: Some(r.detail.clone()),
                    www_authenticate: Some(challenge),
                    plain_body: None,
                    source: source(rfc),
                    rfc,
                }
            }
            Err(r) => Answer {
                status: r.status,
                error: Some(r.code.to_string()),
                description: Some(r.description.clone()),
                www_authenticate: r.www_authenticate(policy.mode),
                plain_body: None,
                source: source(rfc),
                rfc,
            },
        }
    }

    fn body(&self) -> Value {
        if let Some(text) = &self.plain_body {
            return json!(text);
        }
        match &self.error {
            None => json!({"ok": true}),
            Some(e) => json!({"detail": {"error": e, "error_description": self.description}}),
        }
    }

    /// The outcome this answer gives: the RFCs' where they differ, with `--rfc`.
    pub fn outcome<'d>(&self, decision: &'d Decision) -> Result<&'d Accepted, &'d Rejection> {
        if self.rfc {
            decision.rfc_outcome()
        } else {
            decision.outcome.as_ref()
        }
    }

    /// The members of every JSON form: the status, the API's error and
    /// challenge, and the scheme accepted or the reason refused.
    fn json_members(&self, decision: &Decision) -> Value {
        let mut v = json!({
            "status": self.status,
            "error": self.error,
            "error_description": self.description,
            "www_authenticate": self.www_authenticate,
        });
        match self.outcome(decision) {
            Ok(a) => v["scheme"] = json!(a.scheme.to_string()),
            Err(r) => {
                v["reason"] = json!(r.detail);
                v["strict_rule"] = json!(hints::strict_rule(r));
                if r.description_approximate && !self.rfc {
                    v["description_approximate"] = json!(true);
                }
            }
        }
        v
    }

    /// The `--json` report: the answer with its source, body, trace and
    /// the accepted token's claims.
    pub fn to_json(&self, decision: &Decision) -> Value {
        let mut v = self.json_members(decision);
        v["answer"] = json!(self.source);
        v["body"] = self.body();
        v["trace"] = decision
            .trace
            .iter()
            .map(|s| json!({"check": s.check, "result": s.result}))
            .collect();
        if let Ok(a) = self.outcome(decision) {
            v["claims"] = Value::Object(a.token.claims.object().clone());
        }
        v
    }

    /// A `--batch` answer: compact, a body only when it is the server's
    /// text, the accepted token's `sub`.
    pub fn batch_json(&self, decision: &Decision) -> Value {
        let mut v = self.json_members(decision);
        if let Some(text) = &self.plain_body {
            v["body"] = json!(text);
        }
        if let Ok(a) = self.outcome(decision) {
            v["sub"] = a
                .token
                .claims
                .get("sub")
                .map_or(Value::Null, Cow::into_owned);
        }
        v
    }

    pub fn write(&self, out: &mut impl Write, decision: &Decision) -> std::io::Result<()> {
        let line = status_line(self.status);
        let line = if self.status == 200 {
            line.green().bold()
        } else {
            line.red().bold()
        };
        writeln!(out, "{line}   ({})", self.source.dimmed())?;
        if let Some(e) = &self.error {
            writeln!(out, "error              {e}")?;
            writeln!(
                out,
                "error_description  {}",
                one_line(self.description.as_deref().unwrap_or(""))
            )?;
        }
        if let Some(w) = &self.www_authenticate {
            writeln!(out, "WWW-Authenticate   {}", one_line(w))?;
        }
        writeln!(
            out,
            "body               {}",
            one_line(&self.body().to_string())
        )?;
        match self.outcome(decision) {
            Ok(a) => {
                let sub = a.token.claims.get_str("sub").unwrap_or("-");
                writeln!(out, "scheme             {}", a.scheme)?;
                writeln!(out, "sub                {}", one_line(sub))?;
                if let Some(p) = &a.proof {
                    writeln!(out, "proof key (jkt)    {}", p.jkt)?;
                }
            }
            Err(r) => {
                if r.description_approximate && !self.rfc {
                    writeln!(
                        out,
                        "note               error_description is the nearest auth0-tok can tell of the SDK's text"
                    )?;
                }
                writeln!(out, "reason             {}", one_line(&r.detail))?;
                if let Some(rule) = hints::strict_rule(r) {
                    writeln!(out, "strict             {rule}")?;
                }
            }
        }
        Ok(())
    }
}

fn source(rfc: bool) -> &'static str {
    if rfc {
        "as RFC 6750 / RFC 9449 prescribe"
    } else {
        "as auth0-fastapi-api answers; --rfc for the RFC answer"
    }
}
