//! Results framework: a coordinator defines indicators, bad input is refused with a message
//! and nothing written, computed figures match a hand count, the public dashboard hides
//! counts of people under 5, and each role sees and does what it may.

mod common;

use axum::http::StatusCode;
use common::*;

/// French groups digits with a narrow no-break space; "< 5" has a no-break space too.
const NNBSP: char = '\u{202f}';

fn under_5() -> String {
    format!("&#60;{NNBSP}5")
}

async fn define(client: &mut Client, fields: &[(&str, &str)]) -> TestResponse {
    client
        .submit(
            "/c/segou/resultats/nouveau",
            "/c/segou/resultats/nouveau",
            fields,
        )
        .await
}

/// A valid definition, with `extra` replacing or adding fields.
fn fields<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f: Vec<(&str, &str)> = vec![
        ("code", "T1"),
        ("label_fr", "Participants aux exposés d’expertes"),
        ("label_en", "Participants in expert talks"),
        ("unit", "people"),
        ("level", "output"),
        ("first_period", "2025-S1"),
        ("last_period", "2026-S2"),
        ("baseline_value", "0"),
        ("baseline_on", "2025-01-01"),
        ("source", "computed"),
        ("measure", "participants"),
        ("activity_kind", "expert_talk"),
        ("dimensions", "sex"),
        ("targets", "2025-S1 : 10\n2026-S1 : 20"),
        ("is_public", "1"),
    ];
    for (k, v) in extra {
        f.retain(|(x, _)| x != k);
        f.push((k, v));
    }
    f
}

