//! Completion scripts: the committed ones match what the binary generates,
//! and the generated ones complete in real bash, zsh and fish (Debian's
//! packages; `.ci/run` installs them). A shell that is not installed is
//! reported as skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, Sandbox};

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

/// The lines every shell must complete, and a few of the words each offers.
const CASES: &[(&str, &[&str])] = &[
    (
        "auth0-tok token --",
        &["--audience", "--client-id", "--scope"],
    ),
    ("auth0-tok dpop ", &["keygen", "proof", "thumbprint"]),
    ("auth0-tok dpop proof --", &["--htm", "--htu"]),
    ("auth0-tok ", &["verify", "token", "completions"]),
];

/// `shell`'s path on PATH, or `None` after saying the test is skipped.
fn installed(shell: &str) -> Option<PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(shell))
        .find(|p| p.is_file());
    if found.is_none() {
        println!("skipped: {shell} not installed");
    }
    found
}

/// The script `auth0-tok completions SHELL` prints, written to `name`.
fn generated(s: &Sandbox, shell: &str, name: &str) -> PathBuf {
    let run = s.run(&["completions", shell]);
    run.code(0);
    let dir = s.path().join("completions");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &run.stdout).unwrap();
    path
}

fn support(file: &str) -> String {
    format!("{}/tests/support/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs a shell in the sandbox with nothing from the outer environment but
/// PATH; killed after 60 s.
fn shell(s: &Sandbox, program: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .env("HOME", s.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "dumb")
        .current_dir(s.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().unwrap())
}

#[track_caller]
fn assert_offers(shell: &str, line: &str, offered: &str, expected: &[&str]) {
    let words: Vec<&str> = offered.lines().map(str::trim).collect();
    for want in expected {
        assert!(
            words.contains(want),
            "{shell}: `{line}<Tab>` does not offer {want}; it offers:\n{offered}"
        );
    }
}

/// The regression: clap_complete's bash script for a hyphenated name never
/// completed below the first word (clap-rs/clap#6421).
#[test]
fn bash_completes_flags_and_commands_below_the_first_word() {
    let Some(bash) = installed("bash") else {
        return;
    };
    let s = Sandbox::new();
    let script = generated(&s, "bash", "auth0-tok");
    let harness = support("complete.bash");
    for (line, expected) in CASES {
        let run = shell(
            &s,
            &bash,
            &[
                "--norc",
                "--noprofile",
                &harness,
                script.to_str().unwrap(),
                line,
            ],
        );
        run.code(0);
        assert_offers("bash", line, &run.stdout, expected);
    }
}

#[test]
fn zsh_completes_flags_and_commands_below_the_first_word() {
    let Some(zsh) = installed("zsh") else {
        return;
    };
    let s = Sandbox::new();
    let script = generated(&s, "zsh", "_auth0-tok");
    let dir = script.parent().unwrap().to_str().unwrap();
    let harness = support("complete.zsh");
    for (line, expected) in CASES {
        let out = s.path().join("offered.txt");
        let run = shell(
            &s,
            &zsh,
            &["-f", &harness, dir, out.to_str().unwrap(), line],
        );
        run.code(0);
        let offered = std::fs::read_to_string(&out).unwrap();
        assert_offers("zsh", line, &offered, expected);
    }
}

#[test]
fn fish_completes_flags_and_commands_below_the_first_word() {
    let Some(fish) = installed("fish") else {
        return;
    };
    let s = Sandbox::new();
    let script = generated(&s, "fish", "auth0-tok.fish");
    for (line, expected) in CASES {
        let command = format!(
            "source {}; complete -C {}",
            quote_fish(script.to_str().unwrap()),
            quote_fish(line)
        );
        let run = shell(&s, &fish, &["--no-config", "-c", &command]);
        run.code(0);
        // `complete -C` prints `word<Tab>description`.
        let offered: String = run
            .stdout
            .lines()
            .map(|l| format!("{}\n", l.split('\t').next().unwrap_or("")))
            .collect();
        assert_offers("fish", line, &offered, expected);
    }
}

/// A fish single-quoted string.
fn quote_fish(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}
