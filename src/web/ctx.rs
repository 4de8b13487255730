//! `Ctx`: who is asking and in which language. Every page handler takes one.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use crate::AppState;
use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use crate::i18n::{Locale, Tr};
use crate::ids::UserId;

pub const LANG_COOKIE: &str = "kafo_lang";

pub struct Ctx {
    pub tr: Tr,
    pub user: Option<CurrentUser>,
    /// The token every form must send back: the session's, or the login cookie's.
    pub csrf: String,
    /// Path and query of this request, for "back" links and the language switch.
    pub path: String,
    pub https: bool,
}

/// Reads one cookie from the `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// True when this request came over HTTPS (directly configured, or said by the proxy).
pub fn is_https(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.https()
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The language asked for by cookie or browser, before any account preference.
pub fn requested_locale(headers: &HeaderMap) -> Option<Locale> {
    cookie(headers, LANG_COOKIE)
        .and_then(Locale::parse)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let https = is_https(state, &parts.headers);
        let token = cookie(&parts.headers, auth::session_cookie_name(https)).map(str::to_owned);
        let user = match token {
            Some(token) => auth::session_user(&state.db, token).await?,
            None => None,
        };
        let cookie_locale = cookie(&parts.headers, LANG_COOKIE).and_then(Locale::parse);
        let locale = cookie_locale
            .or_else(|| user.as_ref().map(|u| u.locale))
            .or_else(|| requested_locale(&parts.headers))
            .unwrap_or_default();
        let csrf = match &user {
            Some(u) => u.csrf.clone(),
            None => cookie(&parts.headers, auth::csrf_cookie_name(https))
                .unwrap_or_default()
                .to_owned(),
        };
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        Ok(Ctx {
            tr: Tr::new(locale),
            user,
            csrf,
            path,
            https,
        })
    }
}

impl Ctx {
    pub fn t(&self, key: &str) -> std::borrow::Cow<'static, str> {
        self.tr.t(key)
    }

    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.tr.t1(key, name, value)
    }

    /// The label of a stored code: `tk("org-kind", "ngo")` reads `org-kind-ngo`.
    pub fn tk(&self, prefix: &str, code: &str) -> std::borrow::Cow<'static, str> {
        self.tr.t(&format!("{prefix}-{code}"))
    }

    /// The label of a value of a closed set, from the locale files.
    pub fn label<T: crate::codes::Code>(&self, value: &T) -> std::borrow::Cow<'static, str> {
        self.tr.t(&value.label_key())
    }

    pub fn user(&self) -> Result<&CurrentUser, AppError> {
        self.user.as_ref().ok_or(AppError::LoginRequired)
    }

    /// The answer to a record this visitor may not see: "not found" when signed in (a hidden
    /// record is not confirmed to exist), the login page when anonymous.
    pub fn unseen(&self) -> AppError {
        if self.user.is_some() {
            AppError::NotFound
        } else {
            AppError::LoginRequired
        }
    }

    /// The answer to a page this visitor may not open: forbidden when signed in, the login
    /// page when anonymous.
    pub fn refused(&self) -> AppError {
        if self.user.is_some() {
            AppError::Forbidden
        } else {
            AppError::LoginRequired
        }
    }

    /// The platform administrator's id, or the answer for anyone else.
    pub fn require_admin(&self) -> Result<UserId, AppError> {
        let user = self.user()?;
        if !user.is_admin {
            return Err(AppError::Forbidden);
        }
        Ok(user.id)
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin)
    }

    /// Checks the token a form sent back.
    pub fn check_csrf(&self, sent: &str) -> Result<(), AppError> {
        if self.csrf.is_empty() || !constant_time_eq(self.csrf.as_bytes(), sent.as_bytes()) {
            return Err(AppError::Csrf);
        }
        Ok(())
    }

    /// This page's path with `lang` switched, for the language links.
    pub fn path_encoded(&self) -> String {
        url_encode(&self.path)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes a query-string value.
pub fn url_encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
