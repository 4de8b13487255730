//! Plan queries: plans, objectives, actions (with [`add_action`], the one way an action is
//! made, also for other areas), adoption and versions, and the late rule
//! ([`late_condition`]). Progress updates, commitments and reviews have their own files.
//! Over 600 lines because an action's checks, its writing and the plan's snapshot of its
//! actions must read the same columns; the next split is adoption and versions on their own.

pub mod commitments;
pub mod reviews;
pub mod search;
pub mod updates;

use std::collections::HashMap;

use super::{
    ActionRow, ActionStatus, Objective, Plan, PlanKind, PlanRow, PlanStatus, Snapshot, Version,
};
use crate::db::{Conn, DbError, DbResult, Row, Value};
use crate::ids::{
    ActivityId, CommunityId, ObjectiveId, OrganisationId, PlanActionId, PlanId, UserId,
};
use crate::{clock, params};

pub use search::{SEARCH, reindex};

/// The late rule, in one place: an action is late when its due date is past (before today,
/// bound as parameter `$p`) and it is neither done nor dropped. Every page that says "late"
/// asks the database through this condition.
pub fn late_condition(alias: &str, p: usize) -> String {
    format!("({alias}.due_on < ${p} AND {alias}.status NOT IN ('done', 'dropped'))")
}

/// Today, as the late rule compares it.
pub fn today() -> String {
    clock::iso(clock::today())
}

fn plan_row(r: &Row) -> DbResult<PlanRow> {
    Ok(PlanRow {
        id: r.get("id")?,
        kind: r.get("kind")?,
        title: r.get("title")?,
        starts_on: r.get("starts_on")?,
        ends_on: r.get("ends_on")?,
        status: r.get("status")?,
        is_public: r.get("is_public")?,
        actions: r.get("actions")?,
        late: r.get("late")?,
    })
}

/// A community's plans, newest period first; `members` false keeps the public ones only.
pub fn list(
    c: &mut Conn,
    community_id: CommunityId,
    members: bool,
    today: &str,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<PlanRow>)> {
    let mut params: Vec<Value> = vec![community_id.into(), today.into()];
    let mut filter = "p.community_id = $1".to_owned();
    if !members {
        params.push(true.into());
        filter.push_str(" AND p.is_public = $3");
    }
    let n = params.len();
    let late = late_condition("a", 2);
    c.page(
        &format!(
            "SELECT p.id, p.kind, p.title, p.starts_on, p.ends_on, p.status, p.is_public, \
             (SELECT COUNT(*) FROM plan_actions a WHERE a.plan_id = p.id) AS actions, \
             (SELECT COUNT(*) FROM plan_actions a WHERE a.plan_id = p.id AND {late}) AS late, \
             COUNT(*) OVER () AS total FROM plans p WHERE {filter} \
             ORDER BY p.starts_on DESC, p.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        ),
        // The count names the date too, so that both statements take the same parameters.
        &format!("SELECT COUNT(*) FROM plans p WHERE {filter} AND $2 <> ''"),
        params,
        limit,
        offset,
        plan_row,
    )
}

pub fn get(c: &mut Conn, community_id: CommunityId, id: PlanId) -> DbResult<Option<Plan>> {
    c.query_opt(
        "SELECT p.id, p.community_id, p.kind, p.title, p.summary, p.starts_on, p.ends_on, \
         p.status, p.version, p.adopted_on, p.adopted_activity_id, a.title AS activity, p.is_public \
         FROM plans p LEFT JOIN activities a ON a.id = p.adopted_activity_id \
         WHERE p.id = $1 AND p.community_id = $2",
        params![id, community_id],
        |r| {
            Ok(Plan {
                id: r.get("id")?,
                community_id: r.get("community_id")?,
                kind: r.get("kind")?,
                title: r.get("title")?,
                summary: r.get("summary")?,
                starts_on: r.get("starts_on")?,
                ends_on: r.get("ends_on")?,
                status: r.get("status")?,
                version: r.get("version")?,
                adopted_on: r.get("adopted_on")?,
                adopted_activity_id: r.get("adopted_activity_id")?,
                adopted_activity: r.get("activity")?,
                is_public: r.get("is_public")?,
            })
        },
    )
}

#[derive(Clone, Debug)]
pub struct PlanFields {
    pub kind: PlanKind,
    pub title: String,
    pub summary: String,
    pub starts_on: String,
    pub ends_on: String,
}

pub fn create(
    c: &mut Conn,
    community_id: CommunityId,
    f: &PlanFields,
    objectives: &[String],
    user_id: Option<UserId>,
    now: i64,
) -> DbResult<PlanId> {
    let id: PlanId = c.scalar(
        "INSERT INTO plans (community_id, kind, title, summary, starts_on, ends_on, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        params![
            community_id,
            f.kind,
            f.title.as_str(),
            f.summary.as_str(),
            f.starts_on.as_str(),
            f.ends_on.as_str(),
            user_id,
            now
        ],
    )?;
    for o in objectives {
        insert_objective(c, id, o)?;
    }
    reindex(c, id)?;
    Ok(id)
}

