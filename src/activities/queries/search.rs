//! Activities in the search index.

use crate::db::{Conn, DbResult};
use crate::directory::queries as dir;
use crate::ids::{ActivityId, CommunityId};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};

/// The activity as the search index sees it: its agenda, speakers and minutes are searchable;
/// a private activity is found by members of the communities taking part only.
pub fn search_doc(c: &mut Conn, id: ActivityId) -> DbResult<Option<Doc>> {
    let found = c.query_opt(
        "SELECT a.community_id, a.title, a.agenda, a.minutes, a.speakers, COALESCE(a.place, '') AS place, \
         a.is_public, cm.is_public AS community_is_public, a.updated_at, a.kind FROM activities a \
         JOIN communities cm ON cm.id = a.community_id WHERE a.id = $1",
        params![id],
        |r| {
            Ok((
                r.get::<CommunityId>("community_id")?,
                r.get::<String>("title")?,
                [r.get::<String>("agenda")?, r.get::<String>("minutes")?],
                format!("{} {}", r.get::<String>("speakers")?, r.get::<String>("place")?),
                r.get::<bool>("is_public")? && r.get::<bool>("community_is_public")?,
                r.get::<i64>("updated_at")?,
            ))
        },
    )?;
    let Some((host, title, [agenda, minutes], more, public, updated_at)) = found else {
        return Ok(None);
    };
    let mut communities = vec![host];
    communities.extend(c.query(
        "SELECT community_id FROM activity_guests WHERE activity_id = $1 ORDER BY community_id",
        params![id],
        |r| r.get::<CommunityId>("community_id"),
    )?);
    let themes = dir::themes_of(c, "activity_themes", "activity_id", id)?;
    Ok(Some(Doc {
        kind: KIND,
        id: id.get(),
        community_id: host,
        title,
        body: crate::text::plain_text(&format!("{agenda}\n\n{minutes}")),
        more,
        audience: if public {
            Audience::Public
        } else {
            Audience::Communities(communities.clone())
        },
        communities,
        themes: themes.iter().map(|t| t.id).collect(),
        updated_at,
    }))
}

pub fn reindex(c: &mut Conn, id: ActivityId) -> DbResult<()> {
    let doc = search_doc(c, id)?;
    search::index::sync(c, KIND, id, doc)
}

pub fn all_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.column("SELECT id FROM activities ORDER BY id", &[])
}

/// Activities in the search index.
pub const KIND: Kind = Kind::new("activity", "activites");

/// The activities, for the search index.
pub const SEARCH: search::Source = search::Source {
    kind: KIND,
    all_ids,
    in_community: Some(|c, community_id| {
        c.column(
            "SELECT id FROM activities WHERE community_id = $1",
            params![community_id],
        )
    }),
    reindex: |c, id| reindex(c, ActivityId(id)),
};
