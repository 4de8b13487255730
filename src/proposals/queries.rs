//! Every SQL statement of proposals.

use super::{Comment, Proposal, ProposalKind, ProposalRow, ProposalState};
use crate::community::CommunityRef;
use crate::db::{Conn, DbResult, Filter, Row};
use crate::ids::{
    ActivityId, CommunityId, ObjectiveId, OrganisationId, PlanActionId, ProposalId, UserId,
};
use crate::params;

/// A proposal is seen from its home community or from one it is addressed to.
const ADDRESSED: &str = "(p.community_id = $1 OR EXISTS (SELECT 1 FROM proposal_targets t \
     WHERE t.proposal_id = p.id AND t.community_id = $1))";

fn proposal_row(r: &Row) -> DbResult<ProposalRow> {
    Ok(ProposalRow {
        id: r.get("id")?,
        kind: r.get("kind")?,
        title: r.get("title")?,
        state: r.get("state")?,
        support_count: r.get("support_count")?,
        home_slug: r.get("slug")?,
        created_at: r.get("created_at")?,
    })
}

/// One page of the proposals addressed to a community, newest first, and the total.
pub fn list(
    c: &mut Conn,
    community_id: CommunityId,
    state: Option<ProposalState>,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<ProposalRow>)> {
    let mut w = Filter::new(ADDRESSED, community_id);
    w.and_some("p.state = ?", state);
    w.page(
        c,
        "SELECT p.id, p.kind, p.title, p.state, p.support_count, h.slug, p.created_at, \
         COUNT(*) OVER () AS total FROM proposals p JOIN communities h ON h.id = p.community_id \
         WHERE {where} ORDER BY p.created_at DESC, p.id DESC {page}",
        "proposals p",
        limit,
        offset,
        proposal_row,
    )
}

/// A proposal seen from a community it is addressed to.
pub fn get(c: &mut Conn, community_id: CommunityId, id: ProposalId) -> DbResult<Option<Proposal>> {
    let found = c.query_opt(
        &format!(
            "SELECT p.id, p.community_id, h.slug, h.name, p.kind, p.title, p.body, p.proposer_id,
                    u.name AS proposer, p.organisation_id, COALESCE(o.acronym, o.name) AS organisation,
                    p.on_behalf_of_community, p.state, p.decision_note, p.decided_at, p.activity_id,
                    a.title AS activity, p.plan_action_id, pa.plan_id, pa.title AS plan_action,
                    p.support_count, p.created_at
             FROM proposals p JOIN communities h ON h.id = p.community_id
             LEFT JOIN plan_actions pa ON pa.id = p.plan_action_id
             LEFT JOIN users u ON u.id = p.proposer_id
             LEFT JOIN organisations o ON o.id = p.organisation_id
             LEFT JOIN activities a ON a.id = p.activity_id
             WHERE p.id = $2 AND {ADDRESSED}"
        ),
        params![community_id, id],
        |r| {
            Ok(Proposal {
                id: r.get("id")?,
                community_id: r.get("community_id")?,
                home: CommunityRef {
                    id: r.get("community_id")?,
                    slug: r.get("slug")?,
                    name: r.get("name")?,
                },
                kind: r.get("kind")?,
                title: r.get("title")?,
                body: r.get("body")?,
                proposer_id: r.get("proposer_id")?,
                proposer: r.get("proposer")?,
                organisation_id: r.get("organisation_id")?,
                organisation: r.get("organisation")?,
                on_behalf_of_community: r.get("on_behalf_of_community")?,
                state: r.get("state")?,
                decision_note: r.get("decision_note")?,
                decided_at: r.get("decided_at")?,
                activity_id: r.get("activity_id")?,
                activity: r.get("activity")?,
                plan_action: match r.get::<Option<PlanActionId>>("plan_action_id")? {
                    Some(action) => Some((action, r.get("plan_id")?, r.get("plan_action")?)),
                    None => None,
                },
                support_count: r.get("support_count")?,
                created_at: r.get("created_at")?,
                targets: Vec::new(),
            })
        },
    )?;
    let Some(mut p) = found else { return Ok(None) };
    p.targets = c.query(
        "SELECT m.id, m.slug, m.name FROM proposal_targets t JOIN communities m ON m.id = t.community_id
         WHERE t.proposal_id = $1 ORDER BY m.name",
        params![id],
        |r| {
            Ok(CommunityRef {
                id: r.get("id")?,
                slug: r.get("slug")?,
                name: r.get("name")?,
            })
        },
    )?;
    Ok(Some(p))
}

pub fn comments(c: &mut Conn, id: ProposalId) -> DbResult<Vec<Comment>> {
    c.query(
        "SELECT u.name, k.body, k.created_at FROM proposal_comments k
         LEFT JOIN users u ON u.id = k.author_id WHERE k.proposal_id = $1 ORDER BY k.id",
        params![id],
        |r| {
            Ok(Comment {
                author: r.get("name")?,
                body: r.get("body")?,
                created_at: r.get("created_at")?,
            })
        },
    )
}

/// Whether `user` supports the proposal.
pub fn supports(c: &mut Conn, id: ProposalId, user: UserId) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM proposal_supports WHERE proposal_id = $1 AND user_id = $2",
        params![id, user],
    )?;
    Ok(n > 0)
}

pub struct ProposalFields {
    pub kind: ProposalKind,
    pub title: String,
    pub body: String,
    pub organisation_id: Option<OrganisationId>,
    pub on_behalf_of_community: bool,
    pub targets: Vec<CommunityId>,
}

