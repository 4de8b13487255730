//! Browser test of the plans area in headless Chromium, with a real SMTP server on this
//! machine: a plan is drafted and adopted, the owner posts a progress update, a joint review
//! assesses the action, the late action is highlighted, and its owner's reminder reaches the
//! mail server. Runs when chromedriver is installed; with `KAFO_REQUIRE_BROWSER=1` a missing
//! browser fails it. (Its own file, with the few helpers of tests/browser.rs it needs, so that
//! the two areas' branches merge without touching each other's tests.)

mod common;

use common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use mailin_embedded::{Handler, Response, Server, response};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
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
        eprintln!("SKIPPED browser test: chromedriver not installed");
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
    panic!("chromedriver did not answer");
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

async fn click_button(c: &Client, text: &str) {
    c.find(Locator::XPath(&format!(
        "//main//button[normalize-space()='{text}']"
    )))
    .await
    .expect(text)
    .click()
    .await
    .expect("click");
}

async fn log_in(c: &Client, base: &str, who: (&str, &str), name: &str) {
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

async fn log_out(c: &Client) {
    c.find(Locator::Css("header nav form button"))
        .await
        .expect("logout")
        .click()
        .await
        .expect("click");
    c.wait()
        .for_element(Locator::Css("header nav a[href^='/connexion']"))
        .await
        .expect("logged out");
}

#[derive(Clone, Default)]
struct Inbox {
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    current: Vec<u8>,
}

impl Handler for Inbox {
    fn data_start(&mut self, _: &str, _: &str, _: bool, _: &[String]) -> Response {
        self.current.clear();
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        if let Ok(mut r) = self.received.lock() {
            r.push(std::mem::take(&mut self.current));
        }
        response::OK
    }
}

fn start_smtp(port: u16) -> Arc<Mutex<Vec<Vec<u8>>>> {
    let inbox = Inbox::default();
    let received = inbox.received.clone();
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind smtp");
    let mut server = Server::new(inbox);
    server
        .with_name("smtp.test")
        .with_ssl(mailin_embedded::SslConfig::None)
        .expect("no tls")
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    received
}

async fn id(app: &TestApp, sql: &'static str) -> i64 {
    app.state
        .db
        .run(move |c| Ok(c.scalar::<i64>(sql, &[])?))
        .await
        .expect("id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_is_followed_jointly_and_the_late_owner_is_reminded_by_mail() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let app = TestApp::with_demo().await;
    let base = serve(&app).await;
    let smtp_port = free_port();
    let inbox = start_smtp(smtp_port);
    let profile = std::env::temp_dir().join(format!("kafo-chromium-plans-{port}"));
    let c = browser(port, &profile).await;

    // The coordinator drafts a plan with one objective.
    log_in(&c, &base, SEGOU_COORD, "Aminata Démo Traoré").await;
    c.goto(&format!("{base}/c/segou/plans"))
        .await
        .expect("goto");
    c.find(Locator::LinkText("Nouveau plan"))
        .await
        .expect("new plan")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Type de plan").await;
    fill(&c, "#f-title", "Plan du navigateur").await;
    c.execute(
        "document.getElementById('f-starts_on').value = '2024-01-01';
         document.getElementById('f-ends_on').value = '2027-12-31';",
        vec![],
    )
    .await
    .expect("dates");
    fill(&c, "#f-objectives", "Informer les élues sur la loi 052").await;
    click_button(&c, "Enregistrer").await;
    wait_for(&c, "1. Informer les élues sur la loi 052").await;

    // An action owned by RJFL, due in 2025: late from the start.
    c.find(Locator::LinkText("Ajouter une action"))
        .await
        .expect("add action")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Organisation responsable").await;
    let rjfl = id(&app, "SELECT id FROM organisations WHERE acronym = 'RJFL'").await;
    fill(&c, "#f-title", "Causerie radio du navigateur").await;
    c.execute(
        &format!(
            "document.getElementById('f-owner').value = '{rjfl}';
             document.getElementById('f-due_on').value = '2025-03-31';"
        ),
        vec![],
    )
    .await
    .expect("owner and date");
    click_button(&c, "Enregistrer").await;
    wait_for(&c, "Causerie radio du navigateur").await;
    let badge = c
        .find(Locator::Css("li.is-late strong.late"))
        .await
        .expect("the late action is highlighted");
    assert_eq!(badge.text().await.expect("text"), "En retard");

    // Adopted at today's date.
    c.find(Locator::LinkText("Adopter le plan"))
        .await
        .expect("adopt")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Date de la décision").await;
    click_button(&c, "Adopter le plan").await;
    wait_for(&c, "version adoptée le").await;
    let plan = id(
        &app,
        "SELECT id FROM plans WHERE title = 'Plan du navigateur'",
    )
    .await;
    let action = id(
        &app,
        "SELECT id FROM plan_actions WHERE title = 'Causerie radio du navigateur'",
    )
    .await;
    log_out(&c).await;

    // The owner (a member whose person works at RJFL) posts a progress update.
    log_in(&c, &base, SEGOU_MEMBER, "Fatoumata Démo Koné").await;
    c.goto(&format!("{base}/c/segou/plans/{plan}/actions/{action}"))
        .await
        .expect("goto");
    wait_for(&c, "Nouveau point d’avancement").await;
    fill(&c, "#f-progress", "30").await;
    fill(&c, "#f-note", "Une causerie enregistrée, deux à venir").await;
    click_button(&c, "Enregistrer").await;
    wait_for(&c, "Une causerie enregistrée, deux à venir").await;
    log_out(&c).await;

    // The joint review with Kayes assesses the action.
    log_in(&c, &base, SEGOU_COORD, "Aminata Démo Traoré").await;
    c.goto(&format!("{base}/c/segou/revues/nouvelle"))
        .await
        .expect("goto");
    wait_for(&c, "Plans suivis").await;
    fill(&c, "#f-title", "Revue du navigateur").await;
    c.find(Locator::Css("input[name=communities]"))
        .await
        .expect("Kayes")
        .click()
        .await
        .expect("tick");
    c.find(Locator::Css(&format!("input[name=plans][value='{plan}']")))
        .await
        .expect("the plan")
        .click()
        .await
        .expect("tick");
    click_button(&c, "Enregistrer").await;
    wait_for(&c, "Revue du navigateur").await;
    c.execute(
        &format!("document.getElementById('s{action}').value = 'late';"),
        vec![],
    )
    .await
    .expect("assessment");
    c.find(Locator::Css("input[name=comment]"))
        .await
        .expect("comment")
        .send_keys("Relancer la radio")
        .await
        .expect("type");
    click_button(&c, "Enregistrer").await;
    c.goto(&format!("{base}/c/segou/plans/{plan}"))
        .await
        .expect("goto");
    let text = wait_for(&c, "Revue « Revue du navigateur »").await;
    assert!(text.contains("En retard — Relancer la radio"), "{text}");
    c.find(Locator::Css("li.is-late strong.late"))
        .await
        .expect("still highlighted as late");

    // The reminder job writes to the outbox; the mail worker hands it to the SMTP server.
    let db = app.state.db.clone();
    let queued = db
        .tx(move |c| {
            Ok(kafo::plans::reminders::enqueue(
                c,
                kafo::clock::now(),
                &kafo::plans::queries::today(),
                "https://kafo.test",
            )?)
        })
        .await
        .expect("reminders");
    assert!(queued > 0);
    let db = app.state.db.clone();
    let config = kafo::mail::MailConfig {
        smtp_url: format!("smtp://127.0.0.1:{smtp_port}"),
        from: "Kafo <kafo@kafo.test>".into(),
    };
    let (sent, failed) = tokio::task::spawn_blocking(move || {
        kafo::mail::deliver_due(&db, &config, kafo::clock::now())
    })
    .await
    .expect("blocking")
    .expect("deliver");
    assert_eq!(failed, 0);
    assert!(sent >= 1);
    let mails = inbox.lock().expect("inbox").clone();
    let found = mails.iter().any(|raw| {
        let m = mailparse::parse_mail(raw).expect("a mail");
        let subject = m
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case("Subject"))
            .map(|h| h.get_value())
            .unwrap_or_default();
        let to = m
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case("To"))
            .map(|h| h.get_value())
            .unwrap_or_default();
        let body = m.get_body().unwrap_or_default();
        subject.contains("Causerie radio du navigateur")
            && to.contains("membre.segou@kafo.test")
            && body.contains(&format!("/c/segou/plans/{plan}/actions/{action}"))
    });
    assert!(found, "the owner's reminder reached the mail server");
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}
