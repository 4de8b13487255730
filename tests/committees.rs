//! Committees and candidate coaching: who sees candidates (a role matrix over every candidate
//! page, file and search), consent, encryption at rest, figures that survive anonymisation and
//! erasure, hidden small counts in public, and the audit log.

mod common;

use axum::http::StatusCode;
use common::*;

const NAME: &str = "Zeïnab Témoin Kéita";
const CONTACT: &str = "+223 99 88 77 66";
const NOTE: &str = "Zeïnab prépare son discours de campagne";

async fn scalar(app: &TestApp, sql: String) -> i64 {
    app.state
        .db
        .run(move |c| Ok(c.scalar(&sql, &[])?))
        .await
        .expect("scalar")
}

async fn person(app: &TestApp, name: &str) -> String {
    scalar(
        app,
        format!("SELECT MIN(id) FROM people WHERE name = '{name}'"),
    )
    .await
    .to_string()
}

/// A Ségou-only committee made through the form by the Ségou coordinator: members Kadiatou
/// (whose account, the expert's, is linked to her person) and Moussa, chaired by Moussa.
/// Returns the committee's base path.
async fn segou_committee(app: &TestApp, coord: &mut Client, public: bool) -> String {
    let segou = scalar(
        app,
        "SELECT id FROM communities WHERE slug = 'segou'".into(),
    )
    .await
    .to_string();
    let kadiatou = person(app, "Kadiatou Démo Diarra").await;
    let moussa = person(app, "Moussa Démo Coulibaly").await;
    let sql = format!(
        "UPDATE users SET person_id = {kadiatou} WHERE email = '{}'",
        EXPERT.0
    );
    app.state
        .db
        .tx(move |c| Ok(c.execute(&sql, &[])?))
        .await
        .expect("link the expert's account to her person");
    let mut fields = vec![
        ("name", "Comité test de Ségou"),
        ("mandate", "Accompagner les candidates."),
        ("communities", segou.as_str()),
        ("members", kadiatou.as_str()),
        ("members", moussa.as_str()),
        ("chair", moussa.as_str()),
    ];
    if public {
        fields.push(("figures_public", "1"));
    }
    let res = coord
        .submit(
            "/c/segou/comites/nouveau",
            "/c/segou/comites/nouveau",
            &fields,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let base = res.location().to_owned();
    let page = coord.get(&base).await;
    page.assert_contains("Comité test de Ségou");
    page.assert_contains("2 membres");
    page.assert_contains("Moussa Démo Coulibaly · ");
    base
}

fn candidate_fields<'a>(
    name: &'a str,
    contact: &'a str,
    segou: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("locality", "Pelengana"),
        ("community", segou),
        ("office", "communal"),
        ("party", "Parti test"),
        ("contact", contact),
        ("notes", "Notes confidentielles de test"),
        ("consent_on", "2026-01-10"),
        ("consent_how", "written"),
        ("review_on", "2026-12-31"),
    ]
}

/// Records a candidate through the form; returns her page's path.
async fn add_candidate(
    app: &TestApp,
    who: &mut Client,
    base: &str,
    name: &str,
    contact: &str,
) -> String {
    let segou = scalar(
        app,
        "SELECT id FROM communities WHERE slug = 'segou'".into(),
    )
    .await
    .to_string();
    let form = format!("{base}/candidates/nouvelle");
    let res = who
        .submit(&form, &form, &candidate_fields(name, contact, &segou))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location().to_owned()
}

/// A refusal: forbidden, not found, or the login page; never the record.
#[track_caller]
fn assert_refused(who: &str, path: &str, res: &TestResponse) {
    let refused = res.status == StatusCode::FORBIDDEN
        || res.status == StatusCode::NOT_FOUND
        || (res.status == StatusCode::SEE_OTHER && res.location().starts_with("/connexion"));
    assert!(
        refused,
        "{who} on {path}: expected a refusal, got {} {}",
        res.status,
        res.location()
    );
    assert!(
        !res.body.contains("Zeïnab"),
        "{who} on {path}: the name leaked"
    );
    assert!(
        !res.body.contains(CONTACT),
        "{who} on {path}: the contact leaked"
    );
}

