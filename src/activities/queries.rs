//! Activity queries. Reads and writes take the community the user acts in: an activity is
//! found only through its host or one of its guest communities.

use super::{ActionItem, Activity, ActivityRow, Attendee, Decision, Figures};
use crate::db::{Conn, DbResult, Row, Value};
use crate::directory::queries as dir;
use crate::ids::{
    ActionId, ActivityId, AttendeeId, CommunityId, OrganisationId, PersonId, PhotoId, ThemeId,
    UserId,
};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};
use crate::text::fold;

/// Condition: the activity `a` involves community `$1` (as host or guest).
const INVOLVES: &str = "(a.community_id = $1 OR EXISTS (SELECT 1 FROM activity_guests g \
     WHERE g.activity_id = a.id AND g.community_id = $1))";

#[derive(Default, Clone)]
pub struct CalendarFilter {
    pub past: bool,
    pub kind: String,
    pub theme: Option<i64>,
    /// Only public activities (a visitor who is not a member).
    pub public_only: bool,
    /// The boundary between upcoming and past, 'YYYY-MM-DDTHH:MM'.
    pub now: String,
}

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
    let mut conds = vec![INVOLVES.to_owned()];
    let mut params: Vec<Value> = vec![community_id.into(), f.now.as_str().into()];
    conds.push(if f.past {
        "a.ends_at < $2".to_owned()
    } else {
        "a.ends_at >= $2".to_owned()
    });
    if !f.kind.is_empty() {
        params.push(f.kind.as_str().into());
        conds.push(format!("a.kind = ${}", params.len()));
    }
    if let Some(t) = f.theme {
        params.push(t.into());
        conds.push(format!(
            "EXISTS (SELECT 1 FROM activity_themes t WHERE t.activity_id = a.id AND t.theme_id = ${})",
            params.len()
        ));
    }
    if f.public_only {
        conds.push("a.is_public = TRUE".to_owned());
    }
    let order = if f.past { "DESC" } else { "ASC" };
    let n = params.len();
    let filter = conds.join(" AND ");
    c.page(
        &format!(
            "SELECT a.id, h.slug AS community_slug, a.kind, a.title, a.starts_at, a.ends_at, a.place, a.online_url,
                    a.cancelled,
                    (SELECT COUNT(*) FROM attendance p WHERE p.activity_id = a.id) AS participants,
                    COUNT(*) OVER () AS total
             FROM activities a JOIN communities h ON h.id = a.community_id
             WHERE {filter} ORDER BY a.starts_at {order}, a.id {order} LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        ),
        &format!("SELECT COUNT(*) FROM activities a WHERE {filter}"),
        params,
        limit,
        offset,
        activity_row,
    )
}

/// An activity seen from a community that takes part in it.
pub fn activity_in(
    c: &mut Conn,
    community_id: CommunityId,
    id: ActivityId,
) -> DbResult<Option<Activity>> {
    let a = c.query_opt(
        &format!(
            "SELECT a.id, a.community_id, h.slug, h.name, a.kind, a.title, a.starts_at, a.ends_at,
                    a.place, a.online_url, a.agenda, a.speakers, a.minutes, a.is_public, a.cancelled
             FROM activities a JOIN communities h ON h.id = a.community_id
             WHERE a.id = $2 AND {INVOLVES}"
        ),
        params![community_id, id],
        |r| {
            Ok(Activity {
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
            })
        },
    )?;
    let Some(mut a) = a else { return Ok(None) };
    a.themes = dir::themes_of(c, "activity_themes", "activity_id", a.id)?;
    a.guests = c.query(
        "SELECT m.id, m.slug, m.name FROM activity_guests g JOIN communities m ON m.id = g.community_id
         WHERE g.activity_id = $1 ORDER BY m.name",
        params![a.id],
        |r| Ok((r.get("id")?, r.get("slug")?, r.get("name")?)),
    )?;
    Ok(Some(a))
}

