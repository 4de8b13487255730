//! TestApp: a fresh database per test, on SQLite by default or on PostgreSQL when
//! `KAFO_TEST_DATABASE_URL` is set (each test then gets a schema of its own), and a small
//! cookie-keeping client that talks to the router as a browser would.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use tower::ServiceExt;

use kafo::{AppState, Config, Db};

pub mod browser;
pub mod smtp;

/// A port nobody listens on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub const ADMIN: (&str, &str) = ("admin@kafo.test", "kafo-admin-demo");
pub const SEGOU_COORD: (&str, &str) = ("coordination.segou@kafo.test", "segou-coord-demo");
pub const SEGOU_CORE: (&str, &str) = ("noyau.segou@kafo.test", "segou-noyau-demo");
pub const SEGOU_MEMBER: (&str, &str) = ("membre.segou@kafo.test", "segou-membre-demo");
pub const EXPERT: (&str, &str) = ("experte@kafo.test", "kafo-experte-demo");
pub const SEGOU_OBSERVER: (&str, &str) = ("drpfef.segou@kafo.test", "segou-observ-demo");
pub const KAYES_COORD: (&str, &str) = ("coordination.kayes@kafo.test", "kayes-coord-demo");

pub const ALL_ROLES: [(&str, &str); 7] = [
    ADMIN,
    SEGOU_COORD,
    SEGOU_CORE,
    SEGOU_MEMBER,
    EXPERT,
    SEGOU_OBSERVER,
    KAYES_COORD,
];

/// Where the tests' databases live; PostgreSQL when the variable names a server.
pub fn postgres_url() -> Option<String> {
    std::env::var("KAFO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Schema(String, String),
}

fn unique() -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("random");
    hex::encode(b)
}

impl TestDb {
    /// A new, migrated, empty database.
    pub fn new() -> TestDb {
        let t = Self::fresh();
        // As `kafo serve` does: the migrations, then any reindex they ask for.
        kafo::app::migrate(&t.db).expect("migrate");
        t
    }

    /// A new, migrated, empty database on SQLite, whatever `KAFO_TEST_DATABASE_URL` says
    /// (for tests that move data between the two backends).
    pub fn sqlite() -> TestDb {
        let t = Self::fresh_on(None);
        kafo::app::migrate(&t.db).expect("migrate");
        t
    }

    /// A new database with no table at all.
    pub fn fresh() -> TestDb {
        Self::fresh_on(postgres_url())
    }

    /// A new database with no table at all: a schema of its own on the PostgreSQL server
    /// `postgres` names, else an SQLite file.
    pub fn fresh_on(postgres: Option<String>) -> TestDb {
        let (url, cleanup) = match postgres {
            Some(base) => {
                let schema = format!("t_{}", unique());
                let mut admin = postgres::Client::connect(&base, postgres::NoTls)
                    .expect("PostgreSQL at KAFO_TEST_DATABASE_URL");
                admin
                    .batch_execute(&format!("CREATE SCHEMA {schema}"))
                    .expect("create schema");
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
                (url, Cleanup::Schema(base, schema))
            }
            None => {
                let path = std::env::temp_dir().join(format!("kafo-test-{}.db", unique()));
                (format!("sqlite://{}", path.display()), Cleanup::File(path))
            }
        };
        let db = Db::open(&url, 8).expect("open database");
        TestDb { db, url, cleanup }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                // The data key made beside it (src/crypto.rs).
                let _ = std::fs::remove_file(path.with_extension("key"));
            }
            Cleanup::Schema(base, schema) => {
                // The sync client runs its own runtime: keep it off the test's runtime thread.
                let (base, schema) = (base.clone(), schema.clone());
                let _ = std::thread::spawn(move || {
                    if let Ok(mut c) = postgres::Client::connect(&base, postgres::NoTls) {
                        let _ = c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
                    }
                })
                .join();
            }
        }
    }
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub test_db: TestDb,
}

impl TestApp {
    /// A site with the demo data loaded.
    pub async fn with_demo() -> TestApp {
        Self::build(true).await
    }

    /// A site with an empty database.
    pub async fn empty() -> TestApp {
        Self::build(false).await
    }

    /// A site with the demo data loaded, on SQLite whatever `KAFO_TEST_DATABASE_URL` says.
    pub async fn with_demo_on_sqlite() -> TestApp {
        Self::build_on(true, false).await
    }

    async fn build(demo: bool) -> TestApp {
        Self::build_on(demo, postgres_url().is_some()).await
    }

    async fn build_on(demo: bool, postgres: bool) -> TestApp {
        let test_db = tokio::task::spawn_blocking(move || {
            let t = if postgres {
                TestDb::new()
            } else {
                TestDb::sqlite()
            };
            if demo {
                kafo::demo::load(&t.db).expect("demo data");
            }
            t
        })
        .await
        .expect("setup");
        let state = AppState::new(test_db.db.clone(), Config::new(&test_db.url));
        TestApp {
            router: kafo::app(state.clone()),
            state,
            test_db,
        }
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: BTreeMap::new(),
            headers: Vec::new(),
        }
    }

    /// A client already logged in as `who`.
    pub async fn login(&self, who: (&str, &str)) -> Client {
        let mut c = self.client();
        let res = c.login(who.0, who.1).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "login of {}: {}",
            who.0,
            res.body
        );
        c
    }

    /// Runs a count query straight on the database.
    pub async fn count(&self, sql: &'static str) -> i64 {
        self.state
            .db
            .run(move |c| Ok(c.scalar::<i64>(sql, &[])?))
            .await
            .expect("count")
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the first `name="csrf"` field on the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker).expect("a csrf field") + marker.len();
        let end = self.body[start..].find('"').expect("end of csrf") + start;
        self.body[start..end].to_owned()
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    #[track_caller]
    pub fn assert_contains(&self, needle: &str) {
        assert!(
            self.body.contains(needle),
            "expected {needle:?} in the page (status {}):\n{}",
            self.status,
            self.body
        );
    }
}

#[derive(Clone)]
pub struct Client {
    router: Router,
    pub cookies: BTreeMap<String, String>,
    /// Extra headers sent with every request.
    pub headers: Vec<(String, String)>,
}

impl Client {
    pub async fn send(&mut self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let headers = res.headers().clone();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or("");
            let pair = v.split(';').next().unwrap_or("");
            if let Some((k, val)) = pair.split_once('=') {
                let expired = v.contains("Max-Age=0");
                if expired || val.is_empty() {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), val.to_owned());
                }
            }
        }
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "kafo.test");
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            b = b.header(header::COOKIE, cookie);
        }
        for (k, v) in &self.headers {
            b = b.header(k.as_str(), v.as_str());
        }
        b
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let req = self
            .request("GET", path)
            .body(Body::empty())
            .expect("request");
        self.send(req).await
    }

    /// Posts a form as given (no token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_html_form::to_string(fields).expect("form");
        let req = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    /// Posts a form with the token of the page `form_page`, as a browser submitting it would.
    pub async fn submit(
        &mut self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        let page = self.get(form_page).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "form page {form_page}: {}",
            page.body
        );
        let csrf = page.csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all).await
    }

    /// Posts a `multipart/form-data` form as given (repeated names allowed), with at most
    /// one file in the field `file`.
    pub async fn upload(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> TestResponse {
        let (content_type, body) = multipart(fields, file);
        let req = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    pub async fn login(&mut self, email: &str, password: &str) -> TestResponse {
        self.submit(
            "/connexion",
            "/connexion",
            &[("email", email), ("password", password), ("retour", "/")],
        )
        .await
    }
}

pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "kafo-test-boundary-7d1f";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
