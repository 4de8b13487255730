//! Communities of practice: their identity, aims, way of working and links to each other.

pub mod access;
pub mod queries;
pub mod routes;

pub use access::{enter, enter_cached_record, enter_editable, enter_record};

use crate::auth::CurrentUser;
use crate::ids::{CommunityId, OrganisationId};

#[derive(Clone, Debug)]
pub struct Community {
    pub id: CommunityId,
    pub slug: String,
    pub name: String,
    pub region: String,
    pub founded_on: Option<String>,
    pub project: Option<String>,
    pub description: String,
    /// One objective a line.
    pub objectives: String,
    /// One way of working a line.
    pub ways_of_working: String,
    pub accompanied_by_id: Option<OrganisationId>,
    pub accompanied_by: Option<String>,
    pub is_public: bool,
    pub directory_public: bool,
}

impl Community {
    pub fn objective_list(&self) -> Vec<&str> {
        lines(&self.objectives)
    }

    pub fn way_list(&self) -> Vec<&str> {
        lines(&self.ways_of_working)
    }

    /// May this visitor see the community at all?
    pub fn visible_to(&self, user: Option<&CurrentUser>) -> bool {
        self.is_public || user.is_some_and(|u| u.is_member(self.id))
    }

    /// May this visitor see the list of member organisations?
    pub fn directory_visible_to(&self, user: Option<&CurrentUser>) -> bool {
        (self.is_public && self.directory_public) || user.is_some_and(|u| u.is_member(self.id))
    }
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// Enough of a community to name and link it.
#[derive(Clone, Debug)]
pub struct CommunityRef {
    pub id: CommunityId,
    pub slug: String,
    pub name: String,
}

/// A sister community and what links the two.
#[derive(Clone, Debug)]
pub struct Link {
    pub other: CommunityRef,
    pub description: String,
    pub since: Option<String>,
}

/// How far into a community's records a visitor sees, by the [`Visibility`] each record
/// carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone: public records only.
    Public,
    /// A member of another community of the network: public and network records.
    Network,
    /// A member of this community (or an administrator): everything.
    Member,
}

impl Access {
    pub fn of(user: Option<&CurrentUser>, community_id: CommunityId) -> Access {
        match user {
            Some(u) if u.is_member(community_id) => Access::Member,
            Some(u) if !u.roles.is_empty() => Access::Network,
            _ => Access::Public,
        }
    }

    pub fn allows(self, visibility: Visibility) -> bool {
        match self {
            Access::Member => true,
            Access::Network => visibility != Visibility::Community,
            Access::Public => visibility == Visibility::Public,
        }
    }

    /// The SQL condition on a `visibility` column that matches [`Access::allows`].
    pub fn condition(self, column: &str) -> String {
        match self {
            Access::Member => "1 = 1".to_owned(),
            Access::Network => format!("{column} <> '{}'", Visibility::Community.code()),
            Access::Public => format!("{column} = '{}'", Visibility::Public.code()),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Access::Member => "m",
            Access::Network => "n",
            Access::Public => "p",
        }
    }
}

crate::closed_set! {
    /// Who may see a record of a community.
    pub enum Visibility("visibility") {
        /// Whoever may see the community.
        Public = "public",
        /// Any signed-in member of any community of the network.
        Network = "network",
        /// The community's members.
        Community = "community",
    }
}
