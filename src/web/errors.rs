//! Errors as pages: any error response leaves as a small page in the visitor's language.

use askama::Template;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::ErrorKind;
use crate::i18n::Tr;
use crate::web::ctx::{requested_locale, url_encode};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    tr: Tr,
    title: String,
    message: String,
}

pub async fn error_pages(req: Request, next: Next) -> Response {
    let locale = requested_locale(req.headers()).unwrap_or_default();
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let res = next.run(req).await;
    let status = res.status();
    let kind = match res.extensions().get::<ErrorKind>() {
        Some(k) => *k,
        None if status.is_client_error() || status.is_server_error() => {
            let is_html = res
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            if is_html {
                return res;
            }
            match status {
                StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ErrorKind::NotFound,
                StatusCode::PAYLOAD_TOO_LARGE => ErrorKind::TooLarge,
                s if s.is_server_error() => ErrorKind::Internal,
                _ => ErrorKind::BadRequest,
            }
        }
        None => return res,
    };
    if kind == ErrorKind::LoginRequired {
        return Redirect::to(&format!("/connexion?retour={}", url_encode(&path))).into_response();
    }
    let tr = Tr::new(locale);
    let page = ErrorPage {
        tr,
        title: tr.t("error-title").into_owned(),
        message: tr.t(kind.message_key()).into_owned(),
    };
    let body = page
        .render()
        .unwrap_or_else(|_| tr.t(kind.message_key()).into_owned());
    let mut out = Response::new(Body::from(body));
    *out.status_mut() = if status.is_success() {
        kind.status()
    } else {
        status
    };
    out.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    out
}
