//! Browser tests in headless Chromium: the public page, login, adding an organisation and a
//! person, the language switch. They run when chromedriver is installed; with
//! `KAFO_REQUIRE_BROWSER=1` (set by .ci/run) a missing browser fails the suite.

mod common;

use common::browser::*;
use common::*;
use fantoccini::Locator;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_share_a_resource_solve_a_question_and_find_both() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let app = TestApp::with_demo().await;
    let base = serve(&app).await;
    let profile = std::env::temp_dir().join(format!("kafo-chromium-{port}"));
    let c = browser(port, &profile).await;

    // A member publishes a guide with a PDF chosen from the phone's files.
    log_in(&c, &base, SEGOU_MEMBER, "Démo").await;
    c.goto(&format!("{base}/c/segou/bibliotheque"))
        .await
        .expect("goto");
    c.find(Locator::LinkText("Publier une ressource"))
        .await
        .expect("publish")
        .click()
        .await
        .expect("click");
    wait_for(&c, "Qui peut voir").await;
    let pdf = {
        use printpdf::{BuiltinFont, Mm, PdfDocument};
        let (doc, page, layer) = PdfDocument::new("Guide", Mm(210.0), Mm(297.0), "1");
        let font = doc.add_builtin_font(BuiltinFont::Helvetica).expect("font");
        doc.get_page(page).get_layer(layer).use_text(
            "Les etapes de la mediation familiale avec les chefs de quartier",
            12.0,
            Mm(20.0),
            Mm(270.0),
            &font,
        );
        doc.save_to_bytes().expect("pdf")
    };
    let pdf_path = profile.with_extension("guide-mediation.pdf");
    std::fs::write(&pdf_path, pdf).expect("pdf file");
    c.execute(
        "document.getElementById('f-kind').value = 'guide';
         document.getElementById('f-visibility').value = 'public';",
        vec![],
    )
    .await
    .expect("choices");
    fill(
        &c,
        "#f-title",
        "Guide de la médiation familiale (navigateur)",
    )
    .await;
    c.find(Locator::Css("#f-file"))
        .await
        .expect("file input")
        .send_keys(pdf_path.to_str().expect("path"))
        .await
        .expect("choose file");
    fill(&c, "#f-body", "Pour les **familles** en conflit.").await;
    screenshot(&c, "library-form").await;
    c.find(Locator::Css("form.card button"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    let page = wait_for(&c, "Télécharger").await;
    assert!(page.contains("PDF,"), "{page}");
    screenshot(&c, "resource-page").await;

    // The same member asks the network a question.
    c.goto(&format!("{base}/c/segou/questions/nouvelle"))
        .await
        .expect("goto");
    fill(
        &c,
        "#f-title",
        "Comment réussir une médiation entre deux familles ?",
    )
    .await;
    fill(
        &c,
        "#f-body",
        "Une jeune fille veut rester à l’école, sa famille veut la marier.",
    )
    .await;
    click_button(&c, "Publier la question").await;
    wait_for(&c, "Pas encore de réponse").await;
    let question = c.current_url().await.expect("url").to_string();
    log_out(&c, &base).await;

    // The expert answers it.
    log_in(&c, &base, EXPERT, "Démo").await;
    c.goto(&question).await.expect("goto");
    fill(
        &c,
        "#f-body",
        "Réunir les deux familles avec un leader religieux et la mairie ; s’appuyer sur le guide de la bibliothèque.",
    )
    .await;
    // The expert reads Kafo in English.
    c.find(Locator::Css("form[action$='/reponses'] button"))
        .await
        .expect("answer button")
        .click()
        .await
        .expect("click");
    wait_for(&c, "1 answer").await;
    log_out(&c, &base).await;

    // The asker marks the solution.
    log_in(&c, &base, SEGOU_MEMBER, "Démo").await;
    c.goto(&question).await.expect("goto");
    click_button(&c, "C’est la solution").await;
    wait_for(&c, "Cette réponse a résolu le problème").await;
    screenshot(&c, "question-solved").await;

    // Both are found from the search box, typed without accents and in the plural.
    let search = c
        .find(Locator::Css("header input[name=q]"))
        .await
        .expect("search box");
    search
        .send_keys(&format!(
            "mediations familles{}",
            fantoccini::key::Key::Enter
        ))
        .await
        .expect("type");
    let results = wait_for(&c, "Guide de la médiation familiale").await;
    assert!(
        results.contains("Comment réussir une médiation entre deux familles ?"),
        "{results}"
    );
    let marks = c
        .find_all(Locator::Css("ol.results mark"))
        .await
        .expect("marks");
    assert!(!marks.is_empty(), "the matches are highlighted");
    screenshot(&c, "search-results").await;
    c.close().await.expect("close");
    let _ = std::fs::remove_file(pdf_path);
    let _ = std::fs::remove_dir_all(profile);
}
