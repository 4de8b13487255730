//! Joint monitoring reviews: held by a host community with linked communities, over their
//! adopted plans; one assessment per action under review.

use crate::community::CommunityRef;
use crate::db::{Conn, DbResult};
use crate::directory::MemberRole;
use crate::ids::{ActivityId, CommunityId, PlanActionId, PlanId, ReviewId, UserId};
use crate::params;
use crate::plans::{Assessment, PlanStatus, Review, ReviewMark, ReviewRow};

/// The communities linked to `host`, by name.
pub fn linked(c: &mut Conn, host: CommunityId) -> DbResult<Vec<CommunityRef>> {
    Ok(crate::community::queries::links(c, host)?
        .into_iter()
        .map(|l| l.other)
        .collect())
}

/// A plan a review may cover: adopted, of the host or of a community linked to it.
#[derive(Clone, Debug)]
pub struct PlanChoice {
    pub id: PlanId,
    pub community_id: CommunityId,
    pub community: String,
    pub title: String,
}

pub fn plan_choices(c: &mut Conn, host: CommunityId) -> DbResult<Vec<PlanChoice>> {
    c.query(
        "SELECT p.id, p.community_id, cm.name AS community, p.title FROM plans p \
         JOIN communities cm ON cm.id = p.community_id \
         WHERE p.status = $2 AND (p.community_id = $1 OR p.community_id IN ( \
           SELECT CASE WHEN l.community_a = $1 THEN l.community_b ELSE l.community_a END \
           FROM community_links l WHERE l.community_a = $1 OR l.community_b = $1)) \
         ORDER BY cm.name, p.starts_on DESC LIMIT 500",
        params![host, PlanStatus::Adopted],
        |r| {
            Ok(PlanChoice {
                id: r.get("id")?,
                community_id: r.get("community_id")?,
                community: r.get("community")?,
                title: r.get("title")?,
            })
        },
    )
}

/// Why a plan cannot be under a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanRefusal {
    Unknown,
    /// Its community is neither the host nor linked to it.
    Unlinked,
    NotAdopted,
}

impl PlanRefusal {
    pub fn key(self) -> &'static str {
        match self {
            PlanRefusal::Unknown => "form-bad-choice",
            PlanRefusal::Unlinked => "review-plan-unlinked",
            PlanRefusal::NotAdopted => "review-plan-not-adopted",
        }
    }
}

/// Checks each plan; on success, the community of each.
pub fn check_plans(
    c: &mut Conn,
    host: CommunityId,
    plans: &[PlanId],
) -> DbResult<Result<Vec<CommunityId>, PlanRefusal>> {
    let linked: Vec<CommunityId> = linked(c, host)?.into_iter().map(|r| r.id).collect();
    let mut communities = Vec::new();
    for p in plans {
        let found: Option<(CommunityId, PlanStatus)> = c.query_opt(
            "SELECT community_id, status FROM plans WHERE id = $1",
            params![*p],
            |r| Ok((r.get("community_id")?, r.get("status")?)),
        )?;
        let Some((cid, status)) = found else {
            return Ok(Err(PlanRefusal::Unknown));
        };
        if cid != host && !linked.contains(&cid) {
            return Ok(Err(PlanRefusal::Unlinked));
        }
        if status != PlanStatus::Adopted {
            return Ok(Err(PlanRefusal::NotAdopted));
        }
        communities.push(cid);
    }
    Ok(Ok(communities))
}

#[derive(Clone, Debug)]
pub struct ReviewFields {
    pub title: String,
    pub held_on: String,
    pub activity_id: Option<ActivityId>,
    pub notes: String,
    /// The host and the other communities taking part (each linked to the host).
    pub communities: Vec<CommunityId>,
    pub plans: Vec<PlanId>,
}

