//! Committee queries: the committee, its communities and members, and its figures. Nothing
//! here reads a candidate's personal details (that is `candidates.rs`, behind the access rule).

use super::{Committee, CommitteeRow, Figures, Member};
use crate::community::CommunityRef;
use crate::db::{Conn, DbResult, Value};
use crate::ids::{CommitteeId, CommunityId, PersonId, UserId};
use crate::params;

/// The committees a community belongs to; `public_only` keeps those whose figures are public.
pub fn list(
    c: &mut Conn,
    community_id: CommunityId,
    public_only: bool,
) -> DbResult<Vec<CommitteeRow>> {
    // Booleans are compared to a bound parameter: SQLite stores 0/1, PostgreSQL a BOOLEAN.
    let mut params: Vec<Value> = vec![community_id.into()];
    let filter = if public_only {
        params.push(true.into());
        " AND k.figures_public = $2"
    } else {
        ""
    };
    c.query(
        &format!(
            "SELECT k.id, k.name, k.figures_public, \
             (SELECT COUNT(*) FROM committee_members m WHERE m.committee_id = k.id) AS members \
             FROM committees k JOIN committee_communities cc ON cc.committee_id = k.id \
             WHERE cc.community_id = $1{filter} ORDER BY k.name, k.id"
        ),
        &params,
        |r| {
            Ok(CommitteeRow {
                id: r.get("id")?,
                name: r.get("name")?,
                members: r.get("members")?,
                figures_public: r.get("figures_public")?,
            })
        },
    )
}

/// A committee with its communities and members, if it belongs to `community_id`.
pub fn get_in(
    c: &mut Conn,
    community_id: CommunityId,
    id: CommitteeId,
) -> DbResult<Option<Committee>> {
    let found = c.query_opt(
        "SELECT k.id, k.name, k.mandate, k.chair_id, k.figures_public FROM committees k \
         JOIN committee_communities cc ON cc.committee_id = k.id \
         WHERE k.id = $1 AND cc.community_id = $2",
        params![id, community_id],
        |r| {
            Ok(Committee {
                id: r.get("id")?,
                name: r.get("name")?,
                mandate: r.get("mandate")?,
                chair_id: r.get("chair_id")?,
                figures_public: r.get("figures_public")?,
                communities: Vec::new(),
                members: Vec::new(),
            })
        },
    )?;
    let Some(mut k) = found else {
        return Ok(None);
    };
    k.communities = c.query(
        "SELECT cm.id, cm.slug, cm.name FROM committee_communities cc \
         JOIN communities cm ON cm.id = cc.community_id WHERE cc.committee_id = $1 ORDER BY cm.name",
        params![id],
        |r| {
            Ok(CommunityRef {
                id: r.get("id")?,
                slug: r.get("slug")?,
                name: r.get("name")?,
            })
        },
    )?;
    k.members = c.query(
        "SELECT p.id, p.name, COALESCE(o.acronym, o.name) AS organisation FROM committee_members m \
         JOIN people p ON p.id = m.person_id LEFT JOIN organisations o ON o.id = p.organisation_id \
         WHERE m.committee_id = $1 ORDER BY p.name, p.id",
        params![id],
        |r| {
            Ok(Member {
                id: r.get("id")?,
                name: r.get("name")?,
                organisation: r.get("organisation")?,
            })
        },
    )?;
    Ok(Some(k))
}

/// The people a committee of these communities may take as members.
pub fn people_of(c: &mut Conn, communities: &[CommunityId]) -> DbResult<Vec<Member>> {
    let mut all: Vec<Member> = Vec::new();
    for cid in communities {
        let people = c.query(
            "SELECT p.id, p.name, COALESCE(o.acronym, o.name) AS organisation \
             FROM person_communities pc JOIN people p ON p.id = pc.person_id \
             LEFT JOIN organisations o ON o.id = p.organisation_id \
             WHERE pc.community_id = $1 ORDER BY p.name, p.id LIMIT 2000",
            params![cid],
            |r| {
                Ok(Member {
                    id: r.get("id")?,
                    name: r.get("name")?,
                    organisation: r.get("organisation")?,
                })
            },
        )?;
        for p in people {
            if !all.iter().any(|m| m.id == p.id) {
                all.push(p);
            }
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

#[derive(Clone, Debug)]
pub struct CommitteeFields {
    pub name: String,
    pub mandate: String,
    pub communities: Vec<CommunityId>,
    pub members: Vec<PersonId>,
    pub chair_id: Option<PersonId>,
    pub figures_public: bool,
}

pub fn create(
    c: &mut Conn,
    f: &CommitteeFields,
    user_id: Option<UserId>,
    now: i64,
) -> DbResult<CommitteeId> {
    let id: CommitteeId = c.scalar(
        "INSERT INTO committees (name, mandate, chair_id, figures_public, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        params![
            f.name.as_str(),
            f.mandate.as_str(),
            f.chair_id,
            f.figures_public,
            user_id,
            now
        ],
    )?;
    set_links(c, id, f)?;
    Ok(id)
}

pub fn update(c: &mut Conn, id: CommitteeId, f: &CommitteeFields, now: i64) -> DbResult<()> {
    c.execute(
        "UPDATE committees SET name = $2, mandate = $3, chair_id = $4, figures_public = $5, \
         updated_at = $6 WHERE id = $1",
        params![
            id,
            f.name.as_str(),
            f.mandate.as_str(),
            f.chair_id,
            f.figures_public,
            now
        ],
    )?;
    set_links(c, id, f)
}

fn set_links(c: &mut Conn, id: CommitteeId, f: &CommitteeFields) -> DbResult<()> {
    c.execute(
        "DELETE FROM committee_communities WHERE committee_id = $1",
        params![id],
    )?;
    for cid in &f.communities {
        c.execute(
            "INSERT INTO committee_communities (committee_id, community_id) VALUES ($1, $2)",
            params![id, cid],
        )?;
    }
    c.execute(
        "DELETE FROM committee_members WHERE committee_id = $1",
        params![id],
    )?;
    for pid in &f.members {
        c.execute(
            "INSERT INTO committee_members (committee_id, person_id) VALUES ($1, $2)",
            params![id, pid],
        )?;
    }
    Ok(())
}

/// The committee's figures, counting the candidates on record and the erased ones' tombstones.
pub fn figures(c: &mut Conn, id: CommitteeId) -> DbResult<Figures> {
    c.query_opt(
        "SELECT COUNT(*) AS identified, \
         COALESCE(SUM(CASE WHEN was_coached THEN 1 ELSE 0 END), 0) AS coached, \
         COALESCE(SUM(CASE WHEN was_declared THEN 1 ELSE 0 END), 0) AS declared, \
         COALESCE(SUM(CASE WHEN was_elected THEN 1 ELSE 0 END), 0) AS elected FROM ( \
         SELECT was_coached, was_declared, was_elected FROM candidates WHERE committee_id = $1 \
         UNION ALL SELECT was_coached, was_declared, was_elected FROM candidate_tombstones \
         WHERE committee_id = $1) t",
        params![id],
        |r| {
            Ok(Figures {
                identified: r.get("identified")?,
                coached: r.get("coached")?,
                declared: r.get("declared")?,
                elected: r.get("elected")?,
            })
        },
    )
    .map(Option::unwrap_or_default)
}