#[tokio::test]
async fn only_committee_members_and_coordinators_of_its_communities_see_candidates() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let base = segou_committee(&app, &mut coord, true).await;
    let candidate = add_candidate(&app, &mut coord, &base, NAME, CONTACT).await;
    let cid = candidate.rsplit('/').next().expect("id").to_owned();
    let moussa = person(&app, "Moussa Démo Coulibaly").await;
    let form = format!("{base}/seances/nouvelle");
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("held_on", "2026-02-01"),
                ("topic", "Prise de parole"),
                ("coach", moussa.as_str()),
                ("present", cid.as_str()),
                ("notes", NOTE),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let session = res.location().to_owned();

    let pages = [
        format!("{base}/candidates"),
        candidate.clone(),
        format!("{candidate}/modifier"),
        format!("{base}/candidates/nouvelle"),
        session.clone(),
        format!("{base}/seances/nouvelle"),
        format!("{base}/export.csv"),
    ];

    // Allowed: the coordinator of the committee's community and a committee member.
    for (who, login) in [("coordinator", SEGOU_COORD), ("committee member", EXPERT)] {
        let mut c = app.login(login).await;
        for p in &pages {
            let res = c.get(p).await;
            assert_eq!(res.status, StatusCode::OK, "{who} on {p}: {}", res.body);
            assert_eq!(
                res.headers
                    .get("cache-control")
                    .and_then(|v| v.to_str().ok()),
                Some("no-store"),
                "{who} on {p}"
            );
        }
        c.get(&candidate).await.assert_contains(CONTACT);
        c.get(&session).await.assert_contains(NOTE);
        let csv = c.get(&format!("{base}/export.csv")).await;
        csv.assert_contains(CONTACT);
        assert!(
            csv.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/csv"))
        );
    }

    // Refused: everyone else, the platform admin included.
    let mut refused: Vec<(&str, Client)> = vec![("logged out", app.client())];
    for (who, login) in [
        ("observer", SEGOU_OBSERVER),
        ("member", SEGOU_MEMBER),
        ("core", SEGOU_CORE),
        ("coordinator of another community", KAYES_COORD),
        ("admin", ADMIN),
    ] {
        refused.push((who, app.login(login).await));
    }
    let stages_before = scalar(&app, "SELECT COUNT(*) FROM candidate_stages".into()).await;
    let candidates_before = scalar(&app, "SELECT COUNT(*) FROM candidates".into()).await;
    for (who, c) in refused.iter_mut() {
        for p in &pages {
            let res = c.get(p).await;
            assert_refused(who, p, &res);
        }
        // The same record through the other community's address is no way in either.
        let via_kayes = candidate.replacen("/c/segou/", "/c/kayes/", 1);
        assert_refused(who, &via_kayes, &c.get(&via_kayes).await);
        // Writes are refused and change nothing.
        let csrf = {
            let home = c.get("/").await;
            if home.body.contains("name=\"csrf\"") {
                home.csrf()
            } else {
                String::new()
            }
        };
        let segou = scalar(
            &app,
            "SELECT id FROM communities WHERE slug = 'segou'".into(),
        )
        .await
        .to_string();
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend(candidate_fields("Intruse", "+223 11 11 11 11", &segou));
        for (path, body) in [
            (
                format!("{candidate}/etape"),
                vec![("csrf", csrf.as_str()), ("stage", "elected")],
            ),
            (
                format!("{candidate}/anonymiser"),
                vec![("csrf", csrf.as_str())],
            ),
            (
                format!("{candidate}/effacer"),
                vec![("csrf", csrf.as_str())],
            ),
            (format!("{candidate}/modifier"), fields.clone()),
            (format!("{base}/candidates/nouvelle"), fields.clone()),
        ] {
            let res = c.post_raw(&path, &body).await;
            assert_refused(who, &path, &res);
        }
    }
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM candidate_stages".into()).await,
        stages_before
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM candidates".into()).await,
        candidates_before
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM candidates WHERE anonymised_at IS NOT NULL".into()
        )
        .await,
        0
    );
    // Each refused attempt of an account is in the audit log, the admin's included.
    let admin_tries = scalar(
        &app,
        format!(
            "SELECT COUNT(*) FROM audit_events e JOIN users u ON u.id = e.user_id \
             WHERE e.action = 'candidate.refused' AND u.email = '{}'",
            ADMIN.0
        ),
    )
    .await;
    assert!(
        admin_tries >= 7,
        "{admin_tries} refusals of the admin logged"
    );

    // The committee page itself is open to members of the community, and the link to the
    // candidates shows only to those who may follow it.
    let mut member = app.login(SEGOU_MEMBER).await;
    let page = member.get(&base).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/candidates\""));
    coord.get(&base).await.assert_contains("/candidates\"");

    // Search never returns a candidate, whoever asks.
    let mut everyone: Vec<Client> = vec![app.client()];
    for login in ALL_ROLES {
        everyone.push(app.login(login).await);
    }
    for c in everyone.iter_mut() {
        for q in ["Zeïnab", "Kéita+Témoin", "discours+campagne", "99+88+77+66"] {
            let res = c.get(&format!("/recherche?q={q}")).await;
            assert_eq!(res.status, StatusCode::OK);
            // The page repeats the query; it must hold nothing of the record beyond it.
            assert!(!res.body.contains(NAME), "search {q} found the candidate");
            assert!(!res.body.contains(CONTACT), "search {q} found the contact");
            assert!(
                !res.body.contains("Pelengana"),
                "search {q} found the locality"
            );
            assert!(
                !res.body.contains("/comites/"),
                "search {q} links a committee page"
            );
        }
    }
}

