//! Interoperability: the demo framework exported to DHIS2 through a mapping gives the hand
//! counts; a bad DHIS2 UID is refused with a message and nothing written; the IATI file is
//! valid against the IATI 2.03 schema (checked by xmllint); the public exports leave out
//! non-public indicators and counts of people under the threshold; every export is audited.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

const ORG_UNIT: &str = "SegouOU0001";
const F_COMBO: &str = "SexFemale01";
const M_COMBO: &str = "SexMale0001";

async fn id_of(app: &TestApp, sql: &'static str) -> String {
    app.state
        .db
        .run(move |c| Ok(c.scalar::<i64>(sql, &[])?))
        .await
        .expect("id")
        .to_string()
}

/// The mapping form's fields: each (indicator id, data element, disaggregation) line, and
/// each (combo key, combo) line, with the organisation unit and IATI identifiers.
fn mapping<'a>(
    org_unit: &'a str,
    elements: &'a [(String, &'a str, &'a str)],
    combos: &'a [(&'a str, &'a str)],
    iati: (&'a str, &'a str),
) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("org_unit", org_unit),
        ("reporting_org", iati.0),
        ("activity", iati.1),
    ];
    for (id, de, dim) in elements {
        f.push(("indicator", id.as_str()));
        f.push(("data_element", de));
        f.push(("attribute_combo", ""));
        f.push(("disaggregation", dim));
    }
    for (key, combo) in combos {
        f.push(("combo_key", key));
        f.push(("combo", combo));
    }
    f
}

/// R1, R2, R3 each to a data element; R1-3 by sex; R4-PUB; nothing else.
async fn demo_elements(app: &TestApp) -> Vec<(String, &'static str, &'static str)> {
    vec![
        (
            id_of(app, "SELECT id FROM indicators WHERE code = 'R1'").await,
            "DeMariage01",
            "",
        ),
        (
            id_of(app, "SELECT id FROM indicators WHERE code = 'R2'").await,
            "DeParticip2",
            "",
        ),
        (
            id_of(app, "SELECT id FROM indicators WHERE code = 'R3'").await,
            "DeLoi052003",
            "",
        ),
        (
            id_of(app, "SELECT id FROM indicators WHERE code = 'R1-3'").await,
            "DeCadresSex",
            "sex",
        ),
        (
            id_of(app, "SELECT id FROM indicators WHERE code = 'R4-PUB'").await,
            "DeReached04",
            "",
        ),
    ]
}

const PAGE: &str = "/c/segou/resultats/dhis2";

fn json(res: &TestResponse) -> Value {
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("JSON")
}

/// The data values of one data element: (period, category option combo, value).
fn values_of(doc: &Value, de: &str) -> Vec<(String, Option<String>, String)> {
    doc["dataValues"]
        .as_array()
        .expect("dataValues")
        .iter()
        .filter(|v| v["dataElement"] == de)
        .map(|v| {
            assert_eq!(v["orgUnit"], ORG_UNIT, "{v}");
            (
                v["period"].as_str().expect("period").to_owned(),
                v["categoryOptionCombo"].as_str().map(str::to_owned),
                v["value"].as_str().expect("value").to_owned(),
            )
        })
        .collect()
}

fn header<'a>(res: &'a TestResponse, name: &str) -> &'a str {
    res.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

