//! Directory queries. Every read and write that touches a community's records takes the
//! community id, so a record of another community is simply not found.

use super::{MemberOrg, OrgRef, Organisation, Person, Theme};
use crate::db::{Backend, Conn, DbResult, Row, Value};
use crate::ids::{CommunityId, OrganisationId, PersonId, ThemeId};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};
use crate::text::{fold, like_pattern};

fn org_ref(r: &Row) -> DbResult<OrgRef> {
    Ok(OrgRef {
        id: r.get("id")?,
        name: r.get("name")?,
        acronym: r.get("acronym")?,
    })
}

fn member_org(r: &Row) -> DbResult<MemberOrg> {
    Ok(MemberOrg {
        org: org_ref(r)?,
        kind: r.get("kind")?,
        commune: r.get("commune")?,
        role: r.get("role")?,
    })
}

/// Lead organisations of a community.
pub fn leads(c: &mut Conn, community_id: CommunityId) -> DbResult<Vec<OrgRef>> {
    c.query(
        "SELECT o.id, o.name, o.acronym FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.community_id = $1 AND m.role = 'lead' ORDER BY o.name",
        params![community_id],
        org_ref,
    )
}

/// Role order in lists: lead first, then core group, members, partners.
const ROLE_ORDER: &str =
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

pub fn count_people_in(c: &mut Conn, community_id: CommunityId) -> DbResult<i64> {
    c.scalar(
        "SELECT COUNT(*) FROM person_communities WHERE community_id = $1",
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

pub fn all_org_refs(c: &mut Conn, limit: i64) -> DbResult<Vec<OrgRef>> {
    c.query(
        "SELECT id, name, acronym FROM organisations ORDER BY name LIMIT $1",
        params![limit],
        org_ref,
    )
}

/// A WHERE clause under construction, with its numbered parameters.
struct Filter {
    backend: Backend,
    conds: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    fn new(backend: Backend, community_id: CommunityId, cond: &str) -> Self {
        Filter {
            backend,
            conds: vec![cond.to_owned()],
            params: vec![community_id.into()],
        }
    }

    /// Each word of `q` must appear in the folded `column`.
    fn words(&mut self, column: &str, q: &str) {
        for word in q.split_whitespace().take(8) {
            let cond = self.backend.contains(column, "?");
            self.and(&cond, fold(word).into());
        }
    }

    /// Adds a condition; `?` in it stands for the new parameter.
    fn and(&mut self, cond: &str, value: Value) {
        self.params.push(value);
        self.conds
            .push(cond.replace('?', &format!("${}", self.params.len())));
    }

    fn sql(&self) -> String {
        self.conds.join(" AND ")
    }

    fn next(&self) -> usize {
        self.params.len() + 1
    }
}

#[derive(Default, Clone)]
pub struct OrgFilter {
    pub q: String,
    pub kind: String,
    pub role: String,
    pub theme: Option<i64>,
}

fn org_filter(backend: Backend, community_id: CommunityId, f: &OrgFilter) -> Filter {
    let mut w = Filter::new(backend, community_id, "m.community_id = $1");
    w.words("o.search_key", &f.q);
    if !f.kind.is_empty() {
        w.and("o.kind = ?", f.kind.as_str().into());
    }
    if !f.role.is_empty() {
        w.and("m.role = ?", f.role.as_str().into());
    }
    if let Some(t) = f.theme {
        w.and(
            "EXISTS (SELECT 1 FROM organisation_themes ot WHERE ot.organisation_id = o.id AND ot.theme_id = ?)",
            t.into(),
        );
    }
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
    let w = org_filter(c.backend(), community_id, f);
    let n = w.next();
    let sql = format!(
        "SELECT o.id, o.name, o.acronym, o.kind, o.commune, m.role, COUNT(*) OVER () AS total
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE {} ORDER BY {ROLE_ORDER}, o.name, o.id LIMIT ${} OFFSET ${}",
        w.sql(),
        n,
        n + 1
    );
    let count_sql = format!(
        "SELECT COUNT(*) FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE {}",
        w.sql()
    );
    c.page(&sql, &count_sql, w.params, limit, offset, member_org)
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
    pub kind: String,
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

/// Membership terms given with an organisation.
pub struct MembershipFields {
    pub role: String,
    pub since: Option<String>,
    pub until: Option<String>,
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
        params![
            &f.name,
            f.name_key(),
            &f.acronym,
            &f.kind,
            &f.commune,
            &f.region,
            &f.email,
            &f.phone,
            &f.website,
            &f.description,
            f.search_key(),
            now
        ],
    ))?
    else {
        return Ok(None);
    };
    set_themes(c, "organisation_themes", "organisation_id", id, &f.themes)?;
    add_membership(c, community_id, id, m)?;
    reindex_org(c, id)?;
    Ok(Some(id))
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
        params![
            &f.name,
            f.name_key(),
            &f.acronym,
            &f.kind,
            &f.commune,
            &f.region,
            &f.email,
            &f.phone,
            &f.website,
            &f.description,
            f.search_key(),
            now,
            org_id,
            community_id
        ],
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
        params![&m.role, &m.since, &m.until, community_id, org_id],
    )?;
    reindex_org(c, org_id)?;
    Ok(true)
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
        params![community_id, org_id, &m.role, &m.since, &m.until],
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
) -> DbResult<Vec<MemberOrg>> {
    c.query(
        "SELECT o.id, o.name, o.acronym, o.kind, o.commune, '' AS role
         FROM organisations o
         WHERE o.search_key LIKE $1 ESCAPE '\\'
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id AND m.community_id = $2)
         ORDER BY o.name LIMIT $3",
        params![like_pattern(q), community_id, limit],
        member_org,
    )
}