#[tokio::test]
async fn a_candidate_without_consent_is_refused_and_nothing_is_written() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let base = segou_committee(&app, &mut coord, false).await;
    let segou = scalar(
        &app,
        "SELECT id FROM communities WHERE slug = 'segou'".into(),
    )
    .await
    .to_string();
    let before = scalar(&app, "SELECT COUNT(*) FROM candidates".into()).await;
    let audit_before = scalar(&app, "SELECT COUNT(*) FROM audit_events".into()).await;
    let form = format!("{base}/candidates/nouvelle");
    let fields: Vec<(&str, &str)> = candidate_fields(NAME, CONTACT, &segou)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("consent"))
        .collect();
    let res = coord.submit(&form, &form, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Sans consentement, aucune fiche ne peut être enregistrée");
    // Half a consent is no consent.
    let mut half = fields.clone();
    half.push(("consent_on", "2026-01-10"));
    let res = coord.submit(&form, &form, &half).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Sans consentement");
    // Neither party nor independent, and an office outside the closed set.
    let mut bad = candidate_fields(NAME, CONTACT, &segou);
    bad.retain(|(k, _)| *k != "party" && *k != "office");
    bad.push(("office", "presidential"));
    let res = coord.submit(&form, &form, &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Indiquez un parti, ou cochez « Indépendante »");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM candidates".into()).await,
        before
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM audit_events".into()).await,
        audit_before
    );
    // The same form with consent is saved, and says who recorded it.
    let page = add_candidate(&app, &mut coord, &base, NAME, CONTACT).await;
    let res = coord.get(&page).await;
    res.assert_contains("recueilli par Aminata Démo Traoré");
    res.assert_contains("Écrit et signé");
}

