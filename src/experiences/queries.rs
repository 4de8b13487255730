//! Experience write-up queries, scoped by community, kept in the search index.

use super::{Experience, ExperienceRow};
use crate::community::{Access, Visibility};
use crate::db::{Conn, DbResult, Filter, Row, Value};
use crate::directory::queries as dir;
use crate::ids::{ActivityId, CommunityId, ExperienceId, OrganisationId, ThemeId, UserId};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};

#[derive(Clone, Default)]
pub struct ListFilter {
    pub theme: Option<i64>,
    pub organisation: Option<i64>,
    pub activity: Option<i64>,
    pub access: Option<Access>,
}

fn row(r: &Row) -> DbResult<ExperienceRow> {
    Ok(ExperienceRow {
        id: r.get("id")?,
        title: r.get("title")?,
        organisation: r.get("organisation")?,
        visibility: r.get("visibility")?,
        created_at: r.get("created_at")?,
    })
}

pub fn list(
    c: &mut Conn,
    community_id: CommunityId,
    f: &ListFilter,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<ExperienceRow>)> {
    let access = f.access.unwrap_or(Access::Public);
    let mut w = Filter::new("e.community_id = ?", community_id);
    w.also(access.condition("e.visibility"));
    w.and_some("e.organisation_id = ?", f.organisation);
    w.and_some("e.activity_id = ?", f.activity);
    w.and_some(
        "EXISTS (SELECT 1 FROM experience_themes x WHERE x.experience_id = e.id AND x.theme_id = ?)",
        f.theme,
    );
    w.page(
        c,
        "SELECT e.id, e.title, COALESCE(o.acronym, o.name) AS organisation, e.visibility, e.created_at, \
         COUNT(*) OVER () AS total FROM experiences e JOIN organisations o ON o.id = e.organisation_id \
         WHERE {where} ORDER BY e.created_at DESC, e.id DESC {page}",
        "experiences e",
        limit,
        offset,
        row,
    )
}

pub fn get(
    c: &mut Conn,
    community_id: CommunityId,
    id: ExperienceId,
) -> DbResult<Option<Experience>> {
    let found = c.query_opt(
        "SELECT e.id, e.community_id, e.organisation_id, o.name, e.activity_id, a.title, e.title AS experience_title, \
         e.context, e.actions, e.results, e.lessons, e.contacts, e.visibility, e.created_by, \
         u.name AS author, e.created_at AS created_at \
         FROM experiences e JOIN organisations o ON o.id = e.organisation_id \
         LEFT JOIN activities a ON a.id = e.activity_id \
         LEFT JOIN users u ON u.id = e.created_by \
         WHERE e.id = $1 AND e.community_id = $2",
        params![id, community_id],
        |r| {
            Ok(Experience {
                id: r.get("id")?,
                community_id: r.get("community_id")?,
                organisation_id: r.get("organisation_id")?,
                organisation: r.get("name")?,
                activity_id: r.get("activity_id")?,
                activity: r.get("title")?,
                title: r.get("experience_title")?,
                context: r.get("context")?,
                actions: r.get("actions")?,
                results: r.get("results")?,
                lessons: r.get("lessons")?,
                contacts: r.get("contacts")?,
                visibility: r.get("visibility")?,
                created_by: r.get("created_by")?,
                author: r.get("author")?,
                created_at: r.get("created_at")?,
                themes: Vec::new(),
            })
        },
    )?;
    let Some(mut e) = found else {
        return Ok(None);
    };
    e.themes = dir::themes_of(c, "experience_themes", "experience_id", id)?;
    Ok(Some(e))
}

#[derive(Clone, Debug)]
pub struct ExperienceFields {
    pub organisation_id: OrganisationId,
    pub activity_id: Option<ActivityId>,
    pub title: String,
    pub context: String,
    pub actions: String,
    pub results: String,
    pub lessons: String,
    pub contacts: String,
    pub visibility: Visibility,
    pub themes: Vec<ThemeId>,
}

