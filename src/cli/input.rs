//! Reading tokens, secrets and files given on the command line.
//!
//! Everything read here is capped ([`MAX_STDIN`], [`MAX_FILE`]), and stdin
//! has one reader per run: a second option that asks for it is refused
//! instead of reading nothing.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Mutex;

use super::UsageError;

/// The most bytes read from stdin for one token or secret.
const MAX_STDIN: u64 = 1024 * 1024;

/// The most bytes read from a key, key-set or secret file.
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

/// Reads at most `cap` bytes of `reader`; more is an error.
fn read_capped(reader: impl Read, cap: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {} KiB", cap / 1024),
        ));
    }
    Ok(bytes)
}

/// A local file (key, key set, secret), at most [`MAX_FILE`] bytes: a
/// device or a huge file is refused at once instead of being read whole.
pub fn read_file(path: impl AsRef<Path>) -> std::io::Result<Vec<u8>> {
    read_capped(std::fs::File::open(path)?, MAX_FILE)
}

/// [`read_file`] as UTF-8 text.
pub fn read_text_file(path: impl AsRef<Path>) -> std::io::Result<String> {
    String::from_utf8(read_file(path)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// A token from the argument, or stdin for `-` or no argument (when stdin
/// is not a terminal). Surrounding whitespace is removed.
pub fn token(arg: Option<&str>, what: &str) -> anyhow::Result<String> {
    let raw = match arg {
        Some("-") | None => {
            let stdin = std::io::stdin();
            if arg.is_none() && stdin.is_terminal() {
                return Err(UsageError(format!(
                    "no {what}: pass it as an argument, or `-` to read it from stdin"
                ))
                .into());
            }
            claim_stdin(&format!("the {what}"))?;
            let mut buf = String::new();
            stdin
                .lock()
                .take(MAX_STDIN)
                .read_to_string(&mut buf)
                .map_err(|e| UsageError(format!("reading the {what} from stdin: {e}")))?;
            buf
        }
        Some(value) => value.to_owned(),
    };
    let token = raw.trim().to_owned();
    if token.is_empty() {
        return Err(UsageError(format!("the {what} is empty")).into());
    }
    if let Some((scheme, _)) = token.split_once(' ') {
        if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("dpop") {
            return Err(UsageError(format!(
                "the {what} starts with the {scheme:?} scheme: pass the token alone, without the Authorization scheme"
            ))
            .into());
        }
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
                let text = read_text_file(path)
                    .map_err(|e| UsageError(format!("{option} @{path}: {e}")))?;
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
    let bytes = read_capped(stdin.lock(), MAX_STDIN)
        .map_err(|e| UsageError(format!("{option} -: reading stdin: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| UsageError(format!("{option} -: stdin is not UTF-8 text")))?;
    Ok((text, "-".into()))
}

/// `--scope` values, each possibly space-separated, as a flat list.
pub fn scopes(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|s| s.split(' '))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(err.0.contains("larger than 1024 KiB"), "{}", err.0);
        let err = arg("@").resolve("--client-secret", true).unwrap_err();
        assert!(err.0.contains("expected @FILE"), "{}", err.0);
    }
}