#[tokio::test]
async fn the_contact_is_not_readable_in_the_raw_database() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let base = segou_committee(&app, &mut coord, false).await;
    let page = add_candidate(&app, &mut coord, &base, NAME, CONTACT).await;
    coord.get(&page).await.assert_contains(CONTACT);
    // The raw column, on either backend.
    let sealed: Vec<String> = app
        .state
        .db
        .run(|c| {
            Ok(c.query(
                "SELECT sealed FROM candidates WHERE sealed IS NOT NULL",
                &[],
                |r| r.get("sealed"),
            )?)
        })
        .await
        .expect("raw column");
    assert!(sealed.len() >= 5, "the demo's four and this one");
    for s in &sealed {
        assert!(s.starts_with("v1:"));
        assert!(!s.contains(CONTACT) && !s.contains("Zeïnab") && !s.contains("Fictive"));
    }
    let notes: Vec<String> = app
        .state
        .db
        .run(|c| {
            Ok(c.query("SELECT notes FROM coaching_sessions", &[], |r| {
                r.get("notes")
            })?)
        })
        .await
        .expect("raw notes");
    assert_eq!(notes.len(), 2);
    assert!(
        notes
            .iter()
            .all(|n| !n.contains("FICTIVE") && !n.contains("discours"))
    );
    // On SQLite, the database file itself (and its write-ahead log).
    if let Some(path) = app.test_db.url.strip_prefix("sqlite://") {
        let mut bytes = std::fs::read(path).expect("database file");
        if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
            bytes.extend(wal);
        }
        let hay = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(
            hay("Aminata Démo Traoré"),
            "the file is readable: the check means something"
        );
        assert!(
            !hay(CONTACT),
            "the contact is in clear in the database file"
        );
        assert!(
            !hay("00 00 01 01"),
            "a demo contact is in clear in the database file"
        );
        assert!(!hay("Zeïnab"), "the name is in clear in the database file");
        // The key is outside the database, beside it.
        let key = std::path::Path::new(path).with_extension("key");
        assert!(key.exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key).expect("key").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_file(key);
    }
}

