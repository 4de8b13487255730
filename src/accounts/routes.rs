//! Login, logout, own account, and the platform admin's account pages.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::NewUser;
use super::queries::{self, LinkRefusal, LinkedPerson, PersonMatch, UserRow};
use crate::auth::{Role, csrf_cookie_name, random_token, session_cookie_name, token_hash};
use crate::community::{self, CommunityRef};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::ids::{PersonId, UserId};
use crate::web::pages::safe_back;
use crate::web::{
    Check, Ctx, Errors, Pager, WebForm, forms, query_base, redirect, render, unprocessable,
};
use crate::{AppState, clock, params};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/connexion", get(login_form).post(login))
        .route("/deconnexion", post(logout))
        .route("/compte", get(account).post(change_password))
        .route("/admin/comptes", get(users))
        .route(
            "/admin/comptes/nouveau",
            get(new_user_form).post(create_user),
        )
        .route("/admin/comptes/{id}", get(user_page).post(update_user))
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

fn check_new_password(check: &mut Check, password: &str, confirm: &str) {
    if password.chars().count() < crate::auth::MIN_PASSWORD {
        check.fail("password", "account-password-short");
    } else if password.len() > 1024 {
        check.fail("password", "form-bad-choice");
    } else if password != confirm {
        check.fail("confirm", "account-password-mismatch");
    }
}

// ---- platform admin: accounts ----

#[derive(Template)]
#[template(path = "accounts/users.html")]
struct UsersPage {
    ctx: Ctx,
    users: Vec<UserRow>,
    pager: Pager,
    q: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    q: String,
    page: String,
}

