//! Committees of one or several linked communities (the media-watch committee of Ségou and
//! Kayes), and the potential women candidates they coach.
//!
//! Candidates and coaching notes are the most sensitive records of Kafo. Who may see them is
//! decided in one place, [`may_see_candidates`]: the committee's members (accounts whose person
//! is a member) and the coordinators of the committee's communities; nobody else, not even a
//! platform administrator. Their personal details are sealed at rest ([`crate::crypto`]), they
//! are never indexed for search, put in calendar files, digests or mail, and every view,
//! change, export and erasure is written to the audit log.

pub mod candidates;
pub mod demo;
pub mod queries;
pub mod routes;

use crate::auth::{CurrentUser, Role};
use crate::community::CommunityRef;
use crate::db::{Conn, DbResult};
use crate::ids::{CandidateId, CoachingId, CommitteeId, CommunityId, PersonId};
use crate::params;

crate::closed_set! {
    /// The office a candidate seeks.
    pub enum Office("office") {
        Communal = "communal",
        Regional = "regional",
        National = "national",
    }
}

crate::closed_set! {
    /// How a candidate's consent was given.
    pub enum ConsentHow("consent-how") {
        Written = "written",
        OralWitnessed = "oral_witnessed",
        Recorded = "recorded",
    }
}

crate::closed_set! {
    /// Where a candidate is on her path.
    pub enum Stage("stage") {
        Identified = "identified",
        Coached = "coached",
        Declared = "declared",
        Elected = "elected",
        NotElected = "not_elected",
        Withdrew = "withdrew",
    }
}

impl Stage {
    /// Reaching this stage means she was coached.
    pub fn coached(self) -> bool {
        matches!(
            self,
            Stage::Coached | Stage::Declared | Stage::Elected | Stage::NotElected
        )
    }

    /// Reaching this stage means she declared her candidacy.
    pub fn declared(self) -> bool {
        matches!(self, Stage::Declared | Stage::Elected | Stage::NotElected)
    }
}

#[derive(Clone, Debug)]
pub struct Member {
    pub id: PersonId,
    pub name: String,
    pub organisation: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Committee {
    pub id: CommitteeId,
    pub name: String,
    pub mandate: String,
    pub chair_id: Option<PersonId>,
    pub figures_public: bool,
    pub communities: Vec<CommunityRef>,
    pub members: Vec<Member>,
}

impl Committee {
    pub fn belongs_to(&self, community_id: CommunityId) -> bool {
        self.communities.iter().any(|c| c.id == community_id)
    }

    pub fn community_ids(&self) -> Vec<CommunityId> {
        self.communities.iter().map(|c| c.id).collect()
    }

    pub fn chair(&self) -> Option<&Member> {
        self.members.iter().find(|m| Some(m.id) == self.chair_id)
    }

    pub fn is_chair(&self, person: &PersonId) -> bool {
        self.chair_id == Some(*person)
    }

    pub fn is_member(&self, person: PersonId) -> bool {
        self.members.iter().any(|m| m.id == person)
    }

    /// May this account manage the committee (its name, mandate, members, chair)?
    pub fn managed_by(&self, user: Option<&CurrentUser>) -> bool {
        user.is_some_and(|u| self.communities.iter().any(|c| u.can_manage(c.id)))
    }
}

#[derive(Clone, Debug)]
pub struct CommitteeRow {
    pub id: CommitteeId,
    pub name: String,
    pub members: i64,
    pub figures_public: bool,
}

/// The committee's figures: women identified, coached, declared candidates, elected. Erased
/// candidates still count (their tombstones do).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub identified: i64,
    pub coached: i64,
    pub declared: i64,
    pub elected: i64,
}

/// Below this, a public page says "fewer than 5" instead of the number.
pub const PUBLIC_THRESHOLD: i64 = 5;

/// THE access rule for candidates, coaching sessions and their notes, exports and files:
/// the committee's members (an account whose person is a member of the committee) and the
/// coordinators of the committee's communities. Nobody else: not anonymous visitors, not
/// observers, members, core members or coordinators of other communities, and not platform
/// administrators (whose `can_manage` is true everywhere: this rule does not use it).
/// Every candidate route and query goes through here.
pub fn may_see_candidates(
    c: &mut Conn,
    user: Option<&CurrentUser>,
    committee: &Committee,
) -> DbResult<bool> {
    let Some(user) = user else {
        return Ok(false);
    };
    let coordinates = committee
        .communities
        .iter()
        .any(|cm| user.role_in(cm.id) == Some(Role::Coordinator));
    if coordinates {
        return Ok(true);
    }
    let person: Option<PersonId> = c
        .query_opt(
            "SELECT person_id FROM users WHERE id = $1 AND disabled = $2",
            params![user.id, false],
            |r| r.get("person_id"),
        )?
        .flatten();
    Ok(person.is_some_and(|p| committee.is_member(p)))
}

#[derive(Clone, Debug)]
pub struct CandidateRow {
    pub id: CandidateId,
    /// Empty once anonymised.
    pub name: String,
    pub community: String,
    pub office: Office,
    pub stage: Stage,
    pub review_on: String,
    pub anonymised: bool,
}

#[derive(Clone, Debug)]
pub struct SessionRow {
    pub id: CoachingId,
    pub held_on: String,
    pub topic: String,
    pub present: i64,
}
