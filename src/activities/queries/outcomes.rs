//! What an activity leads to: its minutes, decisions and follow-up actions.

use super::INVOLVES;
use super::search::reindex;
use crate::activities::{ActionItem, ActionStatus, Decision};
use crate::db::{Conn, DbResult, Row};
use crate::ids::{ActionId, ActivityId, CommunityId, OrganisationId};
use crate::params;

pub fn set_minutes(
    c: &mut Conn,
    community_id: CommunityId,
    id: ActivityId,
    minutes: &str,
    now: i64,
) -> DbResult<bool> {
    let changed = c.execute(
        "UPDATE activities SET minutes = $1, updated_at = $2 WHERE id = $3 AND community_id = $4",
        params![minutes, now, id, community_id],
    )? > 0;
    if changed {
        reindex(c, id)?;
    }
    Ok(changed)
}

pub fn decisions(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<Decision>> {
    c.query(
        "SELECT id, text FROM decisions WHERE activity_id = $1 ORDER BY id",
        params![activity_id],
        |r| {
            Ok(Decision {
                id: r.get("id")?,
                text: r.get("text")?,
            })
        },
    )
}

pub fn add_decision(c: &mut Conn, activity_id: ActivityId, text: &str, now: i64) -> DbResult<()> {
    c.execute(
        "INSERT INTO decisions (activity_id, text, created_at) VALUES ($1, $2, $3)",
        params![activity_id, text, now],
    )?;
    Ok(())
}

const ACTION_COLUMNS: &str = "x.id, x.activity_id, a.title AS activity_title, h.slug AS community_slug, \
    x.title, x.owner_organisation_id AS owner_id, COALESCE(o.acronym, o.name) AS owner, x.due_on, x.status";

/// Reads a row of [`ACTION_COLUMNS`].
fn action_item(r: &Row) -> DbResult<ActionItem> {
    Ok(ActionItem {
        id: r.get("id")?,
        activity_id: r.get("activity_id")?,
        activity_title: r.get("activity_title")?,
        community_slug: r.get("community_slug")?,
        title: r.get("title")?,
        owner_id: r.get("owner_id")?,
        owner: r.get("owner")?,
        due_on: r.get("due_on")?,
        status: r.get("status")?,
    })
}

pub fn actions_of(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<ActionItem>> {
    c.query(
        &format!(
            "SELECT {ACTION_COLUMNS} FROM action_items x JOIN activities a ON a.id = x.activity_id
             JOIN communities h ON h.id = a.community_id
             LEFT JOIN organisations o ON o.id = x.owner_organisation_id
             WHERE x.activity_id = $1 ORDER BY x.id"
        ),
        params![activity_id],
        action_item,
    )
}

/// Open actions an organisation owns, from the activities of a community: shown on its page
/// until done.
pub fn open_actions_of_org(
    c: &mut Conn,
    community_id: CommunityId,
    org_id: OrganisationId,
) -> DbResult<Vec<ActionItem>> {
    c.query(
        &format!(
            "SELECT {ACTION_COLUMNS} FROM action_items x JOIN activities a ON a.id = x.activity_id
             JOIN communities h ON h.id = a.community_id
             LEFT JOIN organisations o ON o.id = x.owner_organisation_id
             WHERE x.owner_organisation_id = $2 AND x.status <> $3 AND {INVOLVES}
             ORDER BY x.due_on, x.id LIMIT 50"
        ),
        params![community_id, org_id, ActionStatus::Done],
        action_item,
    )
}

pub struct ActionFields {
    pub title: String,
    pub owner_organisation_id: Option<OrganisationId>,
    pub due_on: Option<String>,
}

/// Records a follow-up action, open.
pub fn add_action(
    c: &mut Conn,
    activity_id: ActivityId,
    f: &ActionFields,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO action_items (activity_id, title, owner_organisation_id, due_on, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
        params![
            activity_id,
            &f.title,
            f.owner_organisation_id,
            &f.due_on,
            ActionStatus::Open,
            now
        ],
    )?;
    Ok(())
}

pub fn set_action_status(
    c: &mut Conn,
    activity_id: ActivityId,
    action_id: ActionId,
    status: ActionStatus,
    now: i64,
) -> DbResult<bool> {
    Ok(c.execute(
        "UPDATE action_items SET status = $1, updated_at = $2 WHERE id = $3 AND activity_id = $4",
        params![status, now, action_id, activity_id],
    )? > 0)
}
