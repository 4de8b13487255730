//! Coordinators manage their community's organisations, people and memberships; members
//! read the directory; nobody reaches across communities.

mod common;

use axum::http::StatusCode;
use common::*;

async fn id_of(app: &TestApp, sql: &'static str) -> i64 {
    app.state
        .db
        .run(move |c| Ok(c.scalar(sql, &[])?))
        .await
        .expect("id")
}

#[tokio::test]
async fn coordinator_adds_an_organisation_and_a_person() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let theme = id_of(&app, "SELECT id FROM themes WHERE slug = 'loi-052'")
        .await
        .to_string();
    let res = coord
        .submit(
            "/c/segou/organisations/nouvelle",
            "/c/segou/organisations/nouvelle",
            &[
                ("name", "Association Démo Benkadi de Ségou"),
                ("acronym", "ADBS"),
                ("kind", "association"),
                ("commune", "Pelengana"),
                ("email", "benkadi@demo.test"),
                ("phone", "+223 76 00 00 00"),
                ("themes", &theme),
                ("role", "core"),
                ("since", "2024-03-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let org_page = res.location().to_owned();
    let page = coord.get(&org_page).await;
    page.assert_contains("Association Démo Benkadi de Ségou");
    page.assert_contains("membre depuis le 1er mars 2024");
    page.assert_contains("Loi 052");
    page.assert_contains("benkadi@demo.test");
    let org_id = org_page.rsplit('/').next().expect("id").to_owned();

    let res = coord
        .submit(
            "/c/segou/personnes/nouvelle",
            "/c/segou/personnes/nouvelle",
            &[
                ("name", "Assitan Démo Touré"),
                ("sex", "F"),
                ("organisation", &org_id),
                ("function", "Présidente"),
                ("expertise", "Plaidoyer pour la loi 052"),
                ("themes", &theme),
                ("role", "focal_point"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let person = coord.get(res.location()).await;
    person.assert_contains("Assitan Démo Touré");
    person.assert_contains("Point focal");
    // Found by the directory's filters, accents or not.
    let list = coord.get("/c/segou/personnes?q=assitan+toure&sex=F").await;
    list.assert_contains("Assitan Démo Touré");
    list.assert_contains("1 personne");
    let list = coord
        .get(&format!("/c/segou/organisations?theme={theme}&role=core"))
        .await;
    list.assert_contains("Association Démo Benkadi de Ségou");
    let list = coord.get("/c/segou/organisations?q=BENKADI").await;
    list.assert_contains("1 organisation membre");
}

#[tokio::test]
async fn bad_organisation_input_comes_back_with_messages_and_writes_nothing() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let before = app.count("SELECT COUNT(*) FROM organisations").await;
    let huge = "é".repeat(500_000); // 1 MB of text, 3 MB once form-encoded
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![("name", "   "), ("kind", "ngo"), ("role", "member")],
            "Ce champ est obligatoire.",
        ),
        (
            vec![("name", huge.as_str()), ("kind", "ngo"), ("role", "member")],
            "Trop long : 200 caractères au plus.",
        ),
        (
            vec![("name", "X"), ("kind", "spaceship"), ("role", "member")],
            "Choix invalide.",
        ),
        (
            vec![
                ("name", "X"),
                ("kind", "ngo"),
                ("role", "member"),
                ("since", "2024-02-31"),
            ],
            "Date invalide",
        ),
        (
            vec![
                ("name", "X"),
                ("kind", "ngo"),
                ("role", "member"),
                ("since", "1850-01-01"),
            ],
            "Date invalide",
        ),
        (
            vec![
                ("name", "X"),
                ("kind", "ngo"),
                ("role", "member"),
                ("since", "2024-05-01"),
                ("until", "2023-01-01"),
            ],
            "La date de fin est avant la date de début.",
        ),
        (
            vec![
                ("name", "X"),
                ("kind", "ngo"),
                ("role", "member"),
                ("email", "x@"),
            ],
            "Adresse e-mail invalide.",
        ),
        (
            vec![
                ("name", "X"),
                ("kind", "ngo"),
                ("role", "member"),
                ("phone", "<script>"),
            ],
            "Numéro de téléphone invalide.",
        ),
        (
            vec![
                ("name", "X"),
                ("kind", "ngo"),
                ("role", "member"),
                ("website", "javascript:alert(1)"),
            ],
            "https://",
        ),
        (
            vec![
                ("name", "X"),
                ("kind", "ngo"),
                ("role", "member"),
                ("themes", "999999"),
            ],
            "Choix invalide.",
        ),
        (
            vec![
                ("name", "radio démo KAFO fm"),
                ("kind", "ngo"),
                ("role", "member"),
            ],
            "Une organisation porte déjà ce nom.",
        ),
        (
            vec![
                (
                    "name",
                    "Association pour la Promotion de la Femme et de l'Enfant au Mali",
                ),
                ("kind", "ngo"),
                ("role", "member"),
            ],
            "Une organisation porte déjà ce nom.",
        ),
    ];
    for (fields, message) in cases {
        let res = coord
            .submit(
                "/c/segou/organisations/nouvelle",
                "/c/segou/organisations/nouvelle",
                &fields,
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        res.assert_contains(message);
        res.assert_contains("rien n’a été enregistré");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM organisations").await,
        before
    );
    // The same in English.
    coord.get("/langue/en").await;
    let res = coord
        .submit(
            "/c/segou/organisations/nouvelle",
            "/c/segou/organisations/nouvelle",
            &[("name", ""), ("kind", "ngo"), ("role", "member")],
        )
        .await;
    res.assert_contains("This field is required.");
}

#[tokio::test]
async fn a_kayes_coordinator_cannot_touch_segou_even_with_a_forged_form() {
    let app = TestApp::with_demo().await;
    let mut kayes = app.login(KAYES_COORD).await;
    let aprofem = id_of(
        &app,
        "SELECT id FROM organisations WHERE acronym = 'APROFEM'",
    )
    .await;
    let markala = id_of(&app, "SELECT id FROM organisations WHERE acronym = 'ADFM'").await;
    // Forms of Ségou are closed to Kayes.
    for path in [
        "/c/segou/modifier".to_owned(),
        "/c/segou/organisations/nouvelle".to_owned(),
        format!("/c/segou/organisations/{markala}/modifier"),
        "/c/segou/personnes/nouvelle".to_owned(),
    ] {
        assert_eq!(
            kayes.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // A forged post with Kayes's own valid token.
    let token = kayes.get("/c/kayes/organisations/nouvelle").await.csrf();
    let res = kayes
        .post_raw(
            &format!("/c/segou/organisations/{markala}/modifier"),
            &[
                ("csrf", &token),
                ("name", "Piratée"),
                ("kind", "ngo"),
                ("role", "lead"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Through Kayes's own URL, Ségou's organisation is simply not there.
    let res = kayes
        .post_raw(
            &format!("/c/kayes/organisations/{markala}/modifier"),
            &[
                ("csrf", &token),
                ("name", "Piratée"),
                ("kind", "ngo"),
                ("role", "lead"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // APROFEM is a partner in Kayes: Kayes may edit its membership there, not its Ségou role.
    let segou_people = id_of(
        &app,
        "SELECT id FROM people WHERE name = 'Oumou Démo Sangaré'",
    )
    .await;
    assert_eq!(
        kayes
            .get(&format!("/c/kayes/personnes/{segou_people}/modifier"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let res = kayes
        .post_raw(
            "/c/kayes/personnes/nouvelle",
            &[
                ("csrf", &token),
                ("name", "Intruse"),
                ("sex", "F"),
                ("organisation", &markala.to_string()),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Cette organisation n’est pas membre de la communauté.");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM organisations WHERE name = 'Piratée'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE name = 'Intruse'")
            .await,
        0
    );
    let role: String = app
        .state
        .db
        .run(move |c| {
            Ok(c.scalar(
                "SELECT m.role FROM memberships m JOIN communities c ON c.id = m.community_id WHERE c.slug = 'segou' AND m.organisation_id = $1",
                kafo::params![aprofem],
            )?)
        })
        .await
        .expect("role");
    assert_eq!(role, "lead");
}

#[tokio::test]
async fn members_read_the_people_directory_but_cannot_edit() {
    let app = TestApp::with_demo().await;
    for who in [SEGOU_MEMBER, SEGOU_CORE, SEGOU_OBSERVER, EXPERT] {
        let mut c = app.login(who).await;
        let res = c.get("/c/segou/personnes").await;
        assert_eq!(res.status, StatusCode::OK, "{}", who.0);
        res.assert_contains("Kadiatou Démo Diarra");
        assert_eq!(
            c.get("/c/segou/personnes/nouvelle").await.status,
            StatusCode::FORBIDDEN
        );
        assert!(!res.body.contains("/personnes/nouvelle"));
    }
    // A Kayes-only coordinator is not a member of Ségou.
    let mut kayes = app.login(KAYES_COORD).await;
    assert_eq!(
        kayes.get("/c/segou/personnes").await.status,
        StatusCode::FORBIDDEN
    );
    // Contacts show to members only.
    let markala = id_of(&app, "SELECT id FROM organisations WHERE acronym = 'ADFM'").await;
    let mut member = app.login(SEGOU_MEMBER).await;
    member
        .get(&format!("/c/segou/organisations/{markala}"))
        .await
        .assert_contains("contact@adfm-demo.test");
}

#[tokio::test]
async fn memberships_add_existing_organisations_once() {
    let app = TestApp::with_demo().await;
    let mut kayes = app.login(KAYES_COORD).await;
    let radio = id_of(
        &app,
        "SELECT id FROM organisations WHERE name = 'Radio Démo Kafo FM'",
    )
    .await
    .to_string();
    let search = kayes.get("/c/kayes/membres/ajouter?q=radio").await;
    search.assert_contains("Radio Démo Kafo FM");
    let res = kayes
        .submit(
            "/c/kayes/membres/ajouter",
            "/c/kayes/membres/ajouter",
            &[
                ("organisation", &radio),
                ("role", "member"),
                ("since", "2025-01-15"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = kayes
        .submit(
            "/c/kayes/membres/ajouter",
            "/c/kayes/membres/ajouter",
            &[("organisation", &radio), ("role", "member")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("déjà membre");
    let res = kayes
        .submit(
            "/c/kayes/membres/ajouter",
            "/c/kayes/membres/ajouter",
            &[("organisation", "987654"), ("role", "member")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE o.name = 'Radio Démo Kafo FM'").await,
        2
    );
    // Removing the membership leaves the organisation in Ségou.
    let page = format!("/c/kayes/organisations/{radio}");
    let res = kayes.submit(&page, &format!("{page}/retirer"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(kayes.get(&page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.client()
            .get(&format!("/c/segou/organisations/{radio}"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn duplicate_people_are_refused() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let aprofem = id_of(
        &app,
        "SELECT id FROM organisations WHERE acronym = 'APROFEM'",
    )
    .await
    .to_string();
    let res = coord
        .submit(
            "/c/segou/personnes/nouvelle",
            "/c/segou/personnes/nouvelle",
            &[
                ("name", "aminata démo traore"),
                ("sex", "F"),
                ("organisation", &aprofem),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("déjà enregistrée");
    let res = coord
        .submit(
            "/c/segou/personnes/nouvelle",
            "/c/segou/personnes/nouvelle",
            &[("name", "Sans Sexe"), ("sex", "X"), ("role", "member")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn coordinator_edits_the_community_and_an_organisation() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let form = coord.get("/c/segou/modifier").await;
    form.assert_contains("VLF-Musoya");
    let res = coord
        .submit(
            "/c/segou/modifier",
            "/c/segou/modifier",
            &[
                ("name", "Communauté de pratique de Ségou"),
                ("region", "Ségou"),
                ("founded_on", "2021-02-01"),
                ("project", "VLF-Musoya"),
                ("description", "Nouvelle description."),
                ("objectives", "Objectif un\nObjectif deux"),
                ("ways_of_working", "Rencontre semestrielle"),
                ("is_public", "on"),
                ("directory_public", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.client().get("/c/segou").await;
    page.assert_contains("Nouvelle description.");
    page.assert_contains("<li>Objectif deux</li>");
    let res = coord
        .submit(
            "/c/segou/modifier",
            "/c/segou/modifier",
            &[
                ("name", "Ségou"),
                ("region", "Ségou"),
                ("founded_on", "2999-01-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Directory made private: the public loses the list, members keep it.
    coord
        .submit(
            "/c/segou/modifier",
            "/c/segou/modifier",
            &[
                ("name", "Communauté de pratique de Ségou"),
                ("region", "Ségou"),
                ("is_public", "on"),
            ],
        )
        .await;
    let page = app.client().get("/c/segou").await;
    page.assert_contains("réservé à ses membres");
    assert!(!page.body.contains("Radio Démo Kafo FM"));
    assert_eq!(
        app.client().get("/c/segou/organisations").await.status,
        StatusCode::SEE_OTHER
    );
    coord
        .get("/c/segou")
        .await
        .assert_contains("Radio Démo Kafo FM");
}

#[tokio::test]
async fn directory_lists_are_paginated() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let page = coord.get("/c/segou/organisations/nouvelle").await;
    let csrf = page.csrf();
    for i in 0..30 {
        let name = format!("Organisation Démo Pagination {i:02}");
        let res = coord
            .post_raw(
                "/c/segou/organisations/nouvelle",
                &[
                    ("csrf", &csrf),
                    ("name", &name),
                    ("kind", "association"),
                    ("role", "member"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
    }
    let first = coord.get("/c/segou/organisations?kind=association").await;
    first.assert_contains("Page 1 sur 2");
    first.assert_contains("?kind=association&#38;page=2");
    let second = coord
        .get("/c/segou/organisations?kind=association&page=2")
        .await;
    second.assert_contains("Page 2 sur 2");
    second.assert_contains("Organisation Démo Pagination 29");
    assert!(!second.body.contains("Pagination 00"));
}

#[tokio::test]
async fn themes_are_managed_by_coordinators() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let res = member
        .submit(
            "/themes",
            "/themes",
            &[
                ("name_fr", "Éducation des filles"),
                ("name_en", "Girls’ education"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut coord = app.login(KAYES_COORD).await;
    let res = coord
        .submit(
            "/themes",
            "/themes",
            &[
                ("name_fr", "Éducation des filles"),
                ("name_en", "Girls’ education"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = coord
        .submit(
            "/themes",
            "/themes",
            &[("name_fr", "education des FILLES"), ("name_en", "x")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Ce thème existe déjà.");
    app.client()
        .get("/themes")
        .await
        .assert_contains("Éducation des filles");
}

#[tokio::test]
async fn past_the_last_page_the_total_is_still_right() {
    let app = TestApp::with_demo().await;
    let mut anon = app.client();
    let res = anon.get("/c/segou/organisations?page=7").await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("9 organisations membres");
    let mut member = app.login(SEGOU_MEMBER).await;
    member
        .get("/c/segou/personnes?page=3")
        .await
        .assert_contains("7 personnes");
}

#[tokio::test]
async fn a_renamed_person_is_listed_under_the_new_name_everywhere() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let id = id_of(
        &app,
        "SELECT id FROM people WHERE name = 'Kadiatou Démo Diarra'",
    )
    .await;
    let org = id_of(
        &app,
        "SELECT organisation_id FROM people WHERE name = 'Kadiatou Démo Diarra'",
    )
    .await;
    // She is listed in Ségou and in Kayes; the list pages were read (and cached) before.
    coord
        .get("/c/segou/personnes")
        .await
        .assert_contains("Kadiatou Démo Diarra");
    let page = format!("/c/segou/personnes/{id}/modifier");
    let res = coord
        .submit(
            &page,
            &page,
            &[
                ("name", "Kadiatou Démo Diarra-Sow"),
                ("sex", "F"),
                ("organisation", &org.to_string()),
                ("role", "expert"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    coord
        .get("/c/segou/personnes?q=diarra-sow")
        .await
        .assert_contains("Kadiatou Démo Diarra-Sow");
    let mut kayes = app.login(KAYES_COORD).await;
    kayes
        .get("/c/kayes/personnes?q=sow")
        .await
        .assert_contains("Kadiatou Démo Diarra-Sow");
}
