//! `.env` files: a file from a repository, not the user's word.
//!
//! A `.env` in the working directory may come with a cloned repository, so
//! it is read as hostile input: at most [`MAX_SIZE`] bytes, parsed literally
//! by the one small parser here (no `${VAR}` expansion, no command
//! substitution, no multi-line values; anything else is refused with its
//! line number), and allowed to set only the tenant, audience, client id and
//! secret, DPoP key and timeout ([`ALLOWED`]). The variables that would
//! weaken verification or move local state ([`FORBIDDEN`]) are refused; any
//! other variable is ignored (a project's `.env` holds its own settings too).
//! A variable already set in the real environment is never overridden, and
//! [`Loaded`] records which variables the file set, so that `-v` and the
//! credential/tenant rule can tell a file's value from the user's.
//!
//! Syntax: `KEY=value` or `export KEY=value`; blank lines and `#` comments;
//! a value is bare (no whitespace, quotes or backslashes; ` #` starts a
//! comment), `'single-quoted'` (literal), or `"double-quoted"` (literal but
//! for `\\`, `\"`, `\$` and `` \` ``, the escapes `sh` and dotenv agree on).
//! [`format_line`] writes lines this parser reads back unchanged.

use std::path::{Path, PathBuf};

/// The largest `.env` read: a real one is a few hundred bytes.
pub const MAX_SIZE: u64 = 1024 * 1024;

/// What a `.env` may set.
pub const ALLOWED: &[&str] = &[
    "AUTH0_DOMAIN",
    "AUTH0_AUDIENCE",
    "AUTH0_CLIENT_ID",
    "AUTH0_CLIENT_SECRET",
    "AUTH0_DPOP_KEY",
    "AUTH0_TOK_TIMEOUT",
];

/// What a `.env` may not set, and why.
pub const FORBIDDEN: &[(&str, &str)] = &[
    (
        "AUTH0_HS256_SECRET",
        "it would make verify and request accept HS256 tokens signed with a secret the file chooses",
    ),
    (
        "AUTH0_TOK_CACHE_DIR",
        "it would move the key and token cache",
    ),
];

/// One `KEY=value` line.
#[derive(Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    /// 1-based.
    pub line: usize,
}

impl std::fmt::Debug for Entry {
    // Values may be secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Entry({} at line {})", self.key, self.line)
    }
}

/// Why a `.env` was not used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EnvFileError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: larger than {} KiB; not a .env file", MAX_SIZE / 1024)]
    TooLarge { path: String },
    #[error("{path}: not UTF-8 text; not a .env file")]
    NotText { path: String },
    #[error("{path} line {line}: {reason}")]
    Syntax {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("{path} lines {first} and {second}: {key} is set twice")]
    Duplicate {
        path: String,
        key: String,
        first: usize,
        second: usize,
    },
    #[error(
        "{path} line {line}: a .env file may not set {key} ({why}); set it in your environment or pass its flag"
    )]
    Forbidden {
        path: String,
        key: String,
        line: usize,
        why: &'static str,
    },
}

/// What loading a `.env` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// The file, as given (`.env` for the default one).
    pub path: PathBuf,
    /// Variables the file set, with their values (applied to the process).
    pub set: Vec<(String, String)>,
    /// Variables the file has but the environment already sets (kept).
    pub kept: Vec<String>,
    /// Variables the file has that auth0-tok does not take from a `.env`.
    pub ignored: Vec<String>,
}

impl Loaded {
    /// Whether the file set `var`.
    pub fn has_set(&self, var: &str) -> bool {
        self.set.iter().any(|(k, _)| k == var)
    }
}

/// Reads and parses `path` (at most [`MAX_SIZE`] bytes), and decides what it
/// sets: `is_set` tells which variables the environment already has.
pub fn load(path: &Path, is_set: impl Fn(&str) -> bool) -> Result<Loaded, EnvFileError> {
    let shown = path.display().to_string();
    let io = |source| EnvFileError::Io {
        path: shown.clone(),
        source,
    };
    let bytes = super::input::read_capped(path, MAX_SIZE).map_err(|e| match e {
        super::input::CapError::Io { error, .. } => io(error),
        _ => EnvFileError::TooLarge {
            path: shown.clone(),
        },
    })?;
    let text = String::from_utf8(bytes).map_err(|_| EnvFileError::NotText {
        path: shown.clone(),
    })?;
    let entries = parse(&text).map_err(|(line, reason)| EnvFileError::Syntax {
        path: shown.clone(),
        line,
        reason,
    })?;
    decide(path, entries, is_set)
}

