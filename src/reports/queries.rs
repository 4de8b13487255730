//! What a report reads: the activities held in its period with their figures, the plans with
//! their actions, the commitments. The headline and the indicators come from `indicators`.

use std::collections::HashMap;

use crate::activities::{ActivityKind, ReachAudience};
use crate::db::{Conn, DbResult, Value};
use crate::ids::{ActivityId, CommunityId, PlanId};
use crate::indicators::queries::Scope;
use crate::indicators::queries::measures::held;
use crate::plans::{ActionStatus, Kept, PlanKind};

/// An activity held in the period, with its participants and reach.
#[derive(Clone, Debug)]
pub struct HeldActivity {
    pub id: ActivityId,
    pub community: String,
    pub kind: ActivityKind,
    pub title: String,
    pub starts_at: String,
    pub place: Option<String>,
    pub participants: i64,
    pub women: i64,
    pub men: i64,
    pub organisations: i64,
    /// `(audience, estimated, people)`.
    pub reach: Vec<(ReachAudience, bool, i64)>,
    pub decisions: Vec<String>,
}

/// The activities held from `start` to `end` (ISO days, end excluded), oldest first, at most
/// `limit`, and how many there were in all.
pub fn activities(
    c: &mut Conn,
    scope: Scope,
    start: &str,
    end: &str,
    public_only: bool,
    now_local: &str,
    limit: i64,
) -> DbResult<(i64, Vec<HeldActivity>)> {
    let (mut filter, mut params) = held(scope, now_local);
    params.push(start.into());
    filter.push_str(&format!(" AND a.starts_at >= ${}", params.len()));
    params.push(end.into());
    filter.push_str(&format!(" AND a.starts_at < ${}", params.len()));
    if public_only {
        filter.push_str(" AND a.is_public = TRUE");
    }
    let total: i64 = c.scalar(
        &format!("SELECT COUNT(*) FROM activities a WHERE {filter}"),
        &params,
    )?;
    params.push(limit.into());
    let n = params.len();
    let mut rows: Vec<HeldActivity> = c.query(
        &format!(
            "SELECT a.id, h.name AS community, a.kind, a.title, a.starts_at, a.place,
                    (SELECT COUNT(*) FROM attendance t WHERE t.activity_id = a.id) AS participants,
                    (SELECT COUNT(*) FROM attendance t WHERE t.activity_id = a.id AND t.sex = 'F') AS women,
                    (SELECT COUNT(*) FROM attendance t WHERE t.activity_id = a.id AND t.sex = 'M') AS men,
                    (SELECT COUNT(DISTINCT t.organisation_id) FROM attendance t WHERE t.activity_id = a.id) AS organisations
             FROM activities a JOIN communities h ON h.id = a.community_id
             WHERE {filter} ORDER BY a.starts_at, a.id LIMIT ${n}"
        ),
        &params,
        |r| {
            Ok(HeldActivity {
                id: r.get("id")?,
                community: r.get("community")?,
                kind: r.get("kind")?,
                title: r.get("title")?,
                starts_at: r.get("starts_at")?,
                place: r.get("place")?,
                participants: r.get("participants")?,
                women: r.get("women")?,
                men: r.get("men")?,
                organisations: r.get("organisations")?,
                reach: Vec::new(),
                decisions: Vec::new(),
            })
        },
    )?;
    if rows.is_empty() {
        return Ok((total, rows));
    }
    // Ids are numbers read back from the database: a literal list is safe.
    let ids = rows
        .iter()
        .map(|a| a.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let reach: Vec<(ActivityId, ReachAudience, bool, i64)> = c.query(
        &format!(
            "SELECT activity_id, audience, estimated, headcount FROM reach
             WHERE activity_id IN ({ids}) AND headcount > 0 ORDER BY headcount DESC, audience"
        ),
        &[],
        |r| {
            Ok((
                r.get("activity_id")?,
                r.get("audience")?,
                r.get("estimated")?,
                r.get("headcount")?,
            ))
        },
    )?;
    let decisions: Vec<(ActivityId, String)> = c.query(
        &format!(
            "SELECT activity_id, text FROM decisions WHERE activity_id IN ({ids}) ORDER BY id"
        ),
        &[],
        |r| Ok((r.get("activity_id")?, r.get("text")?)),
    )?;
    let position: HashMap<ActivityId, usize> =
        rows.iter().enumerate().map(|(k, a)| (a.id, k)).collect();
    for (id, audience, estimated, n) in reach {
        if let Some(k) = position.get(&id) {
            rows[*k].reach.push((audience, estimated, n));
        }
    }
    for (id, text) in decisions {
        if let Some(k) = position.get(&id) {
            rows[*k].decisions.push(text);
        }
    }
    Ok((total, rows))
}

#[derive(Clone, Debug)]
pub struct PlanLine {
    pub title: String,
    pub organisation: String,
    pub due_on: String,
    pub status: ActionStatus,
    pub progress: i64,
}

#[derive(Clone, Debug)]
pub struct PlanReport {
    pub id: PlanId,
    pub community: String,
    pub kind: PlanKind,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub actions: Vec<PlanLine>,
}

fn scoped(scope: Scope, col: &str, params: &mut Vec<Value>) -> String {
    match scope {
        Scope::Community(id) => {
            params.push(id.into());
            format!(" AND {col} = ${}", params.len())
        }
        Scope::Network => String::new(),
    }
}

/// Plans adopted at least once, with their actions in order of their due dates.
pub fn plans(c: &mut Conn, scope: Scope, public_only: bool) -> DbResult<Vec<PlanReport>> {
    let mut params = Vec::new();
    let mut filter = scoped(scope, "p.community_id", &mut params);
    if public_only {
        filter.push_str(" AND p.is_public = TRUE");
    }
    let mut plans: Vec<PlanReport> = c.query(
        &format!(
            "SELECT p.id, h.name AS community, p.kind, p.title, p.starts_on, p.ends_on
             FROM plans p JOIN communities h ON h.id = p.community_id
             WHERE p.adopted_on IS NOT NULL{filter} ORDER BY h.name, p.starts_on, p.id LIMIT 100"
        ),
        &params,
        |r| {
            Ok(PlanReport {
                id: r.get("id")?,
                community: r.get("community")?,
                kind: r.get("kind")?,
                title: r.get("title")?,
                starts_on: r.get("starts_on")?,
                ends_on: r.get("ends_on")?,
                actions: Vec::new(),
            })
        },
    )?;
    for p in &mut plans {
        p.actions = c.query(
            "SELECT pa.title, COALESCE(o.acronym, o.name) AS organisation, pa.due_on, pa.status,
                    pa.progress
             FROM plan_actions pa JOIN organisations o ON o.id = pa.owner_organisation_id
             WHERE pa.plan_id = $1 AND pa.status <> 'dropped' ORDER BY pa.due_on, pa.id LIMIT 200",
            &[p.id.into()],
            |r| {
                Ok(PlanLine {
                    title: r.get("title")?,
                    organisation: r.get("organisation")?,
                    due_on: r.get("due_on")?,
                    status: r.get("status")?,
                    progress: r.get("progress")?,
                })
            },
        )?;
    }
    Ok(plans)
}

#[derive(Clone, Debug)]
pub struct CommitmentLine {
    pub community: String,
    pub organisation: Option<String>,
    pub pledge: String,
    pub due_on: String,
    pub kept: Option<Kept>,
}

/// Every commitment of the scope, the earliest due first (at most 300).
pub fn commitments(c: &mut Conn, scope: Scope) -> DbResult<Vec<CommitmentLine>> {
    let mut params = Vec::new();
    let filter = scoped(scope, "k.community_id", &mut params);
    c.query(
        &format!(
            "SELECT h.name AS community, COALESCE(o.acronym, o.name) AS organisation, k.pledge,
                    k.due_on, k.assessment
             FROM commitments k JOIN communities h ON h.id = k.community_id
             LEFT JOIN organisations o ON o.id = k.organisation_id
             WHERE 1 = 1{filter} ORDER BY k.due_on, k.id LIMIT 300"
        ),
        &params,
        |r| {
            Ok(CommitmentLine {
                community: r.get("community")?,
                organisation: r.get("organisation")?,
                pledge: r.get("pledge")?,
                due_on: r.get("due_on")?,
                kept: r.get("assessment")?,
            })
        },
    )
}

/// The communities a network report covers: public ones only for the public.
pub fn communities(c: &mut Conn, public_only: bool) -> DbResult<Vec<(CommunityId, String)>> {
    let filter = if public_only {
        " WHERE is_public = TRUE"
    } else {
        ""
    };
    c.query(
        &format!("SELECT id, name FROM communities{filter} ORDER BY name"),
        &[],
        |r| Ok((r.get("id")?, r.get("name")?)),
    )
}
