//! GitHub Actions output: `::add-mask::` on stdout, `NAME=value` in
//! `$GITHUB_ENV` — each where the runner reads it.
//!
//! The runner reads workflow commands from a step's stdout, and reads
//! `$GITHUB_ENV` after the step as `NAME=value` lines or `NAME<<DELIMITER`
//! … `DELIMITER` blocks (actions/runner `SetEnvFileCommand`). A mask command
//! written into the env file is a malformed entry there and masks nothing;
//! `--github-env NAME` therefore masks on stdout and appends the entry to
//! the file itself, in the heredoc form with a random delimiter when the
//! value holds a line break.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::UsageError;

/// `--github-env NAME`: a shell-style variable name a step may set.
pub fn check_name(name: &str) -> Result<(), UsageError> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(UsageError(format!(
            "--github-env {name:?}: expected a variable name (letters, digits, _; not starting with a digit)"
        )));
    }
    let upper = name.to_ascii_uppercase();
    if upper.starts_with("GITHUB_") || upper.starts_with("RUNNER_") {
        return Err(UsageError(format!(
            "--github-env {name}: GitHub reserves GITHUB_* and RUNNER_* names"
        )));
    }
    Ok(())
}

/// The workflow command that masks `value` in the log, its data escaped as
/// the runner unescapes it (`%`, CR, LF; as @actions/core's `setSecret`).
pub fn mask_command(value: &str) -> String {
    let data = value
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    format!("::add-mask::{data}\n")
}

/// The `$GITHUB_ENV` entry setting `name` to `value`: `NAME=value`, or, when
/// the value holds a line break, `NAME<<DELIMITER` with a `delimiter` that
/// is no line of the value.
pub fn env_entry(name: &str, value: &str, delimiter: impl Fn() -> String) -> String {
    if !value.contains(['\n', '\r']) {
        return format!("{name}={value}\n");
    }
    let delimiter = std::iter::repeat_with(delimiter)
        .find(|d| !value.contains(d.as_str()))
        .expect("a random delimiter is not in the value");
    format!("{name}<<{delimiter}\n{value}\n{delimiter}\n")
}

/// A random heredoc delimiter.
pub fn random_delimiter() -> String {
    let random = auth0_tok::dpop::new_jti().unwrap_or_else(|_| {
        // The DRBG failed: a time-based delimiter still avoids the value.
        format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        )
    });
    format!("ghadelimiter_{random}")
}