pub fn update(c: &mut Conn, id: PlanId, f: &PlanFields, now: i64) -> DbResult<()> {
    c.execute(
        "UPDATE plans SET kind = $2, title = $3, summary = $4, starts_on = $5, ends_on = $6, \
         updated_at = $7 WHERE id = $1",
        params![
            id,
            f.kind,
            f.title.as_str(),
            f.summary.as_str(),
            f.starts_on.as_str(),
            f.ends_on.as_str(),
            now
        ],
    )?;
    reindex(c, id)
}

/// Adds an objective at the end of the plan's list.
pub fn add_objective(c: &mut Conn, plan_id: PlanId, title: &str) -> DbResult<ObjectiveId> {
    let id = insert_objective(c, plan_id, title)?;
    reindex(c, plan_id)?;
    Ok(id)
}

fn insert_objective(c: &mut Conn, plan_id: PlanId, title: &str) -> DbResult<ObjectiveId> {
    c.scalar(
        "INSERT INTO plan_objectives (plan_id, position, title) VALUES ($1, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM plan_objectives WHERE plan_id = $1), $2) \
         RETURNING id",
        params![plan_id, title],
    )
}

/// An objective's and its plan's ids, if the objective belongs to the plan.
pub fn objective_in(c: &mut Conn, plan_id: PlanId, id: ObjectiveId) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM plan_objectives WHERE id = $1 AND plan_id = $2",
        params![id, plan_id],
    )?;
    Ok(n > 0)
}

/// What makes an action; checked by the caller against [`ActionRules`].
#[derive(Clone, Debug)]
pub struct ActionFields {
    pub objective_id: ObjectiveId,
    pub title: String,
    pub owner: OrganisationId,
    pub partners: Vec<OrganisationId>,
    pub due_on: String,
    pub expected_result: String,
    pub budget_amount: Option<i64>,
    pub budget_currency: Option<String>,
}

/// Why an action cannot be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionRefusal {
    /// The objective is not one of the plan's.
    Objective,
    /// The owner is not a member organisation of the plan's community.
    OwnerNotMember,
    /// A partner is neither a member nor a member of a linked community.
    Partner,
    /// Due before the plan starts or after it ends.
    DueOutsidePeriod,
}

impl ActionRefusal {
    /// The form field and the locale key of the message.
    pub fn field_and_key(self) -> (&'static str, &'static str) {
        match self {
            ActionRefusal::Objective => ("objective", "form-bad-choice"),
            ActionRefusal::OwnerNotMember => ("owner", "plan-action-owner-not-member"),
            ActionRefusal::Partner => ("partners", "plan-action-partner-unknown"),
            ActionRefusal::DueOutsidePeriod => ("due_on", "plan-action-due-outside"),
        }
    }
}

/// Whether an organisation is a member of a community.
pub fn is_member_org(
    c: &mut Conn,
    community_id: CommunityId,
    org: OrganisationId,
) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM memberships WHERE community_id = $1 AND organisation_id = $2",
        params![community_id, org],
    )?;
    Ok(n > 0)
}

/// Organisations that may be partners of a community's actions: its members and the members
/// of the communities linked to it, by name.
pub fn partner_choices(
    c: &mut Conn,
    community_id: CommunityId,
) -> DbResult<Vec<crate::directory::OrgRef>> {
    c.query(
        "SELECT DISTINCT o.id, o.name, o.acronym FROM organisations o \
         JOIN memberships m ON m.organisation_id = o.id \
         WHERE m.community_id = $1 OR m.community_id IN ( \
           SELECT CASE WHEN l.community_a = $1 THEN l.community_b ELSE l.community_a END \
           FROM community_links l WHERE l.community_a = $1 OR l.community_b = $1) \
         ORDER BY o.name LIMIT 2000",
        params![community_id],
        |r| {
            Ok(crate::directory::OrgRef {
                id: r.get("id")?,
                name: r.get("name")?,
                acronym: r.get("acronym")?,
            })
        },
    )
}

