//! Reading tokens and files given on the command line.
//!
//! A local file or stdin is input like any other: it may be `/dev/zero`, a
//! 300 MB log, a FIFO that never ends. Every read here goes through
//! [`read_capped_from`], which reads at most `cap + 1` bytes and fails with a
//! [`CapError`] naming the input and the cap (exit 2) instead of filling
//! memory or silently truncating.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

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

/// `--scope` values, each possibly a space-separated list (RFC 6749 §3.3:
/// spaces only), as a flat list.
pub fn scopes(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|s| auth0_tok::types::split_scopes(s))
        .map(str::to_owned)
        .collect()
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
}
