//! Candidate and coaching-session queries. Personal details and notes are sealed with the data
//! key on the way in and opened on the way out; every read of a record and every change writes
//! an audit row (who, when, which action, which id: never the content) in the same
//! transaction. Callers must have asked [`super::may_see_candidates`] first.

use serde::{Deserialize, Serialize};

use super::ConsentHow;
use super::{CandidateRow, Office, SessionRow, Stage};
use crate::audit;
use crate::crypto::DataKey;
use crate::db::{Conn, DbError, DbResult};
use crate::ids::{CandidateId, CoachingId, CommitteeId, CommunityId, PersonId, UserId};
use crate::params;

/// The sealing contexts: a value sealed for one does not open as the other.
const CANDIDATE: &str = "candidate";
const NOTES: &str = "coaching-notes";

/// What is sealed of a candidate.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Personal {
    pub name: String,
    pub locality: String,
    /// Empty for an independent.
    pub party: String,
    pub independent: bool,
    pub contact: String,
    pub notes: String,
}

#[derive(Clone, Debug)]
pub struct StageChange {
    pub stage: Stage,
    pub changed_on: String,
    pub by: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Candidate {
    pub id: CandidateId,
    pub committee_id: CommitteeId,
    pub community_id: CommunityId,
    pub community: String,
    pub office: Office,
    /// Empty once anonymised.
    pub personal: Personal,
    pub consent_on: String,
    pub consent_how: ConsentHow,
    pub consent_by: Option<String>,
    pub review_on: String,
    pub stage: Stage,
    pub anonymised: bool,
    pub stages: Vec<StageChange>,
    pub sessions: Vec<SessionRow>,
}

#[derive(Clone, Debug)]
pub struct CandidateFields {
    pub community_id: CommunityId,
    pub office: Office,
    pub personal: Personal,
    pub consent_on: String,
    pub consent_how: ConsentHow,
    pub review_on: String,
}

fn crypto(e: crate::error::AppError) -> DbError {
    DbError::Other(e.to_string())
}

fn seal(key: &DataKey, p: &Personal) -> DbResult<String> {
    let json = serde_json::to_string(p).map_err(|e| DbError::Other(e.to_string()))?;
    key.seal(CANDIDATE, &json).map_err(crypto)
}

fn open(key: &DataKey, sealed: Option<String>) -> DbResult<Personal> {
    match sealed {
        None => Ok(Personal::default()),
        Some(s) => {
            let json = key.open(CANDIDATE, &s).map_err(crypto)?;
            serde_json::from_str(&json).map_err(|e| DbError::Other(e.to_string()))
        }
    }
}

fn log(
    c: &mut Conn,
    user: UserId,
    action: &str,
    id: CandidateId,
    committee: CommitteeId,
) -> DbResult<()> {
    audit::record(
        c,
        Some(user),
        action,
        "candidate",
        id,
        &format!("committee {committee}"),
    )
}

/// The committee's candidates on record (names opened), for the list and the export.
pub fn list(c: &mut Conn, key: &DataKey, committee: CommitteeId) -> DbResult<Vec<CandidateRow>> {
    let rows = c.query(
        "SELECT k.id, k.sealed, cm.name AS community, k.office, k.stage, k.review_on, \
         k.anonymised_at FROM candidates k JOIN communities cm ON cm.id = k.community_id \
         WHERE k.committee_id = $1 ORDER BY k.id",
        params![committee],
        |r| {
            let anonymised: Option<i64> = r.get("anonymised_at")?;
            let sealed: Option<String> = r.get("sealed")?;
            Ok((
                sealed,
                CandidateRow {
                    id: r.get("id")?,
                    name: String::new(),
                    community: r.get("community")?,
                    office: r.get("office")?,
                    stage: r.get("stage")?,
                    review_on: r.get("review_on")?,
                    anonymised: anonymised.is_some(),
                },
            ))
        },
    )?;
    rows.into_iter()
        .map(|(sealed, mut row)| {
            row.name = open(key, sealed)?.name;
            Ok(row)
        })
        .collect()
}

/// One candidate with her path and sessions (no audit: see [`view`]).
pub fn get(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    id: CandidateId,
) -> DbResult<Option<Candidate>> {
    let found = c.query_opt(
        "SELECT k.id, k.committee_id, k.community_id, cm.name AS community, k.office, k.sealed, \
         k.consent_on, k.consent_how, u.name AS consent_by, k.review_on, k.stage, k.anonymised_at \
         FROM candidates k JOIN communities cm ON cm.id = k.community_id \
         LEFT JOIN users u ON u.id = k.consent_by WHERE k.id = $1 AND k.committee_id = $2",
        params![id, committee],
        |r| {
            let anonymised: Option<i64> = r.get("anonymised_at")?;
            let sealed: Option<String> = r.get("sealed")?;
            Ok((
                sealed,
                Candidate {
                    id: r.get("id")?,
                    committee_id: r.get("committee_id")?,
                    community_id: r.get("community_id")?,
                    community: r.get("community")?,
                    office: r.get("office")?,
                    personal: Personal::default(),
                    consent_on: r.get("consent_on")?,
                    consent_how: r.get("consent_how")?,
                    consent_by: r.get("consent_by")?,
                    review_on: r.get("review_on")?,
                    stage: r.get("stage")?,
                    anonymised: anonymised.is_some(),
                    stages: Vec::new(),
                    sessions: Vec::new(),
                },
            ))
        },
    )?;
    let Some((sealed, mut k)) = found else {
        return Ok(None);
    };
    k.personal = open(key, sealed)?;
    k.stages = c.query(
        "SELECT s.stage, s.changed_on, u.name FROM candidate_stages s \
         LEFT JOIN users u ON u.id = s.changed_by WHERE s.candidate_id = $1 ORDER BY s.id",
        params![id],
        |r| {
            Ok(StageChange {
                stage: r.get("stage")?,
                changed_on: r.get("changed_on")?,
                by: r.get("name")?,
            })
        },
    )?;
    k.sessions = c.query(
        "SELECT s.id, s.held_on, s.topic, \
         (SELECT COUNT(*) FROM coaching_attendance x WHERE x.session_id = s.id) AS present \
         FROM coaching_sessions s JOIN coaching_attendance a ON a.session_id = s.id \
         WHERE a.candidate_id = $1 ORDER BY s.held_on DESC, s.id DESC",
        params![id],
        session_row,
    )?;
    Ok(Some(k))
}

/// Reads a candidate for a page and writes the view to the audit log.
pub fn view(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    id: CandidateId,
    user: UserId,
) -> DbResult<Option<Candidate>> {
    let found = get(c, key, committee, id)?;
    if found.is_some() {
        log(c, user, "candidate.view", id, committee)?;
    }
    Ok(found)
}

fn add_stage(
    c: &mut Conn,
    id: CandidateId,
    stage: Stage,
    on: &str,
    user: UserId,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO candidate_stages (candidate_id, stage, changed_on, changed_by, at) \
         VALUES ($1, $2, $3, $4, $5)",
        params![id, stage, on, user, now],
    )?;
    // What she reached stays counted whatever comes next.
    c.execute(
        "UPDATE candidates SET stage = $2, updated_at = $3, \
         was_coached = (was_coached OR $4), was_declared = (was_declared OR $5), \
         was_elected = (was_elected OR $6) WHERE id = $1",
        params![
            id,
            stage,
            now,
            stage.coached(),
            stage.declared(),
            stage == Stage::Elected
        ],
    )?;
    Ok(())
}

