//! Proposals of solutions and activities for better sharing between communities (result 5 of
//! the exchange visit): a member proposes, for themselves, an organisation or the community,
//! to their community and to linked ones; members support and comment; the core group of the
//! community where it was made accepts it (it becomes a planned activity, linked both ways,
//! or an action of one of its plans) or declines it with a reason the proposer sees and is
//! mailed.

pub mod demo;
pub mod queries;
pub mod routes;

use crate::community::CommunityRef;
use crate::ids::{
    ActivityId, CommunityId, OrganisationId, PlanActionId, PlanId, ProposalId, UserId,
};

crate::closed_set! {
    /// What is proposed.
    pub enum ProposalKind("proposal-kind") {
        Solution = "solution",
        Activity = "activity",
    }
}

crate::closed_set! {
    /// Where a proposal stands.
    pub enum ProposalState("proposal-state") {
        Open = "open",
        Accepted = "accepted",
        Declined = "declined",
    }
}

#[derive(Clone, Debug)]
pub struct ProposalRow {
    pub id: ProposalId,
    pub kind: ProposalKind,
    pub title: String,
    pub state: ProposalState,
    pub support_count: i64,
    pub home_slug: String,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct Proposal {
    pub id: ProposalId,
    /// The community where it was made, whose core group decides.
    pub community_id: CommunityId,
    pub home: CommunityRef,
    pub kind: ProposalKind,
    pub title: String,
    pub body: String,
    pub proposer_id: Option<UserId>,
    pub proposer: Option<String>,
    pub organisation_id: Option<OrganisationId>,
    pub organisation: Option<String>,
    pub on_behalf_of_community: bool,
    pub state: ProposalState,
    pub decision_note: Option<String>,
    pub decided_at: Option<i64>,
    pub activity_id: Option<ActivityId>,
    pub activity: Option<String>,
    /// The plan action it became: (action, its plan, the action's title).
    pub plan_action: Option<(PlanActionId, PlanId, String)>,
    pub support_count: i64,
    pub created_at: i64,
    /// The linked communities it is also addressed to.
    pub targets: Vec<CommunityRef>,
}

impl Proposal {
    pub fn addressed_to(&self, community: CommunityId) -> bool {
        self.community_id == community || self.targets.iter().any(|t| t.id == community)
    }
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub author: Option<String>,
    pub body: String,
    pub created_at: i64,
}
