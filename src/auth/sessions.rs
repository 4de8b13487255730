//! The session lookup every request makes.

use super::{CurrentUser, Role};
use crate::db::{Conn, DbResult};
use crate::i18n::Locale;
use crate::ids::{CommunityId, UserId};
use crate::params;

/// The live session's user and the session's end.
pub fn session_user(
    c: &mut Conn,
    token_hash: &str,
    now: i64,
) -> DbResult<Option<(CurrentUser, i64)>> {
    let user = c.query_opt(
        "SELECT u.id, u.name, u.email, u.is_admin, u.locale, s.csrf, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = FALSE",
        params![token_hash, now],
        |r| {
            let expires_at: i64 = r.get("expires_at")?;
            Ok((
                CurrentUser {
                    id: r.get("id")?,
                    name: r.get("name")?,
                    email: r.get("email")?,
                    is_admin: r.get("is_admin")?,
                    locale: Locale::parse(&r.get::<String>("locale")?).unwrap_or_default(),
                    csrf: r.get("csrf")?,
                    roles: Vec::new(),
                },
                expires_at,
            ))
        },
    )?;
    let Some((mut user, expires_at)) = user else {
        return Ok(None);
    };
    user.roles = roles_of(c, user.id)?;
    Ok(Some((user, expires_at)))
}

pub fn roles_of(c: &mut Conn, user_id: UserId) -> DbResult<Vec<(CommunityId, Role)>> {
    let rows: Vec<(CommunityId, String)> = c.query(
        "SELECT community_id, role FROM community_roles WHERE user_id = $1 ORDER BY community_id",
        params![user_id],
        |r| Ok((r.get("community_id")?, r.get("role")?)),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|(cid, role)| Role::parse(&role).map(|r| (cid, r)))
        .collect())
}
