//! Browser test of the plans area in headless Chromium, with a real SMTP server on this
//! machine: a plan is drafted and adopted, the owner posts a progress update, a joint review
//! assesses the action, the late action is highlighted, and its owner's reminder reaches the
//! mail server. Runs when chromedriver is installed; with `KAFO_REQUIRE_BROWSER=1` a missing
//! browser fails it. (The browser and SMTP helpers are shared, in tests/common.)

mod common;

use common::browser::*;
use common::smtp::start_smtp;
use common::*;
use fantoccini::Locator;

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
    log_out(&c, &base).await;

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
    log_out(&c, &base).await;

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
    // The form posts and the page comes back: wait until the assessment is stored before
    // leaving the page, or the navigation would cut the post short.
    let mut saved = 0;
    for _ in 0..100 {
        saved = app
            .count(
                "SELECT COUNT(*) FROM plan_review_assessments WHERE comment = 'Relancer la radio'",
            )
            .await;
        if saved > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(saved > 0, "the assessment was never stored");
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

    // The follow-up pages on a 360 px phone: nothing wider than the screen.
    c.set_window_size(360, 780).await.expect("narrow window");
    let committee = id(&app, "SELECT MIN(id) FROM committees").await;
    let candidate = id(&app, "SELECT MIN(id) FROM candidates").await;
    let tour = [
        (
            "engagements",
            "/c/segou/engagements".to_owned(),
            "Engagements",
        ),
        ("reviews", "/c/segou/revues".to_owned(), "Revues"),
        ("results", "/c/segou/resultats".to_owned(), "Résultats"),
        (
            "candidates",
            format!("/c/segou/comites/{committee}/candidates"),
            "Fictive",
        ),
        (
            "candidate",
            format!("/c/segou/comites/{committee}/candidates/{candidate}"),
            "Consentement",
        ),
    ];
    for (name, path, expected) in tour {
        c.goto(&format!("{base}{path}")).await.expect("goto");
        wait_for(&c, expected).await;
        assert_fits(&c, name).await;
        screenshot(&c, &format!("narrow-{name}")).await;
    }
    log_out(&c, &base).await;
    log_in(&c, &base, ADMIN, "Administratrice Kafo").await;
    c.goto(&format!("{base}/admin/journal"))
        .await
        .expect("goto");
    wait_for(&c, "Journal").await;
    assert_fits(&c, "journal").await;
    screenshot(&c, "narrow-journal").await;
    // The admin's account page, looking for a directory person to link.
    let account = id(
        &app,
        "SELECT id FROM users WHERE email = 'noyau.segou@kafo.test'",
    )
    .await;
    c.goto(&format!("{base}/admin/comptes/{account}?personne=Traor"))
        .await
        .expect("goto");
    wait_for(&c, "Aminata Démo Traoré").await;
    assert_fits(&c, "account").await;
    screenshot(&c, "narrow-account").await;
    c.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}
