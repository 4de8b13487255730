//! Account queries.

use crate::auth::Role;
use crate::db::{Conn, DbResult, Filter, Row};
use crate::i18n::Locale;
use crate::ids::{CommunityId, PersonId, UserId};
use crate::params;

pub struct LoginRow {
    pub id: UserId,
    pub password_hash: String,
    pub locale: String,
}

pub fn login_row(c: &mut Conn, email: &str) -> DbResult<Option<LoginRow>> {
    c.query_opt(
        "SELECT id, password_hash, locale FROM users WHERE email = $1 AND disabled = FALSE",
        params![email.trim().to_lowercase()],
        |r| {
            Ok(LoginRow {
                id: r.get("id")?,
                password_hash: r.get("password_hash")?,
                locale: r.get("locale")?,
            })
        },
    )
}

pub fn create_session(
    c: &mut Conn,
    token_hash: &str,
    user_id: UserId,
    csrf: &str,
    now: i64,
    expires_at: i64,
) -> DbResult<()> {
    // Old sessions of this user that have expired go at the same time.
    c.execute(
        "DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2",
        params![user_id, now],
    )?;
    c.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        params![token_hash, user_id, csrf, now, expires_at],
    )?;
    Ok(())
}

pub fn delete_session(c: &mut Conn, token_hash: &str) -> DbResult<()> {
    c.execute(
        "DELETE FROM sessions WHERE token_hash = $1",
        params![token_hash],
    )?;
    Ok(())
}

pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub locale: Locale,
    pub is_admin: bool,
    pub roles: Vec<(CommunityId, Role)>,
}

/// Creates an account and its roles; `Ok(None)` when the email is taken.
pub fn create_user(c: &mut Conn, u: &NewUser, now: i64) -> DbResult<Option<UserId>> {
    let taken: i64 = c.scalar(
        "SELECT COUNT(*) FROM users WHERE email = $1",
        params![&u.email],
    )?;
    if taken > 0 {
        return Ok(None);
    }
    let Some(id) = crate::db::unique(c.scalar::<UserId>(
        "INSERT INTO users (email, name, password_hash, locale, is_admin, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        params![
            &u.email,
            &u.name,
            &u.password_hash,
            u.locale.code(),
            u.is_admin,
            now
        ],
    ))?
    else {
        return Ok(None);
    };
    for (community_id, role) in &u.roles {
        set_role(c, id, *community_id, Some(*role))?;
    }
    Ok(Some(id))
}

/// Gives or (with `None`) takes away a user's role in a community.
pub fn set_role(
    c: &mut Conn,
    user_id: UserId,
    community_id: CommunityId,
    role: Option<Role>,
) -> DbResult<()> {
    c.execute(
        "DELETE FROM community_roles WHERE user_id = $1 AND community_id = $2",
        params![user_id, community_id],
    )?;
    if let Some(role) = role {
        c.execute(
            "INSERT INTO community_roles (user_id, community_id, role) VALUES ($1, $2, $3)",
            params![user_id, community_id, role.code()],
        )?;
    }
    Ok(())
}

pub fn set_password(c: &mut Conn, user_id: UserId, hash: &str) -> DbResult<()> {
    c.execute(
        "UPDATE users SET password_hash = $1 WHERE id = $2",
        params![hash, user_id],
    )?;
    Ok(())
}

/// A row of the account list.
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub disabled: bool,
    /// "Ségou: coordinator, Kayes: member"-style pairs.
    pub roles: Vec<(String, Role)>,
}

fn user_row(r: &Row) -> DbResult<UserRow> {
    Ok(UserRow {
        id: r.get("id")?,
        email: r.get("email")?,
        name: r.get("name")?,
        is_admin: r.get("is_admin")?,
        disabled: r.get("disabled")?,
        roles: Vec::new(),
    })
}

pub fn count_users(c: &mut Conn, q: &str) -> DbResult<i64> {
    c.scalar(
        "SELECT COUNT(*) FROM users WHERE lower(email) LIKE $1 ESCAPE '\\' OR lower(name) LIKE $1 ESCAPE '\\'",
        params![crate::text::like_pattern(q)],
    )
}

pub fn list_users(c: &mut Conn, q: &str, offset: i64, limit: i64) -> DbResult<Vec<UserRow>> {
    let mut users = c.query(
        "SELECT id, email, name, is_admin, disabled FROM users
         WHERE lower(email) LIKE $1 ESCAPE '\\' OR lower(name) LIKE $1 ESCAPE '\\'
         ORDER BY name, id LIMIT $2 OFFSET $3",
        params![crate::text::like_pattern(q), limit, offset],
        user_row,
    )?;
    for u in &mut users {
        u.roles = named_roles(c, u.id)?;
    }
    Ok(users)
}

pub fn find_user(c: &mut Conn, id: UserId) -> DbResult<Option<UserRow>> {
    let Some(mut u) = c.query_opt(
        "SELECT id, email, name, is_admin, disabled FROM users WHERE id = $1",
        params![id],
        user_row,
    )?
    else {
        return Ok(None);
    };
    u.roles = named_roles(c, u.id)?;
    Ok(Some(u))
}

