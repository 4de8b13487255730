//! Browser tests in headless Chromium: the public page, login, adding an organisation and a
//! person, the language switch. They run when chromedriver is installed; with
//! `KAFO_REQUIRE_BROWSER=1` (set by .ci/run) a missing browser fails the suite.

mod common;

use common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts chromedriver, or says why not.
fn start_driver() -> Option<(Driver, u16)> {
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

async fn browser(port: u16, profile: &std::path::Path) -> Client {
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

async fn serve(app: &TestApp) -> String {
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

async fn fill(c: &Client, css: &str, value: &str) {
    let el = c.find(Locator::Css(css)).await.expect(css);
    el.clear().await.expect("clear");
    el.send_keys(value).await.expect("type");
}

/// The page's text once it shows `needle` (pages load after a click: wait, up to 10 s).
async fn wait_for(c: &Client, needle: &str) -> String {
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

async fn screenshot(c: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("dir");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_works_in_the_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let app = TestApp::with_demo().await;
    let base = serve(&app).await;
    let profile = std::env::temp_dir().join(format!("kafo-chromium-{port}"));
    let c = browser(port, &profile).await;

    // The public page of Ségou.
    c.goto(&format!("{base}/c/segou")).await.expect("goto");
    let body = wait_for(&c, "créée en février 2021").await;
    assert!(body.contains("Communauté de pratique de Ségou"));
    assert!(body.contains("APROFEM"));
    screenshot(&c, "community-segou").await;

    // The language switch, and back.
    c.find(Locator::LinkText("English"))
        .await
        .expect("switch")
        .click()
        .await
        .expect("click");
    wait_for(&c, "founded in February 2021").await;
    assert_eq!(c.current_url().await.expect("url").path(), "/c/segou");
    c.find(Locator::LinkText("Français"))
        .await
        .expect("switch")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Mode de fonctionnement").await;

    // Login.
    c.find(Locator::LinkText("Se connecter"))
        .await
        .expect("login link")
        .click()
        .await
        .expect("click");
    fill(&c, "#f-email", SEGOU_COORD.0).await;
    fill(&c, "#f-password", SEGOU_COORD.1).await;
    c.find(Locator::Css("form.card button"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Aminata Démo Traoré").await;
    assert_eq!(c.current_url().await.expect("url").path(), "/c/segou");

    // Add an organisation.
    c.goto(&format!("{base}/c/segou/organisations/nouvelle"))
        .await
        .expect("goto");
    fill(&c, "#f-name", "Association Démo Navigateur").await;
    fill(&c, "#f-commune", "Markala").await;
    c.find(Locator::Css("input[name=themes]"))
        .await
        .expect("theme")
        .click()
        .await
        .expect("tick");
    screenshot(&c, "organisation-form").await;
    c.find(Locator::Css("form.card button"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Contact").await;
    wait_for(&c, "Association Démo Navigateur").await;
    let org_url = c.current_url().await.expect("url");
    assert!(org_url.path().starts_with("/c/segou/organisations/"));

    // A bad person form comes back with its message, then a good one saves.
    c.goto(&format!("{base}/c/segou/personnes/nouvelle"))
        .await
        .expect("goto");
    fill(&c, "#f-name", "Awa Démo Navigatrice").await;
    fill(&c, "#f-email", "pas-une-adresse").await;
    // The browser's own checks would stop an invalid email; the server's message is what counts.
    c.execute(
        "document.querySelector('form.card').noValidate = true",
        vec![],
    )
    .await
    .expect("js");
    c.find(Locator::Css("input[name=sex][value=F]"))
        .await
        .expect("sex")
        .click()
        .await
        .expect("click");
    c.find(Locator::Css("form.card button"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Adresse e-mail invalide.").await;
    fill(&c, "#f-email", "awa@demo.test").await;
    c.find(Locator::Css("form.card button"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    let body = wait_for(&c, "awa@demo.test").await;
    assert!(body.contains("Awa Démo Navigatrice"), "{body}");
    assert!(body.contains("awa@demo.test"));

    // The directory finds her.
    c.goto(&format!("{base}/c/segou/personnes?q=navigatrice"))
        .await
        .expect("goto");
    wait_for(&c, "1 personne").await;
    screenshot(&c, "people-directory").await;

    // Logout.
    c.find(Locator::Css("header form button"))
        .await
        .expect("logout")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Se connecter").await;
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_plans_an_activity_and_records_attendance() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let app = TestApp::with_demo().await;
    let base = serve(&app).await;
    let profile = std::env::temp_dir().join(format!("kafo-chromium-{port}"));
    let c = browser(port, &profile).await;

    c.goto(&format!("{base}/connexion")).await.expect("goto");
    fill(&c, "#f-email", SEGOU_COORD.0).await;
    fill(&c, "#f-password", SEGOU_COORD.1).await;
    c.find(Locator::Css("form.card button"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Aminata Démo Traoré").await;

    // Plan a semi-annual meeting.
    c.goto(&format!("{base}/c/segou/activites"))
        .await
        .expect("goto");
    c.find(Locator::LinkText("Planifier une activité"))
        .await
        .expect("plan")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Ordre du jour").await;
    fill(&c, "#f-title", "Rencontre semestrielle du navigateur").await;
    // The date-and-time pickers take their value as the phone's picker would give it.
    c.execute(
        "document.getElementById('f-starts_at').value = '2027-06-10T09:00';
         document.getElementById('f-ends_at').value = '2027-06-10T16:00';",
        vec![],
    )
    .await
    .expect("dates");
    fill(&c, "#f-place", "Ségou").await;
    c.find(Locator::Css("form.card button"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    wait_for(&c, "10 juin 2027, 09:00 – 16:00").await;
    assert!(
        c.current_url()
            .await
            .expect("url")
            .path()
            .starts_with("/c/segou/activites/")
    );

    // Record two participants.
    c.find(Locator::LinkText("Feuille de présence"))
        .await
        .expect("sheet")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Ajouter une personne présente").await;
    for (name, sex) in [
        ("Awa Démo Navigatrice", "F"),
        ("Bakary Démo Navigateur", "M"),
    ] {
        fill(&c, "#f-name", name).await;
        c.find(Locator::Css(&format!("input[name=sex][value={sex}]")))
            .await
            .expect("sex")
            .click()
            .await
            .expect("click");
        c.find(Locator::Css("#saisie + form button"))
            .await
            .expect("add")
            .click()
            .await
            .expect("click");
        wait_for(&c, name).await;
    }
    let body = wait_for(&c, "2 participants").await;
    assert!(
        body.contains("1 femme") && body.contains("1 homme"),
        "{body}"
    );
    screenshot(&c, "attendance-sheet").await;

    // The activity page shows the figures computed from the sheet.
    c.find(Locator::Css("main > p:first-child a"))
        .await
        .expect("back")
        .click()
        .await
        .expect("click");
    let body = wait_for(&c, "En chiffres").await;
    assert!(body.contains("2 participants"), "{body}");
    screenshot(&c, "activity-page").await;
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}
