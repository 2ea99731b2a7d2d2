//! Help text into a pipe: examples are printed as written in the source,
//! one command a line, never wrapped to COLUMNS (people copy them).

use crate::support::{Run, Sandbox};

/// Each command with its examples' constant: (arguments, file under
/// `src/cli/`, constant name).
const EXAMPLES: &[(&[&str], &str, &str)] = &[
    (&["--help"], "mod.rs", "EXAMPLES"),
    (&["token", "--help"], "token.rs", "TOKEN_EXAMPLES"),
    (&["token", "-h"], "token.rs", "TOKEN_EXAMPLES"),
    (&["exchange", "--help"], "token.rs", "EXCHANGE_EXAMPLES"),
    (&["verify", "--help"], "verify.rs", "EXAMPLES"),
    (&["request", "--help"], "request.rs", "EXAMPLES"),
    (&["decode", "--help"], "decode.rs", "EXAMPLES"),
    (&["jwks", "--help"], "jwks.rs", "EXAMPLES"),
    (&["mock", "serve", "--help"], "mock.rs", "EXAMPLES"),
    (&["dpop", "proof", "--help"], "dpop.rs", "PROOF_EXAMPLES"),
];

/// The indented (example) lines of `const NAME: &str = "\` … `";` in
/// `src/cli/FILE`, unescaped.
fn example_lines(file: &str, name: &str) -> Vec<String> {
    let path = format!("{}/src/cli/{file}", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap();
    let start = format!("const {name}: &str = \"\\\n");
    let at = source
        .find(&start)
        .unwrap_or_else(|| panic!("no `{start}` in {path}"));
    let body = &source[at + start.len()..];
    let end = body
        .find("\";\n")
        .unwrap_or_else(|| panic!("{name} in {path} does not end"));
    let lines: Vec<String> = body[..end]
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.replace("\\\"", "\"").replace("\\\\", "\\"))
        .collect();
    assert!(!lines.is_empty(), "{name} in {path} has no example lines");
    lines
}

/// The regression: clap wrapped `after_help` to COLUMNS (or 100) even into a
/// pipe, splitting examples mid-command.
#[test]
fn help_examples_are_never_wrapped_into_a_pipe() {
    let s = Sandbox::new();
    for columns in ["40", "100"] {
        for (args, file, name) in EXAMPLES {
            let run = Run::from(s.cmd(args).env("COLUMNS", columns).output().unwrap());
            run.code(0);
            let printed: Vec<&str> = run.stdout.lines().map(str::trim_end).collect();
            for line in example_lines(file, name) {
                assert!(
                    printed.contains(&line.trim_end()),
                    "`auth0-tok {}` with COLUMNS={columns} into a pipe breaks the example\n{line}\nhelp:\n{}",
                    args.join(" "),
                    run.stdout
                );
            }
        }
    }
}
