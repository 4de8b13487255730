//! The narrative report and the headline results: the report of Ségou, read back by
//! independent readers (pdftotext for the PDF, LibreOffice for the DOCX), tells the source
//! document's figures and prints Bambara letters; the public version hides what members
//! only see; bad requests are refused with a message; the community page leads with its
//! headline results, the network counts a shared activity once, the calendar shows reach.

mod common;

use std::process::Command;

use axum::http::StatusCode;
use common::*;

const NNBSP: char = '\u{202f}';

/// The raw bytes of a download (the test client's body is text).
async fn download(
    app: &TestApp,
    client: Option<&Client>,
    path: &str,
) -> (StatusCode, String, Vec<u8>) {
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder()
        .uri(path)
        .header("host", "kafo.test");
    if let Some(c) = client {
        let cookie = c
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        req = req.header("cookie", cookie);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(axum::body::Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    (status, kind, bytes)
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kafo-reports-{}-{}",
        std::process::id(),
        fastrand::u32(..)
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir.join(name)
}

/// A reader a test needs: required in CI (KAFO_REQUIRE_READERS), skipped with a word elsewhere.
fn missing(tool: &str) -> bool {
    assert!(
        std::env::var("KAFO_REQUIRE_READERS").is_err(),
        "{tool} is required (installed by .ci/run)"
    );
    eprintln!("SKIPPED: {tool} not installed");
    true
}

fn pdf_text(bytes: &[u8]) -> Option<String> {
    let path = scratch("report.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    match Command::new("pdftotext").arg(&path).arg("-").output() {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ => {
            missing("pdftotext");
            None
        }
    }
}

/// The DOCX converted to plain text by LibreOffice, which refuses a broken file.
fn docx_text(bytes: &[u8]) -> Option<String> {
    let path = scratch("report.docx");
    std::fs::write(&path, bytes).expect("write docx");
    let dir = path.parent().expect("dir").to_owned();
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(&dir)
        .arg(&path)
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let txt = std::fs::read_to_string(dir.join("report.txt"));
            Some(txt.unwrap_or_else(|e| panic!("LibreOffice wrote no text: {e}; {o:?}")))
        }
        _ => {
            missing("soffice (LibreOffice writer)");
            None
        }
    }
}

/// An indicator whose label holds every Bambara letter and tone marks.
async fn bambara_indicator(coord: &mut Client) {
    let res = coord
        .submit(
            "/c/segou/resultats/nouveau",
            "/c/segou/resultats/nouveau",
            &[
                ("code", "BM1"),
                ("label_fr", "Musow ka ɲɛtaa : ɛ ɔ ɲ ŋ Ɛ Ɔ Ɲ Ŋ, à́ ɛ́ ɔ̀"),
                ("label_en", "Women engaged"),
                ("unit", "people"),
                ("level", "outcome"),
                ("first_period", "2022"),
                ("last_period", "2023"),
                ("baseline_value", "10"),
                ("baseline_on", "2021-12-31"),
                ("source", "computed"),
                ("measure", "participants"),
                ("targets", "2022 : 100\n2023 : 50"),
                ("is_public", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

const SEGOU_REPORT: &str = "/c/segou/rapport/fichier?from=2021-01-01&to=2026-12-31&lang=fr&format=";

#[tokio::test]
async fn the_report_of_segou_tells_the_source_documents_figures_in_pdf() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    bambara_indicator(&mut coord).await;
    let audits = app
        .count("SELECT COUNT(*) FROM audit_events WHERE action = 'report-generated'")
        .await;
    let (status, kind, pdf) = download(&app, Some(&coord), &format!("{SEGOU_REPORT}pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    // The font is subset: the whole report stays light enough for a phone.
    assert!(pdf.len() < 150_000, "{} bytes", pdf.len());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'report-generated'")
            .await,
        audits + 1
    );
    let Some(text) = pdf_text(&pdf) else { return };
    // pdftotext breaks lines where the PDF does; compare with single spaces.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "rapport de résultats",
        "La communauté",
        "Les résultats, activité par activité",
        "Cadre de concertation sur le mariage d’enfants",
        "La participation de 41 participants",
        "La participation de 35 participants",
        "La participation de 38 participants",
        "La sensibilisation de 40 organisations",
        "Festivaliers (estimation)",
        "Scolaires (estimation)",
        "Plans et engagements",
        "Les engagements",
        "Les effets",
        "ɛ ɔ ɲ ŋ Ɛ Ɔ Ɲ Ŋ",
        "ɛ\u{301}",
        "ɔ\u{300}",
    ] {
        assert!(
            flat.contains(needle),
            "{needle:?} not in the PDF's text:\n{text}"
        );
    }
    // Thousands are grouped with a narrow no-break space, and so is French punctuation:
    // pdftotext writes it as a space; the font's map back to text names it.
    assert!(
        flat.contains("Environ 2 000 personnes touchées : Festivaliers"),
        "{text}"
    );
    assert!(
        flat.contains("Environ 1 000 personnes touchées : Scolaires"),
        "{text}"
    );
    assert!(
        streams(&pdf)
            .iter()
            .any(|s| s.windows(6).any(|w| w == b"<202f>")),
        "the narrow no-break space is printed with its own glyph"
    );
}

#[tokio::test]
async fn the_report_opens_in_libreoffice_as_an_editable_docx() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    bambara_indicator(&mut coord).await;
    let (status, kind, docx) = download(&app, Some(&coord), &format!("{SEGOU_REPORT}docx")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        kind,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(docx.starts_with(b"PK"));
    let Some(text) = docx_text(&docx) else { return };
    for needle in [
        "Cadre de concertation sur le mariage d’enfants",
        "La participation de 41 participants",
        "La participation de 38 participants",
        &format!("Environ 2{NNBSP}000 personnes touchées"),
        "La sensibilisation de 40 organisations",
        "ɛ ɔ ɲ ŋ Ɛ Ɔ Ɲ Ŋ",
        "Les effets",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} not in the DOCX's text:\n{text}"
        );
    }
}

#[tokio::test]
async fn the_public_report_leaves_out_what_members_only_see() {
    let app = TestApp::with_demo().await;
    let audits = app
        .count("SELECT COUNT(*) FROM audit_events WHERE action = 'report-generated'")
        .await;
    let (status, _, pdf) = download(&app, None, &format!("{SEGOU_REPORT}pdf")).await;
    assert_eq!(status, StatusCode::OK);
    // Nothing but public records: no log of who took it.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'report-generated'")
            .await,
        audits
    );
    let Some(text) = pdf_text(&pdf) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Version publique"), "{text}");
    assert!(
        flat.contains("La participation de 41 participants"),
        "{text}"
    );
    // Commitments and the private half-yearly meeting are for members.
    assert!(!flat.contains("Les engagements"), "{text}");
    assert!(
        !flat.contains("Rencontre semestrielle de la communauté de pratique"),
        "{text}"
    );
}

