//! Organisations: the filtered list of a community's members, one organisation, its form,
//! and what the search index knows of it.

use super::MembershipFields;
use super::members::ROLE_ORDER;
use super::{add_membership, member_org, org_ref, set_themes, theme_names, themes_of};
use crate::db::{Backend, Conn, DbResult, Filter, Value};
use crate::directory::{MemberOrg, MemberRole, OrgKind, OrgRef, Organisation};
use crate::ids::{CommunityId, OrganisationId, ThemeId};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};
use crate::text::fold;

pub fn all_org_refs(c: &mut Conn, limit: i64) -> DbResult<Vec<OrgRef>> {
    c.query(
        "SELECT id, name, acronym FROM organisations ORDER BY name LIMIT $1",
        params![limit],
        org_ref,
    )
}

#[derive(Default, Clone)]
pub struct OrgFilter {
    pub q: String,
    pub kind: Option<OrgKind>,
    pub role: Option<MemberRole>,
    pub theme: Option<ThemeId>,
}

fn org_filter(backend: Backend, community_id: CommunityId, f: &OrgFilter) -> Filter {
    let mut w = Filter::new("m.community_id = ?", community_id);
    w.words(backend, "o.search_key", &f.q);
    w.and_some("o.kind = ?", f.kind);
    w.and_some("m.role = ?", f.role);
    w.and_some(
        "EXISTS (SELECT 1 FROM organisation_themes ot WHERE ot.organisation_id = o.id AND ot.theme_id = ?)",
        f.theme,
    );
    w
}

/// One page of a community's organisations and the total that match, in one query.
pub fn page_orgs(
    c: &mut Conn,
    community_id: CommunityId,
    f: &OrgFilter,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<MemberOrg>)> {
    let select = format!(
        "SELECT o.id, o.name, o.acronym, o.kind, o.commune, m.role, COUNT(*) OVER () AS total
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE {{where}} ORDER BY {ROLE_ORDER}, o.name, o.id {{page}}"
    );
    org_filter(c.backend(), community_id, f).page(
        c,
        &select,
        "memberships m JOIN organisations o ON o.id = m.organisation_id",
        limit,
        offset,
        member_org,
    )
}

/// An organisation seen from one of its communities; `None` if it is not a member there.
pub fn org_in(
    c: &mut Conn,
    community_id: CommunityId,
    org_id: OrganisationId,
) -> DbResult<Option<Organisation>> {
    let org = c.query_opt(
        "SELECT o.id, o.name, o.acronym, o.kind, o.commune, o.region, o.email, o.phone, o.website,
                o.description, m.id AS membership_id, m.role, m.since, m.until
         FROM organisations o JOIN memberships m ON m.organisation_id = o.id AND m.community_id = $1
         WHERE o.id = $2",
        params![community_id, org_id],
        |r| {
            Ok(Organisation {
                id: r.get("id")?,
                name: r.get("name")?,
                acronym: r.get("acronym")?,
                kind: r.get("kind")?,
                commune: r.get("commune")?,
                region: r.get("region")?,
                email: r.get("email")?,
                phone: r.get("phone")?,
                website: r.get("website")?,
                description: r.get("description")?,
                themes: Vec::new(),
                membership_id: r.get("membership_id")?,
                role: r.get("role")?,
                since: r.get("since")?,
                until: r.get("until")?,
            })
        },
    )?;
    let Some(mut org) = org else { return Ok(None) };
    org.themes = themes_of(c, "organisation_themes", "organisation_id", org.id)?;
    Ok(Some(org))
}

/// What a form gives for an organisation.
pub struct OrgFields {
    pub name: String,
    pub acronym: Option<String>,
    pub kind: OrgKind,
    pub commune: Option<String>,
    pub region: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    pub themes: Vec<ThemeId>,
}

impl OrgFields {
    fn name_key(&self) -> String {
        fold(&self.name)
    }

    fn search_key(&self) -> String {
        fold(&format!(
            "{} {} {}",
            self.name,
            self.acronym.as_deref().unwrap_or(""),
            self.commune.as_deref().unwrap_or("")
        ))
    }
}

/// Another organisation (than `except`, when editing one) has this name.
fn org_name_taken(c: &mut Conn, key: &str, except: Option<OrganisationId>) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM organisations WHERE name_key = $1 AND id <> $2",
        params![key, except.map_or(0, i64::from)],
    )?;
    Ok(n > 0)
}

/// Creates an organisation as a member of the community; `Ok(None)` if the name exists.
pub fn create_org(
    c: &mut Conn,
    community_id: CommunityId,
    f: &OrgFields,
    m: &MembershipFields,
    now: i64,
) -> DbResult<Option<OrganisationId>> {
    if org_name_taken(c, &f.name_key(), None)? {
        return Ok(None);
    }
    let Some(id) = crate::db::unique(c.scalar::<OrganisationId>(
        "INSERT INTO organisations (name, name_key, acronym, kind, commune, region, email, phone,
            website, description, search_key, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        &org_params(f, now, &[]),
    ))?
    else {
        return Ok(None);
    };
    set_themes(c, "organisation_themes", "organisation_id", id, &f.themes)?;
    add_membership(c, community_id, id, m)?;
    reindex_org(c, id)?;
    Ok(Some(id))
}

