//! The plans area's demo (`data/demo-plans.toml`): the sustainability plans of Ségou and
//! Kayes from the exchange visit, their progress, one joint review and the commitments.
//! Called from the demo loader's transaction, which runs once (the demo is loaded only when
//! absent), so this is as idempotent as the rest of the demo.

use serde::Deserialize;

use super::queries::commitments::{self as kq, AssessmentFields, CommitmentFields};
use super::queries::reviews::{self as rq, ReviewFields};
use super::queries::updates::{self as uq, UpdateFields};
use super::queries::{self as q, ActionFields, PlanFields};
use super::{DEFAULT_CURRENCY, PlanKind};
use crate::codes::Code;
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::ids::{ActivityId, CommunityId, OrganisationId, PlanId, UserId};
use crate::params;

const TOML: &str = include_str!("../../data/demo-plans.toml");

#[derive(Deserialize)]
struct Data {
    plans: Vec<PlanDemo>,
    #[serde(default)]
    reviews: Vec<ReviewDemo>,
    #[serde(default)]
    commitments: Vec<CommitmentDemo>,
}

#[derive(Deserialize)]
struct PlanDemo {
    community: String,
    kind: String,
    title: String,
    summary: String,
    starts_on: String,
    ends_on: String,
    adopted_on: Option<String>,
    activity: Option<String>,
    #[serde(default)]
    public: bool,
    objectives: Vec<ObjectiveDemo>,
}

#[derive(Deserialize)]
struct ObjectiveDemo {
    title: String,
    #[serde(default)]
    actions: Vec<ActionDemo>,
}

#[derive(Deserialize)]
struct ActionDemo {
    title: String,
    owner: String,
    #[serde(default)]
    partners: Vec<String>,
    due_on: String,
    #[serde(default)]
    expected: String,
    budget: Option<i64>,
    #[serde(default)]
    updates: Vec<UpdateDemo>,
}

#[derive(Deserialize)]
struct UpdateDemo {
    status: String,
    progress: i64,
    note: String,
    by: String,
    evidence: Option<String>,
    link: Option<String>,
}

#[derive(Deserialize)]
struct ReviewDemo {
    host: String,
    title: String,
    held_on: String,
    activity: Option<String>,
    communities: Vec<String>,
    #[serde(default)]
    notes: String,
    assessments: Vec<AssessmentDemo>,
}

#[derive(Deserialize)]
struct AssessmentDemo {
    plan: String,
    action: String,
    assessment: String,
    #[serde(default)]
    comment: String,
}

#[derive(Deserialize)]
struct CommitmentDemo {
    community: String,
    org: Option<String>,
    pledge: String,
    #[serde(default)]
    measure: String,
    due_on: String,
    assessment: Option<String>,
    assessed_on: Option<String>,
    evidence: Option<String>,
}

fn missing(what: &str, key: &str) -> AppError {
    AppError::Internal(format!("plans demo: unknown {what} {key}"))
}

fn code<T: Code>(s: &str) -> AppResult<T> {
    T::parse(s).ok_or_else(|| missing(T::PREFIX, s))
}

fn community(c: &mut Conn, slug: &str) -> AppResult<CommunityId> {
    c.query_opt(
        "SELECT id FROM communities WHERE slug = $1",
        params![slug],
        |r| r.get("id"),
    )?
    .ok_or_else(|| missing("community", slug))
}

fn org(c: &mut Conn, name: &str) -> AppResult<OrganisationId> {
    c.query_opt(
        "SELECT MIN(id) AS id FROM organisations WHERE acronym = $1 OR name = $1 HAVING COUNT(*) > 0",
        params![name],
        |r| r.get("id"),
    )?
    .ok_or_else(|| missing("organisation", name))
}

fn user(c: &mut Conn, email: &str) -> AppResult<UserId> {
    c.query_opt(
        "SELECT id FROM users WHERE email = $1",
        params![email],
        |r| r.get("id"),
    )?
    .ok_or_else(|| missing("account", email))
}

fn activity(c: &mut Conn, title: &str) -> AppResult<ActivityId> {
    c.query_opt(
        "SELECT MIN(id) AS id FROM activities WHERE title = $1 HAVING COUNT(*) > 0",
        params![title],
        |r| r.get("id"),
    )?
    .ok_or_else(|| missing("activity", title))
}

fn plan_by_title(c: &mut Conn, title: &str) -> AppResult<PlanId> {
    c.query_opt(
        "SELECT id FROM plans WHERE title = $1",
        params![title],
        |r| r.get("id"),
    )?
    .ok_or_else(|| missing("plan", title))
}

