//! Reading tokens, secrets and files given on the command line, and the
//! parsers of what users spell by hand: methods ([`http_method`], case-
//! sensitive), `-H` headers ([`header`], whose errors never show the value)
//! and scope lists ([`scopes_checked`], space-separated).
//!
//! A local file or stdin is input like any other: it may be `/dev/zero`, a
//! 300 MB log, a FIFO that never ends. Every read here goes through
//! [`read_capped_from`], which reads at most `cap + 1` bytes and fails with a
//! [`CapError`] naming the input and the cap (exit 2) instead of filling
//! memory or silently truncating.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;
use std::sync::Mutex;

use super::UsageError;

/// The most bytes of a key set file (`--jwks FILE`): as for a fetched one.
pub const MAX_KEY_SET: u64 = auth0_tok::http::MAX_BODY as u64;
/// The most bytes of a key file (PEM or JWK; a 4096-bit RSA PEM is ~3.3 KB).
pub const MAX_KEY_FILE: u64 = 64 * 1024;
/// The most bytes of one HTTP request head: `--raw`, a `request --batch` line.
pub const MAX_REQUEST_HEAD: u64 = 64 * 1024;
/// The most bytes of a token read from stdin (surrounding whitespace
/// included). Far above the 16 KiB token limit: a long token is still
/// rejected by that check (exit 1), only an input no token could be is a
/// local input error (exit 2).
pub const MAX_TOKEN_INPUT: u64 = 2 * 1024 * 1024;

/// A local input that is too large or cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CapError {
    #[error("{what}: larger than {}, the most auth0-tok reads from it", size(*.cap))]
    TooLarge { what: String, cap: u64 },
    #[error("{what}: {error}")]
    Io { what: String, error: io::Error },
    #[error("{what}: not UTF-8 text")]
    NotUtf8 { what: String },
}

/// `1 MiB`, `64 KiB`, or `N bytes`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Reads all of `reader`, at most `cap` bytes: reading stops at `cap + 1`.
/// `what` names the input in the error.
pub fn read_capped_from(reader: impl Read, cap: u64, what: &str) -> Result<Vec<u8>, CapError> {
    let mut bytes = Vec::new();
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| CapError::Io {
            what: what.to_owned(),
            error,
        })?;
    if bytes.len() as u64 > cap {
        return Err(CapError::TooLarge {
            what: what.to_owned(),
            cap,
        });
    }
    Ok(bytes)
}

/// Reads the file at `path`, at most `cap` bytes (the error names the path).
/// For every file auth0-tok reads: key sets, keys, request heads, `.env`.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, CapError> {
    let what = path.display().to_string();
    let file = File::open(path).map_err(|error| CapError::Io {
        what: what.clone(),
        error,
    })?;
    read_capped_from(file, cap, &what)
}

/// [`read_capped`], as UTF-8 text.
pub fn read_capped_text(path: &Path, cap: u64) -> Result<String, CapError> {
    String::from_utf8(read_capped(path, cap)?).map_err(|_| CapError::NotUtf8 {
        what: path.display().to_string(),
    })
}

/// Stdin, at most `cap` bytes, as UTF-8 text; `what` names it in errors.
pub fn read_stdin_text(cap: u64, what: &str) -> Result<String, CapError> {
    let bytes = read_capped_from(io::stdin().lock(), cap, what)?;
    String::from_utf8(bytes).map_err(|_| CapError::NotUtf8 {
        what: what.to_owned(),
    })
}

/// The refusal for a token given with its `Authorization` scheme, if it is.
pub fn scheme_prefix(token: &str, what: &str) -> Option<String> {
    let (scheme, _) = token.split_once(|c: char| c.is_ascii_whitespace())?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("dpop")).then(|| {
        format!(
            "the {what} starts with the {scheme:?} scheme: pass the token alone, without the Authorization scheme"
        )
    })
}

/// The most bytes read from a secret, `.env` or signing-key file.
pub const MAX_FILE: u64 = 1024 * 1024;

/// What has read stdin in this run, if anything.
static STDIN_READER: Mutex<Option<String>> = Mutex::new(None);

