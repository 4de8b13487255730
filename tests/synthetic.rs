//! The benchmark's generator: deterministic, complete, and served by the pages.

mod common;

use axum::http::StatusCode;
use common::*;
use kafo::demo::synthetic::{self, Scale};

#[tokio::test]
async fn the_small_synthetic_set_is_generated_once_and_served() {
    let app = TestApp::empty().await;
    let db = app.state.db.clone();
    let scale = Scale::named("small").expect("small");
    let (first, again) = tokio::task::spawn_blocking(move || {
        (
            synthetic::generate(&db, scale, 7).expect("generate"),
            synthetic::generate(&db, scale, 7).expect("generate again"),
        )
    })
    .await
    .expect("blocking");
    assert!(first && !again);
    assert_eq!(app.count("SELECT COUNT(*) FROM communities").await, 5);
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 100);
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, 1_000);
    assert_eq!(app.count("SELECT COUNT(*) FROM activities").await, 50);
    assert_eq!(app.count("SELECT COUNT(*) FROM attendance").await, 500);
    let mut member = app
        .login((synthetic::BENCH_EMAIL, synthetic::BENCH_PASSWORD))
        .await;
    let slug = synthetic::FIRST_SLUG;
    for path in [
        format!("/c/{slug}"),
        format!("/c/{slug}/organisations?q=femmes"),
        format!("/c/{slug}/personnes?sex=F"),
        format!("/c/{slug}/activites?quand=passees"),
    ] {
        let res = member.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
    }
    member
        .get(&format!("/c/{slug}/activites?quand=passees"))
        .await
        .assert_contains("participants");
}
