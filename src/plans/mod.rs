//! Plans and follow-up: a community's sustainability or action plans (objectives, actions with
//! an owner organisation, adoption and revised versions), progress updates by the owners, the
//! late rule, reminders to the owners of late actions, commitments, and joint monitoring
//! reviews held by linked communities.

pub mod demo;
pub mod queries;
pub mod reminders;
pub mod routes;
pub mod synthetic;

use serde::{Deserialize, Serialize};

use crate::ids::{
    ActivityId, CommitmentId, CommunityId, ObjectiveId, OrganisationId, PlanActionId, PlanId,
    ResourceId, ReviewId, UserId,
};

crate::closed_set! {
    /// What a plan is for.
    pub enum PlanKind("plan-kind") {
        Sustainability = "sustainability",
        Action = "action",
    }
}

crate::closed_set! {
    /// Where a plan is in its life: written, then adopted (a revision makes it a draft again).
    pub enum PlanStatus("plan-status") {
        Draft = "draft",
        Adopted = "adopted",
    }
}

crate::closed_set! {
    /// The status an owner gives an action in a progress update.
    pub enum ActionStatus("plan-action-status") {
        NotStarted = "not_started",
        OnTrack = "on_track",
        Late = "late",
        Blocked = "blocked",
        Done = "done",
        Dropped = "dropped",
    }
}

crate::closed_set! {
    /// What a joint review says of an action.
    pub enum Assessment("review-assessment") {
        OnTrack = "on_track",
        Late = "late",
        Blocked = "blocked",
        Done = "done",
    }
}

crate::closed_set! {
    /// Whether a commitment was kept.
    pub enum Kept("commitment-kept") {
        Kept = "kept",
        PartlyKept = "partly_kept",
        NotKept = "not_kept",
    }
}

/// The default currency of a budget line.
pub const DEFAULT_CURRENCY: &str = "FCFA";

/// A plan in a list, with its counts of actions and of late actions.
#[derive(Clone, Debug)]
pub struct PlanRow {
    pub id: PlanId,
    pub kind: PlanKind,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: PlanStatus,
    pub is_public: bool,
    pub actions: i64,
    pub late: i64,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub id: PlanId,
    pub community_id: CommunityId,
    pub kind: PlanKind,
    pub title: String,
    pub summary: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: PlanStatus,
    pub version: i64,
    pub adopted_on: Option<String>,
    pub adopted_activity_id: Option<ActivityId>,
    pub adopted_activity: Option<String>,
    pub is_public: bool,
}

/// An action as a plan page shows it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActionRow {
    pub id: PlanActionId,
    pub objective_id: ObjectiveId,
    pub title: String,
    pub owner_id: OrganisationId,
    pub owner: String,
    pub partners: Vec<String>,
    pub due_on: String,
    pub expected_result: String,
    pub budget_amount: Option<i64>,
    pub budget_currency: Option<String>,
    #[serde(with = "code_serde")]
    pub status: ActionStatus,
    pub progress: i64,
    /// Past its due date and neither done nor dropped (`queries::late_condition`).
    pub late: bool,
}

/// An objective and its actions, in order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Objective {
    pub id: ObjectiveId,
    pub position: i64,
    pub title: String,
    pub actions: Vec<ActionRow>,
}

/// A plan as adopted: the copy kept in `plan_versions`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Snapshot {
    pub title: String,
    pub summary: String,
    pub starts_on: String,
    pub ends_on: String,
    pub objectives: Vec<Objective>,
}

#[derive(Clone, Debug)]
pub struct Version {
    pub version: i64,
    pub adopted_on: String,
    pub activity_id: Option<ActivityId>,
    pub activity: Option<String>,
}

/// One progress update of an action.
#[derive(Clone, Debug)]
pub struct Update {
    pub status: ActionStatus,
    pub progress: i64,
    pub note: String,
    pub evidence_text: Option<String>,
    pub evidence_link: Option<String>,
    pub evidence_resource_id: Option<ResourceId>,
    pub author: Option<String>,
    pub created_at: i64,
}

/// A review's word on one action, for the plan page's history.
#[derive(Clone, Debug)]
pub struct ReviewMark {
    pub review_id: ReviewId,
    pub review: String,
    pub held_on: String,
    pub action_id: PlanActionId,
    pub assessment: Assessment,
    pub comment: String,
}

#[derive(Clone, Debug)]
pub struct Commitment {
    pub id: CommitmentId,
    pub organisation_id: Option<OrganisationId>,
    pub organisation: Option<String>,
    pub pledge: String,
    pub measure: String,
    pub due_on: String,
    pub assessment: Option<Kept>,
    pub assessed_on: Option<String>,
    pub evidence_text: Option<String>,
    pub evidence_link: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ReviewRow {
    pub id: ReviewId,
    pub title: String,
    pub held_on: String,
    pub host: String,
    pub communities: String,
}

#[derive(Clone, Debug)]
pub struct Review {
    pub id: ReviewId,
    pub host_community_id: CommunityId,
    pub host: String,
    pub title: String,
    pub held_on: String,
    pub activity_id: Option<ActivityId>,
    pub activity: Option<String>,
    pub notes: String,
    pub communities: Vec<(CommunityId, String, String)>,
    pub created_by: Option<UserId>,
}

/// Closed sets kept in a snapshot by their code.
mod code_serde {
    use super::ActionStatus;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &ActionStatus, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ActionStatus, D::Error> {
        let s = String::deserialize(d)?;
        ActionStatus::parse(&s).ok_or_else(|| serde::de::Error::custom("action status"))
    }
}