pub fn org_exists(c: &mut Conn, org_id: OrganisationId) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM organisations WHERE id = $1",
        params![org_id],
    )?;
    Ok(n > 0)
}

// ---- themes ----

fn theme(r: &Row) -> DbResult<Theme> {
    Ok(Theme {
        id: r.get("id")?,
        slug: r.get("slug")?,
        name_fr: r.get("name_fr")?,
        name_en: r.get("name_en")?,
        name_bm: r.get("name_bm")?,
    })
}

/// Every theme, in French alphabetical order ("Égalité" among the E, not after "V").
pub fn all_themes(c: &mut Conn) -> DbResult<Vec<Theme>> {
    let mut themes = c.query(
        "SELECT id, slug, name_fr, name_en, name_bm FROM themes",
        &[],
        theme,
    )?;
    themes.sort_by_cached_key(|t| fold(&t.name_fr));
    Ok(themes)
}

/// Themes tagged on a record through a link table (`table`, keyed by `owner`). Names are
/// trusted identifiers from the code, never user input.
pub fn themes_of(
    c: &mut Conn,
    table: &str,
    owner: &str,
    id: impl Into<i64>,
) -> DbResult<Vec<Theme>> {
    let id: i64 = id.into();
    c.query(
        &format!(
            "SELECT t.id, t.slug, t.name_fr, t.name_en, t.name_bm FROM {table} x JOIN themes t ON t.id = x.theme_id
             WHERE x.{owner} = $1 ORDER BY t.name_fr"
        ),
        params![id],
        theme,
    )
}

/// Replaces the themes tagged on a record (same link-table convention as `themes_of`).
pub fn set_themes(
    c: &mut Conn,
    table: &str,
    owner: &str,
    id: impl Into<i64>,
    themes: &[ThemeId],
) -> DbResult<()> {
    let id: i64 = id.into();
    c.execute(
        &format!("DELETE FROM {table} WHERE {owner} = $1"),
        params![id],
    )?;
    for t in themes {
        c.execute(
            &format!("INSERT INTO {table} ({owner}, theme_id) VALUES ($1, $2)"),
            params![id, *t],
        )?;
    }
    Ok(())
}

pub struct ThemeFields {
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
    pub name_bm: Option<String>,
}

