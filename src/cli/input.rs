//! Reading tokens and files given on the command line.

use std::io::{IsTerminal, Read};

use super::UsageError;

/// The most bytes read from stdin for one token.
const MAX_STDIN: u64 = 1024 * 1024;

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

/// `--scope` values, each possibly a space-separated list (RFC 6749 §3.3:
/// spaces only), as a flat list.
pub fn scopes(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|s| auth0_tok::types::split_scopes(s))
        .map(str::to_owned)
        .collect()
}