async fn users(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    ctx.require_admin()?;
    let page = forms::page_number(Some(&q.page));
    let needle = q.q.chars().take(100).collect::<String>();
    let n = needle.clone();
    let (total, users) = state
        .db
        .run(move |c| {
            let total = queries::count_users(c, &n)?;
            let users = queries::list_users(c, &n, Pager::offset(page), Pager::PER_PAGE)?;
            Ok((total, users))
        })
        .await?;
    let pager = Pager::new(page, total, query_base(&[("q", &needle)]));
    render(&UsersPage {
        ctx,
        users,
        pager,
        q: needle,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct UserForm {
    csrf: String,
    email: String,
    name: String,
    password: String,
    confirm: String,
    locale: String,
    is_admin: String,
    community: String,
    role: String,
}

#[derive(Template)]
#[template(path = "accounts/user_new.html")]
struct NewUserPage {
    ctx: Ctx,
    form: UserForm,
    communities: Vec<CommunityRef>,
    roles: Vec<Role>,
    errors: Errors,
}

async fn new_user_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.require_admin()?;
    let communities = state
        .db
        .run(|c| Ok(community::queries::all_refs(c)?))
        .await?;
    render(&NewUserPage {
        ctx,
        form: UserForm {
            locale: "fr".into(),
            ..UserForm::default()
        },
        communities,
        roles: Role::ALL.to_vec(),
        errors: Errors::default(),
    })
}

async fn create_user(
    State(state): State<AppState>,
    ctx: Ctx,
    WebForm(f): WebForm<UserForm>,
) -> AppResult<Response> {
    let admin_id = ctx.require_admin()?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let email = check.required_email("email", &f.email);
    let name = check.required("name", &f.name, forms::SHORT);
    check_new_password(&mut check, &f.password, &f.confirm);
    let locale =
        Locale::parse(&check.choice("locale", &f.locale, &["fr", "en", "bm"])).unwrap_or_default();
    let community = check.optional_id("community", &f.community);
    let mut roles = Vec::new();
    if let Some(cid) = community {
        match Role::parse(&f.role) {
            Some(role) => roles.push((cid, role)),
            None => check.fail("role", "form-bad-choice"),
        }
    }
    let communities = state
        .db
        .run(|c| Ok(community::queries::all_refs(c)?))
        .await?;
    if let Some(cid) = community
        && !communities.iter().any(|c| c.id == cid)
    {
        check.fail("community", "form-bad-choice");
    }
    let mut id = None;
    if check.ok() {
        let hash = crate::auth::hash_password(&state, f.password.clone()).await?;
        let new = NewUser {
            email,
            name,
            password_hash: hash,
            locale,
            is_admin: f.is_admin == "on",
            roles,
        };
        id = state
            .db
            .tx(move |c| {
                let id = queries::create_user(c, &new, clock::now())?;
                if let Some(id) = id {
                    crate::audit::record(
                        c,
                        Some(admin_id),
                        "user-created",
                        "user",
                        id,
                        &new.email,
                    )?;
                }
                Ok(id)
            })
            .await?;
        if id.is_none() {
            check.fail("email", "account-email-taken");
        }
    }
    match id {
        Some(id) => redirect(&format!("/admin/comptes/{id}?ok=1")),
        None => unprocessable(&NewUserPage {
            ctx,
            form: f,
            communities,
            roles: Role::ALL.to_vec(),
            errors: check.errors,
        }),
    }
}

#[derive(Template)]
#[template(path = "accounts/user_edit.html")]
struct UserPage {
    ctx: Ctx,
    user: UserRow,
    communities: Vec<CommunityRef>,
    roles: Vec<Role>,
    /// The directory person the account is linked to.
    person: Option<LinkedPerson>,
    /// The name looked for in the directory, and the first people found.
    person_q: String,
    matches: Vec<PersonMatch>,
    match_total: i64,
    saved: bool,
    errors: Errors,
}

/// How many people a name search offers for linking.
const PERSON_MATCHES: i64 = 10;

impl UserPage {
    /// The account `id` as the admin's page shows it, with the people matching `person_q`.
    async fn load(
        state: &AppState,
        ctx: Ctx,
        id: UserId,
        mut person_q: String,
    ) -> AppResult<UserPage> {
        let viewer = ctx.user()?.id;
        let q = forms::text_filter(&mut person_q);
        let (user, communities, person, (match_total, matches)) = state
            .db
            .run(move |c| {
                let found = if q.trim().is_empty() {
                    (0, Vec::new())
                } else {
                    queries::person_matches(c, &q, PERSON_MATCHES)?
                };
                Ok((
                    queries::find_user(c, id)?,
                    community::queries::all_refs(c)?,
                    queries::linked_person(c, id, viewer)?,
                    found,
                ))
            })
            .await?;
        Ok(UserPage {
            ctx,
            user: user.ok_or(AppError::NotFound)?,
            communities,
            roles: Role::ALL.to_vec(),
            person,
            person_q,
            matches,
            match_total,
            saved: false,
            errors: Errors::default(),
        })
    }

    fn more_matches(&self) -> bool {
        self.match_total > self.matches.len() as i64
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct UserPageQuery {
    ok: String,
    personne: String,
}

async fn user_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<UserId>,
    Query(q): Query<UserPageQuery>,
) -> AppResult<Response> {
    ctx.require_admin()?;
    let mut page = UserPage::load(&state, ctx, id, q.personne).await?;
    page.saved = !q.ok.is_empty();
    render(&page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct UserUpdate {
    csrf: String,
    action: String,
    community: String,
    role: String,
    /// The directory person to link (action `person`), and the name that found them.
    person: String,
    personne: String,
}

/// Links the account to a directory person or unlinks it, with an audit entry; the form
/// again with the refusal, and nothing written, when the person is unknown or taken.
async fn link_person(
    state: &AppState,
    ctx: Ctx,
    id: UserId,
    admin_id: UserId,
    f: UserUpdate,
) -> AppResult<Response> {
    let mut check = Check::new(ctx.tr);
    let person = if f.action == "person" {
        let person = check.optional_id::<PersonId>("person", &f.person);
        if person.is_none() && check.ok() {
            check.fail("person", "users-person-required");
        }
        person
    } else {
        None
    };
    let outcome = if check.ok() {
        state
            .db
            .tx(move |c| {
                let found = queries::find_user(c, id)?.is_some();
                if !found {
                    return Ok(None);
                }
                let before = queries::linked_person(c, id, id)?.map(|p| p.id);
                let done = queries::set_person(c, id, person)?;
                if done.is_ok() && before != person {
                    let (action, detail) = match person {
                        Some(p) => ("person-linked", format!("person {p}")),
                        None => ("person-unlinked", String::new()),
                    };
                    crate::audit::record(c, Some(admin_id), action, "user", id, &detail)?;
                }
                Ok(Some(done))
            })
            .await?
            .ok_or(AppError::NotFound)?
    } else {
        Err(LinkRefusal::Unknown)
    };
    match outcome {
        Ok(()) => redirect(&format!("/admin/comptes/{id}?ok=1")),
        Err(refusal) => {
            if check.ok() {
                match refusal {
                    LinkRefusal::Unknown => check.fail("person", "form-bad-choice"),
                    LinkRefusal::Taken(name) => {
                        let msg = ctx.tr.t1("users-person-taken", "name", &name);
                        check.errors.add("person", msg);
                    }
                }
            }
            let mut page = UserPage::load(state, ctx, id, f.personne).await?;
            page.errors = check.errors;
            unprocessable(&page)
        }
    }
}

/// Gives or takes a role, turns the account off or on, or links it to a directory person.
async fn update_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<UserId>,
    WebForm(f): WebForm<UserUpdate>,
) -> AppResult<Response> {
    let admin_id = ctx.require_admin()?;
    ctx.check_csrf(&f.csrf)?;
    if f.action == "person" || f.action == "person-clear" {
        return link_person(&state, ctx, id, admin_id, f).await;
    }
    let mut check = Check::new(ctx.tr);
    let action = check.choice("action", &f.action, &["role", "disable", "enable"]);
    let community = if action == "role" {
        check.optional_id("community", &f.community)
    } else {
        None
    };
    let role = if f.role == "none" {
        None
    } else {
        Role::parse(&f.role)
    };
    if action == "role" && (community.is_none() || (role.is_none() && f.role != "none")) {
        check.fail("role", "form-bad-choice");
    }
    if action == "disable" && id == admin_id {
        check.fail("action", "account-cannot-disable-self");
    }
    let (found, communities) = state
        .db
        .run(move |c| {
            Ok((
                queries::find_user(c, id)?.is_some(),
                community::queries::all_refs(c)?,
            ))
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    if let Some(cid) = community
        && !communities.iter().any(|c| c.id == cid)
    {
        check.fail("community", "form-bad-choice");
    }
    if !check.ok() {
        let mut page = UserPage::load(&state, ctx, id, String::new()).await?;
        page.errors = check.errors;
        return unprocessable(&page);
    }
    state
        .db
        .tx(move |c| {
            match action.as_str() {
                "role" => {
                    let cid = community.unwrap_or_default();
                    queries::set_role(c, id, cid, role)?;
                    let detail = format!("{cid}:{}", role.map_or("none", Role::code));
                    crate::audit::record(c, Some(admin_id), "role-set", "user", id, &detail)?;
                }
                other => {
                    queries::set_disabled(c, id, other == "disable")?;
                    crate::audit::record(c, Some(admin_id), other, "user", id, "")?;
                }
            }
            Ok(())
        })
        .await?;
    redirect(&format!("/admin/comptes/{id}?ok=1"))
}