pub fn create(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    f: &CandidateFields,
    user: UserId,
    today: &str,
    now: i64,
) -> DbResult<CandidateId> {
    let id: CandidateId = c.scalar(
        "INSERT INTO candidates (committee_id, community_id, office, sealed, consent_on, \
         consent_how, consent_by, review_on, stage, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7, $10, $10) RETURNING id",
        params![
            committee,
            f.community_id,
            f.office,
            seal(key, &f.personal)?,
            f.consent_on.as_str(),
            f.consent_how,
            user,
            f.review_on.as_str(),
            Stage::Identified,
            now
        ],
    )?;
    add_stage(c, id, Stage::Identified, today, user, now)?;
    log(c, user, "candidate.create", id, committee)?;
    Ok(id)
}

/// Changes the record. The consent is recorded again, by whoever saves.
pub fn update(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    id: CandidateId,
    f: &CandidateFields,
    user: UserId,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "UPDATE candidates SET community_id = $3, office = $4, sealed = $5, consent_on = $6, \
         consent_how = $7, consent_by = $8, review_on = $9, updated_at = $10 \
         WHERE id = $1 AND committee_id = $2 AND anonymised_at IS NULL",
        params![
            id,
            committee,
            f.community_id,
            f.office,
            seal(key, &f.personal)?,
            f.consent_on.as_str(),
            f.consent_how,
            user,
            f.review_on.as_str(),
            now
        ],
    )?;
    log(c, user, "candidate.update", id, committee)
}

