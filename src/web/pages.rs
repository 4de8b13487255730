//! Pages that belong to no area: health, stylesheet, language switch, not found.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::web::ctx::{Ctx, LANG_COOKIE, is_https};

pub const STYLESHEET: &str = include_str!("../../static/kafo.css");

pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, AppError> {
    state
        .db
        .run(|c| Ok(c.scalar::<i64>("SELECT COUNT(*) FROM schema_migrations", &[])?))
        .await?;
    Ok("ok")
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLESHEET,
    )
        .into_response()
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

#[derive(Deserialize)]
pub struct Back {
    retour: Option<String>,
}

/// Only a local path may be a redirect target: never another site.
pub fn safe_back(target: Option<&str>) -> String {
    match target {
        Some(t) if t.starts_with('/') && !t.starts_with("//") && !t.contains('\\') => t.to_owned(),
        _ => "/".to_owned(),
    }
}

/// `/langue/en?retour=/c/segou`: remembers the language in a cookie (and on the account).
pub async fn switch_language(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Result<Response, AppError> {
    let locale = Locale::parse(&code).ok_or(AppError::NotFound)?;
    if let Some(user) = &ctx.user {
        crate::auth::set_locale(&state.db, user.id, locale).await?;
    }
    let secure = if is_https(&state, &headers) {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        locale.code()
    );
    let mut res = Redirect::to(&safe_back(back.retour.as_deref())).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    *res.status_mut() = StatusCode::SEE_OTHER;
    Ok(res)
}
