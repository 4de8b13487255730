//! Crawls every page of the demo site, logged out and as each role: no 5xx, no page over the
//! 14 KB compressed budget, no page that needs JavaScript.

mod common;

use axum::http::StatusCode;
use common::*;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::collections::{BTreeSet, VecDeque};
use std::io::Write;

const BUDGET: usize = 14 * 1024;

fn gzip_len(body: &str) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(body.as_bytes()).expect("gzip");
    enc.finish().expect("gzip").len()
}

/// Same-site links of a page, without fragments; the language switch and logout are left out
/// (they change state, and the switch is tested on its own).
fn links(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("href=\"") {
        rest = &rest[i + 6..];
        let Some(end) = rest.find('"') else { break };
        let href = rest[..end].replace("&#38;", "&").replace("&amp;", "&");
        rest = &rest[end..];
        if !href.starts_with('/') || href.starts_with("//") || href.starts_with("/langue/") {
            continue;
        }
        out.push(href.split('#').next().unwrap_or("").to_owned());
    }
    out
}

struct Report {
    pages: usize,
    heaviest: (usize, String),
}

async fn crawl(c: &mut Client, who: &str) -> Report {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/".to_owned(), "/compte".to_owned(), "/admin".to_owned()]);
    let mut report = Report {
        pages: 0,
        heaviest: (0, String::new()),
    };
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 400 {
            continue;
        }
        let res = c.get(&path).await;
        assert!(
            !res.status.is_server_error(),
            "{who}: {path} answered {}",
            res.status
        );
        if res.status != StatusCode::OK {
            continue;
        }
        let is_html = res
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if !is_html {
            continue;
        }
        report.pages += 1;
        let size = gzip_len(&res.body);
        assert!(size <= BUDGET, "{who}: {path} is {size} bytes compressed");
        if size > report.heaviest.0 {
            report.heaviest = (size, path.clone());
        }
        // Content is in the HTML itself: no script anywhere, and a heading in the main part.
        assert!(!res.body.contains("<script"), "{who}: {path} has a script");
        assert!(
            res.body.contains("<main>") && res.body.contains("<h1>"),
            "{who}: {path} has no content"
        );
        for link in links(&res.body) {
            if !seen.contains(&link) {
                queue.push_back(link);
            }
        }
    }
    report
}

#[tokio::test]
async fn every_page_of_the_demo_is_light_and_works_without_javascript() {
    let app = TestApp::with_demo().await;
    let mut total = 0;
    let mut heaviest = (0, String::new());
    let mut anon = app.client();
    let r = crawl(&mut anon, "anonymous").await;
    assert!(r.pages >= 15, "anonymous crawl saw only {} pages", r.pages);
    total += r.pages;
    heaviest = heaviest.max(r.heaviest);
    for who in ALL_ROLES {
        let mut c = app.login(who).await;
        let r = crawl(&mut c, who.0).await;
        assert!(r.pages >= 15, "{} saw only {} pages", who.0, r.pages);
        total += r.pages;
        heaviest = heaviest.max(r.heaviest);
    }
    println!(
        "crawled {total} pages; heaviest {} bytes compressed ({})",
        heaviest.0, heaviest.1
    );
}
