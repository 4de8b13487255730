//! Community life: planning, attendance, reach, minutes, decisions, actions, calendar files.

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
async fn the_demo_reproduces_the_seed_results_from_what_was_recorded() {
    let app = TestApp::with_demo().await;
    let mut anon = app.client();
    let past = anon.get("/c/segou/activites?quand=passees").await;
    assert_eq!(past.status, StatusCode::OK);
    past.assert_contains("5 activités");
    for (title, figure) in [
        (
            "Cadre de concertation sur le mariage d’enfants",
            "41 participants",
        ),
        (
            "Cadre de concertation sur la participation et la représentativité des femmes",
            "35 participants",
        ),
        (
            "Cadre de concertation sur l’application de la loi 052",
            "38 participants",
        ),
    ] {
        past.assert_contains(title);
        past.assert_contains(figure);
    }
    let walls = id_of(
        &app,
        "SELECT id FROM activities WHERE kind = 'awareness_campaign'",
    )
    .await;
    let page = anon.get(&format!("/c/segou/activites/{walls}")).await;
    page.assert_contains("Organisations sensibilisées : 40");
    page.assert_contains("Festivaliers : environ 2\u{202f}000");
    page.assert_contains("Scolaires : environ 1\u{202f}000");
    let first = id_of(&app, "SELECT MIN(id) FROM activities").await;
    let page = anon.get(&format!("/c/segou/activites/{first}")).await;
    page.assert_contains("<strong>41 participants</strong>");
    page.assert_contains("29 femmes");
    page.assert_contains("12 hommes");
    page.assert_contains("<strong>stratégies d’abandon</strong>");
    // The exchange visit is in both communities' calendars, with its decisions.
    let visit = id_of(
        &app,
        "SELECT id FROM activities WHERE kind = 'exchange_visit'",
    )
    .await;
    let kayes = anon.get("/c/kayes/activites?quand=passees").await;
    kayes
        .assert_contains("Visite d’échange entre les communautés de pratique de Ségou et de Kayes");
    let page = anon.get(&format!("/c/kayes/activites/{visit}")).await;
    page.assert_contains("comité de veille médiatique de 8 membres");
    page.assert_contains("Communauté de pratique de Kayes");
    page.assert_contains("6 participants");
}

