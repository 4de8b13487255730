//! Library queries. Every read and write takes the community the user acts in; writes keep
//! the search index in step in the same transaction.

use super::upload::FileKind;
use super::{Language, Resource, ResourceKind, ResourceRow};
use crate::community::{Access, Visibility};
use crate::db::{Conn, DbResult, Filter, Row, Value};
use crate::directory::queries as dir;
use crate::ids::{CommunityId, OrganisationId, ResourceId, ThemeId, UserId};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};

#[derive(Clone, Default)]
pub struct ListFilter {
    pub theme: Option<i64>,
    pub kind: Option<ResourceKind>,
    pub access: Option<Access>,
}

fn row(r: &Row) -> DbResult<ResourceRow> {
    Ok(ResourceRow {
        id: r.get("id")?,
        kind: r.get("kind")?,
        title: r.get("title")?,
        language: r.get("language")?,
        visibility: r.get("visibility")?,
        file_kind: r.get("file_kind")?,
        has_link: r.get::<Option<String>>("link")?.is_some(),
        organisation: r.get("organisation")?,
        created_at: r.get("created_at")?,
    })
}

/// One page of a community's library, newest first, and the total.
pub fn list(
    c: &mut Conn,
    community_id: CommunityId,
    f: &ListFilter,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<ResourceRow>)> {
    let access = f.access.unwrap_or(Access::Public);
    let mut w = Filter::new("r.community_id = ?", community_id);
    w.also(access.condition("r.visibility"));
    w.and_some("r.kind = ?", f.kind);
    w.and_some(
        "EXISTS (SELECT 1 FROM resource_themes x WHERE x.resource_id = r.id AND x.theme_id = ?)",
        f.theme,
    );
    w.page(
        c,
        "SELECT r.id, r.kind, r.title, r.language, r.visibility, r.file_kind, r.link, \
         COALESCE(o.acronym, o.name) AS organisation, r.created_at, COUNT(*) OVER () AS total \
         FROM resources r LEFT JOIN organisations o ON o.id = r.organisation_id \
         WHERE {where} ORDER BY r.created_at DESC, r.id DESC {page}",
        "resources r",
        limit,
        offset,
        row,
    )
}

/// The newest resources a visitor may see in a community (for its home page).
pub fn newest(
    c: &mut Conn,
    community_id: CommunityId,
    access: Access,
    n: i64,
) -> DbResult<Vec<ResourceRow>> {
    let f = ListFilter {
        access: Some(access),
        ..Default::default()
    };
    Ok(list(c, community_id, &f, 0, n)?.1)
}

/// A resource of this community.
pub fn get(c: &mut Conn, community_id: CommunityId, id: ResourceId) -> DbResult<Option<Resource>> {
    let found = c.query_opt(
        "SELECT r.id, r.community_id, r.kind, r.title, r.body, r.link, r.language, r.visibility, \
         r.organisation_id, o.name, r.file_name, r.file_kind, r.file_size, r.created_by, u.name AS author, \
         r.created_at, r.updated_at AS updated_at \
         FROM resources r LEFT JOIN organisations o ON o.id = r.organisation_id \
         LEFT JOIN users u ON u.id = r.created_by \
         WHERE r.id = $1 AND r.community_id = $2",
        params![id, community_id],
        |r| {
            Ok(Resource {
                id: r.get("id")?,
                community_id: r.get("community_id")?,
                kind: r.get("kind")?,
                title: r.get("title")?,
                body: r.get("body")?,
                link: r.get("link")?,
                language: r.get("language")?,
                visibility: r.get("visibility")?,
                organisation_id: r.get("organisation_id")?,
                organisation: r.get("name")?,
                file_name: r.get("file_name")?,
                file_kind: r.get("file_kind")?,
                file_size: r.get("file_size")?,
                created_by: r.get("created_by")?,
                author: r.get("author")?,
                created_at: r.get("created_at")?,
                updated_at: r.get("updated_at")?,
                themes: Vec::new(),
            })
        },
    )?;
    let Some(mut res) = found else {
        return Ok(None);
    };
    res.themes = dir::themes_of(c, "resource_themes", "resource_id", id)?;
    Ok(Some(res))
}

/// What a form sets on a resource.
#[derive(Clone, Debug)]
pub struct ResourceFields {
    pub kind: ResourceKind,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub language: Language,
    pub visibility: Visibility,
    pub organisation_id: Option<OrganisationId>,
    pub themes: Vec<ThemeId>,
}

impl ResourceFields {
    /// `first` (`$1`), the resource's columns from the kind to the organisation (`$2` to
    /// `$8`), then `rest`.
    fn params(&self, first: impl Into<Value>, rest: &[Value]) -> Vec<Value> {
        let first: Value = first.into();
        [
            &[first][..],
            params![
                self.kind,
                self.title.as_str(),
                self.body.as_str(),
                self.link.clone(),
                self.language,
                self.visibility,
                self.organisation_id
            ],
            rest,
        ]
        .concat()
    }
}

/// A checked upload and the text read out of it.
#[derive(Clone, Debug)]
pub struct StoredFile {
    pub name: String,
    pub kind: FileKind,
    pub data: Vec<u8>,
    pub text: String,
}

/// What an edit does to the file.
#[derive(Clone, Debug)]
pub enum FileChange {
    Keep,
    Remove,
    Replace(StoredFile),
}

