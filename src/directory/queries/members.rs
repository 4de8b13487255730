//! Memberships: which organisations belong to a community, in which role.

use super::{member_org, org_ref, reindex_org};
use crate::db::{Conn, DbResult};
use crate::directory::{Candidate, MemberOrg, MemberRole, OrgRef};
use crate::ids::{CommunityId, OrganisationId};
use crate::params;
use crate::text::like_pattern;

/// Lead organisations of a community.
pub fn leads(c: &mut Conn, community_id: CommunityId) -> DbResult<Vec<OrgRef>> {
    c.query(
        "SELECT o.id, o.name, o.acronym FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.community_id = $1 AND m.role = $2 ORDER BY o.name",
        params![community_id, MemberRole::Lead],
        org_ref,
    )
}

/// Role order in lists: lead first, then core group, members, partners (the order of
/// [`MemberRole`]).
pub(super) const ROLE_ORDER: &str =
    "CASE m.role WHEN 'lead' THEN 0 WHEN 'core' THEN 1 WHEN 'member' THEN 2 ELSE 3 END";

pub fn member_orgs(
    c: &mut Conn,
    community_id: CommunityId,
    limit: i64,
) -> DbResult<Vec<MemberOrg>> {
    c.query(
        &format!(
            "SELECT o.id, o.name, o.acronym, o.kind, o.commune, m.role
             FROM memberships m JOIN organisations o ON o.id = m.organisation_id
             WHERE m.community_id = $1 ORDER BY {ROLE_ORDER}, o.name LIMIT $2"
        ),
        params![community_id, limit],
        member_org,
    )
}

pub fn count_memberships(c: &mut Conn, community_id: CommunityId) -> DbResult<i64> {
    c.scalar(
        "SELECT COUNT(*) FROM memberships WHERE community_id = $1",
        params![community_id],
    )
}

/// Organisations that are members of a community, for selects.
pub fn org_refs_in(c: &mut Conn, community_id: CommunityId) -> DbResult<Vec<OrgRef>> {
    c.query(
        "SELECT o.id, o.name, o.acronym FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.community_id = $1 ORDER BY o.name",
        params![community_id],
        org_ref,
    )
}

/// Membership terms given with an organisation.
pub struct MembershipFields {
    pub role: MemberRole,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// Adds an existing organisation to a community; `Ok(false)` if it is already a member.
pub fn add_membership(
    c: &mut Conn,
    community_id: CommunityId,
    org_id: OrganisationId,
    m: &MembershipFields,
) -> DbResult<bool> {
    let exists: i64 = c.scalar(
        "SELECT COUNT(*) FROM memberships WHERE community_id = $1 AND organisation_id = $2",
        params![community_id, org_id],
    )?;
    if exists > 0 {
        return Ok(false);
    }
    let inserted = crate::db::unique(c.execute(
        "INSERT INTO memberships (community_id, organisation_id, role, since, until) VALUES ($1, $2, $3, $4, $5)",
        params![community_id, org_id, m.role, &m.since, &m.until],
    ))?;
    reindex_org(c, org_id)?;
    Ok(inserted.is_some())
}

/// Removes an organisation from a community (the organisation itself stays).
pub fn remove_membership(
    c: &mut Conn,
    community_id: CommunityId,
    org_id: OrganisationId,
) -> DbResult<bool> {
    let removed = c.execute(
        "DELETE FROM memberships WHERE community_id = $1 AND organisation_id = $2",
        params![community_id, org_id],
    )? > 0;
    reindex_org(c, org_id)?;
    Ok(removed)
}

/// Organisations not yet members of a community whose name matches `q`.
pub fn candidates(
    c: &mut Conn,
    community_id: CommunityId,
    q: &str,
    limit: i64,
) -> DbResult<Vec<Candidate>> {
    c.query(
        "SELECT o.id, o.name, o.acronym, o.kind, o.commune
         FROM organisations o
         WHERE o.search_key LIKE $1 ESCAPE '\\'
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id AND m.community_id = $2)
         ORDER BY o.name LIMIT $3",
        params![like_pattern(q), community_id, limit],
        |r| {
            Ok(Candidate {
                org: org_ref(r)?,
                kind: r.get("kind")?,
                commune: r.get("commune")?,
            })
        },
    )
}
