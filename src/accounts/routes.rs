//! Login, logout and the own account page (the admin's account pages are in `admin`).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::queries::{self, LinkedPerson};
use crate::auth::{Role, csrf_cookie_name, random_token, session_cookie_name, token_hash};
use crate::error::AppResult;
use crate::ids::UserId;
use crate::web::pages::safe_back;
use crate::web::{Check, Ctx, Errors, WebForm, redirect, render};
use crate::{AppState, clock, params};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/connexion", get(login_form).post(login))
        .route("/deconnexion", post(logout))
        .route("/compte", get(account).post(change_password))
        .merge(super::admin::router())
}

fn cookie(name: &str, value: &str, max_age: i64, https: bool) -> Option<HeaderValue> {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    ctx: Ctx,
    email: String,
    retour: String,
    failed: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginQuery {
    retour: String,
}

async fn login_form(mut ctx: Ctx, Query(q): Query<LoginQuery>) -> AppResult<Response> {
    if ctx.user.is_some() {
        return Ok(Redirect::to(&safe_back(Some(&q.retour))).into_response());
    }
    // The login form is the one form an anonymous visitor posts: its token is a cookie.
    let fresh = ctx.csrf.is_empty();
    if fresh {
        ctx.csrf = random_token()?;
    }
    let https = ctx.https;
    let token = ctx.csrf.clone();
    let mut res = render(&LoginPage {
        ctx,
        email: String::new(),
        retour: q.retour,
        failed: false,
    })?;
    if fresh && let Some(v) = cookie(csrf_cookie_name(https), &token, 86400, https) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    csrf: String,
    email: String,
    password: String,
    retour: String,
}

async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    WebForm(f): WebForm<LoginForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let email = f.email.trim().to_lowercase();
    let row = if email.len() > 200 {
        None
    } else {
        let e = email.clone();
        state
            .db
            .run(move |c| Ok(queries::login_row(c, &e)?))
            .await?
    };
    let ok = f.password.len() <= 1024
        && crate::auth::verify_password(
            &state,
            f.password.clone(),
            row.as_ref().map(|r| r.password_hash.clone()),
        )
        .await?;
    let Some(row) = row.filter(|_| ok) else {
        tracing::info!(%email, "failed login");
        let mut res = render(&LoginPage {
            ctx,
            email: f.email,
            retour: f.retour,
            failed: true,
        })?;
        *res.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        return Ok(res);
    };
    // A new token at every login: a session id known before login is worth nothing after.
    let token = random_token()?;
    let csrf = random_token()?;
    let hash = token_hash(&token);
    let now = clock::now();
    let days = state.config.session_days;
    let expires = now + days * 86400;
    let user_id = row.id;
    state
        .db
        .tx(move |c| {
            queries::create_session(c, &hash, user_id, &csrf, now, expires)?;
            Ok(())
        })
        .await?;
    let https = ctx.https;
    let mut res = Redirect::to(&safe_back(Some(&f.retour))).into_response();
    let h = res.headers_mut();
    if let Some(v) = cookie(session_cookie_name(https), &token, days * 86400, https) {
        h.append(header::SET_COOKIE, v);
    }
    if let Some(v) = cookie(csrf_cookie_name(https), "", 0, https) {
        h.append(header::SET_COOKIE, v);
    }
    if let Some(v) = cookie(crate::web::ctx::LANG_COOKIE, &row.locale, 31_536_000, https) {
        h.append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    WebForm(f): WebForm<CsrfOnly>,
) -> AppResult<Response> {
    ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    if let Some(token) = crate::web::ctx::cookie(&headers, session_cookie_name(ctx.https)) {
        let hash = token_hash(token);
        state
            .db
            .tx(move |c| Ok(queries::delete_session(c, &hash)?))
            .await?;
    }
    let mut res = Redirect::to("/").into_response();
    if let Some(v) = cookie(session_cookie_name(ctx.https), "", 0, ctx.https) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    ctx: Ctx,
    roles: Vec<(String, Role)>,
    person: Option<LinkedPerson>,
    errors: Errors,
    saved: bool,
}

/// The account's roles and the directory person it is linked to, as its own page shows them.
async fn own_account(
    state: &AppState,
    id: UserId,
) -> AppResult<(Vec<(String, Role)>, Option<LinkedPerson>)> {
    state
        .db
        .run(move |c| {
            let roles = queries::find_user(c, id)?
                .map(|u| u.roles)
                .unwrap_or_default();
            Ok((roles, queries::linked_person(c, id, id)?))
        })
        .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Saved {
    ok: String,
}

async fn account(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(s): Query<Saved>,
) -> AppResult<Response> {
    let id = ctx.user()?.id;
    let (roles, person) = own_account(&state, id).await?;
    render(&AccountPage {
        ctx,
        roles,
        person,
        errors: Errors::default(),
        saved: !s.ok.is_empty(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    csrf: String,
    current: String,
    password: String,
    confirm: String,
}

async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    WebForm(f): WebForm<PasswordForm>,
) -> AppResult<Response> {
    let user_id = ctx.user()?.id;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    check_new_password(&mut check, &f.password, &f.confirm);
    let current_hash = state
        .db
        .run(move |c| {
            Ok(c.query_opt(
                "SELECT password_hash FROM users WHERE id = $1",
                params![user_id],
                |r| r.get::<String>("password_hash"),
            )?)
        })
        .await?;
    if !crate::auth::verify_password(&state, f.current.clone(), current_hash).await? {
        check.fail("current", "account-wrong-password");
    }
    if !check.ok() {
        let (roles, person) = own_account(&state, user_id).await?;
        return render(&AccountPage {
            ctx,
            roles,
            person,
            errors: check.errors,
            saved: false,
        });
    }
    let hash = crate::auth::hash_password(&state, f.password).await?;
    state
        .db
        .tx(move |c| {
            queries::set_password(c, user_id, &hash)?;
            crate::audit::record(c, Some(user_id), "password-changed", "user", user_id, "")?;
            Ok(())
        })
        .await?;
    redirect("/compte?ok=1")
}

pub(super) fn check_new_password(check: &mut Check, password: &str, confirm: &str) {
    if password.chars().count() < crate::auth::MIN_PASSWORD {
        check.fail("password", "account-password-short");
    } else if password.len() > 1024 {
        check.fail("password", "form-bad-choice");
    } else if password != confirm {
        check.fail("confirm", "account-password-mismatch");
    }
}
