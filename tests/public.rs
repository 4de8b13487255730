//! What anyone sees without logging in, in French and in English.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn home_lists_the_public_communities() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let res = c.get("/").await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("Communauté de pratique de Ségou");
    res.assert_contains("Communauté de pratique de Kayes");
    res.assert_contains("9 organisations membres");
    res.assert_contains("lang=\"fr\"");
}

#[tokio::test]
async fn segou_page_tells_the_seed_story_from_the_data() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let res = c.get("/c/segou").await;
    assert_eq!(res.status, StatusCode::OK);
    for text in [
        "créée en février 2021",
        "projet VLF-Musoya",
        "Organisation lead",
        "(APROFEM)",
        "Accompagnée par : Direction Régionale de la Promotion de la Femme, de l’Enfant et de la Famille de Ségou",
        "Mieux cerner les problèmes",
        "Rencontre semestrielle en présentiel",
        "Réunion du noyau",
        "Partage d’expériences entre organisations membres",
        "Exposé sur un thème par un expert",
        "Communauté de pratique de Kayes",
        "Communautés sœurs",
        "Radio Démo Kafo FM",
    ] {
        res.assert_contains(text);
    }
    // People are never listed publicly.
    assert!(!res.body.contains("Aminata Démo Traoré"));
    assert!(!res.body.contains("/personnes\""));
}

#[tokio::test]
async fn community_page_comes_from_the_database() {
    let app = TestApp::with_demo().await;
    app.state
        .db
        .tx(|c| {
            c.execute(
                "UPDATE communities SET name = 'CdP Ségou (renommée)' WHERE slug = 'segou'",
                &[],
            )?;
            Ok(())
        })
        .await
        .expect("update");
    let res = app.client().get("/c/segou").await;
    res.assert_contains("CdP Ségou (renommée)");
}

#[tokio::test]
async fn english_is_switched_and_remembered() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let res = c.get("/langue/en?retour=/c/segou").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/c/segou");
    let res = c.get("/c/segou").await;
    res.assert_contains("lang=\"en\"");
    res.assert_contains("founded in February 2021");
    res.assert_contains("Lead organisation");
    res.assert_contains("9 member organisations");
    // The cookie keeps it on the next page.
    let res = c.get("/").await;
    res.assert_contains("Communities of practice");
    // And back to French.
    c.get("/langue/fr?retour=/").await;
    c.get("/").await.assert_contains("Communautés de pratique");
}

#[tokio::test]
async fn browser_language_is_the_default_and_bambara_falls_back_to_french() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.headers
        .push(("accept-language".into(), "en-US,en;q=0.8".into()));
    c.get("/").await.assert_contains("lang=\"en\"");
    let mut b = app.client();
    b.get("/langue/bm").await;
    let res = b.get("/c/segou").await;
    res.assert_contains("lang=\"bm\"");
    res.assert_contains("feburuye 2021");
    res.assert_contains("Organisation lead");
}

#[tokio::test]
async fn the_language_switch_never_redirects_off_site() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    for target in ["https://evil.test/", "//evil.test", "/\\evil.test"] {
        let res = c.get(&format!("/langue/en?retour={target}")).await;
        assert_eq!(res.location(), "/", "{target}");
    }
}

#[tokio::test]
async fn unknown_pages_are_localised_404s() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let res = c.get("/c/nowhere").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    res.assert_contains("Cette page n’existe pas");
    let res = c.get("/c/segou/organisations/999999").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = c.get("/c/segou/organisations/not-a-number").await;
    assert!(res.status.is_client_error());
    res.assert_contains("<html");
    c.get("/langue/en").await;
    let res = c.get("/nothing-here").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    res.assert_contains("This page does not exist");
}

#[tokio::test]
async fn a_private_community_is_invisible_to_outsiders() {
    let app = TestApp::with_demo().await;
    app.state
        .db
        .tx(|c| {
            c.execute(
                "UPDATE communities SET is_public = FALSE WHERE slug = 'kayes'",
                &[],
            )?;
            Ok(())
        })
        .await
        .expect("update");
    let mut anon = app.client();
    assert_eq!(anon.get("/c/kayes").await.status, StatusCode::NOT_FOUND);
    assert!(!anon.get("/").await.body.contains("Kayes</a>"));
    let mut segou_member = app.login(SEGOU_MEMBER).await;
    assert_eq!(
        segou_member.get("/c/kayes").await.status,
        StatusCode::NOT_FOUND
    );
    let mut kayes = app.login(KAYES_COORD).await;
    assert_eq!(kayes.get("/c/kayes").await.status, StatusCode::OK);
}

#[tokio::test]
async fn public_directory_hides_contacts_and_people() {
    let app = TestApp::with_demo().await;
    let mut anon = app.client();
    let list = anon.get("/c/segou/organisations").await;
    assert_eq!(list.status, StatusCode::OK);
    list.assert_contains("Association Démo des Femmes de Markala");
    let org = anon.get("/c/segou/organisations/3").await;
    assert_eq!(org.status, StatusCode::OK);
    assert!(!org.body.contains("contact@adfm-demo.test"));
    let people = anon.get("/c/segou/personnes").await;
    assert_eq!(people.status, StatusCode::SEE_OTHER);
    assert!(people.location().starts_with("/connexion"));
}

#[tokio::test]
async fn health_and_stylesheet() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let res = c.get("/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, "ok");
    let css = c.get("/static/kafo.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains("--accent"));
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = TestApp::with_demo().await;
    let res = app.client().get("/c/segou").await;
    let csp = res.headers["content-security-policy"]
        .to_str()
        .expect("csp");
    assert!(csp.contains("script-src 'none'"));
    assert_eq!(res.headers["x-content-type-options"], "nosniff");
    assert_eq!(res.headers["x-frame-options"], "DENY");
}