/// Takes stdin for `what`; refused when something else already has.
pub fn claim_stdin(what: &str) -> Result<(), UsageError> {
    let mut reader = STDIN_READER.lock().unwrap_or_else(|e| e.into_inner());
    match reader.as_deref() {
        Some(earlier) if earlier == what => Err(UsageError(format!(
            "{what} is given twice, and stdin can be read only once: use @FILE"
        ))),
        Some(earlier) => Err(UsageError(format!(
            "{earlier} and {what} both read stdin: give one of them as @FILE (or in the environment)"
        ))),
        None => {
            *reader = Some(what.to_owned());
            Ok(())
        }
    }
}

/// A local text file (a secret, a mock signing key), at most [`MAX_FILE`]
/// bytes: a device or a huge file is refused at once instead of being read whole.
pub fn read_text_file(path: impl AsRef<Path>) -> Result<String, CapError> {
    read_capped_text(path.as_ref(), MAX_FILE)
}

/// A token from the argument, or stdin for `-` or no argument (when stdin
/// is not a terminal). Surrounding whitespace is removed.
pub fn token(arg: Option<&str>, what: &str) -> anyhow::Result<String> {
    let raw = match arg {
        Some("-") | None => {
            if arg.is_none() && io::stdin().is_terminal() {
                return Err(UsageError(format!(
                    "no {what}: pass it as an argument, or `-` to read it from stdin"
                ))
                .into());
            }
            claim_stdin(&format!("the {what}"))?;
            read_stdin_text(MAX_TOKEN_INPUT, &format!("the {what} on stdin"))?
        }
        Some(value) => value.to_owned(),
    };
    let token = raw.trim().to_owned();
    if token.is_empty() {
        return Err(UsageError(format!("the {what} is empty")).into());
    }
    if let Some(refusal) = scheme_prefix(&token, what) {
        return Err(UsageError(refusal).into());
    }
    Ok(token)
}

/// The value of a secret-taking option (`--client-secret`, `--hs256-secret`,
/// `--subject-token`, `mock serve --client`) as given: the secret itself,
/// `@FILE`, or `-` for stdin.
///
/// Parsing keeps the raw text; [`resolve`](Self::resolve) reads the file or
/// stdin once, before the command runs, and only for a value typed on the
/// command line: a value from the environment or a `.env` is always literal
/// (a `.env` saying `AUTH0_CLIENT_SECRET=@~/.ssh/id_ed25519` must not make
/// auth0-tok read that file). `Debug` never shows the value.
#[derive(Clone)]
pub struct SecretArg {
    value: String,
    resolved: bool,
}

impl std::fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretArg([redacted])")
    }
}

impl std::str::FromStr for SecretArg {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(SecretArg {
            value: s.to_owned(),
            resolved: false,
        })
    }
}

impl SecretArg {
    /// Replaces `@FILE` and `-` given on the command line by what they
    /// hold, one trailing newline removed; other values stay as they are.
    pub fn resolve(&mut self, option: &str, from_command_line: bool) -> Result<(), UsageError> {
        if self.resolved {
            return Ok(());
        }
        if from_command_line {
            let read = if self.value == "-" {
                Some(read_stdin_secret(option)?)
            } else if let Some(path) = self.value.strip_prefix('@') {
                if path.is_empty() {
                    return Err(UsageError(format!(
                        "{option} @: expected @FILE (a file holding the secret)"
                    )));
                }
                let text =
                    read_text_file(path).map_err(|e| UsageError(format!("{option} @{e}")))?;
                super::dpop::warn_if_exposed(Path::new(path));
                Some((text, format!("@{path}")))
            } else {
                None
            };
            if let Some((text, from)) = read {
                let text = text
                    .strip_suffix('\n')
                    .map(|t| t.strip_suffix('\r').unwrap_or(t))
                    .unwrap_or(&text);
                if text.is_empty() {
                    return Err(UsageError(format!("{option} {from}: the secret is empty")));
                }
                self.value = text.to_owned();
            }
        }
        self.resolved = true;
        Ok(())
    }

    /// The secret, once resolved.
    pub fn expose(&self) -> &str {
        debug_assert!(
            self.resolved,
            "a secret argument used before it was resolved"
        );
        &self.value
    }
}

fn read_stdin_secret(option: &str) -> Result<(String, String), UsageError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(UsageError(format!(
            "{option} -: stdin is a terminal; pipe the secret in (… | auth0-tok …) or use @FILE"
        )));
    }
    claim_stdin(&format!("{option} -"))?;
    let text =
        read_stdin_text(MAX_FILE, "stdin").map_err(|e| UsageError(format!("{option} -: {e}")))?;
    Ok((text, "-".into()))
}

