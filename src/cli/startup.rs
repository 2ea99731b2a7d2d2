//! Start-up: what happens before a command runs, and the tricks around
//! clap that keep it correct and fast. Each trick changes how the command
//! line is read, never what it means; the tests below hold each one to the
//! plain parse.
//!
//! - The cache's location is taken from the environment before a `.env` is
//!   read, so a `.env` cannot move it.
//! - `--json` and `--env-file` are looked for in the raw arguments before
//!   clap parses them: a failure to load the `.env` or to parse is still
//!   reported in JSON, and the `.env`'s variables act as defaults for flags.
//! - Tenant options typed before the command's name go to the command
//!   ([`super::tenant_args::merge`]).
//! - clap is given only the invoked command's subtree when the options
//!   before its name are all global ones ([`Cli::command_for`]).
//! - The command tree is not freed after parsing (the process ends soon).
//! - Help is wrapped to the terminal's width on a terminal only.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use auth0_tok::cache::CacheDir;

use super::settings::Sources;
use super::tenant_args::{self, LeadingTenantArgs};
use super::{Cli, Command, GlobalArgs, Root, UsageError, env_file, exit, output};

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    // A .env is not the user's own environment: it must not move the cache.
    REAL_CACHE_LOCATION.get_or_init(cache_location_from_env);
    let args: Vec<OsString> = std::env::args_os().collect();
    let json = json_requested(&args);
    let env_file = match load_env_file(&args) {
        Ok(loaded) => loaded,
        Err(e) => return exit::finish(Err(e), json),
    };
    let cli = match parse_args(args) {
        Ok(cli) => cli,
        Err(e) => return exit::finish_parse(&e, json),
    };
    output::init_color(cli.global.no_color.unwrap_or(false));
    let json = cli.global.json.unwrap_or(false);
    exit::finish(super::run(cli, env_file), json)
}

/// Where the cache is, as the environment said before any `.env` was read.
static REAL_CACHE_LOCATION: OnceLock<Option<CacheDir>> = OnceLock::new();

fn cache_location_from_env() -> Option<CacheDir> {
    CacheDir::from_env(|k| std::env::var_os(k))
}

/// The cache's location in the user's own environment (never from `.env`).
pub(super) fn real_cache_location() -> Option<CacheDir> {
    REAL_CACHE_LOCATION
        .get_or_init(cache_location_from_env)
        .clone()
}

/// Whether `--json` is among `args` (before any `--`): for failures found
/// before the command line is parsed, or that stop it being parsed.
fn json_requested(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--json")
}

/// The `--env-file` among `args` (before any `--`; the last one given).
fn env_file_arg(args: &[OsString]) -> Option<PathBuf> {
    let mut args = args.iter().skip(1);
    let mut explicit = None;
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        if arg == "--" {
            break;
        }
        if arg == "--env-file" {
            explicit = args.next().map(PathBuf::from);
        } else if let Some(v) = arg.strip_prefix("--env-file=") {
            explicit = Some(PathBuf::from(v));
        }
    }
    explicit
}

/// Loads `--env-file` (or `./.env`) before arguments are parsed, so its
/// variables act as defaults for flags; variables already set win. Must run
/// before any other thread starts (it sets process variables).
fn load_env_file(args: &[OsString]) -> anyhow::Result<Option<env_file::Loaded>> {
    let is_set = |var: &str| std::env::var_os(var).is_some();
    let loaded = match env_file_arg(args) {
        Some(path) => {
            env_file::load(&path, is_set).map_err(|e| UsageError(format!("--env-file {e}")))?
        }
        None => {
            let default = PathBuf::from(".env");
            if !default.is_file() {
                return Ok(None);
            }
            env_file::load(&default, is_set).map_err(|e| UsageError(e.to_string()))?
        }
    };
    for (var, value) in &loaded.set {
        // SAFETY: called first thing in `main`, before any other thread
        // exists; names and values are checked (no `=`, no NUL).
        unsafe { std::env::set_var(var, value) };
    }
    Ok(Some(loaded))
}

/// `Cli::try_parse`, without freeing the command tree: it is needed until
/// the arguments are parsed and the process ends soon after, so freeing it
/// node by node is start-up time spent for nothing (a sixth of a one-shot
/// `verify`'s parsing work).
fn parse_args(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let mut command = help_width(Cli::command_for(&args));
    let parsed = Cli::parse_with(&mut command, args);
    std::mem::forget(command);
    parsed
}

/// Help is wrapped to the terminal's width on a terminal only: into a pipe
/// or a file (`| less`, docs, CI logs) it is not wrapped, whatever COLUMNS
/// says, so no example is broken mid-command where it may be copied.
fn help_width(command: clap::Command) -> clap::Command {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        command
    } else {
        command.term_width(0)
    }
}