pub fn create(
    c: &mut Conn,
    community_id: CommunityId,
    f: &ResourceFields,
    file: Option<StoredFile>,
    user_id: UserId,
    now: i64,
) -> DbResult<ResourceId> {
    let id: ResourceId = c.scalar(
        "INSERT INTO resources (community_id, kind, title, body, link, language, visibility, \
         organisation_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        &f.params(community_id, params![user_id, now]),
    )?;
    dir::set_themes(c, "resource_themes", "resource_id", id, &f.themes)?;
    if let Some(file) = file {
        store_file(c, id, file)?;
    }
    reindex(c, id)?;
    Ok(id)
}

fn store_file(c: &mut Conn, id: ResourceId, file: StoredFile) -> DbResult<()> {
    c.execute(
        "DELETE FROM resource_files WHERE resource_id = $1",
        params![id],
    )?;
    c.execute(
        "UPDATE resources SET file_name = $2, file_kind = $3, file_size = $4 WHERE id = $1",
        params![id, file.name.as_str(), file.kind, file.data.len() as i64],
    )?;
    c.execute(
        "INSERT INTO resource_files (resource_id, data, text) VALUES ($1, $2, $3)",
        params![id, file.data, file.text],
    )?;
    Ok(())
}

pub fn update(
    c: &mut Conn,
    id: ResourceId,
    f: &ResourceFields,
    file: FileChange,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "UPDATE resources SET kind = $2, title = $3, body = $4, link = $5, language = $6, \
         visibility = $7, organisation_id = $8, updated_at = $9 WHERE id = $1",
        &f.params(id, params![now]),
    )?;
    dir::set_themes(c, "resource_themes", "resource_id", id, &f.themes)?;
    match file {
        FileChange::Keep => {}
        FileChange::Remove => {
            c.execute(
                "DELETE FROM resource_files WHERE resource_id = $1",
                params![id],
            )?;
            c.execute(
                "UPDATE resources SET file_name = NULL, file_kind = NULL, file_size = NULL \
                 WHERE id = $1",
                params![id],
            )?;
        }
        FileChange::Replace(file) => store_file(c, id, file)?,
    }
    reindex(c, id)
}

pub fn delete(c: &mut Conn, id: ResourceId) -> DbResult<()> {
    search::index::remove(c, KIND, id)?;
    c.execute("DELETE FROM resources WHERE id = $1", params![id])?;
    Ok(())
}

/// A resource's file: name, kind and bytes.
pub fn file(c: &mut Conn, id: ResourceId) -> DbResult<Option<(String, FileKind, Vec<u8>)>> {
    c.query_opt(
        "SELECT r.file_name, r.file_kind, f.data FROM resources r \
         JOIN resource_files f ON f.resource_id = r.id WHERE r.id = $1",
        params![id],
        |r| Ok((r.get("file_name")?, r.get("file_kind")?, r.get("data")?)),
    )
}

/// The resource as the search index sees it.
pub fn search_doc(c: &mut Conn, id: ResourceId) -> DbResult<Option<Doc>> {
    let found = c.query_opt(
        "SELECT r.community_id, r.title, r.body, r.visibility, cm.is_public, r.updated_at, \
         COALESCE(f.text, '') AS file_text, COALESCE(o.name, '') AS organisation, COALESCE(r.file_name, '') AS file_name \
         FROM resources r JOIN communities cm ON cm.id = r.community_id \
         LEFT JOIN resource_files f ON f.resource_id = r.id \
         LEFT JOIN organisations o ON o.id = r.organisation_id WHERE r.id = $1",
        params![id],
        |r| {
            Ok((
                r.get::<CommunityId>("community_id")?,
                r.get::<String>("title")?,
                r.get::<String>("body")?,
                r.get::<Visibility>("visibility")?,
                r.get::<bool>("is_public")?,
                r.get::<i64>("updated_at")?,
                r.get::<String>("file_text")?,
                r.get::<String>("organisation")?,
                r.get::<String>("file_name")?,
            ))
        },
    )?;
    let Some((cid, title, body, visibility, public, updated_at, file_text, org, file_name)) = found
    else {
        return Ok(None);
    };
    let themes = dir::themes_of(c, "resource_themes", "resource_id", id)?;
    Ok(Some(Doc {
        kind: KIND,
        id: id.get(),
        community_id: cid,
        title,
        body: crate::text::plain_text(&body),
        more: format!("{org} {file_name} {file_text}"),
        audience: Audience::of(visibility, cid, public),
        communities: vec![cid],
        themes: themes.iter().map(|t| t.id).collect(),
        updated_at,
    }))
}

/// Puts the resource's current state in the search index.
pub fn reindex(c: &mut Conn, id: ResourceId) -> DbResult<()> {
    let doc = search_doc(c, id)?;
    search::index::sync(c, KIND, id, doc)
}

/// Every resource id, for a rebuild of the index.
pub fn all_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.column("SELECT id FROM resources ORDER BY id", &[])
}

/// Library resources in the search index.
pub const KIND: Kind = Kind::new("resource", "bibliotheque");

/// The library's resources, for the search index.
pub const SEARCH: search::Source = search::Source {
    kind: KIND,
    all_ids,
    in_community: Some(|c, community_id| {
        c.column(
            "SELECT id FROM resources WHERE community_id = $1",
            params![community_id],
        )
    }),
    reindex: |c, id| reindex(c, ResourceId(id)),
};