/// `--scope` values, each possibly a space-separated list (RFC 6749 §3.3:
/// spaces only), as a flat list.
pub fn scopes(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|s| auth0_tok::types::split_scopes(s))
        .map(str::to_owned)
        .collect()
}

/// [`scopes`], refusing a comma-separated list: RFC 6749 §3.3 allows a comma
/// inside a scope, so `"a,b"` would be asked for as one scope the tenant
/// then silently leaves out.
pub fn scopes_checked(values: &[String]) -> Result<Vec<String>, UsageError> {
    if let Some(list) = values.iter().find(|v| v.contains(',')) {
        let spaced = list
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        return Err(UsageError(format!(
            "--scope {list:?}: scopes are separated by spaces, not commas (RFC 6749 §3.3): use --scope {spaced:?} or repeat --scope"
        )));
    }
    Ok(scopes(values))
}

/// The nine methods RFC 9110 §9 and RFC 5789 define, in their registered
/// (upper-case) spelling.
const STANDARD_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

/// An RFC 9110 §5.6.2 `tchar`: what a method or a header name is made of.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The value parser of every method option (`request -X`, `dpop proof
/// --htm`, `token --htm`, `verify --htm`): a method is case-sensitive (RFC
/// 9110 §9.1), so `get` is not `GET` and a proof for it fails wherever
/// `GET` is sent. A standard method in another case is refused with its
/// spelling; any other token (an extension method) is taken as given.
pub fn http_method(value: &str) -> Result<String, String> {
    if value.is_empty() || !value.bytes().all(is_tchar) {
        return Err(
            "not an HTTP method (RFC 9110 §9.1: a method is a token such as GET or POST)".into(),
        );
    }
    if let Some(standard) = STANDARD_METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(value) && **m != value)
    {
        return Err(format!(
            "did you mean {standard}? Methods are case-sensitive (RFC 9110 §9.1): a proof or request for {value:?} is not one for {standard}"
        ));
    }
    Ok(value.to_owned())
}

