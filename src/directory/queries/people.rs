//! People: the filtered list of a community's people (on the listing copy kept in
//! `person_communities`), one person, the form, and what the search index knows of them.

use super::{set_themes, theme_names, themes_of};
use crate::db::{Backend, Conn, DbResult, Filter, Row, Value};
use crate::directory::{Person, PersonRole, Sex};
use crate::ids::{CommunityId, OrganisationId, PersonId, ThemeId};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};
use crate::text::fold;

pub fn count_people_in(c: &mut Conn, community_id: CommunityId) -> DbResult<i64> {
    c.scalar(
        "SELECT COUNT(*) FROM person_communities WHERE community_id = $1",
        params![community_id],
    )
}

#[derive(Default, Clone)]
pub struct PersonFilter {
    pub q: String,
    pub sex: Option<Sex>,
    pub role: Option<PersonRole>,
    pub organisation: Option<OrganisationId>,
    pub theme: Option<ThemeId>,
}

/// Filters on the listing copy in `person_communities` (see migration 0002).
fn person_filter(backend: Backend, community_id: CommunityId, f: &PersonFilter) -> Filter {
    let mut w = Filter::new("pc.community_id = ?", community_id);
    w.words(backend, "pc.search_key", &f.q);
    w.and_some("pc.sex = ?", f.sex);
    w.and_some("pc.role = ?", f.role);
    w.and_some("pc.organisation_id = ?", f.organisation);
    w.and_some(
        "EXISTS (SELECT 1 FROM person_themes pt WHERE pt.person_id = pc.person_id AND pt.theme_id = ?)",
        f.theme,
    );
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
    person_filter(c.backend(), community_id, f).page(
        c,
        "SELECT p.id, p.name, p.sex, p.organisation_id, COALESCE(o.acronym, o.name) AS organisation,
                p.function, p.email, p.phone, p.expertise, x.role, x.total
         FROM (SELECT pc.person_id, pc.name, pc.role, COUNT(*) OVER () AS total
               FROM person_communities pc WHERE {where}
               ORDER BY pc.name, pc.person_id {page}) x
         JOIN people p ON p.id = x.person_id
         LEFT JOIN organisations o ON o.id = p.organisation_id
         ORDER BY x.name, x.person_id",
        "person_communities pc",
        limit,
        offset,
        person,
    )
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
    pub sex: Sex,
    pub organisation_id: Option<OrganisationId>,
    pub function: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub expertise: Option<String>,
    pub role: PersonRole,
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

/// The parameters `$1` to `$9` of a person's columns (name to search key, then the time),
/// followed by `more`.
fn person_params(f: &PersonFields, now: i64, more: &[Value]) -> Vec<Value> {
    [
        params![
            &f.name,
            f.sex,
            f.organisation_id,
            &f.function,
            &f.email,
            &f.phone,
            &f.expertise,
            f.search_key(),
            now
        ],
        more,
    ]
    .concat()
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
        &person_params(f, now, &[]),
    )?;
    // Themes first: adding the person to the community indexes them, themes included.
    set_themes(c, "person_themes", "person_id", id, &f.themes)?;
    add_person_to(c, id, community_id, f.role)?;
    Ok(id)
}

/// Makes a person part of a community, with the listing copy of their fields.
pub fn add_person_to(
    c: &mut Conn,
    person_id: PersonId,
    community_id: CommunityId,
    role: PersonRole,
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
        &person_params(f, now, params![person_id, community_id]),
    )?;
    if changed == 0 {
        return Ok(false);
    }
    c.execute(
        "UPDATE person_communities SET role = $1 WHERE person_id = $2 AND community_id = $3",
        params![f.role, person_id, community_id],
    )?;
    // The listing copy follows the person in every community.
    c.execute(
        "UPDATE person_communities SET name = $1, sex = $2, organisation_id = $3, search_key = $4
         WHERE person_id = $5",
        params![&f.name, f.sex, f.organisation_id, f.search_key(), person_id],
    )?;
    set_themes(c, "person_themes", "person_id", person_id, &f.themes)?;
    reindex_person(c, person_id)?;
    Ok(true)
}

// ---- search ----

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
        kind: PERSON_KIND,
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

pub fn reindex_person(c: &mut Conn, id: PersonId) -> DbResult<()> {
    let doc = person_search_doc(c, id)?;
    search::index::sync(c, PERSON_KIND, id, doc)
}

pub fn all_person_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.column("SELECT id FROM people ORDER BY id", &[])
}

/// People in the search index.
pub const PERSON_KIND: Kind = Kind::new("person", "personnes");

/// The people (their audience does not follow a community's flags), for the search index.
pub const SEARCH_PEOPLE: search::Source = search::Source {
    kind: PERSON_KIND,
    all_ids: all_person_ids,
    in_community: None,
    reindex: |c, id| reindex_person(c, PersonId(id)),
};