pub struct ActivityFields {
    pub kind: String,
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
            &f.kind,
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
            &f.kind,
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

pub fn set_minutes(
    c: &mut Conn,
    community_id: CommunityId,
    id: ActivityId,
    minutes: &str,
    now: i64,
) -> DbResult<bool> {
    let changed = c.execute(
        "UPDATE activities SET minutes = $1, updated_at = $2 WHERE id = $3 AND community_id = $4",
        params![minutes, now, id, community_id],
    )? > 0;
    if changed {
        reindex(c, id)?;
    }
    Ok(changed)
}

// ---- search ----

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
        kind: Kind::Activity,
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
    search::index::sync(c, Kind::Activity, id, doc)
}

pub fn all_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.query("SELECT id FROM activities ORDER BY id", &[], |r| {
        r.get("id")
    })
}

// ---- figures and attendance ----

pub fn figures(c: &mut Conn, activity_id: ActivityId) -> DbResult<Figures> {
    let mut f = c
        .query_opt(
            "SELECT COUNT(*) AS participants,
                    COALESCE(SUM(CASE WHEN sex = 'F' THEN 1 ELSE 0 END), 0) AS women,
                    COALESCE(SUM(CASE WHEN sex = 'M' THEN 1 ELSE 0 END), 0) AS men,
                    COUNT(DISTINCT COALESCE(CAST(organisation_id AS TEXT), lower(organisation_name))) AS organisations
             FROM attendance WHERE activity_id = $1",
            params![activity_id],
            |r| {
                Ok(Figures {
                    participants: r.get("participants")?,
                    women: r.get("women")?,
                    men: r.get("men")?,
                    organisations: r.get("organisations")?,
                    reach: Vec::new(),
                })
            },
        )?
        .unwrap_or_default();
    f.reach = c.query(
        "SELECT audience, headcount, estimated FROM reach WHERE activity_id = $1 ORDER BY headcount DESC, audience",
        params![activity_id],
        |r| Ok((r.get("audience")?, r.get("headcount")?, r.get("estimated")?)),
    )?;
    Ok(f)
}