/// The `position`-th (1-based) `-H "Name: value"`, as a trimmed name and
/// value. The error names the header by its position, and by its name only
/// when it has a well-formed one: the value may be a token.
pub fn header(arg: &str, position: usize) -> Result<(String, String), UsageError> {
    let which = format!("-H #{position}");
    let Some((name, value)) = arg.split_once(':') else {
        // `-H "Authorization Bearer …"`: the name is the first word when it
        // is one a request carries, otherwise it may be the token itself.
        let first = arg.split_ascii_whitespace().next().unwrap_or("");
        let hint = ["Authorization", "DPoP", "Host"]
            .iter()
            .find(|n| n.eq_ignore_ascii_case(first))
            .map(|n| format!(" (did you mean `{n}: …`?)"))
            .unwrap_or_default();
        return Err(UsageError(format!(
            "{which} has no colon: expected `Name: value`{hint}; its value is not shown, it may be a token"
        )));
    };
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(UsageError(format!(
            "{which}: expected `Name: value`, and the text before the first colon is not a header name (RFC 9110 §5.1); its value is not shown, it may be a token"
        )));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_at_the_cap_even_on_an_endless_input() {
        // io::repeat never ends: only the cap stops the read.
        let err = read_capped_from(io::repeat(0), 1 << 20, "/dev/zero").unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: larger than 1 MiB, the most auth0-tok reads from it"
        );
        assert_eq!(read_capped_from(&b"abc"[..], 3, "x").unwrap(), b"abc");
        assert!(matches!(
            read_capped_from(&b"abcd"[..], 3, "x"),
            Err(CapError::TooLarge { cap: 3, .. })
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn dev_zero_ends_at_once_naming_the_file_and_the_cap() {
        let started = std::time::Instant::now();
        let err = read_capped(Path::new("/dev/zero"), MAX_KEY_FILE).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(
            err.to_string(),
            "/dev/zero: larger than 64 KiB, the most auth0-tok reads from it"
        );
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size(1 << 20), "1 MiB");
        assert_eq!(size(16 * 1024), "16 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn an_authorization_scheme_is_refused_whatever_the_separator() {
        for t in ["Bearer eyJ", "bearer\teyJ", "DPoP eyJ"] {
            assert!(scheme_prefix(t, "token").is_some(), "{t}");
        }
        assert!(scheme_prefix("eyJ.a.b", "token").is_none());
        assert!(scheme_prefix("Bearerx y", "token").is_none());
    }

    #[test]
    fn a_standard_method_in_another_case_is_refused_with_its_spelling() {
        for (typed, standard) in [("get", "GET"), ("Post", "POST"), ("patch", "PATCH")] {
            let err = http_method(typed).unwrap_err();
            assert!(
                err.starts_with(&format!("did you mean {standard}?")),
                "{err}"
            );
        }
        assert_eq!(http_method("GET").unwrap(), "GET");
        // Extension methods are tokens, taken as given.
        assert_eq!(http_method("PROPFIND").unwrap(), "PROPFIND");
        assert_eq!(http_method("purge").unwrap(), "purge");
        for bad in ["", " GET", "GE T", "GET\n", "G(ET"] {
            assert!(
                http_method(bad).unwrap_err().contains("not an HTTP method"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_malformed_header_is_named_by_position_never_by_value() {
        let secret = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2ln";
        for (arg, hint) in [
            (format!("Authorization Bearer {secret}"), true),
            (secret.to_owned(), false),
            (format!("Authorization Bearer {secret}:x"), false),
            (format!(": {secret}"), false),
        ] {
            let err = header(&arg, 3).unwrap_err().0;
            assert!(err.starts_with("-H #3"), "{err}");
            assert!(!err.contains(secret), "{err}");
            assert_eq!(
                err.contains("did you mean `Authorization: …`?"),
                hint,
                "{err}"
            );
        }
        assert_eq!(
            header(" DPoP : proof ", 1).unwrap(),
            ("DPoP".to_owned(), "proof".to_owned())
        );
    }

    #[test]
    fn a_comma_separated_scope_list_is_refused_with_the_spaced_list() {
        let err = scopes_checked(&["read:a,write:a".into()]).unwrap_err().0;
        assert!(
            err.contains("not commas") && err.contains("--scope \"read:a write:a\""),
            "{err}"
        );
        assert_eq!(
            scopes_checked(&["read:a write:a".into(), "x".into()]).unwrap(),
            ["read:a", "write:a", "x"]
        );
    }

    fn arg(value: &str) -> SecretArg {
        value.parse().unwrap()
    }

    #[test]
    fn a_secret_file_is_read_with_one_trailing_newline_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        std::fs::write(&path, "hunter2 \n\n").unwrap();
        let mut secret = arg(&format!("@{}", path.display()));
        secret.resolve("--client-secret", true).unwrap();
        assert_eq!(secret.expose(), "hunter2 \n");
        std::fs::write(&path, "hunter2\r\n").unwrap();
        let mut secret = arg(&format!("@{}", path.display()));
        secret.resolve("--client-secret", true).unwrap();
        assert_eq!(secret.expose(), "hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }

    #[test]
    fn values_from_the_environment_are_literal() {
        let mut secret = arg("@/etc/passwd");
        secret.resolve("--client-secret", false).unwrap();
        assert_eq!(secret.expose(), "@/etc/passwd");
        let mut secret = arg("-");
        secret.resolve("--hs256-secret", false).unwrap();
        assert_eq!(secret.expose(), "-");
    }

    #[test]
    fn missing_empty_and_oversized_secret_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let err = arg(&format!("@{}", missing.display()))
            .resolve("--client-secret", true)
            .unwrap_err();
        assert!(
            err.0.starts_with("--client-secret @") && err.0.contains("missing"),
            "{}",
            err.0
        );
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "\n").unwrap();
        let err = arg(&format!("@{}", empty.display()))
            .resolve("--hs256-secret", true)
            .unwrap_err();
        assert!(err.0.contains("the secret is empty"), "{}", err.0);
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; MAX_FILE as usize + 1]).unwrap();
        let err = arg(&format!("@{}", big.display()))
            .resolve("--hs256-secret", true)
            .unwrap_err();
        assert!(err.0.contains("larger than 1 MiB"), "{}", err.0);
        let err = arg("@").resolve("--client-secret", true).unwrap_err();
        assert!(err.0.contains("expected @FILE"), "{}", err.0);
    }
}