/// The parameters `$1` to `$12` of an organisation's columns (name to search key, then the
/// time), followed by `more`.
fn org_params(f: &OrgFields, now: i64, more: &[Value]) -> Vec<Value> {
    [
        params![
            &f.name,
            f.name_key(),
            &f.acronym,
            f.kind,
            &f.commune,
            &f.region,
            &f.email,
            &f.phone,
            &f.website,
            &f.description,
            f.search_key(),
            now
        ],
        more,
    ]
    .concat()
}

/// Updates an organisation and its membership in this community; `Ok(false)` if the new
/// name belongs to another organisation.
pub fn update_org(
    c: &mut Conn,
    community_id: CommunityId,
    org_id: OrganisationId,
    f: &OrgFields,
    m: &MembershipFields,
    now: i64,
) -> DbResult<bool> {
    if org_name_taken(c, &f.name_key(), Some(org_id))? {
        return Ok(false);
    }
    let updated = crate::db::unique(c.execute(
        "UPDATE organisations SET name = $1, name_key = $2, acronym = $3, kind = $4, commune = $5,
            region = $6, email = $7, phone = $8, website = $9, description = $10, search_key = $11,
            updated_at = $12
         WHERE id = $13 AND EXISTS (SELECT 1 FROM memberships WHERE organisation_id = $13 AND community_id = $14)",
        &org_params(f, now, params![org_id, community_id]),
    ))?;
    if updated.is_none() {
        return Ok(false);
    }
    set_themes(
        c,
        "organisation_themes",
        "organisation_id",
        org_id,
        &f.themes,
    )?;
    c.execute(
        "UPDATE memberships SET role = $1, since = $2, until = $3 WHERE community_id = $4 AND organisation_id = $5",
        params![m.role, &m.since, &m.until, community_id, org_id],
    )?;
    reindex_org(c, org_id)?;
    Ok(true)
}

pub fn org_exists(c: &mut Conn, org_id: OrganisationId) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM organisations WHERE id = $1",
        params![org_id],
    )?;
    Ok(n > 0)
}

// ---- search ----

/// The organisation as the search index sees it: what it does and the themes it works on.
/// Found by the public when one of its communities shows its directory publicly, else by the
/// members of its communities.
pub fn org_search_doc(c: &mut Conn, id: OrganisationId) -> DbResult<Option<Doc>> {
    let found = c.query_opt(
        "SELECT name, COALESCE(acronym, '') AS acronym, COALESCE(description, '') AS description, COALESCE(commune, '') AS commune, \
         COALESCE(region, '') AS region, kind, updated_at FROM organisations WHERE id = $1",
        params![id],
        |r| {
            Ok((
                r.get::<String>("name")?,
                r.get::<String>("acronym")?,
                r.get::<String>("description")?,
                format!(
                    "{} {} {}",
                    r.get::<String>("commune")?,
                    r.get::<String>("region")?,
                    r.get::<OrgKind>("kind")?
                ),
                r.get::<i64>("updated_at")?,
            ))
        },
    )?;
    let Some((name, acronym, description, place, updated_at)) = found else {
        return Ok(None);
    };
    let homes: Vec<(CommunityId, bool)> = c.query(
        "SELECT cm.id, cm.is_public AND cm.directory_public AS acronym FROM memberships m \
         JOIN communities cm ON cm.id = m.community_id WHERE m.organisation_id = $1 ORDER BY cm.id",
        params![id],
        |r| Ok((r.get("id")?, r.get("acronym")?)),
    )?;
    let Some(&(first, _)) = homes.first() else {
        return Ok(None);
    };
    let communities: Vec<CommunityId> = homes.iter().map(|(c, _)| *c).collect();
    let themes = themes_of(c, "organisation_themes", "organisation_id", id)?;
    Ok(Some(Doc {
        kind: ORGANISATION_KIND,
        id: id.get(),
        community_id: first,
        title: if acronym.is_empty() {
            name
        } else {
            format!("{name} ({acronym})")
        },
        body: description,
        more: format!("{place} {}", theme_names(&themes)),
        audience: if homes.iter().any(|(_, public)| *public) {
            Audience::Public
        } else {
            Audience::Communities(communities.clone())
        },
        communities,
        themes: themes.iter().map(|t| t.id).collect(),
        updated_at,
    }))
}

pub fn reindex_org(c: &mut Conn, id: OrganisationId) -> DbResult<()> {
    let doc = org_search_doc(c, id)?;
    search::index::sync(c, ORGANISATION_KIND, id, doc)
}

pub fn all_org_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.column("SELECT id FROM organisations ORDER BY id", &[])
}

/// Organisations in the search index.
pub const ORGANISATION_KIND: Kind = Kind::new("organisation", "organisations");

/// The organisations, for the search index.
pub const SEARCH_ORGANISATIONS: search::Source = search::Source {
    kind: ORGANISATION_KIND,
    all_ids: all_org_ids,
    in_community: Some(|c, community_id| {
        c.column(
            "SELECT organisation_id FROM memberships WHERE community_id = $1",
            params![community_id],
        )
    }),
    reindex: |c, id| reindex_org(c, OrganisationId(id)),
};