/// Creates a theme; `Ok(None)` when one of that name exists.
pub fn create_theme(c: &mut Conn, f: &ThemeFields) -> DbResult<Option<ThemeId>> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM themes WHERE slug = $1",
        params![&f.slug],
    )?;
    if n > 0 {
        return Ok(None);
    }
    crate::db::unique(c.scalar(
        "INSERT INTO themes (slug, name_fr, name_en, name_bm) VALUES ($1, $2, $3, $4) RETURNING id",
        params![&f.slug, &f.name_fr, &f.name_en, &f.name_bm],
    ))
}

pub fn update_theme(c: &mut Conn, id: ThemeId, f: &ThemeFields) -> DbResult<bool> {
    Ok(c.execute(
        "UPDATE themes SET name_fr = $1, name_en = $2, name_bm = $3 WHERE id = $4",
        params![&f.name_fr, &f.name_en, &f.name_bm, id],
    )? > 0)
}

// ---- people ----

#[derive(Default, Clone)]
pub struct PersonFilter {
    pub q: String,
    pub sex: String,
    pub role: String,
    pub organisation: Option<i64>,
    pub theme: Option<i64>,
}

/// Filters on the listing copy in `person_communities` (see migration 0002).
fn person_filter(backend: Backend, community_id: CommunityId, f: &PersonFilter) -> Filter {
    let mut w = Filter::new(backend, community_id, "pc.community_id = $1");
    w.words("pc.search_key", &f.q);
    if !f.sex.is_empty() {
        w.and("pc.sex = ?", f.sex.as_str().into());
    }
    if !f.role.is_empty() {
        w.and("pc.role = ?", f.role.as_str().into());
    }
    if let Some(o) = f.organisation {
        w.and("pc.organisation_id = ?", o.into());
    }
    if let Some(t) = f.theme {
        w.and(
            "EXISTS (SELECT 1 FROM person_themes pt WHERE pt.person_id = pc.person_id AND pt.theme_id = ?)",
            t.into(),
        );
    }
    w
}

const PERSON_COLUMNS: &str = "p.id, p.name, p.sex, p.organisation_id, COALESCE(o.acronym, o.name) AS organisation, \
    p.function, p.email, p.phone, p.expertise, pc.role";

fn person(r: &Row) -> DbResult<Person> {
    Ok(Person {
        id: r.get("id")?,
        name: r.get("name")?,
        sex: r.get("sex")?,
        organisation_id: r.get("organisation_id")?,
        organisation: r.get("organisation")?,
        function: r.get("function")?,
        email: r.get("email")?,
        phone: r.get("phone")?,
        expertise: r.get("expertise")?,
        role: r.get("role")?,
        themes: Vec::new(),
    })
}

/// One page of a community's people and the total that match. The filtering, counting and
/// ordering run on the listing index alone; only the page's rows are read from `people`.
pub fn page_people(
    c: &mut Conn,
    community_id: CommunityId,
    f: &PersonFilter,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<Person>)> {
    let w = person_filter(c.backend(), community_id, f);
    let n = w.next();
    let sql = format!(
        "SELECT p.id, p.name, p.sex, p.organisation_id, COALESCE(o.acronym, o.name) AS organisation,
                p.function, p.email, p.phone, p.expertise, x.role, x.total
         FROM (SELECT pc.person_id, pc.name, pc.role, COUNT(*) OVER () AS total
               FROM person_communities pc WHERE {}
               ORDER BY pc.name, pc.person_id LIMIT ${} OFFSET ${}) x
         JOIN people p ON p.id = x.person_id
         LEFT JOIN organisations o ON o.id = p.organisation_id
         ORDER BY x.name, x.person_id",
        w.sql(),
        n,
        n + 1
    );
    let count_sql = format!(
        "SELECT COUNT(*) FROM person_communities pc WHERE {}",
        w.sql()
    );
    c.page(&sql, &count_sql, w.params, limit, offset, person)
}