impl Cli {
    /// The tree with only the command `args` invoke, when the options
    /// before its name are all global ones; the whole tree otherwise.
    ///
    /// Parsing is the same either way (each command's options, global ones
    /// included, are defined once), but clap copies every global option into
    /// every command of the tree it is given: ~5 % of a one-shot `verify`'s
    /// instructions and half its heap, spent on commands not run.
    pub(super) fn command_for(args: &[OsString]) -> clap::Command {
        use clap::{CommandFactory, Subcommand};
        let root = Root::command();
        let Some(name) = invoked_command(&root, args) else {
            return Command::augment_subcommands(root);
        };
        let all = Command::augment_subcommands(clap::Command::new("auth0-tok"));
        match all.find_subcommand(name) {
            Some(only) => root.subcommand(only.clone()),
            None => Command::augment_subcommands(root),
        }
    }

    #[cfg(test)]
    pub(super) fn try_parse_from<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        Self::parse_with(&mut Self::command_for(&args), args)
    }

    /// Parses `args` with `command`, errors formatted for it. Tenant
    /// options typed before the command's name go to it
    /// ([`tenant_args::merge`]).
    pub(super) fn parse_with(
        command: &mut clap::Command,
        args: Vec<OsString>,
    ) -> Result<Self, clap::Error> {
        use clap::FromArgMatches;
        command
            .try_get_matches_from_mut(args)
            .and_then(|mut matches| {
                let sources = Sources::from_matches(command, &matches);
                let mut leading = LeadingTenantArgs::from_arg_matches_mut(&mut matches)?;
                let typed = matches
                    .subcommand()
                    .filter(|(name, _)| Command::takes_tenant(name))
                    .map(|(_, sub)| tenant_args::Typed::from_matches(sub));
                let global = GlobalArgs::from_arg_matches_mut(&mut matches)?;
                let mut command = Command::from_arg_matches_mut(&mut matches)?;
                if let Command::Mock(mock) = &mut command {
                    // Refused by `mock serve` itself, wherever it was typed.
                    mock.add_domain(std::mem::take(&mut leading.domain));
                }
                let name = command.name();
                tenant_args::merge(leading, command.tenant_mut().zip(typed), name)
                    .map_err(|m| clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, m))?;
                Ok(Cli {
                    global,
                    command,
                    sources,
                })
            })
            .map_err(|e| e.format(command))
    }
}

