//! `auth0-tok completions`: shell completion scripts, generated from the
//! command definition (the committed copies in `completions/` are tested
//! against this output, and in real bash, zsh and fish when installed).
//!
//! Bash needs one correction to clap_complete's script: for a program whose
//! name has a hyphen, its word-by-word walk spells the state `auth0__tok__…`
//! while its dispatcher's labels say `auth0__subcmd__tok__…`, so nothing
//! below the first word ever completed (clap-rs/clap#6421). The script is
//! therefore generated for a name without a hyphen and only its `complete`
//! lines are pointed at the real program: the state labels agree, and the
//! function name (`_auth0_tok`) is valid in POSIX mode too. zsh and fish
//! keep the name verbatim and need nothing.

use clap::Args;
use clap_complete::Shell;

/// The program the scripts complete.
const BIN: &str = "auth0-tok";

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  auth0-tok completions bash > ~/.local/share/bash-completion/completions/auth0-tok\n  auth0-tok completions zsh > ~/.zfunc/_auth0-tok\n  auth0-tok completions fish > ~/.config/fish/completions/auth0-tok.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete for
    shell: Shell,
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<()> {
    let out = script(args.shell, super::Cli::command())?;
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(out.as_bytes())?;
    lock.flush()?;
    Ok(())
}

/// The completion script for `shell`.
fn script(shell: Shell, mut command: clap::Command) -> anyhow::Result<String> {
    let mut out = Vec::new();
    if shell == Shell::Bash {
        let internal = BIN.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
        clap_complete::generate(shell, &mut command, &internal, &mut out);
        return register_bash(&String::from_utf8(out)?, &internal);
    }
    clap_complete::generate(shell, &mut command, BIN, &mut out);
    Ok(String::from_utf8(out)?)
}

/// Points the `complete -F _FN … internal` lines of a bash script generated
/// for `internal` at [`BIN`]; an error when there is none (a clap_complete
/// whose script has another shape must be looked at, not shipped).
fn register_bash(script: &str, internal: &str) -> anyhow::Result<String> {
    let suffix = format!(" {internal}");
    let mut registered = 0;
    let mut out = String::with_capacity(script.len());
    for line in script.split_inclusive('\n') {
        let (text, newline) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        match text.strip_suffix(&suffix) {
            Some(head) if head.trim_start().starts_with("complete -F ") => {
                out.push_str(head);
                out.push(' ');
                out.push_str(BIN);
                registered += 1;
            }
            _ => out.push_str(text),
        }
        out.push_str(newline);
    }
    anyhow::ensure!(
        registered > 0,
        "the generated bash script has no `complete -F … {internal}` line"
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bash() -> String {
        script(Shell::Bash, super::super::Cli::command()).unwrap()
    }

    /// The regression: every `cmd=` state the word walk sets is a label the
    /// dispatcher matches (clap-rs/clap#6421 broke this for hyphenated names).
    #[test]
    fn bash_states_for_a_hyphenated_name_all_have_a_dispatcher_label() {
        let script = bash();
        let states: Vec<&str> = script
            .lines()
            .filter_map(|l| l.trim().strip_prefix("cmd=\"")?.strip_suffix('"'))
            .filter(|state| !state.is_empty())
            .collect();
        assert!(states.len() > 10, "{states:?}");
        for state in states {
            assert!(
                script.contains(&format!("\n        {state})\n")),
                "no dispatcher label for {state}"
            );
        }
    }

    #[test]
    fn bash_registers_the_real_program_name_only() {
        let script = bash();
        let complete: Vec<&str> = script
            .lines()
            .filter(|l| l.trim_start().starts_with("complete "))
            .collect();
        assert_eq!(complete.len(), 2, "{complete:?}");
        for line in complete {
            assert!(line.starts_with("    complete -F _auth0_tok "), "{line}");
            assert!(line.ends_with(" auth0-tok"), "{line}");
        }
        assert!(!script.contains("auth0_tok\n"));
    }

    #[test]
    fn a_bash_script_of_another_shape_is_an_error() {
        let err = register_bash("_x() { :; }\n", "x").unwrap_err();
        assert!(err.to_string().contains("complete -F"), "{err}");
        assert_eq!(
            register_bash("complete -F _x -o default x", "x").unwrap(),
            "complete -F _x -o default auth0-tok"
        );
    }
}