/// A person seen from a community; `None` if the person is not part of it.
pub fn person_in(
    c: &mut Conn,
    community_id: CommunityId,
    person_id: PersonId,
) -> DbResult<Option<Person>> {
    let p = c.query_opt(
        &format!(
            "SELECT {PERSON_COLUMNS}
             FROM person_communities pc JOIN people p ON p.id = pc.person_id
             LEFT JOIN organisations o ON o.id = p.organisation_id
             WHERE pc.community_id = $1 AND p.id = $2"
        ),
        params![community_id, person_id],
        person,
    )?;
    let Some(mut p) = p else { return Ok(None) };
    p.themes = themes_of(c, "person_themes", "person_id", p.id)?;
    Ok(Some(p))
}

/// People of one organisation within a community.
pub fn people_of_org(
    c: &mut Conn,
    community_id: CommunityId,
    org_id: OrganisationId,
) -> DbResult<Vec<Person>> {
    c.query(
        &format!(
            "SELECT {PERSON_COLUMNS}
             FROM person_communities pc JOIN people p ON p.id = pc.person_id
             LEFT JOIN organisations o ON o.id = p.organisation_id
             WHERE pc.community_id = $1 AND pc.organisation_id = $2 ORDER BY pc.name LIMIT 200"
        ),
        params![community_id, org_id],
        person,
    )
}

pub struct PersonFields {
    pub name: String,
    pub sex: String,
    pub organisation_id: Option<OrganisationId>,
    pub function: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub expertise: Option<String>,
    pub role: String,
    pub themes: Vec<ThemeId>,
}

impl PersonFields {
    fn search_key(&self) -> String {
        fold(&format!(
            "{} {} {}",
            self.name,
            self.function.as_deref().unwrap_or(""),
            self.expertise.as_deref().unwrap_or("")
        ))
    }
}

/// True if a person of that name (ignoring case and accents) is already recorded for the
/// same organisation in the community.
pub fn person_duplicate(
    c: &mut Conn,
    community_id: CommunityId,
    f: &PersonFields,
    except: Option<PersonId>,
) -> DbResult<bool> {
    let names: Vec<String> = c.query(
        "SELECT p.name FROM person_communities pc JOIN people p ON p.id = pc.person_id
         WHERE pc.community_id = $1 AND p.id <> $2 AND COALESCE(p.organisation_id, 0) = $3",
        params![
            community_id,
            except.map_or(0, i64::from),
            f.organisation_id.map_or(0, i64::from)
        ],
        |r| r.get("name"),
    )?;
    let wanted = fold(&f.name);
    Ok(names.iter().any(|n| fold(n) == wanted))
}

pub fn create_person(
    c: &mut Conn,
    community_id: CommunityId,
    f: &PersonFields,
    now: i64,
) -> DbResult<PersonId> {
    let id: PersonId = c.scalar(
        "INSERT INTO people (name, sex, organisation_id, function, email, phone, expertise, search_key, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        params![
            &f.name,
            &f.sex,
            f.organisation_id,
            &f.function,
            &f.email,
            &f.phone,
            &f.expertise,
            f.search_key(),
            now
        ],
    )?;
    add_person_to(c, id, community_id, &f.role)?;
    set_themes(c, "person_themes", "person_id", id, &f.themes)?;
    reindex_person(c, id)?;
    Ok(id)
}

/// Makes a person part of a community, with the listing copy of their fields.
pub fn add_person_to(
    c: &mut Conn,
    person_id: PersonId,
    community_id: CommunityId,
    role: &str,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO person_communities (person_id, community_id, role, name, sex, organisation_id, search_key)
         SELECT id, $2, $3, name, sex, organisation_id, search_key FROM people WHERE id = $1",
        params![person_id, community_id, role],
    )?;
    reindex_person(c, person_id)
}