/// Checks an action against its plan: the objective, the owner (a member organisation), the
/// partners (members or members of linked communities) and the due date (inside the period).
pub fn check_action(c: &mut Conn, plan: &Plan, f: &ActionFields) -> DbResult<Vec<ActionRefusal>> {
    let mut refusals = Vec::new();
    if !objective_in(c, plan.id, f.objective_id)? {
        refusals.push(ActionRefusal::Objective);
    }
    if !is_member_org(c, plan.community_id, f.owner)? {
        refusals.push(ActionRefusal::OwnerNotMember);
    }
    if !f.partners.is_empty() {
        let allowed = partner_choices(c, plan.community_id)?;
        if f.partners
            .iter()
            .any(|p| !allowed.iter().any(|o| o.id == *p))
        {
            refusals.push(ActionRefusal::Partner);
        }
    }
    if f.due_on < plan.starts_on || f.due_on > plan.ends_on {
        refusals.push(ActionRefusal::DueOutsidePeriod);
    }
    Ok(refusals)
}

/// Adds an action to a plan after checking it ([`check_action`]); the refusals, if any, and
/// nothing written. This is the one way an action is made: the plan forms, the demo, the
/// synthetic set and other areas (an accepted proposal) call it.
pub fn add_action(
    c: &mut Conn,
    plan: &Plan,
    f: &ActionFields,
    now: i64,
) -> DbResult<Result<PlanActionId, Vec<ActionRefusal>>> {
    let refusals = check_action(c, plan, f)?;
    if !refusals.is_empty() {
        return Ok(Err(refusals));
    }
    Ok(Ok(insert_action(c, plan.id, f, now)?))
}

/// Writes an action already checked (the synthetic set's bulk path goes here directly).
pub fn insert_action(
    c: &mut Conn,
    plan_id: PlanId,
    f: &ActionFields,
    now: i64,
) -> DbResult<PlanActionId> {
    let id: PlanActionId = c.scalar(
        "INSERT INTO plan_actions (plan_id, objective_id, title, owner_organisation_id, due_on, \
         expected_result, budget_amount, budget_currency, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        params![
            plan_id,
            f.objective_id,
            f.title.as_str(),
            f.owner,
            f.due_on.as_str(),
            f.expected_result.as_str(),
            f.budget_amount,
            f.budget_currency.clone(),
            now
        ],
    )?;
    for p in &f.partners {
        c.execute(
            "INSERT INTO plan_action_partners (action_id, organisation_id) VALUES ($1, $2)",
            params![id, *p],
        )?;
    }
    reindex(c, plan_id)?;
    Ok(id)
}

/// Changes an action of a draft plan after the same checks as [`add_action`]; `Ok(Ok(false))`
/// when the action is not the plan's.
pub fn update_action(
    c: &mut Conn,
    plan: &Plan,
    id: PlanActionId,
    f: &ActionFields,
    now: i64,
) -> DbResult<Result<bool, Vec<ActionRefusal>>> {
    let refusals = check_action(c, plan, f)?;
    if !refusals.is_empty() {
        return Ok(Err(refusals));
    }
    let n = c.execute(
        "UPDATE plan_actions SET objective_id = $1, title = $2, owner_organisation_id = $3, \
         due_on = $4, expected_result = $5, budget_amount = $6, budget_currency = $7, \
         updated_at = $8 WHERE id = $9 AND plan_id = $10",
        params![
            f.objective_id,
            f.title.as_str(),
            f.owner,
            f.due_on.as_str(),
            f.expected_result.as_str(),
            f.budget_amount,
            f.budget_currency.clone(),
            now,
            id,
            plan.id
        ],
    )?;
    if n == 0 {
        return Ok(Ok(false));
    }
    c.execute(
        "DELETE FROM plan_action_partners WHERE action_id = $1",
        params![id],
    )?;
    for p in &f.partners {
        c.execute(
            "INSERT INTO plan_action_partners (action_id, organisation_id) VALUES ($1, $2)",
            params![id, *p],
        )?;
    }
    reindex(c, plan.id)?;
    Ok(Ok(true))
}