#[tokio::test]
async fn a_coordinator_runs_a_semi_annual_meeting_from_plan_to_figures() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let theme = id_of(&app, "SELECT id FROM themes WHERE slug = 'vbg'")
        .await
        .to_string();
    let res = coord
        .submit(
            "/c/segou/activites/nouvelle",
            "/c/segou/activites/nouvelle",
            &[
                ("kind", "semi_annual"),
                ("title", "Rencontre semestrielle de test"),
                ("starts_at", "2027-06-10T09:00"),
                ("ends_at", "2027-06-10T16:30"),
                ("place", "Ségou, maison de la femme"),
                ("themes", &theme),
                ("agenda", "Bilan\nPartage d’expériences"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page_url = res.location().to_owned();
    let page = coord.get(&page_url).await;
    page.assert_contains("Rencontre semestrielle de test");
    page.assert_contains("10 juin 2027, 09:00 – 16:30");
    page.assert_contains("0 participant");
    // Attendance: a registered person and two walk-ins.
    let person = id_of(
        &app,
        "SELECT id FROM people WHERE name = 'Oumou Démo Sangaré'",
    )
    .await
    .to_string();
    let markala = id_of(&app, "SELECT id FROM organisations WHERE acronym = 'ADFM'")
        .await
        .to_string();
    let sheet = format!("{page_url}/presences");
    for fields in [
        vec![("person", person.as_str())],
        vec![
            ("name", "Salimata Démo Bagayoko"),
            ("sex", "F"),
            ("organisation", markala.as_str()),
            ("age_band", "25_34"),
        ],
        vec![
            ("name", "Issa Démo Maïga"),
            ("sex", "M"),
            ("organisation_name", "Mairie de Pelengana"),
            ("commune", "Pelengana"),
        ],
    ] {
        let res = coord.submit(&sheet, &sheet, &fields).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    // The same person twice is refused.
    let res = coord
        .submit(&sheet, &sheet, &[("person", person.as_str())])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("déjà sur la feuille de présence");
    let res = coord
        .submit(
            &sheet,
            &sheet,
            &[("name", "salimata demo BAGAYOKO"), ("sex", "F")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Reach, then minutes, a decision and an action.
    let res = coord
        .submit(
            &sheet,
            &format!("{page_url}/audiences"),
            &[
                ("audience", "community_members"),
                ("headcount", "1 200"),
                ("estimated", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = coord
        .submit(
            &sheet,
            &format!("{page_url}/audiences"),
            &[("audience", "pupils"), ("headcount", "-3")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Nombre invalide");
    coord
        .submit(&page_url, &format!("{page_url}/compte-rendu"), &[("text", "# Compte rendu\n\n<script>alert(1)</script>\n\nLes échanges ont porté sur **les AGR**.")])
        .await;
    coord
        .submit(
            &page_url,
            &format!("{page_url}/decisions"),
            &[("text", "Tenir la prochaine rencontre à Markala.")],
        )
        .await;
    let res = coord
        .submit(
            &page_url,
            &format!("{page_url}/actions"),
            &[
                ("title", "Envoyer le compte rendu aux membres"),
                ("owner", markala.as_str()),
                ("due_on", "2027-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = coord.get(&page_url).await;
    page.assert_contains("<strong>3 participants</strong>");
    page.assert_contains("2 femmes");
    page.assert_contains("1 homme");
    // Oumou belongs to ADFM too: two organisations.
    page.assert_contains("2 organisations représentées");
    page.assert_contains("Membres de la communauté : environ 1\u{202f}200");
    page.assert_contains("<strong>les AGR</strong>");
    assert!(!page.body.contains("<script>alert"));
    page.assert_contains("Tenir la prochaine rencontre à Markala.");
    page.assert_contains("pour le 30 juin 2027");
    // The action shows on the owner's page until done.
    let org_page = format!("/c/segou/organisations/{markala}");
    coord
        .get(&org_page)
        .await
        .assert_contains("Envoyer le compte rendu aux membres");
    let action = id_of(
        &app,
        "SELECT id FROM action_items WHERE title = 'Envoyer le compte rendu aux membres'",
    )
    .await;
    let res = coord
        .submit(
            &page_url,
            &format!("{page_url}/actions/{action}"),
            &[("status", "done")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        !coord
            .get(&org_page)
            .await
            .body
            .contains("Envoyer le compte rendu aux membres")
    );
}

#[tokio::test]
async fn bad_activities_are_refused_and_nothing_is_written() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let before = app.count("SELECT COUNT(*) FROM activities").await;
    let kayes = id_of(&app, "SELECT id FROM communities WHERE slug = 'kayes'")
        .await
        .to_string();
    let segou = id_of(&app, "SELECT id FROM communities WHERE slug = 'segou'")
        .await
        .to_string();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("kind", "semi_annual"),
                ("title", "X"),
                ("starts_at", "2027-06-10T16:00"),
                ("ends_at", "2027-06-10T09:00"),
            ],
            "La date de fin est avant la date de début.",
        ),
        (
            vec![
                ("kind", "semi_annual"),
                ("title", "X"),
                ("starts_at", "2027-02-30T09:00"),
                ("ends_at", "2027-03-01T09:00"),
            ],
            "Date et heure invalides",
        ),
        (
            vec![
                ("kind", "semi_annual"),
                ("title", ""),
                ("starts_at", "2027-06-10T09:00"),
                ("ends_at", "2027-06-10T10:00"),
            ],
            "Ce champ est obligatoire.",
        ),
        (
            vec![
                ("kind", "webinar"),
                ("title", "X"),
                ("starts_at", "2027-06-10T09:00"),
                ("ends_at", "2027-06-10T10:00"),
            ],
            "besoin d’un lien",
        ),
        (
            vec![
                ("kind", "exchange_visit"),
                ("title", "X"),
                ("starts_at", "2027-06-10T09:00"),
                ("ends_at", "2027-06-10T10:00"),
            ],
            "au moins une communauté invitée",
        ),
        (
            vec![
                ("kind", "exchange_visit"),
                ("title", "X"),
                ("starts_at", "2027-06-10T09:00"),
                ("ends_at", "2027-06-10T10:00"),
                ("guests", segou.as_str()),
            ],
            "Choix invalide.",
        ),
        (
            vec![
                ("kind", "exchange_visit"),
                ("title", "X"),
                ("starts_at", "2027-06-10T09:00"),
                ("ends_at", "2027-06-10T10:00"),
                ("guests", "99999"),
            ],
            "Choix invalide.",
        ),
        (
            vec![
                ("kind", "party"),
                ("title", "X"),
                ("starts_at", "2027-06-10T09:00"),
                ("ends_at", "2027-06-10T10:00"),
            ],
            "Choix invalide.",
        ),
        (
            vec![
                ("kind", "awareness_campaign"),
                ("title", "X"),
                ("starts_at", "2027-01-01T09:00"),
                ("ends_at", "2029-01-01T10:00"),
            ],
            "au plus un an",
        ),
        (
            vec![
                ("kind", "webinar"),
                ("title", "Webinaire"),
                ("starts_at", "2027-01-01T09:00"),
                ("ends_at", "2027-01-01T10:00"),
                ("online_url", "https://visio.example.org/cdp"),
                ("repeat", "semi_annual"),
                ("occurrences", "40"),
            ],
            "Indiquez entre 2 et 12 séances.",
        ),
        (
            vec![
                ("kind", "webinar"),
                ("title", "Webinaire"),
                ("starts_at", "2027-01-01T09:00"),
                ("ends_at", "2027-01-01T10:00"),
                ("online_url", "https://visio.example.org/cdp"),
                ("repeat", "weekly"),
                ("occurrences", "4"),
            ],
            "Choix invalide",
        ),
    ];
    for (fields, message) in cases {
        let res = coord
            .submit(
                "/c/segou/activites/nouvelle",
                "/c/segou/activites/nouvelle",
                &fields,
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        res.assert_contains(message);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM activities").await, before);
    // A valid exchange visit with Kayes as guest is accepted.
    let res = coord
        .submit(
            "/c/segou/activites/nouvelle",
            "/c/segou/activites/nouvelle",
            &[
                ("kind", "exchange_visit"),
                ("title", "Visite retour"),
                ("starts_at", "2027-09-01T09:00"),
                ("ends_at", "2027-09-03T17:00"),
                ("guests", kayes.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn only_organisers_of_the_host_plan_and_record() {
    let app = TestApp::with_demo().await;
    let visit = id_of(
        &app,
        "SELECT id FROM activities WHERE kind = 'exchange_visit'",
    )
    .await;
    for who in [SEGOU_MEMBER, EXPERT, SEGOU_OBSERVER] {
        let mut c = app.login(who).await;
        assert_eq!(
            c.get("/c/segou/activites/nouvelle").await.status,
            StatusCode::FORBIDDEN,
            "{}",
            who.0
        );
        assert_eq!(
            c.get(&format!("/c/segou/activites/{visit}/presences"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    // The core group may organise.
    let mut core = app.login(SEGOU_CORE).await;
    assert_eq!(
        core.get("/c/segou/activites/nouvelle").await.status,
        StatusCode::OK
    );
    // Kayes is a guest of the visit: it sees it, but records nothing on Ségou's activity.
    let mut kayes = app.login(KAYES_COORD).await;
    assert_eq!(
        kayes
            .get(&format!("/c/kayes/activites/{visit}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        kayes
            .get(&format!("/c/kayes/activites/{visit}/presences"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let token = kayes.get("/c/kayes/activites/nouvelle").await.csrf();
    let res = kayes
        .post_raw(
            &format!("/c/segou/activites/{visit}/decisions"),
            &[("csrf", &token), ("text", "Forgée")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = kayes
        .post_raw(
            &format!("/c/kayes/activites/{visit}/decisions"),
            &[("csrf", &token), ("text", "Forgée")],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM decisions WHERE text = 'Forgée'")
            .await,
        0
    );
}

#[tokio::test]
async fn members_only_activities_stay_with_members() {
    let app = TestApp::with_demo().await;
    let meeting = id_of(&app, "SELECT id FROM activities WHERE kind = 'semi_annual'").await;
    let mut anon = app.client();
    assert!(
        !anon
            .get("/c/segou/activites")
            .await
            .body
            .contains("Rencontre semestrielle de la communauté")
    );
    let res = anon.get(&format!("/c/segou/activites/{meeting}")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut kayes = app.login(KAYES_COORD).await;
    assert_eq!(
        kayes
            .get(&format!("/c/kayes/activites/{meeting}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mut member = app.login(SEGOU_MEMBER).await;
    member
        .get("/c/segou/activites")
        .await
        .assert_contains("Rencontre semestrielle de la communauté");
    assert_eq!(
        member
            .get(&format!("/c/segou/activites/{meeting}"))
            .await
            .status,
        StatusCode::OK
    );
    // Nor does the public feed carry it.
    let feed = anon.get("/c/segou/calendrier.ics").await;
    assert!(
        !feed
            .body
            .contains("Rencontre semestrielle de la communauté")
    );
}

#[tokio::test]
async fn calendar_files_parse_and_carry_no_personal_data() {
    let app = TestApp::with_demo().await;
    let visit = id_of(
        &app,
        "SELECT id FROM activities WHERE kind = 'exchange_visit'",
    )
    .await;
    let mut anon = app.client();
    let res = anon
        .get(&format!("/c/segou/activites/{visit}/invitation.ics"))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.headers["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/calendar")
    );
    let mut parser = ical::IcalParser::new(res.body.as_bytes());
    let cal = parser
        .next()
        .expect("a calendar")
        .unwrap_or_else(|e| panic!("{e:?}: {}", res.body));
    assert_eq!(cal.events.len(), 1);
    let prop = |name: &str| {
        cal.events[0]
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        prop("SUMMARY"),
        "Visite d’échange entre les communautés de pratique de Ségou et de Kayes"
    );
    assert_eq!(prop("DTSTART"), "20230509T090000Z");
    assert_eq!(prop("DTEND"), "20230511T170000Z");
    assert_eq!(prop("LOCATION"), "Ségou");
    for name in ["Aminata", "Oumou", "ATTENDEE", "@kafo.test"] {
        assert!(!res.body.contains(name), "{name} must not be in the file");
    }
    let feed = anon.get("/c/segou/calendrier.ics").await;
    let mut parser = ical::IcalParser::new(feed.body.as_bytes());
    let cal = parser.next().expect("a calendar").expect("parses");
    // The feed carries the public activities of the last year and to come: the webinar.
    assert_eq!(cal.events.len(), 1, "{}", feed.body);
    assert!(
        feed.body
            .contains("Webinaire d’échange semestriel Ségou–Kayes")
    );
}

#[tokio::test]
async fn plan_again_prefills_six_months_later() {
    let app = TestApp::with_demo().await;
    let webinar = id_of(&app, "SELECT id FROM activities WHERE kind = 'webinar'").await;
    let mut coord = app.login(SEGOU_COORD).await;
    let form = coord
        .get(&format!("/c/segou/activites/nouvelle?copie={webinar}"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("value=\"2027-07-20T10:00\"");
    form.assert_contains("Webinaire d’échange semestriel Ségou–Kayes");
}

#[tokio::test]
async fn the_attendance_sheet_is_a_real_pdf_with_the_invited_names() {
    let app = TestApp::with_demo().await;
    let meeting = id_of(&app, "SELECT id FROM activities WHERE kind = 'semi_annual'").await;
    let page = format!("/c/segou/activites/{meeting}");
    let mut coord = app.login(SEGOU_COORD).await;
    coord
        .submit(
            &page,
            &format!("{page}/invitations"),
            &[("audience", "community")],
        )
        .await;
    let res = coord.get(&format!("{page}/feuille-de-presence.pdf")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["content-type"], "application/pdf");
    let mut member = app.login(SEGOU_MEMBER).await;
    assert_eq!(
        member
            .get(&format!("{page}/feuille-de-presence.pdf"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The body went through a String in the test client: fetch the bytes again, raw.
    let bytes = {
        use tower::ServiceExt;
        let req = axum::http::Request::builder()
            .uri(format!("{page}/feuille-de-presence.pdf"))
            .header("host", "kafo.test")
            .header(
                "cookie",
                format!("kafo_session={}", coord.cookies["kafo_session"]),
            )
            .body(axum::body::Body::empty())
            .expect("request");
        let res = app.router.clone().oneshot(req).await.expect("response");
        http_body_util::BodyExt::collect(res.into_body())
            .await
            .expect("body")
            .to_bytes()
    };
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
    let Some(text) = pdf_text(&bytes) else {
        return;
    };
    for needle in [
        "Feuille de présence",
        "Rencontre semestrielle de la communauté de pratique",
        "Nom et prénom",
        "Aminata Démo Traoré",
        "Kadiatou Démo Diarra",
        "Signature",
        "40",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

/// The text of a PDF as `pdftotext` (poppler) reads it; `None` when the reader is missing
/// outside CI.
fn pdf_text(bytes: &[u8]) -> Option<String> {
    let path = std::env::temp_dir().join(format!("kafo-sheet-{}.pdf", std::process::id()));
    std::fs::write(&path, bytes).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ => {
            assert!(
                std::env::var("KAFO_REQUIRE_READERS").is_err(),
                "pdftotext is required (apt-get install poppler-utils)"
            );
            eprintln!("SKIPPED the PDF text check: pdftotext not installed");
            None
        }
    }
}

async fn upload(
    app: &TestApp,
    c: &Client,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> (StatusCode, String) {
    let _ = app;
    let res = c.clone().upload(path, fields, file).await;
    (res.status, res.location().to_owned())
}

fn photo_png() -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(3);
    let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
        image::Rgb([(x / 7 % 256) as u8, (y / 5 % 256) as u8, rng.u8(..64)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

#[tokio::test]
async fn photos_are_checked_made_light_and_kept_with_their_consent() {
    let app = TestApp::with_demo().await;
    let walls = id_of(
        &app,
        "SELECT id FROM activities WHERE kind = 'awareness_campaign'",
    )
    .await;
    let page = format!("/c/segou/activites/{walls}");
    let mut coord = app.login(SEGOU_COORD).await;
    let csrf = coord.get(&page).await.csrf();
    let target = format!("{page}/photos");

    // An executable renamed .jpg, a missing consent, a forged token: refused, nothing kept.
    let (status, location) = upload(
        &app,
        &coord,
        &target,
        &[("csrf", &csrf), ("consent", "no_one_recognisable")],
        Some(("mur.jpg", b"MZ\x90\x00\x03 not a picture")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("photo=type"), "{location}");
    coord
        .get(&location)
        .await
        .assert_contains("Ce fichier n’est pas une photo");
    let png = photo_png();
    let (_, location) = upload(
        &app,
        &coord,
        &target,
        &[("csrf", &csrf)],
        Some(("mur.png", &png)),
    )
    .await;
    assert!(location.contains("photo=accord"), "{location}");
    let (status, _) = upload(
        &app,
        &coord,
        &target,
        &[("csrf", "forged"), ("consent", "no_one_recognisable")],
        Some(("mur.png", &png)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM photos").await, 0);

    // A real photo.
    let (status, location) = upload(
        &app,
        &coord,
        &target,
        &[
            ("csrf", &csrf),
            ("consent", "no_one_recognisable"),
            ("caption", "Le mur du festival"),
        ],
        Some(("mur.png", &png)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(!location.contains("photo="), "{location}");
    let photo = id_of(&app, "SELECT MAX(id) FROM photos").await;
    let shown = app.client().get(&page).await;
    shown.assert_contains("Le mur du festival");
    shown.assert_contains(&format!("/photos/{photo}/vignette.jpg"));
    // Served as light JPEGs (the test client reads bodies as text: count bytes on the wire).
    for (size, max) in [("vignette.jpg", 30 * 1024), ("grande.jpg", 150 * 1024)] {
        use tower::ServiceExt;
        let req = axum::http::Request::builder()
            .uri(format!("{page}/photos/{photo}/{size}"))
            .header("host", "kafo.test")
            .body(axum::body::Body::empty())
            .expect("request");
        let res = app.router.clone().oneshot(req).await.expect("response");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .expect("body")
            .to_bytes();
        assert!(bytes.len() <= max, "{size}: {} bytes", bytes.len());
        let img = image::load_from_memory(&bytes).expect("a real JPEG");
        assert!(img.width() <= 1280);
    }
    // A member cannot upload; the photos of a members-only activity stay with members.
    let mut member = app.login(SEGOU_MEMBER).await;
    let token = member.get(&page).await.csrf();
    let (status, _) = upload(
        &app,
        &member,
        &target,
        &[("csrf", &token), ("consent", "no_one_recognisable")],
        Some(("x.png", &png)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let meeting = id_of(&app, "SELECT id FROM activities WHERE kind = 'semi_annual'").await;
    let mpage = format!("/c/segou/activites/{meeting}");
    let (_, location) = upload(
        &app,
        &coord,
        &format!("{mpage}/photos"),
        &[("csrf", &csrf), ("consent", "consent_noted")],
        Some(("reunion.png", &png)),
    )
    .await;
    assert!(!location.contains("photo="), "{location}");
    let private = id_of(&app, "SELECT MAX(id) FROM photos").await;
    let res = app
        .client()
        .get(&format!("{mpage}/photos/{private}/vignette.jpg"))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Removed, it is gone.
    let res = coord
        .submit(&page, &format!("{page}/photos/{photo}/retirer"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.client()
            .get(&format!("{page}/photos/{photo}/vignette.jpg"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_semi_annual_webinar_series_is_planned_once_and_each_session_stands_alone() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let kayes = id_of(&app, "SELECT id FROM communities WHERE slug = 'kayes'")
        .await
        .to_string();
    let before = app.count("SELECT COUNT(*) FROM activities").await;
    let res = coord
        .submit(
            "/c/segou/activites/nouvelle",
            "/c/segou/activites/nouvelle",
            &[
                ("kind", "webinar"),
                ("title", "Webinaire inter-CdP Ségou–Kayes"),
                ("starts_at", "2027-01-14T10:00"),
                ("ends_at", "2027-01-14T12:00"),
                ("online_url", "https://visio.example.org/cdp"),
                ("guests", kayes.as_str()),
                ("repeat", "semi_annual"),
                ("occurrences", "4"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM activities").await,
        before + 4
    );
    let first = res.location().to_owned();
    let page = coord.get(&first).await;
    page.assert_contains("Séance 1 sur 4 de la série");
    page.assert_contains("14 juillet 2027");
    page.assert_contains("14 janvier 2028");
    page.assert_contains("14 juillet 2028");
    // Each session is an activity of its own, seen by the guest community too.
    let third = id_of(
        &app,
        "SELECT id FROM activities WHERE title = 'Webinaire inter-CdP Ségou–Kayes' AND starts_at = '2028-01-14T10:00'",
    )
    .await;
    let third_url = format!("/c/segou/activites/{third}");
    coord
        .get(&third_url)
        .await
        .assert_contains("Séance 3 sur 4 de la série");
    let mut kayes_coord = app.login(KAYES_COORD).await;
    kayes_coord
        .get(&format!("/c/kayes/activites/{third}"))
        .await
        .assert_contains("Séance 3 sur 4 de la série");
    // Its own attendance: a walk-in at the third session counts there only.
    let sheet = format!("{third_url}/presences");
    let res = coord
        .submit(&sheet, &sheet, &[("name", "Awa Démo Traoré"), ("sex", "F")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    coord.get(&third_url).await.assert_contains("1 participant");
    coord.get(&first).await.assert_contains("0 participant");
}
