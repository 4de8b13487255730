//! The one error type of the web layer.
//!
//! Rules: a handler returns `AppError`; each kind maps to one status and one localised page
//! (rendered by `web::errors`, which knows the visitor's language). `Internal` is logged with
//! its detail and shown to the user only as a generic message: no SQL or paths leak out.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::db::DbError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    NotFound,
    Forbidden,
    LoginRequired,
    BadRequest,
    Csrf,
    TooLarge,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::LoginRequired => StatusCode::SEE_OTHER,
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Csrf => StatusCode::FORBIDDEN,
            ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The locale key of the message shown on the error page.
    pub fn message_key(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "error-not-found",
            ErrorKind::Forbidden => "error-forbidden",
            ErrorKind::LoginRequired => "error-login-required",
            ErrorKind::BadRequest => "error-bad-request",
            ErrorKind::Csrf => "error-csrf",
            ErrorKind::TooLarge => "error-too-large",
            ErrorKind::Internal => "error-internal",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("login required")]
    LoginRequired,
    #[error("bad request")]
    BadRequest,
    #[error("csrf check failed")]
    Csrf,
    #[error("too large")]
    TooLarge,
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::NotFound => ErrorKind::NotFound,
            AppError::Forbidden => ErrorKind::Forbidden,
            AppError::LoginRequired => ErrorKind::LoginRequired,
            AppError::BadRequest => ErrorKind::BadRequest,
            AppError::Csrf => ErrorKind::Csrf,
            AppError::TooLarge => ErrorKind::TooLarge,
            AppError::Internal(_) => ErrorKind::Internal,
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let kind = self.kind();
        // The body is filled in by the error-page middleware, which knows the language.
        let mut res = kind.status().into_response();
        res.extensions_mut().insert(kind);
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;