pub fn update_person(
    c: &mut Conn,
    community_id: CommunityId,
    person_id: PersonId,
    f: &PersonFields,
    now: i64,
) -> DbResult<bool> {
    let changed = c.execute(
        "UPDATE people SET name = $1, sex = $2, organisation_id = $3, function = $4, email = $5,
            phone = $6, expertise = $7, search_key = $8, updated_at = $9
         WHERE id = $10 AND EXISTS (SELECT 1 FROM person_communities WHERE person_id = $10 AND community_id = $11)",
        params![
            &f.name,
            &f.sex,
            f.organisation_id,
            &f.function,
            &f.email,
            &f.phone,
            &f.expertise,
            f.search_key(),
            now,
            person_id,
            community_id
        ],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    c.execute(
        "UPDATE person_communities SET role = $1 WHERE person_id = $2 AND community_id = $3",
        params![&f.role, person_id, community_id],
    )?;
    // The listing copy follows the person in every community.
    c.execute(
        "UPDATE person_communities SET name = $1, sex = $2, organisation_id = $3, search_key = $4
         WHERE person_id = $5",
        params![
            &f.name,
            &f.sex,
            f.organisation_id,
            f.search_key(),
            person_id
        ],
    )?;
    set_themes(c, "person_themes", "person_id", person_id, &f.themes)?;
    reindex_person(c, person_id)?;
    Ok(true)
}

// ---- search ----

fn theme_names(themes: &[Theme]) -> String {
    themes
        .iter()
        .map(|t| format!("{} {}", t.name_fr, t.name_en))
        .collect::<Vec<_>>()
        .join(" ")
}

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
                    r.get::<String>("kind")?
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
        kind: Kind::Organisation,
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

/// The person as the search index sees it: name, function, organisation and expertise, for
/// the members of their communities only (never their phone or e-mail).
pub fn person_search_doc(c: &mut Conn, id: PersonId) -> DbResult<Option<Doc>> {
    let found = c.query_opt(
        "SELECT p.name, COALESCE(p.function, '') AS acronym, COALESCE(p.expertise, '') AS description, COALESCE(o.name, '') AS commune, \
         p.updated_at FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id \
         WHERE p.id = $1",
        params![id],
        |r| {
            Ok((
                r.get::<String>("name")?,
                r.get::<String>("acronym")?,
                r.get::<String>("description")?,
                r.get::<String>("commune")?,
                r.get::<i64>("updated_at")?,
            ))
        },
    )?;
    let Some((name, function, expertise, org, updated_at)) = found else {
        return Ok(None);
    };
    let communities: Vec<CommunityId> = c.query(
        "SELECT community_id FROM person_communities WHERE person_id = $1 ORDER BY community_id",
        params![id],
        |r| r.get("community_id"),
    )?;
    let Some(&first) = communities.first() else {
        return Ok(None);
    };
    let themes = themes_of(c, "person_themes", "person_id", id)?;
    let body = [function, org, expertise]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    Ok(Some(Doc {
        kind: Kind::Person,
        id: id.get(),
        community_id: first,
        title: name,
        body,
        more: theme_names(&themes),
        audience: Audience::Communities(communities.clone()),
        communities,
        themes: themes.iter().map(|t| t.id).collect(),
        updated_at,
    }))
}

pub fn reindex_org(c: &mut Conn, id: OrganisationId) -> DbResult<()> {
    let doc = org_search_doc(c, id)?;
    search::index::sync(c, Kind::Organisation, id, doc)
}

pub fn reindex_person(c: &mut Conn, id: PersonId) -> DbResult<()> {
    let doc = person_search_doc(c, id)?;
    search::index::sync(c, Kind::Person, id, doc)
}

pub fn all_org_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.query("SELECT id FROM organisations ORDER BY id", &[], |r| {
        r.get("id")
    })
}

pub fn all_person_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.query("SELECT id FROM people ORDER BY id", &[], |r| r.get("id"))
}

/// The organisations, for the search index.
pub const SEARCH_ORGANISATIONS: search::Source = search::Source {
    kind: Kind::Organisation,
    all_ids: all_org_ids,
    in_community: Some(|c, community_id| {
        c.query(
            "SELECT organisation_id FROM memberships WHERE community_id = $1",
            params![community_id],
            |r| r.get("organisation_id"),
        )
    }),
    reindex: |c, id| reindex_org(c, OrganisationId(id)),
};

/// The people (their audience does not follow a community's flags), for the search index.
pub const SEARCH_PEOPLE: search::Source = search::Source {
    kind: Kind::Person,
    all_ids: all_person_ids,
    in_community: None,
    reindex: |c, id| reindex_person(c, PersonId(id)),
};