pub fn attendees(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<Attendee>> {
    c.query(
        "SELECT a.id, a.person_id, a.name, a.sex, a.age_band, COALESCE(o.acronym, o.name, a.organisation_name) AS organisation, a.commune
         FROM attendance a LEFT JOIN organisations o ON o.id = a.organisation_id
         WHERE a.activity_id = $1 ORDER BY a.id",
        params![activity_id],
        |r| {
            Ok(Attendee {
                id: r.get("id")?,
                person_id: r.get("person_id")?,
                name: r.get("name")?,
                sex: r.get("sex")?,
                age_band: r.get("age_band")?,
                organisation: r.get("organisation")?,
                commune: r.get("commune")?,
            })
        },
    )
}

pub struct AttendeeFields {
    pub person_id: Option<PersonId>,
    pub name: String,
    pub sex: String,
    pub age_band: Option<String>,
    pub organisation_id: Option<OrganisationId>,
    pub organisation_name: Option<String>,
    pub commune: Option<String>,
}

/// Records a participant; `Ok(false)` when the same person (or name) is already on the list.
pub fn add_attendee(
    c: &mut Conn,
    activity_id: ActivityId,
    f: &AttendeeFields,
    now: i64,
) -> DbResult<bool> {
    let key = match f.person_id {
        Some(p) => format!("#person-{p}"),
        None => fold(&f.name),
    };
    let taken: i64 = c.scalar(
        "SELECT COUNT(*) FROM attendance WHERE activity_id = $1 AND name_key = $2",
        params![activity_id, &key],
    )?;
    if taken > 0 {
        return Ok(false);
    }
    let inserted = crate::db::unique(c.execute(
        "INSERT INTO attendance (activity_id, person_id, name, name_key, sex, age_band, organisation_id,
            organisation_name, commune, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        params![
            activity_id,
            f.person_id,
            &f.name,
            key,
            &f.sex,
            &f.age_band,
            f.organisation_id,
            &f.organisation_name,
            &f.commune,
            now
        ],
    ))?;
    Ok(inserted.is_some())
}

pub fn remove_attendee(
    c: &mut Conn,
    activity_id: ActivityId,
    attendee_id: AttendeeId,
) -> DbResult<bool> {
    Ok(c.execute(
        "DELETE FROM attendance WHERE id = $1 AND activity_id = $2",
        params![attendee_id, activity_id],
    )? > 0)
}

/// Records or replaces the count of one audience.
pub fn set_reach(
    c: &mut Conn,
    activity_id: ActivityId,
    audience: &str,
    headcount: i64,
    estimated: bool,
) -> DbResult<()> {
    c.execute(
        "DELETE FROM reach WHERE activity_id = $1 AND audience = $2",
        params![activity_id, audience],
    )?;
    c.execute(
        "INSERT INTO reach (activity_id, audience, headcount, estimated) VALUES ($1, $2, $3, $4)",
        params![activity_id, audience, headcount, estimated],
    )?;
    Ok(())
}

// ---- decisions and actions ----

pub fn decisions(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<Decision>> {
    c.query(
        "SELECT id, text FROM decisions WHERE activity_id = $1 ORDER BY id",
        params![activity_id],
        |r| {
            Ok(Decision {
                id: r.get("id")?,
                text: r.get("text")?,
            })
        },
    )
}

pub fn add_decision(c: &mut Conn, activity_id: ActivityId, text: &str, now: i64) -> DbResult<()> {
    c.execute(
        "INSERT INTO decisions (activity_id, text, created_at) VALUES ($1, $2, $3)",
        params![activity_id, text, now],
    )?;
    Ok(())
}

const ACTION_COLUMNS: &str = "x.id, x.activity_id, a.title AS activity_title, h.slug AS community_slug, \
    x.title, x.owner_organisation_id AS owner_id, COALESCE(o.acronym, o.name) AS owner, x.due_on, x.status";

/// Reads a row of [`ACTION_COLUMNS`].
fn action_item(r: &Row) -> DbResult<ActionItem> {
    Ok(ActionItem {
        id: r.get("id")?,
        activity_id: r.get("activity_id")?,
        activity_title: r.get("activity_title")?,
        community_slug: r.get("community_slug")?,
        title: r.get("title")?,
        owner_id: r.get("owner_id")?,
        owner: r.get("owner")?,
        due_on: r.get("due_on")?,
        status: r.get("status")?,
    })
}

pub fn actions_of(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<ActionItem>> {
    c.query(
        &format!(
            "SELECT {ACTION_COLUMNS} FROM action_items x JOIN activities a ON a.id = x.activity_id
             JOIN communities h ON h.id = a.community_id
             LEFT JOIN organisations o ON o.id = x.owner_organisation_id
             WHERE x.activity_id = $1 ORDER BY x.id"
        ),
        params![activity_id],
        action_item,
    )
}

/// Open actions an organisation owns, from the activities of a community: shown on its page
/// until done.
pub fn open_actions_of_org(
    c: &mut Conn,
    community_id: CommunityId,
    org_id: OrganisationId,
) -> DbResult<Vec<ActionItem>> {
    c.query(
        &format!(
            "SELECT {ACTION_COLUMNS} FROM action_items x JOIN activities a ON a.id = x.activity_id
             JOIN communities h ON h.id = a.community_id
             LEFT JOIN organisations o ON o.id = x.owner_organisation_id
             WHERE x.owner_organisation_id = $2 AND x.status <> 'done' AND {}
             ORDER BY x.due_on, x.id LIMIT 50",
            INVOLVES
        ),
        params![community_id, org_id],
        action_item,
    )
}

pub struct ActionFields {
    pub title: String,
    pub owner_organisation_id: Option<OrganisationId>,
    pub due_on: Option<String>,
}

pub fn add_action(
    c: &mut Conn,
    activity_id: ActivityId,
    f: &ActionFields,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO action_items (activity_id, title, owner_organisation_id, due_on, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'open', $5, $5)",
        params![activity_id, &f.title, f.owner_organisation_id, &f.due_on, now],
    )?;
    Ok(())
}

pub fn set_action_status(
    c: &mut Conn,
    activity_id: ActivityId,
    action_id: ActionId,
    status: &str,
    now: i64,
) -> DbResult<bool> {
    Ok(c.execute(
        "UPDATE action_items SET status = $1, updated_at = $2 WHERE id = $3 AND activity_id = $4",
        params![status, now, action_id, activity_id],
    )? > 0)
}

/// Public activities of a community for its calendar feed, newest last.
pub fn feed(c: &mut Conn, community_id: CommunityId, since: &str) -> DbResult<Vec<ActivityRow>> {
    c.query(
        &format!(
            "SELECT a.id, h.slug AS community_slug, a.kind, a.title, a.starts_at, a.ends_at, a.place, a.online_url,
                    a.cancelled, CAST(0 AS BIGINT) AS participants
             FROM activities a JOIN communities h ON h.id = a.community_id
             WHERE {INVOLVES} AND a.is_public = TRUE AND a.ends_at >= $2
             ORDER BY a.starts_at LIMIT 500"
        ),
        params![community_id, since],
        activity_row,
    )
}

// ---- invitations ----

/// Someone invited, with what they answered.
#[derive(Clone, Debug)]
pub struct Invitee {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub locale: String,
    pub response: Option<String>,
}

pub fn invitees(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<Invitee>> {
    c.query(
        "SELECT u.id, u.name, u.email, u.locale, i.response FROM invitations i
         JOIN users u ON u.id = i.user_id WHERE i.activity_id = $1 ORDER BY u.name",
        params![activity_id],
        |r| {
            Ok(Invitee {
                user_id: r.get("id")?,
                name: r.get("name")?,
                email: r.get("email")?,
                locale: r.get("locale")?,
                response: r.get("response")?,
            })
        },
    )
}

/// Invites the accounts of `communities` (only their coordination and core group when
/// `core_only`) not yet invited; returns the newly invited.
pub fn invite(
    c: &mut Conn,
    activity_id: ActivityId,
    communities: &[CommunityId],
    core_only: bool,
    now: i64,
) -> DbResult<Vec<Invitee>> {
    let mut fresh: Vec<Invitee> = Vec::new();
    for cid in communities {
        let role_filter = if core_only {
            " AND r.role IN ('coordinator', 'core')"
        } else {
            ""
        };
        let candidates = c.query(
            &format!(
                "SELECT u.id, u.name, u.email, u.locale FROM community_roles r JOIN users u ON u.id = r.user_id
                 WHERE r.community_id = $1 AND u.disabled = FALSE{role_filter}
                   AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.activity_id = $2 AND i.user_id = u.id)
                 ORDER BY u.id"
            ),
            params![*cid, activity_id],
            |r| {
                Ok(Invitee {
                    user_id: r.get("id")?,
                    name: r.get("name")?,
                    email: r.get("email")?,
                    locale: r.get("locale")?,
                    response: None,
                })
            },
        )?;
        for u in candidates {
            c.execute(
                "INSERT INTO invitations (activity_id, user_id, invited_at) VALUES ($1, $2, $3)",
                params![activity_id, u.user_id, now],
            )?;
            fresh.push(u);
        }
    }
    Ok(fresh)
}

/// Records an answer; a member who was not invited signs up by answering.
pub fn respond(
    c: &mut Conn,
    activity_id: ActivityId,
    user_id: UserId,
    response: &str,
    now: i64,
) -> DbResult<()> {
    let n = c.execute(
        "UPDATE invitations SET response = $1, responded_at = $2 WHERE activity_id = $3 AND user_id = $4",
        params![response, now, activity_id, user_id],
    )?;
    if n == 0 {
        c.execute(
            "INSERT INTO invitations (activity_id, user_id, response, invited_at, responded_at) VALUES ($1, $2, $3, $4, $4)",
            params![activity_id, user_id, response, now],
        )?;
    }
    Ok(())
}

pub fn response_of(
    c: &mut Conn,
    activity_id: ActivityId,
    user_id: UserId,
) -> DbResult<Option<String>> {
    Ok(c.query_opt(
        "SELECT response FROM invitations WHERE activity_id = $1 AND user_id = $2",
        params![activity_id, user_id],
        |r| r.get::<Option<String>>("response"),
    )?
    .flatten())
}

// ---- photos ----

#[derive(Clone, Debug)]
pub struct PhotoRow {
    pub id: PhotoId,
    pub caption: String,
    pub consent: String,
}

pub fn photos_of(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<PhotoRow>> {
    c.query(
        "SELECT id, caption, consent FROM photos WHERE activity_id = $1 ORDER BY id LIMIT 60",
        params![activity_id],
        |r| {
            Ok(PhotoRow {
                id: r.get("id")?,
                caption: r.get("caption")?,
                consent: r.get("consent")?,
            })
        },
    )
}

pub struct NewPhoto {
    pub caption: String,
    pub consent: String,
    pub versions: super::photos::Versions,
    pub user_id: UserId,
}

pub fn add_photo(
    c: &mut Conn,
    activity_id: ActivityId,
    p: NewPhoto,
    now: i64,
) -> DbResult<PhotoId> {
    c.scalar(
        "INSERT INTO photos (activity_id, caption, consent, thumbnail, medium, width, height, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        params![
            activity_id,
            &p.caption,
            &p.consent,
            p.versions.thumbnail,
            p.versions.medium,
            i64::from(p.versions.width),
            i64::from(p.versions.height),
            p.user_id,
            now
        ],
    )
}

/// The bytes of one version of a photo of this activity.
pub fn photo_bytes(
    c: &mut Conn,
    activity_id: ActivityId,
    photo_id: PhotoId,
    medium: bool,
) -> DbResult<Option<Vec<u8>>> {
    let column = if medium { "medium" } else { "thumbnail" };
    c.query_opt(
        &format!("SELECT {column} AS image FROM photos WHERE id = $1 AND activity_id = $2"),
        params![photo_id, activity_id],
        |r| r.get::<Vec<u8>>("image"),
    )
}

pub fn remove_photo(c: &mut Conn, activity_id: ActivityId, photo_id: PhotoId) -> DbResult<bool> {
    Ok(c.execute(
        "DELETE FROM photos WHERE id = $1 AND activity_id = $2",
        params![photo_id, activity_id],
    )? > 0)
}

/// Accounts with a role in any of `communities`, for choosing whom to invite.
pub fn accounts_in(c: &mut Conn, communities: &[CommunityId]) -> DbResult<Vec<(UserId, String)>> {
    let mut out: Vec<(UserId, String)> = Vec::new();
    for cid in communities {
        for (id, name) in c.query(
            "SELECT u.id, u.name FROM community_roles r JOIN users u ON u.id = r.user_id
             WHERE r.community_id = $1 AND u.disabled = FALSE ORDER BY u.name LIMIT 500",
            params![*cid],
            |r| Ok((r.get::<UserId>("id")?, r.get::<String>("name")?)),
        )? {
            if !out.iter().any(|(i, _)| *i == id) {
                out.push((id, name));
            }
        }
    }
    Ok(out)
}

/// Invites chosen accounts, and the accounts of the people of chosen organisations; returns
/// the newly invited.
pub fn invite_chosen(
    c: &mut Conn,
    activity_id: ActivityId,
    users: &[UserId],
    organisations: &[OrganisationId],
    now: i64,
) -> DbResult<Vec<Invitee>> {
    let mut ids: Vec<UserId> = users.to_vec();
    for org in organisations {
        ids.extend(c.query(
            "SELECT u.id FROM users u JOIN people p ON p.id = u.person_id
             WHERE p.organisation_id = $1 AND u.disabled = FALSE",
            params![*org],
            |r| r.get::<UserId>("id"),
        )?);
    }
    ids.sort_unstable();
    ids.dedup();
    let mut fresh = Vec::new();
    for id in ids {
        let found = c.query_opt(
            "SELECT u.id, u.name, u.email, u.locale FROM users u
             WHERE u.id = $1 AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.activity_id = $2 AND i.user_id = u.id)",
            params![id, activity_id],
            |r| {
                Ok(Invitee {
                    user_id: r.get("id")?,
                    name: r.get("name")?,
                    email: r.get("email")?,
                    locale: r.get("locale")?,
                    response: None,
                })
            },
        )?;
        if let Some(u) = found {
            c.execute(
                "INSERT INTO invitations (activity_id, user_id, invited_at) VALUES ($1, $2, $3)",
                params![activity_id, u.user_id, now],
            )?;
            fresh.push(u);
        }
    }
    Ok(fresh)
}

/// The activities, for the search index.
pub const SEARCH: search::Source = search::Source {
    kind: Kind::Activity,
    all_ids,
    in_community: Some(|c, community_id| {
        c.query(
            "SELECT id FROM activities WHERE community_id = $1",
            params![community_id],
            |r| r.get("id"),
        )
    }),
    reindex: |c, id| reindex(c, ActivityId(id)),
};