/// Appends `entry` to the `$GITHUB_ENV` file, which the runner created:
/// never created here, never through a symlink; a line break first if the
/// file does not end with one (a previous step's last entry).
pub fn append_env(path: &Path, entry: &str) -> Result<(), UsageError> {
    let fail = |e: std::io::Error| UsageError(format!("GITHUB_ENV {}: {e}", path.display()));
    let meta = std::fs::symlink_metadata(path).map_err(fail)?;
    if !meta.file_type().is_file() {
        return Err(UsageError(format!(
            "GITHUB_ENV {}: not a regular file",
            path.display()
        )));
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(path)
        .map_err(fail)?;
    let mut text = String::new();
    if file.metadata().map_err(fail)?.len() > 0 {
        file.seek(SeekFrom::End(-1)).map_err(fail)?;
        let mut last = [0u8; 1];
        file.read_exact(&mut last).map_err(fail)?;
        if last[0] != b'\n' {
            text.push('\n');
        }
    }
    text.push_str(entry);
    file.write_all(text.as_bytes()).map_err(fail)?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `$GITHUB_ENV` read as actions/runner's `SetEnvFileCommand` reads it
    /// (on Linux: lines split at LF): `NAME=value` (split at the first `=`,
    /// when it comes before any `<<`) and `NAME<<DELIM` … `DELIM`.
    pub fn parse_runner_env(text: &str) -> Result<Vec<(String, String)>, String> {
        let mut lines = text
            .split_inclusive('\n')
            .map(|l| l.strip_suffix('\n').unwrap_or(l));
        let mut vars = Vec::new();
        while let Some(line) = lines.next() {
            if line.is_empty() {
                continue;
            }
            let equals = line.find('=');
            let heredoc = line.find("<<");
            match (equals, heredoc) {
                (Some(e), h) if h.is_none_or(|h| e < h) => {
                    vars.push((line[..e].to_owned(), line[e + 1..].to_owned()));
                }
                (_, Some(h)) => {
                    let (name, delimiter) = (&line[..h], &line[h + 2..]);
                    if name.is_empty() || delimiter.is_empty() {
                        return Err(format!("invalid heredoc line {line:?}"));
                    }
                    let mut value = Vec::new();
                    loop {
                        match lines.next() {
                            None => return Err(format!("delimiter {delimiter:?} not found")),
                            Some(l) if l == delimiter => break,
                            Some(l) => value.push(l),
                        }
                    }
                    vars.push((name.to_owned(), value.join("\n")));
                }
                _ => return Err(format!("Invalid environment variable format {line:?}")),
            }
        }
        Ok(vars)
    }

    #[test]
    fn a_value_on_one_line_is_name_equals_value() {
        let entry = env_entry("AUTH0_ACCESS_TOKEN", "eyJ.a=b<<c.d", random_delimiter);
        assert_eq!(entry, "AUTH0_ACCESS_TOKEN=eyJ.a=b<<c.d\n");
        assert_eq!(
            parse_runner_env(&entry).unwrap(),
            [("AUTH0_ACCESS_TOKEN".into(), "eyJ.a=b<<c.d".into())]
        );
    }

    #[test]
    fn a_value_with_line_breaks_uses_a_delimiter_it_does_not_contain() {
        let value = "tok\nX=1\nghadelimiter_1\nend";
        // The first delimiter offered occurs in the value: it is not used.
        let offered = std::cell::Cell::new(0);
        let entry = env_entry("TOKEN", value, || {
            offered.set(offered.get() + 1);
            format!("ghadelimiter_{}", offered.get())
        });
        assert_eq!(offered.get(), 2);
        assert_eq!(
            parse_runner_env(&entry).unwrap(),
            [("TOKEN".into(), value.into())],
            "{entry}"
        );
        let random = env_entry("TOKEN", value, random_delimiter);
        assert!(random.starts_with("TOKEN<<ghadelimiter_"), "{random}");
        assert_eq!(
            parse_runner_env(&random).unwrap(),
            [("TOKEN".into(), value.into())]
        );
        // The naive form would set a second variable.
        assert_eq!(
            parse_runner_env("TOKEN=tok\nX=1\n").unwrap(),
            [("TOKEN".into(), "tok".into()), ("X".into(), "1".into())]
        );
    }

    #[test]
    fn masks_escape_what_the_runner_unescapes() {
        assert_eq!(mask_command("abc"), "::add-mask::abc\n");
        assert_eq!(mask_command("a%0Ab\nc"), "::add-mask::a%250Ab%0Ac\n");
    }

    #[test]
    fn names_are_checked() {
        for ok in ["AUTH0_ACCESS_TOKEN", "_t", "token2"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "2X",
            "A=B",
            "A<<B",
            "A B",
            "A\nB",
            "GITHUB_TOKEN",
            "runner_temp",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_entry_is_appended_on_its_own_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("set_env");
        std::fs::write(&path, "EARLIER<<EOF\nmulti\nline\nEOF").unwrap();
        append_env(&path, &env_entry("T", "v", random_delimiter)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            parse_runner_env(&text).unwrap(),
            [
                ("EARLIER".into(), "multi\nline".into()),
                ("T".into(), "v".into())
            ]
        );
        assert!(append_env(&dir.path().join("missing"), "T=v\n").is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            assert!(
                append_env(&link, "T=v\n").is_err(),
                "never through a symlink"
            );
        }
    }
}