#[tokio::test]
async fn a_bad_report_request_is_refused_with_a_message() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let form = coord.get("/c/segou/rapport").await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("name=\"from\"");
    for (query, message) in [
        (
            "from=2026-12-31&to=2026-01-01&lang=fr&format=pdf",
            "La fin de la période vient avant son début.",
        ),
        (
            "from=31/12/2026&to=2026-12-31&lang=fr&format=pdf",
            "Date invalide",
        ),
        (
            "from=2026-01-01&to=2026-12-31&lang=de&format=pdf",
            "Choix invalide.",
        ),
        (
            "from=2026-01-01&to=2026-12-31&lang=fr&format=odt",
            "Choix invalide",
        ),
    ] {
        let res = coord
            .get(&format!("/c/segou/rapport/fichier?{query}"))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(res.body.contains(message), "{query}: {}", res.body);
    }
    // A community the visitor may not see has no report.
    let res = app
        .client()
        .get("/c/nulle-part/rapport/fichier?from=2026-01-01&to=2026-12-31&lang=fr&format=pdf")
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_network_report_and_page_count_a_shared_activity_once() {
    let app = TestApp::with_demo().await;
    // The exchange visit is hosted by Ségou with Kayes as guest: the same 23 (or so)
    // participants count for each community, and once for the network.
    let shared = app
        .count(
            "SELECT COUNT(*) FROM attendance t JOIN activity_guests g ON g.activity_id = t.activity_id",
        )
        .await;
    assert!(
        shared > 0,
        "the demo has a shared activity with participants"
    );
    let all = app.count("SELECT COUNT(*) FROM attendance t JOIN activities a ON a.id = t.activity_id WHERE a.cancelled = FALSE").await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let page = member.get("/reseau/resultats").await;
    assert_eq!(page.status, StatusCode::OK);
    // The network's total row: every attendance once.
    let total = format!("<td><strong>{}</strong></td>", group(all));
    let row_start = page
        .body
        .find("<tr><th scope=\"row\">Réseau")
        .expect("network row");
    let row = &page.body[row_start..];
    let row = &row[..row.find("</tr>").expect("end of row")];
    assert!(row.contains(&total), "{total} in {row}");
    // The communities' rows add up to more than the network: the shared visit is in both.
    let (status, _, pdf) = download(
        &app,
        Some(&member),
        "/reseau/rapport/fichier?from=2021-01-01&to=2026-12-31&lang=en&format=pdf",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let Some(text) = pdf_text(&pdf) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("results report"), "{text}");
    assert!(flat.contains("41 participants"), "{text}");
    assert_eq!(
        flat.matches("Visite d’échange entre les communautés de pratique de Ségou et de Kayes")
            .count(),
        1,
        "the shared visit is told once:\n{text}"
    );
}