fn named_roles(c: &mut Conn, user_id: UserId) -> DbResult<Vec<(String, Role)>> {
    let rows: Vec<(String, String)> = c.query(
        "SELECT m.name, r.role FROM community_roles r JOIN communities m ON m.id = r.community_id
         WHERE r.user_id = $1 ORDER BY m.name",
        params![user_id],
        |r| Ok((r.get("name")?, r.get("role")?)),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|(n, r)| Role::parse(&r).map(|r| (n, r)))
        .collect())
}

pub fn set_disabled(c: &mut Conn, user_id: UserId, disabled: bool) -> DbResult<()> {
    c.execute(
        "UPDATE users SET disabled = $1 WHERE id = $2",
        params![disabled, user_id],
    )?;
    if disabled {
        c.execute("DELETE FROM sessions WHERE user_id = $1", params![user_id])?;
    }
    Ok(())
}

/// The directory person an account is linked to (`users.person_id`), with a community of
/// theirs to show their page through: one where `viewer` has a role if there is one.
#[derive(Clone, Debug)]
pub struct LinkedPerson {
    pub id: PersonId,
    pub name: String,
    pub organisation: Option<String>,
    /// The community whose directory shows the person (`None`: in no community).
    pub community_slug: Option<String>,
}

impl LinkedPerson {
    /// The person's page in the directory, if they are in a community.
    pub fn url(&self) -> Option<String> {
        self.community_slug
            .as_ref()
            .map(|slug| format!("/c/{slug}/personnes/{}", self.id))
    }
}

pub fn linked_person(
    c: &mut Conn,
    user_id: UserId,
    viewer: UserId,
) -> DbResult<Option<LinkedPerson>> {
    let Some(mut p) = c.query_opt(
        "SELECT p.id, p.name, COALESCE(o.acronym, o.name) AS organisation FROM users u \
         JOIN people p ON p.id = u.person_id LEFT JOIN organisations o ON o.id = p.organisation_id \
         WHERE u.id = $1",
        params![user_id],
        |r| {
            Ok(LinkedPerson {
                id: r.get("id")?,
                name: r.get("name")?,
                organisation: r.get("organisation")?,
                community_slug: None,
            })
        },
    )?
    else {
        return Ok(None);
    };
    p.community_slug = c.query_opt(
        "SELECT m.slug FROM person_communities pc JOIN communities m ON m.id = pc.community_id \
         WHERE pc.person_id = $1 ORDER BY CASE WHEN EXISTS (SELECT 1 FROM community_roles r \
           WHERE r.user_id = $2 AND r.community_id = pc.community_id) THEN 0 ELSE 1 END, m.id \
         LIMIT 1",
        params![p.id, viewer],
        |r| r.get("slug"),
    )?;
    Ok(Some(p))
}

/// A person of the directory offered for linking, with the account already linked to them.
#[derive(Clone, Debug)]
pub struct PersonMatch {
    pub id: PersonId,
    pub name: String,
    pub organisation: Option<String>,
    pub function: Option<String>,
    /// The name of the account already linked to this person, if any.
    pub linked_to: Option<String>,
}

/// The people whose name (or function, organisation) holds every word of `q`, by name: the
/// first `limit` and how many match.
pub fn person_matches(c: &mut Conn, q: &str, limit: i64) -> DbResult<(i64, Vec<PersonMatch>)> {
    let mut w = Filter::new("p.id > ?", 0i64);
    w.words(c.backend(), "p.search_key", q);
    w.page(
        c,
        "SELECT p.id, p.name, p.function, COALESCE(o.acronym, o.name) AS organisation, \
         (SELECT MIN(u.name) FROM users u WHERE u.person_id = p.id) AS linked_to, \
         COUNT(*) OVER () AS total FROM people p \
         LEFT JOIN organisations o ON o.id = p.organisation_id \
         WHERE {where} ORDER BY p.name, p.id {page}",
        "people p",
        limit,
        0,
        |r| {
            Ok(PersonMatch {
                id: r.get("id")?,
                name: r.get("name")?,
                organisation: r.get("organisation")?,
                function: r.get("function")?,
                linked_to: r.get("linked_to")?,
            })
        },
    )
}

/// Why a person cannot be linked to an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkRefusal {
    /// No such person.
    Unknown,
    /// Already linked to this other account (its name).
    Taken(String),
}

/// Links an account to a directory person, or unlinks it (`None`). A person is linked to one
/// account at most: the refusal, and nothing written, when another account has them.
pub fn set_person(
    c: &mut Conn,
    user_id: UserId,
    person: Option<PersonId>,
) -> DbResult<Result<(), LinkRefusal>> {
    if let Some(pid) = person {
        let exists: i64 = c.scalar("SELECT COUNT(*) FROM people WHERE id = $1", params![pid])?;
        if exists == 0 {
            return Ok(Err(LinkRefusal::Unknown));
        }
        let other: Option<String> = c.query_opt(
            "SELECT name FROM users WHERE person_id = $1 AND id <> $2 ORDER BY id LIMIT 1",
            params![pid, user_id],
            |r| r.get("name"),
        )?;
        if let Some(name) = other {
            return Ok(Err(LinkRefusal::Taken(name)));
        }
    }
    c.execute(
        "UPDATE users SET person_id = $1 WHERE id = $2",
        params![person, user_id],
    )?;
    Ok(Ok(()))
}
