//! Headless Chromium for the browser tests: chromedriver, a session as a French-speaking
//! phone user, the application served on a free port, and the few gestures the tests make.
//! A missing chromedriver skips a test, except under `KAFO_REQUIRE_BROWSER=1` (CI), where it
//! fails it.

use super::{TestApp, free_port};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts chromedriver, or says why not.
pub fn start_driver() -> Option<(Driver, u16)> {
    let path = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(str::to_owned)
        .or_else(|| std::env::var("CHROMEDRIVER").ok());
    let Some(path) = path else {
        assert!(
            std::env::var("KAFO_REQUIRE_BROWSER").is_err(),
            "KAFO_REQUIRE_BROWSER is set but chromedriver is not installed"
        );
        eprintln!(
            "SKIPPED browser tests: chromedriver not installed (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    Some((Driver(child), port))
}

pub async fn browser(port: u16, profile: &std::path::Path) -> Client {
    let caps = json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            // A French-speaking user's browser.
            "prefs": { "intl.accept_languages": "fr-FR,fr" },
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                "--window-size=412,915", "--lang=fr-FR",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let caps = caps.as_object().cloned().expect("caps");
    for _ in 0..50 {
        match ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => return c,
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    panic!("could not start a browser session");
}

pub async fn serve(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    format!("http://{addr}")
}

pub async fn fill(c: &Client, css: &str, value: &str) {
    let el = c.find(Locator::Css(css)).await.expect(css);
    el.clear().await.expect("clear");
    el.send_keys(value).await.expect("type");
}

/// The page's text once it shows `needle` (pages load after a click: wait, up to 10 s).
pub async fn wait_for(c: &Client, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(body) = c.find(Locator::Css("body")).await
            && let Ok(t) = body.text().await
        {
            if t.contains(needle) {
                return t;
            }
            last = t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{needle:?} never showed; the page says:\n{last}");
}

pub async fn screenshot(c: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("dir");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write");
}

/// Logs in through the form (from any page) and waits for the account's name.
pub async fn log_in(c: &Client, base: &str, who: (&str, &str), name: &str) {
    c.goto(&format!("{base}/connexion")).await.expect("goto");
    fill(c, "#f-email", who.0).await;
    fill(c, "#f-password", who.1).await;
    c.find(Locator::Css("form.card button"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    wait_for(c, name).await;
}

/// Logs out, and leaves the browser in French for whoever logs in next.
pub async fn log_out(c: &Client, base: &str) {
    c.find(Locator::Css("header nav form button"))
        .await
        .expect("logout")
        .click()
        .await
        .expect("click");
    // Wait for the logged-out page (the login link, in whatever language) before switching.
    c.wait()
        .for_element(Locator::Css("header nav a[href^='/connexion']"))
        .await
        .expect("logged out");
    c.goto(&format!("{base}/langue/fr")).await.expect("goto");
    wait_for(c, "Se connecter").await;
}

pub async fn click_button(c: &Client, text: &str) {
    c.find(Locator::XPath(&format!(
        "//button[normalize-space()='{text}']"
    )))
    .await
    .expect(text)
    .click()
    .await
    .expect("click");
}

/// The page is no wider than the window: nothing to scroll sideways on a phone.
pub async fn assert_fits(c: &Client, name: &str) {
    let widths = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("widths");
    let w: Vec<i64> = serde_json::from_value(widths).expect("two numbers");
    assert!(
        w[0] <= w[1],
        "{name}: the page is {} px wide in a {} px window",
        w[0],
        w[1]
    );
}
