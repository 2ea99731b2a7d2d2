//! Where each setting came from — a flag, the environment, or a `.env`
//! file — and the rules that depend on it.
//!
//! clap tells a flag from an environment variable ([`clap::parser::ValueSource`]);
//! [`env_file::Loaded`] tells which environment variables a `.env` set. From
//! the two: `-v` lists each setting's source; `@FILE` and `-` are read only
//! for values typed on the command line; only environment values are split
//! on commas; and a credential from the user (flag or environment) is never
//! sent to a tenant that only a `.env` names ([`Settings::check_credentials`]).

use std::path::PathBuf;

use clap::parser::ValueSource;

use super::UsageError;
use super::env_file::Loaded;

/// The options whose source is recorded (clap argument ids).
const TRACKED: &[&str] = &[
    "domain",
    "audience",
    "client_id",
    "client_secret",
    "client_assertion_key",
    "key",
    "hs256_secret",
    "subject_token",
    "client",
    "timeout",
];

/// Where one option's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Typed on the command line.
    Flag,
    /// The user's environment.
    Environment(String),
    /// A `.env` file (the variable, the file).
    EnvFile(String, PathBuf),
}

impl Source {
    /// Given by the user (a flag or the real environment), not by a file.
    pub fn is_users(&self) -> bool {
        !matches!(self, Source::EnvFile(..))
    }

    /// `flag` names a command-line source.
    fn describe(&self, flag: &str) -> String {
        match self {
            Source::Flag => flag.to_owned(),
            Source::Environment(var) => format!("the environment ({var})"),
            Source::EnvFile(var, path) => format!("{} ({var})", path.display()),
        }
    }
}

/// What clap saw, before the `.env` record is applied: per option, flag
/// or environment variable.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sources(Vec<(&'static str, Option<String>)>);

impl Sources {
    /// Records the tracked options present in `matches` (of `command`),
    /// the deepest subcommand's record winning, except that a flag is not
    /// replaced by an environment variable. Call before the values are
    /// taken out of `matches`.
    pub fn from_matches(command: &clap::Command, matches: &clap::ArgMatches) -> Self {
        let mut sources = Sources::default();
        sources.collect(command, matches);
        sources
    }

    /// Whether option `id` was typed on the command line.
    #[cfg(test)]
    pub fn is_command_line(&self, id: &str) -> bool {
        self.0
            .iter()
            .any(|(known, env)| *known == id && env.is_none())
    }

    fn collect(&mut self, command: &clap::Command, matches: &clap::ArgMatches) {
        for arg in command.get_arguments() {
            let Some(&id) = TRACKED.iter().find(|&&t| t == arg.get_id().as_str()) else {
                continue;
            };
            if !matches.ids().any(|present| present.as_str() == id) {
                continue;
            }
            let env = match matches.value_source(id) {
                Some(ValueSource::CommandLine) => None,
                Some(ValueSource::EnvVariable) => {
                    arg.get_env().map(|var| var.to_string_lossy().into_owned())
                }
                _ => continue,
            };
            let recorded = self.0.iter().any(|(known, _)| *known == id);
            // A flag typed before the command's name (tenant options,
            // [`super::tenant_args`]) is not replaced by the command's
            // environment default.
            if recorded && env.is_some() {
                continue;
            }
            self.0.retain(|(known, _)| *known != id);
            self.0.push((id, env));
        }
        if let Some((name, sub)) = matches.subcommand() {
            if let Some(sub_command) = command.find_subcommand(name) {
                self.collect(sub_command, sub);
            }
        }
    }
}

/// Each option's source, `.env` included.
#[derive(Debug, Default)]
pub struct Settings {
    sources: Vec<(&'static str, Source)>,
    env_file: Option<Loaded>,
}

impl Settings {
    pub fn new(sources: &Sources, env_file: Option<Loaded>) -> Self {
        let sources = sources
            .0
            .iter()
            .map(|(id, env)| {
                let source = match env {
                    None => Source::Flag,
                    Some(var) => match &env_file {
                        Some(file) if file.has_set(var) => {
                            Source::EnvFile(var.clone(), file.path.clone())
                        }
                        _ => Source::Environment(var.clone()),
                    },
                };
                (*id, source)
            })
            .collect();
        Settings { sources, env_file }
    }

    /// Where option `id` came from; `None` when it was not given.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, s)| s)
    }

    /// Whether option `id` was typed on the command line.
    pub fn typed_on_command_line(&self, id: &str) -> bool {
        self.source(id) == Some(&Source::Flag)
    }