/// An action's fields as its form shows them.
pub fn action_fields(
    c: &mut Conn,
    plan_id: PlanId,
    id: PlanActionId,
) -> DbResult<Option<ActionFields>> {
    let found = c.query_opt(
        "SELECT objective_id, title, owner_organisation_id, due_on, expected_result, \
         budget_amount, budget_currency FROM plan_actions WHERE id = $1 AND plan_id = $2",
        params![id, plan_id],
        |r| {
            Ok(ActionFields {
                objective_id: r.get("objective_id")?,
                title: r.get("title")?,
                owner: r.get("owner_organisation_id")?,
                partners: Vec::new(),
                due_on: r.get("due_on")?,
                expected_result: r.get("expected_result")?,
                budget_amount: r.get("budget_amount")?,
                budget_currency: r.get("budget_currency")?,
            })
        },
    )?;
    let Some(mut f) = found else { return Ok(None) };
    f.partners = c.query(
        "SELECT organisation_id FROM plan_action_partners WHERE action_id = $1 ORDER BY organisation_id",
        params![id],
        |r| r.get("organisation_id"),
    )?;
    Ok(Some(f))
}

fn action_row(r: &Row) -> DbResult<ActionRow> {
    Ok(ActionRow {
        id: r.get("id")?,
        objective_id: r.get("objective_id")?,
        title: r.get("title")?,
        owner_id: r.get("owner_organisation_id")?,
        owner: r.get("owner")?,
        partners: Vec::new(),
        due_on: r.get("due_on")?,
        expected_result: r.get("expected_result")?,
        budget_amount: r.get("budget_amount")?,
        budget_currency: r.get("budget_currency")?,
        status: r.get("status")?,
        progress: r.get("progress")?,
        late: r.get("is_late")?,
    })
}

const ACTION_COLUMNS: &str = "a.id, a.objective_id, a.title, a.owner_organisation_id, \
     COALESCE(o.acronym, o.name) AS owner, a.due_on, a.expected_result, a.budget_amount, \
     a.budget_currency, a.status, a.progress";

/// The plan's objectives in order, each with its actions (by due date) and their partners.
pub fn objectives(c: &mut Conn, plan_id: PlanId, today: &str) -> DbResult<Vec<Objective>> {
    let mut objectives: Vec<Objective> = c.query(
        "SELECT id, position, title FROM plan_objectives WHERE plan_id = $1 ORDER BY position, id",
        params![plan_id],
        |r| {
            Ok(Objective {
                id: r.get("id")?,
                position: r.get("position")?,
                title: r.get("title")?,
                actions: Vec::new(),
            })
        },
    )?;
    let late = late_condition("a", 2);
    let mut actions = c.query(
        &format!(
            "SELECT {ACTION_COLUMNS}, {late} AS is_late \
             FROM plan_actions a JOIN organisations o ON o.id = a.owner_organisation_id \
             WHERE a.plan_id = $1 ORDER BY a.due_on, a.id"
        ),
        params![plan_id, today],
        action_row,
    )?;
    let partners: Vec<(PlanActionId, String)> = c.query(
        "SELECT p.action_id, COALESCE(o.acronym, o.name) AS name FROM plan_action_partners p \
         JOIN plan_actions a ON a.id = p.action_id JOIN organisations o ON o.id = p.organisation_id \
         WHERE a.plan_id = $1 ORDER BY name",
        params![plan_id],
        |r| Ok((r.get("action_id")?, r.get("name")?)),
    )?;
    let mut by_action: HashMap<PlanActionId, Vec<String>> = HashMap::new();
    for (a, name) in partners {
        by_action.entry(a).or_default().push(name);
    }
    for a in &mut actions {
        a.partners = by_action.remove(&a.id).unwrap_or_default();
    }
    let mut by_objective: HashMap<ObjectiveId, Vec<ActionRow>> = HashMap::new();
    for a in actions {
        by_objective.entry(a.objective_id).or_default().push(a);
    }
    for o in &mut objectives {
        o.actions = by_objective.remove(&o.id).unwrap_or_default();
    }
    Ok(objectives)
}

/// One action of a plan, with whether it is late.
pub fn action(
    c: &mut Conn,
    plan_id: PlanId,
    id: PlanActionId,
    today: &str,
) -> DbResult<Option<ActionRow>> {
    let late = late_condition("a", 3);
    c.query_opt(
        &format!(
            "SELECT {ACTION_COLUMNS}, {late} AS is_late \
             FROM plan_actions a JOIN organisations o ON o.id = a.owner_organisation_id \
             WHERE a.id = $1 AND a.plan_id = $2"
        ),
        params![id, plan_id, today],
        action_row,
    )
}

