//! Proposals for better sharing between communities: propose, support, comment, accept as a
//! planned activity linked both ways, decline with a reason the proposer sees and is mailed.

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

async fn propose(member: &mut Client, title: &str, extra: &[(&str, &str)]) -> String {
    let mut fields = vec![
        ("kind", "activity"),
        ("title", title),
        (
            "body",
            "Un webinaire trimestriel où chaque CdP présente un cas traité.",
        ),
    ];
    fields.extend_from_slice(extra);
    let res = member
        .submit(
            "/c/segou/propositions/nouvelle",
            "/c/segou/propositions/nouvelle",
            &fields,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location().to_owned()
}

#[tokio::test]
async fn a_proposal_is_supported_discussed_and_becomes_a_planned_activity() {
    let app = TestApp::with_demo().await;
    let kayes = id_of(&app, "SELECT id FROM communities WHERE slug = 'kayes'")
        .await
        .to_string();
    let mut member = app.login(SEGOU_MEMBER).await;
    let url = propose(
        &mut member,
        "Webinaire d’échange de cas",
        &[("targets", kayes.as_str())],
    )
    .await;
    let page = member.get(&url).await;
    page.assert_contains("Webinaire d’échange de cas");
    page.assert_contains("Ouverte");
    page.assert_contains("aucun soutien");
    // Support, twice (one support), then a comment.
    let support = format!("{url}/soutien");
    for _ in 0..2 {
        let res = member.submit(&url, &support, &[("on", "1")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
    }
    member.get(&url).await.assert_contains("1 soutien");
    let res = member
        .submit(
            &url,
            &format!("{url}/commentaires"),
            &[("body", "Bonne idée, Kayes a déjà un cas à présenter.")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // The addressed linked community sees it and its members may support it.
    let id = url.rsplit('/').next().expect("proposal id").to_owned();
    let mut kayes_coord = app.login(KAYES_COORD).await;
    let seen = kayes_coord
        .get(&format!("/c/kayes/propositions/{id}"))
        .await;
    seen.assert_contains("Bonne idée, Kayes a déjà un cas à présenter.");
    // Only the home's core group decides: Kayes sees no decision form, and its post is refused.
    assert!(!seen.body.contains("/accepter"));
    let res = kayes_coord
        .submit(
            &format!("/c/kayes/propositions/{id}"),
            &format!("/c/kayes/propositions/{id}/refuser"),
            &[("note", "Non")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A member cannot decide either.
    let res = member
        .submit(&url, &format!("{url}/accepter"), &[("kind", "webinar")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The core group accepts: a webinar without its link is refused and nothing is written.
    let mut core = app.login(SEGOU_CORE).await;
    let activities = app.count("SELECT COUNT(*) FROM activities").await;
    let res = core
        .submit(
            &url,
            &format!("{url}/accepter"),
            &[
                ("kind", "webinar"),
                ("starts_at", "2027-03-11T10:00"),
                ("ends_at", "2027-03-11T12:00"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("lien");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM activities").await,
        activities
    );
    let res = core
        .submit(
            &url,
            &format!("{url}/accepter"),
            &[
                ("kind", "webinar"),
                ("starts_at", "2027-03-11T10:00"),
                ("ends_at", "2027-03-11T12:00"),
                ("online_url", "https://visio.example.org/cas"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(res.location().ends_with("/modifier"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM activities").await,
        activities + 1
    );
    // Linked both ways; Kayes is the activity's guest.
    let page = member.get(&url).await;
    page.assert_contains("Acceptée");
    page.assert_contains("Devenue l’activité");
    let activity = res.location().trim_end_matches("/modifier").to_owned();
    let apage = member.get(&activity).await;
    apage.assert_contains("Issue de la proposition");
    apage.assert_contains(&format!("/propositions/{id}"));
    apage.assert_contains("Kayes");
    // A second acceptance (double click) changes nothing.
    let res = core
        .post_raw(
            &format!("{url}/accepter"),
            &[
                ("csrf", page.csrf().as_str()),
                ("kind", "webinar"),
                ("starts_at", "2027-03-11T10:00"),
                ("ends_at", "2027-03-11T12:00"),
                ("online_url", "https://visio.example.org/cas"),
            ],
        )
        .await;
    assert!(res.status.is_redirection() || res.status == StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM activities").await,
        activities + 1
    );
}

#[tokio::test]
async fn a_declined_proposal_shows_its_reason_and_mails_the_proposer() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let url = propose(&mut member, "Bulletin papier mensuel", &[]).await;
    let mut core = app.login(SEGOU_COORD).await;
    // A reason is required.
    let outbox = app.count("SELECT COUNT(*) FROM outbox").await;
    let res = core
        .submit(&url, &format!("{url}/refuser"), &[("note", "  ")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Ce champ est obligatoire.");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, outbox);
    let res = core
        .submit(
            &url,
            &format!("{url}/refuser"),
            &[("note", "Le coût d’impression dépasse le budget de l’année.")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = member.get(&url).await;
    page.assert_contains("Déclinée");
    page.assert_contains("Le coût d’impression dépasse le budget de l’année.");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, outbox + 1);
    let (to, subject, body): (String, String, String) = app
        .state
        .db
        .run(|c| {
            Ok(c.query_opt(
                "SELECT to_addr, subject, body FROM outbox ORDER BY id DESC LIMIT 1",
                &[],
                |r| Ok((r.get("to_addr")?, r.get("subject")?, r.get("body")?)),
            )?)
        })
        .await
        .expect("outbox")
        .expect("a mail");
    assert_eq!(to, SEGOU_MEMBER.0);
    assert!(subject.contains("Bulletin papier mensuel"), "{subject}");
    assert!(body.contains("dépasse le budget"), "{body}");
    assert!(body.contains("/c/segou/propositions/"), "{body}");
}

#[tokio::test]
async fn proposals_stay_with_members_and_bad_input_writes_nothing() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let url = propose(&mut member, "Fiches de cas partagées", &[]).await;
    // Anonymous: to the login page; another community's member: not found; observer reads
    // but may not propose.
    let mut anonymous = app.client();
    let res = anonymous.get(&url).await;
    assert!(res.status.is_redirection(), "{}", res.status);
    let mut kayes = app.login(KAYES_COORD).await;
    let id = url.rsplit('/').next().expect("proposal id").to_owned();
    assert_eq!(
        kayes
            .get(&format!("/c/kayes/propositions/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mut observer = app.login(SEGOU_OBSERVER).await;
    observer
        .get(&url)
        .await
        .assert_contains("Fiches de cas partagées");
    assert_eq!(
        observer.get("/c/segou/propositions/nouvelle").await.status,
        StatusCode::FORBIDDEN
    );
    // Bad input: no title, unknown kind, a community that is not linked (here, itself), a
    // member speaking for the community.
    let before = app.count("SELECT COUNT(*) FROM proposals").await;
    let segou = id_of(&app, "SELECT id FROM communities WHERE slug = 'segou'")
        .await
        .to_string();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![("kind", "activity"), ("title", ""), ("body", "x")],
            "Ce champ est obligatoire.",
        ),
        (
            vec![("kind", "party"), ("title", "x"), ("body", "x")],
            "Choix invalide.",
        ),
        (
            vec![
                ("kind", "solution"),
                ("title", "x"),
                ("body", "x"),
                ("targets", segou.as_str()),
            ],
            "communautés liées",
        ),
        (
            vec![
                ("kind", "solution"),
                ("title", "x"),
                ("body", "x"),
                ("on_behalf", "community"),
            ],
            "Choix invalide.",
        ),
    ];
    for (fields, message) in cases {
        let res = member
            .submit(
                "/c/segou/propositions/nouvelle",
                "/c/segou/propositions/nouvelle",
                &fields,
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        res.assert_contains(message);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM proposals").await, before);
}

async fn text_of(app: &TestApp, sql: &'static str) -> String {
    app.state
        .db
        .run(move |c| Ok(c.scalar::<String>(sql, &[])?))
        .await
        .expect("text")
}

#[tokio::test]
async fn a_proposal_becomes_an_action_of_a_plan_with_the_plans_own_checks() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let url = propose(&mut member, "Cellule d’écoute itinérante", &[]).await;
    let objective = id_of(
        &app,
        "SELECT o.id FROM plan_objectives o JOIN plans p ON p.id = o.plan_id \
         JOIN communities c ON c.id = p.community_id WHERE c.slug = 'segou' ORDER BY o.id LIMIT 1",
    )
    .await
    .to_string();
    let owner = id_of(
        &app,
        "SELECT m.organisation_id FROM memberships m JOIN communities c ON c.id = m.community_id \
         WHERE c.slug = 'segou' ORDER BY m.organisation_id LIMIT 1",
    )
    .await
    .to_string();
    let outsider = id_of(
        &app,
        "SELECT o.id FROM organisations o WHERE NOT EXISTS (SELECT 1 FROM memberships m \
         JOIN communities c ON c.id = m.community_id WHERE m.organisation_id = o.id AND c.slug = 'segou') \
         ORDER BY o.id LIMIT 1",
    )
    .await
    .to_string();
    let ends = text_of(
        &app,
        "SELECT p.ends_on FROM plan_objectives o JOIN plans p ON p.id = o.plan_id \
         JOIN communities c ON c.id = p.community_id WHERE c.slug = 'segou' ORDER BY o.id LIMIT 1",
    )
    .await;
    let mut core = app.login(SEGOU_CORE).await;
    let actions = app.count("SELECT COUNT(*) FROM plan_actions").await;
    let action = format!("{url}/en-action");
    // An owner that is not a member, a due date after the plan's end: refused, nothing written.
    for (who, due, message) in [
        (outsider.as_str(), ends.as_str(), "membre"),
        (owner.as_str(), "2099-01-01", "période"),
    ] {
        let res = core
            .submit(
                &url,
                &action,
                &[("objective", &objective), ("owner", who), ("due_on", due)],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        res.assert_contains(message);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM plan_actions").await,
        actions
    );
    member.get(&url).await.assert_contains("Ouverte");
    let res = core
        .submit(
            &url,
            &action,
            &[
                ("objective", &objective),
                ("owner", &owner),
                ("due_on", &ends),
                (
                    "expected_result",
                    "Une permanence par mois dans trois communes",
                ),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM plan_actions").await,
        actions + 1
    );
    let action_page = member.get(res.location()).await;
    action_page.assert_contains("Cellule d’écoute itinérante");
    action_page.assert_contains("Issue de la proposition");
    let page = member.get(&url).await;
    page.assert_contains("Acceptée");
    page.assert_contains("Devenue l’action de plan");
}