pub fn set_stage(
    c: &mut Conn,
    committee: CommitteeId,
    id: CandidateId,
    stage: Stage,
    on: &str,
    user: UserId,
    now: i64,
) -> DbResult<()> {
    add_stage(c, id, stage, on, user, now)?;
    log(c, user, "candidate.stage", id, committee)
}

/// Takes the candidate's name out of the notes of the committee's sessions.
fn scrub_notes(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    name: &str,
    marker: &str,
) -> DbResult<()> {
    if name.trim().is_empty() {
        return Ok(());
    }
    let notes: Vec<(CoachingId, String)> = c.query(
        "SELECT id, notes FROM coaching_sessions WHERE committee_id = $1",
        params![committee],
        |r| Ok((r.get("id")?, r.get("notes")?)),
    )?;
    for (sid, sealed) in notes {
        let plain = key.open(NOTES, &sealed).map_err(crypto)?;
        if plain.contains(name) {
            let cleaned = plain.replace(name, marker);
            c.execute(
                "UPDATE coaching_sessions SET notes = $2 WHERE id = $1",
                params![sid, key.seal(NOTES, &cleaned).map_err(crypto)?],
            )?;
        }
    }
    Ok(())
}

/// Takes the candidate's name out of the committee's session notes, before her record is
/// anonymised or erased; `false` when the committee has no such record.
fn scrub_name(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    id: CandidateId,
    marker: &str,
) -> DbResult<bool> {
    let Some(k) = get(c, key, committee, id)? else {
        return Ok(false);
    };
    scrub_notes(c, key, committee, &k.personal.name, marker)?;
    Ok(true)
}

/// Wipes name, locality, party, contact and notes (and her name in session notes); keeps the
/// office, the stage, the region and the path, so that the figures stay right.
pub fn anonymise(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    id: CandidateId,
    marker: &str,
    user: UserId,
    now: i64,
) -> DbResult<bool> {
    if !scrub_name(c, key, committee, id, marker)? {
        return Ok(false);
    }
    c.execute(
        "UPDATE candidates SET sealed = NULL, anonymised_at = $2, updated_at = $2 WHERE id = $1",
        params![id, now],
    )?;
    log(c, user, "candidate.anonymise", id, committee)?;
    Ok(true)
}

/// Removes the record, its path and its attendance; a tombstone keeps what the figures count.
pub fn erase(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    id: CandidateId,
    marker: &str,
    user: UserId,
    now: i64,
) -> DbResult<bool> {
    if !scrub_name(c, key, committee, id, marker)? {
        return Ok(false);
    }
    c.execute(
        "INSERT INTO candidate_tombstones (committee_id, community_id, office, was_coached, \
         was_declared, was_elected, erased_at) SELECT committee_id, community_id, office, \
         was_coached, was_declared, was_elected, $2 FROM candidates WHERE id = $1",
        params![id, now],
    )?;
    c.execute(
        "DELETE FROM coaching_attendance WHERE candidate_id = $1",
        params![id],
    )?;
    c.execute(
        "DELETE FROM candidate_stages WHERE candidate_id = $1",
        params![id],
    )?;
    c.execute("DELETE FROM candidates WHERE id = $1", params![id])?;
    log(c, user, "candidate.erase", id, committee)?;
    Ok(true)
}

/// Every candidate of the committee in full, for the CSV export; each one is logged.
pub fn export(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    user: UserId,
) -> DbResult<Vec<Candidate>> {
    let ids: Vec<CandidateId> = c.query(
        "SELECT id FROM candidates WHERE committee_id = $1 ORDER BY id",
        params![committee],
        |r| r.get("id"),
    )?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(k) = get(c, key, committee, id)? {
            log(c, user, "candidate.export", id, committee)?;
            out.push(k);
        }
    }
    Ok(out)
}