#[tokio::test]
async fn the_demo_framework_goes_to_dhis2_with_its_hand_counts() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let page = coord.get(PAGE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("Unité d’organisation de la communauté");
    page.assert_contains("sex|F");
    page.assert_contains("14 indicateurs n’ont pas d’élément de données");
    page.assert_contains("l’export DHIS2 ne contient aucune valeur");

    let elements = demo_elements(&app).await;
    let res = coord
        .submit(
            PAGE,
            PAGE,
            &mapping(
                ORG_UNIT,
                &elements,
                &[("sex|F", F_COMBO), ("sex|M", M_COMBO)],
                ("", ""),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM dhis2_data_elements").await,
        5
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM dhis2_option_combos").await,
        2
    );
    let page = coord.get(PAGE).await;
    page.assert_contains("value=\"DeMariage01\"");
    page.assert_contains(&format!("value=\"{F_COMBO}\""));
    page.assert_contains("9 indicateurs n’ont pas d’élément de données");
    assert!(
        !page
            .body
            .contains("l’export DHIS2 ne contient aucune valeur")
    );

    let res = coord
        .get("/c/segou/resultats/dhis2.json?from=2022&to=2022")
        .await;
    assert!(header(&res, "content-type").starts_with("application/json"));
    let unmapped = header(&res, "x-kafo-unmapped").to_owned();
    assert!(
        unmapped.contains("R5-VIS") && unmapped.contains("E1"),
        "{unmapped}"
    );
    assert!(!unmapped.split(',').any(|c| c == "R1"), "{unmapped}");
    let doc = json(&res);
    let one = |p: &str, v: &str| vec![(p.to_owned(), None, v.to_owned())];
    // The three consultation frameworks of 2022: 41, 35 and 38 participants.
    assert_eq!(values_of(&doc, "DeMariage01"), one("2022", "41"));
    assert_eq!(values_of(&doc, "DeParticip2"), one("2022", "35"));
    assert_eq!(values_of(&doc, "DeLoi052003"), one("2022", "38"));
    // All three by sex: one value per mapped category, no total beside them.
    let by_sex = values_of(&doc, "DeCadresSex");
    assert_eq!(by_sex.len(), 2, "{by_sex:?}");
    let sum: i64 = by_sex
        .iter()
        .map(|(p, combo, v)| {
            assert_eq!(p, "2022");
            assert!(
                combo.as_deref() == Some(F_COMBO) || combo.as_deref() == Some(M_COMBO),
                "{combo:?}"
            );
            v.parse::<i64>().expect("number")
        })
        .sum();
    assert_eq!(sum, 41 + 35 + 38);
    // Only 2022 was asked for; a computed figure is 0 where nothing was recorded.
    assert_eq!(values_of(&doc, "DeReached04"), one("2022", "0"));
    for v in doc["dataValues"].as_array().expect("values") {
        assert_eq!(v["period"], "2022");
        assert!(
            v["comment"]
                .as_str()
                .is_some_and(|c| c.starts_with("Kafo "))
        );
    }

    // 2023: about 2,000 festival-goers and 1,000 pupils, by estimate.
    let doc = json(
        &coord
            .get("/c/segou/resultats/dhis2.json?from=2023&to=2023")
            .await,
    );
    assert_eq!(values_of(&doc, "DeReached04"), one("2023", "3000"));

    // Every year of the framework, 2021 to 2026, each once, for a yearly indicator.
    let doc = json(&coord.get("/c/segou/resultats/dhis2.json").await);
    let years: Vec<String> = values_of(&doc, "DeMariage01")
        .into_iter()
        .map(|(p, _, _)| p)
        .collect();
    assert_eq!(years, ["2021", "2022", "2023", "2024", "2025", "2026"]);

    // A bad range is a bad request.
    let res = coord
        .get("/c/segou/resultats/dhis2.json?from=2024&to=2022")
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'dhis2.exported' AND entity = 'community'")
            .await,
        3
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'interop.mapped'")
            .await,
        1
    );
}