#[tokio::test]
async fn a_coordinator_defines_an_indicator_with_its_targets() {
    let app = TestApp::with_demo().await;
    let before = app.count("SELECT COUNT(*) FROM indicators").await;
    let mut coord = app.login(SEGOU_COORD).await;
    let res = define(&mut coord, &fields(&[])).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let url = res.location().to_owned();
    assert!(url.starts_with("/c/segou/resultats/"), "{url}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM indicators").await,
        before + 1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM indicator_targets t JOIN indicators i ON i.id = t.indicator_id \
             WHERE i.code = 'T1'"
        )
        .await,
        2
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM indicator_disaggregations d JOIN indicators i \
             ON i.id = d.indicator_id WHERE i.code = 'T1' AND d.dimension = 'sex'"
        )
        .await,
        1
    );
    let page = coord.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Participants aux exposés d’expertes");
    page.assert_contains("2025-S1 – 2026-S2");
    page.assert_contains("Extrant");
    page.assert_contains("<svg");
    page.assert_contains("<title id=\"chart-");
    // A target set later through the page's form.
    let res = coord
        .submit(
            &url,
            &format!("{url}/cibles"),
            &[("target_period", "2026-S2"), ("target_value", "1 500")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    coord
        .get(&url)
        .await
        .assert_contains(&format!("1{NNBSP}500"));
    // The same code twice in a community is refused.
    let res = define(&mut coord, &fields(&[])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Un indicateur de cette communauté a déjà ce code.");
}

#[tokio::test]
async fn bad_input_is_refused_with_a_message_and_nothing_is_written() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let count = "SELECT COUNT(*) FROM indicators";
    let targets = "SELECT COUNT(*) FROM indicator_targets";
    let values = "SELECT COUNT(*) FROM indicator_values";
    let (n, t, v) = (
        app.count(count).await,
        app.count(targets).await,
        app.count(values).await,
    );
    for (extra, message) in [
        (
            vec![("targets", "2025-S1 : 10\n2027-S1 : 5")],
            "La période de la cible est en dehors des périodes de l’indicateur.",
        ),
        (
            vec![("targets", "2025 : 10")],
            "La période de la cible est en dehors des périodes de l’indicateur.",
        ),
        (vec![("unit", "litres")], "Choix invalide."),
        (vec![("level", "impact")], "Choix invalide."),
        (
            vec![("first_period", "2026"), ("last_period", "2025")],
            "La dernière période ne peut pas précéder la première.",
        ),
        (
            vec![("first_period", "l’an dernier")],
            "Indiquez une année («\u{202f}2026\u{202f}») ou un semestre",
        ),
        (
            vec![("dimensions", "commune"), ("measure", "activities_held")],
            "Les enregistrements ne permettent pas cette ventilation pour cette mesure.",
        ),
        (
            vec![("measure", "")],
            "Choisissez la mesure d’un indicateur calculé.",
        ),
    ] {
        let res = define(&mut coord, &fields(&extra)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{extra:?}");
        res.assert_contains(message);
        res.assert_contains("rien n’a été enregistré");
    }
    // An entered value without evidence where evidence is required, and a period outside.
    let e1 = app
        .state
        .db
        .run(|c| Ok(c.scalar::<i64>("SELECT id FROM indicators WHERE code = 'E1'", &[])?))
        .await
        .expect("E1");
    let url = format!("/c/segou/resultats/{e1}");
    let res = coord
        .submit(
            &url,
            &format!("{url}/valeurs"),
            &[("period", "2025"), ("value", "9"), ("evidence_text", " ")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains(
        "Cet indicateur demande un justificatif\u{202f}: donnez un texte ou un lien.",
    );
    let res = coord
        .submit(
            &url,
            &format!("{url}/valeurs"),
            &[("period", "2030"), ("value", "9"), ("evidence_text", "PV")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Cette période est en dehors des périodes de l’indicateur.");
    let res = coord
        .submit(
            &url,
            &format!("{url}/cibles"),
            &[("target_period", "2031"), ("target_value", "3")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("La période de la cible est en dehors des périodes de l’indicateur.");
    assert_eq!(app.count(count).await, n);
    assert_eq!(app.count(targets).await, t);
    assert_eq!(app.count(values).await, v);
    // With its evidence, the value is kept and shown to members with it.
    let res = coord
        .submit(
            &url,
            &format!("{url}/valeurs"),
            &[
                ("period", "2025"),
                ("value", "9"),
                ("evidence_text", "Procès-verbaux de signature 2025"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(app.count(values).await, v + 1);
    coord
        .get(&url)
        .await
        .assert_contains("Procès-verbaux de signature 2025");
}

/// A talk with 3 women and 2 men, recorded through the attendance page.
async fn talk_with_five(coord: &mut Client) -> String {
    let res = coord
        .submit(
            "/c/segou/activites/nouvelle",
            "/c/segou/activites/nouvelle",
            &[
                ("kind", "expert_talk"),
                ("title", "Exposé sur la loi 052 (test)"),
                ("starts_at", "2025-03-10T09:00"),
                ("ends_at", "2025-03-10T12:00"),
                ("place", "Ségou"),
                ("is_public", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let sheet = format!("{}/presences", res.location());
    for (name, sex) in [
        ("Awa Test Coulibaly", "F"),
        ("Fanta Test Diallo", "F"),
        ("Mariam Test Touré", "F"),
        ("Moussa Test Keïta", "M"),
        ("Bakary Test Traoré", "M"),
    ] {
        let res = coord
            .submit(&sheet, &sheet, &[("name", name), ("sex", sex)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    sheet
}

#[tokio::test]
async fn computed_figures_match_a_hand_count_and_the_public_view_hides_small_counts() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    talk_with_five(&mut coord).await;
    let res = define(&mut coord, &fields(&[])).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let url = res.location().to_owned();
    // Members: 5 participants in 2025-S1, 3 women and 2 men; 0 in the periods after.
    let page = coord.get(&url).await;
    page.assert_contains("<th scope=\"row\">2025-S1</th><td>10</td><td>5</td>");
    page.assert_contains("Femme\u{202f}: 3");
    page.assert_contains("Homme\u{202f}: 2");
    page.assert_contains("<th scope=\"row\">2025-S2</th><td></td><td>0</td>");
    // The text alternative of the chart says the same.
    page.assert_contains("2025-S1, 5 (cible 10)");

    // The demo's figures, computed from its activities.
    let dash = coord.get("/c/segou/resultats").await;
    assert_eq!(dash.status, StatusCode::OK);
    for needle in [
        "<th scope=\"row\">2022</th><td>100</td><td>114</td>",
        "Participants au cadre de concertation sur le mariage d’enfants",
        "<th scope=\"row\">2022</th><td></td><td>41</td>",
        "<th scope=\"row\">2022</th><td></td><td>35</td>",
        "<th scope=\"row\">2022</th><td></td><td>38</td>",
        "<th scope=\"row\">2023</th><td>40</td><td>40</td>",
        &format!("<th scope=\"row\">2023</th><td>2{NNBSP}500</td><td>3{NNBSP}000</td>"),
        "Femme\u{202f}: 82",
        "Homme\u{202f}: 32",
        "Procès-verbaux de signature de trois conventions",
    ] {
        dash.assert_contains(needle);
    }
    assert!(!dash.body.contains("Vue publique"));

    // The public view: the same figures, but counts of people under 5 are "< 5", their bar
    // is not drawn, and no evidence is shown.
    let mut anon = app.client();
    // The public community page leads to its results.
    anon.get("/c/segou")
        .await
        .assert_contains("href=\"/c/segou/resultats\"");
    let public = anon.get("/c/segou/resultats").await;
    assert_eq!(public.status, StatusCode::OK);
    public.assert_contains("Vue publique");
    public.assert_contains("<th scope=\"row\">2022</th><td></td><td>41</td>");
    public.assert_contains("<th scope=\"row\">2025-S1</th><td>10</td><td>5</td>");
    public.assert_contains(&format!("Femme\u{202f}: {}", under_5()));
    public.assert_contains(&format!("Homme\u{202f}: {}", under_5()));
    assert!(!public.body.contains("Femme\u{202f}: 3<"));
    assert!(!public.body.contains("Procès-verbaux de signature"));
    // Zero participants in a period is under 5 too.
    public.assert_contains(&format!(
        "<th scope=\"row\">2025-S2</th><td></td><td>{}</td>",
        under_5()
    ));
    // Counts that are not people stay exact (organisations sensitised).
    public.assert_contains("<th scope=\"row\">2023</th><td>40</td><td>40</td>");
    // Indicator pages are for members.
    let res = anon.get(&url).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn members_only_indicators_stay_out_of_the_public_view() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let res = define(
        &mut coord,
        &fields(&[
            ("code", "INT"),
            ("label_fr", "Indicateur interne de suivi"),
            ("is_public", ""),
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    coord
        .get("/c/segou/resultats")
        .await
        .assert_contains("Indicateur interne de suivi");
    let mut anon = app.client();
    let public = anon.get("/c/segou/resultats").await;
    assert!(!public.body.contains("Indicateur interne de suivi"));
    let mut kayes = app.login(KAYES_COORD).await;
    let other = kayes.get("/c/segou/resultats").await;
    assert_eq!(other.status, StatusCode::OK);
    other.assert_contains("Vue publique");
    assert!(!other.body.contains("Indicateur interne de suivi"));
}

#[tokio::test]
async fn each_role_sees_and_does_what_it_may() {
    let app = TestApp::with_demo().await;
    let e1 = app
        .state
        .db
        .run(|c| Ok(c.scalar::<i64>("SELECT id FROM indicators WHERE code = 'E1'", &[])?))
        .await
        .expect("E1");
    let page = format!("/c/segou/resultats/{e1}");
    let new = "/c/segou/resultats/nouveau";

    // Anonymous: the public dashboard; the rest sends to login.
    let mut anon = app.client();
    assert_eq!(anon.get("/c/segou/resultats").await.status, StatusCode::OK);
    for path in [new, page.as_str()] {
        let res = anon.get(path).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert!(res.location().starts_with("/connexion"), "{path}");
    }
    let res = anon.post_raw(new, &[("code", "X")]).await;
    assert!(!res.location().starts_with("/c/segou/resultats/"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM indicators WHERE code = 'X'")
            .await,
        0
    );

    // A member: the full dashboard and pages, no form; posting is refused.
    let mut member = app.login(SEGOU_MEMBER).await;
    let dash = member.get("/c/segou/resultats").await;
    assert!(!dash.body.contains("Vue publique"));
    assert!(!dash.body.contains("/resultats/nouveau"));
    let seen = member.get(&page).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("/valeurs\""));
    assert!(!seen.body.contains("/cibles\""));
    assert_eq!(member.get(new).await.status, StatusCode::FORBIDDEN);
    let csrf = seen.csrf();
    let res = member
        .post_raw(
            &format!("{page}/valeurs"),
            &[
                ("csrf", &csrf),
                ("period", "2025"),
                ("value", "4"),
                ("evidence_text", "PV"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // The core group enters values but does not define indicators or set targets.
    let mut core = app.login(SEGOU_CORE).await;
    let seen = core.get(&page).await;
    assert!(seen.body.contains("/valeurs\""));
    assert!(!seen.body.contains("/cibles\""));
    assert_eq!(core.get(new).await.status, StatusCode::FORBIDDEN);
    let res = core
        .submit(
            &page,
            &format!("{page}/valeurs"),
            &[
                ("period", "2025"),
                ("value", "4"),
                ("evidence_text", "PV de 2025"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = core
        .submit(
            &page,
            &format!("{page}/cibles"),
            &[("target_period", "2025"), ("target_value", "4")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // Another community's coordinator: Ségou's public view only.
    let mut kayes = app.login(KAYES_COORD).await;
    kayes
        .get("/c/segou/resultats")
        .await
        .assert_contains("Vue publique");
    assert_eq!(kayes.get(new).await.status, StatusCode::FORBIDDEN);
    assert_eq!(kayes.get(&page).await.status, StatusCode::FORBIDDEN);
    // Its own dashboard is its own: Ségou's indicator is not found there.
    assert_eq!(
        kayes.get(&format!("/c/kayes/resultats/{e1}")).await.status,
        StatusCode::NOT_FOUND
    );

    // The coordinator defines.
    let mut coord = app.login(SEGOU_COORD).await;
    let res = define(&mut coord, &fields(&[("code", "C1")])).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

#[tokio::test]
async fn an_entered_value_is_broken_down_by_commune_and_a_bad_breakdown_is_refused() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let res = define(
        &mut coord,
        &fields(&[
            ("code", "V1"),
            ("label_fr", "Villages engagés"),
            ("label_en", "Villages engaged"),
            ("unit", "villages"),
            ("source", "entered"),
            ("measure", ""),
            ("activity_kind", ""),
            ("dimensions", "commune"),
            ("targets", ""),
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let url = res.location().to_owned();
    let parts = "SELECT COUNT(*) FROM indicator_value_parts";
    let values = "SELECT COUNT(*) FROM indicator_values";
    let (p0, v0) = (app.count(parts).await, app.count(values).await);
    for (breakdown, message) in [
        ("Markala 3", "Chaque ligne s’écrit"),
        (
            "Markala : 3\nMarkala : 2",
            "Une catégorie figure deux fois.",
        ),
        (
            "Markala : 8\nSégou : 5",
            "La somme des parts dépasse la valeur de la période.",
        ),
    ] {
        let res = coord
            .submit(
                &url,
                &format!("{url}/valeurs"),
                &[
                    ("period", "2025-S1"),
                    ("value", "12"),
                    ("parts_commune", breakdown),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{breakdown}");
        res.assert_contains(message);
    }
    assert_eq!((app.count(parts).await, app.count(values).await), (p0, v0));
    let res = coord
        .submit(
            &url,
            &format!("{url}/valeurs"),
            &[
                ("period", "2025-S1"),
                ("value", "12"),
                ("parts_commune", "Markala : 7\n\nSégou : 4"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        (app.count(parts).await, app.count(values).await),
        (p0 + 2, v0 + 1)
    );
    let page = coord.get(&url).await;
    page.assert_contains("Markala");
    page.assert_contains("Ségou");
    // Entering the period again replaces its breakdown.
    let res = coord
        .submit(
            &url,
            &format!("{url}/valeurs"),
            &[
                ("period", "2025-S1"),
                ("value", "5"),
                ("parts_commune", "Markala : 5"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(app.count(parts).await, p0 + 1);
}
