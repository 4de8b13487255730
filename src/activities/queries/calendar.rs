//! The calendar of a community and its feed: lines of activities, filtered and paged.

use super::INVOLVES;
use crate::activities::{ActivityKind, ActivityRow};
use crate::db::{Conn, DbResult, Filter, Row};
use crate::ids::CommunityId;
use crate::params;

#[derive(Default, Clone)]
pub struct CalendarFilter {
    pub past: bool,
    pub kind: Option<ActivityKind>,
    pub theme: Option<i64>,
    /// Only public activities (a visitor who is not a member).
    pub public_only: bool,
    /// The boundary between upcoming and past, 'YYYY-MM-DDTHH:MM'.
    pub now: String,
}

/// People reached at an activity (organisations apart), counted and estimated kept apart.
const REACHED_COUNTED: &str = "(SELECT CAST(SUM(r.headcount) AS BIGINT) FROM reach r \
     WHERE r.activity_id = a.id AND r.estimated = FALSE AND r.audience <> 'organisations') AS reached_counted";
const REACHED_ESTIMATED: &str = "(SELECT CAST(SUM(r.headcount) AS BIGINT) FROM reach r \
     WHERE r.activity_id = a.id AND r.estimated = TRUE AND r.audience <> 'organisations') AS reached_estimated";

fn activity_row(r: &Row) -> DbResult<ActivityRow> {
    Ok(ActivityRow {
        id: r.get("id")?,
        community_slug: r.get("community_slug")?,
        kind: r.get("kind")?,
        title: r.get("title")?,
        starts_at: r.get("starts_at")?,
        ends_at: r.get("ends_at")?,
        place: r.get("place")?,
        online: r.get::<Option<String>>("online_url")?.is_some(),
        cancelled: r.get("cancelled")?,
        participants: r.get("participants")?,
        reached_counted: r.get::<Option<i64>>("reached_counted")?.unwrap_or(0),
        reached_estimated: r.get::<Option<i64>>("reached_estimated")?.unwrap_or(0),
    })
}

/// One page of a community's calendar and the total.
pub fn calendar(
    c: &mut Conn,
    community_id: CommunityId,
    f: &CalendarFilter,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<ActivityRow>)> {
    // INVOLVES names the community as $1.
    let mut w = Filter::new(INVOLVES, community_id);
    let boundary = if f.past {
        "a.ends_at < ?"
    } else {
        "a.ends_at >= ?"
    };
    w.and(boundary, f.now.as_str());
    w.and_some("a.kind = ?", f.kind);
    w.and_some(
        "EXISTS (SELECT 1 FROM activity_themes t WHERE t.activity_id = a.id AND t.theme_id = ?)",
        f.theme,
    );
    if f.public_only {
        w.also("a.is_public = TRUE");
    }
    let order = if f.past { "DESC" } else { "ASC" };
    w.page(
        c,
        &format!(
            "SELECT a.id, h.slug AS community_slug, a.kind, a.title, a.starts_at, a.ends_at, a.place, a.online_url,
                    a.cancelled,
                    (SELECT COUNT(*) FROM attendance p WHERE p.activity_id = a.id) AS participants,
                    {REACHED_COUNTED}, {REACHED_ESTIMATED},
                    COUNT(*) OVER () AS total
             FROM activities a JOIN communities h ON h.id = a.community_id
             WHERE {{where}} ORDER BY a.starts_at {order}, a.id {order} {{page}}"
        ),
        "activities a",
        limit,
        offset,
        activity_row,
    )
}

/// Public activities of a community for its calendar feed, newest last.
pub fn feed(c: &mut Conn, community_id: CommunityId, since: &str) -> DbResult<Vec<ActivityRow>> {
    c.query(
        &format!(
            "SELECT a.id, h.slug AS community_slug, a.kind, a.title, a.starts_at, a.ends_at, a.place, a.online_url,
                    a.cancelled, CAST(0 AS BIGINT) AS participants,
                    CAST(0 AS BIGINT) AS reached_counted, CAST(0 AS BIGINT) AS reached_estimated
             FROM activities a JOIN communities h ON h.id = a.community_id
             WHERE {INVOLVES} AND a.is_public = TRUE AND a.ends_at >= $2
             ORDER BY a.starts_at LIMIT 500"
        ),
        params![community_id, since],
        activity_row,
    )
}
