//! Community queries.

use super::{Community, CommunityRef, Link};
use crate::db::{Conn, DbResult, Row};
use crate::ids::{CommunityId, OrganisationId};
use crate::params;

const COLUMNS: &str = "c.id, c.slug, c.name, c.region, c.founded_on, c.project, c.description, \
    c.objectives, c.ways_of_working, c.accompanied_by_id, o.name AS accompanied_by, c.is_public, \
    c.directory_public";

/// Reads a row of [`COLUMNS`].
fn community(r: &Row) -> DbResult<Community> {
    Ok(Community {
        id: r.get("id")?,
        slug: r.get("slug")?,
        name: r.get("name")?,
        region: r.get("region")?,
        founded_on: r.get("founded_on")?,
        project: r.get("project")?,
        description: r.get("description")?,
        objectives: r.get("objectives")?,
        ways_of_working: r.get("ways_of_working")?,
        accompanied_by_id: r.get("accompanied_by_id")?,
        accompanied_by: r.get("accompanied_by")?,
        is_public: r.get("is_public")?,
        directory_public: r.get("directory_public")?,
    })
}

fn community_ref(r: &Row) -> DbResult<CommunityRef> {
    Ok(CommunityRef {
        id: r.get("id")?,
        slug: r.get("slug")?,
        name: r.get("name")?,
    })
}

pub fn by_slug(c: &mut Conn, slug: &str) -> DbResult<Option<Community>> {
    c.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM communities c LEFT JOIN organisations o ON o.id = c.accompanied_by_id WHERE c.slug = $1"
        ),
        params![slug],
        community,
    )
}

pub fn all_refs(c: &mut Conn) -> DbResult<Vec<CommunityRef>> {
    c.query(
        "SELECT id, slug, name FROM communities ORDER BY name",
        &[],
        community_ref,
    )
}

/// Every community and whether the public may see it.
pub fn all_with_visibility(c: &mut Conn) -> DbResult<Vec<(CommunityRef, bool)>> {
    c.query(
        "SELECT id, slug, name, is_public FROM communities ORDER BY name",
        &[],
        |r| Ok((community_ref(r)?, r.get("is_public")?)),
    )
}

/// A line of the home page list.
#[derive(Clone)]
pub struct Summary {
    pub community: CommunityRef,
    pub region: String,
    pub founded_on: Option<String>,
    pub organisations: i64,
    pub is_public: bool,
}

/// A page of the communities the visitor may see (the public ones, those in `member_of`, or
/// all of them), with the total.
pub fn visible_summaries(
    c: &mut Conn,
    member_of: &[CommunityId],
    all: bool,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<Summary>)> {
    let filter = if all {
        "TRUE".to_owned()
    } else if member_of.is_empty() {
        "c.is_public = TRUE".to_owned()
    } else {
        // Ids are integers from the session, never user text.
        let ids: Vec<String> = member_of.iter().map(|id| id.to_string()).collect();
        format!("(c.is_public = TRUE OR c.id IN ({}))", ids.join(", "))
    };
    c.page(
        &format!(
            "SELECT c.id, c.slug, c.name, c.region, c.founded_on, c.is_public,
                    (SELECT COUNT(*) FROM memberships m WHERE m.community_id = c.id) AS organisations,
                    COUNT(*) OVER () AS total
             FROM communities c WHERE {filter} ORDER BY c.name, c.id LIMIT $1 OFFSET $2"
        ),
        &format!("SELECT COUNT(*) FROM communities c WHERE {filter}"),
        Vec::new(),
        limit,
        offset,
        |r| {
            Ok(Summary {
                community: community_ref(r)?,
                region: r.get("region")?,
                founded_on: r.get("founded_on")?,
                is_public: r.get("is_public")?,
                organisations: r.get("organisations")?,
            })
        },
    )
}

pub fn links(c: &mut Conn, community_id: CommunityId) -> DbResult<Vec<Link>> {
    c.query(
        "SELECT o.id, o.slug, o.name, l.description, l.since
         FROM community_links l
         JOIN communities o ON o.id = CASE WHEN l.community_a = $1 THEN l.community_b ELSE l.community_a END
         WHERE l.community_a = $1 OR l.community_b = $1
         ORDER BY o.name",
        params![community_id],
        |r| {
            Ok(Link {
                other: community_ref(r)?,
                description: r.get("description")?,
                since: r.get("since")?,
            })
        },
    )
}

/// The fields a coordinator or admin edits.
pub struct CommunityFields {
    pub slug: String,
    pub name: String,
    pub region: String,
    pub founded_on: Option<String>,
    pub project: Option<String>,
    pub description: String,
    pub objectives: String,
    pub ways_of_working: String,
    pub accompanied_by_id: Option<OrganisationId>,
    pub is_public: bool,
    pub directory_public: bool,
}

/// Creates a community; `Ok(None)` when the slug is taken.
pub fn create(c: &mut Conn, f: &CommunityFields, now: i64) -> DbResult<Option<CommunityId>> {
    let taken: i64 = c.scalar(
        "SELECT COUNT(*) FROM communities WHERE slug = $1",
        params![&f.slug],
    )?;
    if taken > 0 {
        return Ok(None);
    }
    crate::db::unique(c.scalar(
        "INSERT INTO communities (slug, name, region, founded_on, project, description, objectives,
            ways_of_working, accompanied_by_id, is_public, directory_public, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        params![
            &f.slug,
            &f.name,
            &f.region,
            &f.founded_on,
            &f.project,
            &f.description,
            &f.objectives,
            &f.ways_of_working,
            f.accompanied_by_id,
            f.is_public,
            f.directory_public,
            now
        ],
    ))
}

/// Updates everything but the slug, which stays stable for links.
pub fn update(c: &mut Conn, id: CommunityId, f: &CommunityFields) -> DbResult<()> {
    c.execute(
        "UPDATE communities SET name = $1, region = $2, founded_on = $3, project = $4,
            description = $5, objectives = $6, ways_of_working = $7, accompanied_by_id = $8,
            is_public = $9, directory_public = $10
         WHERE id = $11",
        params![
            &f.name,
            &f.region,
            &f.founded_on,
            &f.project,
            &f.description,
            &f.objectives,
            &f.ways_of_working,
            f.accompanied_by_id,
            f.is_public,
            f.directory_public,
            id
        ],
    )?;
    // Who may find the community's records follows its public flags.
    crate::search::reindex_community(c, id)
}

/// Links two communities; `Ok(false)` when they already are.
pub fn link(
    c: &mut Conn,
    a: CommunityId,
    b: CommunityId,
    description: &str,
    since: Option<&str>,
) -> DbResult<bool> {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    let exists: i64 = c.scalar(
        "SELECT COUNT(*) FROM community_links WHERE community_a = $1 AND community_b = $2",
        params![a, b],
    )?;
    if exists > 0 {
        return Ok(false);
    }
    c.execute(
        "INSERT INTO community_links (community_a, community_b, description, since) VALUES ($1, $2, $3, $4)",
        params![a, b, description, since],
    )?;
    Ok(true)
}
