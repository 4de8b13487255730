//! Photos of an activity, stored in their light versions.

use crate::activities::PhotoConsent;
use crate::activities::photos::Versions;
use crate::db::{Conn, DbResult};
use crate::ids::{ActivityId, PhotoId, UserId};
use crate::params;

#[derive(Clone, Debug)]
pub struct PhotoRow {
    pub id: PhotoId,
    pub caption: String,
    pub consent: PhotoConsent,
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
    pub consent: PhotoConsent,
    pub versions: Versions,
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
            p.consent,
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