/// The variables of `entries` to set, keep and ignore; refuses duplicates
/// and [`FORBIDDEN`] variables.
pub fn decide(
    path: &Path,
    entries: Vec<Entry>,
    is_set: impl Fn(&str) -> bool,
) -> Result<Loaded, EnvFileError> {
    let shown = path.display().to_string();
    let mut loaded = Loaded {
        path: path.to_owned(),
        ..Loaded::default()
    };
    for (i, entry) in entries.iter().enumerate() {
        if let Some(earlier) = entries[..i].iter().find(|e| e.key == entry.key) {
            return Err(EnvFileError::Duplicate {
                path: shown,
                key: entry.key.clone(),
                first: earlier.line,
                second: entry.line,
            });
        }
        if let Some((key, why)) = FORBIDDEN.iter().find(|(k, _)| *k == entry.key) {
            return Err(EnvFileError::Forbidden {
                path: shown,
                key: (*key).to_owned(),
                line: entry.line,
                why,
            });
        }
    }
    for entry in entries {
        if !ALLOWED.contains(&entry.key.as_str()) {
            loaded.ignored.push(entry.key);
        } else if is_set(&entry.key) {
            loaded.kept.push(entry.key);
        } else {
            loaded.set.push((entry.key, entry.value));
        }
    }
    Ok(loaded)
}

/// Parses a `.env` text; an error is a line number and what is wrong there.
pub fn parse(text: &str) -> Result<Vec<Entry>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let number = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(c) = line.chars().find(|c| c.is_control() && *c != '\t') {
            return Err((number, format!("control character {c:?}")));
        }
        let line = line.trim_start_matches([' ', '\t']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = match line.strip_prefix("export") {
            Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start_matches([' ', '\t']),
            _ => line,
        };
        let Some((key, rest)) = line.split_once('=') else {
            return Err((number, "expected KEY=value".into()));
        };
        let key = key.trim_end_matches([' ', '\t']);
        if !is_name(key) {
            return Err((
                number,
                format!(
                    "{:?} is not a variable name (letters, digits and _, not starting with a digit)",
                    key.chars().take(40).collect::<String>()
                ),
            ));
        }
        let value = parse_value(rest).map_err(|e| (number, e))?;
        entries.push(Entry {
            key: key.to_owned(),
            value,
            line: number,
        });
    }
    Ok(entries)
}

fn is_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The value after `=`.
fn parse_value(rest: &str) -> Result<String, String> {
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if trimmed.starts_with('#') && trimmed.len() < rest.len() {
        return Ok(String::new()); // `KEY= # comment`
    }
    let rest = trimmed;
    let (value, after) = if let Some(quoted) = rest.strip_prefix('\'') {
        let end = quoted.find('\'').ok_or(
            "unterminated single quote (a value is one line; multi-line values are not supported)",
        )?;
        (quoted[..end].to_owned(), &quoted[end + 1..])
    } else if let Some(quoted) = rest.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        let end = loop {
            match chars.next() {
                None => {
                    return Err("unterminated double quote (a value is one line; multi-line values are not supported)".into());
                }
                Some((i, '"')) => break i,
                Some((_, '\\')) => match chars.next() {
                    Some((_, c @ ('\\' | '"' | '$' | '`'))) => value.push(c),
                    Some((_, c)) => {
                        return Err(format!(
                            "\\{c} in double quotes: only \\\\, \\\", \\$ and \\` are escapes (use single quotes for a literal value)"
                        ));
                    }
                    None => return Err("unterminated double quote".into()),
                },
                Some((_, c)) => value.push(c),
            }
        };
        (value, &quoted[end + 1..])
    } else {
        let end = rest
            .char_indices()
            .find(|&(i, c)| c == '#' && i > 0 && rest[..i].ends_with([' ', '\t']))
            .map_or(rest.len(), |(i, _)| i);
        let value = rest[..end].trim_end_matches([' ', '\t']);
        if value.contains([' ', '\t']) {
            return Err("a value with spaces must be quoted ('…')".into());
        }
        if value.contains(['\'', '"', '\\', '`']) {
            return Err(
                "quotes, backslashes and backticks must be inside a quoted value ('…')".into(),
            );
        }
        return Ok(value.to_owned());
    };
    let after = after.trim_start_matches([' ', '\t']);
    if !(after.is_empty() || after.starts_with('#')) {
        return Err("unexpected text after the closing quote".into());
    }
    Ok(value)
}

