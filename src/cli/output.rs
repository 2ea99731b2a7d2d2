//! Rendering for people and for programs.
//!
//! Claims, headers and error descriptions come from tokens and tenants, that
//! is, from outside: text output shows them through [`one_line`], which
//! escapes (visibly, never dropping) newlines, C0/C1 controls, DEL, U+2028/9,
//! zero-width, bidi, BOM and tag characters ([`auth0_tok::escape`]), so no
//! line a terminal or a CI log reads as a command or an escape sequence can
//! come from outside. `--json` output stays exact (serde_json escapes control
//! characters itself).

use std::io::{self, Write};

use auth0_tok::clock::{UnixTime, format_relative, format_utc};
use auth0_tok::escape::escape_untrusted;
use auth0_tok::jose::Object;
use colored::Colorize;
use serde_json::Value;

/// Text from outside as one line: newlines shown as `\n`, every other
/// character that could rewrite, hide or split a line escaped as `\u{…}`.
pub fn one_line(s: &str) -> String {
    escape_untrusted(s).into_owned()
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
    fn terminal_escapes_and_bidi_overrides_are_escaped_not_dropped() {
        assert_eq!(one_line("ok\u{1b}[31mred\u{7}"), "ok\\u{1b}[31mred\\u{7}");
        assert_eq!(
            one_line("abc\u{202E}fed\u{2066}"),
            "abc\\u{202e}fed\\u{2066}"
        );
        assert_eq!(one_line("two\nlines\r"), "two\\nlines\\r");
        assert_eq!(one_line("plain text\twith a tab"), "plain text\twith a tab");
        assert_eq!(one_line("del\u{7f}"), "del\\u{7f}");
    }

    #[test]
    fn every_class_of_hidden_or_line_breaking_character_is_escaped() {
        let classes: [(&str, &[char]); 9] = [
            ("newline", &['\n']),
            ("carriage return", &['\r']),
            (
                "C0",
                &[
                    '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}',
                ],
            ),
            ("DEL", &['\u{7f}']),
            ("C1", &['\u{80}', '\u{85}', '\u{9b}', '\u{9f}']),
            ("line/paragraph separator", &['\u{2028}', '\u{2029}']),
            (
                "zero-width and BOM",
                &['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'],
            ),
            (
                "bidi",
                &[
                    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}',
                    '\u{2067}', '\u{2068}', '\u{2069}',
                ],
            ),
            (
                "tags",
                &['\u{e0000}', '\u{e0001}', '\u{e0020}', '\u{e007f}'],
            ),
        ];
        for (class, chars) in classes {
            for &c in chars {
                let shown = one_line(&format!("a{c}b"));
                assert!(
                    shown.chars().all(|c| c == '\t' || (' '..='~').contains(&c)),
                    "{class} {c:?} shown as {shown:?}"
                );
                assert!(shown.len() > 2, "{class} {c:?} dropped: {shown:?}");
            }
        }
    }

    #[test]
    fn claims_are_written_one_line_each_whatever_they_hold() {
        let mut claims = Object::new();
        claims.insert("sub".into(), Value::String("me\n::add-mask::x".into()));
        claims.insert("na\u{2028}me".into(), Value::String("\u{feff}v".into()));
        let mut out = Vec::new();
        colored::control::set_override(false);
        write_object(&mut out, &claims, 0).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.contains("me\\n::add-mask::x"), "{text}");
        assert!(
            text.contains("na\\u{2028}me") && text.contains("\\u{feff}v"),
            "{text}"
        );
    }
}
