//! Progress updates of plan actions: who may post one, posting it (with its evidence), and
//! the history of an action.

use crate::db::{Conn, DbResult};
use crate::ids::{OrganisationId, PlanActionId, PlanUpdateId, ResourceId, UserId};
use crate::params;
use crate::plans::{ActionStatus, Update};

/// Whether the account's person belongs to the organisation (users.person_id →
/// people.organisation_id): such an account speaks for the action's owner.
pub fn speaks_for(c: &mut Conn, user_id: UserId, org: OrganisationId) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM users u JOIN people p ON p.id = u.person_id \
         WHERE u.id = $1 AND p.organisation_id = $2",
        params![user_id, org],
    )?;
    Ok(n > 0)
}

#[derive(Clone, Debug)]
pub struct UpdateFields {
    pub status: ActionStatus,
    pub progress: i64,
    pub note: String,
    pub evidence_text: Option<String>,
    pub evidence_link: Option<String>,
    pub evidence_resource_id: Option<ResourceId>,
}

/// Records an update and makes its status and percentage the action's.
pub fn add(
    c: &mut Conn,
    action_id: PlanActionId,
    f: &UpdateFields,
    user_id: Option<UserId>,
    now: i64,
) -> DbResult<PlanUpdateId> {
    let id = c.scalar(
        "INSERT INTO plan_updates (action_id, status, progress, note, evidence_text, \
         evidence_link, evidence_resource_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        params![
            action_id,
            f.status,
            f.progress,
            f.note.as_str(),
            f.evidence_text.clone(),
            f.evidence_link.clone(),
            f.evidence_resource_id,
            user_id,
            now
        ],
    )?;
    super::set_action_status(c, action_id, f.status, f.progress, now)?;
    Ok(id)
}

/// An action's updates, newest first.
pub fn history(c: &mut Conn, action_id: PlanActionId) -> DbResult<Vec<Update>> {
    c.query(
        "SELECT pu.status, pu.progress, pu.note, pu.evidence_text, pu.evidence_link, \
         pu.evidence_resource_id, u.name AS author, pu.created_at FROM plan_updates pu \
         LEFT JOIN users u ON u.id = pu.created_by WHERE pu.action_id = $1 \
         ORDER BY pu.created_at DESC, pu.id DESC LIMIT 200",
        params![action_id],
        |r| {
            Ok(Update {
                status: r.get("status")?,
                progress: r.get("progress")?,
                note: r.get("note")?,
                evidence_text: r.get("evidence_text")?,
                evidence_link: r.get("evidence_link")?,
                evidence_resource_id: r.get("evidence_resource_id")?,
                author: r.get("author")?,
                created_at: r.get("created_at")?,
            })
        },
    )
}