pub fn create(
    c: &mut Conn,
    host: CommunityId,
    f: &ReviewFields,
    user_id: Option<UserId>,
    now: i64,
) -> DbResult<ReviewId> {
    let id: ReviewId = c.scalar(
        "INSERT INTO plan_reviews (host_community_id, title, held_on, activity_id, notes, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        params![
            host,
            f.title.as_str(),
            f.held_on.as_str(),
            f.activity_id,
            f.notes.as_str(),
            user_id,
            now
        ],
    )?;
    let mut communities = f.communities.clone();
    if !communities.contains(&host) {
        communities.push(host);
    }
    for cid in communities {
        c.execute(
            "INSERT INTO plan_review_communities (review_id, community_id) VALUES ($1, $2)",
            params![id, cid],
        )?;
    }
    for p in &f.plans {
        c.execute(
            "INSERT INTO plan_review_plans (review_id, plan_id) VALUES ($1, $2)",
            params![id, *p],
        )?;
    }
    Ok(id)
}

/// The reviews a community took part in, newest first.
pub fn list(c: &mut Conn, community_id: CommunityId) -> DbResult<Vec<ReviewRow>> {
    let rows: Vec<ReviewRow> = c.query(
        "SELECT r.id, r.title, r.held_on, h.name AS host FROM plan_reviews r \
         JOIN communities h ON h.id = r.host_community_id \
         WHERE r.id IN (SELECT review_id FROM plan_review_communities WHERE community_id = $1) \
         ORDER BY r.held_on DESC, r.id DESC LIMIT 200",
        params![community_id],
        |r| {
            Ok(ReviewRow {
                id: r.get("id")?,
                title: r.get("title")?,
                held_on: r.get("held_on")?,
                host: r.get("host")?,
                communities: String::new(),
            })
        },
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for mut row in rows {
        row.communities = participants(c, row.id)?
            .into_iter()
            .map(|(_, _, name)| name)
            .collect::<Vec<_>>()
            .join(", ");
        out.push(row);
    }
    Ok(out)
}

fn participants(c: &mut Conn, id: ReviewId) -> DbResult<Vec<(CommunityId, String, String)>> {
    c.query(
        "SELECT cm.id, cm.slug, cm.name FROM plan_review_communities rc \
         JOIN communities cm ON cm.id = rc.community_id WHERE rc.review_id = $1 ORDER BY cm.name",
        params![id],
        |r| Ok((r.get("id")?, r.get("slug")?, r.get("name")?)),
    )
}

/// The lead organisations of the communities taking part in a review (lead membership still
/// running on `today`): name and the community they lead, by community then name.
pub fn leads(c: &mut Conn, id: ReviewId, today: &str) -> DbResult<Vec<(String, String)>> {
    c.query(
        "SELECT COALESCE(o.acronym, o.name) AS name, cm.name AS community \
         FROM plan_review_communities rc JOIN memberships m ON m.community_id = rc.community_id \
         JOIN organisations o ON o.id = m.organisation_id \
         JOIN communities cm ON cm.id = rc.community_id \
         WHERE rc.review_id = $1 AND m.role = $2 AND (m.until IS NULL OR m.until >= $3) \
         ORDER BY cm.name, o.name",
        params![id, MemberRole::Lead, today],
        |r| Ok((r.get("name")?, r.get("community")?)),
    )
}

/// Whether the account speaks for a lead organisation of the review: its directory person
/// works for an organisation that leads one of the communities taking part.
pub fn speaks_for_a_lead(c: &mut Conn, id: ReviewId, user: UserId, today: &str) -> DbResult<bool> {
    let found: i64 = c.scalar(
        "SELECT COUNT(*) FROM users u JOIN people pe ON pe.id = u.person_id \
         JOIN memberships m ON m.organisation_id = pe.organisation_id \
         JOIN plan_review_communities rc ON rc.community_id = m.community_id \
         WHERE u.id = $1 AND rc.review_id = $2 AND m.role = $3 \
         AND (m.until IS NULL OR m.until >= $4)",
        params![user, id, MemberRole::Lead, today],
    )?;
    Ok(found > 0)
}

/// A review, found only through a community taking part in it.
pub fn get(c: &mut Conn, community_id: CommunityId, id: ReviewId) -> DbResult<Option<Review>> {
    let found = c.query_opt(
        "SELECT r.id, r.host_community_id, h.name AS host, r.title, r.held_on, r.activity_id, \
         a.title AS activity, r.notes, r.created_by FROM plan_reviews r \
         JOIN communities h ON h.id = r.host_community_id \
         LEFT JOIN activities a ON a.id = r.activity_id \
         WHERE r.id = $1 AND EXISTS (SELECT 1 FROM plan_review_communities rc \
           WHERE rc.review_id = r.id AND rc.community_id = $2)",
        params![id, community_id],
        |r| {
            Ok(Review {
                id: r.get("id")?,
                host_community_id: r.get("host_community_id")?,
                host: r.get("host")?,
                title: r.get("title")?,
                held_on: r.get("held_on")?,
                activity_id: r.get("activity_id")?,
                activity: r.get("activity")?,
                notes: r.get("notes")?,
                communities: Vec::new(),
                created_by: r.get("created_by")?,
            })
        },
    )?;
    let Some(mut review) = found else {
        return Ok(None);
    };
    review.communities = participants(c, id)?;
    Ok(Some(review))
}

/// The plans under review: id, community id, community slug, title.
pub fn plans_of(
    c: &mut Conn,
    id: ReviewId,
) -> DbResult<Vec<(PlanId, CommunityId, String, String)>> {
    c.query(
        "SELECT p.id, p.community_id, cm.slug, p.title FROM plan_review_plans rp \
         JOIN plans p ON p.id = rp.plan_id JOIN communities cm ON cm.id = p.community_id \
         WHERE rp.review_id = $1 ORDER BY cm.name, p.title",
        params![id],
        |r| {
            Ok((
                r.get("id")?,
                r.get("community_id")?,
                r.get("slug")?,
                r.get("title")?,
            ))
        },
    )
}

/// The review's assessments: action, assessment, comment.
pub fn assessments(
    c: &mut Conn,
    id: ReviewId,
) -> DbResult<Vec<(PlanActionId, Assessment, String)>> {
    c.query(
        "SELECT action_id, assessment, comment FROM plan_review_assessments WHERE review_id = $1",
        params![id],
        |r| Ok((r.get("action_id")?, r.get("assessment")?, r.get("comment")?)),
    )
}

/// Whether the action belongs to a plan under the review.
pub fn action_under_review(c: &mut Conn, id: ReviewId, action: PlanActionId) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM plan_actions a JOIN plan_review_plans rp ON rp.plan_id = a.plan_id \
         WHERE rp.review_id = $1 AND a.id = $2",
        params![id, action],
    )?;
    Ok(n > 0)
}