/// A `KEY=value` line (with its newline) that [`parse`] reads back as
/// exactly `value`; `None` for a value no line can hold (a control
/// character such as a newline).
pub fn format_line(key: &str, value: &str) -> Option<String> {
    debug_assert!(is_name(key));
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return None;
    }
    let bare = value.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '_' | '-' | '.' | '/' | ':' | '@' | '+' | ',' | '=' | '%' | '~'
            )
    });
    Some(if bare {
        format!("{key}={value}\n")
    } else if !value.contains('\'') {
        format!("{key}='{value}'\n")
    } else {
        let mut quoted = String::with_capacity(value.len() + 2);
        for c in value.chars() {
            if matches!(c, '\\' | '"' | '$' | '`') {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        format!("{key}=\"{quoted}\"\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, String)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|e| (e.key, e.value))
            .collect()
    }

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn values_are_literal_with_no_expansion() {
        let text = "A=${HOME}\nB='$HOME/x'\nC=\"${USER}:$(id)\"\nD=\"a\\$b\"\n";
        assert_eq!(
            values(text),
            vec![
                pair("A", "${HOME}"),
                pair("B", "$HOME/x"),
                pair("C", "${USER}:$(id)"),
                pair("D", "a$b"),
            ]
        );
    }

    #[test]
    fn the_documented_syntax_parses() {
        let text = "\u{feff}# comment\n\n  export AUTH0_DOMAIN=t.auth0.com  # trailing\r\n\
                    AUTH0_AUDIENCE = 'https://api # not a comment'\n\
                    AUTH0_CLIENT_ID=\"a \\\"b\\\" \\\\ c\" # c\n\
                    EMPTY=\nHASH=a#b\nexported=x\nCOMMENTED= # nothing\n";
        assert_eq!(
            values(text),
            vec![
                pair("AUTH0_DOMAIN", "t.auth0.com"),
                pair("AUTH0_AUDIENCE", "https://api # not a comment"),
                pair("AUTH0_CLIENT_ID", "a \"b\" \\ c"),
                pair("EMPTY", ""),
                pair("HASH", "a#b"),
                pair("exported", "x"),
                pair("COMMENTED", ""),
            ]
        );
    }

    #[test]
    fn anything_else_is_refused_with_its_line() {
        for (text, line, reason) in [
            ("A=1\nnot a line\n", 2, "expected KEY=value"),
            ("1A=x", 1, "not a variable name"),
            ("A-B=x", 1, "not a variable name"),
            ("A=two words", 1, "must be quoted"),
            ("A='open\nB=2", 1, "unterminated single quote"),
            ("A=\"open", 1, "unterminated double quote"),
            ("A=\"a\\nb\"", 1, "only \\\\"),
            ("A='x' y", 1, "after the closing quote"),
            ("A=it's", 1, "quoted value"),
            ("A=a\\b", 1, "quoted value"),
            ("\nA=\0", 2, "control character"),
        ] {
            let (got_line, got) = parse(text).unwrap_err();
            assert_eq!(got_line, line, "{text:?}");
            assert!(got.contains(reason), "{text:?}: {got}");
        }
    }

    #[test]
    fn forbidden_variables_are_refused_naming_the_variable_and_the_file() {
        for key in ["AUTH0_HS256_SECRET", "AUTH0_TOK_CACHE_DIR"] {
            let entries = parse(&format!("AUTH0_DOMAIN=t\n{key}=x\n")).unwrap();
            let err = decide(Path::new("repo/.env"), entries, |_| false).unwrap_err();
            let text = err.to_string();
            assert!(matches!(err, EnvFileError::Forbidden { .. }), "{text}");
            assert!(
                text.contains(key) && text.contains("repo/.env line 2"),
                "{text}"
            );
            assert!(!text.contains("=x"), "{text}");
        }
    }

    #[test]
    fn the_environment_wins_and_other_variables_are_ignored() {
        let entries =
            parse("AUTH0_DOMAIN=t\nAUTH0_AUDIENCE=a\nXDG_CACHE_HOME=/tmp/x\nPATH=/evil\n").unwrap();
        let loaded = decide(Path::new(".env"), entries, |k| k == "AUTH0_AUDIENCE").unwrap();
        assert_eq!(loaded.set, vec![pair("AUTH0_DOMAIN", "t")]);
        assert_eq!(loaded.kept, vec!["AUTH0_AUDIENCE"]);
        assert_eq!(loaded.ignored, vec!["XDG_CACHE_HOME", "PATH"]);
        assert!(loaded.has_set("AUTH0_DOMAIN") && !loaded.has_set("AUTH0_AUDIENCE"));
    }

    #[test]
    fn a_variable_set_twice_is_refused() {
        let entries = parse("A=1\nB=2\nA=3\n").unwrap();
        let err = decide(Path::new(".env"), entries, |_| false).unwrap_err();
        assert!(
            err.to_string().contains("lines 1 and 3: A is set twice"),
            "{err}"
        );
    }

    #[test]
    fn formatted_lines_read_back_unchanged() {
        for value in [
            "",
            "plain-value_1.2/3:4@5+6,7=8%9~",
            "http://127.0.0.1:8080/",
            "two words",
            "it's",
            "a\"b'c$d`e\\f #g",
            "${HOME}",
            "#hash",
            "tab\there",
        ] {
            let line = format_line("K", value).unwrap();
            assert_eq!(values(&line), vec![pair("K", value)], "{line}");
        }
        assert_eq!(format_line("K", "a\nb"), None);
    }

    #[test]
    fn files_past_the_cap_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.env");
        std::fs::write(&big, vec![b'#'; MAX_SIZE as usize + 1]).unwrap();
        assert!(matches!(
            load(&big, |_| false),
            Err(EnvFileError::TooLarge { .. })
        ));
        let exact = dir.path().join("exact.env");
        std::fs::write(&exact, vec![b'#'; MAX_SIZE as usize]).unwrap();
        assert!(load(&exact, |_| false).unwrap().set.is_empty());
        #[cfg(unix)]
        assert!(matches!(
            load(Path::new("/dev/zero"), |_| false),
            Err(EnvFileError::TooLarge { .. })
        ));
    }
}
