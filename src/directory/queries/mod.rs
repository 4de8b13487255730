//! Directory queries. Every read and write that touches a community's records takes the
//! community id, so a record of another community is simply not found.
//!
//! By concern: [`organisations`], [`members`] (memberships of organisations in communities),
//! [`people`] and [`themes`]; the mappings and the filter builder they share live here.

mod export;
mod members;
mod organisations;
mod people;
mod themes;

pub use export::*;
pub use members::*;
pub use organisations::*;
pub use people::*;
pub use themes::*;

use super::{MemberOrg, OrgRef};
use crate::db::{DbResult, Row};

fn org_ref(r: &Row) -> DbResult<OrgRef> {
    Ok(OrgRef {
        id: r.get("id")?,
        name: r.get("name")?,
        acronym: r.get("acronym")?,
    })
}

fn member_org(r: &Row) -> DbResult<MemberOrg> {
    Ok(MemberOrg {
        org: org_ref(r)?,
        kind: r.get("kind")?,
        commune: r.get("commune")?,
        role: r.get("role")?,
    })
}
