//! An unreliable tenant under sustained use, and concurrent processes
//! sharing one cache.

use std::process::Stdio;

use crate::support::{API, CLIENT, Mock, SECRET, Sandbox, token_args};

#[test]
fn soak_500_calls_against_a_tenant_failing_20_percent_of_the_time() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--fail-rate", "0.2", "--latency", "2"]);
    let client = [
        "--domain",
        mock.url.as_str(),
        "--client-id",
        CLIENT,
        "--client-secret",
        SECRET,
        "--timeout",
        "5",
    ];
    let (mut ok, mut clean_failures, mut wrong) = (0, 0, Vec::new());
    let mut last_token = None;
    for i in 0..250 {
        let token = s.run(&[&["token", "--audience", API, "--no-cache"][..], &client].concat());
        match token.code {
            0 => {
                ok += 1;
                last_token = Some(token.stdout.trim().to_owned());
            }
            4 => clean_failures += 1,
            other => wrong.push(format!("token #{i}: exit {other}: {}", token.stderr)),
        }
        let Some(t) = &last_token else { continue };
        let verify = s.run(&[
            "verify",
            "--no-cache",
            "--domain",
            &mock.url,
            "--audience",
            API,
            "--timeout",
            "5",
            t,
        ]);
        match verify.code {
            0 => ok += 1,
            4 => clean_failures += 1,
            other => wrong.push(format!(
                "verify #{i}: exit {other}: {}{}",
                verify.stdout, verify.stderr
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        ok > 250,
        "too few successes: {ok} ok, {clean_failures} clean failures"
    );
    eprintln!("soak: {ok} correct, {clean_failures} clean exit-4 failures, 0 wrong");
    // The cache is valid afterwards: a cached call works and the files parse.
    let cached = s.run(&[&["token", "--audience", API][..], &client].concat());
    assert!(cached.code == 0 || cached.code == 4);
    if let Ok(entries) = std::fs::read_dir(s.cache_dir()) {
        for e in entries {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            serde_json::from_slice::<serde_json::Value>(&bytes)
                .expect("cache files are complete JSON");
        }
    }
}

#[test]
fn eight_concurrent_token_calls_leave_one_valid_cache_file() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &["--latency", "20"]);
    let children: Vec<_> = (0..8)
        .map(|_| {
            s.cmd(&token_args(&mock.url, CLIENT, SECRET, &[]))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let files: Vec<_> = std::fs::read_dir(s.cache_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("token-") || n.contains(".tmp"))
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one token entry and no temporary files: {files:?}"
    );
    let entry = std::fs::read(s.cache_dir().join(&files[0])).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&entry).expect("a complete JSON entry");
    assert!(v["response"]["access_token"].is_string());
    // And it is used.
    s.run(&token_args(&mock.url, CLIENT, SECRET, &["-v"]))
        .code(0)
        .stderr_has("cache hit");
}
