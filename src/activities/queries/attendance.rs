//! Who came and how many were reached: attendance, reach, the figures computed from them, and
//! the lists the attendance page and sheet are filled from.

use crate::activities::{AgeBand, Attendee, Figures, ReachAudience};
use crate::db::{Conn, DbResult};
use crate::directory::Sex;
use crate::ids::{ActivityId, AttendeeId, CommunityId, OrganisationId, PersonId};
use crate::params;
use crate::text::fold;

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

/// The people of a community, by name, to pick an attendee from.
pub fn people_to_pick(
    c: &mut Conn,
    community_id: CommunityId,
) -> DbResult<Vec<(PersonId, String)>> {
    c.query(
        "SELECT person_id, name FROM person_communities WHERE community_id = $1 ORDER BY name LIMIT 2000",
        params![community_id],
        |r| Ok((r.get("person_id")?, r.get("name")?)),
    )
}

/// The people expected at an activity, for the attendance sheet: (name, organisation) of the
/// invitees who have not declined, by name.
pub fn expected(c: &mut Conn, activity_id: ActivityId) -> DbResult<Vec<(String, Option<String>)>> {
    c.query(
        "SELECT u.name, COALESCE(o.acronym, o.name) AS organisation FROM invitations i
         JOIN users u ON u.id = i.user_id
         LEFT JOIN people p ON p.id = u.person_id
         LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE i.activity_id = $1 AND (i.response IS NULL OR i.response <> $2)
         ORDER BY u.name",
        params![activity_id, crate::activities::Response::No],
        |r| {
            Ok((
                r.get::<String>("name")?,
                r.get::<Option<String>>("organisation")?,
            ))
        },
    )
}

pub struct AttendeeFields {
    pub person_id: Option<PersonId>,
    pub name: String,
    pub sex: Sex,
    pub age_band: Option<AgeBand>,
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
            f.sex,
            f.age_band,
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
    audience: ReachAudience,
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
