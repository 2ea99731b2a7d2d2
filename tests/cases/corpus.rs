//! Every hostile token and proof is rejected with exit 1 and its intended
//! message — never accepted, never a panic.

#[path = "../corpus/mod.rs"]
mod hostile;

use crate::support::Sandbox;

#[test]
fn the_hostile_corpus_is_rejected_with_the_intended_messages() {
    let s = Sandbox::new();
    let keys = hostile::Keys::new();
    std::fs::write(s.path().join("jwks.json"), keys.jwks()).unwrap();
    let tokens = hostile::tokens(&keys);
    let token = hostile::bound_token(&keys);
    let proofs = hostile::proofs(&keys, &token);
    assert!(
        tokens.len() + proofs.len() >= 60,
        "corpus has {} entries",
        tokens.len() + proofs.len()
    );
    let base = [
        "verify",
        "--jwks",
        "jwks.json",
        "--issuer",
        hostile::ISS,
        "--audience",
        hostile::AUD,
    ];
    let mut failures = Vec::new();
    for e in &tokens {
        // Long inputs go through stdin (argument lists have a size limit).
        let run = s.run_with_stdin(&[&base[..], e.args, &["-"]].concat(), &e.input);
        if run.code != 1 || !run.stdout.contains(e.expect) {
            failures.push(format!(
                "token {:?}: exit {}, want {:?}\n{}{}",
                e.name, run.code, e.expect, run.stdout, run.stderr
            ));
        }
    }
    // The bound token itself verifies, so the proofs are what is rejected.
    s.run(&[&base[..], &[token.as_str()]].concat()).code(0);
    for e in &proofs {
        let run = s.run(
            &[
                &base[..],
                &[
                    "--dpop",
                    &e.input,
                    "--htm",
                    "GET",
                    "--htu",
                    hostile::HTU,
                    &token,
                ],
            ]
            .concat(),
        );
        if run.code != 1 || !run.stdout.contains(e.expect) {
            failures.push(format!(
                "proof {:?}: exit {}, want {:?}\n{}{}",
                e.name, run.code, e.expect, run.stdout, run.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} entries misbehaved:\n{}",
        failures.len(),
        tokens.len() + proofs.len(),
        failures.join("\n")
    );
}
