//! The HTTP surface: routes, the layers every response passes through, and shared pieces.

pub mod ctx;
pub mod errors;
pub mod export;
pub mod forms;
pub mod pages;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use crate::error::AppError;

pub use ctx::Ctx;
pub use forms::{Check, Errors, WebForm};

/// Largest request body: a form with a 1 MB field (3 MB once form-encoded, for accented
/// text) still reaches validation and gets a message; anything larger is a localised 413.
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The pages every site has, whatever its areas: health, stylesheet, language switch.
pub fn common_routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(pages::healthz))
        .route("/static/kafo.css", get(pages::stylesheet))
        .route("/langue/{code}", get(pages::switch_language))
        .fallback(pages::not_found)
}

/// Wraps the areas' routes (joined by `app::app`) in the layers every response passes
/// through: same-origin writes, panics as 500 pages, error pages, body limit,
/// compression and the security headers.
pub fn serve(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .layer(middleware::from_fn(same_origin_writes))
        // A bug in one request answers 500 with the error page; the server goes on.
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(middleware::from_fn(errors::error_pages))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // The fastest gzip level: on pages of a few KB it sends within a few percent of the
        // default level's bytes for a fraction of the CPU (docs/performance.md).
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .with_state(state)
}

/// Second line of defence beside the form tokens: a browser that says a write comes from
/// another site is refused before any handler runs.
async fn same_origin_writes(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let headers = req.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "cross-site");
        let origin_mismatch = match (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            (Some("null"), _) => true,
            (Some(origin), Some(host)) => {
                let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
                origin_host != host
            }
            _ => false,
        };
        if cross_site || origin_mismatch {
            return AppError::Csrf.into_response();
        }
    }
    next.run(req).await
}

/// Renders a template into an HTML response.
pub fn render<T: askama::Template>(page: &T) -> Result<Response, AppError> {
    Ok(Html(page.render()?).into_response())
}

/// A form shown again with its messages (422).
pub fn unprocessable<T: askama::Template>(page: &T) -> Result<Response, AppError> {
    let mut res = render(page)?;
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// Sends the browser on to `path` (303 See Other), as a write that succeeded does.
pub fn redirect(path: &str) -> Result<Response, AppError> {
    Ok(Redirect::to(path).into_response())
}

/// The links of a paginated list.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    /// Query string of the list without `page`, ending in `&` or empty.
    pub base: String,
}

impl Pager {
    pub const PER_PAGE: i64 = 25;

    pub fn new(page: i64, total: i64, base: String) -> Self {
        Self::sized(page, total, Self::PER_PAGE, base)
    }

    /// A pager over pages of `per_page` items.
    pub fn sized(page: i64, total: i64, per_page: i64, base: String) -> Self {
        let pages = ((total + per_page - 1) / per_page).max(1);
        Pager {
            page: page.min(pages),
            pages,
            total,
            base,
        }
    }

    pub fn offset(page: i64) -> i64 {
        (page - 1) * Self::PER_PAGE
    }

    pub fn prev(&self) -> Option<String> {
        (self.page > 1).then(|| format!("?{}page={}", self.base, self.page - 1))
    }

    pub fn next(&self) -> Option<String> {
        (self.page < self.pages).then(|| format!("?{}page={}", self.base, self.page + 1))
    }
}

/// The address people reach Kafo at, for links in mail.
pub fn base_url(state: &crate::AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(u) = &state.config.public_url {
        return u.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if ctx::is_https(state, headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// One page of a filtered list: its cleaned filters, which make both the pager's links and
/// the read-cache key, and the page asked for. Every list page builds one, so that a filter
/// left out of the key (and a stale page served) cannot happen.
pub struct Listing {
    base: String,
    pub page: i64,
}

impl Listing {
    /// `filters` are the list's filters once cleaned (an unknown code or id already emptied by
    /// `forms::code_filter` / `id_filter`), `page` the raw page parameter.
    pub fn new(page: &str, filters: &[(&str, &str)]) -> Self {
        Listing {
            base: query_base(filters),
            page: forms::page_number(Some(page)),
        }
    }

    pub fn offset(&self) -> i64 {
        Pager::offset(self.page)
    }

    /// The read-cache key of this page of list `list` as seen from `scope` (a community and,
    /// where records have a visibility, the visitor's access level).
    pub fn key(&self, list: &str, scope: impl std::fmt::Display) -> String {
        format!("{list}:{scope}:{}:{}", self.base, self.page)
    }

    /// Reads this page of list `list` as seen from `scope` through the read cache (under
    /// [`Listing::key`]); `read` gets a connection and the page's offset.
    pub fn cached<'a, T, F>(
        &self,
        db: &'a crate::db::Db,
        list: &str,
        scope: impl std::fmt::Display,
        read: F,
    ) -> impl std::future::Future<Output = Result<T, AppError>> + Send + 'a
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce(&mut crate::db::Conn, i64) -> Result<T, AppError> + Send + 'static,
    {
        let offset = self.offset();
        db.cached(self.key(list, scope), move |c| read(c, offset))
    }

    pub fn pager(self, total: i64) -> Pager {
        Pager::new(self.page, total, self.base)
    }
}

/// Builds the `a=1&b=2&` prefix of a list's links from its non-empty filters.
pub fn query_base(pairs: &[(&str, &str)]) -> String {
    let mut s = String::new();
    for (k, v) in pairs {
        if !v.is_empty() {
            s.push_str(k);
            s.push('=');
            s.push_str(&ctx::url_encode(v));
            s.push('&');
        }
    }
    s
}

pub use axum::response::Redirect;
