//! `init`: the questions on a real terminal (a pseudo-terminal from
//! util-linux `script`) and the `.env` it writes. Its refusal without a
//! terminal is in `token.rs`.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{API, BIN, CLIENT, Mock, SECRET, Sandbox};

/// `auth0-tok init` on a pseudo-terminal, answered prompt by prompt.
struct Terminal {
    child: Child,
    stdin: ChildStdin,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn start(s: &Sandbox) -> Self {
        let mut child = Command::new("script")
            .args(["-qec", &format!("'{BIN}' init"), "/dev/null"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", s.path())
            .env("TERM", "dumb")
            .current_dir(s.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("util-linux `script` runs init on a pseudo-terminal");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let screen = Arc::new(Mutex::new(Vec::new()));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal {
            child,
            stdin,
            screen,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// Waits for `prompt` on the screen, then types `keys`.
    fn answer(&mut self, prompt: &str, keys: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.text().contains(prompt) {
            assert!(
                Instant::now() < deadline,
                "no {prompt:?} prompt; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stdin.write_all(keys.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn finish(mut self) -> (Option<i32>, String) {
        let status = self.child.wait().unwrap();
        // Let the reader drain what is left.
        std::thread::sleep(Duration::from_millis(100));
        (status.code(), self.text())
    }
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_asks_on_a_terminal_and_writes_a_private_env_file() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let secret = SECRET;
    let mut term = Terminal::start(&s);
    term.answer("Tenant domain", &format!("{}\r", mock.url));
    term.answer("API audience", &format!("{API}\r"));
    term.answer("Client id", &format!("{CLIENT}\r"));
    term.answer("Client secret", &format!("{secret}\r"));
    term.answer("Generate a DPoP key", "y");
    let (code, screen) = term.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("wrote .env (mode 0600)"), "{screen}");
    assert!(!screen.contains(secret), "the secret was echoed:\n{screen}");
    let env = s.path().join(".env");
    assert_eq!(mode(&env), 0o600);
    assert_eq!(mode(&s.path().join("dpop.pem")), 0o600);
    let written = std::fs::read_to_string(&env).unwrap();
    assert_eq!(
        written,
        format!(
            "AUTH0_DOMAIN={}\nAUTH0_AUDIENCE={API}\nAUTH0_CLIENT_ID={CLIENT}\nAUTH0_CLIENT_SECRET={secret}\nAUTH0_DPOP_KEY=dpop.pem\n",
            mock.url
        )
    );
    // The file is what later commands read: `token` works with no flags.
    s.run(&["token"]).code(0);

    // A second run does not replace it without a yes.
    let mut term = Terminal::start(&s);
    term.answer("Tenant domain", &format!("{}\r", mock.url));
    term.answer("API audience", "https://other.example.com\r");
    term.answer("Client id", "\r");
    term.answer("replace it?", "n");
    let (code, screen) = term.finish();
    assert_eq!(code, Some(2), "{screen}");
    assert!(screen.contains("left .env unchanged"), "{screen}");
    assert_eq!(std::fs::read_to_string(&env).unwrap(), written);
}