/// Records (or replaces) the review's assessment of an action.
pub fn record(
    c: &mut Conn,
    id: ReviewId,
    action: PlanActionId,
    assessment: Assessment,
    comment: &str,
    user_id: Option<UserId>,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "DELETE FROM plan_review_assessments WHERE review_id = $1 AND action_id = $2",
        params![id, action],
    )?;
    c.execute(
        "INSERT INTO plan_review_assessments (review_id, action_id, assessment, comment, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
        params![id, action, assessment, comment, user_id, now],
    )?;
    Ok(())
}

/// Every review's word on the plan's actions, newest review first.
pub fn marks_for_plan(c: &mut Conn, plan_id: PlanId) -> DbResult<Vec<ReviewMark>> {
    c.query(
        "SELECT r.id, r.title, r.held_on, ra.action_id, ra.assessment, ra.comment \
         FROM plan_review_assessments ra JOIN plan_reviews r ON r.id = ra.review_id \
         JOIN plan_actions a ON a.id = ra.action_id WHERE a.plan_id = $1 \
         ORDER BY r.held_on DESC, r.id DESC",
        params![plan_id],
        |r| {
            Ok(ReviewMark {
                review_id: r.get("id")?,
                review: r.get("title")?,
                held_on: r.get("held_on")?,
                action_id: r.get("action_id")?,
                assessment: r.get("assessment")?,
                comment: r.get("comment")?,
            })
        },
    )
}
