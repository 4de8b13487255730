//! Plans and follow-up through HTTP: plans, actions, adoption and revision, progress
//! updates, the late rule, commitments, joint reviews, reminders and who may do what.

mod common;

use axum::http::StatusCode;
use common::*;

async fn scalar(app: &TestApp, sql: String) -> i64 {
    app.state
        .db
        .run(move |c| Ok(c.scalar::<i64>(&sql, &[])?))
        .await
        .expect("scalar")
}

async fn exec(app: &TestApp, sql: String) {
    app.state
        .db
        .tx(move |c| {
            c.batch(&sql)?;
            Ok(())
        })
        .await
        .expect("exec")
}

fn id_in(location: &str) -> i64 {
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an id at the end of {location:?}"))
}

async fn org(app: &TestApp, acronym: &str) -> String {
    scalar(
        app,
        format!("SELECT id FROM organisations WHERE acronym = '{acronym}'"),
    )
    .await
    .to_string()
}

/// A draft plan of Ségou, made through the form by the coordinator; returns its id.
async fn draft_plan(coord: &mut Client, title: &str) -> i64 {
    let res = coord
        .submit(
            "/c/segou/plans/nouveau",
            "/c/segou/plans/nouveau",
            &[
                ("kind", "action"),
                ("title", title),
                ("summary", "Plan d’essai"),
                ("starts_on", "2024-01-01"),
                ("ends_on", "2027-12-31"),
                ("objectives", "Informer les élues\nFormer les relais"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    id_in(res.location())
}

async fn first_objective(app: &TestApp, plan: i64) -> String {
    scalar(
        app,
        format!("SELECT MIN(id) FROM plan_objectives WHERE plan_id = {plan}"),
    )
    .await
    .to_string()
}

#[tokio::test]
async fn a_plan_is_drafted_adopted_followed_and_revised_with_its_adopted_version_kept() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let plan = draft_plan(&mut coord, "Plan d’action loi 052").await;
    let page = coord.get(&format!("/c/segou/plans/{plan}")).await;
    page.assert_contains("1. Informer les élues");
    page.assert_contains("2. Former les relais");
    page.assert_contains("Projet");

    // One more objective, at the end.
    let res = coord
        .submit(
            &format!("/c/segou/plans/{plan}"),
            &format!("/c/segou/plans/{plan}/objectifs"),
            &[("title", "Suivre avec Kayes")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    coord
        .get(&format!("/c/segou/plans/{plan}"))
        .await
        .assert_contains("3. Suivre avec Kayes");

    let objective = first_objective(&app, plan).await;
    let (rjfl, aprofem, oddfk) = (
        org(&app, "RJFL").await,
        org(&app, "APROFEM").await,
        org(&app, "ODDFK").await,
    );
    let form = format!("/c/segou/plans/{plan}/actions/nouvelle");
    let before = app.count("SELECT COUNT(*) FROM plan_actions").await;
    // Due before the plan starts: refused, nothing written.
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("objective", &objective),
                ("title", "Action trop tôt"),
                ("owner", &rjfl),
                ("due_on", "2023-12-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("L’échéance doit tomber dans la période du plan.");
    // An owner that is not a member organisation of Ségou (ODDFK is of Kayes): refused.
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("objective", &objective),
                ("title", "Action d’une autre communauté"),
                ("owner", &oddfk),
                ("due_on", "2025-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Cette organisation n’est pas membre de la communauté.");
    assert_eq!(app.count("SELECT COUNT(*) FROM plan_actions").await, before);

    // A late action (due in 2025, not done) and one to come, with partner and budget.
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("objective", &objective),
                ("title", "Émission radio sur la loi 052"),
                ("owner", &rjfl),
                ("partners", &oddfk),
                ("due_on", "2025-03-31"),
                ("expected_result", "Quatre émissions"),
                ("budget_amount", "250000"),
                ("budget_currency", "FCFA"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("objective", &objective),
                ("title", "Atelier des élues"),
                ("owner", &aprofem),
                ("due_on", "2027-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = coord.get(&format!("/c/segou/plans/{plan}")).await;
    page.assert_contains(
        "Émission radio sur la loi 052</a> <strong class=\"late\">En retard</strong>",
    );
    page.assert_contains("ODDFK");
    page.assert_contains("250\u{202f}000 FCFA");
    assert!(
        !page
            .body
            .contains("Atelier des élues</a> <strong class=\"late\">"),
        "an action to come is not late"
    );
    let list = coord.get("/c/segou/plans").await;
    list.assert_contains("Plan d’action loi 052");
    list.assert_contains("1 action en retard");

    // Adoption, with the decision's date and the activity where it was taken.
    let visit = scalar(
        &app,
        "SELECT id FROM activities WHERE kind = 'exchange_visit'".to_owned(),
    )
    .await
    .to_string();
    let res = coord
        .submit(
            &format!("/c/segou/plans/{plan}/adopter"),
            &format!("/c/segou/plans/{plan}/adopter"),
            &[("adopted_on", "2024-02-15"), ("activity", &visit)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = coord.get(&format!("/c/segou/plans/{plan}")).await;
    page.assert_contains("Adopté le 15 février 2024");
    page.assert_contains(&format!("/c/segou/activites/{visit}\">Visite d’échange"));
    page.assert_contains("version adoptée le 15 février 2024");
    // An adopted plan takes no new action until it is revised.
    let res = coord
        .submit(
            &format!("/c/segou/plans/{plan}"),
            &form,
            &[
                ("objective", &objective),
                ("title", "X"),
                ("owner", &rjfl),
                ("due_on", "2025-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // Progress updates by the owner: the member's person belongs to RJFL.
    let late_action = scalar(
        &app,
        format!("SELECT id FROM plan_actions WHERE plan_id = {plan} AND title = 'Émission radio sur la loi 052'"),
    )
    .await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let action_page = format!("/c/segou/plans/{plan}/actions/{late_action}");
    let page = member.get(&action_page).await;
    page.assert_contains("Nouveau point d’avancement");
    let csrf = page.csrf();
    let post = format!("{action_page}/suivi");
    let res = member
        .upload(
            &post,
            &[
                ("csrf", &csrf),
                ("status", "on_track"),
                ("progress", "150"),
                ("note", "Trop"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("L’avancement est un pourcentage entre 0 et 100.");
    let res = member
        .upload(
            &post,
            &[("csrf", &csrf), ("status", "on_track"), ("progress", "-5")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = member
        .upload(
            &post,
            &[
                ("csrf", &csrf),
                ("status", "on_track"),
                ("progress", "40"),
                ("evidence_link", "javascript:alert(1)"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT COUNT(*) FROM plan_updates pu JOIN plan_actions a ON a.id = pu.action_id WHERE a.title = 'Émission radio sur la loi 052'").await, 0);
    let res = member
        .upload(
            &post,
            &[
                ("csrf", &csrf),
                ("status", "on_track"),
                ("progress", "40"),
                ("note", "Deux émissions diffusées"),
                ("evidence_link", "https://radio.example.org/emissions"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // A file as evidence goes through the library's checks: a script is refused...
    let res = member
        .upload(
            &post,
            &[("csrf", &csrf), ("status", "on_track"), ("progress", "50")],
            Some(("preuve.html", b"<html><script>alert(1)</script></html>")),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // ...a PDF is kept as a members-only library resource linked from the update.
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let res = member
        .upload(
            &post,
            &[
                ("csrf", &csrf),
                ("status", "on_track"),
                ("progress", "50"),
                ("evidence_text", "Liste de diffusion"),
            ],
            Some(("preuve.pdf", pdf)),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = member.get(&action_page).await;
    page.assert_contains("Deux émissions diffusées");
    page.assert_contains("https://radio.example.org/emissions");
    page.assert_contains("Liste de diffusion");
    page.assert_contains("Fichier de preuve");
    page.assert_contains("50\u{202f}%");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM resources WHERE file_kind = 'pdf' AND visibility = 'community'"
        )
        .await,
        1
    );
    // Still late: past its due date and not done.
    page.assert_contains("<strong class=\"late\">En retard</strong>");

    // Revision: a draft again; the adopted version stays readable as it was.
    let res = coord
        .submit(
            &format!("/c/segou/plans/{plan}"),
            &format!("/c/segou/plans/{plan}/reviser"),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("objective", &objective),
                ("title", "Action ajoutée à la révision"),
                ("owner", &aprofem),
                ("due_on", "2026-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    coord
        .get(&format!("/c/segou/plans/{plan}"))
        .await
        .assert_contains("Action ajoutée à la révision");
    // While a draft, an action is changed through the same checks as a new one.
    let edit = format!("{action_page}/modifier");
    coord
        .get(&edit)
        .await
        .assert_contains("Émission radio sur la loi 052");
    let changed = [
        ("objective", objective.as_str()),
        (
            "title",
            "Émission radio sur la loi 052, en bambara et en français",
        ),
        ("owner", aprofem.as_str()),
        ("due_on", "2099-01-01"),
    ];
    let res = coord.submit(&edit, &edit, &changed).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("période du plan");
    let mut changed = changed;
    changed[3] = ("due_on", "2026-06-30");
    let res = coord.submit(&edit, &edit, &changed).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    coord
        .get(&action_page)
        .await
        .assert_contains("en bambara et en français");
    let old = coord
        .get(&format!("/c/segou/plans/{plan}/versions/1"))
        .await;
    assert_eq!(old.status, StatusCode::OK);
    old.assert_contains("version adoptée le 15 février 2024");
    old.assert_contains("Émission radio sur la loi 052");
    assert!(!old.body.contains("Action ajoutée à la révision"));
    // Adopted again: version 2.
    let res = coord
        .submit(
            &format!("/c/segou/plans/{plan}/adopter"),
            &format!("/c/segou/plans/{plan}/adopter"),
            &[("adopted_on", "2025-01-20")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let v2 = coord
        .get(&format!("/c/segou/plans/{plan}/versions/2"))
        .await;
    v2.assert_contains("Action ajoutée à la révision");
    v2.assert_contains("version adoptée le 20 janvier 2025");
}

#[tokio::test]
async fn who_reads_and_who_writes_plans() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let plan = draft_plan(&mut coord, "Plan réservé aux membres").await;
    let page = format!("/c/segou/plans/{plan}");
    // Anonymous: sent to log in; the list does not show it.
    let mut anon = app.client();
    let res = anon.get(&page).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/connexion"));
    assert!(
        !anon
            .get("/c/segou/plans")
            .await
            .body
            .contains("Plan réservé aux membres")
    );
    // Member and observer read.
    let mut member = app.login(SEGOU_MEMBER).await;
    assert_eq!(member.get(&page).await.status, StatusCode::OK);
    member
        .get("/c/segou/plans")
        .await
        .assert_contains("Plan réservé aux membres");
    let mut observer = app.login(SEGOU_OBSERVER).await;
    assert_eq!(observer.get(&page).await.status, StatusCode::OK);
    // A member of another community only: not found.
    let mut kayes = app.login(KAYES_COORD).await;
    assert_eq!(kayes.get(&page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        kayes.get("/c/segou/engagements").await.status,
        StatusCode::FORBIDDEN
    );
    // Writing: the observer and the member may not draft, add objectives or adopt.
    let before = app.count("SELECT COUNT(*) FROM plans").await;
    for who in [&mut observer, &mut member] {
        assert_eq!(
            who.get("/c/segou/plans/nouveau").await.status,
            StatusCode::FORBIDDEN
        );
        let csrf = who.get(&page).await.csrf();
        let res = who
            .post_raw(
                "/c/segou/plans/nouveau",
                &[
                    ("csrf", &csrf),
                    ("kind", "action"),
                    ("title", "X"),
                    ("starts_on", "2024-01-01"),
                    ("ends_on", "2024-12-31"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = who
            .post_raw(
                &format!("{page}/objectifs"),
                &[("csrf", &csrf), ("title", "X")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = who
            .post_raw(
                &format!("{page}/adopter"),
                &[("csrf", &csrf), ("adopted_on", "2024-02-01")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM plans").await, before);
    // The observer may not post a progress update, even on the demo's actions.
    let action = scalar(
        &app,
        "SELECT MIN(a.id) FROM plan_actions a JOIN plans p ON p.id = a.plan_id JOIN communities c ON c.id = p.community_id WHERE c.slug = 'segou'".to_owned(),
    )
    .await;
    let plan_of = scalar(
        &app,
        format!("SELECT plan_id FROM plan_actions WHERE id = {action}"),
    )
    .await;
    let action_page = format!("/c/segou/plans/{plan_of}/actions/{action}");
    let view = observer.get(&action_page).await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(!view.body.contains("Nouveau point d’avancement"));
    let csrf = view.csrf();
    let res = observer
        .upload(
            &format!("{action_page}/suivi"),
            &[("csrf", &csrf), ("status", "done"), ("progress", "100")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The core group drafts but only a coordinator makes a plan public.
    let mut core = app.login(SEGOU_CORE).await;
    assert_eq!(
        core.get("/c/segou/plans/nouveau").await.status,
        StatusCode::OK
    );
    let csrf = core.get(&page).await.csrf();
    let res = core
        .post_raw(
            &format!("{page}/publier"),
            &[("csrf", &csrf), ("public", "1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = coord
        .submit(&page, &format!("{page}/publier"), &[("public", "1")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut anon = app.client();
    let res = anon.get(&page).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("Plan réservé aux membres");
    anon.get("/c/segou/plans")
        .await
        .assert_contains("Plan réservé aux membres");
    // Anonymous visitors never write.
    let res = anon
        .post_raw("/c/segou/plans/nouveau", &[("csrf", "x"), ("title", "X")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/connexion"));
    // The demo's Kayes plan is for Kayes members: a Ségou member does not find it.
    let kayes_plan = scalar(
        &app,
        "SELECT p.id FROM plans p JOIN communities c ON c.id = p.community_id WHERE c.slug = 'kayes'".to_owned(),
    )
    .await;
    assert_eq!(
        member
            .get(&format!("/c/kayes/plans/{kayes_plan}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        kayes
            .get(&format!("/c/kayes/plans/{kayes_plan}"))
            .await
            .status,
        StatusCode::OK
    );
    // Through the wrong community's address, a plan is not found.
    assert_eq!(
        kayes.get(&format!("/c/kayes/plans/{plan}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn commitments_are_pledged_and_assessed() {
    let app = TestApp::with_demo().await;
    let mut anon = app.client();
    let res = anon.get("/c/segou/engagements").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut member = app.login(SEGOU_MEMBER).await;
    let list = member.get("/c/segou/engagements").await;
    list.assert_contains("Deux séances de sensibilisation sur la loi 052");
    list.assert_contains("Partiellement tenu");
    assert!(!list.body.contains("Nouvel engagement"));
    let mut coord = app.login(SEGOU_COORD).await;
    let aprofem = org(&app, "APROFEM").await;
    let res = coord
        .submit(
            "/c/segou/engagements",
            "/c/segou/engagements",
            &[
                ("organisation", &aprofem),
                ("pledge", "Trois causeries sur le mariage d’enfants à Niono"),
                ("measure", "Trois causeries tenues"),
                ("due_on", "2027-03-31"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let oddfk = org(&app, "ODDFK").await;
    let before = app.count("SELECT COUNT(*) FROM commitments").await;
    let res = coord
        .submit(
            "/c/segou/engagements",
            "/c/segou/engagements",
            &[
                ("organisation", &oddfk),
                ("pledge", "Hors communauté"),
                ("due_on", "2027-03-31"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Cette organisation n’est pas membre de la communauté.");
    let res = coord
        .submit(
            "/c/segou/engagements",
            "/c/segou/engagements",
            &[("pledge", "Sans date")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT COUNT(*) FROM commitments").await, before);
    let id = scalar(
        &app,
        "SELECT id FROM commitments WHERE pledge LIKE 'Trois causeries%'".to_owned(),
    )
    .await;
    let form = format!("/c/segou/engagements/{id}/evaluer");
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("assessment", "kept"),
                ("assessed_on", "2027-04-02"),
                ("evidence_link", "ftp://x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(member.get(&form).await.status, StatusCode::FORBIDDEN);
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("assessment", "kept"),
                ("assessed_on", "2027-04-02"),
                ("evidence_text", "Comptes rendus des trois causeries"),
                ("evidence_link", "https://example.org/causeries"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let list = member.get("/c/segou/engagements").await;
    list.assert_contains("Trois causeries sur le mariage d’enfants à Niono");
    list.assert_contains("<strong>Tenu</strong> (2 avril 2027)");
    list.assert_contains("Comptes rendus des trois causeries");
}

#[tokio::test]
async fn a_joint_review_covers_linked_communities_plans_and_shows_on_each_plan() {
    let app = TestApp::with_demo().await;
    // A third community, not linked to Ségou, with an adopted plan.
    exec(
        &app,
        "INSERT INTO communities (slug, name, region, created_at) VALUES ('mopti', 'Communauté de Mopti', 'Mopti', 0);
         INSERT INTO plans (community_id, kind, title, starts_on, ends_on, status, created_at, updated_at)
           SELECT id, 'action', 'Plan de Mopti', '2024-01-01', '2026-12-31', 'adopted', 0, 0 FROM communities WHERE slug = 'mopti';".to_owned(),
    )
    .await;
    let mopti_plan = scalar(
        &app,
        "SELECT id FROM plans WHERE title = 'Plan de Mopti'".to_owned(),
    )
    .await
    .to_string();
    let segou_plan = scalar(&app, "SELECT p.id FROM plans p JOIN communities c ON c.id = p.community_id WHERE c.slug = 'segou'".to_owned()).await.to_string();
    let kayes_plan = scalar(&app, "SELECT p.id FROM plans p JOIN communities c ON c.id = p.community_id WHERE c.slug = 'kayes'".to_owned()).await.to_string();
    let kayes = scalar(
        &app,
        "SELECT id FROM communities WHERE slug = 'kayes'".to_owned(),
    )
    .await
    .to_string();
    let mut coord = app.login(SEGOU_COORD).await;
    let before = app.count("SELECT COUNT(*) FROM plan_reviews").await;
    let res = coord
        .submit(
            "/c/segou/revues/nouvelle",
            "/c/segou/revues/nouvelle",
            &[
                ("title", "Revue avec Mopti"),
                ("held_on", "2026-11-20"),
                ("plans", &segou_plan),
                ("plans", &mopti_plan),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Ce plan appartient à une communauté qui n’est pas liée à la vôtre");
    // One community alone is no joint review.
    let res = coord
        .submit(
            "/c/segou/revues/nouvelle",
            "/c/segou/revues/nouvelle",
            &[
                ("title", "Revue seule"),
                ("held_on", "2026-11-20"),
                ("plans", &segou_plan),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("au moins deux communautés liées");
    assert_eq!(app.count("SELECT COUNT(*) FROM plan_reviews").await, before);
    // Members and the observer may not hold a review.
    let mut member = app.login(SEGOU_MEMBER).await;
    assert_eq!(
        member.get("/c/segou/revues/nouvelle").await.status,
        StatusCode::FORBIDDEN
    );

    let res = coord
        .submit(
            "/c/segou/revues/nouvelle",
            "/c/segou/revues/nouvelle",
            &[
                ("title", "Revue conjointe de novembre"),
                ("held_on", "2026-11-20"),
                ("communities", &kayes),
                ("plans", &segou_plan),
                ("plans", &kayes_plan),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let review = id_in(res.location());
    let segou_action = scalar(
        &app,
        format!("SELECT MIN(id) FROM plan_actions WHERE plan_id = {segou_plan}"),
    )
    .await
    .to_string();
    let kayes_action = scalar(
        &app,
        format!("SELECT MIN(id) FROM plan_actions WHERE plan_id = {kayes_plan}"),
    )
    .await
    .to_string();
    let mopti_action_check = format!("/c/segou/revues/{review}");
    let page = coord.get(&mopti_action_check).await;
    page.assert_contains("Revue conjointe de novembre");
    page.assert_contains("Communauté de pratique de Kayes");
    let res = coord
        .submit(
            &mopti_action_check,
            &format!("/c/segou/revues/{review}/evaluations"),
            &[
                ("action", &segou_action),
                ("assessment", "done"),
                ("comment", "Vérifié sur pièces"),
                ("action", &kayes_action),
                ("assessment", "blocked"),
                ("comment", "Attente des mairies"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // A bad assessment code is refused and writes nothing.
    let marks = app
        .count("SELECT COUNT(*) FROM plan_review_assessments")
        .await;
    let res = coord
        .submit(
            &mopti_action_check,
            &format!("/c/segou/revues/{review}/evaluations"),
            &[
                ("action", &segou_action),
                ("assessment", "excellent"),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM plan_review_assessments")
            .await,
        marks
    );
    // The review shows in both communities, and each plan shows its reviews action by action.
    let mut kcoord = app.login(KAYES_COORD).await;
    kcoord
        .get("/c/kayes/revues")
        .await
        .assert_contains("Revue conjointe de novembre");
    assert_eq!(
        kcoord
            .get(&format!("/c/kayes/revues/{review}"))
            .await
            .status,
        StatusCode::OK
    );
    let kplan = kcoord.get(&format!("/c/kayes/plans/{kayes_plan}")).await;
    kplan.assert_contains("Revue « Revue conjointe de novembre » (20 novembre 2026) : <strong>Bloquée</strong> — Attente des mairies");
    let splan = member.get(&format!("/c/segou/plans/{segou_plan}")).await;
    splan.assert_contains("Revue « Revue conjointe de novembre » (20 novembre 2026) : <strong>Réalisée</strong> — Vérifié sur pièces");
    // The demo's own review is there too.
    splan.assert_contains("premier semestre 2026");
}

#[tokio::test]
async fn owners_of_late_actions_get_one_reminder_a_week_in_their_language() {
    let app = TestApp::with_demo().await;
    exec(
        &app,
        "UPDATE users SET locale = 'en' WHERE email = 'coordination.kayes@kafo.test'".to_owned(),
    )
    .await;
    let run = |now: i64, today: &'static str| {
        let db = app.state.db.clone();
        async move {
            db.tx(move |c| {
                Ok(kafo::plans::reminders::enqueue(
                    c,
                    now,
                    today,
                    "https://kafo.test",
                )?)
            })
            .await
            .expect("reminders")
        }
    };
    let now = 1_900_000_000;
    let first = run(now, "2027-06-15").await;
    assert!(first > 0);
    let fr = app
        .count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'membre.segou@kafo.test' AND subject LIKE 'Action en retard%émission radio mensuelle%'")
        .await;
    assert_eq!(
        fr, 1,
        "the RJFL member is reminded of the radio action, in French"
    );
    let en = app
        .count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'coordination.kayes@kafo.test' AND subject LIKE 'Late action:%' AND body LIKE '%https://kafo.test/c/kayes/plans/%'")
        .await;
    assert!(en >= 1, "the Kayes lead is reminded in English");
    let done = app
        .count("SELECT COUNT(*) FROM outbox WHERE subject LIKE '%Tenir un cadre de concertation par trimestre%'")
        .await;
    assert_eq!(done, 0, "a done action is never late");
    let total = app.count("SELECT COUNT(*) FROM outbox").await;
    // Three days later: nothing new. Eight days later: again.
    assert_eq!(run(now + 3 * 86_400, "2027-06-18").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, total);
    assert_eq!(run(now + 8 * 86_400, "2027-06-23").await, first);
    // Before the due dates, nothing is late, nothing is sent.
    let fresh = TestApp::with_demo().await;
    let db = fresh.state.db.clone();
    let n = db
        .tx(move |c| {
            Ok(kafo::plans::reminders::enqueue(
                c,
                now,
                "2023-07-01",
                "https://kafo.test",
            )?)
        })
        .await
        .expect("reminders");
    assert_eq!(n, 0);
}

#[tokio::test]
async fn the_demo_has_both_plans_a_review_and_the_commitments() {
    let app = TestApp::with_demo().await;
    let mut anon = app.client();
    // Ségou's plan is public; Kayes' is for members.
    let list = anon.get("/c/segou/plans").await;
    list.assert_contains("Plan de pérennisation de la communauté de pratique de Ségou 2023–2027");
    let mut kayes = app.login(KAYES_COORD).await;
    kayes
        .get("/c/kayes/plans")
        .await
        .assert_contains("Plan de pérennisation de la communauté de pratique de Kayes 2023–2027");
    let segou_plan = scalar(&app, "SELECT p.id FROM plans p JOIN communities c ON c.id = p.community_id WHERE c.slug = 'segou'".to_owned()).await;
    let page = anon.get(&format!("/c/segou/plans/{segou_plan}")).await;
    page.assert_contains("Adopté le 11 mai 2023");
    page.assert_contains("Réalisée");
    page.assert_contains("En bonne voie");
    assert_eq!(app.count("SELECT COUNT(*) FROM plan_reviews").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM commitments").await, 5);
    assert!(app.count("SELECT COUNT(*) FROM plan_updates").await >= 10);
    // The community page links to the plans.
    anon.get("/c/segou").await.assert_contains("/c/segou/plans");
    // Loading the demo again changes nothing.
    let db = app.state.db.clone();
    let again = tokio::task::spawn_blocking(move || kafo::demo::load(&db))
        .await
        .expect("join")
        .expect("load");
    assert!(!again);
    assert_eq!(app.count("SELECT COUNT(*) FROM plans").await, 2);
}

/// Whether a search by `client` finds the page `href` (results mark the words in titles).
async fn finds(client: &mut Client, q: &str, href: &str) -> bool {
    let res = client.get(&format!("/recherche?q={q}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body.contains(&format!("href=\"{href}\""))
}

#[tokio::test]
async fn plans_are_found_by_those_who_may_read_them() {
    let app = TestApp::with_demo().await;
    let mut admin = app.login(ADMIN).await;
    // A third community, linked to no other, with a member of its own.
    let res = admin
        .submit(
            "/admin/communautes/nouvelle",
            "/admin/communautes/nouvelle",
            &[
                ("name", "Communauté de Mopti"),
                ("slug", "mopti"),
                ("region", "Mopti"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mopti = scalar(
        &app,
        "SELECT id FROM communities WHERE slug = 'mopti'".to_owned(),
    )
    .await
    .to_string();
    let res = admin
        .submit(
            "/admin/comptes/nouveau",
            "/admin/comptes/nouveau",
            &[
                ("email", "membre.mopti@kafo.test"),
                ("name", "Membre de Mopti"),
                ("password", "mopti-membre-demo"),
                ("confirm", "mopti-membre-demo"),
                ("locale", "fr"),
                ("community", &mopti),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let mut coord = app.login(SEGOU_COORD).await;
    let plan = draft_plan(&mut coord, "Plan de pérennisation des relais").await;
    let page = format!("/c/segou/plans/{plan}");
    let title = page.as_str();
    let res = coord
        .submit(
            &page,
            &format!("{page}/objectifs"),
            &[("title", "Assurer la durabilité des caisses villageoises")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let objective = first_objective(&app, plan).await;
    let rjfl = org(&app, "RJFL").await;
    let form = format!("{page}/actions/nouvelle");
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("objective", &objective),
                ("title", "Tournée des griottes"),
                ("owner", &rjfl),
                ("due_on", "2026-06-30"),
                (
                    "expected_result",
                    "Douze causeries dans les marchés hebdomadaires",
                ),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let mut member = app.login(SEGOU_MEMBER).await;
    let mut observer = app.login(SEGOU_OBSERVER).await;
    let mut kayes = app.login(KAYES_COORD).await;
    let mut other = app
        .login(("membre.mopti@kafo.test", "mopti-membre-demo"))
        .await;
    let mut anon = app.client();
    // Members find it by an objective, without accents; by an action's title and its expected
    // result, in another form of the word.
    for q in ["durabilite", "griotte", "causerie+marche", "perennisation"] {
        assert!(finds(&mut member, q, title).await, "member, {q}");
        assert!(finds(&mut observer, q, title).await, "observer, {q}");
    }
    let res = member.get("/recherche?q=perennisation&kind=plan").await;
    res.assert_contains(&format!("href=\"/c/segou/plans/{plan}\""));
    res.assert_contains("Plan de <mark>pérennisation</mark> des relais");
    // A members-only plan: not for anonymous visitors, nor for members of other communities,
    // linked (Kayes) or not (Mopti).
    for (who, client) in [
        ("anon", &mut anon),
        ("kayes", &mut kayes),
        ("mopti", &mut other),
    ] {
        assert!(!finds(client, "durabilite", title).await, "{who}");
    }

    // Made public by the coordinator: found by everyone.
    let res = coord
        .submit(&page, &format!("{page}/publier"), &[("public", "1")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    for (who, client) in [
        ("anon", &mut anon),
        ("kayes", &mut kayes),
        ("mopti", &mut other),
    ] {
        assert!(finds(client, "durabilite", title).await, "{who}");
    }
    // Back to members only: gone for them again.
    let res = coord
        .submit(&page, &format!("{page}/publier"), &[("public", "0")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(!finds(&mut anon, "durabilite", title).await);
    assert!(finds(&mut member, "durabilite", title).await);

    // Adopted, revised and changed: the index follows the plan.
    let res = coord
        .submit(
            &format!("{page}/adopter"),
            &format!("{page}/adopter"),
            &[("adopted_on", "2024-02-01")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = coord.submit(&page, &format!("{page}/reviser"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let action = scalar(
        &app,
        format!("SELECT id FROM plan_actions WHERE plan_id = {plan}"),
    )
    .await;
    let edit = format!("{page}/actions/{action}/modifier");
    let res = coord
        .submit(
            &edit,
            &edit,
            &[
                ("objective", &objective),
                ("title", "Tournée des conteuses"),
                ("owner", &rjfl),
                ("due_on", "2026-06-30"),
                ("expected_result", "Douze causeries"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(!finds(&mut member, "griotte", title).await);
    assert!(finds(&mut member, "conteuse", title).await);
    // Nothing of committees is in the index.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM search_docs WHERE kind NOT IN \
             ('resource', 'experience', 'question', 'activity', 'organisation', 'person', 'plan')"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn the_lead_organisations_hold_the_joint_review() {
    let app = TestApp::with_demo().await;
    let review = scalar(&app, "SELECT MIN(id) FROM plan_reviews".to_owned()).await;
    let action = scalar(
        &app,
        format!("SELECT MIN(action_id) FROM plan_review_assessments WHERE review_id = {review}"),
    )
    .await
    .to_string();
    let page = format!("/c/segou/revues/{review}");
    let post = format!("{page}/evaluations");
    let fields = [
        ("action", action.as_str()),
        ("assessment", "late"),
        ("comment", "Vu par l’organisation lead"),
    ];
    let stored = format!(
        "SELECT COUNT(*) FROM plan_review_assessments WHERE review_id = {review} \
         AND comment = 'Vu par l’organisation lead'"
    );
    // The review names the lead organisations of both communities.
    let mut member = app.login(SEGOU_MEMBER).await;
    let shown = member.get(&page).await;
    shown.assert_contains("Organisations lead\u{a0}: ODDFK (Communauté de pratique de Kayes)");
    shown.assert_contains("APROFEM (Communauté de pratique de Ségou)");
    // A member whose organisation (RJFL) leads nothing reads the review but records nothing.
    assert!(!shown.body.contains("/evaluations"));
    let refused = member.submit(&page, &post, &fields).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(scalar(&app, stored.clone()).await, 0);
    // Once RJFL leads Ségou, its people hold the review with the core group.
    exec(
        &app,
        "UPDATE memberships SET role = 'lead' WHERE organisation_id = \
         (SELECT id FROM organisations WHERE acronym = 'RJFL') \
         AND community_id = (SELECT id FROM communities WHERE slug = 'segou')"
            .to_owned(),
    )
    .await;
    let shown = member.get(&page).await;
    shown.assert_contains("RJFL (Communauté de pratique de Ségou)");
    assert!(shown.body.contains("/evaluations"));
    let saved = member.submit(&page, &post, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(scalar(&app, stored.clone()).await, 1);
    // An observer never writes, whatever their organisation.
    let mut observer = app.login(SEGOU_OBSERVER).await;
    assert!(!observer.get(&page).await.body.contains("/evaluations"));
}
