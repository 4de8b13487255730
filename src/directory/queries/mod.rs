//! Directory queries. Every read and write that touches a community's records takes the
//! community id, so a record of another community is simply not found.
//!
//! By concern: [`organisations`], [`members`] (memberships of organisations in communities),
//! [`people`] and [`themes`]; the mappings and the filter builder they share live here.

mod members;
mod organisations;
mod people;
mod themes;

pub use members::*;
pub use organisations::*;
pub use people::*;
pub use themes::*;

use super::{MemberOrg, OrgRef};
use crate::db::{Backend, DbResult, Row, Value};
use crate::ids::CommunityId;
use crate::text::fold;

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

/// A WHERE clause under construction, with its numbered parameters.
struct Filter {
    backend: Backend,
    conds: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    fn new(backend: Backend, community_id: CommunityId, cond: &str) -> Self {
        Filter {
            backend,
            conds: vec![cond.to_owned()],
            params: vec![community_id.into()],
        }
    }

    /// Each word of `q` must appear in the folded `column`.
    fn words(&mut self, column: &str, q: &str) {
        for word in q.split_whitespace().take(8) {
            let cond = self.backend.contains(column, "?");
            self.and(&cond, fold(word).into());
        }
    }

    /// Adds a condition; `?` in it stands for the new parameter.
    fn and(&mut self, cond: &str, value: Value) {
        self.params.push(value);
        self.conds
            .push(cond.replace('?', &format!("${}", self.params.len())));
    }

    fn sql(&self) -> String {
        self.conds.join(" AND ")
    }

    fn next(&self) -> usize {
        self.params.len() + 1
    }
}
