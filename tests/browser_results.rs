//! Browser test of the results pages in headless Chromium on a 360 px phone: the community
//! page with its headline results, the dashboard with its charts, the network's results and
//! the report form, logged out as a donor reads them and as a coordinator; nothing is wider
//! than the screen, and each page is kept as a screenshot (target/tmp/screenshots).

mod common;

use common::browser::*;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_results_pages_read_well_on_a_phone_logged_out_and_in() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let app = TestApp::with_demo().await;
    let base = serve(&app).await;
    let profile = std::env::temp_dir().join(format!("kafo-chromium-results-{port}"));
    let c = browser(port, &profile).await;
    c.set_window_size(360, 780).await.expect("narrow window");
    for (path, needle, name) in [
        ("/c/segou", "Résultats en bref", "results-community-public"),
        (
            "/c/segou/resultats",
            "Participants aux cadres de concertation",
            "results-dashboard-public",
        ),
        (
            "/reseau/resultats",
            "Réseau (sans doublon)",
            "results-network-public",
        ),
        (
            "/c/segou/rapport",
            "Télécharger le rapport",
            "results-report-form-public",
        ),
    ] {
        c.goto(&format!("{base}{path}")).await.expect("goto");
        wait_for(&c, needle).await;
        assert_fits(&c, name).await;
        screenshot(&c, name).await;
    }
    log_in(&c, &base, SEGOU_COORD, "Aminata Démo Traoré").await;
    for (path, needle, name) in [
        (
            "/c/segou/resultats",
            "Rapport depuis la création (PDF)",
            "results-dashboard-coordinator",
        ),
        (
            "/reseau/resultats",
            "Réseau (sans doublon)",
            "results-network-member",
        ),
    ] {
        c.goto(&format!("{base}{path}")).await.expect("goto");
        wait_for(&c, needle).await;
        assert_fits(&c, name).await;
        screenshot(&c, name).await;
    }
    c.close().await.expect("close");
}
