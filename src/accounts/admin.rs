//! The platform admin's account pages: the list, a new account, and one account with its
//! roles, its state and its link to a directory person.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::NewUser;
use super::queries::{self, LinkRefusal, LinkedPerson, PersonMatch, UserRow};
use super::routes::check_new_password;
use crate::auth::Role;
use crate::community::{self, CommunityRef};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::ids::{PersonId, UserId};
use crate::web::{
    Check, Ctx, Errors, Pager, WebForm, forms, query_base, redirect, render, unprocessable,
};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/comptes", get(users))
        .route(
            "/admin/comptes/nouveau",
            get(new_user_form).post(create_user),
        )
        .route("/admin/comptes/{id}", get(user_page).post(update_user))
}

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