#[tokio::test]
async fn six_monthly_indicators_take_dhis2_period_codes() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let res = coord
        .submit(
            "/c/segou/resultats/nouveau",
            "/c/segou/resultats/nouveau",
            &[
                ("code", "S1"),
                ("label_fr", "Activités tenues par semestre"),
                ("label_en", "Activities held by half-year"),
                ("unit", "activities"),
                ("level", "output"),
                ("first_period", "2022-S1"),
                ("last_period", "2023-S2"),
                ("source", "computed"),
                ("measure", "activities_held"),
                ("is_public", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id = id_of(&app, "SELECT id FROM indicators WHERE code = 'S1'").await;
    let elements = [(id, "DeHalfYear1", "")];
    let res = coord
        .submit(PAGE, PAGE, &mapping(ORG_UNIT, &elements, &[], ("", "")))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let doc = json(&coord.get("/c/segou/resultats/dhis2.json").await);
    let periods: Vec<String> = values_of(&doc, "DeHalfYear1")
        .into_iter()
        .map(|(p, _, _)| p)
        .collect();
    assert_eq!(periods, ["2022S1", "2022S2", "2023S1", "2023S2"]);
    let total: i64 = values_of(&doc, "DeHalfYear1")
        .iter()
        .map(|(_, _, v)| v.parse::<i64>().expect("number"))
        .sum();
    assert!(
        total >= 5,
        "the demo's five results were held in 2022-2023: {total}"
    );
}

#[tokio::test]
async fn a_bad_uid_is_refused_with_a_message_and_nothing_is_written() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let good = demo_elements(&app).await;
    let tables = [
        "SELECT COUNT(*) FROM interop_settings",
        "SELECT COUNT(*) FROM dhis2_data_elements",
        "SELECT COUNT(*) FROM dhis2_option_combos",
    ];
    let mut bad_element = good.clone();
    bad_element[0].1 = "12345";
    let mut bad_dimension = good.clone();
    bad_dimension[0].2 = "commune";
    for (fields, message) in [
        (
            mapping(ORG_UNIT, &bad_element, &[], ("", "")),
            "R1\u{202f}: Un identifiant DHIS2 compte 11 caractères\u{202f}: une lettre, puis des lettres ou des chiffres.",
        ),
        (
            mapping("OU-Segou-01", &good, &[], ("", "")),
            "Un identifiant DHIS2 compte 11 caractères",
        ),
        (
            mapping("1egouOU0001", &good, &[], ("", "")),
            "Un identifiant DHIS2 compte 11 caractères",
        ),
        (
            mapping(ORG_UNIT, &good, &[("sex|F", "SexFemale01x")], ("", "")),
            "Femme\u{202f}: Un identifiant DHIS2 compte 11 caractères",
        ),
        (
            mapping(ORG_UNIT, &bad_dimension, &[], ("", "")),
            "R1\u{202f}: cet indicateur ne porte pas cette ventilation.",
        ),
        (
            mapping(ORG_UNIT, &good, &[], ("ML RCCM 2009", "")),
            "Un identifiant IATI compte de 3 à 100 caractères",
        ),
        (
            mapping(ORG_UNIT, &good, &[], ("ML-RCCM-2009-B-1", "XM-OTHER-ACT1")),
            "L’identifiant de l’activité doit commencer par celui de l’organisation déclarante",
        ),
    ] {
        let res = coord.submit(PAGE, PAGE, &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        res.assert_contains(message);
        res.assert_contains("rien n’a été enregistré");
        // The form comes back with what was typed.
        res.assert_contains("value=\"DeLoi052003\"");
        for t in tables {
            assert_eq!(app.count(t).await, 0, "{t} after {message}");
        }
    }
    // Another community's indicator, or lists that do not line up: a bad request.
    let kayes = app
        .state
        .db
        .run(|c| {
            let community: i64 =
                c.scalar("SELECT id FROM communities WHERE slug = 'kayes'", &[])?;
            Ok(c.scalar::<i64>(
                "INSERT INTO indicators (community_id, code, label_fr, label_en, unit, level,
                    first_period, last_period, source, measure, created_at, updated_at)
                 VALUES ($1, 'K1', 'K', 'K', 'people', 'output', '2022', '2023', 'computed',
                    'participants', 0, 0) RETURNING id",
                &[community.into()],
            )?)
        })
        .await
        .expect("kayes indicator")
        .to_string();
    let other = [(kayes, "DeKayes0001", "")];
    let res = coord
        .submit(PAGE, PAGE, &mapping(ORG_UNIT, &other, &[], ("", "")))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = coord
        .submit(PAGE, PAGE, &[("indicator", "1"), ("org_unit", ORG_UNIT)])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    for t in tables {
        assert_eq!(app.count(t).await, 0, "{t}");
    }
    // Only a coordinator keeps the mapping; a forged token writes nothing either.
    let mut core = app.login(SEGOU_CORE).await;
    assert_eq!(core.get(PAGE).await.status, StatusCode::FORBIDDEN);
    let res = coord
        .post_raw(PAGE, &[("csrf", "forged"), ("org_unit", ORG_UNIT)])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.client().get(PAGE).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    for t in tables {
        assert_eq!(app.count(t).await, 0, "{t}");
    }
}

/// Validates an IATI file against the copied 2.03 schema with xmllint; `false` when
/// xmllint is missing outside CI.
fn valid_iati(xml: &str, name: &str) -> bool {
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/iati-2.03/iati-activities-schema.xsd"
    );
    let path = std::env::temp_dir().join(format!("kafo-iati-{name}-{}.xml", std::process::id()));
    std::fs::write(&path, xml).expect("write xml");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", schema])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(o.status.success(), "not valid IATI 2.03:\n{stderr}\n{xml}");
            assert!(stderr.contains("validates"), "{stderr}");
            true
        }
        Err(_) => {
            assert!(
                std::env::var("KAFO_REQUIRE_READERS").is_err(),
                "xmllint is required (apt-get install libxml2-utils)"
            );
            eprintln!("SKIPPED the IATI schema check: xmllint not installed");
            false
        }
    }
}

