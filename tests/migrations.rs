//! Each migration applies on an empty database and on one populated by the migrations before
//! it; applying again is a no-op.

mod common;

use common::*;
use kafo::Db;

#[tokio::test]
async fn migrations_apply_on_empty_and_populated_databases() {
    let app = TestApp::empty().await;
    let db = app.state.db.clone();
    let (applied, again, loaded, reloaded) = tokio::task::spawn_blocking(move || {
        let applied: i64 = db
            .conn()
            .expect("conn")
            .scalar("SELECT COUNT(*) FROM schema_migrations", &[])
            .expect("count");
        let loaded = kafo::demo::load(&db).expect("demo");
        let again = db.migrate().expect("second run");
        let reloaded = kafo::demo::load(&db).expect("demo again");
        (applied, again, loaded, reloaded)
    })
    .await
    .expect("blocking");
    assert_eq!(applied as usize, Db::migration_versions().len());
    assert!(again.is_empty(), "nothing to apply twice: {again:?}");
    assert!(loaded);
    assert!(!reloaded, "demo data loads once");
    assert_eq!(app.count("SELECT COUNT(*) FROM communities").await, 2);
}

/// Builds a database at each migration in turn, fills it with the demo data written by the
/// schema of that time (plain SQL, so that it stays valid), then applies the rest.
#[tokio::test]
async fn each_migration_applies_on_a_populated_database() {
    let versions = Db::migration_versions();
    for (i, version) in versions.iter().enumerate().take(versions.len() - 1) {
        let t = tokio::task::spawn_blocking({
            let version = version.to_string();
            move || {
                let t = TestDb::fresh();
                t.db.migrate_up_to(&version).expect("first part");
                let mut c = t.db.conn().expect("conn");
                // Rows every version has had: a community, an organisation, a person.
                c.batch(
                    "INSERT INTO communities (slug, name, region, created_at) VALUES ('segou', 'CdP Ségou', 'Ségou', 0);
                     INSERT INTO organisations (name, name_key, kind, search_key, created_at, updated_at)
                       VALUES ('APROFEM', 'aprofem', 'ngo', 'aprofem', 0, 0);
                     INSERT INTO people (name, sex, organisation_id, search_key, created_at, updated_at)
                       VALUES ('Awa Démo', 'F', 1, 'awa demo', 0, 0);
                     INSERT INTO person_communities (person_id, community_id, role) VALUES (1, 1, 'member');",
                )
                .expect("populate");
                let rest = t.db.migrate().expect("the rest");
                (t, rest)
            }
        })
        .await
        .expect("blocking");
        let (t, rest) = t;
        assert_eq!(rest.len(), versions.len() - i - 1, "after {version}");
        if *version != "0001_foundation" {
            continue;
        }
        // 0002 filled the listing copy of the people written before it.
        let db = t.db.clone();
        let name: String = db
            .run(|c| {
                Ok(c.scalar(
                    "SELECT name FROM person_communities WHERE person_id = 1",
                    &[],
                )?)
            })
            .await
            .expect("listing copy");
        assert_eq!(name, "Awa Démo");
    }
}

#[tokio::test]
async fn an_empty_site_still_serves_its_pages() {
    let app = TestApp::empty().await;
    let mut c = app.client();
    let home = c.get("/").await;
    assert_eq!(home.status, axum::http::StatusCode::OK);
    home.assert_contains("Aucune communauté publique pour le moment.");
}
