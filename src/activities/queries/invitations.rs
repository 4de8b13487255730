//! Invitations to an activity and the invitees' answers.

use crate::activities::{InviteAudience, Response};
use crate::db::{Conn, DbResult, Row};
use crate::directory::queries as dir;
use crate::ids::{ActivityId, CommunityId, OrganisationId, UserId};
use crate::params;

/// Someone invited, with what they answered.
#[derive(Clone, Debug)]
pub struct Invitee {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub locale: String,
    pub response: Option<Response>,
}

/// An invitee from a row of `users` (`id`, `name`, `email`, `locale`).
fn invitee(r: &Row, response: Option<Response>) -> DbResult<Invitee> {
    Ok(Invitee {
        user_id: r.get("id")?,
        name: r.get("name")?,
        email: r.get("email")?,
        locale: r.get("locale")?,
        response,
    })
}

pub fn invitees(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<Invitee>> {
    c.query(
        "SELECT u.id, u.name, u.email, u.locale, i.response FROM invitations i
         JOIN users u ON u.id = i.user_id WHERE i.activity_id = $1 ORDER BY u.name",
        params![activity_id],
        |r| invitee(r, r.get("response")?),
    )
}

/// Organisations and accounts picked one by one, for [`InviteAudience::Chosen`].
#[derive(Default)]
pub struct Chosen {
    pub organisations: Vec<OrganisationId>,
    pub users: Vec<UserId>,
}

/// Invites `audience` to an activity hosted by `host`, in which the communities `taking_part`
/// (the host and its guests) take part; returns the newly invited. Chosen organisations must
/// be members of the host and chosen accounts have a role in a community taking part: an id
/// from elsewhere (a forged form) invites no one and gives `Ok(None)`.
pub fn invite_audience(
    c: &mut Conn,
    activity_id: ActivityId,
    host: CommunityId,
    taking_part: &[CommunityId],
    audience: InviteAudience,
    chosen: &Chosen,
    now: i64,
) -> DbResult<Option<Vec<Invitee>>> {
    Ok(Some(match audience {
        InviteAudience::Community => invite(c, activity_id, &[host], false, now)?,
        InviteAudience::Core => invite(c, activity_id, &[host], true, now)?,
        InviteAudience::All => invite(c, activity_id, taking_part, false, now)?,
        InviteAudience::Chosen => {
            let members = dir::org_refs_in(c, host)?;
            if chosen
                .organisations
                .iter()
                .any(|o| !members.iter().any(|m| m.id == *o))
            {
                return Ok(None);
            }
            let accounts = accounts_in(c, taking_part)?;
            if chosen
                .users
                .iter()
                .any(|u| !accounts.iter().any(|(a, _)| a == u))
            {
                return Ok(None);
            }
            invite_chosen(c, activity_id, &chosen.users, &chosen.organisations, now)?
        }
    }))
}

/// Invites the accounts of `communities` (only their coordination and core group when
/// `core_only`) not yet invited; returns the newly invited.
pub fn invite(
    c: &mut Conn,
    activity_id: ActivityId,
    communities: &[CommunityId],
    core_only: bool,
    now: i64,
) -> DbResult<Vec<Invitee>> {
    let mut fresh: Vec<Invitee> = Vec::new();
    for cid in communities {
        let role_filter = if core_only {
            " AND r.role IN ('coordinator', 'core')"
        } else {
            ""
        };
        let candidates = c.query(
            &format!(
                "SELECT u.id, u.name, u.email, u.locale FROM community_roles r JOIN users u ON u.id = r.user_id
                 WHERE r.community_id = $1 AND u.disabled = FALSE{role_filter}
                   AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.activity_id = $2 AND i.user_id = u.id)
                 ORDER BY u.id"
            ),
            params![*cid, activity_id],
            |r| invitee(r, None),
        )?;
        for u in candidates {
            c.execute(
                "INSERT INTO invitations (activity_id, user_id, invited_at) VALUES ($1, $2, $3)",
                params![activity_id, u.user_id, now],
            )?;
            fresh.push(u);
        }
    }
    Ok(fresh)
}

/// Records an answer; a member who was not invited signs up by answering.
pub fn respond(
    c: &mut Conn,
    activity_id: ActivityId,
    user_id: UserId,
    response: Response,
    now: i64,
) -> DbResult<()> {
    let n = c.execute(
        "UPDATE invitations SET response = $1, responded_at = $2 WHERE activity_id = $3 AND user_id = $4",
        params![response, now, activity_id, user_id],
    )?;
    if n == 0 {
        c.execute(
            "INSERT INTO invitations (activity_id, user_id, response, invited_at, responded_at) VALUES ($1, $2, $3, $4, $4)",
            params![activity_id, user_id, response, now],
        )?;
    }
    Ok(())
}

pub fn response_of(
    c: &mut Conn,
    activity_id: ActivityId,
    user_id: UserId,
) -> DbResult<Option<Response>> {
    Ok(c.query_opt(
        "SELECT response FROM invitations WHERE activity_id = $1 AND user_id = $2",
        params![activity_id, user_id],
        |r| r.get::<Option<Response>>("response"),
    )?
    .flatten())
}

/// Accounts with a role in any of `communities`, for choosing whom to invite.
pub fn accounts_in(c: &mut Conn, communities: &[CommunityId]) -> DbResult<Vec<(UserId, String)>> {
    let mut out: Vec<(UserId, String)> = Vec::new();
    for cid in communities {
        for (id, name) in c.query(
            "SELECT u.id, u.name FROM community_roles r JOIN users u ON u.id = r.user_id
             WHERE r.community_id = $1 AND u.disabled = FALSE ORDER BY u.name LIMIT 500",
            params![*cid],
            |r| Ok((r.get::<UserId>("id")?, r.get::<String>("name")?)),
        )? {
            if !out.iter().any(|(i, _)| *i == id) {
                out.push((id, name));
            }
        }
    }
    Ok(out)
}

/// Invites chosen accounts, and the accounts of the people of chosen organisations; returns
/// the newly invited.
pub fn invite_chosen(
    c: &mut Conn,
    activity_id: ActivityId,
    users: &[UserId],
    organisations: &[OrganisationId],
    now: i64,
) -> DbResult<Vec<Invitee>> {
    let mut ids: Vec<UserId> = users.to_vec();
    for org in organisations {
        ids.extend(c.query(
            "SELECT u.id FROM users u JOIN people p ON p.id = u.person_id
             WHERE p.organisation_id = $1 AND u.disabled = FALSE",
            params![*org],
            |r| r.get::<UserId>("id"),
        )?);
    }
    ids.sort_unstable();
    ids.dedup();
    let mut fresh = Vec::new();
    for id in ids {
        let found = c.query_opt(
            "SELECT u.id, u.name, u.email, u.locale FROM users u
             WHERE u.id = $1 AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.activity_id = $2 AND i.user_id = u.id)",
            params![id, activity_id],
            |r| invitee(r, None),
        )?;
        if let Some(u) = found {
            c.execute(
                "INSERT INTO invitations (activity_id, user_id, invited_at) VALUES ($1, $2, $3)",
                params![activity_id, u.user_id, now],
            )?;
            fresh.push(u);
        }
    }
    Ok(fresh)
}