fn session_row(r: &crate::db::Row) -> DbResult<SessionRow> {
    Ok(SessionRow {
        id: r.get("id")?,
        held_on: r.get("held_on")?,
        topic: r.get("topic")?,
        present: r.get("present")?,
    })
}

pub fn sessions(c: &mut Conn, committee: CommitteeId) -> DbResult<Vec<SessionRow>> {
    c.query(
        "SELECT s.id, s.held_on, s.topic, \
         (SELECT COUNT(*) FROM coaching_attendance x WHERE x.session_id = s.id) AS present \
         FROM coaching_sessions s WHERE s.committee_id = $1 ORDER BY s.held_on DESC, s.id DESC",
        params![committee],
        session_row,
    )
}

#[derive(Clone, Debug)]
pub struct Session {
    pub id: CoachingId,
    pub held_on: String,
    pub topic: String,
    pub coach: Option<String>,
    pub notes: String,
    /// Candidates present: id and name (empty once anonymised).
    pub present: Vec<(CandidateId, String)>,
}

#[derive(Clone, Debug)]
pub struct SessionFields {
    pub held_on: String,
    pub topic: String,
    pub coach_id: Option<PersonId>,
    pub notes: String,
    pub present: Vec<CandidateId>,
}

/// Records a session; the candidates present count as coached from then on.
pub fn create_session(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    f: &SessionFields,
    user: UserId,
    now: i64,
) -> DbResult<CoachingId> {
    let id: CoachingId = c.scalar(
        "INSERT INTO coaching_sessions (committee_id, held_on, topic, coach_id, notes, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        params![
            committee,
            f.held_on.as_str(),
            f.topic.as_str(),
            f.coach_id,
            key.seal(NOTES, &f.notes).map_err(crypto)?,
            user,
            now
        ],
    )?;
    for cand in &f.present {
        c.execute(
            "INSERT INTO coaching_attendance (session_id, candidate_id) VALUES ($1, $2)",
            params![id, cand],
        )?;
        let stage: Option<Stage> = c.query_opt(
            "SELECT stage FROM candidates WHERE id = $1 AND committee_id = $2",
            params![cand, committee],
            |r| r.get("stage"),
        )?;
        if stage == Some(Stage::Identified) {
            add_stage(c, *cand, Stage::Coached, &f.held_on, user, now)?;
        }
        c.execute(
            "UPDATE candidates SET was_coached = $2 WHERE id = $1",
            params![cand, true],
        )?;
        log(c, user, "candidate.coached", *cand, committee)?;
    }
    audit::record(
        c,
        Some(user),
        "coaching.create",
        "coaching_session",
        id,
        &format!("committee {committee}"),
    )?;
    Ok(id)
}

/// Reads a session for its page and writes the view to the audit log.
pub fn view_session(
    c: &mut Conn,
    key: &DataKey,
    committee: CommitteeId,
    id: CoachingId,
    user: UserId,
) -> DbResult<Option<Session>> {
    let found = c.query_opt(
        "SELECT s.id, s.held_on, s.topic, p.name AS coach, s.notes FROM coaching_sessions s \
         LEFT JOIN people p ON p.id = s.coach_id WHERE s.id = $1 AND s.committee_id = $2",
        params![id, committee],
        |r| {
            Ok(Session {
                id: r.get("id")?,
                held_on: r.get("held_on")?,
                topic: r.get("topic")?,
                coach: r.get("coach")?,
                notes: r.get("notes")?,
                present: Vec::new(),
            })
        },
    )?;
    let Some(mut s) = found else {
        return Ok(None);
    };
    s.notes = key.open(NOTES, &s.notes).map_err(crypto)?;
    let present: Vec<(CandidateId, Option<String>)> = c.query(
        "SELECT k.id, k.sealed FROM coaching_attendance a JOIN candidates k ON k.id = a.candidate_id \
         WHERE a.session_id = $1 ORDER BY k.id",
        params![id],
        |r| Ok((r.get("id")?, r.get("sealed")?)),
    )?;
    for (cid, sealed) in present {
        s.present.push((cid, open(key, sealed)?.name));
    }
    audit::record(
        c,
        Some(user),
        "coaching.view",
        "coaching_session",
        id,
        &format!("committee {committee}"),
    )?;
    Ok(Some(s))
}
