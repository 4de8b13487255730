//! Spreadsheet downloads of every list, through HTTP, opened by readers that are not ours:
//! Python's `csv` module for the CSV files, openpyxl and LibreOffice (headless) for the XLSX
//! workbooks. Without a reader the check is skipped with a printed reason, unless
//! `KAFO_REQUIRE_READERS` is set (CI), where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use common::{ADMIN, Client, KAYES_COORD, SEGOU_COORD, SEGOU_MEMBER, TestApp};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// Every list of Ségou with its download path (without the extension) and file name part.
const LISTS: [(&str, &str); 10] = [
    ("/c/segou/organisations", "organisations"),
    ("/c/segou/personnes", "people"),
    ("/c/segou/activites", "activities"),
    ("/c/segou/activites/participation", "attendance"),
    ("/c/segou/bibliotheque", "resources"),
    ("/c/segou/questions", "questions"),
    ("/c/segou/plans/actions", "plan_actions"),
    ("/c/segou/engagements", "commitments"),
    ("/c/segou/resultats", "indicators"),
    ("/c/segou/resultats/valeurs", "indicator_values"),
];

struct Download {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

/// A GET with the client's cookies, keeping the body's bytes (a workbook is binary).
async fn download(app: &TestApp, client: &Client, path: &str) -> Download {
    let mut req = Request::builder()
        .method("GET")
        .uri(path)
        .header(header::HOST, "kafo.test");
    if !client.cookies.is_empty() {
        let cookie = client
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        req = req.header(header::COOKIE, cookie);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Download {
        status,
        headers,
        bytes: bytes.to_vec(),
    }
}

fn header_of(d: &Download, name: header::HeaderName) -> String {
    d.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

fn require_readers() -> bool {
    std::env::var("KAFO_REQUIRE_READERS").is_ok()
}

/// Says why a reader's check did not run, or fails in CI.
fn missing(what: &str, install: &str) {
    assert!(
        !require_readers(),
        "{what} is required ({install}); KAFO_REQUIRE_READERS is set"
    );
    eprintln!("SKIPPED the {what} check: not installed ({install})");
}

/// A Python that has openpyxl: the first of `python3` and Debian's `/usr/bin/python3`.
fn python_with(module: &str) -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|py| {
        Command::new(py)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn scratch(name: &str) -> PathBuf {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("random");
    let dir = std::env::temp_dir().join(format!("kafo-exports-{name}-{}", hex::encode(b)));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn run_python(py: &str, script: &str, files: &[PathBuf]) -> Value {
    let out = Command::new(py)
        .arg("-c")
        .arg(script)
        .args(files)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json from python")
}

/// Python's `csv` module reads each file (its BOM taken off); rows of strings.
const CSV_READER: &str = r#"
import csv, io, json, sys
out = []
for path in sys.argv[1:]:
    text = open(path, 'rb').read().decode('utf-8-sig')
    out.append(list(csv.reader(io.StringIO(text, newline=''))))
print(json.dumps(out))
"#;

/// openpyxl reads each workbook: its sheet's name, frozen cell, and every cell as
/// [type, value] with type n (number), d (date), s (text) or e (empty).
const XLSX_READER: &str = r#"
import datetime, json, sys, openpyxl
out = []
for path in sys.argv[1:]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if v is None: cells.append(["e", ""])
            elif isinstance(v, bool): cells.append(["s", str(v)])
            elif isinstance(v, (int, float)): cells.append(["n", v])
            elif isinstance(v, datetime.datetime):
                cells.append(["d", v.strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute) else v.strftime("%Y-%m-%d")])
            elif isinstance(v, datetime.date): cells.append(["d", v.isoformat()])
            else: cells.append(["s", str(v)])
        rows.append(cells)
    out.append({"title": ws.title, "freeze": ws.freeze_panes, "rows": rows})
print(json.dumps(out))
"#;

fn csv_rows(files: &[PathBuf]) -> Option<Vec<Vec<Vec<String>>>> {
    let Some(py) = python_with("csv") else {
        missing("Python csv reader", "apt-get install python3");
        return None;
    };
    let v = run_python(py, CSV_READER, files);
    Some(serde_json::from_value(v).expect("rows"))
}

fn openpyxl(files: &[PathBuf]) -> Option<Vec<Value>> {
    let Some(py) = python_with("openpyxl") else {
        missing("openpyxl", "apt-get install python3-openpyxl");
        return None;
    };
    let v = run_python(py, XLSX_READER, files);
    Some(serde_json::from_value(v).expect("sheets"))
}

/// LibreOffice converts the workbooks in `files` (all in one directory) to `ext` (a filter
/// spec); returns the converted files, in order. One conversion at a time.
fn soffice(files: &[PathBuf], target: &str, ext: &str) -> Option<Vec<PathBuf>> {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let profile = scratch("lo-profile");
    let out_dir = scratch("lo-out");
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
        ])
        .arg(&out_dir)
        .args(files)
        .output();
    let _ = std::fs::remove_dir_all(&profile);
    match run {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "soffice failed: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) => {
            missing("LibreOffice", "apt-get install libreoffice-calc-nogui");
            return None;
        }
    }
    Some(
        files
            .iter()
            .map(|f| {
                let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                let p = out_dir.join(format!("{stem}.{ext}"));
                assert!(p.exists(), "LibreOffice wrote no {}", p.display());
                p
            })
            .collect(),
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write file");
    p
}

fn today() -> String {
    kafo::clock::iso(kafo::clock::today())
}

/// A column's values (by header) in rows read by the CSV reader.
fn column<'a>(rows: &'a [Vec<String>], header: &str) -> Vec<&'a str> {
    let i = rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header:?} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].as_str()).collect()
}

