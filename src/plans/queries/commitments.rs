//! Commitments: what a community or one of its organisations pledges, and whether it was kept.

use crate::db::{Conn, DbResult, Row};
use crate::ids::{CommitmentId, CommunityId, OrganisationId, UserId};
use crate::params;
use crate::plans::{Commitment, Kept};

fn row(r: &Row) -> DbResult<Commitment> {
    Ok(Commitment {
        id: r.get("id")?,
        organisation_id: r.get("organisation_id")?,
        organisation: r.get("organisation")?,
        pledge: r.get("pledge")?,
        measure: r.get("measure")?,
        due_on: r.get("due_on")?,
        assessment: r.get("assessment")?,
        assessed_on: r.get("assessed_on")?,
        evidence_text: r.get("evidence_text")?,
        evidence_link: r.get("evidence_link")?,
    })
}

const COLUMNS: &str = "k.id, k.organisation_id, o.name AS organisation, k.pledge, k.measure, \
     k.due_on, k.assessment, k.assessed_on, k.evidence_text, k.evidence_link";

/// A community's commitments, by due date.
pub fn list(c: &mut Conn, community_id: CommunityId) -> DbResult<Vec<Commitment>> {
    c.query(
        &format!(
            "SELECT {COLUMNS} FROM commitments k LEFT JOIN organisations o ON o.id = k.organisation_id \
             WHERE k.community_id = $1 ORDER BY k.due_on, k.id LIMIT 500"
        ),
        params![community_id],
        row,
    )
}

pub fn get(
    c: &mut Conn,
    community_id: CommunityId,
    id: CommitmentId,
) -> DbResult<Option<Commitment>> {
    c.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM commitments k LEFT JOIN organisations o ON o.id = k.organisation_id \
             WHERE k.id = $1 AND k.community_id = $2"
        ),
        params![id, community_id],
        row,
    )
}

#[derive(Clone, Debug)]
pub struct CommitmentFields {
    pub organisation_id: Option<OrganisationId>,
    pub pledge: String,
    pub measure: String,
    pub due_on: String,
}

pub fn create(
    c: &mut Conn,
    community_id: CommunityId,
    f: &CommitmentFields,
    user_id: Option<UserId>,
    now: i64,
) -> DbResult<CommitmentId> {
    c.scalar(
        "INSERT INTO commitments (community_id, organisation_id, pledge, measure, due_on, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        params![
            community_id,
            f.organisation_id,
            f.pledge.as_str(),
            f.measure.as_str(),
            f.due_on.as_str(),
            user_id,
            now
        ],
    )
}

#[derive(Clone, Debug)]
pub struct AssessmentFields {
    pub assessment: Kept,
    pub assessed_on: String,
    pub evidence_text: Option<String>,
    pub evidence_link: Option<String>,
}

pub fn assess(
    c: &mut Conn,
    id: CommitmentId,
    f: &AssessmentFields,
    user_id: Option<UserId>,
) -> DbResult<()> {
    c.execute(
        "UPDATE commitments SET assessment = $2, assessed_on = $3, evidence_text = $4, \
         evidence_link = $5, assessed_by = $6 WHERE id = $1",
        params![
            id,
            f.assessment,
            f.assessed_on.as_str(),
            f.evidence_text.clone(),
            f.evidence_link.clone(),
            user_id
        ],
    )?;
    Ok(())
}
