//! What the spreadsheets of the directory add to its lists: the contact and membership dates
//! of every member organisation, which only the community's members read.

use std::collections::HashMap;

use crate::db::{Conn, DbResult};
use crate::ids::{CommunityId, OrganisationId};
use crate::params;

/// An organisation's contact and membership, as its page shows them to members.
#[derive(Clone, Debug, Default)]
pub struct OrgContact {
    pub region: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// The contacts of every member organisation of a community, by organisation.
pub fn org_contacts(
    c: &mut Conn,
    community_id: CommunityId,
) -> DbResult<HashMap<OrganisationId, OrgContact>> {
    let rows = c.query(
        "SELECT o.id, o.region, o.email, o.phone, o.website, m.since, m.until
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.community_id = $1",
        params![community_id],
        |r| {
            Ok((
                r.get("id")?,
                OrgContact {
                    region: r.get("region")?,
                    email: r.get("email")?,
                    phone: r.get("phone")?,
                    website: r.get("website")?,
                    since: r.get("since")?,
                    until: r.get("until")?,
                },
            ))
        },
    )?;
    Ok(rows.into_iter().collect())
}
