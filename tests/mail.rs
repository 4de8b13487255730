//! Invitations by mail through the outbox, against a real SMTP server on this machine; and
//! a message that survives the server being down at first.

mod common;

use axum::http::StatusCode;
use common::smtp::start_smtp;
use common::*;
use kafo::mail::{MailConfig, deliver_due};

async fn deliver(app: &TestApp, port: u16, now: i64) -> (usize, usize) {
    let db = app.state.db.clone();
    let config = MailConfig {
        smtp_url: format!("smtp://127.0.0.1:{port}"),
        from: "Kafo <kafo@kafo.test>".into(),
    };
    tokio::task::spawn_blocking(move || deliver_due(&db, &config, now))
        .await
        .expect("blocking")
        .expect("deliver")
}

struct Mail {
    to: String,
    subject: String,
    body: String,
}

fn parse(raw: &[u8]) -> Mail {
    let m = mailparse::parse_mail(raw).expect("a mail");
    let header = |name: &str| {
        m.headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case(name))
            .map(|h| h.get_value())
            .unwrap_or_default()
    };
    Mail {
        to: header("To"),
        subject: header("Subject"),
        body: m.get_body().expect("body"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_reach_the_mail_server_even_after_it_was_down() {
    let app = TestApp::with_demo().await;
    let meeting: i64 = app
        .state
        .db
        .run(|c| Ok(c.scalar("SELECT id FROM activities WHERE kind = 'semi_annual'", &[])?))
        .await
        .expect("id");
    let page = format!("/c/segou/activites/{meeting}");
    let mut coord = app.login(SEGOU_COORD).await;
    let res = coord
        .submit(
            &page,
            &format!("{page}/invitations"),
            &[("audience", "community")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // The five accounts of Ségou (coordination, core, member, expert, observer).
    assert!(res.location().contains("envoyees=5"), "{}", res.location());
    coord
        .get(res.location())
        .await
        .assert_contains("5 invitations envoyées.");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .await,
        5
    );
    // Inviting again adds nobody.
    let res = coord
        .submit(
            &page,
            &format!("{page}/invitations"),
            &[("audience", "community")],
        )
        .await;
    assert!(res.location().contains("envoyees=0"));

    // The mail server is down: nothing is lost, each message waits for a later attempt.
    let port = free_port();
    let now = kafo::clock::now();
    assert_eq!(deliver(&app, port, now).await, (0, 5));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts = 1 AND last_error IS NOT NULL").await,
        5
    );
    // Not due yet: nothing is tried again at once.
    assert_eq!(deliver(&app, port, now + 1).await, (0, 0));

    // The server is back; at the next due time everything goes, once.
    let inbox = start_smtp(port);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(deliver(&app, port, now + 3600).await, (5, 0));
    assert_eq!(deliver(&app, port, now + 7200).await, (0, 0));
    let mails: Vec<Mail> = inbox
        .lock()
        .expect("inbox")
        .iter()
        .map(|r| parse(r))
        .collect();
    assert_eq!(mails.len(), 5);
    let coord_mail = mails
        .iter()
        .find(|m| m.to.contains("coordination.segou@kafo.test"))
        .expect("the coordinator's invitation");
    assert_eq!(
        coord_mail.subject,
        "Invitation : Rencontre semestrielle de la communauté de pratique"
    );
    assert!(
        coord_mail.body.contains("Quand : 16 février 2027 09:00"),
        "{}",
        coord_mail.body
    );
    assert!(
        coord_mail
            .body
            .contains(&format!("http://kafo.test/c/segou/activites/{meeting}"))
    );
    // The expert reads English.
    let expert = mails
        .iter()
        .find(|m| m.to.contains("experte@kafo.test"))
        .expect("expert");
    assert_eq!(
        expert.subject,
        "Invitation: Rencontre semestrielle de la communauté de pratique"
    );
    assert!(expert.body.contains("When: 16 February 2027 09:00"));
    // No one else's address in anyone's mail.
    for m in &mails {
        assert!(!m.body.contains("@kafo.test"), "{}", m.body);
    }

    // Members answer; the organisers see the answers.
    let mut member = app.login(SEGOU_MEMBER).await;
    let res = member
        .submit(&page, &format!("{page}/reponse"), &[("response", "yes")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    member
        .get(&page)
        .await
        .assert_contains("Votre réponse : oui");
    let mut observer = app.login(SEGOU_OBSERVER).await;
    observer
        .submit(&page, &format!("{page}/reponse"), &[("response", "no")])
        .await;
    coord
        .get(&page)
        .await
        .assert_contains("Oui : 1 · Non : 1 · Peut-être : 0 · Sans réponse : 3");

    // A change of time reaches those who did not decline; a cancellation reaches everyone.
    let edit = format!("{page}/modifier");
    let res = coord
        .submit(
            &edit,
            &edit,
            &[
                ("kind", "semi_annual"),
                (
                    "title",
                    "Rencontre semestrielle de la communauté de pratique",
                ),
                ("starts_at", "2027-02-17T09:00"),
                ("ends_at", "2027-02-17T16:00"),
                ("place", "Ségou"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND subject LIKE 'Modification%'"
        )
        .await,
        3
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND subject LIKE 'Changed%'")
            .await,
        1
    );
    coord.submit(&page, &format!("{page}/annuler"), &[]).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND (subject LIKE 'Annulation%' OR subject LIKE 'Cancelled%')").await,
        5
    );
}

#[tokio::test]
async fn only_organisers_invite_and_only_members_answer() {
    let app = TestApp::with_demo().await;
    let meeting: i64 = app
        .state
        .db
        .run(|c| Ok(c.scalar("SELECT id FROM activities WHERE kind = 'semi_annual'", &[])?))
        .await
        .expect("id");
    let page = format!("/c/segou/activites/{meeting}");
    let mut member = app.login(SEGOU_MEMBER).await;
    let token = member.get(&page).await.csrf();
    let res = member
        .post_raw(
            &format!("{page}/invitations"),
            &[("csrf", &token), ("audience", "community")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Kayes cannot invite to Ségou's members-only meeting, nor answer it.
    let mut kayes = app.login(KAYES_COORD).await;
    let token = kayes.get("/c/kayes/activites").await.csrf();
    let res = kayes
        .post_raw(
            &format!("{page}/invitations"),
            &[("csrf", &token), ("audience", "community")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = kayes
        .post_raw(
            &format!("/c/kayes/activites/{meeting}/reponse"),
            &[("csrf", &token), ("response", "yes")],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);
}

#[tokio::test]
async fn organisers_invite_chosen_organisations_and_people() {
    let app = TestApp::with_demo().await;
    let visit: i64 = app
        .state
        .db
        .run(|c| Ok(c.scalar("SELECT id FROM activities WHERE kind = 'webinar'", &[])?))
        .await
        .expect("id");
    let rjfl: i64 = app
        .state
        .db
        .run(|c| Ok(c.scalar("SELECT id FROM organisations WHERE acronym = 'RJFL'", &[])?))
        .await
        .expect("id");
    let kayes_coord: i64 = app
        .state
        .db
        .run(|c| {
            Ok(c.scalar(
                "SELECT id FROM users WHERE email = 'coordination.kayes@kafo.test'",
                &[],
            )?)
        })
        .await
        .expect("id");
    let page = format!("/c/segou/activites/{visit}");
    let mut coord = app.login(SEGOU_COORD).await;
    let form = coord.get(&page).await;
    form.assert_contains("Inviter des organisations ou des personnes choisies");
    // RJFL's focal person has an account (membre.segou); Kayes's coordinator is chosen by name.
    let res = coord
        .submit(
            &page,
            &format!("{page}/invitations"),
            &[
                ("audience", "chosen"),
                ("orgs", &rjfl.to_string()),
                ("users", &kayes_coord.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().contains("envoyees=2"), "{}", res.location());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE to_addr IN ('membre.segou@kafo.test', 'coordination.kayes@kafo.test')").await,
        2
    );
    // An organisation of no community taking part, or an unknown account: refused, nothing sent.
    let outsider: i64 = app
        .state
        .db
        .run(|c| Ok(c.scalar("SELECT id FROM organisations WHERE name LIKE 'Association Démo des Femmes Rurales%'", &[])?))
        .await
        .expect("id");
    for (field, value) in [
        ("orgs", outsider.to_string()),
        ("users", "99999".to_owned()),
    ] {
        let res = coord
            .submit(
                &page,
                &format!("{page}/invitations"),
                &[("audience", "chosen"), (field, value.as_str())],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{field}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 2);
}
