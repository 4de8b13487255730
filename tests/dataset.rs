//! The data set: `kafo export` then `kafo import` moves every record, uploads included,
//! between installations and from SQLite to PostgreSQL; a data set with anything wrong is
//! refused whole, with its reasons, and nothing is written.

mod common;

use axum::http::StatusCode;
use common::{SEGOU_COORD, SEGOU_MEMBER, TestApp, TestDb, postgres_url};
use kafo::Config;
use kafo::crypto::{self, DataKey};
use kafo::dataset::{self, DatasetError, MANIFEST, Manifest};
use std::path::{Path, PathBuf};

/// A directory under the system's temporary one, removed at the end of the test.
struct Dir(PathBuf);

impl Dir {
    fn new(what: &str) -> Dir {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).expect("random");
        Dir(std::env::temp_dir().join(format!("kafo-dataset-{what}-{}", hex::encode(b))))
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The data key of the installation at `url` (made beside an SQLite file on first use).
fn key_of(url: &str) -> DataKey {
    crypto::key(&Config::new(url)).expect("data key")
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

fn pdf_with(text: &str) -> Vec<u8> {
    use printpdf::{BuiltinFont, Mm, PdfDocument};
    let (doc, page, layer) = PdfDocument::new("Test", Mm(210.0), Mm(297.0), "1");
    let font = doc.add_builtin_font(BuiltinFont::Helvetica).expect("font");
    doc.get_page(page)
        .get_layer(layer)
        .use_text(text, 12.0, Mm(20.0), Mm(270.0), &font);
    doc.save_to_bytes().expect("pdf")
}

/// The demo, with a photo of an activity and a file in the library uploaded through the site.
async fn add_uploads(app: &TestApp) {
    let activity = app
        .count("SELECT id FROM activities WHERE kind = 'awareness_campaign'")
        .await;
    let page = format!("/c/segou/activites/{activity}");
    let mut coord = app.login(SEGOU_COORD).await;
    let csrf = coord.get(&page).await.csrf();
    let res = coord
        .upload(
            &format!("{page}/photos"),
            &[
                ("csrf", &csrf),
                ("consent", "no_one_recognisable"),
                ("caption", "Le mur du festival"),
            ],
            Some(("mur.png", &png())),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(!res.location().contains("photo="), "{}", res.location());

    let mut member = app.login(SEGOU_MEMBER).await;
    let form = member.get("/c/segou/bibliotheque/nouvelle").await;
    let csrf = form.csrf();
    let res = member
        .upload(
            "/c/segou/bibliotheque/nouvelle",
            &[
                ("csrf", &csrf),
                ("kind", "model"),
                ("title", "Convention locale de Macina"),
                ("language", "fr"),
                ("visibility", "public"),
            ],
            Some((
                "convention.pdf",
                &pdf_with("Convention locale contre l excision a Macina"),
            )),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(app.count("SELECT COUNT(*) FROM photos").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM resource_files").await, 1);
}

fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(f).join().expect("thread")
}

fn export(db: &kafo::Db, key: &DataKey, dir: &Path) -> Manifest {
    let mut steps = Vec::new();
    let m = dataset::export(db, key, dir, &mut |p| steps.push(p.table.to_owned())).expect("export");
    for t in &m.tables {
        assert!(steps.contains(&t.name), "progress shown for {}", t.name);
    }
    m
}

fn import(db: &kafo::Db, key: &DataKey, dir: &Path) -> Result<dataset::import::Loaded, String> {
    dataset::import(db, key, dir, &mut |_| {}).map_err(|e| match e {
        DatasetError::Refused(r) => r.to_string(),
        other => panic!("an import that fails instead of refusing: {other}"),
    })
}

/// Every row of every carried table of `db`.
fn rows_in(db: &kafo::Db) -> i64 {
    let mut c = db.conn().expect("conn");
    let tables = dataset::carried_tables(&mut c).expect("tables");
    tables
        .iter()
        .map(|t| {
            c.scalar::<i64>(&format!("SELECT COUNT(*) FROM \"{}\"", t.name), &[])
                .expect("count")
        })
        .sum()
}

/// Two data sets hold the same records: the same files, byte for byte, and the same
/// manifest but for the time each was written.
fn assert_same(a: &Path, b: &Path) {
    let read = |d: &Path| -> Manifest {
        serde_json::from_str(&std::fs::read_to_string(d.join(MANIFEST)).expect("manifest"))
            .expect("manifest json")
    };
    let (ma, mut mb) = (read(a), read(b));
    mb.created_at = ma.created_at.clone();
    assert_eq!(ma, mb, "the manifests differ");
    for t in &ma.tables {
        let fa = std::fs::read(a.join(&t.file)).expect("file");
        let fb = std::fs::read(b.join(&t.file)).expect("file");
        assert!(fa == fb, "{} differs", t.file);
    }
}

#[tokio::test]
async fn export_import_export_gives_the_same_data_set_on_sqlite_and_on_postgresql() {
    let app = TestApp::with_demo_on_sqlite().await;
    add_uploads(&app).await;
    let source = app.state.db.clone();
    let url = app.test_db.url.clone();
    let first = Dir::new("first");
    let first_path = first.0.clone();
    let manifest = blocking(move || export(&source, &key_of(&url), &first_path));
    assert_eq!(manifest.format, "kafo-dataset");
    assert_eq!(manifest.format_version, 1);
    assert_eq!(
        manifest.schema_version,
        *kafo::Db::migration_versions().last().expect("a migration")
    );
    let count = |name: &str| {
        manifest
            .tables
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.rows)
            .unwrap_or_else(|| panic!("{name} is carried"))
    };
    // Every area is there, uploads included; what is rebuilt is not.
    for table in [
        "communities",
        "organisations",
        "people",
        "users",
        "activities",
        "attendance",
        "resources",
        "questions",
        "plans",
        "commitments",
        "candidates",
        "indicators",
        "audit_events",
    ] {
        assert!(count(table) > 0, "{table} has rows in the demo");
    }
    assert_eq!(count("photos"), 1);
    assert_eq!(count("resource_files"), 1);
    for rebuilt in dataset::REBUILT {
        assert!(manifest.tables.iter().all(|t| t.name != *rebuilt));
    }
    let total: u64 = manifest.tables.iter().map(|t| t.rows).sum();
    assert_eq!(total as i64, rows_in(&app.state.db));
    let key = key_of(&app.test_db.url);
    let source_docs = app.count("SELECT COUNT(*) FROM search_docs").await;

    // Into a new SQLite installation, and out again.
    let (first_path, k) = (first.0.clone(), key.clone());
    let (loaded, again, target) = blocking(move || {
        let target = TestDb::sqlite();
        let loaded = import(&target.db, &k, &first_path).expect("import");
        let again = Dir::new("sqlite");
        export(&target.db, &k, &again.0);
        (loaded, again, target)
    });
    assert_eq!(loaded.tables.iter().map(|(_, n)| n).sum::<u64>(), total);
    assert_same(&first.0, &again.0);
    let docs: i64 = target
        .db
        .conn()
        .expect("conn")
        .scalar("SELECT COUNT(*) FROM search_docs", &[])
        .expect("count");
    assert_eq!(docs, source_docs, "the search index is rebuilt");

    // Into PostgreSQL, and out again: the move of an installation.
    let Some(pg) = postgres_url() else {
        eprintln!(
            "KAFO_TEST_DATABASE_URL not set: the PostgreSQL half of the round trip is skipped"
        );
        return;
    };
    let first_path = first.0.clone();
    let (target, again) = blocking(move || {
        let target = TestDb::fresh_on(Some(pg));
        kafo::app::migrate(&target.db).expect("migrate");
        let loaded = import(&target.db, &key, &first_path).expect("import into PostgreSQL");
        assert_eq!(loaded.tables.iter().map(|(_, n)| n).sum::<u64>(), total);
        assert_eq!(loaded.indexed as i64, source_docs);
        let again = Dir::new("postgres");
        export(&target.db, &key, &again.0);
        (target, again)
    });
    assert_same(&first.0, &again.0);
    // New records get ids after the imported ones.
    let (next, max) = blocking(move || {
        let mut c = target.db.conn().expect("conn");
        let next: i64 = c
            .scalar(
                "SELECT nextval(pg_get_serial_sequence('people', 'id'))",
                &[],
            )
            .expect("nextval");
        let max: i64 = c.scalar("SELECT MAX(id) FROM people", &[]).expect("max");
        (next, max)
    });
    assert!(
        next > max,
        "the sequence of people starts after {max}: {next}"
    );
}

/// A data set of the demo, written from the backend the suite runs on, with the key of its
/// installation.
async fn demo_data_set() -> (TestApp, Dir, DataKey) {
    let app = TestApp::with_demo().await;
    let dir = Dir::new("demo");
    let (db, url, path) = (app.state.db.clone(), app.test_db.url.clone(), dir.0.clone());
    let key = blocking(move || {
        let key = key_of(&url);
        export(&db, &key, &path);
        key
    });
    (app, dir, key)
}

/// Imports `dir` into a new installation of the suite's backend: the reasons it is refused
/// with, and the rows left in it (none, always).
fn refused_into_new(dir: &Path, key: &DataKey) -> (String, i64) {
    let (dir, key) = (dir.to_owned(), key.clone());
    blocking(move || {
        let target = TestDb::new();
        let reasons = match import(&target.db, &key, &dir) {
            Ok(_) => panic!("the data set was loaded"),
            Err(r) => r,
        };
        (reasons, rows_in(&target.db))
    })
}

fn edit_manifest(dir: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join(MANIFEST);
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    f(&mut m);
    std::fs::write(&path, serde_json::to_string_pretty(&m).expect("json")).expect("write");
}

#[tokio::test]
async fn a_data_set_of_another_version_or_for_another_key_is_refused_and_nothing_written() {
    let (_app, dir, key) = demo_data_set().await;
    edit_manifest(&dir.0, |m| m["format_version"] = 2.into());
    let (reasons, rows) = refused_into_new(&dir.0, &key);
    assert!(
        reasons.contains("format version 2") && reasons.contains("version 1 only"),
        "{reasons}"
    );
    assert!(reasons.contains("nothing was written"), "{reasons}");
    assert_eq!(rows, 0);

    edit_manifest(&dir.0, |m| {
        m["format_version"] = 1.into();
        m["schema_version"] = "0099_from_the_future".into();
    });
    let (reasons, rows) = refused_into_new(&dir.0, &key);
    assert!(
        reasons.contains("the data set's schema is 0099_from_the_future"),
        "{reasons}"
    );
    assert_eq!(rows, 0);

    // The sealed details of candidates open with the key they were sealed with only.
    edit_manifest(&dir.0, |m| {
        m["schema_version"] = dataset::schema_version().into();
    });
    let other = DataKey::generate().expect("key");
    let (reasons, rows) = refused_into_new(&dir.0, &other);
    assert!(reasons.contains("another data key"), "{reasons}");
    assert_eq!(rows, 0);

    // Not a data set at all.
    let empty = Dir::new("empty");
    std::fs::create_dir_all(&empty.0).expect("dir");
    let (reasons, _) = refused_into_new(&empty.0, &key);
    assert!(reasons.contains("is not a Kafo data set"), "{reasons}");
}

/// Replaces the first line of `file` that contains `find`, in the data set `dir`.
fn edit_row(dir: &Path, file: &str, find: &str, f: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    let mut out = String::new();
    let mut f = Some(f);
    for line in text.lines() {
        if line.contains(find)
            && let Some(f) = f.take()
        {
            let mut row: serde_json::Value = serde_json::from_str(line).expect("row");
            f(&mut row);
            out.push_str(&row.to_string());
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    assert!(f.is_none(), "no line of {file} contains {find}");
    std::fs::write(&path, out).expect("write");
}

#[tokio::test]
async fn a_broken_reference_or_a_bad_row_is_refused_with_its_line_and_nothing_written() {
    let (_app, dir, key) = demo_data_set().await;
    // A person of an organisation that is not in the data set.
    edit_row(&dir.0, "people.jsonl", "\"organisation_id\":", |row| {
        row["organisation_id"] = 987_654.into();
    });
    // A text where a number goes, a second account with the same email, a missing column.
    edit_row(&dir.0, "activities.jsonl", "\"id\":", |row| {
        row["community_id"] = "segou".into();
    });
    let first_email = {
        let text = std::fs::read_to_string(dir.0.join("users.jsonl")).expect("users");
        let row: serde_json::Value =
            serde_json::from_str(text.lines().next().expect("a user")).expect("row");
        row["email"].as_str().expect("email").to_owned()
    };
    edit_row(&dir.0, "users.jsonl", "\"id\":2,", |row| {
        row["email"] = first_email.clone().into();
    });
    edit_row(&dir.0, "themes.jsonl", "\"id\":", |row| {
        row.as_object_mut().expect("object").remove("slug");
    });
    let (reasons, rows) = refused_into_new(&dir.0, &key);
    assert!(
        reasons.contains("people.jsonl line ")
            && reasons.contains("organisation_id = 987654 refers to no row of organisations"),
        "{reasons}"
    );
    assert!(
        reasons.contains("community_id must be an integer, not \"segou\""),
        "{reasons}"
    );
    assert!(
        reasons.contains(&format!(
            "users.jsonl line 2: (email) = (\"{first_email}\") appears twice"
        )),
        "{reasons}"
    );
    assert!(
        reasons.contains("themes.jsonl line 1: the column slug is missing"),
        "{reasons}"
    );
    assert!(
        reasons.contains("people.jsonl: the checksum differs"),
        "{reasons}"
    );
    // Each fault once: the rows that refer to a row with a bad column are not blamed for it.
    assert!(!reasons.contains("attendance.jsonl"), "{reasons}");
    assert!(!reasons.contains("… and"), "{reasons}");
    assert_eq!(rows, 0, "nothing written");
}

#[tokio::test]
async fn an_installation_that_is_not_empty_is_refused() {
    let (app, dir, key) = demo_data_set().await;
    let before = blocking({
        let db = app.state.db.clone();
        move || rows_in(&db)
    });
    let (db, path) = (app.state.db.clone(), dir.0.clone());
    let (reasons, after) = blocking(move || {
        let reasons = import(&db, &key, &path).expect_err("refused");
        (reasons, rows_in(&db))
    });
    assert!(
        reasons.contains("this installation is not empty (records in "),
        "{reasons}"
    );
    assert_eq!(before, after, "nothing written");
}

#[test]
fn the_command_line_exports_and_imports_with_progress_and_refuses_with_reasons() {
    let kafo = env!("CARGO_BIN_EXE_kafo");
    let work = Dir::new("cli");
    std::fs::create_dir_all(&work.0).expect("dir");
    let key = DataKey::generate().expect("key").to_base64();
    let run = |db: &str, args: &[&str]| {
        let out = std::process::Command::new(kafo)
            .arg("--database-url")
            .arg(format!("sqlite://{}", work.0.join(db).display()))
            .args(args)
            .env("KAFO_DATA_KEY", &key)
            .env("KAFO_LOG", "warn")
            .output()
            .expect("kafo runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // A source with a few records: an account.
    let out = std::process::Command::new(kafo)
        .arg("--database-url")
        .arg(format!("sqlite://{}", work.0.join("a.db").display()))
        .args(["user", "add", "--email", "awa@kafo.test", "--name", "Awa"])
        .env("KAFO_PASSWORD", "un mot de passe assez long")
        .env("KAFO_LOG", "warn")
        .output()
        .expect("kafo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let set = work.0.join("set");
    let set = set.to_str().expect("path");
    let (ok, stdout, stderr) = run("a.db", &["export", set]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("data set written to"), "{stdout}");
    assert!(stderr.contains("export: users 1/1"), "{stderr}");
    let (ok, stdout, stderr) = run("b.db", &["import", set]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("data set loaded from"), "{stdout}");
    assert!(stderr.contains("import: users 1/1"), "{stderr}");
    // Twice: the installation is no longer empty.
    let (ok, _, stderr) = run("b.db", &["import", set]);
    assert!(!ok);
    assert!(
        stderr.contains("refused and nothing was written") && stderr.contains("not empty"),
        "{stderr}"
    );
}