/// The PDF's streams, inflated where they are compressed.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(k) = pdf[at..].windows(7).position(|w| w == b"stream\n") {
        let start = at + k + 7;
        let Some(len) = pdf[start..].windows(9).position(|w| w == b"endstream") else {
            break;
        };
        let raw = &pdf[start..start + len];
        let mut inflated = Vec::new();
        match flate2::read::ZlibDecoder::new(raw).read_to_end(&mut inflated) {
            Ok(_) => out.push(inflated),
            Err(_) => out.push(raw.to_vec()),
        }
        at = start + len;
    }
    out
}

/// A number as French pages write it.
fn group(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, ch) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(ch);
    }
    out
}

#[tokio::test]
async fn the_community_page_leads_with_its_headline_results_and_the_calendar_shows_reach() {
    let app = TestApp::with_demo().await;
    let mut visitor = app.client();
    let page = visitor.get("/c/segou").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Résultats en bref");
    page.assert_contains(&format!(
        "<strong>2{NNBSP}000</strong> Festivaliers (touchés, estimation)"
    ));
    page.assert_contains(&format!(
        "<strong>1{NNBSP}000</strong> Scolaires (touchés, estimation)"
    ));
    page.assert_contains("organisations sensibilisées");
    // The results come before the list of members.
    let results = page.body.find("Résultats en bref").expect("headline");
    let members = page.body.find("Organisations membres").expect("members");
    assert!(results < members);
    // The calendar's past activities show their reach beside their participants.
    let past = visitor.get("/c/segou/activites?quand=passees").await;
    assert_eq!(past.status, StatusCode::OK);
    past.assert_contains(&format!("environ 3{NNBSP}000 personnes touchées"));
    past.assert_contains("41 participants");
}

#[tokio::test]
async fn one_click_on_the_dashboard_gives_the_report_since_the_founding() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let page = coord.get("/c/segou/resultats").await;
    let start = page
        .body
        .find("/c/segou/rapport/fichier?")
        .expect("the one-click link");
    let href = &page.body[start..];
    let href = href[..href.find('"').expect("end of link")].replace("&#38;", "&");
    assert!(href.contains("from=2021-02-01"), "{href}");
    let (status, kind, pdf) = download(&app, Some(&coord), &href).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    let Some(text) = pdf_text(&pdf) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("La participation de 41 participants"),
        "{text}"
    );
}

#[test]
fn kafo_report_writes_the_file_its_extension_names() {
    let dir = scratch("cli").parent().expect("dir").to_owned();
    let db = format!("sqlite://{}/kafo.db", dir.display());
    let kafo = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kafo"))
            .args(["--database-url", db.as_str()])
            .args(args)
            .output()
            .expect("kafo runs")
    };
    assert!(kafo(&["demo"]).status.success());
    let pdf = dir.join("segou.pdf");
    let out = kafo(&[
        "report",
        "--community",
        "segou",
        "--from",
        "2021-01-01",
        "--to",
        "2026-12-31",
        "--output",
        pdf.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("report written to"));
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));
    let docx = dir.join("reseau.docx");
    let out = kafo(&[
        "report",
        "--network",
        "--lang",
        "en",
        "--output",
        docx.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(std::fs::read(&docx).expect("docx").starts_with(b"PK"));
    // A file of another kind, an unknown community, dates the wrong way round: refused.
    for (args, message) in [
        (
            vec!["report", "--community", "segou", "--output", "r.odt"],
            ".pdf or .docx",
        ),
        (
            vec!["report", "--community", "nulle-part", "--output", "r.pdf"],
            "no community nulle-part",
        ),
        (
            vec![
                "report",
                "--network",
                "--from",
                "2026-02-01",
                "--to",
                "2026-01-01",
                "--output",
                "r.pdf",
            ],
            "--to comes before --from",
        ),
    ] {
        let out = kafo(&args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

#[tokio::test]
async fn downloads_are_logged_without_retiring_the_cached_pages() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let version = "SELECT n FROM site_version WHERE id = 1";
    let logged = "SELECT COUNT(*) FROM audit_events";
    let (v0, a0) = (app.count(version).await, app.count(logged).await);
    for path in [
        "/c/segou/organisations.csv",
        "/c/segou/resultats.xlsx",
        "/c/segou/resultats/iati.xml",
        &format!("{SEGOU_REPORT}pdf"),
    ] {
        let (status, _, _) = download(&app, Some(&coord), path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    assert_eq!(app.count(logged).await, a0 + 4);
    assert_eq!(app.count(version).await, v0, "a download changes no page");
    // A change still retires them.
    let res = coord
        .submit(
            "/c/segou/rapport",
            "/c/segou/resultats/nouveau",
            &[
                ("code", "Z9"),
                ("label_fr", "Z"),
                ("label_en", "Z"),
                ("unit", "people"),
                ("level", "output"),
                ("first_period", "2026"),
                ("last_period", "2026"),
                ("source", "computed"),
                ("measure", "participants"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(app.count(version).await > v0);
}