/// Writes the plans demo, inside the demo loader's transaction.
pub fn insert(c: &mut Conn, now: i64) -> AppResult<()> {
    let data: Data =
        toml::from_str(TOML).map_err(|e| AppError::Internal(format!("demo-plans.toml: {e}")))?;
    for p in &data.plans {
        let cid = community(c, &p.community)?;
        let fields = PlanFields {
            kind: code::<PlanKind>(&p.kind)?,
            title: p.title.clone(),
            summary: p.summary.clone(),
            starts_on: p.starts_on.clone(),
            ends_on: p.ends_on.clone(),
        };
        let titles: Vec<String> = p.objectives.iter().map(|o| o.title.clone()).collect();
        let id = q::create(c, cid, &fields, &titles, None, now)?;
        let plan = q::get(c, cid, id)?.ok_or_else(|| missing("plan", &p.title))?;
        let objectives = q::objectives(c, id, &q::today())?;
        let mut updates = Vec::new();
        for (o, objective) in p.objectives.iter().zip(&objectives) {
            for a in &o.actions {
                let partners = a
                    .partners
                    .iter()
                    .map(|n| org(c, n))
                    .collect::<AppResult<Vec<_>>>()?;
                let f = ActionFields {
                    objective_id: objective.id,
                    title: a.title.clone(),
                    owner: org(c, &a.owner)?,
                    partners,
                    due_on: a.due_on.clone(),
                    expected_result: a.expected.clone(),
                    budget_amount: a.budget,
                    budget_currency: a.budget.map(|_| DEFAULT_CURRENCY.to_owned()),
                };
                let aid = q::add_action(c, &plan, &f, now)?.map_err(|r| {
                    AppError::Internal(format!("plans demo: action {} refused: {r:?}", a.title))
                })?;
                updates.push((aid, &a.updates));
            }
        }
        if let Some(on) = &p.adopted_on {
            let act = p.activity.as_deref().map(|t| activity(c, t)).transpose()?;
            q::adopt(c, &plan, on, act, now)?;
        }
        if p.public {
            q::set_public(c, id, true, now)?;
        }
        for (aid, list) in updates {
            let n = list.len() as i64;
            for (i, u) in list.iter().enumerate() {
                let by = user(c, &u.by)?;
                let f = UpdateFields {
                    status: code(&u.status)?,
                    progress: u.progress,
                    note: u.note.clone(),
                    evidence_text: u.evidence.clone(),
                    evidence_link: u.link.clone(),
                    evidence_resource_id: None,
                };
                // Older updates first, a month apart.
                uq::add(c, aid, &f, Some(by), now - (n - i as i64) * 30 * 86_400)?;
            }
        }
    }
    for r in &data.reviews {
        let host = community(c, &r.host)?;
        let communities = r
            .communities
            .iter()
            .map(|s| community(c, s))
            .collect::<AppResult<Vec<_>>>()?;
        let mut plans = Vec::new();
        for a in &r.assessments {
            let pid = plan_by_title(c, &a.plan)?;
            if !plans.contains(&pid) {
                plans.push(pid);
            }
        }
        if rq::check_plans(c, host, &plans)?.is_err() {
            return Err(missing("review plans", &r.title));
        }
        let fields = ReviewFields {
            title: r.title.clone(),
            held_on: r.held_on.clone(),
            activity_id: r.activity.as_deref().map(|t| activity(c, t)).transpose()?,
            notes: r.notes.clone(),
            communities,
            plans,
        };
        let id = rq::create(c, host, &fields, None, now)?;
        for a in &r.assessments {
            let pid = plan_by_title(c, &a.plan)?;
            let aid = c
                .query_opt(
                    "SELECT id FROM plan_actions WHERE plan_id = $1 AND title = $2",
                    params![pid, a.action.as_str()],
                    |row| row.get("id"),
                )?
                .ok_or_else(|| missing("action", &a.action))?;
            rq::record(c, id, aid, code(&a.assessment)?, &a.comment, None, now)?;
        }
    }
    for k in &data.commitments {
        let cid = community(c, &k.community)?;
        let fields = CommitmentFields {
            organisation_id: k.org.as_deref().map(|o| org(c, o)).transpose()?,
            pledge: k.pledge.clone(),
            measure: k.measure.clone(),
            due_on: k.due_on.clone(),
        };
        let id = kq::create(c, cid, &fields, None, now)?;
        if let (Some(a), Some(on)) = (&k.assessment, &k.assessed_on) {
            let f = AssessmentFields {
                assessment: code(a)?,
                assessed_on: on.clone(),
                evidence_text: k.evidence.clone(),
                evidence_link: None,
            };
            kq::assess(c, id, &f, None)?;
        }
    }
    Ok(())
}