impl ExperienceFields {
    /// `first` (`$1`), the write-up's columns from the organisation to the visibility (`$2`
    /// to `$10`), then `rest`.
    fn params(&self, first: impl Into<Value>, rest: &[Value]) -> Vec<Value> {
        let first: Value = first.into();
        [
            &[first][..],
            params![
                self.organisation_id,
                self.activity_id,
                self.title.as_str(),
                self.context.as_str(),
                self.actions.as_str(),
                self.results.as_str(),
                self.lessons.as_str(),
                self.contacts.as_str(),
                self.visibility
            ],
            rest,
        ]
        .concat()
    }
}

pub fn create(
    c: &mut Conn,
    community_id: CommunityId,
    f: &ExperienceFields,
    user_id: UserId,
    now: i64,
) -> DbResult<ExperienceId> {
    let id: ExperienceId = c.scalar(
        "INSERT INTO experiences (community_id, organisation_id, activity_id, title, context, \
         actions, results, lessons, contacts, visibility, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        &f.params(community_id, params![user_id, now]),
    )?;
    dir::set_themes(c, "experience_themes", "experience_id", id, &f.themes)?;
    reindex(c, id)?;
    Ok(id)
}

pub fn update(c: &mut Conn, id: ExperienceId, f: &ExperienceFields, now: i64) -> DbResult<()> {
    c.execute(
        "UPDATE experiences SET organisation_id = $2, activity_id = $3, title = $4, context = $5, \
         actions = $6, results = $7, lessons = $8, contacts = $9, visibility = $10, \
         updated_at = $11 WHERE id = $1",
        &f.params(id, params![now]),
    )?;
    dir::set_themes(c, "experience_themes", "experience_id", id, &f.themes)?;
    reindex(c, id)
}

/// Activities of the community a write-up can point to, newest first.
pub fn activity_choices(
    c: &mut Conn,
    community_id: CommunityId,
) -> DbResult<Vec<(ActivityId, String)>> {
    c.query(
        "SELECT id, title FROM activities WHERE community_id = $1 \
         ORDER BY starts_at DESC LIMIT 200",
        params![community_id],
        |r| Ok((r.get("id")?, r.get("title")?)),
    )
}

pub fn search_doc(c: &mut Conn, id: ExperienceId) -> DbResult<Option<Doc>> {
    let found = c.query_opt(
        "SELECT e.community_id, e.title, e.context, e.actions, e.results, e.lessons, \
         e.visibility, cm.is_public, e.updated_at, o.name, COALESCE(o.acronym, '') AS acronym \
         FROM experiences e JOIN communities cm ON cm.id = e.community_id \
         JOIN organisations o ON o.id = e.organisation_id WHERE e.id = $1",
        params![id],
        |r| {
            let cid: CommunityId = r.get("community_id")?;
            let parts: Vec<String> = vec![
                r.get("context")?,
                r.get("actions")?,
                r.get("results")?,
                r.get("lessons")?,
            ];
            let visibility: Visibility = r.get("visibility")?;
            let public: bool = r.get("is_public")?;
            let org: String = r.get("name")?;
            let acronym: String = r.get("acronym")?;
            Ok(Doc {
                kind: KIND,
                id: id.get(),
                community_id: cid,
                title: r.get("title")?,
                body: crate::text::plain_text(&parts.join("\n\n")),
                more: format!("{org} {acronym}"),
                audience: Audience::of(visibility, cid, public),
                communities: vec![cid],
                themes: Vec::new(),
                updated_at: r.get("updated_at")?,
            })
        },
    )?;
    let Some(mut doc) = found else {
        return Ok(None);
    };
    doc.themes = dir::themes_of(c, "experience_themes", "experience_id", id)?
        .iter()
        .map(|t| t.id)
        .collect();
    Ok(Some(doc))
}

pub fn reindex(c: &mut Conn, id: ExperienceId) -> DbResult<()> {
    let doc = search_doc(c, id)?;
    search::index::sync(c, KIND, id, doc)
}

pub fn all_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.column("SELECT id FROM experiences ORDER BY id", &[])
}

/// Experience write-ups in the search index.
pub const KIND: Kind = Kind::new("experience", "experiences");

/// The write-ups, for the search index.
pub const SEARCH: search::Source = search::Source {
    kind: KIND,
    all_ids,
    in_community: Some(|c, community_id| {
        c.column(
            "SELECT id FROM experiences WHERE community_id = $1",
            params![community_id],
        )
    }),
    reindex: |c, id| reindex(c, ExperienceId(id)),
};