#[tokio::test]
async fn every_list_downloads_in_both_formats_and_opens_in_other_readers() {
    let app = TestApp::with_demo().await;
    let coord = app.login(SEGOU_COORD).await;
    let dir = scratch("lists");
    let mut csvs = Vec::new();
    let mut xlsxs = Vec::new();
    for (path, list) in LISTS {
        for (ext, ctype) in [
            ("csv", "text/csv; charset=utf-8"),
            (
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        ] {
            let d = download(&app, &coord, &format!("{path}.{ext}")).await;
            assert_eq!(d.status, StatusCode::OK, "{path}.{ext}");
            assert_eq!(header_of(&d, header::CONTENT_TYPE), ctype, "{path}.{ext}");
            let name = format!("kafo-segou-{list}-{}.{ext}", today());
            assert_eq!(
                header_of(&d, header::CONTENT_DISPOSITION),
                format!("attachment; filename=\"{name}\""),
            );
            if ext == "csv" {
                assert!(d.bytes.starts_with("\u{feff}".as_bytes()), "{path}: BOM");
                let text = String::from_utf8(d.bytes.clone()).expect("UTF-8");
                assert!(text.ends_with("\r\n"), "{path}: CRLF line ends");
                csvs.push(write(&dir, &name, &d.bytes));
            } else {
                assert!(d.bytes.starts_with(b"PK"), "{path}: a zip");
                xlsxs.push(write(&dir, &name, &d.bytes));
            }
        }
    }
    // The list pages link to their downloads, with the page's filters.
    let mut c = coord.clone();
    let page = c.get("/c/segou/organisations?kind=ngo&page=1").await;
    page.assert_contains("href=\"/c/segou/organisations.csv?kind=ngo\"");
    page.assert_contains("href=\"/c/segou/organisations.xlsx?kind=ngo\"");
    c.get("/c/segou/activites")
        .await
        .assert_contains("href=\"/c/segou/activites/participation.xlsx\"");
    c.get("/c/segou/resultats")
        .await
        .assert_contains("href=\"/c/segou/resultats/valeurs.csv\"");

    let Some(ours) = csv_rows(&csvs) else { return };
    // French headers and accents, one row per record.
    assert_eq!(
        ours[0][0],
        [
            "Nom",
            "Sigle",
            "Type d’organisation",
            "Rôle dans la communauté",
            "Commune",
            "Région",
            "Adresse e-mail",
            "Téléphone",
            "Site web",
            "Membre depuis le",
            "Membre jusqu’au"
        ]
    );
    assert_eq!(
        ours[0].len(),
        1 + 9,
        "the nine member organisations of Ségou"
    );
    assert!(column(&ours[0], "Région").contains(&"Ségou"));
    assert!(column(&ours[0], "Membre depuis le").contains(&"2021-02-01"));
    // Attendance totals: the three consultation frameworks counted by hand.
    let participants = column(&ours[3], "Participants");
    for n in ["41", "35", "38"] {
        assert!(participants.contains(&n), "{n} in {participants:?}");
    }
    let estimated = column(&ours[3], "Personnes touchées (estimées)");
    assert!(
        estimated
            .iter()
            .any(|n| n.parse::<i64>().unwrap_or(0) >= 1000)
    );
    // Indicator values: a column per disaggregation, the category in its own column.
    let values = &ours[9];
    let at = |h: &str| values[0].iter().position(|x| x == h).expect("column");
    assert!(
        values.iter().any(|r| r[at("Code")] == "R1-3"
            && r[at("Période")] == "2022"
            && r[at("Sexe")] == "Femme"
            && r[at("Tranche d’âge")].is_empty()
            && r[at("Organisation")].is_empty()
            && r[at("Valeur")] == "82"),
        "{values:?}"
    );
    assert!(values.iter().any(|r| r[at("Code")] == "R1-3"
        && r[at("Période")] == "2022"
        && r[at("Sexe")].is_empty()
        && r[at("Valeur")] == "114"
        && r[at("Cible")] == "100"));
    // The indicator table: a target and a value column per period.
    let r1 = ours[8].iter().find(|r| r[0] == "R1").expect("R1");
    let value_2022 = ours[8][0].iter().position(|h| h == "Valeur 2022");
    assert_eq!(value_2022.map(|k| r1[k].as_str()), Some("41"));
    for (i, rows) in ours.iter().enumerate() {
        let width = rows[0].len();
        assert!(
            rows.iter().all(|r| r.len() == width),
            "{}: ragged",
            LISTS[i].0
        );
    }

    let Some(sheets) = openpyxl(&xlsxs) else {
        return;
    };
    for (i, sheet) in sheets.iter().enumerate() {
        let rows = sheet["rows"].as_array().expect("rows");
        assert_eq!(sheet["freeze"], "A2", "{}: header row frozen", LISTS[i].0);
        assert_eq!(rows.len(), ours[i].len(), "{}: same rows", LISTS[i].0);
        for (r, row) in rows.iter().enumerate() {
            for (k, cell) in row.as_array().expect("cells").iter().enumerate() {
                let (kind, value) = (cell[0].as_str().unwrap_or(""), &cell[1]);
                let text = match value {
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                };
                let csv = ours[i][r].get(k).map(String::as_str).unwrap_or("");
                // Text cells are never formulas in a workbook: no guard to strip there.
                let csv = csv
                    .strip_prefix('\'')
                    .filter(|_| kind == "s")
                    .unwrap_or(csv);
                assert_eq!(text, csv, "{} row {r} column {k} ({kind})", LISTS[i].0);
            }
        }
    }
    // Numbers are numbers and dates are dates.
    let typed = |list: usize, header: &str| -> Vec<(String, String)> {
        let rows = sheets[list]["rows"].as_array().expect("rows");
        let k = rows[0]
            .as_array()
            .expect("header")
            .iter()
            .position(|c| c[1] == header)
            .unwrap_or_else(|| panic!("no {header}"));
        rows[1..]
            .iter()
            .map(|r| {
                let c = &r[k];
                (c[0].as_str().unwrap_or("").to_owned(), c[1].to_string())
            })
            .collect()
    };
    assert!(typed(3, "Participants").iter().all(|(k, _)| k == "n"));
    assert!(typed(3, "Participants").iter().any(|(_, v)| v == "41"));
    assert!(typed(3, "Début").iter().all(|(k, _)| k == "d"));
    assert!(typed(0, "Membre depuis le").iter().all(|(k, _)| k == "d"));
    assert!(typed(8, "Code").iter().all(|(k, _)| k == "s"));
    assert!(typed(9, "Valeur").iter().any(|(k, _)| k == "n"));
    assert!(
        typed(9, "Début de la période")
            .iter()
            .all(|(k, _)| k == "d")
    );
    assert_eq!(sheets[0]["title"], "Organisations membres");

    // LibreOffice reads the same cells (its CSV of our workbook is our CSV but for the
    // formula guard), and types them: floats and dates in its own format.
    let Some(converted) = soffice(&xlsxs, "csv:Text - txt - csv (StarCalc):44,34,76,1", "csv")
    else {
        return;
    };
    let theirs = csv_rows(&converted).expect("csv reader");
    for (i, rows) in theirs.iter().enumerate() {
        let expected: Vec<Vec<String>> = ours[i]
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| c.strip_prefix('\'').unwrap_or(c).to_owned())
                    .collect()
            })
            .collect();
        assert_eq!(
            rows, &expected,
            "{}: LibreOffice reads it alike",
            LISTS[i].0
        );
    }
    let Some(flat) = soffice(&xlsxs, "fods", "fods") else {
        return;
    };
    let attendance = std::fs::read_to_string(&flat[3]).expect("fods");
    assert!(attendance.contains(r#"office:value-type="float" office:value="41""#));
    assert!(attendance.contains(r#"office:value-type="date" office:date-value=""#));
    let orgs = std::fs::read_to_string(&flat[0]).expect("fods");
    assert!(orgs.contains(r#"office:date-value="2021-02-01""#));
    assert!(orgs.contains("Ségou"));
    for f in [&converted[0], &flat[0], &dir] {
        let d = if f.is_dir() {
            f.as_path()
        } else {
            f.parent().expect("dir")
        };
        let _ = std::fs::remove_dir_all(d);
    }
}

#[tokio::test]
async fn csv_quotes_commas_quotes_and_line_breaks_and_guards_formulas() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let pledge = "Former 30 femmes, dont des « leaders » dites \"relais\"";
    let measure = "Séances tenues\nListe de présence signée";
    for (p, m) in [(pledge, measure), ("=HYPERLINK(\"http://x\")", "@SUM(1)")] {
        let res = coord
            .submit(
                "/c/segou/engagements",
                "/c/segou/engagements",
                &[("pledge", p), ("measure", m), ("due_on", "2027-06-30")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let csv = download(&app, &coord, "/c/segou/engagements.csv").await;
    let text = String::from_utf8(csv.bytes.clone()).expect("UTF-8");
    assert!(text.starts_with('\u{feff}'));
    // RFC 4180 as written: quotes doubled inside a quoted field, the line break kept.
    assert!(text.contains(
        "\"Former 30 femmes, dont des « leaders » dites \"\"relais\"\"\",\"Séances tenues\nListe de présence signée\",2027-06-30"
    ));
    let dir = scratch("quoting");
    let file = write(&dir, "engagements.csv", &csv.bytes);
    let xlsx = download(&app, &coord, "/c/segou/engagements.xlsx").await;
    let book = write(&dir, "engagements.xlsx", &xlsx.bytes);
    let Some(rows) = csv_rows(std::slice::from_ref(&file)) else {
        return;
    };
    let pledges = column(&rows[0], "Engagement");
    assert!(pledges.contains(&pledge), "{pledges:?}");
    assert!(
        pledges.contains(&"'=HYPERLINK(\"http://x\")"),
        "{pledges:?}"
    );
    let measures = column(&rows[0], "Mesure");
    assert!(measures.contains(&measure));
    assert!(measures.contains(&"'@SUM(1)"));
    let Some(sheets) = openpyxl(&[book]) else {
        return;
    };
    let cells = sheets[0]["rows"].to_string();
    // In the workbook the text is whole (an inline string is never a formula).
    assert!(cells.contains(&serde_json::to_string(pledge).expect("json")));
    assert!(
        cells.contains(r#"["s","=HYPERLINK(\"http://x\")"]"#),
        "{cells}"
    );
    assert!(cells.contains(r#""Séances tenues\nListe de présence signée""#));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn downloads_follow_the_pages_rules() {
    let app = TestApp::with_demo().await;
    let anon = app.client();
    // People: members only, as the page.
    let d = download(&app, &anon, "/c/segou/personnes.csv").await;
    assert_eq!(d.status, StatusCode::SEE_OTHER);
    assert!(header_of(&d, header::LOCATION).starts_with("/connexion"));
    let kayes = app.login(KAYES_COORD).await;
    let mut kayes_page = kayes.clone();
    let page = kayes_page.get("/c/segou/personnes").await.status;
    let d = download(&app, &kayes, "/c/segou/personnes.xlsx").await;
    assert_eq!(d.status, page, "refused as the page is");
    assert_eq!(d.status, StatusCode::FORBIDDEN);
    // Questions and commitments: signed-in members, as their pages.
    for path in ["/c/segou/questions.csv", "/c/segou/engagements.xlsx"] {
        let d = download(&app, &anon, path).await;
        assert_eq!(d.status, StatusCode::SEE_OTHER, "{path}");
    }

    // Organisations: everyone (the directory is public), but contact only for members.
    let public = download(&app, &anon, "/c/segou/organisations.csv").await;
    assert_eq!(public.status, StatusCode::OK);
    let public = String::from_utf8(public.bytes).expect("UTF-8");
    let member = app.login(SEGOU_MEMBER).await;
    let inside = download(&app, &member, "/c/segou/organisations.csv").await;
    let inside = String::from_utf8(inside.bytes).expect("UTF-8");
    assert!(inside.contains("Adresse e-mail"));
    assert!(inside.contains('@'), "members read the contact");
    assert!(!public.contains("Adresse e-mail"));
    assert!(!public.contains("Téléphone"));
    assert!(
        !public.contains('@'),
        "no address in the public file:\n{public}"
    );
    assert!(public.contains("APROFEM"));

    // Activities: the public ones only for those outside, as the calendar.
    let members_only: String = {
        let db = app.state.db.clone();
        db.run(|c| {
            Ok(c.scalar::<String>(
                "SELECT title FROM activities WHERE is_public = FALSE ORDER BY id LIMIT 1",
                &[],
            )?)
        })
        .await
        .expect("a members-only activity")
    };
    let mut all_public = String::new();
    let mut all_inside = String::new();
    for q in ["", "?quand=passees"] {
        let p = download(&app, &anon, &format!("/c/segou/activites.csv{q}")).await;
        all_public.push_str(&String::from_utf8(p.bytes).expect("UTF-8"));
        let m = download(&app, &member, &format!("/c/segou/activites.csv{q}")).await;
        all_inside.push_str(&String::from_utf8(m.bytes).expect("UTF-8"));
    }
    assert!(all_inside.contains(&members_only), "{all_inside}");
    assert!(!all_public.contains(&members_only));

    // Indicators: evidence for members only, small counts of people hidden in public.
    let p = download(&app, &anon, "/c/segou/resultats/valeurs.csv").await;
    assert_eq!(p.status, StatusCode::OK);
    let p = String::from_utf8(p.bytes).expect("UTF-8");
    let m = download(&app, &member, "/c/segou/resultats/valeurs.csv").await;
    let m = String::from_utf8(m.bytes).expect("UTF-8");
    assert!(m.contains("Preuve"));
    assert!(!p.contains("Preuve"));
    // "< 5", with the narrow no-break space of French typography.
    assert!(p.contains("<\u{202f}5"), "{p}");
    assert!(!m.contains("<\u{202f}5"));
}

#[tokio::test]
async fn each_download_is_written_to_the_audit_log() {
    let app = TestApp::with_demo().await;
    let before = app
        .count("SELECT COUNT(*) FROM audit_events WHERE action = 'exported'")
        .await;
    let coord = app.login(SEGOU_COORD).await;
    let anon = app.client();
    assert_eq!(
        download(&app, &coord, "/c/segou/personnes.xlsx")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        download(&app, &anon, "/c/segou/organisations.csv")
            .await
            .status,
        StatusCode::OK
    );
    // A refused download writes nothing.
    download(&app, &anon, "/c/segou/personnes.csv").await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'exported'")
            .await,
        before + 2
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_events e JOIN users u ON u.id = e.user_id \
             WHERE e.action = 'exported' AND e.entity = 'people' AND e.detail LIKE 'xlsx %' \
             AND u.email = 'coordination.segou@kafo.test'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'exported' \
             AND entity = 'organisations' AND user_id IS NULL"
        )
        .await,
        1
    );
    let mut admin = app.login(ADMIN).await;
    let journal = admin.get("/admin/journal").await;
    journal.assert_contains("A téléchargé une liste");
    journal.assert_contains("Personnes de la communauté");
    journal.assert_contains("Organisations de la communauté");
}

#[tokio::test]
async fn headers_follow_the_visitors_language() {
    let app = TestApp::with_demo().await;
    let mut coord = app.login(SEGOU_COORD).await;
    let res = coord.get("/langue/en").await;
    assert!(res.status.is_redirection() || res.status == StatusCode::OK);
    let d = download(&app, &coord, "/c/segou/activites/participation.csv").await;
    let text = String::from_utf8(d.bytes).expect("UTF-8");
    let first = text.lines().next().unwrap_or("");
    assert!(first.contains("People reached (estimated)"), "{first}");
    assert!(first.contains("Women"));
}
