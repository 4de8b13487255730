//! Plans in the search index: a plan is found by its title, summary and period, and by the
//! titles of its objectives and the titles and expected results of its actions. It is found
//! by whoever may read it (`routes::readable`): the members (observers included) of its
//! community, and everyone once a coordinator made it public in a public community.

use crate::db::{Conn, DbResult};
use crate::ids::{CommunityId, PlanId};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};

/// Plans in the search index.
pub const KIND: Kind = Kind::new("plan", "plans");

/// The plan as the search index sees it.
pub fn search_doc(c: &mut Conn, id: PlanId) -> DbResult<Option<Doc>> {
    let found = c.query_opt(
        "SELECT p.community_id, p.title, p.summary, p.starts_on, p.ends_on, p.is_public, \
         cm.is_public AS community_is_public, p.updated_at FROM plans p \
         JOIN communities cm ON cm.id = p.community_id WHERE p.id = $1",
        params![id],
        |r| {
            Ok((
                r.get::<CommunityId>("community_id")?,
                r.get::<String>("title")?,
                r.get::<String>("summary")?,
                format!(
                    "{} {}",
                    r.get::<String>("starts_on")?,
                    r.get::<String>("ends_on")?
                ),
                r.get::<bool>("is_public")? && r.get::<bool>("community_is_public")?,
                r.get::<i64>("updated_at")?,
            ))
        },
    )?;
    let Some((cid, title, summary, period, public, updated_at)) = found else {
        return Ok(None);
    };
    let mut body = vec![summary];
    body.extend(c.query(
        "SELECT title FROM plan_objectives WHERE plan_id = $1 ORDER BY position, id",
        params![id],
        |r| r.get::<String>("title"),
    )?);
    for (title, expected) in c.query(
        "SELECT title, expected_result FROM plan_actions WHERE plan_id = $1 ORDER BY due_on, id",
        params![id],
        |r| {
            Ok((
                r.get::<String>("title")?,
                r.get::<String>("expected_result")?,
            ))
        },
    )? {
        body.push(title);
        body.push(expected);
    }
    body.retain(|s| !s.trim().is_empty());
    Ok(Some(Doc {
        kind: KIND,
        id: id.get(),
        community_id: cid,
        title,
        body: body.join(" · "),
        more: period,
        audience: if public {
            Audience::Public
        } else {
            Audience::Communities(vec![cid])
        },
        communities: vec![cid],
        themes: Vec::new(),
        updated_at,
    }))
}

/// Puts the plan's current state in the index. Called by every write that changes what the
/// document holds or who may find it.
pub fn reindex(c: &mut Conn, id: PlanId) -> DbResult<()> {
    let doc = search_doc(c, id)?;
    search::index::sync(c, KIND, id, doc)
}

/// Every plan's id, for a rebuild of the index.
pub fn all_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.query("SELECT id FROM plans ORDER BY id", &[], |r| r.get("id"))
}

/// The plans, for the search index.
pub const SEARCH: search::Source = search::Source {
    kind: KIND,
    all_ids,
    in_community: Some(|c, community_id| {
        c.query(
            "SELECT id FROM plans WHERE community_id = $1",
            params![community_id],
            |r| r.get("id"),
        )
    }),
    reindex: |c, id| reindex(c, PlanId(id)),
};
