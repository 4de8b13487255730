//! The demo committee (`data/demo-committees.toml`): the media-watch committee of Ségou and
//! Kayes, with fictional candidates and two coaching sessions. Loaded after the demo
//! directory, whose people it names.

use serde::Deserialize;

use super::candidates::{self as cq, CandidateFields, Personal, SessionFields};
use super::queries::{self as q, CommitteeFields};
use super::{ConsentHow, Office, Stage};
use crate::codes::Code;
use crate::config::Config;
use crate::db::{Conn, Db};
use crate::error::{AppError, AppResult};
use crate::ids::{CandidateId, CommunityId, PersonId, UserId};
use crate::{clock, crypto, params};

pub const DEMO_TOML: &str = include_str!("../../data/demo-committees.toml");

#[derive(Deserialize)]
struct DemoCommittees {
    committees: Vec<CommitteeDemo>,
}

#[derive(Deserialize)]
struct CommitteeDemo {
    name: String,
    communities: Vec<String>,
    mandate: String,
    chair: String,
    members: Vec<String>,
    #[serde(default)]
    figures_public: bool,
    recorded_by: String,
    #[serde(default)]
    candidates: Vec<CandidateDemo>,
    #[serde(default)]
    sessions: Vec<SessionDemo>,
}

#[derive(Deserialize)]
struct CandidateDemo {
    name: String,
    locality: String,
    community: String,
    office: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    independent: bool,
    contact: String,
    notes: String,
    consent_on: String,
    consent_how: String,
    review_on: String,
    #[serde(default)]
    stages: Vec<String>,
}

#[derive(Deserialize)]
struct SessionDemo {
    held_on: String,
    topic: String,
    coach: String,
    present: Vec<String>,
    notes: String,
}

fn missing(what: &str, key: &str) -> AppError {
    AppError::Internal(format!("demo committees: unknown {what} {key}"))
}

fn code<T: Code>(s: &str) -> AppResult<T> {
    T::parse(s).ok_or_else(|| missing(T::PREFIX, s))
}

/// Loads the demo committees, sealing the candidates with the database's data key.
pub fn load(db: &Db) -> AppResult<()> {
    let data: DemoCommittees = toml::from_str(DEMO_TOML)
        .map_err(|e| AppError::Internal(format!("demo committees: {e}")))?;
    let key = crypto::key(&Config::new(db.url()))?;
    db.conn()?.transaction(|c| insert(c, &data, &key))
}

fn person(c: &mut Conn, name: &str) -> AppResult<PersonId> {
    c.query_opt(
        "SELECT MIN(id) AS id FROM people WHERE name = $1",
        params![name],
        |r| {
            let id: Option<PersonId> = r.get("id")?;
            Ok(id)
        },
    )?
    .flatten()
    .ok_or_else(|| missing("person", name))
}

fn community(c: &mut Conn, slug: &str) -> AppResult<CommunityId> {
    c.query_opt(
        "SELECT id FROM communities WHERE slug = $1",
        params![slug],
        |r| r.get("id"),
    )?
    .ok_or_else(|| missing("community", slug))
}

