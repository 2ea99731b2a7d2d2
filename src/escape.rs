//! Text that came from outside (a server's answer, a token's claims) made
//! safe to show on one line of a terminal or a CI log.
//!
//! A CI runner reads every line of a step's output for commands
//! (`::add-mask::`, `::set-output::`, `##[`…); a terminal obeys escape
//! sequences; bidirectional overrides and invisible characters make a line
//! read differently from what it holds. [`escape_untrusted`] escapes,
//! visibly and reversibly, every character that could start a new line, move
//! the cursor, reorder or hide text — it never drops one, so what is shown is
//! still what was sent. Tab is kept; backslash is not escaped (an escaped
//! newline and a literal `\n` look alike, but neither starts a line).
//!
//! Two printable sequences are escaped too, because GitHub's runner reads
//! them as commands (actions/runner `ActionCommand`): `::` at the start of
//! the text (after whitespace, which the runner trims: text from outside
//! may begin a line, as a claim's name does) and `##[` anywhere (the legacy
//! form, found anywhere in a line). Their first character is shown as
//! `\u{3a}` or `\u{23}`. Printable text comes back borrowed, unchanged.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// Whether `c` must not reach a terminal or a log as it is.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        // C0 controls (tab excepted), DEL, C1 controls.
        '\u{0}'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Soft hyphen, Arabic letter mark, Mongolian vowel separator.
        | '\u{ad}' | '\u{61c}' | '\u{180e}'
        // Zero-width space, non-joiner, joiner; left-to-right and right-to-left marks.
        | '\u{200b}'..='\u{200f}'
        // Line and paragraph separators: a new line to many readers.
        | '\u{2028}' | '\u{2029}'
        // Bidi embeddings and overrides.
        | '\u{202a}'..='\u{202e}'
        // Word joiner, invisible operators; bidi isolates; deprecated format controls.
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
        // Byte order mark / zero-width no-break space.
        | '\u{feff}'
        // Interlinear annotation controls.
        | '\u{fff9}'..='\u{fffb}'
        // Tag characters (invisible; used to smuggle text).
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// `s` with every [`is_unsafe`] character escaped (`\n`, `\r`, and
/// `\u{hex}` for the others), and the runner's command sequences broken.
pub fn escape_untrusted(s: &str) -> Cow<'_, str> {
    let leading_command = s.trim_start().starts_with("::");
    // The common case: printable ASCII (and tab), or nothing to escape.
    if !leading_command
        && !s.contains("##[")
        && (s.bytes().all(|b| matches!(b, b' '..=b'~' | b'\t')) || !s.chars().any(is_unsafe))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut at_start = true;
    for (i, c) in s.char_indices() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            ':' if at_start && s[i..].starts_with("::") => out.push_str("\\u{3a}"),
            '#' if s[i..].starts_with("##[") => out.push_str("\\u{23}"),
            c => out.push(c),
        }
        at_start = at_start && c.is_whitespace();
    }
    Cow::Owned(out)
}

/// Shows a string from outside escaped by [`escape_untrusted`], for error
/// messages: `format!("{}", Untrusted(&description))`.
#[derive(Debug, Clone, Copy)]
pub struct Untrusted<'a>(pub &'a str);

impl fmt::Display for Untrusted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_untrusted(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_is_escaped_visibly_and_nothing_is_dropped() {
        let cases = [
            ("a\nb", "a\\nb"),
            ("a\rb", "a\\rb"),
            ("a\u{0}b\u{7}c\u{1b}[31m", "a\\u{0}b\\u{7}c\\u{1b}[31m"),
            ("del\u{7f}", "del\\u{7f}"),
            (
                "c1\u{80}\u{85}\u{9b}\u{9f}",
                "c1\\u{80}\\u{85}\\u{9b}\\u{9f}",
            ),
            ("ls\u{2028}ps\u{2029}", "ls\\u{2028}ps\\u{2029}"),
            (
                "zw\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}",
                "zw\\u{200b}\\u{200c}\\u{200d}\\u{2060}\\u{feff}",
            ),
            (
                "bidi\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}",
                "bidi\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}",
            ),
            (
                "iso\u{2066}\u{2067}\u{2068}\u{2069}",
                "iso\\u{2066}\\u{2067}\\u{2068}\\u{2069}",
            ),
            (
                "tag\u{e0000}\u{e0001}\u{e0041}\u{e007f}",
                "tag\\u{e0000}\\u{e0001}\\u{e0041}\\u{e007f}",
            ),
            (
                "marks\u{200e}\u{200f}\u{61c}",
                "marks\\u{200e}\\u{200f}\\u{61c}",
            ),
        ];
        for (input, shown) in cases {
            assert_eq!(escape_untrusted(input), shown, "{input:?}");
            assert!(!escape_untrusted(input).chars().any(is_unsafe));
        }
    }

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        for s in ["plain text\twith a tab", "café — ünïcode ✓", "C:\\path", ""] {
            assert!(matches!(escape_untrusted(s), Cow::Borrowed(t) if t == s));
        }
        // The edges of each range stay printable.
        for c in ['\u{a0}', '\u{2027}', '\u{202f}', '\u{2065}', '\u{e0080}'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn runner_command_sequences_are_broken() {
        assert_eq!(escape_untrusted("::add-mask::x"), "\\u{3a}:add-mask::x");
        assert_eq!(
            escape_untrusted(" \u{a0}::stop-commands::t"),
            " \u{a0}\\u{3a}:stop-commands::t"
        );
        assert_eq!(
            escape_untrusted("a ##[stop-commands]t ###[x"),
            "a \\u{23}#[stop-commands]t #\\u{23}#[x"
        );
        // Not at the start, `::` is text (IPv6, URNs).
        assert_eq!(escape_untrusted("http://[::1]:8080/"), "http://[::1]:8080/");
        assert!(matches!(escape_untrusted("a::b"), Cow::Borrowed(_)));
    }

    #[test]
    fn untrusted_displays_escaped() {
        assert_eq!(
            format!("desc: {}", Untrusted("x\n::add-mask::y")),
            "desc: x\\n::add-mask::y"
        );
    }
}