/// Adopts the plan: records the decision's date and activity, and keeps a copy of the plan as
/// adopted under its version number.
pub fn adopt(
    c: &mut Conn,
    plan: &Plan,
    adopted_on: &str,
    activity_id: Option<ActivityId>,
    now: i64,
) -> DbResult<i64> {
    let snapshot = Snapshot {
        title: plan.title.clone(),
        summary: plan.summary.clone(),
        starts_on: plan.starts_on.clone(),
        ends_on: plan.ends_on.clone(),
        objectives: objectives(c, plan.id, &today())?,
    };
    let json = serde_json::to_string(&snapshot).map_err(|e| DbError::Other(e.to_string()))?;
    let version: i64 = c.scalar("SELECT version FROM plans WHERE id = $1", params![plan.id])?;
    c.execute(
        "INSERT INTO plan_versions (plan_id, version, adopted_on, activity_id, snapshot, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        params![plan.id, version, adopted_on, activity_id, json, now],
    )?;
    c.execute(
        "UPDATE plans SET status = $2, adopted_on = $3, adopted_activity_id = $4, \
         version = version + 1, updated_at = $5 WHERE id = $1",
        params![plan.id, PlanStatus::Adopted, adopted_on, activity_id, now],
    )?;
    reindex(c, plan.id)?;
    Ok(version)
}

/// Opens an adopted plan for revision: a draft again; its adopted versions stay readable.
pub fn revise(c: &mut Conn, id: PlanId, now: i64) -> DbResult<()> {
    c.execute(
        "UPDATE plans SET status = $2, updated_at = $3 WHERE id = $1",
        params![id, PlanStatus::Draft, now],
    )?;
    reindex(c, id)
}

pub fn set_public(c: &mut Conn, id: PlanId, public: bool, now: i64) -> DbResult<()> {
    c.execute(
        "UPDATE plans SET is_public = $2, updated_at = $3 WHERE id = $1",
        params![id, public, now],
    )?;
    reindex(c, id)
}

/// The plan's adopted versions, newest first.
pub fn versions(c: &mut Conn, plan_id: PlanId) -> DbResult<Vec<Version>> {
    c.query(
        "SELECT v.version, v.adopted_on, v.activity_id, a.title AS activity FROM plan_versions v \
         LEFT JOIN activities a ON a.id = v.activity_id WHERE v.plan_id = $1 ORDER BY v.version DESC",
        params![plan_id],
        |r| {
            Ok(Version {
                version: r.get("version")?,
                adopted_on: r.get("adopted_on")?,
                activity_id: r.get("activity_id")?,
                activity: r.get("activity")?,
            })
        },
    )
}

/// One adopted version and the plan as it was then.
pub fn version(
    c: &mut Conn,
    plan_id: PlanId,
    version: i64,
) -> DbResult<Option<(Version, Snapshot)>> {
    let found = c.query_opt(
        "SELECT v.version, v.adopted_on, v.activity_id, a.title AS activity, v.snapshot \
         FROM plan_versions v LEFT JOIN activities a ON a.id = v.activity_id \
         WHERE v.plan_id = $1 AND v.version = $2",
        params![plan_id, version],
        |r| {
            Ok((
                Version {
                    version: r.get("version")?,
                    adopted_on: r.get("adopted_on")?,
                    activity_id: r.get("activity_id")?,
                    activity: r.get("activity")?,
                },
                r.get::<String>("snapshot")?,
            ))
        },
    )?;
    let Some((v, json)) = found else {
        return Ok(None);
    };
    let snapshot: Snapshot =
        serde_json::from_str(&json).map_err(|e| DbError::Other(e.to_string()))?;
    Ok(Some((v, snapshot)))
}

/// The activities of a community a decision or a review can point to, newest first.
pub fn activity_choices(
    c: &mut Conn,
    community_id: CommunityId,
) -> DbResult<Vec<(ActivityId, String)>> {
    c.query(
        "SELECT id, title FROM activities WHERE community_id = $1 OR id IN \
         (SELECT activity_id FROM activity_guests WHERE community_id = $1) \
         ORDER BY starts_at DESC LIMIT 200",
        params![community_id],
        |r| Ok((r.get("id")?, r.get("title")?)),
    )
}

/// The status an action's newest update gave it (used by the updates file).
pub(crate) fn set_action_status(
    c: &mut Conn,
    id: PlanActionId,
    status: ActionStatus,
    progress: i64,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "UPDATE plan_actions SET status = $2, progress = $3, updated_at = $4 WHERE id = $1",
        params![id, status, progress, now],
    )?;
    Ok(())
}