fn insert(c: &mut Conn, data: &DemoCommittees, key: &crypto::DataKey) -> AppResult<()> {
    let now = clock::now();
    for k in &data.committees {
        let communities = k
            .communities
            .iter()
            .map(|s| community(c, s))
            .collect::<AppResult<Vec<_>>>()?;
        let members = k
            .members
            .iter()
            .map(|n| person(c, n))
            .collect::<AppResult<Vec<_>>>()?;
        let user: UserId = c
            .query_opt(
                "SELECT id FROM users WHERE email = $1",
                params![&k.recorded_by],
                |r| r.get("id"),
            )?
            .ok_or_else(|| missing("account", &k.recorded_by))?;
        let fields = CommitteeFields {
            name: k.name.clone(),
            mandate: k.mandate.clone(),
            communities,
            members,
            chair_id: Some(person(c, &k.chair)?),
            figures_public: k.figures_public,
        };
        let id = q::create(c, &fields, Some(user), now)?;
        let mut ids: Vec<(&str, CandidateId)> = Vec::new();
        for d in &k.candidates {
            let f = CandidateFields {
                community_id: community(c, &d.community)?,
                office: code::<Office>(&d.office)?,
                personal: Personal {
                    name: d.name.clone(),
                    locality: d.locality.clone(),
                    party: d.party.clone(),
                    independent: d.independent,
                    contact: d.contact.clone(),
                    notes: d.notes.clone(),
                },
                consent_on: d.consent_on.clone(),
                consent_how: code::<ConsentHow>(&d.consent_how)?,
                review_on: d.review_on.clone(),
            };
            let cid = cq::create(c, key, id, &f, user, &d.consent_on, now)?;
            for s in &d.stages {
                cq::set_stage(c, id, cid, code::<Stage>(s)?, &d.consent_on, user, now)?;
            }
            ids.push((d.name.as_str(), cid));
        }
        for s in &k.sessions {
            let present = s
                .present
                .iter()
                .map(|n| {
                    ids.iter()
                        .find(|(name, _)| name == n)
                        .map(|(_, id)| *id)
                        .ok_or_else(|| missing("candidate", n))
                })
                .collect::<AppResult<Vec<_>>>()?;
            let f = SessionFields {
                held_on: s.held_on.clone(),
                topic: s.topic.clone(),
                coach_id: Some(person(c, &s.coach)?),
                notes: s.notes.clone(),
                present,
            };
            cq::create_session(c, key, id, &f, user, now)?;
        }
    }
    Ok(())
}

/// For the benchmark: a committee in the first synthetic community, its first 8 people as
/// members, `candidates` sealed fictional candidates spread over the stages, and its figures
/// public (the committee page is what `bench/run` measures).
pub fn synthetic(db: &Db, candidates: usize) -> AppResult<()> {
    let key = crypto::key(&Config::new(db.url()))?;
    db.conn()?.transaction(|c| {
        let slug = crate::demo::synthetic::FIRST_SLUG;
        let cid = community(c, slug)?;
        let members: Vec<PersonId> = c.query(
            "SELECT person_id FROM person_communities WHERE community_id = $1 \
             ORDER BY person_id LIMIT 8",
            params![cid],
            |r| r.get("person_id"),
        )?;
        let user: UserId = c
            .query_opt("SELECT MIN(id) AS id FROM users", &[], |r| {
                let id: Option<UserId> = r.get("id")?;
                Ok(id)
            })?
            .flatten()
            .ok_or_else(|| missing("account", "any"))?;
        let now = clock::now();
        let fields = CommitteeFields {
            name: "Comité de veille médiatique (synthétique)".to_owned(),
            mandate: "Comité synthétique pour le banc d’essai.".to_owned(),
            communities: vec![cid],
            chair_id: members.first().copied(),
            members,
            figures_public: true,
        };
        let id = q::create(c, &fields, Some(user), now)?;
        let stages = Stage::all();
        for i in 0..candidates {
            let f = CandidateFields {
                community_id: cid,
                office: Office::all()[i % 3],
                personal: Personal {
                    name: format!("Candidate synthétique {i}"),
                    locality: "Localité synthétique".to_owned(),
                    party: String::new(),
                    independent: true,
                    contact: format!(
                        "+223 00 {:02} {:02} {:02}",
                        i / 10000 % 100,
                        i / 100 % 100,
                        i % 100
                    ),
                    notes: String::new(),
                },
                consent_on: "2025-01-01".to_owned(),
                consent_how: ConsentHow::Written,
                review_on: "2026-01-01".to_owned(),
            };
            let k = cq::create(c, &key, id, &f, user, "2025-01-01", now)?;
            let stage = stages[i % stages.len()];
            if stage != Stage::Identified {
                cq::set_stage(c, id, k, stage, "2025-06-01", user, now)?;
            }
        }
        Ok(())
    })
}