/// The command `args` name, when every argument before it is a global
/// option the root command defines (with its value); `None` for anything
/// else (help, version, `--`, an unknown option, no command), which the
/// whole tree then parses and reports.
fn invoked_command<'a>(root: &clap::Command, args: &'a [OsString]) -> Option<&'a str> {
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let arg = arg.to_str()?;
        let option = if let Some(long) = arg.strip_prefix("--") {
            let (name, inline_value) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            let found = root.get_arguments().find(|a| a.get_long() == Some(name))?;
            (found, inline_value)
        } else if let Some(short) = arg.strip_prefix('-') {
            let mut chars = short.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return None;
            };
            (
                root.get_arguments().find(|a| a.get_short() == Some(c))?,
                false,
            )
        } else {
            return Some(arg).filter(|name| {
                use clap::Subcommand;
                Command::has_subcommand(name)
            });
        };
        let (found, inline_value) = option;
        // Values the option takes: none (a flag) or exactly one; an
        // optional or variable number of values is left to clap.
        let takes_value = match found.get_num_args() {
            _ if !found.get_action().takes_values() => false,
            None => true,
            Some(range) if range.max_values() == 0 => false,
            Some(range) if range.min_values() == 1 && range.max_values() == 1 => true,
            Some(_) => return None,
        };
        if inline_value && !takes_value {
            return None;
        }
        if takes_value && !inline_value {
            rest.next()?;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invoked_command_is_found_after_global_options_only() {
        let root = {
            use clap::CommandFactory;
            Root::command()
        };
        let found = |args: &[&str]| {
            let args: Vec<OsString> = std::iter::once("auth0-tok")
                .chain(args.iter().copied())
                .map(Into::into)
                .collect();
            invoked_command(&root, &args).map(str::to_owned)
        };
        assert_eq!(found(&["verify", "T"]).as_deref(), Some("verify"));
        assert_eq!(found(&["--json", "-v", "jwks"]).as_deref(), Some("jwks"));
        // A global option's value is not a command name.
        assert_eq!(
            found(&["--domain", "verify", "decode"]).as_deref(),
            Some("decode")
        );
        assert_eq!(
            found(&["--domain=verify", "decode"]).as_deref(),
            Some("decode")
        );
        assert_eq!(
            found(&["--timeout", "5", "dpop", "proof"]).as_deref(),
            Some("dpop")
        );
        // Anything else is left to the whole tree.
        for args in [
            &[][..],
            &["--domain"],
            &["--json=yes", "verify"],
            &["--help", "verify"],
            &["-h", "verify"],
            &["-V"],
            &["-vh", "verify"],
            &["--", "verify"],
            &["--bogus", "verify"],
            &["help", "verify"],
            &["verif"],
        ] {
            assert_eq!(found(args), None, "{args:?}");
        }
    }

    #[test]
    fn the_one_command_tree_parses_as_the_whole_tree() {
        let lines: &[&[&str]] = &[
            &["verify", "--domain", "t.auth0.com", "--audience", "a", "T"],
            &[
                "--domain",
                "a.auth0.com",
                "verify",
                "--domain",
                "b.auth0.com",
                "T",
            ],
            &["--json", "--timeout", "3", "token", "--audience", "a"],
            &["--domain=x", "decode", "--json", "T"],
            &[
                "-v",
                "dpop",
                "proof",
                "--htm",
                "GET",
                "--htu",
                "https://a/b",
            ],
            &["dpop", "keygen", "--out", "k.pem"],
            &["mock", "serve", "--port", "0"],
            &[
                "request",
                "--url",
                "https://a/b",
                "--header",
                "Authorization: Bearer x",
            ],
            &["exchange", "--subject-token", "-", "--audience", "a"],
            &[
                "call",
                "--token",
                "t",
                "POST",
                "https://a/b",
                "x-y:1",
                "-d",
                "@f",
            ],
            &[
                "--json",
                "probe",
                "--dpop",
                "--tenant",
                "mock",
                "https://a/b",
            ],
            &["completions", "zsh"],
            &["init", "--no-cache"],
            &["demo", "--json"],
            &["jwks", "--no-color"],
            // Errors: an unknown option, a missing value, a bad value, a missing command.
            &["verify", "--bogus"],
            &["verify", "--audience"],
            &["--timeout", "soon", "verify", "T"],
            &["--timeout", "-5", "verify", "T"],
            &["--domain", "--json", "verify", "T"],
            &["--env-file", "verify", "decode", "T"],
            &["dpop"],
            &["mock", "serve", "--port", "x"],
            &["completions"],
            &["completions", "--domain", "x", "bash"],
            &["--domain", "x", "completions", "bash"],
            &["--timeout", "3", "--no-cache", "mock", "serve"],
            &["--domain", "x", "mock", "serve"],
            &["--no-cache", "jwks", "--timeout", "2"],
            &["decode", "--help"],
            &["dpop", "proof", "-V"],
        ];
        for line in lines {
            let args: Vec<OsString> = std::iter::once("auth0-tok")
                .chain(line.iter().copied())
                .map(Into::into)
                .collect();
            assert!(
                Cli::command_for(&args).get_subcommands().count() == 1,
                "{line:?} names one command"
            );
            let render = |parsed: Result<Cli, clap::Error>| match parsed {
                Ok(cli) => format!("{cli:?}"),
                Err(e) => format!("{:?}\n{}", e.kind(), e.render()),
            };
            let one = render(Cli::parse_with(&mut Cli::command_for(&args), args.clone()));
            let whole = render(Cli::parse_with(&mut Cli::command(), args.clone()));
            assert_eq!(one, whole, "{line:?}");
        }
    }

    fn argv(line: &[&str]) -> Vec<OsString> {
        std::iter::once("auth0-tok")
            .chain(line.iter().copied())
            .map(Into::into)
            .collect()
    }

    #[test]
    fn tenant_options_before_the_command_parse_as_after_it() {
        let pairs: &[(&[&str], &[&str])] = &[
            (
                &[
                    "--domain",
                    "a.auth0.com",
                    "--timeout",
                    "3",
                    "--no-cache",
                    "jwks",
                ],
                &[
                    "jwks",
                    "--domain",
                    "a.auth0.com",
                    "--timeout",
                    "3",
                    "--no-cache",
                ],
            ),
            (
                &["--domain=t.auth0.com", "verify", "--audience", "a", "T"],
                &["verify", "--domain=t.auth0.com", "--audience", "a", "T"],
            ),
            (
                &["--json", "--timeout", "2", "token", "--audience", "a"],
                &["--json", "token", "--timeout", "2", "--audience", "a"],
            ),
        ];
        for (before, after) in pairs {
            // The command's values, and which were typed (in any order).
            let parse = |line: &[&str]| {
                let cli = Cli::try_parse_from(argv(line)).unwrap();
                let typed =
                    ["domain", "timeout", "audience"].map(|id| cli.sources.is_command_line(id));
                format!("{:?} {typed:?}", cli.command)
            };
            assert_eq!(parse(before), parse(after), "{before:?}");
        }
    }

    #[test]
    fn the_env_file_is_found_before_parsing_as_clap_parses_it() {
        for line in [
            &["decode", "T"][..],
            &["--env-file", "a.env", "decode", "T"],
            &["--env-file=b.env", "decode", "T"],
            &["decode", "--env-file", "c.env", "T"],
            &["decode", "T", "--env-file=d.env"],
            &["decode", "--", "--env-file"],
        ] {
            let args = argv(line);
            let parsed = Cli::try_parse_from(args.clone()).unwrap();
            assert_eq!(env_file_arg(&args), parsed.global.env_file, "{line:?}");
        }
    }

    #[test]
    fn json_is_seen_before_parsing_as_clap_parses_it() {
        for line in [
            &["decode", "T"][..],
            &["--json", "decode", "T"],
            &["decode", "T", "--json"],
            &["-v", "decode", "--json", "T"],
            &["decode", "--", "--json"],
        ] {
            let args = argv(line);
            let parsed = Cli::try_parse_from(args.clone()).unwrap();
            assert_eq!(
                json_requested(&args),
                parsed.global.json.unwrap_or(false),
                "{line:?}"
            );
        }
    }
}
