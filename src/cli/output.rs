//! Rendering for people and for programs.
//!
//! Claims, headers and error descriptions come from tokens and tenants, that
//! is, from outside: text output strips control and bidirectional-override
//! characters before they reach a terminal. `--json` output stays exact
//! (serde_json escapes control characters itself).

use std::io::{self, Write};

use auth0_tok::clock::{UnixTime, format_relative, format_utc};
use auth0_tok::jose::Object;
use colored::Colorize;
use serde_json::Value;

/// Removes characters that could rewrite or hide terminal output: C0/C1
/// controls (tab kept) and Unicode bidi controls.
pub fn sanitize(s: &str) -> String {
    if s.bytes().all(|b| matches!(b, b' '..=b'~' | b'\t' | b'\n')) {
        return s.to_owned();
    }
    s.chars()
        .filter(|c| {
            let bidi = matches!(*c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
            let control = c.is_control() && *c != '\t' && *c != '\n';
            !(bidi || control)
        })
        .collect()
}

/// One line, sanitised, with newlines shown as `\n`.
pub fn one_line(s: &str) -> String {
    if s.bytes().all(|b| matches!(b, b' '..=b'~' | b'\t')) {
        return s.to_owned();
    }
    sanitize(&s.replace('\n', "\\n"))
}

/// A write whose reader may have gone (`| head`): a closed output is not
/// an error for a command whose verdict is its exit code — the verdict
/// still decides the exit code. Returns whether the output is still open.
pub fn still_open(written: io::Result<()>) -> io::Result<bool> {
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e),
    }
}

/// Says, once per run, that the disk cache is not used and why; with
/// `-v`, the path and the rule it breaks.
pub fn warn_cache_rejected(rejected: &auth0_tok::cache::CacheRejected, verbose: bool) {
    let detail = if verbose {
        rejected.to_string()
    } else {
        format!("{} (-v for the path and the rule)", rejected.rule.summary())
    };
    eprintln!(
        "{} not using the disk cache: {}; keys and tokens come from the tenant",
        "warning:".yellow().bold(),
        one_line(&detail)
    );
}

/// Whether colour is used, decided once: a terminal, no `--no-color`, no `NO_COLOR`.
pub fn init_color(no_color_flag: bool) {
    use std::io::IsTerminal;
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let enabled = !no_color_flag && !no_color_env && io::stdout().is_terminal();
    colored::control::set_override(enabled);
}

/// Claims holding a NumericDate, shown with a human time.
const TIME_CLAIMS: [&str; 5] = ["exp", "iat", "nbf", "auth_time", "updated_at"];

/// Writes a section heading.
pub fn heading(out: &mut impl Write, title: &str) -> io::Result<()> {
    writeln!(out, "{}", title.bold())
}

/// Writes a header or claims object as aligned `name  value` lines; times
/// get their UTC date and distance from `now`.
pub fn write_object(out: &mut impl Write, object: &Object, now: UnixTime) -> io::Result<()> {
    let width = object
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    for (name, value) in object {
        let shown = match value {
            Value::String(s) => one_line(s),
            other => one_line(&other.to_string()),
        };
        let extra = match value.as_i64() {
            Some(t) if TIME_CLAIMS.contains(&name.as_str()) => {
                format!("  ({}, {})", format_utc(t), format_relative(t, now))
                    .dimmed()
                    .to_string()
            }
            _ => String::new(),
        };
        writeln!(out, "  {:<width$}  {shown}{extra}", one_line(name).cyan())?;
    }
    Ok(())
}

/// Writes a JSON value on one line.
pub fn write_json(out: &mut impl Write, value: &Value) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_bidi_overrides_are_removed() {
        assert_eq!(sanitize("ok\u{1b}[31mred\u{7}"), "ok[31mred");
        assert_eq!(sanitize("abc\u{202E}fed\u{2066}"), "abcfed");
        assert_eq!(sanitize("tab\tkept"), "tab\tkept");
        assert_eq!(one_line("two\nlines\r"), "two\\nlines");
        assert_eq!(one_line("plain text\twith a tab"), "plain text\twith a tab");
        assert_eq!(sanitize("del\u{7f}"), "del");
        assert_eq!(one_line("del\u{7f}"), "del");
    }
}
