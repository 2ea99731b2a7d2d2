//! `call`'s output: the response body on stdout (pretty JSON on a
//! terminal, the bytes as sent otherwise), the status line and with `-v`
//! the headers on stderr, a refusal's explanation after; with `--json` one
//! object. What came from the API is escaped before it reaches a terminal.

use std::io::{IsTerminal, Write};

use auth0_tok::http::Response;
use auth0_tok::probe::Explanation;
use colored::Colorize;
use serde_json::{Value, json};

use super::Exchange;
use crate::cli::Context;
use crate::cli::output::{lines, one_line, still_open, write_json};

/// The response headers as JSON: a name maps to its value, or a list for repeats.
fn headers_json(response: &Response) -> Value {
    let mut map = serde_json::Map::new();
    for (name, value) in &response.headers {
        let value = json!(String::from_utf8_lossy(value.as_bytes()));
        match map.get_mut(name.as_str()) {
            None => {
                map.insert(name.as_str().to_owned(), value);
            }
            Some(Value::Array(list)) => list.push(value),
            Some(first) => *first = json!([first.take(), value]),
        }
    }
    Value::Object(map)
}

fn is_json(response: &Response) -> Option<Value> {
    let declared = response
        .header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("json"));
    let parsed = serde_json::from_slice::<Value>(&response.body).ok()?;
    (declared || response.header("content-type").is_none()).then_some(parsed)
}

/// `HTTP/1.1 401 Unauthorized`: the status with its reason phrase (RFC
/// 9110 §15), as `call`, `probe` and `request` print it.
pub(in crate::cli) fn status_line(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("HTTP/1.1 {status} {reason}").trim_end().to_owned()
}

pub(super) fn render(
    exchange: &Exchange,
    explanation: Option<&Explanation>,
    ctx: &Context,
) -> anyhow::Result<()> {
    let r = &exchange.response;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if ctx.json {
        let body = match is_json(r) {
            Some(v) => v,
            None => json!(String::from_utf8_lossy(&r.body)),
        };
        let explanation = explanation.map_or(Value::Null, Explanation::to_json);
        let v = json!({
            "status": r.status,
            "headers": headers_json(r),
            "body": body,
            "explanation": explanation,
        });
        still_open(write_json(&mut out, &v).and_then(|()| out.flush()))?;
        return Ok(());
    }
    let line = status_line(r.status);
    let line = if (200..300).contains(&r.status) {
        line.green().bold()
    } else {
        line.red().bold()
    };
    eprintln!("{line}");
    if ctx.verbose {
        for (name, value) in &r.headers {
            eprintln!(
                "{}: {}",
                name.as_str().dimmed(),
                one_line(&String::from_utf8_lossy(value.as_bytes()))
            );
        }
    }
    let terminal = std::io::stdout().is_terminal();
    let written = match is_json(r) {
        Some(v) if terminal => serde_json::to_string_pretty(&v)
            .map_err(std::io::Error::other)
            .and_then(|text| writeln!(out, "{}", lines(&text))),
        _ if terminal => {
            let text = lines(&String::from_utf8_lossy(&r.body));
            if text.is_empty() {
                Ok(())
            } else {
                writeln!(out, "{text}")
            }
        }
        _ => out.write_all(&r.body),
    };
    still_open(written.and_then(|()| out.flush()))?;
    if let Some(explanation) = explanation {
        print_explanation(explanation);
    }
    Ok(())
}

/// The longest parameter value shown whole in text output; `--json` keeps
/// every value exactly.
const MAX_SHOWN_VALUE: usize = 200;

/// An auth-param as the API would write it (RFC 9110 §11.2: `name="value"`,
/// `"` and `\` escaped), cut after [`MAX_SHOWN_VALUE`] characters.
fn show_param(name: &str, value: &str) -> String {
    let (shown, cut) = match value.char_indices().nth(MAX_SHOWN_VALUE) {
        None => (value, 0),
        Some((at, _)) => (&value[..at], value[at..].chars().count()),
    };
    let quoted = shown.replace('\\', "\\\\").replace('"', "\\\"");
    if cut == 0 {
        format!("{name}=\"{quoted}\"")
    } else {
        format!("{name}=\"{quoted}…\" ({cut} more characters)")
    }
}

/// The API's challenges on stderr, one line each, escaped ([`one_line`]).
pub(in crate::cli) fn print_challenges(explanation: &Explanation) {
    for c in &explanation.challenges {
        let params: Vec<String> = c.params.iter().map(|(k, v)| show_param(k, v)).collect();
        let line = format!("{} {}", c.scheme, params.join(" "));
        eprintln!("WWW-Authenticate: {}", one_line(line.trim()));
    }
}

/// The API's challenges, then why it refused, on stderr; all of it text
/// from the API, escaped ([`one_line`]).
fn print_explanation(explanation: &Explanation) {
    print_challenges(explanation);
    eprintln!("{} {}", "why:".bold(), one_line(&explanation.summary));
    let sdk_accepts = explanation.sdk.as_ref().is_ok_and(|a| a.status == 200);
    if explanation.status == 403 && sdk_accepts {
        eprintln!(
            "{} get a token with the scope the route needs: --scope SCOPE",
            "hint:".bold()
        );
    }
}
