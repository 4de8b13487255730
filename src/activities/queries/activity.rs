//! One activity: read through a community taking part, created, edited, cancelled.

use super::INVOLVES;
use super::search::reindex;
use crate::activities::{Activity, ActivityKind};
use crate::clock;
use crate::db::{Conn, DbResult};
use crate::directory::queries as dir;
use crate::ids::{ActivityId, CommunityId, ThemeId};
use crate::params;
use crate::text::fold;

/// An activity seen from a community that takes part in it.
pub fn activity_in(
    c: &mut Conn,
    community_id: CommunityId,
    id: ActivityId,
) -> DbResult<Option<Activity>> {
    let a = c.query_opt(
        &format!(
            "SELECT a.id, a.community_id, h.slug, h.name, a.kind, a.title, a.starts_at, a.ends_at,
                    a.place, a.online_url, a.agenda, a.speakers, a.minutes, a.is_public, a.cancelled,
                    a.series_id
             FROM activities a JOIN communities h ON h.id = a.community_id
             WHERE a.id = $2 AND {INVOLVES}"
        ),
        params![community_id, id],
        |r| {
            let series_id: Option<ActivityId> = r.get("series_id")?;
            let activity = Activity {
                id: r.get("id")?,
                community_id: r.get("community_id")?,
                community_slug: r.get("slug")?,
                community_name: r.get("name")?,
                kind: r.get("kind")?,
                title: r.get("title")?,
                starts_at: r.get("starts_at")?,
                ends_at: r.get("ends_at")?,
                place: r.get("place")?,
                online_url: r.get("online_url")?,
                agenda: r.get("agenda")?,
                speakers: r.get("speakers")?,
                minutes: r.get("minutes")?,
                is_public: r.get("is_public")?,
                cancelled: r.get("cancelled")?,
                themes: Vec::new(),
                guests: Vec::new(),
                series: Vec::new(),
            };
            Ok((activity, series_id))
        },
    )?;
    let Some((mut a, series_id)) = a else {
        return Ok(None);
    };
    a.themes = dir::themes_of(c, "activity_themes", "activity_id", a.id)?;
    if let Some(series_id) = series_id {
        a.series = c.query(
            "SELECT id, starts_at FROM activities WHERE series_id = $1 ORDER BY starts_at, id",
            params![series_id],
            |r| Ok((r.get("id")?, r.get("starts_at")?)),
        )?;
    }
    a.guests = c.query(
        "SELECT m.id, m.slug, m.name FROM activity_guests g JOIN communities m ON m.id = g.community_id
         WHERE g.activity_id = $1 ORDER BY m.name",
        params![a.id],
        |r| Ok((r.get("id")?, r.get("slug")?, r.get("name")?)),
    )?;
    Ok(Some(a))
}

#[derive(Clone)]
pub struct ActivityFields {
    pub kind: ActivityKind,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub agenda: String,
    pub speakers: String,
    pub is_public: bool,
    pub themes: Vec<ThemeId>,
    pub guests: Vec<CommunityId>,
}

impl ActivityFields {
    fn search_key(&self) -> String {
        fold(&format!(
            "{} {} {} {}",
            self.title,
            self.place.as_deref().unwrap_or(""),
            self.agenda,
            self.speakers
        ))
    }
}

fn set_links(c: &mut Conn, id: ActivityId, f: &ActivityFields) -> DbResult<()> {
    dir::set_themes(c, "activity_themes", "activity_id", id, &f.themes)?;
    c.execute(
        "DELETE FROM activity_guests WHERE activity_id = $1",
        params![id],
    )?;
    for g in &f.guests {
        c.execute(
            "INSERT INTO activity_guests (activity_id, community_id) VALUES ($1, $2)",
            params![id, *g],
        )?;
    }
    Ok(())
}

pub fn create(
    c: &mut Conn,
    community_id: CommunityId,
    f: &ActivityFields,
    now: i64,
) -> DbResult<ActivityId> {
    let id: ActivityId = c.scalar(
        "INSERT INTO activities (community_id, kind, title, starts_at, ends_at, place, online_url,
            agenda, speakers, is_public, search_key, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        params![
            community_id,
            f.kind,
            &f.title,
            &f.starts_at,
            &f.ends_at,
            &f.place,
            &f.online_url,
            &f.agenda,
            &f.speakers,
            f.is_public,
            f.search_key(),
            now
        ],
    )?;
    set_links(c, id, f)?;
    reindex(c, id)?;
    Ok(id)
}

/// Plans a series: the first occurrence with `f`'s dates, the next ones every `every_months`
/// months after it, each an activity of its own naming the first as its series. Returns the
/// first occurrence.
pub fn create_series(
    c: &mut Conn,
    community_id: CommunityId,
    f: &ActivityFields,
    every_months: u8,
    occurrences: u8,
    now: i64,
) -> DbResult<ActivityId> {
    let first = create(c, community_id, f, now)?;
    c.execute(
        "UPDATE activities SET series_id = $1 WHERE id = $1",
        params![first],
    )?;
    for k in 1..occurrences {
        let months = u32::from(every_months) * u32::from(k);
        let next = ActivityFields {
            starts_at: clock::months_later(&f.starts_at, months),
            ends_at: clock::months_later(&f.ends_at, months),
            ..f.clone()
        };
        let id = create(c, community_id, &next, now)?;
        c.execute(
            "UPDATE activities SET series_id = $1 WHERE id = $2",
            params![first, id],
        )?;
    }
    Ok(first)
}

/// Updates an activity hosted by `community_id`; `Ok(false)` when it is not theirs.
pub fn update(
    c: &mut Conn,
    community_id: CommunityId,
    id: ActivityId,
    f: &ActivityFields,
    now: i64,
) -> DbResult<bool> {
    let n = c.execute(
        "UPDATE activities SET kind = $1, title = $2, starts_at = $3, ends_at = $4, place = $5,
            online_url = $6, agenda = $7, speakers = $8, is_public = $9, search_key = $10,
            updated_at = $11
         WHERE id = $12 AND community_id = $13",
        params![
            f.kind,
            &f.title,
            &f.starts_at,
            &f.ends_at,
            &f.place,
            &f.online_url,
            &f.agenda,
            &f.speakers,
            f.is_public,
            f.search_key(),
            now,
            id,
            community_id
        ],
    )?;
    if n == 0 {
        return Ok(false);
    }
    set_links(c, id, f)?;
    reindex(c, id)?;
    Ok(true)
}

pub fn set_cancelled(
    c: &mut Conn,
    community_id: CommunityId,
    id: ActivityId,
    cancelled: bool,
) -> DbResult<bool> {
    let changed = c.execute(
        "UPDATE activities SET cancelled = $1 WHERE id = $2 AND community_id = $3",
        params![cancelled, id, community_id],
    )? > 0;
    Ok(changed)
}
