//! The committed completion scripts must match what the binary generates.

use crate::support::Sandbox;

#[test]
fn committed_completions_match_the_binary() {
    let s = Sandbox::new();
    for (shell, file) in [
        ("bash", "auth0-tok.bash"),
        ("zsh", "_auth0-tok"),
        ("fish", "auth0-tok.fish"),
        ("powershell", "_auth0-tok.ps1"),
        ("elvish", "auth0-tok.elv"),
    ] {
        let run = s.run(&["completions", shell]);
        run.code(0);
        let path = format!("{}/completions/{file}", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == run.stdout,
            "completions/{file} is out of date: run `cargo run -- completions {shell} > completions/{file}`"
        );
    }
}
