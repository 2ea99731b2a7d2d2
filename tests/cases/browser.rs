//! The mock tenant's login page in a real browser: headless Chromium
//! (Debian's `chromium` and `chromedriver`; `.ci/run` installs them) driven
//! over WebDriver with fantoccini. `mock serve` → `login --no-browser` →
//! the browser opens the printed URL, fills the form and presses Continue →
//! the loopback page says so → `login` exits 0 with a token that verifies.
//! Without the browser the test prints why it skipped and passes.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::{API, CLIENT, Mock, SECRET, Sandbox, verify_args};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A child process killed on drop.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, deadline: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn the_login_page_works_in_headless_chromium() {
    for (path, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
        if !Path::new(path).exists() {
            println!("skipped: {path} is missing (install Debian's {package} package)");
            return;
        }
    }
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);

    // login, waiting for the browser; the URL comes on stderr.
    let mut login = Killed(
        s.cmd(&[
            "--no-cache",
            "login",
            "--domain",
            &mock.url,
            "--client-id",
            CLIENT,
            "--audience",
            API,
            "--no-browser",
            "--timeout",
            "60",
        ])
        .env("AUTH0_CLIENT_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap(),
    );
    let stderr = login.0.stderr.take().unwrap();
    let (url_tx, url_rx) = mpsc::channel();
    let stderr_lines = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap_or_default();
            if let Some(url) = line.strip_prefix("Open this URL to log in: ") {
                let _ = url_tx.send(url.to_owned());
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let authorize = url_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("login printed no URL");
    assert!(
        authorize.starts_with(&format!("{}authorize?", mock.url)),
        "{authorize}"
    );

    let port = free_port();
    let profile = tempfile::tempdir().unwrap();
    let _driver = Killed(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    assert!(
        wait_for_port(port, Duration::from_secs(20)),
        "chromedriver did not listen on port {port}"
    );

    let page_text = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let mut caps = serde_json::Map::new();
            caps.insert(
                "goog:chromeOptions".into(),
                json!({
                    "binary": CHROMIUM,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        format!("--user-data-dir={}", profile.path().display()),
                    ],
                }),
            );
            let browser = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
                .expect("a WebDriver session with chromium");
            browser.goto(&authorize).await.unwrap();
            browser
                .find(Locator::Css("input[name=username]"))
                .await
                .unwrap()
                .send_keys("user@example.com")
                .await
                .unwrap();
            browser
                .find(Locator::Css("input[name=password]"))
                .await
                .unwrap()
                .send_keys("Passw0rd!")
                .await
                .unwrap();
            browser
                .find(Locator::Css("button[name=action][value=accept]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            // The loopback listener's page, once the redirect lands.
            let start = Instant::now();
            let mut text = String::new();
            while start.elapsed() < Duration::from_secs(30) {
                if let Ok(body) = browser.find(Locator::Css("body")).await {
                    text = body.text().await.unwrap_or_default();
                    if text.contains("Logged in to") || text.contains("rror") {
                        break;
                    }
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let at = browser.current_url().await.map(|u| u.to_string());
            browser.close().await.unwrap();
            format!("{text}\n(at {at:?})")
        });
    assert!(
        page_text.contains("Logged in to") && page_text.contains("you can close this tab"),
        "the browser shows: {page_text}"
    );

    // login ends, printing the access token only.
    let start = Instant::now();
    let status = loop {
        if let Some(status) = login.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "login did not end"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut token = String::new();
    login
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut token)
        .unwrap();
    let stderr = stderr_lines.join().unwrap();
    assert_eq!(status.code(), Some(0), "login failed: {stderr}");
    let token = token.trim();
    s.run(&verify_args(&mock.url, &[token]))
        .code(0)
        .stdout_has("VALID")
        .stdout_has("auth0|");
}