#[tokio::test]
async fn the_iati_file_is_valid_against_the_schema() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let res = coord.get("/c/segou/resultats/iati.xml").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(header(&res, "content-type").starts_with("application/xml"));
    assert!(header(&res, "content-disposition").contains("kafo-segou-iati.xml"));
    assert!(
        res.headers.get("x-kafo-unmapped").is_none(),
        "IATI needs no mapping"
    );
    let xml = &res.body;
    for needle in [
        "<iati-activities version=\"2.03\" generated-datetime=\"",
        "<iati-identifier>ML-KAFO-SEGOU-CDP</iati-identifier>",
        "<reporting-org ref=\"ML-KAFO-SEGOU\" type=\"22\">",
        "<narrative>Communauté de pratique de Ségou</narrative>",
        "<narrative xml:lang=\"en\">Community of practice on women&apos;s rights, Ségou</narrative>",
        "<activity-date type=\"2\" iso-date=\"2021-02-01\"/>",
        "<result type=\"1\">",
        "<result type=\"2\">",
        "<indicator measure=\"1\">",
        "<reference vocabulary=\"99\" code=\"R1\"/>",
        "<baseline year=\"2021\" iso-date=\"2021-02-01\" value=\"0\"/>",
        "<period-start iso-date=\"2022-01-01\"/>",
        "<period-end iso-date=\"2022-12-31\"/>",
        "<actual value=\"41\"/>",
        "<actual value=\"35\"/>",
        "<actual value=\"38\"/>",
        "<target value=\"100\"/>",
        "<actual value=\"114\"/>",
        "<dimension name=\"sex\" value=\"F\"/>",
        "<dimension name=\"sex\" value=\"M\"/>",
        "<actual value=\"3000\"/>",
    ] {
        assert!(xml.contains(needle), "{needle:?} not in:\n{xml}");
    }
    valid_iati(xml, "members");

    // Identifiers set on the mapping page replace the derived ones.
    let res = coord
        .submit(
            PAGE,
            PAGE,
            &mapping(
                "",
                &[],
                &[],
                ("ML-RCCM-2009-B-123", "ML-RCCM-2009-B-123-ACT1"),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = coord
        .get("/c/segou/resultats/iati.xml?from=2022&to=2023")
        .await;
    res.assert_contains("<iati-identifier>ML-RCCM-2009-B-123-ACT1</iati-identifier>");
    res.assert_contains("<reporting-org ref=\"ML-RCCM-2009-B-123\" type=\"22\">");
    assert!(
        !res.body.contains("iso-date=\"2024-01-01\""),
        "{}",
        res.body
    );
    valid_iati(&res.body, "range");

    // The public file is valid too.
    let res = app.client().get("/c/segou/resultats/iati.xml").await;
    assert_eq!(res.status, StatusCode::OK);
    valid_iati(&res.body, "public");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'iati.exported'")
            .await,
        3
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'iati.exported' AND user_id IS NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn public_exports_hide_non_public_indicators_and_small_counts() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let res = coord
        .submit(
            "/c/segou/resultats/nouveau",
            "/c/segou/resultats/nouveau",
            &[
                ("code", "PRIV"),
                ("label_fr", "Participantes aux rencontres internes"),
                ("label_en", "Women at internal meetings"),
                ("unit", "people"),
                ("level", "output"),
                ("first_period", "2022"),
                ("last_period", "2023"),
                ("baseline_value", "2"),
                ("source", "computed"),
                ("measure", "women_participants"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mut elements = demo_elements(&app).await;
    elements.push((
        id_of(&app, "SELECT id FROM indicators WHERE code = 'PRIV'").await,
        "DePrivate01",
        "",
    ));
    elements.push((
        id_of(&app, "SELECT id FROM indicators WHERE code = 'R5-COACH'").await,
        "DeCoached01",
        "",
    ));
    elements.push((
        id_of(&app, "SELECT id FROM indicators WHERE code = 'E1'").await,
        "DeAbandon01",
        "",
    ));
    let res = coord
        .submit(
            PAGE,
            PAGE,
            &mapping(
                ORG_UNIT,
                &elements,
                &[("sex|F", F_COMBO), ("sex|M", M_COMBO)],
                ("", ""),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    // Members: every indicator, every figure.
    let res = coord.get("/c/segou/resultats/dhis2.json").await;
    assert_eq!(header(&res, "x-kafo-withheld"), "0");
    assert_eq!(header(&res, "cache-control"), "private, no-store");
    let members = json(&res);
    assert!(!values_of(&members, "DePrivate01").is_empty());
    let coached = values_of(&members, "DeCoached01");
    assert!(
        coached
            .iter()
            .any(|(_, _, v)| v.parse::<i64>().is_ok_and(|n| n < 5)),
        "the demo coaches fewer than 5 women in some year: {coached:?}"
    );
    assert!(
        res.body.contains("Procès-verbaux"),
        "members get the evidence"
    );
    let xml = coord.get("/c/segou/resultats/iati.xml").await.body;
    assert!(xml.contains("code=\"PRIV\""));

    // Anyone else: public indicators only, and no count of people under 5.
    let mut visitor = app.client();
    let res = visitor.get("/c/segou/resultats/dhis2.json").await;
    let withheld: usize = header(&res, "x-kafo-withheld").parse().expect("count");
    assert!(withheld > 0);
    assert!(!header(&res, "x-kafo-unmapped").contains("PRIV"));
    let public = json(&res);
    assert!(values_of(&public, "DePrivate01").is_empty());
    assert!(!res.body.contains("Kafo PRIV"));
    assert!(
        !res.body.contains("Procès-verbaux"),
        "no evidence in public"
    );
    assert_eq!(
        values_of(&public, "DeAbandon01"),
        values_of(&members, "DeAbandon01")
    );
    for (p, _, v) in values_of(&public, "DeCoached01") {
        assert!(v.parse::<i64>().expect("number") >= 5, "{p}: {v}");
    }
    // The public figures are the members' figures of 5 and more (0 is under 5 too).
    let at_least_5 = |mut v: Vec<(String, Option<String>, String)>| {
        v.retain(|(_, _, n)| n.parse::<i64>().is_ok_and(|n| n >= 5));
        v
    };
    assert_eq!(
        values_of(&public, "DeMariage01"),
        at_least_5(values_of(&members, "DeMariage01"))
    );
    assert_eq!(values_of(&public, "DeMariage01").len(), 1);
    let res = visitor.get("/c/segou/resultats/iati.xml").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!res.body.contains("PRIV"), "{}", res.body);
    assert!(!res.body.contains("Participantes aux rencontres internes"));
    assert!(
        header(&res, "x-kafo-withheld")
            .parse::<usize>()
            .expect("count")
            > 0
    );
    valid_iati(&res.body, "visitor");
    // A member who is not a coordinator exports everything too, but may not map.
    let mut member = app.login(SEGOU_MEMBER).await;
    let res = member.get("/c/segou/resultats/iati.xml").await;
    assert!(res.body.contains("code=\"PRIV\""));
    assert_eq!(member.get(PAGE).await.status, StatusCode::FORBIDDEN);
    // The dashboard links to both exports, and to the mapping for coordinators.
    let dash = coord.get("/c/segou/resultats").await;
    dash.assert_contains("href=\"/c/segou/resultats/dhis2.json\"");
    dash.assert_contains("href=\"/c/segou/resultats/iati.xml\"");
    dash.assert_contains("href=\"/c/segou/resultats/dhis2\"");
    let dash = visitor.get("/c/segou/resultats").await;
    dash.assert_contains("href=\"/c/segou/resultats/iati.xml\"");
    assert!(!dash.body.contains("href=\"/c/segou/resultats/dhis2\""));
}
