//! `auth0-tok completions`: shell completion scripts, generated from the
//! command definition (the committed copies in `completions/` are tested
//! against this output).

use clap::Args;
use clap_complete::Shell;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  auth0-tok completions bash > ~/.local/share/bash-completion/completions/auth0-tok\n  auth0-tok completions zsh > ~/.zfunc/_auth0-tok"
)]
pub struct CompletionsArgs {
    /// The shell to complete for
    shell: Shell,
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut command = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "auth0-tok", &mut out);
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(&out)?;
    lock.flush()?;
    Ok(())
}
