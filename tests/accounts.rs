//! Logging in and out, sessions, CSRF, and the admin's account pages.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn login_sets_a_safe_session_cookie_and_logout_kills_it() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let res = c.login(SEGOU_COORD.0, SEGOU_COORD.1).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let session = res
        .set_cookies()
        .into_iter()
        .find(|s| s.starts_with("kafo_session="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly"));
    assert!(session.contains("SameSite=Lax"));
    assert!(!session.contains("Secure"), "plain HTTP on a LAN must work");
    let token = c.cookies["kafo_session"].clone();
    c.get("/").await.assert_contains("Aminata Démo Traoré");

    let page = c.get("/compte").await;
    let csrf = page.csrf();
    let res = c.post_raw("/deconnexion", &[("csrf", &csrf)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(!c.get("/").await.body.contains("Aminata Démo Traoré"));
    // The old token opens nothing any more.
    let mut thief = app.client();
    thief.cookies.insert("kafo_session".into(), token);
    let res = thief.get("/compte").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn over_https_cookies_are_secure_and_host_prefixed() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.headers.push(("x-forwarded-proto".into(), "https".into()));
    let res = c.login(ADMIN.0, ADMIN.1).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let session = res
        .set_cookies()
        .into_iter()
        .find(|s| s.starts_with("__Host-kafo_session="))
        .expect("host-prefixed session cookie");
    assert!(
        session.contains("Secure") && session.contains("HttpOnly") && session.contains("Path=/")
    );
    c.get("/admin").await.assert_contains("Administration");
}

#[tokio::test]
async fn wrong_password_is_refused_in_the_users_language() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let res = c.login(SEGOU_COORD.0, "not-the-password").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    res.assert_contains("Adresse e-mail ou mot de passe incorrect.");
    let res = c.login("nobody@kafo.test", "whatever-123").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    c.get("/langue/en").await;
    let res = c.login(SEGOU_COORD.0, "nope-nope-nope").await;
    res.assert_contains("Wrong email address or password.");
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn forms_without_a_valid_token_or_from_another_site_are_refused() {
    let app = TestApp::with_demo().await;
    // Login form without its cookie token.
    let mut c = app.client();
    let res = c
        .post_raw(
            "/connexion",
            &[
                ("csrf", "forged"),
                ("email", ADMIN.0),
                ("password", ADMIN.1),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    res.assert_contains("Le formulaire a expiré");

    let mut coord = app.login(SEGOU_COORD).await;
    let res = coord
        .post_raw(
            "/c/segou/organisations/nouvelle",
            &[
                ("csrf", "wrong"),
                ("name", "Forgée"),
                ("kind", "ngo"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let mut cross = app.login(SEGOU_COORD).await;
    cross
        .headers
        .push(("origin".into(), "https://evil.test".into()));
    let res = cross
        .submit(
            "/c/segou/organisations/nouvelle",
            "/c/segou/organisations/nouvelle",
            &[("name", "Cross-site"), ("kind", "ngo"), ("role", "member")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    res.assert_contains("<html");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM organisations WHERE name IN ('Forgée', 'Cross-site')")
            .await,
        0
    );
}

#[tokio::test]
async fn admin_creates_an_account_that_can_log_in() {
    let app = TestApp::with_demo().await;
    let mut admin = app.login(ADMIN).await;
    let form = admin.get("/admin/comptes/nouveau").await;
    let kayes_id = {
        let marker = "\">Communauté de pratique de Kayes";
        let end = form.body.find(marker).expect("kayes option");
        let start = form.body[..end].rfind("value=\"").expect("value") + 7;
        form.body[start..end].to_owned()
    };
    let res = admin
        .submit(
            "/admin/comptes/nouveau",
            "/admin/comptes/nouveau",
            &[
                ("email", "Nouvelle.Membre@Kafo.test"),
                ("name", "Nouvelle Membre"),
                ("password", "un-mot-de-passe-long"),
                ("confirm", "un-mot-de-passe-long"),
                ("locale", "fr"),
                ("community", &kayes_id),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mut newbie = app
        .login(("nouvelle.membre@kafo.test", "un-mot-de-passe-long"))
        .await;
    let account = newbie.get("/compte").await;
    account.assert_contains("Communauté de pratique de Kayes : Membre");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'user-created'")
            .await,
        1
    );
}

#[tokio::test]
async fn account_form_rejects_bad_input_and_writes_nothing() {
    let app = TestApp::with_demo().await;
    let mut admin = app.login(ADMIN).await;
    let before = app.count("SELECT COUNT(*) FROM users").await;
    let long = "x".repeat(1_000_000);
    for (fields, message) in [
        (
            vec![
                ("email", "pas-une-adresse"),
                ("name", "A"),
                ("password", "0123456789"),
                ("confirm", "0123456789"),
            ],
            "Adresse e-mail invalide.",
        ),
        (
            vec![
                ("email", "a@kafo.test"),
                ("name", ""),
                ("password", "0123456789"),
                ("confirm", "0123456789"),
            ],
            "Ce champ est obligatoire.",
        ),
        (
            vec![
                ("email", "a@kafo.test"),
                ("name", "A"),
                ("password", "court"),
                ("confirm", "court"),
            ],
            "au moins 10 caractères",
        ),
        (
            vec![
                ("email", ADMIN.0),
                ("name", "A"),
                ("password", "0123456789"),
                ("confirm", "0123456789"),
            ],
            "Un compte existe déjà avec cette adresse.",
        ),
        (
            vec![
                ("email", "a@kafo.test"),
                ("name", long.as_str()),
                ("password", "0123456789"),
                ("confirm", "0123456789"),
            ],
            "Trop long : 200 caractères au plus.",
        ),
        (
            vec![
                ("email", "a@kafo.test"),
                ("name", "A"),
                ("password", "0123456789"),
                ("confirm", "0123456789"),
                ("community", "99999"),
                ("role", "member"),
            ],
            "Choix invalide.",
        ),
    ] {
        let mut all = fields.clone();
        all.push(("locale", "fr"));
        let res = admin
            .submit("/admin/comptes/nouveau", "/admin/comptes/nouveau", &all)
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        res.assert_contains(message);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, before);
}

#[tokio::test]
async fn only_the_platform_admin_reaches_admin_pages() {
    let app = TestApp::with_demo().await;
    for who in [SEGOU_COORD, SEGOU_MEMBER, KAYES_COORD, EXPERT] {
        let mut c = app.login(who).await;
        for path in [
            "/admin",
            "/admin/comptes",
            "/admin/comptes/nouveau",
            "/admin/comptes/1",
        ] {
            assert_eq!(
                c.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{} {path}",
                who.0
            );
        }
    }
    let mut anon = app.client();
    let res = anon.get("/admin/comptes").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/connexion?retour=%2Fadmin%2Fcomptes");
}

#[tokio::test]
async fn admin_gives_and_takes_roles_and_disables_accounts() {
    let app = TestApp::with_demo().await;
    let mut admin = app.login(ADMIN).await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let id: i64 = app
        .state
        .db
        .run(|c| {
            Ok(c.scalar(
                "SELECT id FROM users WHERE email = 'membre.segou@kafo.test'",
                &[],
            )?)
        })
        .await
        .expect("id");
    let segou: i64 = app
        .state
        .db
        .run(|c| Ok(c.scalar("SELECT id FROM communities WHERE slug = 'segou'", &[])?))
        .await
        .expect("id");
    let page = format!("/admin/comptes/{id}");
    let res = admin
        .submit(
            &page,
            &page,
            &[
                ("action", "role"),
                ("community", &segou.to_string()),
                ("role", "coordinator"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(member.get("/c/segou/modifier").await.status, StatusCode::OK);
    let res = admin.submit(&page, &page, &[("action", "disable")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Disabling ends the sessions at once.
    assert_eq!(member.get("/compte").await.status, StatusCode::SEE_OTHER);
    let res = member.login(SEGOU_MEMBER.0, SEGOU_MEMBER.1).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn users_change_their_password() {
    let app = TestApp::with_demo().await;
    let mut c = app.login(EXPERT).await;
    let res = c
        .submit(
            "/compte",
            "/compte",
            &[
                ("current", "wrong-one-xx"),
                ("password", "nouveau-secret-1"),
                ("confirm", "nouveau-secret-1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    // The expert's account is in English.
    res.assert_contains("The current password is wrong.");
    let res = c
        .submit(
            "/compte",
            "/compte",
            &[
                ("current", EXPERT.1),
                ("password", "nouveau-secret-1"),
                ("confirm", "nouveau-secret-1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut again = app.client();
    assert_eq!(
        again.login(EXPERT.0, "nouveau-secret-1").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn stored_passwords_are_argon2id_and_sessions_are_hashed() {
    let app = TestApp::with_demo().await;
    let mut c = app.login(ADMIN).await;
    let token = c.cookies["kafo_session"].clone();
    let (hash, stored): (String, String) = app
        .state
        .db
        .run(|c| {
            let h = c.scalar(
                "SELECT password_hash FROM users WHERE email = 'admin@kafo.test'",
                &[],
            )?;
            let s = c.scalar("SELECT token_hash FROM sessions", &[])?;
            Ok((h, s))
        })
        .await
        .expect("read");
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert_ne!(stored, token);
    assert_eq!(stored, kafo::accounts::token_hash(&token));
    c.get("/").await.assert_contains("Administratrice Kafo");
}

async fn one(app: &TestApp, sql: String) -> Option<i64> {
    app.state
        .db
        .run(move |c| Ok(c.query_opt(&sql, &[], |r| r.first::<Option<i64>>())?))
        .await
        .expect("query")
        .flatten()
}

#[tokio::test]
async fn admin_links_an_account_to_a_directory_person_once() {
    let app = TestApp::with_demo().await;
    let core_id = one(
        &app,
        format!("SELECT id FROM users WHERE email = '{}'", SEGOU_CORE.0),
    )
    .await
    .expect("core account");
    let person = |name: &str| format!("SELECT id FROM people WHERE name = '{name}'");
    let oumou = one(&app, person("Oumou Démo Sangaré"))
        .await
        .expect("Oumou");
    let fatoumata = one(&app, person("Fatoumata Démo Koné"))
        .await
        .expect("Fatoumata");
    let linked = format!("SELECT person_id FROM users WHERE id = {core_id}");
    let page = format!("/admin/comptes/{core_id}");
    let mut core = app.login(SEGOU_CORE).await;
    core.get("/compte")
        .await
        .assert_contains("Ce compte n’est lié à aucune personne de l’annuaire.");

    // The admin looks the name up (accents do not matter) and links the account.
    let mut admin = app.login(ADMIN).await;
    let found = admin.get(&format!("{page}?personne=sangare")).await;
    assert_eq!(found.status, StatusCode::OK);
    found.assert_contains("1 personne trouvée");
    found.assert_contains(&format!("value=\"{oumou}\""));
    let res = admin
        .submit(
            &format!("{page}?personne=sangare"),
            &page,
            &[("action", "person"), ("person", &oumou.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(one(&app, linked.clone()).await, Some(oumou));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'person-linked'")
            .await,
        1
    );
    let link = format!("<a href=\"/c/segou/personnes/{oumou}\">Oumou Démo Sangaré</a>");
    admin.get(&page).await.assert_contains(&link);
    // The account's own page shows the person, and the link opens their directory page.
    core.get("/compte").await.assert_contains(&link);
    let res = core.get(&format!("/c/segou/personnes/{oumou}")).await;
    assert_eq!(res.status, StatusCode::OK);

    // A person linked to another account is shown as such, and refused with nothing written.
    let found = admin.get(&format!("{page}?personne=kone")).await;
    found.assert_contains("déjà liée au compte");
    let audit = "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'person-%'";
    let res = admin
        .submit(
            &page,
            &page,
            &[
                ("action", "person"),
                ("person", &fatoumata.to_string()),
                ("personne", "kone"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Cette personne est déjà liée au compte");
    res.assert_contains(&format!("value=\"{fatoumata}\""));
    assert_eq!(one(&app, linked.clone()).await, Some(oumou));
    assert_eq!(
        one(
            &app,
            "SELECT COUNT(*) FROM users WHERE person_id IS NOT NULL".into()
        )
        .await,
        Some(4)
    );
    // Unknown or missing person: refused too.
    for bad in ["999999", "x", ""] {
        let res = admin
            .submit(&page, &page, &[("action", "person"), ("person", bad)])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(one(&app, linked.clone()).await, Some(oumou));
    }
    assert_eq!(app.count(audit).await, 1);

    // Others may not link, and a form without the token is refused.
    for who in [SEGOU_COORD, SEGOU_MEMBER] {
        let mut c = app.login(who).await;
        let csrf = c.get("/compte").await.csrf();
        let res = c
            .post_raw(&page, &[("csrf", &csrf), ("action", "person-clear")])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", who.0);
    }
    let res = app
        .client()
        .post_raw(&page, &[("csrf", "x"), ("action", "person-clear")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/connexion"));
    let res = admin
        .post_raw(&page, &[("csrf", "forged"), ("action", "person-clear")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(one(&app, linked.clone()).await, Some(oumou));
    assert_eq!(app.count(audit).await, 1);

    // The admin removes the link.
    let res = admin
        .submit(&page, &page, &[("action", "person-clear")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(one(&app, linked).await, None);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'person-unlinked'")
            .await,
        1
    );
    core.get("/compte")
        .await
        .assert_contains("Ce compte n’est lié à aucune personne de l’annuaire.");
}
