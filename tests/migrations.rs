//! Migrations apply on an empty database and again (as a no-op) on a populated one.

mod common;

use common::*;

#[tokio::test]
async fn migrations_apply_on_empty_and_populated_databases() {
    let app = TestApp::empty().await;
    let db = app.state.db.clone();
    let (tables, again, loaded, reloaded) = tokio::task::spawn_blocking(move || {
        let tables: i64 = db
            .conn()
            .expect("conn")
            .scalar("SELECT COUNT(*) FROM schema_migrations", &[])
            .expect("count");
        let loaded = kafo::demo::load(&db).expect("demo");
        let again = db.migrate().expect("second run");
        let reloaded = kafo::demo::load(&db).expect("demo again");
        (tables, again, loaded, reloaded)
    })
    .await
    .expect("blocking");
    assert_eq!(tables, 1);
    assert!(again.is_empty(), "nothing to apply twice: {again:?}");
    assert!(loaded);
    assert!(!reloaded, "demo data loads once");
    assert_eq!(app.count("SELECT COUNT(*) FROM communities").await, 2);
}

#[tokio::test]
async fn an_empty_site_still_serves_its_pages() {
    let app = TestApp::empty().await;
    let mut c = app.client();
    let home = c.get("/").await;
    assert_eq!(home.status, axum::http::StatusCode::OK);
    home.assert_contains("Aucune communauté publique pour le moment.");
}
