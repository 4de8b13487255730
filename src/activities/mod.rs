//! Community life: activities of every kind, who came, who was reached, what was decided and
//! what follows.

mod ics;
mod notices;
pub mod photos;
pub mod queries;
pub mod routes;
pub mod sheet;

use crate::directory::{Sex, Theme};
use crate::ids::{ActionId, ActivityId, AttendeeId, CommunityId, DecisionId, PersonId};

crate::closed_set! {
    /// Kinds of activity, from the programme's way of working.
    pub enum ActivityKind("activity-kind") {
        SemiAnnual = "semi_annual",
        CoreGroup = "core_group",
        Consultation = "consultation",
        ExpertTalk = "expert_talk",
        ExperienceSharing = "experience_sharing",
        ExchangeVisit = "exchange_visit",
        Webinar = "webinar",
        AwarenessCampaign = "awareness_campaign",
    }
}

crate::closed_set! {
    /// Age bands of participants.
    pub enum AgeBand("age-band") {
        Under18 = "under_18",
        From18To24 = "18_24",
        From25To34 = "25_34",
        From35To49 = "35_49",
        From50 = "50_plus",
    }
}

crate::closed_set! {
    /// Audiences counted at mass events.
    pub enum ReachAudience("audience") {
        Participants = "participants",
        FestivalGoers = "festival_goers",
        Pupils = "pupils",
        Organisations = "organisations",
        Women = "women",
        Men = "men",
        CommunityMembers = "community_members",
        Listeners = "listeners",
    }
}

crate::closed_set! {
    /// Where a follow-up action stands.
    pub enum ActionStatus("action-status") {
        Open = "open",
        InProgress = "in_progress",
        Done = "done",
    }
}

crate::closed_set! {
    /// Who an organiser invites at once.
    pub enum InviteAudience("invite-audience") {
        /// Every account with a role in the host.
        Community = "community",
        /// The host's coordinators and core group.
        Core = "core",
        /// The accounts of the host and of every guest community.
        All = "all",
        /// Organisations or people picked one by one.
        Chosen = "chosen",
    }
}

crate::closed_set! {
    /// How often a series of activities comes back (the semi-annual webinar between communities).
    pub enum Recurrence("recurrence") {
        Once = "once",
        Quarterly = "quarterly",
        SemiAnnual = "semi_annual",
        Annual = "annual",
    }
}

impl Recurrence {
    /// Months between two occurrences (0: no series).
    pub fn months(self) -> u8 {
        match self {
            Recurrence::Once => 0,
            Recurrence::Quarterly => 3,
            Recurrence::SemiAnnual => 6,
            Recurrence::Annual => 12,
        }
    }
}

/// The most occurrences one series plans at once.
pub const MAX_OCCURRENCES: u8 = 12;

crate::closed_set! {
    /// An invitee's answer.
    pub enum Response("response") {
        Yes = "yes",
        No = "no",
        Maybe = "maybe",
    }
}

crate::closed_set! {
    /// What the organiser says of the people a photo shows.
    pub enum PhotoConsent("photo-consent") {
        NoOneRecognisable = "no_one_recognisable",
        ConsentNoted = "consent_noted",
    }
}

/// A line of the calendar.
#[derive(Clone, Debug)]
pub struct ActivityRow {
    pub id: ActivityId,
    pub community_slug: String,
    pub kind: ActivityKind,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: Option<String>,
    pub online: bool,
    pub cancelled: bool,
    pub participants: i64,
    /// People reached (organisations apart), counted.
    pub reached_counted: i64,
    /// People reached (organisations apart), estimated.
    pub reached_estimated: i64,
}

impl ActivityRow {
    pub fn day(&self) -> &str {
        self.starts_at.get(..10).unwrap_or(&self.starts_at)
    }
}

#[derive(Clone, Debug)]
pub struct Activity {
    pub id: ActivityId,
    pub community_id: CommunityId,
    pub community_slug: String,
    pub community_name: String,
    pub kind: ActivityKind,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub agenda: String,
    pub speakers: String,
    pub minutes: String,
    pub is_public: bool,
    pub cancelled: bool,
    pub themes: Vec<Theme>,
    /// Other communities taking part: (id, slug, name).
    pub guests: Vec<(CommunityId, String, String)>,
    /// The occurrences of its series, this one included, in date order: (id, starts_at).
    pub series: Vec<(ActivityId, String)>,
}

impl Activity {
    /// Its place in its series: (position from 1, number of occurrences).
    pub fn series_position(&self) -> Option<(i64, i64)> {
        let at = self.series.iter().position(|(id, _)| *id == self.id)?;
        Some((at as i64 + 1, self.series.len() as i64))
    }

    pub fn day(&self) -> &str {
        self.starts_at.get(..10).unwrap_or(&self.starts_at)
    }

    /// "09:00" from "2024-03-12T09:00".
    pub fn start_time(&self) -> &str {
        self.starts_at.get(11..16).unwrap_or("")
    }

    pub fn end_time(&self) -> &str {
        self.ends_at.get(11..16).unwrap_or("")
    }

    pub fn end_day(&self) -> &str {
        self.ends_at.get(..10).unwrap_or(&self.ends_at)
    }

    pub fn takes_part(&self, community_id: CommunityId) -> bool {
        self.community_id == community_id
            || self.guests.iter().any(|(id, _, _)| *id == community_id)
    }
}

/// The figures of an activity, all computed from what was recorded.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    pub participants: i64,
    pub women: i64,
    pub men: i64,
    pub organisations: i64,
    /// (audience, headcount, estimated)
    pub reach: Vec<(ReachAudience, i64, bool)>,
}

#[derive(Clone, Debug)]
pub struct Attendee {
    pub id: AttendeeId,
    pub person_id: Option<PersonId>,
    pub name: String,
    pub sex: Sex,
    pub age_band: Option<AgeBand>,
    pub organisation: Option<String>,
    pub commune: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Decision {
    pub id: DecisionId,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct ActionItem {
    pub id: ActionId,
    pub activity_id: ActivityId,
    pub activity_title: String,
    pub community_slug: String,
    pub title: String,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub due_on: Option<String>,
    pub status: ActionStatus,
}

pub use crate::text::markdown;