/// The four figures as the committee page shows them: identified, coached, declared, elected.
fn figures(body: &str) -> Vec<String> {
    body.split("<dd>")
        .skip(1)
        .take(4)
        .map(|s| s.split("</dd>").next().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn figures_stay_right_after_anonymisation_and_erasure() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let base = segou_committee(&app, &mut coord, false).await;
    let a = add_candidate(&app, &mut coord, &base, NAME, CONTACT).await;
    let b = add_candidate(
        &app,
        &mut coord,
        &base,
        "Nana Témoin Bah",
        "+223 55 44 33 22",
    )
    .await;
    let c = add_candidate(
        &app,
        &mut coord,
        &base,
        "Oumy Témoin Sow",
        "+223 12 12 12 12",
    )
    .await;
    for (page, stages) in [
        (&a, vec!["coached", "declared", "elected"]),
        (&b, vec!["coached", "declared", "withdrew"]),
        (&c, vec!["coached"]),
    ] {
        for s in stages {
            let res = coord
                .submit(
                    page,
                    &format!("{page}/etape"),
                    &[("stage", s), ("on", "2026-02-02")],
                )
                .await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        }
    }
    let page = coord.get(&a).await;
    page.assert_contains("Élue");
    page.assert_contains("Candidate déclarée");
    let aid = a.rsplit('/').next().expect("id").to_owned();
    let form = format!("{base}/seances/nouvelle");
    let res = coord
        .submit(
            &form,
            &form,
            &[
                ("held_on", "2026-02-01"),
                ("topic", "Campagne"),
                ("present", aid.as_str()),
                ("notes", "Zeïnab Témoin Kéita présente son programme."),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let session = res.location().to_owned();
    let before = figures(&coord.get(&base).await.body);
    assert_eq!(before, ["3", "3", "2", "1"]);

    // Anonymise the elected one: her details go, her path stays.
    let res = coord.submit(&a, &format!("{a}/anonymiser"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = coord.get(&a).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Zeïnab") && !page.body.contains(CONTACT));
    assert!(!page.body.contains("Pelengana") && !page.body.contains("Parti test"));
    page.assert_contains("Candidate anonymisée n°");
    page.assert_contains("Communal");
    page.assert_contains("Élue");
    let notes = coord.get(&session).await;
    assert!(
        !notes.body.contains("Zeïnab"),
        "her name is still in the notes"
    );
    notes.assert_contains("[nom retiré] présente son programme.");
    assert_eq!(figures(&coord.get(&base).await.body), before);

    // Erase the one who withdrew: the record goes, the figures stay.
    let res = coord.submit(&b, &format!("{b}/effacer"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(coord.get(&b).await.status, StatusCode::NOT_FOUND);
    let list = coord.get(&format!("{base}/candidates")).await;
    assert!(!list.body.contains("Nana Témoin Bah"));
    list.assert_contains("Oumy Témoin Sow");
    assert_eq!(figures(&coord.get(&base).await.body), before);
    let bid = b.rsplit('/').next().expect("id");
    assert_eq!(
        scalar(
            &app,
            format!("SELECT COUNT(*) FROM candidates WHERE id = {bid}")
        )
        .await,
        0
    );
    assert_eq!(
        scalar(
            &app,
            format!("SELECT COUNT(*) FROM candidate_stages WHERE candidate_id = {bid}")
        )
        .await,
        0
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM candidate_tombstones".into()).await,
        1
    );
    // Erase the anonymised one as well: still the same figures.
    let res = coord.submit(&a, &format!("{a}/effacer"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(figures(&coord.get(&base).await.body), before);
}

#[tokio::test]
async fn public_figures_hide_counts_under_five() {
    let app = TestApp::with_demo().await;
    let segou = scalar(
        &app,
        "SELECT id FROM communities WHERE slug = 'segou'".into(),
    )
    .await;
    let demo = scalar(
        &app,
        format!(
            "SELECT k.id FROM committees k JOIN committee_communities cc ON cc.committee_id = k.id \
             WHERE cc.community_id = {segou}"
        ),
    )
    .await;
    let path = format!("/c/segou/comites/{demo}");
    // Members of the community see the exact figures and the members.
    let mut member = app.login(SEGOU_MEMBER).await;
    let page = member.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Comité de veille médiatique Ségou–Kayes");
    page.assert_contains("8 membres");
    page.assert_contains("Hawa Démo Sissoko");
    assert_eq!(figures(&page.body), ["4", "3", "2", "1"]);
    // The public sees it through either community, with every count under 5 hidden.
    let mut anon = app.client();
    for p in [path.clone(), path.replacen("segou", "kayes", 1)] {
        let page = anon.get(&p).await;
        assert_eq!(page.status, StatusCode::OK, "{p}");
        assert_eq!(figures(&page.body), ["moins de 5"; 4]);
        assert!(
            !page.body.contains("Hawa Démo Sissoko"),
            "members are not public"
        );
        assert!(!page.body.contains("Fictive"));
    }
    let list = anon.get("/c/segou/comites").await;
    list.assert_contains("Comité de veille médiatique");
    // A fifth candidate: 5 identified is shown, the rest stays hidden.
    let mut coord = app.login(SEGOU_COORD).await;
    add_candidate(&app, &mut coord, &path, NAME, CONTACT).await;
    assert_eq!(
        figures(&anon.get(&path).await.body),
        ["5", "moins de 5", "moins de 5", "moins de 5"]
    );
    // A committee whose figures are not public is not shown to the public at all.
    let private = segou_committee(&app, &mut coord, false).await;
    let res = anon.get(&private).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/connexion"));
    assert!(
        !anon
            .get("/c/segou/comites")
            .await
            .body
            .contains("Comité test de Ségou")
    );
}

#[tokio::test]
async fn views_changes_and_erasures_are_audited_and_admins_read_who_and_when_only() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let base = segou_committee(&app, &mut coord, false).await;
    let page = add_candidate(&app, &mut coord, &base, NAME, CONTACT).await;
    let id = page.rsplit('/').next().expect("id").to_owned();
    let count = |action: &str| {
        format!(
            "SELECT COUNT(*) FROM audit_events WHERE entity = 'candidate' AND entity_id = {id} AND action = '{action}'"
        )
    };
    assert_eq!(scalar(&app, count("candidate.create")).await, 1);
    let mut expert = app.login(EXPERT).await;
    expert.get(&page).await.assert_contains(CONTACT);
    coord.get(&page).await;
    assert_eq!(scalar(&app, count("candidate.view")).await, 2);
    let segou = scalar(
        &app,
        "SELECT id FROM communities WHERE slug = 'segou'".into(),
    )
    .await
    .to_string();
    let edit = format!("{page}/modifier");
    let res = expert
        .submit(
            &edit,
            &edit,
            &candidate_fields(NAME, "+223 70 70 70 70", &segou),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(scalar(&app, count("candidate.update")).await, 1);
    coord.get(&format!("{base}/export.csv")).await;
    assert_eq!(scalar(&app, count("candidate.export")).await, 1);
    let res = coord.submit(&page, &format!("{page}/effacer"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(scalar(&app, count("candidate.erase")).await, 1);
    // No audit row holds the content.
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%Zeïnab%' OR detail LIKE '%70 70%'"
                .into()
        )
        .await,
        0
    );
    // Admins read the log: who and when, never the name.
    let mut admin = app.login(ADMIN).await;
    let journal = admin.get("/admin/journal").await;
    assert_eq!(journal.status, StatusCode::OK);
    // Actions and records in words, never the stored codes.
    journal.assert_contains("A effacé une fiche");
    journal.assert_contains("A consulté une fiche");
    assert!(
        !journal.body.contains("candidate.view"),
        "a stored code shown"
    );
    journal.assert_contains("Kadiatou Démo Diarra");
    journal.assert_contains(&format!("Fiche n° {id}"));
    assert!(!journal.body.contains("Zeïnab") && !journal.body.contains(CONTACT));
    assert!(admin.get("/admin").await.body.contains("/admin/journal"));
    // Nobody else does.
    assert_eq!(
        coord.get("/admin/journal").await.status,
        StatusCode::FORBIDDEN
    );
    let res = app.client().get("/admin/journal").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_demo_committee_works_for_its_members_and_links_from_the_community() {
    let app = TestApp::with_demo().await;
    let mut anon = app.client();
    anon.get("/c/kayes")
        .await
        .assert_contains("/c/kayes/comites");
    // Fatoumata's account is linked to her person, a member of the committee.
    let mut member = app.login(SEGOU_MEMBER).await;
    let list = member.get("/c/segou/comites").await;
    let href = list
        .body
        .split("href=\"")
        .find(|s| s.starts_with("/c/segou/comites/") && !s.starts_with("/c/segou/comites/nouveau"))
        .and_then(|s| s.split('"').next())
        .expect("a committee link")
        .to_owned();
    let page = member.get(&href).await;
    page.assert_contains("<strong>Président·e</strong>");
    let candidates = member.get(&format!("{href}/candidates")).await;
    assert_eq!(candidates.status, StatusCode::OK);
    candidates.assert_contains("Assétou Fictive Diallo");
    candidates.assert_contains("Djénéba Fictive Cissé");
    candidates.assert_contains("Prise de parole en public et face aux médias");
    candidates.assert_contains("Loi 052 et constitution des listes électorales");
    // The Kayes coordinator reaches the same candidates through her community.
    let mut kayes = app.login(KAYES_COORD).await;
    let via = href.replacen("segou", "kayes", 1);
    kayes
        .get(&format!("{via}/candidates"))
        .await
        .assert_contains("Coumba Fictive Sidibé");
    // Only the coordinators manage the committee.
    assert_eq!(
        member.get(&format!("{href}/modifier")).await.status,
        StatusCode::FORBIDDEN
    );
    let edit = kayes.get(&format!("{via}/modifier")).await;
    assert_eq!(edit.status, StatusCode::OK);
    // A chair who is not a member is refused, and nothing changes.
    let mut fields = vec![("name", "Comité renommé")];
    let outsider = person(&app, "Boubacar Démo Keïta").await;
    fields.push(("chair", outsider.as_str()));
    let res = kayes
        .submit(
            &format!("{via}/modifier"),
            &format!("{via}/modifier"),
            &fields,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("La présidence revient à un membre du comité.");
    member
        .get(&href)
        .await
        .assert_contains("Comité de veille médiatique Ségou–Kayes");
    // Pages stay within the page-weight budget (14 KB compressed; raw HTML is well below).
    assert!(
        candidates.body.len() < 14 * 1024,
        "{} bytes",
        candidates.body.len()
    );
}