pub fn create(
    c: &mut Conn,
    community_id: CommunityId,
    f: &ProposalFields,
    proposer: UserId,
    now: i64,
) -> DbResult<ProposalId> {
    let id: ProposalId = c.scalar(
        "INSERT INTO proposals (community_id, kind, title, body, proposer_id, organisation_id,
            on_behalf_of_community, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        params![
            community_id,
            f.kind,
            &f.title,
            &f.body,
            proposer,
            f.organisation_id,
            f.on_behalf_of_community,
            ProposalState::Open,
            now
        ],
    )?;
    for t in &f.targets {
        c.execute(
            "INSERT INTO proposal_targets (proposal_id, community_id) VALUES ($1, $2)",
            params![id, t],
        )?;
    }
    Ok(id)
}

/// Adds or takes back a member's support; the count follows in the same transaction.
pub fn set_support(c: &mut Conn, id: ProposalId, user: UserId, on: bool, now: i64) -> DbResult<()> {
    let had = supports(c, id, user)?;
    if on && !had {
        c.execute(
            "INSERT INTO proposal_supports (proposal_id, user_id, created_at) VALUES ($1, $2, $3)",
            params![id, user, now],
        )?;
    } else if !on && had {
        c.execute(
            "DELETE FROM proposal_supports WHERE proposal_id = $1 AND user_id = $2",
            params![id, user],
        )?;
    } else {
        return Ok(());
    }
    c.execute(
        "UPDATE proposals SET support_count = \
         (SELECT COUNT(*) FROM proposal_supports WHERE proposal_id = $1) WHERE id = $1",
        params![id],
    )?;
    Ok(())
}

pub fn add_comment(
    c: &mut Conn,
    id: ProposalId,
    author: UserId,
    body: &str,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO proposal_comments (proposal_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)",
        params![id, author, body, now],
    )?;
    Ok(())
}

/// Records the decision on an open proposal of `home`; `Ok(false)` when it was already
/// decided (a second click, or another coordinator first), and nothing changes.
pub fn decide(
    c: &mut Conn,
    home: CommunityId,
    id: ProposalId,
    state: ProposalState,
    note: Option<&str>,
    by: UserId,
    now: i64,
) -> DbResult<bool> {
    let n = c.execute(
        "UPDATE proposals SET state = $1, decision_note = $2, decided_by = $3, decided_at = $4
         WHERE id = $5 AND community_id = $6 AND state = $7",
        params![state, note, by, now, id, home, ProposalState::Open],
    )?;
    Ok(n == 1)
}

/// Links an accepted proposal to the activity it became.
pub fn set_activity(c: &mut Conn, id: ProposalId, activity: ActivityId) -> DbResult<()> {
    c.execute(
        "UPDATE proposals SET activity_id = $1 WHERE id = $2",
        params![activity, id],
    )?;
    Ok(())
}

/// The proposer's address and language, to tell them of the decision.
pub fn proposer_contact(c: &mut Conn, id: ProposalId) -> DbResult<Option<(String, String)>> {
    c.query_opt(
        "SELECT u.email, u.locale FROM proposals p JOIN users u ON u.id = p.proposer_id
         WHERE p.id = $1 AND u.disabled = $2",
        params![id, false],
        |r| Ok((r.get("email")?, r.get("locale")?)),
    )
}

/// The proposal an activity came from, for the activity's page: (id, title).
pub fn origin_of_activity(
    c: &mut Conn,
    activity: ActivityId,
) -> DbResult<Option<(ProposalId, String)>> {
    c.query_opt(
        "SELECT id, title FROM proposals WHERE activity_id = $1 ORDER BY id LIMIT 1",
        params![activity],
        |r| Ok((r.get("id")?, r.get("title")?)),
    )
}

/// Links an accepted proposal to the plan action it became.
pub fn set_plan_action(c: &mut Conn, id: ProposalId, action: PlanActionId) -> DbResult<()> {
    c.execute(
        "UPDATE proposals SET plan_action_id = $1 WHERE id = $2",
        params![action, id],
    )?;
    Ok(())
}

/// The objectives of a community's plans, for the "becomes a plan action" choice:
/// (objective, "plan — objective").
pub fn objective_choices(
    c: &mut Conn,
    community_id: CommunityId,
) -> DbResult<Vec<(ObjectiveId, String)>> {
    c.query(
        "SELECT o.id, p.title AS plan, o.title FROM plan_objectives o JOIN plans p ON p.id = o.plan_id
         WHERE p.community_id = $1 ORDER BY p.starts_on DESC, p.id, o.position",
        params![community_id],
        |r| {
            let plan: String = r.get("plan")?;
            let objective: String = r.get("title")?;
            Ok((r.get("id")?, format!("{plan} — {objective}")))
        },
    )
}

/// The plan an objective of a community belongs to.
pub fn plan_of_objective(
    c: &mut Conn,
    community_id: CommunityId,
    objective: ObjectiveId,
) -> DbResult<Option<crate::ids::PlanId>> {
    c.query_opt(
        "SELECT p.id FROM plan_objectives o JOIN plans p ON p.id = o.plan_id
         WHERE o.id = $1 AND p.community_id = $2",
        params![objective, community_id],
        |r| r.get("id"),
    )
}

/// The proposal a plan action came from: (id, title).
pub fn origin_of_plan_action(
    c: &mut Conn,
    action: PlanActionId,
) -> DbResult<Option<(ProposalId, String)>> {
    c.query_opt(
        "SELECT id, title FROM proposals WHERE plan_action_id = $1 ORDER BY id LIMIT 1",
        params![action],
        |r| Ok((r.get("id")?, r.get("title")?)),
    )
}