    /// `values` of option `id`, split on commas when they came from an
    /// environment variable (`AUTH0_DOMAIN=a,b`): a flag is one value each
    /// time (`--audience "urn:x,y"` is one identifier).
    pub fn split_env_list(&self, id: &str, values: &[String]) -> Vec<String> {
        let split = matches!(
            self.source(id),
            Some(Source::Environment(_) | Source::EnvFile(..))
        );
        values
            .iter()
            .flat_map(|v| {
                if split {
                    v.split(',').map(str::to_owned).collect()
                } else {
                    vec![v.clone()]
                }
            })
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Refuses to send a credential the user gave (flag or environment) to
    /// a tenant only a `.env` names: a cloned repository's `.env` must not
    /// be able to point the user's secret at its own host. `credentials`
    /// are the option ids of the credentials this request sends.
    pub fn check_credentials(&self, credentials: &[&str]) -> Result<(), UsageError> {
        let Some(tenant @ Source::EnvFile(..)) = self.source("domain") else {
            return Ok(());
        };
        for &id in credentials {
            if let Some(source) = self.source(id).filter(|s| s.is_users()) {
                return Err(UsageError(format!(
                    "refusing to send {} (from {}) to a tenant named only by {}: give the tenant the same way (--domain or AUTH0_DOMAIN), or both in the .env",
                    credential_name(id),
                    source.describe(&long(id)),
                    tenant.describe("--domain"),
                )));
            }
        }
        Ok(())
    }

    /// `-v` lines: the `.env` read, then each option's source (never a value).
    pub fn trace_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(file) = &self.env_file {
            let names = |v: &[String]| v.join(", ");
            let set: Vec<String> = file.set.iter().map(|(k, _)| k.clone()).collect();
            let mut line = format!(
                "read {}: set {}",
                file.path.display(),
                or_none(&names(&set))
            );
            if !file.kept.is_empty() {
                line.push_str(&format!(
                    "; kept from the environment {}",
                    names(&file.kept)
                ));
            }
            if !file.ignored.is_empty() {
                line.push_str(&format!(
                    "; ignored {} (not taken from a .env)",
                    names(&file.ignored)
                ));
            }
            lines.push(line);
        }
        for (id, source) in &self.sources {
            lines.push(format!(
                "{}: from {}",
                long(id),
                source.describe("the command line")
            ));
        }
        lines
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "nothing" } else { s }
}

/// The flag of option `id`.
pub fn long(id: &str) -> String {
    format!("--{}", id.replace('_', "-"))
}

fn credential_name(id: &str) -> &'static str {
    match id {
        "client_secret" => "the client secret",
        "client_assertion_key" => "the client assertion key",
        "key" => "the DPoP key",
        "subject_token" => "the subject token",
        _ => "a credential",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&'static str, Option<&str>)], file_sets: &[&str]) -> Settings {
        let sources = Sources(
            pairs
                .iter()
                .map(|(id, env)| (*id, env.map(str::to_owned)))
                .collect(),
        );
        let loaded = Loaded {
            path: PathBuf::from("repo/.env"),
            set: file_sets
                .iter()
                .map(|k| ((*k).to_owned(), "v".to_owned()))
                .collect(),
            ..Loaded::default()
        };
        Settings::new(&sources, Some(loaded))
    }

    #[test]
    fn a_users_credential_is_not_sent_to_a_tenant_only_the_env_file_names() {
        let s = settings(
            &[
                ("domain", Some("AUTH0_DOMAIN")),
                ("client_secret", Some("AUTH0_CLIENT_SECRET")),
            ],
            &["AUTH0_DOMAIN"],
        );
        let err = s.check_credentials(&["client_secret"]).unwrap_err().0;
        assert!(
            err.contains("the environment (AUTH0_CLIENT_SECRET)")
                && err.contains("repo/.env (AUTH0_DOMAIN)"),
            "{err}"
        );
        let s = settings(
            &[("domain", Some("AUTH0_DOMAIN")), ("key", None)],
            &["AUTH0_DOMAIN"],
        );
        assert!(
            s.check_credentials(&["key"])
                .unwrap_err()
                .0
                .contains("--key")
        );
        // Both from the file, or the tenant from the user: allowed.
        let s = settings(
            &[
                ("domain", Some("AUTH0_DOMAIN")),
                ("client_secret", Some("AUTH0_CLIENT_SECRET")),
            ],
            &["AUTH0_DOMAIN", "AUTH0_CLIENT_SECRET"],
        );
        s.check_credentials(&["client_secret"]).unwrap();
        let s = settings(&[("domain", None), ("client_secret", None)], &[]);
        s.check_credentials(&["client_secret"]).unwrap();
    }

    #[test]
    fn only_environment_values_split_on_commas() {
        let s = settings(&[("domain", Some("AUTH0_DOMAIN")), ("audience", None)], &[]);
        let v = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            s.split_env_list("domain", &v(&["a.auth0.com, b.auth0.com,"])),
            v(&["a.auth0.com", "b.auth0.com"])
        );
        assert_eq!(
            s.split_env_list("audience", &v(&["urn:x,y", " b "])),
            v(&["urn:x,y", "b"])
        );
    }

    #[test]
    fn trace_lines_name_sources_never_values() {
        let s = settings(
            &[
                ("domain", Some("AUTH0_DOMAIN")),
                ("client_secret", None),
                ("audience", Some("AUTH0_AUDIENCE")),
            ],
            &["AUTH0_DOMAIN"],
        );
        let lines = s.trace_lines();
        assert_eq!(lines[0], "read repo/.env: set AUTH0_DOMAIN");
        assert_eq!(lines[1], "--domain: from repo/.env (AUTH0_DOMAIN)");
        assert_eq!(lines[2], "--client-secret: from the command line");
        assert_eq!(
            lines[3],
            "--audience: from the environment (AUTH0_AUDIENCE)"
        );
        assert!(!lines.join("\n").contains("=v"));
    }
}
